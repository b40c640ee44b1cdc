"""Writing results: to standard output, or to a file.

What an output path names decides how it is written:

* a regular file, a new file, or a symbolic link to either: **atomically**,
  through a temporary file in the same folder renamed over the path only when
  complete (a symbolic link is replaced by the file, never written through);
  an existing file keeps its mode, a new one gets ``0o666`` less the umask;
* an existing character device (``/dev/null``), FIFO or socket, or a symbolic
  link to one, and a file descriptor of this process (``/dev/stdout``,
  ``/dev/fd/N``, ``/proc/self/fd/N``): **in place**, opened and written, never
  replaced (replacing ``/dev/null`` with a regular file would break the
  system);
* a folder, a block device, a path in a missing folder: refused.

Every failure, before or while writing (a full disk, ``/dev/full``, no
permission), is an ``OutputError``: one line naming the path, which the
command line reports with exit code 2.  A failed atomic write leaves the
previous file as it was.
"""

from __future__ import annotations

import contextlib
import io
import os
import stat
import sys


class OutputError(OSError):
    """An output that cannot be written: ``str()`` is one line naming it.
    An OSError, so callers that catch OSError (``fixes``) still do."""

    def __init__(self, path: str, reason: str):
        super().__init__(0, reason)
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: {self.strerror}"

    def __reduce__(self):
        return type(self), (self.path, self.strerror)


def _reason(e: OSError) -> str:
    return f"cannot write: {e.strerror or e}"


class _Guarded:
    """A file object whose write errors are OutputErrors (a broken pipe stays a
    BrokenPipeError: the reader went away, as for standard output)."""

    def __init__(self, f, name: str, on_error=None):
        self._f = f
        self._name = name
        self._on_error = on_error

    def _fail(self, e: OSError):
        if self._on_error is not None:
            self._on_error()
        return OutputError(self._name, _reason(e))

    def write(self, s):
        try:
            raw = getattr(self._f, "buffer", None)
            if isinstance(raw, io.RawIOBase):
                return self._write_all(raw, s)
            return self._f.write(s)
        except BrokenPipeError:
            raise
        except OSError as e:
            raise self._fail(e) from None

    def _write_all(self, raw, s: str) -> int:
        """``s`` through an unbuffered binary layer (``python -u``, PYTHONUNBUFFERED), every
        byte of it: a text stream over a raw one keeps only what the first write took, and a
        write to a full pipe that a signal interrupts takes part of a line (a line of JSON cut
        in two at Ctrl-C)."""
        self._f.flush()
        view = memoryview(s.encode(self._f.encoding or "utf-8", self._f.errors or "strict"))
        while view:
            n = raw.write(view)
            if n is None:  # (a non-blocking descriptor that is full: wait until it takes more)
                import select

                select.select([], [raw], [])
                continue
            view = view[n:]
        return len(s)

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def flush(self):
        try:
            self._f.flush()
        except BrokenPipeError:
            raise
        except OSError as e:
            raise self._fail(e) from None

    def __getattr__(self, name):
        return getattr(self._f, name)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _own_fd(path: str) -> int | None:
    """N when ``path`` names a file descriptor of this process (``/dev/fd/N``,
    ``/proc/self/fd/N``, ``/dev/stdout`` and links to them), else None."""
    p = os.path.abspath(path)
    own = {"self", "thread-self", str(os.getpid())}
    for _ in range(40):
        parts = p.split("/")
        if len(parts) == 4 and parts[1:3] == ["dev", "fd"] and parts[3].isdigit():
            return int(parts[3])
        if len(parts) == 5 and parts[1] == "proc" and parts[2] in own and parts[3] == "fd" and parts[4].isdigit():
            return int(parts[4])
        try:
            link = os.readlink(p)
        except OSError:
            return None
        p = os.path.normpath(os.path.join(os.path.dirname(p), link))
    return None


def _open(fd: int, mode: str, encoding: str | None, newline: str | None):
    if "b" in mode:
        return os.fdopen(fd, mode)
    return os.fdopen(fd, mode, encoding=encoding, newline=newline)


def _in_place(path: str, mode: str, encoding: str | None, newline: str | None):
    """The file object writing in place to a device, FIFO or socket, or None
    when ``path`` is (or may be) a regular file or missing.  OutputError when
    it cannot be written at all."""
    n = _own_fd(path)
    if n is not None:
        try:
            return _open(os.dup(n), mode.replace("a", "w"), encoding, newline)
        except OSError as e:
            raise OutputError(path, _reason(e)) from None
    try:
        st = os.stat(path)
    except FileNotFoundError:
        folder = os.path.dirname(os.path.abspath(path))
        if not os.path.isdir(folder):
            raise OutputError(path, f"cannot write: no such folder {folder}") from None
        return None
    except OSError as e:
        raise OutputError(path, _reason(e)) from None
    if stat.S_ISREG(st.st_mode):
        return None
    if stat.S_ISDIR(st.st_mode):
        raise OutputError(path, "is a folder (give a file name)")
    if stat.S_ISBLK(st.st_mode):
        raise OutputError(path, "is a block device: not written")
    # a character device, a FIFO (blocks until it has a reader, as for a shell's >), a socket
    try:
        fd = os.open(path, os.O_WRONLY | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0))
    except OSError as e:
        raise OutputError(path, _reason(e)) from None
    now = os.fstat(fd)
    if stat.S_IFMT(now.st_mode) != stat.S_IFMT(st.st_mode) or stat.S_ISREG(now.st_mode):
        os.close(fd)
        raise OutputError(path, "cannot write: it changed while being opened")
    return _open(fd, mode.replace("a", "w"), encoding, newline)


def writes_in_place(path: str) -> bool:
    """Whether ``atomic_writer(path)`` would write in place (a file descriptor
    of this process, an existing device, FIFO or socket) rather than replace."""
    if _own_fd(path) is not None:
        return True
    try:
        st = os.stat(path)
    except OSError:
        return False
    return not (stat.S_ISREG(st.st_mode) or stat.S_ISDIR(st.st_mode))


def check_target(path: str) -> None:
    """Raise OutputError now, before any work, when ``path`` cannot be an output
    (a folder, a block device, a missing folder); nothing is opened or created."""
    if _own_fd(path) is not None:
        return
    try:
        st = os.stat(path)
    except FileNotFoundError:
        folder = os.path.dirname(os.path.abspath(path))
        if not os.path.isdir(folder):
            raise OutputError(path, f"cannot write: no such folder {folder}") from None
        return
    except OSError as e:
        raise OutputError(path, _reason(e)) from None
    if stat.S_ISDIR(st.st_mode):
        raise OutputError(path, "is a folder (give a file name)")
    if stat.S_ISBLK(st.st_mode):
        raise OutputError(path, "is a block device: not written")


def check_not_input(path: str | None, inputs, what: str = "one of the inputs") -> None:
    """Raise OutputError when the output ``path`` is the same file as one of
    ``inputs`` (writing it would destroy what is being read)."""
    if path in (None, "-"):
        return
    try:
        st = os.stat(path)
    except OSError:
        return  # not there yet: cannot be an input
    if not stat.S_ISREG(st.st_mode):
        return
    for p in inputs:
        if p in (None, "-"):
            continue
        try:
            other = os.stat(p)
        except OSError:
            continue
        if (other.st_dev, other.st_ino) == (st.st_dev, st.st_ino):
            same = "" if os.path.abspath(p) == os.path.abspath(path) else f" ({p})"
            raise OutputError(path, f"is {what}{same}: not overwritten")


@contextlib.contextmanager
def atomic_writer(path: str, mode: str = "w", encoding: str | None = "utf-8", newline: str | None = None):
    """Yield a file object writing ``path``: atomically for a regular or new
    file (on success the content replaces ``path`` in one rename, on any
    exception the target is left as it was), in place for a device, FIFO,
    socket or file descriptor (see the module's docstring).  Failures are
    OutputErrors."""
    direct = _in_place(path, mode, encoding, newline)
    if direct is not None:
        try:
            yield _Guarded(direct, path)
            try:
                direct.flush()
            except BrokenPipeError:
                raise
            except OSError as e:
                raise OutputError(path, _reason(e)) from None
        finally:
            with contextlib.suppress(OSError):
                direct.close()
        return

    import tempfile

    directory = os.path.dirname(os.path.abspath(path))
    try:
        st = os.lstat(path)
        keep = stat.S_IMODE(st.st_mode) if stat.S_ISREG(st.st_mode) else None
    except OSError:
        keep = None  # new (or a symbolic link, replaced by a new file)
    try:
        fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(path)[:100] + ".", suffix=".tmp", dir=directory)
    except OSError as e:
        raise OutputError(path, f"cannot write: {e.strerror or e} (creating a temporary file in {directory})") from None
    try:
        os.chmod(tmp, keep if keep is not None else 0o666 & ~_umask())
        f = _open(fd, mode, encoding, newline)
        try:
            yield _Guarded(f, path)
            try:
                f.flush()
                os.fsync(f.fileno())
            except OSError as e:
                raise OutputError(path, _reason(e)) from None
        finally:
            with contextlib.suppress(OSError):  # after a failed write, closing fails to flush again
                f.close()
        try:
            os.replace(tmp, path)
        except OSError as e:
            raise OutputError(path, _reason(e)) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _silence_stdout() -> None:
    """After a failed write to standard output: send what is still buffered to
    /dev/null, so that the interpreter's flush at exit does not fail again."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError):
        pass


@contextlib.contextmanager
def output(path: str | None):
    """Standard output when path is None or '-', else ``atomic_writer(path)``."""
    if path in (None, "-"):
        out = _Guarded(sys.stdout, "standard output", on_error=_silence_stdout)
        yield out
        out.flush()
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
