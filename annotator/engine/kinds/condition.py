"""condition: predicates over the analysis, chosen by name (``condition``).

  quote                     quotations matching every filter given: ``kinds``,
                            ``speaker`` (any | none | present | named | anonymous),
                            ``stances`` (of the cue), ``min_words`` / ``max_words``;
                            ``target`` (outer | inner | cue | speaker) is the span reported.
  cue                       the reporting cue of a quotation whose stance is in ``stances``.
  unattributed-figure       a figure (``figure``, an RE2 pattern) with no source word
                            (``sources``, inflected as verbs: say, according, survey) or
                            attributed quotation in its sentence or paragraph (``within``).
  headline-quote-unsourced  a quotation in the headline whose words are not quoted in the body.
  single-source             every attributed quotation comes from one speaker (``min_quotes``).
  repeated-word             a word written twice in a row ("the the"), except ``allow``;
                            with ``only``, just those words and words with those
                            endings (``-ले``).
  unbalanced-mark           a quotation mark with no partner (an opening mark never closed,
                            a closing mark never opened).
  foreign-script            a headline, subheading or paragraph whose letters are mostly in
                            another script than the article's (``min_letters``); a
                            paragraph of prose in the article's other language (English
                            in Nepali, Nepali in English: analysis/language.py) is not.
Message fields: {match}, {quote}, {speaker}, {cue}, {stance}, {kind}, {words}, {figure}, {script}.
"""

from __future__ import annotations

import operator
import re
import time
import unicodedata
from bisect import bisect_left
from itertools import islice

from ...document import word_count
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
_VAGUE = frozenset({"anonymous", "group"})


def _norm(s: str) -> str:
    return " ".join(_NORM.sub(" ", s.casefold()).split())


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


#: more distinct doubled words than this (a hostile or broken article) are found in one pass
#: (_doubled_all) instead of a search of the article per word
_FEW_DOUBLED = 16
# any word written twice (the second time in any case), for _doubled_all
_ANY_DOUBLED = re.compile(r"(?<![\w'’-])(\w+)[ \t\u00a0]+(\1)(?![\w'’-])", re.IGNORECASE)


def _doubled_all(view: str, words: set[str]) -> dict[str, list[tuple[int, int, int]]]:
    """{word: doubled(view, ..., word)} for the (lower-case) words, in one pass: a doubling
    counts for the word its first half is in lower case.  (The same matches as ``doubled``
    per word but where only Python's case-insensitive matching equates two spellings:
    the long s, the Kelvin sign, dotless i, final sigma.)"""
    out: dict[str, list[tuple[int, int, int]]] = {}
    for m in _ANY_DOUBLED.finditer(view):
        w = m.group(1).lower()
        if w in words:
            out.setdefault(w, []).append((m.start(), m.start(2), m.end()))
    return out


def _doubled_pattern(w: str):
    # (combining vowel signs and viramas are not \w: without them "गर" would match in "गर गरे")
    return re.compile(r"(?<![\w'’\u0900-\u0963-])" + re.escape(w) + r"[ \t\u00a0]+(" + re.escape(w)
                      + r")(?![\w'’\u0900-\u0963-])", re.IGNORECASE)


def _wordlike(w: str) -> bool:
    """Letters only, counting combining marks as letters (Devanagari गरेको)."""
    return w.isalpha() or all(c.isalpha() or unicodedata.category(c) in ("Mn", "Mc") for c in w)


#: the characters other than ASCII letters that re.IGNORECASE matches to an ASCII letter
#: (İ ı ſ K: found by trying every code point; a test checks it)
_FOLDS_TO_ASCII = ("\u0130", "\u0131", "\u017f", "\u212a")
_GAP = frozenset(" \t\u00a0")


def _word_char(c: str) -> bool:
    """``c`` in the regex class ``[\\w'’-]`` (\\w: what str.isalnum() says, and _)."""
    return c.isalnum() or c in "_'’-"


def doubled(view: str, data: bytes, w: str) -> list[tuple[int, int, int]]:
    """(start, start of the second word, end) of each match of ``_doubled_pattern(w)`` in
    ``view``, as its finditer gives them.  For an ASCII word they are found with bytes.find
    on ``data`` (the view in Latin-1 with ASCII letters lower-cased, one byte per character:
    a match of the case-insensitive word there is one in the view, unless the view holds one
    of the few characters that fold to an ASCII letter): compiling that pattern costs ~0.6 ms
    of Python's re (its class with ’ most of it), more than the whole check of an article."""
    if not w.isascii() or not w.isalpha() or (not view.isascii() and any(c in view for c in _FOLDS_TO_ASCII)):
        return [(m.start(), m.start(1), m.end()) for m in _doubled_pattern(w).finditer(view)]
    out = []
    key = w.encode("ascii")
    size = len(key)
    n = len(view)
    i = data.find(key)
    while i >= 0:
        j = i + size
        if (i == 0 or not _word_char(view[i - 1])) and j < n and view[j] in _GAP:
            k = j + 1
            while k < n and view[k] in _GAP:
                k += 1
            e = k + size
            if data.startswith(key, k) and (e >= n or not _word_char(view[e])):
                out.append((i, k, e))
                i = data.find(key, e)  # finditer goes on after a match
                continue
        i = data.find(key, i + 1)
    return out


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
        for slot in slots:
            spec = engine.specs[slot]
            c = spec.options["condition"]
            if c == "foreign-script" and self.non_latin is None:
                self.non_latin = engine.probes.add(_NON_LATIN_RE2)
            if c == "unattributed-figure":
                self.figures[slot] = compile_pattern(spec.options["figure"], True)
                self.figure_patterns[slot] = spec.options["figure"]
                self.figure_probes[slot] = engine.probes.add(self.figures[slot].pattern)
                words = [{"word": w} for w in spec.options.get("sources") or []]
                if words:
                    # scanned only around a figure, not over every article
                    m = LexMatcher()
                    register(engine, slot, words, "verb", m)
                    m.compile()
                    self.sources[slot] = m
            self.jobs.append((slot, c, spec))

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
        kinds = o.get("kinds")
        min_words, max_words = o.get("min_words", 0), o.get("max_words")
        want = o.get("speaker", "any")
        stances = o.get("stances")
        target = o.get("target", "outer")
        everywhere = "all" in spec.scope
        view = ctx.view
        for q in doc.quotes:
            if kinds is not None and q.kind not in kinds:
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
                words = word_count(view[q.start:q.end])
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
                words = word_count(view[q.start:q.end])
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
            ctx.add(slot, c.start, c.end, self._quote_fields(view, q, sp, word_count(view[q.start:q.end])),
                    quote=q.id, speaker=sp.id if sp else None)

    def _headline_quote_unsourced(self, ctx, slot, spec) -> None:
        doc = ctx.doc
        h = doc.headline
        if h is None or not doc.quotes:
            return
        heads = [q for q in doc.quotes if h.start <= q.open_start < h.end and q.parent is None]
        if not heads:
            return
        view = ctx.view
        words_of = [(q, _norm(view[q.start:q.end])) for q in heads]
        in_body = _found_in([_norm(view[q.start:q.end]) for q in doc.quotes if q.paragraph >= 0],
                            {w for _, w in words_of if w})
        for q, words in words_of:
            if not words or words in in_body:
                continue
            if ctx.in_scope(spec.scope, q.open_start, q.close_end):
                ctx.add(slot, q.open_start, q.close_end, self._quote_fields(ctx.view, q, None, len(words.split())),
                        quote=q.id)

    def _single_source(self, ctx, slot, spec) -> None:
        doc = ctx.doc
        if not doc.quotes:
            return
        attributed = [q for q in doc.quotes if q.parent is None and q.speaker is not None and q.speaker.speaker]
        if len(attributed) < spec.options.get("min_quotes", 2):
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
        within = spec.options.get("within", "paragraph")
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
            if e <= s or not ctx.in_scope(spec.scope, s, e):
                continue
            sent = doc.sentence_at(s)
            if sent is None:
                continue
            unit = sent if within == "sentence" else doc.paragraphs[sent.paragraph]
            if unit.start not in checked:
                if said is None:
                    mask = ctx.mask
                    said = [] if sources is None else \
                        [h for h, _, _ in ctx.find_words(sources) if not mask[h]]
                checked[unit.start] = _any_within(said, unit.start, unit.end) or \
                    _any_within(attributed, unit.start, unit.end)
            if checked[unit.start]:
                continue
            ctx.add(slot, s, e, {"figure": ctx.view[s:e].strip()})

    # -- hygiene ---------------------------------------------------------------------------------
    def _repeated_word(self, ctx, slot, spec) -> None:
        view = ctx.view
        if view.isascii() and "\x1c" not in view and "\x1d" not in view and "\x1e" not in view \
                and "\x1f" not in view:
            # the same tokens from the ASCII bytes, ~20% cheaper (str.split also splits at
            # \x1c-\x1f, bytes.split does not: such a text takes the str path)
            words = ctx.latin.split()  # (for an ASCII view, its bytes lower-cased: what view.lower() would be)
        else:
            words = view.lower().split()
        if not any(map(operator.eq, words, islice(words, 1, None))):  # compared in C
            return
        same = list(map(operator.eq, words, islice(words, 1, None)))
        pairs = {words[i] for i, x in enumerate(same) if x}
        pairs = {w for w in (w.decode("ascii") if isinstance(w, bytes) else w for w in pairs) if _wordlike(w)}
        if not pairs:
            return
        allow = {w.lower() for w in spec.options.get("allow") or ()}
        only = spec.options.get("only")
        if only is not None:
            words_only = {w.lower() for w in only if not w.startswith("-")}
            endings = tuple(w[1:].lower() for w in only if w.startswith("-") and len(w) > 1)
            pairs = {w for w in pairs if w in words_only or (endings and w.endswith(endings) and len(w) > 3)}
        pairs = {w for w in pairs if w not in allow}
        if len(pairs) > _FEW_DOUBLED:
            found = _doubled_all(view, pairs)
        else:
            found = {w: doubled(view, ctx.latin, w) for w in pairs}
        for matches in found.values():
            for s, s1, e in matches:
                if view[s].isupper() and view[s1].isupper():
                    continue  # a name (Duran Duran) or a title (Spend Spend Spend)
                if ctx.in_scope(spec.scope, s, e):
                    ctx.add(slot, s, e, {"words": 2}, fix=[(s, s1, "")])

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
            if letters < spec.options.get("min_letters", 6):
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
            if everywhere or ctx.in_scope(spec.scope, m.start, m.end):
                ctx.add(slot, m.start, m.end, {"kind": m.role})


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
