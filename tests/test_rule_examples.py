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
from annotator.engine.examples import example_problem, run_example
from conftest import run_cli

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
                   env={"ANNOTATOR_CACHE_DIR": str(tmp_path / ".cache")})


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
