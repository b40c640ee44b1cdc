"""Explain a rule: what it checks and why, its options, and its examples."""

from __future__ import annotations

import os
import sys
import textwrap

from ..display import escape


def add_arguments(p) -> None:
    p.add_argument("rule", metavar="RULE", help="a rule id, e.g. neutrality.loaded-verbs")
    p.add_argument("--config", metavar="FILE", help="configuration to read (default: found upwards from here)")


def _wrap(text: str, indent: str = "") -> str:
    return "\n".join(textwrap.fill(par, width=88, initial_indent=indent, subsequent_indent=indent)
                     for par in text.split("\n\n"))


def _options(spec) -> list[str]:
    out = []
    for k, v in spec.options.items():
        if k.startswith("_") or v in (None, [], {}, False):
            continue
        if k == "words":
            words = [w["word"] + (f" -> {w['replacement']}" if w.get("replacement") else "") for w in v]
            shown = ", ".join(words[:40]) + (f", ... ({len(words)} in all)" if len(words) > 40 else "")
            out.append("  " + textwrap.fill(f"words: {shown}", width=86, subsequent_indent="    "))
        elif k == "groups":
            shown = "; ".join("/".join(g) for g in v[:20]) + (f"; ... ({len(v)} groups)" if len(v) > 20 else "")
            out.append("  " + textwrap.fill(f"groups: {shown}", width=86, subsequent_indent="    "))
        elif isinstance(v, list):
            out.append("  " + textwrap.fill(f"{k}: {', '.join(map(str, v))}", width=86, subsequent_indent="    "))
        else:
            out.append(f"  {k}: {v}")
    return out


def _expected(example: dict) -> str:
    """The spans a fail example must flag: 'claimed' (text[16:23]), ..."""
    from ..engine.examples import article_text, expected_spans, span_label

    try:
        spans = expected_spans(example)
    except ValueError as e:
        return f"(broken: {e})"
    text = article_text(example)
    return ", ".join(span_label(text, example, s, e) for s, e in spans)


def _code(spec) -> str:
    """Where the rule's kind (and, for a condition, a measure or a consistency variant, its method)
    is implemented, found through the registries (``engine.kinds.KINDS``, ``condition.CONDITIONS``,
    ``metric.MEASURES``, ``consistency.VARIANTS``)."""
    import inspect

    from ..engine.kinds import KINDS, condition, consistency, metric
    from ..engine.loader import display_path

    module = KINDS[spec.kind]
    where = display_path(inspect.getsourcefile(module) or module.__file__)
    # the kinds that dispatch once more: condition, measure, variants -> a method
    registry, option = {"condition": (condition.CONDITIONS, "condition"), "metric": (metric.MEASURES, "measure"),
                        "consistency": (consistency.VARIANTS, "variants")}.get(spec.kind, (None, None))
    if registry:
        method = registry[spec.options[option]]
        line = inspect.getsourcelines(method)[1]
        return f"{where}:{line} ({module.__name__}, Kind.{method.__name__})"
    return f"{where} ({module.__name__})"


def run(args) -> int:
    from ..cli import UsageError
    from ..engine import RuleError, did_you_mean, get_engine
    from ..engine.config import Config, ConfigError, find_config, load_config

    try:
        cfg = load_config(args.config) if args.config else (find_config(os.getcwd()) or Config())
        engine = get_engine(tuple(cfg.rule_dirs))
    except (ConfigError, RuleError) as e:
        raise UsageError(str(e)) from None
    slot = engine.index.get(args.rule)
    if slot is None:
        hint = did_you_mean(engine, args.rule) or " (see 'annotator rules')"
        raise UsageError(f"unknown rule {args.rule!r}{hint}")
    s = engine.specs[slot]
    from ..engine.loader import defined_at

    lines = [
        f"{s.id} ({s.kind}{': ' + s.options['condition'] if s.kind == 'condition' else ''})",
        "",
        f"Severity: {s.severity}    Scope: {', '.join(s.scope)}    Confidence: {s.confidence}"
        f"    {'On' if s.enabled else 'Off'} by default",
        f"Defined in: {defined_at(s)}",
        f"Code: {_code(s)}",
        "",
        "Why",
        _wrap(s.rationale, "  "),
        "",
        f"Message: {s.message}",
    ]
    if s.suggestion:
        lines.append(f"Suggestion: {s.suggestion}")
    opts = _options(s)
    if opts:
        lines += ["", "Options"] + opts
    for kind, title in (("fail", "Flagged"), ("pass", "Not flagged")):
        exs = s.examples.get(kind) or []
        if not exs:
            continue
        lines += ["", title]
        for ex in exs:
            if ex.get("name"):
                lines.append(f"  [{ex['name']}]")
            if ex.get("headline"):
                lines.append(_wrap(f"headline: {ex['headline']}", "  "))
            lines.append(_wrap(ex["text"], "  "))
            if ex.get("expect"):
                lines.append(_wrap("flags: " + _expected(ex), "    "))
            if ex.get("fixed") is not None:
                lines.append(_wrap("fixed: " + ex["fixed"], "    "))
            if ex.get("config"):
                lines.append(f"    with configuration {ex['config']}")
            lines.append("")
        if lines[-1] == "":
            lines.pop()
    # every text here comes from a rule's YAML file, perhaps one in the checked repository: its
    # lines are shown, their control characters never obeyed by the terminal
    sys.stdout.write("\n".join(escape(line) for line in "\n".join(lines).split("\n")) + "\n")
    return 0
