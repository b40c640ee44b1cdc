"""Lint articles: run the rules and report findings (text, JSON or JSON lines)."""

from __future__ import annotations

import os
import sys

SEVERITIES = ("error", "warning", "info")


def add_arguments(p) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="article files or folders ('-' reads standard input)")
    p.add_argument("--format", "-f", choices=("text", "json", "jsonl"), default="text",
                   help="text: one finding per entry with the source line; json/jsonl: annotation documents "
                        "with findings (the schema of 'annotate')")
    p.add_argument("--output", "-o", metavar="FILE", help="write to FILE (atomically) instead of standard output")
    p.add_argument("--config", metavar="FILE",
                   help="use this configuration (pyproject.toml or .annotator.toml) instead of searching "
                        "upwards from each article")
    p.add_argument("--select", nargs="+", metavar="RULE", action="extend",
                   help="run only these rules (ids, packs or id prefixes)")
    p.add_argument("--ignore", nargs="+", metavar="RULE", action="extend", help="do not run these rules")
    p.add_argument("--fail-on", choices=("error", "warning", "info", "never"), default="error",
                   help="exit 1 when a finding has at least this severity (default: error)")
    p.add_argument("--input-format", choices=("text", "markdown", "html", "json"),
                   help="read every input as this format (default: from the extension)")
    p.add_argument("--encoding", help="decode inputs with this encoding (default: UTF-8, or as the BOM says)")


def run(args) -> int:
    from ..cli import UsageError
    from ..engine import SEVERITY_RANK, RuleError, get_engine
    from ..engine.config import Config, ConfigError, find_config, load_config
    from ..outputs import output
    from ..pipeline import discover, load
    from ..readers import InputError

    try:
        fixed_config = load_config(args.config) if args.config else None
        default_config = Config()
    except ConfigError as e:
        raise UsageError(str(e)) from None

    def settings_for(path: str):
        cfg = fixed_config
        if cfg is None:
            folder = os.path.dirname(os.path.abspath(path)) if path != "-" else os.getcwd()
            cfg = find_config(folder) or default_config
        engine = get_engine(tuple(cfg.rule_dirs))
        cfg.validate(engine)
        return engine, cfg.settings_for(engine, path, args.select, args.ignore)

    errors: list[InputError] = []
    try:
        # configuration and rule problems surface before any article is read
        settings_for(args.paths[0] if args.paths[0] != "-" and os.path.isfile(args.paths[0])
                     else os.path.join(os.path.abspath(args.paths[0] if args.paths[0] != "-" else "."), "x"))
    except (ConfigError, RuleError) as e:
        raise UsageError(str(e)) from None

    from ..report.text import format_document, summary, use_colour
    from ..serialize import dumps, to_dict

    threshold = SEVERITY_RANK.get(args.fail_on, 99)
    counts = {s: 0 for s in SEVERITIES}
    failing = False
    files = 0
    with_findings = 0
    warnings: list[str] = []
    docs = []
    paths = list(discover(args.paths, errors, include_json=args.input_format == "json"))
    for e in errors:
        print(f"annotator: error: {e.oneline()}", file=sys.stderr)
    with output(args.output) as out:
        colour = args.format == "text" and args.output in (None, "-") and use_colour(sys.stdout)
        for path in paths:
            try:
                engine, settings = settings_for(path)
            except (ConfigError, RuleError) as e:
                raise UsageError(str(e)) from None
            try:
                doc = load(path, args.input_format, args.encoding)
            except InputError as e:
                errors.append(e)
                print(f"annotator: error: {e.oneline()}", file=sys.stderr)
                continue
            engine.check(doc, settings, warnings)
            for w in warnings:
                print(f"annotator: warning: {w}", file=sys.stderr)
            warnings.clear()
            files += 1
            if doc.findings:
                with_findings += 1
            for f in doc.findings:
                counts[f.severity] += 1
                if SEVERITY_RANK[f.severity] >= threshold:
                    failing = True
            if args.format == "text":
                out.write(format_document(doc, colour))
            elif args.format == "jsonl":
                out.write(dumps(to_dict(doc)) + "\n")
            else:
                docs.append(to_dict(doc))
        if args.format == "text":
            out.write(summary(counts, files, with_findings, colour) + "\n")
        elif args.format == "json":
            single = len(args.paths) == 1 and len(paths) == 1 and paths[0] == args.paths[0]
            if single and docs:
                out.write(dumps(docs[0], pretty=True) + "\n")
            elif not single:
                out.write(dumps(docs, pretty=True) + "\n")
    if errors:
        return 3
    return 1 if failing else 0
