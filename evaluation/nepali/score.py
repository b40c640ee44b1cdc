#!/usr/bin/env python3
"""Score the annotator on the Nepali attribution gold (evaluation/nepali/gold.jsonl).

The gold holds ids and offsets only; the texts are read from ../shared/corpus/nepali/ (a research
copy, never copied into the project). Each article is written to a temporary folder, the real CLI
is run over it (``annotator annotate DIR --format jsonl``), and the output is scored with the
PolNeAR scoring of evaluation/polnear.py:

* quotations (gold direct and mixed): attributed-quote precision, recall, F1, speaker and cue
  accuracy (issue 16 targets: F1 >= 0.90, speaker >= 0.85);
* attribution relations (every gold attribution: direct, mixed, indirect): exact role-span F1 and
  relation F1 (issue 16 target: relation F1 >= 0.70), recall per kind.

Usage: python evaluation/nepali/score.py [--corpus DIR] [--set gold|heldout|both] [--gold FILE ...]
                                        [--predictions JSONL] [--errors N] [--json OUT]
  --set: the development set (gold.jsonl, the default), the held-out set (heldout.jsonl, never used
  to tune the analysis), or both together (the issue's targets count on both).
  --predictions: score an existing ``annotate --format jsonl`` output (of the same texts, named
  <category>__<file>) instead of running the CLI.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

import polnear  # noqa: E402

DEFAULT_GOLD = os.path.join(HERE, "gold.jsonl")
HELDOUT_GOLD = os.path.join(HERE, "heldout.jsonl")
SETS = {"gold": [DEFAULT_GOLD], "heldout": [HELDOUT_GOLD], "both": [DEFAULT_GOLD, HELDOUT_GOLD]}
DEFAULT_CORPUS = os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "corpus", "nepali"))
TARGETS = {"f1": 0.90, "speaker_accuracy": 0.85, "relation_f1": 0.70}


def flat_id(doc_id: str) -> str:
    """``politics/407.txt`` -> ``politics__407`` (one folder, no extension: the name polnear writes)."""
    return os.path.splitext(doc_id)[0].replace("/", "__")


def load(gold_path: str, corpus: str) -> list[dict]:
    """The gold rows with ``text`` read from the corpus exactly as on disk, ``doc_id`` flattened."""
    rows = []
    for row in polnear.load_gold(gold_path):
        with open(os.path.join(corpus, row["doc_id"]), encoding="utf-8", newline="") as f:
            text = f.read()
        quotes = []
        for q in row["quotes"]:
            # what polnear.print_errors shows, computed here (the gold file stores offsets only)
            s, e = q["speaker_start"], q["speaker_end"]
            quotes.append({**q, "start": min(a for a, _ in q["content_spans"]),
                           "end": max(b for _, b in q["content_spans"]),
                           "speaker": text[s:e] if s is not None else None,
                           "cue": text[q["cue_start"]:q["cue_end"]] if q["cue_start"] is not None else None})
        rows.append({**row, "quotes": quotes, "doc_id": flat_id(row["doc_id"]), "source_id": row["doc_id"],
                     "text": text})
    return rows


def read_predictions(path: str) -> dict[str, dict]:
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                d = json.loads(line)
                out[os.path.splitext(os.path.basename(d["source"]["path"]))[0]] = d
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=DEFAULT_CORPUS)
    ap.add_argument("--set", choices=sorted(SETS), default="gold", help="which gold set to score (default: gold)")
    ap.add_argument("--gold", nargs="+", metavar="FILE", help="gold files to score instead of --set")
    ap.add_argument("--predictions", metavar="JSONL", help="score this annotate output instead of running the CLI")
    ap.add_argument("--errors", type=int, default=0, help="print a sample of N quotation errors")
    ap.add_argument("--json", metavar="OUT", help="also write the figures as JSON")
    args = ap.parse_args()
    if not os.path.isdir(args.corpus):
        print(f"skipped: {args.corpus} not found (the Nepali corpus lives in ../shared/corpus/nepali)")
        return 0
    rows = [row for path in (args.gold or SETS[args.set]) for row in load(path, args.corpus)]
    if args.predictions:
        preds = read_predictions(args.predictions)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            preds, _ = polnear.run_annotator(rows, tmp)
    res = polnear.score(rows, preds, show_errors=args.errors)
    errors = res.pop("_errors", [])
    roles = polnear.score_roles(rows, preds)
    rel = polnear.score_relations(rows, preds)
    n_all = sum(len(r["quotes"]) for r in rows)
    print(f"Nepali gold ({args.set if not args.gold else ', '.join(map(os.path.basename, args.gold))}): {len(rows)} articles, {n_all} attributions, {res['gold_quotes']} direct/mixed")
    for key, label in (("precision", "attributed-quote precision"), ("recall", "attributed-quote recall"),
                       ("f1", "attributed-quote F1"), ("speaker_accuracy", "speaker accuracy"),
                       ("cue_accuracy", "cue accuracy")):
        target = f"   target >= {TARGETS[key]:.2f}: {'PASS' if res[key] >= TARGETS[key] else 'FAIL'}" \
            if key in TARGETS else ""
        print(f"  {label:34}{res[key]:10.3f}{target}")
    for role in ("source", "cue", "content"):
        x = roles[role]
        print(f"  {role + ' span, exact, F1':34}{x['f1']:10.3f}   (P {x['precision']:.3f}, R {x['recall']:.3f})")
    ok = rel["f1"] >= TARGETS["relation_f1"]
    print(f"  {'relation F1':34}{rel['f1']:10.3f}   (P {rel['precision']:.3f}, R {rel['recall']:.3f})"
          f"   target >= {TARGETS['relation_f1']:.2f}: {'PASS' if ok else 'FAIL'}")
    print("  relation recall by kind: " + ", ".join(f"{k} {v:.3f}" for k, v in rel["recall_by_kind"].items()))
    if args.errors:
        polnear.print_errors(errors, args.errors)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({**res, "roles": roles, "relations": rel}, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
