"""The text reporter: one finding per entry, ``path:line:col: severity rule.id message``,
then the source line (a window of it, for long lines) with a caret under the span.

Colour (``--color auto``, the default) when writing to a terminal, or when
FORCE_COLOR is set (not empty, not ``0``); never when NO_COLOR is set (it wins).
``--color always`` / ``never`` decide whatever the environment says.
The file
name, the message, the suggestion and the source line come from the article:
control characters, bidi controls and undecodable bytes in them are shown as
escapes (``display.escape``), never sent to the terminal.
"""

from __future__ import annotations

import os
import unicodedata

from ..display import escape

WIDTH = 100  # columns of source shown around a finding
_COLOURS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"


def use_colour(stream, choice: str = "auto") -> bool:
    if choice in ("always", "never"):
        return choice == "always"
    if os.environ.get("NO_COLOR", "") != "":
        return False
    if os.environ.get("FORCE_COLOR", "") not in ("", "0"):
        return True
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


_ZERO_WIDTH = frozenset(("Mn", "Me", "Cf"))


def _cols(s: str) -> int:
    """Terminal columns of ``s``, as wcwidth counts them: wide characters two, non-spacing
    marks (Devanagari vowel signs ु ू े ै, the virama ्, anusvara ं, accents) and format
    characters (ZWJ, ZWNJ) none, everything else one (spacing vowel signs ा ि ी ो
    take a column)."""
    if s.isascii():
        return len(s)
    n = 0
    for c in s:
        if c < "\u0300":
            n += 1
        elif unicodedata.category(c) in _ZERO_WIDTH:
            continue
        else:
            n += 2 if unicodedata.east_asian_width(c) in "WF" else 1
    return n


#: white space shown as a space (str.translate: one pass in C, not a generator per character)
_SPACES = str.maketrans("\t\r\n\v\f", "     ")


def _clean(s: str) -> str:
    """A stretch of the source line as shown: white space as a space, other
    control characters escaped (character by character, so the caret's
    columns can be counted on the pieces)."""
    return escape(s.translate(_SPACES))


def excerpt(doc, start: int, end: int) -> tuple[str, str]:
    """(source line window, caret line) for the span."""
    text = doc.text
    line, col = doc.position(start)
    ls, le = doc.lines.line_span(line, text)
    end = max(start + 1, min(end, le)) if le > start else start + 1
    a, b = ls, le
    if le - ls > WIDTH:
        # centre the window on the span
        span = min(end - start, WIDTH // 2)
        a = max(ls, start - (WIDTH - span) // 2)
        b = min(le, a + WIDTH)
        a = max(ls, min(a, b - WIDTH))
    pre = "…" if a > ls else ""
    post = "…" if b < le else ""
    shown = pre + _clean(text[a:b]) + post
    lead = _cols(pre + _clean(text[a:start]))
    width = max(1, _cols(_clean(text[start:min(end, b)])))
    return shown, " " * lead + "^" * width


def format_finding(doc, f, colour: bool = False) -> str:
    line, col = doc.position(f.start)
    sev = f.severity
    path, message = escape(doc.path), escape(f.message)
    if colour:
        c = _COLOURS.get(sev, "")
        head = f"{_BOLD}{path}:{line}:{col}:{_RESET} {c}{sev}{_RESET} {_BOLD}{f.rule}{_RESET} {message}"
    else:
        head = f"{path}:{line}:{col}: {sev} {f.rule} {message}"
    shown, caret = excerpt(doc, f.start, f.end)
    gutter = str(line)
    pad = " " * len(gutter)
    bar = f"{_DIM}|{_RESET}" if colour else "|"
    if colour:
        caret = _COLOURS.get(sev, "") + caret + _RESET
    out = [head, f" {gutter} {bar} {shown}", f" {pad} {bar} {caret}"]
    if f.suggestion:
        out.append(f" {pad} = {escape(f.suggestion)}")
    return "\n".join(out)


def format_document(doc, colour: bool = False) -> str:
    return "".join(format_finding(doc, f, colour) + "\n\n" for f in doc.findings)


def statistics(rows) -> str:
    """``--statistics``: one line per rule, ``count  severity  rule.id``, most frequent first."""
    if not rows:
        return ""
    width = max(len(str(r["count"])) for r in rows)
    return "".join(f"{r['count']:>{width}}  {r['severity']:<7}  {r['rule']}\n" for r in rows)


def summary(counts: dict[str, int], files: int, with_findings: int, colour: bool = False, unreadable: int = 0,
            known: int = 0, recorded: bool = False) -> str:
    """The last line: the findings by severity and the files checked; inputs that could not
    be read (each said on standard error) are counted apart, not as files checked. Findings a
    baseline holds back (``known``) are counted apart too: "recorded" when --write-baseline
    wrote them into the baseline, "known" when --baseline matched them."""
    total = sum(counts.values())
    not_read = f" {unreadable} file{'s' if unreadable != 1 else ''} could not be read." if unreadable else ""
    held = ""
    if known:
        held = (f" {known} finding{'s' if known != 1 else ''} "
                f"{'recorded in' if recorded else 'known to'} the baseline, not reported.")
    if not total:
        return f"No {'new ' if known else ''}findings in {files} file{'s' if files != 1 else ''}.{held}{not_read}"
    parts = [f"{counts[s]} {s}{'s' if counts[s] != 1 and s != 'info' else ''}"
             for s in ("error", "warning", "info") if counts.get(s)]
    return (f"Found {total} {'new ' if known else ''}finding{'s' if total != 1 else ''} ({', '.join(parts)}) "
            f"in {with_findings} of {files} file{'s' if files != 1 else ''}.{held}{not_read}")
