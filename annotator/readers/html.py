"""HTML: the standard library's tolerant, non-recursive ``HTMLParser``.

The parser reports the extent of every construct it consumes through
``updatepos(start, end)``; that gives the exact offsets of each stretch of
character data and each comment in ``text`` (no line/column arithmetic).  Text
is gathered into runs that end at every block-level boundary; a run becomes
the headline (first ``<h1>``, else ``<title>``, else the first heading), a
subheading (other headings) or a paragraph (``<p>``, ``<li>``, text in a
``<blockquote>``, loose text in ``<div>``/``<article>``/``<body>`` ...).
Site furniture (script, style, nav, a site header, footer, aside, forms ...)
is dropped.  The view blanks all tags and replaces character references by
the character followed by padding spaces.
"""

from __future__ import annotations

import html as _html
import re
from html.parser import HTMLParser

from ..document import Block, Document
from .text import compose_view, snap_ends

_VOID = frozenset(
    "area base basefont bgsound br col embed hr img input keygen link meta param source track wbr".split()
)
_BLOCK = frozenset(
    """address article aside blockquote body caption center dd details dialog dir div dl dt
    fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 head header hgroup hr html legend li
    main menu nav ol p pre section summary table tbody td tfoot th thead title tr ul""".split()
)
#: start tags that close an open <p>
_CLOSES_P = frozenset(
    """address article aside blockquote details dialog div dl fieldset figcaption figure footer
    form h1 h2 h3 h4 h5 h6 header hgroup hr main menu nav ol p pre section table ul""".split()
)
#: never prose: dropped with everything inside
_DROP = frozenset(
    "script style noscript template svg math nav footer aside form iframe button select textarea object canvas".split()
)
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_BYLINE_META = frozenset({"author", "byl", "dc.creator", "dcterms.creator", "article:author", "parsely-author", "sailthru.author"})
_DATE_META = frozenset({
    "article:published_time", "article:published", "datepublished", "date", "pubdate", "publish-date",
    "dc.date", "dcterms.date", "dc.date.issued", "parsely-pub-date", "sailthru.date",
})
_CHARREF = re.compile(r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]{0,31};?)")
_SEARCH_DEPTH = 32  # how far down the open elements an implicit end tag looks

# context flags of an open element (a tuple, copied on every push)
_DROPPED, _HEADER, _LEVEL, _TITLE, _QUOTE, _ITEM, _ARTICLE = range(7)
_ROOT = (False, False, 0, False, False, False, False)

_decoded: dict[str, str | None] = {}


def _charref(raw: str) -> str | None:
    r = _decoded.get(raw, "")
    if r == "":
        ch = _html.unescape(raw)
        if ch == raw or len(ch) > len(raw):
            r = None
        else:
            r = ch.replace("\u00a0", " ") + " " * (len(raw) - len(ch))
        if len(_decoded) < 4096:
            _decoded[raw] = r
    return r


def decode_charrefs(s: str, base: int = 0, units: list | None = None) -> str | None:
    """``s`` with character references replaced by the character plus padding
    (same length), or None when there is none; the stretch of each reference
    (offset by ``base``) is added to ``units``."""
    if "&" not in s:
        return None
    out = []
    cur = 0
    for m in _CHARREF.finditer(s):
        r = _charref(m.group())
        if r is None:
            continue
        out.append(s[cur:m.start()])
        out.append(r)
        cur = m.end()
        if units is not None:
            units.append((base + m.start(), cur + base))
    if not out:
        return None
    out.append(s[cur:])
    return "".join(out)


def _byline(value: str) -> str | None:
    value = value.strip()
    if value.lower().startswith("by "):
        value = value[3:].strip()
    if not value or "://" in value:
        return None
    return value


class _Reader(HTMLParser):
    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.text = text
        self.base = 0  # offset of the parser's buffer in text
        self.pos = 0  # offset of the construct being handled
        self.stack: list[tuple[str, tuple]] = []
        self.counts: dict[str, int] = {}
        self.ctx = _ROOT
        self.pending = -1  # start of character data whose end is the next event
        self.pending_comment: tuple[int, str] | None = None
        self.run: list[tuple[int, int, str | None]] = []
        self.run_ctx = _ROOT
        self.data_ctx = _ROOT
        self.blocks: list[tuple[str, int, int, int, list]] = []  # kind, level, start, end, segments
        self.comments: list[tuple[int, int, str]] = []
        self.units: list[tuple[int, int]] = []  # decoded character references
        self.metadata: dict = {}
        self.byline: str | None = None
        self.date: str | None = None

    # -- positions ------------------------------------------------------------------
    def updatepos(self, i: int, j: int) -> int:
        """Called by the parser after each construct [i, j) of its buffer;
        closes the character data or comment just handled."""
        end = self.base + j
        self._close_pending(end)
        self.pos = end
        return j

    def _close_pending(self, end: int) -> None:
        """Close the character data or comment that runs to ``end``."""
        if self.pending >= 0:
            self._segment(self.pending, end)
            self.pending = -1
        if self.pending_comment is not None:
            start, inner = self.pending_comment
            self.comments.append((start, end, inner))
            self.pending_comment = None

    def getpos(self):  # line/column of the current construct (not used here)
        line = self.text.count("\n", 0, self.pos) + 1
        return line, self.pos - (self.text.rfind("\n", 0, self.pos) + 1)

    def parse_marked_section(self, i, report=1):
        # _markupbase raises AssertionError on a malformed <![ ... ]>: skip it instead
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:
            j = self.rawdata.find(">", i + 3)
            return -1 if j < 0 else j + 1

    def finish(self) -> None:
        self.feed(self.text)
        self.base = len(self.text) - len(self.rawdata)
        self.pos = self.base
        self.close()
        self._close_pending(len(self.text))
        self._flush()

    def _segment(self, start: int, end: int) -> None:
        if end <= start:
            return
        if not self.run:
            self.run_ctx = self.data_ctx
        self.run.append((start, end, decode_charrefs(self.text[start:end], start, self.units)))

    # -- runs -------------------------------------------------------------------------
    def _flush(self) -> None:
        run = self.run
        if not run:
            return
        self.run = []
        text = self.text
        start = end = -1
        for s, e, r in run:
            piece = text[s:e] if r is None else r
            stripped = piece.lstrip()
            if stripped:
                start = s + len(piece) - len(stripped)
                break
        if start < 0:
            return
        for s, e, r in reversed(run):
            piece = text[s:e] if r is None else r
            stripped = piece.rstrip()
            if stripped:
                end = s + len(stripped)
                break
        ctx = self.run_ctx
        if ctx[_TITLE]:
            kind = "title"
        elif ctx[_LEVEL]:
            kind = "heading"
        elif ctx[_QUOTE]:
            kind = "blockquote"
        elif ctx[_ITEM]:
            kind = "list_item"
        else:
            kind = "paragraph"
        self.blocks.append((kind, ctx[_LEVEL], start, end, run))

    # -- the open elements ----------------------------------------------------------------
    def _pop_to(self, index: int) -> None:
        stack, counts = self.stack, self.counts
        while len(stack) > index:
            tag = stack.pop()[0]
            counts[tag] -= 1
        self.ctx = stack[-1][1] if stack else _ROOT

    def _find_open(self, targets, stops) -> int:
        """Index of the nearest open element in ``targets`` above any in ``stops``
        (looking at most _SEARCH_DEPTH down), or -1."""
        stack = self.stack
        for i in range(len(stack) - 1, max(-1, len(stack) - 1 - _SEARCH_DEPTH), -1):
            tag = stack[i][0]
            if tag in targets:
                return i
            if tag in stops:
                return -1
        return -1

    # -- events -----------------------------------------------------------------------------
    def handle_starttag(self, tag, attrs):
        pos = self.pos
        ctx = self.ctx
        if tag == "meta":
            self._meta(attrs)
            return
        if tag == "br":
            if self.run and not ctx[_DROPPED] and not (ctx[_HEADER] and not ctx[_LEVEL]):
                self.run.append((pos, pos + 1, "\n"))
            return
        if tag == "time" and self.date is None and not ctx[_DROPPED]:
            value = dict(attrs).get("datetime")
            if value and value.strip():
                self.date = value.strip()
        if tag == "html":
            lang = dict(attrs).get("lang")
            if lang:
                self.metadata.setdefault("lang", lang)
        if tag in _BLOCK:
            self._flush()
        if tag in _VOID:
            return
        counts = self.counts
        if counts.get("p") and tag in _CLOSES_P:
            i = self._find_open(("p",), _BLOCK)
            if i >= 0:
                self._pop_to(i)
        if tag == "li" and counts.get("li"):
            i = self._find_open(("li",), ("ul", "ol", "menu"))
            if i >= 0:
                self._pop_to(i)
        elif tag in _HEADINGS and self.stack and self.stack[-1][0] in _HEADINGS:
            self._pop_to(len(self.stack) - 1)
        ctx = self.ctx
        if tag in _DROP:
            ctx = ctx[:_DROPPED] + (True,) + ctx[_DROPPED + 1:]
        elif tag == "header":
            if ctx[_ARTICLE]:  # an article's own header: keep its headings only
                ctx = ctx[:_HEADER] + (True,) + ctx[_HEADER + 1:]
            else:  # the site's header
                ctx = ctx[:_DROPPED] + (True,) + ctx[_DROPPED + 1:]
        elif tag in _HEADINGS:
            ctx = ctx[:_LEVEL] + (_HEADINGS[tag],) + ctx[_LEVEL + 1:]
        elif tag == "title":
            ctx = ctx[:_TITLE] + (True,) + ctx[_TITLE + 1:]
        elif tag == "blockquote":
            ctx = ctx[:_QUOTE] + (True,) + ctx[_QUOTE + 1:]
        elif tag == "li":
            ctx = ctx[:_ITEM] + (True,) + ctx[_ITEM + 1:]
        elif tag in ("article", "main"):
            ctx = ctx[:_ARTICLE] + (True,) + ctx[_ARTICLE + 1:]
        self.stack.append((tag, ctx))
        counts[tag] = counts.get(tag, 0) + 1
        self.ctx = ctx

    def handle_endtag(self, tag):
        if not self.counts.get(tag):
            return  # a stray end tag
        stack = self.stack
        i = len(stack) - 1
        while stack[i][0] != tag:
            i -= 1
        if tag in _BLOCK or i < len(stack) - 1:
            self._flush()
        self._pop_to(i)

    def handle_data(self, data):
        ctx = self.ctx
        if ctx[_DROPPED] or (ctx[_HEADER] and not ctx[_LEVEL]):
            return
        self.pending = self.pos
        self.data_ctx = ctx

    def handle_comment(self, data):
        self.pending_comment = (self.pos, data)

    # -- metadata ---------------------------------------------------------------------------
    def _meta(self, attrs) -> None:
        d = dict(attrs)
        name = d.get("name") or d.get("property") or d.get("itemprop")
        content = d.get("content")
        if not name or content is None:
            return
        key = name.strip()
        low = key.lower()
        if low in _BYLINE_META:
            if self.byline is None:
                self.byline = _byline(content)
            return
        if low in _DATE_META:
            if self.date is None and content.strip():
                self.date = content.strip()
            return
        old = self.metadata.get(key)
        if old is None:
            self.metadata[key] = content
        elif isinstance(old, list):
            old.append(content)
        else:
            self.metadata[key] = [old, content]


def read(text: str, path: str) -> Document:
    doc = Document(text, path=path, format="html")
    p = _Reader(text)
    p.finish()
    title = None
    headings: list[tuple[int, Block]] = []
    keeps = []
    for kind, level, start, end, run in p.blocks:
        if kind == "title":
            if title is None:
                title = (start, end, run)
            continue
        keeps.extend(run)
        if kind == "heading":
            headings.append((level, Block(start, end, "subheading")))
        else:
            doc.paragraphs.append(Block(start, end, kind, len(doc.paragraphs)))
    pick = next((i for i, (level, _) in enumerate(headings) if level == 1), None)
    if pick is not None:
        h = headings.pop(pick)[1]
        doc.headline = Block(h.start, h.end, "headline")
    elif title is not None:
        doc.headline = Block(title[0], title[1], "headline")
        keeps.extend(title[2])
        keeps.sort(key=lambda k: k[0])
    elif headings:
        h = headings.pop(0)[1]
        doc.headline = Block(h.start, h.end, "headline")
    doc.subheadings = [b for _, b in headings]
    doc.view = compose_view(text, keeps)
    snap_ends(doc, p.units)
    doc.comments = p.comments
    doc.metadata = p.metadata
    doc.byline = p.byline
    doc.date = p.date
    return doc
