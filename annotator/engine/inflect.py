"""English inflection for rule lexicons: a lemma -> its forms.

Verb forms are keyed (base, s, ed, en, ing) so that a substitution can
inflect its replacement the same way as the word it replaces ("claimed" ->
"said").  Irregular past forms come from ``rules/lexicons/irregular-verbs.yaml``.
"""

from __future__ import annotations

from functools import lru_cache

_VOWELS = frozenset("aeiou")
# two-syllable verbs stressed on the last syllable double the final consonant
_SIBILANT = ("s", "sh", "ch", "x", "z", "o")


_IRREGULAR: dict[str, tuple[str, str]] | None = None


def irregular() -> dict[str, tuple[str, str]]:
    """Irregular past forms (rules/lexicons/irregular-verbs.yaml), loaded once per process
    (or handed over by a cached engine, built from the same file: no YAML then)."""
    global _IRREGULAR
    if _IRREGULAR is None:
        from ..resources import lexicon_path
        from ..yamlio import load_yaml_file

        data = load_yaml_file(lexicon_path("irregular-verbs")) or {}
        out = {}
        for lemma, past in (data.get("verbs") or {}).items():
            if isinstance(past, str):
                out[lemma] = (past, past)
            else:
                out[lemma] = (past[0], past[1])
        _IRREGULAR = out
    return _IRREGULAR


def loaded_irregular() -> dict[str, tuple[str, str]] | None:
    return _IRREGULAR


def seed_irregular(table: dict[str, tuple[str, str]]) -> None:
    global _IRREGULAR
    if _IRREGULAR is None:
        _IRREGULAR = table


def _vowel_groups(word: str) -> int:
    n, prev = 0, False
    for ch in word:
        v = ch in _VOWELS
        if v and not prev:
            n += 1
        prev = v
    return n


def _doubles(word: str) -> bool:
    """stop -> stopped, admit -> admitted, but visit -> visited, slam -> slammed."""
    if len(word) < 3:
        return False
    a, b, c = word[-3], word[-2], word[-1]
    if c in _VOWELS or c in "wxy" or b not in _VOWELS or a in _VOWELS:
        return False
    groups = _vowel_groups(word)
    if groups == 1:
        return True
    return groups == 2 and word.endswith(("mit", "fer", "pel", "cur", "gret", "but", "trol", "bed"))


def verb_forms(lemma: str) -> dict[str, list[str]]:
    """{'base': [...], 's': [...], 'ed': [...], 'en': [...], 'ing': [...]} for one word."""
    w = lemma
    if w.endswith("y") and len(w) > 1 and w[-2] not in _VOWELS:
        s, ed, ing = w[:-1] + "ies", w[:-1] + "ied", w + "ing"
    elif w.endswith("ie"):
        s, ed, ing = w + "s", w + "d", w[:-2] + "ying"
    elif w.endswith("ee") or w.endswith("ye") or w.endswith("oe"):
        s, ed, ing = w + "s", w + "d", w + "ing"
    elif w.endswith("e"):
        s, ed, ing = w + "s", w + "d", w[:-1] + "ing"
    elif w.endswith(_SIBILANT):
        s, ed, ing = w + "es", w + "ed", w + "ing"
    elif _doubles(w):
        s, ed, ing = w + "s", w + w[-1] + "ed", w + w[-1] + "ing"
    else:
        s, ed, ing = w + "s", w + "ed", w + "ing"
    eds = [ed]
    ings = [ing]
    if w.endswith("l") and len(w) > 3 and w[-2] in _VOWELS and w[-3] not in _VOWELS and not _doubles(w):
        # British travelled / American traveled: accept both
        eds.append(w + "led")
        ings.append(w + "ling")
    irr = irregular().get(w)
    if irr is not None:
        return {"base": [w], "s": [s], "ed": [irr[0]], "en": [irr[1]], "ing": [ing]}
    return {"base": [w], "s": [s], "ed": eds, "en": list(eds), "ing": ings}


def noun_forms(lemma: str) -> dict[str, list[str]]:
    w = lemma
    if w.endswith("y") and len(w) > 1 and w[-2] not in _VOWELS:
        pl = w[:-1] + "ies"
    elif w.endswith(("s", "sh", "ch", "x", "z")):
        pl = w + "es"
    else:
        pl = w + "s"
    return {"base": [w], "pl": [pl]}


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


@lru_cache(maxsize=4096)
def inflect_like(replacement: str, key: str, how: str) -> str:
    """The replacement in the same form as the matched word (key from ``forms``)."""
    for k, f in forms(replacement, how):
        if k == key:
            return f
    return replacement
