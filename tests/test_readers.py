"""Markdown, HTML and JSON readers: exact spans into the file's text, a view
of the same length with markup blanked and references decoded, metadata,
comments, errors, pathological input; and the same article giving the same
quotations in every format."""

import json
import os
import time

import jsonschema
import pytest

from annotator.analysis import analyse
from annotator.readers import InputError, read_path, read_text
from conftest import ROOT, run_cli


def md(text):
    return read_text(text, "t.md", "markdown")


def htm(text):
    return read_text(text, "t.html", "html")


def js(text):
    return read_text(text, "t.json", "json")


def span(doc, s):
    return doc.text[s.start:s.end]


def view(doc, s):
    return doc.view[s.start:s.end]


def paragraphs(doc):
    return [(p.kind, span(doc, p)) for p in doc.paragraphs]


def check_view_shape(doc):
    """Same length, and every line break exactly where the text has one."""
    assert len(doc.view) == len(doc.text)
    for i, ch in enumerate(doc.text):
        if ch in "\r\n":
            assert doc.view[i] == ch, (i, doc.view[i - 5:i + 5])
    for i, p in enumerate(doc.paragraphs):
        assert p.index == i
        # trimmed: prose at the start; at the end prose or a whole reference
        assert not doc.view[p.start].isspace() and not doc.text[p.end - 1].isspace()
        assert not doc.view[p.start:p.end].rstrip().endswith((" ", "\n"))


# ---- Markdown ----------------------------------------------------------------------------

MD = """\
---
title: "Council \\u201cwill not\\u201d yield"
author: Jane Roe
date: 2024-03-01
updated: 2024-03-02 10:30:00
tags: [housing, council]
description: It's the 'plan'.
---

The *council* said **on Monday** that `code` and [the plan](http://x.com/plan "Plan") \
were ![a chart](chart.png) dead <span>today</span> <https://auto.link/x> &amp; more.
Second line: snake_case stays, 5 * 3 stays, \\*literal\\* stars.

## Reaction ##

> “We will not back down,” said Jane Doe, a spokeswoman.
> She added more.

- first item
- second item
  wrapped

1. one
2. two

```python
print("not prose")
```

    indented code

<!-- annotator-disable neutrality.loaded -->
<div>
raw html block
</div>

Setext subheading
-----------------

Last &ldquo;paragraph&rdquo; <!-- inline note --> ends here\\
after a hard break.
"""


def test_markdown_front_matter_fields_and_metadata():
    doc = md(MD)
    check_view_shape(doc)
    assert doc.format == "markdown"
    assert span(doc, doc.headline) == "Council \\u201cwill not\\u201d yield"
    assert view(doc, doc.headline) == "Council “     will not”      yield"
    assert doc.headline.kind == "headline"
    assert doc.byline == "Jane Roe"
    assert doc.date == "2024-03-01"
    assert doc.metadata == {
        "updated": "2024-03-02T10:30:00", "tags": ["housing", "council"], "description": "It's the 'plan'.",
    }
    assert span(doc, doc.fields["title"]) == span(doc, doc.headline)
    assert span(doc, doc.fields["description"]) == "It's the 'plan'."
    fm = doc.text[doc.front_matter.start:doc.front_matter.end]
    assert fm.startswith("---\ntitle:") and fm.endswith("\n---")
    # the rest of the front matter is blanked
    assert "author" not in doc.view and "housing" not in doc.view
    assert doc.position(doc.headline.start) == (2, 9)


def test_markdown_blocks_and_kinds():
    doc = md(MD)
    assert paragraphs(doc) == [
        ("paragraph", MD[MD.index("The *council*"):MD.index(" stars.") + 7]),
        ("blockquote", "“We will not back down,” said Jane Doe, a spokeswoman.\n> She added more."),
        ("list_item", "first item"),
        ("list_item", "second item\n  wrapped"),
        ("list_item", "one"),
        ("list_item", "two"),
        ("paragraph", "Last &ldquo;paragraph&rdquo; <!-- inline note --> ends here\\\nafter a hard break."),
    ]
    assert [span(doc, s) for s in doc.subheadings] == ["Reaction", "Setext subheading"]
    bq = doc.paragraphs[1]
    assert view(doc, bq) == "“We will not back down,” said Jane Doe, a spokeswoman.\n  She added more."


def test_markdown_table_cells_are_blocks_of_their_own():
    """A GitHub table is not one long sentence: each cell is a block (kind table_cell) with its
    own sentence, at its offsets in the file; an escaped pipe stays in its cell."""
    text = ("# Results\n\nThe count ended at dawn.\n\n"
            "| Party | Seats | Comment |\n|-------|------:|---------|\n"
            '| Labour | 412 | "We won," said Tony Blair |\n'
            "| Tory \\| Conservative | 166 | The party slammed the result |\n"
            "| | 3 | |\n\n"
            "> | a | b |\n> |---|---|\n> | quoted cell | other |\n")
    doc = analyse(read_text(text, "t.md", "markdown"))
    cells = [(p.kind, text[p.start:p.end]) for p in doc.paragraphs]
    assert cells == [("paragraph", "The count ended at dawn.")] + [("table_cell", c) for c in (
        "Party", "Seats", "Comment", "Labour", "412", '"We won," said Tony Blair',
        "Tory \\| Conservative", "166", "The party slammed the result", "3", "a", "b", "quoted cell", "other")]
    sentences = [text[s.start:s.end] for s in doc.sentences]
    assert "The party slammed the result" in sentences and "412" in sentences
    assert all("|" not in s or s == "Tory \\| Conservative" for s in sentences)
    (q,) = doc.quotes
    assert text[q.start:q.end] == "We won," and q.speaker is not None
    assert doc.view[text.index("Tory"):text.index("Conservative")] == "Tory  | "


def test_markdown_inline_markup_blanked():
    doc = md(MD)
    v = view(doc, doc.paragraphs[0])
    assert v.startswith("The  council  said   on Monday   that        and  the plan ")
    assert "http" not in v and "chart" not in v and "span" not in v and "auto.link" not in v
    assert "were " in v and " dead " in v and " today " in v
    assert "&     more." in v  # &amp; -> & + 4 spaces
    assert "snake_case stays, 5 * 3 stays,  *literal * stars." in v
    last = doc.paragraphs[-1]
    assert view(doc, last) == (
        "Last “      paragraph”                            ends here \nafter a hard break."
    )


INLINE_CASES = [
    "*foo**bar*", "**foo*", "*foo**", "foo*bar*", "snake_case_word", "_foo_bar_", "5 * 3 = 15",
    "\\*not\\* emphasis", "*a `*` b*", "[link *em*](/u) and [x](</a b> 'title')", "![img *x*](/i) after",
    "<span>*x*</span>", "***strong em***", "**a *b* c**", "__a__ b", "_a *b_ c*", "*(*foo*)*",
    "**foo \"*bar*\" foo**", "a * b * c", "foo-_(bar)_", "[a [b](/c) d](/e)", "`` ` `` tick", "x ` y",
    "&copy; &#35; &#x22; &bogus; AT&T", "<a href='/x'>a</a> <!-- c --> <?php x ?> <![CDATA[ y ]]>",
]


@pytest.mark.parametrize("snippet", INLINE_CASES)
def test_markdown_inline_words_match_markdown_it(snippet):
    """What stays in the view is what markdown-it renders as text (spacing aside)."""
    from markdown_it import MarkdownIt

    [inline] = [t for t in MarkdownIt("commonmark").parse("x " + snippet + "\n") if t.type == "inline"]
    rendered = []
    for c in inline.children:
        if c.type in ("text", "text_special"):
            rendered.append(c.content)
        elif c.type in ("code_inline", "image", "html_inline", "softbreak"):
            rendered.append(" ")
    doc = md("x " + snippet + "\n")
    assert "".join(view(doc, doc.paragraphs[0]).split()) == "".join("".join(rendered).split())


def test_markdown_code_and_html_are_not_prose():
    doc = md(MD)
    for gone in ("print", "not prose", "indented code", "raw html block", "<div>", "annotator-disable"):
        assert gone not in doc.view
    prose = " ".join(view(doc, p) for p in doc.paragraphs)
    assert "print" not in prose


def test_markdown_comments_collected():
    doc = md(MD)
    assert [c[2] for c in doc.comments] == [" annotator-disable neutrality.loaded ", " inline note "]
    for start, end, inner in doc.comments:
        assert doc.text[start:end] == f"<!--{inner}-->"


def test_markdown_headline_from_first_h1_and_setext():
    doc = md("Intro line before.\n\n# The Headline #\n\nBody text.\n\n# Another h1\n")
    assert span(doc, doc.headline) == "The Headline"
    assert [span(doc, s) for s in doc.subheadings] == ["Another h1"]
    assert paragraphs(doc) == [("paragraph", "Intro line before."), ("paragraph", "Body text.")]
    doc = md("The Headline\n============\n\nBody *text*.\n")
    assert span(doc, doc.headline) == "The Headline"
    assert "=" not in doc.view
    # a front matter title makes every heading a subheading
    doc = md("---\ntitle: From front matter\n---\n# Body heading\n\nText.\n")
    assert span(doc, doc.headline) == "From front matter"
    assert [span(doc, s) for s in doc.subheadings] == ["Body heading"]


def test_markdown_nested_containers_and_crlf():
    text = "# Head\r\n\r\n> - quoted item\r\n>   more\r\n\r\n- > item quote\r\n\r\n1. outer\r\n   - inner **bold**\r\n"
    doc = md(text)
    check_view_shape(doc)
    assert paragraphs(doc) == [
        ("blockquote", "quoted item\r\n>   more"),
        ("blockquote", "item quote"),
        ("list_item", "outer"),
        ("list_item", "inner **bold"),  # trailing markup is not prose
    ]
    assert view(doc, doc.paragraphs[0]) == "quoted item\r\n    more"
    assert view(doc, doc.paragraphs[3]) == "inner   bold"
    assert doc.position(doc.paragraphs[2].start) == (8, 4)


def test_markdown_reference_links_and_code_spans():
    text = "Para with [a ref][r1], [Shortcut], [not a ref] and ``code with ` tick``.\n\n[r1]: http://x.com\n[shortcut]: /y\n"
    doc = md(text)
    assert len(doc.paragraphs) == 1  # definitions are not prose
    assert view(doc, doc.paragraphs[0]) == (
        "Para with  a ref     ,  Shortcut , [not a ref] and " + " " * len("``code with ` tick``") + "."
    )
    assert "http" not in doc.view


def test_markdown_front_matter_yaml_error_has_file_line():
    with pytest.raises(InputError) as e:
        md("---\ntitle: ok\ntags: [a, b\nauthor: x\n---\n\nBody.\n")
    assert e.value.line is not None and 3 <= e.value.line <= 5
    assert "front matter" in e.value.message and "t.md" in str(e.value)


def test_markdown_front_matter_not_a_mapping():
    with pytest.raises(InputError) as e:
        md("---\n- just\n- a list\n---\n\nBody.\n")
    assert "not a mapping" in e.value.message and e.value.line == 1


def test_markdown_byte_order_mark_in_a_string():
    doc = md("\ufeff# Title\n\nBody.\n")
    assert span(doc, doc.headline) == "Title"
    doc = md("\ufeff---\ntitle: Front\n---\nBody.\n")
    assert span(doc, doc.headline) == "Front"
    assert paragraphs(doc) == [("paragraph", "Body.")]


def test_markdown_unclosed_front_matter_is_body():
    doc = md("---\n\nJust a paragraph after a rule.\n")
    assert doc.front_matter is None
    assert paragraphs(doc) == [("paragraph", "Just a paragraph after a rule.")]


def _bomb(levels: int, width: int) -> str:
    names = [f"n{i}" for i in range(levels + 1)]
    lines = [f"{names[0]}: &{names[0]} [{', '.join(['lol'] * width)}]"]
    for prev, name in zip(names, names[1:]):
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * width)}]")
    return "---\ntitle: Bomb\n" + "\n".join(lines) + "\n---\n\nBody.\n"


def test_markdown_alias_bomb_refused():
    with pytest.raises(InputError) as e:  # many aliases: refused by the loader
        md(_bomb(12, 9))
    assert "alias" in e.value.message
    t = time.perf_counter()
    with pytest.raises(InputError) as e:  # few aliases, huge expansion: refused by the reader
        md(_bomb(8, 9))
    assert "too large" in e.value.message and e.value.line == 2
    assert time.perf_counter() - t < 5


@pytest.mark.parametrize("text", [
    "# Deep\n\n" + ">" * 10000 + " quoted at the bottom\n",
    "# Deep\n\n" + "- " * 10000 + "listed at the bottom\n",
    "# Deep\n\n" + "".join("  " * i + "- level\n" for i in range(60)),
])
def test_markdown_deep_nesting_falls_back_to_plain_text(text):
    doc = md(text)
    check_view_shape(doc)
    assert "read as plain text" in doc.metadata["reader_note"]
    assert span(doc, doc.headline) == "Deep"
    assert doc.paragraphs
    last = doc.paragraphs[-1]
    assert view(doc, last).split()[-1] in ("bottom", "level")
    assert ">" not in view(doc, last) and "- " not in view(doc, last)


def test_markdown_pathological_inline_is_fast():
    t = time.perf_counter()
    doc = md("[" * 20000 + "x" + "]" * 20000 + "\n\n" + "*a " * 20000 + "\n\n" + "`` ` " * 10000 + "\n\n" + "a <!--" * 10000)
    assert len(doc.paragraphs) == 4
    assert time.perf_counter() - t < 5


# ---- HTML ------------------------------------------------------------------------------------

HTML = """\
<!DOCTYPE html>
<html lang="en"><head><title>Council vote | Example News</title>
<meta name="author" content="By Jane Roe">
<meta property="article:published_time" content="2024-03-01T10:00:00Z">
<meta name="description" content="The council voted.">
<meta property="article:tag" content="housing"><meta property="article:tag" content="council">
<style>p { color: red }</style>
<script>var s = "<p>not prose</p>";</script>
</head>
<body>
<header class="site"><h1>Example News</h1><nav><a href="/">Home</a></nav></header>
<article>
<header><h1>The council &ldquo;will not&rdquo; yield</h1><p class="byline">By Jane Roe</p></header>
<p>&ldquo;We will not back down,&rdquo; said <b>Jane Doe</b>,<br>a spokeswoman. Caf&eacute; &#8212; &#x2014; a&nbsp;b &amp;</p>
<!-- annotator-disable neutrality.loaded -->
<h2>Reaction</h2>
<blockquote><p>A quoted paragraph.</p>Loose quoted text.</blockquote>
<ul><li>first item<li>second <i>item</i></ul>
<div>Loose text in a div.<div>Nested div text.</div>Tail text.</div>
<aside>Related: another story</aside>
<form><button>Subscribe now</button></form>
<noscript>Enable scripts</noscript>
<p>Unclosed paragraph
<p>Second one.</p>
<time datetime="2023-01-01">last year</time>
</article>
<footer>Copyright 2024</footer>
</body></html>
"""


def test_html_headline_paragraphs_and_kinds():
    doc = htm(HTML)
    check_view_shape(doc)
    assert doc.format == "html"
    assert span(doc, doc.headline) == "The council &ldquo;will not&rdquo; yield"
    assert view(doc, doc.headline) == "The council “      will not”       yield"
    assert [span(doc, s) for s in doc.subheadings] == ["Reaction"]
    assert paragraphs(doc) == [
        ("paragraph", "&ldquo;We will not back down,&rdquo; said <b>Jane Doe</b>,<br>a spokeswoman. "
                      "Caf&eacute; &#8212; &#x2014; a&nbsp;b &amp;"),
        ("blockquote", "A quoted paragraph."),
        ("blockquote", "Loose quoted text."),
        ("list_item", "first item"),
        ("list_item", "second <i>item"),  # trailing markup is not prose
        ("paragraph", "Loose text in a div."),
        ("paragraph", "Nested div text."),
        ("paragraph", "Tail text."),
        ("paragraph", "Unclosed paragraph"),
        ("paragraph", "Second one."),
        ("paragraph", "last year"),
    ]


def test_html_view_blanks_tags_and_decodes_references():
    doc = htm(HTML)
    p = doc.paragraphs[0]
    assert view(doc, p) == (
        "“      We will not back down,”       said    Jane Doe    ,\n   a spokeswoman. "
        "Café        —       —        a      b &    "
    )
    assert "<" not in doc.view and ">" not in doc.view
    assert doc.position(p.start) == (14, 4)


def test_html_furniture_dropped():
    doc = htm(HTML)
    for gone in ("Example News", "Home", "not prose", "color", "Related", "Subscribe", "Enable scripts",
                 "Copyright", "By Jane Roe", "Council vote"):
        assert gone not in doc.view


def test_html_metadata_and_comments():
    doc = htm(HTML)
    assert doc.byline == "Jane Roe"
    assert doc.date == "2024-03-01T10:00:00Z"
    assert doc.metadata == {"lang": "en", "description": "The council voted.", "article:tag": ["housing", "council"]}
    [(start, end, inner)] = doc.comments
    assert inner == " annotator-disable neutrality.loaded "
    assert doc.text[start:end] == "<!-- annotator-disable neutrality.loaded -->"


def test_html_headline_fallbacks():
    doc = htm("<html><head><title>Only &amp; title</title></head><body><p>Body text.</p></body></html>")
    assert span(doc, doc.headline) == "Only &amp; title"
    assert view(doc, doc.headline) == "Only &     title"
    doc = htm("<body><h3>First heading</h3><p>Body.</p><h2>Second</h2></body>")
    assert span(doc, doc.headline) == "First heading"
    assert [span(doc, s) for s in doc.subheadings] == ["Second"]
    doc = htm("<p>Text</p><time datetime='2024-05-06'>May 6</time>")
    assert doc.date == "2024-05-06" and doc.headline is None


def test_html_broken_markup_and_raw_text():
    doc = htm("<h1>T</h1>\n<p>a < b and AT&T &bogus; &#xZZ; </i></div></span>end</p>\n<p>x")
    assert paragraphs(doc) == [("paragraph", "a < b and AT&T &bogus; &#xZZ; </i></div></span>end"), ("paragraph", "x")]
    assert view(doc, doc.paragraphs[0]) == "a < b and AT&T &bogus; &#xZZ; " + " " * len("</i></div></span>") + "end"


def test_html_malformed_declarations_and_end_tags():
    doc = htm("<h1>T</h1><p>a <![ x ]]> b</>c <![CDATA[ d ]]> <!- bogus -> e</p>")
    assert paragraphs(doc) == [("paragraph", "a <![ x ]]> b</>c <![CDATA[ d ]]> <!- bogus -> e")]
    assert view(doc, doc.paragraphs[0]).split() == ["a", "b", "c", "e"]
    assert [c[2] for c in doc.comments] == ["- bogus -"]


def test_html_deep_nesting():
    text = "<h1>Deep</h1>" + "<div>" * 100000 + "deep text" + "</div>" * 100000
    t = time.perf_counter()
    doc = htm(text)
    assert time.perf_counter() - t < 10
    assert paragraphs(doc) == [("paragraph", "deep text")]
    doc = htm("<h1>Deep</h1>" + "<div><span><p>x" * 30000)
    assert len(doc.paragraphs) == 30000


# ---- JSON ------------------------------------------------------------------------------------

JSON = r"""{
  "headline": "Council \u201cwill not\u201d yield \ud83d\ude00",
  "author": {"name": "Jane Roe"},
  "date": "2024-03-01",
  "tags": ["housing", "council"],
  "summary": "A \"quoted\" summary",
  "body": "\u201cWe will not back down,\u201d said Jane Doe.\n\nSecond paragraph\r\nwraps here.\n \n\tThird \\ para \/ end.\n\n"
}
"""


def test_json_spans_and_view():
    doc = js(JSON)
    check_view_shape(doc)
    assert doc.format == "json"
    assert span(doc, doc.headline) == r"Council \u201cwill not\u201d yield \ud83d\ude00"
    assert view(doc, doc.headline) == "Council “     will not”      yield 😀" + " " * 11
    assert paragraphs(doc) == [
        ("paragraph", r"\u201cWe will not back down,\u201d said Jane Doe."),
        ("paragraph", r"Second paragraph\r\nwraps here."),
        ("paragraph", r"Third \\ para \/ end."),
    ]
    assert view(doc, doc.paragraphs[0]) == "“     We will not back down,”      said Jane Doe."
    assert view(doc, doc.paragraphs[1]) == "Second paragraph\n   wraps here."
    assert view(doc, doc.paragraphs[2]) == "Third \\  para /  end."
    # outside prose values everything is blank
    for gone in ('"headline"', "Jane Roe", "housing", "2024", "{", ":"):
        assert gone not in doc.view
    assert view(doc, doc.fields["summary"]) == 'A " quoted"  summary'
    assert set(doc.fields) == {"headline", "summary", "body"}
    assert doc.byline == "Jane Roe" and doc.date == "2024-03-01"
    assert doc.metadata == {"tags": ["housing", "council"], "summary": 'A "quoted" summary'}
    line, col = doc.position(doc.paragraphs[1].start)
    assert (line, col) == (7, doc.text.splitlines()[6].index("Second") + 1)


def test_json_alternative_keys_and_body_list():
    doc = js('{"title": "T", "text": "One.\\nTwo."}')
    assert span(doc, doc.headline) == "T"
    assert paragraphs(doc) == [("paragraph", "One."), ("paragraph", "Two.")]
    doc = js('{"title": "T", "content": ["First para.", "Second para."], "authors": ["A B", {"name": "C D"}]}')
    assert paragraphs(doc) == [("paragraph", "First para."), ("paragraph", "Second para.")]
    assert doc.byline == "A B, C D"
    doc = js('{"headline": null, "title": "T2", "body": "Only a body."}')
    assert span(doc, doc.headline) == "T2"
    doc = js('{"body": "Only a body."}')
    assert doc.headline is None and paragraphs(doc) == [("paragraph", "Only a body.")]


def test_json_repeated_key_uses_the_last_value():
    doc = js('{"headline": "first", "headline": "second", "body": "B."}')
    assert span(doc, doc.headline) == "second"


def test_json_invalid_reports_line_and_column():
    with pytest.raises(InputError) as e:
        js('{\n  "headline": "x",\n  "body": "y",\n}\n')
    assert (e.value.line, e.value.column) == (4, 1)
    assert "invalid JSON" in e.value.message


@pytest.mark.parametrize("text, words", [
    ('["a", "b"]', "array"),
    ('"just a string"', "string"),
    ('{"byline": "x", "tags": []}', '"headline"'),
    ('{"headline": 3, "body": "x"}', "must be a string"),
    ('{"headline": "h", "body": {"a": 1}}', "list of strings"),
])
def test_json_not_an_article(text, words):
    with pytest.raises(InputError) as e:
        js(text)
    assert words in e.value.message


@pytest.mark.parametrize("depth", [100, 900, 100000])
def test_json_deeply_nested_is_an_input_error(depth):
    deep = '{"headline": "h", "body": "b", "x": ' + "[" * depth + "]" * depth + "}"
    with pytest.raises(InputError) as e:
        js(deep)
    assert "nested" in e.value.message


def test_front_matter_deeply_nested_is_an_input_error():
    with pytest.raises(InputError) as e:
        md("---\ntitle: h\nx: " + "[" * 900 + "]" * 900 + "\n---\n\nBody.\n")
    assert "nested" in e.value.message and e.value.line == 2


# ---- the same article in every format ------------------------------------------------------

ARTICLE = {
    "txt": "Council rejects the housing plan\n\n"
           "“We will not back down,” said Jane Doe, a spokeswoman for the council.\n\n"
           "The mayor said the plan was “dead on arrival” and would be withdrawn.\n",
    "md": "---\nauthor: Staff\n---\n# Council rejects the housing plan\n\n"
          "“We will not back down,” said *Jane Doe*, a spokeswoman for the council.\n\n"
          "The mayor said the plan was “dead on arrival” and would be [withdrawn](https://example.com/p).\n",
    "html": "<html><head><title>Council | News</title></head><body><nav>Home</nav><article>\n"
            "<h1>Council rejects the housing plan</h1>\n"
            "<p>“We will not back down,” said <b>Jane Doe</b>, a spokeswoman for the council.</p>\n"
            "<p>The mayor said the plan was “dead on arrival” and would be <a href='/p'>withdrawn</a>.</p>\n"
            "</article></body></html>\n",
    "json": json.dumps({
        "headline": "Council rejects the housing plan",
        "byline": "Staff",
        "body": "“We will not back down,” said Jane Doe, a spokeswoman for the council.\n\n"
                "The mayor said the plan was “dead on arrival” and would be withdrawn.",
    }, ensure_ascii=False),
}


def _quotes(doc):
    return [(doc.view[q.start:q.end].strip(), q.kind, q.speaker.name if q.speaker else None) for q in doc.quotes]


def test_same_quotes_in_every_format(tmp_path):
    results = {}
    for ext, text in ARTICLE.items():
        p = tmp_path / f"article.{ext}"
        p.write_text(text, encoding="utf-8")
        doc = analyse(read_path(str(p)))
        results[ext] = _quotes(doc)
        for q in doc.quotes:  # literal marks: the offsets hold the quoted words in every format
            assert doc.text[q.start:q.end] == doc.view[q.start:q.end]
    assert results["txt"][0] == ("We will not back down,", "direct", "Jane Doe")
    assert results["txt"][1][0] == "dead on arrival"
    for ext in ("md", "html", "json"):
        assert results[ext] == results["txt"], ext


def test_same_quotes_with_character_references():
    plain = _quotes(analyse(read_text(ARTICLE["txt"], "a.txt", "text")))
    html_refs = ARTICLE["html"].replace("“", "&ldquo;").replace("”", "&#8221;")
    json_refs = json.dumps(json.loads(ARTICLE["json"]))  # ensure_ascii: \u201c escapes
    assert "\\u201c" in json_refs and "&ldquo;" in html_refs
    assert _quotes(analyse(htm(html_refs))) == plain
    assert _quotes(analyse(js(json_refs))) == plain


def _schema():
    with open(os.path.join(ROOT, "schemas", "annotations.schema.json"), encoding="utf-8") as f:
        return json.load(f)


@pytest.mark.parametrize("ext", ["md", "html", "json", "txt"])
def test_cli_annotate_each_format(tmp_path, ext):
    p = tmp_path / f"article.{ext}"
    p.write_text(ARTICLE[ext], encoding="utf-8")
    r = run_cli("annotate", str(p))
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    jsonschema.Draft202012Validator(_schema()).validate(out)
    fmt = {"md": "markdown", "txt": "text"}.get(ext, ext)
    assert out["source"]["format"] == fmt
    assert out["headline"]["text"] == "Council rejects the housing plan"
    assert [(q["text"], q["kind"]) for q in out["quotes"]][0] == ("We will not back down,", "direct")
    text = ARTICLE[ext]
    for para in out["paragraphs"]:
        assert not text[para["start"]:para["end"]].startswith(("<", "#", "*", '"'))


def test_cli_reports_reader_errors(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"headline": "x",\n "body": }', encoding="utf-8")
    r = run_cli("annotate", str(bad))
    assert r.returncode != 0
    assert "bad.json:2:" in r.stderr and "Traceback" not in r.stderr


# ---- markup pasted into plain text and JSON bodies --------------------------------------

EMBED_TEXT = """\
Council fights back

Protesters gathered outside the hall on Tuesday.

<tweet id="6721" tweet-author="@SkyNews" tweet-date="February 10, 2016">.@Mayor promises a vote</tweet>.

<blockquote class="twitter-tweet" data-lang="en" data-id="99"><p lang="en" dir="ltr">No “deal” yet</p></blockquote>
<script async src="//platform.twitter.com/widgets.js" charset="utf-8">var a = "x";</script>

If a < b and c > d, the <sic> note stays.
"""


def test_text_reader_blanks_pasted_markup_and_keeps_offsets():
    doc = read_text(EMBED_TEXT, "t.txt", "text")
    check_view_shape(doc)
    v = doc.view
    for gone in ('tweet-author', '"@SkyNews"', "data-lang", "data-id", "<p", "</tweet>", "platform.twitter", 'var a'):
        assert gone not in v, gone
    for kept in (".@Mayor promises a vote", "No “deal” yet", "If a < b and c > d, the <sic> note stays."):
        i = v.index(kept)
        assert EMBED_TEXT[i:i + len(kept)] == kept  # same offsets as the file
    analyse(doc)
    # the attribute marks are neither quotations nor marks; the quotation in the tweet is one
    assert [v[q.start:q.end] for q in doc.quotes] == ["deal"]
    assert all(EMBED_TEXT[m.start] in "“”" for m in doc.marks)


def test_json_body_with_embed_markup_is_blanked():
    body = 'The mayor spoke.\n\n<blockquote data-id="42" class="embed">It is \u201cdone\u201d</blockquote>'
    doc = js(json.dumps({"headline": "Vote", "body": body}))
    check_view_shape(doc)
    assert "data-id" not in doc.view and "embed" not in doc.view
    analyse(doc)
    assert [doc.view[q.start:q.end] for q in doc.quotes] == ["done"]


def test_markup_blanking_is_linear_on_hostile_input():
    for text in ("<a x=1" * 100000, "<script>" * 100000, "<a " + "x=1 " * 100000, "<" * 300000):
        t0 = time.perf_counter()
        read_text("Headline\n\n" + text, "t.txt", "text")
        assert time.perf_counter() - t0 < 5
