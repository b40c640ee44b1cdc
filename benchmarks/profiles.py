#!/usr/bin/env python3
"""Where the time goes: start-up and per article.

    python3 benchmarks/profiles.py startup [--article FILE]
    python3 benchmarks/profiles.py articles [--corpus DIR] [--limit N] [--top N]

``startup``: the largest imports of ``annotator check ARTICLE`` (``-X
importtime``, in a fresh interpreter with bytecode caches warm) and a cProfile
of the whole command in a fresh interpreter.

``articles``: in one process, after a warm-up, the time per article of each
stage (read, analyse, rules, to_dict, JSON) over corpus articles, then a
cProfile of the same loop (``check --format json`` with every rule pack selected).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, ROOT)
DEFAULT_ARTICLE = os.path.join(ROOT, "examples", "putin-kazakhstan.txt")
DEFAULT_CORPUS = os.path.normpath(os.path.join(ROOT, "..", "shared", "corpus", "bbc"))


def _env() -> dict:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = ROOT + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def importtime(article: str, top: int) -> None:
    cmd = [sys.executable, "-X", "importtime", "-m", "annotator", "check", article]
    for _ in range(2):  # the first run may write .pyc files
        r = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=_env())
    rows = []
    for line in r.stderr.splitlines():
        if not line.startswith("import time:") or "imported package" in line:
            continue
        parts = line[len("import time:"):].split("|")
        self_us, cum_us, name = int(parts[0]), int(parts[1]), parts[2]
        depth = (len(name) - len(name.lstrip())) // 2
        rows.append((cum_us, self_us, depth, name.strip()))
    total = sum(c for c, _, d, _ in rows if d == 0)
    print(f"-X importtime: {total / 1000:.1f} ms in imports at depth 0 (all imports of the process)")
    print("  largest top-level imports (cumulative ms, self ms):")
    for cum, self_, depth, name in sorted((r for r in rows if r[2] == 0), reverse=True)[:top]:
        print(f"    {cum / 1000:7.1f} {self_ / 1000:7.1f}  {name}")
    print("  largest self times at any depth:")
    for cum, self_, depth, name in sorted(rows, key=lambda r: -r[1])[:top]:
        print(f"    {self_ / 1000:7.1f}  {name}  (depth {depth})")


def startup(args) -> None:
    importtime(args.article, args.top)
    code = (
        "import cProfile, pstats, io, sys\n"
        "pr = cProfile.Profile(); pr.enable()\n"
        "import annotator.cli as cli\n"
        "import contextlib, os\n"
        "with open(os.devnull, 'w') as null, contextlib.redirect_stdout(null):\n"
        f"    cli.main(['check', {args.article!r}])\n"
        "pr.disable()\n"
        "s = io.StringIO(); st = pstats.Stats(pr, stream=s)\n"
        f"st.sort_stats('cumulative').print_stats({args.top}); print(s.getvalue())\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=_env())
    print("cProfile of one `annotator check` (fresh interpreter, cumulative):")
    print(r.stdout[-12000:] or r.stderr[-3000:])


def stage_times(files, engine, settings, clock, output: bool = True):
    """One pass over ``files`` as ``check`` makes it (read, analyse, rules, and with ``output``
    the annotation document and its JSON), timed per stage with ``clock``: (seconds per
    stage, articles read, characters)."""
    from annotator.pipeline import annotate_document
    from annotator.readers import InputError, read_path
    from annotator.serialize import dumps, to_dict

    names = ("read", "analyse", "rules", "to_dict", "json") if output else ("read", "analyse", "rules")
    stages = dict.fromkeys(names, 0.0)
    n = size = 0
    for path in files:
        t0 = clock()
        try:
            doc = read_path(path)
        except InputError:
            continue
        t1 = clock()
        annotate_document(doc)
        t2 = clock()
        engine.check(doc, settings, [])
        t3 = clock()
        marks = [("read", t0, t1), ("analyse", t1, t2), ("rules", t2, t3)]
        if output:
            d = to_dict(doc)
            t4 = clock()
            dumps(d)
            marks += [("to_dict", t3, t4), ("json", t4, clock())]
        for k, a, b in marks:
            stages[k] += b - a
        n += 1
        size += len(doc.text)
    return stages, n, size


def articles(args) -> None:
    import cProfile
    import glob
    import pstats

    from annotator.commands.check import CheckFile
    from annotator.engine import get_engine
    from annotator.engine.config import Config
    from annotator.pipeline import annotate_document, warm
    from annotator.readers import InputError, read_path

    files = sorted(glob.glob(os.path.join(args.corpus, "*", "*.txt")))
    if not files:
        raise SystemExit(f"no articles under {args.corpus}")
    if args.limit:
        files = files[:: max(1, len(files) // args.limit)][: args.limit]
    engine = get_engine(())
    packs = sorted({s.id.split(".")[0] for s in engine.specs})
    settings = Config().settings_for(engine, files[0], packs, None)
    warm()
    engine.check(annotate_document(read_path(files[0])), settings)

    stages, n, size = stage_times(files, engine, settings, time.perf_counter)
    total = sum(stages.values())
    print(f"{n} articles, {size / 1e6:.2f} M characters: {total / n * 1000:.2f} ms per article, "
          f"{n / total:.0f} articles/s in one process (start-up excluded)")
    for k, v in stages.items():
        print(f"  {k:8} {v / n * 1000:7.3f} ms/article  {v / total * 100:5.1f}%")

    ns = argparse.Namespace(config=None, select=packs, ignore=None, input_format=None, encoding=None)
    work = CheckFile(ns, "line", False, 99, files[0])
    work.warm()
    pr = cProfile.Profile()
    pr.enable()
    for path in files:
        try:
            work(path)
        except InputError:
            pass
    pr.disable()
    st = pstats.Stats(pr)
    print(f"\ncProfile of check's per-file work over the same {n} articles (tottime):")
    st.sort_stats("tottime").print_stats(args.top)
    print("(cumulative):")
    st.sort_stats("cumulative").print_stats(args.top)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("what", choices=("startup", "articles"))
    ap.add_argument("--article", default=DEFAULT_ARTICLE)
    ap.add_argument("--corpus", default=DEFAULT_CORPUS)
    ap.add_argument("--limit", type=int, default=0, help="articles: an even sample of N articles (default all)")
    ap.add_argument("--top", type=int, default=25)
    args = ap.parse_args()
    startup(args) if args.what == "startup" else articles(args)


if __name__ == "__main__":
    main()
