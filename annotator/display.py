"""Untrusted text made safe to print: file names and article text on a terminal.

File names and article text come from whoever wrote the article.  Printed
raw, a newline in a name starts a new line (a GitHub workflow command such
as ``::stop-commands::``, a fake ``annotator: error:``), an escape sequence
(ESC, or the one-character CSI U+009B) recolours or rewrites the terminal, a
bidi override reorders what the reader sees, and a byte of a name that is
not UTF-8 (kept by Python as a lone surrogate, U+DC80-U+DCFF) cannot be
encoded at all.  ``escape`` shows each of them visibly instead:

* tab, newline and carriage return as ``\\t``, ``\\n``, ``\\r``; every other
  C0 or C1 control and DEL as ``\\xNN`` (ESC: ``\\x1b``, CSI: ``\\x9b``);
* a byte of a non-UTF-8 file name as ``\\xNN`` (the byte itself);
* bidi controls, the line and paragraph separators and any other lone
  surrogate as ``<U+202E>``.

Every line annotator writes to standard output or standard error for a
person (the text report, GitHub annotations, errors, warnings, diff headers)
goes through it.  JSON output is data, not text for a terminal: there the
control characters and lone surrogates are escaped as ``\\uNNNN``
(``serialize.dumps``) and bidi controls are kept.  Backslashes are not
escaped (Windows paths stay readable), so a name spelling out ``\\x1b``
looks like one holding ESC.
"""

from __future__ import annotations

_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
_UNSAFE = None  # the pattern, compiled on first use (~1 ms: not at start-up)


def _unsafe():
    global _UNSAFE
    if _UNSAFE is None:
        import re

        _UNSAFE = re.compile(
            "[\\x00-\\x1f\\x7f-\\x9f\\u061c\\u200e\\u200f\\u2028-\\u202e\\u2066-\\u2069]|[\\ud800-\\udfff]"
        )
    return _UNSAFE


def _shown(m) -> str:
    c = m.group()
    o = ord(c)
    if c in _NAMED:
        return _NAMED[c]
    if o < 0xA0:
        return f"\\x{o:02x}"
    if 0xDC80 <= o <= 0xDCFF:  # a byte of a name that is not UTF-8 (surrogateescape)
        return f"\\x{o - 0xDC00:02x}"
    return f"<U+{o:04X}>"


def escape(s: str) -> str:
    """``s`` as one printable line: control characters, bidi controls and
    undecodable bytes shown as escapes (see the module docstring)."""
    if s.isprintable():  # (the common case, in C: none of them, nor any other control or separator)
        return s
    return _unsafe().sub(_shown, s)
