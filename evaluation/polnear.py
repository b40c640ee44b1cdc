#!/usr/bin/env python3
"""Quote-attribution evaluation on PolNeAR (see ../shared/eval/README.md).

Writes each article's text to a temporary folder, runs the real CLI
(``annotator annotate DIR --format jsonl``) over it, and scores:

* gold: attributions of type ``direct`` or ``mixed``, and those typed
  ``indirect`` whose content holds a quotation in doubled apostrophes
  (``''...''``): PolNeAR's New York Times texts write every quotation mark as
  two apostrophes, and its kind labels there do not count them as marks
  (``''We're done,'' he said.`` is labelled indirect), so they are scored as
  the quotations they are (``--raw-kinds`` keeps PolNeAR's labels);
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

Attribution relations (every gold attribution: direct, mixed and indirect),
from the documents' ``attributions`` (or, for an annotator without them,
one relation per attributed quotation):

* role spans, exact: per document, the sets of source, cue and content
  spans; a predicted span counts when it equals a gold one after trimming
  white space, quotation marks and punctuation at both ends; F1 per role;
* relations: a prediction matches a gold attribution when their contents
  overlap by at least half of the longer and both source and cue overlap
  (or both are absent), one to one; F1, and recall per kind.

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


def _doubled_apostrophe_quote(text: str, g: dict) -> bool:
    """A gold attribution labelled indirect whose content holds a ``''...''`` quotation."""
    return g["type"] == "indirect" and any(text.count("''", s, e) >= 2 for s, e in g["content_spans"])


def quote_gold(r: dict, raw_kinds: bool = False) -> list[dict]:
    """The gold attributions the quotation scores count (see the module docstring)."""
    return [q for q in r["quotes"] if q["type"] in ("direct", "mixed")
            or (not raw_kinds and _doubled_apostrophe_quote(r["text"], q))]


def score(rows: list[dict], predictions: dict[str, dict], show_errors: int = 0, raw_kinds: bool = False) -> dict:
    n_pred = n_pred_ok = 0
    n_gold = n_gold_found = 0
    spk_ok = spk_n = cue_ok = cue_n = 0
    errors = []
    for r in rows:
        text = r["text"]
        gold = quote_gold(r, raw_kinds)
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

# -- attribution relations: role spans and relations (PolNeAR's direct, mixed and indirect) ------------

_TRIM = set(" \t\r\n\u00a0\u2009\u202f\"'“”‘’«»„‚‹›.,;:!?()[]{}—–-…")


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """A span without white space, quotation marks or punctuation at either end (the span as it
    was when that leaves nothing, e.g. a colon cue)."""
    s, e = start, end
    while s < e and text[s] in _TRIM:
        s += 1
    while e > s and text[e - 1] in _TRIM:
        e -= 1
    return (s, e) if s < e else (start, end)


def _pair(span) -> tuple[int, int] | None:
    if span is None:
        return None
    if isinstance(span, dict):
        if "span" in span:
            return _pair(span["span"])
        if "mention" in span:
            return _pair(span["mention"])
        return span["start"], span["end"]
    return span[0], span[1]


def predicted_attributions(doc: dict | None) -> list[dict]:
    """The document's attribution relations as ``{kind, content: [(s, e)], source, cue}``: its
    ``attributions`` when it has them, else one per attributed quotation (direct, or mixed for a
    partial quote), which is all an annotator without reported speech can claim."""
    if not doc:
        return []
    if "attributions" in doc:
        return [{"kind": a["kind"], "content": [_pair(c) for c in a["content"]],
                 "source": _pair(a.get("source")), "cue": _pair(a.get("cue"))} for a in doc["attributions"]]
    out = []
    for q in doc.get("quotes", []):
        if q.get("speaker") is None:
            continue
        out.append({"kind": "mixed" if q.get("kind") == "partial" else "direct", "content": [(q["start"], q["end"])],
                    "source": _pair(q["speaker"]), "cue": _pair(q.get("cue"))})
    return out


def gold_attributions(row: dict) -> list[dict]:
    out = []
    for g in row["quotes"]:
        src = g.get("speaker_spans") or ([[g["speaker_start"], g["speaker_end"]]]
                                         if g.get("speaker_start") is not None else [])
        out.append({"kind": g["type"], "content": [tuple(c) for c in g["content_spans"]],
                    "sources": [tuple(x) for x in src],
                    "cue": (g["cue_start"], g["cue_end"]) if g.get("cue_start") is not None else None})
    return out


def _prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}


def score_roles(rows: list[dict], predictions: dict[str, dict]) -> dict:
    """Role spans, exact (after trimming), per document as sets, as the sequence-labelling results
    on PolNeAR count them; F1 for source, cue and content."""
    counts = {role: [0, 0, 0] for role in ("source", "cue", "content")}  # tp, pred, gold
    for r in rows:
        text = r["text"]
        gold = {"source": set(), "cue": set(), "content": set()}
        for g in gold_attributions(r):
            gold["source"].update(trim(text, *x) for x in g["sources"])
            if g["cue"]:
                gold["cue"].add(trim(text, *g["cue"]))
            gold["content"].update(trim(text, *c) for c in g["content"])
        pred = {"source": set(), "cue": set(), "content": set()}
        for a in predicted_attributions(predictions.get(r["doc_id"])):
            if a["source"]:
                pred["source"].add(trim(text, *a["source"]))
            if a["cue"]:
                pred["cue"].add(trim(text, *a["cue"]))
            pred["content"].update(trim(text, *c) for c in a["content"])
        for role, c in counts.items():
            c[0] += len(pred[role] & gold[role])
            c[1] += len(pred[role])
            c[2] += len(gold[role])
    return {role: _prf(*c) for role, c in counts.items()}


def _union(spans) -> int:
    return _covered(min(s for s, _ in spans), max(e for _, e in spans), spans) if spans else 0


def _relation_match(p: dict, g: dict) -> bool:
    covered = sum(_covered(s, e, g["content"]) for s, e in _merged(p["content"]))
    if covered * 2 < max(_union(p["content"]), _union(g["content"])):
        return False
    if (p["source"] is None) != (not g["sources"]):
        return False
    if p["source"] is not None and not any(overlap(*p["source"], *x) for x in g["sources"]):
        return False
    if (p["cue"] is None) != (g["cue"] is None):
        return False
    return p["cue"] is None or overlap(*p["cue"], *g["cue"]) > 0


def _merged(spans):
    out = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def score_relations(rows: list[dict], predictions: dict[str, dict]) -> dict:
    """A predicted attribution matches a gold one when their contents overlap by at least half of
    the longer and both source and cue overlap (or both are absent); one to one, greedily in text
    order. F1 over all kinds, recall per gold kind."""
    tp = n_pred = n_gold = 0
    per_kind: dict[str, list[int]] = {}
    for r in rows:
        gold = gold_attributions(r)
        preds = predicted_attributions(predictions.get(r["doc_id"]))
        n_pred += len(preds)
        n_gold += len(gold)
        taken: set[int] = set()
        for p in sorted(preds, key=lambda a: min(a["content"]) if a["content"] else (0, 0)):
            for gi, g in enumerate(gold):
                if gi not in taken and p["content"] and g["content"] and _relation_match(p, g):
                    taken.add(gi)
                    break
        tp += len(taken)
        for gi, g in enumerate(gold):
            k = per_kind.setdefault(g["kind"], [0, 0])
            k[1] += 1
            k[0] += gi in taken
    res = _prf(tp, n_pred, n_gold)
    res["recall_by_kind"] = {k: round(v[0] / v[1], 4) if v[1] else 0.0 for k, v in sorted(per_kind.items())}
    return res


#: issue "Attribution relations": exact role-span F1 and relation F1 on dev
ROLE_TARGETS = {"source": 0.75, "cue": 0.75, "content": 0.60, "relation": 0.75}
#: published role-span points on PolNeAR test (source / cue / content F1)
PUBLISHED = (("BERT + CofeNet (COLING 2022)", 83.2, 75.3, 72.9), ("BiLSTM + CofeNet", 73.3, 66.2, 63.6),
             ("CRF, hand features", 50.6, 53.4, 28.6))


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
    ap.add_argument("--raw-kinds", action="store_true",
                    help="score quotations against PolNeAR's direct/mixed labels only (its NYT ''...'' "
                         "quotations, labelled indirect, then count as false positives)")
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
    res = score(rows, preds, show_errors=args.errors, raw_kinds=args.raw_kinds)
    errors = res.pop("_errors", [])
    mb = sum(len(r["text"].encode("utf-8")) for r in rows) / 1e6
    res["seconds"] = round(elapsed, 2)
    print(f"PolNeAR {args.split}: {res['articles']} articles, {res['gold_quotes']} gold direct/mixed attributions"
          + (" (PolNeAR's labels)" if args.raw_kinds else " (with the ''...'' quotations labelled indirect)"))
    other, why = run_textacy(rows) if args.textacy else (None, "not asked for (--no-textacy)")
    theirs = score(rows, other, raw_kinds=args.raw_kinds) if other is not None else None
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
    roles = score_roles(rows, preds)
    rel = score_relations(rows, preds)
    print(f"  attribution relations (all {sum(len(r['quotes']) for r in rows)} gold: direct, mixed, indirect)")
    for role in ("source", "cue", "content"):
        x = roles[role]
        print(f"  {role + ' span, exact, F1':34}{x['f1']:10.3f}   (P {x['precision']:.3f}, R {x['recall']:.3f})"
              f"   target >= {ROLE_TARGETS[role]:.2f}: {'PASS' if x['f1'] >= ROLE_TARGETS[role] else 'FAIL'}")
    print(f"  {'relation F1':34}{rel['f1']:10.3f}   (P {rel['precision']:.3f}, R {rel['recall']:.3f})"
          f"   target >= {ROLE_TARGETS['relation']:.2f}: {'PASS' if rel['f1'] >= ROLE_TARGETS['relation'] else 'FAIL'}")
    print("  relation recall by kind: " + ", ".join(f"{k} {v:.3f}" for k, v in rel["recall_by_kind"].items()))
    print("  published role spans on PolNeAR test (source / cue / content F1): "
          + "; ".join(f"{n} {a} / {b} / {c}" for n, a, b, c in PUBLISHED))
    if args.errors:
        print_errors(errors, args.errors)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"split": args.split, **res, "roles": roles, "relations": rel, "textacy": theirs,
                       "textacy_not_run": why or None}, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
