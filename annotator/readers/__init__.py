"""Readers: turn a file into one Document.

``read_path`` decodes the bytes (BOM-aware, strict), picks a reader by the
extension (or the ``format`` argument) and returns a Document whose spans
index the decoded text.  Any problem with the input raises ``InputError``
carrying the path and, where known, the line.
"""

from __future__ import annotations

import codecs
import os
import stat

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

#: files larger than this are refused at once, before they are read (a clear
#: error, not minutes of work or an out-of-memory kill): analysis takes about
#: 3-6 s and 70 MB of memory per MB of article (the longest BBC article is
#: 25 KB), so the limit keeps the worst case under a minute and a gigabyte
MAX_BYTES = 8 * 1024 * 1024


class InputError(Exception):
    """An input that cannot be read; ``str()`` is a one-line message."""

    def __init__(self, path: str, message: str, line: int | None = None, column: int | None = None):
        self.path = path
        self.message = message
        self.line = line
        self.column = column
        super().__init__(self.oneline())

    def oneline(self) -> str:
        """``PATH[:LINE[:COL]]: message``, safe to print (``display.escape``)."""
        from ..display import escape

        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return escape(f"{where}: {self.message}")


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


def too_large(path: str, size: int | None = None) -> InputError:
    if size is None:  # a stream: read up to the limit
        return InputError(path, f"input too large (more than the limit of {MAX_BYTES} bytes)")
    return InputError(path, f"file too large ({size} bytes; the limit is {MAX_BYTES} bytes)")


def read_limited(f, path: str) -> bytes:
    """All of a binary stream, refusing more than MAX_BYTES (a pipe or a
    device has no size to check first)."""
    chunks = []
    total = 0
    while True:
        chunk = f.read(min(1 << 20, MAX_BYTES + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        if total > MAX_BYTES:
            raise too_large(path)
    return b"".join(chunks)


def read_path(path: str, format: str | None = None, encoding: str | None = None) -> Document:
    try:
        # O_NONBLOCK: a FIFO planted among the articles must not block the open
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with open(fd, "rb", buffering=0) as f:  # one unbuffered read of the whole file
            st = os.fstat(f.fileno())
            if stat.S_ISDIR(st.st_mode):
                raise IsADirectoryError
            if not stat.S_ISREG(st.st_mode):  # /dev/zero, a FIFO, a socket: endless or blocking
                raise InputError(path, "not a regular file (a device, pipe or socket); not an article")
            if st.st_size > MAX_BYTES:
                raise too_large(path, st.st_size)
            data = f.readall()
            if len(data) > MAX_BYTES:  # grew while being read
                raise too_large(path, len(data))
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
