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
