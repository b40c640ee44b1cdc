"""Stance analysis: sentences, quotations, attribution, speakers, once per document."""

from __future__ import annotations

from ..document import Document, Quote
from ..lazyre import lazy
from .coref import resolve, tally
from .language import detect
from .mentions import mark_mentions, mark_titles
from .quotes import find_quotes
from .sentences import segment
from .voice import mark_reported

#: a quotation of at most this many words with no speaker is a scare quote
SCARE_MAX_WORDS = 4


def analyse(doc: Document, language: str | None = None) -> Document:
    """``language`` (``--language``) overrides the front matter's ``language``/``lang``,
    which overrides detection (analysis/language.py)."""
    detect(doc, language or _front_matter_language(doc))
    segment(doc)
    find_quotes(doc)
    mark_titles(doc)  # (before attribution: a title of a work is no one's words)
    if doc.language == "en" and len(doc.languages()) == 1:
        # (imported here: the English attribution reads rules/lexicons/attribution.yaml on import)
        from .attribution import attribute, link_speakers

        attribute(doc)
        resolve(doc)
        link_speakers(doc)
    else:
        _attribute_mixed(doc)
    tally(doc)
    classify(doc)
    mark_reported(doc)
    return doc


def _front_matter_language(doc: Document) -> str | None:
    meta = doc.metadata
    if not meta:
        return None
    from .language import normalise

    for key in ("language", "lang"):
        if key in meta:
            return normalise(meta[key])
    return None


def _attribute_mixed(doc: Document) -> None:
    """English attribution on the quotations in English blocks, the Nepali one on the rest."""
    from . import nepali
    from .attribution import attribute, link_speakers

    everything = doc.quotes
    ne = [q for q in everything if doc.language_at(q.open_start) == "ne"]
    if len(ne) < len(everything):
        ne_ids = {id(q) for q in ne}
        doc.quotes = [q for q in everything if id(q) not in ne_ids]
        try:
            attribute(doc)
            resolve(doc)
            link_speakers(doc)
        finally:
            doc.quotes = everything
    else:
        doc.speakers = []
    speakers, relations, mixed = nepali.attribute(doc, ne, first_id=len(doc.speakers) + 1)
    doc.speakers = doc.speakers + speakers
    doc.nepali_relations = relations
    _add_nepali_relations(doc, relations)
    for q in ne:
        if q.parent is None:
            q.kind = _kind_ne(doc, q, q.id in mixed)


def _add_nepali_relations(doc: Document, relations) -> None:
    """The Nepali speech events (analysis/nepali) as attribution relations beside the English
    ones, in text order with ids renumbered; a source names a speaker when one has its name."""
    from ..document import Attribution, Cue, Mention, Span

    by_name = {sp.name: sp.id for sp in doc.speakers}
    made = []
    for r in relations:
        if not r.content:
            continue
        source = None
        if r.source is not None:
            (s, e), name, _ = r.source
            source = Mention(s, e, doc.view[s:e], name)
        cue = None
        if r.cue is not None:
            (s, e), lemma, stance = r.cue
            cue = Cue(s, e, doc.view[s:e], lemma, stance)
        a = Attribution(r.kind, [Span(s, e) for s, e in r.content], source, cue)
        if r.source is not None:
            kind = {"organisation": "organization"}.get(r.source[2], r.source[2])
            a.source_kind = kind if kind in ("person", "organization", "group", "anonymous", "document") else "unknown"
            a.speaker = by_name.get(r.source[1])
        a.quotes = list(r.quotes)
        made.append(a)
    if not made:
        return
    everything = sorted([*doc.attributions, *made], key=lambda r: (r.content[0].start, r.content[0].end))
    renamed = {}
    for n, a in enumerate(everything, 1):
        renamed[a.id] = f"a{n}"
        a.id = f"a{n}"
    for a in everything:
        if a.outer is not None:
            a.outer = renamed.get(a.outer)
    quotes = {q.id: q for q in doc.quotes}
    for a in everything:
        for qid in a.quotes:
            if qid in quotes:
                quotes[qid].relation = a.id
    doc.attributions = everything


def classify(doc: Document) -> None:
    """Set each quotation's kind: direct, partial, scare, block or nested (a quotation
    in a Nepali block: set by _kind_ne, before); then title (of a work) and term (a word
    cited as a word) among the scare and partial ones."""
    view = doc.view
    mixed = doc.language != "en" or len(doc.languages()) > 1
    prev = None  # the quotation before, outside any other
    for q in doc.quotes:
        if mixed and q.parent is None and doc.language_at(q.open_start) == "ne":
            if q.open_start == q.start and q.close_end == q.end and q.paragraph >= 0 \
                    and doc.paragraphs[q.paragraph].kind == "blockquote":
                q.kind = "block"
            prev = q
            continue
        if q.kind != "title":
            q.kind = "direct" if _resumed(view, prev, q) else _kind(doc, view, q)
        if q.parent is None:
            prev = q
    if doc.quotes:
        mark_mentions(doc)


def _kind_ne(doc: Document, q: Quote, mixed: bool) -> str:
    """A Nepali quotation: direct when attributed (the source and cue may stand before
    or after it: ``‘…’ उनले भने``, ``ओलीले ‘…’ भन्दै``) unless it is a fragment inside an
    indirect clause; a scare quote when short and unattributed."""
    words = doc.quote_words(q)
    if q.continues or (q.speaker is not None and not mixed and (words >= 2 or q.attribution == "continuation")):
        return "direct"
    if q.speaker is None and words <= SCARE_MAX_WORDS:
        return "scare"
    return "partial"


def _kind(doc: Document, view: str, q: Quote) -> str:
    if q.open_start == q.start and q.close_end == q.end and q.paragraph >= 0 and doc.paragraphs[q.paragraph].kind == "blockquote":
        return "block"
    if q.parent is not None:
        return "nested"
    inner = view[q.start:q.end].strip()
    words = doc.quote_words(q)
    if q.continues:
        return "direct"
    s = doc.sentence_at(q.open_start)
    lead = view[s.start:q.open_start] if s is not None else ""
    stripped = lead.strip(" \t\r\n\u00a0(—–-")
    opens = not stripped or stripped.endswith(":") or (
        q.cue is not None and q.cue.end <= q.open_start and not view[q.cue.end:q.open_start].strip(" ,:;\t\r\n\u00a0")
    )
    ends_like_speech = inner[-1:] in ".,?!…" or q.continued
    if q.paragraph >= 0 and opens and (words >= 3 or ends_like_speech) and (ends_like_speech or words >= 6):
        return "direct"
    if q.paragraph >= 0 and opens and stripped.endswith(":") and words >= 2 and inner[:1].isupper() \
            and q.speaker is not None:
        return "direct"  # the whole of what its source says or reads, after a colon ("reads: "Happy Holidays"")
    if q.paragraph >= 0 and words >= 3 and _full_quotation(view, q, inner, stripped):
        return "direct"
    if q.speaker is None and words <= SCARE_MAX_WORDS:
        return "scare"
    return "partial"


#: at most this many words of an appositive beside the speaker may interrupt a quotation
#: (', said Karen Lee, chief executive of the firm, "…')
RESUMED_MAX_WORDS = 8
#: words that open a clause of the writer's own inside the interruption (', said Lee, who wore
#: the slogan, "Back the Bid"'): what follows is no longer the quotation resumed (closed-class
#: grammar, not vocabulary)
_CLAUSE_WORDS = frozenset("who whom whose which that where when while as after before".split())
_LETTERS = lazy(r"[^\W\d_]+")


def _resumed(view: str, prev: Quote | None, q: Quote) -> bool:
    """The second part of a direct quotation that its attribution interrupts ('"If you think of
    criminals they do not do clever," said Mr King, "they just do what works."'): the part before
    is direct and breaks off at a comma, and between the two parts stand only this part's cue and
    speaker (with a short appositive) and a comma. It is the rest of a whole quotation, not a
    fragment worked into the writer's sentence."""
    if prev is None or prev.kind != "direct" or q.parent is not None or q.paragraph < 0 \
            or prev.paragraph != q.paragraph or q.cue is None or q.speaker is None:
        return False
    gap_start, gap_end = prev.close_end, q.open_start
    gap = view[gap_start:gap_end]
    if "\n" in gap or not gap.rstrip().endswith(",") \
            or not (view[prev.start:prev.end].rstrip().endswith(",") or gap.lstrip().startswith(",")):
        return False
    cue, sp = q.cue, q.speaker
    if not (gap_start <= cue.start and cue.end <= gap_end and gap_start <= sp.start and sp.end <= gap_end):
        return False
    a, b = sorted(((cue.start, cue.end), (sp.start, sp.end)))
    rest = [w.lower() for w in _LETTERS.findall(view[gap_start:a[0]] + " " + view[a[1]:b[0]] + " "
                                                  + view[b[1]:gap_end])]
    return len(rest) <= RESUMED_MAX_WORDS and not any(w in _CLAUSE_WORDS for w in rest)


#: words that end in a period without ending a sentence ("Mr. Trump", "Sen. Cruz")
_ABBREVIATIONS = frozenset("mr mrs ms dr sen rep gov gen col lt sgt capt st jr sr vs no inc co corp ltd dept".split())
_SENTENCE_END = lazy(r"([\w’'-]+)[.?!]+[”\"’']?\s+[“\"‘']?[A-Z]")


# the words a speaker's own sentence opens with, and a fragment of the writer's sentence does not
# (first and second person; closed-class grammar, not vocabulary)
_SPEECH_OPENERS = frozenset("I I'm I've I'd I'll We We're We've You".split())


def _ends_in_speech_verb(lead: str) -> bool:
    """Whether the lead-in ends with an inflected verb of saying ("he said", "she added")."""
    from .lexicon import cues

    last = lead.rsplit(None, 1)[-1].lower() if lead.strip() else ""
    lex = cues()
    form = lex.forms.get(last)
    return form is not None and form[0] != last and form[0] in lex.reporting and last not in lex.nounlike


def _full_quotation(view: str, q: Quote, inner: str, lead: str) -> bool:
    """A quotation that is not a fragment worked into the writer's sentence, though its lead-in
    does not open it: it holds two sentences or more and begins as a sentence ("… said that
    “we won. We will win again.”"), or it is a whole sentence of its own after a comma ("Sanders asks at the school,
    “Any questions?”"; "…, “They are both qualified,” he said")."""
    # two sentences or more, begun as a sentence (a capital, or a whole clause after "that"): a
    # fragment that runs on into sentences of its own ("the attacks “may trigger …. Sad as it
    # is, …”") stays partial
    if inner[:1].isupper() or lead[-5:].lower() in (" that", "that"):
        for m in _SENTENCE_END.finditer(inner):
            word = m.group(1)
            if word.lower() not in _ABBREVIATIONS and not (len(word) == 1 and word.isupper()):
                return True
    if inner[-1:] == "," and q.speaker is not None and q.close_end <= q.speaker.start <= q.close_end + 40 \
            and inner[:inner.find(" ")] in _SPEECH_OPENERS:
        return True  # '… his future "I think it is the games," he said': a comma missing before it
    if inner[-1:] == "," and inner[:1].isupper() and q.speaker is not None \
            and q.close_end <= q.speaker.start <= q.close_end + 40 and _ends_in_speech_verb(lead):
        # '"… to Google," he said "They thought Google would …," he added': the full stop missing
        # after the attribution before it, a whole quotation with its own attribution after it
        return True
    if not (lead.endswith(",") and inner[:1].isupper() and inner[-1:] in ".?!,"):
        return False
    after = view[q.close_end:q.close_end + 60]
    rest = after.lstrip(" \t\u00a0")
    if inner[-1:] in ".?!":
        return not rest or rest[:1] in "\r\n" or rest[:1].isupper()  # it ends the writer's sentence
    # "…,” he said": its own speaker stands after it
    return q.speaker is not None and q.close_end <= q.speaker.start <= q.close_end + 40
