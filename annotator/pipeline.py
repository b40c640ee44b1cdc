"""read -> analyse -> (check) -> dict: the one path every command takes."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator

from .readers import EXTENSIONS, InputError

#: extensions picked up when walking a directory (JSON only when named explicitly,
#: since a repository's .json files are rarely articles)
WALK_EXTENSIONS = frozenset(e for e, f in EXTENSIONS.items() if f != "json")
_SKIP_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox", ".annotator-cache"})


def discover(paths: Iterable[str], errors: list[InputError], include_json: bool = False,
             exclude: list[str] | None = None, respect_gitignore: bool = False) -> Iterator[str]:
    """Article files under the given paths, in a stable order.  A missing path
    is recorded in ``errors``; symbolic links to directories are not followed
    (so a link loop cannot trap the walk).  In a folder, files and folders
    matching ``exclude`` (gitignore-style patterns) or, with
    ``respect_gitignore``, a ``.gitignore`` are left out (annotator/ignore.py);
    a file named in ``paths`` is always kept."""
    exts = WALK_EXTENSIONS | ({".json"} if include_json else set())
    for p in paths:
        if p == "-":
            yield p
            continue
        if os.path.isdir(p):
            ignorer = None
            if exclude or respect_gitignore:
                from .ignore import Ignorer

                ignorer = Ignorer(p, exclude, respect_gitignore)
            for root, dirs, files in os.walk(p, onerror=lambda e, p=p: errors.append(InputError(e.filename or p, e.strerror or str(e)))):
                dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith(".")
                                 and not (ignorer and ignorer.ignored(os.path.join(root, d), True)))
                for f in sorted(files):
                    if os.path.splitext(f)[1].lower() in exts and not f.startswith(".") and \
                            not (ignorer and ignorer.ignored(os.path.join(root, f), False)):
                        yield os.path.join(root, f)
        elif os.path.exists(p) or os.path.islink(p):
            yield p
        else:
            errors.append(InputError(p, "no such file or directory"))


def annotate_document(doc, language: str | None = None):
    from .analysis import analyse

    return analyse(doc, language)


def load(path: str, fmt: str | None = None, encoding: str | None = None, stdin_name: str | None = None,
         language: str | None = None):
    """Read and analyse one file (``-`` is standard input: reported as ``stdin_name``,
    whose extension then gives the format, or as ``<stdin>``, read as text).  ``language``
    (en, ne: ``--language``) overrides the article's detected language."""
    from .readers import read_bytes, read_limited, read_path

    if path == "-":
        import sys

        name = stdin_name or "<stdin>"
        data = read_limited(sys.stdin.buffer, name)
        doc = read_bytes(data, name, fmt or (None if stdin_name else "text"), encoding)
    else:
        doc = read_path(path, fmt, encoding)
    return annotate_document(doc, language)


def warm(analyse: bool = True) -> None:
    """Load what analysing a document needs (modules, lexicons), once per
    process: batch workers call it when they start, so the first real file
    pays nothing extra (and what it compiled is frozen with the rest of the
    start-up: the collector never walks it again over the run). Without
    ``analyse`` (one article, checked in this process) no warm-up document is
    analysed, so not the patterns it compiles on first use: the article
    compiles those it needs, and one without a quotation none of them (~15M
    instructions, 5% of a one-file check). Either way every English analysis
    lexicon is loaded (:func:`_lexicon_loaders`), so that a broken one stops
    the run before any article."""
    if analyse:
        from .readers import read_text

        annotate_document(read_text('Warm-up\n\n"Yes," she said.\n', "<warm-up>", "text"))
    for load in _lexicon_loaders():  # (those the warm-up document read are loaded already)
        load()


def _lexicon_loaders() -> tuple:
    """The loaders of the English analysis's lexicons (rules/lexicons), in the order analysing a
    quotation reads them; the last three only some articles read (voice: " that " after an
    adjective of a view; genre; past forms: a quotation's cue)."""
    from .analysis import lexicon, mentions

    return (mentions.lexicon, lexicon.attribution_words, lexicon.cues, lexicon.people, lexicon.given_names,
            lexicon.voice_words, lexicon.genre_words, lexicon.past_forms)


def warm_for_cli(analyse: bool = True) -> None:
    """:func:`warm` for ``check`` and ``annotate`` (a batch's ``init``; a module-level function,
    so that spawned workers get it by name): a broken analysis lexicon (rules/lexicons) is the
    CLI's one-line usage error (exit 2) before any article, not a traceback in every file."""
    from .cli import UsageError
    from .engine.loader import RuleError

    try:
        warm(analyse)
    except RuleError as e:
        raise UsageError(str(e)) from None


def annotate_json(path: str, fmt: str | None = None, encoding: str | None = None, style: str = "line",
                  language: str | None = None) -> str:
    """One file as annotation JSON: the unit of work of ``annotate``.

    ``style``: ``line`` (compact, one line, for JSONL), ``pretty`` (indented,
    a single document), ``item`` (indented one level further: an element of a
    pretty-printed array, as ``json.dumps(list, indent=2)`` would write it).
    """
    from .cli import UsageError
    from .engine.loader import RuleError
    from .serialize import dumps, to_dict

    try:
        d = to_dict(load(path, fmt, encoding, language=language))
    except RuleError as e:  # a broken lexicon only some articles read (cues-ne.yaml: Nepali ones)
        raise UsageError(str(e)) from None
    if style == "line":
        return dumps(d)
    return dumps(d, pretty=True, item=style == "item")
