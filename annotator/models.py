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

from pydantic import BaseModel, ConfigDict, Field, create_model, model_validator

SCHEMA_VERSION = "1"
Severity = Literal["error", "warning", "info"]
PartOfSpeech = Literal["verb", "adjective", "noun"]
QuoteKind = Literal["direct", "partial", "scare", "block", "nested", "title", "term"]
Stance = Literal["neutral", "emphatic", "doubting", "factive", "emotive", "hedging", "other"]
SpeakerKind = Literal["person", "organization", "group", "anonymous", "document", "unknown"]
Format = Literal["text", "markdown", "html", "json"]
Language = Literal["en", "ne"]


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
    kind: Literal["paragraph", "blockquote", "list_item", "table_cell"] = "paragraph"
    language: Language | None = Field(None, description="the paragraph's language, when it differs from the article's")


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
    attribution: Literal["after", "before", "continuation", "introduction", "subject"] | None = Field(
        None, description="which pattern found the speaker"
    )
    relation: str | None = Field(None, description="id of the attribution relation (in attributions) it belongs to")


AttributionKind = Literal["direct", "mixed", "indirect"]
SourceKind = Literal["person", "organization", "group", "anonymous", "document", "unknown"]


class AttributionSource(_Strict):
    span: TextSpan = Field(description="the source as written (a name with its appositive, a pronoun, 'officials')")
    speaker: str | None = Field(None, description="id of the entry in speakers it names, when resolved")
    kind: SourceKind


class AttributionCue(TextSpan):
    lemma: str
    stance: Stance


class Attribution(_Strict):
    """An attribution relation: a source says a content, by a cue (PARC / PolNeAR)."""

    id: str
    kind: AttributionKind = Field(
        description="direct: the content is a quotation; mixed: reported speech with a quoted fragment; "
        "indirect: reported speech without quotation marks"
    )
    content: list[TextSpan] = Field(description="what is reported; a quotation split around its attribution has two spans")
    source: AttributionSource | None
    cue: AttributionCue | None
    quotes: list[str] = Field(description="ids of the quotations in its content")
    outer: str | None = Field(None, description="id of the relation this one is reported inside")


class SpeakerCue(_Strict):
    """A reporting cue the writer chose for a speaker, and how often."""

    lemma: str
    stance: Stance
    count: int = Field(ge=1)


class Speaker(_Strict):
    """One person, organisation or described source (every mention of it resolved to it)."""

    id: str
    name: str
    kind: SpeakerKind
    title: str | None = None
    mentions: list[Mention]
    quotes: list[str]
    quoted_words: int = Field(ge=0)
    attributions: list[str] = Field(default_factory=list, description="ids of the attribution relations it is the source of")
    reported_words: int = Field(
        0, ge=0, description="words of its reported speech: indirect and mixed content outside quotation marks"
    )
    cues: list[SpeakerCue] = Field(
        default_factory=list, description="the reporting cues of its relations, in order of first use, with counts"
    )


class Mark(Position):
    char: str
    role: Literal["open", "close", "apostrophe", "unbalanced", "malformed"]


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
    language: Language = Field("en", description="the article's language (detected, or --language / front matter)")
    metadata: dict[str, Any] = Field(default_factory=dict)
    byline: str | None = None
    date: str | None = None
    headline: TextSpan | None
    subheadings: list[TextSpan]
    paragraphs: list[Paragraph]
    sentences: list[SentenceSpan]
    quotes: list[Quote]
    attributions: list[Attribution] = Field(
        default_factory=list, description="attribution relations: direct, mixed and indirect (reported) speech"
    )
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


# ---------------------------------------------------------------------------
# Rule files: rules/<pack>/*.yaml  (see rules/README.md)
# ---------------------------------------------------------------------------
#
# A rule file is a mapping with one key, ``rules``: a list of rules.  Every
# rule has the common fields of ``_RuleBase``; the fields of its ``kind`` (and,
# for ``kind: condition``, of its ``condition``) sit beside them: the model
# ``Options`` of the kind's module (annotator/engine/kinds/<kind>.py), where the
# kind's code is.  The engine validates rule files with these models only when
# it loads them from YAML.

from typing import Annotated, Union  # noqa: E402

RuleLanguage = Literal["en", "ne", "any"]
Inflect = Literal["none", "verb", "noun"]
_RULE_ID = r"^[a-z0-9][a-z0-9-]*\.[a-z0-9][a-z0-9.-]*$"
_SCOPE = r"^(all|headline|subheadings|body|paragraph|sentence|writer|quoted|reported|field:[A-Za-z0-9_.-]+)$"
ScopeName = Annotated[str, Field(pattern=_SCOPE)]


class ExpectedSpan(_Strict):
    """Where a fail example must be flagged: ``match`` (the text of the finding's span; the
    ``occurrence``-th time it occurs, when it repeats) or ``start`` and ``end`` (offsets into
    the example's ``text``, end exclusive)."""

    match: str | None = Field(None, min_length=1, description="the text the finding covers, as written in the example")
    occurrence: int | None = Field(None, ge=1, description="which occurrence of match (1 = the first; default 1)")
    start: int | None = Field(None, ge=0, description="offset of the span's first character in text")
    end: int | None = Field(None, ge=1, description="offset just after the span's last character in text")

    @model_validator(mode="after")
    def _one_way(self):
        if self.match is not None:
            if self.start is not None or self.end is not None:
                raise ValueError("give match, or start and end, not both")
        elif self.start is None or self.end is None:
            raise ValueError("give match (the flagged text), or start and end (offsets into text)")
        elif self.end <= self.start:
            raise ValueError("end must be greater than start")
        if self.occurrence is not None and self.match is None:
            raise ValueError("occurrence goes with match")
        return self


class RuleExample(_Strict):
    """One example article.  ``text`` is the body (paragraphs separated by
    blank lines); ``headline`` is put above it when given."""

    name: str | None = Field(None, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$",
                             description="a short name, unique among the rule's examples (shown in test reports)")
    text: str = Field(min_length=1)
    headline: str | None = None
    expect: list[ExpectedSpan] | None = Field(
        None, min_length=1,
        description="fail examples: every span the rule must flag; a finding of the rule anywhere else fails the example",
    )
    fixed: str | None = Field(None, description="the body after applying this rule's fixes (fail examples)")
    fixed_headline: str | None = Field(None, description="the headline after the fixes, when they change it")
    config: dict[str, Any] | None = Field(
        None, description="configuration for this example, as in [tool.annotator] (accept, reject, ...)"
    )
    note: str | None = None


ExampleItem = Union[str, RuleExample]


class RuleExamples(_Strict):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    pass_: list[ExampleItem] = Field(default_factory=list, alias="pass", description="text the rule must not flag")
    fail: list[ExampleItem] = Field(default_factory=list, description="text the rule must flag")


class LexiconEntry(_Strict):
    """A word or phrase.  ``{braces}`` around a word of a phrase mark the word
    that inflects (``critics {say}``)."""

    word: str = Field(min_length=1)
    forms: list[str] | None = Field(None, description="extra forms (irregular inflections) of this entry")
    inflect: Inflect | None = Field(None, description="overrides the rule's inflect for this entry")
    replacement: str | None = Field(None, description="the word to use instead (substitution rules)")
    note: str | None = Field(None, description="why this word is listed; available to the message as {note}")
    confidence: float | None = Field(None, ge=0, le=1)
    not_before: list[str] | None = Field(None, description="skip a hit followed by one of these words, or by its object noun phrase with one of them as head (\"admitted two charges of\")")
    not_after: list[str] | None = Field(None, description="skip a hit preceded by one of these words")
    pos: PartOfSpeech | None = Field(None, description="overrides the rule's pos for this entry")
    complement: Literal["clause", "indicative", "comment", "speech", "statement", "predicative", "aside"] | None = Field(
        None, description="the use flagged (engine/kinds/complement.py): clause (a verb with a clause, not a bare noun "
                          "phrase object: \"claimed victory\"), indicative (not a that-clause in the subjunctive: "
                          "\"insisted that she go\"), comment (a sentence adverbial, not the result of \"put\": \"put "
                          "the outcome beyond doubt\", nor the word adding a list's last item: \"and, of course, the "
                          "campaign.\"), speech (a verb of saying: \"boasted that\", \"boasted of\", \"boasted he\", "
                          "after a quotation; not a bare object: \"the carpet boasted waltzing dancers\"), statement (a verb that "
                          "introduces what was said: a clause, a colon or quotation; not \"confessed to the murder\"), "
                          "predicative (an adjective judging a fact: \"it is interesting that\", after \"be\"; not one "
                          "describing a thing: \"interesting challenges\"), aside (an adverb of comment that is also "
                          "one of manner, set off as a comment: \"Happily, no one was hurt\"; not \"the servers "
                          "happily dole out\")")


LexiconItem = Union[str, LexiconEntry]


FixMode = Annotated[
    Union[bool, Literal["suggest"]],
    Field(description="true: check --fix applies the fix (where it can do so safely); suggest: the fix is carried "
                      "in the output (JSON, SARIF) but --fix leaves it; false: no fix"),
]


class KindOptions(_Strict):
    """The options of a kind: each kind's module (``annotator/engine/kinds/<kind>.py``) has a
    model ``Options`` (for ``condition``, one per condition) derived from this; the rule
    models below join them to the common fields."""


class _RuleBase(_Strict):
    id: str = Field(pattern=_RULE_ID, description="pack.name; the pack is the rule file's folder")
    kind: str
    severity: Severity
    scope: ScopeName | list[ScopeName] | None = Field(
        None, description="where a match counts (a list means any of them); default: writer in the neutrality pack, else all"
    )
    message: str = Field(min_length=1, description="template: {match} is the matched text; see rules/README.md for the rest")
    rationale: str = Field(min_length=1)
    suggestion: str | None = Field(None, description="template of a suggestion shown with each finding")
    confidence: float | None = Field(None, ge=0, le=1, description="base confidence of a finding (default 0.8)")
    enabled: bool = True
    in_reported: Severity | Literal[False] | None = Field(
        None, description="a match in reported speech (a paraphrase of a source, outside quotation marks) is "
                          "reported at most at this severity, with a note, instead of being left out of the writer "
                          "scope; default: info for the neutrality pack's warning and error rules (an info rule there keeps "
                          "to the writer's voice unless it sets in_reported: info); false: the writer's voice only"
    )
    languages: list[RuleLanguage] | None = Field(
        None, description="the languages of the text the rule applies to, per block (any: all); default [en]"
    )
    examples: RuleExamples = Field(default_factory=RuleExamples)


# the kinds' options, from their modules (which import this module's types above: kept before)
from .engine.kinds import KINDS as _KINDS  # noqa: E402
from .engine.kinds import condition as _condition  # noqa: E402


def _title(name: str) -> str:
    return "".join(part.title() for part in name.split("-"))


def _rule_model(kind: str, options: type[BaseModel], name: str) -> type[BaseModel]:
    """A rule of ``kind``: the common fields, then the kind's options."""
    return create_model(name, __base__=(_RuleBase, options), __module__=__name__, __doc__=options.__doc__,
                        kind=(Literal[kind], ...))


ConditionRule = Annotated[
    Union[tuple(_rule_model("condition", model, _title(name) + "Condition")
                for name, model in _condition.Options.items())],
    Field(discriminator="condition"),
]

Rule = Annotated[
    Union[tuple(_rule_model(kind, module.Options, _title(kind) + "Rule")
                for kind, module in _KINDS.items() if kind != "condition") + (ConditionRule,)],
    Field(discriminator="kind"),
]


class RuleFile(_Strict):
    """One rule file: ``rules/<pack>/<name>.yaml``."""

    rules: list[Rule] = Field(min_length=1)


SCHEMA_FILES["rule.schema.json"] = RuleFile


class RuleLexicon(_Strict):
    """A lexicon for rules: ``rules/lexicons/<name>.yaml`` (referenced by name)."""

    description: str | None = None
    inflect: Inflect | None = Field(None, description="default inflection of the entries")
    words: list[LexiconItem] = Field(default_factory=list)
    groups: list[list[str]] = Field(default_factory=list, description="spelling variant groups")
