"""Every shipped rule's own examples, through the real pipeline.

A fail example must produce at least one finding of exactly that rule, a
pass example none of it, and a ``fixed`` text must equal the example after
applying that rule's fixes.  A rule without pass and fail examples fails.
The checks are ``engine.examples.example_problem``, which ``annotator rules
--test DIR`` runs on a newsroom's own rules.
"""

import json
import os


import pytest

from annotator.engine import get_engine
from annotator.engine.examples import example_problem, rule_warnings, run_example
from conftest import cache_outside, run_cli

ENGINE = get_engine()
SPECS = ENGINE.specs


def _cases(kind):
    for spec in SPECS:
        for n, ex in enumerate(spec.examples[kind]):
            yield pytest.param(spec, ex, id=f"{spec.id}-{kind}{n}")


def test_rules_were_loaded():
    packs = {s.pack for s in SPECS}
    assert {"attribution", "quotes", "neutrality", "consistency", "hygiene"} <= packs
    kinds = {s.kind for s in SPECS}
    assert kinds == {"lexicon", "substitution", "pattern", "consistency", "metric", "condition", "model"}


@pytest.mark.parametrize("spec", SPECS, ids=[s.id for s in SPECS])
def test_every_rule_has_pass_and_fail_examples(spec):
    assert spec.examples["pass"], f"{spec.id} ({spec.path}) has no pass examples"
    assert spec.examples["fail"], f"{spec.id} ({spec.path}) has no fail examples"


@pytest.mark.parametrize("spec,example", list(_cases("fail")))
def test_fail_example_fires(spec, example):
    problem = example_problem(ENGINE, spec, "fail", example)
    assert problem is None, f"{spec.id} ({spec.path}), fail example {example['text']!r}: {problem}"
    doc, findings = run_example(ENGINE, spec, example)
    for f in findings:
        assert 0 <= f.start < f.end <= len(doc.text)
        assert 0 <= f.confidence <= 1
        assert f.severity in ("error", "warning", "info")


@pytest.mark.parametrize("spec,example", list(_cases("pass")))
def test_pass_example_is_clean(spec, example):
    problem = example_problem(ENGINE, spec, "pass", example)
    assert problem is None, f"{spec.id} ({spec.path}), pass example {example['text']!r}: {problem}"


def test_meta_test_catches_a_rule_without_examples(tmp_path):
    """The meta-test above would fail for a rule lacking examples."""
    from annotator.engine.loader import load_specs

    d = tmp_path / "extra" / "house"
    d.mkdir(parents=True)
    (d / "bare.yaml").write_text(
        "rules:\n  - id: house.bare\n    kind: lexicon\n    severity: info\n    message: m\n"
        "    rationale: r\n    words: [foo]\n", encoding="utf-8")
    spec = next(s for s in load_specs([str(tmp_path / "extra")]) if s.id == "house.bare")
    with pytest.raises(AssertionError):
        test_every_rule_has_pass_and_fail_examples(spec)


HOUSE_RULES = """rules:
  - id: house.watch
    kind: lexicon
    severity: warning
    message: 'Watch "{match}"'
    rationale: Test.
    inflect: verb
    words: [flee]
    examples:
      pass: ['They stayed.']
      fail: ['They fled.', FAIL]
  - id: house.fixed
    kind: substitution
    severity: info
    message: m
    rationale: r
    fix: true
    words: [{word: utilise, replacement: use}]
    examples:
      pass: ['We use it.']
      fail: [{text: 'We utilise it.', fixed: FIXED}]
"""


def _house(tmp_path, fail: str, fixed: str):
    d = tmp_path / "house-rules" / "house"
    d.mkdir(parents=True, exist_ok=True)
    (d / "x.yaml").write_text(HOUSE_RULES.replace("FAIL", json.dumps(fail)).replace("FIXED", json.dumps(fixed)),
                              encoding="utf-8")
    return run_cli("rules", "--test", "house-rules", cwd=str(tmp_path),
                   env={"ANNOTATOR_CACHE_DIR": cache_outside(tmp_path)})


def test_rules_test_runs_a_newsrooms_own_examples(tmp_path):
    """annotator rules --test DIR: the meta-test, for the rules of a folder."""
    r = _house(tmp_path, "Residents were fleeing.", "We use it.")
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout == "" and "2 rules in house-rules, 5 examples: all pass" in r.stderr
    r = _house(tmp_path, "They ran away.", "We employ it.")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    lines = r.stdout.splitlines()
    assert lines == [
        "house-rules/house/x.yaml:2: house.watch: fail example 2 ('They ran away.'): did not fire",
        "house-rules/house/x.yaml:12: house.fixed: fail example 1 ('We utilise it.'): after the fixes the text "
        "is 'We use it.', not 'We employ it.'",
    ]
    assert "2 failed" in r.stderr
    # the shipped rules are not tested with a folder given; without one, they are (no rule_dirs)
    assert "house-rules" in r.stderr and " 36 rules" not in r.stderr


def test_rules_test_errors(tmp_path):
    r = run_cli("rules", "--test", str(tmp_path / "none"))
    assert r.returncode == 2 and "not a folder of rules" in r.stderr
    os.makedirs(tmp_path / "empty")
    r = run_cli("rules", "--test", str(tmp_path / "empty"))
    assert r.returncode == 2 and "no rule files" in r.stderr
    d = tmp_path / "broken" / "house"
    d.mkdir(parents=True)
    (d / "x.yaml").write_text("rules:\n  - id: house.x\n    kind: lexicon\n", encoding="utf-8")
    r = run_cli("rules", "--test", str(tmp_path / "broken"))
    assert r.returncode == 2 and "x.yaml: rules[0]" in r.stderr and "Traceback" not in r.stderr


# -- fail examples that say where (expect) -------------------------------------------------

WHERE_RULES = """rules:
  - id: house.claim
    kind: lexicon
    severity: warning
    message: 'Watch "{match}"'
    rationale: Test.
    inflect: verb
    words: [claim]
    examples:
      pass: ['They said so.']
      fail:
        - name: only-the-verb
          text: 'The minister claimed the claim was fair.'
          expect: [{match: claimed}]
        - name: both
          text: 'The minister claimed the claim was fair.'
          expect: [{match: claimed}, {match: claim, occurrence: 2}]
        - name: offsets
          text: 'They claim it.'
          expect: [{start: 5, end: 10}]
        - name: wrong-place
          text: 'They claim a claim.'
          expect: [{match: They}]
        - name: no-such-text
          text: 'They claim it.'
          expect: [{match: claims}]
        - name: third-time
          text: 'They claim a claim.'
          expect: [{match: claim, occurrence: 3}]
        - name: past-the-end
          text: 'They claim.'
          expect: [{start: 5, end: 40}]
        - text: 'They claimed.'
        - name: in-headline
          headline: 'Minister claims victory'
          text: 'The vote was close.'
          expect: [{match: claims}]
"""


def _where_rules(tmp_path, text=WHERE_RULES):
    d = tmp_path / "house-rules" / "house"
    d.mkdir(parents=True, exist_ok=True)
    (d / "x.yaml").write_text(text, encoding="utf-8")
    return run_cli("rules", "--test", "house-rules", cwd=str(tmp_path),
                   env={"ANNOTATOR_CACHE_DIR": cache_outside(tmp_path)})


def test_a_fail_example_passes_only_on_its_expected_spans(tmp_path):
    r = _where_rules(tmp_path)
    assert r.returncode == 1 and "Traceback" not in r.stderr, r.stderr
    got = [line.split(": house.claim: ", 1)[1] for line in r.stdout.splitlines()]
    assert got == [
        # the rule fires on "claimed" and on "claim": the second is not expected
        "fail example 1 only-the-verb ('The minister claimed the claim was fair.'): fired also at 'claim' "
        "(text[25:30]), not expected",
        "fail example 4 wrong-place ('They claim a claim.'): did not fire at 'They' (text[0:4]); fired at "
        "'claim' (text[5:10]), 'claim' (text[13:18])",
        "fail example 5 no-such-text ('They claim it.'): expect[0]: 'claims' does not occur in the example",
        "fail example 6 third-time ('They claim a claim.'): expect[0]: 'claim' occurs 2 times, not 3 in the example",
        "fail example 7 past-the-end ('They claim.'): expect[0]: end 40 is past the end of text (11 characters)",
    ]
    # examples 2, 3, 8 (no expect) and 9 (a span in the headline) pass; example 8 is only a warning
    assert "5 failed (1 warning)" in r.stderr
    assert ("warning: house-rules/house/x.yaml:2: house.claim: fail example 8 ('They claimed.'): no expect and "
            "no name") in r.stderr


def test_a_fail_example_without_expect_is_a_warning_for_a_newsrooms_rules(tmp_path):
    r = _house(tmp_path, "Residents were fleeing.", "We use it.")
    assert r.returncode == 0 and r.stdout == ""
    assert "all pass (3 warnings)" in r.stderr
    assert "fail example 2 ('Residents were fleeing.'): no expect and no name" in r.stderr


@pytest.mark.parametrize("examples,error", [
    ("pass: ['x']\n      fail: [{name: a, text: claim}, {name: a, text: claims}]",
     "rules[0].examples.fail[1].name: 'a' is already the name of fail example 1"),
    ("pass: [{name: a, text: x}]\n      fail: [{name: a, text: claim}]",
     "rules[0].examples.fail[0].name: 'a' is already the name of pass example 1"),
    ("pass: [{text: x, expect: [{match: x}]}]\n      fail: [claim]",
     "rules[0].examples.pass[0].expect: a pass example flags nothing"),
    ("pass: [x]\n      fail: [{text: claim, expect: [{match: claim, start: 0, end: 5}]}]",
     "rules[0].examples.fail[0].expect[0]: give match, or start and end, not both"),
    ("pass: [x]\n      fail: [{text: claim, expect: [{start: 3}]}]",
     "rules[0].examples.fail[0].expect[0]: give match (the flagged text), or start and end"),
    ("pass: [x]\n      fail: [{text: claim, expect: [{start: 3, end: 3}]}]",
     "rules[0].examples.fail[0].expect[0]: end must be greater than start"),
    ("pass: [x]\n      fail: [{text: claim, expect: [{start: 0, end: 3, occurrence: 2}]}]",
     "rules[0].examples.fail[0].expect[0]: occurrence goes with match"),
    ("pass: [x]\n      fail: [{text: claim, expect: []}]",
     "rules[0].examples.fail[0].expect: List should have at least 1 item"),
])
def test_broken_examples_are_refused_when_loaded(tmp_path, examples, error):
    text = ("rules:\n  - id: house.claim\n    kind: lexicon\n    severity: info\n    message: m\n"
            "    rationale: r\n    words: [claim]\n    examples:\n      " + examples + "\n")
    r = _where_rules(tmp_path, text)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert f"house-rules/house/x.yaml: {error}" in r.stderr, r.stderr


def test_explain_shows_example_names_and_expected_spans(tmp_path):
    _where_rules(tmp_path)
    (tmp_path / ".annotator.toml").write_text('rule_dirs = ["house-rules"]\n', encoding="utf-8")
    r = run_cli("explain", "house.claim", cwd=str(tmp_path), env={"ANNOTATOR_CACHE_DIR": cache_outside(tmp_path)})
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert "  [only-the-verb]\n  The minister claimed the claim was fair.\n    flags: 'claimed' (text[13:20])\n" in out
    assert "flags: 'claimed' (text[13:20]), 'claim' (text[25:30])" in out
    assert "flags: 'claims' (headline)" in out


@pytest.mark.parametrize("spec", SPECS, ids=[s.id for s in SPECS])
def test_every_fail_example_names_itself_and_what_it_flags(spec):
    """A shipped rule's fail example has a name and an expect (the spans it must flag): without
    expect it would pass wherever the rule fired.  (A newsroom's own rules only get a warning
    from rules --test.)"""
    assert rule_warnings(spec) == [], f"{spec.id} ({spec.path})"


def test_meta_test_catches_a_fail_example_without_expect(tmp_path):
    from annotator.engine.loader import load_specs

    d = tmp_path / "extra" / "house"
    d.mkdir(parents=True)
    (d / "bare.yaml").write_text(
        "rules:\n  - id: house.bare\n    kind: lexicon\n    severity: info\n    message: m\n"
        "    rationale: r\n    words: [foo]\n    examples:\n      pass: [bar]\n"
        "      fail: [{name: foo, text: foo}]\n", encoding="utf-8")
    spec = next(s for s in load_specs([str(tmp_path / "extra")]) if s.id == "house.bare")
    with pytest.raises(AssertionError):
        test_every_fail_example_names_itself_and_what_it_flags(spec)


def test_rules_and_explain_show_a_rule_files_control_characters_never_obey_them(tmp_path):
    """A rule's YAML in the checked repository is text like any other input: its summary,
    rationale, message and examples are printed with terminal escapes shown, not obeyed."""
    d = tmp_path / "house-rules" / "house"
    d.mkdir(parents=True)
    osc = "\\e]0;pwned\\a"  # YAML double-quoted escapes: ESC ] 0 ; ... BEL (sets the window title)
    (d / "x.yaml").write_text(
        "rules:\n  - id: house.claim\n    kind: lexicon\n    severity: warning\n"
        f'    message: "msg {osc}"\n    rationale: "why {osc}"\n'
        "    words: [claimed]\n    examples:\n"
        f'      pass: ["fine {osc}"]\n'
        f'      fail: [{{name: one, text: "He claimed it. {osc}", expect: [{{match: claimed}}]}}]\n',
        encoding="utf-8")
    (tmp_path / ".annotator.toml").write_text('rule_dirs = ["house-rules"]\n', encoding="utf-8")
    env = {"ANNOTATOR_CACHE_DIR": cache_outside(tmp_path)}
    for args in (("explain", "house.claim"), ("rules", "house.claim"), ("rules", "--test", "house-rules")):
        r = run_cli(*args, cwd=str(tmp_path), env=env)
        assert r.returncode in (0, 1), (args, r.stderr)
        assert "\x1b" not in r.stdout + r.stderr and "\x07" not in r.stdout + r.stderr, args
    r = run_cli("explain", "house.claim", cwd=str(tmp_path), env=env)
    assert "\\x1b]0;pwned\\x07" in r.stdout and "Message: msg \\x1b]0;pwned\\x07" in r.stdout
