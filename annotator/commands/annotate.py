"""Write stance annotations (quotes, speakers, cues) as JSON."""

from __future__ import annotations

import os
import re
import sys
from functools import partial


def add_arguments(p) -> None:
    from ..batch import add_arguments as add_batch_arguments

    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="article files or folders ('-' reads standard input); with --dask also globs, "
                        "fsspec URLs and JSONL shards of {\"path\", \"text\"} objects")
    p.add_argument("--format", "-f", choices=("json", "jsonl"),
                   help="json: one document (an array for several files); jsonl: one document per line "
                        "(default: jsonl when --output ends in .jsonl or .ndjson, else json)")
    p.add_argument("--output", "-o", metavar="FILE",
                   help="write to FILE (atomically) instead of standard output; JSON lines go to .FILE.partial "
                        "beside it first, line by line, so that even a killed run can be resumed; with --dask, "
                        "the output folder")
    p.add_argument("--input-format", choices=("text", "markdown", "html", "json"),
                   help="read every input as this format (default: from the extension)")
    p.add_argument("--encoding", help="decode inputs with this encoding (default: UTF-8, or as the BOM says)")
    p.add_argument("--language", choices=("en", "ne"),
                   help="the articles' language (default: detected per article and paragraph, or the front matter's)")
    p.add_argument("--resume", action="store_true",
                   help="with --format jsonl and --output: keep the complete lines an interrupted run left (in "
                        ".FILE.partial, else in FILE), skip the articles they hold (by source.path, the same "
                        "file however it is spelt) and append the rest")
    add_batch_arguments(p)
    g = p.add_argument_group("scale-out on Dask (needs the 'annotator[dask]' extra)")
    g.add_argument("--dask", metavar="SCHEDULER", nargs="?", const="local",
                   help="run on a Dask cluster: a scheduler address (tcp://host:8786) or 'local' (a LocalCluster "
                        "with --jobs workers; the default when --dask is given alone); writes JSONL shards "
                        "part-NNNNN.jsonl into the --output folder")
    g.add_argument("--shards", type=int, metavar="N",
                   help="with --dask: number of output shards (default: about 1,000 articles each, at least two "
                        "per worker thread; one per input shard for JSONL inputs)")


#: what ``--dask VALUE`` takes for a scheduler: ``local``, an address with a Dask
#: scheme, or host:port
_SCHEDULER = re.compile(r"local|(?:tcp|tls|inproc|ucx|ws|wss)://.+|(?:[\w.-]+|\[[0-9A-Fa-f:.]+\]):\d+")


def _takes_path(value: str) -> bool:
    """``--dask`` takes an optional value, so ``--dask corpus/`` would read the folder as a
    scheduler address: a value that is not one, and names an existing path, a glob or a
    URL (``s3://``), is the first input instead."""
    if _SCHEDULER.fullmatch(value):
        return False
    return os.path.exists(value) or "://" in value or any(c in value for c in "*?[")


def run(args) -> int:
    from ..cli import UsageError

    if args.dask is not None and _takes_path(args.dask):
        args.paths.insert(0, args.dask)
        args.dask = "local"
    if not args.paths:
        raise UsageError("give one or more articles or folders ('-' reads standard input)")
    if args.dask is not None:
        if args.language is not None:
            raise UsageError("--language is not supported with --dask yet (the front matter's language is)")
        from ..distributed import run_command

        return run_command(args)
    if args.shards is not None:
        raise UsageError("--shards needs --dask")

    import contextlib
    from functools import partial

    from ..batch import Batch, Interrupted
    from ..outputs import JournalBusy, check_not_input
    from ..pipeline import annotate_json, discover, warm_for_cli
    from ..readers import InputError

    if args.format is None:
        out_name = (args.output or "").lower()
        args.format = "jsonl" if out_name.endswith((".jsonl", ".ndjson")) else "json"
    errors: list[InputError] = []
    paths = list(discover(args.paths, errors, include_json=args.input_format == "json"))
    check_not_input(args.output, paths)
    for e in errors:
        print(f"annotator: error: {e.oneline()}", file=sys.stderr)
    single = args.format == "json" and len(args.paths) == 1 and len(paths) == 1 and paths[0] == args.paths[0]
    style = "line" if args.format == "jsonl" else ("pretty" if single else "item")
    work = partial(annotate_json, fmt=args.input_format, encoding=args.encoding, style=style, language=args.language)
    to_stdout = args.output in (None, "-")
    if args.resume and (style != "line" or to_stdout):
        raise UsageError("--resume needs --format jsonl and --output FILE")
    target = _open_output(args.output, style == "line", args.resume)
    if args.resume:
        done = target.done
        paths = [p for p in paths if _same_file_key(p) not in done]
    interrupted = None
    try:
        with contextlib.ExitStack() as stack:
            try:
                out = stack.enter_context(target.open())
            except JournalBusy as e:
                raise UsageError(str(e)) from None
            except OSError as e:
                raise UsageError(f"cannot write {args.output}: {e.strerror or e}") from None
            batch = stack.enter_context(Batch(work, jobs=args.jobs, init=warm_for_cli,
                                              serial_init=partial(warm_for_cli, analyse=len(paths) > 1),
                                              progress=args.progress,
                                              label="annotate", results_to_stdout=to_stdout, expected=(UsageError,)))
            written = 0
            try:
                items = batch.run(paths)
                for item in items:
                    if item.error is not None:
                        errors.append(item.error)
                        batch.message(f"annotator: error: {item.error.oneline()}")
                        continue
                    if style == "line":
                        out.write(item.value + "\n")
                    elif style == "pretty":
                        out.write(item.value + "\n")
                    else:  # streamed array, byte for byte what json.dumps(docs, indent=2) writes
                        out.write(("[\n" if written == 0 else ",\n") + item.value)
                    written += 1
            except Interrupted as e:
                if style != "line":
                    raise
                # JSON lines: what was written is whole lines (the batch stops between
                # results): the output file keeps them, for --resume
                interrupted = e
            if style == "item" or (style == "pretty" and not written):
                # a single file that could not be read: still valid JSON (no documents)
                out.write("\n]\n" if written else "[]\n")
    except Interrupted as e:
        interrupted = e
    if interrupted is not None:
        print("annotator: interrupted", file=sys.stderr)
        return interrupted.exit_code
    return 3 if errors else 0


def _same_file_key(path: str) -> str:
    """One spelling per file for --resume: ``news/a.txt``, ``./news/a.txt``,
    ``news//a.txt`` (a folder given as ``news/``) and the absolute path are
    the same article (relative paths are taken from the working folder)."""
    import os

    if path == "-":
        return path
    return os.path.realpath(path)


class _Target:
    """Where ``annotate`` writes: standard output, an atomic file, or (JSON
    lines to a regular file) a journal renamed over the file when done."""

    def __init__(self, path: str | None, journaled: bool, resume: tuple[str, int] | None = None,
                 done: set[str] | None = None):
        self.path = path
        self.journaled = journaled
        self.resume = resume
        self.done = done or set()

    def open(self):
        from ..outputs import journaled_writer, output

        if self.journaled:
            return journaled_writer(self.path, self.resume)
        return output(self.path)


def _open_output(path: str | None, lines: bool, resume: bool) -> _Target:
    import os
    import stat

    from ..cli import UsageError
    from ..outputs import complete_lines, journal_path

    if path in (None, "-") or not lines:
        return _Target(path, False)
    try:
        regular = stat.S_ISREG(os.stat(path).st_mode)
    except FileNotFoundError:
        regular = True
    except OSError as e:
        raise UsageError(f"cannot write {path}: {e.strerror or e}") from None
    if not regular:  # a device or a FIFO (/dev/stdout): written as it is, nothing to resume
        if resume:
            raise UsageError(f"--resume needs a regular file; {path} is not one")
        return _Target(path, False)
    if not resume:
        return _Target(path, True)
    # the journal, when there is one, is the latest run's (a run that finished
    # or was interrupted by a signal renamed it over the output)
    journal = journal_path(path)
    source = journal if os.path.lexists(journal) else path
    try:
        end, keys = complete_lines(source, lambda doc: _same_file_key(doc["source"]["path"]))
    except OSError as e:
        raise UsageError(f"--resume cannot read {source}: {e.strerror or e}") from None
    return _Target(path, True, (source, end), set(keys))

