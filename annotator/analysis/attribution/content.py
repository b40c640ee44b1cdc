"""Content: what a reporting cue reports.

Contract: ``content_of(doc, sentence, cue, source)`` returns the reported content of ``cue`` as a
``Span`` inside ``sentence``, or None when there is none to take. The content is

* after the cue, when a clause or an object follows it: "X said (that) …", "X told reporters (that)
  …", "X accused Y of …", "according to X, …" (after the source and its comma); it runs to the end of
  the sentence, or to the point where another attribution starts (", according to", ", adding",
  "but argued …", "…, a new book claims."), or to a single dash (the writer's gloss follows);
* before the cue, when the cue and its source close the sentence: "…, X said.", "…, said X.",
  "…, according to X.": from the start of the sentence (after an opening conjunction) to the
  comma before the attribution.

The pronoun of a relative clause set off by a comma, right before the source, opens the content
as a span of its own ("the toll, which she said was unlawful, was dropped" reports ``which`` +
``was unlawful``: the clause ends where the main clause resumes).

"that" after the cue is part of the content (PolNeAR marks it so); the audience of "told" and the
adjuncts after a cue ("on Tuesday", "in a statement") are not. Spans never end in white space or in
the sentence's final punctuation.
"""

from __future__ import annotations

import re

from ...document import Cue, Document, Mention, Sentence, Span
from ...lazyre import lazy
from ..lexicon import attribution_words
from ..mentions import title_like
from ..lexicon import cues as cue_lexicon
from .cues import SOURCE_AFTER

_WORDS = attribution_words()  # the open-class vocabulary: rules/lexicons/attribution.yaml

#: words of an adjunct that may follow a cue before its content or the sentence's end
ADJUNCT_MAX_WORDS = 8
#: at most this many characters in such an adjunct
ADJUNCT_MAX_CHARS = 90
# a time adjunct right after a cue: "said Thursday", "said last week"
_TIME = lazy(
    r"\s*,?\s*(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today|tonight|"
    r"(?:last|this|earlier this|late last|early last)\s+(?:week|month|year|night|morning|afternoon|evening|spring|"
    r"summer|fall|autumn|winter))\b(?:\s+(?:morning|afternoon|evening|night))?"
)
#: at most this many words in the audience of "told" ("told reporters", "told the Daily Ledger")
AUDIENCE_MAX_WORDS = 6
#: the "that" after an audience is looked for within this many characters ("told reporters on
#: Tuesday that")
AUDIENCE_THAT_CHARS = 40
#: characters read for the first word of a content (a conjunction it drops: "but", "and")
CONTENT_LEAD_CHARS = 12

# verbs whose first object is the audience, not the content
_AUDIENCE_VERBS = _WORDS["audience_verbs"]
_AUDIENCE_START = lazy(
    r"\s+(?:reporters|journalists|supporters|voters|lawmakers|members|viewers|listeners|readers|"
    r"an audience|a crowd|a rally|an interviewer|him|her|them|me|us|you|"
    r"(?:the |a |an |[\"“]?[A-Z][\w’'.&-]*\s)(?:[\w’'.&-]+\s){0,%d}?)" % (AUDIENCE_MAX_WORDS - 1)
)
# an adjunct after a cue: "on Tuesday", "in a statement", "last week", "at a rally in Ohio"
# (a word of time opens it, not any word: "says this is a rough patch" reports "this is …")
_ADJUNCT = lazy(
    r"\s*,?\s*(?:(?:on|in|at|during|via|over)\s+[\w’'.-]+(?:\s+[\w’'.-]+){0,%d}|"
    r"(?:late|early|last|this|earlier|later|next)\s+(?:(?:this|last|that|next)\s+)?"
    r"(?:week|weekend|month|year|day|morning|afternoon|evening|night|spring|summer|fall|autumn|winter|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|"
    r"August|September|October|November|December)\b(?:\s+[\w’'.-]+){0,%d}|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today|tonight|"
    r"again|also|publicly|privately|repeatedly|recently|previously|then|now|once)"
    r"(?=\s*(?:,|that\b|$))" % (ADJUNCT_MAX_WORDS - 2, ADJUNCT_MAX_WORDS - 3)
)
# where a content running forward stops: another attribution or a new clause of the speaker
# (every alternative opens with a comma, a semicolon or a space: the pattern starts with that
# character class, then tells the three apart by looking back at it, so that the regex engine skips
# in C to the next candidate instead of trying every alternative at every character; the
# alternatives and their order are those of the plain list ", …|; |,? while …|…")
# the participles (and "according to") that open another attribution after a comma
_NEXT_ATTRIBUTION = (r"(?:according to|adding|saying|noting|arguing|explaining|citing|writing|telling|calling|"
                     r"insisting|claiming|warning|stressing|suggesting)\b")
_STOP_HEAD = (  # (one pattern: a second for reported clauses would double its compile time)
    r"[,;\s](?:"
    r"(?<=,)(?:\s*" + _NEXT_ATTRIBUTION +
    r"|\s(?:while|whereas|even as)\s|\s(?:one that|remarks|comments|who|rather than)\b"
    r"|\s+(?:but|where|though|although)\b"
    r"|\s+(?:he|she|they|we|I)\s+(?:[a-z]+ly\s+)?[a-z]+(?:ed|s)\b"
    r"|\s(?:and|but)\s+(?:was|were|is|are|has|have|had|will|would|[a-z]+ed)\b)"
    r"|(?<=;)\s"
    r"|(?<=\s)(?:(?:while|whereas|even as)\s"
    r"|(?:but|and)\s+(?:also\s+|then\s+|later\s+)?(?:said|says|added|argued|argues|insisted|noted|warned|"
    r"told|called|accused|denied|suggested|claimed|stressed|acknowledged|conceded|declined|refused|"
    r"did not|didn't|does not|doesn't|would not|wouldn't)\b"
    r"|(?:(?P<and>and)|but)\s+(?:was|were|is|are|has|have|had|will|would|[a-z]+ed)\b))"
)
_FORWARD_STOP = lazy(_STOP_HEAD)
_OPENS_ATTRIBUTION = lazy(_NEXT_ATTRIBUTION)
# a reported clause ("X said (that) Y …", a cue of cues.yaml's `reports`) runs on over the stop
# " and has …" (the group `and`): there it carries on the clause's own subject ("she said they were
# old and have nothing to do with …"), where after an object it is the speaker's next act ("she
# praised the plan and called for a vote")
_REPORTING = cue_lexicon().reporting
# a dash that opens what follows a content rather than a part of it (not a pair of dashes around
# an aside, "— including the cost —", nor one that goes on with the content: "— and more")
# (the pattern finds the dash; _dash() reads back over the commas and white space before it: a
# pattern that opened with that run was tried from every character of a long run of spaces, each
# try scanning the rest of it)
_DASH = lazy(r"(?<=[,\s])(?:—|–|--|-)\s+(?!(?:including|and|or|but|which|who)\b)")
_DASH_AGAIN = lazy(r"\s(?:—|–|--|-)\s")
_THAT = lazy(r"\s*that\b")
# closed-class grammar, not vocabulary: conjunctions and linking adverbs that may open a sentence
# before "according to"
_OPENERS = frozenset("but and so yet still meanwhile instead however also".split())
# closed-class grammar, not vocabulary: white space and punctuation trimmed off a content's end
_END_PUNCT = " \t\r\n\u00a0.,;:!?—–-"


def content_of(doc: Document, sentence: Sentence, cue: Cue, source: Mention | None) -> list[Span]:
    view = doc.view
    if cue.lemma in SOURCE_AFTER:
        return _spans(_according_to(view, sentence, cue, source, doc.quote_mask))
    if source is not None and source.start >= cue.end:
        # inverted: "…, said Ana Ruiz." reports what comes before
        return _doubled(doc, sentence, _before(view, sentence, cue.start), max(cue.end, source.end))
    if source is not None and _parenthetical(view, sentence, source, cue):
        # "The plan, she said, would cost twice as much": the content on both sides
        before = _before(view, sentence, source.start)
        after = _forward(view, sentence, cue.end + 1, doc.quote_mask)
        pronoun = _relative_before(view, sentence, source, cue, after)
        if pronoun is not None:  # "…, which, his advisers believe, would lead to …"
            return [pronoun, _relative_end(view, pronoun, after)]
        if before is not None and after is not None and _OPENS_ATTRIBUTION.match(view, after.start) is None:
            return [before, after]
        if before is not None and after is not None:
            return [before]  # "…, Ruiz said, adding that …": the participle reports what follows
    start = _forward_start(view, sentence, cue)
    if start is not None:
        clause = cue.lemma in _REPORTING or view.startswith("that ", start)
        after = _forward(view, sentence, start, doc.quote_mask, clause)
        pronoun = _relative_before(view, sentence, source, cue, after)
        if pronoun is not None:
            # "the ban, which he said was unlawful, …": the pronoun stands for the content's missing
            # subject (or object: "Ruiz, whom he called a liar") and is part of it
            return [pronoun, _relative_end(view, pronoun, after)]
        return _spans(after)
    if source is not None and source.end <= cue.start:
        return _doubled(doc, sentence, _before(view, sentence, source.start), cue.end)
    return []


#: an opening adverbial before a parenthetical attribution has at most this many words
INTRO_MAX_WORDS = 4
# the first words of such an adverbial: prepositions, conjunctions and "this" here (closed-class
# grammar, not vocabulary), and the lexicon's `opening_words`
_INTRO_WORDS = frozenset("on in at during after before since this but and yet so".split()) | _WORDS["opening_words"]


# closed-class grammar, not vocabulary: conjunctions that open a subordinate clause before the
# main one ("When asked …, she said, …"), and the marks that open a quotation
_SUBORDINATORS = frozenset("when as while after before asked if although though because since once until unless".split())
_OPENING_MARKS = frozenset("\"“‘'«")


def _parenthetical(view: str, sentence: Sentence, source: Mention, cue: Cue) -> bool:
    """Is the attribution set off by commas inside its content (", she said,")? Not after an
    opening adverbial ("On Tuesday, she said, …")."""
    if not (
        source.end <= cue.start and view[cue.end:cue.end + 1] == ","
        and view[sentence.start:source.start].rstrip().endswith(",")
        and not view[source.end:cue.start].strip(" \t\r\n\u00a0")[:1] == ","
    ):
        return False
    lead = view[sentence.start:source.start].split()
    if lead and lead[0].lower() in _SUBORDINATORS and view[cue.end + 1:cue.end + 4].lstrip()[:1] in _OPENING_MARKS:
        return False  # "When asked why …, Tyler said, "We have …"": an opening clause, then a quotation
    return not (len(lead) <= INTRO_MAX_WORDS and lead and lead[0].lower() in _INTRO_WORDS)


# closed-class grammar, not vocabulary: a relative clause set off by a comma, opened by a pronoun
# that stands for the reported clause's subject or object, with the source and cue between the
# pronoun and the rest ("the toll, which she said was unlawful, …", "Ruiz, whom he called …")
_RELATIVE = lazy(r",\s*(which|who|whom)\s*,?\s*$", re.IGNORECASE)
# where the main clause resumes after such a relative clause: ", was a major factor"
_MAIN_RESUMES = lazy(r",\s+(?:is|are|was|were|has|have|had|will|would|could|should|can|may|might|must|does|do|did)\b")
#: characters read back from a source for a relative pronoun before it
RELATIVE_CHARS = 10


def _relative_before(view: str, sentence: Sentence, source: Mention | None, cue: Cue,
                     after: Span | None) -> Span | None:
    """The pronoun of a relative clause set off by a comma right before a source ("…, which he
    said was …", "…, whom she called …"), or None. (PolNeAR marks it part of the content; a
    restrictive "that" or "what", or "where", as often not: those are left out.)"""
    if source is None or after is None or source.end > cue.start:
        return None
    lo = max(sentence.start, source.start - RELATIVE_CHARS)
    if view.find(",", lo, source.start) < 0:
        return None
    m = _RELATIVE.search(view[lo:source.start])
    if m is None:
        return None
    return Span(lo + m.start(1), lo + m.end(1))


def _relative_end(view: str, pronoun: Span, after: Span) -> Span:
    """The relative clause ends where the main clause resumes ("Her vote, which she has said was a
    mistake, was a factor")."""
    m = _MAIN_RESUMES.search(view, after.start, after.end)
    return Span(after.start, m.start()) if m is not None else after


def _spans(*spans: Span | None) -> list[Span]:
    return [sp for sp in spans if sp is not None]


def _doubled(doc: Document, sentence: Sentence, span: Span | None, after: int) -> list[Span]:
    """Content written between doubled apostrophes (''…'', as some archives set quotations) that
    the attribution closes: widened back to its opening pair, and joined by the stretch in the
    same marks that opens the next sentence of the paragraph."""
    view = doc.view
    if span is None:
        # "''… didn't he?'' Mrs. Clinton said.": the quotation closed the sentence before
        i = sentence.start
        while i > 0 and view[i - 1] in " \t\u00a0":
            i -= 1
        if not view[max(0, i - 3):i].endswith("''"):
            return []
        span = Span(i - 2, i)
    text = view[span.start:span.end]
    if not text.endswith("''"):
        return [span]
    para = doc.paragraphs[sentence.paragraph] if 0 <= sentence.paragraph < len(doc.paragraphs) else None
    floor = para.start if para is not None else sentence.start
    opening = view.rfind("''", floor, span.start) if text.count("''") % 2 else -1
    if opening < 0 and span.end - span.start == 2:
        return []
    out = [Span(opening, span.end) if opening >= 0 else span]
    if para is None:
        return out
    i = view.find("''", after, para.end)
    if i > 0 and view[after:i].rstrip(" \t\u00a0").endswith((".", "?", "!")):
        close = view.find("''", i + 2, para.end)
        if close > 0:
            out.append(Span(i, close + 2))
    return out


def _according_to(view: str, sentence: Sentence, cue: Cue, source: Mention | None, mask=None) -> Span | None:
    lead = view[sentence.start:cue.start].strip(" \t\r\n\u00a0")
    if not lead or lead.lower().rstrip(",") in _OPENERS:
        # "According to X, …": what follows the source and its comma
        if source is None:
            return None
        comma = view.find(",", source.end, sentence.end)
        if comma < 0 or view[source.end:comma].count(" ") > ADJUNCT_MAX_WORDS:
            return None
        return _forward(view, sentence, comma + 1, mask)
    # "…, according to X." (or "… according to X, …")
    return _before(view, sentence, cue.start)


def _forward_start(view: str, sentence: Sentence, cue: Cue) -> int | None:
    """Where the content after a cue starts (None when only adjuncts follow it)."""
    i = cue.end
    if cue.lemma in _AUDIENCE_VERBS:
        m = _AUDIENCE_START.match(view, i, sentence.end)
        if m is not None:
            # the audience runs to "that", a comma, or the first word of the clause
            t = _THAT.search(view, m.start(), min(sentence.end, m.end() + AUDIENCE_THAT_CHARS))
            rest = view[m.start():t.start()] if t else ""
            if t is not None and rest.count(" ") <= AUDIENCE_MAX_WORDS:
                i = t.start()
            else:
                i = _after_audience(view, i, sentence.end)
    # (the adjunct patterns only where they can match: a "that" within reach, a short rest)
    near = view[i:min(sentence.end, i + ADJUNCT_MAX_CHARS)]
    if " that" in near or ",that" in near:
        a = _ADJUNCT.match(view, i, sentence.end)
        if a is not None and a.end() > i and view[a.end():sentence.end].lstrip(" ,").startswith("that"):
            i = a.end()
            i += len(view[i:sentence.end]) - len(view[i:sentence.end].lstrip(" ,"))
    k = view.find(", that ", i, min(sentence.end, i + ADJUNCT_MAX_CHARS))
    if k > i and view[i:k].count(" ") < ADJUNCT_MAX_WORDS and '"' not in view[i:k] and "“" not in view[i:k]:
        i = k + 2  # "saying, apparently for the first time, that …"
    t = _TIME.match(view, i, sentence.end)
    if t is not None and view[t.end():t.end() + 1] in (" ", ","):
        i = t.end()  # "said Thursday his biggest worry …"
    rest = view[i:sentence.end].strip(_END_PUNCT)
    if not rest:
        return None
    if len(rest) <= ADJUNCT_MAX_CHARS and _only_adjunct(view[i:sentence.end].rstrip(_END_PUNCT)):
        return None  # "…, she said on Tuesday.", "…, Oxfam says in a report, Paying the Price."
    while i < sentence.end and view[i] in " \t\r\n\u00a0,:":
        i += 1
    colon = view.find(":", i, min(sentence.end, i + LEAD_IN_MAX_CHARS))
    lead = _LEAD_IN.match(view, i, sentence.end) if colon >= 0 else None
    if lead is not None:
        i = lead.end()  # 'said in a post on Twitter: "We have …"': the quotation is what is reported
    return i


def _only_adjunct(tail: str) -> bool:
    """Whether what follows a cue is only an adjunct ("on Tuesday", "in a statement"), or an
    adjunct with the name of the document in apposition ("says in a report, Paying the Price": a
    title-like phrase after its comma), not the content."""
    if _ADJUNCT.fullmatch(tail):
        return True
    if "," not in tail:
        return False
    a = _ADJUNCT.match(tail)
    if a is None:
        return False
    rest = tail[a.end():].lstrip(" \t\u00a0")
    return rest.startswith(",") and title_like(rest[1:])


#: words at most of a lead-in between a cue and the quotation it introduces
LEAD_IN_MAX_WORDS = 6
#: characters at most of such a lead-in, its colon included
LEAD_IN_MAX_CHARS = 80
# such a lead-in: a few words and a colon ("to him:", "in a post on Twitter:") before a quotation
# (not a reported clause of its own: 'that Muslims have two choices: "…"')
_LEAD_IN = lazy(r"(?!that\b)(?:[^\s\"“”:,.;]+\s+){0,%d}?[^\s\"“”:,.;]+:\s*(?=[\"“]|'')" % (LEAD_IN_MAX_WORDS - 1))


def _after_audience(view: str, i: int, end: int) -> int:
    """After 'told' with no 'that': skip one short noun phrase (a pronoun, 'reporters', a name)."""
    m = re.match(r"\s+(?:reporters|journalists|him|her|them|me|us|you|supporters|voters|lawmakers|"
                 r"(?:the |a |an )?(?:[A-Z][\w’'.&-]*\s?)+)", view[i:end])
    return i + m.end() if m else i


def _forward(view: str, sentence: Sentence, start: int, mask=None, clause: bool = False) -> Span | None:
    end = sentence.end
    stop = _FORWARD_STOP.search(view, start, end)
    while stop is not None and ((mask is not None and mask[stop.start() + 1]) or (clause and stop.group("and"))):
        stop = _FORWARD_STOP.search(view, stop.end(), end)  # (never inside a quotation)
    if stop is not None:
        end = stop.start()
    # (the pattern only where a dash is: most contents have none, and str.find is a scan in C)
    dash = _dash(view, start, end) if (
        view.find("—", start, end) >= 0 or view.find("–", start, end) >= 0 or view.find(" -", start, end) >= 0
    ) else None
    while dash is not None and mask is not None and mask[dash[0] + 1]:
        dash = _dash(view, dash[1], end)  # (never inside a quotation)
    if dash is not None and dash[0] > start and _DASH_AGAIN.search(view, start, dash[0]) is None \
            and _DASH_AGAIN.search(view, dash[1], sentence.end) is None:
        end = dash[0]  # "… a single-payer system — a dream for many Democrats": the writer's gloss
    if end == sentence.end:
        end = _before_tail(view, start, end)
    while end > start and view[end - 1] in _END_PUNCT:
        end -= 1
    while start < end and view[start] in " \t\r\n\u00a0":
        start += 1
    return Span(start, end) if end > start else None


def _dash(view: str, pos: int, end: int) -> tuple[int, int] | None:
    """(start, end) of the first such dash in view[pos:end] with the commas and white space before
    it (at least one, from ``pos`` on), and the white space after it; or None."""
    m = _DASH.search(view, pos + 1, end)
    if m is None:
        return None
    i = m.start() - 1
    while i > pos and (view[i - 1] == "," or view[i - 1].isspace()):
        i -= 1
    return i, m.end()


#: words at most between the comma and the cue of an attribution that closes a sentence
TAIL_MAX_WORDS = 8
_CUE_FORMS = cue_lexicon().forms
#: characters read back from a sentence's end for its last word
TAIL_CHARS = 40
# closed-class grammar, not vocabulary: white space and punctuation after a sentence's last word
_TAIL_PUNCT = " \t\r\n\u00a0.!?\"'”’)"


def _before_tail(view: str, start: int, end: int) -> int:
    """'Blair promised Brown he would stand down, a new book claims.': a content running to its
    sentence's end stops before an attribution that closes the sentence (a comma, a few words and
    a cue form), which reports it rather than being part of it."""
    tail = view[max(start, end - TAIL_CHARS):end].rstrip(_TAIL_PUNCT)
    word_start = tail.rfind(" ") + 1
    if not word_start or tail[word_start:].lower() not in _CUE_FORMS:
        return end
    cue_start = end - (len(view[max(start, end - TAIL_CHARS):end]) - word_start)
    comma = view.rfind(",", start, cue_start)
    if comma > start and len(view[comma + 1:cue_start].split()) <= TAIL_MAX_WORDS:
        return comma
    return end


def _before(view: str, sentence: Sentence, end: int) -> Span | None:
    start = sentence.start
    while start < end and view[start] in " \t\r\n\u00a0":
        start += 1
    word = view[start:start + CONTENT_LEAD_CHARS].split(" ", 1)[0].lower().rstrip(",")
    if word in ("but", "and", "so", "yet"):
        start += len(word)
        while start < end and view[start] in " ,\t\r\n\u00a0":
            start += 1
    while end > start and view[end - 1] in _END_PUNCT:
        end -= 1
    return Span(start, end) if end > start else None
