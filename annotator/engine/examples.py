"""Running a rule's own examples through the real pipeline (reader layout ->
analysis -> engine).  Used by ``annotator rules --test`` and the meta-test
(tests/test_rule_examples.py), and by ``explain``.

An example's ``text`` is the article body (blank lines separate paragraphs);
with ``headline`` the article opens with that line, as a plain-text article
does.  ``config`` is a configuration table applied to the example.

A fail example's ``expect`` names every span the rule must flag: ``match`` (the text
of the span, its ``occurrence``-th time when it repeats; searched in the article, the
headline first) or ``start``/``end`` (offsets into ``text``).  The example passes only when
the rule fires on each of them and nowhere else.
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


def _body_offset(example: dict) -> int:
    h = example.get("headline")
    return len(h) + 2 if h else 0


def expected_spans(example: dict) -> list[tuple[int, int]]:
    """(start, end) in the article text of each ``expect`` entry of a fail example; a
    ValueError (its message says which entry) when one does not fit the example."""
    text = article_text(example)
    base = _body_offset(example)
    out = []
    for n, e in enumerate(example.get("expect") or []):
        m = e.get("match")
        if m is not None:
            want = e.get("occurrence") or 1
            i, seen = -1, 0
            while seen < want:
                i = text.find(m, i + 1)
                if i < 0:
                    break
                seen += 1
            if i < 0:
                times = "does not occur" if not seen else f"occurs {seen} time{'s' if seen > 1 else ''}, not {want}"
                raise ValueError(f"expect[{n}]: {m!r} {times} in the example")
            out.append((i, i + len(m)))
        else:
            start, end = e["start"], e["end"]
            if end > len(example["text"]):
                raise ValueError(f"expect[{n}]: end {end} is past the end of text ({len(example['text'])} characters)")
            out.append((base + start, base + end))
    return out


def span_label(text: str, example: dict, start: int, end: int) -> str:
    """``'claimed' (text[16:23])``: a span of the example's article ``text``, with its offsets
    into the example's text (or ``headline``)."""
    base = _body_offset(example)
    at = f"text[{start - base}:{end - base}]" if start >= base else "headline"
    return f"{text[start:end]!r} ({at})"


def example_problem(engine, spec, kind: str, example: dict) -> str | None:
    """What is wrong with one example of a rule (``kind``: pass or fail), or None: a fail
    example must fire the rule (on exactly the spans of its ``expect``, when given, and with
    ``fixed``, its fixes must give that text), a pass example must not."""
    from .config import ConfigError

    if kind == "fail" and example.get("expect"):
        try:
            want = expected_spans(example)
        except ValueError as e:
            return str(e)
    else:
        want = None
    try:
        doc, findings = run_example(engine, spec, example)
    except ConfigError as e:
        return f"its config: {e}"
    if kind == "fail":
        if not findings:
            return "did not fire"
        if want is not None:
            got = sorted({(f.start, f.end) for f in findings})
            missing = [sp for sp in want if sp not in got]
            extra = [sp for sp in got if sp not in want]
            out = []
            if missing:
                out.append("did not fire at " + ", ".join(span_label(doc.text, example, *sp) for sp in missing))
            if extra:
                out.append(("fired at " if missing else "fired also at ")
                           + ", ".join(span_label(doc.text, example, *sp) for sp in extra)
                           + (", not expected" if not missing else ""))
            if out:
                return "; ".join(out)
        want_text = expected_fixed(example)
        if want_text is not None:
            got_text = fixed_text(doc, findings, spec.id)
            if got_text != want_text:
                return f"after the fixes the text is {got_text!r}, not {want_text!r}"
        return None
    if findings:
        return "fired: " + "; ".join(f"{doc.text[f.start:f.end]!r}: {f.message}" for f in findings)
    return None


def label(kind: str, n: int, example: dict) -> str:
    """``fail example 2 'claimed' ('The minister claimed ...')``: how a report names an example."""
    text = " ".join(example["text"].split())
    text = text if len(text) <= 70 else text[:67] + "..."
    name = f" {example['name']}" if example.get("name") else ""
    return f"{kind} example {n}{name} ({text!r})"


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
                out.append(f"{label(kind, n, ex)}: {problem}")
    return out


def rule_warnings(spec) -> list[str]:
    """What a rule's examples should say but do not: a fail example without ``expect`` (it
    passes wherever the rule fires) or without a name.  An error for the shipped rules (the
    meta-test), a warning for a newsroom's own (``rules --test``)."""
    out = []
    for n, ex in enumerate(spec.examples.get("fail") or [], 1):
        missing = [k for k in ("expect", "name") if not ex.get(k)]
        if missing:
            out.append(f"{label('fail', n, ex)}: no {' and no '.join(missing)} (name the example and what it must "
                       "flag: name: ..., expect: [{match: ...}])")
    return out
