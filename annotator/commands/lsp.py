"""Run a language server on standard input and output, for editors (diagnostics, quick fixes, hover).

Needs the ``lsp`` extra: ``pip install 'annotator[lsp]'`` (pygls).
"""

from __future__ import annotations


def add_arguments(p) -> None:
    p.add_argument("--stdio", action="store_true",
                   help="talk LSP over standard input and output (the default and only transport)")


def run(args) -> int:
    from ..cli import UsageError

    try:
        from ..lsp import build_server
    except ImportError as e:
        raise UsageError(f"'annotator lsp' needs pygls ({e.name} is not installed): "
                         "pip install 'annotator[lsp]'") from None
    build_server().start_io()
    return 0
