"""How the time of one ``check`` grows with the size of the article.

No article may stall a hook: the work of checking one article must grow
linearly with its size.  This script generates articles of growing size,
checks each in one process (``annotator check --format jsonl``'s per-file
work, in CPU time: read, analysis, rules, the annotation document and its JSON; start-up
and the engine's loading excluded) and prints the time per size and the
ratio per tenfold growth (target: at most 15).

Articles (generated: from ``examples/putin-kazakhstan.txt`` and the
sentences of ``tests/gen_articles.py``, never corpus texts):

``ordinary``  the example article and generated ones, paragraphs repeated to the size;
``names``     a quotation per sentence, each by another person with a surname of its own
              ("Alice Zyxbq said ..."): thousands of distinct names;
``unicode``   as ``names``, with non-Latin-1 letters (Cyrillic, Devanagari) and curly marks
              in every paragraph: the paths that work on UTF-8 bytes;
``hostile``   what made a check quadratic before, in every paragraph: a new name, "she" and
              "the president" referring back to the top, a doubled word of its own, an
              unsourced share, a quotation closed in the other style; and a headline of
              many quotations.

    python3 benchmarks/growth.py                      # 200 KB, 400 KB, 2 MB, 4 MB
    python3 benchmarks/growth.py --sizes 20k,200k --articles names
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
EXAMPLE = os.path.join(ROOT, "examples", "putin-kazakhstan.txt")
TARGET = 15.0  # most the time may grow per tenfold growth of the article


def _size(s: str) -> int:
    s = s.strip().lower()
    mult = 1
    if s.endswith("k"):
        mult, s = 1000, s[:-1]
    elif s.endswith("m"):
        mult, s = 1000_000, s[:-1]
    return int(float(s) * mult)


def _surname(n: int) -> str:
    """A distinct, pronounceable-enough surname per n: Zyx + n in base 26 letters."""
    letters = ""
    n += 26 * 26  # at least three letters after the prefix
    while n:
        n, r = divmod(n, 26)
        letters += "abcdefghijklmnopqrstuvwxyz"[r]
    return "Zyx" + letters


def _fill(headline: str, paragraph, size: int) -> str:
    parts = [headline]
    total = len(headline)
    i = 0
    while total < size:
        p = paragraph(i)
        parts.append(p)
        total += len(p) + 2
        i += 1
    return "\n\n".join(parts) + "\n"


def ordinary(size: int) -> str:
    sys.path.insert(0, os.path.join(ROOT, "tests"))
    try:
        from gen_articles import article
    finally:
        sys.path.pop(0)
    with open(EXAMPLE, encoding="utf-8") as f:
        example = f.read()
    headline, _, body = example.partition("\n")
    pool = [p.strip() for p in body.split("\n") if p.strip()]
    for i in range(40):
        pool += [p for p in article(i).split("\n\n")[1:] if p.strip()]
    return _fill(headline, lambda i: pool[i % len(pool)], size)


FIRST = ["Alice", "Bruno", "Chloe", "Dmitri", "Esther", "Farid", "Greta", "Hiro"]


def names(size: int) -> str:
    def paragraph(i: int) -> str:
        out = []
        for k in range(4):
            n = i * 4 + k
            name = f"{FIRST[n % len(FIRST)]} {_surname(n)}"
            out.append(f'{name} said the plan was fine. "It is a fair plan," {_surname(n)} said.')
        return " ".join(out)

    return _fill("Many voices on the plan", paragraph, size)


def unicode(size: int) -> str:
    def paragraph(i: int) -> str:
        out = []
        for k in range(4):
            n = i * 4 + k
            name = f"{FIRST[n % len(FIRST)]} {_surname(n)}"
            out.append(f"{name} said the plan was “fine”. “It is a fair plan,” {_surname(n)} said on "
                       f"Monday in Київ, where it’s known as योजना {n}.")
        return " ".join(out)

    return _fill("Many voices on the plan", paragraph, size)


def hostile(size: int) -> str:
    """What used to make one check quadratic, all in each paragraph: a new man with a
    surname of his own, then "she" (the one woman is at the top) and "the president"
    (her title), a doubled word of its own, a share with no source, a quotation closed in
    the other style; and a headline of many quotations."""
    def paragraph(i: int) -> str:
        s = _surname(i)
        return (f"Mr John {s} came. “It is fine,” she said. “We agree\", the president said. "
                f"Some {i % 90 + 5}% of the households saw the {s.lower()} {s.lower()} plan.")

    heads = " ".join(f"“word{i} here”" for i in range(max(1, size // 2000)))
    body = _fill("President Mary Smith arrived.", paragraph, size)
    return heads + "\n\n" + body


ARTICLES = {"ordinary": ordinary, "names": names, "unicode": unicode, "hostile": hostile}


class _GCClock:
    """CPU time spent in the cyclic garbage collector (gc.callbacks)."""

    def __init__(self):
        self.total = 0.0
        self._start = 0.0
        gc.callbacks.append(self._callback)

    def _callback(self, phase, info) -> None:
        if phase == "start":
            self._start = time.process_time()
        else:
            self.total += time.process_time() - self._start


def check_time(path: str, work, repeat: int, clock: _GCClock) -> tuple[float, float]:
    """(CPU time, of which in the garbage collector) of the quickest of ``repeat`` checks
    of one file (seconds): CPU time, not wall time, so that other processes on a shared
    machine count less."""
    best = (float("inf"), 0.0)
    for _ in range(repeat):
        gc0 = clock.total
        t0 = time.process_time()
        result = work(path)
        t = time.process_time() - t0
        if t < best[0]:
            best = (t, clock.total - gc0)
        if result[0] != "ok":
            raise SystemExit(f"{path}: {result[1]}")
    return best


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="200k,400k,2m,4m", help="article sizes in characters (k, m suffixes)")
    ap.add_argument("--articles", default=",".join(ARTICLES), help="which generated articles: " + ", ".join(ARTICLES))
    ap.add_argument("--repeat", type=int, default=1, help="checks per size (the least time is kept)")
    args = ap.parse_args(argv)
    sizes = sorted(_size(s) for s in args.sizes.split(","))
    kinds = [k.strip() for k in args.articles.split(",") if k.strip()]
    for k in kinds:
        if k not in ARTICLES:
            ap.error(f"unknown article {k!r} (one of {', '.join(ARTICLES)})")

    sys.path.insert(0, ROOT)
    from annotator.commands.check import CheckFile

    ns = argparse.Namespace(config=None, select=None, ignore=None, input_format=None, encoding=None)
    worst = 0.0
    clock = _GCClock()
    with tempfile.TemporaryDirectory() as tmp:
        work = CheckFile(ns, "line", False, 99, os.path.join(tmp, "x.txt"))
        work.warm()
        warm_path = os.path.join(tmp, "warm.txt")
        with open(warm_path, "w", encoding="utf-8") as f:
            f.write(ordinary(5000))
        for _ in range(10):  # past the lexicon matcher's warm-up (it compiles its whole pattern then)
            work(warm_path)
        for kind in kinds:
            times = {}
            print(f"{kind}:")
            for size in sizes:
                path = os.path.join(tmp, f"{kind}-{size}.txt")
                with open(path, "w", encoding="utf-8") as f:
                    f.write(ARTICLES[kind](size))
                t, in_gc = check_time(path, work, args.repeat, clock)
                times[size] = (t, in_gc)
                os.unlink(path)
                print(f"  {size / 1000:8.0f} KB  {t:8.3f} s  {t / size * 1e6:6.2f} s/MB  "
                      f"(garbage collector {in_gc:.3f} s)", flush=True)
            for size in sizes:
                if size * 10 in times:
                    (a, a_gc), (b, b_gc) = times[size], times[size * 10]
                    ratio = b / a if a > 0 else float("inf")
                    rest = (b - b_gc) / (a - a_gc) if a > a_gc else float("inf")
                    worst = max(worst, ratio)
                    print(f"  {size / 1000:.0f} KB -> {size * 10 / 1000:.0f} KB: x{ratio:.1f} "
                          f"({'ok' if ratio <= TARGET else 'over'} the target of x{TARGET:g}; "
                          f"x{rest:.1f} outside the garbage collector)")
    if worst:
        print(f"worst growth per 10x: x{worst:.1f} (target x{TARGET:g})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
