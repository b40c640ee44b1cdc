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
    from ..batch import add_arguments as add_batch_arguments

    add_batch_arguments(p)


class CheckFile:
    """The unit of work of ``check`` (for annotator.batch): one path ->
    ``("ok", output, counts, failing, has_findings, warnings)``, or
    ``("usage", message)`` for a configuration or rule error.  Picklable: the
    configurations and the compiled engine are loaded on first use in each
    process (``warm`` does it when a worker starts)."""

    def __init__(self, args, style: str, colour: bool, threshold: int, probe: str):
        self.config = args.config
        self.select = args.select
        self.ignore = args.ignore
        self.input_format = args.input_format
        self.encoding = args.encoding
        self.style = style  # text, line, pretty, item
        self.colour = colour
        self.threshold = threshold
        self.probe = probe
        self._configs = None

    def __getstate__(self):
        state = dict(self.__dict__)
        state["_configs"] = None
        return state

    def settings_for(self, path: str):
        from ..engine import get_engine
        from ..engine.config import Config, find_config, load_config

        if self._configs is None:
            self._configs = (load_config(self.config) if self.config else None, Config())
        fixed_config, default_config = self._configs
        cfg = fixed_config
        if cfg is None:
            folder = os.path.dirname(os.path.abspath(path)) if path != "-" else os.getcwd()
            cfg = find_config(folder) or default_config
        engine = get_engine(tuple(cfg.rule_dirs))
        cfg.validate(engine)
        return engine, cfg.settings_for(engine, path, self.select, self.ignore)

    def warm(self) -> None:
        from ..engine import RuleError
        from ..engine.config import ConfigError
        from ..pipeline import warm

        warm()
        try:
            self.settings_for(self.probe)
        except (ConfigError, RuleError):
            pass  # reported in order, by the file it concerns

    def __call__(self, path: str):
        from ..engine import SEVERITY_RANK, RuleError
        from ..engine.config import ConfigError
        from ..pipeline import load

        try:
            engine, settings = self.settings_for(path)
        except (ConfigError, RuleError) as e:
            return ("usage", str(e))
        doc = load(path, self.input_format, self.encoding)  # an InputError is the batch's to report
        warnings: list[str] = []
        engine.check(doc, settings, warnings)
        counts = {s: 0 for s in SEVERITIES}
        failing = False
        for f in doc.findings:
            counts[f.severity] += 1
            if SEVERITY_RANK[f.severity] >= self.threshold:
                failing = True
        if self.style == "text":
            from ..report.text import format_document

            text = format_document(doc, self.colour)
        else:
            from ..serialize import dumps, to_dict

            d = to_dict(doc)
            if self.style == "line":
                text = dumps(d)
            else:
                text = dumps(d, pretty=True)
                if self.style == "item":
                    text = "  " + text.replace("\n", "\n  ")
        return ("ok", text, tuple(counts[s] for s in SEVERITIES), failing, bool(doc.findings), warnings)


def run(args) -> int:
    from ..batch import Batch, Interrupted
    from ..cli import UsageError
    from ..engine import SEVERITY_RANK, RuleError
    from ..engine.config import ConfigError
    from ..outputs import output
    from ..pipeline import discover
    from ..readers import InputError

    errors: list[InputError] = []
    probe = (args.paths[0] if args.paths[0] != "-" and os.path.isfile(args.paths[0])
             else os.path.join(os.path.abspath(args.paths[0] if args.paths[0] != "-" else "."), "x"))
    threshold = SEVERITY_RANK.get(args.fail_on, 99)
    from ..report.text import summary, use_colour

    colour = args.format == "text" and args.output in (None, "-") and use_colour(sys.stdout)
    paths = list(discover(args.paths, errors, include_json=args.input_format == "json"))
    single = args.format == "json" and len(args.paths) == 1 and len(paths) == 1 and paths[0] == args.paths[0]
    style = {"text": "text", "jsonl": "line"}.get(args.format) or ("pretty" if single else "item")
    work = CheckFile(args, style, colour, threshold, probe)
    try:
        # configuration and rule problems surface before any article is read
        work.settings_for(probe)
    except (ConfigError, RuleError) as e:
        raise UsageError(str(e)) from None

    counts = {s: 0 for s in SEVERITIES}
    failing = False
    files = 0
    with_findings = 0
    for e in errors:
        print(f"annotator: error: {e.oneline()}", file=sys.stderr)
    try:
        with output(args.output) as out, Batch(work, jobs=args.jobs, init=work.warm, progress=args.progress,
                                               label="check", results_to_stdout=args.output in (None, "-")) as batch:
            written = 0
            for item in batch.run(paths):
                if item.error is not None:
                    errors.append(item.error)
                    batch.message(f"annotator: error: {item.error.oneline()}")
                    continue
                if item.value[0] == "usage":
                    raise UsageError(item.value[1])
                _, text, file_counts, file_failing, has_findings, warnings = item.value
                for w in warnings:
                    batch.message(f"annotator: warning: {w}")
                files += 1
                if has_findings:
                    with_findings += 1
                for s, n in zip(SEVERITIES, file_counts):
                    counts[s] += n
                failing = failing or file_failing
                if style == "item":  # streamed array, byte for byte what json.dumps(docs, indent=2) writes
                    out.write(("[\n" if written == 0 else ",\n") + text)
                elif style == "text":
                    out.write(text)
                else:
                    out.write(text + "\n")
                written += 1
            if args.format == "text":
                out.write(summary(counts, files, with_findings, colour) + "\n")
            elif style == "item":
                out.write("\n]\n" if written else "[]\n")
    except Interrupted as e:
        print("annotator: interrupted", file=sys.stderr)
        return e.exit_code
    if errors:
        return 3
    return 1 if failing else 0
