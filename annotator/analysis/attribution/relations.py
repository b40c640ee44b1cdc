"""Relations: the document's attribution relations, built from its reporting cues.

Contract: ``build_relations(doc, attributor)`` fills ``doc.attributions`` (in text order of their
content, ids ``a1``, ``a2``, …) after the quotations have been attributed:

1. every cue that has a source in its sentence and a content (``sources``, ``content``) makes one
   relation: indirect, or mixed when a quotation lies inside its content;
2. then the quotations are linked to relations (``link``): a quotation attributed by a cue joins
   that cue's relation (the parts of a quotation split around its attribution are one relation with
   two content spans); a quotation whose relation's content is the quotation itself makes it direct;
   an attributed quotation with no relation of its cue (a continuation, a colon or dash attribution)
   makes a direct relation of its own.

One cue makes at most one relation; a cue inside a quotation makes none.
"""

from __future__ import annotations

from bisect import bisect_right

from ...document import Attribution, Document, Sentence, Span
from ...lazyre import lazy
from ..lexicon import attribution_words
from ..lexicon import cues as cue_lexicon
from .content import content_of
from .cues import verb_group
from .headline import SOURCE_MAX_WORDS, headline_relations, kicker, turn_relations
from .link import link_quotes
from .sources import opening_participle, source_kind, source_of


def build_relations(doc: Document, attributor) -> None:
    by_cue: dict[int, Attribution] = {}
    quote_cues = {q.cue.start for q in doc.quotes if q.cue is not None and q.speaker is not None}
    lex = cue_lexicon()
    nounlike = lex.nounlike
    last = None  # the relation made last (of the cue before)
    for cue in attributor.all_cues:
        if cue.lemma in lex.quotes_only and cue.start not in quote_cues:
            continue
        if cue.lemma in lex.relation_only and last is not None and last.content \
                and last.content[0].start <= cue.start < last.content[-1].end:
            continue  # "Ruiz said she believes …": a view inside reported speech (see below)
        noun = cue.text.lower() in nounlike and cue.start not in quote_cues and not _verb_follows(doc.view, cue)
        if noun and (not cue.text.endswith("ed") or cue.lemma in _NAMING):
            continue  # "the AP report merits", "the comments online": a noun
        s = doc.sentence_at(cue.start)
        if s is None:
            s = _headline_part(doc, cue.start)
        if s is None:
            continue
        source = source_of(attributor, s, cue)
        if noun and (source is None or not _subject_of(doc.view, source, cue)):
            continue  # "the reported details": no subject right before the past form
        if source is None:
            rel = _unsourced_question(doc, s, cue)
            if rel is not None:
                by_cue[cue.start] = rel
            continue
        group = verb_group(doc.view, cue, s.start)
        if source.start < group.start < source.end:
            group = cue
        content = content_of(doc, s, group, source)
        if not content and cue.start not in quote_cues:
            continue
        if content and content[0].start - group.end <= 1 and _first_word(doc.view, content[0].start) in _PARTICLES:
            continue  # "the sums do not add up and …", "called off the strike": a phrasal verb, no report
        rel = Attribution("indirect", content, source, group)
        rel.source_kind = source_kind(source) if source is not None else "unknown"
        if cue.lemma in lex.clause_only and cue.start not in quote_cues and rel.source_kind != "document" and not (
            content and doc.view.startswith("that ", content[0].start)
        ):
            continue
        if cue.lemma in lex.as_only and cue.start not in quote_cues and not (
            content and _AS_OBJECT.match(doc.view, content[0].start, content[0].end)
        ):
            continue  # "Sanders sees these gains as evidence …", not "she saw the film"
        by_cue[cue.start] = last = rel
    _drop_swallowed(by_cue)
    _end_at_participles(doc, by_cue)
    _drop_attribution_tails(by_cue)
    _reported_fragments(doc, by_cue, attributor.all_cues)
    relations = link_quotes(doc, by_cue)
    if doc.headline is not None or doc.subheadings:
        # (a headline part that holds no relation yet: "Mayor: …" beside "council says …" after a "; ")
        taken = [c for r in relations for c in r.content]
        relations.extend(r for r in headline_relations(doc)
                         if not any(c.start < t.end and t.start < c.end for c in r.content for t in taken))
    relations.extend(turn_relations(doc, relations))
    relations = [r for r in relations if r.content]
    relations.sort(key=lambda r: (r.content[0].start, r.content[0].end))
    _number(relations)
    _nest(relations)
    # "Ruiz said she believes …": a verb of thinking or wanting inside reported speech is part of what
    # was said, not an attribution of its own (PolNeAR marks about one in ten such)
    kept = [r for r in relations if r.outer is None or r.quotes or r.cue is None or r.cue.lemma not in lex.relation_only]
    if len(kept) < len(relations):
        relations = kept
        _number(relations)
        _nest(relations)
    quotes = {q.id: q for q in doc.quotes}
    for r in relations:
        for qid in r.quotes:
            quotes[qid].relation = r.id
    doc.attributions = relations


#: at most this many words in the object of a cue of cues.yaml's ``relations: as`` before its "as"
AS_OBJECT_MAX_WORDS = 6
# such an object and its "as" at the start of the content: "these gains as evidence …" (not a
# preposition's phrase: "the grim view of the climate comes as …", "the role he sees for himself as …";
# closed-class grammar, not vocabulary)
_AS_OBJECT = lazy(r"(?!(?:of|for|from|on|in|at|to|with|about|into|by)\s)(?:[^\s,;:]+\s+){1,%d}?as\s"
                  % AS_OBJECT_MAX_WORDS)


def _headline_part(doc: Document, pos: int) -> Sentence | None:
    """The part of the headline or a subheading that holds ``pos``, read as a sentence: a headline in
    sentence case reports as a sentence does ("Paul Ryan says he is not ready to back Trump"). Parts
    are split at "; " (a deck on the same line); a kicker before a colon ("The Latest: …") is no part of
    the one after it, and a short source before one ("Clinton camp: …") leaves that part to
    ``headline_relations``, as it does a headline in title case ("Mayor Says …": a capitalised verb
    is no cue of the prose)."""
    for block in (doc.headline, *doc.subheadings):
        if block is None or not block.start <= pos < block.end:
            continue
        view = doc.view
        start = block.start
        k = view.rfind("; ", block.start, pos)
        if k >= 0:
            start = k + 2
        k = view.rfind(": ", start, pos)
        if k >= 0:
            lead = view[start:k].split()
            if lead and len(lead) <= SOURCE_MAX_WORDS and "," not in view[start:k] and lead[0][:1].isupper() \
                    and not kicker(lead):
                return None  # "Clinton camp: Trump's plan threatens …": the source's colon, read by headline_relations
            start = k + 2  # "The Latest: …", "Ah, friends once more: …"
        end = view.find("; ", pos, block.end)
        return Sentence(start, end if end >= 0 else block.end, -1)
    return None


def _number(relations: list[Attribution]) -> None:
    for n, r in enumerate(relations, 1):
        r.id = f"a{n}"
        r.outer = None


def _drop_swallowed(by_cue: dict[int, Attribution]) -> None:
    """'declined to say': a cue inside another relation's cue (a verb group that governs the other
    cue's infinitive) makes no relation of its own."""
    end = -1
    for key, rel in sorted(by_cue.items(), key=lambda kv: (kv[1].cue.start, -kv[1].cue.end)):
        if rel.cue.end <= end:
            del by_cue[key]
        else:
            end = rel.cue.end


def _end_at_participles(doc: Document, by_cue: dict[int, Attribution]) -> None:
    """'Putin emphasized …, expressing …': a content running forward ends before a participle cue
    that makes a relation of its own after a comma (it reports something else). A content that is
    all such a participle's ('The mayor hit back, saying …') leaves its cue no relation: the
    participle reports it. Likewise a content ends before its own speaker's next cue joined to it
    by a conjunction ("Hodgson says … - but insists that …"), and before another source that opens a
    clause of its own after a comma or "but" ("… the economy, and most voters said …"). (Only the
    cues inside the content are looked at: a bisection, not a scan of every cue per relation.)"""
    view = doc.view
    starts = sorted(by_cue)
    for key, rel in list(by_cue.items()):
        if not rel.content or rel.cue is None or rel.content[-1].start < rel.cue.end:
            continue
        last = rel.content[-1]
        if len(rel.content) == 1 and last.start in by_cue and by_cue[last.start] is not rel \
                and by_cue[last.start].cue.text.lower().endswith("ing") and view[last.start - 2:last.start] == ", ":
            del by_cue[key]
            continue
        i = bisect_right(starts, last.start)
        while i < len(starts) and starts[i] < last.end:
            start = starts[i]
            other = by_cue.get(start)  # (None: a relation dropped above, its participle's now)
            if other is not None and other.cue.text.lower().endswith("ing") \
                    and view[max(last.start, start - 2):start] == ", ":
                rel.content[-1] = Span(last.start, start - 2)
                break
            if other is not None and other is not rel and start > rel.cue.end:
                end = _new_clause(view, last.start, other)
                if end is not None:
                    # "… was worried about the economy, and more than 4 in 10 said …": another source
                    # opens a clause of its own after a comma (or "but"); what it reports is not this
                    rel.content[-1] = Span(last.start, end)
                    break
            if other is not None and other is not rel and _same_source(rel, other) and start > rel.cue.end:
                # "Hodgson says the league should have a winter break - but insists that …": the
                # speaker's next cue ends what the first one reports
                end = _before_conjunction(view, last.start, other.cue.start)
                if last.start < end < other.cue.start and _COORDINATOR.search(view, end, other.cue.start):
                    rel.content[-1] = Span(last.start, end)
                    break
            i += 1


# closed-class grammar, not vocabulary: what opens a clause of another source inside a content, right
# before that source: a comma (and a coordinating conjunction), or "but" ("…, and the mayor said",
# "… but officials denied"; not a bare "and": "Congress and the president agreed" is one subject)
_CLAUSE_BEFORE_SOURCE = lazy(r"(?:,[ \u00a0]+(?:(?:and|but)[ \u00a0]+)?|[ \u00a0]+but[ \u00a0]+)$")
#: characters read back from another relation's source for what opens its clause (", but ")
CLAUSE_BEFORE_CHARS = 8


def _new_clause(view: str, start: int, other: Attribution) -> int | None:
    """Where a content that starts at ``start`` ends before ``other``, a relation whose source opens
    a clause of its own inside it, its cue after it ("…, and more than 4 in 10 said …"): at the comma
    or "but" before that source; None when ``other`` opens no such clause (or is a parenthetical
    inside the content: "…, which, they claim, would …")."""
    src = other.source
    if src is None or src.end > other.cue.start or src.start <= start or view[other.cue.end:other.cue.end + 1] == ",":
        return None
    m = _CLAUSE_BEFORE_SOURCE.search(view, max(start, src.start - CLAUSE_BEFORE_CHARS), src.start)
    if m is None:
        return None
    return m.start() if m.start() > start else None


def _reported_fragments(doc: Document, by_cue: dict[int, Attribution], cues) -> None:
    """'Mr Brown liked to rattle off "magical balances" in a bid to …, the Tory leader said.': a
    fragment credited only to its sentence's subject (attribution ``subject``: no verb of saying
    governs it) inside what a later speech cue reports is that cue's source's wording, as the
    sentence's other fragments are; the subject is only spoken of."""
    at = None
    for q in doc.quotes:
        if q.attribution != "subject" or q.parent is not None:
            continue
        if at is None:
            at = {c.start: c for c in cues}
        for key, rel in by_cue.items():
            if rel.source is not None and key >= q.close_end and rel.source.start >= q.close_end \
                    and any(c.start <= q.open_start and q.close_end <= c.end for c in rel.content):
                q.speaker, q.cue, q.attribution = rel.source, at[key], "after"
                break


def _same_source(a: Attribution, b: Attribution) -> bool:
    return a.source is not None and b.source is not None and a.source.start == b.source.start


# closed-class grammar, not vocabulary: what joins a speaker's two acts ("…, and", "- but")
_JOINER = lazy(r"(?:[\s,;:—–-]|\b(?:and|but|yet|then|also)\b)*$")
_COORDINATOR = lazy(r"\b(?:and|but|yet)\b|\s[—–-]+\s")


#: characters at most of what joins a speaker's two acts (" - but also ")
JOINER_MAX_CHARS = 24


def _before_conjunction(view: str, start: int, end: int) -> int:
    """Where a content ends before a cue of its speaker: before the conjunction and punctuation
    that join the two ("… a winter break - but insists")."""
    m = _JOINER.search(view, max(start, end - JOINER_MAX_CHARS), end)
    return m.start() if m is not None else end


def _drop_attribution_tails(by_cue: dict[int, Attribution]) -> None:
    """'…, there was no duty to respond, claimed the union.': a content that begins at another
    relation's cue, whose own content ends before it, is that relation's inverted attribution,
    not something reported: the relation holding it goes (its cue, "respond", reports nothing)."""
    for key, rel in list(by_cue.items()):
        if len(rel.content) != 1 or rel.cue is None:
            continue
        other = by_cue.get(rel.content[0].start)
        if other is not None and other is not rel and other.content and other.content[-1].end <= rel.content[0].start \
                and rel.cue.start < rel.content[0].start:
            del by_cue[key]


def _nest(relations: list[Attribution]) -> None:
    """A relation whose cue and source lie inside another relation's content is reported inside it
    ("Ruiz said, according to a pool report, that …" / "the report says Ruiz said …"): its ``outer``
    is the innermost such relation (of equal ones, the first in order of start).

    The content spans are searched back from the last one starting at or before the cue and
    source, and no further than a span could reach (the longest span's length) or still be
    smaller than the best found: not every span for every relation."""
    spans = sorted(((c.start, c.end, r) for r in relations for c in r.content), key=lambda x: x[0])
    if len(spans) < 2:
        return
    starts = [x[0] for x in spans]
    longest = max(e - s for s, e, _ in spans)
    for r in relations:
        if r.cue is None:
            continue
        lo = min(r.cue.start, r.source.start if r.source is not None else r.cue.start)
        hi = max(r.cue.end, r.source.end if r.source is not None else r.cue.end)
        best = None
        k = bisect_right(starts, lo) - 1
        while k >= 0:
            s, e, other = spans[k]
            if hi - s > longest or (best is not None and hi - s > best[1] - best[0]):
                break  # no span starting here or before contains the relation, or is smaller
            if other is not r and hi <= e and (best is None or e - s <= best[1] - best[0]):
                best = (s, e, other)
            k -= 1
        if best is not None:
            r.outer = best[2].id


# what may follow a cue form that is also a noun, for it to be a verb of saying: "reported that",
# "comments on the", "tweeted:", "denied it." (not "the report merits", "a whisper campaign");
# closed-class grammar (determiners, pronouns, prepositions, punctuation), not vocabulary
_AFTER_VERB = frozenset(
    "that the a an his her their its this these those it him them us me you on to about in at of for "
    "with after before during as , . : ;".split()
)


_NAMING = attribution_words()["naming_verbs"]
# closed-class grammar, not vocabulary: what may stand between a subject and its verb, adverbs
# and the perfect's auxiliary ("She recently praised …", "Facebook has reported …")
_ADVERBS = lazy(r"(?:\s+(?:[a-z]+ly|also|never|once|then|later|again|had|has|have))*\s+$")


def _subject_of(view: str, source, cue) -> bool:
    """Is the source the subject right before the cue, only adverbs or "has" between ("Facebook reported
    last quarter that …", "She recently praised …")? Then a past form that is also a noun's is
    the verb (not of a naming verb, "Obama called Abedini", a telephone call as often; nor in a
    credit line, "Wolf reported from Washington")."""
    return (source.end <= cue.start and _ADVERBS.fullmatch(view, source.end, cue.start) is not None
            and not view.startswith(" from ", cue.end))


# closed-class grammar, not vocabulary: the particles that make a cue form a phrasal verb that
# reports nothing when they follow it ("add up", "call off", "back down")
_PARTICLES = frozenset(("up", "down", "off"))
#: characters read for the first word of a content (a particle)
PARTICLE_CHARS = 6


def _first_word(view: str, i: int) -> str:
    """The word at ``i`` without the punctuation after it ("up" in "do not add up."): a
    particle ends a sentence or a clause as often as it stands before a word."""
    words = view[i:i + PARTICLE_CHARS].split(None, 1)
    return words[0].rstrip(".,;:!?") if words else ""


#: characters read after a cue for the word after it
NEXT_WORD_CHARS = 20


def _verb_follows(view: str, cue) -> bool:
    nxt = view[cue.end:cue.end + NEXT_WORD_CHARS].split()
    if not nxt:
        return True
    word = nxt[0].lower()
    return word in _AFTER_VERB or word[:1] in ",.:;\"“'‘" or word.rstrip(",.:;") in _AFTER_VERB



_QUESTION = lazy(r"\s+(?:whether|if|why|how|what|which|who|whom|when|where|about)\b")


def _unsourced_question(doc: Document, sentence, cue) -> Attribution | None:
    """'Asked whether …, Ruiz said …' / 'she was asked if …': a question with no asker named is a
    relation without a source, its content the question."""
    if cue.lemma != "ask":
        return None
    group = verb_group(doc.view, cue, sentence.start)
    m = _QUESTION.match(doc.view, cue.end, sentence.end)
    if m is None:
        return None
    content = content_of(doc, sentence, group, None)
    if not content:
        return None
    end = doc.view.find(", ", m.end(), content[0].end) if opening_participle(doc.view, sentence, group) else -1
    if end > 0:  # "(When) asked whether …, Ruiz said": the question ends at the comma
        content = [Span(content[0].start, end)]
    return Attribution("indirect", content, None, group)
