"""Batch runs under hostile conditions: a command killed outright (``kill -9``)
loses no finished line and leaves no worker behind, ``--resume`` matches
articles however their paths are spelt, ``--jobs`` is capped, and JSONL
shards for Dask obey the article size limit (a gzip bomb is cut off)."""

from __future__ import annotations

import gzip
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time

import pytest
from conftest import ROOT, run_cli

from annotator import batch
from annotator.batch import resolve_jobs

linux_only = pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="reads the process table from /proc")


def corpus(tmp_path, n, name="news"):
    d = tmp_path / name
    d.mkdir()
    for i in range(n):
        (d / f"a{i:04d}.txt").write_text(
            f"Story {i}\n\n\"We will not back down,\" the minister said on day {i}.\n\n"
            + "The council met and agreed the budget after a long debate. " * 40 + "\n", encoding="utf-8")
    return d


def alive(pid: int) -> bool:
    """Running (a zombie waiting for a parent that does not reap counts as ended)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as f:
            state = f.read().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False
    return state not in ("Z", "X")


def descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    found: set[int] = set()
    todo = [pid]
    while todo:
        for c in children.get(todo.pop(), []):
            if c not in found:
                found.add(c)
                todo.append(c)
    return found


def wait_until(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def start(args, cwd):
    env = dict(os.environ)
    env["PYTHONPATH"] = ROOT + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    if args[0] != "-c":
        args = ["-m", "annotator", *args]
    return subprocess.Popen([sys.executable, "-P", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env, cwd=cwd, start_new_session=True)


def jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


# -- kill -9 ------------------------------------------------------------------------

@linux_only
@pytest.mark.parametrize("jobs, fmt", [("2", ()), ("1", ("--format", "jsonl"))])
def test_kill_9_keeps_every_finished_line_and_resume_goes_on_from_there(tmp_path, jobs, fmt):
    n = 300
    d = corpus(tmp_path, n)
    whole = run_cli("annotate", "--format", "jsonl", str(d))
    assert whole.returncode == 0, whole.stderr
    out = tmp_path / "out.jsonl"
    out.write_text("the previous output\n", encoding="utf-8")
    journal = tmp_path / ".out.jsonl.partial"

    p = start(["annotate", str(d), *fmt, "-o", str(out), "--jobs", jobs], ROOT)
    workers: set[int] = set()
    try:
        assert wait_until(lambda: journal.exists() and journal.stat().st_size > 20_000, 60), p.stderr.read1()
        workers = descendants(p.pid)
        assert len(workers) >= (2 if jobs == "2" else 0)
        os.kill(p.pid, signal.SIGKILL)  # the command only, not its process group
        p.wait(timeout=30)
        # the workers notice and end at once (they would wait on the task queue for ever)
        assert wait_until(lambda: not any(alive(w) for w in workers), 10), \
            [w for w in workers if alive(w)]
    finally:
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGKILL)
        for w in workers:  # a failed test leaves no orphan holding the pipes open
            if alive(w):
                os.kill(w, signal.SIGKILL)
        p.communicate()
    assert out.read_text(encoding="utf-8") == "the previous output\n"  # untouched: the run did not finish

    raw = journal.read_bytes()
    complete = raw[: raw.rfind(b"\n") + 1]
    kept = jsonl(complete.decode("utf-8"))
    assert 1 <= len(kept) < n
    assert kept == jsonl(whole.stdout)[: len(kept)]  # each line as a whole run writes it, in order
    for doc in kept:  # an article read again now would be an error: resume must not read it
        with open(doc["source"]["path"], "w", encoding="utf-8"):
            pass

    r = run_cli("annotate", str(d), *fmt, "-o", str(out), "--resume", "--jobs", jobs)
    assert r.returncode == 0, r.stderr
    assert out.read_text(encoding="utf-8") == whole.stdout
    assert not journal.exists()


def test_a_signal_renames_the_journal_over_the_output(tmp_path):
    """SIGTERM (as before): the complete lines replace the output; no journal is left."""
    d = corpus(tmp_path, 300)
    out = tmp_path / "out.jsonl"
    p = start(["annotate", str(d), "-o", str(out), "--jobs", "1"], ROOT)
    journal = tmp_path / ".out.jsonl.partial"
    try:
        assert wait_until(lambda: journal.exists() and journal.stat().st_size > 20_000, 60)
        os.killpg(p.pid, signal.SIGTERM)
        _, err = p.communicate(timeout=60)
    finally:
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGKILL)
            p.communicate()
    assert p.returncode == 128 + signal.SIGTERM, err
    assert not journal.exists()
    lines = jsonl(out.read_text(encoding="utf-8"))
    assert 1 <= len(lines) < 300


BATCH_SCRIPT = """
import sys
from functools import partial
from annotator.batch import Batch
from annotator.pipeline import annotate_json, discover, warm
paths = list(discover([sys.argv[2]], []))
work = partial(annotate_json, style="line")
with Batch(work, jobs=2, init=warm, start_method=sys.argv[1]) as b:
    for item in b.run(paths):
        print(item.path, flush=True)
"""


@linux_only
@pytest.mark.parametrize("method", ["fork", "forkserver", "spawn"])
def test_workers_end_with_their_killed_parent_under_every_start_method(tmp_path, method):
    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"no {method} here")
    d = corpus(tmp_path, 300)
    p = start(["-c", BATCH_SCRIPT, method, str(d)], ROOT)
    workers: set[int] = set()
    try:
        assert p.stdout.readline(), p.stderr.read1()  # work under way
        workers = descendants(p.pid)
        assert len(workers) >= 2
        os.kill(p.pid, signal.SIGKILL)
        p.wait(timeout=30)
        assert wait_until(lambda: not any(alive(w) for w in workers), 10), [w for w in workers if alive(w)]
    finally:
        for w in workers:
            if alive(w):
                os.kill(w, signal.SIGKILL)
        p.communicate()


def _orphan(conn, interval):
    """A grandchild of the test that runs the portable parent watch."""
    pid = os.fork()
    if pid == 0:
        batch._watch_parent(os.getppid(), interval)
        time.sleep(60)
        os._exit(0)
    conn.send(pid)
    time.sleep(60)


@linux_only
def test_the_portable_parent_watch_ends_an_orphaned_worker():
    ctx = multiprocessing.get_context("fork")
    here, there = ctx.Pipe()
    middle = ctx.Process(target=_orphan, args=(there, 0.05))
    middle.start()
    grandchild = here.recv()
    assert alive(grandchild)
    time.sleep(0.3)
    assert alive(grandchild)  # the watch does nothing while the parent lives
    os.kill(middle.pid, signal.SIGKILL)
    middle.join()
    assert wait_until(lambda: not alive(grandchild), 5)


def test_a_second_run_on_the_same_output_is_refused(tmp_path):
    fcntl = pytest.importorskip("fcntl")
    d = corpus(tmp_path, 2)
    out = tmp_path / "out.jsonl"
    with open(tmp_path / ".out.jsonl.partial", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as a run in progress holds it
        r = run_cli("annotate", str(d), "-o", str(out))
    assert r.returncode == 2
    assert r.stderr.startswith(f"annotator: error: {out} is being written by another run"), r.stderr
    assert not out.exists()


def test_an_unwritable_output_is_one_line(tmp_path):
    d = corpus(tmp_path, 1)
    r = run_cli("annotate", str(d), "-o", str(tmp_path / "missing" / "out.jsonl"))
    assert r.returncode == 2
    assert r.stderr.strip() == f"annotator: error: cannot write {tmp_path / 'missing' / 'out.jsonl'}: " \
                               "No such file or directory"


def test_format_follows_the_output_name(tmp_path):
    d = corpus(tmp_path, 3)
    for name in ("out.jsonl", "out.NDJSON"):
        r = run_cli("annotate", str(d), "-o", str(tmp_path / name))
        assert r.returncode == 0, r.stderr
        assert len(jsonl((tmp_path / name).read_text(encoding="utf-8"))) == 3
    r = run_cli("annotate", str(d), "-o", str(tmp_path / "out.json"))
    assert isinstance(json.loads((tmp_path / "out.json").read_text(encoding="utf-8")), list)


# -- --resume and path spellings ------------------------------------------------------

@pytest.mark.parametrize("first, again", [
    ("news", "./news"), ("./news", "news/"), ("news", "ABS"), ("ABS/", "news"), ("news//", "./news/../news"),
])
def test_resume_knows_an_article_however_its_path_is_spelt(tmp_path, first, again):
    n = 6
    d = corpus(tmp_path, n)
    spell = {"ABS": str(d), "ABS/": str(d) + "/"}
    whole = run_cli("annotate", "--format", "jsonl", spell.get(first, first), cwd=str(tmp_path))
    assert whole.returncode == 0, whole.stderr
    out = tmp_path / "out.jsonl"
    out.write_text("".join(whole.stdout.splitlines(keepends=True)[:4]), encoding="utf-8")  # an interrupted run
    r = run_cli("annotate", spell.get(again, again), "-f", "jsonl", "-o", "out.jsonl", "--resume", cwd=str(tmp_path))
    assert r.returncode == 0, r.stderr
    docs = jsonl(out.read_text(encoding="utf-8"))
    real = [os.path.realpath(tmp_path / doc["source"]["path"]) for doc in docs]
    assert sorted(real) == sorted(os.path.realpath(p) for p in d.iterdir())  # each once
    assert docs[:4] == jsonl(whole.stdout)[:4]


def test_resume_takes_the_journal_over_the_output(tmp_path):
    """After a kill -9 the journal holds the latest run; the output is an older one."""
    d = corpus(tmp_path, 5)
    whole = run_cli("annotate", "--format", "jsonl", str(d))
    lines = whole.stdout.splitlines(keepends=True)
    out = tmp_path / "out.jsonl"
    out.write_text("".join(lines), encoding="utf-8")  # an older, finished run
    (tmp_path / ".out.jsonl.partial").write_text(lines[0] + lines[1][:30], encoding="utf-8")
    (d / "a0003.txt").write_text("Changed\n\n\"Now,\" she said.\n", encoding="utf-8")
    r = run_cli("annotate", str(d), "-o", str(out), "--resume")
    assert r.returncode == 0, r.stderr
    got = out.read_text(encoding="utf-8").splitlines(keepends=True)
    assert got[:3] == lines[:3] and got[4] == lines[4]
    assert json.loads(got[3])["headline"]["text"] == "Changed"  # annotated again, not taken from the old output
    assert not (tmp_path / ".out.jsonl.partial").exists()


def test_resume_of_a_fifo_is_refused(tmp_path):
    # (a FIFO of its own, not /dev/null: a broken writer run as root would replace that for everyone)
    d = corpus(tmp_path, 1)
    fifo = tmp_path / "fifo.jsonl"
    os.mkfifo(fifo)
    r = run_cli("annotate", str(d), "-o", str(fifo), "--resume")
    assert r.returncode == 2
    assert r.stderr.strip() == f"annotator: error: --resume needs a regular file; {fifo} is not one"
    assert fifo.is_fifo()


# -- --jobs -----------------------------------------------------------------------------

def test_jobs_is_capped_at_a_few_per_core():
    cap = batch.MAX_JOBS_PER_CORE * batch.cores()
    assert resolve_jobs(10**6, 10**6) == cap
    assert resolve_jobs(10**6, None) == cap
    assert resolve_jobs(cap - 1, 10**6) == cap - 1
    assert resolve_jobs(10**6, 3) == 3


# -- Dask JSONL shards: the size limits --------------------------------------------------

def _annotate_shard(tmp_path, shard):
    """One JSONL partition, annotated here as a Dask worker would: (documents, errors)."""
    pytest.importorskip("fsspec")
    from annotator.distributed import Partition, annotate_partition

    out = tmp_path / "parts"
    out.mkdir(exist_ok=True)
    r = annotate_partition(Partition(0, "jsonl", [str(shard)]), str(out))
    docs = jsonl((out / r["part"]).read_text(encoding="utf-8"))
    assert r["error_count"] == len(r["errors"])
    return docs, [(line, message) for _, message, line, _ in r["errors"]]


def _record(**obj) -> bytes:
    return json.dumps(obj, ensure_ascii=False).encode("utf-8") + b"\n"


ARTICLE = 'Small story\n\n"It works," she said.\n'


def test_a_shard_line_obeys_the_article_size_limit(tmp_path, monkeypatch):
    from annotator import distributed, readers

    monkeypatch.setattr(readers, "MAX_BYTES", 2000)
    monkeypatch.setattr(distributed, "MAX_LINE_BYTES", 4000)
    shard = tmp_path / "shard.jsonl"
    long = _record(headline="Long", body="The budget was agreed. " * 90)  # a 2,102-byte line
    shard.write_bytes(
        _record(path="a.txt", text=ARTICLE)
        + _record(path="big.txt", text="Big\n\n" + "The budget was agreed. " * 100)  # 2,305 bytes of text
        + _record(path="wide.txt", text="Wide\n\n" + "\u00e9" * 1200)  # 1,206 characters, 2,406 bytes
        + long
        + _record(path="huge.txt", text="x" * 5000)  # longer than a line may be
        + _record(path="b.txt", text=ARTICLE)
    )
    docs, errors = _annotate_shard(tmp_path, shard)
    assert [d["source"]["path"] for d in docs] == ["a.txt", "b.txt"]
    assert errors == [
        (2, "article too large (its text is more than the limit of 2000 bytes)"),
        (3, "article too large (its text is more than the limit of 2000 bytes)"),
        (4, f"article too large ({len(long) - 1} bytes; the limit is 2000 bytes)"),
        (5, "line too long (more than 4000 bytes); skipped"),
    ]


def _gzip_bomb(path, head: bytes, zeros: int, line: bytes = b"") -> None:
    """``head``, then ``zeros`` MB of NUL bytes (no newline: one endless line), or
    else ``line`` repeated to that size."""
    import zlib

    c = zlib.compressobj(6, zlib.DEFLATED, 31)  # gzip
    block = b"\0" * (1 << 20) if not line else line * max(1, (1 << 20) // len(line))
    with open(path, "wb") as f:
        f.write(c.compress(head))
        f.writelines(c.compress(block) for _ in range(zeros))
        f.write(c.flush())


def test_a_gzip_bomb_is_cut_off_without_being_held_in_memory(tmp_path):
    import tracemalloc

    from annotator import distributed

    shard = tmp_path / "bomb.jsonl.gz"
    _gzip_bomb(shard, _record(path="a.txt", text=ARTICLE) + b'{"path": "b.txt", "text": "', 256)
    assert shard.stat().st_size < 1_000_000  # 256 MB in one line, compressed
    tracemalloc.start()
    try:
        started = time.monotonic()
        docs, errors = _annotate_shard(tmp_path, shard)
        took = time.monotonic() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [d["source"]["path"] for d in docs] == ["a.txt"]
    assert errors == [(2, (f"decompresses to more than {distributed.MAX_EXPANSION} times its size "
                           "(a compression bomb?); the rest of the shard is skipped"))]
    assert peak < 3 * distributed.MAX_LINE_BYTES, peak  # a line at most, never the 256 MB
    assert took < 60


def test_many_small_lines_of_a_bomb_are_cut_off_too(tmp_path, monkeypatch):
    pytest.importorskip("fsspec")
    from annotator import distributed

    monkeypatch.setattr(distributed, "EXPANSION_FLOOR", 4 << 20)
    shard = tmp_path / "lines.jsonl.gz"
    _gzip_bomb(shard, b"", 64, line=_record(text="a" * 1000))
    with distributed._ShardLines(str(shard)) as lines:
        got = list(lines)
    *ok, (n, last) = got
    assert all(isinstance(raw, bytes) for _, raw in ok)
    assert 4000 < len(ok) < 8000  # cut off after a little more than the 4 MB floor, not at 64 MB
    assert n == len(ok) + 1 and "compression bomb" in last.message


def test_an_endless_line_is_given_up_after_a_bound(tmp_path, monkeypatch):
    """Uncompressed (no expansion to measure): the end of an overlong line is
    looked for only so far, then the rest of the shard is dropped."""
    pytest.importorskip("fsspec")
    from annotator import distributed

    monkeypatch.setattr(distributed, "MAX_LINE_BYTES", 1000)
    monkeypatch.setattr(distributed, "MAX_SKIP_BYTES", 4 << 20)
    shard = tmp_path / "endless.jsonl"
    with open(shard, "wb") as f:
        f.write(_record(path="a.txt", text=ARTICLE) + b"x" * (16 << 20) + b"\n" + _record(path="b.txt", text=ARTICLE))
    docs, errors = _annotate_shard(tmp_path, shard)
    assert [d["source"]["path"] for d in docs] == ["a.txt"]
    assert len(errors) == 1 and errors[0][0] == 2
    assert errors[0][1].endswith("bytes and still no end; the rest of the shard is skipped")


def test_a_cut_gzip_shard_is_an_error_of_that_shard(tmp_path):
    shard = tmp_path / "cut.jsonl.gz"
    shard.write_bytes(gzip.compress(_record(path="a.txt", text=ARTICLE) * 3)[:-30])
    docs, errors = _annotate_shard(tmp_path, shard)
    assert len(errors) == 1 and errors[0][1].startswith("cannot read further: "), errors
    assert all(d["source"]["path"] == "a.txt" for d in docs)


def test_a_file_url_obeys_the_size_limit(tmp_path, monkeypatch):
    pytest.importorskip("fsspec")
    from annotator import readers
    from annotator.distributed import Partition, annotate_partition

    monkeypatch.setattr(readers, "MAX_BYTES", 1000)
    big = tmp_path / "big.txt"
    big.write_text("Big\n\n" + "The budget was agreed. " * 100, encoding="utf-8")
    (tmp_path / "parts").mkdir()
    r = annotate_partition(Partition(0, "files", [f"file://{big}"]), str(tmp_path / "parts"))
    assert r["documents"] == 0
    assert r["errors"] == [[f"file://{big}", "file too large (2305 bytes; the limit is 1000 bytes)", None, None]]


def test_a_shard_that_cannot_be_decompressed_here_says_so(tmp_path):
    pytest.importorskip("fsspec")
    from fsspec.utils import infer_compression

    if infer_compression("x.zst"):
        pytest.skip("zstandard is installed here")
    shard = tmp_path / "s.jsonl.zst"
    shard.write_bytes(b"(\xb5/\xfd not really zstd")
    docs, errors = _annotate_shard(tmp_path, shard)
    assert docs == []
    assert errors == [(None, "cannot decompress .zst: its module is not installed (zstandard for .zst)")]


def test_a_journal_outlives_a_failure_only_when_it_holds_something(tmp_path):
    from annotator.outputs import journal_path, journaled_writer

    target = tmp_path / "out.jsonl"
    target.write_text("old\n", encoding="utf-8")
    with pytest.raises(RuntimeError), journaled_writer(str(target)):
        raise RuntimeError("a bug before anything was written")
    assert not os.path.exists(journal_path(str(target)))
    with pytest.raises(RuntimeError), journaled_writer(str(target)) as f:
        f.write('{"a": 1}\n')
        raise RuntimeError("a bug after a line")
    with open(journal_path(str(target)), encoding="utf-8") as j:
        assert j.read() == '{"a": 1}\n'  # for --resume
    assert target.read_text(encoding="utf-8") == "old\n"
    with journaled_writer(str(target), (journal_path(str(target)), 9)) as f:
        f.write('{"a": 2}\n')
    assert target.read_text(encoding="utf-8") == '{"a": 1}\n{"a": 2}\n'
    assert not os.path.exists(journal_path(str(target)))


def test_a_journal_planted_as_a_symlink_is_not_followed(tmp_path):
    d = corpus(tmp_path, 1)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    (tmp_path / ".out.jsonl.partial").symlink_to(victim)
    for extra in ((), ("--resume",)):
        r = run_cli("annotate", str(d), "-o", str(tmp_path / "out.jsonl"), *extra)
        assert r.returncode == 2, r.stderr
        assert r.stderr.count("\n") == 1 and "Too many levels of symbolic links" in r.stderr, r.stderr
    assert victim.read_text(encoding="utf-8") == "precious\n"
    assert not (tmp_path / "out.jsonl").exists()
