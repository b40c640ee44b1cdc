"""Parallel batch: same output as one process, in input order, errors in place,
clean stops, and the progress bar."""

from __future__ import annotations

import io
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time

import pytest

from conftest import ROOT, run_cli
from gen_articles import write_corpus

from annotator import batch
from annotator.batch import Batch, Interrupted, WorkerError, resolve_jobs
from annotator.progress import Progress, wanted


# -- work functions (module level: the workers find them by name) -----------

def shout(path: str) -> str:
    from annotator.readers import InputError

    if path.endswith("bad"):
        raise InputError(path, "unreadable on purpose", 3, 7)
    # uneven durations, so that results arrive out of order
    time.sleep((hash(path) % 7) / 1000)
    return path.upper()


def explode(path: str) -> str:
    if path == "p5":
        raise ValueError("a bug, not an input error")
    return path


def die(path: str) -> str:
    if path == "p5":
        os._exit(9)
    return path


_initialised = []


def remember_init() -> None:
    _initialised.append(os.getpid())


def init_pid(path: str) -> tuple:
    return path, os.getpid(), list(_initialised)


class SetUpError(Exception):
    """An init's error that the caller reports in one line (check and annotate: UsageError)."""


def refuse_to_start() -> None:
    raise SetUpError("lexicons/attribution.yaml: missing list 'kickers'")


# -- the Batch API ----------------------------------------------------------

@pytest.mark.parametrize("method", ["fork", "forkserver"])
def test_results_come_back_in_input_order_with_errors_in_place(method):
    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"{method} not available here")
    paths = [f"p{i}" + ("bad" if i % 17 == 5 else "") for i in range(300)]
    with Batch(shout, jobs=2, start_method=method, chunksize=3) as b:
        items = list(b.run(paths))
        assert b.used_jobs == 2
    assert [it.path for it in items] == paths
    for it in items:
        if it.path.endswith("bad"):
            assert it.value is None
            assert it.error.oneline() == f"{it.path}:3:7: unreadable on purpose"
        else:
            assert it.error is None and it.value == it.path.upper()


def test_serial_and_parallel_agree():
    paths = [f"p{i}" for i in range(50)] + ["xbad"]
    serial = [(i.path, i.value, i.error and i.error.oneline()) for i in Batch(shout, jobs=1).run(paths)]
    parallel = [(i.path, i.value, i.error and i.error.oneline()) for i in Batch(shout, jobs=2).run(paths)]
    assert serial == parallel


def test_each_worker_runs_init_once():
    paths = [f"p{i}" for i in range(64)]
    with Batch(init_pid, jobs=2, init=remember_init, start_method="forkserver", chunksize=2) as b:
        items = list(b.run(paths))
    pids = {it.value[1] for it in items}
    assert os.getpid() not in pids
    for it in items:
        _, pid, inits = it.value
        assert inits == [pid]  # init ran once, in that worker


@pytest.mark.parametrize("method", ["fork", "forkserver", "spawn"])
def test_an_expected_error_of_init_is_raised_as_it_is_whatever_the_start_method(method):
    """Under fork the parent runs init (its error is raised in the parent); under spawn and
    forkserver each worker does: an error of a class the caller expects comes back as it is,
    so check and annotate say it in one line, exit 2 (a bug fixed: it was a WorkerError, a
    traceback, exit 1). Any other error of init is still a WorkerError with the traceback."""
    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"{method} not available here")
    paths = [f"p{i}" for i in range(8)]
    with pytest.raises(SetUpError, match="missing list 'kickers'"):
        list(Batch(shout, jobs=2, init=refuse_to_start, start_method=method, expected=(SetUpError,)).run(paths))
    if method != "fork":
        with pytest.raises(WorkerError, match="(?s)worker start-up.*SetUpError"):
            list(Batch(shout, jobs=2, init=refuse_to_start, start_method=method).run(paths))
    assert multiprocessing.active_children() == []


def test_a_bug_in_a_worker_stops_the_run_and_the_pool():
    with pytest.raises(WorkerError, match="p5: worker failed"):
        list(Batch(explode, jobs=2, chunksize=2).run([f"p{i}" for i in range(40)]))
    assert multiprocessing.active_children() == []


def test_a_dead_worker_is_noticed_not_waited_for():
    with pytest.raises(WorkerError, match="died"):
        list(Batch(die, jobs=2, chunksize=2).run([f"p{i}" for i in range(40)]))
    assert multiprocessing.active_children() == []


def test_stopping_early_terminates_the_workers():
    gen = Batch(shout, jobs=2, chunksize=2).run([f"p{i}" for i in range(200)])
    next(gen)
    gen.close()
    assert multiprocessing.active_children() == []


def test_a_signal_stops_at_a_result_boundary():
    b = Batch(shout, jobs=2, chunksize=2)
    got = []
    with pytest.raises(Interrupted) as e:
        for it in b.run([f"p{i}" for i in range(200)]):
            got.append(it.path)
            if len(got) == 10:
                os.kill(os.getpid(), signal.SIGTERM)
    assert e.value.signum == signal.SIGTERM and e.value.exit_code == 143
    assert got == [f"p{i}" for i in range(10)]
    assert multiprocessing.active_children() == []
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL  # handlers restored


def test_default_jobs():
    cores = batch.cores()
    assert resolve_jobs(None, 1) == 1
    assert resolve_jobs(None, batch.FEW_FILES) == 1
    assert resolve_jobs(None, 1000) == cores
    assert resolve_jobs(0, 1000) == cores
    assert resolve_jobs(8, 3) == 3
    assert resolve_jobs(3, 1000) == 3


# -- the annotate command -----------------------------------------------------

@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("articles")
    write_corpus(folder, 60)
    with open(folder / "section-1" / "0031-latin1.txt", "wb") as f:
        f.write('Caf\xe9 row\n\nThe owner said "no" to the plan.\n'.encode("latin-1"))
    with open(folder / "section-2" / "0032-empty.txt", "wb"):
        pass
    return str(folder)


def test_annotate_jobs_2_writes_what_jobs_1_writes(corpus):
    one = run_cli("annotate", "--format", "jsonl", "--jobs", "1", corpus)
    two = run_cli("annotate", "--format", "jsonl", "--jobs", "2", corpus)
    assert one.returncode == two.returncode == 3  # two unreadable inputs
    assert one.stdout == two.stdout
    assert one.stderr == two.stderr
    lines = one.stdout.splitlines()
    assert len(lines) == 60
    paths = [json.loads(line)["source"]["path"] for line in lines]
    assert paths == sorted(paths)
    errors = one.stderr.splitlines()
    assert len(errors) == 2
    assert "0031-latin1.txt" in errors[0] and "invalid utf-8" in errors[0]
    assert "0032-empty.txt" in errors[1] and "empty" in errors[1]


def test_annotate_json_array_is_streamed_unchanged(corpus):
    one = run_cli("annotate", "--jobs", "1", corpus)
    two = run_cli("annotate", "--jobs", "2", corpus)
    assert one.stdout == two.stdout
    docs = json.loads(two.stdout)
    assert len(docs) == 60
    assert two.stdout == json.dumps(docs, ensure_ascii=False, indent=2) + "\n"


def test_annotate_json_array_of_nothing(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    r = run_cli("annotate", "--jobs", "2", str(tmp_path))
    assert r.returncode == 3
    assert r.stdout == "[]\n"


def test_annotate_output_file_with_jobs(corpus, tmp_path):
    out = tmp_path / "out.jsonl"
    r = run_cli("annotate", "-f", "jsonl", "--jobs", "2", "-o", str(out), corpus)
    assert r.returncode == 3
    assert len(out.read_text(encoding="utf-8").splitlines()) == 60


@pytest.mark.parametrize("sig,buffered", [(signal.SIGINT, True), (signal.SIGTERM, False)])
def test_interrupted_run_stops_cleanly_with_complete_lines(tmp_path, sig, buffered):
    import threading

    write_corpus(tmp_path, 1500, subfolders=1)
    env = dict(os.environ)
    env["PYTHONPATH"] = ROOT + os.pathsep + env.get("PYTHONPATH", "")
    if buffered:
        env.pop("PYTHONUNBUFFERED", None)
    else:
        env["PYTHONUNBUFFERED"] = "1"
    p = subprocess.Popen(
        [sys.executable, "-m", "annotator", "annotate", "-f", "jsonl", "--jobs", "2", str(tmp_path)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT, start_new_session=True,
    )
    got = {}
    readers = [threading.Thread(target=lambda k=k, f=f: got.__setitem__(k, f.read()), daemon=True)
               for k, f in (("err", p.stderr),)]
    for t in readers:
        t.start()
    first = p.stdout.read(1)  # output has begun
    # like Ctrl-C on a terminal: the whole process group gets the signal
    os.killpg(p.pid, sig)
    out = first + p.stdout.read()
    p.wait(timeout=60)
    for t in readers:
        t.join(timeout=10)
    err = got["err"]
    assert p.returncode == 128 + sig, err.decode()
    assert b"Traceback" not in err, err.decode()
    assert b"interrupted" in err
    assert out.endswith(b"\n")
    lines = out.decode("utf-8").splitlines()
    assert 1 <= len(lines) < 1500
    for line in lines:
        json.loads(line)
    with pytest.raises(ProcessLookupError):  # no worker left behind in the group
        os.killpg(p.pid, 0)


def test_no_progress_bar_when_piped(corpus):
    r = run_cli("annotate", "-f", "jsonl", "--jobs", "2", corpus)
    assert "\r" not in r.stderr and "ETA" not in r.stderr


def test_progress_forced_on_draws_and_erases(corpus, tmp_path):
    r = run_cli("annotate", "-f", "jsonl", "--progress", "-o", str(tmp_path / "o.jsonl"), corpus)
    assert r.returncode == 3
    # two error messages, and the bar (if it got drawn at all in a fast run) is erased
    assert r.stderr.count("annotator: error:") == 2


# -- the progress bar ---------------------------------------------------------

class FakeTTY(io.StringIO):
    def isatty(self):
        return True


def test_progress_shown_only_on_a_terminal_outside_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    assert wanted(None, FakeTTY()) is True
    assert wanted(None, io.StringIO()) is False
    assert wanted(True, io.StringIO()) is True
    assert wanted(False, FakeTTY()) is False
    monkeypatch.setenv("CI", "true")
    assert wanted(None, FakeTTY()) is False


def test_progress_line_has_count_rate_and_eta(monkeypatch):
    stream = FakeTTY()
    p = Progress(200, "annotate", stream=stream)
    p.start -= 10.0  # as if it began ten seconds ago
    p.count = 50
    line = p.line()
    p._next_draw = 0.0
    assert "annotate" in line and "50/200" in line and "25%" in line
    assert "5.0 files/s" in line and "ETA 0:30" in line
    p.update()
    assert stream.getvalue().startswith("\r")
    p.write("annotator: error: x")
    p.close()
    assert stream.getvalue().endswith("\r\x1b[K")
    assert "annotator: error: x\n" in stream.getvalue()


def test_disabled_progress_writes_nothing():
    stream = FakeTTY()
    p = Progress(10, enabled=False, stream=stream)
    for _ in range(10):
        p.update()
    p.close()
    assert stream.getvalue() == ""


# -- the check command --------------------------------------------------------

@pytest.mark.parametrize("fmt", ["text", "json", "jsonl"])
def test_check_jobs_2_writes_what_jobs_1_writes(corpus, fmt):
    # a fixed hash seed: the comparison is about the batch, not about set order in the analysis
    env = {"PYTHONHASHSEED": "0"}
    one = run_cli("check", "--format", fmt, "--fail-on", "never", "--jobs", "1", corpus, env=env)
    two = run_cli("check", "--format", fmt, "--fail-on", "never", "--jobs", "2", corpus, env=env)
    assert one.returncode == two.returncode == 3, one.stderr
    assert one.stdout == two.stdout
    assert one.stderr == two.stderr
    assert one.stderr.count("annotator: error:") == 2
    if fmt == "json":
        assert len(json.loads(two.stdout)) == 60


def test_a_signal_while_a_result_read_blocks_stops_the_run(monkeypatch):
    # a worker killed by a signal to the group in the middle of sending its
    # result leaves a torn message: the parent's read of it never returns.
    # Simulated here: in the parent, every read of the results queue blocks
    # until released (by the test, long after the signal)
    import threading
    from multiprocessing import queues

    parent = os.getpid()
    released = threading.Event()
    returned = []
    real_get = queues.Queue.get

    def torn_get(self, *args, **kwargs):
        if os.getpid() != parent:
            return real_get(self, *args, **kwargs)
        released.wait(30)
        returned.append(True)
        return real_get(self, *args, **kwargs)

    monkeypatch.setattr(queues.Queue, "get", torn_get)
    threading.Timer(0.5, os.kill, (parent, signal.SIGTERM)).start()
    try:
        with pytest.raises(Interrupted) as e:
            list(Batch(shout, jobs=2, chunksize=2, start_method="forkserver").run([f"p{i}" for i in range(20)]))
    finally:
        released.set()
    assert e.value.signum == signal.SIGTERM
    assert returned == []  # the blocked read was given up, not waited out
    assert multiprocessing.active_children() == []
