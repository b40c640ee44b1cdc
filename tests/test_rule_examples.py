"""Every shipped rule's own examples, through the real pipeline.

A fail example must produce at least one finding of exactly that rule, a
pass example none of it, and a ``fixed`` text must equal the example after
applying that rule's fixes.  A rule without pass and fail examples fails.
"""

import pytest

from annotator.engine import get_engine
from annotator.engine.examples import expected_fixed, fixed_text, run_example

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
    doc, findings = run_example(ENGINE, spec, example)
    assert findings, f"{spec.id} did not fire on its fail example: {example['text']!r}"
    for f in findings:
        assert 0 <= f.start < f.end <= len(doc.text)
        assert 0 <= f.confidence <= 1
        assert f.severity in ("error", "warning", "info")
    if example.get("fixed") is not None:
        assert fixed_text(doc, findings, spec.id) == expected_fixed(example)


@pytest.mark.parametrize("spec,example", list(_cases("pass")))
def test_pass_example_is_clean(spec, example):
    doc, findings = run_example(ENGINE, spec, example)
    assert not findings, f"{spec.id} fired on its pass example: " + "; ".join(
        f"{doc.text[f.start:f.end]!r}: {f.message}" for f in findings)


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
