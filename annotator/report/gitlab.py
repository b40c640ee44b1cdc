"""GitLab Code Quality report: a JSON array of issues (the Code Climate subset GitLab reads).

  {"description": "...", "check_name": "quotes.scare-quotes", "fingerprint": "…",
   "severity": "major", "location": {"path": "news/a.md", "lines": {"begin": 3}}}

Severity: info -> ``info``, warning -> ``major``, error -> ``critical``; an
unreadable input is a ``blocker`` issue named ``annotator.unreadable-input``.
Paths are relative to the working directory (the repository's top in a GitLab
job) when the file is below it.  The fingerprint is a SHA-256 of the path and
the finding's baseline fingerprint with its occurrence number (rule, matched
text and the words around it), so an issue keeps its identity across edits
elsewhere in the article and two equal findings still differ.
"""

from __future__ import annotations

import hashlib
import os

SEVERITIES = {"info": "info", "warning": "major", "error": "critical"}


def report_path(path: str) -> str:
    if path in ("-", "<stdin>"):
        return "stdin"
    rel = os.path.relpath(os.path.abspath(path), os.getcwd())
    if rel == os.pardir or rel.startswith(os.pardir + os.sep) or os.path.isabs(rel):
        return path.replace(os.sep, "/")
    return rel.replace(os.sep, "/")


def _fingerprint(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def issues_for(doc, fingerprints: list[str]) -> list[dict]:
    """The issues of one checked document (``fingerprints``: baseline.occurrence_fingerprints)."""
    path = report_path(doc.path)
    out = []
    for f, fp in zip(doc.findings, fingerprints):
        line, _ = doc.position(f.start)
        description = f.message + (f" (suggestion: {f.suggestion})" if f.suggestion else "")
        out.append({
            "type": "issue",
            "description": description,
            "check_name": f.rule,
            "fingerprint": _fingerprint(path, fp),
            "severity": SEVERITIES.get(f.severity, "major"),
            "categories": ["Style"],
            "location": {"path": path, "lines": {"begin": line}},
        })
    return out


def error_issue(path: str, message: str, line: int | None = None) -> dict:
    """An unreadable input as a blocker issue."""
    p = report_path(path)
    return {
        "type": "issue",
        "description": f"Unreadable input: {message}",
        "check_name": "annotator.unreadable-input",
        "fingerprint": _fingerprint(p, "unreadable-input"),
        "severity": "blocker",
        "categories": ["Bug Risk"],
        "location": {"path": p, "lines": {"begin": line or 1}},
    }
