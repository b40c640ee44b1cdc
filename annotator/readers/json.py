"""JSON: one article as an object ``{"headline": ..., "body": ...}``.

``title`` is accepted for the headline, ``text``/``content`` for the body
(a string, or a list of strings, one per paragraph); ``byline``/``author``
and ``date`` fill the byline and date; every other key is metadata.  The
file is validated with ``json``; the top-level members are then located in
the raw text with the C string scanner, so every span points into the JSON
file itself.  The view keeps only the insides of prose string values, with
escapes decoded (``\\u201c`` is “ plus five spaces, ``\\n`` a newline plus
a space); the body's paragraphs are its stretches separated by blank lines.
"""

from __future__ import annotations

import json
import re
from json.decoder import scanstring

from ..document import Block, Document, LineIndex, Span
from . import PROSE_FIELDS, InputError
from .text import blank_markup, compose_view, layout, snap_ends

_WS = re.compile(r"[ \t\n\r]*")
_ESCAPE = re.compile(
    r"\\(?:u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|r\\n|.)", re.S
)
_SIMPLE = {'"': '"', "\\": "\\", "/": "/", "b": " ", "f": " ", "n": "\n", "r": "\n", "t": "\t"}

HEADLINE_KEYS = ("headline", "title")
BODY_KEYS = ("body", "text", "content")
BYLINE_KEYS = ("byline", "author", "authors")
DATE_KEYS = ("date", "published", "datePublished", "published_at")


def _escape(m: re.Match) -> str:
    g = m.group()
    c = g[1]
    if c == "u":
        if len(g) == 12:  # a surrogate pair: one character
            hi, lo = int(g[2:6], 16), int(g[8:12], 16)
            ch = chr(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
        else:
            code = int(g[2:6], 16)
            if 0xD800 <= code <= 0xDFFF:
                ch = "\ufffd"  # a lone surrogate
            elif code < 0x20 or 0x7F <= code < 0xA0:
                ch = "\n" if code == 0x0A else ("\t" if code == 0x09 else " ")
            else:
                ch = chr(code)
    elif c == "r" and len(g) == 4:  # \r\n: one line break
        ch = "\n"
    else:
        ch = _SIMPLE.get(c, " ")
    return ch + " " * (len(g) - len(ch))


def literal_view(raw: str, base: int = 0, units: list | None = None) -> str:
    """The inside of a JSON string literal as it appears in the view; the
    stretch of each escape (offset by ``base``) is added to ``units``."""
    if "\\" not in raw:
        return raw
    out = []
    cur = 0
    for m in _ESCAPE.finditer(raw):
        out.append(raw[cur:m.start()])
        out.append(_escape(m))
        cur = m.end()
        if units is not None:
            units.append((base + m.start(), base + cur))
    out.append(raw[cur:])
    return "".join(out)


def _members(text: str, start: int):
    """(key, value start, value end, string literal spans) for each member of the
    object that opens at ``start``; literal spans are (start, end) of the
    quotes-included literals of a string value or of a list's string items."""
    decoder = json.JSONDecoder()
    i = _WS.match(text, start + 1).end()
    while i < len(text) and text[i] != "}":
        key, i = scanstring(text, i + 1)
        i = _WS.match(text, i).end() + 1  # the colon
        i = _WS.match(text, i).end()
        v0 = i
        literals = []
        if text[i] == '"':
            _, i = scanstring(text, i + 1)
            literals.append((v0, i))
        elif text[i] == "[":
            i = _WS.match(text, i + 1).end()
            while text[i] != "]":
                if text[i] == '"':
                    s = i
                    _, i = scanstring(text, i + 1)
                    literals.append((s, i))
                else:
                    _, i = decoder.raw_decode(text, i)
                i = _WS.match(text, i).end()
                if text[i] == ",":
                    i = _WS.match(text, i + 1).end()
            i += 1
        else:
            _, i = decoder.raw_decode(text, i)
        yield key, v0, i, literals
        i = _WS.match(text, i).end()
        if text[i] == ",":
            i = _WS.match(text, i + 1).end()


#: deeper metadata than this is refused (it would only exhaust the stack later)
MAX_DEPTH = 64


def _too_deep(value, limit: int = MAX_DEPTH) -> bool:
    stack = [(value, 0)]
    while stack:
        v, depth = stack.pop()
        if isinstance(v, dict):
            items = v.values()
        elif isinstance(v, list):
            items = v
        else:
            continue
        if depth >= limit:
            return True
        stack.extend((x, depth + 1) for x in items)
    return False


def _name(value) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dict):
        return _name(value.get("name"))
    if isinstance(value, list):
        names = [n for n in (_name(v) for v in value) if n]
        return ", ".join(names) or None
    return None


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _without_lone_surrogates(value):
    """``value`` with each lone surrogate (``"\\ud800"``: no character, cannot
    be written as UTF-8) in its strings and keys made U+FFFD, as in the view
    (so the byline, date and metadata are written as valid UTF-8 JSON)."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {_without_lone_surrogates(k): _without_lone_surrogates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_lone_surrogates(v) for v in value]
    return value


def read(text: str, path: str) -> Document:
    lines = LineIndex(text)
    offset = 1 if text.startswith("\ufeff") else 0
    try:
        data = json.loads(text[offset:], parse_constant=str)  # NaN/Infinity stay text
    except json.JSONDecodeError as e:
        line, col = lines.position(e.pos + offset)
        raise InputError(path, f"invalid JSON: {e.msg}", line, col) from None
    except RecursionError:
        raise InputError(path, "invalid JSON: nested too deeply") from None
    except ValueError as e:  # e.g. an integer with too many digits
        raise InputError(path, f"invalid JSON: {e}") from None
    if not isinstance(data, dict):
        kind = {list: "an array", str: "a string", bool: "a boolean", type(None): "null"}.get(type(data), "a number")
        raise InputError(path, f"a JSON article must be an object with a headline and a body, not {kind}", 1, 1)
    if _too_deep(data):
        raise InputError(path, f"JSON nested more than {MAX_DEPTH} levels deep")
    start = _WS.match(text, offset).end()
    members = {}
    for key, v0, v1, literals in _members(text, start):
        members[key] = (v0, v1, literals)  # a repeated key: the last one counts, as in json
    head_key = next((k for k in HEADLINE_KEYS if data.get(k) is not None), None)
    body_key = next((k for k in BODY_KEYS if data.get(k) is not None), None)
    if head_key is None and body_key is None:
        raise InputError(
            path, 'JSON article has no "headline" (or "title") and no "body" (or "text", "content")', 1, 1
        )

    def where(key: str) -> tuple[int, int]:
        return lines.position(members[key][0])

    if head_key is not None and not isinstance(data[head_key], str):
        raise InputError(path, f'"{head_key}" must be a string', *where(head_key))
    if body_key is not None:
        body = data[body_key]
        if not (isinstance(body, str) or (isinstance(body, list) and all(isinstance(x, str) for x in body))):
            raise InputError(path, f'"{body_key}" must be a string or a list of strings', *where(body_key))
    doc = Document(text, path=path, format="json")
    keeps = []
    units: list[tuple[int, int]] = []
    prose: dict[str, list[tuple[int, int]]] = {}
    for key, (v0, v1, literals) in members.items():
        value = data[key]
        if key in (head_key, body_key) or (key.lower() in PROSE_FIELDS and isinstance(value, str)):
            inner = [(a + 1, b - 1) for a, b in literals]
            prose[key] = inner
            for a, b in inner:
                keeps.append((a, b, literal_view(text[a:b], a, units)))
    keeps.sort(key=lambda k: k[0])
    view = compose_view(text, keeps)
    doc.view = view = blank_markup(view) or view  # tags and embed code pasted into the body
    for key, inner in prose.items():
        if not inner:
            continue
        a, b = inner[0][0], inner[-1][1]
        piece = view[a:b]
        stripped = piece.strip()
        if stripped:
            s = a + len(piece) - len(piece.lstrip())
            doc.fields[key] = Span(s, s + len(stripped))
    if head_key is not None and head_key in doc.fields:
        f = doc.fields[head_key]
        doc.headline = Block(f.start, f.end, "headline")
    if body_key is not None:
        for a, b in prose.get(body_key, ()):
            layout(doc, a, b, headline=False)
    snap_ends(doc, units)
    used = {head_key, body_key}
    for keys, attr, conv in (
        (BYLINE_KEYS, "byline", _name),
        (DATE_KEYS, "date", lambda v: None if v is None or isinstance(v, (dict, list)) else (str(v).strip() or None)),
    ):
        for k in keys:
            if k in data:
                used.add(k)
                if getattr(doc, attr) is None:
                    setattr(doc, attr, conv(data[k]))
    doc.metadata = {k: v for k, v in data.items() if k not in used}
    if _SURROGATE_ESCAPE.search(text):
        doc.byline, doc.date, doc.metadata = _without_lone_surrogates([doc.byline, doc.date, doc.metadata])
    return doc
