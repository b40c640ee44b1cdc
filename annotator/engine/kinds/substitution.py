"""substitution: a lexicon whose entries each carry a ``replacement``.

The replacement is inflected like the word it replaces ("claimed" ->
"said") and capitalised like it; with ``fix: true`` it is also offered as a
mechanical fix.  Options: the ``Options`` model below.  Message fields: {match}, ``FIELDS``.
"""

from __future__ import annotations

from functools import cache

from ..inflect import like_table
from .lexicon import drop_contained, register, word_hits
from .options import lazy_models

FIELDS = frozenset({"word", "note", "replacement"})
__getattr__ = lazy_models(__name__, ("Options",), lambda: _options_models())


@cache
def _options_models() -> dict:
    from ...models import FixMode
    from . import lexicon

    class Options(lexicon.WordsOptions):
        """Every entry has a ``replacement`` (checked when the rule's lexicons are read)."""

        fix: FixMode = False

    return {"Options": Options}


def match_case(replacement: str, original: str) -> str:
    if original.isupper() and len(original) > 1:
        return replacement.upper()
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


class Kind:
    def __init__(self, engine, slots: list[int]):
        self.engine = engine
        self.slots = slots
        #: slot -> per entry, the replacement inflected like each key of a hit (built with the engine)
        self.inflected: dict[int, list[dict[str, str]]] = {}
        for slot in slots:
            spec = engine.specs[slot]
            register(engine, slot, spec.options["words"], spec.options["inflect"])
            self.inflected[slot] = [like_table(e["replacement"], e.get("inflect") or spec.options["inflect"])
                                    for e in spec.options["words"]]

    def run(self, ctx) -> None:
        active = ctx.settings.active
        for slot in self.slots:
            if not active[slot]:
                continue
            spec = self.engine.specs[slot]
            entries = spec.options["words"]
            inflected = self.inflected[slot]
            fix = spec.options.get("fix")
            start = len(ctx.findings)
            for s, e, entry, key, idx in word_hits(ctx, slot, spec, entries, with_index=True):
                rep = entry["replacement"]
                if key != "base":
                    rep = inflected[idx].get(key, rep)
                rep = match_case(rep, ctx.word_text(s, e))
                ctx.add(slot, s, e, {"word": entry["word"].replace("{", "").replace("}", ""),
                                     "replacement": rep, "note": entry.get("note", "")},
                        confidence=entry.get("confidence"),
                        suggestion=None if spec.suggestion else f'use "{rep}"',
                        fix=[(s, e, rep)] if fix else None)
            if len(ctx.findings) - start > 1:
                ctx.findings[start:] = drop_contained(ctx.findings[start:])
