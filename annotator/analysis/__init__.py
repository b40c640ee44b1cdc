"""Stance analysis: sentences, quotations, attribution, speakers, once per document."""

from __future__ import annotations

from ..document import Document, Quote, word_count
from .attribution import attribute, link_speakers
from .quotes import find_quotes
from .sentences import segment
from .speakers import resolve

#: a quotation of at most this many words with no speaker is a scare quote
SCARE_MAX_WORDS = 4


def analyse(doc: Document) -> Document:
    segment(doc)
    find_quotes(doc)
    attribute(doc)
    resolve(doc)
    link_speakers(doc)
    classify(doc)
    return doc


def classify(doc: Document) -> None:
    """Set each quotation's kind: direct, partial, scare, block or nested."""
    view = doc.view
    for q in doc.quotes:
        q.kind = _kind(doc, view, q)


def _kind(doc: Document, view: str, q: Quote) -> str:
    if q.open_start == q.start and q.close_end == q.end and q.paragraph >= 0 and doc.paragraphs[q.paragraph].kind == "blockquote":
        return "block"
    if q.parent is not None:
        return "nested"
    inner = view[q.start:q.end].strip()
    words = word_count(inner)
    if q.continues:
        return "direct"
    s = doc.sentence_at(q.open_start)
    lead = view[s.start:q.open_start] if s is not None else ""
    stripped = lead.strip(" \t\r\n\u00a0(—–-")
    opens = not stripped or stripped.endswith(":") or (
        q.cue is not None and q.cue.end <= q.open_start and not view[q.cue.end:q.open_start].strip(" ,:\t\r\n\u00a0")
    )
    ends_like_speech = inner[-1:] in ".,?!…" or q.continued
    if q.paragraph >= 0 and opens and (words >= 3 or ends_like_speech) and (ends_like_speech or words >= 6):
        return "direct"
    if q.speaker is None and words <= SCARE_MAX_WORDS:
        return "scare"
    return "partial"
