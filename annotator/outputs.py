"""Writing results: to standard output, or atomically to a file (a temporary
file in the same folder, renamed over the target only when complete)."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile


@contextlib.contextmanager
def atomic_writer(path: str, mode: str = "w", encoding: str | None = "utf-8", newline: str | None = None):
    """Yield a file object; on success the content replaces ``path`` in one
    rename, on any exception the target is left as it was."""
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", suffix=".tmp", dir=directory)
    try:
        if "b" in mode:
            f = os.fdopen(fd, mode)
        else:
            f = os.fdopen(fd, mode, encoding=encoding, newline=newline)
        with f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        try:
            st = os.stat(path)
            os.chmod(tmp, st.st_mode & 0o7777)
        except FileNotFoundError:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def output(path: str | None):
    """Standard output when path is None or '-', else an atomic file."""
    if path in (None, "-"):
        yield sys.stdout
        sys.stdout.flush()
    else:
        with atomic_writer(path) as f:
            yield f
