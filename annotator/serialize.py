"""Document -> plain dict in the shape of ``models.AnnotationDocument``.

Built by hand rather than through pydantic so that the batch path stays
fast; ``tests/test_schema.py`` checks the output against the models and the
generated JSON Schema.
"""

from __future__ import annotations

import hashlib
import json
import re
from bisect import bisect_right

from .document import Document, word_count

try:
    import orjson
except ImportError:  # pragma: no cover - orjson is a dependency
    orjson = None


class _Positions:
    """Line and column of spans for one document.  An article has thousands
    of spans; each costs one bisection over the line starts (the end is
    usually on the start's line: a comparison, not a second bisection), with
    the lookups bound once per document rather than once per span."""

    __slots__ = ("starts", "last", "view")

    def __init__(self, doc: Document):
        self.starts = doc.lines.starts
        self.last = len(self.starts) - 1
        self.view = doc.view

    def pos(self, start: int, end: int) -> dict:
        starts = self.starts
        i = bisect_right(starts, start) - 1
        if end >= start and (i == self.last or end < starts[i + 1]):
            j = i  # (the common case: the span ends on its first line)
        else:
            j = bisect_right(starts, end) - 1
        return {
            "start": start, "end": end, "line": i + 1, "column": start - starts[i] + 1,
            "end_line": j + 1, "end_column": end - starts[j] + 1,
        }

    def span_text(self, start: int, end: int) -> dict:
        d = self.pos(start, end)
        d["text"] = self.view[start:end]
        return d

    def blocks(self, spans, field: str) -> list[dict]:
        """``pos`` of each span (in the order given) with the span's ``field``
        as one more key: paragraphs and sentences, most of an article's spans,
        with ``pos`` inlined and each dict built whole (the same keys in the
        same order)."""
        starts, last = self.starts, self.last
        out = []
        append = out.append
        for sp in spans:
            s, e = sp.start, sp.end
            i = bisect_right(starts, s) - 1
            j = i if e >= s and (i == last or e < starts[i + 1]) else bisect_right(starts, e) - 1
            append({"start": s, "end": e, "line": i + 1, "column": s - starts[i] + 1,
                    "end_line": j + 1, "end_column": e - starts[j] + 1, field: getattr(sp, field)})
        return out


def to_dict(doc: Document) -> dict:
    view = doc.view
    at = _Positions(doc)
    pos = at.pos
    span_text = at.span_text
    quotes = []
    quoted_words = 0
    for q in doc.quotes:
        words = doc.quote_words(q)
        if q.parent is None:
            quoted_words += words
        d = span_text(q.start, q.end)
        d["id"] = q.id
        d["kind"] = q.kind
        d["outer"] = pos(q.open_start, q.close_end)
        d["paragraph"] = q.paragraph
        d["words"] = words
        d["parent"] = q.parent
        d["continues"] = q.continues
        d["speaker"] = None
        d["cue"] = None
        d["attribution"] = q.attribution or None
        d["relation"] = q.relation
        if q.speaker is not None:
            d["speaker"] = {
                "id": q.speaker.speaker or "",
                "name": q.speaker.name,
                "mention": span_text(q.speaker.start, q.speaker.end),
            }
        if q.cue is not None:
            c = span_text(q.cue.start, q.cue.end)
            c["lemma"] = q.cue.lemma
            c["stance"] = q.cue.stance
            d["cue"] = c
        quotes.append(d)
    attributions = []
    for a in doc.attributions:
        src = cue = None
        if a.source is not None:
            src = {"span": span_text(a.source.start, a.source.end), "speaker": a.speaker, "kind": a.source_kind}
        if a.cue is not None:
            cue = span_text(a.cue.start, a.cue.end)
            cue["lemma"] = a.cue.lemma
            cue["stance"] = a.cue.stance
        attributions.append({
            "id": a.id, "kind": a.kind, "content": [span_text(c.start, c.end) for c in a.content],
            "source": src, "cue": cue, "quotes": list(a.quotes), "outer": a.outer,
        })
    speakers = [
        {
            "id": sp.id,
            "name": sp.name,
            "kind": sp.kind,
            "title": sp.title,
            "mentions": [span_text(m.start, m.end) for m in sp.mentions],
            "quotes": list(sp.quotes),
            "quoted_words": sp.quoted_words,
            "attributions": list(sp.attributions),
            "reported_words": sp.reported_words,
            "cues": [{"lemma": lemma, "stance": stance, "count": n} for lemma, (stance, n) in sp.cues.items()],
        }
        for sp in doc.speakers
    ]
    paragraphs = at.blocks(doc.paragraphs, "kind")
    for d, p in zip(paragraphs, doc.paragraphs):
        if p.language != doc.language:  # a paragraph in the article's other language
            d["language"] = p.language
    sentences = at.blocks(doc.sentences, "paragraph")
    words = sum(word_count(view[p.start:p.end]) for p in doc.paragraphs)
    unbalanced = []
    for m in doc.marks:
        if m.role in ("unbalanced", "malformed"):
            d = pos(m.start, m.end)
            d["char"] = m.char
            d["role"] = m.role
            unbalanced.append(d)
    return {
        "schema_version": "1",
        "source": {
            "path": doc.path,
            "format": doc.format,
            "encoding": doc.encoding,
            "bom": doc.bom,
            "sha256": hashlib.sha256(doc.text.encode("utf-8", "surrogatepass")).hexdigest(),
        },
        "language": doc.language,
        "metadata": _jsonable(doc.metadata),
        "byline": doc.byline,
        "date": doc.date,
        "headline": span_text(doc.headline.start, doc.headline.end) if doc.headline else None,
        "subheadings": [span_text(s.start, s.end) for s in doc.subheadings],
        "paragraphs": paragraphs,
        "sentences": sentences,
        "quotes": quotes,
        "attributions": attributions,
        "speakers": speakers,
        "unbalanced_marks": unbalanced,
        "findings": [_finding_dict(at, f) for f in doc.findings],
        "stats": {
            "characters": len(doc.text),
            "words": words,
            "paragraphs": len(doc.paragraphs),
            "sentences": len(doc.sentences),
            "quotes": len(doc.quotes),
            "quoted_words": quoted_words,
        },
    }


def _finding_dict(at: _Positions, f) -> dict:
    d = at.span_text(f.start, f.end)
    d["rule"] = f.rule
    d["severity"] = f.severity
    d["message"] = f.message
    d["confidence"] = round(f.confidence, 3)
    d["scope"] = f.scope
    d["suggestion"] = f.suggestion
    d["fix"] = [{"start": s, "end": e, "replacement": r} for s, e, r in f.fix] if f.fix else None
    d["quote"] = f.quote
    d["speaker"] = f.speaker
    return d


def _jsonable(value):
    """Front matter values as JSON (dates become ISO strings)."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def dumps(obj, pretty: bool = False, item: bool = False) -> str:
    """JSON text (UTF-8 characters kept); orjson when available, ~10x faster.

    ``item``: pretty, and indented one level further, as an element of a
    pretty-printed array (what ``json.dumps(list, indent=2)`` writes for it):
    the one-element array's text without its brackets, rather than the
    document's text re-indented line by line (a copy of it, ~30 us)."""
    if item:
        return dumps([obj], pretty=True)[2:-2]
    if orjson is not None:
        try:
            data = orjson.dumps(obj, option=orjson.OPT_INDENT_2 if pretty else 0)
        except TypeError:  # e.g. a lone surrogate or an integer beyond 64 bits
            pass
        else:
            # (byte searches, a few microseconds: the regular expression runs only
            # where U+0080-U+00BF occur, and C1 controls almost never do)
            if b"\x7f" in data or (b"\xc2" in data and _C1_UTF8.search(data) is not None):
                return escape_json_text(data.decode("utf-8"))
            return data.decode("utf-8")
    if pretty:
        return escape_json_text(json.dumps(obj, ensure_ascii=False, indent=2))
    return escape_json_text(json.dumps(obj, ensure_ascii=False, separators=(",", ":")))


# Escaped as \uNNNN in JSON text, though JSON allows them raw: DEL and the C1
# controls (U+009B is a terminal's CSI: JSON on a terminal must not carry
# them), and lone surrogates (from a file name that is not UTF-8, which
# Python keeps as U+DC80-U+DCFF), which cannot be encoded in UTF-8 at all
_C1 = re.compile("[\x7f-\x9f]")
_C1_UTF8 = re.compile(b"\xc2[\x80-\x9f]")


def escape_json_text(text: str) -> str:
    """JSON text with those characters escaped; they occur only inside strings."""
    if not text.isascii():
        # a lone surrogate, which UTF-8 cannot encode, becomes the escape \udcNN
        text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    if _C1.search(text) is None:
        return text
    return _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
