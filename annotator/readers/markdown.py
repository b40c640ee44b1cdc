"""Markdown: optional YAML front matter, then CommonMark blocks.

Block structure comes from markdown-it-py's block parser (its tokens' line
maps); inline markup is blanked in the view by a small scanner that follows
CommonMark's precedence (code spans, autolinks and raw HTML first, then
links and images, then emphasis), so that no per-character Python loop and no
full inline parse is needed.  Every span indexes ``Document.text``.
"""

from __future__ import annotations

import datetime as _dt
import html as _html
import math
import re
import unicodedata
from bisect import bisect_right
from operator import itemgetter

from ..document import Block, Document, Span
from . import PROSE_FIELDS, InputError
from .text import blank, compose_view, layout, snap_ends

#: deeper block nesting than this (block quotes, lists) is read as plain text;
#: markdown-it-py would silently drop everything below its limit
MAX_NESTING = 40

_md = None


def _parser():
    global _md
    if _md is None:
        from markdown_it import MarkdownIt

        md = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING})
        md.disable(["inline", "text_join"])  # block structure only; inline is ours
        md.enable("table")  # GitHub tables: each cell is a block of its own (_Body.cells)
        _md = md
    return _md


# -- front matter ----------------------------------------------------------------

_FM_OPEN = re.compile(r"\ufeff?---[ \t]*(\r\n|\r|\n)")
_FM_CLOSE = re.compile(r"(?:\r\n|\r|\n)((?:---|\.\.\.)[ \t]*)(?=\r\n|\r|\n|\Z)")

_YAML_ESCAPE = re.compile(r"\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|\r\n|[\s\S])")
_YAML_QUOTE = re.compile("''")
_YAML_SIMPLE = {
    "0": " ", "a": " ", "b": " ", "t": "\t", "\t": "\t", "n": "\n", "v": " ", "f": " ",
    "r": " ", "e": " ", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": " ",
    "_": "\u00a0", "L": "\n", "P": "\n",
}


def _char(code: int) -> str:
    """A decoded code point as it may appear in the view."""
    if code < 0x20 or 0x7F <= code < 0xA0:
        return "\n" if code == 0x0A else ("\t" if code == 0x09 else " ")
    if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
        return "\ufffd"
    return chr(code)


def _yaml_escape(m: re.Match) -> str:
    g = m.group()
    c = g[1]
    if c in "xuU":
        ch = _char(int(g[2:], 16))
    elif c in "\r\n":  # an escaped line break: the backslash goes, the break stays
        return " " + g[1:]
    else:
        ch = _YAML_SIMPLE.get(c, c)
    return ch + " " * (len(g) - len(ch))


def _scalar_view(ytext: str, node) -> tuple[int, int, str | None, list]:
    """(start, end, view, escapes) of a scalar's value inside the YAML text
    (quotes and block indicators excluded); ``view`` is None when it equals
    the text; ``escapes`` are the (start, end) of each escape sequence."""
    a, b = node.start_mark.index, node.end_mark.index
    style = node.style
    if style in ('"', "'"):
        a, b = a + 1, b - 1
        inner = ytext[a:b]
        pattern = _YAML_ESCAPE if style == '"' else _YAML_QUOTE
        if (style == '"' and "\\" not in inner) or (style == "'" and "''" not in inner):
            return a, b, None, []
        out, units, cur = [], [], 0
        for m in pattern.finditer(inner):
            out.append(inner[cur:m.start()])
            out.append(_yaml_escape(m) if style == '"' else "' ")
            cur = m.end()
            units.append((a + m.start(), a + cur))
        out.append(inner[cur:])
        return a, b, "".join(out), units
    if style in ("|", ">"):
        nl = re.compile(r"\r\n|\r|\n").search(ytext, a, b)
        a = nl.end() if nl else b
    return a, b, None, []


#: most values a front matter may hold once its aliases are expanded, and
#: the deepest nesting it may have
MAX_VALUES = 100_000
MAX_DEPTH = 64
#: longest front matter read (PyYAML takes ~4 s a megabyte; real front
#: matter is a few hundred bytes)
MAX_FRONT_MATTER = 256 * 1024


class _TooLarge(Exception):
    pass


def _jsonable(value, budget: list[int], depth: int = 0):
    """Front matter values as JSON values (dates become ISO strings); every
    value counts against ``budget`` so that aliases cannot blow it up."""
    budget[0] -= 1
    if budget[0] < 0:
        raise _TooLarge(f"too large (more than {MAX_VALUES} values, counting every alias expansion)")
    if isinstance(value, (dict, list, tuple, set, frozenset)) and depth >= MAX_DEPTH:
        raise _TooLarge(f"nested more than {MAX_DEPTH} levels deep")
    if isinstance(value, dict):
        return {str(k): _jsonable(v, budget, depth + 1) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_jsonable(v, budget, depth + 1) for v in value]
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, (_dt.date, _dt.datetime, _dt.time)):
        return value.isoformat()
    if isinstance(value, bytes):
        import base64

        return base64.b64encode(value).decode("ascii")
    return str(value)


def _name(value) -> str | None:
    """A byline from a string, a {name: ...} mapping or a list of either."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dict):
        return _name(value.get("name"))
    if isinstance(value, (list, tuple)):
        names = [n for n in (_name(v) for v in value) if n]
        return ", ".join(names) or None
    return None


def _date(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    return str(value).strip() or None


def _front_matter(doc: Document, path: str, keeps: list, units: list) -> tuple[int, Block | None]:
    """Read the YAML front matter; return (first line of the body, headline or None)."""
    text = doc.text
    m = _FM_OPEN.match(text)
    if not m:
        return 0, None
    c = _FM_CLOSE.search(text, m.end() - len(m.group(1)))
    if not c:
        return 0, None  # no closing line: a thematic break, not front matter
    y0, y1 = m.end(), c.start(1)
    first_line = doc.position(y0)[0]
    if y1 - y0 > MAX_FRONT_MATTER:
        raise InputError(path, f"front matter too large ({y1 - y0} characters; the limit is {MAX_FRONT_MATTER})",
                         first_line)
    ytext = text[y0:y1]
    # PyYAML is imported only for an article that has front matter: importing it costs more
    # than checking a short article (~90M instructions)
    import yaml

    from ..yamlio import YAMLError, load_yaml
    from ..yamlio import _Loader  # libyaml's safe loader when present

    try:
        data = load_yaml(ytext)
    except YAMLError as e:
        line = e.line + first_line - 1 if e.line is not None else first_line - 1
        raise InputError(path, f"front matter: {e.message}", line, e.column) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError(path, f"front matter is not a mapping (found a {type(data).__name__})", 1)
    doc.front_matter = Span(m.start() + (1 if text[0] == "\ufeff" else 0), c.end(1))
    lower = {k.lower(): k for k in data if isinstance(k, str)}
    used = set()
    # byline and date
    for key in ("byline", "author", "authors"):
        if key in lower and doc.byline is None:
            doc.byline = _name(data[lower[key]])
            used.add(lower[key])
    for key in ("date", "published", "published_at", "pubdate"):
        if key in lower and doc.date is None:
            doc.date = _date(data[lower[key]])
            used.add(lower[key])
    # prose fields, located exactly in the file
    headline = None
    if any(k in PROSE_FIELDS and isinstance(data[lower[k]], str) for k in lower):
        try:
            root = yaml.compose(ytext, Loader=_Loader)
        except yaml.YAMLError:  # pragma: no cover - load succeeded, so compose does
            root = None
        if root is not None and isinstance(root, yaml.MappingNode):
            spans: dict[str, tuple] = {}
            for knode, vnode in root.value:
                if not (isinstance(knode, yaml.ScalarNode) and isinstance(vnode, yaml.ScalarNode)):
                    continue
                key = knode.value
                if key.lower() not in PROSE_FIELDS or not isinstance(data.get(key), str):
                    continue
                spans[key] = _scalar_view(ytext, vnode)
            for key, (a, b, view, escapes) in sorted(spans.items(), key=lambda kv: kv[1][0]):
                a, b = a + y0, b + y0
                units.extend((y0 + u, y0 + v) for u, v in escapes)
                shown = view if view is not None else text[a:b]
                stripped = shown.strip()
                if not stripped:
                    continue
                s = a + len(shown) - len(shown.lstrip())
                span = Span(s, s + len(stripped))
                doc.fields[key] = span
                keeps.append((a, b, view))
            for key in ("headline", "title"):
                k = lower.get(key)
                if k in doc.fields:
                    f = doc.fields[k]
                    headline = Block(f.start, f.end, "headline")
                    used.add(k)
                    break
    budget = [MAX_VALUES]
    try:
        doc.metadata = {str(k): _jsonable(v, budget) for k, v in data.items() if k not in used}
    except RecursionError:
        raise InputError(path, "front matter nested too deeply", first_line) from None
    except _TooLarge as e:
        raise InputError(path, f"front matter {e}", first_line) from None
    close_line = doc.position(c.start(1))[0]  # 1-based: the body starts on the next line
    return close_line, headline


# -- inline markup -----------------------------------------------------------------

_SPECIAL = re.compile(r"[\\`<&\[\]*_]")
_PASS1 = re.compile(r"[\\`<&]")
_ESCAPABLE = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_BACKTICKS = re.compile(r"`+")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_ATTR = r"""(?:\s+[a-zA-Z_:][a-zA-Z0-9:._-]*(?:\s*=\s*(?:[^"'=<>`\x00-\x20]+|'[^']*'|"[^"]*"))?)"""
_TAG = re.compile(
    r"<[A-Za-z][A-Za-z0-9\-]*" + _ATTR + r"*\s*/?>"
    r"|</[A-Za-z][A-Za-z0-9\-]*\s*>"
    r"|<![A-Za-z][^>]*>"
    r"|<[A-Za-z][A-Za-z0-9.+-]{1,31}:[^<>\x00-\x20]*>"  # autolink
    r"|<[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?"
    r"(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*>"
)
_BRACKET = re.compile(r"[\[\]]")
_DELIMS = re.compile(r"\*+|_+")
_INLINE_TAIL = re.compile(
    r"""\(\s*
        (?:<(?:[^<>\n\r\\]|\\.)*>|(?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*\))+)?
        (?:\s+(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\((?:[^()\\]|\\.)*\)))?
        \s*\)""",
    re.VERBOSE,
)
_REF_LABEL = re.compile(r"\[((?:[^\[\]\\]|\\.){0,999})\]")
_CLOSERS: dict[int, re.Pattern] = {}
_first = itemgetter(0)
_EMPHASIS_SEARCH = 16  # how far down the open delimiters a closer looks


def _closing_ticks(n: int) -> re.Pattern:
    p = _CLOSERS.get(n)
    if p is None:
        p = _CLOSERS[n] = re.compile(r"(?<!`)`{%d}(?!`)" % n)
    return p


def _entity(raw: str) -> str | None:
    ch = _html.unescape(raw)
    if ch == raw or len(ch) > len(raw):
        return None
    if ch == "\u00a0":
        ch = " "
    return ch + " " * (len(raw) - len(ch))


def _is_punct(c: str) -> bool:
    return c in _ESCAPABLE or (c > "\x7f" and unicodedata.category(c)[0] in "PS")


def _normalize_label(label: str) -> str:
    from markdown_it.common.utils import normalizeReference

    return normalizeReference(label)


def inline_view(s: str, refs: dict | None = None):
    """Blank inline Markdown markup in ``s``; return the view (same length),
    the HTML comments found as (start, end, inner text) and the stretches of
    decoded entities as (start, end), all relative to ``s``."""
    if not _SPECIAL.search(s):
        return s, [], []
    n = len(s)
    edits: list[tuple[int, int, str | None]] = []  # (start, end, replacement or None: blank)
    atomic: list[tuple[int, int]] = []  # code spans, raw HTML, autolinks
    escaped: set[int] = set()
    comments: list[tuple[int, int, str]] = []
    failed_ticks: set[int] = set()
    comment_open = True  # False once no "-->" follows
    # ---- pass 1: escapes, code spans, raw HTML/autolinks/comments, entities ----
    pos = 0
    while True:
        m = _PASS1.search(s, pos)
        if m is None:
            break
        i = m.start()
        c = s[i]
        if c == "\\":
            nxt = s[i + 1:i + 2]
            if nxt and nxt in _ESCAPABLE:
                edits.append((i, i + 1, None))
                escaped.add(i + 1)
                pos = i + 2
            else:
                if nxt in ("\n", "\r"):  # a hard line break
                    edits.append((i, i + 1, None))
                pos = i + 1
        elif c == "`":
            run = _BACKTICKS.match(s, i).end() - i
            pos = i + run
            if run in failed_ticks:
                continue
            close = _closing_ticks(run).search(s, pos)
            if close is None:
                failed_ticks.add(run)
                continue
            edits.append((i, close.end(), None))
            atomic.append((i, close.end()))
            pos = close.end()
        elif c == "<":
            end = -1
            if s.startswith("<!--", i):
                if s.startswith("<!-->", i):
                    end, inner = i + 5, ""
                elif s.startswith("<!--->", i):
                    end, inner = i + 6, ""
                elif comment_open:
                    j = s.find("-->", i + 4)
                    if j < 0:
                        comment_open = False
                    else:
                        end, inner = j + 3, s[i + 4:j]
                if end > 0:
                    comments.append((i, end, inner))
            elif s.startswith("<?", i):
                j = s.find("?>", i + 2)
                end = j + 2 if j >= 0 else -1
            elif s.startswith("<![CDATA[", i):
                j = s.find("]]>", i + 9)
                end = j + 3 if j >= 0 else -1
            else:
                t = _TAG.match(s, i)
                end = t.end() if t else -1
            if end > 0:
                edits.append((i, end, None))
                atomic.append((i, end))
                pos = end
            else:
                pos = i + 1
        else:  # &
            e = _ENTITY.match(s, i)
            r = _entity(e.group()) if e else None
            if r is not None:
                edits.append((i, e.end(), r))
                pos = e.end()
            else:
                pos = i + 1
    a_starts = [a for a, _ in atomic]

    def in_atomic(p: int) -> bool:
        k = bisect_right(a_starts, p) - 1
        return k >= 0 and p < atomic[k][1]

    # ---- pass 2: links and images ---------------------------------------------------
    regions: list[tuple[int, int]] = []  # link tails and whole images
    if "[" in s and "]" in s:
        openers: list[tuple[int, bool]] = []
        inactive_below = 0  # links cannot contain links: earlier openers die
        skip_until = 0
        for m in _BRACKET.finditer(s):
            p = m.start()
            if p < skip_until or p in escaped or (atomic and in_atomic(p)):
                continue
            if s[p] == "[":
                image = p > 0 and s[p - 1] == "!" and (p - 1) not in escaped and not (atomic and in_atomic(p - 1))
                if len(openers) < inactive_below:  # the dead ones below have been popped
                    inactive_below = len(openers)
                openers.append((p, image))
                continue
            if not openers:
                continue
            op, image = openers.pop()
            if not image and len(openers) < inactive_below:
                continue
            end = _link_tail(s, p + 1, s[op + 1:p], refs)
            if end < 0:
                continue
            if image:
                edits.append((op - 1, end, None))
                regions.append((op - 1, end))
            else:
                edits.append((op, op + 1, None))
                edits.append((p, end, None))
                regions.append((p, end))
                inactive_below = len(openers)
            skip_until = end
    # ---- pass 3: emphasis -------------------------------------------------------------
    if "*" in s or "_" in s:
        blocked = sorted(atomic + regions)
        b_starts = [a for a, _ in blocked]
        # per delimiter character, the open runs: [start, end, run length, can close too]
        stacks: dict[str, list[list]] = {"*": [], "_": []}
        for m in _DELIMS.finditer(s):
            a, b = m.span()
            if a in escaped:
                a += 1
            if a >= b:
                continue
            if blocked:
                k = bisect_right(b_starts, a) - 1
                if k >= 0 and a < blocked[k][1]:
                    continue
            prev = s[a - 1] if a > 0 else " "
            nxt = s[b] if b < n else " "
            pw, nw = prev.isspace(), nxt.isspace()
            pp, np_ = _is_punct(prev), _is_punct(nxt)
            left = not nw and (not np_ or pw or pp)
            right = not pw and (not pp or nw or np_)
            ch = s[a]
            if ch == "*":
                can_open, can_close = left, right
            else:
                can_open = left and (not right or pp)
                can_close = right and (not left or np_)
            length = run = b - a
            if can_close:
                st = stacks[ch]
                other = stacks["_" if ch == "*" else "*"]
                while length and st:
                    # the nearest opener, skipping those the "rule of 3" forbids
                    j = len(st) - 1
                    while j >= 0 and j >= len(st) - _EMPHASIS_SEARCH:
                        op = st[j]
                        if (op[3] or can_open) and (op[2] + run) % 3 == 0 and (op[2] % 3 or run % 3):
                            j -= 1
                            continue
                        break
                    else:
                        break
                    if j < 0:
                        break
                    op = st[j]
                    del st[j + 1:]  # delimiters between a matched pair stay literal
                    k = 2 if (op[1] - op[0] >= 2 and length >= 2) else 1
                    edits.append((op[1] - k, op[1], None))
                    op[1] -= k
                    edits.append((a, a + k, None))
                    a += k
                    length -= k
                    while other and other[-1][0] > op[0]:
                        other.pop()
                    if op[1] == op[0]:
                        st.pop()
            if can_open and length:
                stacks[ch].append([a, a + length, run, can_close])
    if not edits:
        return s, comments, []
    edits.sort(key=_first)
    out = []
    units = []
    cur = 0
    for a, b, r in edits:
        if a < cur:
            continue
        out.append(s[cur:a])
        if r is None:
            out.append(blank(s[a:b]))
        else:
            out.append(r)
            units.append((a, b))
        cur = b
    out.append(s[cur:])
    return "".join(out), comments, units


def _link_tail(s: str, q: int, label: str, refs: dict | None) -> int:
    """End of a link's destination part starting at q (just after ``]``), or -1."""
    if s[q:q + 1] == "(":
        m = _INLINE_TAIL.match(s, q)
        if m:
            return m.end()
    if refs:
        m = _REF_LABEL.match(s, q)
        if m:
            ref = m.group(1) or label
            return m.end() if _normalize_label(ref) in refs else -1
        if _normalize_label(label) in refs:
            return q
    return -1


# -- block structure ---------------------------------------------------------------

_WS = re.compile(r"[ \t\ufeff]*")
_BULLET = re.compile(r"(?:[-+*]|[0-9]{1,9}[.)])(?=[ \t]|$)")
_ATX_OPEN = re.compile(r"#{1,6}")
_ATX_CLOSE = re.compile(r"(?:^|[ \t])#+[ \t]*$")
_MARKERS = re.compile(r"^[ \t]*(?:>[ \t]*|(?:[-+*]|[0-9]{1,9}[.)])[ \t]+|#{1,6}[ \t]+)+", re.M)


def _strip_prefix(text: str, s: int, e: int, quotes: int, items: int) -> int:
    """Skip container markup at the start of a line: indentation, up to ``quotes``
    block-quote markers and ``items`` list markers."""
    pos = _WS.match(text, s, e).end()
    while pos < e and (quotes or items):
        if quotes and text[pos] == ">":
            pos += 1
            quotes -= 1
        elif items and (m := _BULLET.match(text, pos, e)):
            pos = m.end()
            items -= 1
        else:
            break
        pos = _WS.match(text, pos, e).end()
    return pos


class _Body:
    def __init__(self, doc: Document, line0: int, refs: dict):
        self.doc = doc
        self.text = doc.text
        self.starts = doc.lines.starts
        self.line0 = line0  # 0-based file line of the body's first line
        self.refs = refs
        self.keeps: list[tuple[int, int, str | None]] = []
        self.units: list[tuple[int, int]] = []  # decoded entities

    def bounds(self, line: int) -> tuple[int, int]:
        """Start and end (before the line break) of a 0-based file line."""
        starts, text = self.starts, self.text
        s = starts[line]
        e = starts[line + 1] if line + 1 < len(starts) else len(text)
        while e > s and text[e - 1] in "\r\n":
            e -= 1
        return s, e

    def content(self, first: int, last: int, quotes: int, item_lines: dict[int, int]) -> tuple[int, int] | None:
        """Blank the markup of body lines [first, last) (0-based body lines) and
        keep their prose; return the trimmed span or None when nothing is left."""
        text = self.text
        pieces = []
        start = prev_end = -1
        for ln in range(first + self.line0, last + self.line0):
            s, e = self.bounds(ln)
            c = _strip_prefix(text, s, e, quotes, item_lines.get(ln - self.line0, 0))
            if start < 0:
                start = c
            else:
                pieces.append(blank(text[prev_end:c]))
            pieces.append(text[c:e])
            prev_end = e
        if start < 0 or prev_end <= start:
            return None
        return self.inline(start, prev_end, "".join(pieces))

    def inline(self, start: int, end: int, seg: str) -> tuple[int, int] | None:
        view, comments, units = inline_view(seg, self.refs)
        for a, b, inner in comments:
            self.doc.comments.append((start + a, start + b, inner))
        for a, b in units:
            self.units.append((start + a, start + b))
        stripped = view.lstrip()
        if not stripped:
            return None
        self.keeps.append((start, end, view))
        s = start + len(view) - len(stripped)
        return s, s + len(stripped.rstrip())

    def cells(self, line: int, count: int, quotes: int, items: int) -> list[tuple[int, int]]:
        """The trimmed spans of the first ``count`` cells of a table row on body line ``line``
        (cells split at the pipes that no backslash escapes, as markdown-it splits them; empty
        cells left out)."""
        text = self.text
        s, e = self.bounds(line + self.line0)
        c = _strip_prefix(text, s, e, quotes, items)
        while e > c and text[e - 1] in " \t":
            e -= 1
        pipes = []
        i = c
        while i < e:
            ch = text[i]
            if ch == "\\":
                i += 2
                continue
            if ch == "|":
                pipes.append(i)
            i += 1
        bounds = [c - 1] + pipes + [e]
        if pipes and not text[c:pipes[0]].strip():  # a leading pipe
            bounds.pop(0)
        if len(bounds) > 2 and bounds[-2] == e - 1:  # a trailing pipe
            bounds.pop()
        out = []
        for a, b in list(zip(bounds, bounds[1:]))[:count]:
            span = self.inline(a + 1, b, text[a + 1:b])
            if span is not None:
                out.append(span)
        return out

    def html_comments(self, first: int, last: int) -> None:
        text = self.text
        a = self.starts[first + self.line0]
        b = self.bounds(last - 1 + self.line0)[1]
        while True:
            i = text.find("<!--", a, b)
            if i < 0:
                return
            j = text.find("-->", i + 4, b)
            if j < 0:
                return
            self.doc.comments.append((i, j + 3, text[i + 4:j]))
            a = j + 3


def _walk(body: _Body, tokens) -> tuple[list[tuple[Block, int]], list[Block]]:
    """Headings (with levels) and paragraphs (table cells too), in document order."""
    headings: list[tuple[Block, int]] = []
    paragraphs: list[Block] = []
    quotes = 0
    items: list[int] = []  # first body line of each open list item
    row = -1  # body line of the table row being read, and its number of cells
    row_cells = 0
    for tok in tokens:
        t = tok.type
        if t == "tr_open" and tok.map:
            row, row_cells = tok.map[0], 0
        elif t in ("th_open", "td_open"):
            row_cells += 1
        elif t == "tr_close" and row >= 0:
            n_items = sum(1 for ln in items if ln == row)
            for s, e in body.cells(row, row_cells, quotes, n_items):
                paragraphs.append(Block(s, e, "table_cell", len(paragraphs)))
            row = -1
        elif t == "blockquote_open":
            quotes += 1
        elif t == "blockquote_close":
            quotes -= 1
        elif t == "list_item_open":
            items.append(tok.map[0] if tok.map else -1)
        elif t == "list_item_close":
            items.pop()
        elif t == "paragraph_open" and tok.map:
            item_lines: dict[int, int] = {}
            for ln in items:
                item_lines[ln] = item_lines.get(ln, 0) + 1
            span = body.content(tok.map[0], tok.map[1], quotes, item_lines)
            if span is not None:
                kind = "blockquote" if quotes else ("list_item" if items else "paragraph")
                paragraphs.append(Block(span[0], span[1], kind, len(paragraphs)))
        elif t == "heading_open" and tok.map:
            item_lines = {}
            for ln in items:
                item_lines[ln] = item_lines.get(ln, 0) + 1
            level = int(tok.tag[1])
            first, last = tok.map
            if tok.markup in ("=", "-"):  # setext: the last line is the underline
                span = body.content(first, last - 1, quotes, item_lines)
            else:
                s, e = body.bounds(first + body.line0)
                c = _strip_prefix(body.text, s, e, quotes, item_lines.get(first, 0))
                h = _ATX_OPEN.match(body.text, c, e)
                c = h.end() if h else c
                rest = body.text[c:e]
                close = _ATX_CLOSE.search(rest)
                if close is not None:
                    rest = rest[:close.start()]
                span = body.inline(c, c + len(rest), rest) if rest.strip() else None
            if span is not None:
                headings.append((Block(span[0], span[1], "subheading"), level))
        elif t == "html_block" and tok.map:
            body.html_comments(tok.map[0], tok.map[1])
    return headings, paragraphs


def read(text: str, path: str) -> Document:
    doc = Document(text, path=path, format="markdown")
    keeps: list[tuple[int, int, str | None]] = []
    units: list[tuple[int, int]] = []  # decoded escapes in the front matter
    line0, headline = _front_matter(doc, path, keeps, units)
    starts = doc.lines.starts
    body_start = starts[line0] if line0 < len(starts) else len(text)
    src = text[body_start:]
    if src.startswith("\ufeff"):  # a byte order mark left in a string: not part of line 1
        src = src[1:]
    env: dict = {}
    reason = None
    try:
        tokens = _parser().parse(src, env)
    except RecursionError:
        tokens, reason = [], "Markdown nested too deeply"
    if reason is None and any(t.nesting == 1 and t.level >= MAX_NESTING - 1 for t in tokens):
        reason = f"Markdown nested more than {MAX_NESTING // 2} levels deep"
    if reason is not None:
        return _plain(doc, keeps, units, body_start, headline, reason)
    body = _Body(doc, line0, env.get("references") or {})
    headings, paragraphs = _walk(body, tokens)
    keeps.extend(body.keeps)
    keeps.sort(key=lambda k: k[0])
    doc.view = compose_view(text, keeps)
    if headline is None and headings:
        pick = next((i for i, (_, level) in enumerate(headings) if level == 1), None)
        if pick is None and (not paragraphs or headings[0][0].start < paragraphs[0].start):
            pick = 0
        if pick is not None:
            h = headings.pop(pick)[0]
            headline = Block(h.start, h.end, "headline")
    doc.headline = headline
    doc.subheadings = [b for b, _ in headings]
    doc.paragraphs = paragraphs
    doc.comments.sort()
    snap_ends(doc, body.units + units)
    return doc


def _plain(doc: Document, keeps: list, units: list, body_start: int, headline: Block | None, reason: str) -> Document:
    """Fallback for input the Markdown parser cannot take: the body as plain
    text, with block-quote, list and heading markers at line starts blanked."""
    text = doc.text
    body = text[body_start:]
    keeps.append((body_start, len(text), _MARKERS.sub(lambda m: blank(m.group()), body)))
    keeps.sort(key=lambda k: k[0])
    doc.view = compose_view(text, keeps)
    doc.headline = headline
    layout(doc, body_start, len(text), headline=headline is None)
    snap_ends(doc, units)
    doc.metadata["reader_note"] = f"{reason}; read as plain text"
    return doc
