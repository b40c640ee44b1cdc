"""Sentence boundaries for news copy.

A boundary is terminal punctuation (. ? ! …), optionally followed by closing
quotation marks or brackets, then white space, then something that can start
a sentence (a capital, a digit, an opening mark).  Abbreviations (Mr., Gov.,
Lt. Gen., U.S., No. 10), initials and decimals do not end sentences;
``"Is it over?" she asked.`` stays one sentence because "she" is lower case.
"""

from __future__ import annotations

import re

from ..document import Document, Sentence

# Abbreviations that never end a sentence when followed by a capitalised word
# (titles, name parts) -- compared without the final period.
_TITLE_ABBR = frozenset(
    "Mr Mrs Ms Messrs Dr Prof Gov Sen Rep Reps Sens Lt Gen Col Maj Capt Cmdr Adm "
    "Sgt Cpl Pvt Rev Fr Hon Pres Supt Det Insp Gov Amb Atty Brig Mt Ft St Ste Sr Jr "
    "Gen Messrs Mme Mlle Dept Univ Assn Bros Nos vs Vs v Ald".split()
)
# Abbreviations that may end a sentence; they end one only before a word that
# typically starts one.
_MAYBE_FINAL = frozenset(
    "Inc Ltd Corp Co Plc etc al Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec "
    "Mon Tue Tues Wed Thu Thur Thurs Fri Sat Sun p.m a.m U.S U.K U.N E.U D.C "
    "U.S.A Calif Fla Mass Penn Ariz Colo Conn Ill Ind Kan Mich Minn Miss Neb Nev Okla Ore "
    "Tenn Tex Va Vt Wash Wis Wyo Ky La Md Mo Mont Ala Ark Del Ga".split()
)
_STARTERS = frozenset(
    "The A An He She It They We I You This That These Those There Here His Her Their Its "
    "But And Or So Yet Also However Meanwhile In On At For With After Before When While "
    "If As Some Many Most One Two Mr Mrs Ms Dr Now Then Still Despite".split()
)

_CANDIDATE = re.compile(
    r"""([.?!…]+|(?<=[.?!])\s*[.?!])      # terminal punctuation
        (["'”’»)\]]*)                      # closing marks after it
        (\s+)                              # white space
        (?=["'“‘«(\[]?[\w“‘"'«(\[¿¡])       # what follows
    """,
    re.VERBOSE,
)
_WORD_BEFORE = re.compile(r"([\w.]+)$")
_NUMBER_SIGN = re.compile(r"(?:No|Nos|no|Art|art|Vol|vol|p|pp|fig|Fig)$")


def split(view: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentences of view[start:end] as (start, end) pairs (trailing space trimmed)."""
    out: list[tuple[int, int]] = []
    s = start
    while s < end and view[s].isspace():
        s += 1
    for m in _CANDIDATE.finditer(view, s, end):
        punct, closers = m.group(1), m.group(2)
        after = m.end()
        if after >= end:
            break
        if punct == "." and not closers and not _ends_sentence(view, s, m.start(), after, end):
            continue
        # ?/! followed by a lower-case word inside a quote: "Is it over?" she asked.
        nxt = view[after]
        if nxt.islower():
            continue
        e = m.start(3)
        if e > s:
            out.append((s, e))
        s = after
    e = end
    while e > s and view[e - 1].isspace():
        e -= 1
    if e > s:
        out.append((s, e))
    return out


def _ends_sentence(view: str, sent_start: int, dot: int, after: int, end: int) -> bool:
    m = _WORD_BEFORE.search(view, max(sent_start, dot - 40), dot)
    if not m:
        return True
    word = m.group(1).rstrip(".")
    nxt_m = re.match(r"[\w'’]+", view[after:min(end, after + 40)])
    nxt = nxt_m.group(0) if nxt_m else ""
    if not word:
        return True
    if word in _TITLE_ABBR:
        return False
    if _NUMBER_SIGN.fullmatch(word) and nxt[:1].isdigit():
        return False
    if len(word) == 1 and word.isupper():  # an initial: John F. Kennedy
        return nxt in _STARTERS
    if "." in word or word in _MAYBE_FINAL:  # U.S., a.m., Inc.
        return nxt in _STARTERS or not nxt[:1].isupper()
    return True


def segment(doc: Document) -> None:
    """Fill doc.sentences from the paragraphs."""
    view = doc.view
    sentences = []
    for p in doc.paragraphs:
        for s, e in split(view, p.start, p.end):
            sentences.append(Sentence(s, e, p.index))
    doc.sentences = sentences
    doc._sentence_starts = None
