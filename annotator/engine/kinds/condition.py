"""condition: predicates over the analysis, chosen by name (``condition``): each is a method
of ``Kind`` listed in ``CONDITIONS``, and its options are a model of ``Options`` (a mapping
condition -> model, made on first use as the other kinds' ``Options``).

  quote                     quotations matching every filter given.
  cue                       the reporting cue of a quotation whose stance is listed.
  unattributed-figure       a figure with no source word or attributed quotation near it.
  headline-quote-unsourced  a quotation in the headline whose words are not quoted in the body.
  single-source             every attributed quotation comes from one speaker.
  repeated-word             a word written twice in a row ("the the"; DOUBLED), except ``allow``;
                            with ``only``, just those words and words with those endings (``-ले``).
  unbalanced-mark           a quotation mark with no partner.
  foreign-script            a block whose letters are mostly in another script than the article's;
                            a paragraph of prose in the article's other language (English in
                            Nepali, Nepali in English: analysis/language.py) is not.
Message fields: {match}, ``FIELDS``.
"""

from __future__ import annotations

import operator
import re
import time
import unicodedata
from bisect import bisect_left
from functools import cache
from itertools import compress, islice

from ..context import clip
from ..matcher import LexMatcher
from .lexicon import register
from .pattern import _UNANCHORED, TIME_BUDGET, after_empty, compile_pattern, out_of_budget

# (Python's re, for a view with lone surrogates only: compiled on first use)
_NON_LATIN = "[^\x00-\u024f\u1e00-\u1eff\u2000-\u206f\u20a0-\u20cf\u2100-\u218f\u2190-\u2bff\ufeff]"
# the same class for RE2 on the UTF-8 bytes of the view (a probe in the engine's one set pass)
_NON_LATIN_RE2 = ("[^\\x{0}-\\x{24f}\\x{1e00}-\\x{1eff}\\x{2000}-\\x{206f}\\x{20a0}-\\x{20cf}\\x{2100}-\\x{218f}"
                  "\\x{2190}-\\x{2bff}\\x{feff}]")
_ODD = frozenset({"unbalanced", "ambiguous"})
_NORM = re.compile(r"[^\w]+")
_NAMED = frozenset({"person", "organization", "document"})
#: marks a figure pattern may match after a figure, to say where it ends: not part of the span
_FIGURE_END = frozenset(",;:।॥")
_VAGUE = frozenset({"anonymous", "group"})

FIELDS = frozenset({"quote", "speaker", "cue", "stance", "kind", "words", "figure", "script"})


def __getattr__(name: str):
    # ``Options`` (condition -> the pydantic model of its options) is made on first use: pydantic
    # is imported only where rule files are validated (annotator.models), never by ``check``
    if name == "Options":
        return _options_models()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@cache
def _options_models() -> dict:
    from typing import Literal

    from pydantic import Field

    from ...models import KindOptions, QuoteKind, Stance

    class Quote(KindOptions):
        """Quotations matching every filter given."""

        condition: Literal["quote"]
        kinds: list[QuoteKind] | None = None
        speaker: Literal["any", "none", "present", "named", "anonymous"] = "any"
        stances: list[Stance] | None = Field(None, description="the quotation's cue has one of these stances")
        min_words: int = Field(0, ge=0)
        max_words: int | None = None
        target: Literal["outer", "inner", "cue", "speaker"] = Field("outer", description="the span reported")
        unsourced_headline: bool = Field(
            True, description="include a headline's quotations whose words no quotation of the body holds "
                              "(false: leave them to headline-quote-unsourced, one finding per span, and leave "
                              "those whose words only the body's reported speech holds alone)")

    class Cue(KindOptions):
        """The reporting cue of a quotation, when its stance is listed."""

        condition: Literal["cue"]
        stances: list[Stance]

    class Figure(KindOptions):
        """A figure or statistic with no attribution in its sentence or paragraph."""

        condition: Literal["unattributed-figure"]
        figure: str = Field(description="RE2 pattern of a figure that needs a source")
        within: Literal["sentence", "paragraph", "paragraphs"] = Field(
            "paragraph", description="where a source counts: the figure's sentence, its paragraph, or its "
                                     "paragraph and the ones before and after it (wire copy names a poll "
                                     "once for a run of short paragraphs of its figures)")
        sources: list[str] = Field(default_factory=list, description="words that attribute a figure besides "
                                                                      "reporting cues (inflected as verbs)")

    class HeadlineQuote(KindOptions):
        """A quotation in the headline whose words no one says in the body."""

        condition: Literal["headline-quote-unsourced"]

    class SingleSource(KindOptions):
        """Every attributed quotation from one speaker."""

        condition: Literal["single-source"]
        min_quotes: int = Field(2, ge=1)

    class RepeatedWord(KindOptions):
        """A word written twice in a row (fix: drop the second)."""

        condition: Literal["repeated-word"]
        allow: list[str] = Field(default_factory=list, description="doublings that are correct English (had had, "
                                                                    "that that)")
        only: list[str] | None = Field(
            None, description="flag only these words, and words with these endings ('-ले'): for a language "
            "that doubles bare words on purpose (Nepali पटक पटक, ठूला ठूला)")
        stranded: list[str] = Field(
            default_factory=list, description="prepositions that may end a relative clause and then open a "
            "phrase of their own: doubled after one ('the moment I've been waiting for for years') they are "
            "correct English; elsewhere ('talking about about') a slip")

    class ForeignScript(KindOptions):
        """A headline, subheading or paragraph mostly in another script than the article."""

        condition: Literal["foreign-script"]
        min_letters: int = Field(6, ge=1, description="a block needs at least this many letters to be judged")

    class UnbalancedMark(KindOptions):
        """A quotation mark with no partner."""

        condition: Literal["unbalanced-mark"]

    # condition name -> model (tests/test_schema.py checks these are the names of CONDITIONS)
    return {m.model_fields["condition"].annotation.__args__[0]: m
            for m in (Quote, Cue, Figure, HeadlineQuote, SingleSource, RepeatedWord, ForeignScript, UnbalancedMark)}


def _norm(s: str) -> str:
    return " ".join(_NORM.sub(" ", s.casefold()).split())


def _headline_words(doc, view: str) -> tuple[list, set, set]:
    """(quotation, its words normalised) of each quotation of the headline, the words of those
    that a quotation of the body holds, and the words of the others that the body's reported
    speech of a source holds."""
    h = doc.headline
    if h is None or not doc.quotes:
        return [], set(), set()
    heads = [q for q in doc.quotes if h.start <= q.open_start < h.end and q.parent is None]
    if not heads:
        return [], set(), set()
    words_of = [(q, _norm(view[q.start:q.end])) for q in heads]
    wanted = {w for _, w in words_of if w}
    quoted = _found_in([_norm(view[q.start:q.end]) for q in doc.quotes if q.paragraph >= 0], wanted)
    # (whole words: a paraphrase is long, and "woo" is in "wood")
    said = {w[1:-1] for w in _found_in([f" {_norm(view[c.start:c.end])} " for a in doc.attributions
                                        if a.source is not None and a.kind != "direct" and a.source.start >= h.end
                                        for c in a.content], {f" {w} " for w in wanted - quoted})}
    return words_of, quoted, said


def _unsourced_headline_quotes(ctx, reported: bool = False) -> list[tuple]:
    """(quotation, its words normalised) of the headline's quotations whose words no quotation
    of the body holds, in text order. With ``reported``, also those whose words only the body's
    reported speech of a source holds ("Wilkinson return 'unlikely'" over "Rob Andrew said that
    Wilkinson was unlikely to be fit"): they are that source's words, neither unsourced nor
    scare quotes, and have no quotation to take a speaker from. What the body holds is worked
    out once per article (``Context.per_article``) for the three rules that read it (scare and
    partial quotes leave these quotations out, headline-quote-unsourced reports them)."""
    found = ctx.per_article.get("headline_words")
    if found is None:
        found = ctx.per_article["headline_words"] = _headline_words(ctx.doc, ctx.view)
    words_of, quoted, said = found
    if reported:
        return [(q, words) for q, words in words_of if words and words not in quoted]
    return [(q, words) for q, words in words_of if words and words not in quoted and words not in said]


def _attributed_up_front(doc) -> bool:
    """Whether the first paragraph of the body (the lead) attributes something to a source
    ("…, a charity has warned", "according to a report by …", "says Age Concern"): then marks
    in the headline follow the convention of attributive headline quotes (the words are the
    gist of what that source says), not words no one is shown saying.  A source named only in
    the headline ("Mayor hails 'great year'") is not enough: the body must show it."""
    first = next((p for p in doc.paragraphs if p.kind == "paragraph"), None)
    if first is None:
        return False
    for a in doc.attributions:
        if a.source is not None and a.cue is not None and first.start <= a.cue.start < first.end:
            return True
    return False


def _found_in(texts: list[str], words: set[str]) -> set[str]:
    """The words that occur in one of the texts (normalised by _norm: no newline in them),
    found in one Aho-Corasick pass over the texts, whatever the number of words (a search
    of every text per word made a headline of many quotations quadratic)."""
    if not words or not texts:
        return set()
    import ahocorasick  # (loaded by the cue lexicon already)

    automaton = ahocorasick.Automaton(ahocorasick.STORE_ANY, ahocorasick.KEY_STRING)
    for w in words:
        automaton.add_word(w, w)
    automaton.make_automaton()
    found: set[str] = set()
    for _, w in automaton.iter("\n".join(texts)):
        found.add(w)
        if len(found) == len(words):
            break
    return found


#: what may stand right before or after a doubled word besides a space or a line break: ASCII
#: punctuation but for ' - _ (a part of a word), and the usual opening and closing marks
EDGES = "!\"#$%&()*+,./:;<=>?@[\\]^`{|}~“”„‟‘‚‛«»‹›—–‒―…·•¿¡§¶†‡′″।॥"
#: a word written twice: letters (any script, with combining marks: Devanagari vowel signs and
#: viramas, decomposed accents), then spaces, tabs or no-break spaces, or one line break among
#: them, then the same letters in any case; each word with a space, a line break, one of EDGES
#: or the end of the text on its outer side ("(the the", "“the the plan”", "—the the").
DOUBLED = (r"(?<![^\s" + re.escape(EDGES) + r"])((?:[^\W\d_]|[\u0300-\u036f\u0900-\u0963])++)(?:[ \t\u00a0]+|[ \t\u00a0]*\r?\n[ \t\u00a0]*)(\1)"
           r"(?![^\s" + re.escape(EDGES) + r"])")
_doubled = None
#: the most words written twice whose places are searched for one by one (each search reads the
#: whole view); with more, the pattern runs over the view once
DOUBLED_SEARCHES_MAX = 8


def _fold(text: str) -> str:
    """``text`` lower-cased letter by letter, as the pattern's IGNORECASE compares letters
    (str.lower() but for İ, which it makes two letters, and a final ς, which it makes of Σ)."""
    if "\u0130" in text:
        text = text.replace("\u0130", "i")
    text = text.lower()
    return text.replace("ς", "σ") if "ς" in text else text


def doubled(view: str, allow=frozenset()) -> list[tuple[int, int, int, int]]:
    """(start, end of the first word, start of the second, end) of each match of DOUBLED in
    ``view`` whose word (folded) is not in ``allow``.

    The pattern runs only when the folded view split at spaces and EDGES (~0.1 ms, in C) has
    two equal neighbours not in ``allow``, not across a blank line, and not ASCII but for
    letters: the two words of a match of DOUBLED are always two such neighbours, and running
    the pattern over every article (~0.4 ms) would cost ~10% of a check's throughput.
    tests/test_engine_fast_paths.py checks that this finds every match of the pattern."""
    global _doubled
    folded = _fold(view)  # (as long as the view: letter for letter)
    # (two line breaks never stand between the words of a match: a blank line is a word of its
    # own here, "\0", so the last word of a paragraph and the first of the next are no pair)
    text = folded.replace("\n\n", "\n\0\n")
    for c in EDGES:
        if c in text:
            text = text.replace(c, " ")
    words = text.split()
    same = list(map(operator.eq, words, islice(words, 1, None)))  # compared in C
    if not any(same):
        return []
    # the word of a match is letters: an ASCII word with a digit, a hyphen or an apostrophe
    # ("2 2", "high-definition high-definition") is none
    candidates = [w for w in set(compress(words, same)) - allow if not w.isascii() or w.isalpha()]
    if not candidates:
        return []
    if _doubled is None:
        _doubled = re.compile(DOUBLED, re.IGNORECASE)
    if len(candidates) > DOUBLED_SEARCHES_MAX:
        # many different words written twice: one pass of the pattern over the view is linear
        # in it, a search of the view for each word is not (a 2 MB article doubling a word in
        # every paragraph took minutes)
        return [(m.start(), m.end(1), m.start(2), m.end()) for m in _doubled.finditer(view)
                if _fold(m.group(1)) not in allow]
    # The pattern is tried only where a candidate starts in the folded view (a match's word,
    # folded, is a candidate or in ``allow``), in text order and past the last match, as
    # finditer() would meet them: running it over the whole view costs ~4M instructions an
    # article (a lookbehind and a group of alternatives at every character). A match of a
    # word in ``allow`` never overlaps another's start: only its two words start in it.
    starts = set()
    for w in candidates:
        i = folded.find(w)
        while i >= 0:
            starts.add(i)
            i = folded.find(w, i + 1)
    out = []
    end = 0
    match = _doubled.match
    for i in sorted(starts):
        if i < end:
            continue
        m = match(view, i)
        if m is not None:
            end = m.end()
            if _fold(m.group(1)) not in allow:
                out.append((m.start(), m.end(1), m.start(2), m.end()))
    return out


#: the subject of a relative clause, as its pronoun ("the moment I've been waiting for")
_CLAUSE_SUBJECTS = frozenset({"i", "we", "you", "he", "she", "they", "i've", "we've", "you've", "they've", "i'd",
                              "we'd", "you'd", "he'd", "she'd", "they'd", "we're", "you're", "they're", "i'm",
                              "he's", "she's"})
#: what opens a relative clause before its subject ("a situation that we've been placed in")
_RELATIVES = frozenset({"that", "which", "who", "whom", "what", "whatever", "where"})
#: what makes the word after it the head of a noun phrase ("the moment", "one thing"), or a noun
#: phrase of its own ("something"), that a relative clause with no "that" can follow
_DETERMINERS = frozenset({"the", "a", "an", "this", "every", "each", "any", "some", "no", "one", "another"})
_COMPOUND_NOUNS = frozenset({"something", "anything", "everything", "nothing", "someone", "anyone", "everyone",
                             "somebody", "anybody", "everybody", "nobody"})
#: what ends the clause before a doubled preposition (and " - ", a spaced hyphen as a dash)
_CLAUSE_BREAKS = ".!?;:,()[]\"“”«»—–"


def _ends_relative_clause(view: str, at: int) -> bool:
    """Whether the word at ``at`` (a preposition) ends a relative clause: before it in its clause,
    after a relative word or a noun phrase ("that", "the moment", "something"), a pronoun subject
    and at most four words after it (auxiliaries and the verb: "I've been waiting for")."""
    before = view[max(0, at - 120):at]
    dash = before.rfind(" - ")
    before = before[max(max(before.rfind(c) + 1 for c in _CLAUSE_BREAKS), dash + 3 if dash >= 0 else 0):]
    words = [w.replace("\u2019", "'") for w in before.lower().split()]
    for k in range(len(words) - 2, max(-1, len(words) - 6), -1):  # the subject, 2-5 words before the preposition
        if words[k] not in _CLAUSE_SUBJECTS or k == 0:
            continue
        prev = words[k - 1]
        return (prev in _RELATIVES or prev in _COMPOUND_NOUNS or
                (k >= 2 and words[k - 2] in _DETERMINERS and prev.isalpha()))
    return False


def _any_within(starts: list[int], start: int, end: int) -> bool:
    """Whether the sorted offsets hold one in start..end."""
    i = bisect_left(starts, start)
    return i < len(starts) and starts[i] < end


def _script(ch: str) -> str:
    if ord(ch) < 0x250:
        return "Latin"
    name = unicodedata.name(ch, "")
    return name.split(" ")[0].title() if name else "Unknown"


_RUNS = None


def _script_tables():
    """Tables deleting the Latin letters (what _script calls Latin and isalpha() accepts) and
    the Devanagari letters, and a pattern of the characters in neither block (judged one by
    one): a Nepali article is counted in C, not a Python call per character (built on first use)."""
    global _RUNS
    if _RUNS is None:
        lat = {i: None for i in range(0x250) if chr(i).isalpha()}
        dev = {i: None for i in range(0x900, 0x980) if chr(i).isalpha()}
        _RUNS = (lat, dev, re.compile("[^\x00-\u024f\u0900-\u097f]+"))
    return _RUNS


class Kind:
    def __init__(self, engine, slots: list[int]):
        self.engine = engine
        self.slots = slots
        self.figures = {}
        self.figure_patterns: dict[int, str] = {}
        self.figure_probes: dict[int, int] = {}
        self.sources: dict[int, LexMatcher] = {}
        self.non_latin = None
        self.jobs = []
        self.allow: dict[int, frozenset] = {}
        self.stranded: dict[int, frozenset] = {}
        self.only: dict[int, tuple] = {}
        for slot in slots:
            spec = engine.specs[slot]
            c = spec.options["condition"]
            if c == "repeated-word":
                self.allow[slot] = frozenset(_fold(w) for w in spec.options["allow"])
                self.stranded[slot] = frozenset(_fold(w) for w in spec.options["stranded"])
                only = spec.options["only"]
                if only is not None:  # (words, endings)
                    self.only[slot] = (frozenset(_fold(w) for w in only if not w.startswith("-")),
                                       tuple(_fold(w[1:]) for w in only if w.startswith("-") and len(w) > 1))
            if c == "foreign-script" and self.non_latin is None:
                self.non_latin = engine.probes.add(_NON_LATIN_RE2)
            if c == "unattributed-figure":
                self.figures[slot] = compile_pattern(spec.options["figure"], True)
                self.figure_patterns[slot] = spec.options["figure"]
                self.figure_probes[slot] = engine.probes.add(self.figures[slot].pattern)
                words = [{"word": w} for w in spec.options["sources"]]
                if words:
                    # scanned only around a figure, not over every article
                    m = LexMatcher()
                    register(engine, slot, words, "verb", m)
                    m.compile()
                    self.sources[slot] = m
            self.jobs.append((slot, c, spec))

    def expect(self, articles: int) -> None:
        """``Engine.expect``: the words that attribute a figure are scanned with a matcher of their own."""
        for m in self.sources.values():
            m.expect(articles)

    def __getstate__(self):
        state = dict(self.__dict__)
        state["figures"] = {}  # RE2 objects do not pickle: compiled again on the first article with a figure
        return state

    def _figure(self, slot: int):
        rx = self.figures.get(slot)
        if rx is None:
            rx = self.figures[slot] = compile_pattern(self.figure_patterns[slot], True)
        return rx

    def run(self, ctx) -> None:
        active = ctx.settings.active
        for slot, condition, spec in self.jobs:
            if active[slot]:
                CONDITIONS[condition](self, ctx, slot, spec)

    # -- quotations ------------------------------------------------------------------
    def _quote(self, ctx, slot, spec) -> None:
        doc = ctx.doc
        if not doc.quotes:
            return
        o = spec.options
        by_id = ctx.speakers
        kinds = o["kinds"]
        min_words, max_words = o["min_words"], o["max_words"]
        want = o["speaker"]
        stances = o["stances"]
        target = o["target"]
        everywhere = "all" in spec.scope
        view = ctx.view
        skip_heads = None if o["unsourced_headline"] else \
            {id(q) for q, _ in _unsourced_headline_quotes(ctx, reported=True)}
        for q in doc.quotes:
            if kinds is not None and q.kind not in kinds:
                continue
            if skip_heads and id(q) in skip_heads:
                continue
            m = q.speaker
            sp = by_id.get(m.speaker or "") if m is not None else None
            if want == "none" and (m is not None or q.continues):
                continue
            if want == "present" and m is None:
                continue
            if want == "named" and (sp is None or sp.kind not in _NAMED):
                continue
            if want == "anonymous" and (sp is None or sp.kind not in _VAGUE):
                continue
            if stances is not None and (q.cue is None or q.cue.stance not in stances):
                continue
            words = None
            if min_words or max_words is not None:
                words = ctx.doc.quote_words(q)
                if words < min_words or (max_words is not None and words > max_words):
                    continue
            if target == "inner":
                s, e = q.start, q.end
            elif target == "cue":
                if q.cue is None:
                    continue
                s, e = q.cue.start, q.cue.end
            elif target == "speaker":
                if m is None:
                    continue
                s, e = m.start, m.end
            else:
                s, e = q.open_start, q.close_end
            if not (everywhere or ctx.in_scope(spec.scope, s, e)):
                continue
            if words is None:
                words = ctx.doc.quote_words(q)
            ctx.add(slot, s, e, self._quote_fields(view, q, sp, words), quote=q.id, speaker=sp.id if sp else None)

    @staticmethod
    def _quote_fields(view, q, sp, words) -> dict:
        return {
            "quote": clip(view[q.start:q.end]), "speaker": sp.label if sp is not None else "",
            "cue": q.cue.text if q.cue is not None else "", "stance": q.cue.stance if q.cue is not None else "",
            "kind": q.kind, "words": words,
        }

    def _cue(self, ctx, slot, spec) -> None:
        if not ctx.doc.quotes:
            return
        stances = set(spec.options["stances"])
        by_id = ctx.speakers
        seen = set()
        view = ctx.view
        for q in ctx.doc.quotes:
            c = q.cue
            if c is None or c.stance not in stances or c.start in seen:
                continue
            seen.add(c.start)
            if not ctx.in_scope(spec.scope, c.start, c.end):
                continue
            sp = by_id.get(q.speaker.speaker or "") if q.speaker is not None else None
            ctx.add(slot, c.start, c.end, self._quote_fields(view, q, sp, ctx.doc.quote_words(q)),
                    quote=q.id, speaker=sp.id if sp else None)

    def _headline_quote_unsourced(self, ctx, slot, spec) -> None:
        view = ctx.view
        heads = _unsourced_headline_quotes(ctx)
        if not heads or _attributed_up_front(ctx.doc):
            return
        for q, words in heads:
            if q.kind in ("title", "term"):
                continue  # marks that quote no one ('Ultimate game' award, a film's title): no quotation to source
            if ctx.in_scope(spec.scope, q.open_start, q.close_end):
                ctx.add(slot, q.open_start, q.close_end, self._quote_fields(view, q, None, len(words.split())),
                        quote=q.id)

    def _single_source(self, ctx, slot, spec) -> None:
        doc = ctx.doc
        if not doc.quotes:
            return
        attributed = [q for q in doc.quotes if q.parent is None and q.speaker is not None and q.speaker.speaker]
        if len(attributed) < spec.options["min_quotes"]:
            return
        ids = {q.speaker.speaker for q in attributed}
        if len(ids) != 1:
            return
        sid = ids.pop()
        sp = next((s for s in doc.speakers if s.id == sid), None)
        q = attributed[0]
        if ctx.in_scope(spec.scope, q.open_start, q.close_end):
            fields = self._quote_fields(ctx.view, q, sp, len(attributed))
            fields["words"] = len(attributed)
            ctx.add(slot, q.open_start, q.close_end, fields, quote=q.id, speaker=sid)

    # -- figures ---------------------------------------------------------------------------
    def _unattributed_figure(self, ctx, slot, spec) -> None:
        if self.figure_probes[slot] not in ctx.probed:
            return  # no figure anywhere in the article
        rx = self._figure(slot)
        data, ascii_only = ctx.utf8()
        raw = rx._regexp  # noqa: SLF001
        n = len(data)
        pos = 0
        doc = ctx.doc
        within = spec.options["within"]
        view = ctx.view
        sources = self.sources.get(slot)
        checked: dict[int, bool] = {}
        # where a unit may find its attribution, each list found once per article and searched
        # by bisection (a search of the text per unit made an article with a figure in every
        # paragraph quadratic): the source words outside quotations, and attributed quotations
        said: list[int] | None = None
        attributed = sorted(q.open_start for q in doc.quotes if q.speaker is not None)
        deadline = time.perf_counter() + TIME_BUDGET  # a user's figure pattern: as for pattern rules
        while pos < n:
            if out_of_budget(ctx, slot, spec, deadline):
                break
            span = raw.Match(_UNANCHORED, data, pos, n)[0]
            if span[0] < 0:
                break
            pos = span[1] if span[1] > span[0] else after_empty(data, span[1])
            s = span[0] if ascii_only else ctx.char_offset(span[0])
            e = span[1] if ascii_only else ctx.char_offset(span[1])
            while e > s and (view[e - 1].isspace() or view[e - 1] in _FIGURE_END):
                e -= 1  # the space or mark a pattern matched to end the figure (RE2 has no look-ahead)
            if e <= s or not ctx.in_scope(spec.scope, s, e):
                continue
            sent = doc.sentence_at(s)
            if sent is None:
                continue
            if within == "sentence":
                a, b = sent.start, sent.end
            else:
                paras = doc.paragraphs
                k = sent.paragraph
                a, b = paras[k].start, paras[k].end
                if within == "paragraphs":
                    a, b = paras[max(k - 1, 0)].start, paras[min(k + 1, len(paras) - 1)].end
            if (a, b) not in checked:
                if said is None:
                    mask = ctx.mask
                    said = [] if sources is None else \
                        [h for h, _, _ in ctx.find_words(sources) if not mask[h]]
                checked[a, b] = _any_within(said, a, b) or _any_within(attributed, a, b)
            if checked[a, b]:
                continue
            ctx.add(slot, s, e, {"figure": view[s:e].strip()})

    # -- hygiene ---------------------------------------------------------------------------------
    def _repeated_word(self, ctx, slot, spec) -> None:
        view = ctx.view
        only = self.only.get(slot)
        for s, e1, s2, e in doubled(view, self.allow[slot]):
            if view[s].isupper() and view[s2].isupper():
                continue  # a name (Duran Duran) or a title (Spend Spend Spend)
            if view[s].islower() and view[s2].isupper():
                continue  # a word, then a name or a title ("the law lord Lord Bingham", "bush Bush")
            if _fold(view[s:e1]) in self.stranded[slot] and _ends_relative_clause(view, s):
                continue  # "the moment I've been waiting for for years"
            if only is not None:
                w = _fold(view[s:e1])
                if w not in only[0] and not (only[1] and w.endswith(only[1]) and len(w) > 3):
                    continue
            if ctx.in_scope(spec.scope, s, e):
                ctx.add(slot, s, e, {"words": 2}, fix=[(e1, e, "")])  # the second word and the space before it

    def _foreign_script(self, ctx, slot, spec) -> None:
        view = ctx.view
        if view.isascii():
            return
        ctx.utf8()
        if ctx.utf8_strict:
            if self.non_latin not in ctx.probed:
                return
        elif not re.search(_NON_LATIN, view):
            return
        blocks = ctx.doc.blocks()
        per_block = []
        totals: dict[str, int] = {}
        no_latin, no_deva, other = _script_tables()
        for b in blocks:
            # letters counted by script: Latin and Devanagari letters by deleting them (in C), the
            # rest one by one
            counts: dict[str, int] = {}
            text = view[b.start:b.end]
            n = len(text) - len(text.translate(no_latin))
            if n:
                counts["Latin"] = n
            n = len(text) - len(text.translate(no_deva))
            if n:
                counts["Devanagari"] = n
            for m in other.finditer(view, b.start, b.end):
                for ch in m.group():
                    if ch.isalpha():
                        sc = _script(ch)
                        counts[sc] = counts.get(sc, 0) + 1
            per_block.append(counts)
            for k, v in counts.items():
                totals[k] = totals.get(k, 0) + v
        if len(totals) < 2:
            return
        main = max(totals, key=totals.get)
        article = ctx.doc.language
        for b, counts in zip(blocks, per_block):
            letters = sum(counts.values())
            if letters < spec.options["min_letters"]:
                continue
            if b.language != article:
                continue  # a paragraph in the article's other language, checked by that language's rules
            top = max(counts, key=counts.get)
            if top != main and counts[top] * 2 > letters and ctx.in_scope(spec.scope, b.start, b.end):
                ctx.add(slot, b.start, b.end, {"script": top, "words": len(view[b.start:b.end].split())})

    def _unbalanced_mark(self, ctx, slot, spec) -> None:
        view = ctx.view
        everywhere = "all" in spec.scope
        for m in ctx.doc.marks:
            if m.role not in _ODD:
                continue
            if m.start > 0 and view[m.start - 1].isdigit() and m.char in "'\"’”":
                continue  # feet and inches (5' 10"), not a quotation mark
            if _reopens_a_flattened_quotation(view, m.start, m.char):
                continue
            if everywhere or ctx.in_scope(spec.scope, m.start, m.end):
                ctx.add(slot, m.start, m.end, {"kind": m.role})


def _opens_a_sentence(view: str, at: int) -> bool:
    """A mark at ``at`` that opens a sentence: after a sentence's end and a space, before a word."""
    return (at >= 2 and view[at - 1] in " \u00a0" and view[at - 2] in ".?!"
            and view[at + 1:at + 2].isalpha())


def _reopens_a_flattened_quotation(view: str, at: int, char: str) -> bool:
    """A mark opening a sentence ('… office. "At that meeting …') in a paragraph where another
    mark of its kind opens a sentence too: a quotation that ran over several paragraphs, each
    reopened and none closed but the last, with its paragraph breaks lost (pasted or scraped
    copy). Which of those marks lacks its partner is not certain, so none is an error."""
    if not _opens_a_sentence(view, at):
        return False
    start = view.rfind("\n", 0, at) + 1  # the paragraph's line
    end = view.find("\n", at)
    end = len(view) if end < 0 else end
    i = view.find(char, start)
    while 0 <= i < end:
        if i != at and _opens_a_sentence(view, i):
            return True
        i = view.find(char, i + 1)
    return False


#: ``condition:`` in a rule file -> the method of ``Kind`` that checks it (the registry: a
#: condition is found only here, never by a name built from a string)
CONDITIONS = {
    "quote": Kind._quote,
    "cue": Kind._cue,
    "unattributed-figure": Kind._unattributed_figure,
    "headline-quote-unsourced": Kind._headline_quote_unsourced,
    "single-source": Kind._single_source,
    "repeated-word": Kind._repeated_word,
    "foreign-script": Kind._foreign_script,
    "unbalanced-mark": Kind._unbalanced_mark,
}
