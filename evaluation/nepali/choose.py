#!/usr/bin/env python3
"""The fixed rule that chose the articles of the Nepali attribution gold (gold.jsonl). Named choose.py, not select.py, which would shadow the standard module.

Reads only ../shared/corpus/nepali/ (never copied into the project) and prints the chosen
doc ids, one a line, in the order they were annotated. Deterministic: the same corpus gives
the same list.

Rule: for each category in QUOTAS (news-like categories; blog, opinion, interview, literature
and business are left out: long essays, question-and-answer text, or > 2,000 characters),
shuffle its file names (sorted first) with random.Random(SEED + category index), and walk that
order keeping an article when it is 400-2,000 characters long, has at most 60 lines, and
contains an attribution marker (a reporting-verb stem or a quotation mark, MARKERS below),
until the category's quota is met. Then, for the first NONE_QUOTA categories in QUOTAS, the
first article in the same order that has the right length and NO marker is added (a control:
an annotator should find few or no attributions there; a marker-free article can still have
one, e.g. with जानकारी दिए).

Quote stratum (added after the first 35 were annotated, because direct quotations were rare
there: 7 of 96): for each category in QUOTAS, the first article in the same order that is not
yet chosen, 400-2,500 characters long, at most 60 lines, and has at least two curly-quoted
stretches of 15 characters or more (QUOTED below). Categories with none such are skipped.
"""

from __future__ import annotations

import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CORPUS = os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "corpus", "nepali"))

SEED = 16
QUOTAS = {
    "politics": 3, "economy": 3, "society": 3, "world": 3,
    "bank": 2, "agriculture": 2, "migration": 2, "education": 2, "employment": 2,
    "tourism": 2, "technology": 2, "sports": 2, "entertainment": 2, "automobiles": 2,
}
NONE_QUOTA = 3
MIN_CHARS, MAX_CHARS, MAX_LINES = 400, 2000, 60
QUOTED = re.compile(r"[“‘][^“”‘’\n]{15,}[”’]")
QUOTE_MAX_CHARS = 2500
MARKERS = re.compile(r"बता[एइउ]|भन[ेिीु]|भन्|जना[एइउ]|अनुसार|उल्लेख|दाबी|आरोप|[‘’“”\"]")


def read(path: str) -> str:
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def choose(corpus: str = DEFAULT_CORPUS) -> list[str]:
    chosen: list[str] = []
    controls: list[str] = []
    for i, cat in enumerate(QUOTAS):
        names = sorted(n for n in os.listdir(os.path.join(corpus, cat)) if n.endswith(".txt"))
        random.Random(SEED + i).shuffle(names)
        kept = 0
        control = None
        for name in names:
            text = read(os.path.join(corpus, cat, name))
            if not (MIN_CHARS <= len(text) <= MAX_CHARS and text.count("\n") < MAX_LINES):
                continue
            if MARKERS.search(text):
                if kept < QUOTAS[cat]:
                    chosen.append(f"{cat}/{name}")
                    kept += 1
            elif control is None:
                control = f"{cat}/{name}"
            if kept >= QUOTAS[cat] and control is not None:
                break
        if i < NONE_QUOTA and control is not None:
            controls.append(control)
    first = chosen + controls
    return first + quote_stratum(corpus, set(first))


def quote_stratum(corpus: str, taken: set[str]) -> list[str]:
    out: list[str] = []
    for i, cat in enumerate(QUOTAS):
        names = sorted(n for n in os.listdir(os.path.join(corpus, cat)) if n.endswith(".txt"))
        random.Random(SEED + i).shuffle(names)
        for name in names:
            doc_id = f"{cat}/{name}"
            if doc_id in taken:
                continue
            text = read(os.path.join(corpus, cat, name))
            if (MIN_CHARS <= len(text) <= QUOTE_MAX_CHARS and text.count("\n") < MAX_LINES
                    and len(QUOTED.findall(text)) >= 2):
                out.append(doc_id)
                break
    return out


HELDOUT_SEED = 1016
HELDOUT_QUOTE_CATEGORIES = 6


def heldout(corpus: str = DEFAULT_CORPUS) -> list[str]:
    """The held-out set (heldout.jsonl), chosen after the analysis was built on the first set and
    never used to tune it: the same walk with seed HELDOUT_SEED, skipping the first set's
    articles; per category of QUOTAS the first article of the main sample's kind (length, lines,
    a marker), then, for the first HELDOUT_QUOTE_CATEGORIES categories, the first other article of
    the quote stratum's kind."""
    taken = set(choose(corpus))
    main: list[str] = []
    for i, cat in enumerate(QUOTAS):
        for name in _order(corpus, cat, HELDOUT_SEED + i):
            doc_id = f"{cat}/{name}"
            text = read(os.path.join(corpus, cat, name))
            if doc_id not in taken and MIN_CHARS <= len(text) <= MAX_CHARS and text.count("\n") < MAX_LINES \
                    and MARKERS.search(text):
                main.append(doc_id)
                break
    taken.update(main)
    quoted: list[str] = []
    for i, cat in enumerate(list(QUOTAS)[:HELDOUT_QUOTE_CATEGORIES]):
        for name in _order(corpus, cat, HELDOUT_SEED + i):
            doc_id = f"{cat}/{name}"
            text = read(os.path.join(corpus, cat, name))
            if doc_id not in taken and MIN_CHARS <= len(text) <= QUOTE_MAX_CHARS and text.count("\n") < MAX_LINES \
                    and len(QUOTED.findall(text)) >= 2:
                quoted.append(doc_id)
                break
    return main + quoted


def _order(corpus: str, cat: str, seed: int) -> list[str]:
    names = sorted(n for n in os.listdir(os.path.join(corpus, cat)) if n.endswith(".txt"))
    random.Random(seed).shuffle(names)
    return names


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--heldout"]
    corpus = args[0] if args else DEFAULT_CORPUS
    for doc_id in (heldout(corpus) if "--heldout" in sys.argv[1:] else choose(corpus)):
        print(doc_id)
