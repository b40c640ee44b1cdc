"""A language server (stdio) for editors: ``annotator lsp``.

Contract: for every Markdown, plain-text or HTML article an editor opens,
changes or saves, the server runs what ``annotator check`` runs on that
file (the configuration found upwards from the file, its suppression
comments, its rules) on the editor's text, not the file on disk, and
publishes one diagnostic per finding (severity error/warning/information,
code = rule id, source ``annotator``).  It offers each safe mechanical fix
(the quotation-mark and apostrophe style fixes that ``--fix`` applies) as a
quick fix, all of them as a ``source.fixAll.annotator`` action, and shows a
rule's message and rationale on hover over a finding.

A file that cannot be read as an article (binary, over the size limit) gets
one diagnostic saying why; a broken configuration or rule file is shown as a
diagnostic at the top of the article and as a message, and nothing else.

Positions: annotator's offsets are Python string indices into the text;
LSP columns count UTF-16 code units unless the client negotiated another
encoding (``general.positionEncodings``), which pygls honours.  Lines end at
``\\r\\n``, ``\\r`` or ``\\n``, as in LSP and in ``annotator.document.LineIndex``.
"""

from __future__ import annotations

import os
from bisect import bisect_right

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from . import __version__

#: editor language ids -> reader formats (other ids: from the file's extension)
LANGUAGES = {"markdown": "markdown", "plaintext": "text", "html": "html", "text": "text"}
SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
}
FIX_ALL = "source.fixAll.annotator"


class Result:
    """One linted version of an open document: the analysed Document, its
    findings, and the engine that produced them (for the fixes and hover)."""

    __slots__ = ("version", "doc", "engine", "findings")

    def __init__(self, version, doc, engine, findings):
        self.version = version
        self.doc = doc
        self.engine = engine
        self.findings = findings


class AnnotatorServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("annotator", __version__)
        self.results: dict[str, Result] = {}


def _format_for(uri: str, language_id: str | None) -> str | None:
    from .readers import EXTENSIONS

    if language_id in LANGUAGES:
        return LANGUAGES[language_id]
    ext = os.path.splitext(uri)[1].lower()
    fmt = EXTENSIONS.get(ext)
    return fmt if fmt in ("markdown", "text", "html") else None


def _path_for(uri: str) -> str:
    path = to_fs_path(uri) if uri.startswith("file:") else None
    return path or uri


def _settings_for(path: str):
    """The engine and the settings ``annotator check`` would use for ``path``."""
    from .engine import get_engine
    from .engine.config import Config, find_config

    folder = os.path.dirname(os.path.abspath(path)) if os.path.isabs(path) else os.getcwd()
    cfg = find_config(folder) or Config()
    engine = get_engine(tuple(cfg.rule_dirs))
    cfg.validate(engine)
    return engine, cfg.settings_for(engine, path, None, None)


class _Positions:
    """Python string offsets of ``text`` -> LSP positions in the client's units."""

    def __init__(self, text: str, encoding: str):
        from .document import LineIndex

        self.text = text
        self.starts = LineIndex(text).starts
        self.encoding = encoding

    def units(self, s: str) -> int:
        if self.encoding == types.PositionEncodingKind.Utf32:
            return len(s)
        if self.encoding == types.PositionEncodingKind.Utf8:
            return len(s.encode("utf-8", "surrogatepass"))
        return len(s.encode("utf-16-le", "surrogatepass")) // 2

    def position(self, offset: int) -> types.Position:
        i = bisect_right(self.starts, offset) - 1
        return types.Position(line=i, character=self.units(self.text[self.starts[i]:offset]))

    def range(self, start: int, end: int) -> types.Range:
        return types.Range(start=self.position(start), end=self.position(end))

    def offset(self, pos: types.Position) -> int:
        """The string offset of an LSP position (clamped to its line)."""
        if pos.line >= len(self.starts):
            return len(self.text)
        start = self.starts[pos.line]
        end = self.starts[pos.line + 1] if pos.line + 1 < len(self.starts) else len(self.text)
        units = 0
        for i in range(start, end):
            if units >= pos.character:
                return i
            units += self.units(self.text[i])
        return end


def _encoding(ls: LanguageServer) -> str:
    try:
        return ls.workspace.position_encoding or types.PositionEncodingKind.Utf16
    except Exception:  # before initialisation
        return types.PositionEncodingKind.Utf16


def lint(ls: AnnotatorServer, uri: str) -> list[types.Diagnostic]:
    """Check the open document ``uri`` and publish its diagnostics."""
    from .analysis import analyse
    from .engine import RuleError
    from .engine.config import ConfigError
    from .readers import MAX_BYTES, InputError, read_text, too_large

    tdoc = ls.workspace.get_text_document(uri)
    fmt = _format_for(uri, tdoc.language_id)
    if fmt is None:
        return []
    text = tdoc.source
    if not text.strip():
        # a new article, or one emptied to start again: nothing to check yet (``check`` refuses an
        # empty file as unreadable; in an editor that was an error on every new file)
        ls.results.pop(uri, None)
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, version=tdoc.version,
                                                                            diagnostics=[]))
        return []
    pos = _Positions(text, _encoding(ls))
    path = _path_for(uri)
    diagnostics: list[types.Diagnostic] = []
    try:
        engine, settings = _settings_for(path)
        size = len(text.encode("utf-8", "surrogatepass"))
        if size > MAX_BYTES:  # the limits and refusals of a file on disk (readers.read_path, decode)
            raise too_large(path, size)
        if "\x00" in text:
            raise InputError(path, "binary file (NUL characters); not an article")
        doc = analyse(read_text(text, path, fmt))
        warnings: list[str] = []
        problems: list[str] = []  # malformed suppression comments: errors, as in check
        findings = engine.check(doc, settings, warnings, problems)
    except (ConfigError, RuleError) as e:
        ls.results.pop(uri, None)
        ls.window_show_message(types.ShowMessageParams(type=types.MessageType.Error, message=f"annotator: {e}"))
        diagnostics.append(types.Diagnostic(range=pos.range(0, 0), message=f"annotator configuration: {e}",
                                            severity=types.DiagnosticSeverity.Error, source="annotator"))
    except InputError as e:
        ls.results.pop(uri, None)
        line = max((e.line or 1) - 1, 0)
        at = types.Position(line=line, character=0)
        diagnostics.append(types.Diagnostic(range=types.Range(start=at, end=at), message=e.message,
                                            severity=types.DiagnosticSeverity.Error, source="annotator"))
    else:
        ls.results[uri] = Result(tdoc.version, doc, engine, findings)
        for f in findings:
            diagnostics.append(types.Diagnostic(
                range=pos.range(f.start, f.end), message=f.message, severity=SEVERITY.get(f.severity),
                code=f.rule, source="annotator"))
        for p in problems:
            line, _, message = p[len(doc.path) + 1:].partition(":")
            col, _, message = message.partition(":")
            at = types.Position(line=max(int(line) - 1, 0), character=0) if line.isdigit() else pos.position(0)
            diagnostics.append(types.Diagnostic(range=types.Range(start=at, end=at), message=message.strip(),
                                                severity=types.DiagnosticSeverity.Error, source="annotator"))
        for w in warnings:
            ls.window_log_message(types.LogMessageParams(type=types.MessageType.Warning, message=w))
    ls.text_document_publish_diagnostics(
        types.PublishDiagnosticsParams(uri=uri, version=tdoc.version, diagnostics=diagnostics))
    return diagnostics


def _fix_title(text: str, f, edits) -> str:
    """What a quick fix changes, for its title: ``' -> ’``, ``towards -> toward``, the two marks of
    one quotation as ``"…" -> “…”`` (not the quotation turned into an empty pair), else ``N marks``."""
    if len(edits) == 1 or (len(edits) == 2 and all(f.start <= s and e <= f.end for s, e, _ in edits)):
        return f"{'…'.join(text[s:e] for s, e, _ in edits)} -> {'…'.join(r for _, _, r in edits)}"
    return f"{len(edits)} marks"


def code_actions(ls: AnnotatorServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    from .fixes import finding_edits, mark_rules, plan, safe_rules

    uri = params.text_document.uri
    res = ls.results.get(uri)
    if res is None:
        return []
    tdoc = ls.workspace.get_text_document(uri)
    if tdoc.source != res.doc.text:  # stale: the text changed since it was checked
        return []
    pos = _Positions(res.doc.text, _encoding(ls))
    lo, hi = pos.offset(params.range.start), pos.offset(params.range.end)
    only = params.context.only
    rules = safe_rules(res.engine)
    marks = mark_rules(res.engine)
    actions = []

    def edit(edits) -> types.WorkspaceEdit:
        return types.WorkspaceEdit(changes={uri: [types.TextEdit(range=pos.range(s, e), new_text=r)
                                                  for s, e, r in edits]})

    want_quick = not only or any(k.startswith(types.CodeActionKind.QuickFix) for k in only)
    want_all = not only or any(FIX_ALL.startswith(k) for k in only)
    if want_quick:
        for f in res.findings:
            # (a style finding is one per article, at its first mark, with the fix of every
            # mark: offered at any of them)
            if f.rule not in rules or not f.fix or ((f.end < lo or f.start > hi)
                                                    and not any(s <= hi and e >= lo for s, e, _ in f.fix)):
                continue
            edits, _ = finding_edits(res.doc, f, word=f.rule not in marks)
            if not edits:
                continue
            diag = types.Diagnostic(range=pos.range(f.start, f.end), message=f.message,
                                    severity=SEVERITY.get(f.severity), code=f.rule, source="annotator")
            what = _fix_title(res.doc.text, f, edits)
            actions.append(types.CodeAction(title=f"Fix {f.rule}: {what}",
                                            kind=types.CodeActionKind.QuickFix, diagnostics=[diag],
                                            edit=edit(edits), is_preferred=True))
    if want_all:
        edits, _ = plan(res.doc, res.engine)
        if edits:
            actions.append(types.CodeAction(title="Fix all quotation marks and apostrophes (annotator)",
                                            kind=FIX_ALL, edit=edit(edits)))
    return actions


def hover(ls: AnnotatorServer, params: types.HoverParams) -> types.Hover | None:
    res = ls.results.get(params.text_document.uri)
    if res is None:
        return None
    pos = _Positions(res.doc.text, _encoding(ls))
    at = pos.offset(params.position)
    parts = []
    span = None
    for f in res.findings:
        if f.start <= at < f.end or (f.start == f.end == at):
            spec = res.engine.specs[res.engine.index[f.rule]] if f.rule in res.engine.index else None
            text = f"**{f.rule}** ({f.severity}): {f.message}"
            if spec is not None:
                text += "\n\n" + " ".join(spec.rationale.split())
                text += f"\n\n`annotator explain {f.rule}`"
            parts.append(text)
            span = (f.start, f.end) if span is None else (min(span[0], f.start), max(span[1], f.end))
    if not parts:
        return None
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(parts)),
                       range=pos.range(*span))


def build_server() -> AnnotatorServer:
    server = AnnotatorServer()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: AnnotatorServer, params: types.DidOpenTextDocumentParams):
        lint(ls, params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: AnnotatorServer, params: types.DidChangeTextDocumentParams):
        lint(ls, params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: AnnotatorServer, params: types.DidSaveTextDocumentParams):
        lint(ls, params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: AnnotatorServer, params: types.DidCloseTextDocumentParams):
        ls.results.pop(params.text_document.uri, None)
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=params.text_document.uri,
                                                                            diagnostics=[]))

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL]))
    def on_code_action(ls: AnnotatorServer, params: types.CodeActionParams):
        return code_actions(ls, params)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def on_hover(ls: AnnotatorServer, params: types.HoverParams):
        return hover(ls, params)

    return server
