"""Hostile output targets: ``--output``/``-o`` (check, annotate, report) and
``--write-baseline`` write atomically only over regular files; a device, a
FIFO, a symbolic link to one or a file descriptor (``/proc/self/fd/N``) is
written in place, never replaced; a folder, a missing folder, a block device,
a full disk or an output naming an input is one line on standard error and
exit 2 (never a traceback, never 1, which means findings).

Device nodes are made with mknod in the test's own folder (as root; the tests
skip otherwise): a failing fix must never replace the system's /dev/null or
/dev/full."""

import os
import resource
import stat
import subprocess
import sys
import threading

import pytest

from conftest import ROOT, SEED, cache_outside, run_cli

ARTICLE = ('Minister resigns\n\n"We will not back down," the minister said on Tuesday. '
           'Critics claimed it was a disaster.\n')


def article(tmp_path, name="a.txt"):
    p = tmp_path / name
    p.write_text(ARTICLE, encoding="utf-8")
    return p


def node(tmp_path, name: str, major: int, minor: int, kind=stat.S_IFCHR):
    """A device node in tmp_path (1,3 is /dev/null, 1,7 /dev/full)."""
    p = tmp_path / name
    try:
        os.mknod(p, kind | 0o666, os.makedev(major, minor))
    except (PermissionError, AttributeError):
        pytest.skip("making device nodes needs root")
    return p


def usage_error(r, *words) -> str:
    assert r.returncode == 2, (r.returncode, r.stdout[-300:], r.stderr)
    assert "Traceback" not in r.stderr, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("annotator: error: "), r.stderr
    for w in words:
        assert w in lines[0], (w, lines[0])
    return lines[0]


def commands(a, out):
    """The four ways of writing an output, each with FILE as that output."""
    return {
        "check": ("check", str(a), "-o", str(out)),
        "check-json": ("check", str(a), "-f", "json", "--output", str(out)),
        "annotate": ("annotate", str(a), "-o", str(out)),
        "report": ("report", str(a), "-o", str(out)),
        "write-baseline": ("check", str(a), "--write-baseline", str(out)),
    }


WAYS = ["check", "check-json", "annotate", "report", "write-baseline"]


# ---- devices, FIFOs, descriptors: written in place ---------------------------------------------

@pytest.mark.parametrize("way", WAYS)
def test_a_device_is_written_not_replaced(tmp_path, way):
    a = article(tmp_path)
    null = node(tmp_path, "fd-null", 1, 3)
    r = run_cli(*commands(a, null)[way])
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    st = os.lstat(null)
    assert stat.S_ISCHR(st.st_mode) and st.st_rdev == os.makedev(1, 3)
    assert not [n for n in os.listdir(tmp_path) if n.endswith(".tmp") or n.endswith(".lock")]


def test_a_symlink_to_a_device_stays_a_symlink_to_it(tmp_path):
    a = article(tmp_path)
    null = node(tmp_path, "fd-null", 1, 3)
    link = tmp_path / "out.txt"
    link.symlink_to(null)
    r = run_cli("check", str(a), "-o", str(link))
    assert r.returncode == 0, r.stderr
    assert os.path.islink(link) and os.readlink(link) == str(null)
    assert stat.S_ISCHR(os.lstat(null).st_mode)


@pytest.mark.parametrize("way", WAYS)
def test_a_full_device_is_a_one_line_error(tmp_path, way):
    a = article(tmp_path)
    full = node(tmp_path, "full", 1, 7)
    r = run_cli(*commands(a, full)[way])
    usage_error(r, str(full), "No space left on device")
    assert stat.S_ISCHR(os.lstat(full).st_mode)


def test_standard_output_on_a_full_device_is_a_one_line_error(tmp_path):
    a = article(tmp_path)
    full = node(tmp_path, "full", 1, 7)
    with open(full, "w") as out:
        r = subprocess.run([sys.executable, "-P", "-m", "annotator", "check", str(a)], stdout=out,
                           stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": ROOT})
    usage_error(r, "standard output", "No space left on device")


def test_a_fifo_is_written_in_place(tmp_path):
    a = article(tmp_path)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got = []

    def read():
        with open(fifo, encoding="utf-8") as f:
            got.append(f.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    r = run_cli("check", str(a), "-o", str(fifo))
    reader.join(30)
    assert r.returncode == 0, r.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert got and "1 file" in got[0] and "Found" in got[0]


@pytest.mark.parametrize("target", ["/proc/self/fd/1", "/dev/stdout", "/dev/fd/1"])
def test_a_file_descriptor_is_written_in_place(tmp_path, target):
    """-o /dev/stdout with stdout appended to a file: the file keeps what it
    had and gets the report after it; it is neither truncated nor replaced."""
    if not os.path.exists(target):
        pytest.skip(f"no {target} here")
    a = article(tmp_path)
    log = tmp_path / "log.txt"
    log.write_text("before\n", encoding="utf-8")
    ino = os.stat(log).st_ino
    with open(log, "a") as out:
        r = subprocess.run([sys.executable, "-P", "-m", "annotator", "check", str(a), "-o", target], stdout=out,
                           stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": ROOT})
    assert r.returncode == 0, r.stderr
    text = log.read_text(encoding="utf-8")
    assert text.startswith("before\n") and "Found" in text
    assert os.stat(log).st_ino == ino


def test_a_block_device_is_refused(tmp_path):
    a = article(tmp_path)
    blk = node(tmp_path, "blk", 7, 0, stat.S_IFBLK)  # a loop device's node; never opened
    usage_error(run_cli("check", str(a), "-o", str(blk)), str(blk), "block device")
    assert stat.S_ISBLK(os.lstat(blk).st_mode)


# ---- refused targets ---------------------------------------------------------------------------

@pytest.mark.parametrize("way", WAYS)
def test_a_missing_folder_is_a_one_line_error(tmp_path, way):
    a = article(tmp_path)
    out = tmp_path / "no" / "such" / "out.txt"
    usage_error(run_cli(*commands(a, out)[way]), str(out), "no such folder")


@pytest.mark.parametrize("way", WAYS)
def test_a_folder_as_target_is_a_one_line_error(tmp_path, way):
    a = article(tmp_path)
    d = tmp_path / "reports"
    d.mkdir()
    usage_error(run_cli(*commands(a, d)[way]), str(d), "is a folder")
    assert os.listdir(d) == []
    assert not [n for n in os.listdir(tmp_path) if n.startswith(".")]


@pytest.mark.parametrize("way", ["check", "check-json", "annotate", "report", "write-baseline"])
def test_an_output_naming_an_input_is_refused(tmp_path, way):
    a = article(tmp_path)
    usage_error(run_cli(*commands(a, a)[way]), str(a), "input" if way != "write-baseline" else "article")
    assert a.read_text(encoding="utf-8") == ARTICLE


def test_an_output_naming_an_article_of_a_checked_folder_is_refused(tmp_path):
    article(tmp_path, "a.txt")
    b = article(tmp_path, "b.txt")
    usage_error(run_cli("check", str(tmp_path), "-o", str(b)), str(b), "one of the inputs")
    assert b.read_text(encoding="utf-8") == ARTICLE


def test_an_output_over_the_baseline_is_refused(tmp_path):
    a = article(tmp_path)
    bl = tmp_path / "bl.json"
    assert run_cli("check", str(a), "--write-baseline", str(bl)).returncode == 0
    before = bl.read_text(encoding="utf-8")
    usage_error(run_cli("check", str(a), "--baseline", str(bl), "-o", str(bl)), str(bl))
    assert bl.read_text(encoding="utf-8") == before
    new = tmp_path / "new.json"
    usage_error(run_cli("check", str(a), "--write-baseline", str(new), "-o", str(new)), str(new))


def test_a_full_disk_keeps_the_previous_file(tmp_path):
    """RLIMIT_FSIZE makes writing past 1 KB fail as a full disk would (EFBIG;
    Python ignores SIGXFSZ): the previous output stays, no temporary file."""
    a = article(tmp_path)
    out = tmp_path / "out.json"
    out.write_text("previous\n", encoding="utf-8")

    def small_disk():
        resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024))

    env = {**os.environ, "PYTHONPATH": ROOT, "ANNOTATOR_CACHE_DIR": cache_outside(tmp_path)}
    r = subprocess.run([sys.executable, "-P", "-m", "annotator", "annotate", str(a), "-o", str(out)],
                       capture_output=True, text=True, env=env, preexec_fn=small_disk)
    usage_error(r, str(out), "cannot write")
    assert out.read_text(encoding="utf-8") == "previous\n"
    assert sorted(os.listdir(tmp_path)) == ["a.txt", "cache", "out.json"] or \
        sorted(os.listdir(tmp_path)) == ["a.txt", "out.json"]


# ---- permissions --------------------------------------------------------------------------------

@pytest.mark.parametrize("umask, mode", [(0o077, 0o600), (0o002, 0o664), (0o022, 0o644)])
@pytest.mark.parametrize("way", ["check", "write-baseline"])
def test_new_files_respect_the_umask(tmp_path, umask, mode, way):
    a = article(tmp_path)
    out = tmp_path / "out.txt"
    argv = [sys.executable, "-P", "-m", "annotator", *commands(a, out)[way]]
    r = subprocess.run(argv, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": ROOT},
                       preexec_fn=lambda: os.umask(umask))
    assert r.returncode == 0, r.stderr
    assert stat.S_IMODE(os.stat(out).st_mode) == mode


def test_an_existing_file_keeps_its_mode(tmp_path):
    a = article(tmp_path)
    out = tmp_path / "out.txt"
    out.write_text("old\n", encoding="utf-8")
    os.chmod(out, 0o640)
    r = run_cli("check", str(a), "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o640 and "Found" in out.read_text(encoding="utf-8")


def test_a_symlink_to_a_file_is_replaced_not_written_through(tmp_path):
    """A checkout can plant out.txt -> a file elsewhere; -o out.txt replaces the
    link and leaves that file alone."""
    a = article(tmp_path)
    elsewhere = tmp_path / "elsewhere.keep"
    elsewhere.write_text("secret\n", encoding="utf-8")
    link = tmp_path / "out.txt"
    link.symlink_to(elsewhere)
    r = run_cli("check", str(a), "-o", str(link))
    assert r.returncode == 0, r.stderr
    assert not os.path.islink(link) and "Found" in link.read_text(encoding="utf-8")
    assert elsewhere.read_text(encoding="utf-8") == "secret\n"


def test_the_seed_example_to_a_device_node(tmp_path):
    """The report of issue 12: as root, -o over a device node made a regular file of it."""
    null = node(tmp_path, "fd-null", 1, 3)
    r = run_cli("check", SEED, "-o", str(null))
    assert r.returncode == 0, r.stderr
    assert stat.S_ISCHR(os.lstat(null).st_mode)


def test_a_baseline_to_standard_output_is_neither_read_nor_locked(tmp_path):
    """--write-baseline /dev/stdout with stdout appended to a file: the file is
    not read as an old baseline, no lock file is made in /dev, the JSON is
    appended after the report."""
    a = article(tmp_path)
    log = tmp_path / "log.txt"
    log.write_text("not a baseline\n", encoding="utf-8")
    with open(log, "a") as out:
        r = subprocess.run([sys.executable, "-P", "-m", "annotator", "check", str(a), "--write-baseline",
                            "/dev/stdout"], stdout=out, stderr=subprocess.PIPE, text=True,
                           env={**os.environ, "PYTHONPATH": ROOT})
    assert r.returncode == 0, r.stderr
    text = log.read_text(encoding="utf-8")
    first, summary, rest = text.split("\n", 2)
    assert first == "not a baseline" and summary.startswith("No new findings in 1 file. ") and rest.startswith("{")
    assert '"annotator_baseline": 1' in rest
    assert not os.path.exists("/dev/.stdout.lock")


def test_unbuffered_standard_output_writes_every_byte_of_a_line():
    """Under ``python -u`` (PYTHONUNBUFFERED) standard output is text over a raw stream, which
    keeps only what one write took: a write to a full pipe that a signal cuts short took part of
    a JSON line, and the rest was lost (an interrupted ``annotate -f jsonl --jobs 2`` ended in a
    torn line). Every byte is written, in order."""
    import io

    from annotator.outputs import _Guarded

    class ShortWrites(io.RawIOBase):
        def __init__(self):
            self.data = bytearray()

        def writable(self):
            return True

        def write(self, b):
            took = bytes(b)[:7]  # as a pipe that takes a few bytes before a signal arrives
            self.data += took
            return len(took)

    raw = ShortWrites()
    out = _Guarded(io.TextIOWrapper(raw, encoding="utf-8", write_through=True), "standard output")
    line = '{"headline": "Ministers agree — “a deal”", "n": 1}\n'
    assert out.write(line) == len(line)
    out.write("second\n")
    assert raw.data.decode("utf-8") == line + "second\n"
