"""The voice of the body's text: the writer's, a quotation's, or reported speech.

Contract: after attribution, ``mark_reported(doc)`` sets ``doc.reported_mask``, a bytearray as
long as the text with 1 on every character of the content of an indirect or mixed attribution
(reported speech: "the minister said the council had panicked") that lies outside quotation
marks, or None when there is none. Inside that content, an aside in parentheses or between spaced
dashes is the writer's, and a reported clause opened by a subordinating conjunction ("while she
said …,") ends at its comma: the main clause after it is the writer's. The complement of a judgement
with an agent ("regarded by most sailors as the finest") is reported speech too, with no relation
(``_mark_judged``). Quotations are ``doc.quote_mask``; titles of works and
terms are quotations of their own kinds (analysis/mentions.py); markup is blanked out of
``doc.view`` by the readers. Everything else is the writer's voice.

Rules ask for the voice they judge through their scope (engine/context.py): ``writer`` is
neither quoted nor reported, ``quoted`` inside quotation marks, ``reported`` inside reported
speech; a rule with ``in_reported`` (the neutrality pack's default) also looks at reported
speech, at most at that severity and with a note naming the source.
"""

from __future__ import annotations

import re

from ..document import Document
from ..lazyre import lazy


#: the marks of an aside: a parenthesis, or a pair of spaced dashes
_ASIDES = (("(", ")"), (" - ", " - "), (" – ", " – "), (" — ", " — "))
#: closed-class grammar: conjunctions that open a clause subordinate to the sentence's main one
_SUBORDINATORS = frozenset("while whereas although though if unless when because since once".split())


def mark_reported(doc: Document) -> None:
    relations = [a for a in (getattr(doc, "attributions", None) or ()) if a.kind != "direct"]
    view = doc.view
    mask = _relations_mask(view, relations) if relations else None
    mask = _mark_judged(doc, view, mask)
    mask = _mark_stance(doc, view, mask)
    if mask is None:
        doc.reported_mask = None
        return
    for q in doc.quotes:  # a quoted fragment inside reported speech is the source's own words
        mask[q.open_start:q.close_end] = bytes(q.close_end - q.open_start)
    doc.reported_mask = mask if mask.find(1) >= 0 else None


def _relations_mask(view: str, relations: list) -> bytearray:
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
    return mask


#: at most this many words in the agent of a judgement ("by many video game pundits")
AGENT_MAX_WORDS = 8
# "… by AGENT as|to be …": the agent (words only: no punctuation, no quotation mark) and the
# complement's opener (closed-class grammar); the pattern opens with a literal, so the scan for
# it runs in C
_JUDGED = lazy(r" by ((?:[\w’'&.-]+ ){1,%d}?)(?:as(?! (?:it|he|she|they|we|I|you) )|to be|to have been) "
               % AGENT_MAX_WORDS)  # ("as it sailed": a conjunction)
_END_PUNCT = " \t\r\n\u00a0.!?\"”’'"
# where a judgement's complement ends: a clause break (punctuation, a spaced dash, a conjunction)
_COMPLEMENT_END = lazy(r"[,;:()]|\s[-–—]\s|\s(?:and|but|while|whereas|although|though|because)\s")


def _mark_judged(doc: Document, view: str, mask: bytearray | None) -> bytearray | None:
    """"X is regarded by most sailors as the finest on the coast": after a participle of judging
    (``judged_by`` in rules/lexicons/voice.yaml) and its agent, the complement is the agent's
    judgement, reported speech up to the end of its clause. With no agent ("is widely regarded
    as") the judgement stays the writer's."""
    m = _JUDGED.search(view)
    if m is None:
        return mask
    verbs = None
    while m is not None:
        k = m.start()
        j = k
        while j > 0 and view[j - 1].isalpha():
            j -= 1
        if verbs is None:
            from .lexicon import voice_words

            verbs = voice_words()["judged_by"]
        if j < k and view[j:k].lower() in verbs:
            s = doc.sentence_at(k)
            end = s.end if s is not None else len(view)
            stop = _COMPLEMENT_END.search(view, m.end(), end)
            if stop is not None:
                end = stop.start()
            while end > m.end() and view[end - 1] in _END_PUNCT:
                end -= 1
            if end > m.end():
                if mask is None:
                    mask = bytearray(len(view))
                mask[m.end():end] = b"\x01" * (end - m.end())
        m = _JUDGED.search(view, m.end())
    return mask


# "… were sceptical that …": a form of "be" (an adverb may stand between) and an adjective right
# before " that " (closed-class grammar; the adjectives are rules/lexicons/voice.yaml stance_that)
_STANCE = lazy(r"\b(?:is|are|was|were|be|been|am|remains?|remained|seems?|seemed)[ \u00a0]+(?:[a-z]+ly[ \u00a0]+)?"
               r"([a-z]+)$", re.IGNORECASE)
#: characters before " that " read for the copula and the adjective
STANCE_LOOKBACK_CHARS = 48
#: the word before the copula that makes the view the writer's own ("it is certain that")
_IMPERSONAL = frozenset(("it", "this", "that", "there"))


def _mark_stance(doc: Document, view: str, mask: bytearray | None) -> bytearray | None:
    """"Traders were sceptical that the reports heralded a deal": the clause after a form of "be", an
    adjective of a view (``stance_that`` in rules/lexicons/voice.yaml) and "that" is the subject's
    view, reported speech up to the end of its clause. After an impersonal subject ("it is certain
    that") the statement stays the writer's."""
    i = view.find(" that ")
    if i < 0:
        return mask
    from .lexicon import voice_words

    adjectives = voice_words()["stance_that"]
    while i >= 0:
        j = view.rfind(" ", max(0, i - STANCE_LOOKBACK_CHARS), i) + 1
        if view[j:i].lower() in adjectives:  # (the word before " that ": cheap test first)
            m = _STANCE.search(view, max(0, i - STANCE_LOOKBACK_CHARS), i)
            if m is not None:
                k = m.start()
                while k > 0 and view[k - 1] in " \t\u00a0":
                    k -= 1
                h = k
                while h > 0 and view[h - 1].isalpha():
                    h -= 1
                start = i + len(" that ")
                if view[h:k].lower() not in _IMPERSONAL:
                    mask = _mark_clause(doc, view, mask, start)
        i = view.find(" that ", i + 1)
    return mask


def _mark_clause(doc: Document, view: str, mask: bytearray | None, start: int) -> bytearray:
    """Mark [start, the end of its clause) as reported."""
    s = doc.sentence_at(start)
    end = s.end if s is not None else len(view)
    stop = _COMPLEMENT_END.search(view, start, end)
    if stop is not None:
        end = stop.start()
    while end > start and view[end - 1] in _END_PUNCT:
        end -= 1
    if mask is None:
        mask = bytearray(len(view))
    if end > start:
        mask[start:end] = b"\x01" * (end - start)
    return mask


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

