"""The loaded rule set, and the engine compiled from it, cached on disk,
keyed by the content of the rule files.

Loading rule files means YAML parsing and pydantic validation (~0.7 s);
building the engine from the validated rules (every inflected form, the
prepared patterns, the per-rule tables) ~0.1-0.3 s more. Both are kept as
cache entries named by a checksum of every rule and lexicon file and of the
code that builds them, so any change to either is a new name:
``rules-<key>`` (the ``RuleSpec`` list) and ``engine-<key>``; a warm start
reads the engine and compiles only its RE2 objects again.

The built-in rules' engine (and the analysis lexicons) ship inside the wheel
as ``annotator/_data/compiled/*.pickle``, written by :func:`write_shipped`
from ``hatch_build.py`` when the wheel is built, so a first run is as fast
as a warm one. A newsroom's own rules (``rule_dirs``) go through the user's
cache folder (``resources.cache_dir``: ``$ANNOTATOR_CACHE_DIR``, else
``$XDG_CACHE_HOME/annotator`` or ``~/.cache/annotator``) as ``.json``
entries in :mod:`annotator.plaindata` form: data only, reading one runs no
code. ``ANNOTATOR_NO_CACHE=1`` turns that folder off; one that is unsafe
(see ``cache_dir``), or cannot be read or written, is not used.
"""

from __future__ import annotations

import os

from ..resources import load_cached, store_cached

FORMAT = 3
#: the cache entry of the rule and code files' digests (:class:`_Stamps`)
STAMPS = "file-stamps"
#: how a path under the built-in rules folder is written in a shipped entry (the wheel is
#: built in one place and installed in another)
BUILTIN = "<rules>"

_HERE = os.path.dirname(os.path.abspath(__file__))
_PACKAGE = os.path.dirname(_HERE)
_MODELS = os.path.join(_PACKAGE, "models.py")


def _files_key(label: str, sources: list[str], dirs: list[str]) -> str:
    """A key for what is built from ``sources`` (this package's code) and the rule and lexicon
    files under ``dirs``: CRC-32 + Adler-32 + length of each file (zlib: hashlib's OpenSSL
    costs ~3-8 ms to import, more than the whole check of a short article's rules). Files
    are named relative to the package and to the built-in rules folder, so the key of the
    built-in rules is the same wherever the package is installed; the Unicode database's
    version stands for the interpreter's (case mapping is what the build takes from it)."""
    import unicodedata
    import zlib

    from ..resources import rules_dir
    from .loader import data_files

    builtin = rules_dir()
    parts = [f"{label}:{FORMAT}:{unicodedata.unidata_version}"]
    named = [(_rel(p, _PACKAGE), p) for p in sources]
    for d in dirs:
        base = BUILTIN if os.path.abspath(d) == os.path.abspath(builtin) else os.path.abspath(d)
        named += [(f"{base}/{_rel(p, d)}", p) for p in data_files([d])]
    stamps = _Stamps()
    for name, p in named:
        parts.append(f"{name}\0{stamps.digest(p)}")
    stamps.save()
    joined = "\n".join(parts).encode("utf-8", "surrogatepass")
    return f"{zlib.crc32(joined):08x}{zlib.adler32(joined):08x}{len(joined):x}"


def _digest(raw: bytes) -> str:
    """CRC-32 + Adler-32 + length of a file's bytes."""
    import zlib

    return f"{zlib.crc32(raw):08x}{zlib.adler32(raw):08x}{len(raw):x}"


#: a file whose times are this recent (ns) is read on every run, its stamp not kept: a change
#: within the file system's time granularity would not show in them (git's "racy" index entries)
RACY_NS = 2_000_000_000
#: the most stamps kept; past it, only the files of the run that writes them
MAX_STAMPS = 2000


class _Stamps:
    """The digests of the rule files and the engine's code as an earlier run found them, by file:
    its size, times (modified, changed), inode and device then. A file whose stat is the same
    is not read again (the key read 670 KB, ~10M instructions, 3% of a one-file check); any
    write to a file (or ``touch``, or a copy, a checkout, a rename over it) changes its change
    time, which no program can set back. Kept in the cache folder (``file-stamps``), as trusted
    as the entries they name: a planted stamp could only pick another cached engine."""

    def __init__(self):
        from ..resources import load_cached

        def accept(obj) -> bool:
            return type(obj) is dict and all(type(k) is str and type(v) is tuple and len(v) == 6
                                             and type(v[5]) is str for k, v in obj.items())

        self.table: dict = load_cached(STAMPS, accept=accept) or {}
        self.seen: set[str] = set()
        self.changed = False

    def digest(self, path: str) -> str:
        import time

        st = os.stat(path)  # (before the read: a change after it shows next time)
        sig = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)
        self.seen.add(path)
        old = self.table.get(path)
        if old is not None and old[:5] == sig:
            return old[5]
        with open(path, "rb") as f:
            raw = f.read()
        digest = _digest(raw)
        if (time.time_ns() - max(st.st_mtime_ns, st.st_ctime_ns) > RACY_NS and min(st.st_mtime_ns, st.st_ctime_ns) > 0
                and len(raw) == st.st_size):  # (no stamp where the times or the size say nothing)
            self.table[path] = (*sig, digest)
            self.changed = True
        return digest

    def save(self) -> None:
        if self.changed:
            from ..resources import store_cached

            table = self.table
            if len(table) > MAX_STAMPS:
                table = {k: v for k, v in table.items() if k in self.seen}
            store_cached(STAMPS, table)


def _rel(path: str, base: str) -> str:
    if path.startswith(base) and path[len(base):len(base) + 1] == os.sep:
        return path[len(base) + 1:]  # (the usual case, without relpath's two abspath calls)
    return os.path.relpath(path, base)


def _kind_sources() -> list[str]:
    d = os.path.join(_HERE, "kinds")
    return [os.path.join(d, n) for n in sorted(os.listdir(d)) if n.endswith(".py")]


def _specs_key(dirs: list[str]) -> str:
    """The validated rules depend on the loader, the models and the kinds' Options models
    (in the kinds' modules) besides the rule files."""
    return _files_key("rules", [os.path.join(_HERE, "loader.py"), _MODELS] + _kind_sources(), dirs)


def _engine_key(dirs: list[str]) -> str:
    """The engine depends on every module of the engine and its kinds besides the rule files."""
    sources = [_MODELS, os.path.join(_PACKAGE, "plaindata.py")]
    sources += [os.path.join(_HERE, n) for n in sorted(os.listdir(_HERE)) if n.endswith(".py")] + _kind_sources()
    return _files_key("engine", sources, dirs)


def _all_dirs(directories: list[str]) -> list[str]:
    from ..resources import rules_dir

    return [rules_dir()] + list(directories)


def load_specs_cached(directories: list[str]):
    """The RuleSpecs for the shipped rules plus ``directories``, from the cache when it is current."""
    from .loader import RuleSpec, load_specs

    try:
        name = f"rules-{_specs_key(_all_dirs(directories))}"
    except OSError:
        return load_specs(directories)
    specs = load_cached(name, accept=lambda obj: type(obj) is list and all(type(s) is RuleSpec for s in obj))
    if specs is None:
        specs = load_specs(directories)  # raises RuleError on a broken file: nothing is cached then
        store_cached(name, specs)
    return _with_paths(specs)


def load_engine_cached(directories: list[str]):
    """The Engine for the shipped rules plus ``directories``, from the cache when it is current."""
    from . import Engine

    try:
        name = f"engine-{_engine_key(_all_dirs(directories))}"
    except OSError:
        return Engine(load_specs_cached(directories))
    # (a state that does not fit is a broken entry; the engine's RE2 patterns are compiled on
    # first use, so a pattern RE2 refuses only matches nothing: matcher.Probes._build,
    # matcher._compile_latin)
    eng = load_cached(name, accept=lambda obj: type(obj) is Engine)
    if eng is None:
        eng = Engine(load_specs_cached(directories))  # a RuleError propagates: nothing is cached then
        if store_cached(name, eng):
            from ..resources import cache_dir

            _prune(cache_dir(), keep=8)
    else:
        _with_paths(eng.specs)
    return eng


def _with_paths(specs):
    """A shipped entry names the built-in rule files relative to the rules folder."""
    from ..resources import rules_dir

    for s in specs:
        if isinstance(s.path, str) and s.path.startswith(BUILTIN + "/"):
            s.path = os.path.join(rules_dir(), s.path[len(BUILTIN) + 1:])
    return specs


def write_shipped(outdir: str) -> list[str]:
    """Write the cache entries of the built-in rules and lexicons into ``outdir`` (what the
    wheel ships as ``annotator/_data/compiled``), pickled: they are loaded only from the
    installed package, never from a place another user or a commit could write; the file
    names written."""
    import pickle

    from ..analysis import lexicon
    from ..resources import rules_dir
    from . import Engine
    from .loader import load_specs

    specs = load_specs([])
    for s in specs:
        s.path = f"{BUILTIN}/{os.path.relpath(s.path, rules_dir())}"
    entries = [(f"engine-{_engine_key(_all_dirs([]))}", Engine(specs))] + lexicon.shipped_entries()
    os.makedirs(outdir, exist_ok=True)
    for name, obj in entries:
        with open(os.path.join(outdir, name + ".pickle"), "wb") as f:
            pickle.dump(obj, f, protocol=pickle.HIGHEST_PROTOCOL)
    return [name + ".pickle" for name, _ in entries]


def _prune(d: str | None, keep: int) -> None:
    """Keep the ``keep`` newest engine and rules entries (each edit of the rules or of the
    engine makes a new key; the old entries are never read again). Only regular files are
    touched; the pickles earlier versions wrote are left alone (never read now)."""
    if d is None:
        return
    try:
        groups: dict[str, list] = {"engine-": [], "rules-": []}
        for e in os.scandir(d):
            if not e.is_file(follow_symlinks=False):
                continue
            for prefix, lst in groups.items():
                if e.name.startswith(prefix) and e.name.endswith(".json"):
                    lst.append(e)
        for entries in groups.values():
            entries.sort(key=lambda e: e.stat(follow_symlinks=False).st_mtime, reverse=True)
            for e in entries[keep:]:
                os.unlink(e.path)
    except OSError:
        pass
