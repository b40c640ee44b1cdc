#!/usr/bin/env python3
"""Rebuild rules/lexicons/given-names.yaml: the gender of common first names, learnt from the
research corpora in ../shared (BBC news, PolNeAR train), for pronoun resolution (analysis/coref).

Evidence, per article: a full name "First Last" and, in the same article, an honorific before the
same surname ("Mr Last" for a man; "Mrs/Ms/Miss Last" for a woman), when only one first name in
the article goes with that surname; or a sentence that opens with the full name, names no one
else, and has pronouns of one gender only after it ("Ana Ruiz said her plan …").  A first name is kept when at least ``MIN_ARTICLES`` articles
give it a gender and at least ``MIN_AGREEMENT`` of them agree, and it is not written in lower case
more often than capitalised (``LOWER_RATIO``: "Said", "Actress" are words).  Only the names and their gender
are written (no text of the corpora).

Usage: python scripts/build_given_names.py [--shared ../shared] [--out rules/lexicons/given-names.yaml]
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import re
from collections import Counter, defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MIN_ARTICLES = 2
MIN_AGREEMENT = 0.9
#: a word written in lower case more than this many times as often as capitalised is not a name
LOWER_RATIO = 1.0

_FULL = re.compile(r"\b([A-Z][a-z]{1,14}) (?:[A-Z]\. )?([A-Z][a-z]+(?:[-’'][A-Z]?[a-z]+)?)\b")
_HONORIFIC = re.compile(r"\b(Mr|Mrs|Ms|Miss)\.? ([A-Z][a-z]+(?:[-’'][A-Z]?[a-z]+)?)\b")
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_CAPITALISED_PAIR = re.compile(r"\b[A-Z][a-z]+ [A-Z][a-z]+")
_HE = re.compile(r"\b(?:he|his|him|himself)\b")
_SHE = re.compile(r"\b(?:she|her|hers|herself)\b")
# party and group words that stand before a surname like a first name ("Republican Smith")
_NOT_FIRST_NAMES = {"Republican", "Democrat", "Democratic", "Conservative", "Liberal", "Labour", "Tory",
                    "Independent", "Socialist", "Green", "Senator", "Congressman", "Congresswoman"}
_WORD = re.compile(r"[A-Za-z]+")
_GENDER = {"Mr": "male", "Mrs": "female", "Ms": "female", "Miss": "female"}


def texts(shared: str):
    for path in sorted(glob.glob(os.path.join(shared, "corpus", "bbc", "*", "*.txt"))):
        with open(path, encoding="utf-8", errors="replace") as f:
            yield f.read()
    polnear = os.path.join(shared, "eval", "polnear_train.jsonl")
    if os.path.exists(polnear):
        with open(polnear, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    yield json.loads(line)["text"]


def votes(text: str, stop: set[str]) -> dict[str, str]:
    """{first name: gender} that one article gives."""
    firsts: dict[str, set[str]] = defaultdict(set)
    for m in _FULL.finditer(text):
        first, last = m.groups()
        if first not in stop and last not in stop:
            firsts[last].add(first)
    out: dict[str, str] = {}
    conflict = set()
    for m in _HONORIFIC.finditer(text):
        title, last = m.groups()
        names = firsts.get(last)
        if not names or len(names) != 1:
            continue
        (first,) = names
        g = _GENDER[title]
        if out.get(first, g) != g:
            conflict.add(first)
        out[first] = g
    for sent in _SENTENCE.split(text):
        full = [m for m in _FULL.finditer(sent) if m.group(1) not in stop and m.group(2) not in stop]
        if len(full) != 1 or full[0].start() != 0 or len(_CAPITALISED_PAIR.findall(sent)) != 1:
            continue
        rest = sent[full[0].end():].lower()
        he, she = bool(_HE.search(rest)), bool(_SHE.search(rest))
        if he != she:
            first = full[0].group(1)
            g = "male" if he else "female"
            if out.get(first, g) != g:
                conflict.add(first)
            out[first] = g
    for first in conflict:
        out.pop(first, None)
    return out


def build(shared: str) -> dict[str, str]:
    import yaml

    with open(os.path.join(ROOT, "rules", "lexicons", "people.yaml"), encoding="utf-8") as f:
        people = yaml.safe_load(f)
    stop = set(map(str, people["not_names"])) | set(people["days"]) | set(people["months"])
    stop |= {w for ws in people["titles"].values() for t in ws for w in t.split()}
    stop |= set(people["organization_words"]) | set(people.get("place_words") or [])
    stop |= _NOT_FIRST_NAMES
    counts: dict[str, Counter] = defaultdict(Counter)
    words: Counter = Counter()
    for text in texts(shared):
        for first, g in votes(text, stop).items():
            counts[first][g] += 1
        words.update(_WORD.findall(text))
    out = {}
    for first, c in counts.items():
        if words[first.lower()] > LOWER_RATIO * words[first]:
            continue  # a common word ("Said", "Actress", "Black"), not a name

        g, n = c.most_common(1)[0]
        if sum(c.values()) >= MIN_ARTICLES and n / sum(c.values()) >= MIN_AGREEMENT:
            out[first] = g
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=os.path.normpath(os.path.join(ROOT, "..", "shared")))
    ap.add_argument("--out", default=os.path.join(ROOT, "rules", "lexicons", "given-names.yaml"))
    args = ap.parse_args()
    names = build(args.shared)
    male = sorted(n for n, g in names.items() if g == "male")
    female = sorted(n for n, g in names.items() if g == "female")
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("# First names and the gender the pronoun resolver (annotator/analysis/coref) may assume for\n"
                "# them when nothing in the article says otherwise.  Generated by\n"
                "# scripts/build_given_names.py from the research corpora (BBC news, PolNeAR train):\n"
                '# a first name whose holder the same article calls "Mr" or "Ms"/"Mrs" by surname, in\n'
                f"# at least {MIN_ARTICLES} articles agreeing {MIN_AGREEMENT:.0%}.  Do not edit by hand: rerun the script.\n")
        for label, ns in (("male", male), ("female", female)):
            f.write(f"{label}: [\n")
            line = " "
            for n in ns:
                item = f' "{n}",'
                if len(line) + len(item) > 100:
                    f.write(line.rstrip() + "\n")
                    line = " "
                line += item
            if line.strip():
                f.write(line.rstrip() + "\n")
            f.write("]\n")
    print(f"{len(male)} male, {len(female)} female first names -> {args.out}")


if __name__ == "__main__":
    main()
