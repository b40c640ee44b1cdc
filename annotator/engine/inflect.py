"""English inflection for rule lexicons and the analysis' cue lexicon: a lemma -> its forms.

The one inflector of the project (``engine.kinds`` for rules with ``inflect: verb | noun``,
``analysis.lexicon`` for the reporting verbs of ``cues.yaml``). The forms come from lemminflect
(its lexicon, derived from the SPECIALIST lexicon, knows irregular verbs and plurals, which
verbs double their last consonant, -c verbs: fled, offered, referred, panicked, quitting,
heroes, women, series); a word it does not know is inflected by its rules, and a compound by its
last part (panic-buy -> panic-bought, ex-wife -> ex-wives).

Verb forms are keyed (base, s, ed, en, ing) and noun forms (base, pl) so that a substitution can
inflect its replacement the same way as the word it replaces ("claimed" -> "said").

A pure function of its input, memoised per word: lemminflect (with numpy, ~1 s to import and load)
is imported only when a word is first inflected, which happens only when rules or lexicons are
compiled, not when a compiled engine is loaded from the cache: what a kind inflects at run time
(a replacement like the word it replaces) is worked out with the engine (``like_table``).
"""

from __future__ import annotations

from functools import lru_cache

_VERB_KEYS = (("s", "VBZ"), ("ed", "VBD"), ("en", "VBN"), ("ing", "VBG"))


def _lookup(word: str, upos: str) -> dict[str, tuple[str, ...]]:
    """lemminflect's forms of one word ({} when it cannot inflect it)."""
    from lemminflect import getAllInflections, getAllInflectionsOOV

    known = getAllInflections(word, upos=upos)
    if known:
        return known
    lower = word.lower()
    if lower != word:
        known = getAllInflections(lower, upos=upos)
        if known:
            return {tag: tuple(_recase(word, f) for f in fs) for tag, fs in known.items()}
    head, sep, last = word.rpartition("-")
    if sep and head and last:
        inner = _lookup(last, upos)
        if inner:
            return {tag: tuple(head + sep + f for f in fs) for tag, fs in inner.items()}
    oov = getAllInflectionsOOV(lower, upos=upos)
    return {tag: tuple(_recase(word, f) for f in fs) for tag, fs in oov.items()}


def _recase(word: str, form: str) -> str:
    """A form of ``word.lower()`` spelled with the case of ``word``: the stem as written, an added
    ending in lower case (MP -> MPs, Brexit -> Brexits); an irregular form capitalised like it."""
    lower = word.lower()
    if form.startswith(lower):
        return word + form[len(lower):]
    return form[:1].upper() + form[1:] if word[:1].isupper() else form


def _ordered(forms, first=()) -> list[str]:
    """Distinct forms, those also in ``first`` first (quit: VBN quitted, quit -> quit, quitted)."""
    out = [f for f in forms if f in first] + [f for f in forms if f not in first]
    return list(dict.fromkeys(out))


def _other_word(form: str) -> bool:
    """A form that is a word of its own (a lemma in lemminflect's lexicon): crow's archaic past
    "crew", tear's "teared"... kept only when it is the first form lemminflect gives."""
    from lemminflect import getAllInflections

    return bool(getAllInflections(form))


@lru_cache(maxsize=None)
def _verb(lemma: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    table = _lookup(lemma, "VERB")
    out = [("base", (lemma,))]
    for key, tag in _VERB_KEYS:
        forms = table.get(tag) or (table.get("VBD") if tag == "VBN" else None) or ()
        forms = _ordered(forms, table.get("VBD", ()) if tag == "VBN" else ())
        # the main form, and its variants (travelled beside traveled) that are not another word
        out.append((key, tuple(forms[:1] + [f for f in forms[1:] if not _other_word(f)])))
    return tuple(out)


@lru_cache(maxsize=None)
def _noun(lemma: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    plural = tuple(_lookup(lemma, "NOUN").get("NNS") or ())
    if set(plural) <= {lemma} and not lemma.endswith("s"):
        # a noun lemminflect counts as uncountable (disgrace, sham): its plural by rule after it
        # (sheep, then the unlikely "sheeps": matching it costs nothing); series stays series
        from lemminflect import getAllInflectionsOOV

        plural = (lemma,) + tuple(_recase(lemma, f) for f in getAllInflectionsOOV(lemma.lower(), upos="NOUN")
                                  .get("NNS", ()))
    else:
        # lemminflect lists the singular too for a noun that is also uncountable (analysis,
        # person): the plural proper first
        plural = tuple(_ordered(plural, [f for f in plural if f != lemma]))
    return ("base", (lemma,)), ("pl", plural)


def verb_forms(lemma: str) -> dict[str, list[str]]:
    """{'base': [...], 's': [...], 'ed': [...], 'en': [...], 'ing': [...]} for one word."""
    return {k: list(v) or [lemma] for k, v in _verb(lemma)}


def noun_forms(lemma: str) -> dict[str, list[str]]:
    """{'base': [...], 'pl': [...]} for one word."""
    return {k: list(v) or [lemma] for k, v in _noun(lemma)}


def verb_inflections(lemma: str) -> list[str]:
    """Every form of a verb, the base first (for the analysis' cue lexicon)."""
    return list(dict.fromkeys(f for _, fs in _verb(lemma) for f in fs))


def forms(phrase: str, how: str) -> list[tuple[str, str]]:
    """All forms of a word or phrase as (key, form) pairs, the base first.

    In a phrase, words in ``{braces}`` inflect; without braces a verb phrase
    inflects its first word and a noun phrase its last.
    """
    words = phrase.split()
    marked = [i for i, x in enumerate(words) if x.startswith("{") and x.endswith("}")]
    words = [x[1:-1] if x.startswith("{") and x.endswith("}") else x for x in words]
    if how == "none" or not words:
        return [("base", " ".join(words))]
    if not marked:
        marked = [0] if how == "verb" else [len(words) - 1]
    make = verb_forms if how == "verb" else noun_forms
    out: list[tuple[str, str]] = []
    seen = set()
    # each marked word inflects alike (one key at a time)
    table = {i: make(words[i]) for i in marked}
    keys = list(next(iter(table.values())).keys())
    for key in keys:
        variants = [[]]
        for i, w in enumerate(words):
            opts = table[i][key] if i in table else [w]
            variants = [v + [o] for v in variants for o in opts]
        for v in variants:
            f = " ".join(v)
            if f not in seen:
                seen.add(f)
                out.append((key, f))
    return out


def like_table(replacement: str, how: str) -> dict[str, str]:
    """``inflect_like(replacement, key, ...)`` for every key a matched word can have, as a rule kind
    looks it up at run time (built with the engine, so that checking never loads lemminflect): a
    verb key inflects even a word with ``inflect: none`` (a form the lexicon lists explicitly, such
    as "fumed", carries its key); only the keys whose form differs from ``replacement``."""
    out = {}
    for key in ("base", "s", "ed", "en", "ing", "pl"):
        h = "verb" if how == "none" and key in ("s", "ed", "en", "ing") else how
        form = inflect_like(replacement, key, h) if h != "none" else replacement
        if form != replacement:
            out[key] = form
    return out


@lru_cache(maxsize=4096)
def inflect_like(replacement: str, key: str, how: str) -> str:
    """The replacement in the same form as the matched word (key from ``forms``): its inflecting
    words (as in ``forms``) in their first form of that key ("quit" in the -en form is "quit")."""
    words = replacement.split()
    marked = [i for i, x in enumerate(words) if x.startswith("{") and x.endswith("}")]
    words = [x[1:-1] if x.startswith("{") and x.endswith("}") else x for x in words]
    if how == "none" or not words:
        return " ".join(words)
    if not marked:
        marked = [0] if how == "verb" else [len(words) - 1]
    make = verb_forms if how == "verb" else noun_forms
    for i in marked:
        table = make(words[i])
        if key in table:
            words[i] = table[key][0]
    return " ".join(words)
