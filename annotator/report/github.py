"""GitHub Actions workflow commands: one annotation per finding.

::error file=news/a.md,line=3,col=5,endLine=3,endColumn=12,title=quotes.unbalanced::Opening quotation mark never closed

Severity error -> ``error``, warning -> ``warning``, info -> ``notice``.
Escaping follows the Actions toolkit: in the message ``%``, CR and LF become
``%25``, ``%0D``, ``%0A``; in property values ``:`` and ``,`` also become
``%3A`` and ``%2C``.  Lines and columns are 1-based, columns in code points,
``endColumn`` just past the last character (as in the JSON output).  The
runner drops columns on an annotation spanning several lines, so they are
given only when the span is on one line.

The file is named as GitHub matches it to the repository's files: relative
to the working directory (the checkout's top in a workflow) when it is below
it, without a leading ``./`` (``annotator check .``), else absolute, which
the runner makes relative to the workspace.  An annotation on ``./news/a.md``
or ``../news/a.md`` is listed in the run's log but never shown on the pull
request's files.

The file name, the message and the suggestion come from the article: they
are first made one printable line (``display.escape``: control characters,
bidi controls and undecodable bytes shown as escapes), so neither a name
nor a quotation can end the command or start another.
"""

from __future__ import annotations

import os

from ..display import escape

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(s: str) -> str:
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def command(level: str, message: str, **props) -> str:
    """One workflow command line (no newline); properties in the order given, None left out."""
    parts = [f"{k}={escape_property(str(v))}" for k, v in props.items() if v is not None]
    return f"::{level}{' ' + ','.join(parts) if parts else ''}::{escape_data(message)}"


def report_path(path: str) -> str:
    """``path`` relative to the working directory when below it, else absolute; ``/`` separators."""
    if path in ("-", "<stdin>"):
        return path
    absolute = os.path.abspath(path)
    rel = os.path.relpath(absolute, os.getcwd())
    if rel == os.pardir or rel.startswith(os.pardir + os.sep) or os.path.isabs(rel):
        rel = absolute
    return rel.replace(os.sep, "/")


def finding_line(doc, f, path: str | None = None) -> str:
    line, col = doc.position(f.start)
    end_line, end_col = doc.position(f.end)
    one_line = line == end_line
    message = escape(f.message)
    if f.suggestion:
        message += f"\n= {escape(f.suggestion)}"
    return command(
        LEVELS.get(f.severity, "warning"), message,
        file=escape(report_path(path or doc.path)), line=line, col=col if one_line else None,
        endLine=end_line, endColumn=max(end_col, col) if one_line else None,
        title=f"{f.rule} ({f.severity})",
    )


def format_document(doc, path: str | None = None) -> str:
    return "".join(finding_line(doc, f, path) + "\n" for f in doc.findings)


def error_line(path: str, message: str, line: int | None = None, column: int | None = None) -> str:
    """An unreadable input as an error annotation."""
    return command("error", escape(message), file=escape(report_path(path)), line=line, col=column,
                   title="annotator: unreadable input")
