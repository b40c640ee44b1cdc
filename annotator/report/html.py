"""The HTML report: one self-contained page about one article.

* the article (headline, subheadings, paragraphs, as the reader sees them:
  markup left out, character references shown as characters), with every
  quotation coloured by its speaker (a legend names them; quotations with no
  speaker are grey and dashed), reported speech (the content of an indirect or
  mixed attribution) in a lighter shade of its speaker's colour, the speaker's
  mention underlined in the same colour, each reporting cue boxed with a badge
  naming its stance, and each
  finding underlined by severity with a numbered marker; hovering shows the
  messages, the numbers link to the list of findings;
* tables of the speakers (quotations, reported statements, quoted and reported
  words, share, and the cues the writer chose for each, by stance: who "said"
  and who "claimed"), of the
  quotations, of the findings by rule (on a narrow screen each row is a
  card of "column: value" lines), and the findings themselves, each with the
  text it found, as the article has it (its quotation marks are its own).

Fonts: Latin stacks with Devanagari fallbacks, so a Nepali or Hindi line is
drawn in a font that has its letters.

Inline CSS and a few lines of inline JavaScript only; a Content Security
Policy forbids every network request, so the page works offline and loads
nothing.  Everything taken from the article, its metadata, the rules or the
configuration is HTML-escaped.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right

from ..display import escape

# (background, strong) per speaker, in order of first quotation; Okabe-Ito-like hues
PALETTE = [
    ("#ffe08a", "#b07800"),  # amber
    ("#a9d8ff", "#1565a8"),  # blue
    ("#b9efb4", "#2e8b2e"),  # green
    ("#ffc0d8", "#c2185b"),  # pink
    ("#dcccff", "#6a3fc0"),  # violet
    ("#ffcfa3", "#d35400"),  # orange
    ("#b5ece8", "#11806f"),  # teal
    ("#e8e8a0", "#7a7a00"),  # olive
]
NO_SPEAKER = ("#e4e4e4", "#777777")
#: reported speech is drawn in its speaker's background colour mixed with this much white
REPORTED_LIGHTEN = 0.55
SEVERITY_COLOURS = {"error": "#d32f2f", "warning": "#e08a00", "info": "#1e88e5"}
STANCE_COLOURS = {
    "neutral": "#607d8b", "emphatic": "#c2185b", "doubting": "#8e24aa", "factive": "#2e7d32",
    "emotive": "#ef6c00", "hedging": "#00838f", "other": "#5d4037",
}
_SAFE_CLASS = re.compile(r"[^a-z0-9-]")
_WS = re.compile(r"\s+")


def esc(value) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _n(count: int, noun: str) -> str:
    """``1 quotation``, ``2 quotations``."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _cls(value: str) -> str:
    return _SAFE_CLASS.sub("-", str(value).lower())


CSS = """
:root { --ink: #1d1d1f; --muted: #666; --rule: #ddd;
  /* Latin first, then Devanagari (Nepali, Hindi) for the characters the Latin fonts lack */
  --serif: Georgia, 'Times New Roman', 'Noto Serif Devanagari', 'Noto Sans Devanagari', 'Mukta', 'Mangal',
    'Nirmala UI', 'Kohinoor Devanagari', 'Devanagari Sangam MN', 'Lohit Devanagari', serif;
  --sans: system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Noto Sans Devanagari', 'Mukta', 'Mangal',
    'Nirmala UI', 'Kohinoor Devanagari', 'Devanagari Sangam MN', 'Lohit Devanagari', sans-serif; }
* { box-sizing: border-box; }
body { font: 16px/1.6 var(--serif); color: var(--ink); margin: 0; background: #fafafa; }
main { max-width: 980px; margin: 0 auto; padding: 24px 32px 64px; background: #fff; overflow-wrap: break-word; }
header.meta { font: 13px/1.5 var(--sans); color: var(--muted); border-bottom: 1px solid var(--rule);
  padding-bottom: 10px; margin-bottom: 16px; }
header.meta h1 { font: 600 15px/1.4 var(--sans); color: var(--ink); margin: 0 0 4px; }
header.meta .counts span { margin-right: 14px; }
.legend { font: 13px/1.8 var(--sans); display: flex; flex-wrap: wrap; gap: 6px 14px; align-items: center;
  padding: 8px 10px; background: #f4f4f6; border-radius: 6px; margin: 0 0 18px; }
.legend strong { margin-right: 4px; }
.legend button { font: inherit; border: 1px solid transparent; background: none; padding: 0 6px; border-radius: 4px;
  cursor: pointer; }
.legend button[aria-pressed="true"] { border-color: #333; }
.swatch { display: inline-block; width: 14px; height: 14px; border-radius: 3px; vertical-align: -2px;
  margin-right: 4px; border: 2px solid; }
article h1 { font-size: 30px; line-height: 1.25; margin: 8px 0 18px; }
article h2 { font-size: 21px; margin: 26px 0 10px; }
article p, article blockquote { margin: 0 0 14px; }
article blockquote { border-left: 3px solid var(--rule); padding-left: 14px; color: #333; }
article .li::before { content: '\\2022\\00a0'; }
.q { border-radius: 3px; padding: 1px 0; box-decoration-break: clone; -webkit-box-decoration-break: clone; }
.q.nosp { background: repeating-linear-gradient(135deg, #eee 0 6px, #e2e2e2 6px 12px);
  outline: 1px dashed #999; }
.rep { border-radius: 3px; padding: 1px 0; box-decoration-break: clone; -webkit-box-decoration-break: clone; }
.cueuse { white-space: nowrap; margin-right: 6px; }
.mention { border-bottom: 3px solid; font-weight: 600; }
.cue { outline: 2px solid; outline-offset: 1px; border-radius: 2px; }
.stance { font: 600 10px/1 var(--sans); text-transform: uppercase; letter-spacing: .04em;
  color: #fff; border-radius: 3px; padding: 2px 4px; margin-left: 3px; vertical-align: 2px; }
.f { text-decoration-line: underline; text-decoration-style: wavy; text-decoration-thickness: 1.5px;
  text-underline-offset: 3px; text-decoration-skip-ink: none; }
.f.sev-error { text-decoration-color: #d32f2f; }
.f.sev-warning { text-decoration-color: #e08a00; }
.f.sev-info { text-decoration-color: #1e88e5; }
sup.fn { font: 600 10px/1 var(--sans); margin-left: 1px; }
sup.fn a { text-decoration: none; color: #fff; border-radius: 7px; padding: 1px 4px; }
.dim .q:not(.on), .dim .rep:not(.on), .dim .mention:not(.on) { background: transparent !important; border-color: transparent !important;
  outline-color: transparent; }
.hl { box-shadow: 0 0 0 3px #111; }
section { font: 14px/1.5 var(--sans); margin-top: 34px; }
section h2 { font-size: 17px; border-bottom: 1px solid var(--rule); padding-bottom: 4px; }
.table { overflow-x: auto; }  /* a table wider than the screen scrolls on its own, not the page */
.scroll { overflow-x: auto; }  /* (a table of the article: no cards on a phone) */
table.in-article { width: auto; margin: 0 0 1em; font: 15px/1.45 var(--serif); }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid #eee; vertical-align: top; }
th { background: #f4f4f6; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.sev { font-weight: 700; text-transform: uppercase; font-size: 11px; letter-spacing: .04em; }
.sev-error .sev, span.sev.sev-error { color: #d32f2f; }
.sev-warning .sev, span.sev.sev-warning { color: #b86e00; }
.sev-info .sev, span.sev.sev-info { color: #1565c0; }
ol.findings li { margin-bottom: 8px; }
ol.findings li:target { background: #fff7d6; }
.excerpt { font-family: var(--serif); background: #f4f4f6; border-left: 3px solid #bbb; padding: 0 5px;
  border-radius: 2px; }
code { font: 12.5px/1.4 ui-monospace, monospace; background: #f1f1f3; padding: 1px 4px; border-radius: 3px; }
.muted { color: var(--muted); }
.bar { display: inline-block; height: 8px; border-radius: 2px; vertical-align: middle; margin-right: 6px; }
/* a phone: less margin, and each table row a small card of "header: value" lines */
@media (max-width: 600px) {
  main { padding: 12px 14px 40px; }
  article h1 { font-size: 24px; }
  .table table, .table tbody, .table tr, .table td { display: block; width: 100%; }
  .table thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  .table tr { border-bottom: 1px solid var(--rule); padding: 6px 0; }
  .table td { border: 0; padding: 1px 0; text-align: left; overflow-wrap: anywhere; }
  .table td:first-child { font-weight: 600; }
  .table td[data-label]::before { content: attr(data-label) ": "; color: var(--muted); font-weight: 600; }
  .table td[data-label]:empty { display: none; }
  .table td.num { text-align: left; }
}
"""

# no data goes into the script: it only reads attributes of the page
JS = """
(function () {
  var article = document.querySelector('article');
  document.querySelectorAll('.legend button[data-sp]').forEach(function (b) {
    b.addEventListener('click', function () {
      var on = b.getAttribute('aria-pressed') !== 'true';
      document.querySelectorAll('.legend button[data-sp]').forEach(function (x) { x.setAttribute('aria-pressed', 'false'); });
      document.querySelectorAll('article .on').forEach(function (x) { x.classList.remove('on'); });
      article.classList.toggle('dim', on);
      if (on) {
        b.setAttribute('aria-pressed', 'true');
        document.querySelectorAll('article [data-sp="' + b.getAttribute('data-sp') + '"]').forEach(function (x) { x.classList.add('on'); });
      }
    });
  });
  document.querySelectorAll('ol.findings li[data-f]').forEach(function (li) {
    var id = li.getAttribute('data-f');
    function mark(on) {
      document.querySelectorAll('article .f').forEach(function (x) {
        if ((' ' + x.getAttribute('data-f') + ' ').indexOf(' ' + id + ' ') >= 0) { x.classList.toggle('hl', on); }
      });
    }
    li.addEventListener('mouseenter', function () { mark(true); });
    li.addEventListener('mouseleave', function () { mark(false); });
  });
})();
"""


class _Marks:
    """What covers each stretch of the text: quotations, mentions, cues, findings."""

    def __init__(self, doc, colours: dict[str, int]):
        self.doc = doc
        self.colours = colours
        self.spans: list[tuple[int, int, str, object]] = []  # (start, end, kind, payload)
        speakers = {sp.id: sp for sp in doc.speakers}
        for q in doc.quotes:
            sid = q.speaker.speaker if q.speaker is not None else None
            self.spans.append((q.open_start, q.close_end, "quote", (q, speakers.get(sid) if sid else None)))
            if q.speaker is not None and sid in speakers and q.speaker.end > q.speaker.start:
                self.spans.append((q.speaker.start, q.speaker.end, "mention", speakers[sid]))
            if q.cue is not None and q.cue.end > q.cue.start:
                self.spans.append((q.cue.start, q.cue.end, "cue", q.cue))
        for r in doc.attributions:
            sp = speakers.get(r.speaker) if r.speaker else None
            if r.kind != "direct":
                for c in r.content:
                    if c.end > c.start:
                        self.spans.append((c.start, c.end, "reported", (r, sp)))
            if r.source is not None and sp is not None and r.source.end > r.source.start:
                m = next((m for m in sp.mentions if r.source.start <= m.start < r.source.end), r.source)
                self.spans.append((m.start, m.end, "mention", sp))
            if r.cue is not None and r.cue.end > r.cue.start:
                self.spans.append((r.cue.start, r.cue.end, "cue", r.cue))
        for n, f in enumerate(doc.findings, 1):
            if f.end > f.start:
                self.spans.append((f.start, f.end, "finding", (n, f)))
        seen = set()  # a mention or cue shared by several quotations is marked once
        unique = []
        for s, e, kind, payload in self.spans:
            key = (s, e, kind, getattr(payload, "id", None) if kind == "mention" else id(payload))
            if kind in ("mention", "cue"):
                key = (s, e, kind)
            if key not in seen:
                seen.add(key)
                unique.append((s, e, kind, payload))
        self.spans = unique


def _hidden(doc) -> bytearray | None:
    """Positions not to show: the padding of a character reference or escape
    after the character it stands for (``&ldquo;`` is “ and six spaces in
    the view; the report shows just “)."""
    text, view = doc.text, doc.view
    if text == view:
        return None
    n = len(text)
    hide = bytearray(n)
    for i in range(n):
        c = text[i]
        if (c == "&" or c == "\\") and view[i] != c and view[i] != " ":
            j = i + 1
            while j < n and j < i + 40 and view[j] == " " and not text[j].isspace():
                hide[j] = 1
                j += 1
                if c == "&" and text[j - 1] == ";":
                    break
    return hide


def _shown(doc, hide, a: int, b: int) -> str:
    """The view between a and b as shown: reference padding dropped, white space collapsed."""
    v = doc.view[a:b]
    if hide is not None and any(hide[a:b]):
        v = "".join(ch for ch, h in zip(v, hide[a:b]) if not h)
    return _WS.sub(" ", v)


class _ArticleTable:
    """A Markdown table of the article, shown as a table: its cells (one block each) gathered
    into rows by their line, each in the column its pipes put it in; the first row is the
    header.  (Cells as paragraphs stacked the table into a column of words.)"""

    def __init__(self, doc):
        self.doc = doc
        self.rows: list[dict[int, str]] = []
        self.line = -1

    def add(self, blk, inner: str) -> list[str]:
        line, _ = self.doc.position(blk.start)
        start = self.doc.lines.starts[line - 1]
        before = self.doc.text[start:blk.start].replace("\\|", "")
        column = before.count("|") - (1 if before.lstrip(" \t>").startswith("|") else 0)  # (> : in a blockquote)
        out = []
        if self.rows and line != self.line:
            # the next row is on the next line (after the header, past the |---| line)
            if line - self.line != (2 if len(self.rows) == 1 else 1):
                out = self.close()
        if not self.rows or line != self.line:
            self.rows.append({})
            self.line = line
        self.rows[-1][max(column, 0)] = inner
        return out

    def close(self) -> list[str]:
        if not self.rows:
            return []
        width = max(max(r) for r in self.rows if r) + 1
        trs = []
        for n, row in enumerate(self.rows):
            tag = "th" if n == 0 else "td"
            trs.append("<tr>" + "".join(f"<{tag}>{row.get(c, '')}</{tag}>" for c in range(width)) + "</tr>")
        self.rows, self.line = [], -1
        return ['<div class="scroll"><table class="in-article">' + "".join(trs) + "</table></div>"]


def _speaker_colour(colours, sp) -> tuple[str, str]:
    if sp is None or sp.id not in colours:
        return NO_SPEAKER
    return PALETTE[colours[sp.id] % len(PALETTE)]


def _lighter(hex_colour: str, amount: float = REPORTED_LIGHTEN) -> str:
    """The colour mixed with ``amount`` of white (the shade of reported speech)."""
    rgb = [int(hex_colour[k:k + 2], 16) for k in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (255 - c) * amount):02x}" for c in rgb)


def _render_block(doc, block, marks: _Marks, notes_at: dict[int, list], badges: dict[int, list], colours,
                  hide) -> str:
    """One headline/subheading/paragraph as HTML: segments between every start
    and end of a mark, each wrapped in one span carrying all that covers it;
    stance badges after cues and finding numbers after findings."""
    a, b = block.start, block.end
    inside = [s for s in marks.spans if s[0] < b and s[1] > a]
    cuts = {a, b}
    for s, e, _, _ in inside:
        cuts.add(max(a, s))
        cuts.add(min(b, e))
    for pos in list(notes_at) + list(badges):
        if a < pos < b:
            cuts.add(pos)
    cuts = sorted(cuts)
    out = [_note(n, f) for n, f in notes_at.get(a, ())]  # empty findings at the very start
    for x, y in zip(cuts, cuts[1:]):
        text = _shown(doc, hide, x, y)
        if text:
            cover = [s for s in inside if s[0] <= x and y <= s[1]]
            out.append(_segment(text, cover, colours))
        for stance in badges.get(y, ()):
            out.append(f'<span class="stance" style="background:{STANCE_COLOURS.get(stance, "#555")}">'
                       f"{esc(stance)}</span>")
        if y != a:
            for n, f in notes_at.get(y, ()):
                out.append(_note(n, f))
    return "".join(out).strip()


def _segment(text: str, cover, colours) -> str:
    classes = []
    style = []
    titles = []
    attrs = {}
    quotes = [p for s, e, k, p in cover if k == "quote"]
    if quotes:
        q, sp = max(quotes, key=lambda qp: qp[0].open_start)  # the innermost
        bg, strong = _speaker_colour(colours, sp)
        classes.append("q")
        if sp is None:
            classes.append("nosp")
        else:
            style.append(f"background:{bg}")
            attrs["data-sp"] = sp.id
        who = sp.name if sp is not None else "no speaker"
        titles.append(f"Quotation {q.id} ({q.kind}): {who}")
    reported = [p for s, e, k, p in cover if k == "reported"]
    if reported:
        r, sp = max(reported, key=lambda rp: rp[0].content[0].start)  # the innermost
        if not quotes:
            classes.append("rep")
            if sp is not None:
                style.append(f"background:{_lighter(_speaker_colour(colours, sp)[0])}")
                attrs["data-sp"] = sp.id
        who = sp.name if sp is not None else "no speaker"
        titles.append(f"Reported speech {r.id} ({r.kind}): {who}")
    for s, e, k, p in cover:
        if k == "mention":
            bg, strong = _speaker_colour(colours, p)
            classes.append("mention")
            style.append(f"border-bottom-color:{strong}")
            attrs["data-sp"] = p.id
            titles.append(f"Speaker: {p.name}")
        elif k == "cue":
            colour = STANCE_COLOURS.get(p.stance, "#555")
            classes.append("cue")
            style.append(f"outline-color:{colour}")
            titles.append(f"Reporting cue \u201c{p.lemma}\u201d: {p.stance}")
    findings = [p for s, e, k, p in cover if k == "finding"]
    if findings:
        worst = max(findings, key=lambda nf: {"error": 3, "warning": 2, "info": 1}.get(nf[1].severity, 0))[1]
        classes += ["f", "sev-" + _cls(worst.severity)]
        attrs["data-f"] = " ".join(str(n) for n, _ in findings)
        for n, f in findings:
            titles.append(f"[{n}] {f.severity} {f.rule}: {f.message}")
    body = esc(text)
    if not classes:
        return body
    extra = "".join(f' {k}="{esc(v)}"' for k, v in attrs.items())
    st = f' style="{esc(";".join(style))}"' if style else ""
    return (f'<span class="{" ".join(classes)}"{st}{extra} title="{esc(chr(10).join(titles))}">{body}</span>')


def _note(n: int, f) -> str:
    colour = SEVERITY_COLOURS.get(f.severity, "#555")
    return (f'<sup class="fn"><a href="#f{n}" id="ref{n}" style="background:{colour}" '
            f'title="{esc(f"{f.severity} {f.rule}: {f.message}")}">{n}</a></sup>')


def _cue_badges(doc) -> dict[int, list]:
    """Stance badges, shown after each cue: position -> [stance]."""
    out: dict[int, list] = {}
    cues = [q.cue for q in doc.quotes] + [r.cue for r in doc.attributions]
    for cue in cues:
        if cue is not None and cue.end > cue.start:
            out.setdefault(cue.end, [])
            if cue.stance not in out[cue.end]:
                out[cue.end].append(cue.stance)
    return out


def render(doc, engine=None, title: str | None = None) -> str:
    """The report page for one checked document (``doc.findings`` filled)."""
    from ..document import word_count

    # colours: quoted speakers in order of their first quotation, then those only reported
    first_quote = {}
    for q in doc.quotes:
        if q.speaker is not None and q.speaker.speaker and q.speaker.speaker not in first_quote:
            first_quote[q.speaker.speaker] = q.open_start
    quoted = sorted(first_quote, key=first_quote.get)
    first_report = {}
    for r in doc.attributions:
        if r.speaker and r.speaker not in first_quote and r.speaker not in first_report and r.content:
            first_report[r.speaker] = r.content[0].start
    coloured = quoted + sorted(first_report, key=first_report.get)
    colours = {sid: i for i, sid in enumerate(coloured)}
    speakers = {sp.id: sp for sp in doc.speakers}
    marks = _Marks(doc, colours)

    blocks = doc.blocks()
    starts = [blk.start for blk in blocks]
    notes_at: dict[int, list] = {}  # position -> findings whose number goes there
    outside = []
    for n, f in enumerate(doc.findings, 1):
        last = max(f.start, f.end - 1)  # the last character (or the point of an empty span)
        pos = None
        for probe in (last, f.start):
            i = bisect_right(starts, probe) - 1
            if i >= 0 and blocks[i].start <= probe < max(blocks[i].end, blocks[i].start + 1):
                pos = min(max(f.end, blocks[i].start), blocks[i].end)
                break
        if pos is None:
            outside.append(n)
        else:
            notes_at.setdefault(pos, []).append((n, f))
    badges = _cue_badges(doc)
    hide = _hidden(doc)

    parts = []
    table = _ArticleTable(doc)
    for blk in blocks:
        inner = _render_block(doc, blk, marks, notes_at, badges, colours, hide)
        kind = "headline" if blk is doc.headline else ("subheading" if blk in doc.subheadings else blk.kind)
        if kind == "table_cell":
            parts.extend(table.add(blk, inner))
            continue
        parts.extend(table.close())
        tag = {"headline": "h1", "subheading": "h2", "blockquote": "blockquote"}.get(kind, "p")
        cls = ' class="li"' if kind == "list_item" else ""
        parts.append(f"<{tag}{cls}>{inner}</{tag}>")
    parts.extend(table.close())
    article = "\n".join(parts)

    headline = _shown(doc, hide, doc.headline.start, doc.headline.end) if doc.headline else None
    shown_path = escape(doc.path)  # (a name that is not UTF-8 cannot be written as it is)
    page_title = title or (" ".join(headline.split()) if headline else shown_path)
    counts = {s: sum(1 for f in doc.findings if f.severity == s) for s in ("error", "warning", "info")}
    words = sum(word_count(doc.view[p.start:p.end]) for p in doc.paragraphs)
    quoted_words = sum(word_count(doc.view[q.start:q.end]) for q in doc.quotes if q.parent is None)

    legend = ['<div class="legend" aria-label="legend"><strong>Speakers</strong>']
    for sid in coloured:
        sp = speakers.get(sid)
        if sp is None:
            continue
        bg, strong = _speaker_colour(colours, sp)
        reported = sum(1 for r in doc.attributions if r.speaker == sid and r.kind != "direct")
        legend.append(f'<button type="button" data-sp="{esc(sid)}" aria-pressed="false" title="show only {esc(sp.name)}: '
                      f'{_n(len(sp.quotes), "quotation")}, {_n(reported, "reported statement")}">'
                      f'<span class="swatch" style="background:{bg};border-color:{strong}"></span>{esc(sp.name)} '
                      f'<span class="muted">({len(sp.quotes)}/{reported})</span></button>')
    if any(q.speaker is None for q in doc.quotes):
        legend.append('<span><span class="swatch" style="background:#e6e6e6;border-color:#999;border-style:dashed">'
                      '</span>no speaker</span>')
    if len(legend) == 1:  # nobody quoted or reported
        legend.append('<span class="muted">none found</span>')
    if first_report or any(r.kind != "direct" for r in doc.attributions):
        legend.append('<span class="muted" title="a speaker\'s colour, full: quoted; lighter: reported speech">'
                      '(quoted / <span class="rep" style="background:#eee">reported</span>)</span>')
    stances = sorted({q.cue.stance for q in doc.quotes if q.cue is not None}
                     | {r.cue.stance for r in doc.attributions if r.cue is not None})
    if stances:
        legend.append("<strong>Cues</strong>")
        for st in stances:
            legend.append(f'<span class="stance" style="background:{STANCE_COLOURS.get(st, "#555")}">{esc(st)}</span>')
    legend.append("<strong>Findings</strong>")
    for s in ("error", "warning", "info"):
        legend.append(f'<span class="f sev-{s}">{s}</span>')
    legend.append("</div>")

    meta = [f"<h1>{esc(page_title)}</h1>", f'<div><code>{esc(shown_path)}</code> · {esc(doc.format)}']
    if doc.byline:
        meta.append(f" · by {esc(doc.byline)}")
    if doc.date:
        meta.append(f" · {esc(doc.date)}")
    meta.append("</div>")
    reported_all = sum(1 for r in doc.attributions if r.kind != "direct")
    meta.append(f'<div class="counts"><span>{_n(words, "word")}</span><span>{_n(len(doc.quotes), "quotation")} '
                f'({_n(quoted_words, "quoted word")})</span><span>{_n(len(quoted), "quoted speaker")}</span>'
                f'<span>{_n(reported_all, "reported statement")}</span>'
                f'<span>{_n(len(doc.findings), "finding")}: {_n(counts["error"], "error")}, '
                f'{_n(counts["warning"], "warning")}, {counts["info"]} info</span></div>')

    sections = [_speakers_table(doc, coloured, speakers, colours, quoted_words),
                _quotes_table(doc, speakers, colours, hide),
                _rules_table(doc, engine),
                _findings_list(doc, outside, hide)]
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        "script-src 'unsafe-inline'; img-src data:\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>{esc(page_title)} — annotator report</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n"
        f'<header class="meta">{"".join(meta)}</header>\n{"".join(legend)}\n'
        f"<article>\n{article}\n</article>\n" + "\n".join(sections) +
        f"\n</main>\n<script>{JS}</script>\n</body>\n</html>\n"
    )


def _table(sid: str, title: str, head: list[tuple[str, bool]], rows: list[tuple[str, list[str]]],
           empty: str) -> str:
    """A section with one table: ``head`` is (label, numeric) per column, each
    row (attributes of the tr, cells' HTML).  Every cell but the first names
    its column (``data-label``): on a narrow screen a row is shown as a card of
    "label: value" lines headed by its first cell."""
    ths = "".join(f'<th class="num">{esc(label)}</th>' if num else f"<th>{esc(label)}</th>" for label, num in head)
    trs = []
    for attrs, cells in rows:
        tds = []
        for k, ((label, num), cell) in enumerate(zip(head, cells)):
            cls = ' class="num"' if num else ""
            lab = f' data-label="{esc(label)}"' if k else ""
            tds.append(f"<td{cls}{lab}>{cell}</td>")
        trs.append(f"<tr{attrs}>{''.join(tds)}</tr>")
    if not trs:
        trs.append(f'<tr><td colspan="{len(head)}" class="muted">{esc(empty)}</td></tr>')
    return (f'<section id="{sid}"><h2>{esc(title)}</h2><div class="table"><table><thead><tr>{ths}</tr></thead>'
            f'<tbody>{"".join(trs)}</tbody></table></div></section>')


def _speakers_table(doc, coloured, speakers, colours, quoted_words) -> str:
    """One row per speaker: quotations and reported statements (indirect and mixed relations),
    quoted and reported words, the share of the quoted words, and the cues the writer chose for
    the speaker, most used first, each with its stance (who "said", who "claimed")."""
    rows = []
    order = coloured + [sp.id for sp in doc.speakers if sp.id not in colours]
    kinds = {r.id: r.kind for r in doc.attributions}
    for sid in order:
        sp = speakers.get(sid)
        if sp is None:
            continue
        bg, strong = _speaker_colour(colours, sp)
        share = (sp.quoted_words / quoted_words * 100) if quoted_words else 0.0
        reported = sum(1 for a in sp.attributions if kinds.get(a) != "direct")
        cues = sorted(sp.cues.items(), key=lambda kv: (-kv[1][1], kv[0]))
        cue_cells = " ".join(
            f'<span class="cueuse" title="{esc(stance)}"><span class="stance" '
            f'style="background:{STANCE_COLOURS.get(stance, "#555")}">{esc(stance)}</span> '
            f"{esc(lemma)} ×{n}</span>"
            for lemma, (stance, n) in cues)
        rows.append(("", [
            f'<span class="swatch" style="background:{bg};border-color:{strong}"></span>{esc(sp.name)}',
            esc(sp.kind) + (f'<br><span class="muted">{esc(sp.title)}</span>' if sp.title else ""),
            str(len(sp.quotes)), str(sp.quoted_words), str(reported), str(sp.reported_words),
            f'<span class="bar" style="width:{share * 0.5:.0f}px;background:{strong}"></span>{share:.0f}%',
            cue_cells, str(len(sp.mentions))]))
    head = [("Speaker", False), ("Kind, title", False), ("Quotations", True), ("Quoted words", True),
            ("Reported statements", True), ("Reported words", True), ("Share of quoted words", True),
            ("Cues chosen", False), ("Mentions", True)]
    return _table("speakers", "Speakers", head, rows, "No speakers found.")


def _quotes_table(doc, speakers, colours, hide) -> str:
    from ..document import word_count

    rows = []
    for q in doc.quotes:
        sp = speakers.get(q.speaker.speaker) if q.speaker is not None and q.speaker.speaker else None
        bg, strong = _speaker_colour(colours, sp)
        who = (f'<span class="swatch" style="background:{bg};border-color:{strong}"></span>{esc(sp.name)}'
               if sp is not None else '<span class="muted">none</span>')
        cue = (f'{esc(_shown(doc, hide, q.cue.start, q.cue.end).strip())} <span class="stance" '
               f'style="background:{STANCE_COLOURS.get(q.cue.stance, "#555")}">{esc(q.cue.stance)}</span>'
               if q.cue is not None else '<span class="muted">none</span>')
        line, _ = doc.position(q.open_start)
        rows.append(("", [esc(q.id), esc(_shown(doc, hide, q.start, q.end).strip()), esc(q.kind), who, cue,
                          str(word_count(doc.view[q.start:q.end])), str(line)]))
    head = [("Id", False), ("Quotation", False), ("Kind", False), ("Speaker", False), ("Cue", False),
            ("Words", True), ("Line", True)]
    return _table("quotes", "Quotations", head, rows, "No quotations found.")


#: the "Why" column: a rule's first sentence, cut at a word if it is longer than this
WHY_CHARS = 320


def _why(rationale: str) -> str:
    """A rule's first sentence, whole (a rule's one-line summary stops at 160 characters,
    in the middle of a word: "... into the re...")."""
    text = " ".join(rationale.split())
    ends = [i for i in (text.find(e) for e in (". ", "? ", "! ")) if i > 0]
    if ends:
        text = text[: min(ends) + 1]
    if len(text) > WHY_CHARS:
        cut = text.rfind(" ", 0, WHY_CHARS)  # (no space in reach, a long URL: cut at the limit)
        text = text[: cut if cut > 0 else WHY_CHARS].rstrip(",;:") + " …"
    return text


def _rules_table(doc, engine) -> str:
    by_rule: dict[str, list] = {}
    for f in doc.findings:
        by_rule.setdefault(f.rule, []).append(f)
    rows = []
    rank = {"error": 0, "warning": 1, "info": 2}
    for rule, fs in sorted(by_rule.items(), key=lambda kv: (min(rank.get(f.severity, 3) for f in kv[1]),
                                                            -len(kv[1]), kv[0])):
        sev = min((f.severity for f in fs), key=lambda s: rank.get(s, 3))
        summary = ""
        if engine is not None and rule in engine.index:
            summary = _why(engine.specs[engine.index[rule]].rationale)
        nums = ", ".join(f'<a href="#f{n}">{n}</a>' for n, f in enumerate(doc.findings, 1) if f.rule == rule)
        cells = [f"<code>{esc(rule)}</code>", f'<span class="sev">{esc(sev)}</span>', str(len(fs)), esc(summary), nums]
        rows.append((f' class="sev-{_cls(sev)}"', cells))
    head = [("Rule", False), ("Severity", False), ("Findings", True), ("Why", False), ("See", False)]
    return _table("rules", "Findings by rule", head, rows, "No findings.")


def _findings_list(doc, outside, hide) -> str:
    items = []
    for n, f in enumerate(doc.findings, 1):
        line, col = doc.position(f.start)
        text = _shown(doc, hide, f.start, f.end).strip()
        if len(text) > 120:
            text = text[:119] + "…"
        back = f' <a href="#ref{n}" title="back to the text">↩</a>' if n not in outside else \
            ' <span class="muted">(outside the article text)</span>'
        sugg = f'<br><span class="muted">→ {esc(f.suggestion)}</span>' if f.suggestion else ""
        # the matched text as it stands in the article, once: its own quotation marks (if any) are
        # part of it, so the page adds none; the box sets it apart
        excerpt = f'<br><span class="excerpt" title="the text found">{esc(text)}</span>' if text else ""
        items.append(f'<li id="f{n}" data-f="{n}" class="sev-{_cls(f.severity)}"><span class="sev">{esc(f.severity)}</span> '
                     f'<code>{esc(f.rule)}</code> <span class="muted">line {line}, column {col}</span>{back}<br>'
                     f'{esc(f.message)}{sugg}{excerpt}</li>')
    body = "".join(items) or '<li class="muted">No findings.</li>'
    return f'<section id="findings"><h2>Findings</h2><ol class="findings">{body}</ol></section>'
