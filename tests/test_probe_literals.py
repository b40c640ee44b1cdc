"""The probe set's warm-up (matcher.Probes, engine/literals.py): a probe set loaded from the
engine cache compiles, for its first articles, only the patterns whose required strings occur
in the article, and says exactly what the whole set says."""

import random
import sys

import pytest
import re2
from conftest import ROOT

sys.path.insert(0, ROOT)

from annotator import plaindata
from annotator.engine import get_engine
from annotator.engine import matcher as M
from annotator.engine.literals import required

ENGINE = get_engine()


@pytest.mark.parametrize("pattern, strings", [
    ("abc", ["abc"]),
    ("(?i:\\bBest\\s+ever)", ["best"]),  # (the shorter set loses to the longer string)
    ("(?i:\\b(great|huge)\\s+(success|acclaim))", ["acclaim", "success"]),
    ("(?:WATCH|LOOK)(?: (?:NOW|HERE))?:?", ["look", "watch"]),
    ("Also on [A-Z][\\w.]*", ["also on "]),
    ("(?P<c>[\\x{200B}\\x{2060}]+)", ["\u200b", "\u2060"]),
    ("(?s:.)(?P<c>\\x{FEFF}+)", ["\ufeff"]),
    ("x{2,3}", ["x"]),
    ("a(?i)b", ["ab"]),
    ("(?i)a(?-i:B)", ["ab"]),
    ("\\.\\d+%", ["."]),
    ("ß", ["ss"]),  # (folded as the text is)
    ("a{,2}", ["a{,2}"]),  # not a repetition in RE2: the characters themselves
])
def test_required_strings(pattern, strings):
    assert required(pattern) == strings


@pytest.mark.parametrize("pattern", [
    ".", "\\pL+", "a|.", "a*", "(?:abc)?", "[^a]", "\\d+", "\\Qa|b\\E", "\\1", "(?i:é)", "(?i:[a-zé])",
    "[\\x{0}-\\x{24f}]", "",
])
def test_no_strings_when_a_match_may_hold_none(pattern):
    assert required(pattern) is None


def _all_characters() -> str:
    return "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)


def test_ascii_letters_fold_as_re2_folds_them():
    """In a case-insensitive part a letter is taken as its casefold(): each character RE2 takes
    for it (K for k, the long s for s) must casefold as it does."""
    every = _all_characters()
    for letter in "abcdefghijklmnopqrstuvwxyz":
        found = set(re2.compile("(?i)" + letter).findall(every))
        assert {letter, letter.upper()} <= found
        assert {c.casefold() for c in found} == {letter}, letter


def test_uncased_literals_of_the_shipped_probes_match_only_themselves():
    every = _all_characters()
    chars = {c for strings in ENGINE.probes.needs if strings for s in strings for c in s if not c.isascii()}
    assert chars
    for c in chars:
        if c.lower() == c.upper() == c.casefold() == c:
            assert set(re2.compile("(?i)" + re2.escape(c)).findall(every)) == {c}, hex(ord(c))


_PATTERNS = [
    "(?i:\\b(greatest|finest|best)\\s+\\pL+(?:\\s+\\pL+)?\\s+(?:ever|of\\s+all\\s+time)\\b)",
    "(?i:\\bone\\s+of\\s+the\\s+((?:most|best)\\s+(?:famous|important)))",
    "(?m)^[ \\t]*((?:WATCH|LOOK|LISTEN)(?: (?:BELOW|HERE))?:?)(?:[ \\t]+[A-Z0-9\"]|[ \\t]*$)",
    "(?i)\\b\\d+(?:[.,]\\d+)?\\s*(?:%|per\\s?cent)\\s+of\\b",
    "(?P<c>[\\x{200C}\\x{200D}]+)(?:[^\\p{Devanagari}\\x{200C}\\x{200D}]|$)",
    "Ã[\\x{80}-\\x{BF}]",
    "(?i:ſtark|\\bKelvin)",
    "[^\\x{0}-\\x{24f}]",
]
_PIECES = ["best", "BEST", "beſt", "greatest", " ever", " of all time", "one of the most famous", "WATCH",
           "\nLOOK HERE: ", "Now", " 43", "%", " per cent of ", "\u200c", "\u200d", "Ã©", "Ã", "\x85", "stark",
           "STARK", "\u212aelvin", "kelvin", "\u0928", " ", "\n", "x", "Famous", "\u00ad"]


def test_groups_nested_deeper_than_python_recurses_give_no_strings():
    """RE2 takes 400 nested groups (its limit is 1,000); the reader recursed past Python's
    limit, and a house rule's pattern so nested stopped the engine's build with a traceback."""
    pattern = "(" * 400 + "abc" + ")" * 400
    assert re2.compile(pattern).search("xabcx")
    assert required(pattern) is None
    assert required("(" * 50 + "abc" + ")" * 50) == ["abc"]


def test_a_pattern_left_out_cannot_match():
    """Every match holds one of the pattern's strings: random texts of pieces near its words."""
    rnd = random.Random(20261207)
    compiled = [(p, re2.compile(p), required(p)) for p in _PATTERNS]
    for _ in range(3000):
        text = "".join(rnd.choice(_PIECES) for _ in range(rnd.randint(1, 12)))
        folded = text.casefold()
        for p, rx, strings in compiled:
            if rx.search(text):
                assert strings is None or any(s in folded for s in strings), (p, text)


def _loaded(probes: M.Probes) -> M.Probes:
    return plaindata.loads(plaindata.dumps(probes))


def _probes() -> M.Probes:
    p = M.Probes()
    for pattern in _PATTERNS:
        p.add(pattern)
    p.compile()
    return p


def test_a_loaded_probe_set_says_what_the_whole_set_says():
    whole = _probes()
    loaded = _loaded(whole)
    rnd = random.Random(7)
    texts = ["".join(rnd.choice(_PIECES) for _ in range(rnd.randint(1, 12))) for _ in range(200)]
    for i, text in enumerate(texts):
        data = text.encode("utf-8")
        assert loaded.match(data) == whole.match(data), text
        if i < M.WARM_ARTICLES:
            assert loaded._pending or len(loaded._have) == len(_PATTERNS)
    assert not loaded._pending  # past the warm-up: the whole sets


def test_a_loaded_probe_set_compiles_what_the_text_may_match():
    loaded = _loaded(_probes())
    assert loaded.match(b"The council met on Monday.") == set()
    assert loaded._have == {_PATTERNS.index("[^\\x{0}-\\x{24f}]")}  # (no strings: always there)
    assert loaded.match("It was the best film ever.".encode()) == {0}
    assert 0 in loaded._have and 1 not in loaded._have


def test_a_corpus_run_compiles_the_whole_sets_at_once():
    loaded = _loaded(_probes())
    loaded.expect(M.WARM_ARTICLES + 1)
    assert loaded.match(b"The council met on Monday.") == set()
    assert not loaded._pending and len([i for _, ids in loaded._sets for i in ids]) == len(_PATTERNS)


@pytest.mark.parametrize("needs", [[["a"]], [[""], None], [[1], None], [[], None], "ab"])
def test_cached_strings_that_do_not_fit_are_refused(needs):
    with pytest.raises((ValueError, TypeError)):
        M.Probes.__new__(M.Probes).__setstate__({"patterns": ["a", "b"], "needs": needs})


def test_the_shipped_probes_have_strings():
    """Most shipped probe patterns have strings (a one-file check compiles few of them)."""
    needs = ENGINE.probes.needs
    assert len(needs) == len(ENGINE.probes.patterns)
    assert sum(n is not None for n in needs) >= len(needs) - 2


def test_a_cached_pattern_re2_refuses_is_left_out_not_a_crash():
    """A damaged or planted engine entry whose probe pattern RE2 refuses: the loaded set is
    compiled on first use, when the entry can no longer be refused and rebuilt, so that
    pattern matches nothing and the others still match (it was a re2 error, a traceback)."""
    whole = _probes()
    state = whole.__getstate__()
    bad = _PATTERNS.index("[^\\x{0}-\\x{24f}]")  # (no strings: compiled for every text)
    state["patterns"] = [*state["patterns"]]
    state["patterns"][bad] = "(unclosed"
    loaded = M.Probes.__new__(M.Probes)
    loaded.__setstate__(state)
    data = "It was the best film ever. Отлично".encode()
    assert whole.match(data) - {bad} == loaded.match(data) and bad in whole.match(data)
    loaded.expect(M.WARM_ARTICLES + 1)  # (and the whole sets, past the warm-up)
    loaded._uses = M.WARM_ARTICLES
    loaded._pending = True
    assert loaded.match(data) == whole.match(data) - {bad}
    with pytest.raises(re2.error):  # (an engine being built still says it)
        broken = M.Probes()
        broken.add("(unclosed")
        broken.compile()


@pytest.mark.parametrize("patterns", [["a", 1], "ab", [b"a", "b"]])
def test_cached_patterns_that_are_not_strings_are_refused(patterns):
    with pytest.raises(ValueError):
        M.Probes.__new__(M.Probes).__setstate__({"patterns": patterns, "needs": [None, None]})
