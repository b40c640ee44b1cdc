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
