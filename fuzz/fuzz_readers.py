"""atheris harness: bytes -> every reader (text, markdown, html, json) -> analysis.

Invariants checked on every input that reads: view and text have the same
length, every block, sentence, quote, mark and speaker mention lies within
the text with start <= end.  InputError is the only exception allowed.

    python3 fuzz/fuzz_readers.py -atheris_runs=200000 fuzz/corpus/readers
"""

import os
import sys

import atheris

with atheris.instrument_imports():
    from annotator.analysis import analyse
    from annotator.readers import FORMATS, InputError, read_bytes


def spans(doc):
    out = list(doc.paragraphs) + list(doc.subheadings) + list(doc.sentences) + list(doc.marks)
    if doc.headline is not None:
        out.append(doc.headline)
    out += list(doc.fields.values())
    for q in doc.quotes:
        out.append(q)
        if q.speaker is not None:
            out.append(q.speaker)
        if q.cue is not None:
            out.append(q.cue)
    return out


def check(doc):
    n = len(doc.text)
    assert len(doc.view) == n
    for s in spans(doc):
        assert 0 <= s.start <= s.end <= n, (type(s).__name__, s.start, s.end, n)
    for q in doc.quotes:
        assert q.open_start <= q.start <= q.end <= q.close_end <= n


def TestOneInput(data: bytes) -> None:
    if not data:
        return
    fmt = FORMATS[data[0] % len(FORMATS)]
    try:
        doc = read_bytes(data[1:], "fuzz", fmt)
    except InputError:
        return
    check(doc)
    check(analyse(doc))


if __name__ == "__main__":
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10000))
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()
