"""atheris harness for what issue 12 added to the paths an attacker reaches:
the first byte picks one of

* **names**: a file name of arbitrary bytes (not UTF-8, control characters,
  C1, bidi controls, newlines) on a small article; the text report, GitHub
  annotations, error lines and JSON output must hold no raw control or bidi
  character, every GitHub line must be one workflow command, and the JSON
  must be valid UTF-8 that reads back;
* **json**: a JSON article whose headline and body carry arbitrary ``\\uXXXX``
  escapes (lone surrogates included): reading raises nothing but InputError,
  and the annotation JSON is valid UTF-8 that reads back;
* **patterns**: a rule file with an arbitrary RE2 pattern (from an alphabet
  of atoms: empty matches, classes, alternations, Unicode) run over arbitrary
  text: loading raises nothing but RuleError, and every finding lies within
  the text on character boundaries.

    PYTHONPATH=. python3 fuzz/fuzz_outputs.py -max_total_time=600 /tmp/corpus-outputs
"""

import json
import os
import sys
import tempfile

import atheris

with atheris.instrument_imports():
    from annotator.analysis import analyse
    from annotator.display import escape
    from annotator.engine import Engine, RuleError, get_engine
    from annotator.engine.loader import _Lexicons, load_file
    from annotator.readers import InputError, read_text
    from annotator.report.github import error_line
    from annotator.report.github import format_document as github
    from annotator.report.text import format_document as text_report
    from annotator.serialize import dumps, to_dict

ARTICLE = 'Council vote\n\n"We won," the mayor claimed. It\'s \'final\', she said.\n'
RAW = {chr(c) for c in range(0x20)} | {chr(c) for c in range(0x7F, 0xA0)} | {
    "\u061c", "\u200e", "\u200f", "\u2028", "\u2029", *map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A))}
ATOMS = ["", "a", "b", ".", ".*", "x*", "()", "(a|)", "[^a]", "\\w+", "\\b", "^", "$", "é", "\u201c", "\u00e9?",
         "(?i)", "[\u0900-\u097f]", "\\d", "|", "?", "+", "{0,2}", "\\s", "(", ")", "[", "]", "\\", "\\pL", "\\C"]
ENGINE = None
RULES = tempfile.mkdtemp(prefix="fuzz-rules-")


def _no_raw(s: str, where: str, allow_newline: bool = True) -> None:
    for ch in s:
        if ch in RAW and not (allow_newline and ch == "\n"):
            raise AssertionError(f"{where}: raw {ch!r}")


def names(fdp) -> None:
    global ENGINE
    raw = fdp.ConsumeBytes(fdp.ConsumeIntInRange(1, 40)).replace(b"\0", b"_").replace(b"/", b"_") or b"x"
    path = os.fsdecode(raw) + ".txt"
    doc = analyse(read_text(ARTICLE, path, "text"))
    if ENGINE is None:
        ENGINE = get_engine()
    ENGINE.check(doc)
    assert doc.findings
    out = text_report(doc, False)
    for line in out.split("\n"):
        _no_raw(line, "text report", allow_newline=False)
    gh = github(doc)
    for line in gh.rstrip("\n").split("\n"):
        assert line.startswith("::") and line.count("::") >= 2, line
        _no_raw(line, "github", allow_newline=False)
    for line in error_line(path, "cannot read", 1, 1).split("\n"):
        assert line.startswith("::error ")
    _no_raw(escape(path), "escape", allow_newline=False)
    js = dumps(to_dict(doc))
    encoded = js.encode("utf-8", "surrogateescape")
    try:
        encoded.decode("utf-8")
    except UnicodeDecodeError:
        # a name that is not UTF-8 is written surrogate-escaped: still one JSON value Python reads back
        pass
    back = json.loads(js)
    assert back["source"]["path"] == path


def json_article(fdp) -> None:
    def field() -> str:
        parts = []
        for _ in range(fdp.ConsumeIntInRange(0, 12)):
            if fdp.ConsumeBool():
                parts.append("\\u%04x" % fdp.ConsumeIntInRange(0, 0xFFFF))
            else:
                parts.append(json.dumps(fdp.ConsumeUnicodeNoSurrogates(6))[1:-1])
        return "".join(parts)

    src = '{"headline": "%s", "body": "%s"}' % (field() or "H", field() + " the mayor said.")
    try:
        doc = read_text(src, "fuzz.json", "json")
    except InputError:
        return
    analyse(doc)
    get_engine().check(doc)
    js = dumps(to_dict(doc))
    js.encode("utf-8")  # no lone surrogate left raw
    json.loads(js)


def patterns(fdp) -> None:
    pattern = "".join(ATOMS[fdp.ConsumeIntInRange(0, len(ATOMS) - 1)] for _ in range(fdp.ConsumeIntInRange(1, 8)))
    text = "Head\n\n" + fdp.ConsumeUnicodeNoSurrogates(fdp.ConsumeIntInRange(0, 200))
    rule = ("rules:\n  - id: fuzz.p\n    kind: pattern\n    severity: info\n    message: 'hit {match}'\n"
            "    rationale: fuzz\n    pattern: " + json.dumps(pattern) + "\n"
            "    examples: {pass: [], fail: []}\n")
    os.makedirs(os.path.join(RULES, "fuzz"), exist_ok=True)
    path = os.path.join(RULES, "fuzz", "p.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(rule)
    try:
        specs = load_file(path, "fuzz", _Lexicons([RULES]))
        engine = Engine(specs)
    except RuleError:
        return
    try:
        doc = read_text(text, "fuzz.txt", "text")
    except InputError:
        return
    analyse(doc)
    n = len(doc.text)
    for f in engine.check(doc):
        assert 0 <= f.start <= f.end <= n, (pattern, f.start, f.end, n)
        doc.text[f.start:f.end].encode("utf-8")  # whole characters


def TestOneInput(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    (names, json_article, patterns)[fdp.ConsumeIntInRange(0, 2)](fdp)


if __name__ == "__main__":
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()
