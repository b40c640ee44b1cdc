"""Hostile file names and article text: nothing an article's author controls
reaches the terminal or a CI log raw.

Control characters (C0, C1, newline), bidi controls and bytes that are not
UTF-8 in file names are escaped in every line written to standard output or
standard error, in every format; article text in the text report is shown
without terminal control sequences; JSON output stays valid UTF-8 JSON
(lone surrogates from an article, bytes of a name); a user pattern that
matches the empty string never lands inside a character."""

import json
import os
import re
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT

ARTICLE = 'Minister resigns\n\n"We will not back down," the minister claimed on Tuesday.\n'
#: names (bytes) an author can give an article: a workflow command, a terminal
#: title (OSC) and colour (CSI, in its 7-bit and 8-bit forms), a bidi override,
#: a carriage return, and bytes that are not UTF-8
NAMES = [
    b"x\n::stop-commands::pwn\n.md",
    b"t\x1b]0;pwned\x07\x1b[31m.txt",
    "c\u009b31m\u202etxt.md".encode(),
    b"r\rannotator: error: fake.txt",
    b"caf\xe9\xff.txt",
]
#: what may not appear raw in any line written: C0 (but tab), DEL, C1, lone surrogates; in lines
#: for people (not JSON, where they are data), bidi controls and line separators either
CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\ud800-\udfff]")
RAW = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")


def run(*args, cwd):
    """The CLI with UTF-8 standard streams that refuse what they cannot encode; output as bytes."""
    e = dict(os.environ)
    e["PYTHONPATH"] = ROOT + (os.pathsep + e["PYTHONPATH"] if e.get("PYTHONPATH") else "")
    e["PYTHONIOENCODING"] = "utf-8:strict"
    e["ANNOTATOR_CACHE_DIR"] = str(cwd).rstrip(os.sep) + "-cache"  # beside the checked files, not among them
    e.pop("CI", None)
    return subprocess.run([sys.executable, "-P", "-m", "annotator", *args], capture_output=True, cwd=str(cwd), env=e)


def lines_of(data: bytes) -> list[str]:
    text = data.decode("utf-8")  # valid UTF-8, whatever the names
    return text.split("\n")


def assert_safe(r, github: bool = False, json_out: bool = False) -> None:
    assert b"Traceback" not in r.stderr, r.stderr.decode("utf-8", "replace")
    for stream, raw in ((r.stdout, CONTROL if json_out else RAW), (r.stderr, RAW)):
        for line in lines_of(stream):
            assert not raw.search(line), line
            if line.startswith("::"):  # only annotator's own workflow commands
                assert github and re.match(r"::(error|warning|notice) file=", line), line


@pytest.fixture
def news(tmp_path):
    d = tmp_path / "news"
    d.mkdir()
    for name in NAMES:
        with open(os.path.join(os.fsencode(str(d)), name), "wb") as f:
            f.write(ARTICLE.encode())
    # an unreadable one (empty): an error line naming it
    with open(os.path.join(os.fsencode(str(d)), b"e\x1b[2J\n::error::x.txt"), "wb"):
        pass
    return tmp_path


def expected_paths() -> set[str]:
    return {os.fsdecode(b"news/" + n) for n in NAMES}


def test_escape():
    from annotator.display import escape

    assert escape("news/a.md") == "news/a.md"
    assert escape("C:\\news\\a.md") == "C:\\news\\a.md"
    assert escape("x\n::stop-commands::pwn\r\t") == "x\\n::stop-commands::pwn\\r\\t"
    assert escape("\x1b[31m\x07\x7f\x9b\x85") == "\\x1b[31m\\x07\\x7f\\x9b\\x85"
    assert escape("a\u202eb\u2066c\u2028") == "a<U+202E>b<U+2066>c<U+2028>"
    assert escape(os.fsdecode(b"caf\xe9")) == "caf\\xe9"  # the byte of a name that is not UTF-8
    assert escape("\ud800") == "<U+D800>"
    assert escape("“Oui,” dit-il — 東京") == "“Oui,” dit-il — 東京"
    assert escape(escape("a\nb")) == escape("a\nb")


@pytest.mark.parametrize("fmt", ["text", "github", "json", "jsonl", "sarif"])
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_names_are_escaped_in_every_format(news, fmt, jobs):
    r = run("check", "--format", fmt, "--jobs", jobs, "news", cwd=news)
    assert r.returncode == 3, r.stderr  # findings, and the empty file
    assert_safe(r, github=fmt == "github", json_out=fmt in ("json", "jsonl", "sarif"))
    err = r.stderr.decode()
    assert "annotator: error: news/e\\x1b[2J\\n::error::x.txt: empty file" in err
    out = r.stdout.decode()
    if fmt == "text":
        assert "news/x\\n::stop-commands::pwn\\n.md:3:39: warning neutrality.loaded-verbs" in out
        assert "news/t\\x1b]0;pwned\\x07\\x1b[31m.txt:3:39:" in out
        assert "news/c\\x9b31m<U+202E>txt.md:3:39:" in out
        assert "news/r\\rannotator: error: fake.txt:3:39:" in out
        assert "news/caf\\xe9\\xff.txt:3:39:" in out
    elif fmt == "github":
        assert "::warning file=news/x\\n%3A%3Astop-commands%3A%3Apwn\\n.md,line=3," in out
        assert "::warning file=news/caf\\xe9\\xff.txt,line=3," in out
        assert "::error file=news/e\\x1b[2J\\n%3A%3Aerror%3A%3Ax.txt,title=" in out
    elif fmt in ("json", "jsonl"):
        docs = json.loads(out) if fmt == "json" else [json.loads(x) for x in out.splitlines()]
        # the names themselves, JSON-escaped (a byte that is not UTF-8 as Python's \udcNN)
        assert {d["source"]["path"] for d in docs} == expected_paths()
        assert "\\u009b" in out and "\\udce9\\udcff" in out
    else:
        log = json.loads(out)
        uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]}
        assert "news/caf%E9%FF.txt" in uris and "news/x%0A%3A%3Astop-commands%3A%3Apwn%0A.md" in uris
        notes = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
        assert notes[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == \
            "news/e%1B%5B2J%0A%3A%3Aerror%3A%3Ax.txt"


def test_the_reproduction_with_changed_since(tmp_path):
    if shutil.which("git") is None:
        pytest.skip("git not installed")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"]
    subprocess.run([*git, "init", "-q"], cwd=tmp_path, check=True)
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "a.md").write_text(ARTICLE, encoding="utf-8")
    subprocess.run([*git, "add", "."], cwd=tmp_path, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "x"], cwd=tmp_path, check=True)
    (tmp_path / "news" / "x\n::stop-commands::pwn\n.md").write_text('H\n\n"We," he claimed.\n', encoding="utf-8")
    for fmt in ("text", "github"):
        r = run("check", "--format", fmt, "--changed-since", "HEAD", "news", cwd=tmp_path)
        assert r.returncode == 0, r.stderr  # warnings only
        assert_safe(r, github=fmt == "github")
        shown = b"news/x\\n::stop-commands::pwn\\n.md"
        assert (shown if fmt == "text" else shown.replace(b":", b"%3A")) in r.stdout


def test_warnings_and_the_progress_bar(news):
    # --fix on read-only files: a warning naming each; --progress: the bar on standard error
    for name in NAMES:
        os.chmod(os.path.join(os.fsencode(str(news / "news")), name), 0o444)
    (news / ".annotator.toml").write_text('quote_style = "curly"\n', encoding="utf-8")
    r = run("check", "--fix", "--progress", "news", cwd=news)
    assert r.returncode == 3
    # the bar's own control sequences (carriage return, erase to the end of the line) aside
    bar_free = r.stderr.replace(b"\r\x1b[K", b"").replace(b"\x1b[K", b"").replace(b"\r", b"")
    r.stderr = bar_free
    assert_safe(r)
    err = bar_free.decode()
    assert "annotator: warning: news/x\\n::stop-commands::pwn\\n.md: not fixed: the file is read-only" in err
    assert "annotator: warning: news/caf\\xe9\\xff.txt: not fixed: the file is read-only" in err


def test_diff_headers_are_escaped(tmp_path):
    name = b"d\x1b[31m\n+++ evil.txt"
    with open(os.path.join(os.fsencode(str(tmp_path)), name), "wb") as f:
        f.write('Council meets\n\n“We are ready,” the mayor said. "It is final," she added.\n'.encode())
    r = run("check", "--diff", ".", cwd=tmp_path)
    assert r.returncode == 1
    assert_safe(r)
    out = r.stdout.decode()
    assert out.startswith("--- a/./d\\x1b[31m\\n+++ evil.txt\n+++ b/./d\\x1b[31m\\n+++ evil.txt\n@@ ")


def test_non_utf8_names_with_annotate_and_baseline(news):
    for fmt in ("json", "jsonl"):
        r = run("annotate", "--format", fmt, "news", cwd=news)
        assert r.returncode == 3
        assert_safe(r, json_out=True)
        out = r.stdout.decode()
        docs = json.loads(out) if fmt == "json" else [json.loads(x) for x in out.splitlines()]
        assert {d["source"]["path"] for d in docs} == expected_paths()
    # a baseline records the names (JSON-escaped) and matches them again
    r = run("check", "--write-baseline", "base.json", "news", cwd=news)
    assert b"Traceback" not in r.stderr
    assert os.fsdecode(b"news/caf\xe9\xff.txt") in json.loads((news / "base.json").read_bytes().decode())["files"]
    r = run("check", "--baseline", "base.json", "news", cwd=news)
    assert_safe(r)
    assert r.stdout.decode().startswith("No new findings in 5 files.")  # every finding known to the baseline


def test_html_report_of_a_hostile_name(news):
    name = os.fsdecode(b"news/caf\xe9\xff.txt")
    r = run("report", name, cwd=news)
    assert r.returncode == 0, r.stderr
    assert "<code>news/caf\\xe9\\xff.txt</code>" in r.stdout.decode("utf-8")


def test_validate_names_are_escaped(tmp_path):
    bad = b"v\x1b[2J\n::error::x.json"
    with open(os.path.join(os.fsencode(str(tmp_path)), bad), "wb") as f:
        f.write(b"not json")
    with open(os.path.join(os.fsencode(str(tmp_path)), b"w\x9b\xff.json"), "wb") as f:
        f.write(b'{"schema_version": "1"}')
    r = run("validate", os.fsdecode(bad), os.fsdecode(b"w\x9b\xff.json"), cwd=tmp_path)
    assert r.returncode == 3
    assert_safe(r)
    assert r.stderr.decode().startswith("v\\x1b[2J\\n::error::x.json: error: not JSON")
    assert r.stdout.decode().startswith("w\\x9b\\xff.json: ")  # two bytes that are not UTF-8


LONE = (
    '{"headline": "Minister \\ud800 resigns", "author": "\\udc00 Jo", "date": "\\ud800", "tags": ["\\udfff"], '
    '"\\ud801": 1, "body": "\\"We will not back \\ud800 down,\\" the minister claimed."}'
)


@pytest.mark.parametrize("args", [
    ("annotate",), ("annotate", "--format", "jsonl"),
    ("check", "--format", "json"), ("check", "--format", "jsonl"), ("check", "--format", "sarif"),
    ("check",), ("check", "--format", "github"),
])
def test_lone_surrogates_in_a_json_article(tmp_path, args):
    (tmp_path / "a.json").write_text(LONE, encoding="utf-8")
    r = run(*args, "a.json", cwd=tmp_path)
    assert r.returncode in (0, 1), r.stderr
    assert_safe(r, github="github" in args, json_out=args[-1] in ("annotate", "json", "jsonl", "sarif"))
    out = r.stdout.decode("utf-8")
    if args[-1] in ("annotate", "json", "jsonl", "sarif"):
        docs = [json.loads(x) for x in out.splitlines()] if "jsonl" in args else [json.loads(out)]
        orjson = pytest.importorskip("orjson")  # a strict parser: no lone surrogate anywhere
        for line in (out.splitlines() if "jsonl" in args else [out]):
            orjson.loads(line)
        if args[0] == "annotate" or "sarif" not in args:
            d = docs[0]
            assert d["headline"]["text"].startswith("Minister \ufffd")
            assert d["byline"] == "\ufffd Jo" and d["date"] == "\ufffd"
            assert d["metadata"] == {"tags": ["\ufffd"], "\ufffd": 1}


def test_terminal_sequences_in_article_text_are_shown_not_sent(tmp_path):
    # an OSC (set title), a CSI (clear screen, 7-bit and 8-bit) and a bidi override in the text
    art = tmp_path / "a.txt"
    art.write_text(
        'Council "hi\x1b]0;pwn\x07 there" row\n\n'  # (a headline quote no one says: its text is in a message)
        "The minister \x1b[2J\u009b2J\u202e claimed it was fine.\n",
        encoding="utf-8",
    )
    r = run("check", "a.txt", cwd=tmp_path)
    assert r.returncode in (0, 1)
    assert_safe(r)
    out = r.stdout.decode()
    assert 'Headline quotes "hi\\x1b]0;pwn\\x07 there"' in out  # in a message
    shown = " 3 | The minister \\x1b[2J\\x9b2J<U+202E> claimed it was fine."
    assert shown in out  # in an excerpt
    lines = out.split("\n")
    i = next(k for k, line in enumerate(lines) if "neutrality.loaded-verbs" in line) + 1
    assert lines[i] == shown
    caret = lines[i + 1]
    assert caret.index("^") == shown.index("claimed") and caret.count("^") == len("claimed")


# -- a user pattern that matches the empty string --------------------------------------------------
def _project(tmp_path, rule: str):
    (tmp_path / ".annotator.toml").write_text('rule_dirs = ["house-rules"]\n', encoding="utf-8")
    d = tmp_path / "house-rules" / "local"
    d.mkdir(parents=True)
    (d / "r.yaml").write_text(rule, encoding="utf-8")


PATTERN_RULE = """rules:
  - id: local.r
    kind: pattern
    severity: warning
    message: "hit {match}"
    rationale: A test rule.
    pattern: "x*"
    examples:
      pass: ['a']
      fail: ['x']
"""

FIGURE_RULE = """rules:
  - id: local.f
    kind: condition
    condition: unattributed-figure
    severity: warning
    message: "figure {figure}"
    rationale: A test rule.
    figure: "(?:\\\\d+%)?"
    examples:
      pass: ['Nothing here.']
      fail: ['Prices rose 5% in May.']
"""


@pytest.mark.parametrize("rule,rid,found", [(PATTERN_RULE, "local.r", "x"), (FIGURE_RULE, "local.f", "5%")],
                         ids=["pattern", "figure"])
def test_an_empty_match_advances_by_a_character(tmp_path, rule, rid, found):
    _project(tmp_path, rule)
    text = "Café x\n\nThe café “was” 5% x closed, 東京 said. Ünïcödé x\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    r = run("check", "--format", "jsonl", "a.txt", "--select", "local", cwd=tmp_path)
    assert r.returncode in (0, 1), r.stderr.decode()
    assert b"Traceback" not in r.stderr
    findings = json.loads(r.stdout)["findings"]
    assert findings and all(f["rule"] == rid for f in findings)
    for f in findings:  # offsets are characters of the text
        assert text[f["start"]:f["end"]] == f["text"] == found
    if rid == "local.r":
        assert [f["start"] for f in findings] == [m.start() for m in re.finditer("x", text)]


def test_a_pattern_matching_single_bytes_is_refused(tmp_path):
    # RE2's \C matches one byte: a match could end inside "é"
    _project(tmp_path, PATTERN_RULE.replace('pattern: "x*"', 'pattern: "caf\\\\C"'))
    (tmp_path / "a.txt").write_text("Café x\n\nThe café was closed, she said.\n", encoding="utf-8")
    r = run("check", "a.txt", "--select", "local", cwd=tmp_path)
    assert r.returncode == 2 and b"Traceback" not in r.stderr, r.stderr
    err = r.stderr.decode().strip()
    assert err.count("\n") == 0 and "rules[0].pattern: \\C (any byte) is not allowed" in err
