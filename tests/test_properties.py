"""Properties over generated articles in every format (hypothesis).

Generated articles mix quotation marks of every kind, apostrophes, character
references, JSON and YAML escapes, Unicode and markup.  For each:

* reading and analysing never raise (InputError only for input with no text);
* every span lies within the text, start <= end, and its line/column agree
  with its offsets;
* the annotation document validates against schemas/annotations.schema.json;
* checking the same file twice gives the same output;
* ``--fix`` (annotator.fixes) is idempotent and changes nothing outside its spans.

A few seconds by default; ``HYPOTHESIS_PROFILE=volume`` runs many more examples.
"""

import json
import os

import jsonschema
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from annotator.analysis import analyse
from annotator.readers import InputError, read_text
from conftest import ROOT

settings.register_profile("default", max_examples=12, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("volume", max_examples=3000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

MARKS = ['"', "'", "\u201c", "\u201d", "\u2018", "\u2019", "\u00ab", "\u00bb", "\u201e", "\u2039", "\u203a",
         "``", "''", "\u300c", "\u300d"]
WORDS = ["said", "told", "the minister", "Mr Smith", "she", "he", "Ana Ruiz", "according to", "claimed",
         "it's", "don't", "rock 'n' roll", "'90s", "the", "council", "budget", "so-called", "Yes", "no", "3.5%",
         "\u00e9t\u00e9", "\u041f\u0443\u0442\u0438\u043d", "\u5317\u4eac", "\U0001f600", "e\u0301", "\u200b", "\u00a0"]
PUNCT = [".", ",", "?", "!", ":", ";", " \u2014 ", " - ", "(", ")", "\u2026"]


@st.composite
def prose(draw, max_tokens=60):
    """A paragraph of words, marks and punctuation (no markup)."""
    toks = draw(st.lists(st.one_of(
        st.sampled_from(WORDS), st.sampled_from(MARKS), st.sampled_from(PUNCT),
        st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=6),
    ), min_size=1, max_size=max_tokens))
    out = []
    for t in toks:
        out.append(t)
        out.append(draw(st.sampled_from([" ", "", " ", "  "])))
    return "".join(out).strip() or "Text"


@st.composite
def article(draw):
    """(format, text) of a generated article."""
    fmt = draw(st.sampled_from(["text", "markdown", "html", "json"]))
    headline = draw(prose(12))
    paras = draw(st.lists(prose(), min_size=1, max_size=5))
    if fmt == "text":
        sep = draw(st.sampled_from(["\n\n", "\n", "\r\n\r\n", "\n \n"]))
        return fmt, headline + sep + sep.join(paras) + draw(st.sampled_from(["", "\n"]))
    if fmt == "markdown":
        blocks = []
        for p in paras:
            prefix = draw(st.sampled_from(["", "", "> ", "- ", "1. ", "## ", "> > ", "    "]))
            inline = draw(st.sampled_from(["", "*", "**", "_", "`"]))
            if inline and " " in p:
                a, b = p.split(" ", 1)
                p = f"{a} {inline}{b}{inline}"
            if draw(st.booleans()):
                p = p.replace("&", "&amp;").replace("\u201c", "&ldquo;").replace("\u201d", "&rdquo;")
            if draw(st.booleans()):
                p += " [link](http://x.test) <!-- c -->"
            blocks.append(prefix + p)
        head = "# " + headline
        if draw(st.booleans()):
            title = json.dumps(headline, ensure_ascii=False)  # a YAML double-quoted scalar (\" and \\ escapes)
            head = f"---\ntitle: {title}\nauthor: 'O''Brien'\ntags: [a, b]\n---\n"
        return fmt, head + "\n\n" + "\n\n".join(blocks) + "\n"
    if fmt == "html":
        import html

        def esc(s):
            s = html.escape(s, quote=False)
            if draw(st.booleans()):
                s = s.replace("\u201c", "&ldquo;").replace("\u2019", "&#8217;").replace('"', "&quot;")
            return s

        tags = [draw(st.sampled_from(["p", "blockquote", "li", "div", "h2"])) for _ in paras]
        body = "".join(f"<{t}>{esc(p)}<br></{t}>" for t, p in zip(tags, paras))
        return fmt, (f"<html><head><title>{esc(headline)}</title></head><body><article><h1>{esc(headline)}</h1>"
                     f"{body}<!-- end --><script>var q = \"x\";</script></article></body></html>")
    body = paras if draw(st.booleans()) else "\n\n".join(paras)
    return fmt, json.dumps({"headline": headline, "body": body, "author": "A. Writer"},
                           ensure_ascii=draw(st.booleans()))


def read(fmt, text):
    try:
        return read_text(text, "t." + {"text": "txt", "markdown": "md", "html": "html", "json": "json"}[fmt], fmt)
    except InputError as e:  # only input with no article text
        assert not text.strip() or "no article text" in e.message or "empty" in e.message, e.oneline()
        return None


def all_spans(d: dict):
    """Every {start, end, ...} object in an annotation document."""
    stack = [d]
    while stack:
        x = stack.pop()
        if isinstance(x, dict):
            if "start" in x and "end" in x:
                yield x
            stack.extend(x.values())
        elif isinstance(x, list):
            stack.extend(x)


_SCHEMA = None


def schema_validator():
    global _SCHEMA
    if _SCHEMA is None:
        with open(os.path.join(ROOT, "schemas", "annotations.schema.json"), encoding="utf-8") as f:
            schema = json.load(f)
        _SCHEMA = jsonschema.Draft202012Validator(schema)
    return _SCHEMA


def checked(fmt, text):
    from annotator.engine import get_engine

    doc = read(fmt, text)
    if doc is None:
        return None, None
    analyse(doc)
    get_engine().check(doc)
    from annotator.serialize import to_dict

    return doc, to_dict(doc)


@given(article())
def test_spans_within_text_and_positions_agree(a):
    fmt, text = a
    doc, d = checked(fmt, text)
    if doc is None:
        return
    n = len(doc.text)
    assert len(doc.view) == n
    lines = doc.lines
    count = 0
    for sp in all_spans(d):
        assert 0 <= sp["start"] <= sp["end"] <= n, sp
        if "line" in sp:
            assert (sp["line"], sp["column"]) == lines.position(sp["start"]), sp
            assert (sp["end_line"], sp["end_column"]) == lines.position(sp["end"]), sp
        if "text" in sp and sp.get("text") is not None and "kind" not in sp:
            assert sp["text"] == doc.text[sp["start"]:sp["end"]] or sp["text"] == doc.view[sp["start"]:sp["end"]]
        count += 1
    assert count >= 1
    for q in doc.quotes:
        assert q.open_start <= q.start <= q.end <= q.close_end


@given(article())
def test_documents_validate_against_the_schema(a):
    fmt, text = a
    doc, d = checked(fmt, text)
    if doc is None:
        return
    errors = sorted(schema_validator().iter_errors(d), key=lambda e: e.path)
    assert not errors, errors[0].message


@given(article())
def test_checking_twice_gives_the_same_output(a):
    fmt, text = a
    doc1, d1 = checked(fmt, text)
    doc2, d2 = checked(fmt, text)
    from annotator.serialize import dumps

    assert (d1 is None) == (d2 is None)
    if d1 is not None:
        assert dumps(d1) == dumps(d2)


def fixed(fmt, text):
    """The text after the fixes ``annotator check --fix`` makes, and their edits."""
    from annotator import fixes
    from annotator.engine import get_engine

    doc, _ = checked(fmt, text)
    if doc is None:
        return text, []
    result = fixes.fix_document(doc, get_engine(), write=False)
    return result.new_text, result.edits


@given(article())
# found by hypothesis in a fresh clone: ' after ” was judged by the style of the
# double mark, which the quotation-style fix changes (” to "), so a second
# --fix restyled the ' the first had left as a stray mark
@example(("text", 'said\n\nsaid said said said said "\n\nsaid ’\n\nsaid ”\''))
# and (JSON) a ' written "\\u0027" was judged by the padding after it, not the
# letter a reader sees there, so the stray ‘ the first --fix made straight
# became an apostrophe the second --fix curled
@example(("json", '{"headline": "said", "body": "said \\u2019\\n\\nsaid \\u2018said said", "author": "A. Writer"}'))
# and a stray ‘ restyled ' read as an apostrophe on the next check (stray single
# marks are now reported, not restyled)
@example(("text", 'said\n\nsaid said said said said " ’\n\n‘"'))
def test_fix_is_idempotent_and_changes_only_its_spans(a):
    fmt, text = a
    once, edits = fixed(fmt, text)
    # outside the edited spans nothing changes
    pos = 0
    out_pos = 0
    for s, e, r in edits:
        assert pos <= s <= e <= len(text)
        assert once[out_pos:out_pos + (s - pos)] == text[pos:s]
        out_pos += s - pos
        assert once[out_pos:out_pos + len(r)] == r
        out_pos += len(r)
        pos = e
    assert once[out_pos:] == text[pos:]
    # fixing the fixed text changes nothing more
    twice, more = fixed(fmt, once)
    assert twice == once, more
