"""pattern: RE2 regular expressions from rule files.

Patterns run on RE2 (linear time, no backtracking): a pattern that RE2
cannot compile (look-around, backreferences) is refused when the rule file
is loaded.  Per article one RE2 set search tells which patterns match at
all; only those are then iterated.

Options: the ``Options`` model below.  Message fields: {match}, ``FIELDS``.
"""

from __future__ import annotations

import re
import time
from bisect import bisect_left
from functools import cache
from itertools import accumulate

import re2

from ...lazyre import lazy
from .options import lazy_models

FIELDS = frozenset({"replacement"})
__getattr__ = lazy_models(__name__, ("Options",), lambda: _options_models())


@cache
def _options_models() -> dict:
    from pydantic import Field, ValidationInfo, field_validator

    from ...models import FixMode, KindOptions

    class Options(KindOptions):
        pattern: str | list[str] = Field(description="RE2 regular expression(s); Python-only syntax is refused")
        case_sensitive: bool = True
        group: int | str = Field(0, description="the group whose span is reported")
        replace: str | None = Field(None, description=r"replacement template (\1, \g<name>) for the suggestion and fix")
        fix: FixMode = False
        skip_cues: bool = Field(False, description="skip a match that is the reporting verb of a quotation")
        not_before: list[str] = Field(default_factory=list, description="skip a match whose reported span is "
                                      "followed by one of these words (\"popular with\": the audience is named)")
        not_reported_by: list[str] = Field(
            default_factory=list, description="skip a match in what a relation reports whose cue has one of these "
            "lemmas (\"accuse\": in \"Dr Ash accused the minister of telling lies\" the word is the named "
            "accuser's charge)")

        @field_validator("fix")
        @classmethod
        def _fix_needs_replace(cls, fix, info: ValidationInfo):
            if fix and info.data.get("replace") is None:
                raise ValueError("a pattern rule needs replace (the text a match is replaced with) to have a fix")
            return fix

    return {"Options": Options}

_UNANCHORED = re2._Anchor.UNANCHORED  # noqa: SLF001
#: seconds one pattern rule may spend on one article
TIME_BUDGET = 2.0
_TEMPLATE = lazy(r"\\(\d+)|\\g<(\w+)>")


def out_of_budget(ctx, slot: int, spec, deadline: float) -> bool:
    """Whether a pattern rule must stop iterating over its matches: past its
    deadline (with a warning) or at its cap of findings."""
    if time.perf_counter() > deadline:
        ctx.warn(f"{ctx.doc.path}: rule {spec.id}: stopped after {TIME_BUDGET:g} s on this article "
                 "(its pattern is too slow here); findings up to there are reported")
        return True
    return ctx.capped(slot)


#: characters read after a match for the word right after it
WORD_AFTER_CHARS = 30


def _word_after(view: str, end: int) -> str:
    """The word right after ``end`` past spaces only (no punctuation between: "popular with
    fans", not "a success, with the second series"), lower-cased."""
    rest = view[end:end + WORD_AFTER_CHARS]
    stripped = rest.lstrip(" \t\u00a0")
    if len(stripped) == len(rest):
        return ""
    k = 0
    while k < len(stripped) and stripped[k].isalpha():
        k += 1
    return stripped[:k].lower()


def after_empty(data: bytes, pos: int) -> int:
    """Where to search next after an empty match at byte ``pos`` of UTF-8
    ``data``: the start of the next character (not the next byte, which may
    be inside a character: no offset may fall there)."""
    pos += 1
    n = len(data)
    while pos < n and data[pos] & 0xC0 == 0x80:
        pos += 1
    return pos


#: RE2's \C matches one byte, so a match could start or end inside a character
_ANY_BYTE = re.compile(r"(?<!\\)(?:\\\\)*\\C")


def compile_pattern(pattern: str, case_sensitive: bool = True):
    """A compiled RE2 pattern; raises ValueError with RE2's message."""
    if _ANY_BYTE.search(pattern):
        raise ValueError("\\C (any byte) is not allowed: a match could end inside a character; use . instead")
    opts = re2.Options()
    opts.case_sensitive = case_sensitive
    opts.log_errors = False
    try:
        return re2.compile(pattern, opts)
    except re2.error as e:
        msg = e.args[0] if e.args else str(e)
        if isinstance(msg, bytes):
            msg = msg.decode("utf-8", "replace")
        raise ValueError(f"not a valid RE2 pattern ({msg}); RE2 has no look-around or backreferences") from None


def patterns_of(spec) -> list[str]:
    p = spec.options["pattern"]
    return [p] if isinstance(p, str) else list(p)


def expand(template: str, groups: list[str | None], names: dict[str, int]) -> str:
    def sub(m):
        if m.group(1) is not None:
            i = int(m.group(1))
        else:
            i = names.get(m.group(2), -1)
        return (groups[i] or "") if 0 <= i < len(groups) else ""

    return _TEMPLATE.sub(sub, template)


class _Spans:
    """Spans (start, end) to test a stretch against by bisection: a test of every
    quotation's cue per match made an article with many of both quadratic."""

    __slots__ = ("starts", "ends")

    def __init__(self, spans):
        spans = sorted(spans)
        self.starts = [s for s, _ in spans]
        self.ends = list(accumulate((e for _, e in spans), max))  # the furthest end so far

    def overlaps(self, start: int, end: int) -> bool:
        """Whether a span overlaps start..end: of the spans starting before ``end``, the
        one reaching furthest ends after ``start``."""
        i = bisect_left(self.starts, end)
        return i > 0 and self.ends[i - 1] > start


def _reported_by(doc, lemmas):
    """The content spans of the relations whose cue has one of ``lemmas`` (None when none)."""
    if not lemmas:
        return None
    spans = [(c.start, c.end) for a in getattr(doc, "attributions", None) or ()
             if a.cue is not None and a.cue.lemma in lemmas for c in a.content]
    return _Spans(sorted(spans)) if spans else None


class Kind:
    def __init__(self, engine, slots: list[int]):
        self.engine = engine
        self.entries = []  # (slot, compiled (None until first needed after a cache load), group index, probe id)
        self.sources: list[tuple[str, bool]] = []  # (pattern, case sensitive) of each entry
        for slot in slots:
            spec = engine.specs[slot]
            case = spec.options["case_sensitive"]
            for p in patterns_of(spec):
                rx = compile_pattern(p, case)
                g = spec.options["group"]
                gi = rx.groupindex.get(g, 0) if isinstance(g, str) else int(g)
                # one RE2 set pass per article (shared with other kinds' probes) tells which patterns match
                probe = engine.probes.add(rx.pattern if case else "(?i:" + rx.pattern + ")")
                self.entries.append((slot, rx, gi, probe))
                self.sources.append((p, case))

    def __getstate__(self):
        # RE2 objects do not pickle: compiled again when first needed (the probe set says
        # whether a pattern matches an article at all; most never do)
        state = dict(self.__dict__)
        state["entries"] = [(slot, None, gi, probe) for slot, _, gi, probe in self.entries]
        return state

    def _compiled(self, i: int):
        slot, rx, gi, probe = self.entries[i]
        if rx is None:
            rx = compile_pattern(*self.sources[i])
            self.entries[i] = (slot, rx, gi, probe)
        return rx

    def run(self, ctx) -> None:
        if not self.entries:
            return
        matched = ctx.probed
        if not matched:
            return
        data, ascii_only = ctx.utf8()
        active = ctx.settings.active
        for i, (slot, rx, gi, probe) in enumerate(self.entries):
            if probe not in matched:
                continue
            if not active[slot]:
                continue
            if rx is None:
                rx = self._compiled(i)
            spec = self.engine.specs[slot]
            raw = rx._regexp  # noqa: SLF001
            replace = spec.options.get("replace")
            # (the wrapper builds groupindex anew on each access: only a replacement reads it)
            names = rx.groupindex if replace is not None else None
            cues = _Spans([(q.cue.start, q.cue.end) for q in ctx.doc.quotes if q.cue is not None]) \
                if spec.options.get("skip_cues") else None
            not_before = spec.options.get("not_before")
            charged = _reported_by(ctx.doc, spec.options.get("not_reported_by"))
            pos, n = 0, len(data)
            # each RE2 search is linear in the article, but a pattern whose every
            # match scans to the end ("a(.*Z)?") makes the iteration quadratic:
            # a rule has TIME_BUDGET seconds per article, then it is stopped
            deadline = time.perf_counter() + TIME_BUDGET
            while pos <= n:
                if out_of_budget(ctx, slot, spec, deadline):
                    break
                spans = raw.Match(_UNANCHORED, data, pos, n)
                if spans[0][0] < 0:
                    break
                bs, be = spans[gi] if spans[gi][0] >= 0 else spans[0]
                s = bs if ascii_only else ctx.char_offset(bs)
                e = be if ascii_only else ctx.char_offset(be)
                pos = spans[0][1] if spans[0][1] > spans[0][0] else after_empty(data, spans[0][1])
                if e <= s or not ctx.in_scope(spec.scope, s, e):
                    continue
                if cues is not None and cues.overlaps(s, e):
                    continue
                if not_before and _word_after(ctx.view, e) in not_before:
                    continue
                if charged is not None and charged.overlaps(s, e):
                    continue
                fields = {}
                fix = None
                suggestion = None
                if replace is not None:
                    groups = [data[a:b].decode("utf-8", "surrogatepass") if a >= 0 else None for a, b in spans]
                    rep = expand(replace, groups, names)
                    fields["replacement"] = rep
                    suggestion = None if spec.suggestion else f'"{rep}"'
                    if spec.options.get("fix"):
                        fix = [(s, e, rep)]
                ctx.add(slot, s, e, fields, suggestion=suggestion, fix=fix)
