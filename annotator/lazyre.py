"""Regular expressions compiled on first use.

The standard library compiles a pattern in Python (its parser and compiler):
0.1-2 ms for each of the analysis modules' long alternations, ~50 of them, which
made up a quarter of the start-up of a one-file check (issue 17), while a
given article uses only some of them. ``lazy(pattern, flags)`` stands for
``re.compile(pattern, flags)`` and compiles on the first use of any of its
attributes (``.search``, ``.finditer``, ...); the attribute is then kept on
the object, so later uses cost what the compiled pattern's do. Use it for a
module-level pattern whose uses are its methods and attributes only (not
``re.sub(PATTERN, ...)`` or ``isinstance(x, re.Pattern)``).

What the compiler makes of a pattern is deliberately not kept in the cache
folder: handing cached code to ``_sre.compile`` saved ~10% of a one-file
check, but the interpreter does not check all of such code (in CPython 3.11 a
code one number off crashes it), so a planted entry could corrupt memory,
which the cache's promise (data only, never code run: ``SECURITY.md``) rules out.
"""

from __future__ import annotations

import re


class LazyPattern:
    __slots__ = ("__dict__", "_args")

    def __init__(self, pattern: str, flags: int = 0):
        self._args = (pattern, flags)

    def __getattr__(self, name: str):
        if name == "_args":  # (an instance not made by __init__)
            raise AttributeError(name)
        value = getattr(re.compile(*self._args), name)
        setattr(self, name, value)  # found in __dict__ from now on: __getattr__ is not called again
        return value

    def __repr__(self) -> str:
        return f"lazy({self._args[0]!r})"


lazy = LazyPattern
