"""consistency: one article must not mix variants.

``variants``:
  quotes       straight (" ') against curly (“ ” ‘ ’) quotation marks, from ``doc.marks``;
  apostrophes  straight (') against curly (’) apostrophes;
  spelling     variant groups (``groups``, or ``lexicon`` naming a file with ``groups``),
               each variant inflected by ``inflect``;
  names        one person's name written two ways (Zelensky / Zelenskyy, Tokayev /
               Tokaev, Kassym-Jomart / Kassym Jomart), from the speakers and the
               capitalised words of the article.
For spelling and names the finding points at each minority occurrence; for
quotes and apostrophes there is one finding per article, at the first minority
occurrence, naming how many there are and where ({occurrences}, {places}: "line
4, line 9 and 2 more"), with the fix of every one of them.  Quotes, apostrophes
and spelling carry a fix to the dominant variant (``fix: false`` to leave
it out; ``prefer: curly|straight`` imposes a house style instead of the
majority; the configuration's ``quote_style`` / ``apostrophe_style`` override
both).  Options: the ``Options`` model below.  Message fields: {match}, ``FIELDS``
({where} is "as the house style" when configuration sets it, else "in most of the article";
{occurrences} and {places} are for quotes and apostrophes).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from itertools import groupby

from ...lazyre import lazy
from ..inflect import forms as inflected_forms
from ..inflect import like_table
from .options import lazy_models
from .substitution import match_case

FIELDS = frozenset({"variant", "dominant", "count", "total", "where", "occurrences", "places"})
__getattr__ = lazy_models(__name__, ("Options",), lambda: _options_models())


@cache
def _options_models() -> dict:
    from typing import Literal

    from pydantic import Field, ValidationInfo, field_validator, model_validator

    from ...models import FixMode, Inflect, KindOptions

    Variants = Literal[tuple(VARIANTS)]

    class Options(KindOptions):
        variants: Variants
        groups: list[list[str]] = Field(default_factory=list, description="spelling variant groups (variants: spelling)")
        lexicon: str | list[str] | None = Field(None, description="rules/lexicons/<name>.yaml holding `groups`")
        inflect: Inflect = "none"
        prefer: Literal["majority", "curly", "straight"] = Field(
            "majority", description="quotes and apostrophes: the style to keep (majority: the article's dominant one)"
        )
        fix: FixMode | None = Field(
            None, description="the fix to the dominant variant: default true (applied by --fix) for quotes and "
                              "apostrophes, suggest for spelling; names have none"
        )

        @field_validator("fix")
        @classmethod
        def _names_have_no_fix(cls, fix, info: ValidationInfo):
            if fix and info.data.get("variants") == "names":
                raise ValueError("variants: names has no fix (which spelling of a name is right is not "
                                 "mechanical); remove fix")
            return fix

        @model_validator(mode="after")
        def _default_fix(self):
            if self.fix is None:
                self.fix = {"quotes": True, "apostrophes": True, "spelling": "suggest"}.get(self.variants, False)
            return self

    return {"Options": Options}

_STRAIGHT = frozenset("\"'")
_CURLY = frozenset("“”‘’")
_DOUBLE = frozenset('"“”')
_OPEN_BEFORE = frozenset(" \t\r\n\u00a0([{—–-/")
_QUOTE_CHARS = _STRAIGHT | _CURLY
_VOWEL_I = re.compile(r"(?<=[aeou])i(?=[aeou])")
_NOT_AZ = re.compile(r"[^a-z]+")


@lru_cache(maxsize=1024)
def _initial_words(initial: str):
    """Words of four or more letters starting with this capital."""
    # no look-behind and a literal first: the scan skips from one capital to the next in C
    # (a class of several initials is ~4x slower on Python's re than one pattern per initial)
    return re.compile(re.escape(initial) + r"[^\W\d_]{3,}(?:-[^\W\d_]+)*")


def _is_word(c: str) -> bool:
    """A word character as the regex ``\\w`` has it."""
    return c.isalnum() or c == "_"


def _standalone(view: str, words) -> dict[str, list[tuple[int, int]]]:
    """{word: its spans standing alone in ``view``} for words that are matches of
    ``_initial_words`` (a capital, three or more letters, hyphenated parts): what
    ``re.finditer(r"(?<![\\w’'-])" + re.escape(w) + r"(?![\\w-]|['’](?!s\\b))", view)``
    finds for each (not inside a word or a hyphenated compound; a possessive 's
    may follow).  One pass per initial, whatever the number of words: a word
    standing alone is always a whole match of its initial's pattern (the
    pattern consumes only letters and hyphens, which cannot stand before such
    a word, and stops where the word does), so the matches in ``words`` that
    stand alone are the spans.  (A str.find loop per word made an article with
    thousands of names spelt two ways quadratic.)"""
    out: dict[str, list[tuple[int, int]]] = {}
    for c in sorted({w[0] for w in words}):
        for m in _initial_words(c).finditer(view):
            w = m.group()
            if w in words:
                s, e = m.span()
                if _alone(view, s, e):
                    out.setdefault(w, []).append((s, e))
    return out


def _alone(view: str, i: int, j: int) -> bool:
    if i > 0:
        c = view[i - 1]
        if _is_word(c) or c in "’'-":
            return False
    if j < len(view):
        c = view[j]
        if _is_word(c) or c == "-":
            return False
        if c in "'’":
            # only a possessive: 's with a word boundary after it
            return view[j + 1:j + 2] == "s" and (j + 2 >= len(view) or not _is_word(view[j + 2]))
    return True


MAX_PLACES = 5  # lines named in a message; the rest are counted


def _places(ctx, starts: list[int]) -> str:
    """'line 4', 'lines 4, 9 and 12', 'lines 4, 9, 12, 15, 20 and 3 more'."""
    lines = []
    seen = set()  # (a list's `in` made an article of many such marks quadratic)
    for s in starts:
        ln = ctx.doc.position(s)[0]
        if ln not in seen:
            seen.add(ln)
            lines.append(ln)
    shown = [str(n) for n in lines[:MAX_PLACES]]
    rest = len(lines) - len(shown)
    if rest:
        return f"lines {', '.join(shown)} and {rest} more"
    if len(shown) == 1:
        return f"line {shown[0]}"
    return f"lines {', '.join(shown[:-1])} and {shown[-1]}"


def _unsuppressed(ctx, rule: str, marks: list) -> list:
    """The marks not covered by a suppression comment for ``rule``: the findings of the
    style rules are one per article, so a suppressed mark is left out here (not fixed,
    not counted), where the engine would drop a finding of its own."""
    doc = ctx.doc
    if not (doc.comments or doc.metadata):
        return marks
    from ..suppress import parse

    sup = parse(doc)
    if sup is None:
        return marks
    return [m for m in marks if not sup.covers(rule, m.start)]


def _style(ch: str) -> str:
    return "straight" if ch in _STRAIGHT else "curly"


def _convert(ch: str, role: str, to: str, prev: str) -> str:
    double = ch in _DOUBLE
    if to == "straight":
        return '"' if double else "'"
    if role == "open" or (role != "close" and (prev in _OPEN_BEFORE or prev == "")):
        return "“" if double else "‘"
    return "”" if double else "’"


def _where(ctx, what: str, dom: str) -> str:
    """Why the dominant style is expected: the house style, or the article's own."""
    house = ctx.settings.styles.get(what)
    if house in ("curly", "straight") and house == dom:
        return "as the house style"
    return "in most of the article"


def _mixed(marks, prefer: str) -> tuple[str, dict[str, int]] | None:
    """The style the marks should be in and the count of each style, or None
    when there is nothing to report: one style only, and that style is the
    preferred one (or the preference is the article's majority)."""
    counts = {"straight": 0, "curly": 0}
    order = []
    for m in marks:
        st = _style(m.char)
        counts[st] += 1
        if st not in order:
            order.append(st)
    if (not counts["straight"] or not counts["curly"]) and (prefer == "majority" or order[0] == prefer):
        return None
    return _dominant(counts, order, prefer), counts


def _dominant(counts: dict[str, int], order: list[str], prefer: str) -> str:
    if prefer in ("curly", "straight"):
        return prefer
    best = max(counts.values())
    for s in order:  # a tie goes to the style seen first
        if counts[s] == best:
            return s
    return order[0]


def _proper(ctx, view: str, s: int) -> bool:
    """A capitalised word that does not open a sentence or block: a name (Honor Blackman, Kennedy Center)."""
    if not view[s:s + 1].isupper():
        return False
    b = ctx.block_at(s)
    i = s - 1
    floor = b.start if b is not None else 0
    while i >= floor and view[i] in " \t\u00a0\"'“‘(":
        i -= 1
    return i >= floor and view[i] not in ".!?:;—–-\n"


# (caches across articles kept small: a long run's memory must level off, and a
# name recurs mostly within its own article)
@lru_cache(maxsize=1024)
def _name_parts(name: str):
    """(skeleton of the whole name or None, ((skeleton, word), ...) of its capitalised words of
    four or more letters) of one speaker's name, worked out once per name."""
    words = name.split()
    # proper names only: "the prime minister" and "The Prime Minister" are not spellings
    proper = bool(words) and all(w[:1].isupper() and w[:1].isalpha() for w in words) and words[0] != "The"
    return (_skeleton(name) if proper else None,
            tuple((_skeleton(w), w) for w in words if len(w) >= 4 and w[:1].isupper()))


_SKELETON_LETTERS = frozenset("abcdefghklmnopqrstuvwxz")  # a-z but i, j and y (they become i)


def _coarse(word: str) -> frozenset:
    """For an ASCII word, ``frozenset(_skeleton(word)) - {"i"}`` without working the skeleton out:
    the skeleton of an ASCII word is its letters in lower case with y and j made i, some i
    dropped and doubled letters made single, so its set of letters other than i is the
    word's set of letters other than i, j and y."""
    return _SKELETON_LETTERS.intersection(word.lower())


@lru_cache(maxsize=4096)
def _skeleton(name: str) -> str:
    """Spelling-insensitive key of a name: Zelenskyy, Zelenskiy, Zelensky -> zelenski."""
    if name.isascii():
        s = name.lower()
        if not s.isalpha():
            s = _NOT_AZ.sub("", s)
    else:
        s = unicodedata.normalize("NFKD", name)
        s = "".join(c for c in s if c.isalpha() and not unicodedata.combining(c)).lower()
    s = s.replace("y", "i").replace("j", "i")
    if "i" in s:
        s = _VOWEL_I.sub("", s)  # Tokayev / Tokaev
    return _single_letters(s)


def _single_letters(s: str) -> str:
    """Doubled letters made single (Zelenskyy -> zelenskiy): groupby, not a regex with a
    template (~1.5 us of the ~6 us of a skeleton)."""
    return "".join([c for c, _ in groupby(s)])


def _variant_forms(group: list[str], how: str):
    """(variant index, (key, form)) for every form of every variant of a spelling group. The
    inflector gives a verb its forms in both spellings (fulfil: fulfils and fulfills), so a form
    made from several variants is counted for the one whose spelling it keeps: a variant it
    begins with whole, the longest such (fulfils: fulfil; fulfills, fulfilled: fulfill), else
    the one it shares the longest beginning with; on a tie, for none."""
    made = [inflected_forms(v, how) for v in group]
    owners: dict[str, set[int]] = {}
    for vi, fs in enumerate(made):
        for _, f in fs:
            owners.setdefault(f.lower(), set()).add(vi)

    def prefix(a: str, b: str) -> int:
        n = 0
        for x, y in zip(a, b):
            if x != y:
                break
            n += 1
        return n

    out = []
    for vi, fs in enumerate(made):
        for key, f in fs:
            who = owners[f.lower()]
            if len(who) > 1:
                best = {w: (f.lower().startswith(group[w].lower()), prefix(f.lower(), group[w].lower()))
                        for w in who}
                top = max(best.values())
                winners = [w for w, n in best.items() if n == top]
                if winners != [vi]:
                    continue
            out.append((vi, (key, f)))
    return out


class Kind:
    def __init__(self, engine, slots: list[int]):
        self.engine = engine
        self.slots = slots
        self.entries: dict[int, list[dict]] = {}
        #: slot -> variant -> that variant inflected like each key of a hit (built with the engine)
        self.inflected: dict[int, dict[str, dict[str, str]]] = {}
        for slot in slots:
            spec = engine.specs[slot]
            if spec.options["variants"] == "spelling":
                entries = []
                how = spec.options["inflect"]
                for gi, group in enumerate(spec.options["groups"]):
                    for vi, (key, form) in _variant_forms(group, how):
                        if vi is not None:
                            engine.matcher.add(form, (slot, len(entries) + vi, key))
                    entries.extend({"word": v, "group": gi, "variant": vi} for vi, v in enumerate(group))
                self.entries[slot] = entries
                self.inflected[slot] = {v: like_table(v, how) for group in spec.options["groups"] for v in group} \
                    if how != "none" else {}
        self.jobs = [(slot, engine.specs[slot].options["variants"], engine.specs[slot]) for slot in slots]

    def run(self, ctx) -> None:
        active = ctx.settings.active
        for slot, variants, spec in self.jobs:
            if active[slot]:
                VARIANTS[variants](self, ctx, slot, spec)

    # -- quotation marks -------------------------------------------------------------
    def _quotes(self, ctx, slot, spec) -> None:
        if "all" in spec.scope:
            marks = [m for m in ctx.doc.marks if m.role != "apostrophe" and m.char in _QUOTE_CHARS]
        else:
            marks = [m for m in ctx.doc.marks if m.role != "apostrophe" and m.char in _QUOTE_CHARS
                     and ctx.in_scope(spec.scope, m.start, m.end)]
        if len(marks) < 2:
            return
        found = _mixed(marks, ctx.settings.styles.get("quotes") or spec.options["prefer"])
        if found is None:
            return
        dom, counts = found
        minority = "curly" if dom == "straight" else "straight"
        total = counts["straight"] + counts["curly"]
        # a pair of marks is one occurrence (a mark is found by where it ends: a closing
        # character reference, &rdquo;, is longer than one character)
        closing = {q.open_start: q.close_end for q in ctx.doc.quotes if q.close_end > q.end}
        by_start = {m.start: m for m in marks}
        by_end = {m.end: m for m in marks}
        # the opening mark (among these) of the first quotation closing at each offset
        opening: dict[int, int] = {}
        for q in ctx.doc.quotes:
            if q.open_start in by_start:
                opening.setdefault(q.close_end, q.open_start)
        done = set()
        view = ctx.view
        groups = []  # (first mark, last mark, fix edits) of each minority occurrence
        for m in marks:
            if m.start in done or _style(m.char) == dom:
                continue
            group = [m]
            if m.role == "open" and m.start in closing and closing[m.start] in by_end:
                group.append(by_end[closing[m.start]])
            elif m.end in opening:  # the closing mark of a pair whose opening mark is dominant
                group.insert(0, by_start[opening[m.end]])
            fix = []
            for g in group:
                done.add(g.start)
                # a stray single mark is reported, not restyled: whether it is an
                # apostrophe is guessed from its style and its neighbours, so a
                # restyled one could read as an apostrophe on the next check, and
                # the next --fix restyle it again
                if _style(g.char) != dom and not (g.role == "unbalanced" and g.char not in _DOUBLE):
                    prev = view[g.start - 1] if g.start > 0 else ""
                    s, e = ctx.source_extent(g.start)
                    fix.append((s, e, _convert(g.char, g.role, dom, prev)))
            groups.append((group[0], group[-1], fix))
        kept = {m.start for m in _unsuppressed(ctx, spec.id, [g[0] for g in groups])}
        groups = [g for g in groups if g[0].start in kept]
        if not groups:
            return
        fix = [edit for g in groups for edit in g[2]]
        start, end = groups[0][0].start, groups[0][1].end
        ctx.add(slot, start, end, {"variant": minority, "dominant": dom, "count": counts[minority],
                                   "total": total, "where": _where(ctx, "quotes", dom),
                                   "occurrences": len(groups), "places": _places(ctx, [g[0].start for g in groups])},
                fix=fix if fix and spec.options.get("fix") else None,
                suggestion=None if spec.suggestion else f"use {dom} quotation marks")

    # -- apostrophes ---------------------------------------------------------------------
    def _apostrophes(self, ctx, slot, spec) -> None:
        everywhere = "all" in spec.scope
        marks = [m for m in ctx.doc.marks if m.role == "apostrophe" and m.char in "'’"
                 and (everywhere or ctx.in_scope(spec.scope, m.start, m.end))]
        if not marks:
            return
        found = _mixed(marks, ctx.settings.styles.get("apostrophes") or spec.options["prefer"])
        if found is None:
            return
        dom, counts = found
        minority = "curly" if dom == "straight" else "straight"
        ch = "'" if dom == "straight" else "’"
        strays = _unsuppressed(ctx, spec.id, [m for m in marks if _style(m.char) != dom])
        if not strays:
            return
        fix = [(*ctx.source_extent(m.start), ch) for m in strays]
        ctx.add(slot, strays[0].start, strays[0].end,
                {"variant": minority, "dominant": dom, "count": counts[minority], "total": len(marks),
                 "where": _where(ctx, "apostrophes", dom), "occurrences": len(strays),
                 "places": _places(ctx, [m.start for m in strays])},
                fix=fix if spec.options.get("fix") else None,
                suggestion=None if spec.suggestion else f"use the {dom} apostrophe ({ch})")

    # -- spelling variants -------------------------------------------------------------------
    def _spelling(self, ctx, slot, spec) -> None:
        hits = ctx.hits.get(slot)
        if not hits:
            return
        entries = self.entries[slot]
        groups: dict[int, list] = {}
        view = ctx.view
        everywhere = "all" in spec.scope
        for s, e, idx, key in hits:
            if not (everywhere or ctx.in_scope(spec.scope, s, e)) or _proper(ctx, view, s):
                continue
            ent = entries[idx]
            groups.setdefault(ent["group"], []).append((s, e, ent["variant"], key))
        how = spec.options["inflect"]
        for gi, occ in groups.items():
            counts: dict[int, int] = {}
            order = []
            for _, _, vi, _ in occ:
                counts[vi] = counts.get(vi, 0) + 1
                if vi not in order:
                    order.append(vi)
            if len(counts) < 2:
                continue
            best = max(counts.values())
            dom = next(vi for vi in order if counts[vi] == best)
            variants = spec.options["groups"][gi]
            for s, e, vi, key in occ:
                if vi == dom:
                    continue
                rep = self.inflected[slot].get(variants[dom], {}).get(key, variants[dom])
                rep = match_case(rep, ctx.view[s:e])
                ctx.add(slot, s, e, {"variant": variants[vi], "dominant": variants[dom], "count": counts[vi],
                                     "total": len(occ)},
                        fix=[(s, e, rep)] if spec.options.get("fix") else None,
                        suggestion=None if spec.suggestion else f'use "{rep}" as elsewhere in the article')

    # -- names ---------------------------------------------------------------------------------
    def _names(self, ctx, slot, spec) -> None:
        doc = ctx.doc
        people = [sp for sp in doc.speakers if sp.kind == "person"]
        if not people:
            return
        view = ctx.view
        # full names of speakers written two ways ("Kassym-Jomart Tokayev" / "Kassym Jomart Tokayev")
        by_skel: dict[str, list] = {}
        parts = [_name_parts(sp.name) for sp in people]
        for sp, (skeleton, _) in zip(people, parts):
            if skeleton is not None:
                by_skel.setdefault(skeleton, []).append(sp)
        for group in by_skel.values():
            if len(group) < 2 or len({sp.name.lower() for sp in group}) < 2:
                continue
            group.sort(key=lambda sp: (-len(sp.mentions), sp.mentions[0].start if sp.mentions else 0))
            dom = group[0]
            total = sum(len(sp.mentions) for sp in group)
            for sp in group[1:]:
                for m in sp.mentions:
                    if _handle(view, m.start):
                        continue
                    if ctx.in_scope(spec.scope, m.start, m.end):
                        ctx.add(slot, m.start, m.end, {"variant": sp.name, "dominant": dom.name,
                                                       "count": len(sp.mentions), "total": total},
                                speaker=sp.id, suggestion=None if spec.suggestion else f'"{dom.name}"')
        # single words of a name against the article's capitalised words (Zelensky / Zelenskyy)
        name_words = {}
        for _, words in parts:
            for k, w in words:
                name_words.setdefault(k, set()).add(w)
        if not name_words:
            return
        occurrences: dict[str, dict[str, list]] = {}
        initials = sorted({w[0] for ws in name_words.values() for w in ws})
        # candidate words by their first letter (the scan runs in C); positions only for those.
        # (a match may start inside a word, McCain -> Cain: it is not counted below, where the
        # word must stand alone; and no match can run into a word that stands alone)
        found = {}
        for c in initials:
            found.update(dict.fromkeys(_initial_words(c).findall(view)))
        groups: dict[str, dict] = {}  # skeleton -> words (ordered: the same findings order every run)
        # the letters of a skeleton other than i, of each name word: an ASCII word whose own letters
        # (other than i, j, y) are not among these cannot have one of those skeletons (_coarse)
        coarse = {frozenset(k).difference("i") for k in name_words}
        for w in found:
            if w.isascii() and _coarse(w) not in coarse:
                continue
            k = _skeleton(w)
            if k in name_words:
                groups.setdefault(k, {})[w] = None
        cands = [(k, w) for k, ws in groups.items() if len(ws) > 1 for w in ws]
        spans_of = _standalone(view, {w for _, w in cands})
        for k, w in cands:
            for span in spans_of.get(w, ()):
                occurrences.setdefault(k, {}).setdefault(w, []).append(span)
        for k, forms in occurrences.items():
            if len(forms) < 2:
                continue
            ranked = sorted(forms.items(), key=lambda kv: (-len(kv[1]), kv[1][0][0]))
            dom = ranked[0][0]
            total = sum(len(v) for v in forms.values())
            for w, spans in ranked[1:]:
                for s, e in spans:
                    if _another_name(view, e, dom) or _handle(view, s):
                        continue
                    if ctx.in_scope(spec.scope, s, e):
                        ctx.add(slot, s, e, {"variant": w, "dominant": dom, "count": len(spans), "total": total},
                                suggestion=None if spec.suggestion else f'"{dom}"')


def _handle(view: str, start: int) -> bool:
    """The word at ``start`` is a social-media handle or hashtag ("@BernieSanders",
    "#JebBush"): an account's name, not a spelling of the person's."""
    return start > 0 and view[start - 1] in "@#＠"


_NEXT_NAME_WORD = lazy(r"[ \u00a0]+([A-Z][\w’'-]+)")


def _another_name(view: str, end: int, dominant: str) -> bool:
    """The word ending at ``end`` is the first part of a name the article never writes with the
    dominant form: "Michele Bachmann" beside "Michelle Obama" is another person, not a spelling."""
    m = _NEXT_NAME_WORD.match(view, end)
    return m is not None and f"{dominant} {m.group(1)}" not in view


#: ``variants:`` in a rule file -> the method of ``Kind`` that checks it
VARIANTS = {
    "quotes": Kind._quotes,
    "apostrophes": Kind._apostrophes,
    "spelling": Kind._spelling,
    "names": Kind._names,
}
