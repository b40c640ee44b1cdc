"""Link: quotations tied to attribution relations, and relation sources to speakers.

Contract:

* ``link_quotes(doc, by_cue)`` takes the relations built from cues (keyed by their cue's start) and
  returns every relation of the document: a top-level quotation attributed by a cue joins that
  cue's relation (mixed when the relation's content reaches beyond the quotation, direct when the
  content is the quotation: then the content is the quotation's spans, one per part of a quotation
  split around its attribution); a quotation that continues the speech of an earlier one (its
  attribution ``continuation``: no cue of its own) joins the relation of that speech, mixed or
  direct, in its paragraph or a later one (PolNeAR's relations hold every part of one speech); an
  attributed quotation whose cue has no relation joins the direct relation of its speaker and cue
  in the same paragraph, or makes one. A direct relation's source is the quotation's speaker.
* ``link_speakers(doc)``, after ``speakers.resolve``, gives each relation's source the id of the
  speaker it names (the quotation's speaker, else the speaker with a mention at the same place or
  of the same name), or None.
"""

from __future__ import annotations

from ...document import Attribution, Document, Quote, Span
from .cues import verb_group
from .sources import source_kind, widen

#: a quotation within this many characters of its relation's content edges counts as the whole content
SLACK_CHARS = 3


def link_quotes(doc: Document, by_cue: dict[int, Attribution]) -> list[Attribution]:
    relations: list[Attribution] = list(by_cue.values())
    direct: dict[tuple, Attribution] = {}  # (cue start, speaker text, paragraph) -> direct relation
    speech: dict[tuple, Attribution] = {}  # (cue start, speaker start) -> the relation last joined
    for q in doc.quotes:
        if q.parent is not None or q.speaker is None:
            continue
        key = (q.cue.start if q.cue is not None else None, q.speaker.text.lower(), q.paragraph)
        said = (q.cue.start if q.cue is not None else None, q.speaker.start)
        if q.attribution == "continuation" and said in speech:
            # '… "the process … a legal contribution," Strother said. "If we were to find out …"':
            # a quotation that carries on the speech of one already attributed joins its relation,
            # mixed or direct, in this paragraph or a later one
            rel = speech[said]
            rel.content.append(Span(q.open_start, q.close_end))
            rel.quotes.append(q.id)
            continue
        rel = by_cue.get(q.cue.start) if q.cue is not None and q.attribution != "continuation" else None
        if rel is not None and rel.kind != "direct" and _inside(q, rel) and (
                not _is_whole(q, rel) or _pronoun_then(doc.view, rel, q)):
            rel.kind = "mixed"
            rel.quotes.append(q.id)
            speech[said] = rel
            if not _overlaps(rel.source, q.speaker):
                rel.source = q.speaker
                rel.source_kind = source_kind(q.speaker)
            continue
        rel = rel if rel is not None and (rel.kind == "direct" or not rel.quotes) else direct.get(key)
        if rel is None or rel.kind == "mixed":
            cue = q.cue
            if cue is not None:
                s = doc.sentence_at(cue.start)
                cue = verb_group(doc.view, cue, s.start if s is not None else 0)
            rel = Attribution("direct", [], q.speaker, cue)
            relations.append(rel)
        if rel.kind != "direct":
            rel.kind = "direct"
            rel.content = []
        if rel.source is None or not rel.quotes:
            rel.source = q.speaker
            if rel.cue is not None:
                s = doc.sentence_at(q.speaker.start)
                if s is not None and s.start <= rel.cue.start < s.end:
                    rel.source = widen(doc.view, q.speaker, rel.cue, s)
            rel.source_kind = source_kind(q.speaker)
        rel.content.append(Span(q.open_start, q.close_end))
        rel.quotes.append(q.id)
        direct[key] = rel
        speech[said] = rel
    return relations


def _pronoun_then(view: str, rel: Attribution, q: Quote) -> bool:
    """Is the content a relative pronoun and then the quotation ('the toll, which he called "a
    disgrace"': content ``content.py`` splits around the source)? The relation is mixed: the pronoun is part of
    what is reported, outside the marks."""
    first = rel.content[0]
    return len(rel.content) == 2 and first.end <= q.open_start and " " not in view[first.start:first.end]


def _inside(q: Quote, rel: Attribution) -> bool:
    return any(c.start <= q.open_start + SLACK_CHARS and q.close_end <= c.end + SLACK_CHARS for c in rel.content)


def _is_whole(q: Quote, rel: Attribution) -> bool:
    return any(q.open_start <= c.start + SLACK_CHARS and c.end <= q.close_end + SLACK_CHARS for c in rel.content)


def _overlaps(a, b) -> bool:
    return a is not None and b is not None and a.start < b.end and b.start < a.end


def link_speakers(doc: Document) -> None:
    """Set each relation's ``speaker`` from the resolved speakers."""
    by_quote = {}
    for q in doc.quotes:
        if q.speaker is not None and q.speaker.speaker:
            by_quote[q.id] = q.speaker.speaker
    by_start = {}
    by_name = {}
    for sp in doc.speakers:
        by_name.setdefault(sp.name.lower(), sp.id)
        for m in sp.mentions:
            by_start.setdefault(m.start, sp.id)
    for r in doc.attributions:
        sid = r.speaker or next((by_quote[q] for q in r.quotes if q in by_quote), None)  # (set by coref.resolve)
        if sid is None and r.source is not None:
            sid = by_start.get(r.source.start) or by_name.get(r.source.text.lower())
        r.speaker = sid
