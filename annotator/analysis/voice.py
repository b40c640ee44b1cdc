"""The voice of the body's text: the writer's, a quotation's, or reported speech.

Contract: after attribution, ``mark_reported(doc)`` sets ``doc.reported_mask``, a bytearray as
long as the text with 1 on every character of the content of an indirect or mixed attribution
(reported speech: "the minister said the council had panicked") that lies outside quotation
marks, or None when there is none. Quotations are ``doc.quote_mask``; titles of works and
terms are quotations of their own kinds (analysis/mentions.py); markup is blanked out of
``doc.view`` by the readers. Everything else is the writer's voice.

Rules ask for the voice they judge through their scope (engine/context.py): ``writer`` is
neither quoted nor reported, ``quoted`` inside quotation marks, ``reported`` inside reported
speech; a rule with ``in_reported`` (the neutrality pack's default) also looks at reported
speech, at most at that severity and with a note naming the source.
"""

from __future__ import annotations

from ..document import Document


def mark_reported(doc: Document) -> None:
    relations = [a for a in (getattr(doc, "attributions", None) or ()) if a.kind != "direct"]
    if not relations:
        doc.reported_mask = None
        return
    mask = bytearray(len(doc.view))
    for a in relations:
        for c in a.content:
            mask[c.start:c.end] = b"\x01" * (c.end - c.start)
    for q in doc.quotes:  # a quoted fragment inside reported speech is the source's own words
        mask[q.open_start:q.close_end] = bytes(q.close_end - q.open_start)
    doc.reported_mask = mask if mask.find(1) >= 0 else None
