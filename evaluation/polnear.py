#!/usr/bin/env python3
"""Quote-attribution evaluation on PolNeAR (see ../shared/eval/README.md).

Writes each article's text to a temporary folder, runs the real CLI
(``annotator annotate DIR --format jsonl``) over it, and scores:

* gold: attributions of type ``direct`` or ``mixed``;
* a predicted quotation *matches* a gold attribution when at least half of
  its characters lie inside the gold content or quoted spans;
* precision over predicted *attributed* quotations (those with a speaker),
  recall over gold attributions (matched by at least one attributed
  prediction), F1 their harmonic mean;
* speaker accuracy over matched predictions whose gold attribution names a
  source (1.7% of PolNeAR's direct/mixed attributions have none): the
  predicted speaker mention overlaps the gold source span; cue accuracy over
  matched predictions whose gold attribution has a cue: the predicted cue
  overlaps the gold cue.
  Where a prediction matches several (nested) gold attributions, the one it
  agrees with on the speaker is taken.

Side by side, when it is installed with a spaCy English model, textacy's
``extract.triples.direct_quotations`` run per paragraph (the reference the
README names), scored the same way; otherwise the reason it was not run.

Usage: python evaluation/polnear.py [--split dev|train] [--data ../shared/eval] [--errors N] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DEFAULT_DATA = os.path.normpath(os.path.join(ROOT, "..", "shared", "eval"))


def overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def load_gold(path: str) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def run_annotator(rows: list[dict], workdir: str) -> tuple[dict[str, dict], float]:
    for r in rows:
        with open(os.path.join(workdir, r["doc_id"] + ".txt"), "w", encoding="utf-8", newline="") as f:
            f.write(r["text"])
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "annotator", "annotate", workdir, "--format", "jsonl"],
        capture_output=True, text=True, cwd=ROOT,
    )
    elapsed = time.perf_counter() - t0
    if proc.returncode not in (0, 3):
        sys.exit(f"annotator failed ({proc.returncode}):\n{proc.stderr}")
    out = {}
    for line in proc.stdout.splitlines():
        d = json.loads(line)
        out[os.path.splitext(os.path.basename(d["source"]["path"]))[0]] = d
    return out, elapsed


def score(rows: list[dict], predictions: dict[str, dict], show_errors: int = 0) -> dict:
    n_pred = n_pred_ok = 0
    n_gold = n_gold_found = 0
    spk_ok = spk_n = cue_ok = cue_n = 0
    errors = []
    for r in rows:
        text = r["text"]
        gold = [q for q in r["quotes"] if q["type"] in ("direct", "mixed")]
        n_gold += len(gold)
        doc = predictions.get(r["doc_id"])
        preds = [q for q in (doc["quotes"] if doc else []) if q["speaker"] is not None]
        found = set()
        for p in preds:
            n_pred += 1
            length = max(1, p["end"] - p["start"])
            matches = []
            for gi, g in enumerate(gold):
                spans = g["content_spans"] + g["quoted_spans"]
                # the union of the gold spans, counted once
                covered = _covered(p["start"], p["end"], spans)
                if covered * 2 >= length:
                    matches.append(gi)
            if not matches:
                if show_errors:
                    errors.append(("FP", r["doc_id"], text, p, None))
                continue
            n_pred_ok += 1
            found.update(matches)

            def spk_match(g):
                m = p["speaker"]["mention"]
                spans = g.get("speaker_spans") or (
                    [[g["speaker_start"], g["speaker_end"]]] if g.get("speaker_start") is not None else []
                )
                return any(overlap(m["start"], m["end"], s, e) for s, e in spans)

            best = next((gi for gi in matches if spk_match(gold[gi])), matches[0])
            g = gold[best]
            if g.get("speaker_spans") or g.get("speaker_start") is not None:
                spk_n += 1
                if spk_match(g):
                    spk_ok += 1
                elif show_errors:
                    errors.append(("SPK", r["doc_id"], text, p, g))
            if g.get("cue_start") is not None:
                cue_n += 1
                c = p["cue"]
                if c is not None and overlap(c["start"], c["end"], g["cue_start"], g["cue_end"]):
                    cue_ok += 1
                elif show_errors:
                    errors.append(("CUE", r["doc_id"], text, p, g))
        n_gold_found += len(found)
        if show_errors:
            for gi, g in enumerate(gold):
                if gi not in found:
                    errors.append(("FN", r["doc_id"], text, None, g))
    precision = n_pred_ok / n_pred if n_pred else 0.0
    recall = n_gold_found / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    result = {
        "articles": len(rows),
        "gold_quotes": n_gold,
        "predicted_attributed": n_pred,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "speaker_accuracy": round(spk_ok / spk_n, 4) if spk_n else 0.0,
        "cue_accuracy": round(cue_ok / cue_n, 4) if cue_n else 0.0,
    }
    if show_errors:
        result["_errors"] = errors
    return result

# the targets on dev, and the published points of reference
TARGETS = {"f1": 0.92, "speaker_accuracy": 0.90, "cue_accuracy": 0.90}


def run_textacy(rows: list[dict]) -> tuple[dict[str, dict] | None, str]:
    """textacy's direct quotations, one paragraph (line) at a time, as
    predictions in the annotator's shape; (None, why) when it cannot run."""
    try:
        import spacy
        import textacy.extract
    except Exception as e:  # noqa: BLE001 - not installed, or broken: say so
        return None, f"textacy is not installed ({e.__class__.__name__}: {e})"
    try:
        nlp = spacy.load("en_core_web_sm")
    except Exception as e:  # noqa: BLE001
        return None, (f"textacy is installed but spaCy has no English model ({e.__class__.__name__}); "
                      "spaCy's models are not on PyPI and nothing is downloaded here")

    def span(tokens) -> dict:
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        return {"start": start, "end": end}

    out = {}
    for r in rows:
        quotes = []
        for m in re.finditer(r"[^\n]+", r["text"]):
            off = m.start()
            for speaker, cue, content in textacy.extract.triples.direct_quotations(nlp(m.group())):
                sp, cu = span(speaker), span(cue)
                quotes.append({
                    "start": off + content.start_char, "end": off + content.end_char,
                    "outer": {"start": off + content.start_char, "end": off + content.end_char},
                    "speaker": {"mention": {"start": off + sp["start"], "end": off + sp["end"],
                                            "text": " ".join(t.text for t in speaker)}},
                    "cue": {"start": off + cu["start"], "end": off + cu["end"], "text": " ".join(t.text for t in cue)},
                })
        out[r["doc_id"]] = {"quotes": quotes}
    return out, ""


def _covered(start: int, end: int, spans) -> int:
    pts = sorted((max(start, s), min(end, e)) for s, e in spans if min(end, e) > max(start, s))
    total = 0
    cur_s = cur_e = None
    for s, e in pts:
        if cur_e is None or s > cur_e:
            if cur_e is not None:
                total += cur_e - cur_s
            cur_s, cur_e = s, e
        else:
            cur_e = max(cur_e, e)
    if cur_e is not None:
        total += cur_e - cur_s
    return total


def print_errors(errors, limit: int) -> None:
    import random

    random.seed(0)
    sample = random.sample(errors, min(limit, len(errors)))
    for kind, doc_id, text, p, g in sample:
        print(f"--- {kind} {doc_id}")
        if p is not None:
            s = p["outer"]["start"]
            print("  pred:", repr(text[max(0, s - 120):p["outer"]["end"] + 120]))
            print("  pred speaker:", p["speaker"]["mention"]["text"] if p["speaker"] else None,
                  "| cue:", p["cue"]["text"] if p["cue"] else None, "|", p.get("attribution"))
        if g is not None:
            if p is None:
                print("  gold:", repr(text[max(0, g["start"] - 120):g["end"] + 120]))
            print("  gold speaker:", g["speaker"], "| cue:", g["cue"], "|", g["type"])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="dev", choices=("dev", "train"))
    ap.add_argument("--data", default=DEFAULT_DATA)
    ap.add_argument("--errors", type=int, default=0, help="print a sample of N errors")
    ap.add_argument("--json", metavar="OUT", help="also write the figures as JSON")
    ap.add_argument("--no-textacy", dest="textacy", action="store_false",
                    help="do not try to run textacy beside the annotator")
    args = ap.parse_args()
    path = os.path.join(args.data, f"polnear_{args.split}.jsonl")
    if not os.path.exists(path):
        print(f"skipped: {path} not found (the evaluation data lives in ../shared/eval)")
        return 0
    rows = load_gold(path)
    with tempfile.TemporaryDirectory() as tmp:
        preds, elapsed = run_annotator(rows, tmp)
    res = score(rows, preds, show_errors=args.errors)
    errors = res.pop("_errors", [])
    mb = sum(len(r["text"].encode("utf-8")) for r in rows) / 1e6
    res["seconds"] = round(elapsed, 2)
    print(f"PolNeAR {args.split}: {res['articles']} articles, {res['gold_quotes']} gold direct/mixed attributions")
    other, why = run_textacy(rows) if args.textacy else (None, "not asked for (--no-textacy)")
    theirs = score(rows, other) if other is not None else None
    print(f"  {'':34}{'annotator':>10}{'textacy':>10}")
    for key, label in (("precision", "attributed-quote precision"), ("recall", "attributed-quote recall"),
                       ("f1", "attributed-quote F1"), ("speaker_accuracy", "speaker accuracy"),
                       ("cue_accuracy", "cue accuracy")):
        col = f"{theirs[key]:10.3f}" if theirs else f"{'-':>10}"
        target = f"   target >= {TARGETS[key]:.2f}: {'PASS' if res[key] >= TARGETS[key] else 'FAIL'}" \
            if key in TARGETS else ""
        print(f"  {label:34}{res[key]:10.3f}{col}{target}")
    print(f"  CLI wall time {elapsed:.2f} s for {mb:.2f} MB (process start included)")
    if theirs is None:
        print(f"  textacy: not run: {why}")
    print("  reference: Gender Gap Tracker quote F1 0.837, speaker 86.5%, verb 92.1% (its own news set); "
          "textacy per paragraph about F1 0.80, speaker 0.90 here (../shared/eval/README.md)")
    if args.errors:
        print_errors(errors, args.errors)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"split": args.split, **res, "textacy": theirs, "textacy_not_run": why or None}, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
