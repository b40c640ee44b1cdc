"""Scale-out on Dask: ``annotator annotate --dask [SCHEDULER|local] --shards N -o OUTDIR INPUT...``

For a corpus too large for one machine.  Needs the optional extra
``annotator[dask]`` (``dask[distributed]``) on the client and on every
worker, with annotator itself installed on the workers.  Dask is imported
only here.

Inputs, in any mix:

* a folder: its articles, walked exactly as the single-process command walks it;
* a glob (``corpus/*/*.txt``, ``s3://bucket/news/**/*.md``) or a file, local
  or an fsspec URL (any filesystem fsspec and the workers can reach);
* a JSONL shard (``.jsonl``/``.ndjson``, optionally compressed: ``.gz``,
  ``.bz2``, ``.xz``, ``.zst``), one article per line: ``{"path": ..., "text": ...}``
  (``text`` read as the format ``path``'s extension says, or as plain text),
  or an article object (``{"headline": ..., "body": ...}``: any object with a
  headline, title, body or content), read by the JSON reader with the line
  itself as its source, exactly as a .json file holding that line.  A line's source path is ``path`` when
  given, else ``SHARD:LINE``.

The article size limit holds here too (``readers.MAX_BYTES``, 8 MB): for
the ``text`` of a ``{"path", "text"}`` line (UTF-8), for an article object
line as a whole, and for a file read from a URL.  A line longer than
``MAX_LINE_BYTES`` is never held in memory: it is reported and skipped,
and when skipping it would take more than ``MAX_SKIP_BYTES`` more, the
rest of the shard is reported and dropped.  A compressed shard that
expands more than ``MAX_EXPANSION`` times (past the first
``EXPANSION_FLOOR`` bytes) is a compression bomb: reading it stops there
with an error.  Each is an error of that shard (with the line), not of the
run.

The files are split, in order, into ``--shards`` contiguous partitions (by
default about 1,000 articles each and at least two per worker thread); each
JSONL shard is a partition of its own.  Each partition is one Dask task: a
worker reads its articles, analyses them (lexicons loaded once per worker
process) and streams the documents into ``OUTDIR/part-NNNNN.jsonl``, which
appears only when complete (written to a temporary name and renamed).
Concatenating the parts in order gives, for files, exactly what
``annotator annotate --format jsonl`` writes in one process.  Unreadable
inputs are reported on standard error (exit code 3) and listed in
``OUTDIR/_manifest.json`` with the parts and their document counts; parts
left over from an earlier run with more shards are removed.

``SCHEDULER`` is a scheduler address (``tcp://10.0.0.5:8786``) or ``local``:
a ``LocalCluster`` of ``--jobs`` single-threaded worker processes (default:
one per core) that lives as long as the command.
"""

from __future__ import annotations

import glob as globlib
import json
import math
import os
import re
import sys
import uuid
from dataclasses import dataclass, field

from .pipeline import WALK_EXTENSIONS, discover
from .readers import MAX_BYTES as _ARTICLE_LIMIT

JSONL_SUFFIXES = (".jsonl", ".ndjson")
COMPRESSIONS = (".gz", ".bz2", ".xz", ".zst")
ARTICLES_PER_SHARD = 1000
PART_NAME = "part-{:05d}.jsonl"
_PART_RE = re.compile(r"^part-\d{5}\.jsonl$")
MANIFEST = "_manifest.json"
#: errors returned per partition (the count is always exact)
MAX_ERRORS_PER_PART = 1000
#: the longest JSONL line read: an article's text at the limit, with room for
#: JSON escapes (a line is a JSON string: a quote or a non-ASCII character may
#: take two to six bytes)
MAX_LINE_BYTES = 2 * _ARTICLE_LIMIT
#: how far past MAX_LINE_BYTES an overlong line is read to find its end
MAX_SKIP_BYTES = 8 * MAX_LINE_BYTES
#: decompressed bytes per compressed byte beyond which a shard is a bomb (text
#: compresses 3-10 times; the most any gzip stream expands is about 1,030)
MAX_EXPANSION = 200
#: ... once this much has been decompressed (the ratio of a short start varies)
EXPANSION_FLOOR = 64 * 1024 * 1024
#: a JSONL record with one of these is an article object for the JSON reader,
#: not a {"path", "text"} record
_ARTICLE_KEYS = ("headline", "title", "body", "content")


def is_url(path: str) -> bool:
    return "://" in path


def is_jsonl(path: str) -> bool:
    p = path.lower()
    for c in COMPRESSIONS:
        if p.endswith(c):
            p = p[: -len(c)]
            break
    return p.endswith(JSONL_SUFFIXES)


def _has_magic(path: str) -> bool:
    return any(c in path for c in "*?[")


@dataclass
class Partition:
    index: int
    kind: str  # "files" or "jsonl"
    items: list[str]


@dataclass
class Plan:
    partitions: list[Partition]
    errors: list = field(default_factory=list)  # InputError for inputs that do not exist

    @property
    def files(self) -> int:
        return sum(len(p.items) for p in self.partitions if p.kind == "files")


def _url_files(url: str, include_json: bool) -> tuple[list[str], list[str]]:
    """(article files, JSONL shards) for an fsspec URL: a glob, a folder or a file."""
    import fsspec

    fs, _, expanded = fsspec.get_fs_token_paths(url)
    protocol = url.split("://", 1)[0]
    exts = WALK_EXTENSIONS | ({".json"} if include_json else set())
    files, shards = [], []
    if not _has_magic(url) and len(expanded) == 1 and fs.isdir(expanded[0]):
        found = [p for p in sorted(fs.find(expanded[0])) if os.path.splitext(p)[1].lower() in exts]
        named = False
    else:
        found = sorted(expanded)
        named = True
    for p in found:
        full = p if is_url(p) else f"{protocol}://{p}"
        if is_jsonl(p):
            shards.append(full)
        elif named or os.path.splitext(p)[1].lower() in exts:
            files.append(full)
    return files, shards


def plan(inputs: list[str], shards: int | None = None, threads: int = 1, include_json: bool = False) -> Plan:
    """Split the inputs into partitions (see the module docstring)."""
    from .readers import InputError

    errors: list[InputError] = []
    files: list[str] = []
    jsonl: list[str] = []
    for inp in inputs:
        if inp == "-":
            errors.append(InputError("-", "standard input cannot be read on a cluster"))
        elif is_url(inp):
            try:
                f, s = _url_files(inp, include_json)
            except (OSError, ValueError) as e:
                errors.append(InputError(inp, str(e) or type(e).__name__))
                continue
            if not f and not s:
                errors.append(InputError(inp, "no such file, or nothing matched"))
            files.extend(f)
            jsonl.extend(s)
        elif _has_magic(inp) and not os.path.exists(inp):
            matched = sorted(globlib.glob(inp, recursive=True))
            if not matched:
                errors.append(InputError(inp, "nothing matched"))
            for p in matched:
                if is_jsonl(p):
                    jsonl.append(p)
                elif os.path.isdir(p):
                    files.extend(discover([p], errors, include_json))
                else:
                    files.append(p)
        elif is_jsonl(inp) and os.path.isfile(inp):
            jsonl.append(inp)
        else:
            files.extend(discover([inp], errors, include_json))
    n = len(files)
    if shards is None:
        shards = max(2 * threads, math.ceil(n / ARTICLES_PER_SHARD))
    shards = max(1, min(shards, n)) if n else 0
    partitions: list[Partition] = []
    for i in range(shards):  # contiguous, sizes differing by at most one
        a, b = (i * n) // shards, ((i + 1) * n) // shards
        partitions.append(Partition(len(partitions), "files", files[a:b]))
    for s in jsonl:
        partitions.append(Partition(len(partitions), "jsonl", [s]))
    return Plan(partitions, errors)


# -- on the workers ---------------------------------------------------------------

def _records(partition: Partition, fmt: str | None, encoding: str | None):
    """Yield (path, loader) for each article of a partition; ``loader()``
    returns the analysed Document or raises InputError."""
    from .pipeline import annotate_document, load
    from .readers import MAX_BYTES, InputError, format_for, read_bytes, read_limited, read_text, too_large

    if partition.kind == "files":
        for path in partition.items:
            if is_url(path):
                def loader(path=path):
                    import fsspec

                    try:
                        with fsspec.open(path, "rb") as f:
                            size = getattr(f, "size", None)
                            if isinstance(size, int) and size > MAX_BYTES:
                                raise too_large(path, size)
                            data = read_limited(f, path)
                    except (OSError, ValueError) as e:
                        raise InputError(path, str(e) or type(e).__name__) from None
                    return annotate_document(read_bytes(data, path, fmt, encoding))
            else:
                def loader(path=path):
                    return load(path, fmt, encoding)
            yield path, loader
        return
    shard = partition.items[0]
    try:
        lines = _ShardLines(shard)
    except (OSError, ValueError) as e:
        err = InputError(shard, str(e) or type(e).__name__)

        def fail(err=err):
            raise err
        yield shard, fail
        return
    with lines:
        for n, raw in lines:
            where = f"{shard}:{n}"
            if isinstance(raw, InputError):
                def fail(e=raw):
                    raise e
                yield where, fail
                continue
            try:
                line = raw.decode(encoding or "utf-8")
            except (UnicodeDecodeError, LookupError) as e:
                def fail(e=e, n=n):
                    raise InputError(shard, f"cannot decode: {e}", n)
                yield where, fail
                continue
            if not line.strip():
                continue

            size = len(raw.rstrip(b"\r\n"))

            def loader(line=line, where=where, n=n, size=size):
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as e:
                    raise InputError(shard, f"not JSON: {e.msg}", n, e.colno) from None
                if not isinstance(obj, dict):
                    raise InputError(shard, "each line must be a JSON object", n)
                path = obj.get("path") if isinstance(obj.get("path"), str) else where
                if isinstance(obj.get("text"), str) and not any(k in obj for k in _ARTICLE_KEYS):
                    text = obj["text"]
                    if len(text) > MAX_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
                        raise InputError(shard, f"article too large (its text is more than the limit of "
                                                f"{MAX_BYTES} bytes)", n)
                    doc = read_text(text, path, fmt or format_for(path) or "text")
                else:  # an article object, as the JSON reader reads a .json file holding this line
                    if size > MAX_BYTES:
                        raise InputError(shard, f"article too large ({size} bytes; the limit is {MAX_BYTES} "
                                                "bytes)", n)
                    doc = read_text(line.rstrip("\r\n"), path, "json")
                return annotate_document(doc)
            yield where, loader


class _Unreadable(Exception):
    pass


class _ShardLines:
    """The lines of a JSONL shard, local or an fsspec URL, decompressed as its
    name says: iterating yields ``(number, bytes)``, or ``(number,
    InputError)`` for a line over the limits (see the module docstring).
    Memory stays within a line of ``MAX_LINE_BYTES``."""

    def __init__(self, shard: str):
        import fsspec
        from fsspec.compression import compr
        from fsspec.utils import infer_compression

        self.shard = shard
        self.raw = fsspec.open(shard, "rb").open()
        try:
            kind = infer_compression(shard)
            if kind is None and shard.lower().endswith(COMPRESSIONS):  # .zst without zstandard
                raise ValueError(f"cannot decompress {os.path.splitext(shard)[1]}: its module is not installed "
                                 "(zstandard for .zst)")
            self.f = compr[kind](self.raw, mode="rb") if kind else self.raw
        except BaseException:
            self.raw.close()
            raise
        self.compressed = kind is not None
        self.read = 0  # bytes after decompression
        self.n = 0  # the line being read

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        try:
            if self.f is not self.raw:
                self.f.close()
        finally:
            self.raw.close()

    def _readline(self, limit: int) -> bytes:
        import lzma
        import zlib

        try:
            chunk = self.f.readline(limit)
        except (OSError, EOFError, ValueError, zlib.error, lzma.LZMAError) as e:  # a corrupt or cut stream
            raise _Unreadable(str(e) or type(e).__name__) from None
        self.read += len(chunk)
        return chunk

    def _bomb(self) -> bool:
        if not self.compressed or self.read <= EXPANSION_FLOOR:
            return False
        try:
            consumed = self.raw.tell()
        except (OSError, ValueError, AttributeError):
            return False
        return self.read > MAX_EXPANSION * max(consumed, 1)

    def __iter__(self):
        from .readers import InputError

        try:
            yield from self._lines()
        except _Unreadable as e:
            yield self.n, InputError(self.shard, f"cannot read further: {e}", self.n)

    def _lines(self):
        from .readers import InputError

        shard = self.shard
        while True:
            self.n += 1
            n = self.n
            raw = self._readline(MAX_LINE_BYTES + 1)
            if not raw:
                return
            if self._bomb():
                yield n, self._bomb_error()
                return
            if len(raw) <= MAX_LINE_BYTES or raw.endswith(b"\n"):
                yield n, raw
                continue
            length = len(raw)
            while not raw.endswith(b"\n"):
                if self._bomb():
                    yield n, self._bomb_error()
                    return
                if length > MAX_LINE_BYTES + MAX_SKIP_BYTES:
                    yield n, InputError(shard, f"line longer than {length} bytes and still no end; the rest "
                                               "of the shard is skipped", n)
                    return
                raw = self._readline(1 << 20)
                if not raw:
                    break
                length += len(raw)
            yield n, InputError(shard, f"line too long (more than {MAX_LINE_BYTES} bytes); skipped", n)

    def _bomb_error(self):
        from .readers import InputError

        return InputError(self.shard, f"decompresses to more than {MAX_EXPANSION} times its size (a "
                                      "compression bomb?); the rest of the shard is skipped", self.n)


def _open_part(outdir: str, name: str):
    """A context manager writing text to OUTDIR/name, visible only when complete."""
    import contextlib

    if not is_url(outdir):
        from .outputs import atomic_writer

        return atomic_writer(os.path.join(outdir, name))

    @contextlib.contextmanager
    def remote():
        import fsspec

        fs, root = fsspec.core.url_to_fs(outdir)
        final = root.rstrip("/") + "/" + name
        tmp = root.rstrip("/") + f"/.{name}.{uuid.uuid4().hex}.tmp"
        try:
            with fs.open(tmp, "w", encoding="utf-8") as f:
                yield f
            fs.mv(tmp, final)
        except BaseException:
            try:
                fs.rm(tmp)
            except (OSError, FileNotFoundError):
                pass
            raise

    return remote()


def annotate_partition(partition: Partition, outdir: str, fmt: str | None = None,
                       encoding: str | None = None) -> dict:
    """The Dask task: annotate one partition into OUTDIR/part-NNNNN.jsonl.
    Returns ``{"part", "documents", "errors": [[path, message, line, column], ...], "error_count"}``."""
    from .readers import InputError
    from .serialize import dumps, to_dict

    name = PART_NAME.format(partition.index)
    docs = 0
    errors: list[list] = []
    error_count = 0
    with _open_part(outdir, name) as out:
        for _, loader in _records(partition, fmt, encoding):
            try:
                doc = loader()
            except InputError as e:
                error_count += 1
                if len(errors) < MAX_ERRORS_PER_PART:
                    errors.append([e.path, e.message, e.line, e.column])
                continue
            out.write(dumps(to_dict(doc)) + "\n")
            docs += 1
    return {"part": name, "index": partition.index, "documents": docs, "errors": errors, "error_count": error_count}


# -- on the client ----------------------------------------------------------------

@dataclass
class Summary:
    parts: list[str]
    documents: int
    errors: list  # InputError, in input order
    error_count: int


def _prepare_outdir(outdir: str) -> None:
    if is_url(outdir):
        import fsspec

        fs, root = fsspec.core.url_to_fs(outdir)
        fs.makedirs(root, exist_ok=True)
    else:
        os.makedirs(outdir, exist_ok=True)


def _tidy_outdir(outdir: str, parts: list[str], manifest: dict) -> None:
    """Remove parts of an earlier run that this run did not write; write the manifest."""
    keep = set(parts)
    if is_url(outdir):
        import fsspec

        fs, root = fsspec.core.url_to_fs(outdir)
        for p in fs.ls(root, detail=False):
            base = p.rstrip("/").rsplit("/", 1)[-1]
            if _PART_RE.match(base) and base not in keep:
                fs.rm(p)
    else:
        for base in os.listdir(outdir):
            if _PART_RE.match(base) and base not in keep:
                os.unlink(os.path.join(outdir, base))
    with _open_part(outdir, MANIFEST) as f:
        f.write(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")


def annotate_on_dask(client, inputs: list[str], outdir: str, *, shards: int | None = None,
                     fmt: str | None = None, encoding: str | None = None, include_json: bool = False,
                     progress=None) -> Summary:
    """Annotate ``inputs`` on the cluster behind ``client`` into JSONL shards in ``outdir``."""
    from dask.distributed import as_completed

    from .readers import InputError

    threads = sum(client.nthreads().values()) or 1
    p = plan(inputs, shards, threads, include_json)
    if progress is not None:
        progress.total = len(p.partitions)
    _prepare_outdir(outdir)
    futures = [
        client.submit(annotate_partition, part, outdir, fmt, encoding, key=f"annotate-part-{part.index}-{uuid.uuid4().hex}",
                      pure=False)
        for part in p.partitions
    ]
    results: dict[int, dict] = {}
    try:
        for fut in as_completed(futures):
            r = fut.result()
            results[r["index"]] = r
            if progress is not None:
                progress.update()
    except BaseException:
        client.cancel(futures)
        raise
    ordered = [results[i] for i in sorted(results)]
    errors = list(p.errors) + [InputError(*e) for r in ordered for e in r["errors"]]
    error_count = len(p.errors) + sum(r["error_count"] for r in ordered)
    parts = [r["part"] for r in ordered]
    manifest = {
        "parts": [{"name": r["part"], "documents": r["documents"], "errors": r["error_count"]} for r in ordered],
        "documents": sum(r["documents"] for r in ordered),
        "errors": [{"path": e.path, "message": e.message, "line": e.line, "column": e.column} for e in errors],
        "error_count": error_count,
    }
    _tidy_outdir(outdir, parts, manifest)
    return Summary(parts, manifest["documents"], errors, error_count)


def connect(address: str, workers: int | None = None):
    """(client, cluster or None) for a scheduler address or ``local``."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        from .cli import UsageError

        raise UsageError("--dask needs Dask: pip install 'annotator[dask]'") from None
    if address == "local":
        import logging

        from .batch import MAX_JOBS_PER_CORE, cores

        n = min(workers or cores(), MAX_JOBS_PER_CORE * cores())  # as --jobs without Dask
        cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=logging.WARNING)
        return Client(cluster), cluster
    try:
        return Client(address), None
    except (OSError, ValueError) as e:  # no such scheduler, a malformed address, a timeout
        from .cli import UsageError

        raise UsageError(f"--dask {address}: cannot connect to a Dask scheduler there: {e}") from None


def run_command(args) -> int:
    """``annotate --dask``: called by commands/annotate.py."""
    from .batch import Interrupted
    from .cli import UsageError
    from .progress import Progress, wanted

    if not args.output or args.output == "-":
        raise UsageError("--dask writes JSONL shards into a folder: give it with --output/-o")
    if args.shards is not None and args.shards < 1:
        raise UsageError("--shards must be at least 1")
    client, cluster = connect(args.dask, args.jobs if args.jobs and args.jobs > 0 else None)
    bar = None
    try:
        bar = Progress(None, "annotate (dask)", enabled=wanted(args.progress), unit="shards")
        summary = annotate_on_dask(
            client, args.paths, args.output, shards=args.shards, fmt=args.input_format,
            encoding=args.encoding, include_json=args.input_format == "json", progress=bar,
        )
    except KeyboardInterrupt as e:
        if bar is not None:
            bar.close()
        print("annotator: interrupted", file=sys.stderr)
        return Interrupted(2).exit_code if not isinstance(e, Interrupted) else e.exit_code
    finally:
        if bar is not None:
            bar.close()
        client.close()
        if cluster is not None:
            cluster.close()
    for e in summary.errors:
        print(f"annotator: error: {e.oneline()}", file=sys.stderr)
    if summary.error_count > len(summary.errors):
        print(f"annotator: {summary.error_count - len(summary.errors)} more errors (see {MANIFEST})", file=sys.stderr)
    print(f"annotator: {summary.documents} documents in {len(summary.parts)} shards in {args.output}", file=sys.stderr)
    return 3 if summary.error_count else 0
