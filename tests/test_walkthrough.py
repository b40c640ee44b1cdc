"""First-contact defects found by walking through README.md and examples/newsroom as a new
user would (issue 17, "Done when"): each test failed before its fix."""

import re
from pathlib import Path

from conftest import ROOT, run_cli


def test_rules_listing_ends_with_a_blank_line_and_the_count():
    # the count's line was escaped as one printable line, so a new user saw a literal "\n"
    # glued to it: '\n47 rules (10 off: ...)'
    r = run_cli("rules")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert "\\n" not in r.stdout
    assert lines[-2] == ""
    assert re.fullmatch(r"\d+ rules( \(\d+ off: switch on with enable = \[\.\.\.\] in the configuration\))?",
                        lines[-1]), lines[-1]


def test_style_message_does_not_call_an_article_in_one_style_mixed(tmp_path):
    # the newsroom example's archive story is all in straight marks, against a curly house style:
    # "Mixed quotation marks: 2 straight (line 9), curly as the house style" said it mixed them
    import json

    (tmp_path / ".annotator.toml").write_text('quote_style = "curly"\n', encoding="utf-8")
    (tmp_path / "a.md").write_text('# Bridge\n\n"We found out from a sign," said Lin Park. The council\'s plan.\n',
                                   encoding="utf-8")
    r = run_cli("check", "a.md", "--select", "consistency", "-f", "json", cwd=str(tmp_path))
    messages = {f["rule"]: f["message"] for f in json.loads(r.stdout)["findings"]}
    assert messages == {
        "consistency.quote-style": "Quotation marks: 1 straight (line 3), curly as the house style",
        "consistency.apostrophe-style": "Apostrophes: 1 straight (line 3), curly as the house style",
    }


def test_a_quotation_in_character_references_is_one_occurrence(tmp_path):
    # HTML from a CMS writes its curly marks as &ldquo; ... &rdquo;: the pair was two occurrences
    # ("2 curly"), the finding's span the opening reference alone, where "“We won,”" is one
    import json

    p = tmp_path / "a.html"
    p.write_text('<html><body><h1>Vote</h1><p>&ldquo;We won,&rdquo; she said. "It is late," he said. '
                 '"Go home," they said.</p></body></html>\n', encoding="utf-8")
    r = run_cli("check", str(p), "--select", "consistency.quote-style", "-f", "json")
    (f,) = json.loads(r.stdout)["findings"]
    text = p.read_text(encoding="utf-8")
    assert f["message"].split(":")[1].strip().startswith("1 curly (line 1)")
    assert text[f["start"]:f["end"]] == "&ldquo;We won,&rdquo;"
    assert [text[e["start"]:e["end"]] for e in f["fix"]] == ["&ldquo;", "&rdquo;"]


def test_an_extra_path_is_refused_with_the_command_s_own_usage(tmp_path):
    # "annotator report a.md b.md" (report takes one article) printed the top-level usage
    # ("usage: annotator [-h] [--version] COMMAND ...") and "annotator: error", which names no
    # command and shows no PATH; now the command's usage and "annotator report: error"
    (tmp_path / "a.md").write_text("# Title\n\nThe council met on Monday.\n", encoding="utf-8")
    r = run_cli("report", "a.md", "b.md", "-o", "out.html", cwd=str(tmp_path))
    assert r.returncode == 2
    assert "annotator report: error: unrecognized arguments: b.md" in r.stderr
    assert "usage: annotator report" in r.stderr and "COMMAND" not in r.stderr
    assert not (tmp_path / "out.html").exists()
    r = run_cli("check", "a.md", "--no-such-option", cwd=str(tmp_path))
    assert r.returncode == 2
    assert "annotator check: error: unrecognized arguments: --no-such-option" in r.stderr
    # the same after "--" (paths that start with "-" take the plain parse)
    r = run_cli("report", "-o", "out.html", "--", "a.md", "b.md", cwd=str(tmp_path))
    assert r.returncode == 2
    assert "annotator report: error: unrecognized arguments: b.md" in r.stderr
    assert "usage: annotator report" in r.stderr and "COMMAND" not in r.stderr


def test_rules_readme_names_every_complement_a_lexicon_entry_takes():
    # rules/README.md's table of lexicon entries listed clause, indicative, comment and speech
    # after prec19 added statement and predicative to the model (and to the shipped lexicons)
    import typing

    from annotator.models import LexiconEntry

    values = typing.get_args(typing.get_args(LexiconEntry.model_fields["complement"].annotation)[0])
    assert {"clause", "speech", "statement", "predicative"} <= set(values)
    row = next(line for line in (Path(ROOT) / "rules" / "README.md").read_text(encoding="utf-8").splitlines()
               if line.startswith("| `complement` |"))
    assert all(f"`{v}`" in row for v in values), [v for v in values if f"`{v}`" not in row]


def test_github_annotations_name_the_file_as_the_repository_has_it(tmp_path):
    # `annotator check . --format github`, a workflow's first try, wrote file=./news/a.md, and from a
    # subfolder `check ../news` file=../news/a.md: GitHub lists such annotations in the run's log but
    # shows none on the pull request's files. Below the working folder: relative, no "./"; above
    # it: absolute (the runner makes that relative to the workspace)
    news = tmp_path / "news"
    news.mkdir()
    (news / "a.md").write_text("# Vote\n\nThe mayor claimed the budget was balanced.\n", encoding="utf-8")
    (tmp_path / "opinion").mkdir()
    sel = ("--select", "neutrality.loaded-verbs", "--format", "github")

    def files(r):
        assert r.returncode == 0, r.stderr
        return re.findall(r"file=([^,]+),", r.stdout)

    assert files(run_cli("check", ".", *sel, cwd=str(tmp_path))) == ["news/a.md"]
    assert files(run_cli("check", "./news/", *sel, cwd=str(tmp_path))) == ["news/a.md"]
    assert files(run_cli("check", "../news", *sel, cwd=str(tmp_path / "opinion"))) == [str(news / "a.md")]
    # an unreadable input's annotation too
    r = run_cli("check", "./news/missing.md", *sel, cwd=str(tmp_path))
    assert r.returncode == 3 and "::error file=news/missing.md," in r.stdout


def test_config_output_says_its_rules_table_is_a_view(tmp_path):
    # `annotator config news > .annotator.toml` looks like a way to start a configuration, but the
    # printed [rules] table is no configuration key: every later run stopped on "unknown key 'rules'".
    # Every other printed key is one; the table's header says how to write its settings instead
    import tomllib

    from annotator.engine.config import KEYS

    (tmp_path / "a.md").write_text("# Vote\n\nThe mayor said the budget was balanced.\n", encoding="utf-8")
    r = run_cli("config", "a.md", cwd=str(tmp_path))
    assert r.returncode == 0, r.stderr
    assert set(tomllib.loads(r.stdout)) - {"rules"} <= KEYS
    (header,) = [line for line in r.stdout.splitlines() if line.startswith("[rules]")]
    assert all(key in header for key in ("enable", "disable", "severity")), header


def test_rules_test_names_the_order_that_tests_a_pack(tmp_path):
    # `--test [DIR]` takes an optional folder, so `annotator rules --test quotes` (test the quotes
    # pack) read the pack as a folder: "quotes: not a folder of rules" and nothing more
    r = run_cli("rules", "--test", "quotes", cwd=str(tmp_path))
    assert r.returncode == 2
    assert r.stderr.strip() == ("annotator: error: quotes: not a folder of rules ('quotes' is a rule or pack: "
                                "'annotator rules quotes --test' runs its examples)")
    r = run_cli("rules", "--test", "no-such-folder", cwd=str(tmp_path))
    assert r.returncode == 2 and r.stderr.strip() == "annotator: error: no-such-folder: not a folder of rules"


def test_check_output_name_gives_the_format_unless_one_is_named(tmp_path):
    # `annotator check news -o annotator.sarif` (the --format forgotten) wrote the text report into
    # the .sarif file, which code scanning then refused; `annotate -o x.jsonl` already took the
    # format from the name. Now check does too, for the names that say one; --format still wins
    import json
    import xml.etree.ElementTree as ET

    (tmp_path / "a.md").write_text("# Vote\n\nThe mayor claimed the budget was balanced.\n", encoding="utf-8")
    sel = ("--select", "neutrality.loaded-verbs", "--fail-on", "never")

    def out(name, *extra):
        r = run_cli("check", "a.md", *sel, "-o", name, *extra, cwd=str(tmp_path))
        assert r.returncode == 0, r.stderr
        return (tmp_path / name).read_text(encoding="utf-8")

    assert json.loads(out("r.sarif"))["version"] == "2.1.0"
    assert json.loads(out("r.json"))["findings"][0]["rule"] == "neutrality.loaded-verbs"
    assert json.loads(out("r.ndjson").splitlines()[0])["source"]["path"] == "a.md"
    assert ET.fromstring(out("r.xml")).tag == "testsuites"
    assert out("r.txt").startswith("a.md:3:11: warning neutrality.loaded-verbs")
    assert out("r.json", "--format", "text").startswith("a.md:3:11:")
    assert json.loads(out("r.json", "--statistics"))[0]["rule"] == "neutrality.loaded-verbs"
