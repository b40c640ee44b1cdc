"""Many files through one per-file function, on several processes, results in input order.

The unit of work is a picklable module-level function ``work(path) -> value``
(for ``annotate``: read, analyse and serialize one file to a JSON line; for
``check``: the document with its findings and the text report).  It may
raise ``annotator.readers.InputError``; that comes back as the error of that
file, in its place in the order, and the run goes on.

::

    from annotator.batch import Batch

    with Batch(work, jobs=args.jobs, init=warm, progress=args.progress, label="annotate") as batch:
        for item in batch.run(paths):
            if item.error is not None:
                batch.message(f"annotator: error: {item.error.oneline()}")
            else:
                out.write(item.value)

How it runs:

* ``jobs`` 1 (or a single file, or ``-`` among the paths) works in this
  process; otherwise ``jobs`` worker processes are forked (``forkserver``
  where forking is unsafe: another thread running, or not Linux).  Each worker
  calls ``init`` once (load lexicons, compile rules), then takes chunks of
  paths from a queue.  Under ``fork`` the parent calls ``init`` first so the
  workers start warm.  A run in this process calls ``serial_init`` instead,
  when given (``check`` and ``annotate`` of one article: the lexicons only,
  as the article compiles what it needs anyway).
* At most a few chunks per worker are in flight; results that arrive early
  wait in a small buffer until their turn.  Memory therefore does not grow
  with the number of files, and each result is handed over (and can be
  written) as soon as everything before it is done.
* SIGINT and SIGTERM: workers ignore SIGINT (the parent decides); the parent
  notes the signal, stops at the next result boundary (so output already
  written ends with a complete line), terminates the workers and raises
  ``Interrupted`` (a KeyboardInterrupt).  A second signal interrupts at once.
* A worker that crashes with an unexpected exception (a bug, not an input
  error) or dies (killed, out of memory) stops the run with ``WorkerError``
  naming the file; the pool is terminated, never left hanging.
* The workers end when the process that started them dies, even by
  ``kill -9`` (no ``finally`` runs there): on Linux the kernel sends them
  SIGKILL (``prctl(PR_SET_PDEATHSIG)``), elsewhere a thread in each worker
  notices that its parent process changed.
* ``jobs`` is capped at the number of files and at ``MAX_JOBS_PER_CORE``
  times the number of cores: more processes than that only add memory
  (each holds the lexicons) and contention.
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs milliseconds at start-up; annotations only
    from collections.abc import Callable, Iterable, Iterator
    from typing import Any

    from .progress import Progress

# Imported by every command that takes --jobs, so at start-up: multiprocessing,
# threading and the progress bar are imported only when a batch runs.

#: with more files than this the default is one worker per core
FEW_FILES = 8
#: chunks in flight per worker
WINDOW_PER_WORKER = 4
MAX_CHUNK = 16
#: at most this many workers per core, whatever --jobs says
MAX_JOBS_PER_CORE = 4
_POLL_SECONDS = 0.2
#: how often a worker without PR_SET_PDEATHSIG looks whether its parent died
_PARENT_POLL_SECONDS = 0.5
#: prctl option: the signal the kernel sends when the parent dies (linux/prctl.h)
_PR_SET_PDEATHSIG = 1

_OK, _INPUT_ERROR, _CRASH = 0, 1, 2

_paused = False  # the collector is off for start_up() (and not by anyone else)


@contextmanager
def start_up():
    """``with start_up(): ...`` around a command's start-up: the cyclic garbage collector is
    paused while it loads what it keeps for the whole run (the modules, the engine, the
    lexicons, the analysis's patterns); collecting meanwhile only walks those objects again
    and again (~10M instructions, 3% of a one-file check). A Batch ends start-up once its
    ``init`` ran (:func:`_started`: those objects frozen, out of every later collection, and
    the collector on again); else the end of the block does. A collector already off is left so."""
    global _paused
    import gc

    if not gc.isenabled():
        yield
        return
    gc.disable()
    _paused = True
    try:
        yield
    finally:
        if _paused:
            _paused = False
            gc.enable()


def _started() -> None:
    """Start-up is over (``init`` ran, or there is none): what the process loaded lives until it
    ends. Frozen, the collector never walks it again (and under fork the workers never write to
    its pages doing so: they stay shared); the collector runs again if start_up() paused it."""
    global _paused
    import gc

    gc.freeze()
    if _paused:
        _paused = False
        gc.enable()


def _portable(e: BaseException) -> BaseException | None:
    """``e`` when it crosses a process boundary intact (it pickles and unpickles), else None."""
    import pickle

    try:
        return pickle.loads(pickle.dumps(e))
    except Exception:  # noqa: BLE001 - then the traceback alone
        return None


class Interrupted(KeyboardInterrupt):
    """Stopped by SIGINT or SIGTERM; ``signum`` says which."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


class WorkerError(RuntimeError):
    """A worker failed on something other than an input error."""


class Item:
    """One file's outcome: ``value`` from the work function, or ``error`` (an InputError)."""

    __slots__ = ("path", "value", "error")

    def __init__(self, path: str, value: Any, error: Exception | None):
        self.path = path
        self.value = value
        self.error = error

    def __repr__(self) -> str:
        return f"Item({self.path!r}, {self.value!r}, {self.error!r})"


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def resolve_jobs(jobs: int | None, n_files: int | None) -> int:
    """``None``: every core when there are more than a few files, else 1.
    ``0``: every core.  Never more workers than files, nor than
    ``MAX_JOBS_PER_CORE`` per core."""
    if jobs is None:
        jobs = cores() if n_files is None or n_files > FEW_FILES else 1
    elif jobs <= 0:
        jobs = cores()
    jobs = min(jobs, MAX_JOBS_PER_CORE * cores())
    if n_files is not None:
        jobs = min(jobs, max(n_files, 1))
    return max(jobs, 1)


def add_arguments(p) -> None:
    """The --jobs and --progress options, shared by the commands that take many files."""
    import argparse

    p.add_argument("--jobs", "-j", type=int, metavar="N",
                   help="worker processes (default: one per core when there are more than "
                        f"{FEW_FILES} files, else 1; 0 = one per core; at most one per file and "
                        f"{MAX_JOBS_PER_CORE} per core)")
    p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="show a progress bar on standard error (default: only on a terminal, not in CI, "
                        "and not when the results are printed to that terminal)")


def _start_method() -> str:
    import multiprocessing
    import threading

    methods = multiprocessing.get_all_start_methods()
    if sys.platform.startswith("linux") and "fork" in methods and threading.active_count() == 1:
        return "fork"
    if "forkserver" in methods:
        return "forkserver"
    return "spawn"


def _error_tuple(e) -> tuple:
    return (e.path, e.message, e.line, e.column)


def _run_one(work: Callable, path: str) -> tuple:
    from .readers import InputError

    try:
        return (_OK, work(path))
    except InputError as e:
        return (_INPUT_ERROR, _error_tuple(e))


def _die_with_parent(parent: int | None, lifeline) -> None:
    """End this worker when the process that started the batch dies.

    Without this a worker of a ``kill -9``'d command waits on the task queue
    for ever: it holds a write end of that queue's pipe itself, so no end of
    file ever comes.  Forked workers (``parent``: the command's pid) ask the
    kernel for SIGKILL when it dies (Linux) or watch their parent pid; the
    others (forkserver, spawn: their parent may be the fork server, which
    lives as long as they do) wait for the end of file of ``lifeline``, the
    read end of a pipe whose only write end the command holds."""
    if lifeline is not None:
        _watch_lifeline(lifeline)
        return
    if parent is None:
        return
    if sys.platform.startswith("linux"):
        import signal

        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            ok = libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0
        except (OSError, AttributeError, ImportError):
            ok = False
        if ok:
            if os.getppid() != parent:  # died before prctl took effect
                os._exit(1)
            return
    _watch_parent(parent)


def _in_thread(target) -> None:
    import threading

    threading.Thread(target=target, name="annotator-parent-watch", daemon=True).start()


def _watch_parent(parent: int, interval: float = _PARENT_POLL_SECONDS) -> None:
    """A daemon thread that ends the process once its parent process is no
    longer ``parent`` (an orphan is adopted by another)."""
    import time

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(interval)
        os._exit(1)

    _in_thread(watch)


def _watch_lifeline(conn) -> None:
    """A daemon thread that ends the process at the end of file of ``conn``
    (nothing is ever sent on it)."""
    def watch() -> None:
        try:
            conn.recv_bytes()
        except (EOFError, OSError):
            pass
        os._exit(1)

    _in_thread(watch)


def _worker(tasks, results, work: Callable, init: Callable | None, parent: int | None = None,
            lifeline=None) -> None:
    import signal

    # first thing: until these run, the worker has the parent's handler (a
    # signal to the group while it imported traceback raised Interrupted in
    # the worker, a traceback on stderr)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent(parent, lifeline)
    import traceback

    try:
        with start_up():
            if init is not None:
                init()
            _started()
    except BaseException as e:
        results.put((-1, [(_CRASH, ("<worker start-up>", traceback.format_exc(), _portable(e)))]))
        return
    while True:
        task = tasks.get()
        if task is None:
            break
        index, paths = task
        out = []
        for path in paths:
            try:
                out.append(_run_one(work, path))
            except BaseException as e:  # (an expected one, e.g. the CLI's UsageError, is raised as it is)
                out.append((_CRASH, (path, traceback.format_exc(), _portable(e))))
                break
        results.put((index, out))


def _chunks(paths: list[str], size: int) -> list[list[str]]:
    return [paths[i:i + size] for i in range(0, len(paths), size)]


class Batch:
    """Run ``work`` over paths; see the module docstring."""

    def __init__(
        self,
        work: Callable[[str], Any],
        *,
        jobs: int | None = None,
        init: Callable[[], Any] | None = None,
        serial_init: Callable[[], Any] | None = None,
        progress: bool | None = False,
        label: str = "",
        results_to_stdout: bool = False,
        chunksize: int | None = None,
        start_method: str | None = None,
        handle_signals: bool = True,
        expected: tuple[type[BaseException], ...] = (),
    ):
        self.work = work
        self.expected = expected  # errors of init or of the work that a worker hands back to be raised as they are
        self.jobs = jobs
        self.init = init
        # (what a run in this process calls instead of init: no workers to start warm)
        self.serial_init = serial_init or init
        self.progress_setting = progress
        self.label = label
        self.results_to_stdout = results_to_stdout
        self.chunksize = chunksize
        self.start_method = start_method
        self.handle_signals = handle_signals
        self.workers: list = []
        self._progress: Progress | None = None
        self._signal: int | None = None
        self._waiting = False  # in _parallel, blocked on the results queue
        self._saved_handlers: dict[int, Any] = {}
        self.used_jobs = 1
        self._lifeline = None  # the write end of the workers' lifeline (not under fork)

    # -- context ---------------------------------------------------------
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self) -> None:
        self._terminate()
        self._restore_signals()
        if self._progress is not None:
            self._progress.close()

    def message(self, text: str) -> None:
        """Print a line to standard error without tearing the progress bar;
        control characters in it (from a file name, say) are shown escaped."""
        from .display import escape

        text = escape(text)
        if self._progress is not None:
            self._progress.write(text)
        else:
            print(text, file=sys.stderr, flush=True)

    # -- signals ---------------------------------------------------------
    def _on_signal(self, signum, frame) -> None:
        first = self._signal is None
        self._signal = signum
        if not first or self._waiting:
            # the second one: stop now.  So too while waiting for a worker's
            # result: a worker killed by the same signal (a signal to the
            # group) in the middle of sending one leaves a torn message on
            # the pipe, and reading it would block for good (the parent
            # holds a write end, so no end of file comes); nothing is being
            # written out meanwhile, so stopping there loses nothing
            raise Interrupted(signum)

    def _install_signals(self) -> None:
        import signal
        import threading

        if not self.handle_signals or threading.current_thread() is not threading.main_thread():
            return
        for s in (signal.SIGINT, signal.SIGTERM):
            try:
                self._saved_handlers[s] = signal.signal(s, self._on_signal)
            except (ValueError, OSError):
                pass

    def _restore_signals(self) -> None:
        import signal

        for s, h in self._saved_handlers.items():
            try:
                signal.signal(s, h)
            except (ValueError, OSError, TypeError):
                pass
        self._saved_handlers.clear()

    def _check_signal(self) -> None:
        if self._signal is not None:
            signum = self._signal
            self._terminate()
            self._restore_signals()
            raise Interrupted(signum)

    # -- running ---------------------------------------------------------
    def run(self, paths: Iterable[str]) -> Iterator[Item]:
        """Yield an Item per path, in the order of ``paths``."""
        from .progress import Progress, wanted

        paths = list(paths)
        self.used_jobs = jobs = 1 if "-" in paths else resolve_jobs(self.jobs, len(paths))
        self._progress = Progress(
            len(paths), self.label,
            enabled=wanted(self.progress_setting, results_to_stdout=self.results_to_stdout),
        )
        self._install_signals()
        try:
            if jobs == 1:
                yield from self._serial(paths)
            else:
                yield from self._parallel(paths, jobs)
        finally:
            self.close()

    def _serial(self, paths: list[str]) -> Iterator[Item]:
        from .readers import InputError

        if self.serial_init is not None:
            self.serial_init()
        _started()
        progress = self._progress
        for path in paths:
            self._check_signal()
            try:
                item = Item(path, self.work(path), None)
            except InputError as e:
                item = Item(path, None, e)
            yield item
            progress.update()
        self._check_signal()

    def _parallel(self, paths: list[str], jobs: int) -> Iterator[Item]:
        import multiprocessing
        import queue

        from .readers import InputError

        method = self.start_method or _start_method()
        ctx = multiprocessing.get_context(method)
        if method == "fork" and self.init is not None:
            self.init()  # the workers inherit what it loaded
        _started()
        if method == "forkserver":
            ctx.set_forkserver_preload(["annotator.batch", "annotator.pipeline"])
        size = self.chunksize or max(1, min(MAX_CHUNK, len(paths) // (jobs * WINDOW_PER_WORKER * 2) or 1))
        chunks = _chunks(paths, size)
        tasks, results = ctx.Queue(), ctx.Queue()
        parent, lifeline = os.getpid(), None
        if method != "fork":  # (forked workers would inherit the write end)
            lifeline, self._lifeline = ctx.Pipe(duplex=False)
        for _ in range(jobs):
            p = ctx.Process(target=_worker, args=(tasks, results, self.work, self.init, parent, lifeline),
                            daemon=True)
            p.start()
            self.workers.append(p)
        if lifeline is not None:
            lifeline.close()
        window = jobs * WINDOW_PER_WORKER
        sent = 0
        while sent < len(chunks) and sent < window:
            tasks.put((sent, chunks[sent]))
            sent += 1
        waiting: dict[int, list] = {}
        progress = self._progress
        for index, chunk in enumerate(chunks):
            while index not in waiting:
                self._check_signal()
                self._waiting = True
                try:
                    got, out = results.get(timeout=_POLL_SECONDS)
                except queue.Empty:
                    self._check_workers()
                    continue
                finally:
                    self._waiting = False
                if out and out[-1][0] == _CRASH:
                    path, tb, *error = out[-1][1]
                    if error and isinstance(error[0], self.expected):
                        raise error[0]  # (a one-line error of init or of the work: as in serial runs and under fork)
                    from .display import escape

                    raise WorkerError(f"{escape(path)}: worker failed:\n{tb.rstrip()}")
                waiting[got] = out
            out = waiting.pop(index)
            if sent < len(chunks):
                tasks.put((sent, chunks[sent]))
                sent += 1
            for path, (status, value) in zip(chunk, out):
                if status == _OK:
                    yield Item(path, value, None)
                else:
                    yield Item(path, None, InputError(*value))
                progress.update()
                self._check_signal()
        for _ in self.workers:
            tasks.put(None)
        for p in self.workers:
            p.join(timeout=5)
        self._terminate()

    def _check_workers(self) -> None:
        # a signal to the whole process group (Ctrl-C, kill of the group) also
        # ends the workers: that is an interruption, not a worker failure
        self._check_signal()
        for p in self.workers:
            if p.exitcode is not None:
                how = f"signal {-p.exitcode}" if p.exitcode < 0 else f"exit code {p.exitcode}"
                raise WorkerError(f"a worker process died ({how}); stopping")

    def _terminate(self) -> None:
        workers, self.workers = self.workers, []
        for p in workers:
            if p.is_alive():
                p.terminate()
        for p in workers:
            p.join(timeout=5)
            if p.is_alive():  # pragma: no cover - a worker ignoring SIGTERM
                p.kill()
                p.join(timeout=1)
        if self._lifeline is not None:
            self._lifeline.close()
            self._lifeline = None
