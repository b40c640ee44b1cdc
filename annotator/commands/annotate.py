"""Write stance annotations (quotes, speakers, cues) as JSON."""

from __future__ import annotations

import sys


def add_arguments(p) -> None:
    from ..batch import add_arguments as add_batch_arguments

    p.add_argument("paths", nargs="+", metavar="PATH",
                   help="article files or folders ('-' reads standard input); with --dask also globs, "
                        "fsspec URLs and JSONL shards of {\"path\", \"text\"} objects")
    p.add_argument("--format", "-f", choices=("json", "jsonl"), default="json",
                   help="json: one document (an array for several files); jsonl: one document per line")
    p.add_argument("--output", "-o", metavar="FILE",
                   help="write to FILE (atomically) instead of standard output; with --dask, the output folder")
    p.add_argument("--input-format", choices=("text", "markdown", "html", "json"),
                   help="read every input as this format (default: from the extension)")
    p.add_argument("--encoding", help="decode inputs with this encoding (default: UTF-8, or as the BOM says)")
    p.add_argument("--resume", action="store_true",
                   help="with --format jsonl and --output: keep the complete lines already in the output, skip "
                        "the articles they hold (by source.path) and append the rest (after an interrupted run)")
    add_batch_arguments(p)
    g = p.add_argument_group("scale-out on Dask (needs the 'annotator[dask]' extra)")
    g.add_argument("--dask", metavar="SCHEDULER", nargs="?", const="local",
                   help="run on a Dask cluster: a scheduler address (tcp://host:8786) or 'local' (a LocalCluster "
                        "with --jobs workers; the default when --dask is given alone); writes JSONL shards "
                        "part-NNNNN.jsonl into the --output folder")
    g.add_argument("--shards", type=int, metavar="N",
                   help="with --dask: number of output shards (default: about 1,000 articles each, at least two "
                        "per worker thread; one per input shard for JSONL inputs)")


def run(args) -> int:
    if args.dask is not None:
        from ..distributed import run_command

        return run_command(args)
    if args.shards is not None:
        from ..cli import UsageError

        raise UsageError("--shards needs --dask")

    from functools import partial

    from ..batch import Batch, Interrupted
    from ..outputs import check_not_input, output
    from ..pipeline import annotate_json, discover, warm
    from ..readers import InputError

    errors: list[InputError] = []
    paths = list(discover(args.paths, errors, include_json=args.input_format == "json"))
    check_not_input(args.output, paths)
    for e in errors:
        print(f"annotator: error: {e.oneline()}", file=sys.stderr)
    single = args.format == "json" and len(args.paths) == 1 and len(paths) == 1 and paths[0] == args.paths[0]
    style = "line" if args.format == "jsonl" else ("pretty" if single else "item")
    work = partial(annotate_json, fmt=args.input_format, encoding=args.encoding, style=style)
    to_stdout = args.output in (None, "-")
    kept: list[str] = []
    if args.resume:
        from ..cli import UsageError

        if style != "line" or to_stdout:
            raise UsageError("--resume needs --format jsonl and --output FILE")
        kept, done = _complete_lines(args.output)
        paths = [p for p in paths if p not in done]
    interrupted = None
    try:
        with output(args.output) as out, Batch(work, jobs=args.jobs, init=warm, progress=args.progress,
                                               label="annotate", results_to_stdout=to_stdout) as batch:
            written = 0
            for line in kept:
                out.write(line)
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


def _complete_lines(path: str) -> tuple[list[str], set[str]]:
    """The complete JSON lines of an earlier output (a torn last line is
    dropped) and the source paths they hold."""
    import json

    kept: list[str] = []
    done: set[str] = set()
    try:
        with open(path, encoding="utf-8", newline="") as f:
            for line in f:
                if not line.endswith("\n"):
                    break
                try:
                    src = json.loads(line)["source"]["path"]
                except (ValueError, KeyError, TypeError):
                    break
                kept.append(line)
                done.add(src)
    except FileNotFoundError:
        pass
    return kept, done
