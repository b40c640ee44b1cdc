"""Write the JSON Schemas generated from the pydantic models (or --check them)."""

from __future__ import annotations

import json
import os
import sys


def add_arguments(p) -> None:
    p.add_argument("--check", action="store_true", help="exit 1 if the files on disk differ from the models")
    p.add_argument("--dir", metavar="DIR", help="folder to write to (default: the project's schemas/)")


def render() -> dict[str, str]:
    """File name -> content, exactly as committed."""
    from ..models import SCHEMA_FILES, json_schema

    return {
        name: json.dumps(json_schema(model, name), indent=2, ensure_ascii=False, sort_keys=False) + "\n"
        for name, model in SCHEMA_FILES.items()
    }


def run(args) -> int:
    from ..outputs import atomic_writer
    from ..resources import schemas_dir

    directory = args.dir or schemas_dir()
    stale = []
    for name, content in render().items():
        path = os.path.join(directory, name)
        try:
            with open(path, encoding="utf-8") as f:
                current = f.read()
        except FileNotFoundError:
            current = None
        if current == content:
            continue
        stale.append(path)
        if not args.check:
            os.makedirs(directory, exist_ok=True)
            with atomic_writer(path) as f:
                f.write(content)
            print(f"wrote {path}", file=sys.stderr)
    if args.check and stale:
        for path in stale:
            print(f"{path}: differs from the models; run 'annotator schemas' and commit", file=sys.stderr)
        return 1
    return 0
