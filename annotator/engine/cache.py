"""The loaded rule set, and the engine compiled from it, cached on disk,
keyed by the content of the rule files.

Loading rule files means YAML parsing and pydantic validation (~0.7 s);
the validated rules (plain ``RuleSpec`` data) are pickled under
``$ANNOTATOR_CACHE_DIR`` (default ``$XDG_CACHE_HOME/annotator`` or
``~/.cache/annotator``), named by a checksum of every rule and lexicon file
and of the loader's own source, so any change to either is a new key.
``ANNOTATOR_NO_CACHE=1`` turns the cache off.  A cache that cannot be read
or written is ignored.

The engine built from those rules (every inflected form, the prepared
patterns, the per-rule tables: ~100 ms of Python to build) is pickled beside
them as ``engine-<key>.pickle``, keyed also by the engine's own source; a
warm start loads it and compiles only the RE2 objects again.
"""

from __future__ import annotations

import os
import sys

from ..resources import cache_dir, load_cached, store_cached

FORMAT = 1


def _files_key(label: str, sources: list[str], dirs: list[str]) -> str:
    """A key for what is built from ``sources`` (this package's code) and the rule and lexicon
    files under ``dirs``: CRC-32 + Adler-32 + length of each file (zlib: hashlib's OpenSSL
    costs ~3-8 ms to import, more than the whole check of a short article's rules)."""
    import zlib

    from .loader import data_files

    parts = [f"{label}:{FORMAT}:{sys.version_info[0]}.{sys.version_info[1]}"]
    for p in sources + data_files(dirs):
        with open(p, "rb") as f:
            raw = f.read()
        parts.append(f"{p}\0{zlib.crc32(raw):08x}{zlib.adler32(raw):08x}{len(raw):x}")
    joined = "\n".join(parts).encode("utf-8", "surrogatepass")
    return f"{zlib.crc32(joined):08x}{zlib.adler32(joined):08x}{len(joined):x}"


_HERE = os.path.dirname(os.path.abspath(__file__))
_MODELS = os.path.join(os.path.dirname(_HERE), "models.py")


def _kind_sources() -> list[str]:
    d = os.path.join(_HERE, "kinds")
    return [os.path.join(d, n) for n in sorted(os.listdir(d)) if n.endswith(".py")]


def _specs_key(dirs: list[str]) -> str:
    """The validated rules depend on the loader, the models and the kinds' Options models
    (in the kinds' modules) besides the rule files."""
    return _files_key("rules", [os.path.join(_HERE, "loader.py"), _MODELS] + _kind_sources(), dirs)


def _engine_key(dirs: list[str]) -> str:
    """The engine depends on every module of the engine and its kinds besides the rule files."""
    sources = [_MODELS] + [os.path.join(_HERE, n) for n in sorted(os.listdir(_HERE)) if n.endswith(".py")]
    sources += _kind_sources()
    return _files_key("engine", sources, dirs)


def load_specs_cached(directories: list[str]):
    """The RuleSpecs for the shipped rules plus ``directories``, from the cache when it is current."""
    from ..resources import rules_dir
    from .loader import load_specs

    d = cache_dir()
    if d is None:
        return load_specs(directories)
    dirs = [rules_dir()] + list(directories)
    try:
        path = os.path.join(d, f"rules-{_specs_key(dirs)}.pickle")
    except OSError:
        return load_specs(directories)
    specs = load_cached(path)
    if specs is None:
        specs = load_specs(directories)  # raises RuleError on a broken file: nothing is cached then
        store_cached(path, specs)
    return specs


def load_engine_cached(directories: list[str]):
    """The Engine for the shipped rules plus ``directories``, from the cache when it is current."""
    from . import Engine
    from ..resources import rules_dir

    d = cache_dir()
    if d is None:
        from .loader import load_specs

        return Engine(load_specs(directories))
    try:
        path = os.path.join(d, f"engine-{_engine_key([rules_dir()] + list(directories))}.pickle")
    except OSError:
        return Engine(load_specs_cached(directories))
    # (loading also compiles the engine's RE2 patterns: a failure there is a broken entry too)
    eng = load_cached(path, accept=lambda obj: isinstance(obj, Engine))
    if eng is None:
        eng = Engine(load_specs_cached(directories))  # a RuleError propagates: nothing is cached then
        if store_cached(path, eng):
            _prune(d, "engine-", keep=8)
    return eng


def _prune(d: str, prefix: str, keep: int) -> None:
    """Keep the ``keep`` newest ``<prefix>*.pickle`` files (each edit of the rules or of the
    engine makes a new key; the old entries are never read again)."""
    try:
        entries = [e for e in os.scandir(d) if e.name.startswith(prefix) and e.name.endswith(".pickle")]
        entries.sort(key=lambda e: e.stat().st_mtime, reverse=True)
        for e in entries[keep:]:
            os.unlink(e.path)
    except OSError:
        pass
