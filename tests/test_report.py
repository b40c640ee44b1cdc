"""annotator report: the self-contained HTML page, its escaping, and the seed article rendered in headless Chromium."""

import os
import re
import struct
import sys
import zlib
from html.parser import HTMLParser

import pytest
from conftest import ROOT, SEED, run_cli


class _Page(HTMLParser):
    """Elements with their attributes and the text inside each (by element index)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []  # (tag, attrs dict)
        self.stack = []
        self.text = {}  # element index -> text inside it
        self.scripts = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag in ("meta", "br", "link", "img", "input"):
            return
        self.stack.append(len(self.elements) - 1)
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        while self.stack:
            i = self.stack.pop()
            if self.elements[i][0] == tag:
                break
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)
        for i in self.stack:
            self.text[i] = self.text.get(i, "") + data

    def find(self, tag=None, cls=None, **attrs):
        for i, (t, a) in enumerate(self.elements):
            if tag and t != tag:
                continue
            if cls and cls not in (a.get("class") or "").split():
                continue
            if any(a.get(k.replace("_", "-")) != v for k, v in attrs.items()):
                continue
            yield i, a


def _report(*args, cwd=None):
    r = run_cli("report", *args, cwd=cwd)
    assert r.returncode == 0, r.stderr
    return r.stdout


def _parse(page: str) -> _Page:
    p = _Page()
    p.feed(page)
    p.close()
    return p


def test_seed_report_quotes_speakers_cues_and_findings(tmp_path):
    out = tmp_path / "report.html"
    r = run_cli("report", SEED, "-o", str(out))
    assert r.returncode == 0 and r.stdout == ""
    page = out.read_text(encoding="utf-8")
    p = _parse(page)
    # the five quotations, coloured by speaker
    quotes = [(i, a) for i, a in p.find("span", cls="q")]
    texts = [p.text[i] for i, _ in quotes]
    assert texts == ["'Friendly'", '"peaceful dialogue"', '"cultural, spiritual, and moral values"',
                     '"friendly and allied relations"', "“new large-scale projects”"]
    speaker_of = [a.get("data-sp") for _, a in quotes]
    colour_of = [re.search(r"background:(#[0-9a-f]{6})", a.get("style") or "") for _, a in quotes]
    assert speaker_of[0] is None and "nosp" in quotes[0][1]["class"]  # the scare quote has no speaker
    assert speaker_of[1] != speaker_of[2] == speaker_of[3] == speaker_of[4]
    colours = [m.group(1) for m in colour_of[1:]]
    assert colours[0] != colours[1] == colours[2] == colours[3]  # Tokayev and Putin told apart
    # the legend names them in those colours
    legend = {p.text[i].split("(")[0].strip(): a["data-sp"] for i, a in p.find("button") if a.get("data-sp")}
    assert {k: v for k, v in legend.items() if k != "Kazakhstan"} == {
        "Kassym-Jomart Tokayev": speaker_of[1], "Vladimir Putin": speaker_of[2]}
    # cues with their stance
    cues = [(p.text[i], a["title"]) for i, a in p.find("span", cls="cue")]
    assert ("underscored", "Reporting cue “underscore”: emphatic") in cues
    assert any(t == "emphasized" and t_.endswith("emphatic") for t, t_ in cues)
    stances = [p.text[i] for i, _ in p.find("span", cls="stance")]
    assert stances.count("emphatic") >= 2 and "neutral" in stances
    # every finding is marked in place with its message, numbered, and listed
    r = run_cli("check", SEED, "--format", "json")
    import json

    findings = json.loads(r.stdout)["findings"]
    marked = {}
    for i, a in p.find("span", cls="f"):
        if "data-f" not in a:  # the legend's sample
            continue
        for n in a["data-f"].split():
            marked.setdefault(int(n), []).append(p.text[i])
    assert sorted(marked) == list(range(1, len(findings) + 1))
    for n, f in enumerate(findings, 1):
        assert "".join(marked[n]).replace("\n", " ") in f["text"] or f["text"] in "".join(marked[n])
        (li,) = [i for i, _ in p.find("li", id=f"f{n}")]
        assert f["message"] in p.text[li] and f["rule"] in p.text[li]
        assert any(f["message"] in a["title"] for _, a in p.find("a", id=f"ref{n}"))
    # tables: speakers (quotations, quoted words) and findings by rule
    rows = _table_rows(page, "speakers")
    assert [r[0] for r in rows][:2] == ["Kassym-Jomart Tokayev", "Vladimir Putin"]
    assert rows[0][2:4] == ["1", "2"] and rows[1][2:4] == ["3", "12"]
    # their reported statements (the mixed relations around the partial quotes) and the cues chosen
    assert rows[0][4] == "1" and rows[1][4] == "3"
    assert "emphatic underscore" in rows[0][7] and "emphatic emphasize" in rows[1][7]
    rule_rows = {r[0]: r for r in _table_rows(page, "rules")}
    counts = {}
    for f in findings:
        counts[f["rule"]] = counts.get(f["rule"], 0) + 1
    assert {k: int(v[2]) for k, v in rule_rows.items()} == counts
    assert rule_rows["consistency.apostrophe-style"][1] == "warning"


def _table_rows(page: str, section: str) -> list[list[str]]:
    body = page[page.index(f'<section id="{section}">'):]
    body = body[:body.index("</section>")]
    rows = []
    for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)[1:]:
        cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)]
        rows.append([re.sub(r"\s+", " ", c) for c in cells])
    return rows


def test_page_is_self_contained():
    page = _report(SEED)
    p = _parse(page)
    assert page.startswith("<!DOCTYPE html>")
    csp = [a["content"] for _, a in p.find("meta") if a.get("http-equiv") == "Content-Security-Policy"]
    assert csp and "default-src 'none'" in csp[0]
    for tag, attrs in p.elements:
        assert tag not in ("link", "iframe", "img", "object", "embed"), tag
        assert "src" not in attrs, (tag, attrs)
        href = attrs.get("href")
        assert href is None or href.startswith("#"), href
    assert [t for t, _ in p.elements].count("script") == 1 and [t for t, _ in p.elements].count("style") == 1
    assert "http://" not in page and "https://" not in page and "@import" not in page and "url(" not in page


HOSTILE = """---
title: "Mayor <script>alert(1)</script> & co quit"
byline: "Jo <img src=x onerror=alert(2)>"
---

"I will go & stay gone </p><script>alert(3)</script>," said Mayor Bob Smith, according to aides.

Notably, "the council was <b>furious</b> and said \\"]]><!--," said Ann O'Neil "><img src=x onerror=alert(4)>.
"""


def test_everything_is_escaped(tmp_path):
    folder = tmp_path / "a<b>&\"c"
    folder.mkdir()
    art = folder / "x'<i>.md"
    art.write_text(HOSTILE, encoding="utf-8")
    page = _report(str(art), "--title", "<title>&amp;")
    p = _parse(page)
    tags = [t for t, _ in p.elements]
    assert tags.count("script") == 1 and "img" not in tags and "b" not in tags and "i" not in tags
    for _, attrs in p.elements:
        assert not any(k.startswith("on") for k in attrs), attrs
    assert "alert(" not in "".join(p.scripts)
    title = [p.text[i] for i, _ in p.find("title")]
    assert title == ["<title>&amp; — annotator report"]
    assert "Jo <img src=x onerror=alert(2)>" in page.replace("&lt;", "<").replace("&gt;", ">")
    assert "<img" not in page and "<script>alert" not in page
    assert str(art).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;") \
        .replace("'", "&#x27;") in page


def test_report_exit_codes(tmp_path):
    assert run_cli("report", str(tmp_path / "missing.md")).returncode == 3
    (tmp_path / ".annotator.toml").write_text('disable = ["no.such"]\n', encoding="utf-8")
    (tmp_path / "a.md").write_text("# T\n\nText.\n", encoding="utf-8")
    assert run_cli("report", str(tmp_path / "a.md")).returncode == 2
    assert run_cli("report").returncode == 2


def test_other_formats_render(tmp_path):
    art = tmp_path / "a.html"
    art.write_text("<html><body><h1>Talks &amp; more</h1><p>&ldquo;We are close,&rdquo; said Ana Ruiz, the minister."
                   "</p><ul><li>One point</li></ul></body></html>", encoding="utf-8")
    p = _parse(_report(str(art)))
    (q,) = [p.text[i] for i, _ in p.find("span", cls="q")]
    assert q == "“We are close,”"
    assert [p.text[i] for i, _ in p.find("h1")][-1] == "Talks & more"


def test_findings_list_shows_the_matched_text_once_without_added_marks():
    page = _report(SEED)
    p = _parse(page)
    findings = __import__("json").loads(run_cli("check", SEED, "--format", "json").stdout)["findings"]
    items = [i for i, _ in p.find("li") if "data-f" in p.elements[i][1]] + [len(p.elements)]
    assert len(items) == len(findings) + 1
    shown = []
    for n, f in enumerate(findings, 1):
        excerpts = [i for i, _ in p.find("span", cls="excerpt") if items[n - 1] < i < items[n]]
        assert len(excerpts) == 1, n
        shown.append(p.text[excerpts[0]])
        assert shown[-1] == " ".join(f["text"].split())  # exactly the text found: its own marks, none added
    # the seed's marked findings ('Friendly', its scare quote, only with quotes.scare-quotes on)
    assert '"peaceful dialogue"' in shown and "“new large-scale projects”" in shown
    assert "““" not in page and "””" not in page and "“'" not in page and "“&#x27;" not in page


def test_tables_name_each_column_for_narrow_screens():
    page = _report(SEED)
    for section in ("speakers", "quotes", "rules"):
        body = page[page.index(f'<section id="{section}">'):]
        body = body[:body.index("</section>")]
        assert '<div class="table"><table>' in body  # a scroll container of its own
        heads = [re.sub(r"<[^>]+>", "", h) for h in re.findall(r"<th[^>]*>(.*?)</th>", body)]
        rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)[1:]
        assert rows
        for tr in rows:
            labels = re.findall(r"<td([^>]*)>", tr)
            assert len(labels) == len(heads)
            assert "data-label" not in labels[0]  # the first cell heads the card
            assert [re.search(r'data-label="([^"]*)"', a).group(1) for a in labels[1:]] == heads[1:]
    css = page[page.index("<style>"):page.index("</style>")]
    assert "@media (max-width: 600px)" in css and "content: attr(data-label)" in css
    assert ".table { overflow-x: auto; }" in css


def test_font_stacks_include_devanagari():
    page = _report(SEED)
    css = page[page.index("<style>"):page.index("</style>")]
    stacks = dict(re.findall(r"--(serif|sans): ([^;]+);", css))
    for stack in stacks.values():
        fonts = [f.strip().strip("'") for f in stack.split(",")]
        assert {"Noto Sans Devanagari", "Mukta", "Mangal"} <= set(fonts), fonts
        assert fonts[-1] in ("serif", "sans-serif")
    assert sorted(stacks) == ["sans", "serif"]
    # no font named anywhere but in these two stacks
    assert "system-ui, sans-serif" not in css and "font: 16px/1.6 var(--serif)" in css
    assert "तपाईको" in page  # the seed's Nepali line is on the page, to be drawn in those fonts


# -- the seed article in headless Chromium ----------------------------------------------------------------
def _png_pixels(path: str):
    """(width, height, rows of RGB tuples) of an 8-bit RGB or RGBA, non-interlaced PNG."""
    with open(path, "rb") as f:
        data = f.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos = 8
    idat = b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and colour in (2, 6) and interlace == 0
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    bpp = 3 if colour == 2 else 4
    stride = width * bpp
    prev = bytearray(stride)
    rows = []
    i = 0
    for _ in range(height):
        ftype = raw[i]
        line = bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if ftype == 1:
                line[x] = (line[x] + a) & 255
            elif ftype == 2:
                line[x] = (line[x] + b) & 255
            elif ftype == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif ftype == 4:
                pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else (b if pb <= pc else c))) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows


def test_seed_report_in_headless_chromium(tmp_path):
    sys.path.insert(0, os.path.join(ROOT, "scripts"))
    try:
        import screenshot_report
    finally:
        sys.path.pop(0)
    chromium = screenshot_report.find_chromium()
    if chromium is None:
        pytest.skip("chromium is not installed (Debian: apt-get install -y chromium)")
    html_path = tmp_path / "report.html"
    png = tmp_path / "report.png"
    screenshot_report.render_html(SEED, str(html_path))
    screenshot_report.screenshot(chromium, str(html_path), str(png), 1280, 2000)
    width, height, bpp, rows = _png_pixels(str(png))
    assert (width, height) == (1280, 2000)
    from annotator.report.html import PALETTE

    def count(hex_colour):
        rgb = bytes(int(hex_colour[k:k + 2], 16) for k in (1, 3, 5))
        return sum(row[x:x + 3] == rgb for row in rows for x in range(0, len(row), bpp))

    tokayev, putin = count(PALETTE[0][0]), count(PALETTE[1][0])
    # quotations are painted in both colours; Putin (three quotations, 12 words) covers more than
    # Tokayev (one, 2 words); a legend or table swatch alone is far smaller than a quotation
    assert tokayev > 1500, tokayev
    assert putin > 2 * tokayev, (putin, tokayev)
    assert count("#ffffff") > width * height // 4  # a page was drawn


# the page's own script cannot tell the width it is finally laid out at when it first runs (headless
# Chromium opens a wider window, then resizes): the probe repaints on every resize, green when nothing
# is wider than the window (the page does not scroll sideways and no table scrolls in its box), red
# otherwise; its width is a tenth of the window's, so the test knows the layout width too
_PROBE = """<div id="probe" style="position:fixed;left:0;top:0;height:20px;z-index:99"></div><script>
function probe() {
  var el = document.getElementById('probe'), root = document.documentElement;
  var fits = root.scrollWidth <= root.clientWidth && Array.prototype.every.call(
    document.querySelectorAll('section table, .table'), function (t) {
      var box = t.closest('.table') || t.parentNode;
      return box.scrollWidth <= box.clientWidth + 1 && t.getBoundingClientRect().right <= root.clientWidth + 1; });
  el.style.width = (root.clientWidth / 10) + 'px';
  el.style.background = fits ? '#00ff00' : '#ff0000';
}
probe(); window.addEventListener('resize', probe); window.addEventListener('load', probe);
</script>"""


@pytest.mark.parametrize("width", [390, 1280])
def test_seed_report_fits_a_phone_and_a_desktop_in_chromium(tmp_path, width):
    sys.path.insert(0, os.path.join(ROOT, "scripts"))
    try:
        import screenshot_report
    finally:
        sys.path.pop(0)
    chromium = screenshot_report.find_chromium()
    if chromium is None:
        pytest.skip("chromium is not installed (Debian: apt-get install -y chromium)")
    html_path = tmp_path / "report.html"
    screenshot_report.render_html(SEED, str(html_path))
    page = html_path.read_text(encoding="utf-8")
    html_path.write_text(page.replace("</body>", _PROBE + "</body>"), encoding="utf-8")
    png = tmp_path / "report.png"
    screenshot_report.screenshot(chromium, str(html_path), str(png), width, 300)
    w, _, bpp, rows = _png_pixels(str(png))
    assert w == width
    row = rows[10]
    pixels = [row[x:x + 3] for x in range(0, len(row), bpp)]
    green, red = pixels.count(b"\x00\xff\x00"), pixels.count(b"\xff\x00\x00")
    assert red == 0, f"something is wider than a {width}-px window"
    assert abs(green - width // 10) <= 1, (green, width)  # laid out at that width


REPORTED = """Bridge

Ana Ruiz said the bridge was safe. She claimed the repairs were "nearly done."

Tom Vik argued that the bridge should close.
"""


def test_reported_speech_in_a_lighter_shade_of_its_speakers_colour(tmp_path):
    from annotator.report.html import PALETTE, _lighter

    art = tmp_path / "bridge.txt"
    art.write_text(REPORTED, encoding="utf-8")
    p = _parse(_report(str(art)))
    legend = {p.text[i].split("(")[0].strip(): a["data-sp"] for i, a in p.find("button") if a.get("data-sp")}
    assert set(legend) == {"Ana Ruiz", "Tom Vik"}  # a speaker only reported is in the legend too
    reported = [(p.text[i], a) for i, a in p.find("span", cls="rep") if a.get("data-sp")]
    by_speaker = {}
    for text, a in reported:
        by_speaker.setdefault(a["data-sp"], []).append((text, re.search(r"background:(#[0-9a-f]{6})", a["style"]).group(1)))
    ruiz, vik = by_speaker[legend["Ana Ruiz"]], by_speaker[legend["Tom Vik"]]
    assert "the bridge was safe" in "".join(t for t, _ in ruiz)
    assert "that the bridge should close" in "".join(t for t, _ in vik)
    # lighter than the quotation's colour, same hue; the quoted fragment keeps the full colour
    assert {c for _, c in ruiz} == {_lighter(PALETTE[0][0])} and {c for _, c in vik} == {_lighter(PALETTE[1][0])}
    quote = [a for i, a in p.find("span", cls="q") if p.text[i] == '"nearly done."']
    assert quote and PALETTE[0][0] in quote[0]["style"]
    assert all(t != '"nearly done."' for t, _ in ruiz)
    rows = {r[0]: r for r in _table_rows(_report(str(art)), "speakers")}
    assert rows["Ana Ruiz"][2:6] == ["1", "2", "2", "7"]  # quotations, quoted words, reported, reported words
    assert rows["Ana Ruiz"][7] == "doubting claim ×1 neutral say ×1"  # who "said", who "claimed"
    assert rows["Tom Vik"][2:6] == ["0", "0", "1", "5"]


def test_speaker_names_and_cues_in_the_speakers_table_are_escaped(tmp_path):
    art = tmp_path / "x.txt"
    art.write_text('Bridge\n\nAna <b>Ruiz</b> said the bridge was safe. "It is," Jo <img src=x onerror=alert(1)> said.\n',
                   encoding="utf-8")
    page = _report(str(art))
    body = page[page.index('<section id="speakers">'):]
    body = body[:body.index("</section>")]
    assert "<b>" not in body and "<img" not in body
    p = _parse(page)
    assert "img" not in [t for t, _ in p.elements] and "b" not in [t for t, _ in p.elements]


def test_counts_agree_in_number(tmp_path):
    # "1 quoted speakers", "1 findings: 0 errors, 1 warnings" in the page's header before
    art = tmp_path / "a.md"
    art.write_text("# Council meets\n\nThe mayor claimed the budget was balanced. \"We will decide,\" the mayor said.\n",
                   encoding="utf-8")
    p = _parse(_report(str(art), "--select", "neutrality.loaded-verbs"))
    counts = [p.text[i] for i, _ in p.find("div", cls="counts")][0]
    assert "1 quotation (3 quoted words)" in counts and "1 quoted speaker" in counts
    assert "1 reported statement" in counts
    assert "1 finding: 0 errors, 1 warning, 0 info" in counts
    assert not re.search(r"\b1 \w+s\b", counts), counts
    legend = [a["title"] for _, a in p.find("button") if "data-sp" in a]
    assert legend == ["show only The mayor: 1 quotation, 1 reported statement"], legend


def test_why_column_gives_the_rules_first_sentence_whole():
    # the rule summary (for `annotator rules`) stops at 160 characters mid-word: the table read
    # "... carries the speaker's framing into the re..."
    import html as htmllib

    from annotator.engine import get_engine

    page = _report(SEED)
    body = page[page.index('<section id="rules">'):]
    body = body[:body.index("</section>")]
    engine = get_engine(())
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)[1:]
    assert len(rows) >= 5
    for tr in rows:
        cells = [htmllib.unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)]
        rule, why = cells[0], cells[3]
        first = " ".join(engine.specs[engine.index[rule]].rationale.split())
        assert not why.endswith("..."), (rule, why)
        if why.endswith(" …"):  # a very long sentence: cut between words
            assert first.startswith(why[:-2]) and first[len(why) - 2] in " ,;:", (rule, why)
        else:
            assert first.startswith(why) and why.endswith((".", "?", "!")), (rule, why)


def test_why_cuts_a_first_sentence_with_no_space_in_reach_at_the_limit():
    # (a rationale that opens with a long URL: rfind found no space and the cut was text[:-1])
    from annotator.report.html import WHY_CHARS, _why

    long_word = "x" * (WHY_CHARS + 80)
    assert _why(long_word) == "x" * WHY_CHARS + " …"
    assert _why("See " + long_word) == "See …"
    assert _why("Short. Then more.") == "Short."


def test_a_markdown_table_in_the_article_is_shown_as_a_table(tmp_path):
    # each cell is a block of the document (kind table_cell): the page stacked them as
    # paragraphs, a three-column table read as a column of single words
    art = tmp_path / "t.md"
    art.write_text("# Results\n\nThe count ended on Monday.\n\n"
                   "| Ward | Votes | Note |\n| --- | --- | --- |\n| North | 40% | \"close\" |\n| South | | 60 |\n\n"
                   "| A | B |\n|---|---|\n| x | y |\n\nThe council meets again in May.\n", encoding="utf-8")
    page = _report(str(art))
    body = page[page.index("<article>"):page.index("</article>")]
    tables = re.findall(r"<table[^>]*>(.*?)</table>", body, re.S)
    assert len(tables) == 2
    rows = [[re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<t[hd]>(.*?)</t[hd]>", tr, re.S)]
            for tr in re.findall(r"<tr>(.*?)</tr>", tables[0], re.S)]
    assert rows == [["Ward", "Votes", "Note"], ["North", "40%", "&quot;close&quot;1"], ["South", "", "60"]]
    assert "<th>Ward</th>" in tables[0] and "<th>A</th><th>B</th>" in tables[1]
    assert "<p>Ward</p>" not in body and "<p>The council meets again in May.</p>" in body
    assert 'data-f="1"' in tables[0]  # the finding on a cell is still marked in place
    # a table in a blockquote, and one without outer pipes
    art.write_text("# T\n\n> | A | B |\n> |---|---|\n> | x | y |\n\nC | D\n--|--\nz | w\n", encoding="utf-8")
    body = _report(str(art))
    assert "<tr><th>A</th><th>B</th></tr><tr><td>x</td><td>y</td></tr>" in body
    assert "<tr><th>C</th><th>D</th></tr><tr><td>z</td><td>w</td></tr>" in body


def test_legend_says_when_no_speaker_was_found(tmp_path):
    # the legend read "Speakers" straight into "Findings" for an article nobody speaks in
    art = tmp_path / "a.md"
    art.write_text("# Roads\n\nThe council repaired the roads on Monday.\n", encoding="utf-8")
    page = _report(str(art))
    legend = page[page.index('<div class="legend"'):]
    legend = re.sub(r"<[^>]+>", "|", legend[:legend.index("</div>")])
    assert [x for x in legend.split("|") if x.strip()][:3] == ["Speakers", "none found", "Findings"]
    seed = _report(SEED)
    assert "none found" not in seed[seed.index('<div class="legend"'):seed.index("<article>")]
