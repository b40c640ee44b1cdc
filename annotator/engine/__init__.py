"""The rules engine: rules are data (``rules/<pack>/*.yaml``), Python only per kind.

  engine = get_engine()                 # load and compile every rule, once per process
  settings = Config().settings_for(engine, path)
  engine.check(doc, settings)           # fills doc.findings, sorted by (start, rule)

Per article the engine makes one RE2 pass over ``doc.view`` for all the
word lists of all rules, one RE2 set pass for all patterns, and otherwise
reads the analysis (quotes, speakers, marks); scopes are range checks on
the quotation mask and the block offsets.
"""

from __future__ import annotations

from operator import attrgetter

from .context import Context as _Context
from .context import SlotInfo
from .finding import SEVERITY_RANK, Finding, apply_fixes
from .loader import RuleError, RuleSpec
from .suppress import parse as _parse_suppressions

_SORT_KEY = attrgetter("start", "rule")  # Finding.sort_key

__all__ = ["Engine", "Finding", "RuleError", "RuleSpec", "Settings", "apply_fixes", "get_engine",
           "SEVERITY_RANK", "rule_selector"]

_ENGINES: dict[tuple, "Engine"] = {}


class Settings:
    """What is in force for one article: active rules and severities by slot,
    the house vocabulary, the house quotation style (``styles``: quotes /
    apostrophes -> majority, curly or straight; absent: the rule's own), and
    the newsroom's own model weights (``models``: rule id -> weights)."""

    __slots__ = ("engine", "active", "severity", "accept", "reject", "styles", "models", "_house", "article_type",
                 "retype")

    def __init__(self, engine, active, severity, accept=frozenset(), reject=None, styles=None, models=None):
        self.engine = engine
        self.models = models or {}  # rule id -> checked weights (kind: model) from the configuration
        self.active = active
        self.severity = severity
        self.accept = accept
        self.reject = reject or {}
        self.styles = styles or {}
        self._house = None
        self.article_type: str | None = None  # the type these settings were made for
        #: (config, engine, path, select, ignore, extend_select): to make the settings for an
        #: article that declares another type in its front matter (None: not from a configuration)
        self.retype = None

    def for_article(self, doc) -> "Settings":
        """These settings, or those of the type the article declares (front matter ``type``,
        ``section``: an opinion piece runs the neutrality pack as info by default, and
        neutrality.editorializing not at all). An article
        that declares none, in a folder that gives none, is opinion when its text reads as
        an op-ed or a column, review when it reviews a work for the reader, live when it is a
        running commentary (analysis/genre.py)."""
        if self.retype is None:
            return self
        from .config import article_type_of

        t = article_type_of(doc)
        if t is None and self.article_type is None:
            from ..analysis.genre import genre

            t = genre(doc)  # undeclared: opinion, review or live when its text reads as one
        if t is None or t == self.article_type:
            return self
        cfg, engine, path, select, ignore, extend = self.retype
        if t not in cfg.types:  # a type the configuration does not know (post, feature): the folder's stands
            return self
        return cfg.settings_for(engine, path, select, ignore, extend, article_type=t)

    def house_matcher(self, slot: int):
        """(matcher, entries) for the house reject list."""
        if self._house is None:
            from .matcher import LexMatcher

            if not self.reject:
                self._house = (None, [])
            else:
                m = LexMatcher()
                entries = []
                for w, rep in self.reject.items():
                    entries.append({"word": w, "replacement": rep})
                    m.add(w, (slot, len(entries) - 1, "base"))
                m.compile()
                self._house = (m, entries)
        return self._house


def did_you_mean(engine, name: str) -> str:
    """" (did you mean quotes.scare-quotes?)" for a mistyped rule id or pack: the ids it is the
    last part of, else the id or pack spelt most like it, else the ids it is a piece of; "" when
    none is close. A pack where only a rule id will do (explain, the configuration's enable and
    disable) says so, never "did you mean" the same name."""
    import difflib

    ids = [s.id for s in engine.specs]
    packs = sorted({s.pack for s in engine.specs})
    if name in packs:
        return f" ({name!r} is a pack; its rules: 'annotator rules {name}')"
    names = ids + packs
    close = [i for i in ids if i.split(".", 1)[-1] == name]  # the id without its pack
    if not close:
        close = difflib.get_close_matches(name, names, n=1, cutoff=0.75)
    if not close and len(name) >= 4:
        close = [i for i in ids if name in i][:3]
    return f" (did you mean {', '.join(close)}?)" if close else ""


def rule_selector(engine, tokens) -> set[int]:
    """Slots named by rule ids, pack names or id prefixes; an unknown token is a RuleError."""
    out = set()
    for t in tokens:
        hit = {i for i, s in enumerate(engine.specs) if s.id == t or s.pack == t or s.id.startswith(t + ".")}
        if not hit:
            raise RuleError(f"unknown rule or pack {t!r}{did_you_mean(engine, t)}")
        out |= hit
    return out


class _Plan:
    """What one set of active rules needs per article, worked out once: whether any rule
    with words is on, which of them are off (``off``: their payloads are dropped from the
    hits of the one scan, so a hit of an inactive rule's word costs nothing further) and
    the kinds with an active rule."""

    __slots__ = ("words", "off", "kinds")

    def __init__(self, engine: "Engine", active: tuple):
        word_slots = engine.word_slots
        self.words = any(active[slot] for slot in word_slots)
        # (filtering the hits, a few thousand over a corpus, costs less than filtering the
        # 3,000 forms of the table once per process)
        self.off = frozenset(slot for slot in word_slots if not active[slot])
        self.kinds = [k for k in engine.kinds if any(active[slot] for slot in k.all_slots)]


class Engine:
    def __init__(self, specs: list[RuleSpec]):
        from .kinds import KINDS
        from .matcher import LexMatcher, Probes

        self.specs = specs
        self.index = {s.id: i for i, s in enumerate(specs)}
        self.info = [SlotInfo(s) for s in specs]
        self.languages = [s.languages for s in specs]  # None: every language
        self.matcher = LexMatcher()
        self.probes = Probes()
        by_kind: dict[str, list[int]] = {}
        for i, s in enumerate(specs):
            by_kind.setdefault(s.kind, []).append(i)
        self.kinds = [module.Kind(self, by_kind[name]) for name, module in KINDS.items() if name in by_kind]
        for k, name in zip(self.kinds, (n for n in KINDS if n in by_kind)):
            k.all_slots = by_kind[name]
        self.matcher.compile()
        self.word_slots = sorted({p[0] for ps in self.matcher.forms.values() for p in ps})  # rules with words
        self.probes.compile()
        self._plans: dict[tuple, _Plan] = {}
        self._language_off: dict[tuple, list[int]] = {}  # (active, languages) -> slots off for them

    def __getstate__(self):
        # everything built from the rules (forms, patterns, per-rule tables) pickles; the RE2
        # objects inside are compiled again on load (engine/cache.py keeps this on disk)
        state = dict(self.__dict__)
        state["_plans"] = {}
        state["_language_off"] = {}
        return state

    def __setstate__(self, state):
        state.pop("irregular", None)  # (an engine pickled before the inflector was pure)
        state.setdefault("_language_off", {})
        self.__dict__.update(state)

    def expect(self, articles: int) -> None:
        """A hint: this process is to check about ``articles`` articles (``LexMatcher.expect``:
        a corpus run compiles the word scan's whole pattern at once). Findings are the same
        whatever it says."""
        self.matcher.expect(articles)
        self.probes.expect(articles)
        for k in self.kinds:
            if hasattr(k, "expect"):  # (a kind with matchers of its own)
                k.expect(articles)

    def default_settings(self) -> Settings:
        return Settings(self, [s.enabled for s in self.specs], [s.severity for s in self.specs])

    def plan(self, settings: Settings) -> _Plan:
        key = tuple(settings.active)
        p = self._plans.get(key)
        if p is None:
            p = self._plans[key] = _Plan(self, key)
        return p

    def _for_languages(self, doc, settings: Settings) -> Settings:
        """The settings with the rules of no language of the article's blocks off (English
        word rules never run on a Nepali article); per block, Context.add drops a finding
        in a block of another language than its rule's."""
        langs = getattr(self, "languages", None)
        if langs is None:  # an engine pickled before rules had languages
            langs = self.languages = [s.languages for s in self.specs]
        present = frozenset(doc.languages())
        active = settings.active
        # (worked out once per set of active rules and of languages, as plan(): a pass over
        # every rule per article cost ~2% of a check)
        key = (tuple(active), present)
        off = self._language_off.get(key)
        if off is None:
            off = self._language_off[key] = [i for i, a in enumerate(active)
                                             if a and langs[i] is not None and not present.intersection(langs[i])]
        if not off:
            return settings
        active = list(active)
        for i in off:
            active[i] = False
        out = Settings(self, active, settings.severity, settings.accept, settings.reject, settings.styles,
                       settings.models)
        out._house = settings._house
        out.article_type = settings.article_type
        return out

    def scan(self, ctx, off: frozenset = frozenset()) -> None:
        """The one pass over the article for every word of every active rule: ``ctx.hits``
        (``off``: the slots of rules with words that are not active)."""
        hits = ctx.hits
        for s, e, payloads in ctx.find_words(self.matcher):
            for slot, idx, key in payloads:
                if off and slot in off:
                    continue
                lst = hits.get(slot)
                if lst is None:
                    hits[slot] = [(s, e, idx, key)]
                else:
                    lst.append((s, e, idx, key))

    def check(self, doc, settings: Settings | None = None, warnings: list | None = None,
              errors: list | None = None) -> list[Finding]:
        """Fill ``doc.findings``.  A malformed suppression comment or an unknown rule id in
        one goes to ``errors`` as a ``path:line:col: message`` line (to ``warnings`` when
        no ``errors`` list is given); the suppressions that are valid still apply."""
        settings = (settings or self.default_settings()).for_article(doc)
        settings = self._for_languages(doc, settings)
        plan = self.plan(settings)
        ctx = _Context(doc, self, settings)
        ctx.warnings = warnings
        if plan.words:
            self.scan(ctx, plan.off)
        for k in plan.kinds:
            k.run(ctx)
        findings = ctx.findings
        if doc.comments or doc.metadata:
            sup = _parse_suppressions(doc)
            if sup is not None:
                sink = errors if errors is not None else warnings
                if sink is not None:
                    problems = list(sup.errors)
                    for rid, off in sup.mentioned:
                        if rid not in self.index and not any(s.pack == rid for s in self.specs):
                            problems.append((f"unknown rule id {rid!r} in a suppression comment"
                                             f"{did_you_mean(self, rid)}", off))
                    for message, off in sorted(problems, key=lambda p: p[1]):
                        line, col = doc.position(off)
                        sink.append(f"{doc.path}:{line}:{col}: {message}")
                findings = [f for f in findings if not sup.covers(f.rule, f.start)]
        if len(findings) > 1:
            seen = set()
            out = []
            for f in findings:
                k = (f.rule, f.start, f.end)
                if k not in seen:
                    seen.add(k)
                    out.append(f)
            out.sort(key=_SORT_KEY)
        else:
            out = list(findings)
        doc.findings = out
        return out


def get_engine(rule_dirs=()) -> Engine:
    """The compiled rule set for the shipped rules plus ``rule_dirs`` (once per process)."""
    key = tuple(rule_dirs)
    eng = _ENGINES.get(key)
    if eng is None:
        from .cache import load_engine_cached

        eng = load_engine_cached(list(rule_dirs))
        _ENGINES[key] = eng
    return eng
