"""Running a rule's own examples through the real pipeline (reader layout ->
analysis -> engine).  Used by ``annotator rules --test`` and the meta-test
(tests/test_rule_examples.py), and by ``explain``.

An example's ``text`` is the article body (blank lines separate paragraphs);
with ``headline`` the article opens with that line, as a plain-text article
does.  ``config`` is a configuration table applied to the example.
"""

from __future__ import annotations

from .finding import apply_fixes


def article_text(example: dict, headline_key: str = "headline", text_key: str = "text") -> str:
    h = example.get(headline_key)
    body = example[text_key]
    return f"{h}\n\n{body}" if h else body


def build_doc(example: dict, path: str = "<example>"):
    from ..analysis import analyse
    from ..document import Document
    from ..readers.text import blank_markup, layout

    text = article_text(example)
    doc = Document(text, blank_markup(text), path=path, format="text")  # markup blanked as the reader does
    layout(doc, 0, len(text), headline=bool(example.get("headline")))
    return analyse(doc)


def run_example(engine, spec, example: dict):
    """(doc, findings of this rule) for one example, with the rule switched on."""
    from .config import Config

    cfg = Config(example.get("config") or {}, None)
    cfg.validate(engine)
    settings = cfg.settings_for(engine, None)
    active = list(settings.active)
    active[engine.index[spec.id]] = True
    from . import Settings

    s2 = Settings(engine, active, settings.severity, settings.accept, settings.reject, settings.styles,
                  settings.models)
    doc = build_doc(example)
    engine.check(doc, s2)
    return doc, [f for f in doc.findings if f.rule == spec.id]


def fixed_text(doc, findings, rule: str) -> str:
    return apply_fixes(doc.text, findings, rule)


def expected_fixed(example: dict) -> str | None:
    if example.get("fixed") is None:
        return None
    return article_text({"headline": example.get("fixed_headline") or example.get("headline"),
                         "text": example["fixed"]})


def example_problem(engine, spec, kind: str, example: dict) -> str | None:
    """What is wrong with one example of a rule (``kind``: pass or fail), or None: a fail
    example must fire the rule (and, with ``fixed``, its fixes must give that text), a pass
    example must not."""
    from .config import ConfigError

    try:
        doc, findings = run_example(engine, spec, example)
    except ConfigError as e:
        return f"its config: {e}"
    if kind == "fail":
        if not findings:
            return "did not fire"
        want = expected_fixed(example)
        if want is not None:
            got = fixed_text(doc, findings, spec.id)
            if got != want:
                return f"after the fixes the text is {got!r}, not {want!r}"
        return None
    if findings:
        return "fired: " + "; ".join(f"{doc.text[f.start:f.end]!r}: {f.message}" for f in findings)
    return None


def rule_problems(engine, spec) -> list[str]:
    """Every problem with a rule's examples, each ``pass example 2: fired: ...``; a rule needs
    at least one pass and one fail example."""
    out = []
    for kind in ("pass", "fail"):
        examples = spec.examples.get(kind) or []
        if not examples:
            out.append(f"no {kind} example (every rule needs one of each)")
        for n, ex in enumerate(examples, 1):
            problem = example_problem(engine, spec, kind, ex)
            if problem:
                text = " ".join(ex["text"].split())
                text = text if len(text) <= 70 else text[:67] + "..."
                out.append(f"{kind} example {n} ({text!r}): {problem}")
    return out
