"""Loading the analysis lexicons (``rules/lexicons/*.yaml``), once per process.

Built lexicons are cache entries (:mod:`annotator.plaindata`, data only),
shipped with the wheel or kept in the user's cache folder, named by a
digest of the YAML file and of this module's source, so a warm start reads
them in about a millisecond without importing a YAML parser; any edit to
either is a new name.
"""

from __future__ import annotations

import os
from functools import lru_cache

from ..resources import lexicon_path

_INFLECTOR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "engine", "inflect.py")


def load_yaml_file(path: str):
    from ..yamlio import load_yaml_file as load

    return load(path)


def _entry(name: str, sources: tuple[str, ...] = ()) -> str:
    """The cache entry's name for rules/lexicons/<name>.yaml: a CRC of the file, of this
    module, of the inflector and of ``sources`` (the modules of the class it builds; cheap
    to compute, and enough to tell a stale entry; hashlib alone costs ~8 ms to import) and
    the Unicode database's version (lower-casing comes from it)."""
    import unicodedata
    import zlib

    path = lexicon_path(name)
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as e:  # (a newsroom's edit moved or broke it: one line, exit 2, as for a YAML slip)
        from ..engine.loader import RuleError

        raise RuleError(f"{path}: cannot read: {e.strerror or e}") from None
    return f"lexicon-{name}-{zlib.crc32(raw):08x}{len(raw):x}-{_code_crc(sources):08x}-{unicodedata.unidata_version}"


@lru_cache(maxsize=None)
def _code_crc(sources: tuple[str, ...]) -> int:
    """The CRC of this module, of the inflector and of ``sources``: read once per process,
    not once per lexicon (most lexicons share it)."""
    import zlib

    src = b""
    for module in (__file__, _INFLECTOR, *sources):  # the inflector builds the cue forms
        with open(module, "rb") as f:
            src += f.read()
    return zlib.crc32(src)


def cached(name: str, build, kind: type, sources: tuple[str, ...] = ()):
    """build(data) for rules/lexicons/<name>.yaml (a ``kind``, one of the classes
    :mod:`annotator.plaindata` may write), through the cache (the entry shipped with the
    package, else the user's cache folder); ``sources``: the modules ``build`` and ``kind``
    live in, besides this one."""
    from ..resources import load_cached, store_cached

    target = _entry(name, sources)
    obj = load_cached(target, accept=lambda obj: type(obj) is kind)
    if obj is None:
        obj = build_lexicon(name, build)
        store_cached(target, obj)
    return obj


def build_lexicon(name: str, build):
    """build(data) for rules/lexicons/<name>.yaml; a file that is not valid YAML or not the
    lists ``build`` expects (a newsroom may extend these files) is a
    :class:`~annotator.engine.loader.RuleError` naming the file (and line where YAML knows it),
    never a traceback from deep in the analysis."""
    from ..yamlio import YAMLError

    path = lexicon_path(name)
    try:
        return build(load_yaml_file(path))
    except (YAMLError, ValueError, TypeError, KeyError, AttributeError) as e:
        from ..engine.loader import RuleError

        where = path
        if isinstance(e, YAMLError) and e.line:
            where += f":{e.line}" + (f":{e.column}" if e.column else "")
        what = f"missing {e}" if isinstance(e, KeyError) else str(e)
        raise RuleError(f"{where}: {what}") from None



def shipped_entries() -> list[tuple[str, object]]:
    """(entry name, built lexicon) of every lexicon the analysis loads, for the wheel."""
    from . import mentions
    from .nepali import attribution as nepali

    out = [(_entry(name), build_lexicon(name, build))
           for name, build in (("cues", CueLexicon), ("people", PeopleLexicon), ("irregular-verbs", _past_forms),
                               ("given-names", _given_names), ("genre", _genre_words),
                               ("attribution", _attribution_words), ("voice", _voice_words))]
    for name, build, sources in (("mentions", mentions.MentionLexicon, (mentions.__file__,)),
                                 ("cues-ne", nepali._Lexicon, (nepali.__file__,))):
        out.append((_entry(name, sources), build_lexicon(name, build)))
    return out


class CueLexicon:
    """form (lower case) -> (lemma, stance); ``pattern`` finds any form."""

    def __init__(self, data: dict):
        self.stances: dict[str, str] = dict(data.get("stances") or {})
        self.forms: dict[str, tuple[str, str]] = {}
        #: forms that are also common nouns, checked in context
        self.nounlike: set[str] = set()
        #: lemma -> the words after which its bare base form is a verb
        self.base_next: dict[str, frozenset[str]] = {}
        #: form -> words after which it is not a cue ("thanks to", "continue to")
        self.not_next: dict[str, frozenset[str]] = {}
        #: lemmas whose object is the reported clause ("X said Y did …")
        self.reporting: set[str] = set()
        #: lemmas that make attribution relations but never attribute a quotation ("a poll found")
        self.relation_only: set[str] = set()
        #: lemmas that attribute quotations but make no relation of their own ("continued", "spoke":
        #: too often not speech without a quotation)
        self.quotes_only: set[str] = set()
        #: lemmas that make a relation only with a that-clause or a document as source ("found that …",
        #: "the poll found …"; not "they find better jobs")
        self.clause_only: set[str] = set()
        #: lemmas that make a relation only with an object and "as" ("X sees Y as Z"; not "X saw the
        #: film")
        self.as_only: set[str] = set()
        for lemma, spec in (data.get("cues") or {}).items():
            if isinstance(spec, str):
                spec = {"stance": spec}
            stance = spec["stance"]
            if stance not in self.stances:
                raise ValueError(f"cue {lemma!r}: unknown stance {stance!r}")
            words = lemma.split()
            if spec.get("fixed"):
                forms = [lemma]
            elif spec.get("forms"):
                forms = ([lemma] if spec.get("base", True) else []) + list(spec["forms"])
            else:
                from ..engine.inflect import verb_inflections

                forms = [" ".join([f] + words[1:]) for f in verb_inflections(words[0])]
            for f in forms:
                self.forms[f.lower()] = (lemma, stance)
                if spec.get("noun"):
                    self.nounlike.add(f.lower())
            if spec.get("reports"):
                self.reporting.add(lemma)
            if spec.get("quotes") is False:
                self.relation_only.add(lemma)
            if spec.get("relations") is False:
                self.quotes_only.add(lemma)
            relations = spec.get("relations", True)
            if relations not in (True, False, "clause", "as"):
                raise ValueError(f"cue {lemma!r}: relations must be true, false, clause or as, not {relations!r}")
            if relations == "clause":
                self.clause_only.add(lemma)
            if relations == "as":
                self.as_only.add(lemma)
            if spec.get("base_next"):
                self.base_next[lemma] = frozenset(_words(spec["base_next"], f"cues.{lemma}.base_next"))
            for f in forms if spec.get("not_next") else ():
                self.not_next[f.lower()] = frozenset(_words(spec["not_next"], f"cues.{lemma}.not_next"))
        #: the forms that attribute quotations (all but the relation-only ones)
        self.quote_forms: dict[str, tuple[str, str]] = {
            f: v for f, v in self.forms.items() if v[0] not in self.relation_only
        }
        self._build_automaton()

    def __getstate__(self):
        state = dict(self.__dict__)
        del state["automaton"]  # not plain data: built again from the forms (~0.2 ms)
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._build_automaton()

    def _build_automaton(self) -> None:
        import ahocorasick

        self.automaton = ahocorasick.Automaton(ahocorasick.STORE_ANY, ahocorasick.KEY_STRING)
        for form in self.forms:
            self.automaton.add_word(form, form)
        self.automaton.make_automaton()

    def lookup(self, text: str) -> tuple[str, str] | None:
        return self.forms.get(" ".join(text.lower().split()))


def _words(values, where: str) -> list[str]:
    """A list of words from a lexicon file; anything else is an error (YAML
    reads a bare On, No or Yes as a boolean)."""
    if values is not None and not isinstance(values, list):
        # ("role_words: 42" followed by the list's indented lines is one long string to YAML)
        raise ValueError(f"{where}: not a list of words ({type(values).__name__}); "
                         f"write [a, b] or one '- word' per line")
    out = []
    for n, v in enumerate(values or []):
        if not isinstance(v, str):
            raise ValueError(f"{where}[{n}]: {v!r} is not a word (quote it in the YAML)")
        out.append(v)
    return out


@lru_cache(maxsize=None)
def cues() -> CueLexicon:
    return cached("cues", CueLexicon, CueLexicon)


class PeopleLexicon:
    def __init__(self, data: dict):
        t = data["titles"]
        self.title_gender: dict[str, str] = {}
        for g in ("male", "female", "any"):
            for title in t.get(g) or []:
                self.title_gender[title] = g
        # titles as sequences of tokens, longest first, for matching inside names
        self.titles = sorted(self.title_gender, key=lambda s: -len(s))
        self.title_words = {w.rstrip(".") for title in self.titles for w in title.split()}
        nouns = data["speaker_nouns"]
        self.noun_kind: dict[str, str] = {}
        for kind in ("role", "organization", "document", "anonymous"):
            for n in nouns.get(kind) or []:
                self.noun_kind[n.lower()] = kind
        self.org_words = {w.rstrip(".") for w in _words(data["organization_words"], "organization_words")}
        p = data["pronouns"]
        self.pronoun_class = {w: cls for cls, ws in p.items() for w in _words(ws, f"pronouns.{cls}")}
        self.not_names = set(_words(data["not_names"], "not_names"))
        self.days = set(_words(data["days"], "days"))
        self.months = set(_words(data["months"], "months"))
        # coreference (analysis/coref): names that are places or things, and news outlets
        self.place_words = set(_words(data.get("place_words") or [], "place_words"))
        self.place_lead = set(_words(data.get("place_lead") or [], "place_lead"))
        self.not_bodies = set(_words(data.get("not_bodies") or [], "not_bodies"))
        self.named_only = set(_words(data.get("named_only") or [], "named_only"))
        self.outlet_words = set(_words(data.get("outlet_words") or [], "outlet_words"))
        self.descriptors = set(_words(data.get("descriptors") or [], "descriptors"))
        self.places = {" ".join(p.split()) for p in _words(data.get("places"), "places")}


@lru_cache(maxsize=None)
def people() -> PeopleLexicon:
    return cached("people", PeopleLexicon, PeopleLexicon)


@lru_cache(maxsize=None)
def past_forms() -> frozenset[str]:
    """Irregular past tenses and participles ("said", "wrote", "held"): words that are verbs
    without a verb's ending (rules/lexicons/irregular-verbs.yaml; read here only)."""
    return cached("irregular-verbs", _past_forms, frozenset)


def _past_forms(data) -> frozenset[str]:
    out = set()
    for forms in (data.get("verbs") or {}).values():
        out.update([forms] if isinstance(forms, str) else forms)
    return frozenset(out)


@lru_cache(maxsize=None)
def given_names() -> dict[str, str]:
    """{first name: male|female}: the gender the pronoun resolver may assume for a first name
    (rules/lexicons/given-names.yaml, generated by scripts/build_given_names.py)."""
    return cached("given-names", _given_names, dict)


@lru_cache(maxsize=None)
def genre_words() -> dict[str, frozenset]:
    """{roles, news_roles, staff_roles, opinion_words: words}: the tagline words by which
    analysis/genre.py tells opinion copy (rules/lexicons/genre.yaml)."""
    return cached("genre", _genre_words, dict)


@lru_cache(maxsize=None)
def voice_words() -> dict[str, frozenset]:
    """{judged_by: participles, stance_that: adjectives}: the words by which analysis/voice.py puts a stretch of the
    writer's sentence in another's voice (rules/lexicons/voice.yaml)."""
    return cached("voice", _voice_words, dict)


def _voice_words(data) -> dict[str, frozenset]:
    data = data or {}
    return {key: frozenset(w.lower() for w in _words(data.get(key), f"voice.{key}"))
            for key in ("judged_by", "stance_that")}


#: the lists of rules/lexicons/attribution.yaml, each required (an empty list is allowed)
ATTRIBUTION_KEYS = (
    "role_words", "modifiers", "verb_adverbs", "time_words", "name_connectors", "naming_verbs",
    "plural_noun_verbs", "group_adverbs", "control_words", "causative_verbs", "cue_media", "cue_particles",
    "audience_verbs", "opening_words", "denial_cues", "accusation_nouns",
    "quantity_words", "descriptor_breaks", "not_appositive", "kickers", "turn_kickers",
)


@lru_cache(maxsize=None)
def attribution_words() -> dict[str, frozenset]:
    """{list name: words}: the open-class vocabulary of the English attribution analysis
    (rules/lexicons/attribution.yaml; the closed-class grammar stays in its modules)."""
    return cached("attribution", _attribution_words, dict)


def _attribution_words(data) -> dict[str, frozenset]:
    data = data or {}
    missing = [key for key in ATTRIBUTION_KEYS if key not in data]
    if missing:
        raise ValueError(f"attribution: missing list {missing[0]!r}")
    unknown = sorted(set(data) - set(ATTRIBUTION_KEYS))
    if unknown:
        raise ValueError(f"attribution: unknown list {unknown[0]!r}")
    return {key: frozenset(_words(data[key], f"attribution.{key}")) for key in ATTRIBUTION_KEYS}


def _genre_words(data) -> dict[str, frozenset]:
    return {key: frozenset(w.lower() for w in _words((data or {}).get(key), f"genre.{key}"))
            for key in ("roles", "news_roles", "staff_roles", "opinion_words")}


def _given_names(data) -> dict[str, str]:
    out = {}
    for gender in ("male", "female"):
        for name in _words((data or {}).get(gender), f"given-names.{gender}"):
            out[name] = gender
    return out
