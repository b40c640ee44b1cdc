"""Safe fixes: ``annotator check --fix`` and ``--diff``.

The fixes applied are those of the rules with ``fix: true`` (option "apply", ``loader._fix_mode``): by default
the consistency rules for quotation marks and apostrophes (``variants: quotes | apostrophes``),
which turn the minority marks into the article's dominant style, or into the house style the
configuration sets (``quote_style``, ``apostrophe_style``); and any substitution, pattern or
spelling rule a newsroom marks ``fix: true``.  Fixes of rules with ``fix: suggest`` (the shipped
word rules: loaded verbs, euphemisms, spelling variants) and doubled words stay suggestions.

A word fix is applied only where it is safe: the span is plain text in the file (no markup,
entity or escape inside it), outside front matter, and the replacement needs no escaping in the
file's format (no markup characters in Markdown, no ``<>&`` in HTML, no ``"`` or ``\\`` in JSON)
and can be encoded; otherwise it is reported as not fixed.

A fix is a list of (start, end, replacement) edits of ``doc.text``; the
offsets are string indices into the decoded text.  Writing one back:

* the bytes are spliced, never re-encoded as a whole: every byte outside an
  edited span is copied from the file as read (encoding, BOM, CRLF or CR
  line endings, trailing bytes), and each unchanged stretch is checked to
  encode to exactly the bytes on disk, so a file that changed meanwhile, or
  an encoding that does not map stretches one to one, is left alone;
* the replacement keeps the source's spelling of the mark: in HTML a
  character reference stays a reference of the same kind (``&ldquo;`` ->
  ``&quot;``, ``&#8220;`` -> ``&#34;``) and a character the file's encoding
  cannot hold becomes one; in JSON a straight double quote is written
  ``\\"`` and a ``\\u201c`` escape stays an escape; in Markdown the backslash
  of an escaped straight mark (``\\"``) goes with it;
* marks inside front matter are not touched (YAML quoting makes a blind
  edit unsafe); they are reported as not fixed;
* the fixed text is read again with the same reader before it is written;
* the file is replaced atomically (a temporary file in the same folder,
  renamed over it), keeping its permissions (and owner, when allowed); a
  symbolic link is followed and its target rewritten;
* but only inside the checked tree (``fix_roots``: the folders named on the
  command line, and the folder of each file named): a symbolic link whose
  real path lies outside is left alone with a warning, as are a read-only
  file (no write permission: not replaced behind its owner's back) and a
  file with several hard links (a rename would split them, the other names
  keeping the old text).
"""

from __future__ import annotations

import codecs
import html
import json
import os
import re
import stat

SAFE_VARIANTS = ("quotes", "apostrophes")
QUOTE_CHARS = frozenset("\"'“”‘’")
_BOM = {
    "utf-8": codecs.BOM_UTF8, "utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE,
    "utf-32-le": codecs.BOM_UTF32_LE, "utf-32-be": codecs.BOM_UTF32_BE,
}
_NAMED = {"“": "&ldquo;", "”": "&rdquo;", "‘": "&lsquo;", "’": "&rsquo;", '"': "&quot;", "'": "&#39;"}
_REF = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?")


class FixError(Exception):
    """A file that cannot be fixed safely; ``str()`` says why."""


def safe_rules(engine) -> frozenset[str]:
    """Ids of the rules whose fixes ``--fix`` applies: those with ``fix: true``."""
    return frozenset(s.id for s in engine.specs if s.options.get("fix") == "apply")


def mark_rules(engine) -> frozenset[str]:
    """Ids of the rules whose fixes change quotation marks and apostrophes (spelled per format)."""
    return frozenset(s.id for s in engine.specs
                     if s.kind == "consistency" and s.options.get("variants") in SAFE_VARIANTS)


#: characters a word fix may not bring into a file of this format (they would need escaping)
_UNSAFE = {"markdown": frozenset("\\`*_[]<>#|!&~"), "html": frozenset("<>&"), "json": frozenset('"\\')}


def _word_edit(doc, s: int, e: int, rep: str, codec: str) -> tuple[int, int, str]:
    """A word fix (substitution, pattern, spelling) as an edit of doc.text; FixError when it
    cannot be made safely."""
    text = doc.text
    if text[s:e] != doc.view[s:e]:
        raise FixError("markup, an entity or an escape inside the text")
    bad = sorted({c for c in rep if c in _UNSAFE.get(doc.format, ()) or (c < " " and c != "\t")})
    if bad:
        raise FixError(f"the replacement {rep!r} would need escaping ({''.join(bad)!r})")
    if not _encodable(rep, codec):
        raise FixError(f"{rep!r} cannot be written in {codec}")
    return s, e, rep


class FixResult:
    __slots__ = ("path", "old_text", "new_text", "edits", "skipped", "written")

    def __init__(self, path, old_text, new_text, edits, skipped):
        self.path = path
        self.old_text = old_text
        self.new_text = new_text
        self.edits = edits  # applied (start, end, replacement), in order
        self.skipped = skipped  # messages about fixes left out
        self.written = False

    @property
    def changed(self) -> bool:
        return self.new_text != self.old_text


# -- source spelling of a mark ---------------------------------------------------------------------
def _json_extent(text: str, s: int) -> tuple[int, int]:
    """The escape sequence of a JSON string covering index s (or the one character)."""
    for k in range(s, max(-1, s - 6), -1):
        if text[k] != "\\":
            continue
        j = k
        while j > 0 and text[j - 1] == "\\":
            j -= 1
        if (k - j) % 2:  # the second backslash of an escaped backslash
            break
        n = 6 if text[k + 1:k + 2] == "u" else 2
        if k <= s < k + n:
            return k, k + n
        break
    return s, s + 1


def _decoded(fmt: str, src: str) -> str:
    if fmt == "json" and src.startswith("\\"):
        try:
            return json.loads('"' + src + '"')
        except ValueError:
            return src
    if fmt == "html" and src.startswith("&"):
        return html.unescape(src)
    return src


def _html_reference(old_src: str, ch: str) -> str:
    """``ch`` written the way ``old_src`` (a character reference) was written."""
    if old_src.startswith("&#x") or old_src.startswith("&#X"):
        digits = f"{ord(ch):x}"
        if any(c.isupper() for c in old_src[3:]):
            digits = digits.upper()
        return f"{old_src[:3]}{digits};"
    if old_src.startswith("&#"):
        return f"&#{ord(ch)};"
    return _NAMED.get(ch, f"&#{ord(ch)};")


def _source_edit(doc, s: int, e: int, rep: str, codec: str) -> tuple[int, int, str]:
    """The edit of doc.text for one mark, in the source's own spelling; FixError when it cannot be made safely."""
    text = doc.text
    fmt = doc.format
    if fmt == "json":
        s, e = _json_extent(text, s)
    elif fmt == "html" and text[s] == "&":
        m = _REF.match(text, s)
        if m:
            e = m.end()
    elif fmt == "markdown" and s > 0 and text[s - 1] == "\\" and doc.view[s - 1] != "\\":
        s -= 1  # a backslash escape (\"): the escape goes with the mark; a curly one needs none
    src = text[s:e]
    if src.startswith("\\") and fmt == "markdown":
        src = src[1:]
        if rep in "\"'":
            rep = "\\" + rep
    if _decoded(fmt, src) not in QUOTE_CHARS or rep not in QUOTE_CHARS:
        raise FixError(f"unexpected source text {src!r} at offset {s}")
    if fmt == "json":
        if rep == '"':
            rep = '\\"'
        elif src.startswith("\\u"):
            rep = f"\\u{ord(rep):04x}"
            if any(c.isupper() for c in src[2:]):
                rep = rep[:2] + rep[2:].upper()
        elif not _encodable(rep, codec):
            rep = f"\\u{ord(rep):04x}"
    elif fmt == "html":
        if src.startswith("&"):
            rep = _html_reference(src, rep)
        elif not _encodable(rep, codec):
            rep = _NAMED.get(rep, f"&#{ord(rep)};")
    if not _encodable(rep, codec):
        raise FixError(f"{rep!r} cannot be written in {codec}")
    return s, e, rep


def _encodable(s: str, codec: str) -> bool:
    try:
        s.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def finding_edits(doc, f, word: bool = False) -> tuple[list[tuple[int, int, str]], str | None]:
    """(edits of doc.text spelled as the source spells marks -- with ``word``, a word fix's
    plain-text edits --, and the reason some or all
    of them cannot be made, or None) for one finding's fix.  Each mark is judged on its
    own for front matter: a style finding holds the fix of every mark of the article,
    and the marks in front matter do not hold back those of the body.  A mark that
    cannot be written leaves the whole finding unfixed (half a pair restyled would
    still be mixed)."""
    fm = doc.front_matter
    codec = doc.encoding or "utf-8"
    fix = list(f.fix or ())
    why = None
    if fm is not None:
        inside = [x for x in fix if x[0] < fm.end and fm.start < x[1]]
        if inside:
            line, col = doc.position(inside[0][0])
            why = (f"{doc.path}:{line}:{col}: {f.rule} not fixed: in front matter (YAML quoting); "
                   "fix it by hand")
            fix = [x for x in fix if x not in inside]
    try:
        edit = _word_edit if word else _source_edit
        edits = [edit(doc, s, e, r, codec) for s, e, r in fix]
    except FixError as err:
        line, col = doc.position(f.start)
        return [], f"{doc.path}:{line}:{col}: {f.rule} not fixed: {err}"
    return sorted(x for x in edits if doc.text[x[0]:x[1]] != x[2]), why


def plan(doc, engine) -> tuple[list[tuple[int, int, str]], list[str]]:
    """(edits of doc.text, messages about fixes left out) for the safe fixes of doc.findings."""
    rules = safe_rules(engine)
    marks = mark_rules(engine)
    edits = []
    skipped = []
    for f in doc.findings:
        if f.rule not in rules or not f.fix:
            continue
        mine, why = finding_edits(doc, f, word=f.rule not in marks)
        edits.extend(mine)
        if why:
            skipped.append(why)
    edits.sort()
    out = []
    pos = 0
    for s, e, r in edits:  # an edit overlapping one already taken is dropped
        if s < pos or doc.text[s:e] == r:
            continue
        out.append((s, e, r))
        pos = e
    return out, skipped


def apply(text: str, edits) -> str:
    out = []
    pos = 0
    for s, e, r in edits:
        out.append(text[pos:s])
        out.append(r)
        pos = e
    out.append(text[pos:])
    return "".join(out)


# -- bytes ------------------------------------------------------------------------------------------
def splice(data: bytes, doc, edits) -> bytes:
    """The file's bytes with the edits made; every other byte copied from ``data``.
    FixError when ``data`` is not the file ``doc`` was read from."""
    codec = doc.encoding or "utf-8"
    prefix = b""
    if doc.bom:
        mark = _BOM.get(codecs.lookup(codec).name)
        if mark is None or not data.startswith(mark):
            raise FixError(f"cannot locate the byte order mark for {codec}")
        prefix = mark
    body = memoryview(data)[len(prefix):]
    text = doc.text
    pieces = [prefix]
    pos_c = pos_b = 0

    def take(a: int, b: int) -> None:
        nonlocal pos_b
        seg = text[a:b].encode(codec)
        if body[pos_b:pos_b + len(seg)] != seg:
            raise FixError("the file changed since it was read, or its encoding does not map one to one")
        pieces.append(bytes(body[pos_b:pos_b + len(seg)]))
        pos_b += len(seg)

    try:
        for s, e, r in edits:
            take(pos_c, s)
            old = text[s:e].encode(codec)
            if body[pos_b:pos_b + len(old)] != old:
                raise FixError("the file changed since it was read")
            pos_b += len(old)
            pieces.append(r.encode(codec))
            pos_c = e
        take(pos_c, len(text))
    except UnicodeEncodeError as err:
        raise FixError(f"cannot encode in {codec}: {err.reason}") from None
    if pos_b != len(body):
        raise FixError("the file changed since it was read")
    return b"".join(pieces)


def fix_roots(paths) -> tuple[str, ...]:
    """The real paths of the folders ``--fix`` may write in: each folder
    named, and the folder of each file named (not a link's target); the
    working folder when none is named."""
    roots = []
    for p in paths or ["."]:
        if p == "-":
            continue
        a = os.path.abspath(p)
        if not os.path.isdir(a):
            a = os.path.dirname(a)
        roots.append(os.path.realpath(a))
    return tuple(dict.fromkeys(roots))


def _inside(real: str, root: str) -> bool:
    try:
        return os.path.commonpath([real, root]) == root
    except ValueError:  # another drive
        return False


def writable_target(path: str, roots=None) -> tuple[str, os.stat_result]:
    """(real path, stat) of the file ``--fix`` would replace for ``path``;
    FixError when it must be left alone: outside ``roots`` (default: the
    folder holding ``path``), not a regular file, read-only, or hard-linked."""
    if roots is None:
        roots = fix_roots([path])
    real = os.path.realpath(path)
    if not any(_inside(real, r) for r in roots):
        if os.path.islink(path):
            raise FixError("it is a symbolic link to a file outside the checked folders")
        raise FixError("its real path lies outside the checked folders")
    st = os.stat(real)
    if not stat.S_ISREG(st.st_mode):
        raise FixError("not a regular file")
    if not st.st_mode & 0o222 or not os.access(real, os.W_OK):
        raise FixError("the file is read-only")
    if st.st_nlink > 1:
        raise FixError(f"the file has {st.st_nlink} hard links (replacing it would split them); fix it by hand")
    return real, st


def write_atomic(path: str, data: bytes, roots=None) -> None:
    """Replace the file (the target of a symbolic link) in one rename, keeping
    its mode and, when allowed, its owner; FixError (nothing written) when
    ``writable_target`` refuses it."""
    from .outputs import atomic_writer

    real, st = writable_target(path, roots)
    with atomic_writer(real, "wb") as f:
        f.write(data)
        if hasattr(os, "fchown"):
            try:
                os.fchown(f.fileno(), st.st_uid, st.st_gid)
            except OSError:
                pass


def unified_diff(path: str, old: str, new: str) -> str:
    import difflib

    from .display import escape

    name = escape(path.replace(os.sep, "/"))
    out = []
    for line in difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                     f"a/{name}", f"b/{name}"):
        if not line.endswith(("\n", "\r")):
            line += "\n\\ No newline at end of file\n"
        out.append(line)
    return "".join(out)


def fix_document(doc, engine, write: bool, roots=None) -> FixResult:
    """Plan the safe fixes of a checked document; with ``write``, write the
    file, if it lies inside ``roots`` (``fix_roots``; default: the folder
    holding it) and may be replaced (``writable_target``)."""
    edits, skipped = plan(doc, engine)
    new_text = apply(doc.text, edits) if edits else doc.text
    result = FixResult(doc.path, doc.text, new_text, edits, skipped)
    if not edits:
        return result
    # the fixed text must still read as the same kind of article
    from .readers import InputError, read_text

    try:
        read_text(new_text, doc.path, doc.format)
    except InputError as err:
        result.new_text = doc.text
        result.edits = []
        result.skipped.append(f"{doc.path}: not fixed: the fixed text does not read back ({err.message})")
        return result
    if write:
        if doc.path in ("-", "<stdin>"):
            raise FixError("standard input cannot be fixed in place (use --diff)")
        try:
            real, st = writable_target(doc.path, roots)
            with open(real, "rb") as fh:
                now = os.fstat(fh.fileno())
                if (now.st_dev, now.st_ino) != (st.st_dev, st.st_ino):  # replaced meanwhile
                    raise FixError("the file changed since it was read")
                data = fh.read()
            write_atomic(real, splice(data, doc, edits), roots)
            result.written = True
        except FixError as err:
            result.new_text = doc.text
            result.edits = []
            result.skipped.append(f"{doc.path}: not fixed: {err}")
        except OSError as err:
            result.new_text = doc.text
            result.edits = []
            result.skipped.append(f"{doc.path}: not fixed: {err.strerror or err}")
    return result
