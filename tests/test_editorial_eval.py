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
        allowed = {"article", "rule", "start", "end", "verdict", "why"}
        with open(editorial.JUDGEMENTS, encoding="utf-8") as f:
            for line in f:
                j = json.loads(line)
                assert set(j) <= allowed and j["verdict"] in editorial.VERDICTS
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
