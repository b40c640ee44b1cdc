"""Lint articles: run the rules and report findings (text, JSON, JSONL, SARIF, GitHub, GitLab or JUnit).

Exit codes: 0 no finding at or above --fail-on; 1 findings at or above it
(with --diff: something to fix); 2 usage or configuration error, or a
malformed suppression comment (an unknown rule id: the other files are still
checked); 3 an input could not be read (the others are still checked; 3 wins
over 1, 2 over 3).
"""

from __future__ import annotations

import argparse
import os
import sys
from functools import partial

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANKS = {"info": 1, "warning": 2, "error": 3}  # engine.SEVERITY_RANK, without importing the engine
FORMATS = ("text", "json", "jsonl", "sarif", "github", "gitlab", "junit")


#: the format an --output name implies when --format is not given (as ``annotate -o FILE.jsonl``):
#: ``-o annotator.sarif`` alone wrote the text report into the SARIF file
BY_EXTENSION = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".sarif": "sarif", ".xml": "junit"}


def add_arguments(p) -> None:
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="article files or folders ('-' reads standard input); with --changed-since, where to look "
                        "(default: the whole repository)")
    p.add_argument("--format", "-f", choices=FORMATS,
                   help="text: one finding per entry with the source line (colour on a terminal); json/jsonl: "
                        "annotation documents with findings (the schema of 'annotate'); sarif: SARIF 2.1.0 for "
                        "code scanning; github: GitHub Actions workflow commands (annotations); gitlab: GitLab "
                        "Code Quality report (JSON); junit: JUnit XML (a test suite per file, a failing test case "
                        "per finding). Default: text, or what --output's name ends in says (.json, .jsonl or "
                        ".ndjson, .sarif, .xml for junit)")
    p.add_argument("--stdin-filename", metavar="PATH",
                   help="read the article from standard input and report it as PATH: its extension gives the "
                        "format, its folder the configuration (and overrides); PATH need not exist")
    p.add_argument("--output", "-o", metavar="FILE", help="write to FILE (atomically) instead of standard output")
    p.add_argument("--config", metavar="FILE",
                   help="use this configuration (pyproject.toml or .annotator.toml) instead of searching "
                        "upwards from each article")
    from ..cli import comma_list

    p.add_argument("--select", type=comma_list, metavar="RULE,...", action="extend",
                   help="run only these rules (ids, packs or dotted id prefixes; comma-separated, "
                        "or repeat the option)")
    p.add_argument("--extend-select", type=comma_list, metavar="RULE,...", action="extend",
                   help="run these rules too, on top of the configuration (or of --select)")
    p.add_argument("--ignore", type=comma_list, metavar="RULE,...", action="extend",
                   help="do not run these rules (comma-separated, or repeat the option)")
    p.add_argument("--fail-on", choices=("error", "warning", "info", "never"), default="error",
                   help="exit 1 when a finding has at least this severity (default: error)")
    p.add_argument("--min-severity", choices=SEVERITIES, default="info",
                   help="report only findings of at least this severity (default: info, all); the others are "
                        "dropped, so they cannot fail the run either (Vale's --minAlertLevel)")
    p.add_argument("--statistics", action="store_true",
                   help="print the number of findings per rule instead of the findings (text or json), then "
                        "exit as usual")
    p.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                   help="colour the text output: auto (default: on a terminal, or when FORCE_COLOR is set; "
                        "never when NO_COLOR is set), always, never")
    p.add_argument("--exclude", type=comma_list, metavar="GLOB,...", action="extend",
                   help="leave out files and folders matching these gitignore-style patterns when scanning a "
                        "folder (comma-separated, or repeat the option); files named as arguments are always checked")
    p.add_argument("--respect-gitignore", action=argparse.BooleanOptionalAction, default=True,
                   help="leave out what .gitignore files ignore when scanning a folder (default: on; "
                        "--no-respect-gitignore to check everything)")
    p.add_argument("--input-format", choices=("text", "markdown", "html", "json"),
                   help="read every input as this format (default: from the extension)")
    p.add_argument("--encoding", help="decode inputs with this encoding (default: UTF-8, or as the BOM says)")
    p.add_argument("--language", choices=("en", "ne"),
                   help="the articles' language (default: detected per article and paragraph, or the front matter's)")
    p.add_argument("--changed-since", metavar="REF",
                   help="check only the articles changed since this git ref (since the branch left it), "
                        "including staged, unstaged and untracked ones; deleted files are skipped")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--baseline", metavar="FILE",
                   help="ignore the findings recorded in FILE (see --write-baseline); report and fail only on new ones")
    g.add_argument("--write-baseline", metavar="FILE",
                   help="record the current findings in FILE (entries of articles not checked this time are kept "
                        "while the articles exist), then report nothing for them")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--fix", action="store_true",
                   help="apply the safe mechanical fixes (quotation mark and apostrophe style) in place, then "
                        "report what is left")
    g.add_argument("--diff", action="store_true",
                   help="print the safe fixes as a unified diff instead of the report; write nothing "
                        "(exit 1 when there is something to fix)")
    from ..batch import add_arguments as add_batch_arguments

    add_batch_arguments(p)


class CheckFile:
    """The unit of work of ``check`` (for annotator.batch): one path ->
    ``("ok", output, counts, failing, has_findings, warnings, extra)``, or
    ``("usage", message)`` for a configuration or rule error.  ``extra`` holds
    what the parent gathers across files: ``known`` (findings matched by the
    baseline), ``baseline`` (this file's entries, with --write-baseline),
    ``sarif`` and ``rules`` (results and rule descriptors), ``fixed`` (fixes
    made), ``changed`` (with --diff).  Picklable: the configurations and the
    compiled engine are loaded on first use in each process (``warm`` does it
    when a worker starts)."""

    def __init__(self, args, style: str, colour: bool, threshold: int, probe: str, baseline=None):
        self.config = args.config
        self.select = args.select
        self.extend_select = getattr(args, "extend_select", None)
        self.ignore = args.ignore
        self.input_format = args.input_format
        self.stdin_name = getattr(args, "stdin_filename", None)
        self.encoding = args.encoding
        self.language = getattr(args, "language", None)
        self.style = style  # text, line, pretty, item, github, sarif, gitlab, junit, stats
        self.colour = colour
        self.threshold = threshold
        self.probe = probe
        self.fix = "fix" if getattr(args, "fix", False) else ("diff" if getattr(args, "diff", False) else None)
        self.min_rank = SEVERITY_RANKS[getattr(args, "min_severity", None) or "info"]
        self.fix_roots = None  # with --fix, the folders it may write in
        if self.fix == "fix":
            from ..fixes import fix_roots

            self.fix_roots = fix_roots(args.paths)
        self.baseline = baseline  # annotator.baseline.Baseline, or None
        self.write_baseline = bool(getattr(args, "write_baseline", None))
        self._configs = None
        self.articles = 1  # about how many articles each process checks (set by run: Engine.expect)

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
        if path == "-" and self.stdin_name:
            path = self.stdin_name
        if cfg is None:
            folder = os.path.dirname(os.path.abspath(path)) if path != "-" else os.getcwd()
            cfg = find_config(folder) or default_config
        engine = get_engine(tuple(cfg.rule_dirs))
        cfg.validate(engine)
        return engine, cfg.settings_for(engine, path, self.select, self.ignore, self.extend_select)

    def warm(self, analyse: bool = True) -> None:
        from ..engine import RuleError
        from ..engine.config import ConfigError
        from ..pipeline import warm_for_cli

        warm_for_cli(analyse)  # a broken analysis lexicon (rules/lexicons) stops the run before any article
        try:
            engine, _ = self.settings_for(self.probe)
            engine.expect(self.articles)
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
        try:
            doc = load(path, self.input_format, self.encoding, self.stdin_name, self.language)  # an InputError is the batch's to report
        except RuleError as e:  # a broken lexicon only some articles read (cues-ne.yaml: Nepali ones)
            return ("usage", str(e))
        warnings: list[str] = []
        problems: list[str] = []
        engine.check(doc, settings, warnings, problems)
        extra: dict = {"errors": problems} if problems else {}
        if self.fix is not None:
            from ..fixes import FixError, fix_document, unified_diff

            try:
                result = fix_document(doc, engine, write=self.fix == "fix", roots=self.fix_roots)
            except FixError as e:
                return ("usage", str(e))
            warnings.extend(result.skipped)
            if self.fix == "diff":
                diff = unified_diff(doc.path, result.old_text, result.new_text) if result.changed else ""
                extra["changed"] = result.changed
                extra["fixed"] = len(result.edits)
                counts = tuple(sum(1 for f in doc.findings if f.severity == s) for s in SEVERITIES)
                return ("ok", diff, counts, result.changed, bool(doc.findings), warnings, extra)
            if result.written:
                extra["fixed"] = len(result.edits)
                doc = load(path, self.input_format, self.encoding, language=self.language)
                engine.check(doc, settings, [], [])
        if self.min_rank > 1:
            doc.findings = [f for f in doc.findings if SEVERITY_RANK[f.severity] >= self.min_rank]
        fingerprints = None
        if self.style in ("sarif", "gitlab"):
            from ..baseline import occurrence_fingerprints

            fingerprints = dict(zip(map(id, doc.findings), occurrence_fingerprints(doc)))
        if self.write_baseline:
            from ..baseline import entries_for

            extra["baseline"] = entries_for(doc)
            extra["known"] = len(doc.findings)
            doc.findings = []
        elif self.baseline is not None:
            from ..baseline import split_known

            doc.findings, known = split_known(doc, self.baseline.entries(self.stdin_name if path == "-" and
                                                                         self.stdin_name else path))
            extra["known"] = len(known)
        counts = {s: 0 for s in SEVERITIES}
        failing = False
        for f in doc.findings:
            counts[f.severity] += 1
            if SEVERITY_RANK[f.severity] >= self.threshold:
                failing = True
        if self.style == "stats":
            text = ""
            stats: dict[str, list] = {}
            for f in doc.findings:
                row = stats.get(f.rule)
                if row is None:
                    stats[f.rule] = [1, f.severity]
                else:
                    row[0] += 1
            extra["stats"] = stats
        elif self.style == "text":
            from ..report.text import format_document

            text = format_document(doc, self.colour)
        elif self.style == "github":
            from ..report.github import format_document

            text = format_document(doc)
        elif self.style == "gitlab":
            from ..report.gitlab import issues_for

            text = ""
            extra["gitlab"] = issues_for(doc, [fingerprints[id(f)] for f in doc.findings])
        elif self.style == "junit":
            from ..report.junit import suite_for

            text = ""
            extra["junit"] = suite_for(doc)
        elif self.style == "sarif":
            from ..report.sarif import results_for, rule_descriptor

            text = ""
            extra["sarif"] = results_for(doc, [fingerprints[id(f)] for f in doc.findings],
                                         new=self.baseline is not None)
            extra["rules"] = {f.rule: rule_descriptor(engine.specs[engine.index[f.rule]])
                              for f in doc.findings if f.rule in engine.index}
        else:
            from ..serialize import dumps, to_dict

            d = to_dict(doc)
            if self.style == "line":
                text = dumps(d)
            else:
                text = dumps(d, pretty=True, item=self.style == "item")
        return ("ok", text, tuple(counts[s] for s in SEVERITIES), failing, bool(doc.findings), warnings, extra)


def _excluded(root: str, path: str, exclude: list[str], ignorers: dict) -> bool:
    """Whether --exclude leaves out ``path`` (or a folder it is in) under the folder ``root``
    (git has already left out what .gitignore ignores)."""
    from ..ignore import Ignorer

    ig = ignorers.get(root)
    if ig is None:
        ig = ignorers[root] = Ignorer(root, exclude, gitignore=False)
    d = os.path.dirname(path)
    while len(d) > len(root):
        if ig.ignored(d, True):
            return True
        d = os.path.dirname(d)
    return ig.ignored(path, False)


def _changed_paths(args, errors) -> list[str]:
    """The articles under args.paths (default: the repository) changed since --changed-since."""
    from ..cli import UsageError
    from ..pipeline import _SKIP_DIRS, WALK_EXTENSIONS
    from ..readers import InputError
    from ..vcs import VCSError, changed_files

    if "-" in args.paths:
        raise UsageError("--changed-since reads files from git, not standard input")
    try:
        changed = changed_files(args.changed_since)
    except VCSError as e:
        raise UsageError(f"--changed-since: {e}") from None
    roots = []
    for p in args.paths or ["."]:
        if not os.path.exists(p):
            errors.append(InputError(p, "no such file or directory"))
            continue
        roots.append((os.path.abspath(p), os.path.isdir(p)))
    exts = WALK_EXTENSIONS | ({".json"} if args.input_format == "json" else set())
    cwd = os.getcwd()
    out = []
    ignorers: dict = {}
    for c in changed:
        for root, is_dir in roots:
            if not is_dir:
                if os.path.samefile(c, root):
                    break
                continue
            rel = os.path.relpath(c, root)
            if rel.startswith(os.pardir + os.sep):
                continue
            parts = rel.split(os.sep)
            if (os.path.splitext(c)[1].lower() in exts and not any(x.startswith(".") for x in parts)
                    and not any(x in _SKIP_DIRS for x in parts[:-1])
                    and not (args.exclude and _excluded(root, c, args.exclude, ignorers))):
                break
        else:
            continue
        rel = os.path.relpath(c, cwd)
        out.append(c if rel.startswith(os.pardir + os.sep) else rel)
    return out


def run(args) -> int:
    from ..batch import start_up

    with start_up():  # (until the batch has loaded the engine and the analysis)
        return _run(args)


def _run(args) -> int:
    from ..batch import Batch, Interrupted
    from ..cli import UsageError
    from ..engine import SEVERITY_RANK, RuleError
    from ..engine.config import ConfigError
    from ..outputs import output
    from ..pipeline import discover
    from ..readers import InputError

    if args.format is None:
        args.format = BY_EXTENSION.get(os.path.splitext(args.output or "")[1].lower(), "text")
    if args.stdin_filename is not None:
        if any(p != "-" for p in args.paths) or args.changed_since:
            raise UsageError("--stdin-filename reads standard input: give no other article (or just '-')")
        if not args.stdin_filename.strip():
            raise UsageError("--stdin-filename: give a file name")
        args.paths = ["-"]
    if not args.paths and not args.changed_since:
        raise UsageError("give one or more articles or folders (or --changed-since REF)")
    if args.exclude:
        from ..ignore import check_patterns

        try:
            check_patterns(args.exclude)
        except ValueError as e:
            raise UsageError(f"--exclude: {e}") from None
    if args.fix and "-" in args.paths:
        raise UsageError("--fix cannot rewrite standard input (use --diff)")
    errors: list[InputError] = []
    first = args.paths[0] if args.paths else "."
    probe = (first if first != "-" and os.path.isfile(first)
             else os.path.abspath(args.stdin_filename) if first == "-" and args.stdin_filename
             else os.path.join(os.path.abspath(first if first != "-" else "."), "x"))
    threshold = SEVERITY_RANK.get(args.fail_on, 99)
    from ..report.text import summary, use_colour

    if args.statistics and (args.format not in ("text", "json") or args.diff):
        raise UsageError("--statistics goes with --format text or json (and not with --diff)")
    colour = (args.format == "text" and not args.diff and not args.statistics
              and (args.color == "always" or (args.output in (None, "-") and use_colour(sys.stdout, args.color))))
    if args.changed_since:
        paths = _changed_paths(args, errors)
    else:
        paths = list(discover(args.paths, errors, include_json=args.input_format == "json",
                              exclude=args.exclude, respect_gitignore=args.respect_gitignore))
    single = args.format == "json" and len(args.paths) == 1 and len(paths) == 1 and paths[0] == args.paths[0]
    style = "stats" if args.statistics else (
        {"text": "text", "jsonl": "line", "github": "github", "sarif": "sarif", "gitlab": "gitlab",
         "junit": "junit"}.get(args.format)
        or ("pretty" if single else "item"))
    from ..outputs import check_not_input, check_target, writes_in_place

    # an output over an article or the baseline would destroy what is read
    check_not_input(args.output, [*paths, args.baseline, args.write_baseline])
    if args.write_baseline:
        check_target(args.write_baseline)  # a folder or a missing folder fails now, not after the work
        check_not_input(args.write_baseline, paths, "one of the articles")
        if args.output not in (None, "-") and os.path.abspath(args.output) == os.path.abspath(args.write_baseline):
            raise UsageError(f"{args.output}: both --output and --write-baseline")
    baseline = None
    if args.baseline or args.write_baseline:
        from ..baseline import Baseline, BaselineError

        try:
            if args.baseline:
                baseline = Baseline.load(args.baseline)
            elif os.path.isfile(args.write_baseline) and not writes_in_place(args.write_baseline):
                baseline = Baseline.load(args.write_baseline)  # checked now; merged again when written
            else:
                baseline = Baseline(args.write_baseline)
        except BaselineError as e:
            raise UsageError(str(e)) from None
    work = CheckFile(args, style, colour, threshold, probe, baseline if args.baseline else None)
    from ..batch import resolve_jobs

    work.articles = len(paths) // resolve_jobs(args.jobs, len(paths))  # (each process checks about as many)
    try:
        # configuration and rule problems surface before any article is read
        probe_engine, _ = work.settings_for(probe)
    except (ConfigError, RuleError) as e:
        raise UsageError(str(e)) from None

    counts = {s: 0 for s in SEVERITIES}
    failing = False
    files = 0
    with_findings = 0
    known = 0
    fixed = 0
    fixed_files = 0
    recorded: dict[str, list] = {}
    sarif_results: list = []
    sarif_rules: dict = {}
    stats: dict[str, list] = {}
    issues: list = []  # gitlab
    suites: list = []  # junit
    junit_tests = junit_failures = 0
    bad_comments = 0  # malformed suppression comments, unknown rule ids in them: exit 2
    for e in errors:
        print(f"annotator: error: {e.oneline()}", file=sys.stderr)
    try:
        with output(args.output) as out, Batch(work, jobs=args.jobs, init=work.warm,
                                               serial_init=partial(work.warm, analyse=len(paths) > 1), progress=args.progress,
                                               label="check", results_to_stdout=args.output in (None, "-"),
                                               expected=(UsageError,)) as batch:
            written = 0
            if style == "github":
                from ..report.github import error_line

                for e in errors:
                    out.write(error_line(e.path, e.message, e.line, e.column) + "\n")
            for item in batch.run(paths):
                if item.error is not None:
                    errors.append(item.error)
                    batch.message(f"annotator: error: {item.error.oneline()}")
                    if style == "github":
                        e = item.error
                        out.write(error_line(e.path, e.message, e.line, e.column) + "\n")
                    continue
                if item.value[0] == "usage":
                    raise UsageError(item.value[1])
                _, text, file_counts, file_failing, has_findings, warnings, extra = item.value
                for w in warnings:
                    batch.message(f"annotator: warning: {w}")
                for problem in extra.get("errors", ()):
                    batch.message(f"annotator: error: {problem}")
                    bad_comments += 1
                files += 1
                if has_findings:
                    with_findings += 1
                for s, n in zip(SEVERITIES, file_counts):
                    counts[s] += n
                failing = failing or file_failing
                known += extra.get("known", 0)
                if extra.get("fixed"):
                    fixed += extra["fixed"]
                    fixed_files += 1
                if "baseline" in extra:
                    recorded[args.stdin_filename if item.path == "-" and args.stdin_filename
                             else item.path] = extra["baseline"]
                if args.diff:
                    out.write(text)
                elif style == "gitlab":
                    issues.extend(extra["gitlab"])
                elif style == "junit":
                    suite, n_tests, n_failures = extra["junit"]
                    suites.append(suite)
                    junit_tests += n_tests
                    junit_failures += n_failures
                elif style == "stats":
                    for rule, (n, severity) in extra["stats"].items():
                        row = stats.setdefault(rule, [0, severity])
                        row[0] += n
                elif style == "sarif":
                    sarif_results.extend(extra["sarif"])
                    sarif_rules.update(extra["rules"])
                elif style == "item":  # streamed array, byte for byte what json.dumps(docs, indent=2) writes
                    out.write(("[\n" if written == 0 else ",\n") + text)
                elif style in ("text", "github"):
                    out.write(text)
                else:
                    out.write(text + "\n")
                written += 1
            if args.diff:
                pass
            elif style == "gitlab":
                from ..report.gitlab import error_issue
                from ..serialize import dumps

                issues.extend(error_issue(e.path, e.message, e.line) for e in errors)
                out.write(dumps(issues, pretty=True) + "\n")
            elif style == "junit":
                from ..report.junit import document, error_suite

                suites.extend(error_suite(e.path, e.oneline()) for e in errors)
                out.write(document(suites, junit_tests + len(errors), junit_failures, len(errors)))
            elif style == "stats":
                rows = [{"rule": rule, "count": n, "severity": severity,
                         "summary": (probe_engine.specs[probe_engine.index[rule]].summary
                                     if rule in probe_engine.index else "")}
                        for rule, (n, severity) in sorted(stats.items(), key=lambda kv: (-kv[1][0], kv[0]))]
                if args.format == "json":
                    from ..serialize import dumps

                    out.write(dumps(rows, pretty=True) + "\n")
                else:
                    from ..report.text import statistics

                    out.write(statistics(rows))
                    out.write(summary(counts, files, with_findings, unreadable=len(errors), known=known,
                                          recorded=bool(args.write_baseline)) + "\n")
            elif args.format == "text":
                out.write(summary(counts, files, with_findings, colour, len(errors), known,
                                  bool(args.write_baseline)) + "\n")
            elif style == "item" or (style == "pretty" and not written):
                # a single file that could not be read: still valid JSON (no documents)
                out.write("\n]\n" if written else "[]\n")
            elif style == "sarif":
                from .. import __version__
                from ..report.sarif import log, rule_descriptor
                from ..serialize import dumps

                rules = {s.id: rule_descriptor(s) for s in probe_engine.specs}
                rules.update(sarif_rules)
                out.write(dumps(log(rules, sarif_results, errors, __version__), pretty=True) + "\n")
    except Interrupted as e:
        print("annotator: interrupted", file=sys.stderr)
        return e.exit_code
    if args.write_baseline:
        from ..baseline import BaselineError, write_merged

        try:
            # under a lock, into the file as it is now: runs at the same time lose nothing
            baseline = write_merged(args.write_baseline, recorded)
        except BaselineError as e:
            raise UsageError(str(e)) from None
        n = sum(x["count"] for entries in recorded.values() for x in entries)
        print(f"annotator: wrote {args.write_baseline}: {n} finding{'s' if n != 1 else ''} in "
              f"{sum(1 for v in recorded.values() if v)} of {len(recorded)} checked file"
              f"{'s' if len(recorded) != 1 else ''} ({baseline.total()} in all)", file=sys.stderr)
    elif known and not args.diff and not (args.format == "text" or (args.format == "github" and not args.fix)):
        # (the text and github summaries count them)
        print(f"annotator: {known} known finding{'s' if known != 1 else ''} in the baseline not reported",
              file=sys.stderr)
    if args.fix:
        print(f"annotator: applied {fixed} fix{'es' if fixed != 1 else ''} in {fixed_files} "
              f"file{'s' if fixed_files != 1 else ''}" if fixed else "annotator: nothing to fix", file=sys.stderr)
    elif args.diff:
        print(f"annotator: {fixed} fix{'es' if fixed != 1 else ''} to apply in {fixed_files} "
              f"file{'s' if fixed_files != 1 else ''} (run with --fix to apply)" if fixed
              else "annotator: nothing to fix", file=sys.stderr)
    elif args.format == "github":
        print(summary(counts, files, with_findings, unreadable=len(errors), known=known,
                      recorded=bool(args.write_baseline)), file=sys.stderr)
    if bad_comments:
        return 2
    if errors:
        return 3
    return 1 if failing else 0
