"""Where the shipped data lives: ``rules/`` and ``schemas/``.

In an installed wheel they are packaged as ``annotator/_data/{rules,schemas}``;
in a checkout (or an editable install) they are the top-level folders.
"""

from __future__ import annotations

import os
import stat
import sys

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


#: the largest cache file read (the compiled rules are ~0.5 MB)
MAX_CACHE_BYTES = 64 * 1024 * 1024

_CHECKED_ROOTS: list[str] = []
_ROOTS_ENV = "_ANNOTATOR_CHECKED_ROOTS"


def shipped_dir() -> str:
    """The compiled forms of the built-in rules and lexicons (pickles), built with the wheel
    (``hatch_build.py``); absent in a checkout."""
    return os.path.join(_HERE, "_data", "compiled")


def set_checked_paths(paths) -> None:
    """The files and folders a command checks: the cache folder must not lie inside
    them, nor inside the git work tree holding them (a commit could plant entries).

    Each folder is resolved and searched for its work tree once, however many of its
    files are named (281 articles in five folders: ~60M instructions when every file's
    full path was resolved and searched upwards)."""
    roots: dict[str, None] = {}  # (in order, once each)
    folders: dict[str, str] = {}  # a path's folder part -> that folder resolved
    for p in paths:
        if not p or p == "-":
            continue
        roots[_folder_of(p, folders)] = None
    for d in list(roots):
        top = work_tree(d)
        if top is not None:
            roots[top] = None
    _CHECKED_ROOTS[:] = roots
    # worker processes started by spawn or forkserver (batch.py) inherit the environment only
    os.environ[_ROOTS_ENV] = "\n".join(roots)


def _folder_of(p: str, folders: dict[str, str]) -> str:
    """``os.path.realpath(p)`` if that is a folder, else the folder holding it. The folder
    part of ``p`` is resolved once (``folders``); only the last name is then looked at: a
    symbolic link there is resolved in full, as realpath would."""
    head, name = os.path.split(p)
    if name in ("", os.curdir, os.pardir):
        real = os.path.realpath(p)
    else:
        base = folders.get(head)
        if base is None:
            base = folders[head] = os.path.realpath(head or os.curdir)
        real = os.path.join(base, name)
        try:
            link = stat.S_ISLNK(os.lstat(real).st_mode)
        except OSError:
            link = False  # (realpath keeps a name it cannot look up as it is)
        if link:
            real = os.path.realpath(p)
    return real if os.path.isdir(real) else os.path.dirname(real)


def work_tree(d: str) -> str | None:
    """The nearest folder at or above ``d`` that holds a ``.git`` (a folder, a file or a link:
    a git work tree or a worktree), or None."""
    while True:
        if os.path.lexists(os.path.join(d, ".git")):
            return d
        parent = os.path.dirname(d)
        if parent == d:
            return None
        d = parent


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def cache_dir() -> str | None:
    """Where annotator caches what it builds from rule and lexicon files:
    ``$ANNOTATOR_CACHE_DIR``, else ``$XDG_CACHE_HOME/annotator`` or
    ``~/.cache/annotator``, created 0700. None (no cache) when
    ``ANNOTATOR_NO_CACHE`` is set, or when the folder is not safe: a symbolic
    link, not a folder, not this user's own, writable by group or others, or
    inside a checked tree (:func:`set_checked_paths`; then it is not created);
    such a refusal is said once on stderr (:func:`_refused`)."""
    if os.environ.get("ANNOTATOR_NO_CACHE"):
        return None
    d = os.environ.get("ANNOTATOR_CACHE_DIR")
    if not d:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        d = os.path.join(base, "annotator")
    d = os.path.abspath(d)
    roots = _CHECKED_ROOTS or [r for r in os.environ.get(_ROOTS_ENV, "").split("\n") if r]
    if roots:  # (before it is created: no empty cache folder left in the checked tree)
        real = os.path.realpath(d)
        if any(_inside(real, r) for r in roots):
            return _refused(d, "inside the files being checked, or their git work tree")
    try:
        os.mkdir(d, 0o700)
    except FileExistsError:
        pass
    except OSError:
        try:
            os.makedirs(d, 0o700, exist_ok=True)  # (the parents get the default mode, the folder 0700)
        except OSError as e:
            return _refused(d, f"cannot create it: {e.strerror or e}")
    try:
        st = os.lstat(d)  # a symbolic link is refused, not followed
    except OSError as e:
        return _refused(d, f"cannot read it: {e.strerror or e}")
    if stat.S_ISLNK(st.st_mode):
        return _refused(d, "a symbolic link")
    if not stat.S_ISDIR(st.st_mode):
        return _refused(d, "not a folder")
    if st.st_mode & 0o022:
        return _refused(d, "writable by group or others")
    if hasattr(os, "geteuid") and st.st_uid != os.geteuid():
        return _refused(d, "owned by another user")
    return d


_told: set[str] = set()


def _refused(d: str, why: str) -> None:
    """No cache: say so once per folder and process on stderr (every run then compiles the
    rules again, several times slower), with what to do about it."""
    if d not in _told:
        _told.add(d)
        from .display import escape

        sys.stderr.write(f"annotator: note: cache folder {escape(d)} not used ({why}); every run compiles "
                         "the rules again. Set ANNOTATOR_CACHE_DIR to a folder of your own outside the "
                         "checked files, or ANNOTATOR_NO_CACHE=1 to run without a cache\n")
    return None


def read_cache_file(path: str) -> bytes:
    """The bytes of one cache file, never through a symbolic link (``O_NOFOLLOW``), and only
    from a regular file with one link that is this user's own, not writable by group or
    others, and not over ``MAX_CACHE_BYTES`` (OSError otherwise: the caller rebuilds what it
    holds)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
                 | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as f:
        st = os.fstat(fd)
        if (not stat.S_ISREG(st.st_mode) or st.st_mode & 0o022 or st.st_size > MAX_CACHE_BYTES
                or st.st_nlink != 1):  # (a hard link could be one to a file in a checked repository)
            raise PermissionError(f"{path}: not a cache file")
        if hasattr(os, "geteuid") and st.st_uid != os.geteuid():
            raise PermissionError(f"{path}: not this user's own cache file")
        return f.read(MAX_CACHE_BYTES + 1)


def load_cached(name: str, accept=None):
    """The object in the cache entry ``name``, or None when there is none, it is broken or
    not safe to read, or ``accept(obj)`` says it is not what the caller wants.

    First the entries built with the wheel, ``name + ".pickle"`` in :func:`shipped_dir`:
    part of the installed package, as trusted as its code, and the only pickles annotator
    ever loads. Then the entry in the user's cache folder (:func:`cache_dir`, :func:`_user_entry`), in
    :mod:`annotator.plaindata` form (data only: reading it runs no code) and read only from
    a safe file (:func:`read_cache_file`)."""
    shipped = os.path.join(shipped_dir(), name + ".pickle")
    if os.path.isfile(shipped):
        import pickle

        try:
            with open(shipped, "rb") as f:
                obj = pickle.load(f)
        except Exception:  # noqa: BLE001 - then the user cache, or a rebuild
            obj = None
        if obj is not None and (accept is None or accept(obj)):
            return obj
    d = cache_dir()
    if d is None:
        return None
    from . import plaindata

    try:
        obj = plaindata.loads(read_cache_file(os.path.join(d, _user_entry(name))))
    except Exception:  # noqa: BLE001 - a cache is best effort: anything wrong means rebuild
        return None
    return obj if accept is None or accept(obj) else None


def _user_entry(name: str) -> str:
    """The file of the entry ``name`` in the user's cache folder. Its name also says where
    this copy of annotator is: the key of the built-in rules is the same wherever the
    package lies (so the wheel's shipped entries match), but what is built from them holds
    the paths of their files (a rule's file, a model's weights); one checkout or
    environment must not be handed another's paths, which may since have gone."""
    import zlib

    return f"{name}-{zlib.crc32(_HERE.encode('utf-8', 'surrogateescape')):08x}.json"


def store_cached(name: str, obj) -> bool:
    """Write ``obj`` to the cache entry ``name`` (:func:`_user_entry`, in
    :mod:`annotator.plaindata` form) in the user's cache folder; False when it could not be
    written."""
    from . import plaindata

    try:
        data = plaindata.dumps(obj)
    except (TypeError, ValueError, RecursionError):
        return False
    return write_cache_file(_user_entry(name), data)


def read_cache_entry(filename: str) -> bytes | None:
    """The bytes of ``filename`` in the user's cache folder (:func:`read_cache_file`), or
    None when there is no safe folder or file."""
    d = cache_dir()
    if d is None:
        return None
    try:
        return read_cache_file(os.path.join(d, filename))
    except OSError:
        return None


def write_cache_file(filename: str, data: bytes) -> bool:
    """Write ``filename`` in the user's cache folder atomically (a temporary file from
    ``mkstemp``, mode 0600, renamed over it: a concurrent reader sees the old file or the new
    one, never half of one); False when there is no safe folder or it could not be written."""
    d = cache_dir()
    if d is None:
        return False
    import tempfile

    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{filename}.", suffix=".tmp", dir=d)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, os.path.join(d, filename))
        return True
    except OSError:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        return False
