"""Headline attributions: the forms a headline uses instead of a sentence.

Contract: ``headline_relations(doc)`` returns the attribution relations of the headline (and
subheadings): "Name: content" (a short capitalised source and a colon, not a kicker such as
"WATCH:"), and "Source Says content" / "Source Slams content" (a reporting verb in title case, the
words before it the source, the words after it the content). A headline part holds at most one
relation; parts are split at "; " (a headline with its deck on one line). A content that is one
quotation makes the relation direct, the quotation the source's words (``_link``).
"""

from __future__ import annotations

import re

from ...document import Attribution, Cue, Document, Mention, Span
from ...lazyre import lazy
from ..lexicon import attribution_words
from ..lexicon import cues as cue_lexicon
from ..lexicon import people as people_lexicon
from .sources import source_kind

_WORDS = attribution_words()  # the open-class vocabulary: rules/lexicons/attribution.yaml

#: at most this many words in a headline source ("Senate aide: …", "Mayor Ana Ruiz Says …")
SOURCE_MAX_WORDS = 6
#: kickers that end in a colon without being a source
_KICKERS = _WORDS["kickers"]
_WORD = lazy(r"[\w’'.&-]+")


def headline_relations(doc: Document) -> list[Attribution]:
    out = []
    for block in (doc.headline, *doc.subheadings):
        if block is None:
            continue
        start = block.start
        for part in re.finditer(r"[^;]+", doc.view[block.start:block.end]):
            rel = _relation(doc, start + part.start(), start + part.end())
            if rel is not None:
                _link(doc, rel)
                out.append(rel)
    return out


def _link(doc: Document, rel: Attribution) -> None:
    """A headline relation whose content is one quotation ("Mayor Says 'We Will Not Close the
    Bridge'") is direct, the quotation its source's words, when the source reads as a speaker (each
    word a capital or a speaker noun: not "A lesson from Loretta Lynch:") and the cue attributes
    quotations (not "Website Shows 'Bias'"). (A quoted fragment in a longer content is left alone:
    in a headline it is as often the writer's scare quote.)"""
    content = rel.content[0]
    inside = [q for q in doc.quotes if q.parent is None and q.speaker is None and q.kind != "title"
              and content.start <= q.open_start and q.close_end <= content.end]
    if len(inside) != 1 or inside[0].open_start != content.start or inside[0].close_end != content.end:
        return
    lex = cue_lexicon()
    if rel.cue is None or rel.cue.lemma in lex.relation_only or not _speakerlike(rel.source.text):
        return
    q = inside[0]
    rel.kind = "direct"
    q.speaker, q.cue, q.attribution = rel.source, rel.cue, "before"
    rel.quotes.append(q.id)


def _speakerlike(text: str) -> bool:
    kinds = people_lexicon().noun_kind
    for w in text.split():
        low = w.lower().strip(",.")
        if not (w[:1].isupper() or low in kinds or (low.endswith("s") and low[:-1] in kinds)):
            return False
    return True


def kicker(words: list[str]) -> bool:
    """Whether the words before a headline's colon are a kicker ("WATCH:", "The Latest:"), not a source."""
    return " ".join(words).lower() in _KICKERS or words[0].lower() in _KICKERS


def _relation(doc: Document, start: int, end: int) -> Attribution | None:
    view = doc.view
    while start < end and view[start].isspace():
        start += 1
    while end > start and view[end - 1] in " \t\r\n\u00a0.":
        end -= 1
    colon = view.find(": ", start, end)
    if colon > start:
        words = view[start:colon].split()
        if 0 < len(words) <= SOURCE_MAX_WORDS and words[0][:1].isupper() and not kicker(words) and end > colon + 2:
            comma = view.find(", ", start, colon)  # "Sam Lee, Daily Planet: …": the outlet is not the source
            src_end = comma if comma > start else colon
            src = Mention(start, src_end, view[start:src_end])
            rel = Attribution("indirect", [Span(colon + 2, end)], src, Cue(colon, colon + 1, ":", "say", "neutral"))
            rel.source_kind = source_kind(src)
            return rel
    lex = cue_lexicon()
    words = list(_WORD.finditer(view, start, end))
    for n, w in enumerate(words[1:SOURCE_MAX_WORDS + 1], 1):
        entry = lex.forms.get(w.group().lower())
        if entry is None or not w.group()[:1].isupper() or entry[0] in lex.quotes_only or n + 1 >= len(words):
            continue
        if not words[0].group()[:1].isupper():
            return None
        s0, s1 = words[0].start(), words[n - 1].end()
        src = Mention(s0, s1, view[s0:s1])
        rel = Attribution("indirect", [Span(words[n + 1].start(), end)], src,
                          Cue(w.start(), w.end(), w.group(), entry[0], entry[1]))
        rel.source_kind = source_kind(src)
        return rel
    return None


#: at most this many words in the speaker of a transcript turn ("TAPPER: …", "Luciana Lopez: …")
TURN_MAX_WORDS = 4
_TURN = lazy(r"((?:[A-Z][\w’'.-]*)(?: [A-Z][\w’'.-]*){0,%d}): (?=\S)" % (TURN_MAX_WORDS - 1))
#: labels that open a body paragraph with a colon without being a speaker's turn ("Note:")
_TURN_KICKERS = _KICKERS | _WORDS["turn_kickers"]


def turn_relations(doc: Document, relations: list[Attribution]) -> list[Attribution]:
    """Transcript turns in the body, a paragraph "NAME: what they said" with no quotation marks
    ("TAPPER: Do you think …", "Q: How did things go?" / "A: Well, …"): one indirect relation each,
    the name its source, the colon its cue, the rest of the paragraph its content. A name counts when
    it is one word in capitals (the transcript convention) or when the paragraph next to it is a turn
    of another name (a dialogue); days, months and kickers ("Update:", "Note:") are no names, and a
    content of figures or names only ("Clinton: 547") is a table, not a turn."""
    view = doc.view
    people = people_lexicon()
    taken = {r.cue.start for r in relations if r.cue is not None and r.cue.text == ":"}
    turns = {}
    for n, p in enumerate(doc.paragraphs):
        if p.kind not in ("paragraph", "blockquote"):
            continue
        m = _TURN.match(view, p.start, p.end)
        if m is None or view[m.end():m.end() + 1] in "\"“‘'«":
            continue
        name = m.group(1)
        words = name.split()
        if name.lower() in _TURN_KICKERS or words[0].lower() in _TURN_KICKERS or (name not in ("Q", "A") and any(
                w in people.days or w in people.months or w in people.not_names for w in words)):
            continue
        turns[n] = m
    out = []
    for n, m in turns.items():
        name = m.group(1)
        capitals = name.isupper() and len(name) > 2 and " " not in name  # "TAPPER:", not "STAT OF THE WEEK:"
        dialogue = any(k in turns and turns[k].group(1) != name for k in (n - 1, n + 1))
        if not (capitals or dialogue) or m.end(1) in taken:
            continue
        p = doc.paragraphs[n]
        end = p.end
        while end > m.end() and view[end - 1] in " \t\r\n\u00a0.…":
            end -= 1
        said = view[m.end():end].split()
        if len(said) < 2 or not any(w[:1].islower() for w in said):
            continue  # "Clinton: 547", "Iowa: Tim Albrecht, Brad Anderson, …": a table or a list, not a turn
        src = Mention(m.start(1), m.end(1), name)
        rel = Attribution("indirect", [Span(m.end(), end)], src, Cue(m.end(1), m.end(1) + 1, ":", "say", "neutral"))
        rel.source_kind = source_kind(src)
        out.append(rel)
    return out
