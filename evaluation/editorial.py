#!/usr/bin/env python3
"""Precision on real copy, as a standards editor judges it.

The judged set is a list of articles (``evaluation/editorial/articles.txt``:
ids only, ``bbc:<folder>/<file>`` for ../shared/corpus/bbc and
``polnear:<split>:<doc_id>`` for ../shared/eval/polnear_<split>.jsonl) and
the verdicts on the findings the tool made on them
(``evaluation/editorial/judgements.jsonl``: one object a line,
``{"article", "rule", "start", "end", "verdict", "why"}``, ``verdict`` one
of ``right``, ``wrong``, ``debatable``; ``start``/``end`` are offsets into
the article's text; ``why`` is the judge's reason in a few words, never the
article's text). A judgement may also carry ``msg``, the first 12 hex
digits of the SHA-1 of the finding's message when it was judged: it then
applies only while the finding has that message (a rule that now names
another speaker for the same span makes a new finding to judge), and wins
over a judgement of the span without ``msg``.

The script writes each article to a temporary folder, runs the real CLI
(``annotator check DIR --format jsonl``, default configuration) and reports:

* precision per rule and per severity: right / (right + wrong) over the
  findings made now that were judged (debatable ones are counted apart,
  and ``strict`` counts them as wrong);
* the judged findings that disappeared (by verdict: losing wrong ones is
  the point of a change, losing right ones is a regression);
* the findings not judged yet (``--unjudged FILE`` writes them, with the
  sentence around each, to FILE for a judge: keep that file out of the
  repository, it holds article text).

Usage: python evaluation/editorial.py [--data ../shared] [--unjudged FILE] [--json OUT] [--min-precision X]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DEFAULT_DATA = os.path.normpath(os.path.join(ROOT, "..", "shared"))
ARTICLES = os.path.join(HERE, "editorial", "articles.txt")
JUDGEMENTS = os.path.join(HERE, "editorial", "judgements.jsonl")
VERDICTS = ("right", "wrong", "debatable")
SEVERITIES = ("error", "warning", "info")


def article_ids(path: str = ARTICLES) -> list[str]:
    with open(path, encoding="utf-8") as f:
        return [line.strip() for line in f if line.strip() and not line.startswith("#")]


def load_texts(ids: list[str], data: str) -> dict[str, str]:
    """id -> the article's text, from ../shared (SystemExit with the reason when absent)."""
    texts: dict[str, str] = {}
    polnear: dict[str, set[str]] = {}
    for a in ids:
        source, _, rest = a.partition(":")
        if source == "bbc":
            p = os.path.join(data, "corpus", "bbc", rest)
            with open(p, encoding="utf-8", errors="replace", newline="") as f:
                texts[a] = f.read()
        elif source == "polnear":
            split, _, doc = rest.partition(":")
            polnear.setdefault(split, set()).add(doc)
        else:
            raise SystemExit(f"editorial: unknown article source in {a!r}")
    for split, docs in polnear.items():
        with open(os.path.join(data, "eval", f"polnear_{split}.jsonl"), encoding="utf-8") as f:
            for line in f:
                row = json.loads(line)
                if row["doc_id"] in docs:
                    texts[f"polnear:{split}:{row['doc_id']}"] = row["text"]
    missing = [a for a in ids if a not in texts]
    if missing:
        raise SystemExit(f"editorial: {len(missing)} articles not found in {data}: {', '.join(missing[:3])}")
    return texts


def file_name(article: str) -> str:
    return article.replace(":", "__").replace("/", "_") + ("" if article.endswith(".txt") else ".txt")


def run_check(texts: dict[str, str]) -> dict[str, list[dict]]:
    """article id -> its findings, from the real CLI."""
    by_file = {file_name(a): a for a in texts}
    with tempfile.TemporaryDirectory(prefix="editorial-") as d:
        for name, a in by_file.items():
            with open(os.path.join(d, name), "w", encoding="utf-8", newline="") as f:
                f.write(texts[a])
        proc = subprocess.run([sys.executable, "-P", "-m", "annotator", "check", d, "--format", "jsonl",
                               "--fail-on", "never"],
                              capture_output=True, text=True, cwd=ROOT,
                              env={**os.environ, "PYTHONPATH": ROOT, "ANNOTATOR_NO_CACHE": "1"})
    if proc.returncode not in (0, 1):
        raise SystemExit(f"editorial: annotator check failed ({proc.returncode}): {proc.stderr.strip()[:500]}")
    out: dict[str, list[dict]] = {}
    for line in proc.stdout.splitlines():
        doc = json.loads(line)
        a = by_file[os.path.basename(doc["source"]["path"])]
        out[a] = doc["findings"]
    return out


def message_hash(message: str) -> str:
    """What a judgement's ``msg`` holds: the message's SHA-1, 12 hex digits (no article text)."""
    return hashlib.sha1(message.encode("utf-8")).hexdigest()[:12]


def load_judgements(path: str = JUDGEMENTS) -> dict[tuple, dict]:
    """(article, rule, start, end) -> the judgement of that span; judgements bound to a message
    (``msg``) are under its ``by_msg`` (an entry with only those has no ``verdict``)."""
    out: dict[tuple, dict] = {}
    if not os.path.exists(path):
        return out
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            j = json.loads(line)
            if j.get("verdict") not in VERDICTS:
                raise SystemExit(f"editorial: {path}:{n}: verdict must be one of {', '.join(VERDICTS)}")
            key = (j["article"], j["rule"], j["start"], j["end"])
            if j.get("msg"):
                out.setdefault(key, {}).setdefault("by_msg", {})[j["msg"]] = j
            else:
                out[key] = {**j, "by_msg": out.get(key, {}).get("by_msg", {})}
    return out


def judgement_of(judged: dict[tuple, dict], key: tuple, message: str) -> dict | None:
    """The judgement that applies to a finding: one bound to its message, else one of its span."""
    j = judged.get(key)
    if j is None:
        return None
    bound = j["by_msg"].get(message_hash(message)) if j.get("by_msg") else None
    if bound is not None:
        return bound
    return j if "verdict" in j else None


def _span(f: dict) -> tuple[int, int]:
    return f["start"], f["end"]


def context(text: str, start: int, end: int, width: int = 160) -> str:
    """The sentence-ish stretch around a span, with the span in [[ ]]."""
    a = max(text.rfind("\n", 0, start) + 1, start - width)
    b = text.find("\n", end)
    b = min(b if b >= 0 else len(text), end + width)
    return text[a:start] + "[[" + text[start:end] + "]]" + text[end:b]


def score(findings: dict[str, list[dict]], judged: dict[tuple, dict]) -> dict:
    per_rule: dict[str, dict] = {}
    per_sev: dict[str, dict] = {s: {v: 0 for v in VERDICTS} | {"unjudged": 0} for s in SEVERITIES}
    seen: set[tuple] = set()
    unjudged = []
    for a, fs in findings.items():
        for f in fs:
            s, e = _span(f)
            key = (a, f["rule"], s, e)
            row = per_rule.setdefault(f["rule"], {v: 0 for v in VERDICTS} | {"unjudged": 0, "severity": f["severity"]})
            # a rule whose findings differ in severity (info in an opinion piece or in reported
            # speech) has a row per severity too
            sub = row.setdefault("by_severity", {}).setdefault(f["severity"], {v: 0 for v in VERDICTS} | {"unjudged": 0})
            seen.add(key)  # (a span judged with another message is not gone: it is to judge again)
            j = judgement_of(judged, key, f["message"])
            if j is None:
                row["unjudged"] += 1
                sub["unjudged"] += 1
                per_sev[f["severity"]]["unjudged"] += 1
                unjudged.append((a, f))
                continue
            row[j["verdict"]] += 1
            sub[j["verdict"]] += 1
            per_sev[f["severity"]][j["verdict"]] += 1
    gone = []
    merged = []  # judged marks now carried by one finding per article (its fix edits cover them)
    for k, j in judged.items():
        if k in seen or k[0] not in findings:
            continue
        if "verdict" not in j:  # judged only with messages the span no longer has
            j = next(iter(j["by_msg"].values()))
        a, rule, s, e = k
        if any(f["rule"] == rule and any(s <= x["start"] < max(e, s + 1) for x in f.get("fix") or ())
               for f in findings[a]):
            merged.append(j)
        else:
            gone.append(j)
    total = {v: sum(r[v] for r in per_rule.values()) for v in (*VERDICTS, "unjudged")}
    return {"rules": per_rule, "severities": per_sev, "total": total, "gone": gone, "merged": merged,
            "unjudged": unjudged}


def precision(row: dict, strict: bool = False) -> float | None:
    den = row["right"] + row["wrong"] + (row["debatable"] if strict else 0)
    return row["right"] / den if den else None


def _fmt(p: float | None) -> str:
    return "   -" if p is None else f"{p:.2f}"


def report(res: dict) -> str:
    lines = [f"{'rule':40} {'sev':7} {'right':>5} {'wrong':>5} {'debat':>5} {'new':>4} {'prec':>5} {'strict':>6}"]
    for rule, r in sorted(res["rules"].items()):
        subs = r.get("by_severity") or {}
        sev = "/".join(s for s in SEVERITIES if s in subs) if len(subs) > 1 else r["severity"]
        lines.append(f"{rule:40} {sev:7} {r['right']:5} {r['wrong']:5} {r['debatable']:5} "
                     f"{r['unjudged']:4} {_fmt(precision(r)):>5} {_fmt(precision(r, True)):>6}")
        if len(subs) > 1:
            for s in SEVERITIES:
                if s in subs:
                    x = subs[s]
                    lines.append(f"{'  ' + rule + ' as ' + s:48} {x['right']:5} {x['wrong']:5} {x['debatable']:5} "
                                 f"{x['unjudged']:4} {_fmt(precision(x)):>5} {_fmt(precision(x, True)):>6}")
    lines.append("")
    for s, r in res["severities"].items():
        lines.append(f"{s:48} {r['right']:5} {r['wrong']:5} {r['debatable']:5} {r['unjudged']:4} "
                     f"{_fmt(precision(r)):>5} {_fmt(precision(r, True)):>6}")
    t = res["total"]
    lines.append(f"{'all':48} {t['right']:5} {t['wrong']:5} {t['debatable']:5} {t['unjudged']:4} "
                 f"{_fmt(precision(t)):>5} {_fmt(precision(t, True)):>6}")
    if res.get("merged"):
        by = {v: sum(1 for j in res["merged"] if j["verdict"] == v) for v in VERDICTS}
        lines.append("")
        lines.append(f"judged findings now part of one finding per article (their fix is on it): "
                     f"{len(res['merged'])} ({by['right']} right, {by['wrong']} wrong, {by['debatable']} debatable)")
    gone = res["gone"]
    if gone:
        by = {v: sum(1 for j in gone if j["verdict"] == v) for v in VERDICTS}
        lines.append("")
        lines.append(f"judged findings no longer made: {len(gone)} ({by['right']} right, {by['wrong']} wrong, "
                     f"{by['debatable']} debatable)")
        for j in gone:
            if j["verdict"] == "right":
                lines.append(f"  lost a right finding: {j['article']} {j['rule']} {j['start']}-{j['end']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    ap.add_argument("--data", default=DEFAULT_DATA, help="the shared folder (corpus/bbc, eval/polnear_*.jsonl)")
    ap.add_argument("--judgements", default=JUDGEMENTS)
    ap.add_argument("--articles", default=ARTICLES)
    ap.add_argument("--unjudged", metavar="FILE",
                    help="write the findings not judged yet, with their context, as JSON lines (outside the repo)")
    ap.add_argument("--json", metavar="OUT", help="write the figures as JSON")
    args = ap.parse_args(argv)
    if not os.path.isdir(args.data):
        print(f"editorial: skipped: {args.data} not available (research data lives in ../shared)")
        return 0
    ids = article_ids(args.articles)
    texts = load_texts(ids, args.data)
    findings = run_check(texts)
    res = score(findings, load_judgements(args.judgements))
    print(f"{len(ids)} articles, {sum(len(v) for v in findings.values())} findings")
    print(report(res))
    if args.unjudged:
        with open(args.unjudged, "w", encoding="utf-8") as f:
            for a, fd in res["unjudged"]:
                s, e = _span(fd)
                f.write(json.dumps({"article": a, "rule": fd["rule"], "severity": fd["severity"], "start": s,
                                    "end": e, "message": fd["message"], "msg": message_hash(fd["message"]),
                                    "context": context(texts[a], s, e)},
                                   ensure_ascii=False) + "\n")
        print(f"wrote {len(res['unjudged'])} unjudged findings to {args.unjudged}")
    if args.json:
        out = {k: v for k, v in res.items() if k not in ("unjudged", "gone", "merged")}
        out["gone"] = len(res["gone"])
        out["merged"] = len(res["merged"])
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(out, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
