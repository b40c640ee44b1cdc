#!/usr/bin/env python3
"""Neutrality evaluation on BABE and the Wiki Neutrality Corpus (see ../shared/eval/README.md).

Each sentence of ``babe_dev.jsonl`` and ``wnc_dev.jsonl`` is written as a
one-paragraph Markdown file in a temporary folder, and the real CLI runs
once per dataset over the folder
(``python3 -m annotator check DIR --format jsonl``, with a ``.annotator.toml``
in the folder enabling only the ``neutrality`` pack, its rules as shipped, and
its word lists that are off by default on: ``WORD_LISTS``).
Only findings whose rule id starts with ``neutrality.`` are scored.

Words
  A *word* is a maximal run matching ``\\w+(?:[-'’]\\w+)*``: letters, digits
  and underscores, with inner hyphens and apostrophes kept ("far-right",
  "don't", "Trump's" are one word each). Words are compared case-folded with
  ’ read as '. A gold entry of ``biased_words`` is tokenised the same way
  (BABE entries carry stray punctuation such as '"held"'; an entry may give
  several words). Matching is by word *type* within a sentence: a sentence's
  gold set is the set of its gold words that occur in the sentence (a gold
  word absent from its sentence, a typo in the annotation, is left out and
  counted apart), and its flagged set is the set of words whose span
  overlaps the span of a ``neutrality.`` finding (a phrase finding such as
  "of course" flags both words).

Word precision, recall, F1
  Over every sentence whose words were annotated: a neutral sentence with a
  list (possibly empty: flagging a word of a neutral sentence is a false
  positive), and a biased sentence with a non-empty list. Rows with
  ``biased_words`` null count only for the sentence-level figures, and so do
  biased rows with an empty list: the sentence is labelled biased but no
  word was marked, so the word annotation is missing rather than "no word
  is biased" (97 BABE rows, 281 WNC rows).
  true positives = sum over sentences of |flagged ∩ gold|;
  precision = TP / sum |flagged|; recall = TP / sum |gold|.

Top-1
  Over biased sentences with at least one gold word present: the
  highest-confidence ``neutrality.`` finding of the sentence (ties: the
  earliest) covers a gold word. A sentence without any finding is a miss.
  Also shown: the same figure over only the sentences that have a finding,
  and the share of these sentences where any finding covers a gold word
  (the top-1 a perfect ranking of the same findings would reach).

Sentence level
  Share of biased sentences with any ``neutrality.`` finding, and share of
  neutral sentences (WNC ``-n`` rows, the text after the neutrality edit;
  BABE rows labelled non-biased) with any such finding.

Quotations
  The neutrality rules judge the writer's voice and leave words inside a
  quotation to the speaker. BABE's annotators marked some quoted words as
  biased; those gold words are counted and recall is also given without
  them. That gap is a disagreement about scope, not a miss the rules should
  close.

Caveat
  The lexicons were written from style guides, never from these sets; the
  dev sets were used to prune entries that misfire and to check that the
  confidence tiers rank strong words above mild ones. There is no held-out
  test here, so the figures are somewhat optimistic for unseen text.

Usage: python3 evaluation/neutrality.py [--data ../shared/eval] [--dataset babe_dev wnc_dev]
                                        [--jobs N] [--limit N] [--rules] [--fp N] [--json OUT]
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
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DEFAULT_DATA = os.path.normpath(os.path.join(ROOT, "..", "shared", "eval"))
DATASETS = ("babe_dev", "wnc_dev")
PREFIX = "neutrality."

WORD = re.compile(r"\w+(?:[-'’]\w+)*")
# a line starting like this would be a Markdown heading, quote, list, fence, table or HTML block
_BLOCK_START = re.compile(r"[#>+*=`~|<-]|\d{1,9}[.)](?:\s|$)")

TARGETS = {
    "babe_dev": [("word precision", "precision", ">=", 0.60), ("word F1", "f1", ">=", 0.35)],
    "wnc_dev": [("top-1", "top1", ">=", 0.30), ("neutral sentences flagged", "neutral_flagged", "<=", 0.35)],
}
#: issue 15: the model rule (on WNC, the validation side of the split; BABE with the lexicon rules)
MODEL_TARGETS = {
    "wnc_dev": [("model ranking top-1", lambda m: m["ranking_top1"], ">=", 0.55),
                ("model top-1 at the default threshold", lambda m: _at(m)["model"]["top1"], ">=", 0.45),
                ("model: neutral sentences flagged at the default threshold",
                 lambda m: _at(m)["model"]["neutral_flagged"], "<=", 0.20)],
    "babe_dev": [("model and lexicon rules: word precision", lambda m: _at(m)["with_lexicons"]["precision"], ">=", 0.60),
                 ("model and lexicon rules: word F1", lambda m: _at(m)["with_lexicons"]["f1"], ">=", 0.42)],
}


def _at(model: dict) -> dict:
    """The curve's row at the default threshold."""
    return next(r for r in model["curve"] if r["threshold"] == model["threshold"])


REFERENCES = {
    "babe_dev": "MBIC word-level F1 0.43 (precision 0.29, recall 0.77)",
    "wnc_dev": "WNC test top-1: humans 0.543, bag-of-words + features 0.617, BERT 0.759",
}


# -- tokens and matching (pure functions, unit-tested) ----------------------------------------
def norm(word: str) -> str:
    return word.casefold().replace("’", "'")


def words(text: str) -> list[tuple[int, int, str]]:
    """(start, end, normalised form) of every word of ``text``."""
    return [(m.start(), m.end(), norm(m.group())) for m in WORD.finditer(text)]


def gold_forms(biased_words) -> set[str]:
    """The normalised words of a ``biased_words`` list (entries may carry punctuation)."""
    out = set()
    for entry in biased_words or ():
        out.update(norm(w) for w in WORD.findall(entry))
    return out


def covered(tokens, start: int, end: int) -> set[str]:
    """Forms of the tokens overlapping start..end."""
    return {f for s, e, f in tokens if s < end and start < e}


def markdown_source(text: str) -> tuple[str, int, int]:
    """The file text for one sentence, the position where a character was
    inserted (or -1) and how many leading characters were dropped.

    A sentence is one paragraph: newlines become spaces, leading white space
    (an indented code block) is dropped, and a backslash escapes a leading
    character that would start another Markdown block."""
    body = text.replace("\r", " ").replace("\n", " ")
    stripped = body.lstrip()
    drop = len(body) - len(stripped)
    m = _BLOCK_START.match(stripped)
    if not m:
        return stripped, -1, drop
    # "#" -> "\#"; "12. " -> "12\. " (the backslash goes before the list marker's dot)
    at = len(m.group().rstrip()) - 1 if stripped[:1].isdigit() else 0
    return stripped[:at] + "\\" + stripped[at:], at, drop


def to_text_offset(pos: int, inserted_at: int, drop: int) -> int:
    """Map an offset in the written file back to the sentence."""
    if inserted_at >= 0 and pos > inserted_at:
        pos -= 1
    return pos + drop


def score_sentence(text: str, biased_words, findings: list[dict], quotes: list[tuple[int, int]] = (),
                   biased: bool | None = None) -> dict:
    """Per-sentence figures. ``findings``: dicts with start, end (offsets in
    ``text``), rule and confidence; only ``neutrality.`` rules count.
    ``quotes``: spans (start, end) of the quotations' inner text. ``biased``:
    the sentence label; a biased sentence with no marked word is not scored
    at the word level."""
    tokens = words(text)
    present = {f for _, _, f in tokens}
    ours = [f for f in findings if f["rule"].startswith(PREFIX)]
    flagged = set()
    for f in ours:
        flagged |= covered(tokens, f["start"], f["end"])
    gold_all = gold_forms(biased_words)
    gold = gold_all & present
    quoted_forms = set()
    for qs, qe in quotes:
        quoted_forms |= covered(tokens, qs, qe)
    # a gold word is "quoted" when every occurrence lies inside a quotation
    outside = set()
    for s, e, f in tokens:
        if f in gold and not any(qs <= s and e <= qe for qs, qe in quotes):
            outside.add(f)
    top = None
    top1 = None
    if ours:
        top = max(ours, key=lambda f: (f["confidence"], -f["start"]))
        top1 = bool(covered(tokens, top["start"], top["end"]) & gold)
    return {
        "labelled": biased_words is not None and not (biased and not gold_all),
        "flagged": flagged,
        "gold": gold,
        "gold_missing": len(gold_all - present),
        "gold_quoted": gold - outside,
        "tp": flagged & gold,
        "any": bool(ours),
        "top": top,
        "top1": top1,
        "rules": {f["rule"] for f in ours},
        "tokens": tokens,
    }


def _ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def aggregate(rows: list[dict], per_sentence: list[dict]) -> dict:
    """Dataset figures from ``rows`` (with ``biased``, ``biased_words``) and
    their ``score_sentence`` results, in the same order."""
    n_flag = n_gold = n_tp = n_missing = n_quoted = n_quoted_tp = 0
    top_n = top_hit = top_any = top_covered = 0
    biased = neutral = biased_any = neutral_any = 0
    labelled = 0
    for r, s in zip(rows, per_sentence):
        if r["biased"]:
            biased += 1
            biased_any += s["any"]
        else:
            neutral += 1
            neutral_any += s["any"]
        if not s["labelled"]:
            continue
        labelled += 1
        n_flag += len(s["flagged"])
        n_gold += len(s["gold"])
        n_tp += len(s["tp"])
        n_missing += s["gold_missing"]
        n_quoted += len(s["gold_quoted"])
        n_quoted_tp += len(s["gold_quoted"] & s["tp"])
        if r["biased"] and s["gold"]:
            top_n += 1
            if s["top"] is not None:
                top_any += 1
                top_hit += bool(s["top1"])
                top_covered += bool(s["tp"])
    p = _ratio(n_tp, n_flag)
    rc = _ratio(n_tp, n_gold)
    rc_out = _ratio(n_tp - n_quoted_tp, n_gold - n_quoted)
    return {
        "sentences": len(rows), "biased": biased, "neutral": neutral, "word_labelled": labelled,
        "flagged_words": n_flag, "gold_words": n_gold, "true_positives": n_tp,
        "gold_words_not_in_sentence": n_missing, "gold_words_quoted": n_quoted,
        "precision": round(p, 4), "recall": round(rc, 4), "f1": round(_f1(p, rc), 4),
        "recall_outside_quotes": round(rc_out, 4), "f1_outside_quotes": round(_f1(p, rc_out), 4),
        "top1_sentences": top_n, "top1": round(_ratio(top_hit, top_n), 4),
        "top1_when_flagged": round(_ratio(top_hit, top_any), 4),
        "gold_flagged_sentences": round(_ratio(top_covered, top_n), 4),
        "biased_flagged": round(_ratio(biased_any, biased), 4),
        "neutral_flagged": round(_ratio(neutral_any, neutral), 4),
    }


def per_rule(rows: list[dict], per_sentence: list[dict], findings: list[list[dict]]) -> dict[str, dict]:
    """For each rule: words flagged and how many are gold; sentences where it
    gave the top finding and how often that was right; neutral sentences it fired on."""
    out: dict[str, dict] = {}
    for r, s, fs in zip(rows, per_sentence, findings):
        for rule in s["rules"]:
            d = out.setdefault(rule, {"words": 0, "gold": 0, "top": 0, "top_hit": 0, "neutral": 0})
            if not r["biased"]:
                d["neutral"] += 1
        if s["labelled"]:
            tokens = s["tokens"]
            by_rule: dict[str, set] = {}
            for f in fs:
                if f["rule"].startswith(PREFIX):
                    by_rule.setdefault(f["rule"], set()).update(covered(tokens, f["start"], f["end"]))
            for rule, fl in by_rule.items():
                out[rule]["words"] += len(fl)
                out[rule]["gold"] += len(fl & s["gold"])
        if s["top"] is not None and r["biased"] and s["gold"]:
            d = out[s["top"]["rule"]]
            d["top"] += 1
            d["top_hit"] += bool(s["top1"])
    return out


def entry_stats(rows, per_sentence, findings) -> dict[tuple[str, str], dict]:
    """Per matched text (rule, lower-cased words): findings, how many cover a
    gold word, how many were the sentence's top finding and right, and how
    many fell on neutral sentences. For pruning a rule's own entries."""
    out: dict[tuple[str, str], dict] = {}
    for r, s, fs in zip(rows, per_sentence, findings):
        for f in fs:
            if not f["rule"].startswith(PREFIX):
                continue
            key = (f["rule"], " ".join(r["text"][f["start"]:f["end"]].lower().split()))
            d = out.setdefault(key, {"hits": 0, "gold": 0, "top": 0, "top_hit": 0, "neutral": 0})
            d["hits"] += 1
            d["gold"] += bool(covered(s["tokens"], f["start"], f["end"]) & s["gold"])
            d["neutral"] += not r["biased"]
            if s["top"] is f and r["biased"] and s["gold"]:
                d["top"] += 1
                d["top_hit"] += bool(s["top1"])
    return out


def neutral_hits(rows, findings, limit: int) -> list[tuple[str, str, int]]:
    """The matched texts (rule, lower-cased text) that fire most on neutral sentences."""
    c: Counter = Counter()
    for r, fs in zip(rows, findings):
        if not r["biased"]:
            for f in fs:
                if f["rule"].startswith(PREFIX):
                    c[(f["rule"], r["text"][f["start"]:f["end"]].lower())] += 1
    return [(rule, text, n) for (rule, text), n in c.most_common(limit)]


# -- running the CLI --------------------------------------------------------------------------
def load_rows(path: str, limit: int = 0) -> list[dict]:
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                rows.append(json.loads(line))
                if limit and len(rows) >= limit:
                    break
    return rows


#: the pack's word lists that are off by default (their precision on judged real copy is low: see
#: evaluation/editorial.py); this evaluation measures what the pack's detectors find, so it turns them on
WORD_LISTS = ("neutrality.loaded-words", "neutrality.puffery", "neutrality.contentious-labels")
CONFIG = 'packs = ["neutrality"]\nenable = [' + ", ".join(f'"{r}"' for r in WORD_LISTS) + "]\n"


def run_cli(rows: list[dict], workdir: str, jobs: int, config: str = CONFIG,
            extra: tuple = ()) -> tuple[list[list[dict]], list[list[tuple]], float]:
    """Findings and quotation spans per row (offsets in the row's text), and the CLI wall time."""
    maps = []
    width = len(str(len(rows)))
    # the shipped neutrality rules as configured by default, with the word lists on (WORD_LISTS;
    # other disabled rules stay off: --select would switch them on), and no configuration above
    # the temporary folder applies
    with open(os.path.join(workdir, ".annotator.toml"), "w", encoding="utf-8") as f:
        f.write(config)
    for i, r in enumerate(rows):
        src, at, drop = markdown_source(r["text"])
        maps.append((at, drop))
        with open(os.path.join(workdir, f"{i:0{width}d}.md"), "w", encoding="utf-8", newline="") as f:
            f.write(src + "\n")
    cmd = [sys.executable, "-m", "annotator", "check", workdir, "--format", "jsonl", "--fail-on", "never",
           "--no-progress", "--jobs", str(jobs), *extra]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    elapsed = time.perf_counter() - t0
    if proc.returncode != 0:
        sys.exit(f"annotator failed ({proc.returncode}):\n{proc.stderr[-4000:]}")
    findings: list[list[dict]] = [[] for _ in rows]
    quotes: list[list[tuple]] = [[] for _ in rows]
    seen = 0
    for line in proc.stdout.splitlines():
        d = json.loads(line)
        i = int(os.path.splitext(os.path.basename(d["source"]["path"]))[0])
        at, drop = maps[i]
        seen += 1
        for f in d["findings"]:
            findings[i].append({"rule": f["rule"], "confidence": f["confidence"],
                                "start": to_text_offset(f["start"], at, drop),
                                "end": to_text_offset(f["end"], at, drop)})
        for q in d["quotes"]:
            quotes[i].append((to_text_offset(q["start"], at, drop), to_text_offset(q["end"], at, drop)))
    if seen != len(rows):
        sys.exit(f"annotator returned {seen} documents for {len(rows)} files:\n{proc.stderr[-4000:]}")
    return findings, quotes, elapsed


def evaluate(name: str, path: str, jobs: int, limit: int = 0, split: str = "validation",
             model: bool = True) -> tuple[dict, list, list, list]:
    rows = load_rows(path)
    if name == "wnc_dev" and split == "validation":
        rows = wnc_validation(rows)  # the shipped weights were trained on the other 80%
    if limit:
        rows = rows[:limit]
    # tens of thousands of small files: in memory where the system offers it
    base = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None
    with tempfile.TemporaryDirectory(prefix=f"neutrality-{name}-", dir=base) as tmp:
        findings, quotes, elapsed = run_cli(rows, tmp, jobs)
    per = [score_sentence(r["text"], r["biased_words"], fs, qs, r["biased"])
           for r, fs, qs in zip(rows, findings, quotes)]
    res = aggregate(rows, per)
    res["seconds"] = round(elapsed, 2)
    if model:
        res["model"] = model_report(rows, quotes, findings, model_findings(name, rows, jobs), model_rule()[1])
    return res, rows, per, findings


# -- the model rule ------------------------------------------------------------------------------
MODEL_RULE = "neutrality.subjective-language"
CURVE = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
WNC_SEED, WNC_VALIDATION = 15, 0.2  # as scripts/train_neutrality.py: the split the shipped weights left out


def _annotator():
    if ROOT not in sys.path:
        sys.path.insert(0, ROOT)


def model_rule() -> tuple[str, float]:
    """(weights path, default threshold) of the shipped model rule: the weights file's own
    threshold wins over the rule's, as in the check."""
    _annotator()
    from annotator.engine.loader import load_specs

    spec = next(s for s in load_specs() if s.id == MODEL_RULE)
    path = spec.options["_weights_path"]
    with open(path, encoding="utf-8") as f:
        own = json.load(f).get("threshold")
    return path, own if own is not None else spec.options.get("threshold", 0.5)


def wnc_validation(rows: list[dict]) -> list[dict]:
    _annotator()
    from annotator.training import split

    return split(rows, WNC_VALIDATION, WNC_SEED)[1]


def model_findings(name: str, rows: list[dict], jobs: int) -> list[list[dict]]:
    """Every word the model scores at 0.001 or more, alone (no lexicon rule to merge into):
    the run uses a copy of the shipped weights with that threshold, named in the configuration."""
    weights, _ = model_rule()
    with open(weights, encoding="utf-8") as f:
        data = json.load(f)
    data["threshold"] = 0.001
    data["listed_words"] = "score"  # the listed words too: check leaves them to their rules (combine below)
    base = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None
    with tempfile.TemporaryDirectory(prefix=f"neutrality-model-{name}-", dir=base) as tmp:
        wpath = os.path.join(tmp, "weights.json")
        with open(wpath, "w", encoding="utf-8") as f:
            json.dump(data, f)
        work = os.path.join(tmp, "articles")
        os.mkdir(work)
        config = f'packs = ["neutrality"]\nmodels = {{ "{MODEL_RULE}" = {json.dumps(wpath)} }}\n'
        findings, _, _ = run_cli(rows, work, jobs, config, ("--select", MODEL_RULE))
    listed = listed_words(data["lexicons"])
    out = []
    for r, fs in zip(rows, findings):
        mine = [f for f in fs if f["rule"] == MODEL_RULE]
        for f in mine:  # (check leaves a word a list of the pack holds to that list's rule)
            f["listed"] = listed(r["text"][f["start"]:f["end"]])
        out.append(mine)
    return out


def listed_words(lexicons: list[str]):
    """word -> True when a neutrality lexicon rule the weights name lists it (as the model reads them)."""
    _annotator()
    from annotator.engine.kinds.model import build_tables
    from annotator.engine.loader import load_specs
    from annotator.engine.kinds.model import norm as model_norm

    tables = build_tables(load_specs(), lexicons)
    return lambda w: any(n.startswith("neutrality.") for n in tables.lists(model_norm(w)))


def combine(lexical: list[dict], model: list[dict], t: float) -> list[dict]:
    """What the check reports with the model at threshold ``t``: a model word that a lexicon
    finding covers gives that finding its confidence; the others are findings of their own."""
    out = [dict(f) for f in lexical]
    for m in model:
        if m["confidence"] < t:
            continue
        same = [f for f in out if f["start"] < m["end"] and m["start"] < f["end"]]
        for f in same:
            f["confidence"] = m["confidence"]
        if not same and not m.get("listed"):  # a listed word is its rule's (listed_words: defer)
            out.append(m)
    return out


def model_report(rows, quotes, shipped, model, threshold) -> dict:
    """Ranking top-1, the threshold curve (model alone, and with the lexicon rules), precision
    per confidence decile. ``shipped``: the findings of the check as shipped (for its lexicon
    rules); ``model``: the model's findings at any score."""
    lexical = [[f for f in fs if f["rule"] != MODEL_RULE] for fs in shipped]

    def figures(found):
        per = [score_sentence(r["text"], r["biased_words"], fs, qs, r["biased"])
               for r, fs, qs in zip(rows, found, quotes)]
        return aggregate(rows, per), per

    keys = ("top1", "neutral_flagged", "biased_flagged", "precision", "recall", "f1")
    ranking, per = figures(model)
    curve = []
    for t in sorted(set(CURVE) | {threshold}):
        alone, _ = figures([[f for f in fs if f["confidence"] >= t] for fs in model])
        both, _ = figures([combine(lx, m, t) for lx, m in zip(lexical, model)])
        curve.append({"threshold": t, "model": {k: alone[k] for k in keys}, "with_lexicons": {k: both[k] for k in keys}})
    lex_only, _ = figures(lexical)
    deciles = [[0, 0] for _ in range(10)]
    for r, s, fs in zip(rows, per, model):
        if not s["labelled"]:
            continue
        for f in fs:
            d = deciles[min(int(f["confidence"] * 10), 9)]
            d[0] += 1
            d[1] += bool(covered(s["tokens"], f["start"], f["end"]) & s["gold"])
    return {
        "threshold": threshold,
        "ranking_top1": ranking["top1"], "ranking_sentences": ranking["top1_sentences"],
        "lexicons_only": {k: lex_only[k] for k in keys},
        "curve": curve,
        "deciles": [{"from": i / 10, "to": (i + 1) / 10, "findings": n, "precision": round(_ratio(g, n), 4)}
                    for i, (n, g) in enumerate(deciles)],
    }


def print_model_report(name: str, rep: dict) -> None:
    t = rep["threshold"]
    print(f"\n{name}: {MODEL_RULE} (default threshold {t:g})")
    print(f"  ranking top-1 (top-scored word, no threshold): {rep['ranking_top1']:.3f} "
          f"over {rep['ranking_sentences']} biased sentences")
    lx = rep["lexicons_only"]
    print(f"  lexicon rules alone: P {lx['precision']:.3f} R {lx['recall']:.3f} F1 {lx['f1']:.3f} "
          f"top-1 {lx['top1']:.3f} neutral flagged {lx['neutral_flagged']:.3f}")
    print("  threshold | model alone: top-1  neutral  P      R      F1    | with lexicons: top-1  neutral  P      R      F1")
    for row in rep["curve"]:
        a, b = row["model"], row["with_lexicons"]
        mark = " *" if row["threshold"] == t else "  "
        print(f"  {row['threshold']:>7.2f}{mark}|        {a['top1']:.3f}  {a['neutral_flagged']:.3f}    {a['precision']:.3f}  "
              f"{a['recall']:.3f}  {a['f1']:.3f} |                {b['top1']:.3f}  {b['neutral_flagged']:.3f}    "
              f"{b['precision']:.3f}  {b['recall']:.3f}  {b['f1']:.3f}")
    print("  precision of the model's findings by confidence decile:")
    print("    " + "  ".join(f"{d['from']:.1f}-{d['to']:.1f}: {d['precision']:.2f} ({d['findings']})" for d in rep["deciles"]))


# -- output -------------------------------------------------------------------------------------
def print_table(results: dict[str, dict]) -> None:
    names = list(results)
    lines = [
        ("sentences (biased / neutral)", lambda r: f"{r['sentences']} ({r['biased']}/{r['neutral']})"),
        ("gold words (quoted)", lambda r: f"{r['gold_words']} ({r['gold_words_quoted']})"),
        ("flagged words", lambda r: str(r["flagged_words"])),
        ("word precision", lambda r: f"{r['precision']:.3f}"),
        ("word recall", lambda r: f"{r['recall']:.3f}"),
        ("word F1", lambda r: f"{r['f1']:.3f}"),
        ("recall / F1 outside quotes", lambda r: f"{r['recall_outside_quotes']:.3f} / {r['f1_outside_quotes']:.3f}"),
        ("top-1 (sentences)", lambda r: f"{r['top1']:.3f} ({r['top1_sentences']})"),
        ("top-1 when flagged", lambda r: f"{r['top1_when_flagged']:.3f}"),
        ("any finding on a gold word", lambda r: f"{r['gold_flagged_sentences']:.3f}"),
        ("biased sentences flagged", lambda r: f"{r['biased_flagged']:.3f}"),
        ("neutral sentences flagged", lambda r: f"{r['neutral_flagged']:.3f}"),
        ("CLI seconds", lambda r: f"{r['seconds']:.1f}"),
    ]
    w0 = max(len(label) for label, _ in lines)
    w = max(16, *(len(n) for n in names))
    print(" " * w0 + "  " + "  ".join(f"{n:>{w}}" for n in names))
    for label, fn in lines:
        print(f"{label:<{w0}}  " + "  ".join(f"{fn(results[n]):>{w}}" for n in names))


def check_targets(name: str, res: dict) -> list[str]:
    out = []
    checks = [(label, res[key], op, bound) for label, key, op, bound in TARGETS.get(name, ())]
    if "model" in res:
        checks += [(label, get(res["model"]), op, bound) for label, get, op, bound in MODEL_TARGETS.get(name, ())]
    for label, v, op, bound in checks:
        ok = v >= bound if op == ">=" else v <= bound
        out.append(f"  {'PASS' if ok else 'FAIL'} {name}: {label} {v:.3f} {op} {bound:.2f}")
    return out


def print_rules(name: str, stats: dict[str, dict]) -> None:
    print(f"\n{name}: per rule (words flagged, of them gold; top finding, right; neutral sentences fired on)")
    for rule, d in sorted(stats.items(), key=lambda kv: -kv[1]["words"]):
        print(f"  {rule:<32} words {d['words']:>6} gold {d['gold']:>6} ({_ratio(d['gold'], d['words']):.2f})"
              f"  top {d['top']:>6} right {d['top_hit']:>6} ({_ratio(d['top_hit'], d['top']):.2f})"
              f"  neutral {d['neutral']:>6}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=DEFAULT_DATA, help="folder of babe_dev.jsonl and wnc_dev.jsonl")
    ap.add_argument("--dataset", nargs="+", choices=DATASETS, default=list(DATASETS))
    ap.add_argument("--jobs", "-j", type=int, default=0, help="CLI worker processes (0: one per core)")
    ap.add_argument("--limit", type=int, default=0, help="only the first N rows of each dataset")
    ap.add_argument("--rules", action="store_true", help="print figures per rule")
    ap.add_argument("--wnc-split", choices=("validation", "all"), default="validation",
                    help="wnc_dev rows scored: the validation side of the split the shipped weights were "
                         "trained without (default), or every row")
    ap.add_argument("--no-model", action="store_true", help=f"skip the figures of {MODEL_RULE} alone")
    ap.add_argument("--fp", type=int, default=0, metavar="N",
                    help="print the N matched texts that fire most often on neutral sentences")
    ap.add_argument("--entries", metavar="TSV", help="write per matched text figures (hits, gold, top, neutral) as TSV")
    ap.add_argument("--json", metavar="OUT", help="also write the figures as JSON")
    args = ap.parse_args()
    if not os.path.isdir(args.data):
        print(f"skipped: {args.data} not found (the evaluation data lives in ../shared/eval)")
        return 0
    results = {}
    rule_stats = {}
    for name in args.dataset:
        path = os.path.join(args.data, name + ".jsonl")
        if not os.path.exists(path):
            print(f"skipped {name}: {path} not found")
            continue
        res, rows, per, findings = evaluate(name, path, args.jobs, args.limit, args.wnc_split, not args.no_model)
        results[name] = res
        rule_stats[name] = per_rule(rows, per, findings)
        if args.rules:
            print_rules(name, rule_stats[name])
        if args.entries:
            stats = entry_stats(rows, per, findings)
            path_out = args.entries if len(args.dataset) == 1 else f"{args.entries}.{name}"
            with open(path_out, "w", encoding="utf-8") as f:
                f.write("rule\ttext\thits\tgold\ttop\ttop_hit\tneutral\n")
                for (rule, text), d in sorted(stats.items(), key=lambda kv: -kv[1]["hits"]):
                    f.write(f"{rule}\t{text}\t{d['hits']}\t{d['gold']}\t{d['top']}\t{d['top_hit']}\t{d['neutral']}\n")
        if args.fp:
            print(f"\n{name}: most frequent hits on neutral sentences")
            for rule, text, n in neutral_hits(rows, findings, args.fp):
                print(f"  {n:>5}  {rule:<32} {text!r}")
    if not results:
        return 0
    print("\nNeutrality evaluation (words: \\w+ runs with inner hyphens/apostrophes, case-folded, "
          "matched by type per sentence)")
    print_table(results)
    print()
    for name, res in results.items():
        if "model" in res:
            print_model_report(name, res["model"])
    print()
    for name, res in results.items():
        for line in check_targets(name, res):
            print(line)
        print(f"  reference {name}: {REFERENCES[name]}")
    if "babe_dev" in results:
        r = results["babe_dev"]
        print(f"  note: {r['gold_words_quoted']} of BABE's {r['gold_words']} gold words lie inside quotation "
              "marks; the neutrality rules leave a speaker's words to the speaker (scope: writer), so "
              "these are a known disagreement with the annotation, not misses to fix.")
    print("  note: the dev sets were used to prune lexicon entries and check confidence tiers (never as a "
          "source of words); without a held-out test these figures are somewhat optimistic.")
    missing = {n: r["gold_words_not_in_sentence"] for n, r in results.items() if r["gold_words_not_in_sentence"]}
    if missing:
        print("  gold words not found in their sentence (annotation typos, left out): "
              + ", ".join(f"{n} {k}" for n, k in missing.items()))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"results": results, "per_rule": rule_stats}, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
