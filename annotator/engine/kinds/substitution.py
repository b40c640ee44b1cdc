"""substitution: a lexicon whose entries each carry a ``replacement``.

The replacement is inflected like the word it replaces ("claimed" ->
"said") and capitalised like it; with ``fix: true`` it is also offered as a
mechanical fix.  Message fields: {match}, {word}, {replacement}, {note}.
"""

from __future__ import annotations

from ..inflect import inflect_like
from .lexicon import drop_contained, register, word_hits


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
        for slot in slots:
            spec = engine.specs[slot]
            register(engine, slot, spec.options["words"], spec.options.get("inflect", "none"))

    def run(self, ctx) -> None:
        active = ctx.settings.active
        for slot in self.slots:
            if not active[slot]:
                continue
            spec = self.engine.specs[slot]
            entries = spec.options["words"]
            default = spec.options.get("inflect", "none")
            fix = spec.options.get("fix")
            start = len(ctx.findings)
            for s, e, entry, key in word_hits(ctx, slot, spec, entries):
                how = entry.get("inflect") or default
                rep = entry["replacement"]
                if key != "base":
                    how = "verb" if how == "none" and key in ("s", "ed", "en", "ing") else how
                    rep = inflect_like(rep, key, how) if how != "none" else rep
                rep = match_case(rep, ctx.word_text(s, e))
                ctx.add(slot, s, e, {"word": entry["word"].replace("{", "").replace("}", ""),
                                     "replacement": rep, "note": entry.get("note", "")},
                        confidence=entry.get("confidence"),
                        suggestion=None if spec.suggestion else f'use "{rep}"',
                        fix=[(s, e, rep)] if fix else None)
            if len(ctx.findings) - start > 1:
                ctx.findings[start:] = drop_contained(ctx.findings[start:])
