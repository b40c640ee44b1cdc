"""Per-article state shared by the kinds: scopes as range checks, the
settings in force, and the findings being collected.

What more than one kind reads (the text as bytes, the blocks, words per
paragraph) is computed on first use and kept for the article."""

from __future__ import annotations

from _string import formatter_parser  # what string.Formatter().parse runs (string costs ~4 ms to import)
from bisect import bisect_right

from ..document import Document
from .finding import SEVERITY_RANK, Finding

_SEVERITY_NAME = {rank: name for name, rank in SEVERITY_RANK.items()}

_MATCH_MAX = 60
ALL = ("all",)


class _Fields(dict):
    def __missing__(self, key):
        return ""


def clip(s: str, limit: int = _MATCH_MAX) -> str:
    s = " ".join(s.split())
    return s if len(s) <= limit else s[: limit - 1] + "…"


def template_fields(*templates: str | None) -> frozenset:
    """The field names the templates read ({match}, {word!r}, {count:d} -> match, word, count)."""
    out = set()
    for t in templates:
        if not t:
            continue
        try:
            for _, name, _, _ in formatter_parser(t):
                if name is not None:
                    out.add(name.split(".", 1)[0].split("[", 1)[0])
        except ValueError:
            return frozenset({"match", "rule"})  # a broken template: fill everything, fail as before
    return frozenset(out)


class SlotInfo:
    """What ``Context.add`` needs of one rule, worked out when the engine is built."""

    __slots__ = ("id", "message", "suggestion", "confidence", "scope", "wants_match", "languages", "in_reported")

    def __init__(self, spec):
        self.id = spec.id
        self.message = spec.message
        self.suggestion = spec.suggestion
        self.confidence = spec.confidence
        self.scope = ",".join(spec.scope)
        self.languages = getattr(spec, "languages", None)  # None: every language
        #: severity rank a match in reported speech is capped at (None: the rule does not look there)
        level = (spec.options or {}).get("in_reported")
        self.in_reported = SEVERITY_RANK.get(level) if level else None
        if self.in_reported is not None:  # a finding's scope says the voice it was found in
            self.scope = ",".join(x for x in spec.scope if x != "reported")
        used = template_fields(spec.message, spec.suggestion)
        self.wants_match = "match" in used or "" in used or any(n.isdigit() for n in used)


def is_all(scope) -> bool:
    """A scope that every span is in (no range check needed)."""
    return "all" in scope


def _render(template: str, fields) -> str:
    """A rule's message template filled in; a format that does not suit a
    value ({match:d} on a word) leaves the template as written, not a crash."""
    try:
        return template.format_map(fields)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        return template


#: byte -> 1 for a UTF-8 continuation byte (0x80-0xBF), else 0 (Context.char_offset)
_CONTINUATION = bytes(1 if 0x80 <= b <= 0xBF else 0 for b in range(256))
_BLOCK = 4096


#: most findings one rule reports in one article (the rest are dropped, with a warning)
MAX_FINDINGS_PER_RULE = 1000


class Context:
    __slots__ = ("doc", "view", "mask", "reported", "settings", "engine", "findings", "hits", "_blocks", "_block_starts",
                 "_latin", "_folded", "_utf8", "_char_table", "utf8_strict", "_probed", "_words", "_para_words", "_subheads", "_speakers", "_info",
                 "warnings", "_counts", "_mixed", "per_article")

    def __init__(self, doc: Document, engine, settings):
        self.doc = doc
        self.view = doc.view
        self.mask = doc.quote_mask if doc.quote_mask is not None else bytearray(len(doc.view))
        self.reported = doc.reported_mask  # None: no reported speech outside quotation marks
        self.settings = settings
        self.engine = engine
        self.findings: list[Finding] = []
        self.hits: dict[int, list] = {}
        self._blocks = None
        self._block_starts = None
        self._latin = None
        self._folded = False  # not worked out yet (None: nothing to fold)
        self._utf8 = None
        self._char_table = None
        self.utf8_strict = True  # (after utf8()) the view has no lone surrogates: the bytes are valid UTF-8
        self._probed = None
        self._words = None
        self._para_words = None
        self._subheads = None
        self._speakers = None
        self._info = getattr(engine, "info", None)
        self.warnings: list | None = None  # the caller's list for warnings (a rule capped or stopped)
        self._counts: dict[int, int] = {}  # findings per rule slot (MAX_FINDINGS_PER_RULE)
        #: blocks in more than one language: a finding is kept only in a block of its rule's language
        self._mixed = len(doc.languages()) > 1
        #: what a kind works out once per article for several of its rules, under a name of its
        #: choosing (condition: the headline's unsourced quotations)
        self.per_article: dict = {}

    @property
    def speakers(self) -> dict:
        """Speaker id -> Speaker."""
        if self._speakers is None:
            self._speakers = {sp.id: sp for sp in self.doc.speakers}
        return self._speakers

    @property
    def blocks(self) -> list:
        """Headline, subheadings and paragraphs in document order."""
        if self._blocks is None:
            self._blocks = self.doc.blocks()
            self._block_starts = [b.start for b in self._blocks]
        return self._blocks

    # -- text forms ------------------------------------------------------------
    @property
    def latin(self) -> bytes:
        if self._latin is None:
            from .matcher import latin

            self._latin = latin(self.view)
        return self._latin

    @property
    def folded(self):
        """The view folded for word matching (``matcher.fold``: invisible characters dropped,
        decomposed letters composed), or None when it has nothing to fold."""
        if self._folded is False:
            from .matcher import fold

            self._folded = fold(self.view, self.doc.text)
        return self._folded

    def find_words(self, matcher) -> list:
        """``matcher.find`` over the article: [(start, end, payloads)], offsets into the view,
        found in its folded copy when it has one (a word split by a zero-width character or
        a soft hyphen, or with a decomposed letter, is found, its span covering them)."""
        folded = self.folded
        if folded is None:
            return matcher.find(self.view, self.latin)
        return matcher.find_folded(folded)

    def word_text(self, start: int, end: int) -> str:
        """A stretch of the view as the matcher read it (folded, when the article is)."""
        text = self.view[start:end]
        if self.folded is None:
            return text
        from .matcher import fold

        f = fold(text, self.doc.text[start:end])
        return text if f is None else f.text

    def utf8(self):
        """(bytes, is_ascii) of the view for RE2 patterns."""
        if self._utf8 is None:
            view = self.view
            if view.isascii():
                self._utf8 = (view.encode("ascii"), True)
            else:
                try:
                    b = view.encode("utf-8")
                except UnicodeEncodeError:
                    b = view.encode("utf-8", "surrogatepass")
                    self.utf8_strict = False
                self._utf8 = (b, len(b) == len(view))
        return self._utf8

    @property
    def probed(self) -> set[int]:
        """Ids of the engine's probe patterns (``engine.probes``) that match somewhere in the view."""
        if self._probed is None:
            self._probed = self.engine.probes.match(self.utf8()[0])
        return self._probed

    def char_offset(self, byte_offset: int) -> int:
        """The string index of a byte offset (at a character boundary) of ``utf8()``.

        A character is its UTF-8 bytes less its continuation bytes, so the index is
        the offset less the continuation bytes before it: counted from a table of
        their number before every ``_BLOCK`` bytes, built once per article (decoding
        the text up to the offset for each match made a non-ASCII article with many
        matches quadratic)."""
        b, ascii_only = self.utf8()
        if ascii_only:
            return byte_offset
        if self._char_table is None:
            flags = b.translate(_CONTINUATION)
            before = [0]
            total = 0
            for k in range(0, len(flags), _BLOCK):
                total += flags.count(1, k, k + _BLOCK)
                before.append(total)
            self._char_table = (flags, before)
        flags, before = self._char_table
        k = byte_offset // _BLOCK
        return byte_offset - before[k] - flags.count(1, k * _BLOCK, byte_offset)

    def paragraph_words(self) -> list[int]:
        if self._para_words is None:
            count = self.view.count
            # words ~ spaces + 1: close enough for densities, without splitting every paragraph
            self._para_words = [count(" ", p.start, p.end) + 1 for p in self.doc.paragraphs]
        return self._para_words

    # -- scopes ----------------------------------------------------------------
    def block_at(self, offset: int):
        if self._blocks is None:
            self.blocks  # noqa: B018 - fills the block index
        i = bisect_right(self._block_starts, offset) - 1
        if i >= 0:
            b = self._blocks[i]
            if offset < b.end or (offset == b.end == b.start):
                return b
        return None

    def in_writer(self, start: int, end: int) -> bool:
        """In one block, outside quoted and reported speech (the ``writer`` scope)."""
        if self.mask.find(1, start, end) >= 0:
            return False
        if self.reported is not None and self.reported.find(1, start, end) >= 0:
            return False
        b = self.block_at(start)
        return b is not None and end <= b.end

    def in_scope(self, scopes: tuple, start: int, end: int) -> bool:
        for sc in scopes:
            if sc == "all":
                return True
            if sc == "writer":
                if self.in_writer(start, end):
                    return True
            elif sc == "reported":
                rep = self.reported
                if rep is not None and rep.find(0, start, end) < 0 and self.mask.find(1, start, end) < 0:
                    b = self.block_at(start)
                    if b is not None and end <= b.end:
                        return True
            elif sc == "quoted":
                b = self.block_at(start)
                if b is not None and self.mask.find(0, start, end) < 0:
                    return True
            elif sc == "headline":
                h = self.doc.headline
                if h is not None and h.start <= start and end <= h.end:
                    return True
            elif sc == "subheadings":
                b = self.block_at(start)
                if b is not None and b.kind == "subheading" and end <= b.end:
                    return True
            elif sc in ("body", "paragraph"):
                b = self.block_at(start)
                if b is not None and b.kind not in ("headline", "subheading") and end <= b.end:
                    return True
            elif sc == "sentence":
                s = self.doc.sentence_at(start)
                if s is not None and end <= s.end:
                    return True
            elif sc.startswith("field:"):
                span = self.doc.fields.get(sc[6:])
                if span is not None and span.start <= start and end <= span.end:
                    return True
        return False

    def scope_test(self, scopes: tuple):
        """A function (start, end) -> bool for one rule's scope: None when every span is in it."""
        if "all" in scopes:
            return None
        if scopes == ("writer",):
            return self.in_writer
        return lambda start, end: self.in_scope(scopes, start, end)

    # -- findings ----------------------------------------------------------------
    def add(self, slot: int, start: int, end: int, fields: dict | None = None, confidence: float | None = None,
            suggestion: str | None = None, fix=None, quote: str | None = None, speaker: str | None = None) -> Finding | None:
        info = self._info[slot] if self._info is not None else SlotInfo(self.engine.specs[slot])
        if self._mixed and info.languages is not None and self.doc.language_at(start) not in info.languages:
            return None  # an English rule's hit in a Nepali paragraph, or the reverse
        n = self._counts.get(slot, 0) + 1
        self._counts[slot] = n
        if n > MAX_FINDINGS_PER_RULE:  # a runaway rule (a pattern matching every letter) cannot exhaust memory
            if n == MAX_FINDINGS_PER_RULE + 1:
                self.warn(f"{self.doc.path}: rule {info.id}: more than {MAX_FINDINGS_PER_RULE} findings; "
                          "the rest are not reported")
            return None
        f = _Fields(fields) if fields else _Fields()
        if "match" not in f:  # (in an article with invisible characters, the text without them)
            f["match"] = (clip(self.word_text(start, end) if self._folded else self.view[start:end])
                          if info.wants_match else "")
        if "rule" not in f:
            f["rule"] = info.id
        message = _render(info.message, f)
        if suggestion is None and info.suggestion:
            suggestion = _render(info.suggestion, f)
        severity = self.settings.severity[slot]
        scope = info.scope
        if info.in_reported is not None and self.reported is not None and self.reported.find(1, start, end) >= 0:
            # the source's word in a paraphrase, not the writer's judgement: at most in_reported
            if SEVERITY_RANK.get(severity, 0) > info.in_reported:
                severity = _SEVERITY_NAME[info.in_reported]
            scope = "reported"
            source = self.doc.reported_source(start)
            message += (f" (in a paraphrase of {source}: quote them, or use neutral words)" if source
                        else " (in reported speech: quote the source, or use neutral words)")
        finding = Finding(
            info.id, severity, message, start, end,
            info.confidence if confidence is None else confidence, scope, suggestion, fix, quote, speaker,
        )
        self.findings.append(finding)
        return finding

    def capped(self, slot: int) -> bool:
        """True once a rule has reported all the findings it may in this article."""
        return self._counts.get(slot, 0) > MAX_FINDINGS_PER_RULE

    def warn(self, message: str) -> None:
        if self.warnings is not None:
            self.warnings.append(message)

    def source_extent(self, i: int) -> tuple[int, int]:
        """The stretch of ``doc.text`` behind one character of the view (a
        character reference such as ``&rdquo;`` is wider than one)."""
        text, view = self.doc.text, self.view
        if text[i] == view[i]:
            return i, i + 1
        j = i + 1
        n = len(text)
        if text[i] == "&":
            while j < n and view[j] == " " and text[j] != " " and text[j - 1] != ";":
                j += 1
        return i, j
