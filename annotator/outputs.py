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


# -- JSON lines that survive kill -9 ----------------------------------------------

class JournalBusy(Exception):
    """Another process is writing the same journal (another run with the same --output)."""


def journal_path(path: str) -> str:
    """Where the lines bound for ``path`` are kept until it is complete:
    ``.NAME.partial`` in the same folder."""
    directory, base = os.path.split(path)
    return os.path.join(directory, "." + base + ".partial")


def complete_lines(path: str, key) -> tuple[int, list]:
    """The leading complete lines of a file of JSON lines: ``(bytes, keys)``,
    the byte length they take and ``key(obj)`` for each.  Reading stops at the
    first line that is torn (no newline: the writer was killed), not JSON, or
    whose ``key`` raises KeyError, TypeError or ValueError.  A missing file
    has none."""
    import json

    end = 0
    keys = []
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        return 0, []
    with open(fd, "rb") as f:
        for line in f:
            if not line.endswith(b"\n"):
                break
            try:
                keys.append(key(json.loads(line)))
            except (ValueError, KeyError, TypeError):
                break
            end += len(line)
    return end, keys


@contextlib.contextmanager
def journaled_writer(path: str, resume: tuple[str, int] | None = None):
    """Yield a text file for an output of lines bound for ``path``.

    The lines go to ``journal_path(path)``, flushed at every newline, so a
    process killed outright (``kill -9``, out of memory) leaves each line it
    finished there; ``resume=(file, end)`` starts the journal with the first
    ``end`` bytes of ``file`` (the journal itself is cut there; the target is
    copied).  When the block ends normally or by KeyboardInterrupt (SIGINT,
    SIGTERM: the lines written so far are whole) the journal is renamed over
    ``path``; on any other exception it is kept if it holds anything (for
    ``--resume``).  The journal is locked (``flock``) while open: a second
    writer gets ``JournalBusy``."""
    journal = journal_path(path)
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0) \
        | getattr(os, "O_BINARY", 0)
    fd = os.open(journal, flags, 0o600)
    try:
        import stat

        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"{journal}: not a regular file")
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX
            pass
        else:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise JournalBusy(f"{path} is being written by another run ({journal} is locked)") from None
        if resume is not None and os.path.abspath(resume[0]) == os.path.abspath(journal):
            os.ftruncate(fd, resume[1])
        else:
            os.ftruncate(fd, 0)
            if resume is not None and resume[1]:
                with open(resume[0], "rb") as src:
                    left = resume[1]
                    while left:
                        chunk = src.read(min(left, 1 << 20))
                        if not chunk:
                            break
                        os.write(fd, chunk)  # a regular file: written whole
                        left -= len(chunk)
        os.lseek(fd, 0, os.SEEK_END)
    except BaseException:
        os.close(fd)
        raise
    f = open(fd, "w", encoding="utf-8", newline="", buffering=1)  # noqa: SIM115 - line buffered
    try:
        try:
            yield f
        except KeyboardInterrupt:
            _finish_journal(f, journal, path)
            raise
        except BaseException:
            f.flush()
            if os.fstat(fd).st_size == 0:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(journal)
            raise
        _finish_journal(f, journal, path)
    finally:
        f.close()


def _finish_journal(f, journal: str, path: str) -> None:
    f.flush()
    os.fsync(f.fileno())
    try:
        mode = os.stat(path).st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o644
    os.chmod(journal, mode)
    os.replace(journal, path)
