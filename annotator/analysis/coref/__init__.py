"""Coreference: who each speaker really is, and the article's ``speakers`` list.

* ``registry``: the named people, organisations and places of the article (scanned once);
* ``resolve``: the entity a speaker or source mention stands for (names, pronouns, roles);
* here, ``resolve(doc)``: one speaker per person, organisation or described source.

Contract of ``resolve(doc)`` (after ``attribution.attribute``): every quotation speaker mention and
every attribution source is resolved, in text order, and gets its speaker id (``Mention.speaker``,
``Mention.name``; ``Attribution.speaker``); ``doc.speakers`` holds one ``Speaker`` per entity, ids
``s1``, ``s2``, … in the order of the quotations first, then of the other relations; each counts its
quotations and quoted words, its relations and the words of its reported speech (indirect and mixed
content outside quotation marks), and the cues the writer chose for it (lemma, stance, count).
"""

from __future__ import annotations

from bisect import bisect_left, insort

from ...document import Document, Mention, Speaker, word_count
from .registry import Entity, Registry
from .resolve import Resolver, is_owner

# the third-person pronouns a quotation's speaker may be (closed-class grammar)
_PRONOUNS = frozenset("he she".split())

__all__ = ["Registry", "Resolver", "resolve", "tally"]


def resolve(doc: Document) -> None:
    """Resolve every speaker and source mention and build ``doc.speakers``."""
    quoted = [q for q in doc.quotes if q.speaker is not None]
    sourced = [r for r in doc.attributions if r.source is not None]
    if not quoted and not sourced:
        doc.speakers = []
        return
    reg = Registry(doc)
    mentions = sorted([q.speaker for q in quoted] + [r.source for r in sourced], key=lambda m: (m.start, m.end))
    subjects = {m.start for m in mentions}
    offsets, spans, view = reg.offsets, reg.spans, doc.view
    for m in mentions:
        # the first name registered inside a speaker's mention, not an owner before a possessive,
        # is who speaks ("editor Mike Goodridge", "Acme's Ana Ruiz, from Leeds"): a subject too,
        # for a later pronoun looks back over the registry's mentions
        i = bisect_left(offsets, m.start)
        while i < len(spans) and spans[i][0] < m.end:
            if not is_owner(view, spans[i][1]):  # (a registered owner's span holds its "'s")
                subjects.add(spans[i][0])
                break
            i += 1
    resolver = Resolver(doc, reg, subjects)
    resolver.said = {q.speaker.start: (q.start, q.end) for q in quoted if q.speaker.text.lower() in _PRONOUNS}
    # "The changes proposed by Lord Dubs were …, he said": the people the content before an
    # inverted pronoun speaks of are not who says it
    resolver.reported_before = {r.source.start: (r.content[0].start, r.content[-1].end) for r in sourced
                                if r.content and r.content[-1].end <= r.source.start
                                and r.source.text.lower() in _PRONOUNS}
    for m in mentions:
        resolver.resolve(m)

    table = _Table(doc, resolver)
    for q in quoted:
        sp = table.speaker_of(q.speaker)
        sp.quotes.append(q.id)
        sp.quoted_words += doc.quote_words(q)
    quote_speaker = {q.id: q.speaker.speaker for q in quoted}
    for r in doc.attributions:
        sid = next((quote_speaker[qid] for qid in r.quotes if qid in quote_speaker), None)
        if r.source is not None:
            sp = table.speaker_of(r.source) if sid is None else table.by_id[sid]
            if sid is not None:
                r.source.speaker = sid
                r.source.name = sp.name
                table.add_mention(sp, r.source)
            sid = sp.id
        r.speaker = sid
        if sid is not None and r.source_kind == "person" and table.by_id[sid].kind == "organization":
            r.source_kind = "organization"  # "Kazakhstan declined …": the state, not a person
    doc.speakers = table.finish()


def tally(doc: Document) -> None:
    """Each speaker's relations, reported words and cues, from ``doc.attributions`` (English and
    Nepali alike: run once every relation has its speaker)."""
    by_id = {sp.id: sp for sp in doc.speakers}
    for sp in doc.speakers:
        sp.attributions = []
        sp.reported_words = 0
        sp.cues = {}
    spans = None  # quotation id -> (open_start, close_end), made on first need
    for r in doc.attributions:
        sp = by_id.get(r.speaker) if r.speaker is not None else None
        if sp is None:
            continue
        sp.attributions.append(r.id)
        if r.kind != "direct":
            if spans is None and r.quotes:
                spans = {q.id: (q.open_start, q.close_end) for q in doc.quotes}
            sp.reported_words += _reported_words(doc, r, spans)
        if r.cue is not None:
            entry = sp.cues.setdefault(r.cue.lemma, [r.cue.stance, 0])
            entry[1] += 1


class _Table:
    """The speakers as they are met: one per entity (or per unresolved pronoun's text)."""

    def __init__(self, doc: Document, resolver: Resolver):
        self.doc = doc
        self.resolver = resolver
        self.lex = resolver.lex
        self.speakers: dict[object, Speaker] = {}
        self.by_id: dict[str, Speaker] = {}
        self.entity_of: dict[str, Entity | None] = {}
        self.starts: dict[str, set[int]] = {}

    def speaker_of(self, m: Mention) -> Speaker:
        name, kind, ent = self.resolver.resolve(m)
        m.name = name
        key = id(ent) if ent is not None else name.lower()
        sp = self.speakers.get(key)
        if sp is None:
            sp = Speaker(f"s{len(self.speakers) + 1}", name, kind)
            if ent is None and self.lex.pronoun_class.get(name.lower()) is not None:
                sp.label = f'an unnamed speaker ("{name}")'  # a pronoun that resolved to no one
            self.speakers[key] = sp
            self.by_id[sp.id] = sp
            self.entity_of[sp.id] = ent
            self.starts[sp.id] = set()
        m.speaker = sp.id
        self.add_mention(sp, m)
        return sp

    def add_mention(self, sp: Speaker, m: Mention) -> None:
        if m.start not in self.starts[sp.id]:
            self.starts[sp.id].add(m.start)
            sp.mentions.append(m)

    def finish(self) -> list[Speaker]:
        """Each speaker's mentions completed with its entity's (those overlapping none of its own)."""
        view = self.doc.view
        for sp in self.speakers.values():
            ent = self.entity_of[sp.id]
            if ent is not None:
                taken = sorted((x.start, x.end) for x in sp.mentions)
                longest = max((e - s for s, e in taken), default=0)
                for ms, me in ent.mentions:
                    k = bisect_left(taken, (me,))
                    clash = False
                    while k > 0 and taken[k - 1][0] > ms - longest - 1:
                        k -= 1
                        if taken[k][0] < me and taken[k][1] > ms:
                            clash = True
                            break
                    if not clash:
                        mm = Mention(ms, me, view[ms:me], ent.name)
                        mm.speaker = sp.id
                        sp.mentions.append(mm)
                        insort(taken, (ms, me))
                        longest = max(longest, me - ms)
                if ent.titles:
                    sp.title = ent.title_display or max(ent.titles, key=lambda t: (len(t), t))  # deterministic on ties
            sp.mentions.sort(key=lambda x: x.start)
        return list(self.speakers.values())


def _reported_words(doc: Document, r, spans: dict | None) -> int:
    """Words of a relation's content outside the quotations in it (``spans``: each quotation's
    (open_start, close_end) by id; one lookup per quotation of the relation, not a walk over
    every quotation of the article per relation, which made an article of many quoted
    relations quadratic)."""
    quotes = sorted(spans[i] for i in set(r.quotes) if i in spans) if r.quotes else []
    n = 0
    for c in r.content:
        text = doc.view[c.start:c.end]
        for s, e in quotes:
            if s < c.end and c.start < e:  # (the quotation's part blanked out)
                a, b = max(s, c.start) - c.start, min(e, c.end) - c.start
                text = f"{text[:a]}{' ' * (b - a)}{text[b:]}"
        n += word_count(text)
    return n
