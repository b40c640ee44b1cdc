"""atheris harness: unicode text (quotes of every kind, apostrophes, entities,
markup) -> the quotation finder and the whole analysis and rule check, as
plain text and as Markdown.  Only InputError may be raised; every span must
lie within the text.

    python3 fuzz/fuzz_quotes.py -atheris_runs=200000 fuzz/corpus/quotes
"""

import sys

import atheris

with atheris.instrument_imports():
    from annotator.analysis import analyse
    from annotator.engine import get_engine
    from annotator.readers import InputError, read_text

ALPHABET = ['"', "'", "\u201c", "\u201d", "\u2018", "\u2019", "\u00ab", "\u00bb", "\u201e", "``", "''", " ", "\n",
            "\n\n", ".", ",", "?", "!", ":", " said ", " told ", "he", "She ", "Mr Smith", "the minister",
            "&ldquo;", "&amp;", "> ", "- ", "# ", "*", "_", "[", "](x)", "`", "<!-- x -->", "\u00a0", "\u2014", "a", "Ab"]

ENGINE = None


def TestOneInput(data: bytes) -> None:
    global ENGINE
    fdp = atheris.FuzzedDataProvider(data)
    md = fdp.ConsumeBool()
    parts = []
    while fdp.remaining_bytes() and len(parts) < 400:
        if fdp.ConsumeBool():
            parts.append(ALPHABET[fdp.ConsumeIntInRange(0, len(ALPHABET) - 1)])
        else:
            parts.append(fdp.ConsumeUnicodeNoSurrogates(fdp.ConsumeIntInRange(0, 8)))
    text = "Headline\n\n" + "".join(parts)
    try:
        doc = read_text(text, "fuzz", "markdown" if md else "text")
    except InputError:
        return
    analyse(doc)
    n = len(doc.text)
    for q in doc.quotes:
        assert 0 <= q.open_start <= q.start <= q.end <= q.close_end <= n
        for s in (q.speaker, q.cue):
            if s is not None:
                assert 0 <= s.start <= s.end <= n
    for m in doc.marks:
        assert 0 <= m.start <= m.end <= n
    if ENGINE is None:
        ENGINE = get_engine()
    for f in ENGINE.check(doc):
        assert 0 <= f.start <= f.end <= n, (f.rule, f.start, f.end, n)


if __name__ == "__main__":
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()
