"""Running a rule's own examples through the real pipeline (reader layout ->
analysis -> engine).  Used by the example tests and by ``explain``.

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
    from ..readers.text import layout

    text = article_text(example)
    doc = Document(text, path=path, format="text")
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
