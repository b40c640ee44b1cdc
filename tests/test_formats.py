"""check's output formats for CI (SARIF, GitHub workflow commands), --output and the exit codes."""

import json
import os
import re

import pytest
from conftest import ROOT, SEED, run_cli, shared_path

from annotator.report.github import command, escape_data, escape_property

CLEAN = "Council meets\n\nThe council met on Monday and approved the budget.\n"
# quotes.unbalanced is an error; the rest are warnings or info
FAULTY = 'Council meets\n\nNotably, the council met on Monday. "We approved the budget, the mayor said.\n'


def _json_findings(*paths, cwd=None):
    r = run_cli("check", "--format", "jsonl", *paths, cwd=cwd)
    assert r.returncode in (0, 1), r.stderr
    docs = [json.loads(line) for line in r.stdout.splitlines()]
    return [(d["source"]["path"], f) for d in docs for f in d["findings"]]


# -- SARIF ---------------------------------------------------------------------------------------------
def _sarif(*args, cwd=None):
    r = run_cli("check", "--format", "sarif", *args, cwd=cwd)
    return r, json.loads(r.stdout)


def test_sarif_validates_against_the_official_schema(tmp_path):
    import jsonschema

    schema_file = shared_path("schemas", "sarif-2.1.0.json")
    with open(schema_file, encoding="utf-8") as f:
        schema = json.load(f)
    (tmp_path / "a.txt").write_text(FAULTY, encoding="utf-8")
    r, log = _sarif(SEED, str(tmp_path / "a.txt"), str(tmp_path / "missing.md"))
    assert r.returncode == 3  # an unreadable input; the others are still in the log
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])
    run = log["runs"][0]
    assert log["version"] == "2.1.0"
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert run["invocations"][0]["executionSuccessful"] is False
    assert len(notes) == 1 and notes[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith(
        "missing.md")
    # the clean run validates too
    r, log = _sarif(SEED)
    assert r.returncode == 0 and not list(validator.iter_errors(log))


def test_sarif_results_match_the_findings():
    r, log = _sarif(SEED)
    run = log["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    rules = run["tool"]["driver"]["rules"]
    ids = [x["id"] for x in rules]
    assert ids == sorted(ids) and "quotes.scare-quotes" in ids
    for rule in rules:
        assert rule["help"]["text"].startswith(rule["fullDescription"]["text"])
        assert rule["shortDescription"]["text"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
    scare = rules[ids.index("quotes.scare-quotes")]
    assert "Flagged:" in scare["help"]["text"] and "Not flagged:" in scare["help"]["text"]
    assert "**Flagged:**" in scare["help"]["markdown"]

    expected = _json_findings(SEED)
    results = run["results"]
    assert len(results) == len(expected) > 8
    level = {"error": "error", "warning": "warning", "info": "note"}
    text = open(SEED, encoding="utf-8").read()
    for res, (_, f) in zip(results, expected):
        assert res["ruleId"] == f["rule"] and rules[res["ruleIndex"]]["id"] == f["rule"]
        assert res["level"] == level[f["severity"]]
        assert res["message"]["text"].startswith(f["message"])
        loc = res["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"] == {"uri": "examples/putin-kazakhstan.txt", "uriBaseId": "%SRCROOT%"}
        reg = loc["region"]
        assert (reg["startLine"], reg["startColumn"], reg["endLine"], reg["endColumn"]) == (
            f["line"], f["column"], f["end_line"], f["end_column"])
        assert reg["snippet"]["text"] == text[f["start"]:f["end"]] == f["text"]
    fps = [res["partialFingerprints"]["annotator/v1"] for res in results]
    assert len(set(fps)) == len(fps)
    # the quote-style finding carries its fix as SARIF replacements
    qs = next(res for res in results if res["ruleId"] == "consistency.quote-style")
    reps = qs["fixes"][0]["artifactChanges"][0]["replacements"]
    assert [x["insertedContent"]["text"] for x in reps] == ['"', '"']


def test_sarif_columns_count_code_points(tmp_path):
    # two emoji (each two UTF-16 code units) before the finding on its line
    art = tmp_path / "emoji.txt"
    art.write_text("Council meets\n\n\U0001F600\U0001F600 The mayor claimed the budget was balanced.\n", encoding="utf-8")
    r, log = _sarif(str(art), "--select", "neutrality.loaded-verbs")
    (res,) = log["runs"][0]["results"]
    reg = res["locations"][0]["physicalLocation"]["region"]
    col = 4 + len("The mayor ")
    assert (reg["startLine"], reg["startColumn"], reg["endColumn"]) == (3, col, col + len("claimed"))
    assert log["runs"][0]["columnKind"] == "unicodeCodePoints"


def test_sarif_fingerprint_survives_an_edit_above(tmp_path):
    art = tmp_path / "a.txt"
    art.write_text(FAULTY, encoding="utf-8")
    _, before = _sarif(str(art))
    art.write_text(FAULTY.replace("\n\n", "\n\nA new first paragraph.\n\n", 1), encoding="utf-8")
    _, after = _sarif(str(art))

    def fps(log):
        return {(x["ruleId"], x["partialFingerprints"]["annotator/v1"]) for x in log["runs"][0]["results"]}

    lines = lambda log: [x["locations"][0]["physicalLocation"]["region"]["startLine"] for x in log["runs"][0]["results"]]  # noqa: E731
    assert lines(before) != lines(after)
    assert fps(before) <= fps(after)


# -- GitHub workflow commands --------------------------------------------------------------------------
_CMD = re.compile(r"^::(?P<cmd>[a-z]+)(?: (?P<props>[^:]*))?::(?P<data>.*)$")


def _unescape(s: str) -> str:
    return re.sub(r"%(25|0D|0A|3A|2C)", lambda m: {"25": "%", "0D": "\r", "0A": "\n", "3A": ":", "2C": ","}[m.group(1)], s)


def parse_workflow_command(line: str):
    """(command, properties, message) of one workflow command line; raises on anything else."""
    m = _CMD.match(line)
    assert m, f"not a workflow command: {line!r}"
    assert "\r" not in line and "\n" not in line
    props = {}
    if m.group("props"):
        for part in m.group("props").split(","):
            k, sep, v = part.partition("=")
            assert sep and k and k not in props, line
            props[k] = _unescape(v)
    return m.group("cmd"), props, _unescape(m.group("data"))


def test_escaping_round_trips():
    nasty = "50% done,\r\nnext: 100%0A literally"
    assert "\n" not in escape_data(nasty) and "\r" not in escape_data(nasty)
    assert "," not in escape_property(nasty) and ":" not in escape_property(nasty)
    line = command("warning", nasty, file="a,b:c%.md", line=3, title=nasty)
    cmd, props, msg = parse_workflow_command(line)
    assert (cmd, props, msg) == ("warning", {"file": "a,b:c%.md", "line": "3", "title": nasty}, nasty)
    assert command("notice", "plain") == "::notice::plain"


def test_github_lines_parse_back_to_the_findings(tmp_path):
    # a file name with a comma, a colon and a percent sign, and the seed's "43% of the world's uranium"
    odd = tmp_path / "a,b:c%.txt"
    odd.write_text(FAULTY, encoding="utf-8")
    r = run_cli("check", "--format", "github", SEED, str(odd))
    assert r.returncode == 1, r.stderr  # quotes.unbalanced is an error
    lines = r.stdout.splitlines()
    expected = _json_findings(SEED, str(odd))
    assert len(lines) == len(expected)
    level = {"error": "error", "warning": "warning", "info": "notice"}
    for line, (path, f) in zip(lines, expected):
        cmd, props, msg = parse_workflow_command(line)
        assert cmd == level[f["severity"]]
        # relative to the working folder (ROOT) when below it, else absolute (test_walkthrough.py)
        assert os.path.join(ROOT, props["file"]) == os.path.abspath(path)
        assert props["line"] == str(f["line"]) and props["endLine"] == str(f["end_line"])
        if f["line"] == f["end_line"]:
            assert props["col"] == str(f["column"]) and props["endColumn"] == str(f["end_column"])
        else:  # the runner drops columns of a multi-line annotation
            assert "col" not in props and "endColumn" not in props
        assert props["title"].startswith(f["rule"])
        want = f["message"] + (f"\n= {f['suggestion']}" if f["suggestion"] else "")
        assert msg == want
    assert any("%25" in line for line in lines)  # 43% escaped
    assert any("a%2Cb%3Ac%25.txt" in line for line in lines)
    assert "Found" in r.stderr  # the summary goes to the log, not among the commands


def test_github_reports_unreadable_inputs(tmp_path):
    (tmp_path / "ok.txt").write_text(CLEAN, encoding="utf-8")
    r = run_cli("check", "--format", "github", str(tmp_path / "ok.txt"), str(tmp_path / "gone.md"))
    assert r.returncode == 3
    (line,) = r.stdout.splitlines()
    cmd, props, msg = parse_workflow_command(line)
    assert cmd == "error" and props["file"].endswith("gone.md") and "no such file" in msg


@pytest.mark.parametrize("command", ["check", "annotate"])
def test_json_of_a_single_unreadable_file_is_still_json(tmp_path, command):
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"ab\xc3(cd\n")  # not UTF-8
    r = run_cli(command, "--format", "json", str(bad))
    assert r.returncode == 3
    assert json.loads(r.stdout) == []  # no documents, but valid JSON for the tool reading it
    (line,) = r.stderr.splitlines()
    assert line.startswith(f"annotator: error: {bad}:1:3: invalid utf-8")
    out = tmp_path / "out.json"
    r = run_cli(command, "--format", "json", str(bad), "--output", str(out))
    assert r.returncode == 3 and json.loads(out.read_text(encoding="utf-8")) == []


# -- --output ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["text", "json", "jsonl", "sarif", "github"])
def test_output_file_for_every_format(tmp_path, fmt):
    out = tmp_path / f"out.{fmt}"
    r = run_cli("check", SEED, "--format", fmt, "--output", str(out))
    assert r.returncode == 0 and r.stdout == ""
    body = out.read_text(encoding="utf-8")
    assert body == run_cli("check", SEED, "--format", fmt).stdout
    assert not [p for p in os.listdir(tmp_path) if p.endswith(".tmp")]


def test_output_left_alone_when_the_run_fails(tmp_path):
    good = tmp_path / "a"
    bad = tmp_path / "b"
    good.mkdir()
    bad.mkdir()
    (good / "x.txt").write_text(CLEAN, encoding="utf-8")
    (bad / "y.txt").write_text(CLEAN, encoding="utf-8")
    (bad / ".annotator.toml").write_text('disable = ["no.such-rule"]\n', encoding="utf-8")
    out = tmp_path / "report.sarif"
    out.write_text("previous report\n", encoding="utf-8")
    r = run_cli("check", str(good), str(bad), "--format", "sarif", "--output", str(out))
    assert r.returncode == 2 and "no.such-rule" in r.stderr
    assert out.read_text(encoding="utf-8") == "previous report\n"
    assert sorted(os.listdir(tmp_path)) == ["a", "b", "report.sarif"]


# -- exit codes --------------------------------------------------------------------------------------------
def test_exit_codes(tmp_path):
    clean = tmp_path / "clean.txt"
    clean.write_text(CLEAN, encoding="utf-8")
    faulty = tmp_path / "faulty.txt"
    faulty.write_text(FAULTY, encoding="utf-8")
    warn = tmp_path / "warn.txt"
    warn.write_text("Council meets\n\nThe mayor claimed the budget was balanced.\n", encoding="utf-8")
    info = tmp_path / "info.txt"  # only an info finding: a partial quotation
    info.write_text('Council meets\n\nThe mayor called the budget "balanced" on Monday.\n', encoding="utf-8")
    sev = lambda p: {f["severity"] for _, f in _json_findings(str(p))}  # noqa: E731
    assert sev(clean) == set() and sev(warn) == {"warning"} and sev(info) == {"info"} and "error" in sev(faulty)

    def code(*args):
        return run_cli("check", *args).returncode

    # 0: nothing at or above --fail-on (default error); 1: something at or above it
    assert code(str(clean)) == 0
    assert code(str(warn)) == 0
    assert code(str(faulty)) == 1
    assert code(str(warn), "--fail-on", "warning") == 1
    assert code(str(info), "--fail-on", "warning") == 0
    assert code(str(info), "--fail-on", "info") == 1
    assert code(str(faulty), "--fail-on", "never") == 0
    assert code(str(clean), "--fail-on", "info") == 0
    for fmt in ("json", "jsonl", "sarif", "github"):
        assert code(str(faulty), "--format", fmt) == 1
        assert code(str(clean), "--format", fmt) == 0
    # 2: usage or configuration errors
    assert code(str(clean), "--fail-on", "sometimes") == 2
    assert code(str(clean), "--format", "xml") == 2
    assert code(str(clean), "--select", "nope.rule") == 2
    assert code() == 2
    assert code(str(clean), "--fix", "--diff") == 2
    (tmp_path / "cfg.toml").write_text('quote_style = "fancy"\n', encoding="utf-8")
    r = run_cli("check", str(clean), "--config", str(tmp_path / "cfg.toml"))
    assert r.returncode == 2 and "quote_style" in r.stderr
    # 3: an input could not be read; the others are still checked and reported; 3 wins over 1
    r = run_cli("check", str(faulty), str(tmp_path / "missing.txt"))
    assert r.returncode == 3 and "missing.txt" in r.stderr and "quotes.unbalanced" in r.stdout
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02")
    r = run_cli("check", str(clean), str(tmp_path / "binary.txt"))
    assert r.returncode == 3 and "No findings in 1 file." in r.stdout
