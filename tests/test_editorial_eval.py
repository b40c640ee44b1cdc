"""evaluation/editorial.py: the judged-set scoring (synthetic findings; the real run needs ../shared)."""

import json
import os
import sys

from conftest import ROOT

sys.path.insert(0, os.path.join(ROOT, "evaluation"))
import editorial  # noqa: E402


def _f(rule, s, e, sev="warning"):
    return {"rule": rule, "start": s, "end": e, "severity": sev, "message": "m"}


def test_precision_per_rule_severity_and_gone():
    findings = {"bbc:a.txt": [_f("r.one", 0, 3), _f("r.one", 5, 8), _f("r.two", 1, 2, "error"), _f("r.two", 9, 9, "error")]}
    judged = {
        ("bbc:a.txt", "r.one", 0, 3): {"verdict": "right"},
        ("bbc:a.txt", "r.one", 5, 8): {"verdict": "debatable"},
        ("bbc:a.txt", "r.two", 1, 2): {"verdict": "wrong"},
        ("bbc:a.txt", "r.two", 4, 6): {"verdict": "right", "article": "bbc:a.txt", "rule": "r.two", "start": 4, "end": 6},
        ("bbc:other.txt", "r.two", 4, 6): {"verdict": "wrong"},  # article not in this run: not "gone"
    }
    res = editorial.score(findings, judged)
    one, two = res["rules"]["r.one"], res["rules"]["r.two"]
    assert (one["right"], one["debatable"], one["unjudged"]) == (1, 1, 0)
    assert editorial.precision(one) == 1.0 and editorial.precision(one, strict=True) == 0.5
    assert (two["wrong"], two["unjudged"]) == (1, 1)
    assert editorial.precision(two) == 0.0
    assert res["severities"]["error"]["wrong"] == 1
    assert [j["start"] for j in res["gone"]] == [4]
    assert "lost a right finding: bbc:a.txt r.two 4-6" in editorial.report(res)
    assert len(res["unjudged"]) == 1


def test_judgements_file_is_ids_and_offsets_only(tmp_path):
    p = tmp_path / "j.jsonl"
    p.write_text(json.dumps({"article": "bbc:x.txt", "rule": "r", "start": 1, "end": 2, "verdict": "maybe"}) + "\n")
    try:
        editorial.load_judgements(str(p))
    except SystemExit as e:
        assert "verdict must be one of" in str(e)
    else:
        raise AssertionError("a bad verdict was accepted")
    if os.path.exists(editorial.JUDGEMENTS):
        allowed = {"article", "rule", "start", "end", "verdict", "why", "msg"}
        with open(editorial.JUDGEMENTS, encoding="utf-8") as f:
            for line in f:
                j = json.loads(line)
                assert set(j) <= allowed and j["verdict"] in editorial.VERDICTS
                assert "msg" not in j or (len(j["msg"]) == 12 and int(j["msg"], 16) >= 0)  # a hash, not text
                assert len(j.get("why", "")) <= 200  # a reason, not the article's text


def test_context_marks_the_span():
    assert editorial.context("one\nab cd ef\ntwo", 7, 9) == "ab [[cd]] ef"


def test_skips_without_shared_data(tmp_path, capsys):
    assert editorial.main(["--data", str(tmp_path / "absent")]) == 0
    assert "skipped" in capsys.readouterr().out


def test_marks_merged_into_one_finding_are_not_lost():
    findings = {"bbc:a.txt": [{**_f("c.style", 3, 4), "fix": [{"start": 3, "end": 4, "replacement": "’"},
                                                             {"start": 9, "end": 10, "replacement": "’"}]}]}
    judged = {("bbc:a.txt", "c.style", 3, 4): {"verdict": "right"},
              ("bbc:a.txt", "c.style", 9, 10): {"verdict": "right", "article": "bbc:a.txt", "rule": "c.style",
                                                "start": 9, "end": 10},
              ("bbc:a.txt", "c.style", 20, 21): {"verdict": "right", "article": "bbc:a.txt", "rule": "c.style",
                                                 "start": 20, "end": 21}}
    res = editorial.score(findings, judged)
    assert [j["start"] for j in res["merged"]] == [9]
    assert [j["start"] for j in res["gone"]] == [20]


def _finding(message, start=10, end=20, rule="quotes.partial-quote"):
    return {"rule": rule, "severity": "info", "start": start, "end": end, "message": message}


def test_a_message_bound_judgement_wins_and_a_new_message_is_unjudged(tmp_path):
    old, new, other = "framing of George W. Bush", "framing of Jeb Bush", "framing of Barbara Bush"
    rows = [
        {"article": "a", "rule": "quotes.partial-quote", "start": 10, "end": 20, "verdict": "wrong", "why": "x"},
        {"article": "a", "rule": "quotes.partial-quote", "start": 10, "end": 20, "verdict": "right", "why": "y",
         "msg": editorial.message_hash(new)},
        {"article": "b", "rule": "quotes.partial-quote", "start": 10, "end": 20, "verdict": "right", "why": "z",
         "msg": editorial.message_hash(old)},
    ]
    p = tmp_path / "j.jsonl"
    p.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    judged = editorial.load_judgements(str(p))
    key_a, key_b = ("a", "quotes.partial-quote", 10, 20), ("b", "quotes.partial-quote", 10, 20)
    assert editorial.judgement_of(judged, key_a, new)["verdict"] == "right"   # bound to this message
    assert editorial.judgement_of(judged, key_a, other)["verdict"] == "wrong"  # the span's own judgement
    assert editorial.judgement_of(judged, key_b, old)["verdict"] == "right"
    assert editorial.judgement_of(judged, key_b, new) is None                  # judged only as another message
    res = editorial.score({"a": [_finding(new)], "b": [_finding(new)]}, judged)
    assert (res["total"]["right"], res["total"]["wrong"], res["total"]["unjudged"]) == (1, 0, 1)
    assert res["gone"] == []
    assert len(editorial.message_hash(new)) == 12 and new not in p.read_text(encoding="utf-8")
