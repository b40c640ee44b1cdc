"""A finding: one rule's verdict on one span of an article."""

from __future__ import annotations


class Finding:
    """Attributes as ``serialize._finding_dict`` reads them.

    ``fix`` is a list of (start, end, replacement) edits of ``doc.text`` or None;
    ``quote`` and ``speaker`` are the ids of the quotation and speaker the
    finding concerns, when it concerns one.
    """

    __slots__ = ("rule", "severity", "message", "start", "end", "confidence", "scope", "suggestion", "fix",
                 "quote", "speaker")

    def __init__(self, rule: str, severity: str, message: str, start: int, end: int, confidence: float = 0.8,
                 scope: str | None = None, suggestion: str | None = None,
                 fix: list[tuple[int, int, str]] | None = None, quote: str | None = None,
                 speaker: str | None = None):
        self.rule = rule
        self.severity = severity
        self.message = message
        self.start = start
        self.end = end
        self.confidence = confidence
        self.scope = scope
        self.suggestion = suggestion
        self.fix = fix
        self.quote = quote
        self.speaker = speaker

    def __repr__(self) -> str:
        return f"Finding({self.rule!r}, {self.start}, {self.end}, {self.message!r})"

    def sort_key(self):
        return (self.start, self.rule)


SEVERITY_RANK = {"info": 1, "warning": 2, "error": 3}


def apply_fixes(text: str, findings, rule: str | None = None) -> str:
    """``text`` with the fixes of the findings (of one rule, if given) applied;
    an edit overlapping one already taken is skipped."""
    edits = []
    for f in findings:
        if f.fix and (rule is None or f.rule == rule):
            edits.extend(f.fix)
    edits.sort(key=lambda e: (e[0], e[1]))
    out = []
    pos = 0
    for s, e, r in edits:
        if s < pos:
            continue
        out.append(text[pos:s])
        out.append(r)
        pos = e
    out.append(text[pos:])
    return "".join(out)
