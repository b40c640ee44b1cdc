"""List the rules: id, kind, severity, scope and a one-line summary."""

from __future__ import annotations

import os
import sys


def add_arguments(p) -> None:
    p.add_argument("select", nargs="*", metavar="RULE", help="only these rules, packs or id prefixes")
    p.add_argument("--config", metavar="FILE", help="configuration to read (default: found upwards from here)")
    p.add_argument("--format", "-f", choices=("text", "json"), default="text")


def run(args) -> int:
    from ..cli import UsageError
    from ..engine import RuleError, get_engine, rule_selector
    from ..engine.config import Config, ConfigError, find_config, load_config
    from ..serialize import dumps

    try:
        cfg = load_config(args.config) if args.config else (find_config(os.getcwd()) or Config())
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
    out.append(f"\n{len(rows)} rules" + (f" ({off} off: switch on with enable = [...] in the configuration)"
                                        if off else ""))
    sys.stdout.write("\n".join(out) + "\n")
    return 0
