"""Per-article state shared by the kinds: scopes as range checks, the
settings in force, and the findings being collected."""

from __future__ import annotations

import re
from bisect import bisect_right

from ..document import Document
from .finding import Finding

_MATCH_MAX = 60


class _Fields(dict):
    def __missing__(self, key):
        return ""


def clip(s: str, limit: int = _MATCH_MAX) -> str:
    s = " ".join(s.split())
    return s if len(s) <= limit else s[: limit - 1] + "…"


class Context:
    __slots__ = ("doc", "view", "mask", "settings", "engine", "findings", "hits", "_blocks", "_block_starts",
                 "_latin", "_utf8", "_words", "_para_words", "_subheads", "_speakers")

    def __init__(self, doc: Document, engine, settings):
        self.doc = doc
        self.view = doc.view
        self.mask = doc.quote_mask if doc.quote_mask is not None else bytearray(len(doc.view))
        self.settings = settings
        self.engine = engine
        self.findings: list[Finding] = []
        self.hits: dict[int, list] = {}
        blocks = doc.blocks()
        self._blocks = blocks
        self._block_starts = [b.start for b in blocks]
        self._latin = None
        self._utf8 = None
        self._words = None
        self._para_words = None
        self._subheads = None
        self._speakers = None

    @property
    def speakers(self) -> dict:
        """Speaker id -> Speaker."""
        if self._speakers is None:
            self._speakers = {sp.id: sp for sp in self.doc.speakers}
        return self._speakers

    # -- text forms ------------------------------------------------------------
    @property
    def latin(self) -> bytes:
        if self._latin is None:
            from .matcher import latin

            self._latin = latin(self.view)
        return self._latin

    def utf8(self):
        """(bytes, is_ascii) of the view for RE2 patterns."""
        if self._utf8 is None:
            b = self.view.encode("utf-8", "surrogatepass")
            self._utf8 = (b, len(b) == len(self.view))
        return self._utf8

    def char_offset(self, byte_offset: int) -> int:
        b, ascii_only = self.utf8()
        if ascii_only:
            return byte_offset
        return len(b[:byte_offset].decode("utf-8", "surrogatepass"))

    def paragraph_words(self) -> list[int]:
        if self._para_words is None:
            view = self.view
            # words ~ spaces + 1: close enough for densities, without splitting every paragraph
            self._para_words = [view.count(" ", p.start, p.end) + 1 for p in self.doc.paragraphs]
        return self._para_words

    # -- scopes ----------------------------------------------------------------
    def block_at(self, offset: int):
        i = bisect_right(self._block_starts, offset) - 1
        if i >= 0:
            b = self._blocks[i]
            if offset < b.end or (offset == b.end == b.start):
                return b
        return None

    def in_scope(self, scopes: tuple, start: int, end: int) -> bool:
        for sc in scopes:
            if sc == "all":
                return True
            if sc == "writer":
                b = self.block_at(start)
                if b is not None and end <= b.end and self.mask.find(1, start, end) < 0:
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

    # -- findings ----------------------------------------------------------------
    def add(self, slot: int, start: int, end: int, fields: dict | None = None, confidence: float | None = None,
            suggestion: str | None = None, fix=None, quote: str | None = None, speaker: str | None = None) -> Finding:
        spec = self.engine.specs[slot]
        f = _Fields(fields or ())
        f.setdefault("match", clip(self.view[start:end]))
        f.setdefault("rule", spec.id)
        message = spec.message.format_map(f)
        if suggestion is None and spec.suggestion:
            suggestion = spec.suggestion.format_map(f)
        finding = Finding(
            spec.id, self.settings.severity[slot], message, start, end,
            spec.confidence if confidence is None else confidence, ",".join(spec.scope), suggestion, fix, quote,
            speaker,
        )
        self.findings.append(finding)
        return finding

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
