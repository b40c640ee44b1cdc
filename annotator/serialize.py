"""Document -> plain dict in the shape of ``models.AnnotationDocument``.

Built by hand rather than through pydantic so that the batch path stays
fast; ``tests/test_schema.py`` checks the output against the models and the
generated JSON Schema.
"""

from __future__ import annotations

import hashlib
import json
from bisect import bisect_right

from .document import Document, word_count

try:
    import orjson
except ImportError:  # pragma: no cover - orjson is a dependency
    orjson = None


def _pos(doc: Document, start: int, end: int) -> dict:
    starts = doc.lines.starts
    i = bisect_right(starts, start) - 1
    j = bisect_right(starts, end) - 1
    return {
        "start": start, "end": end, "line": i + 1, "column": start - starts[i] + 1,
        "end_line": j + 1, "end_column": end - starts[j] + 1,
    }


def _span_text(doc: Document, start: int, end: int) -> dict:
    d = _pos(doc, start, end)
    d["text"] = doc.view[start:end]
    return d


def to_dict(doc: Document) -> dict:
    view = doc.view
    quotes = []
    quoted_words = 0
    for q in doc.quotes:
        words = word_count(view[q.start:q.end])
        if q.parent is None:
            quoted_words += words
        d = _span_text(doc, q.start, q.end)
        d.update(
            id=q.id,
            kind=q.kind,
            outer=_pos(doc, q.open_start, q.close_end),
            paragraph=q.paragraph,
            words=words,
            parent=q.parent,
            continues=q.continues,
            speaker=None,
            cue=None,
            attribution=q.attribution or None,
        )
        if q.speaker is not None:
            d["speaker"] = {
                "id": q.speaker.speaker or "",
                "name": q.speaker.name,
                "mention": _span_text(doc, q.speaker.start, q.speaker.end),
            }
        if q.cue is not None:
            c = _span_text(doc, q.cue.start, q.cue.end)
            c["lemma"] = q.cue.lemma
            c["stance"] = q.cue.stance
            d["cue"] = c
        quotes.append(d)
    speakers = [
        {
            "id": sp.id,
            "name": sp.name,
            "kind": sp.kind,
            "title": sp.title,
            "mentions": [_span_text(doc, m.start, m.end) for m in sp.mentions],
            "quotes": list(sp.quotes),
            "quoted_words": sp.quoted_words,
        }
        for sp in doc.speakers
    ]
    paragraphs = []
    for p in doc.paragraphs:
        d = _pos(doc, p.start, p.end)
        d["kind"] = p.kind
        paragraphs.append(d)
    sentences = []
    for s in doc.sentences:
        d = _pos(doc, s.start, s.end)
        d["paragraph"] = s.paragraph
        sentences.append(d)
    unbalanced = []
    for m in doc.marks:
        if m.role in ("unbalanced", "malformed"):
            d = _pos(doc, m.start, m.end)
            d["char"] = m.char
            d["role"] = m.role
            unbalanced.append(d)
    words = sum(word_count(view[p.start:p.end]) for p in doc.paragraphs)
    return {
        "schema_version": "1",
        "source": {
            "path": doc.path,
            "format": doc.format,
            "encoding": doc.encoding,
            "bom": doc.bom,
            "sha256": hashlib.sha256(doc.text.encode("utf-8", "surrogatepass")).hexdigest(),
        },
        "metadata": _jsonable(doc.metadata),
        "byline": doc.byline,
        "date": doc.date,
        "headline": _span_text(doc, doc.headline.start, doc.headline.end) if doc.headline else None,
        "subheadings": [_span_text(doc, s.start, s.end) for s in doc.subheadings],
        "paragraphs": paragraphs,
        "sentences": sentences,
        "quotes": quotes,
        "speakers": speakers,
        "unbalanced_marks": unbalanced,
        "findings": [finding_dict(doc, f) for f in doc.findings],
        "stats": {
            "characters": len(doc.text),
            "words": words,
            "paragraphs": len(doc.paragraphs),
            "sentences": len(doc.sentences),
            "quotes": len(doc.quotes),
            "quoted_words": quoted_words,
        },
    }


def finding_dict(doc: Document, f) -> dict:
    d = _span_text(doc, f.start, f.end)
    d.update(
        rule=f.rule,
        severity=f.severity,
        message=f.message,
        confidence=round(f.confidence, 3),
        scope=f.scope,
        suggestion=f.suggestion,
        fix=[{"start": s, "end": e, "replacement": r} for s, e, r in f.fix] if f.fix else None,
        quote=f.quote,
        speaker=f.speaker,
    )
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


def dumps(obj, pretty: bool = False) -> str:
    """JSON text (UTF-8 characters kept); orjson when available, ~10x faster."""
    if orjson is not None:
        try:
            return orjson.dumps(obj, option=orjson.OPT_INDENT_2 if pretty else 0).decode("utf-8")
        except TypeError:  # e.g. a lone surrogate or an integer beyond 64 bits
            pass
    if pretty:
        return json.dumps(obj, ensure_ascii=False, indent=2)
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
