"""Check annotation documents (JSON, a JSON array, or JSONL) against the schema."""

from __future__ import annotations

import json
import sys


def add_arguments(p) -> None:
    p.add_argument("files", nargs="+", metavar="FILE", help="annotation JSON or JSONL files ('-' for standard input)")
    p.add_argument("--schema", metavar="FILE", help="validate against this schema instead of annotations.schema.json")


def _documents(path: str, text: str):
    """Yield (where, document) for a JSON object, a JSON array, or JSON lines."""
    stripped = text.lstrip()
    if not stripped:
        raise ValueError("empty file")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as first:
        # perhaps JSON lines
        docs = []
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                docs.append((f"{path}:{n}", json.loads(line)))
            except json.JSONDecodeError as e:
                if n == 1:
                    raise ValueError(f"line {first.lineno} column {first.colno}: {first.msg}") from None
                raise ValueError(f"line {n} column {e.colno}: {e.msg}") from None
        yield from docs
        return
    if isinstance(data, list):
        for i, d in enumerate(data):
            yield f"{path}[{i}]", d
    else:
        yield path, data


def _where(error) -> str:
    parts = []
    for p in error.absolute_path:
        parts.append(f"[{p}]" if isinstance(p, int) else (f".{p}" if parts else str(p)))
    return "".join(parts) or "(document)"


class _Checker:
    """The errors of one document against the schema.

    jsonschema walks a document in Python (about 7 ms for an article's annotations, several times
    what annotating it costs); the pydantic model the shipped schema is generated from
    (``models.AnnotationDocument``) checks it in Rust in about 0.1 ms. So a document is first
    validated strictly against the model (no coercion, no extra fields: it accepts only what the
    schema accepts); only a document the model refuses goes to jsonschema, which gives the verdict
    and the messages (the model is stricter in places, e.g. 1.0 for an integer). With ``--schema``
    every document goes to jsonschema."""

    def __init__(self, schema: dict, use_model: bool):
        self.schema = schema
        self._validator = None
        self._model = None
        if use_model:
            from ..models import AnnotationDocument

            self._model = AnnotationDocument

    def errors(self, doc) -> list:
        if self._model is not None:
            from pydantic import ValidationError

            try:
                self._model.model_validate(doc, strict=True)
                return []
            except ValidationError:
                pass
        if self._validator is None:
            import jsonschema

            cls = jsonschema.validators.validator_for(self.schema, default=jsonschema.Draft202012Validator)
            self._validator = cls(self.schema)
        return sorted(self._validator.iter_errors(doc), key=lambda e: list(map(str, e.absolute_path)))


def run(args) -> int:
    from ..display import escape
    from ..resources import schemas_dir

    schema_path = args.schema or f"{schemas_dir()}/annotations.schema.json"
    try:
        with open(schema_path, encoding="utf-8") as f:
            schema = json.load(f)
    except (OSError, json.JSONDecodeError) as e:
        print(f"annotator: error: {schema_path}: cannot load schema: {e}", file=sys.stderr)
        return 2
    checker = _Checker(schema, use_model=args.schema is None)
    bad = 0
    unreadable = 0
    total = 0
    for path in args.files:
        try:
            if path == "-":
                text = sys.stdin.read()
            else:
                with open(path, encoding="utf-8") as f:
                    text = f.read()
            docs = list(_documents(path, text))
        except OSError as e:
            print(escape(f"{path}: error: cannot read: {e.strerror or e}"), file=sys.stderr)
            unreadable += 1
            continue
        except UnicodeDecodeError as e:
            print(escape(f"{path}: error: not UTF-8 (at byte offset {e.start})"), file=sys.stderr)
            unreadable += 1
            continue
        except ValueError as e:
            print(escape(f"{path}: error: not JSON: {e}"), file=sys.stderr)
            unreadable += 1
            continue
        for where, doc in docs:
            total += 1
            errors = checker.errors(doc)
            if errors:
                bad += 1
                for e in errors[:20]:
                    print(escape(f"{where}: {_where(e)}: {e.message}"))
                if len(errors) > 20:
                    print(escape(f"{where}: ... and {len(errors) - 20} more errors"))
    if not bad and not unreadable:
        print(f"{total} document{'s' if total != 1 else ''} valid", file=sys.stderr)
    if unreadable:
        return 3
    return 1 if bad else 0
