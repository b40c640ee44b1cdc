"""Where the shipped data lives: ``rules/`` and ``schemas/``.

In an installed wheel they are packaged as ``annotator/_data/{rules,schemas}``;
in a checkout (or an editable install) they are the top-level folders.
"""

from __future__ import annotations

import os

_HERE = os.path.dirname(os.path.abspath(__file__))


def data_dir(name: str) -> str:
    packaged = os.path.join(_HERE, "_data", name)
    if os.path.isdir(packaged):
        return packaged
    return os.path.join(os.path.dirname(_HERE), name)


def rules_dir() -> str:
    return data_dir("rules")


def schemas_dir() -> str:
    return data_dir("schemas")


def lexicon_path(name: str) -> str:
    return os.path.join(rules_dir(), "lexicons", name + ".yaml")


def open_cache_file(path: str):
    """Open a cache file for unpickling, only when this user owns it and it
    is not world-writable: unpickling runs code, so a file another user
    planted in a shared cache folder is refused (OSError: the caller rebuilds
    what it holds)."""
    f = open(path, "rb")  # noqa: SIM115 - handed to the caller's with
    try:
        st = os.fstat(f.fileno())
        if hasattr(os, "geteuid") and (st.st_uid != os.geteuid() or st.st_mode & 0o002):
            raise PermissionError(f"{path}: not this user's own cache file")
    except BaseException:
        f.close()
        raise
    return f


def cache_dir() -> str | None:
    """Where annotator caches what it builds from its data files (rules,
    lexicons): ``$ANNOTATOR_CACHE_DIR``, else ``$XDG_CACHE_HOME/annotator`` or
    ``~/.cache/annotator``; None when ``ANNOTATOR_NO_CACHE`` is set."""
    if os.environ.get("ANNOTATOR_NO_CACHE"):
        return None
    d = os.environ.get("ANNOTATOR_CACHE_DIR")
    if d:
        return d
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "annotator")


def load_cached(path: str, accept=None):
    """The object pickled in the cache file ``path``, or None when there is
    none, it is stale or broken, it is not this user's own file (see
    :func:`open_cache_file`), or ``accept(obj)`` says it is not what the caller
    wants."""
    import pickle

    try:
        with open_cache_file(path) as f:
            obj = pickle.load(f)
    except Exception:  # noqa: BLE001 - a cache is best effort: anything wrong means rebuild
        return None
    return obj if accept is None or accept(obj) else None


def store_cached(path: str, obj) -> bool:
    """Pickle ``obj`` to the cache file ``path`` atomically (a temporary file
    renamed over it, so a concurrent reader sees the old file or the new one,
    never half of one); False when it could not be written."""
    import pickle

    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(tmp, "wb") as f:
            pickle.dump(obj, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        return True
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        try:
            os.unlink(tmp)
        except OSError:
            pass
        return False
