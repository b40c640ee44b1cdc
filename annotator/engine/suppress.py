"""Inline suppression in comments (``doc.comments``) and front matter.

  <!-- annotator-disable rule.id other.id -->   ...   <!-- annotator-enable -->
  <!-- annotator-disable -->                    (no ids: every rule)
  <!-- annotator-enable rule.id -->             (ends the suppression of those ids only)
  <!-- annotator-disable-next-line rule.id -->  (the next line with text on it)
  text <!-- annotator-disable-line rule.id -->  (the line the comment is on)

Ids are separated by spaces or commas; ``--`` ends them (a reason may follow:
``<!-- annotator-disable-line quotes.scare-quotes -- the paper's own term -->``).
Comments are Markdown/HTML comments; in plain-text articles the same
``<!-- annotator-... -->`` comments are recognised (the text reader takes them
out of the prose): a form that does not occur in ordinary copy, unlike ``#``
lines.  In front matter: ``annotator: {disable: [rule.id, ...]}``.

A comment that starts ``annotator-`` but names no directive above
(``annotator-disable-lines``), and an unknown rule id, are errors
(``Suppressions.errors``; the engine checks the ids).
"""

from __future__ import annotations

import re

_DIRECTIVE = None  # compiled on the first article with comments (nothing to compile at start-up)
DIRECTIVES = ("disable-next-line", "disable-line", "disable", "enable")


def _directive():
    global _DIRECTIVE
    if _DIRECTIVE is None:
        _DIRECTIVE = re.compile(r"^\s*annotator-([A-Za-z-]*)(.*)$", re.DOTALL)
    return _DIRECTIVE


ALL = "*"


def _ids(rest: str) -> list[str]:
    out = []
    for t in re.split(r"[\s,]+", rest.strip()):
        if t.startswith("--"):
            break  # the rest is a reason, not ids
        if t:
            out.append(t)
    return out


class Suppressions:
    """(start, end, ids) ranges; ids is a set or ALL."""

    __slots__ = ("ranges", "mentioned", "errors")

    def __init__(self):
        self.ranges: list[tuple[int, int, object]] = []
        self.mentioned: list[tuple[str, int]] = []  # (id, offset) named in comments, for checking
        self.errors: list[tuple[str, int]] = []  # (message, offset): malformed directives

    def covers(self, rule: str, offset: int) -> bool:
        for s, e, ids in self.ranges:
            if s <= offset < e and (ids is ALL or rule in ids or rule.split(".", 1)[0] in ids):
                return True
        return False


def _next_line(text: str, pos: int) -> tuple[int, int] | None:
    """The next line after pos (past the comment's own line) with text on it."""
    nl = text.find("\n", pos)
    while nl >= 0:
        start = nl + 1
        end = text.find("\n", start)
        if end < 0:
            end = len(text)
        if text[start:end].strip():
            return start, end
        nl = text.find("\n", start) if end < len(text) else -1
    return None


def _this_line(text: str, start: int, end: int) -> tuple[int, int]:
    """The line(s) the comment [start, end) is on (lines end at \\n, \\r\\n or \\r)."""
    a = max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) + 1
    ends = [k for k in (text.find("\n", end), text.find("\r", end)) if k >= 0]
    return a, min(ends) if ends else len(text)


def parse(doc) -> Suppressions | None:
    comments = doc.comments
    meta = doc.metadata.get("annotator") if isinstance(doc.metadata, dict) else None
    if not comments and not meta:
        return None
    sup = Suppressions()
    n = len(doc.text)
    if isinstance(meta, dict):
        ids = meta.get("disable") or []
        if isinstance(ids, str):
            ids = [ids]
        ids = {str(i) for i in ids}
        if ids:
            sup.ranges.append((0, n, ids))
            sup.mentioned.extend((i, 0) for i in ids)
    open_all: int | None = None
    open_ids: dict[str, int] = {}
    for start, end, inner in comments:
        m = _directive().match(inner)
        if not m:
            continue
        what, rest = m.group(1), m.group(2)
        if what not in DIRECTIVES or (rest[:1] and not rest[:1].isspace() and not rest.startswith(",")):
            word = "annotator-" + what + (rest.split(None, 1)[0] if rest and not rest[:1].isspace() else "")
            sup.errors.append((f"unknown suppression directive {word!r} (expected annotator-"
                               f"{', annotator-'.join(DIRECTIVES)})", start))
            continue
        ids = _ids(rest)
        sup.mentioned.extend((i, start) for i in ids)
        if what == "disable-line":
            a, b = _this_line(doc.text, start, end)
            sup.ranges.append((a, b, set(ids) if ids else ALL))
        elif what == "disable-next-line":
            line = _next_line(doc.text, end)
            if line is not None:
                sup.ranges.append((line[0], line[1], set(ids) if ids else ALL))
        elif what == "disable":
            if not ids:
                if open_all is None:
                    open_all = end
            else:
                for i in ids:
                    open_ids.setdefault(i, end)
        else:  # enable
            if not ids:
                if open_all is not None:
                    sup.ranges.append((open_all, start, ALL))
                    open_all = None
                for i, s in open_ids.items():
                    sup.ranges.append((s, start, {i}))
                open_ids.clear()
            else:
                for i in ids:
                    s = open_ids.pop(i, None)
                    if s is not None:
                        sup.ranges.append((s, start, {i}))
    if open_all is not None:
        sup.ranges.append((open_all, n, ALL))
    for i, s in open_ids.items():
        sup.ranges.append((s, n, {i}))
    return sup
