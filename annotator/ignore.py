"""Which files a folder scan leaves out: ``--exclude`` patterns and ``.gitignore`` files.

Both use gitignore semantics, translated here to regular expressions the way
the ``pathspec`` library's ``GitIgnoreSpec`` does (pathspec itself costs
~45 ms to import, more than a third of a check's start-up; the tests compare
this translation with it on many generated patterns and paths).  The rules
(git's wildmatch): blank lines and ``#`` comments do nothing; trailing spaces
are dropped unless escaped (``\\ ``); ``!`` negates; a ``/`` at the start or in
the middle anchors the pattern to its ``.gitignore``'s folder, otherwise it
matches a name at any depth; a trailing ``/`` matches folders only (and what
is under them); ``*`` and ``?`` stay within one folder name, ``**/x``,
``x/**`` and ``a/**/b`` cross folders; ``[abc]``, ``[a-z]``, ``[!abc]`` are
classes; ``\\`` escapes the next character.  A pattern with an unclosed ``[``
does nothing, as in git; one that cannot be used (``!`` alone, ``[z-a]``, a
trailing ``\\``) is skipped, or a ValueError naming it for ``--exclude``.

``.gitignore`` files count in every folder of the walked tree and, when the
tree is inside a git repository, in the folders above it up to the
repository's top (with ``.git/info/exclude``); a deeper file's patterns win
over a shallower one's, and within a file the last matching line wins, as in
git (and a line leaving out a folder the path is under wins over an earlier
line about the path itself).  ``--exclude`` patterns are matched
against a path relative to the current folder and relative to the folder being
walked (``drafts``, ``news/drafts/``, ``*.draft.md``).  Files named on the
command line are never left out: only what a folder scan finds.
"""

from __future__ import annotations

import os
import re

from .resources import work_tree

_DIR_MARK = "(?P<ps_d>/)"  # (pathspec's group: "the match is a folder the path is under")
_DIR_MARK_OPT = f"(?:{_DIR_MARK}|$)"


class _RangeError(ValueError):
    """An unclosed ``[``: git discards the pattern."""


def _segment_glob(seg: str, range_error: bool) -> str:
    """The regex for one folder name's glob (``*``, ``?``, ``[...]``, ``\\x``)."""
    out = []
    escape = False
    i, end = 0, len(seg)
    while i < end:
        c = seg[i]
        i += 1
        if escape:
            escape = False
            out.append(re.escape(c))
        elif c == "\\":
            escape = True
        elif c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            j = i
            if j < end and seg[j] in "!^":
                j += 1
            if j < end and seg[j] == "]":  # a first "]" is a member
                j += 1
            while j < end and seg[j] != "]":
                j += 1
            if j < end:
                j += 1
                expr = "["
                if seg[i] in "!^":
                    expr += "^"
                    i += 1
                out.append(expr + seg[i:j].replace("\\", "\\\\"))
                i = j
            elif range_error:
                raise _RangeError(seg)
            else:
                out.append("\\[")
        else:
            out.append(re.escape(c))
    if escape:
        raise ValueError("a trailing \\ escapes nothing")
    return "".join(out)


def _translate(pattern: str, basic: bool = False) -> tuple[str | None, bool | None]:
    """``(regex, include)`` for one gitignore line, as pathspec's ``GitIgnoreSpecPattern``
    (``basic``: its ``GitIgnoreBasicPattern``, for override globs); ``(None, None)`` for a
    line that does nothing; ValueError for one that cannot be used.  ``include`` is True
    for a pattern that leaves out, False for a ``!`` one."""
    if not pattern.endswith("\\ "):
        pattern = pattern.rstrip()
    if not pattern or pattern.startswith("#") or (pattern == "/" and not basic):
        return None, None
    include = not pattern.startswith("!")
    if not include:
        pattern = pattern[1:]
    segs = pattern.split("/")
    is_dir = not segs[-1] and not (basic and pattern == "/")
    if not segs[0]:  # a leading "/": anchored
        del segs[0]
    elif (len(segs) == 1 or (len(segs) == 2 and not segs[1])) and segs[0] != "**":
        segs.insert(0, "**")  # a name: at any depth
    if not segs:
        raise ValueError("nothing to match")
    if not segs[-1]:  # a trailing "/": what is under the folder
        segs[-1] = "**"
    for i in range(len(segs) - 1, 0, -1):
        if segs[i - 1] == segs[i] == "**":
            del segs[i]
    dir_mark = "/" if basic else _DIR_MARK
    if segs == ["**"]:
        return (dir_mark if is_dir else "."), include
    if segs == ["**", "*"]:
        return ".", include
    if segs == ["**", "*", "**"]:
        return (dir_mark if is_dir or basic else "/"), include
    parts = []
    need_slash = False
    last = len(segs) - 1
    for i, seg in enumerate(segs):
        if seg == "**":
            if i == 0:
                parts.append("^(?:.+/)?")
            elif i < last:
                parts.append("(?:/.+)?")
                need_slash = True
            else:
                parts.append(dir_mark if is_dir and not basic else "/")
            continue
        if i == 0:
            parts.append("^")
        if need_slash:
            parts.append("/")
        if seg == "*":
            parts.append("[^/]+")
        else:
            try:
                parts.append(_segment_glob(seg, range_error=not basic))
            except _RangeError:
                return None, None
        if i == last:
            parts.append(("/?$" if seg == "*" else "(?:/|$)") if basic else _DIR_MARK_OPT)
        need_slash = True
    return "".join(parts), include


def glob_regex(glob: str) -> str | None:
    """The regex of an override's ``files`` glob (None: a blank line or a comment)."""
    return _translate(glob, basic=True)[0]


_RE2_OPTIONS = None


def _re2(regex: str):
    global _RE2_OPTIONS
    import re2  # (already imported by the rules' engine)

    if _RE2_OPTIONS is None:
        _RE2_OPTIONS = re2.Options()
        _RE2_OPTIONS.log_errors = False
    try:
        return re2.compile(regex, _RE2_OPTIONS)
    except re2.error as e:
        raise ValueError(str(e)) from None


def _rule(line: str):
    """``(include, file regex, folder regex)`` for one line (None: it does nothing); ValueError
    if it cannot be used.  As pathspec's re2 back-end: the regexes are searched (not anchored
    unless they say so); "folder" means the match ends at a folder the path is under."""
    regex, include = _translate(line)
    if regex is None:
        return None
    if "[" in line:  # (pathspec refuses what Python's re refuses, too: only a class can)
        import warnings

        try:
            with warnings.catch_warnings():  # ("Possible nested set" for a "[[" class)
                warnings.simplefilter("ignore")
                re.compile(regex)
        except re.error as e:
            raise ValueError(str(e)) from None
    if regex.endswith(_DIR_MARK_OPT):
        base = regex[: -len(_DIR_MARK_OPT)]
        return include, _re2(base + "$"), _re2(base + "/")
    if _DIR_MARK in regex:
        return include, None, _re2(regex.replace(_DIR_MARK, "/"))
    return include, _re2(regex), None


class _Spec:
    """Gitignore lines, compiled; ``check(path)``: True (left out), False (kept by a ``!``
    line) or None (no line matches).  ``path`` is relative, with ``/``, ending in ``/`` for
    a folder."""

    __slots__ = ("rules",)

    def __init__(self, lines, strict: bool = False):
        self.rules = []
        for line in lines:
            try:
                rule = _rule(line)
            except ValueError:
                if strict:
                    raise ValueError(f"not a valid pattern: {line!r}") from None
                continue  # (as git skips it)
            if rule is not None:
                self.rules.append(rule)

    def check(self, path: str) -> bool | None:
        if path.startswith("/"):
            path = path[1:]
        elif path.startswith("./"):
            path = path[2:]
        out, out_priority = None, 0
        for include, file_rx, dir_rx in self.rules:
            if file_rx is not None and file_rx.search(path):
                priority = 2
            elif dir_rx is not None and dir_rx.search(path):
                priority = 1
            else:
                continue
            # a later line wins, except that one matching only a folder above the path does
            # not override an earlier one matching the path itself, unless it leaves that
            # folder out (git does not look into a folder it leaves out).  pathspec's simple
            # back-end with the lines in order; its re2 back-end means the same, but when
            # lines of both kinds match, its answer depends on the order RE2 reports them in
            if (include and priority == 1) or priority >= out_priority:
                out, out_priority = include, priority
        return out


def _spec(lines, strict: bool = False) -> _Spec:
    """The patterns as one spec.  A line that is not a valid pattern (``!`` alone, ``[z-a]``)
    is skipped, as git skips it; with ``strict`` it is a ValueError naming it."""
    return _Spec(lines, strict)


def check_patterns(patterns: list[str]) -> None:
    """ValueError naming the first pattern that cannot be used (for --exclude)."""
    _spec(patterns, strict=True)


def _read_lines(path: str) -> list[str] | None:
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read().splitlines()
    except OSError:
        return None


class Ignorer:
    """``ignored(path, is_dir)`` for the paths met while walking ``root``."""

    def __init__(self, root: str, exclude: list[str] | None = None, gitignore: bool = True):
        self.root = os.path.abspath(root)
        self.cwd = os.getcwd()
        self.exclude = _spec(exclude) if exclude else None
        self.gitignore = gitignore
        self._specs: dict[str, object] = {}  # folder -> its .gitignore's spec, or None
        self.top = self.root
        self._info = None
        if gitignore:
            top = work_tree(self.root)
            if top is not None:
                self.top = top
                lines = _read_lines(os.path.join(top, ".git", "info", "exclude"))
                if lines and any(ln.strip() and not ln.startswith("#") for ln in lines):
                    self._info = _spec(lines)

    def _folder_spec(self, folder: str):
        if folder not in self._specs:
            lines = _read_lines(os.path.join(folder, ".gitignore"))
            self._specs[folder] = _spec(lines) if lines else None
        return self._specs[folder]

    def ignored(self, path: str, is_dir: bool) -> bool:
        path = os.path.abspath(path)
        slash = "/" if is_dir else ""
        if self.exclude is not None:
            for base in (self.cwd, self.root):
                rel = os.path.relpath(path, base)
                outside = rel == os.pardir or rel.startswith(os.pardir + os.sep)
                if not outside and rel != os.curdir and self.exclude.check(rel.replace(os.sep, "/") + slash):
                    return True
        if not self.gitignore:
            return False
        folder = os.path.dirname(path)
        while True:  # deepest .gitignore first: the first that has a say decides
            spec = self._folder_spec(folder)
            if spec is not None:
                result = spec.check(os.path.relpath(path, folder).replace(os.sep, "/") + slash)
                if result is not None:
                    return result
            if folder == self.top or len(folder) <= len(self.top):
                break
            folder = os.path.dirname(folder)
        if self._info is not None:
            return bool(self._info.check(os.path.relpath(path, self.top).replace(os.sep, "/") + slash))
        return False
