"""Command-line conventions of ``annotator check`` shared with ruff, Vale and the
CI tools a newsroom already runs: comma lists, --min-severity, --statistics,
--stdin-filename, --color, --exclude and .gitignore, the ``config`` command,
GitLab and JUnit reports, and suppression comments."""

from __future__ import annotations

import json
import os

import pytest

from conftest import run_cli

ARTICLE = ("Council approves budget\n\n"
           "Notably, the council approved the budget on Monday.\n\n"
           "The mayor slammed the plan, calling it \"a disaster\".\n")


def _article(tmp_path, name="a.txt", text=ARTICLE):
    p = tmp_path / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text, encoding="utf-8")
    return p


def _rules(r):
    return sorted({f["rule"] for d in (r if isinstance(r, list) else [r]) for f in d["findings"]})


# -- --select / --ignore / --extend-select ----------------------------------------------------------
def test_select_takes_one_value_and_leaves_the_path(tmp_path):
    art = _article(tmp_path)
    r = run_cli("check", "--select", "neutrality", str(art), "--format", "json")
    assert r.returncode in (0, 1), r.stderr
    rules = _rules(json.loads(r.stdout))
    assert rules and all(x.startswith("neutrality.") for x in rules)


def test_select_comma_list_and_repeated(tmp_path):
    art = _article(tmp_path)
    r = run_cli("check", str(art), "--select", "neutrality.editorializing,quotes", "--format", "json")
    assert r.returncode in (0, 1), r.stderr
    rules = _rules(json.loads(r.stdout))
    assert "neutrality.editorializing" in rules
    assert all(x == "neutrality.editorializing" or x.startswith("quotes.") for x in rules)
    r2 = run_cli("check", str(art), "--select", "neutrality.editorializing", "--select", "quotes", "--format", "json")
    assert json.loads(r2.stdout) == json.loads(r.stdout)
    # ignore, comma list
    r = run_cli("check", str(art), "--select", "neutrality", "--ignore", "neutrality.editorializing, neutrality.loaded-verbs",
                "--format", "json")
    rules = _rules(json.loads(r.stdout))
    assert "neutrality.editorializing" not in rules and "neutrality.loaded-verbs" not in rules
    # an empty list and an unknown id are usage errors
    assert run_cli("check", str(art), "--select", ",").returncode == 2
    r = run_cli("check", str(art), "--select", "quotes,nope.rule")
    assert r.returncode == 2 and "nope.rule" in r.stderr


def test_extend_select_adds_to_the_configuration(tmp_path):
    # neutrality.emphatic-cue is off by default: --extend-select turns it on, keeping the others
    art = _article(tmp_path, text="Council approves budget\n\nNotably, it met.\n\n"
                                  '"We will build it," the mayor insisted on Monday.\n')
    r = run_cli("check", str(art), "--format", "json")
    base = _rules(json.loads(r.stdout))
    assert "neutrality.emphatic-cue" not in base and "neutrality.editorializing" in base
    r = run_cli("check", str(art), "--extend-select", "neutrality.emphatic-cue", "--format", "json")
    rules = _rules(json.loads(r.stdout))
    assert set(base) | {"neutrality.emphatic-cue"} == set(rules)
    r = run_cli("check", str(art), "--select", "neutrality.editorializing", "--extend-select", "neutrality.emphatic-cue",
                "--format", "json")
    assert _rules(json.loads(r.stdout)) == ["neutrality.editorializing", "neutrality.emphatic-cue"]


# -- suppression comments ---------------------------------------------------------------------------
SEL = ("--select", "neutrality.editorializing", "--format", "json")


def _lines_found(r):
    assert r.returncode in (0, 1), r.stderr
    return [f["line"] for f in json.loads(r.stdout)["findings"]]


@pytest.mark.parametrize("name,text", [
    ("a.md", "# Title\n\nNotably, the vote passed.\n\nNotably, it failed. <!-- annotator-disable-line neutrality.editorializing -->\n\n"
             "Notably, it ended.\n"),
    ("a.html", "<html><body><h1>Title</h1>\n<p>Notably, the vote passed.</p>\n"
               "<p>Notably, it failed.</p> <!-- annotator-disable-line neutrality.editorializing -->\n"
               "<p>Notably, it ended.</p>\n</body></html>\n"),
    ("a.txt", "Title\n\nNotably, the vote passed.\n\nNotably, it failed. <!-- annotator-disable-line neutrality.editorializing -->\n\n"
              "Notably, it ended.\n"),
])
def test_disable_line_silences_its_own_line(tmp_path, name, text):
    art = _article(tmp_path, name, text)
    lines = _lines_found(run_cli("check", str(art), *SEL))
    failed = text.splitlines().index(next(l for l in text.splitlines() if "it failed" in l)) + 1
    assert failed not in lines and len(lines) == 2


def test_disable_line_without_ids_and_with_a_reason(tmp_path):
    art = _article(tmp_path, "a.md", "# Title\n\nNotably, the regime fell. <!-- annotator-disable-line -->\n\n"
                                     "Notably, the regime rose. <!-- annotator-disable-line neutrality.editorializing "
                                     "-- the columnist's voice -->\n")
    r = run_cli("check", str(art), "--format", "json", "--extend-select", "neutrality.contentious-labels")
    assert r.returncode in (0, 1), r.stderr
    found = [(f["line"], f["rule"]) for f in json.loads(r.stdout)["findings"]]
    assert all(line != 3 for line, _ in found)
    assert (5, "neutrality.editorializing") not in found and any(line == 5 for line, _ in found)


def test_text_articles_take_comment_suppressions_out_of_the_prose(tmp_path):
    body = ("Council approves budget\n\n"
            "<!-- annotator-disable-next-line neutrality.editorializing -->\n"
            "Notably, the council approved the budget.\n\n"
            "Notably, the mayor left.\n")
    art = _article(tmp_path, "a.txt", body)
    assert _lines_found(run_cli("check", str(art), *SEL)) == [6]
    # the comment is not prose: the paragraphs are the same as without it
    from annotator.readers import read_text

    doc = read_text(body, "a.txt", "text")
    plain = read_text(body.replace("<!-- annotator-disable-next-line neutrality.editorializing -->\n", ""), "b", "text")
    assert [doc.view[p.start:p.end] for p in doc.paragraphs] == [plain.view[p.start:p.end] for p in plain.paragraphs]
    assert "annotator" not in doc.view
    # a '#' line is prose in a text article, not a directive
    hashed = _article(tmp_path, "b.txt", body.replace("<!-- annotator-disable-next-line neutrality.editorializing -->",
                                                      "# annotator-disable-next-line neutrality.editorializing"))
    assert 4 in _lines_found(run_cli("check", str(hashed), *SEL))


@pytest.mark.parametrize("comment,expect", [
    ("<!-- annotator-disable-line neutrality.nope -->", "unknown rule id 'neutrality.nope'"),
    ("<!-- annotator-disable-lines neutrality.editorializing -->", "unknown suppression directive 'annotator-disable-lines'"),
    ("<!-- annotator-disable neutrality.nope -->", "unknown rule id 'neutrality.nope'"),
])
def test_bad_suppression_comment_is_an_error_naming_file_and_line(tmp_path, comment, expect):
    bad = _article(tmp_path, "bad.md", f"# Title\n\nNotably, it met.\n\nIt met again. {comment}\n")
    good = _article(tmp_path, "good.md", "# Title\n\nNotably, it met.\n")
    r = run_cli("check", str(bad), str(good), "--fail-on", "never")
    assert r.returncode == 2
    errs = [l for l in r.stderr.splitlines() if l.startswith("annotator: error:")]
    assert len(errs) == 1 and f"{bad}:5:" in errs[0] and expect in errs[0]
    assert str(good) in r.stdout  # the other file is still checked and reported


def test_disable_line_is_not_misread_as_a_rule_id(tmp_path):
    art = _article(tmp_path, "a.md", "# Title\n\nNotably, it met. <!-- annotator-disable-line neutrality.editorializing -->\n")
    r = run_cli("check", str(art))
    assert r.returncode == 0 and "-line" not in r.stderr and r.stderr == ""


# -- --min-severity, --statistics, --color ----------------------------------------------------------------
SEED = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "examples", "putin-kazakhstan.txt")


def test_min_severity_hides_lower_findings_and_they_cannot_fail():
    every = json.loads(run_cli("check", SEED, "--format", "json").stdout)["findings"]
    sev = {f["severity"] for f in every}
    assert {"warning", "info"} <= sev
    r = run_cli("check", SEED, "--format", "json", "--min-severity", "warning")
    shown = json.loads(r.stdout)["findings"]
    assert shown == [f for f in every if f["severity"] != "info"]
    r = run_cli("check", SEED, "--min-severity", "error", "--fail-on", "info")
    assert r.returncode == 0 and r.stdout.strip() == "No findings in 1 file."
    assert run_cli("check", SEED, "--min-severity", "warning", "--fail-on", "warning").returncode == 1
    assert run_cli("check", SEED, "--min-severity", "fatal").returncode == 2


def test_statistics_counts_per_rule_and_exits_as_usual():
    every = json.loads(run_cli("check", SEED, "--format", "json").stdout)["findings"]
    want: dict = {}
    for f in every:
        want[f["rule"]] = want.get(f["rule"], 0) + 1
    r = run_cli("check", SEED, "--statistics")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    got = {l.split()[2]: int(l.split()[0]) for l in lines[:-1]}
    assert got == want
    counts = [int(l.split()[0]) for l in lines[:-1]]
    assert counts == sorted(counts, reverse=True)
    assert lines[-1].startswith(f"Found {len(every)} findings")
    assert run_cli("check", SEED, "--statistics", "--fail-on", "warning").returncode == 1
    rows = json.loads(run_cli("check", SEED, SEED, "--statistics", "--format", "json").stdout)
    assert {r["rule"]: r["count"] for r in rows} == {k: 2 * v for k, v in want.items()}
    assert all(r["severity"] in ("error", "warning", "info") and r["summary"] for r in rows)
    assert run_cli("check", SEED, "--statistics", "--format", "sarif").returncode == 2


@pytest.mark.parametrize("args,env,coloured", [
    ((), {}, False),                                   # not a terminal
    (("--color", "always"), {}, True),
    (("--color", "always"), {"NO_COLOR": "1"}, True),  # the option wins over the environment
    ((), {"FORCE_COLOR": "1"}, True),
    ((), {"FORCE_COLOR": "0"}, False),
    ((), {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
    (("--color", "never"), {"FORCE_COLOR": "1"}, False),
])
def test_color_option_and_environment(args, env, coloured):
    base = {"NO_COLOR": "", "FORCE_COLOR": ""}
    base.update(env)
    r = run_cli("check", SEED, *args, env=base)
    assert r.returncode == 0, r.stderr
    assert ("\033[" in r.stdout) == coloured


# -- --stdin-filename --------------------------------------------------------------------------------
MD = "# Council approves budget\n\nThe mayor claimed the council approved the *budget* on Monday.\n"


def test_stdin_filename_names_the_article_and_picks_format_and_configuration(tmp_path):
    (tmp_path / ".annotator.toml").write_text(
        '[[overrides]]\nfiles = ["opinion/**"]\ndisable = ["neutrality.loaded-verbs"]\n', encoding="utf-8")
    r = run_cli("check", "--stdin-filename", "news/a.md", "--format", "json", stdin=MD, cwd=str(tmp_path))
    assert r.returncode in (0, 1), r.stderr
    doc = json.loads(r.stdout)
    assert doc["source"]["path"] == "news/a.md" and doc["source"]["format"] == "markdown"
    assert "neutrality.loaded-verbs" in _rules(doc)
    r = run_cli("check", "--stdin-filename", "opinion/col.md", "-", "--format", "json", stdin=MD, cwd=str(tmp_path))
    doc = json.loads(r.stdout)
    assert doc["source"]["path"] == "opinion/col.md" and "neutrality.loaded-verbs" not in _rules(doc)
    r = run_cli("check", "--stdin-filename", "news/a.md", stdin=MD, cwd=str(tmp_path))
    assert r.stdout.startswith("news/a.md:3:11: warning neutrality.loaded-verbs")
    # a configuration error of the named folder is reported before reading
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / ".annotator.toml").write_text('disable = ["no.such"]\n', encoding="utf-8")
    r = run_cli("check", "--stdin-filename", "bad/x.md", stdin=MD, cwd=str(tmp_path))
    assert r.returncode == 2 and "no.such" in r.stderr


def test_stdin_filename_with_other_paths_or_fix_is_refused(tmp_path):
    art = _article(tmp_path)
    r = run_cli("check", "--stdin-filename", "a.md", str(art), stdin=MD)
    assert r.returncode == 2 and "--stdin-filename" in r.stderr
    assert run_cli("check", "--stdin-filename", "a.md", "--fix", stdin=MD).returncode == 2
    r = run_cli("check", "--stdin-filename", "a.md", "--diff", stdin=MD.replace("*budget*", "'budget' isn't"))
    assert r.returncode in (0, 1) and "Traceback" not in r.stderr


# -- --exclude and .gitignore -------------------------------------------------------------------------
def _tree(tmp_path):
    for name in ("news/a.md", "news/drafts/b.md", "news/c.draft.md", "news/keep.draft.md", "news/sub/d.txt",
                 "news/sub/e.txt", "news/archive/old.md", "other/f.md"):
        _article(tmp_path, name, "# Title\n\nThe council met on Monday.\n")
    (tmp_path / "news" / ".gitignore").write_text("drafts/\n*.draft.md\n!keep.draft.md\n", encoding="utf-8")
    (tmp_path / "news" / "sub" / ".gitignore").write_text("e.txt\n", encoding="utf-8")


def _checked(r):
    assert r.returncode == 0, r.stderr
    return sorted(d["source"]["path"] for d in json.loads(r.stdout))


def test_folder_scan_respects_nested_gitignore_files(tmp_path):
    _tree(tmp_path)
    r = run_cli("check", "news", "--format", "json", cwd=str(tmp_path))
    assert _checked(r) == ["news/a.md", "news/archive/old.md", "news/keep.draft.md", "news/sub/d.txt"]
    r = run_cli("check", "news", "--format", "json", "--no-respect-gitignore", cwd=str(tmp_path))
    assert len(_checked(r)) == 7
    # a file named on the command line is checked even when ignored
    r = run_cli("check", "news/drafts/b.md", "news/sub/e.txt", "--format", "json", cwd=str(tmp_path))
    assert _checked(r) == ["news/drafts/b.md", "news/sub/e.txt"]


def test_gitignore_above_the_walked_folder_counts_inside_a_repository(tmp_path):
    _tree(tmp_path)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("archive/\n", encoding="utf-8")
    r = run_cli("check", "sub", "..", "--format", "json", cwd=str(tmp_path / "news"))
    paths = _checked(r)
    assert "../news/archive/old.md" not in paths and "../other/f.md" in paths
    r = run_cli("check", ".", "--format", "json", cwd=str(tmp_path / "news"))
    assert "archive/old.md" not in _checked(r)


def test_exclude_globs(tmp_path):
    _tree(tmp_path)
    r = run_cli("check", "news", "other", "--format", "json", "--exclude", "archive,sub/*.txt",
                "--exclude", "other/", cwd=str(tmp_path))
    assert _checked(r) == ["news/a.md", "news/keep.draft.md"]
    # relative to the current folder, too; a named file is still checked
    r = run_cli("check", "news", "news/archive/old.md", "--format", "json", "--exclude", "news/archive",
                cwd=str(tmp_path))
    assert _checked(r) == ["news/a.md", "news/archive/old.md", "news/keep.draft.md", "news/sub/d.txt"]


def test_a_folder_scan_never_imports_pathspec(tmp_path):
    """.gitignore and --exclude patterns are translated by annotator/ignore.py: pathspec (~45 ms of
    imports) is a test dependency only."""
    import subprocess
    import sys

    from conftest import ROOT

    def imports(*args):
        r = subprocess.run([sys.executable, "-P", "-X", "importtime", "-m", "annotator", "check", *args],
                           capture_output=True, text=True, cwd=str(tmp_path), env={**os.environ, "PYTHONPATH": ROOT})
        assert r.returncode == 0, r.stderr[-2000:]
        return "pathspec" in r.stderr

    _article(tmp_path, "news/a.md", "# Title\n\nThe council met on Monday.\n")
    assert not imports(SEED)
    assert not imports("news")  # a folder with no .gitignore (and none above it in a repository)
    assert not imports("news", "--exclude", "drafts")
    (tmp_path / "news" / ".gitignore").write_text("drafts/\n", encoding="utf-8")
    assert not imports("news")


# -- --format gitlab / junit ----------------------------------------------------------------------------
def test_gitlab_code_quality_report(tmp_path):
    art = _article(tmp_path, "news/a.txt", ARTICLE + "\nNotably, it rained. Notably, it rained.\n")
    findings = json.loads(run_cli("check", "news/a.txt", "--format", "json", cwd=str(tmp_path)).stdout)["findings"]
    r = run_cli("check", "news/a.txt", "missing.md", "--format", "gitlab", cwd=str(tmp_path))
    assert r.returncode == 3, r.stderr
    issues = json.loads(r.stdout)
    assert len(issues) == len(findings) + 1
    mapping = {"info": "info", "warning": "major", "error": "critical"}
    for issue, f in zip(issues, findings):
        assert issue["check_name"] == f["rule"] and issue["description"].startswith(f["message"])
        assert issue["severity"] == mapping[f["severity"]]
        assert issue["location"] == {"path": "news/a.txt", "lines": {"begin": f["line"]}}
    assert len({i["fingerprint"] for i in issues}) == len(issues)  # the two equal findings differ
    last = issues[-1]
    assert last["severity"] == "blocker" and last["location"]["path"] == "missing.md"
    # an edit elsewhere keeps the fingerprints
    art.write_text("Council approves budget\n\nA new first paragraph.\n\n" + ARTICLE.split("\n\n", 1)[1]
                   + "\nNotably, it rained. Notably, it rained.\n", encoding="utf-8")
    again = json.loads(run_cli("check", "news/a.txt", "--format", "gitlab", cwd=str(tmp_path)).stdout)
    assert {i["fingerprint"] for i in again} == {i["fingerprint"] for i in issues[:-1]}
    assert [i["location"]["lines"]["begin"] for i in again] != [i["location"]["lines"]["begin"] for i in issues[:-1]]


def test_junit_report_is_valid_escaped_xml(tmp_path):
    import xml.etree.ElementTree as ET

    hostile = _article(tmp_path, 'we&ird "<name>".txt',
                       "Council <b> & \x1b[31m budget\n\nNotably, the council & the mayor met.\n\n"
                       "The mayor slammed the plan, calling it \"a <disaster> ]]> & \x0b\".\n")
    clean = _article(tmp_path, "clean.txt", "Council meets\n\nThe council met on Monday and approved the budget.\n")
    r = run_cli("check", str(hostile), str(clean), str(tmp_path / "missing.txt"), "--format", "junit")
    assert r.returncode == 3, r.stderr
    root = ET.fromstring(r.stdout.encode("utf-8"))
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [str(hostile), str(clean), str(tmp_path / "missing.txt")]
    findings = json.loads(run_cli("check", str(hostile), "--format", "json").stdout)["findings"]
    cases = suites[0].findall("testcase")
    assert len(cases) == len(findings) == int(suites[0].get("failures")) and findings
    for case, f in zip(cases, findings):
        failure = case.find("failure")
        assert failure.get("type") == f["severity"] and failure.get("message") == f["message"]
        assert case.get("name") == f"{f['rule']} at {f['line']}:{f['column']}"
        assert case.get("classname") == str(hostile)
    assert [c.find("failure") for c in suites[1].findall("testcase")] == [None]
    assert suites[2].find("testcase/error") is not None
    assert root.get("tests") == str(len(findings) + 2) and root.get("errors") == "1"


# -- annotator config PATH --------------------------------------------------------------------------
def test_config_command_prints_the_effective_configuration(tmp_path):
    import tomllib

    (tmp_path / ".annotator.toml").write_text(
        'enable = ["quotes.scare-quotes"]\ndisable = ["neutrality.intensifiers"]\n'
        'severity = { "quotes.scare-quotes" = "error" }\n'
        'quote_style = "curly"\nreject = ["slammed"]\n'
        '[[overrides]]\nfiles = ["opinion/**"]\ndisable = ["neutrality.loaded-verbs"]\n', encoding="utf-8")
    _article(tmp_path, "opinion/col.md", MD + "\nThe mayor slammed the \"plan\", which cost 40% more.\n")
    _article(tmp_path, "news/a.md", MD)
    r = run_cli("config", "opinion/col.md", cwd=str(tmp_path))
    assert r.returncode == 0, r.stderr
    assert "# from .annotator.toml" in r.stdout and "overrides[0]" in r.stdout and ": applies" in r.stdout
    data = tomllib.loads(r.stdout)
    assert data["rules"]["neutrality.intensifiers"] == "off" and data["rules"]["quotes.scare-quotes"] == "error"
    assert data["rules"]["neutrality.puffery"] == "off"  # off by default
    assert data["rules"]["neutrality.loaded-verbs"] == "off"
    assert data["quote_style"] == "curly" and data["reject"] == ["slammed"]
    news = tomllib.loads(run_cli("config", "news/a.md", cwd=str(tmp_path)).stdout)
    assert news["rules"]["neutrality.loaded-verbs"] == "warning"
    # what check runs agrees: the rules off are never reported
    found = _rules(json.loads(run_cli("check", "opinion/col.md", "--format", "json", cwd=str(tmp_path)).stdout))
    assert found and all(data["rules"][x] != "off" for x in found)
    as_json = json.loads(run_cli("config", "opinion", "--format", "json", cwd=str(tmp_path)).stdout)
    assert as_json["config_file"] == ".annotator.toml" and as_json["overrides"][0]["applies"] is None
    assert as_json["rules"]["neutrality.loaded-verbs"] == "warning"  # a folder: overrides not applied
    # defaults, errors
    r = run_cli("config", str(SEED))
    assert r.returncode == 0 and "built-in defaults" in r.stdout or ".toml" in r.stdout
    assert run_cli("config", str(tmp_path / "missing.md")).returncode == 3
    (tmp_path / ".annotator.toml").write_text('disable = ["no.such"]\n', encoding="utf-8")
    r = run_cli("config", "news/a.md", cwd=str(tmp_path))
    assert r.returncode == 2 and "no.such" in r.stderr and len(r.stderr.splitlines()) == 1


def test_bad_patterns(tmp_path):
    _tree(tmp_path)
    (tmp_path / "news" / ".gitignore").write_text("[z-a]\n!\ndrafts/\n", encoding="utf-8")  # git skips bad lines
    r = run_cli("check", "news", "--format", "json", cwd=str(tmp_path))
    assert "news/drafts/b.md" not in _checked(r) and "news/a.md" in _checked(r)
    r = run_cli("check", "news", "--exclude", "[z-a]", cwd=str(tmp_path))
    assert r.returncode == 2 and "--exclude" in r.stderr and "[z-a]" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.parametrize("nl", ["\n", "\r\n", "\r"])
def test_disable_line_with_any_line_ending(tmp_path, nl):
    text = nl.join(["# Title", "", "Notably, one.", "", "Notably, two. <!-- annotator-disable-line -->", "",
                    "Notably, three.", ""])
    art = tmp_path / "a.md"
    art.write_bytes(text.encode("utf-8"))
    assert _lines_found(run_cli("check", str(art), *SEL)) == [3, 7]


# -- options and paths in any order ------------------------------------------------------------------
def test_paths_may_come_before_and_after_options(tmp_path):
    # ruff takes `ruff check a/ --select X b/`; argparse alone stopped taking paths at the first
    # option and refused b/ ("unrecognized arguments")
    a = _article(tmp_path, "news/a.txt")
    b = _article(tmp_path, "opinion/b.txt")
    r = run_cli("check", str(a.parent), "--select", "neutrality.editorializing", str(b), "--format", "json")
    assert r.returncode in (0, 1), r.stderr
    docs = json.loads(r.stdout)
    assert sorted(os.path.basename(d["source"]["path"]) for d in docs) == ["a.txt", "b.txt"]
    assert _rules(docs) == ["neutrality.editorializing"]
    # "--" still ends the options: a path that starts with "-"
    dash = _article(tmp_path, "-dash.txt")
    r = run_cli("check", "--select", "neutrality.editorializing", "--format", "json", "--", dash.name, cwd=str(tmp_path))
    assert r.returncode in (0, 1), r.stderr
    assert json.loads(r.stdout)["source"]["path"] == "-dash.txt"


def test_summary_counts_the_files_that_could_not_be_read(tmp_path):
    # "Found 1 finding ... in 1 of 1 file." after three inputs, two of them unreadable, read as if
    # only one had been given
    art = _article(tmp_path)
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02")
    r = run_cli("check", str(art), str(tmp_path / "missing.md"), str(tmp_path / "binary.txt"),
                "--select", "neutrality.loaded-verbs")
    assert r.returncode == 3
    assert r.stdout.splitlines()[-1] == "Found 1 finding (1 warning) in 1 of 1 file. 2 files could not be read."
    r = run_cli("check", str(tmp_path / "missing.md"))
    assert r.returncode == 3 and r.stdout.strip() == "No findings in 0 files. 1 file could not be read."
    r = run_cli("check", str(art), "--select", "neutrality.loaded-verbs")
    assert r.stdout.splitlines()[-1] == "Found 1 finding (1 warning) in 1 of 1 file."
    r = run_cli("check", str(tmp_path / "missing.md"), "--format", "github")
    assert r.stderr.splitlines()[-1] == "No findings in 0 files. 1 file could not be read."


def test_config_of_an_article_applies_the_type_it_declares(tmp_path):
    # an article that says `type: opinion` runs the neutrality pack as info in check; `config` on it
    # printed the folder's severities (loaded verbs a warning) as the configuration in force there
    import tomllib

    view = _article(tmp_path, "news/view.md", "---\ntitle: Our view\ntype: opinion\n---\n\n"
                                              "The mayor claimed the budget was balanced. Clearly, the council got this wrong.\n")
    _article(tmp_path, "news/a.md", "---\ntitle: Vote\n---\n\nThe mayor claimed the budget was balanced.\n")
    r = run_cli("config", "news/view.md", cwd=str(tmp_path))
    assert r.returncode == 0, r.stderr
    assert "# article type: opinion, from its front matter" in r.stdout
    rules = tomllib.loads(r.stdout)["rules"]
    found = json.loads(run_cli("check", str(view), "--format", "json").stdout)["findings"]
    assert "neutrality.loaded-verbs" in [f["rule"] for f in found]
    assert found and all(rules[f["rule"]] == f["severity"] for f in found)
    assert rules["neutrality.loaded-verbs"] == "info"
    news = run_cli("config", "news/a.md", cwd=str(tmp_path))
    assert tomllib.loads(news.stdout)["rules"]["neutrality.loaded-verbs"] == "warning"
    assert "article type" not in news.stdout
    as_json = json.loads(run_cli("config", "news/view.md", "-f", "json", cwd=str(tmp_path)).stdout)
    assert as_json["article_type"] == "opinion" and as_json["rules"]["neutrality.loaded-verbs"] == "info"


def test_an_unknown_configuration_key_names_the_table_it_is_in(tmp_path):
    # a typo in .annotator.toml is at its top level; only pyproject.toml has a [tool.annotator] table
    art = tmp_path / "a.txt"
    art.write_text("H\n\nHello.\n", encoding="utf-8")
    (tmp_path / ".annotator.toml").write_text('quote_stlye = "curly"\n', encoding="utf-8")
    r = run_cli("check", str(art), cwd=str(tmp_path))
    assert r.returncode == 2 and "unknown key 'quote_stlye'" in r.stderr, r.stderr
    assert "[tool.annotator]" not in r.stderr and ".annotator.toml" in r.stderr
    (tmp_path / ".annotator.toml").unlink()
    (tmp_path / "pyproject.toml").write_text('[tool.annotator]\nquote_stlye = "curly"\n', encoding="utf-8")
    r = run_cli("check", str(art), cwd=str(tmp_path))
    assert r.returncode == 2 and "unknown key 'quote_stlye' in [tool.annotator]" in r.stderr, r.stderr


def test_a_mistyped_rule_id_or_pack_gets_a_suggestion_wherever_it_is_named(tmp_path):
    """ruff's and git's "did you mean": a one-letter slip in --select, the configuration, a
    suppression comment or explain names the rule meant; nothing close gets no guess."""
    art = _article(tmp_path, "a.md", "# Title\n\nNotably, it met.\n")
    cases = [
        (("check", "--select", "quotes.scare-quote", str(art)), "(did you mean quotes.scare-quotes?)"),
        (("check", "--ignore", "neutrality,quote", str(art)), "unknown rule or pack 'quote' (did you mean quotes?)"),
        (("explain", "scare-quotes"), "(did you mean quotes.scare-quotes?)"),
        (("explain", "zzzz"), "unknown rule 'zzzz' (see 'annotator rules')"),
        (("explain", "loaded-verbs"), "(did you mean ne.loaded-verbs, neutrality.loaded-verbs?)"),
        (("check", "--select", "zzzz", str(art)), "unknown rule or pack 'zzzz'\n"),
    ]
    for args, expect in cases:
        r = run_cli(*args, cwd=str(tmp_path))
        assert r.returncode == 2 and expect in r.stderr and "Traceback" not in r.stderr, (args, r.stderr)
    _article(tmp_path, "b.md", "# Title\n\nNotably, it met. <!-- annotator-disable-line neutrality.editorialising -->\n")
    r = run_cli("check", "b.md", cwd=str(tmp_path))
    assert r.returncode == 2 and "b.md:3:" in r.stderr
    assert "(did you mean neutrality.editorializing?)" in r.stderr, r.stderr
    (tmp_path / ".annotator.toml").write_text('enable = ["hygiene.long-sentences"]\n', encoding="utf-8")
    r = run_cli("check", "a.md", cwd=str(tmp_path))
    assert r.returncode == 2 and "(did you mean hygiene.long-sentence?)" in r.stderr, r.stderr


def test_a_pack_where_a_rule_id_is_wanted_is_named_as_a_pack_not_suggested_back(tmp_path):
    """'explain neutrality' or 'disable = ["neutrality"]': never '(did you mean neutrality?)'."""
    art = _article(tmp_path, "a.md", "# Title\n\nNotably, it met.\n")
    r = run_cli("explain", "neutrality", cwd=str(tmp_path))
    assert r.returncode == 2 and "did you mean" not in r.stderr, r.stderr
    assert "'neutrality' is a pack; its rules: 'annotator rules neutrality'" in r.stderr, r.stderr
    (tmp_path / ".annotator.toml").write_text('disable = ["neutrality"]\n', encoding="utf-8")
    r = run_cli("check", str(art), cwd=str(tmp_path))
    assert r.returncode == 2 and "unknown rule id 'neutrality' ('neutrality' is a pack" in r.stderr, r.stderr
    assert "Traceback" not in r.stderr
