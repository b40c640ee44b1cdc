"""``annotator lsp`` driven by a real LSP client (pytest-lsp) over stdio:
open, change, diagnostics, code actions, hover, close."""

from __future__ import annotations

import os
import sys

import pytest

pytest.importorskip("pygls", reason="the lsp extra (pygls) is not installed")
pytest_lsp = pytest.importorskip("pytest_lsp", reason="pytest-lsp is not installed")

from lsprotocol import types  # noqa: E402
from pytest_lsp import ClientServerConfig, LanguageClient  # noqa: E402

from conftest import ROOT  # noqa: E402

ARTICLE = '# Council vote\n\n"We will not close the bridge," the mayor claimed.\n\nThe council\'s vote was close.\n'


@pytest_lsp.fixture(config=ClientServerConfig(
    server_command=[sys.executable, "-P", "-m", "annotator", "lsp"],
    server_env={**os.environ, "PYTHONPATH": ROOT},
))
async def client(lsp_client: LanguageClient):
    await lsp_client.initialize_session(types.InitializeParams(capabilities=types.ClientCapabilities()))
    yield
    await lsp_client.shutdown_session()


@pytest.fixture
def article(tmp_path):
    (tmp_path / ".annotator.toml").write_text('quote_style = "curly"\n')
    p = tmp_path / "news" / "vote.md"
    p.parent.mkdir()
    p.write_text(ARTICLE)
    return p


async def _open(client: LanguageClient, path, text: str, language: str = "markdown") -> str:
    uri = path.as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id=language, version=1, text=text)))
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return uri


def _by_rule(client, uri):
    return {d.code: d for d in client.diagnostics[uri]}


@pytest.mark.asyncio
async def test_diagnostics_on_open_and_change(client: LanguageClient, article):
    uri = await _open(client, article, ARTICLE)
    diags = _by_rule(client, uri)
    assert set(diags) >= {"neutrality.loaded-verbs", "consistency.quote-style", "consistency.apostrophe-style"}
    verb = diags["neutrality.loaded-verbs"]
    assert verb.source == "annotator"
    assert verb.severity == types.DiagnosticSeverity.Warning
    # "claimed" on line 3 (0-based 2), the editor's text, columns in UTF-16 units
    line = ARTICLE.splitlines()[2]
    assert (verb.range.start.line, verb.range.start.character) == (2, line.index("claimed"))
    assert verb.range.end.character == line.index("claimed") + len("claimed")

    # an edit in the editor (not saved) is linted: "claimed" becomes "said"
    changed = ARTICLE.replace("claimed", "said")
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=changed)]))
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert "neutrality.loaded-verbs" not in _by_rule(client, uri)
    assert "consistency.quote-style" in _by_rule(client, uri)


@pytest.mark.asyncio
async def test_utf16_columns_after_astral_characters(client: LanguageClient, tmp_path):
    text = '# Vote\n\n\U0001F600\U0001F600 "We won," the mayor claimed.\n'
    uri = await _open(client, tmp_path / "emoji.md", text)
    verb = _by_rule(client, uri)["neutrality.loaded-verbs"]
    # two astral characters are four UTF-16 code units, not two code points
    assert verb.range.start.character == text.splitlines()[2].index("claimed") + 2


@pytest.mark.asyncio
async def test_code_actions_offer_the_safe_fixes_only(client: LanguageClient, article):
    uri = await _open(client, article, ARTICLE)
    whole = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=5, character=0))
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=whole,
        context=types.CodeActionContext(diagnostics=[])))
    quick = [a for a in actions if a.kind == types.CodeActionKind.QuickFix]
    fixed_rules = {a.diagnostics[0].code for a in quick}
    # the loaded verb is a suggestion, never an automatic edit
    assert fixed_rules == {"consistency.quote-style", "consistency.apostrophe-style"}
    quote = next(a for a in quick if a.diagnostics[0].code == "consistency.quote-style")
    edits = quote.edit.changes[uri]
    assert sorted(e.new_text for e in edits) == ["“", "”"]
    assert all(e.range.start.line == 2 for e in edits)
    # the title shows the marks changed, not the quotation turned into an empty pair ('"We…," -> “”')
    assert quote.title == 'Fix consistency.quote-style: "…" -> “…”'
    fix_all = [a for a in actions if a.kind == "source.fixAll.annotator"]
    assert len(fix_all) == 1 and len(fix_all[0].edit.changes[uri]) == 3

    # a range that covers only the apostrophe's line offers only its fix
    line4 = types.Range(start=types.Position(line=4, character=0), end=types.Position(line=4, character=5))
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=line4,
        context=types.CodeActionContext(diagnostics=[], only=[types.CodeActionKind.QuickFix])))
    assert [a.diagnostics[0].code for a in actions] == []
    at = ARTICLE.splitlines()[4].index("'")
    line4 = types.Range(start=types.Position(line=4, character=at), end=types.Position(line=4, character=at + 1))
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=line4,
        context=types.CodeActionContext(diagnostics=[], only=[types.CodeActionKind.QuickFix])))
    assert [a.diagnostics[0].code for a in actions] == ["consistency.apostrophe-style"]
    assert actions[0].edit.changes[uri][0].new_text == "’"
    assert actions[0].title == "Fix consistency.apostrophe-style: ' -> ’"


@pytest.mark.asyncio
async def test_hover_shows_the_rationale(client: LanguageClient, article):
    uri = await _open(client, article, ARTICLE)
    at = ARTICLE.splitlines()[2].index("claimed") + 2
    h = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=2, character=at)))
    assert h is not None and "neutrality.loaded-verbs" in h.contents.value
    assert "annotator explain neutrality.loaded-verbs" in h.contents.value
    # the rationale is the rule file's, not the message again
    assert len(h.contents.value) > len(_by_rule(client, uri)["neutrality.loaded-verbs"].message) + 60
    nothing = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=0, character=2)))
    assert nothing is None


@pytest.mark.asyncio
async def test_suppression_and_unreadable_text(client: LanguageClient, tmp_path):
    text = ('# Vote\n\n<!-- annotator-disable-next-line neutrality.loaded-verbs -->\n'
            '"We won," the mayor claimed.\n')
    uri = await _open(client, tmp_path / "quiet.md", text)
    assert "neutrality.loaded-verbs" not in _by_rule(client, uri)
    bad = text.replace("neutrality.loaded-verbs", "neutrality.no-such-rule")
    uri = await _open(client, tmp_path / "bad.md", bad)
    errors = [d for d in client.diagnostics[uri] if d.severity == types.DiagnosticSeverity.Error]
    assert len(errors) == 1 and "no-such-rule" in errors[0].message and errors[0].range.start.line == 2
    uri = await _open(client, tmp_path / "bin.txt", "abc\x00def\n", language="plaintext")
    diags = client.diagnostics[uri]
    assert len(diags) == 1 and diags[0].severity == types.DiagnosticSeverity.Error


@pytest.mark.asyncio
async def test_close_clears_diagnostics(client: LanguageClient, article):
    uri = await _open(client, article, ARTICLE)
    assert client.diagnostics[uri]
    client.text_document_did_close(types.DidCloseTextDocumentParams(
        text_document=types.TextDocumentIdentifier(uri=uri)))
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert list(client.diagnostics[uri]) == []


def test_missing_pygls_is_a_usage_error(monkeypatch, capsys):
    import sys as _sys

    from annotator.cli import main

    monkeypatch.setitem(_sys.modules, "annotator.lsp", None)  # import fails as without the extra
    assert main(["lsp"]) == 2
    err = capsys.readouterr().err
    assert "pip install 'annotator[lsp]'" in err and err.count("\n") == 1


@pytest.mark.asyncio
async def test_quick_fix_of_a_style_finding_is_offered_at_any_of_its_marks(client: LanguageClient, tmp_path):
    # curly article with three straight apostrophes: one finding (at the first), fixing all three
    text = ("# Vote\n\n“We won,” the mayor’s aide said. “It’s late. We’re done. They’re home.”\n\nThe city's vote.\n\n"
            "The council's vote.\n\nThe mayor's vote.\n")
    uri = await _open(client, tmp_path / "styles.md", text)
    line = text.splitlines()[8]
    at = line.index("'")
    rng = types.Range(start=types.Position(line=8, character=at), end=types.Position(line=8, character=at + 1))
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=rng,
        context=types.CodeActionContext(diagnostics=[], only=[types.CodeActionKind.QuickFix])))
    assert [a.diagnostics[0].code for a in actions] == ["consistency.apostrophe-style"]
    (action,) = actions
    assert action.diagnostics[0].range.start.line == 4  # the finding is at the first stray
    assert sorted((e.range.start.line, e.new_text) for e in action.edit.changes[uri]) == [
        (4, "’"), (6, "’"), (8, "’")]
    assert action.title == "Fix consistency.apostrophe-style: 3 marks"


@pytest.mark.asyncio
async def test_a_new_empty_article_has_no_diagnostics(client: LanguageClient, tmp_path, article):
    # a new file opened in the editor was flagged at once: "empty file: no article text", an error
    uri = await _open(client, tmp_path / "news" / "new.md", "")
    assert list(client.diagnostics[uri]) == []
    uri = await _open(client, article, ARTICLE)
    assert client.diagnostics[uri]
    # emptied to start again: its findings go, and no error comes
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text="\n\n")]))
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert list(client.diagnostics[uri]) == []
