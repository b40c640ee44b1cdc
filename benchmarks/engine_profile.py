#!/usr/bin/env python3
"""Rules engine and plain-text reader: time per article, and a golden check.

    python3 benchmarks/engine_profile.py snapshot   # analyse the corpus once, freeze docs + rules
    python3 benchmarks/engine_profile.py golden     # write the findings of the snapshot (the reference)
    python3 benchmarks/engine_profile.py compare    # the findings now, against the golden file
    python3 benchmarks/engine_profile.py time       # ms/article: engine per stage and kind, text reader
    python3 benchmarks/engine_profile.py startup    # one-file check: cold / warm rule cache, vs the peers
    python3 benchmarks/engine_profile.py pipeline   # one fresh pass as check runs it: read, analyse, rules

Everything runs on a frozen snapshot (``--snapshot``, default
``/tmp/annotator-engine``: the analysed documents and the validated rule
specs, pickled), so the figures and the golden findings do not move when the
analysis or the rule files change under us; ``snapshot`` again to refresh.

Times are process CPU time (``time.process_time``), min of ``--repeats`` runs
over the whole corpus.  ``check`` is ``Engine.check`` as the command calls
it (every rule of every pack active), timed around the whole loop; the
per-stage breakdown comes from a second, instrumented loop (timer overhead
measured and subtracted), so its parts need not add up exactly.  The reader
row is ``readers.read_path`` (file read, decode, plain-text layout).
"""

from __future__ import annotations

import argparse
import gc
import glob
import os
import pickle
import sys
import time
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, ROOT)
DEFAULT_CORPUS = os.path.normpath(os.path.join(ROOT, "..", "shared", "corpus", "bbc"))
DEFAULT_SNAPSHOT = "/tmp/annotator-engine"

clock = time.process_time


def corpus_files(corpus: str, limit: int = 0) -> list[str]:
    files = sorted(glob.glob(os.path.join(corpus, "*", "*.txt")))
    if not files:
        raise SystemExit(f"no articles under {corpus}")
    if limit:
        files = files[:: max(1, len(files) // limit)][:limit]
    return files


def snapshot(args) -> None:
    from annotator.engine.loader import load_specs
    from annotator.pipeline import annotate_document
    from annotator.readers import InputError, read_path

    os.makedirs(args.snapshot, exist_ok=True)
    specs = load_specs([])
    docs = []
    for path in corpus_files(args.corpus, args.limit):
        try:
            docs.append(annotate_document(read_path(path)))
        except InputError as e:
            print(f"skipped: {e}", file=sys.stderr)
    with open(os.path.join(args.snapshot, "snapshot.pickle"), "wb") as f:
        pickle.dump({"specs": specs, "docs": docs}, f, protocol=pickle.HIGHEST_PROTOCOL)
    print(f"{len(docs)} analysed articles and {len(specs)} rules frozen in {args.snapshot}")


def load_snapshot(args):
    path = os.path.join(args.snapshot, "snapshot.pickle")
    if not os.path.exists(path):
        raise SystemExit(f"no snapshot in {args.snapshot}: run `engine_profile.py snapshot` first")
    with open(path, "rb") as f:
        snap = pickle.load(f)
    # the frozen corpus stays out of the collector's way: a check process holds one
    # article at a time, so full collections over 2,000 analysed articles are not its cost
    gc.collect()
    gc.freeze()
    return snap["specs"], snap["docs"]


def build(specs, pickled: bool = False):
    from annotator.engine import Engine
    from annotator.engine.config import Config

    engine = Engine(specs)
    if pickled:  # as a warm start loads it from the cache (engine/cache.py)
        engine = pickle.loads(pickle.dumps(engine, protocol=pickle.HIGHEST_PROTOCOL))
    packs = sorted({s.id.split(".")[0] for s in specs})
    settings = Config().settings_for(engine, None, packs, None)
    return engine, settings


def finding_rows(engine, settings, docs):
    rows = []
    for doc in docs:
        warnings: list[str] = []
        out = engine.check(doc, settings, warnings)
        rows.append((doc.path, [
            (f.rule, f.start, f.end, f.message, f.severity, f.confidence, f.fix, f.suggestion, f.scope, f.quote,
             f.speaker) for f in out], warnings))
    return rows


def reader_rows(files):
    from annotator.readers import InputError, read_path

    rows = []
    for path in files:
        try:
            d = read_path(path)
        except InputError as e:
            rows.append((path, str(e)))
            continue
        blocks = [(b.start, b.end, b.kind, b.index) for b in d.blocks()]
        rows.append((path, d.format, d.encoding, d.bom, len(d.text), zlib.crc32(d.text.encode('utf-8', 'surrogatepass')), d.view == d.text, blocks,
                     d.headline is not None and (d.headline.start, d.headline.end),
                     [(p.start, p.end, p.index) for p in d.paragraphs],
                     [(p.start, p.end) for p in d.subheadings]))
    return rows


def golden(args) -> None:
    specs, docs = load_snapshot(args)
    engine, settings = build(specs)
    data = {"findings": finding_rows(engine, settings, docs), "reader": reader_rows(corpus_files(args.corpus))}
    with open(args.golden, "wb") as f:
        pickle.dump(data, f, protocol=pickle.HIGHEST_PROTOCOL)
    n = sum(len(r[1]) for r in data["findings"])
    print(f"golden: {n} findings over {len(docs)} articles, {len(data['reader'])} reader layouts -> {args.golden}")


def compare(args) -> None:
    with open(args.golden, "rb") as f:
        gold = pickle.load(f)
    specs, docs = load_snapshot(args)
    engine, settings = build(specs, args.pickled)
    now = finding_rows(engine, settings, docs)
    bad = 0
    for (path, a, wa), (_, b, wb) in zip(gold["findings"], now):
        if a != b or wa != wb:
            bad += 1
            if bad <= args.show:
                print(f"DIFF {path}")
                for x in sorted(set(a) - set(b), key=repr)[:6]:
                    print(f"  - {x}")
                for x in sorted(set(b) - set(a), key=repr)[:6]:
                    print(f"  + {x}")
                if set(a) == set(b):
                    print("  (same findings, other order or duplicates)")
                if wa != wb:
                    print(f"  warnings {wa} -> {wb}")
    if len(gold["findings"]) != len(now):
        bad += 1
        print(f"article count {len(gold['findings'])} -> {len(now)}")
    rb = 0
    for a, b in zip(gold["reader"], reader_rows(corpus_files(args.corpus))):
        if a != b:
            rb += 1
            if rb <= args.show:
                print(f"READER DIFF {a[0]}")
    n = sum(len(r[1]) for r in now)
    print(f"findings: {n} over {len(now)} articles; {bad} articles differ; reader: {rb} layouts differ")
    if bad or rb:
        raise SystemExit(1)


def _timer_overhead() -> float:
    t0 = clock()
    for _ in range(20000):
        clock()
    return (clock() - t0) / 20000


def timing(args) -> None:
    specs, docs = load_snapshot(args)
    t0 = clock()
    engine, settings = build(specs)
    t_build = clock() - t0
    n = len(docs)

    def whole():
        t = clock()
        for doc in docs:
            engine.check(doc, settings, [])
        return clock() - t

    first = whole()  # as one corpus run sees it: caches (regex, skeletons, RE2 DFA states) cold
    total = min(whole() for _ in range(args.repeats))

    # per stage: wrap the kinds' run and the engine's scan with timers
    stages: dict[str, float] = {}
    over = _timer_overhead()

    def timed(name, fn):
        def run(*a):
            t = clock()
            r = fn(*a)
            stages[name] = stages.get(name, 0.0) + clock() - t - over
            return r
        return run

    best: dict[str, float] = {}
    orig_scan = getattr(engine, "scan", None)
    orig_runs = [(k, k.run) for k in engine.kinds]
    if orig_scan is not None:
        engine.scan = timed("matcher scan", orig_scan)
    for k, r in orig_runs:
        k.run = timed(type(k).__module__.rsplit(".", 1)[-1], r)
    try:
        for _ in range(args.repeats):
            stages.clear()
            t = clock()
            for doc in docs:
                engine.check(doc, settings, [])
            whole_t = clock() - t
            stages["(check, instrumented)"] = whole_t
            for k, v in stages.items():
                best[k] = min(best.get(k, v), v)
    finally:
        if orig_scan is not None:
            del engine.scan
        for k, _ in orig_runs:
            del k.run
    files = corpus_files(args.corpus)
    from annotator.readers import InputError, read_path

    def read_all():
        t = clock()
        for p in files:
            try:
                read_path(p)
            except InputError:
                pass
        return clock() - t

    read_all()
    rd = min(read_all() for _ in range(args.repeats))

    ms = 1000.0 / n
    print(f"{n} articles (snapshot {args.snapshot}), {len(specs)} rules, engine built in {t_build * 1000:.0f} ms; "
          f"min of {args.repeats}, process CPU time, ms/article")
    print(f"  {'engine.check, first pass':32} {first * ms:7.3f}")
    print(f"  {'engine.check (uninstrumented)':32} {total * ms:7.3f}")
    for k, v in best.items():
        if k.startswith("("):
            continue
        print(f"    {k:30} {v * ms:7.3f}")
    accounted = sum(v for k, v in best.items() if not k.startswith("("))
    print(f"    {'rest (context, suppress, sort)':30} {(best['(check, instrumented)'] - accounted) * ms:7.3f}"
          f"   (instrumented total {best['(check, instrumented)'] * ms:.3f}, timer {over * 1e6:.2f} us/call)")
    print(f"  {'text reader (read_path)':32} {rd * 1000 / len(files):7.3f}   ({len(files)} files)")


def startup(args) -> None:
    """``annotator check ARTICLE`` in a fresh interpreter: cold (an empty cache folder each run:
    rule files parsed and validated, engine built) and warm (the cached engine); wall and CPU
    time (of the child), min and median of --runs; proselint and write-good beside it when
    installed (as benchmarks/run.py finds them)."""
    import resource
    import shutil
    import subprocess
    import tempfile

    article = args.article
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed package has its .pyc files
    env["PYTHONPATH"] = ROOT + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    warm_dir = tempfile.mkdtemp(prefix="annotator-warm-")

    def one(cmd, extra=None):
        e = dict(env, **(extra or {}))
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=e, cwd=ROOT, check=False)
        wall = time.perf_counter() - t
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        return wall, r1.ru_utime + r1.ru_stime - r0.ru_utime - r0.ru_stime

    ann = [sys.executable, "-m", "annotator", "check", article]
    cmds = {}

    def cold():
        d = tempfile.mkdtemp(prefix="annotator-cold-")
        try:
            return one(ann, {"ANNOTATOR_CACHE_DIR": d})
        finally:
            shutil.rmtree(d, ignore_errors=True)

    cmds["annotator check, cold cache"] = cold
    one(ann, {"ANNOTATOR_CACHE_DIR": warm_dir})  # fills the warm cache (and .pyc files)
    cmds["annotator check, warm cache"] = lambda: one(ann, {"ANNOTATOR_CACHE_DIR": warm_dir})
    prose = os.path.join(os.path.dirname(sys.executable), "proselint")
    if os.path.exists(prose):
        cmds["proselint check"] = lambda: one([prose, "check", article])
    wg = os.path.join(HERE, "node_modules", "write-good", "bin", "write-good.js")
    if os.path.exists(wg) and shutil.which("node"):
        cmds["write-good"] = lambda: one(["node", wg, article])
    cmds["python -c pass"] = lambda: one([sys.executable, "-c", "pass"])
    samples = {k: [] for k in cmds}
    for _ in range(args.runs):  # interleaved, so a busy spell hits every command alike
        for k, f in cmds.items():
            samples[k].append(f())
    shutil.rmtree(warm_dir, ignore_errors=True)
    print(f"{article}: {args.runs} interleaved runs each; ms (wall min / median, CPU min / median)")
    for k, v in samples.items():
        w = sorted(x[0] for x in v)
        c = sorted(x[1] for x in v)
        print(f"  {k:30} wall {w[0] * 1000:7.1f} {w[len(w) // 2] * 1000:7.1f}   "
              f"cpu {c[0] * 1000:7.1f} {c[len(c) // 2] * 1000:7.1f}")


def pipeline(args) -> None:
    """One pass over the corpus as ``check`` makes it, in this fresh process: for each file
    read_path, analysis, Engine.check (every rule of every pack, the current rule files and
    analysis, the cached engine), each stage's CPU time summed; nothing is frozen, so caches
    start cold and the collector runs as it does in a real run.  ``--repeats`` fresh processes,
    the min of each stage reported."""
    import subprocess

    if os.environ.get("_ENGINE_PROFILE_CHILD"):
        from annotator.engine import get_engine
        from annotator.engine.config import Config
        from annotator.pipeline import warm

        files = corpus_files(args.corpus, args.limit)
        engine = get_engine(())
        packs = sorted({s.pack for s in engine.specs})
        settings = Config().settings_for(engine, files[0], packs, None)
        warm()
        from profiles import stage_times  # (benchmarks/, beside this script)

        t, n, _ = stage_times(files, engine, settings, clock, output=False)
        print(" ".join(f"{k}={v / n * 1000:.4f}" for k, v in t.items()), n)
        return
    env = dict(os.environ, _ENGINE_PROFILE_CHILD="1")
    best: dict[str, float] = {}
    n = 0
    for _ in range(args.repeats):
        out = subprocess.run([sys.executable, __file__, "pipeline", "--corpus", args.corpus, "--limit", str(args.limit)],
                             capture_output=True, text=True, env=env, check=True).stdout.split()
        n = int(out[-1])
        for kv in out[:-1]:
            k, v = kv.split("=")
            best[k] = min(best.get(k, float("inf")), float(v))
    print(f"{n} articles, one fresh pass each in {args.repeats} processes (min per stage), CPU ms/article:")
    for k, v in best.items():
        print(f"  {k:8} {v:7.3f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("what", choices=("snapshot", "golden", "compare", "time", "startup", "pipeline"))
    ap.add_argument("--corpus", default=DEFAULT_CORPUS)
    ap.add_argument("--snapshot", default=DEFAULT_SNAPSHOT)
    ap.add_argument("--golden", default=None, help="golden findings file (default SNAPSHOT/golden.pickle)")
    ap.add_argument("--limit", type=int, default=0, help="snapshot: an even sample of N articles (default all)")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--runs", type=int, default=10, help="startup: runs of each command")
    ap.add_argument("--article", default=os.path.join(ROOT, "examples", "putin-kazakhstan.txt"))
    ap.add_argument("--show", type=int, default=10, help="compare: differing articles to print")
    ap.add_argument("--pickled", action="store_true",
                    help="compare: check with the engine after a pickle round trip (the cached engine)")
    args = ap.parse_args()
    args.golden = args.golden or os.path.join(args.snapshot, "golden.pickle")
    {"snapshot": snapshot, "golden": golden, "compare": compare, "time": timing, "startup": startup,
     "pipeline": pipeline}[args.what](args)


if __name__ == "__main__":
    main()
