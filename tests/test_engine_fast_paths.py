"""The engine's and the plain-text reader's fast paths give what the plain
versions give: the cached engine (plain data, or the pickle a wheel ships), the warm-up patterns of a loaded
matcher, the hand-written prev_word, the C line splitter, the probe set.
(Equivalence only: no timings here.)"""

import pickle
import random
import re

import pytest
import re2

from annotator import plaindata
from annotator.engine import get_engine
from annotator.engine import matcher as M
from annotator.engine.config import Config
from annotator.engine.examples import build_doc
from annotator.engine.kinds.lexicon import _PREV_WORD, prev_word
from annotator.readers.text import _lines_re, lines_of

ENGINE = get_engine()

ARTICLE = {
    "headline": "Minister hails 'historic' deal",
    "text": (
        "The so-called reform was, critics said, a draconian power grab. Officials admitted the the plan was "
        "hastily drafted, and 43% of the country's voters oppose it.\n\n"
        '"It is a disaster," said one MP. The Government\'s spokesman claimed it was \u201cthe best deal ever\u201d.\n\n'
        "Zelensky met Zelenskyy's advisers; Kassym-Jomart Tokayev and Tokaev were there too, said Mr Reed."
    ),
}


def findings(engine, doc, settings):
    return [(f.rule, f.start, f.end, f.message, f.severity, f.confidence, f.fix, f.suggestion)
            for f in engine.check(doc, settings, [])]


@pytest.mark.parametrize("form", ["plaindata", "pickle"])
def test_cached_engine_finds_what_the_built_one_finds(form):
    # the user cache holds the plain-data form, the wheel ships a pickle (engine/cache.py)
    if form == "pickle":
        loaded = pickle.loads(pickle.dumps(ENGINE, protocol=pickle.HIGHEST_PROTOCOL))
    else:
        loaded = plaindata.loads(plaindata.dumps(ENGINE))
    packs = sorted({s.pack for s in ENGINE.specs})
    doc = build_doc(ARTICLE)
    built = findings(ENGINE, doc, Config().settings_for(ENGINE, None, packs, None))
    assert built
    # the first articles go through per-article warm-up patterns, later ones through the whole one
    for _ in range(M.WARM_ARTICLES + 2):
        assert findings(loaded, doc, Config().settings_for(loaded, None, packs, None)) == built
    assert loaded.matcher._latin is not None  # compiled once warmed up


def test_a_corpus_run_compiles_the_whole_pattern_on_its_first_article(monkeypatch):
    # Engine.expect: told that the process checks more articles than the warm-up's, the matcher
    # skips the per-article patterns (each compiled for one article only); the same findings
    loaded = plaindata.loads(plaindata.dumps(ENGINE))
    packs = sorted({s.pack for s in ENGINE.specs})
    doc = build_doc(ARTICLE)
    built = findings(ENGINE, doc, Config().settings_for(ENGINE, None, packs, None))

    def no_warm_up(*a):
        raise AssertionError("a per-article warm-up pattern")

    monkeypatch.setattr(M.LexMatcher, "_for_text", no_warm_up)
    loaded.expect(M.WARM_ARTICLES + 1)
    assert findings(loaded, doc, Config().settings_for(loaded, None, packs, None)) == built
    assert loaded.matcher._latin is not None
    # the kinds' own matchers too (condition: the words that attribute a figure)
    condition = next(k for k in loaded.kinds if type(k).__module__.endswith(".condition"))
    figure_words = list(condition.sources.values())
    assert figure_words
    for m in figure_words:
        m._pending = True  # (as loaded from the engine cache)
        m.find("The figure was 43%, the report said. " * 3)  # (no warm-up pattern: see no_warm_up)
    few = plaindata.loads(plaindata.dumps(ENGINE))
    few.expect(M.WARM_ARTICLES)  # a few articles: the warm-up stays
    with pytest.raises(AssertionError, match="warm-up"):
        findings(few, doc, Config().settings_for(few, None, packs, None))


def test_check_tells_the_engine_how_many_articles_it_checks(tmp_path, monkeypatch):
    from annotator.commands import check

    told = []
    monkeypatch.setattr(type(ENGINE), "expect", lambda self, n: told.append(n))
    for i in range(3):
        (tmp_path / f"a{i}.txt").write_text("A headline\n\nThe minister said the plan would work.\n")
    from annotator.cli import main

    main(["check", "--jobs", "1", "--fail-on", "never", "--format", "jsonl", str(tmp_path)])
    assert told and told[-1] == 3


def test_warm_up_pattern_hits_equal_the_whole_pattern():
    forms = ["so", "so-called", "abc_", "_x", "9/11", "u.s.", "don't", "co-op", "\u00e9", "\u00e9a", "a b",
             "x-ray machine", "'s", "\u00a35", "mr.", "abc", "ab", "abc_def", "a_b", "so called", "called", "x",
             "x-ray", "ray", "1st", "s", "caf\u00e9 au lait"]
    m = M.LexMatcher()
    for i, f in enumerate(forms):
        m.add(f, (0, i, "base"))
    m.compile()
    loaded = plaindata.loads(plaindata.dumps(m))
    loaded._uses = -10**9  # stay on warm-up patterns
    toks = forms + ["-", "_", ".", "'", "\u2019", " ", "  ", "\n", "\u00a0", "Abc", "SO", "X", "\u00c9", "zz",
                    "1", "/", "\u00a3", "CAF\u00c9  AU\u00a0LAIT", "K", "\u212a"]
    rnd = random.Random(11)
    for _ in range(3000):
        text = "".join(rnd.choice(toks) + rnd.choice(["", " ", "-", "_"]) for _ in range(rnd.randint(1, 12)))
        assert loaded.find(text) == m.find(text), text


@pytest.mark.parametrize("extra", [[], ["\u03c9x"]])
def test_the_utf8_pattern_is_searched_where_one_of_its_forms_may_match(extra, monkeypatch):
    # forms outside Latin-1: the UTF-8 pattern runs only over a view holding one of their
    # characters of no case (a Devanagari letter); a form with none ("\u03c9x": omega has a
    # capital) makes it run over every view. The same hits as searching every view.
    forms = ["\u0938\u094d\u0930\u094b\u0924\u0915\u093e \u0905\u0928\u0941\u0938\u093e\u0930",
             "\u090f\u0915 \u0938\u094d\u0930\u094b\u0924\u0932\u0947", "said", "k\u00e9y"] + extra
    m = M.LexMatcher()
    for i, f in enumerate(forms):
        m.add(f, (0, i, "base"))
    m.compile()
    gated = plaindata.loads(plaindata.dumps(m))
    everywhere = plaindata.loads(plaindata.dumps(m))
    everywhere._uni_needs = None  # as it was: the pattern run over every view
    needs = gated._uni_needs
    toks = forms + ["\u0938", "\u0905\u0928\u0941\u0938\u093e\u0930", "\u03a9X", "\u03c9", "\u212a", "K", " ",
                    "\u00a0", "\n", "x", "\u2019", "S\u0391ID", ".", "\u0915"]
    rnd = random.Random(5)
    searched = 0
    for _ in range(2000):
        text = "".join(rnd.choice(toks) + rnd.choice(["", " "]) for _ in range(rnd.randint(1, 10)))
        searched += needs is None or not needs.isdisjoint(text)
        assert gated.find(text) == everywhere.find(text), text
    assert (needs is None) == bool(extra)
    assert 0 < searched < 2000 or extra


def _unanchored_find(m, view, rx, data):
    """LexMatcher.find as it was: one RE2 search after another over the text, with one pattern
    of all forms (the reference for the plain words found by their runs)."""
    forms, out, n, pos = m.forms, [], len(data), 0
    while pos < n:
        s, e = rx.Match(re2._Anchor.UNANCHORED, data, pos, n)[0]
        if s < 0:
            break
        text = view[s:e]
        if text.isalpha():
            if M._boundary(view, s, e):
                p = forms.get(text.lower())
                if p:
                    out.append((s, e, p))
            pos = e
            continue
        m._hits(out, view, s, e, forms)
        if e - s > 1 and not text.isalnum() and " " in M.normalise(text):
            k = s + 1
            while k < e and M._is_word(view[k]):
                k += 1
            while k < e and not M._is_word(view[k]):
                k += 1
            pos = k if k < e else e
        else:
            pos = e if e > s else s + 1
    return out


def _whole_pattern(m, case_sensitive=True):
    opts = re2.Options()
    opts.encoding = re2.Options.Encoding.LATIN1
    opts.case_sensitive = case_sensitive
    return re2.compile(m._latin_pattern(range(len(m._regexes))), opts)._regexp


def test_case_folding_matches_a_case_insensitive_latin1_pattern():
    # the alternation runs case-sensitively over ASCII-lower-cased text; RE2's case-insensitive
    # Latin-1 mode folds ASCII letters only, so the two agree (CAF\u00c9 is not caf\u00e9 in either)
    m = M.LexMatcher()
    for i, f in enumerate(["caf\u00e9", "said", "\u00e9tat", "kilo", "the so-called"]):
        m.add(f, (0, i, "base"))
    m.compile()
    old = _whole_pattern(m, case_sensitive=False)
    rnd = random.Random(5)
    toks = ["Caf\u00e9", "CAF\u00c9", "caf\u00e9", " SAID ", "said", "\u00c9tat", "KILO", "\u212a", "The So-Called",
            " ", "\n", "-", "\u2019"]
    for _ in range(2000):
        text = "".join(rnd.choice(toks) for _ in range(rnd.randint(1, 10)))
        raw = text.replace("\u2019", "'").replace("\u2018", "'").encode("latin-1", "replace")
        assert m.find(text) == _unanchored_find(m, text, old, raw), text


def test_plain_words_found_by_their_runs_equal_the_whole_pattern():
    # a plain word (one ASCII word, the first run of no other form) is found among
    # the text's runs, the other forms by a pattern of their own (LexMatcher._split): the hits
    # are those of one pattern of all forms. "foo_" (no run of its own) can start where the
    # run "foo_x" does; "so" begins "so-called"
    forms = ["so", "so-called", "said", "foo_", "foo_x", "foo", "_x", "x", "9/11", "u.s.", "u", "don't", "don",
             "a b", "b", "caf\u00e9", "caf", "x-ray", "ray", "1st", "mr.", "mr", "\u00e9", "abc", "abc_def",
             "'s", "\u00a35", "co-op", "x-ray machine"]
    m = M.LexMatcher()
    for i, f in enumerate(forms):
        m.add(f, (0, i, "base"))
    m.compile()
    plain = m._split()[0]
    assert b"said" in plain and b"foo" in plain and b"so" not in plain and b"foo_x" not in plain
    whole = _whole_pattern(m)
    toks = forms + ["-", "_", ".", "'", " ", "  ", "\n", "\u00a0", "SAID", "So", "\u00c9", "zz", "1", "/", "K"]
    rnd = random.Random(12)
    for _ in range(3000):
        text = "".join(rnd.choice(toks) + rnd.choice(["", " ", "-", "_", "'"]) for _ in range(rnd.randint(1, 14)))
        assert m.find(text) == _unanchored_find(m, text, whole, M.latin(text)), text


def test_prev_word_equals_the_regex_search():
    rx = re.compile(_PREV_WORD)
    alphabet = list("ab Z9_\u2019'-\"\u201c\u201d\u2018(),:;\u2014\u2013.!\n\t\u00a0\u00e9")
    rnd = random.Random(1)
    for _ in range(20000):
        n = rnd.randint(0, 60)
        view = "".join(rnd.choice(alphabet) for _ in range(n))
        start = rnd.randint(0, n)
        m = rx.search(view, max(0, start - 40), start)
        want = m.group(1).lower().replace("\u2019", "'") if m else ""
        assert prev_word(view, start) == want, (view, start)


def test_lines_split_in_c_equal_the_regex_lines():
    alphabet = list("ab \t\n\n\r\u00a0\ufeff.x\u2028\x0b")
    rnd = random.Random(2)
    for _ in range(20000):
        n = rnd.randint(0, 30)
        text = "".join(rnd.choice(alphabet) for _ in range(n))
        start = rnd.randint(0, n)
        end = rnd.randint(start, n)
        assert lines_of(text, start, end) == list(_lines_re(text, start, end)), (text, start, end)


@pytest.mark.parametrize("text", [
    "\u0928\u092e\u0938\u094d\u0924\u0947 \u0926\u0941\u0928\u093f\u092f\u093e \u0915\u0947 \u0932\u094b\u0917",
    "plain ascii", "caf\u00e9 \u2014 \u201cquoted\u201d", "\u0141\u00f3d\u017a \u2192 \u20ac5",
])
def test_non_latin_probe_equals_the_python_class(text):
    from annotator.engine.kinds.condition import _NON_LATIN

    doc = build_doc({"text": text})
    ctx_probe = ENGINE.probes.match(doc.view.encode("utf-8"))
    kind = next(k for k in ENGINE.kinds if type(k).__module__.endswith(".condition"))
    assert (kind.non_latin in ctx_probe) == bool(re.search(_NON_LATIN, doc.view))


def test_coarse_letters_equal_the_skeletons_letters():
    # kind consistency, names: a word is skipped when its letters rule out every name's skeleton
    from annotator.engine.kinds.consistency import _coarse, _skeleton

    rnd = random.Random(3)
    alphabet = "aeiouyjAEIOUYJbcdklmnsStTzZ-'. 1"
    words = ["Zelenskyy", "Zelensky", "Zelenskiy", "Tokayev", "Tokaev", "Kassym-Jomart", "McCain", "Liddell",
             "Aiea", "Iyi", "JJ", "O'Neill", "Smith-Jones", "Yiannis"]
    words += ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 10))) for _ in range(3000)]
    for w in words:
        assert _coarse(w) == frozenset(_skeleton(w)) - {"i"}, w


def test_single_letters_equal_the_regex():
    # kind consistency, names: doubled letters are made single with groupby, not a regex template
    from annotator.engine.kinds.consistency import _single_letters, _skeleton

    doubled = re.compile(r"(.)\1+")
    rnd = random.Random(9)
    alphabet = "aabbeeiijjyyoouuz\u00e9\u00df\u0436"  # what a skeleton is made of: lower-case letters
    for _ in range(3000):
        w = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 12)))
        assert _single_letters(w) == doubled.sub(r"\1", w), w
    assert _skeleton("Zelenskyy") == _skeleton("Zelensky") == "zelenski"


@pytest.mark.parametrize("searches_max", [None, 0])
def test_doubled_words_gate_lets_every_match_of_the_pattern_through(monkeypatch, searches_max):
    # kind condition, repeated-word: DOUBLED runs only when the folded view split at spaces and
    # EDGES has two equal neighbours; every match of the pattern must pass that gate. Both ways
    # of running it: tried at each candidate's places (a few words doubled) and one pass over
    # the view (past DOUBLED_SEARCHES_MAX words; 0 here, as these views double only a few)
    from annotator.engine.kinds import condition
    from annotator.engine.kinds.condition import DOUBLED, _fold, doubled

    if searches_max is not None:
        monkeypatch.setattr(condition, "DOUBLED_SEARCHES_MAX", searches_max)

    rx = re.compile(DOUBLED, re.IGNORECASE)
    toks = ["the", "The", "THE", "had", "a", "A", "\u00c9t\u00e9", "\u00e9t\u00e9", "\u0130s", "is", "\u0131s",
            "\u039f\u0394\u039f\u03a3", "\u03bf\u03b4\u03bf\u03c3", "\u03bf\u03b4\u03bf\u03c2", "\u212a", "k", "\u017f",
            "s", "x9", "_x", "9", "\u00bd", "(", ")", "\u201c", "\u201d", "\u2014", "'", "\u2019", "-", "?", "\u2020",
            ".", ",", "\u0917\u0930\u0947\u0915\u094b", "\u0917\u0930", "\u0917\u0930\u0947", "\u0964",
            "\u0301", "e\u0301"]
    gaps = ["", " ", " ", "  ", "\t", "\u00a0", "\n", " \n ", "\r\n", "\n\n", "\u2003"]
    rnd = random.Random(7)
    for _ in range(6000):
        view = "".join(rnd.choice(toks) + rnd.choice(gaps) for _ in range(rnd.randint(1, 10)))
        want = [(m.start(), m.end(1), m.start(2), m.end()) for m in rx.finditer(view)]
        allow = frozenset(rnd.choice([(), ("is",), ("the", "had")]))
        assert doubled(view, allow) == [w for w in want if _fold(view[w[0]:w[1]]) not in allow], (view, allow)


def test_the_pattern_of_forms_outside_latin1_is_compiled_and_run_only_for_texts_with_their_letters():
    """The forms outside Latin-1 (the Nepali cue forms) are one UTF-8 pattern; compiling it cost
    ~11M instructions at every start-up (3% of a one-file check). It is compiled on first use,
    and not run at all over a text that holds none of the uncased letters (Devanagari here)
    every such form has one of: the hits are those of the pattern run over every text."""
    m = M.LexMatcher()
    for i, f in enumerate(["भने", "बताए", "उनले भने", "said"]):
        m.add(f, (0, i, "base"))
    m.compile()
    assert m._uni_needs is not None and m._utf8 is None
    loaded = plaindata.loads(plaindata.dumps(m))
    always = plaindata.loads(plaindata.dumps(m))
    always._uni_needs = None  # as it was: the pattern run over every text
    texts = ["He said it.", "उनले भने, “हो”", "He said: भने", "Œuvre — no Nepali", "x बताए y", "भ ने"]
    for text in texts:
        assert m.find(text) == loaded.find(text) == always.find(text), text
    assert [h[:2] for h in loaded.find("x बताए y")] == [(2, 6)]
    fresh = plaindata.loads(plaindata.dumps(m))
    assert fresh.find("He said it. Œuvre.") and fresh._utf8 is None  # never compiled
    # a form outside Latin-1 with only cased letters: looked for in every text, case-insensitively
    c = M.LexMatcher()
    for i, f in enumerate(["œuvre", "भने"]):
        c.add(f, (0, i, "base"))
    c.compile()
    assert c._uni_needs is None
    assert [h[:2] for h in c.find("His Œuvre and भने")] == [(4, 9), (14, 17)]


def test_a_cached_word_scan_piece_re2_refuses_matches_nothing_not_a_crash():
    """The word scan of an engine read from the cache is compiled on first use, when the entry
    can no longer be refused and rebuilt: a piece RE2 refuses (only a damaged or planted entry
    holds one) was a re2 traceback mid-run; now the regex matches nothing (plain words are
    still found) and the run goes on. Pieces of the wrong type or outside Latin-1 are refused
    when read (the entry is rebuilt)."""
    state = ENGINE.matcher.__getstate__()
    regexes, runs, firsts = state["packed"]
    text = "Officials admitted the plan was hastily drafted; critics said it was a power grab."
    for uses in (0, M.WARM_ARTICLES):  # (warming up, and the whole pattern)
        m = M.LexMatcher.__new__(M.LexMatcher)
        m.__setstate__({**state, "packed": ("(unclosed" + regexes[regexes.index("\n"):], runs, firsts)})
        m._uses = uses
        assert isinstance(m.find(text), list)
    broken = M.LexMatcher.__new__(M.LexMatcher)
    broken.__setstate__({**state, "uni": "(unclosed", "uni_needs": None})  # (tried on any text)
    assert list(broken._uni_hits("any text")) == [] and broken._uni is None
    for bad in ({"packed": (regexes + "\u20ac", runs, firsts)}, {"packed": (regexes, regexes, firsts)},
                {"packed": (regexes, runs + b"\nextra", firsts)}, {"n_inner": -1},
                {"packed": None, "pieces": ([1], [b""], [b""])}):
        with pytest.raises((ValueError, UnicodeEncodeError)):
            M.LexMatcher.__new__(M.LexMatcher).__setstate__({**state, **bad})
    with pytest.raises(re2.error):  # (an engine being built still says it)
        M._compile_latin(b"(unclosed")
