"""The loaded rule set, and the engine compiled from it, cached on disk,
keyed by the content of the rule files.

Loading rule files means YAML parsing and pydantic validation (~0.7 s);
the validated rules (plain ``RuleSpec`` data) are pickled under
``$ANNOTATOR_CACHE_DIR`` (default ``$XDG_CACHE_HOME/annotator`` or
``~/.cache/annotator``), named by a digest of every rule and lexicon file
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
import pickle
import sys

from ..resources import open_cache_file

FORMAT = 1


def cache_dir() -> str | None:
    if os.environ.get("ANNOTATOR_NO_CACHE"):
        return None
    d = os.environ.get("ANNOTATOR_CACHE_DIR")
    if d:
        return d
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "annotator")


def _key(directories: list[str]) -> str:
    import hashlib

    from .loader import content_key

    h = hashlib.sha256(f"{FORMAT}:{sys.version_info[:2]}".encode())
    here = os.path.dirname(os.path.abspath(__file__))
    for src in (os.path.join(here, "loader.py"), os.path.join(os.path.dirname(here), "models.py")):
        with open(src, "rb") as f:
            h.update(hashlib.sha256(f.read()).digest())
    h.update(content_key(directories).encode())
    return h.hexdigest()[:32]


def load_specs_cached(directories: list[str]):
    """The RuleSpecs for the shipped rules plus ``directories``, from the cache when it is current."""
    from ..resources import rules_dir
    from .loader import load_specs

    d = cache_dir()
    if d is None:
        return load_specs(directories)
    dirs = [rules_dir()] + list(directories)
    try:
        path = os.path.join(d, f"rules-{_key(dirs)}.pickle")
    except OSError:
        return load_specs(directories)
    try:
        with open_cache_file(path) as f:
            return pickle.load(f)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError):
        pass
    specs = load_specs(directories)  # raises RuleError on a broken file: nothing is cached then
    try:
        os.makedirs(d, exist_ok=True)
        tmp = f"{path}.{os.getpid()}.tmp"
        with open(tmp, "wb") as f:
            pickle.dump(specs, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass
    return specs


def _engine_key(dirs: list[str]) -> str:
    """Every rule and lexicon file and the engine's own source, as CRC-32 + Adler-32 + length
    of each (zlib: hashlib's OpenSSL costs ~3-8 ms to import, more than the whole check of a
    short article's rules)."""
    import zlib

    from .loader import rule_files

    here = os.path.dirname(os.path.abspath(__file__))
    paths = [os.path.join(os.path.dirname(here), "models.py")]
    for d in (here, os.path.join(here, "kinds")):
        paths += [os.path.join(d, n) for n in sorted(os.listdir(d)) if n.endswith(".py")]
    for directory in dirs:
        paths += [p for _, p in rule_files(directory)]
        lex = os.path.join(directory, "lexicons")
        if os.path.isdir(lex):
            paths += [os.path.join(lex, n) for n in sorted(os.listdir(lex)) if n.endswith((".yaml", ".yml"))]
    parts = [f"engine:{FORMAT}:{sys.version_info[0]}.{sys.version_info[1]}"]
    for p in paths:
        with open(p, "rb") as f:
            raw = f.read()
        parts.append(f"{p}\0{zlib.crc32(raw):08x}{zlib.adler32(raw):08x}{len(raw):x}")
    joined = "\n".join(parts).encode("utf-8", "surrogatepass")
    return f"{zlib.crc32(joined):08x}{zlib.adler32(joined):08x}{len(joined):x}"


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
    try:
        with open_cache_file(path) as f:
            eng = pickle.load(f)
        if isinstance(eng, Engine):
            return eng
    except Exception:  # noqa: BLE001 - a stale or broken cache (or an RE2 error compiling it) is rebuilt
        pass
    eng = Engine(load_specs_cached(directories))  # a RuleError propagates: nothing is cached then
    try:
        os.makedirs(d, exist_ok=True)
        tmp = f"{path}.{os.getpid()}.tmp"
        with open(tmp, "wb") as f:
            pickle.dump(eng, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        _prune(d, "engine-", keep=8)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        try:
            os.unlink(tmp)
        except OSError:
            pass
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
