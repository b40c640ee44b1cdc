"""Write an HTML view of an article: quotations coloured by speaker, cues with their stance, findings in place.

The page is self-contained (inline CSS and JavaScript, no network) and
includes tables of the speakers, the quotations and the findings by rule.
Exit codes: 0 written, 2 usage or configuration error, 3 the article could
not be read.
"""

from __future__ import annotations

import os
import sys


def add_arguments(p) -> None:
    p.add_argument("path", metavar="PATH", help="the article ('-' reads standard input)")
    p.add_argument("--output", "-o", metavar="FILE",
                   help="write the page to FILE (atomically; default: standard output)")
    p.add_argument("--config", metavar="FILE",
                   help="use this configuration instead of searching upwards from the article")
    from ..cli import comma_list

    p.add_argument("--select", type=comma_list, metavar="RULE,...", action="extend",
                   help="run only these rules (ids, packs or dotted id prefixes; comma-separated, "
                        "or repeat the option)")
    p.add_argument("--ignore", type=comma_list, metavar="RULE,...", action="extend",
                   help="do not run these rules (comma-separated, or repeat the option)")
    p.add_argument("--input-format", choices=("text", "markdown", "html", "json"),
                   help="read the input as this format (default: from the extension)")
    p.add_argument("--encoding", help="decode the input with this encoding (default: UTF-8, or as the BOM says)")
    p.add_argument("--title", help="the page title (default: the article's headline)")


def run(args) -> int:
    from ..cli import UsageError
    from ..engine import RuleError, get_engine
    from ..engine.config import Config, ConfigError, find_config, load_config
    from ..outputs import check_not_input, check_target, output
    from ..pipeline import load
    from ..readers import InputError
    from ..report.html import render

    path = args.path
    check_not_input(args.output, [path])
    if args.output not in (None, "-"):
        check_target(args.output)  # before the work, not after it
    try:
        if args.config:
            cfg = load_config(args.config)
        else:
            folder = os.path.dirname(os.path.abspath(path)) if path != "-" else os.getcwd()
            cfg = find_config(folder) or Config()
        engine = get_engine(tuple(cfg.rule_dirs))
        cfg.validate(engine)
        settings = cfg.settings_for(engine, path, args.select, args.ignore)
    except (ConfigError, RuleError) as e:
        raise UsageError(str(e)) from None
    try:
        doc = load(path, args.input_format, args.encoding)
    except InputError as e:
        print(f"annotator: error: {e.oneline()}", file=sys.stderr)
        return 3
    except RuleError as e:  # a broken lexicon only some articles read (cues-ne.yaml: Nepali ones)
        raise UsageError(str(e)) from None
    warnings: list[str] = []
    problems: list[str] = []  # malformed suppression comments: exit 2, as for check
    engine.check(doc, settings, warnings, problems)
    from ..display import escape

    for w in warnings:
        print(f"annotator: warning: {escape(w)}", file=sys.stderr)
    for p in problems:
        print(f"annotator: error: {escape(p)}", file=sys.stderr)
    if problems:
        return 2
    page = render(doc, engine, args.title)
    with output(args.output) as out:
        out.write(page)
    return 0
