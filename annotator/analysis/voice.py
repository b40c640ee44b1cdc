"""The voice of the body's text: the writer's, a quotation's, or reported speech.

Contract: after attribution, ``mark_reported(doc)`` sets ``doc.reported_mask``, a bytearray as
long as the text with 1 on every character of the content of an indirect or mixed attribution
(reported speech: "the minister said the council had panicked") that lies outside quotation
marks, or None when there is none. Inside that content, an aside in parentheses or between spaced
dashes is the writer's, and a reported clause opened by a subordinating conjunction ("while she
said …,") ends at its comma: the main clause after it is the writer's. Quotations are ``doc.quote_mask``; titles of works and
terms are quotations of their own kinds (analysis/mentions.py); markup is blanked out of
``doc.view`` by the readers. Everything else is the writer's voice.

Rules ask for the voice they judge through their scope (engine/context.py): ``writer`` is
neither quoted nor reported, ``quoted`` inside quotation marks, ``reported`` inside reported
speech; a rule with ``in_reported`` (the neutrality pack's default) also looks at reported
speech, at most at that severity and with a note naming the source.
"""

from __future__ import annotations

from ..document import Document


#: the marks of an aside: a parenthesis, or a pair of spaced dashes
_ASIDES = (("(", ")"), (" - ", " - "), (" – ", " – "), (" — ", " — "))
#: closed-class grammar: conjunctions that open a clause subordinate to the sentence's main one
_SUBORDINATORS = frozenset("while whereas although though if unless when because since once".split())


def mark_reported(doc: Document) -> None:
    relations = [a for a in (getattr(doc, "attributions", None) or ()) if a.kind != "direct"]
    if not relations:
        doc.reported_mask = None
        return
    view = doc.view
    mask = bytearray(len(view))
    # "While he insisted that …, that was the obvious implication": a reported clause opened by a
    # subordinating conjunction ends at its comma, and the main clause after it is the writer's
    # again, for the relation and for any reported inside that clause ("… he never said …")
    cuts = []
    for a in relations:
        source = getattr(a, "source", None)  # (None: a relation without a source)
        if source is not None and a.content and a.content[0].start >= source.end \
                and _opens_subordinate(view, source.start):
            k = view.find(", ", a.content[0].start, a.content[-1].end)
            if k > 0:
                cuts.append((source.start, k))
    for a in relations:
        source = getattr(a, "source", None)
        limit = None
        if cuts and source is not None:
            limit = min((k for s, k in cuts if s <= source.start < k), default=None)
        for c in a.content:
            end = c.end if limit is None else min(c.end, limit)
            if end > c.start:
                mask[c.start:end] = b"\x01" * (end - c.start)
                _unmark_asides(view, mask, c.start, end)
    for q in doc.quotes:  # a quoted fragment inside reported speech is the source's own words
        mask[q.open_start:q.close_end] = bytes(q.close_end - q.open_start)
    doc.reported_mask = mask if mask.find(1) >= 0 else None


def _opens_subordinate(view: str, start: int) -> bool:
    """Whether the word right before ``start`` (a source) is a subordinating conjunction."""
    k = start
    while k > 0 and view[k - 1] in " \t\u00a0":
        k -= 1
    j = k
    while j > 0 and view[j - 1].isalpha():
        j -= 1
    return j < k and view[j:k].lower() in _SUBORDINATORS


def _unmark_asides(view: str, mask: bytearray, start: int, end: int) -> None:
    """A parenthesis or a pair of spaced dashes inside reported speech ("it would be lawful
    (naturally)", "the film, which she has - controversially - made …") is the writer's aside,
    not the source's words."""
    for opening, closing in _ASIDES:
        k = view.find(opening, start, end)
        while k >= 0:
            close = view.find(closing, k + len(opening), end)
            if close < 0:
                break
            close += len(closing)
            mask[k:close] = bytes(close - k)
            k = view.find(opening, close, end)

