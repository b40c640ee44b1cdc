"""Readers: turn a file into one Document.

``read_path`` decodes the bytes (BOM-aware, strict), picks a reader by the
extension (or the ``format`` argument) and returns a Document whose spans
index the decoded text.  Any problem with the input raises ``InputError``
carrying the path and, where known, the line.
"""

from __future__ import annotations

import codecs
import os

from ..document import Document

FORMATS = ("text", "markdown", "html", "json")

EXTENSIONS = {
    ".txt": "text", ".text": "text",
    ".md": "markdown", ".markdown": "markdown", ".mdown": "markdown", ".mkd": "markdown",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".json": "json",
}

#: front matter / JSON keys whose string values are prose: they stay readable
#: in the view and are listed in ``Document.fields``
PROSE_FIELDS = frozenset({
    "title", "headline", "subtitle", "subheadline", "description", "summary", "excerpt",
    "dek", "standfirst", "abstract", "lede", "teaser", "caption", "body", "text", "content",
})

#: files larger than this are refused (a clear error, not an out-of-memory kill)
MAX_BYTES = 64 * 1024 * 1024


class InputError(Exception):
    """An input that cannot be read; ``str()`` is a one-line message."""

    def __init__(self, path: str, message: str, line: int | None = None, column: int | None = None):
        self.path = path
        self.message = message
        self.line = line
        self.column = column
        super().__init__(self.oneline())

    def oneline(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}"


def format_for(path: str, override: str | None = None) -> str | None:
    if override:
        return override
    return EXTENSIONS.get(os.path.splitext(path)[1].lower())


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)


def decode(data: bytes, path: str, encoding: str | None = None) -> tuple[str, str, bool]:
    """Return (text, encoding, had_bom).  Strict: invalid bytes are an InputError
    naming the byte offset and line."""
    bom = False
    codec = encoding
    body = data
    if codec is None:
        for mark, name, _ in _BOMS:
            if data.startswith(mark):
                codec, body, bom = name, data[len(mark):], True
                break
        else:
            codec = "utf-8"
            if data.find(b"\x00", 0, 8192) >= 0:
                raise InputError(path, "binary file (NUL bytes); not an article")
    else:
        try:
            info = codecs.lookup(codec)
        except LookupError:
            raise InputError(path, f"unknown encoding {codec!r}") from None
        codec = info.name
        for mark, name, family in _BOMS:
            if data.startswith(mark) and codecs.lookup(name).name in (codec, codecs.lookup(family).name):
                body, bom = data[len(mark):], True
                break
    try:
        text = body.decode(codec)
    except UnicodeDecodeError as e:
        offset = e.start + (len(data) - len(body))
        line = data.count(b"\n", 0, offset) + 1
        col = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
        raise InputError(
            path, f"invalid {codec} at byte {offset}: {e.reason} (use --encoding to read another encoding)",
            line, col,
        ) from None
    if "\x00" in text:
        raise InputError(path, "binary file (NUL characters); not an article")
    return text, codec, bom


_READ: dict = {}  # format -> its reader's read(), imported on first use


def _reader(format: str):
    read = _READ.get(format)
    if read is None:
        if format == "text":
            from .text import read
        elif format == "markdown":
            from .markdown import read
        elif format == "html":
            from .html import read
        elif format == "json":
            from .json import read
        else:
            return None
        _READ[format] = read
    return read


def read_text(text: str, path: str = "<string>", format: str = "text") -> Document:
    """Build a Document from decoded text in the given format."""
    read = _reader(format)
    if read is None:
        raise InputError(path, f"unknown format {format!r} (expected one of {', '.join(FORMATS)})")
    if not text or text.isspace():  # (not text.strip(), without copying the text)
        raise InputError(path, "empty file: no article text")
    doc = read(text, path)
    if doc.headline is None and not doc.paragraphs:
        raise InputError(path, "no article text found")
    return doc


def read_bytes(data: bytes, path: str, format: str | None = None, encoding: str | None = None) -> Document:
    fmt = format_for(path, format) or "text"
    if not data:
        raise InputError(path, "empty file: no article text")
    text, codec, bom = decode(data, path, encoding)
    doc = read_text(text, path, fmt)
    doc.encoding = codec
    doc.bom = bom
    return doc


def read_path(path: str, format: str | None = None, encoding: str | None = None) -> Document:
    try:
        with open(path, "rb", buffering=0) as f:  # one unbuffered read of the whole file
            size = os.fstat(f.fileno()).st_size
            if size > MAX_BYTES:
                raise InputError(path, f"file too large ({size} bytes; the limit is {MAX_BYTES})")
            data = f.readall()
    except InputError:
        raise
    except IsADirectoryError:
        raise InputError(path, "is a directory") from None
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except OSError as e:
        raise InputError(path, e.strerror or str(e)) from None
    return read_bytes(data, path, format, encoding)
