"""Nepali sentence boundaries.

Contract: ``split(view, start, end)`` returns the sentences of
``view[start:end]`` as (start, end) pairs, trailing space trimmed, in the
same form as the English splitter (``analysis/sentences.py``), so that the
rest of the analysis and the rules see one Document model.

A sentence ends at the danda ``।`` (often typed after a space: ``छ ।``), the
double danda ``॥``, ``?`` or ``!``, with any closing quotation marks or
brackets after it.  The danda ends a sentence even with no space after it
(``छ।अब``); ``?`` and ``!`` only before white space.  A terminator followed by
a closing quotation mark ends the sentence unless a reporting clause follows
it (the words up to the next opening mark or terminator, at most eight and none
ending a complement clause (``-एको``, ``-ने``), end with a reporting verb of
``rules/lexicons/cues-ne.yaml``): ``‘… गर्छौं ।’ उनले भने ।`` is one
sentence, its attribution with its quotation, and so is
``‘… गर्छौं ।’ उनले भने, ‘…।’``; ``‘… गर्छौं ।’ अब काम सुरु हुन्छ ।`` is two.  A period is not an ending (``डा.``, ``नं.``
and decimals use it).
"""

from __future__ import annotations

import re

_END = re.compile("[।॥?!][।॥?!]*([\"'”’»)\\]]*)(\\s*)")
_OPENING = frozenset("“‘\"'«([")
_CLOSING = frozenset("\"'”’»")
#: the clause after a closing mark: up to the next opening mark or terminator
_CLAUSE = re.compile("[^।॥?!“‘\"'«\n]*")
_CLAUSE_END = " \t\u00a0,;:-–—"
#: a reporting clause is a source and a cue: a few words, none the end of a complement clause
_REPORTING_WORDS = 8
_COMPLEMENT = ("एको", "ेको", "िएको", "ने", "नु")


def _reporting_clause(view: str, start: int, end: int) -> bool:
    """The words from ``start`` end with a reporting verb (``उनले भने``, ``प्रवक्ताले जानकारी दिए``)."""
    clause = _CLAUSE.match(view, start, end).group().rstrip(_CLAUSE_END)
    words = clause.split()
    if not words or len(words) > _REPORTING_WORDS or any(w.endswith(_COMPLEMENT) for w in words[:-2]):
        return False  # "‘…।’ उनले … बढेको बताए ।": a sentence of indirect speech of its own
    from .attribution import lexicon

    return lexicon().ends_with_cue(clause)


def split(view: str, start: int, end: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    s = start
    while s < end and view[s].isspace():
        s += 1
    for m in _END.finditer(view, s, end):
        after = m.end()
        if after >= end:
            break
        first = view[m.start()]
        if first in "?!" and not m.group(2):
            continue
        if any(c in _CLOSING for c in m.group(1)) and view[after] not in _OPENING \
                and _reporting_clause(view, after, end):
            continue  # a quotation with its attribution after it: one sentence
        e = m.end(1)
        if e > s:
            out.append((s, e))
        s = after
    e = end
    while e > s and view[e - 1].isspace():
        e -= 1
    if e > s:
        out.append((s, e))
    return out
