"""Scale-out on Dask: a LocalCluster of two worker processes writes the same
documents as the single-process command."""

from __future__ import annotations

import glob
import json
import os

import pytest

from conftest import run_cli
from gen_articles import article, write_corpus

distributed = pytest.importorskip("distributed", reason="the 'annotator[dask]' extra is not installed")

N_ARTICLES = 300


@pytest.fixture(scope="module")
def cluster():
    from dask.distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c, \
            Client(c) as client:
        yield c, client


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dask-articles")
    write_corpus(folder, N_ARTICLES)
    with open(folder / "section-1" / "0299-bad.txt", "wb") as f:
        f.write(b"Bad bytes\n\n\xff\xfe are not UTF-8.\n")
    return str(folder)


@pytest.fixture(scope="module")
def single(corpus):
    r = run_cli("annotate", "--format", "jsonl", "--jobs", "1", corpus)
    assert r.returncode == 3, r.stderr  # the one bad file
    return r.stdout.splitlines()


def _parts(outdir) -> list[str]:
    lines = []
    for p in sorted(glob.glob(os.path.join(str(outdir), "part-*.jsonl"))):
        with open(p, encoding="utf-8") as f:
            lines.extend(f.read().splitlines())
    return lines


def _by_path(lines):
    return sorted(lines, key=lambda line: json.loads(line)["source"]["path"])


def test_dask_output_equals_single_process(cluster, corpus, single, tmp_path):
    from annotator.distributed import MANIFEST, annotate_on_dask

    _, client = cluster
    out = tmp_path / "out"
    summary = annotate_on_dask(client, [corpus], str(out), shards=7)
    assert len(summary.parts) == 7
    assert summary.documents == N_ARTICLES == len(single)
    assert [e.path.endswith("0299-bad.txt") for e in summary.errors] == [True]
    lines = _parts(out)
    assert _by_path(lines) == _by_path(single)
    assert lines == single  # the parts in order are the single-process output
    manifest = json.loads((out / MANIFEST).read_text())
    assert manifest["documents"] == N_ARTICLES and manifest["error_count"] == 1
    assert not [p for p in os.listdir(out) if p.endswith(".tmp")]


def test_cli_against_a_scheduler_address(cluster, corpus, single, tmp_path):
    c, _ = cluster
    out = tmp_path / "out"
    os.makedirs(out)
    (out / "part-00099.jsonl").write_text("stale\n")  # from an earlier, bigger run
    r = run_cli("annotate", "--dask", c.scheduler_address, "--shards", "3", "-o", str(out),
                os.path.join(corpus, "section-*"))
    assert r.returncode == 3, r.stderr
    assert "0299-bad.txt" in r.stderr and "invalid utf-8" in r.stderr
    assert sorted(os.listdir(out)) == ["_manifest.json", "part-00000.jsonl", "part-00001.jsonl", "part-00002.jsonl"]
    assert _by_path(_parts(out)) == _by_path(single)


def test_jsonl_shards_of_path_and_text(cluster, single, tmp_path):
    from annotator.distributed import annotate_on_dask

    _, client = cluster
    # the same articles as records, in three shards (one compressed)
    import gzip

    by_path = {json.loads(line)["source"]["path"]: line for line in single}
    records = []
    for path in sorted(by_path):
        with open(path, encoding="utf-8") as f:
            records.append({"path": path, "text": f.read()})
    shards = []
    for k in range(3):
        name = tmp_path / (f"shard-{k}.jsonl" + (".gz" if k == 2 else ""))
        data = "".join(json.dumps(r) + "\n" for r in records[k::3])
        if k == 2:
            with gzip.open(name, "wt", encoding="utf-8") as f:
                f.write(data)
        else:
            name.write_text(data, encoding="utf-8")
        shards.append(str(name))
    out = tmp_path / "out"
    summary = annotate_on_dask(client, shards, str(out))
    assert len(summary.parts) == 3 and summary.errors == []
    got = {json.loads(line)["source"]["path"]: json.loads(line) for line in _parts(out)}
    assert set(got) == set(by_path)
    for path, line in by_path.items():
        want = json.loads(line)
        # read from a record, not a file: no bytes to decode, so no BOM or encoding of its own
        for k in ("encoding", "bom"):
            want["source"].pop(k)
            got[path]["source"].pop(k)
        assert got[path] == want


def test_jsonl_errors_are_reported_per_line(cluster, tmp_path):
    from annotator.distributed import annotate_on_dask

    _, client = cluster
    shard = tmp_path / "mixed.jsonl"
    shard.write_text(
        json.dumps({"path": "a.txt", "text": article(1)}) + "\n"
        + "{not json\n"
        + json.dumps({"path": "b.txt", "text": "   "}) + "\n"
        + json.dumps(["not", "an", "object"]) + "\n",
        encoding="utf-8",
    )
    summary = annotate_on_dask(client, [str(shard)], str(tmp_path / "out"))
    assert summary.documents == 1
    assert [(e.path, e.line) for e in summary.errors] == [(str(shard), 2), ("b.txt", None), (str(shard), 4)]


def test_dask_needs_an_output_folder(corpus):
    r = run_cli("annotate", "--dask", "local", corpus)
    assert r.returncode == 2 and "--output" in r.stderr


def test_jsonl_shards_of_article_objects(cluster, tmp_path):
    """{"headline", "body"} records read as the JSON reader reads a .json file holding the line."""
    from annotator.distributed import annotate_on_dask

    _, client = cluster
    lines = []
    for i in range(40):
        head, _, body = article(i).partition("\n\n")
        rec = {"headline": head, "body": body.split("\n\n")} if i % 2 else {"title": head, "text": body}
        lines.append(json.dumps(rec, ensure_ascii=i % 3 == 0))
    shard = tmp_path / "objects.jsonl"
    shard.write_text("\n".join(lines) + "\n", encoding="utf-8")
    files = []
    for i, line in enumerate(lines):
        f = tmp_path / "single" / f"{i:02d}.json"
        f.parent.mkdir(exist_ok=True)
        f.write_text(line, encoding="utf-8")
        files.append(str(f))
    single = run_cli("annotate", "-f", "jsonl", *files)
    assert single.returncode == 0, single.stderr
    summary = annotate_on_dask(client, [str(shard)], str(tmp_path / "out"))
    assert summary.errors == [] and summary.documents == 40
    got = [json.loads(line) for line in _parts(tmp_path / "out")]
    want = [json.loads(line) for line in single.stdout.splitlines()]
    for n, (g, w) in enumerate(zip(got, want, strict=True), 1):
        assert g["source"]["path"] == f"{shard}:{n}"
        for d in (g, w):
            for k in ("path", "encoding", "bom"):
                d["source"].pop(k)
        assert g == w


def test_dask_alone_before_a_path_leaves_it_to_the_paths(tmp_path):
    # --dask takes an optional scheduler address: `--dask corpus/ -o out/` read the folder as the
    # address and then refused the command for want of a PATH
    folder = tmp_path / "articles"
    write_corpus(folder, 4)
    out = tmp_path / "out"
    r = run_cli("annotate", "--dask", str(folder), "--jobs", "1", "-o", str(out))
    assert r.returncode == 0, r.stderr
    manifest = json.loads((out / "_manifest.json").read_text())
    assert manifest["documents"] == 4


@pytest.mark.parametrize("address", ["no-such-scheduler", "tcp://127.0.0.1:1"])
def test_a_scheduler_that_cannot_be_reached_is_one_clear_error(tmp_path, address):
    folder = tmp_path / "articles"
    write_corpus(folder, 2)
    r = run_cli("annotate", str(folder), "--dask", address, "-o", str(tmp_path / "out"),
                env={"DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "2s"})
    assert r.returncode == 2, r.stderr
    assert "Traceback" not in r.stderr
    assert f"--dask {address}: cannot connect" in r.stderr
