"""metric: counts and thresholds per article, paragraph or sentence.

``measure``:
  sentence-words    words in each sentence (per: sentence);
  paragraph-words   words in each paragraph (per: paragraph);
  speaker-share     share (0..1) of the article's quoted words held by its most
                    quoted speaker, when two or more speakers are quoted
                    (min_words: quoted words the article needs; min_statements:
                    the share of the article's attributed statements, quoted or
                    reported, that speaker must also be the source of);
  anonymous-quotes  quotations whose speaker is of ``speaker_kinds`` (anonymous);
  lexicon-density   hits of the rule's words per 100 words of the unit;
  lexicon-count     hits of the rule's words in the unit.
``max`` / ``min`` are the thresholds; units with fewer than ``min_words``
words are not judged.  Word hits are counted only in the rule's scope.
``report: first`` gives one finding per unit (at the first hit, for the
lexicon measures), ``each`` one per hit.
Options: the ``Options`` model below.  Message fields: {match}, ``FIELDS``.
"""

from __future__ import annotations

from bisect import bisect_right
from functools import cache

from .lexicon import register, word_hits
from .options import lazy_models

FIELDS = frozenset({"value", "limit", "count", "words", "unit", "speaker"})
__getattr__ = lazy_models(__name__, ("Options",), lambda: _options_models())


@cache
def _options_models() -> dict:
    from typing import Literal

    from pydantic import Field, model_validator

    from ...models import SpeakerKind
    from . import lexicon

    Measure = Literal[tuple(MEASURES)]

    class Options(lexicon.WordsOptions):
        measure: Measure = Field(description="what is counted (see MEASURES)")
        per: Literal["article", "paragraph", "sentence"] = "article"
        max: float | None = Field(None, description="flag a value above this")
        min: float | None = Field(None, description="flag a value below this")
        min_words: int = Field(0, ge=0, description="ignore units with fewer words (quoted words for speaker-share)")
        min_statements: float = Field(
            0, ge=0, le=1, description="speaker-share: the most quoted speaker must also be the source of at least "
            "this share of the article's attribution relations with a source (one long quotation among many "
            "voices is not dominance)")
        speaker_kinds: list[SpeakerKind] = Field(
            default_factory=lambda: ["anonymous"], description="anonymous-quotes: the speaker kinds that count"
        )
        report: Literal["first", "each"] = Field("first", description="lexicon measures: one finding per unit, or "
                                                                       "one per hit")
        named_body_spokespeople: bool = Field(
            True, description="anonymous-quotes: count the spokesperson of a body named before the noun (\"a "
            "Premier League spokesman\"); false: such a spokesperson speaks for the body on the record, as "
            "\"a spokeswoman for Arsenal\" (a person) does")

        @model_validator(mode="after")
        def _a_limit(self):
            if self.max is None and self.min is None:
                raise ValueError("a metric rule needs max or min")
            return self

    return {"Options": Options}


def _over(value: float, opts: dict) -> float | None:
    """The limit crossed, or None."""
    mx, mn = opts.get("max"), opts.get("min")
    if mx is not None and value > mx:
        return mx
    if mn is not None and value < mn:
        return mn
    return None


def _num(v: float):
    return int(v) if float(v).is_integer() else round(v, 2)


def _statement_share(doc, speaker: str) -> float:
    """The share of the document's attribution relations with a source that ``speaker`` is the
    source of (each quotation run and each reported statement counts once)."""
    sourced = [a for a in doc.attributions if a.source is not None]
    if not sourced:
        return 1.0
    return sum(1 for a in sourced if a.speaker == speaker) / len(sourced)


class Kind:
    def __init__(self, engine, slots: list[int]):
        self.engine = engine
        self.slots = slots
        for slot in slots:
            spec = engine.specs[slot]
            if spec.options["words"]:
                register(engine, slot, spec.options["words"], spec.options["inflect"])
        self.jobs = [(slot, engine.specs[slot].options["measure"], engine.specs[slot]) for slot in slots]

    def run(self, ctx) -> None:
        active = ctx.settings.active
        for slot, measure, spec in self.jobs:
            if active[slot]:
                MEASURES[measure](self, ctx, slot, spec)

    def _sentence_words(self, ctx, slot, spec) -> None:
        self._lengths(ctx, slot, spec, ctx.doc.sentences, "sentence")

    def _paragraph_words(self, ctx, slot, spec) -> None:
        self._lengths(ctx, slot, spec, ctx.doc.paragraphs, "paragraph")

    def _lexicon_density(self, ctx, slot, spec) -> None:
        self._lexicon(ctx, slot, spec, density=True)

    def _lexicon_count(self, ctx, slot, spec) -> None:
        self._lexicon(ctx, slot, spec, density=False)

    def _lengths(self, ctx, slot, spec, units, unit: str) -> None:
        if not units:
            return
        opts = spec.options
        view = ctx.view
        mx, mn, min_words = opts.get("max"), opts.get("min"), opts["min_words"]
        if unit == "paragraph":
            counted = enumerate(ctx.paragraph_words())
        else:
            count = view.count
            if mn is None and mx is not None:
                # L characters hold at most (L + 1) // 2 words: a sentence that short cannot
                # exceed the maximum, so it needs no count (no finding either way)
                counted = [(i, count(" ", u.start, u.end) + 1) for i, u in enumerate(units)
                           if (u.end - u.start + 1) // 2 > mx]
            else:
                counted = [(i, count(" ", u.start, u.end) + 1) for i, u in enumerate(units)]
        floor = min_words + 8
        # a unit is judged where it lies; the voice (writer, quoted) does not split a sentence
        region = tuple(sc for sc in spec.scope if sc not in ("writer", "quoted")) or ("all",)
        everywhere = "all" in region
        for i, n in counted:
            # spaces + 1 first (no split); the exact count only when it is near a limit
            if (mx is None or n + 8 < mx) and (mn is None or n > mn + 8) and n >= floor:
                continue
            u = units[i]
            if not (everywhere or ctx.in_scope(region, u.start, u.start + 1)):
                continue
            n = len(view[u.start:u.end].split())
            if n < min_words:
                continue
            limit = _over(n, opts)
            if limit is not None:
                ctx.add(slot, u.start, u.end, {"value": n, "limit": _num(limit), "count": n, "words": n,
                                               "unit": unit})

    def _share(self, ctx, slot, spec) -> None:
        opts = spec.options
        speakers = [sp for sp in ctx.doc.speakers if sp.quoted_words > 0]
        if len(speakers) < 2:
            return
        total = sum(sp.quoted_words for sp in speakers)
        if total < opts["min_words"] or total == 0:
            return
        top = max(speakers, key=lambda sp: sp.quoted_words)
        share = top.quoted_words / total
        limit = _over(share, opts)
        if limit is None:
            return
        if opts.get("min_statements") and _statement_share(ctx.doc, top.id) < opts["min_statements"]:
            return
        first = next((q for q in ctx.doc.quotes if q.speaker is not None and q.speaker.speaker == top.id), None)
        if first is None:
            return
        ctx.add(slot, first.open_start, first.close_end,
                {"value": f"{share:.0%}", "limit": f"{limit:.0%}", "count": top.quoted_words, "words": total,
                 "unit": "article", "speaker": top.label},
                speaker=top.id, quote=first.id)

    def _anonymous(self, ctx, slot, spec) -> None:
        opts = spec.options
        kinds = set(opts["speaker_kinds"])
        spokespeople = opts.get("named_body_spokespeople", True)
        by_id = ctx.speakers
        found = []
        for q in ctx.doc.quotes:
            if q.parent is not None or q.continues or q.speaker is None or q.kind in ("title", "term"):
                continue  # (a title or a name in marks, "the so-called "Blair Babes"", is no one's words)
            sp = by_id.get(q.speaker.speaker or "")
            if sp is not None and sp.kind in kinds and ctx.in_scope(spec.scope, q.open_start, q.close_end) \
                    and (spokespeople or not _body_spokesperson(sp.name)):
                found.append((q, sp))
        limit = _over(len(found), opts)
        if limit is None or not found:
            return
        targets = found if opts.get("report") == "each" else found[:1]
        for q, sp in targets:
            ctx.add(slot, q.open_start, q.close_end,
                    {"value": len(found), "limit": _num(limit), "count": len(found), "unit": "article"},
                    quote=q.id, speaker=sp.id)

    def _lexicon(self, ctx, slot, spec, density: bool) -> None:
        opts = spec.options
        hits = list(word_hits(ctx, slot, spec, opts["words"]))
        if not hits and opts.get("min") is None:
            return
        per = opts.get("per", "article")
        doc = ctx.doc
        if per == "article":
            units = [(doc.paragraphs[0].start if doc.paragraphs else 0,
                      doc.paragraphs[-1].end if doc.paragraphs else len(ctx.view), sum(ctx.paragraph_words()))]
        elif per == "paragraph":
            pw = ctx.paragraph_words()
            units = [(p.start, p.end, pw[i]) for i, p in enumerate(doc.paragraphs)]
        else:
            units = [(s.start, s.end, ctx.view.count(" ", s.start, s.end) + 1) for s in doc.sentences]
        starts = [u[0] for u in units]
        per_unit: dict[int, list] = {}
        for h in hits:
            i = bisect_right(starts, h[0]) - 1
            if i >= 0 and h[0] < units[i][1]:
                per_unit.setdefault(i, []).append(h)
        check = range(len(units)) if opts.get("min") is not None else sorted(per_unit)
        for i in check:
            s, e, words = units[i]
            if words < max(1, opts["min_words"]):
                continue
            uh = per_unit.get(i, [])
            value = len(uh) * 100.0 / words if density else len(uh)
            limit = _over(value, opts)
            if limit is None:
                continue
            fields = {"value": _num(round(value, 1)), "limit": _num(limit), "count": len(uh), "words": words,
                      "unit": per}
            if not uh:
                ctx.add(slot, s, e, fields)
                continue
            for hs, he, _, _ in (uh if opts.get("report") == "each" else uh[:1]):
                ctx.add(slot, hs, he, fields)


def _body_spokesperson(name: str) -> bool:
    """"a Premier League spokesman", "the Arsenal spokeswoman": a spokesperson noun after an
    article and a capitalised name of the body they speak for (whose inner words may be the
    lower-case joins of a proper name: "a Department for Transport spokesman")."""
    words = name.split()
    return (len(words) >= 3 and words[0].lower() in ("a", "an", "the") and words[-1].lower().startswith("spokes")
            and words[1][:1].isupper() and words[-2][:1].isupper()
            and all(w[:1].isupper() or w in _NAME_JOINS for w in words[2:-2]))


#: closed-class words a proper name holds in lower case ("Department for Transport", "Food and Drug Administration")
_NAME_JOINS = frozenset({"for", "of", "and", "the", "on", "&"})


#: ``measure:`` in a rule file -> the method of ``Kind`` that measures it
MEASURES = {
    "sentence-words": Kind._sentence_words,
    "paragraph-words": Kind._paragraph_words,
    "speaker-share": Kind._share,
    "anonymous-quotes": Kind._anonymous,
    "lexicon-density": Kind._lexicon_density,
    "lexicon-count": Kind._lexicon_count,
}
