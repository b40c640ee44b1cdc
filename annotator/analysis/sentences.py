"""Sentence boundaries for news copy.

A boundary is terminal punctuation (. ? ! …), optionally followed by closing
quotation marks or brackets, then white space, then something that can start
a sentence (a capital, a digit, an opening mark).  Abbreviations (Mr., Gov.,
Lt. Gen., U.S., No. 10), initials and decimals do not end sentences;
``"Is it over?" she asked.`` stays one sentence because "she" is lower case.
"""

from __future__ import annotations

from ..document import Document, Sentence
from ..lazyre import lazy

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

# ([.?!…][.?!…]* rather than [.?!…]+: a pattern that opens with a plain
# character class lets the regex engine skip to the next candidate in C; one
# that opens with a repeat is tried at every position, ~3x slower)
_CANDIDATE = lazy(r"[.?!…][.?!…]*[\"'”’»)\]]*(\s+)(?=[\"'“‘«(\[]?[\w“‘\"'«(\[¿¡])")
# the same for text with no "…" (most): a first class of characters below 256 is a
# byte map to re, which then skips to the next candidate ~5x faster than through a
# class holding "…"; where there is no "…", the two find the same matches
_CANDIDATE_LATIN = lazy(r"[.?!][.?!…]*[\"'”’»)\]]*(\s+)(?=[\"'“‘«(\[]?[\w“‘\"'«(\[¿¡])")
_NUMBER_SIGN = frozenset("No Nos no Art art Vol vol p pp fig Fig".split())
_NEXT_WORD = lazy(r"[\w'’]+")


def split(view: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentences of view[start:end] as (start, end) pairs (trailing space trimmed)."""
    out: list[tuple[int, int]] = []
    s = start
    while s < end and view[s].isspace():
        s += 1
    candidates = _CANDIDATE if view.find("…", s, end) >= 0 else _CANDIDATE_LATIN
    for m in candidates.finditer(view, s, end):
        after = m.end()
        if after >= end:
            break
        nxt = view[after]
        if nxt.islower():
            continue  # "Is it over?" she asked. / e.g. the
        first = view[m.start()]
        ws = m.start(1)
        if first == "." and view[ws - 1] == "." and not _ends_sentence(view, s, m.start(), after, end):
            continue
        if ws > s:
            out.append((s, ws))
        s = after
    e = end
    while e > s and view[e - 1].isspace():
        e -= 1
    if e > s:
        out.append((s, e))
    return out


def _ends_sentence(view: str, sent_start: int, dot: int, after: int, end: int) -> bool:
    """A period after an abbreviation, an initial or a number sign is not an ending."""
    lo = max(sent_start, dot - 40)
    sp = max(view.rfind(" ", lo, dot), view.rfind("\n", lo, dot), view.rfind("(", lo, dot))
    word = view[(sp + 1 if sp >= 0 else lo):dot].rstrip(".")
    if not word:
        return True
    if word in _TITLE_ABBR:
        return False
    if "." not in word and len(word) > 1 and word not in _NUMBER_SIGN and word not in _MAYBE_FINAL:
        return True  # an ordinary word ("profit."): the next word cannot change that
    m = _NEXT_WORD.match(view, after, min(end, after + 40))
    nxt = m.group(0) if m else ""
    if word in _NUMBER_SIGN and nxt[:1].isdigit():
        return False
    if len(word) == 1 and word.isupper():  # an initial: John F. Kennedy
        return nxt in _STARTERS
    dotted = "." in word and word.replace(".", "").isalpha() and all(len(p) <= 2 for p in word.split("."))
    if dotted or word in _MAYBE_FINAL:  # U.S., a.m., Inc. (but not "$3.4bn.")
        return nxt in _STARTERS or not nxt[:1].isupper()
    return True


#: a "sentence" longer than this (no real one comes near: the longest in the
#: BBC corpus has ~1,000 characters) is cut at white space into pieces of at
#: most this length, so that the per-quotation work over a sentence stays
#: bounded on hostile input (one 5 MB line, thousands of quotes in it)
MAX_SENTENCE = 2000


def _bounded(view: str, s: int, e: int):
    while e - s > MAX_SENTENCE:
        cut = s + MAX_SENTENCE
        ws = max(view.rfind(" ", s + MAX_SENTENCE // 2, cut), view.rfind("\n", s + MAX_SENTENCE // 2, cut))
        if ws > s:
            cut = ws
        end = cut
        while end > s and view[end - 1].isspace():
            end -= 1
        if end > s:
            yield s, end
        s = cut
        while s < e and view[s].isspace():
            s += 1
    if e > s:
        yield s, e


def segment(doc: Document) -> None:
    """Fill doc.sentences from the paragraphs (a Nepali paragraph split at the danda:
    analysis/nepali/sentences.py)."""
    view = doc.view
    sentences = []
    split_ne = None
    for p in doc.paragraphs:
        splitter = split
        if p.language == "ne":
            if split_ne is None:
                from .nepali.sentences import split as split_ne
            splitter = split_ne
        for s, e in splitter(view, p.start, p.end):
            if e - s > MAX_SENTENCE:
                sentences.extend(Sentence(a, b, p.index) for a, b in _bounded(view, s, e))
            else:
                sentences.append(Sentence(s, e, p.index))
    doc.sentences = sentences
    doc._sentence_starts = None
