"""List the rules: id, kind, severity, scope and a one-line summary; --test runs their examples."""

from __future__ import annotations

import os
import sys

from ..display import escape


def add_arguments(p) -> None:
    p.add_argument("select", nargs="*", metavar="RULE", help="only these rules, packs or dotted id prefixes")
    p.add_argument("--config", metavar="FILE", help="configuration to read (default: found upwards from here)")
    p.add_argument("--format", "-f", choices=("text", "json"), default="text")
    p.add_argument("--test", nargs="?", const="", metavar="DIR",
                   help="run the pass/fail examples of the rules in DIR (a folder of <pack>/*.yaml; default: the "
                        "configuration's rule_dirs, else the shipped rules); exit 1 if one fails")


def run(args) -> int:
    from ..cli import UsageError
    from ..engine import RuleError, get_engine, rule_selector
    from ..engine.config import Config, ConfigError, find_config, load_config
    from ..serialize import dumps

    try:
        cfg = load_config(args.config) if args.config else (find_config(os.getcwd()) or Config())
        if args.test is not None:
            return _test(args, cfg)
        engine = get_engine(tuple(cfg.rule_dirs))
        cfg.validate(engine)
        settings = cfg.settings_for(engine, None)
        slots = sorted(rule_selector(engine, args.select)) if args.select else range(len(engine.specs))
    except (ConfigError, RuleError) as e:
        raise UsageError(str(e)) from None
    rows = []
    for i in slots:
        s = engine.specs[i]
        rows.append({
            "id": s.id, "kind": s.kind + (f":{s.options['condition']}" if s.kind == "condition" else ""),
            "severity": settings.severity[i], "scope": ",".join(s.scope), "enabled": bool(settings.active[i]),
            "summary": s.summary if args.format == "json" or len(s.summary) <= 90 else s.summary[:89] + "…",
        })
    if args.format == "json":
        sys.stdout.write(dumps(rows, pretty=True) + "\n")
        return 0
    w_id = max((len(r["id"]) for r in rows), default=2)
    w_kind = max((len(r["kind"]) for r in rows), default=4)
    w_scope = max((len(r["scope"]) for r in rows), default=5)
    out = [f"{'ID':<{w_id}}  {'KIND':<{w_kind}}  {'SEVERITY':<8}  {'SCOPE':<{w_scope}}  SUMMARY"]
    for r in rows:
        sev = r["severity"] if r["enabled"] else "off"
        out.append(f"{r['id']:<{w_id}}  {r['kind']:<{w_kind}}  {sev:<8}  {r['scope']:<{w_scope}}  {r['summary']}")
    off = sum(1 for r in rows if not r["enabled"])
    out.append("")  # (a line apart: escape() would show a newline inside a line as "\\n")
    out.append(f"{len(rows)} rules" + (f" ({off} off: switch on with enable = [...] in the configuration)"
                                       if off else ""))
    # a rule's summary comes from a YAML file in the checked repository: shown, never obeyed
    sys.stdout.write("\n".join(escape(line) for line in out) + "\n")
    return 0


def _selector_hint(cfg, token: str) -> str:
    """``--test`` takes an optional DIR, so ``rules --test quotes`` reads the pack as a folder:
    name the order that tests those rules instead."""
    from ..engine import RuleError, get_engine, rule_selector

    try:
        rule_selector(get_engine(tuple(cfg.rule_dirs)), [token])
    except RuleError:
        return ""
    return f" ({token!r} is a rule or pack: 'annotator rules {token} --test' runs its examples)"


def _test(args, cfg) -> int:
    """Run the examples of the rules in one folder (``rules --test``), as the shipped rules'
    meta-test does; a line per problem, a summary, exit 1 when an example fails."""
    from ..cli import UsageError
    from ..engine import get_engine, rule_selector
    from ..engine.examples import rule_problems, rule_warnings
    from ..engine.loader import defined_at, display_path, rule_files
    from ..resources import rules_dir

    if args.test:
        folders = [os.path.abspath(args.test)]
        if not os.path.isdir(folders[0]):
            raise UsageError(f"{args.test}: not a folder of rules{_selector_hint(cfg, args.test)}")
        if not rule_files(folders[0]):
            raise UsageError(f"{args.test}: no rule files (expected {args.test}/<pack>/*.yaml)")
    else:
        folders = [os.path.abspath(d) for d in cfg.rule_dirs] or [os.path.abspath(rules_dir())]
    dirs = list(dict.fromkeys(list(cfg.rule_dirs) + [f for f in folders if f != os.path.abspath(rules_dir())]))
    engine = get_engine(tuple(dirs))
    chosen = set(rule_selector(engine, args.select)) if args.select else None

    def inside(path: str) -> bool:
        p = os.path.abspath(path)
        return any(os.path.commonpath([p, f]) == f for f in folders)

    specs = [(i, s) for i, s in enumerate(engine.specs) if inside(s.path) and (chosen is None or i in chosen)]
    failed = examples = warned = 0
    for _, spec in specs:
        examples += len(spec.examples.get("pass") or []) + len(spec.examples.get("fail") or [])
        problems = rule_problems(engine, spec)
        failed += len(problems)
        for problem in problems:
            print(escape(f"{defined_at(spec)}: {spec.id}: {problem}"))
        for warning in rule_warnings(spec):  # (an error in the shipped rules' meta-test)
            warned += 1
            print(escape(f"annotator: warning: {defined_at(spec)}: {spec.id}: {warning}"), file=sys.stderr)
    where = ", ".join(display_path(f) for f in folders)
    summary = (f"{len(specs)} rule{'s' if len(specs) != 1 else ''} in {where}, {examples} "
               f"example{'s' if examples != 1 else ''}")
    result = f"{failed} failed" if failed else "all pass"
    if warned:
        result += f" ({warned} warning{'s' if warned != 1 else ''})"
    print(f"annotator: {summary}: {result}", file=sys.stderr)
    return 1 if failed else 0
