"""One pass over an article for every word list of every rule.

All forms of all lexicon entries (of every rule that matches words) are
compiled into one case-insensitive RE2 alternation that runs on a Latin-1
copy of ``doc.view`` (curly apostrophes made straight; characters outside
Latin-1 become '?'), so byte offsets are string offsets.  Measured on 100
BBC articles (~2 KB) with a 1,500-form lexicon: ~12 us per article, against
~94 us for pyahocorasick (plus Python boundary checks) and ~180 us for a
prefix-trie regex on Python's ``re``.

Each form maps to its payloads (rule slot, entry index, inflection key), so
one hit serves every rule that lists the word.  Overlaps are kept: a
multi-word hit is also searched for shorter entries inside it.
Forms outside Latin-1 (rare) go to a second, UTF-8 pattern.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from unicodedata import category as _category

import re2

from ..lazyre import lazy

_UNANCHORED = re2._Anchor.UNANCHORED  # noqa: SLF001 - the raw API avoids re-encoding per call
_WS = re.compile(r"\s+")
_SPACE_RUN = re.compile(r"[\s\xa0]+")


def normalise(s: str) -> str:
    """The key a matched text is looked up by: lower case, straight apostrophes, single spaces."""
    return _WS.sub(" ", s.replace("\u2019", "'").replace("\u2018", "'").lower()).strip()


def latin(view: str) -> bytes:
    """The view as the matcher reads it: Latin-1 (other characters '?'), curly apostrophes
    straight, ASCII letters in lower case; one byte per character, so byte offsets are
    string offsets.

    Lower-casing the text lets the big alternation be compiled case-sensitively (~40% less
    compile time, smaller DFA states) with the same matches: a case-insensitive RE2 pattern
    in Latin-1 mode folds ASCII letters only (É does not match é), as bytes.lower() does."""
    return view.replace("\u2019", "'").replace("\u2018", "'").encode("latin-1", "replace").lower()


# Characters that hide inside a word without showing: zero-width space, non-joiner,
# joiner, word joiner, a byte order mark mid-text, the soft hyphen.  A word split by
# them ("cla\u200bimed"), or written with decomposed letters (e + U+0301 for é), is
# matched as the word it reads as: the matcher runs on a folded copy of the view
# (these characters dropped, decomposed letters composed) whose hits are mapped back
# to the view, their spans covering the characters that were folded away.
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
# combining marks after a letter: the diacritics (Latin, Greek, Cyrillic) that compose with it
_COMBINING = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_FOLDABLE = lazy(f"[{_INVISIBLE}]+|.[{_COMBINING}]+", re.S)


class Folded:
    """The view folded for matching (``text``), with the map of its offsets back to the
    view: segments (folded start, view start, view characters per folded character)
    -- 1 where the two run alike, the length of a composed sequence for its one
    composed character."""

    __slots__ = ("text", "fstarts", "vstarts", "widths", "_latin")

    def __init__(self, text: str, fstarts: list[int], vstarts: list[int], widths: list[int]):
        self.text = text
        self.fstarts = fstarts
        self.vstarts = vstarts
        self.widths = widths
        self._latin = None

    @property
    def latin(self) -> bytes:
        if self._latin is None:
            self._latin = latin(self.text)
        return self._latin

    def start(self, i: int) -> int:
        """The view offset of folded offset ``i`` (a start: after the characters dropped before it)."""
        k = bisect_right(self.fstarts, i) - 1
        return self.vstarts[k] + (i - self.fstarts[k]) * self.widths[k]

    def end(self, i: int) -> int:
        """The view offset of folded offset ``i`` as an end (after the view characters
        of folded character i - 1, not after the characters dropped behind it)."""
        if i <= 0:
            return self.start(i)
        k = bisect_right(self.fstarts, i - 1) - 1
        return self.vstarts[k] + (i - self.fstarts[k]) * self.widths[k]


def fold(view: str, text: str | None = None) -> Folded | None:
    """The view with invisible characters dropped and decomposed letters composed,
    or None when there is nothing to fold (the common case, told by two checks in C).
    With the document's ``text``, an invisible character written as a character
    reference (``&#8203;``, ``&shy;``) is dropped with the spaces that pad it in the view."""
    # (a regex search costs ~20 ns a character: first the checks in C, ~50x faster; a
    # letter and its combining marks that compose would not be left so in NFC)
    if view.isascii() or (not any(c in view for c in _INVISIBLE) and unicodedata.is_normalized("NFC", view)):
        return None
    m = _FOLDABLE.search(view)
    parts: list[str] = []
    fstarts, vstarts, widths = [0], [0], [1]
    flen = 0  # length of the folded text so far
    last = 0  # view offset copied up to
    while m is not None:
        s, e = m.span()
        chunk = m.group()
        if chunk[0] in _INVISIBLE:
            composed = ""
            if text is not None:
                e = _past_reference(view, text, e)
        else:
            composed = unicodedata.normalize("NFC", chunk)
            if len(composed) == len(chunk):
                m = _FOLDABLE.search(view, e)
                continue  # nothing composes: left as it is
        parts.append(view[last:s])
        flen += s - last
        # the folded characters from flen on: the composed letter (its width the view characters
        # it stands for), any marks left over one for one, then the view again one for one
        if composed:
            width = len(chunk) - len(composed) + 1
            _segment(fstarts, vstarts, widths, flen, s, width)
            parts.append(composed)
            flen += 1
            if len(composed) > 1:
                _segment(fstarts, vstarts, widths, flen, s + width, 1)
                flen += len(composed) - 1
        _segment(fstarts, vstarts, widths, flen, e, 1)
        last = e
        m = _FOLDABLE.search(view, e)
    if last == 0:
        return None
    parts.append(view[last:])
    return Folded("".join(parts), fstarts, vstarts, widths)


def _past_reference(view: str, text: str, e: int) -> int:
    """Past the padding of a character reference that ends at ``e`` in the view (its
    characters in the text stand as spaces in the view, up to its semicolon), as
    ``Context.source_extent`` finds it."""
    if text[e - 1] != "&":
        return e
    n = len(view)
    while e < n and view[e] == " " and text[e] != " " and text[e - 1] != ";":
        e += 1
    return e


def _segment(fstarts: list, vstarts: list, widths: list, f: int, v: int, width: int) -> None:
    if fstarts[-1] == f:  # (a segment that ended up empty: replaced)
        vstarts[-1], widths[-1] = v, width
    else:
        fstarts.append(f)
        vstarts.append(v)
        widths.append(width)


def _form_regex(form: str, bounded: bool = True) -> str:
    words = form.split(" ")
    body = r"[\s\xa0]+".join(re.escape(w) for w in words)
    if not bounded:
        return body
    start = r"\b" if form[:1].isalnum() else ""
    end = r"\b" if form[-1:].isalnum() else ""
    return start + body + end


def _is_word(ch: str) -> bool:
    """A letter, a digit, or a combining vowel sign or virama (Devanagari ``े``, ``्``: part of
    the word before it, though not alphanumeric)."""
    return ch.isalnum() or (ch > "\u02ff" and _category(ch) in ("Mn", "Mc"))


def _needed_chars(forms: list[str]) -> frozenset | None:
    """Letters of which every one of ``forms`` has at least one: letters outside Latin-1 of no
    case (Unicode's "other letters": Devanagari, Arabic, CJK...), which a case-insensitive
    pattern matches only as themselves, so a text without any of them holds no match of the
    forms. None when some form has no such letter (its matches may be anywhere)."""
    needs = set()
    for f in forms:
        own = {c for c in f if c > "\xff" and _category(c) == "Lo" and c.lower() == c.upper() == c.casefold() == c}
        if not own:
            return None
        needs |= own
    return frozenset(needs) if needs else None


def _uni_regex(form: str) -> str:
    """A form outside Latin-1 for the UTF-8 pattern: RE2's ``\\b`` knows ASCII word characters
    only (it never holds between a space and a Devanagari letter), so only an ASCII end gets
    one; ``_boundary`` checks every hit in Unicode terms."""
    body = _form_regex(form, False)
    start = r"\b" if form[:1].isascii() and form[:1].isalnum() else ""
    end = r"\b" if form[-1:].isascii() and form[-1:].isalnum() else ""
    return start + body + end


#: a matcher loaded from the engine cache scans its first articles with a pattern of only the
#: forms whose first word occurs in the article (compiled in well under a millisecond) and
#: compiles the whole alternation (~20 ms of RE2) once it has seen this many: a one-file check
#: does not pay for 3,000 forms it will not meet, a corpus run pays once
WARM_ARTICLES = 8


# every byte that is not an ASCII word character (RE2's \b) as a space: the text's word runs
_RUNS = bytes(b if (0x30 <= b <= 0x39 or 0x41 <= b <= 0x5A or 0x61 <= b <= 0x7A or b == 0x5F) else 0x20
              for b in range(256))
_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def _run_key(form: str, inner: bool) -> bytes | None:
    """The ASCII word run a match of this form starts with, as a whole run of the text (a
    boundary before it, a non-word byte or whitespace after it): a form whose run is not
    among the text's runs cannot match it.  None where that does not hold (the form is then
    looked for by its first word as a substring)."""
    first = form.split(" ", 1)[0]
    if not first or first[0] not in _ALNUM:
        return None  # no \b before it
    n = 0
    while n < len(first) and (first[n] in _ALNUM or first[n] == "_"):
        n += 1
    if n < len(first) or " " in form or inner:  # a non-word character, whitespace or \b follows
        return first[:n].encode("ascii")
    return None


def _compile_latin(pattern: bytes, strict: bool = True):
    """The word scan's Latin-1 regex. Not ``strict`` (pieces read from the engine cache, compiled
    on first use, when the entry can no longer be refused): a pattern RE2 refuses, which only a
    damaged or planted entry holds, is None, matching nothing: findings change, the run goes on."""
    opts = re2.Options()
    opts.encoding = re2.Options.Encoding.LATIN1
    opts.case_sensitive = True  # on lower-case forms, over case-folded text (latin())
    opts.never_capture = True
    opts.max_mem = 256 << 20
    opts.log_errors = False
    try:
        return re2.compile(pattern, opts)._regexp  # noqa: SLF001
    except re2.error:
        if strict:
            raise
        return None


class LexMatcher:
    #: (plain words, complex piece indices): see _split (worked out on first use, not stored)
    _plan: tuple | None = None
    #: the plain words' Aho-Corasick automaton (see _plain_hits: built on first use, not stored)
    _plain_finder = None

    def __init__(self):
        self.forms: dict[str, list[tuple]] = {}
        self._latin = None
        self._utf8 = None
        self._pending = False
        # the Latin-1 pattern in pieces, by priority: the regex of each form (the first n_inner
        # inside one \b(...)\b group), its ASCII word run (b"" when it has none) and first word
        self._regexes: list[str] = []
        self._runs: list[bytes] = []
        self._firsts: list[bytes] = []
        self._n_inner = 0
        self._uni: str | None = None
        self._uni_needs: frozenset | None = None  # (see _needed_chars)
        self._uses = 0
        self.max_words = 1

    def expect(self, articles: int) -> None:
        """The process is to read about ``articles`` articles. With more than WARM_ARTICLES, the
        warm-up would only add to the whole alternation's compile that follows it (each of its
        patterns is compiled, and its DFA built, for one article: ~125M instructions over its
        eight articles, against ~50M saved on a one-file check): the whole alternation is
        compiled on the first article instead. The hits are the same either way."""
        if articles > WARM_ARTICLES:
            self._uses = WARM_ARTICLES

    def add(self, form: str, payload: tuple) -> None:
        key = normalise(form)
        if not key:
            return
        self.forms.setdefault(key, []).append(payload)

    def __bool__(self) -> bool:
        return bool(self.forms)

    def compile(self) -> None:
        lat, uni = [], []
        for f in sorted(self.forms, key=lambda x: (-len(x), x)):
            try:
                f.encode("latin-1")
                lat.append(f)
            except UnicodeEncodeError:
                uni.append(f)
            self.max_words = max(self.max_words, f.count(" ") + 1)
        # one boundary pair around the inner forms' alternation is ~2x faster than one per form
        inner = [f for f in lat if f[:1].isalnum() and f[-1:].isalnum()]
        outer = [f for f in lat if not (f[:1].isalnum() and f[-1:].isalnum())]
        self._n_inner = len(inner)
        self._regexes = [_form_regex(f, False) for f in inner] + [_form_regex(f) for f in outer]
        self._runs = [_run_key(f, True) or b"" for f in inner] + [_run_key(f, False) or b"" for f in outer]
        self._firsts = [f.split(" ", 1)[0].encode("latin-1") for f in inner + outer]
        self._uni = "|".join(_uni_regex(f) for f in uni) if uni else None
        self._uni_needs = _needed_chars(uni)
        self._utf8 = None  # (compiled on first use)
        self._plan = None
        self._plain_finder = None
        self._compile(strict=True)

    def _split(self) -> tuple:
        """(plain, pieces): the plain words -- ASCII word runs that are a form of one word by
        themselves and the first run of no other form -- and the indices of the other forms,
        the pieces of the pattern (``_latin``), in order.

        A match starts with its form's run as a whole run of the text (``_run_key``), so where
        the text has a plain word as a run, the plain form is the only one that can match, and
        it does, whole: the plain words are found among the text's runs (``_plain_hits``), and the
        pattern, of the other forms only, finds every other match.  Most forms are plain (the
        model's candidates, the lexicons' single words): the pattern is a quarter of the size,
        its DFA states smaller."""
        plan = self._plan
        if plan is None:
            runs = self._runs
            once = Counter(runs)
            # (an inner form's regex is its run when the form is one word of word characters;
            # no other regex is a run)
            inner = "\n".join(self._regexes[:self._n_inner]).encode("latin-1").split(b"\n")
            plain = {r for r in inner if once[r] == 1}
            # a form without a run (found by its first word) that starts with word characters
            # could start where such a run does: the runs it begins are not plain
            loose = tuple(run for run in (f.translate(_RUNS).split(b" ", 1)[0]
                                          for r, f in zip(runs, self._firsts) if not r) if run)
            if loose:
                plain = {r for r in plain if not r.startswith(loose)}
            plan = self._plan = (frozenset(plain), [i for i, r in enumerate(runs) if r not in plain])
        return plan

    def _latin_pattern(self, chosen=None) -> bytes | None:
        """The Latin-1 pattern of the chosen pieces (indices, in order; by default every
        piece that is not a plain word, ``_split``)."""
        regexes, n_inner = self._regexes, self._n_inner
        if chosen is None:
            chosen = self._split()[1]
        inner = [regexes[i] for i in chosen if i < n_inner]
        outer = [regexes[i] for i in chosen if i >= n_inner]
        parts = [r"\b(?:" + "|".join(inner) + r")\b"] if inner else []
        parts += outer
        return "|".join(parts).encode("latin-1") if parts else None

    def _compile(self, strict: bool = False) -> None:
        self._pending = False
        pattern = self._latin_pattern()
        self._latin = _compile_latin(pattern, strict) if pattern is not None else None

    def _uni_hits(self, view: str):
        """The UTF-8 pattern's matches in ``view``; none looked for (nor the pattern compiled:
        ~11M instructions for the Nepali cue forms, 3% of a one-file check) when the view holds
        none of the letters that every form outside Latin-1 has one of (``_needed_chars``).

        (Each of those ~30 letters is looked for in the view, a search in C that returns at once
        when the view holds no character beyond Latin-1; ``isdisjoint(view)`` hashed every
        character of every article instead, ~2% of a corpus check.)"""
        needs = self._uni_needs
        if self._uni is None or (needs is not None and not any(c in view for c in needs)):
            return ()
        if self._utf8 is None:
            opts = re2.Options()
            opts.case_sensitive = False
            opts.log_errors = False
            try:
                self._utf8 = re2.compile(self._uni, opts)
            except re2.error:  # (only a damaged or planted cache entry: see _compile_latin)
                self._uni = None
                return ()
        return self._utf8.finditer(view)

    def _for_text(self, data: bytes, runs: set):
        """The Latin-1 regex for one text while warming up: the forms that may occur in it (their
        word run among the text's ``runs``, or their first word in it), in the same order.  A
        form left out cannot match anywhere in this text, so the leftmost-first match at every
        position (and so every hit) is the whole pattern's."""
        chosen = [i for i, (r, f) in enumerate(zip(self._runs, self._firsts)) if (r in runs if r else f in data)]
        pattern = self._latin_pattern(chosen)
        return _compile_latin(pattern, strict=False) if pattern is not None else None

    def __getstate__(self):
        # the pattern pieces as built (sorting and escaping 3,000 forms is most of compile()),
        # each list joined into one string (three objects to read, not 9,000; a newline, not a
        # NUL, which JSON would write as six characters); RE2 objects are not data and are
        # compiled again from them
        packed = None
        if not any("\n" in r for r in self._regexes) and not any(b"\n" in f for f in self._firsts):
            packed = ("\n".join(self._regexes), b"\n".join(self._runs), b"\n".join(self._firsts))
        return {"forms": self.forms, "max_words": self.max_words, "n_inner": self._n_inner, "packed": packed,
                "pieces": None if packed else (self._regexes, self._runs, self._firsts), "uni": self._uni,
                "uni_needs": None if self._uni_needs is None else "".join(sorted(self._uni_needs))}

    def __setstate__(self, state):
        # (a state written by __getstate__ above: the engine cache's key covers this file; a
        # state of any other shape fails here, and the entry is built again)
        self.forms = state["forms"]
        self.max_words = state["max_words"]
        self._latin = self._utf8 = None
        self._uses = 0
        self._n_inner = state["n_inner"]
        self._uni = state["uni"]
        self._uni_needs = None if state["uni_needs"] is None else frozenset(state["uni_needs"])
        if state["packed"] is not None:
            regexes, runs, firsts = state["packed"]
            if not (type(regexes) is str and type(runs) is bytes and type(firsts) is bytes):
                raise ValueError("word scan pieces that do not fit")
            regexes.encode("latin-1")  # (a piece outside Latin-1 is a broken entry: UnicodeEncodeError)
            self._regexes = regexes.split("\n") if regexes else []
            self._runs = runs.split(b"\n") if regexes else []
            self._firsts = firsts.split(b"\n") if regexes else []
        else:
            self._regexes, self._runs, self._firsts = state["pieces"]
            if not (type(self._regexes) is list and all(type(r) is str for r in self._regexes)
                    and all(type(x) is list and all(type(b) is bytes for b in x) for x in (self._runs, self._firsts))):
                raise ValueError("word scan pieces that do not fit")
            "".join(self._regexes).encode("latin-1")
        n = len(self._regexes)
        if not (len(self._runs) == len(self._firsts) == n and type(self._n_inner) is int and 0 <= self._n_inner <= n
                and (self._uni is None or type(self._uni) is str)):
            raise ValueError("word scan pieces that do not fit")
        self._pending = True

    def find_folded(self, folded: Folded) -> list:
        """``find`` over a view's folded copy (``fold``), the hits' offsets mapped back to the view."""
        start, end = folded.start, folded.end
        return [(start(s), end(e), p) for s, e, p in self.find(folded.text, folded.latin)]

    def find(self, view: str, data: bytes | None = None) -> list:
        """[(start, end, payloads)] of every whole-word hit (overlaps included), in text order
        (``data``: ``latin(view)`` when the caller has it already)."""
        forms = self.forms
        out: list = []
        if self._regexes:
            b = latin(view) if data is None else data
            runs = b.translate(_RUNS)
            if self._pending and self._uses < WARM_ARTICLES:
                # (warming up: a pattern of the forms that may occur in this text, plain or not)
                self._uses += 1
                rx = self._for_text(b, set(runs.split()))
                plain = []
            else:
                if self._pending:
                    self._compile()
                rx = self._latin
                plain = self._plain_hits(runs)
            match = rx.Match if rx is not None else None
            n = len(b)
            i = 0  # the next plain word from pos
            cs = ce = -1  # the pattern's next match, found from pos or before (cs < pos: look again)
            pos = 0
            while pos < n:
                while i < len(plain) and plain[i][0] < pos:
                    i += 1
                if match is not None and cs < pos:
                    cs, ce = match(_UNANCHORED, b, pos, n)[0]
                    if cs < 0:
                        match = None  # none from here on
                if match is not None and (i == len(plain) or cs < plain[i][0]):
                    s, e = cs, ce
                elif i < len(plain):
                    s, e = plain[i]
                else:
                    break
                text = view[s:e]
                if text.isalpha():  # one plain word: the common case
                    if _boundary(view, s, e):
                        p = forms.get(text.lower())
                        if p:
                            out.append((s, e, p))
                    pos = e
                    continue
                self._hits(out, view, s, e, forms)
                if e - s > 1 and not text.isalnum() and " " in normalise(text):
                    # look again from the next word inside this hit, for shorter overlapping entries
                    k = s + 1
                    while k < e and _is_word(view[k]):
                        k += 1
                    while k < e and not _is_word(view[k]):
                        k += 1
                    pos = k if k < e else e
                else:
                    pos = e if e > s else s + 1
        if self._uni is not None:
            # after the Latin-1 hits, as they always came
            for m in self._uni_hits(view):
                self._hits(out, view, m.start(), m.end(), forms)
        return out

    def _plain_hits(self, runs: bytes) -> list:
        """[(start, end)] of the plain words (``_split``) among the text's word runs, in order:
        each is the whole pattern's match where it stands.  One Aho-Corasick pass over the runs
        finds them all, each word looked for with the spaces that bound a whole run (splitting
        the text into its runs, a set of them, and a search of the text for each plain word
        among them cost ~2.5 times as much)."""
        finder = self._plain_finder
        if finder is None:
            import ahocorasick  # (the cue lexicon's scan loads it already)

            finder = self._plain_finder = ahocorasick.Automaton(ahocorasick.STORE_LENGTH)
            for w in self._split()[0]:
                finder.add_word(" " + w.decode("ascii") + " ")
            finder.make_automaton()
        if not len(finder):
            return []
        # (a hit of a word of n - 2 characters ends on the space after it, at offset i of the
        # padded runs: the word is at i - n + 1 .. i - 1 of the runs)
        return [(i - n + 1, i - 1) for i, n in finder.iter(" " + runs.decode("ascii") + " ")]

    @staticmethod
    def _hits(out: list, view: str, s: int, e: int, forms: dict) -> None:
        if not _boundary(view, s, e):
            return
        text = view[s:e].lower()
        if " " in text or "\u2019" in text or "\u2018" in text or "\xa0" in text or "\n" in text or "\t" in text:
            text = normalise(text)
        payloads = forms.get(text)
        if payloads:
            out.append((s, e, payloads))
        if " " in text:
            # shorter entries that start where this one starts
            for m in _SPACE_RUN.finditer(view, s, e):
                sub = normalise(view[s:m.start()])
                p = forms.get(sub)
                if p and _boundary(view, s, m.start()):
                    out.append((s, m.start(), p))


class Probes:
    """RE2 patterns run together, once per article, over the UTF-8 bytes of the
    view (RE2 sets: one DFA pass each whatever their number): which of them
    match anywhere.  Kinds add patterns when the engine is built and then look
    for positions only where their pattern matched at all.

    The case-insensitive patterns (every letter two bytes' alternatives) and the others
    (invisible characters, mojibake, scripts) make two sets: in one, the DFA states of the
    two sorts multiply, and building those states, over the first articles a process
    reads, cost more than the second pass does (281 BBC articles: 107M instructions in
    one set, 47M in two).

    Compiling the sets is RE2's work of ~45M instructions (a sixth of a one-file check),
    while an article matches few of the patterns. So a probe set loaded from the engine
    cache is compiled when first used, and while warming up (``WARM_ARTICLES``, as the
    word scan) only of the patterns that may match the articles seen so far: those whose
    required strings (``literals.required``, worked out when the engine is built and
    kept with it) occur in the article's case-folded text. A pattern left out cannot
    match that text, so the set says the same as the whole one."""

    def __init__(self):
        self.patterns: list[str] = []
        self.needs: list[list[str] | None] = []  # per pattern: strings one of which a match holds
        self._sets: list[tuple] = []  # (RE2 set, the ids of its patterns by set index)
        self._have: set[int] | None = None  # the ids compiled while warming up (None: all, or none yet)
        self._pending = False  # (loaded from the cache: not compiled yet)
        self._uses = 0

    def add(self, pattern: str) -> int:
        """Register an RE2 pattern (flags inline); its id in ``match``'s result."""
        self.patterns.append(pattern)
        return len(self.patterns) - 1

    def compile(self) -> None:
        from .literals import required

        self.needs = [required(p) for p in self.patterns]
        self._build(range(len(self.patterns)), strict=True)
        self._pending = False

    def expect(self, articles: int) -> None:
        """``LexMatcher.expect``: with more articles to check than it warms up on, the whole
        sets are compiled at once."""
        if articles > WARM_ARTICLES:
            self._uses = WARM_ARTICLES

    def _build(self, ids, strict: bool = False) -> None:
        """The sets of the patterns ``ids``. Not ``strict`` (patterns read from the engine cache,
        compiled on first use, when the entry can no longer be refused): a pattern RE2 refuses,
        which only a damaged or planted entry holds (the engine compiled each when it was built),
        is left out, matching nothing: findings may change, the run goes on."""
        self._sets = []
        groups: dict[bool, list[int]] = {}
        for i in ids:
            groups.setdefault("(?i" in self.patterns[i], []).append(i)
        for _, ids in sorted(groups.items()):
            opts = re2.Options()
            opts.log_errors = False
            opts.max_mem = 256 << 20
            s = re2.Set.SearchSet(opts)
            added = []  # the ids by set index
            for i in ids:
                try:
                    s.Add(self.patterns[i])
                except re2.error:
                    if strict:
                        raise
                    continue
                added.append(i)
            try:
                s.Compile()
            except re2.error:
                if strict:
                    raise
                continue
            self._sets.append((s._set, added))  # noqa: SLF001 - bytes in, no re-encoding

    def _warm(self, data: bytes) -> None:
        """Compile (again) for the article ``data`` while warming up; the whole sets after."""
        if self._uses >= WARM_ARTICLES:
            if self._have is None or len(self._have) < len(self.patterns):
                self._build(range(len(self.patterns)))
            self._pending = False
            return
        self._uses += 1
        text = data.decode("utf-8", "surrogatepass").casefold()
        need = {i for i, strings in enumerate(self.needs) if strings is None or any(s in text for s in strings)}
        have = self._have
        if have is None or not need <= have:
            self._have = have = need if have is None else have | need
            self._build(sorted(have))
            self._pending = len(have) < len(self.patterns)

    def match(self, data: bytes) -> set[int]:
        if self._pending:
            self._warm(data)
        out: set[int] = set()
        for s, ids in self._sets:
            out.update(ids[k] for k in s.Match(data))
        return out

    def __getstate__(self):
        return {"patterns": self.patterns, "needs": self.needs}

    def __setstate__(self, state):
        patterns, needs = state["patterns"], state["needs"]
        if type(patterns) is not list or not all(type(p) is str for p in patterns):
            raise ValueError("probe patterns are not strings")
        if type(needs) is not list or len(needs) != len(patterns) or not all(
                n is None or (isinstance(n, list) and n and all(isinstance(x, str) and x for x in n)) for n in needs):
            raise ValueError("probe strings do not fit the patterns")
        self.patterns = patterns
        self.needs = needs
        self._sets = []
        self._have = None
        self._pending = True
        self._uses = 0


def _boundary(view: str, s: int, e: int) -> bool:
    """Whole words in Unicode terms, not inside a hyphenated compound or an elision."""
    n = len(view)
    if s > 0:
        c = view[s - 1]
        if _is_word(c):
            return False
        if c == "-" and s > 1 and _is_word(view[s - 2]) and _is_word(view[s]):
            return False
        if c in "'’" and s > 1 and _is_word(view[s - 2]):
            return False
    if e < n:
        c = view[e]
        if _is_word(c):
            return False
        if c == "-" and e + 1 < n and _is_word(view[e + 1]) and _is_word(view[e - 1]):
            return False
        if c in "'’" and e + 1 < n and _is_word(view[e + 1]):
            # a possessive ('s) still counts as the word; other elisions do not
            return view[e + 1] in "sS" and (e + 2 >= n or not _is_word(view[e + 2]))
    return True
