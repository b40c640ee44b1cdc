#!/usr/bin/env python3
"""Instructions spent inside one function of the analysis, counted by callgrind.

    python3 benchmarks/stage_instr.py FILES_LIST MODULE:QUALNAME [MODULE:QUALNAME ...]
    e.g. python3 benchmarks/stage_instr.py /work/notes/bench-files.txt \\
             annotator.analysis:analyse annotator.analysis.attribution:build_relations

For each function named, the articles listed in FILES_LIST (one path a line) are read, then
analysed one after the other (``analysis.analyse``) under ``valgrind --tool=callgrind``, and
only the instructions executed inside that function are counted: it is run inside
``functools.reduce`` (a C function the analysis never calls), and callgrind collects only
while ``functools_reduce`` runs (``--collect-atstart=no --toggle-collect=functools_reduce``).
Reading the files and the start-up are not counted, unlike a count of a whole CLI run.

Unlike cProfile's proportions (inflated for functions of many small calls), these are the
instructions themselves, load-independent: a stage's cost before and after a change. Name a
function as its module binds it (``annotator.analysis.attribution.quotations:tokenize``) or a
method as ``module:Class.method``; every module-level name of ``annotator.*`` bound to the same
function object is patched, so that callers that imported it by name count too. One function
per run: a function that calls itself (or one nested inside another measured at the same
time) would switch the collection off at the inner call.

The garbage collector is paused, as ``annotator check`` pauses it (``cli.entry``).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def _resolve(target: str):
    """(owner, name, function) of ``module:Qual.name``; ValueError naming it when there is none."""
    import importlib

    modname, _, qual = target.partition(":")
    try:
        owner = importlib.import_module(modname)
        *path, name = qual.split(".")
        for part in path:
            owner = getattr(owner, part)
        return owner, name, getattr(owner, name)
    except (ImportError, AttributeError, ValueError) as e:
        raise ValueError(f"{target}: no such function ({e})") from None


def _measure(files_list: str, target: str) -> None:
    """(in the child, under callgrind) analyse the articles, counting only ``target``."""
    import functools
    import gc

    sys.path.insert(0, ROOT)
    from annotator import pipeline
    from annotator.readers import read_path

    pipeline.warm()
    with open(files_list, encoding="utf-8") as f:
        docs = [read_path(p) for p in f.read().split()]
    owner, name, original = _resolve(target)

    def counted(*args, **kwargs):
        return functools.reduce(lambda _, __: original(*args, **kwargs), (0,), None)

    for module in list(sys.modules.values()):
        if getattr(module, "__name__", "").startswith("annotator"):
            for key, value in list(vars(module).items()):
                if value is original:
                    setattr(module, key, counted)
    setattr(owner, name, counted)
    from annotator.analysis import analyse

    gc.freeze()
    gc.disable()
    for doc in docs:
        analyse(doc)


def main(argv: list[str]) -> int:
    if len(argv) >= 3 and argv[0] == "--child":
        _measure(argv[1], argv[2])
        return 0
    if len(argv) < 2:
        print(__doc__.strip().split("\n\n")[0], file=sys.stderr)
        return 2
    files_list, targets = argv[0], argv[1:]
    sys.path.insert(0, ROOT)
    for target in targets:  # (a misspelt name: one line now, not a traceback after minutes)
        try:
            _resolve(target)
        except ValueError as e:
            print(f"stage_instr: {e}", file=sys.stderr)
            return 2
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = ROOT
    python = os.path.realpath(sys.executable)  # (not a shim script: valgrind would trace the shell)
    for target in targets:
        out = subprocess.run(
            ["valgrind", "--tool=callgrind", "--collect-atstart=no", "--toggle-collect=functools_reduce",
             "--callgrind-out-file=/dev/null", python, "-P", os.path.abspath(__file__), "--child",
             files_list, target],
            env=env, capture_output=True, text=True)
        m = re.search(r"Collected : (\d+)", out.stderr)
        if out.returncode != 0 or m is None:
            print(f"{target}: failed\n{out.stderr[-2000:]}", file=sys.stderr)
            return 1
        print(f"{int(m.group(1)) / 1e6:10.1f}M  {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
