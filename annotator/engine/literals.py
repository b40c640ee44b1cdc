"""The strings a match of an RE2 pattern must contain: one of them, at least.

``required(pattern)`` reads an RE2 pattern (the probe patterns of ``matcher.Probes``)
and gives a list of strings, case-folded (``str.casefold``), one of which is part of
every match, or None when it finds none that must be there (a pattern that can match
anything, or syntax it does not read). So a text whose ``casefold()`` holds none of
them holds no match: ``Probes`` leaves such a pattern out of the set it compiles for
that text. Folding makes a case-sensitive literal a weaker test, never a wrong one,
since ``casefold`` folds character by character (a match's folded form is part of the
text's); in a case-insensitive part only characters whose RE2 case variants all fold
alike (ASCII, and characters with no case) are taken as literals
(``tests/test_probe_literals.py`` checks that against RE2), others stand for any
character.

Worked out when the engine is built and kept in the engine cache (plain strings):
this module is not imported by a check that reads the engine from the cache.
"""

from __future__ import annotations

#: a set of strings larger than this is not kept (the part then stands for any text)
MAX_SET = 64


class _Info:
    """What a part of a pattern matches: ``exact``, every string it matches (folded), when
    there are few; ``req``, strings one of which is part of every match (None: no such set)."""

    __slots__ = ("exact", "req")

    def __init__(self, exact: frozenset | None, req: frozenset | None = None):
        self.exact = exact
        if exact is not None and req is None and "" not in exact:
            req = exact
        self.req = req


_ANY = _Info(None, None)  # any text (a class, \pL, a repetition that may be empty...)
_EMPTY = _Info(frozenset({""}))  # a zero-width assertion (\b, ^, $)


class _Unread(Exception):
    """Syntax this module does not read: the pattern gets no literals."""


def required(pattern: str) -> list[str] | None:
    """Strings (case-folded), one of which every match of ``pattern`` holds; None when none are known."""
    try:
        info = _Parser(pattern).parse()
    except (_Unread, IndexError, ValueError, RecursionError):  # (groups nested deeper than Python recurses)
        return None
    if not info.req or "" in info.req:
        return None
    return sorted(info.req)


def _score(s: frozenset) -> tuple:
    # the set to test with: one whose shortest string is not too short (up to four characters:
    # a rarer one), then the fewest strings (each is looked for in the text), then the longest
    shortest = min(map(len, s))
    return (min(shortest, 4), -len(s), shortest)


def _best(candidates: list) -> frozenset | None:
    good = [c for c in candidates if c is not None and "" not in c]
    return max(good, key=_score) if good else None


def _cross(a: frozenset, b: frozenset) -> frozenset | None:
    if len(a) * len(b) > MAX_SET:
        return None
    return frozenset(x + y for x in a for y in b)


def _concat(parts: list) -> _Info:
    candidates = []
    run = frozenset({""})  # the exact strings of the current run of exact parts
    whole = True  # every part so far exact and their product kept
    for p in parts:
        candidates.append(p.req)
        if p.exact is not None:
            nxt = _cross(run, p.exact)
            if nxt is not None:
                if len(nxt) > len(run):
                    candidates.append(run)  # (the strings so far: fewer, perhaps the better test)
                run = nxt
                continue
            candidates.append(run)
            run = p.exact
        else:
            candidates.append(run)
            run = frozenset({""})
        whole = False
    candidates.append(run)
    return _Info(run if whole else None, _best(candidates))


def _alternate(branches: list) -> _Info:
    if all(b.exact is not None for b in branches):
        union = frozenset().union(*(b.exact for b in branches))
        if len(union) <= MAX_SET:
            return _Info(union)
    if any(b.req is None for b in branches):
        return _ANY
    union = frozenset().union(*(b.req for b in branches))
    return _Info(None, union if len(union) <= MAX_SET else None)


def _repeat(p: _Info, least: int, most: int | None) -> _Info:
    if least == 0:
        if most == 1 and p.exact is not None and len(p.exact) < MAX_SET:
            return _Info(p.exact | {""})
        return _ANY
    if least == most == 1:
        return p
    return _Info(None, p.req)


#: one-letter escapes of one character
_CHAR_ESCAPES = {"a": "\a", "f": "\f", "t": "\t", "n": "\n", "r": "\r", "v": "\v"}
#: escapes of a class of characters (any text, here)
_CLASS_ESCAPES = frozenset("dDsSwW")
_ZERO_WIDTH = frozenset("bBAz")


def _foldable(c: str, fold: bool) -> bool:
    """Whether ``c`` stands as itself: in a case-insensitive part, ASCII or without case
    (whose RE2 case variants all casefold as it does)."""
    return not fold or c.isascii() or c.lower() == c.upper() == c.casefold() == c


class _Parser:
    """A recursive reading of RE2 syntax into ``_Info``: alternation, concatenation,
    groups and flags, repetition, classes, escapes. Anything else (\\Q...\\E, \\C,
    octal or back-references, classes it cannot list) makes it give up (``_Unread``)."""

    def __init__(self, pattern: str):
        self.p = pattern
        self.i = 0

    def parse(self) -> _Info:
        info = self._alternation(False)
        if self.i != len(self.p):
            raise _Unread("unbalanced )")
        return info

    def _peek(self) -> str:
        return self.p[self.i] if self.i < len(self.p) else ""

    def _alternation(self, fold: bool) -> _Info:
        branches = []
        while True:
            parts, fold = self._sequence(fold)
            branches.append(_concat(parts))
            if self._peek() != "|":
                break
            self.i += 1
        return branches[0] if len(branches) == 1 else _alternate(branches)

    def _sequence(self, fold: bool) -> tuple[list, bool]:
        """The parts up to '|' or ')' (a bare ``(?i)`` changes ``fold`` for the rest of the group)."""
        parts = []
        while self.i < len(self.p) and self.p[self.i] not in "|)":
            c = self.p[self.i]
            if c == "(" and self.p.startswith("(?", self.i):
                flags = self._flags()
                if flags is not None:  # (?flags) alone
                    fold = flags if flags is not _KEEP else fold
                    continue
            atom = self._atom(fold)
            parts.append(self._quantified(atom))
        return parts, fold

    def _flags(self):
        """At '(?': a group with flags ('(?i:...)', '(?:...)', '(?P<n>...)') is left to
        ``_atom`` (None); a bare '(?flags)' is read here: the new fold (or _KEEP)."""
        j = self.i + 2
        k = j
        while k < len(self.p) and self.p[k] in "imsU-":
            k += 1
        if k < len(self.p) and self.p[k] == ")" and k > j:
            self.i = k + 1
            return _fold_of(self.p[j:k])
        return None

    def _quantified(self, atom: _Info) -> _Info:
        while True:
            c = self._peek()
            if c in ("*", "+", "?"):
                self.i += 1
                least, most = {"*": (0, None), "+": (1, None), "?": (0, 1)}[c]
            elif c == "{":
                bounds = self._braces()
                if bounds is None:
                    return atom  # a literal '{' follows: read as the next atom
                least, most = bounds
            else:
                return atom
            if self._peek() == "?":  # non-greedy: the same strings
                self.i += 1
            atom = _repeat(atom, least, most)

    def _braces(self):
        j = self.p.find("}", self.i)
        if j < 0:
            return None
        body = self.p[self.i + 1:j]
        lo, comma, hi = body.partition(",")
        if not lo.isdigit() or (hi and not hi.isdigit()) or not lo.isascii() or not hi.isascii():
            return None
        self.i = j + 1
        return int(lo), (int(hi) if hi else None) if comma else int(lo)

    def _atom(self, fold: bool) -> _Info:
        c = self.p[self.i]
        if c == "(":
            return self._group(fold)
        self.i += 1
        if c in "^$":
            return _EMPTY
        if c == ".":
            return _ANY
        if c == "[":
            return self._class(fold)
        if c == "\\":
            return self._escape(fold)
        if c in "*+?":
            raise _Unread("repetition of nothing")
        return self._char(c, fold)

    @staticmethod
    def _char(c: str, fold: bool) -> _Info:
        return _Info(frozenset({c.casefold()})) if _foldable(c, fold) else _ANY

    def _group(self, fold: bool) -> _Info:
        p = self.p
        self.i += 1
        if p.startswith("?", self.i):
            if p.startswith("?P<", self.i) or p.startswith("?<", self.i):
                self.i = p.index(">", self.i) + 1
            else:
                k = self.i + 1
                while p[k] in "imsU-":
                    k += 1
                if p[k] != ":":
                    raise _Unread("group syntax")
                new = _fold_of(p[self.i + 1:k])
                fold = fold if new is _KEEP else new
                self.i = k + 1
        info = self._alternation(fold)
        if self._peek() != ")":
            raise _Unread("unclosed group")
        self.i += 1
        return info

    def _escape(self, fold: bool) -> _Info:
        c = self.p[self.i]
        self.i += 1
        if c in _ZERO_WIDTH:
            return _EMPTY
        if c in _CLASS_ESCAPES:
            return _ANY
        if c in "pP":
            self._unicode_class_name()
            return _ANY
        ch = self._escaped_char(c)
        return self._char(ch, fold)

    def _unicode_class_name(self) -> None:
        if self._peek() == "{":
            self.i = self.p.index("}", self.i) + 1
        else:
            self.i += 1

    def _escaped_char(self, c: str) -> str:
        """The character of the escape whose letter ``c`` was just read."""
        if c in _CHAR_ESCAPES:
            return _CHAR_ESCAPES[c]
        if c == "x":
            if self._peek() == "{":
                j = self.p.index("}", self.i)
                code = int(self.p[self.i + 1:j], 16)
                self.i = j + 1
            else:
                code = int(self.p[self.i:self.i + 2], 16)
                if len(self.p[self.i:self.i + 2]) != 2:
                    raise _Unread("short \\x")
                self.i += 2
            return chr(code)
        if c.isascii() and not c.isalnum():
            return c  # an escaped punctuation character
        raise _Unread(f"escape \\{c}")

    def _class(self, fold: bool) -> _Info:
        """A bracketed class: its characters when few and all standing as themselves."""
        p = self.p
        chars: set[str] = set()
        listed = True
        if p[self.i] == "^":
            listed = False  # (a negated class: any character, nearly)
            self.i += 1
        first = True
        while True:
            c = p[self.i]
            if c == "]" and not first:
                self.i += 1
                break
            first = False
            if c == "[" and p.startswith("[:", self.i):
                self.i = p.index(":]", self.i + 2) + 2
                listed = False
                continue
            lo = self._class_char()
            if lo is None:
                listed = False  # \d, \pL...
                continue
            if p[self.i] == "-" and p[self.i + 1] != "]":
                self.i += 1
                hi = self._class_char()
                if hi is None:
                    raise _Unread("range to a class")
                if ord(hi) - ord(lo) > MAX_SET:
                    listed = False
                    continue
                chars.update(chr(k) for k in range(ord(lo), ord(hi) + 1))
            else:
                chars.add(lo)
        if not listed or not chars or len(chars) > MAX_SET or not all(_foldable(c, fold) for c in chars):
            return _ANY
        return _Info(frozenset(c.casefold() for c in chars))

    def _class_char(self) -> str | None:
        """One character of a class, or None for a class escape (``\\d``, ``\\pL``) read."""
        c = self.p[self.i]
        self.i += 1
        if c != "\\":
            return c
        e = self.p[self.i]
        self.i += 1
        if e in _CLASS_ESCAPES:
            return None
        if e in "pP":
            self._unicode_class_name()
            return None
        return self._escaped_char(e)


_KEEP = object()


def _fold_of(flags: str):
    """The case-insensitivity a flag string sets ('i', '-i', 'im', 's'): True, False, or _KEEP."""
    on, _, off = flags.partition("-")
    if "i" in off:
        return False
    if "i" in on:
        return True
    return _KEEP
