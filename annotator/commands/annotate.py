"""Write stance annotations (quotes, speakers, cues) as JSON."""

from __future__ import annotations

import sys


def add_arguments(p) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="article files or folders ('-' reads standard input)")
    p.add_argument("--format", "-f", choices=("json", "jsonl"), default="json",
                   help="json: one document (an array for several files); jsonl: one document per line")
    p.add_argument("--output", "-o", metavar="FILE", help="write to FILE (atomically) instead of standard output")
    p.add_argument("--input-format", choices=("text", "markdown", "html", "json"),
                   help="read every input as this format (default: from the extension)")
    p.add_argument("--encoding", help="decode inputs with this encoding (default: UTF-8, or as the BOM says)")


def run(args) -> int:
    from ..pipeline import discover, load
    from ..outputs import output
    from ..readers import InputError
    from ..serialize import dumps, to_dict

    errors: list[InputError] = []
    paths = list(discover(args.paths, errors, include_json=args.input_format == "json"))
    docs = []
    with output(args.output) as out:
        for path in paths:
            try:
                doc = load(path, args.input_format, args.encoding)
            except InputError as e:
                errors.append(e)
                print(f"annotator: error: {e.oneline()}", file=sys.stderr)
                continue
            d = to_dict(doc)
            if args.format == "jsonl":
                out.write(dumps(d) + "\n")
            else:
                docs.append(d)
        if args.format == "json":
            single = len(args.paths) == 1 and len(paths) == 1 and paths[0] == args.paths[0]
            if single and docs:
                out.write(dumps(docs[0], pretty=True) + "\n")
            elif not single:
                out.write(dumps(docs, pretty=True) + "\n")
    return 3 if errors else 0
