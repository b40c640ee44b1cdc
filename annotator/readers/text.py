"""Plain text: the first line is the headline; blank lines separate
paragraphs; where the body has no blank lines at all, each line is a
paragraph; short unpunctuated lines between paragraphs are subheadings."""

from __future__ import annotations

import re

from ..document import Block, Document
from ..lazyre import lazy

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_END_PUNCT = frozenset(".?!,;:\"”’'…)]»-–—")


_TRIM = " \t\u00a0\ufeff"


def lines_of(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of each line's content (trailing whitespace trimmed,
    leading whitespace trimmed too; an empty line gives start == end).
    Lines end at \\r\\n, \\r or \\n."""
    end = len(text) if end is None else end
    chunk = text[start:end]
    if "\r" in chunk:
        return list(_lines_re(text, start, end))
    # \n only: str.split and strip in C, no per-character loop
    out = []
    pos = start
    pieces = chunk.split("\n")
    if not pieces[-1]:
        pieces.pop()  # the text ends with a line break (or is empty): no line after it
    for piece in pieces:
        r = piece.rstrip(_TRIM)
        if r:
            out.append((pos + len(r) - len(r.lstrip(_TRIM)), pos + len(r)))
        else:
            out.append((pos, pos))
        pos += len(piece) + 1
    return out


def _lines_re(text: str, start: int, end: int):
    for m in _LINE.finditer(text, start, end):
        s, e = m.start(), m.end()
        if s == e:
            break
        while e > s and text[e - 1] in "\r\n \t\u00a0\ufeff":
            e -= 1
        while s < e and text[s] in " \t\u00a0\ufeff":
            s += 1
        yield s, e


def is_heading_like(view: str, start: int, end: int) -> bool:
    """A short line with no closing punctuation that starts with a capital or digit."""
    if end - start > 100 or end <= start:
        return False
    line = view[start:end]
    if line[-1] in _END_PUNCT or len(line.split()) > 12:
        return False
    first = line.lstrip("#*_ ")[:1]
    return first.isupper() or first.isdigit()


def layout(doc: Document, start: int, end: int, headline: bool = True, skip_lines=frozenset()) -> None:
    """Fill headline, subheadings and paragraphs from the view between start and end.
    ``skip_lines``: start offsets of lines to pass over as if absent (neither text nor
    a blank line): the lines that hold only a suppression comment."""
    view = doc.view
    lines = lines_of(view, start, end)
    if skip_lines:
        lines = [ln for ln in lines if ln[0] not in skip_lines]
    n_lines = len(lines)
    # headline: the first non-empty line
    i = 0
    while i < n_lines and lines[i][0] == lines[i][1]:
        i += 1
    if headline and i < n_lines:
        s, e = lines[i]
        doc.headline = Block(s, e, "headline")
        i += 1
    # group into blocks separated by blank lines
    groups: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    blank_separated = False
    for j in range(i, n_lines):
        line = lines[j]
        if line[0] == line[1]:
            if current:
                groups.append(current)
                current = []
                blank_separated = True
            continue
        current.append(line)
    if current:
        groups.append(current)
    # units: (start, end, one line?)
    if not blank_separated:
        units = [(s, e, True) for g in groups for s, e in g]
    else:
        units = []
        for g in groups:
            if len(g) == 1:
                units.append((g[0][0], g[0][1], True))
            elif _hard_wrapped(view, g):
                units.append((g[0][0], g[-1][1], False))
            else:  # a block of full lines: one paragraph per line
                units.extend((s, e, True) for s, e in g)
    last = len(units) - 1
    paragraphs, subheadings = doc.paragraphs, doc.subheadings
    for n, (s, e, single) in enumerate(units):
        # a subheading: one short heading-like line between two other blocks
        if single and 0 < n < last and e - s <= 100 and is_heading_like(view, s, e):
            subheadings.append(Block(s, e, "subheading"))
        else:
            paragraphs.append(Block(s, e, "paragraph", len(paragraphs)))


def _hard_wrapped(view: str, group) -> bool:
    """Lines wrapped at a fixed width (one paragraph) rather than one paragraph per line."""
    inner = group[:-1]
    if any(e - s > 100 for s, e in inner):
        return False
    unended = sum(1 for s, e in inner if view[e - 1] not in ".?!\"”’:")
    return unended * 2 >= len(inner)


#: a suppression comment in a plain-text article, on one line: ``<!-- annotator-... -->``
#: (the form the Markdown and HTML readers see; ordinary copy has no ``<!--``)
_DIRECTIVE_COMMENT = lazy(r"<!--(\s*annotator-[^\r\n]*?)-->")


def directive_comments(text: str) -> tuple[list[tuple[int, int, str]], str, frozenset[int]]:
    """The suppression comments of a plain-text article: (comments as (start, end, inner),
    the view with them blanked, the start offsets of lines that hold nothing else)."""
    comments = []
    keeps = []
    own_lines = set()
    for m in _DIRECTIVE_COMMENT.finditer(text):
        comments.append((m.start(), m.end(), m.group(1)))
        keeps.append((m.start(), m.end(), " " * (m.end() - m.start())))
    if not comments:
        return [], text, frozenset()
    view = []
    cur = 0
    for s, e, r in keeps:
        view.append(text[cur:s])
        view.append(r)
        cur = e
    view.append(text[cur:])
    view = "".join(view)
    for s, _, _ in comments:
        a = max(text.rfind("\n", 0, s), text.rfind("\r", 0, s)) + 1
        b = len(text)
        for stop in ("\n", "\r"):
            k = text.find(stop, s)
            if 0 <= k < b:
                b = k
        if not view[a:b].strip():
            own_lines.add(a)
    return comments, view, frozenset(own_lines)


def read(text: str, path: str) -> Document:
    if "annotator-" in text and "<!--" in text:
        comments, view, own_lines = directive_comments(text)
    else:
        comments, view, own_lines = [], text, frozenset()
    view = blank_markup(view) or view
    doc = Document(text, view, path=path, format="text")
    doc.comments = comments
    layout(doc, 0, len(text), skip_lines=own_lines)
    return doc


# -- markup pasted into prose: embeds, tags and their attributes ------------------------

#: elements whose content is code, never prose: blanked with everything inside
_CODE_OPEN = lazy(r"<(script|style|iframe|noscript|template|object|svg)\b", re.IGNORECASE)
#: an attribute value: quoted with straight or curly marks, or bare
_VALUE = r"""(?:"[^"<>]*"|'[^'<>]*'|[“”][^“”<>]*[“”]|[^\s"'<>`=]+)"""
_TAG = lazy(
    r"<[A-Za-z][\w:-]*(?:\s+[A-Za-z_:@][\w:.@-]*(?:\s*=\s*" + _VALUE + r")?)*\s*/?>"
    r"|</[A-Za-z][\w:-]*\s*>"
)
#: tags taken as markup without an attribute: HTML's and an embed's (<p>, <br/>, <tweet>)
_BARE_TAGS = frozenset("""a b i u p br hr em strong span div blockquote figure figcaption img ul ol li
    h1 h2 h3 h4 h5 h6 tweet sup sub small center font cite q""".split())


def blank_markup(view: str) -> str | None:
    """``view`` with HTML-like markup pasted into the copy blanked (same length): embed
    code (<script>, <iframe> ... with their content) and tags with their attributes
    (<tweet id="..." author="@x">, data-*="..." of a social-media embed), the text between
    tags kept.  Offsets are unchanged; None when there is no such markup."""
    if "<" not in view:
        return None
    spans = []
    closed: dict[str, re.Pattern | None] = {}  # element name -> its end tag (None: none follows)
    pos = 0
    while True:
        m = _CODE_OPEN.search(view, pos)
        if m is None:
            break
        name = m.group(1).lower()
        end_tag = closed.get(name, "")
        if end_tag == "":
            end_tag = closed[name] = re.compile(r"</" + name + r"\s*>", re.IGNORECASE)
        e = end_tag.search(view, m.end()) if end_tag is not None else None
        if e is None:
            closed[name] = None  # no end tag after here: none after any later one either
            pos = m.end()
            continue
        spans.append((m.start(), e.end()))
        pos = e.end()
    for m in _TAG.finditer(view):
        g = m.group()
        if g[1] == "/" or "=" in g or g[1:].rstrip(" \t\r\n/>").lower() in _BARE_TAGS:
            spans.append(m.span())
    if not spans:
        return None
    spans.sort()
    out = []
    cur = 0
    for s, e in spans:
        if e <= cur:
            continue
        s = max(s, cur)
        out.append(view[cur:s])
        out.append(blank(view[s:e]))
        cur = e
    out.append(view[cur:])
    return "".join(out)


# -- helpers shared by the markup readers (Markdown, HTML, JSON) -----------------

_NOT_NEWLINE_RUN = re.compile(r"[^\r\n]+")


def blank(s: str) -> str:
    """``s`` with every character except line breaks replaced by a space."""
    if "\n" not in s and "\r" not in s:
        return " " * len(s)
    return _NOT_NEWLINE_RUN.sub(lambda m: " " * (m.end() - m.start()), s)


def compose_view(text: str, keeps) -> str:
    """A view of ``text`` in which everything is blanked except the kept stretches.

    ``keeps``: ``(start, end, replacement)`` triples in document order; a
    ``None`` replacement keeps ``text[start:end]`` as it is, otherwise the
    replacement (of length ``end - start``) stands in for it.  A stretch that
    overlaps an earlier one is skipped."""
    out = []
    cur = 0
    for s, e, r in keeps:
        if s < cur or e <= s:
            continue
        if s > cur:
            out.append(blank(text[cur:s]))
        out.append(text[s:e] if r is None else r)
        cur = e
    if cur < len(text):
        out.append(blank(text[cur:]))
    return "".join(out)


def trim(view: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) past white space at both ends (empty: start == end)."""
    piece = view[start:end]
    stripped = piece.lstrip()
    if not stripped:
        return start, start
    s = start + len(piece) - len(stripped)
    return s, s + len(stripped.rstrip())


def snap_ends(doc: Document, units: list[tuple[int, int]]) -> None:
    """Move the end of every block and field that falls inside a decoded
    character reference or escape (its padding) to the end of it, so that
    ``text[start:end]`` holds the whole reference (``&rdquo;``, ``\\u201d``)."""
    if not units:
        return
    from bisect import bisect_right

    units.sort()
    starts = [u[0] for u in units]
    spans = list(doc.paragraphs) + list(doc.subheadings) + list(doc.fields.values())
    if doc.headline is not None:
        spans.append(doc.headline)
    for sp in spans:
        k = bisect_right(starts, sp.end - 1) - 1
        if k >= 0 and units[k][0] < sp.end < units[k][1]:
            sp.end = units[k][1]
