"""Regular expressions compiled on first use, from a cache of their compiled form.

The standard library compiles a pattern in Python (its parser and compiler):
0.1-2 ms for each of the analysis modules' long alternations, ~50 of them, which
made up a quarter of the start-up of a one-file check (issue 17), while a
given article uses only some of them. ``lazy(pattern, flags)`` stands for
``re.compile(pattern, flags)`` and compiles on the first use of any of its
attributes (``.search``, ``.finditer``, ...); the attribute is then kept on
the object, so later uses cost what the compiled pattern's do. Use it for a
module-level pattern whose uses are its methods and attributes only (not
``re.sub(PATTERN, ...)`` or ``isinstance(x, re.Pattern)``).

Even so, the patterns any article needs cost ~45M instructions to compile on
every run (11% of a one-file check). So :func:`compiled` keeps what the
compiler makes of each pattern (the regex engine's code: a list of integers,
with the flags and the groups) in one entry of the user's cache folder
(``regex-…``, :mod:`annotator.plaindata`, data only), named by the
interpreter's version and its regex engine's (``_sre.MAGIC``), and hands
those to ``_sre.compile``, the step that ends ``re.compile``. The interpreter
checks such code (jumps, group numbers) but not all of it: a code one number
off can crash it. So each pattern's code is kept with a checksum of it and of
the pattern, and one that is not its own, or whose groups do not agree, is
compiled again as usual (a planted entry, checksum and all, could still crash
the run: only the user can write the folder, ``SECURITY.md``). A pattern not in
the entry is compiled as ``re.compile`` would, and the entry written again when
the process ends. The patterns are the same, code for code (``Pattern.__eq__``
compares it): ``tests/test_startup_cost.py``. Any other interpreter, or a
failure of any kind, falls back to ``re.compile``.
"""

from __future__ import annotations

import re
import sys

#: the most patterns the entry keeps: past it, only those used by the process writing it
#: (annotator compiles ~60 through here; what is over is old patterns of edited code)
MAX_ENTRIES = 400

_table: dict | None = None  # (pattern, flags) -> the arguments of _sre.compile after the pattern
_used: set = set()  # the keys this process compiled or read
_dirty = False  # something compiled that the entry lacks


class LazyPattern:
    __slots__ = ("__dict__", "_args")

    def __init__(self, pattern: str, flags: int = 0):
        self._args = (pattern, flags)

    def __getattr__(self, name: str):
        if name == "_args":  # (an instance not made by __init__)
            raise AttributeError(name)
        value = getattr(compiled(*self._args), name)
        setattr(self, name, value)  # found in __dict__ from now on: __getattr__ is not called again
        return value

    def __repr__(self) -> str:
        return f"lazy({self._args[0]!r})"


lazy = LazyPattern


def compiled(pattern, flags: int = 0) -> re.Pattern:
    """``re.compile(pattern, flags)``, through the cache of compiled patterns when there is one."""
    if sys.implementation.name != "cpython":
        return re.compile(pattern, flags)
    try:
        import _sre

        key = (pattern, int(flags))
        table = _load()
        args = table.get(key)
        if args is not None:
            try:
                rx = _sre.compile(pattern, *_checked(key, args))
            except Exception:  # noqa: BLE001 - a damaged entry: compile it again
                args = None
        if args is None:
            args = _compile_args(pattern, key[1])
            rx = _sre.compile(pattern, *args)
            table[key] = (*args, _digest(key, args))
            _changed()
        _used.add(key)
        return rx
    except re.error:
        raise
    except Exception:  # noqa: BLE001 - (another version's internals): the standard way
        return re.compile(pattern, flags)


def _compile_args(pattern, flags: int) -> tuple:
    """What ``re._compiler.compile`` hands ``_sre.compile`` after the pattern."""
    from re import _compiler, _parser

    p = _parser.parse(pattern, flags)
    code = list(map(int, _compiler._code(p, flags)))  # (some items are int subclasses)
    indexgroup = [None] * p.state.groups
    for k, i in p.state.groupdict.items():
        indexgroup[i] = k
    return (flags | p.state.flags, code, p.state.groups - 1, dict(p.state.groupdict), tuple(indexgroup))


def _digest(key: tuple, args: tuple) -> int:
    """A checksum of a pattern's key and its compiler's output: kept with them in the entry,
    so that a damaged entry is compiled again rather than handed to ``_sre.compile``, whose
    check of the code is not complete (a code one number off can crash the interpreter)."""
    import zlib
    from array import array

    flags, code, groups, groupindex, indexgroup = args
    head = repr((key, flags, groups, sorted(groupindex.items()), indexgroup)).encode("utf-8", "surrogatepass")
    return zlib.crc32(array("Q", code), zlib.crc32(head))


def _checked(key: tuple, entry: tuple) -> tuple:
    """The arguments of a cached entry, when its checksum (:func:`_digest`) is theirs and its
    groups agree with each other (``_sre.compile`` checks the code itself, jumps and group
    numbers, but not all of it); ValueError otherwise."""
    *args, digest = entry
    flags, code, groups, groupindex, indexgroup = args
    if (type(flags) is not int or type(code) is not list or type(groups) is not int or type(groupindex) is not dict
            or type(indexgroup) is not tuple or len(indexgroup) != groups + 1
            or any(type(i) is not int or not 0 < i <= groups or indexgroup[i] != k for k, i in groupindex.items())):
        raise ValueError("a cached pattern whose groups do not agree")
    if _digest(key, args) != digest:
        raise ValueError("a cached pattern whose checksum is not its own")
    return tuple(args)


def _name() -> str:
    import _sre

    return f"regex-{sys.hexversion:x}-{_sre.MAGIC}"


def _load() -> dict:
    """The cached patterns, read once per process ({} when there are none)."""
    global _table
    if _table is None:
        from .resources import load_cached

        def accept(obj) -> bool:
            return type(obj) is dict and all(type(k) is tuple and len(k) == 2 and type(v) is tuple and len(v) == 6
                                             for k, v in obj.items())

        _table = load_cached(_name(), accept=accept) or {}
    return _table


def _changed() -> None:
    global _dirty
    if not _dirty:
        _dirty = True
        import atexit

        atexit.register(store)


def store() -> bool:
    """Write the cached patterns with those this process compiled (at exit, when it compiled any)."""
    global _dirty
    if not _dirty or _table is None:
        return False
    from .resources import store_cached

    table = _table
    if len(table) > MAX_ENTRIES:
        table = {k: v for k, v in table.items() if k in _used}
    _dirty = False
    return store_cached(_name(), table)
