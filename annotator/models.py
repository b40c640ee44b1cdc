"""Pydantic models of everything annotator writes or reads as data.

They are the source of truth for ``schemas/*.json`` (``annotator schemas``
regenerates them; a test fails when the committed files differ).  The hot
path builds plain dicts (``annotator.serialize``) for speed; tests check that
those dicts validate against these models and the generated schemas.

Importing this module costs ~80 ms (pydantic), so only commands that need it
import it.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1"
Severity = Literal["error", "warning", "info"]
QuoteKind = Literal["direct", "partial", "scare", "block", "nested"]
Stance = Literal["neutral", "emphatic", "doubting", "factive", "emotive", "hedging"]
SpeakerKind = Literal["person", "organization", "group", "anonymous", "document", "unknown"]
Format = Literal["text", "markdown", "html", "json"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Position(_Strict):
    """A stretch of the source: Python string indices into the decoded text
    (end exclusive) and 1-based line and column (in code points) of both ends."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    line: int = Field(ge=1)
    column: int = Field(ge=1)
    end_line: int = Field(ge=1)
    end_column: int = Field(ge=1)


class TextSpan(Position):
    text: str


class Paragraph(Position):
    kind: Literal["paragraph", "blockquote", "list_item"] = "paragraph"


class SentenceSpan(Position):
    paragraph: int = Field(ge=0, description="index into paragraphs")


class Mention(TextSpan):
    """A speaker as written: a name, a title, a pronoun."""


class QuoteSpeaker(_Strict):
    id: str = Field(description="id of the entry in speakers")
    name: str = Field(description="the resolved name (a pronoun resolved to a person)")
    mention: Mention


class QuoteCue(TextSpan):
    lemma: str
    stance: Stance


class Quote(TextSpan):
    """A quotation; start/end enclose the text inside the marks."""

    id: str
    kind: QuoteKind
    outer: Position = Field(description="the quotation with its marks")
    paragraph: int = Field(description="index into paragraphs; -1 for the headline or a subheading")
    words: int = Field(ge=0)
    parent: str | None = Field(None, description="id of the enclosing quotation, for a nested one")
    continues: str | None = Field(None, description="id of the quotation this one continues from the paragraph before")
    speaker: QuoteSpeaker | None
    cue: QuoteCue | None
    attribution: Literal["after", "before", "continuation", "introduction"] | None = Field(
        None, description="which pattern found the speaker"
    )


class Speaker(_Strict):
    id: str
    name: str
    kind: SpeakerKind
    title: str | None = None
    mentions: list[Mention]
    quotes: list[str]
    quoted_words: int = Field(ge=0)


class Mark(Position):
    char: str
    role: Literal["open", "close", "apostrophe", "unbalanced"]


class Fix(_Strict):
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    replacement: str


class Finding(Position):
    rule: str = Field(pattern=r"^[a-z0-9_-]+\.[a-z0-9_.-]+$")
    severity: Severity
    message: str
    text: str
    confidence: float = Field(ge=0, le=1)
    scope: str | None = None
    suggestion: str | None = None
    fix: list[Fix] | None = None
    quote: str | None = None
    speaker: str | None = None


class Source(_Strict):
    path: str
    format: Format
    encoding: str = "utf-8"
    bom: bool = False
    sha256: str


class Stats(_Strict):
    characters: int = Field(ge=0)
    words: int = Field(ge=0)
    paragraphs: int = Field(ge=0)
    sentences: int = Field(ge=0)
    quotes: int = Field(ge=0)
    quoted_words: int = Field(ge=0)


class AnnotationDocument(_Strict):
    """One annotated article, as written by ``annotate`` and ``check``."""

    schema_version: Literal["1"] = SCHEMA_VERSION
    source: Source
    metadata: dict[str, Any] = Field(default_factory=dict)
    byline: str | None = None
    date: str | None = None
    headline: TextSpan | None
    subheadings: list[TextSpan]
    paragraphs: list[Paragraph]
    sentences: list[SentenceSpan]
    quotes: list[Quote]
    speakers: list[Speaker]
    unbalanced_marks: list[Mark]
    findings: list[Finding]
    stats: Stats


SCHEMA_FILES = {
    "annotations.schema.json": AnnotationDocument,
}


def json_schema(model: type[BaseModel], name: str) -> dict:
    schema = model.model_json_schema()
    out = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://annotator.dev/schemas/{name}",
    }
    out.update(schema)
    return out
