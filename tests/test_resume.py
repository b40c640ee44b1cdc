"""Nothing lost: an interrupted ``annotate --format jsonl -o FILE`` (SIGINT or
SIGTERM, a real subprocess) leaves only complete JSON lines in FILE, and
``--resume`` skips the articles already there and appends the rest; the
result equals an uninterrupted run."""

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from conftest import ROOT, run_cli


def corpus(tmp_path, n):
    d = tmp_path / "articles"
    d.mkdir()
    for i in range(n):
        (d / f"a{i:04d}.txt").write_text(
            f"Story {i}\n\n\"We will not back down,\" the minister said on day {i}.\n\n"
            + "The council met and agreed the budget after a long debate. " * 40 + "\n", encoding="utf-8")
    return d


def lines_of(path):
    raw = path.read_bytes()
    assert raw == b"" or raw.endswith(b"\n"), raw[-200:]
    return [json.loads(line) for line in raw.decode("utf-8").splitlines()]


@pytest.mark.parametrize("sig, jobs", [(signal.SIGINT, "1"), (signal.SIGTERM, "2")])
def test_interrupted_jsonl_output_then_resume(tmp_path, sig, jobs):
    d = corpus(tmp_path, 300)
    out = tmp_path / "out.jsonl"
    env = dict(os.environ)
    env["PYTHONPATH"] = ROOT + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    p = subprocess.Popen([sys.executable, "-P", "-m", "annotator", "annotate", str(d), "--format", "jsonl",
                          "-o", str(out), "--jobs", jobs],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT, start_new_session=True)
    # wait until work is under way (the temporary output file grows), then signal
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        tmps = [f for f in os.listdir(tmp_path) if f.startswith(".out.jsonl.")]
        if tmps and os.path.getsize(tmp_path / tmps[0]) > 20_000:
            break
        time.sleep(0.05)
    os.killpg(p.pid, sig)
    _, err = p.communicate(timeout=60)
    assert p.returncode == 128 + sig, err.decode()
    assert b"Traceback" not in err, err.decode()
    assert b"annotator: interrupted" in err
    assert not [f for f in os.listdir(tmp_path) if f.startswith(".out.jsonl.")]  # no temporary left
    first = lines_of(out)
    assert 1 <= len(first) < 300
    paths = [doc["source"]["path"] for doc in first]
    assert paths == sorted(paths) and len(set(paths)) == len(paths)

    r = run_cli("annotate", str(d), "--format", "jsonl", "-o", str(out), "--resume", "--jobs", jobs)
    assert r.returncode == 0, r.stderr
    resumed = lines_of(out)
    assert resumed[:len(first)] == first  # kept as they were
    whole = run_cli("annotate", str(d), "--format", "jsonl")
    assert [json.loads(line) for line in whole.stdout.splitlines()] == resumed


def test_resume_drops_a_torn_last_line(tmp_path):
    d = corpus(tmp_path, 5)
    out = tmp_path / "out.jsonl"
    whole = run_cli("annotate", str(d), "--format", "jsonl")
    lines = whole.stdout.splitlines(keepends=True)
    out.write_text(lines[0] + lines[1] + lines[2][:50], encoding="utf-8")  # a run killed mid-line
    r = run_cli("annotate", str(d), "--format", "jsonl", "-o", str(out), "--resume")
    assert r.returncode == 0, r.stderr
    assert out.read_text(encoding="utf-8") == whole.stdout


def test_resume_needs_jsonl_and_output(tmp_path):
    d = corpus(tmp_path, 1)
    r = run_cli("annotate", str(d), "--resume")
    assert r.returncode == 2
    assert r.stderr.strip() == "annotator: error: --resume needs --format jsonl and --output FILE"


def test_failed_json_output_leaves_the_old_file(tmp_path):
    """--output is atomic: an interrupted pretty-JSON run keeps the previous file whole."""
    out = tmp_path / "out.json"
    out.write_text("previous\n", encoding="utf-8")
    r = run_cli("annotate", str(tmp_path / "missing.txt"), "-o", str(out))
    assert r.returncode == 3
    assert json.loads(out.read_text(encoding="utf-8")) == []  # replaced whole by the new (empty) result
    assert not [f for f in os.listdir(tmp_path) if f.startswith(".out.json.")]
