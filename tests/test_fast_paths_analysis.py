"""The analysis and serialization fast paths give what the plain versions
give: tokens from (space, token) pairs, the words of a capitalised run from
splitting it, the possessive stripped by hand, line starts by str.find,
standalone name words from one pass per initial, line/column through one per-document
index.  (Equivalence only: no timings here.)"""

import random
import re
from bisect import bisect_left, bisect_right

import pytest

from annotator.analysis.attribution import _QUOTE, TOKEN_PATTERN, has_quote_token, tokenize
from annotator.analysis.coref import registry as S

# the token pattern as first written (greedy, not possessive)
_PLAIN_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|\w+(?:[-'’.&]\w+)*|[^\w\s]")
from annotator.document import _NEWLINE, Document, LineIndex
from annotator.engine.kinds.consistency import _standalone
from annotator.serialize import _Positions, dumps, to_dict

_ALPHABET = "ab AB.'’-\"“”s\n\u00a0,:;?!&x1_é"


def _texts(n=3000, seed=7, alphabet=_ALPHABET, longest=40):
    rng = random.Random(seed)
    for _ in range(n):
        yield "".join(rng.choice(alphabet) for _ in range(rng.randrange(longest)))


def _plain_tokenize(view, start, end, mask=None):
    """The plain version: a match object per token, quoted stretches merged."""
    out = []
    for m in _PLAIN_TOKEN.finditer(view, start, end):
        s = m.start()
        if mask is not None and mask[s]:
            if out and out[-1][2] == _QUOTE and (out[-1][1] >= s - 1 or all(mask[out[-1][1]:s])):
                out[-1][1] = m.end()
            else:
                out.append([s, m.end(), _QUOTE])
            continue
        out.append([s, m.end(), m.group()])
    return [tuple(t) for t in out]


def test_tokenize_equals_the_plain_version():
    rng = random.Random(3)
    for text in _texts():
        mask = bytearray(rng.random() < 0.3 for _ in text)
        for m in (None, mask):
            start = rng.randrange(len(text) + 1)
            end = rng.randrange(start, len(text) + 1)
            got = [(t.start, t.end, t.text) for t in tokenize(text, start, end, m)]
            assert got == _plain_tokenize(text, start, end, m), (text, start, end, m)
            assert all(t.low == t.text.lower() for t in tokenize(text, start, end, m))


def test_tokenize_over_quoted_runs_equals_the_plain_version():
    """Quoted stretches of several words (the mask in runs, as quotations make it): tokenize
    reads only their first and last words, and must give the plain version's tokens."""
    from annotator.analysis.attribution.tokens import _to_read

    rng = random.Random(5)
    alphabet = _ALPHABET + "«»‘   "
    skipped = 0
    for text in _texts(n=6000, seed=11, alphabet=alphabet, longest=60):
        mask = bytearray(len(text))
        for _ in range(rng.randrange(4)):
            a = rng.randrange(len(text) + 1)
            b = rng.randrange(a, len(text) + 1)
            mask[a:b] = b"\x01" * (b - a)
        start = rng.randrange(len(text) + 1) if rng.random() < 0.5 else 0
        end = rng.randrange(start, len(text) + 1) if rng.random() < 0.5 else len(text)
        got = [(t.start, t.end, t.text) for t in tokenize(text, start, end, mask)]
        assert got == _plain_tokenize(text, start, end, mask), (text, start, end, mask)
        if mask.find(1, start, end) >= 0:
            skipped += len(list(_to_read(text, start, end, mask))) > 1
    assert skipped > 100  # (the inside of a quoted stretch was left unread that often)


# the possessive ending as a regex strips it (the reference)
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
# the words of a capitalised run, as a regex would find them (the reference)
_RUNWORD = re.compile(r"[A-Z][\w’'\-]*(?:\.[A-Z])*\.?|[a-z]+")


def test_capitalised_run_words_equal_the_regex_words():
    for text in _texts(alphabet="Ab Cd\u00a0of de.X'’-9 ", longest=30):
        for m in S._MULTIRUN.finditer(text):
            want = [(w.start(), w.end(), w.group()) for w in _RUNWORD.finditer(text, m.start(), m.end())]
            got = []
            pos = m.start()
            for t in m.group().replace("\u00a0", " ").split(" "):
                if t:
                    got.append((pos, pos + len(t), t))
                pos += len(t) + 1
            assert got == want, text


@pytest.mark.parametrize("word", ["", "'", "'s", "Putin", "Putin's", "Putin’s", "players'", "X''", "X's's", "s", "ab’"])
def test_strip_possessive_equals_the_regex(word):
    assert S.strip_possessive(word) == _POSSESSIVE.sub("", word)


def test_line_starts_equal_the_regex_line_starts():
    for text in list(_texts(alphabet="ab\n\r ")) + ["", "\n", "a\n", "\n\na"]:
        assert LineIndex(text).starts == [0] + [m.end() for m in _NEWLINE.finditer(text)], repr(text)


def test_standalone_words_equal_the_regex():
    # texts of pieces: name words, parts of them, and the characters around words that matter
    pieces = ["Xaba", "Xab", "Xabé", "Xaba-b", "Yaba", "a", "b", "-", "'", "’", "s", " ", "_", "é", "1", ".", "X"]
    rng = random.Random(11)
    words = {"Xaba", "Xaba-b", "Xabé", "Yaba"}  # matches of _initial_words, as the names check passes
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(12)))
        got = _standalone(text, words)
        for word in words:
            want = [(m.start(), m.end()) for m in
                    re.finditer(r"(?<![\w’'-])" + re.escape(word) + r"(?![\w-]|['’](?!s\b))", text)]
            assert got.get(word, []) == want, (text, word)


def test_positions_equal_two_bisections():
    for text in _texts(alphabet="ab\n\r ", longest=30):
        doc = Document(text or " ")
        at = _Positions(doc)
        starts = doc.lines.starts
        n = len(doc.text)
        for start in range(n + 1):
            for end in range(max(0, start - 2), n + 1):
                i = bisect_right(starts, start) - 1
                j = bisect_right(starts, end) - 1
                want = {"start": start, "end": end, "line": i + 1, "column": start - starts[i] + 1,
                        "end_line": j + 1, "end_column": end - starts[j] + 1}
                assert at.pos(start, end) == want
                assert at.span_text(start, end) == {**want, "text": doc.view[start:end]}


def test_inlined_block_positions_equal_pos():
    from annotator.analysis import analyse
    from annotator.readers import read_text

    for text in ["Headline\r\n\r\nOne. Two three.\r\nFour five six. Seven.\r\n\r\nLast one here.\n",
                 "Title\n\nA first paragraph. It has \"quoted words,\" she said.\n\nAnother.\nLine two.\n"]:
        doc = analyse(read_text(text))
        at = _Positions(doc)
        d = to_dict(doc)
        assert d["paragraphs"] == [{**at.pos(p.start, p.end), "kind": p.kind} for p in doc.paragraphs]
        assert d["sentences"] == [{**at.pos(s.start, s.end), "paragraph": s.paragraph} for s in doc.sentences]
        assert d["stats"]["words"] == sum(len(doc.view[p.start:p.end].split()) for p in doc.paragraphs)


def test_item_json_equals_the_reindented_document():
    import json

    for obj in [{}, [], {"a": [1, {"b": "x\ny"}], "c": {}, "d": []}, {"s": "\ud800"}, {"n": 2 ** 70}, {"é": "“x”"}]:
        assert dumps(obj, item=True) == "  " + dumps(obj, pretty=True).replace("\n", "\n  ")
        # json.dumps writes a lone surrogate raw (not UTF-8); dumps escapes it (issue 12, item 5)
        want = json.dumps([obj], ensure_ascii=False, indent=2)[2:-2].replace("\ud800", "\\ud800")
        assert dumps(obj, item=True) == want


def test_capitalised_runs_equal_the_plain_pattern():
    plain = re.compile(rf"{S._W}(?:[ \u00a0]+(?:{S._CONN}[ \u00a0]+)?{S._W})+")
    samples = list(_texts(alphabet="Ab Cd\u00a0of de.X'’-9U.S ", longest=30))
    samples += ["U.S. Army chief Gen. Mark A. Milley of the Bank of England", "New York-based BBC  Radio of x",
                "Mr.Smith Jones", "Putin's Kremlin", "A. B. C.", "Bank of england", "X  of  Y"]
    for text in samples:
        assert [m.span() for m in S._MULTIRUN.finditer(text)] == [m.span() for m in plain.finditer(text)], text


def test_possessive_token_pattern_equals_the_plain_one():
    for text in _texts(alphabet="aB.-'’&_ \n1é", longest=30):
        assert [m.span() for m in re.finditer(TOKEN_PATTERN, text)] == [m.span() for m in _PLAIN_TOKEN.finditer(text)], text


def test_has_quote_token_equals_tokenizing():
    rng = random.Random(5)
    for text in _texts():
        mask = bytearray(rng.random() < 0.2 for _ in text)
        start = rng.randrange(len(text) + 1)
        end = rng.randrange(start, len(text) + 1)
        want = any(t.text == _QUOTE for t in tokenize(text, start, end, mask))
        assert has_quote_token(text, start, end, mask) == want, (text, start, end)




def test_the_scans_word_set_questions_equal_the_plain_loops():
    """A run's words asked about with one isdisjoint or set lookup (registry._WordSets) answer
    what the loops over the lexicon's sets answered (words of a run end in one period at most)."""
    from annotator.analysis.lexicon import people

    lex = people()
    sets = S._word_sets(lex)
    vocab = sorted(w for w in (lex.org_words | lex.not_names | lex.days | lex.months | set(lex.title_gender)
                               | lex.place_words | {p.split()[0] for p in lex.places}) if " " not in w)
    pool = vocab + [w.rstrip(".") + "." for w in vocab] + ["Putin", "Smith’s", "NBC's", "of", "de", "Co"]
    rng = random.Random(5)
    for _ in range(3000):
        words = [rng.choice(pool) for _ in range(rng.randrange(1, 6))]
        assert (not sets.org.isdisjoint(words)) == any(w.rstrip(".") in lex.org_words for w in words), words
        assert (not sets.place_or_day.isdisjoint(words)) == any(w in lex.place_words or w in lex.days for w in words)
        assert [w in sets.lead for w in words] == [
            (w in lex.not_names or w in lex.days or w in lex.months) and w not in lex.title_gender for w in words]
        name = " ".join(words)
        plain = next((" ".join(words[k + 1:]) for k in range(len(words) - 2, -1, -1)
                      if words[k].endswith(("'s", "’s"))), name)
        assert S._without_affiliation(name) == plain, name
        if sets.place_first.isdisjoint(words) and words[-1] not in lex.days:
            assert S._without_place(words, lex) == len(words), words  # (the scan skips the call then)
        if sets.marked.isdisjoint(words):  # (the scan takes the run as a name at once then)
            assert not any(w.rstrip(".") in lex.org_words for w in words) and S._of_place(words, lex) == 0
            assert S._without_place(words, lex) == len(words) and not any(w in S._title_index(lex) for w in words)


def _at_as_first_written(spans, start, end):
    """Registry.at as first written: the spans around the bisection point, then a walk forward."""
    i = bisect_left([s for s, _, _ in spans], start)
    for j in (i - 1, i, i + 1):
        if 0 <= j < len(spans):
            s, e, ent = spans[j]
            if s < end and start < e:
                return ent
    for j in range(i, len(spans)):
        s, e, ent = spans[j]
        if s >= end:
            break
        if start < e:
            return ent
    return None


def test_the_entity_at_a_span_equals_the_first_written_lookup():
    words = "Tony Blair Blair. Mr Blair met Gordon Brown of Labour in Downing Street and President Bush .".split()
    rng = random.Random(9)
    for _ in range(200):
        text = " ".join(rng.choice(words) for _ in range(rng.randrange(1, 30)))
        reg = S.Registry(Document(text))
        assert reg.offsets == [s for s, _, _ in reg.spans] == [s for s, _ in reg.timeline]
        for start in range(0, len(text) + 1, 3):
            for end in (start, start + 1, start + 4, start + 12):
                assert reg.at(start, end) is _at_as_first_written(reg.spans, start, end), (text, start, end)


class _OneSentence:
    """A document of one sentence, all that the attributor's token cache reads."""

    def __init__(self, text, mask):
        from annotator.document import Sentence

        self.view, self.quote_mask, self._s = text, mask, Sentence(0, len(text), 0)

    def sentence_at(self, offset):
        return self._s if 0 <= offset < self._s.end else None


def _attributor(text, mask):
    from annotator.analysis.attribution.quotations import Attributor

    a = Attributor.__new__(Attributor)  # (only the token cache: no cues, no lexicons)
    a.doc = _OneSentence(text, mask)
    a.view, a._tokens, a._heads = text, {}, {}
    return a


def test_sentence_windows_and_stretches_equal_tokenizing(monkeypatch):
    """A cue's window is the first tokens of its sentence, through the cue and at least
    HEAD_AFTER_TOKENS past it, read on from where an earlier cue's stopped; ``_all`` is all of
    them; ``tokens(start, end)`` is ``tokenize`` of the stretch, sliced from the sentence's tokens
    when it can be. Each equals tokenizing the text again, in any order of asking."""
    from annotator.analysis.attribution import quotations
    from annotator.analysis.attribution.quotations import HEAD_AFTER_TOKENS, WINDOW_CACHE_CHARS
    from annotator.document import Cue

    calls = []
    monkeypatch.setattr(quotations, "tokenize", lambda *a: calls.append(a) or tokenize(*a))

    rng = random.Random(17)
    alphabet = _ALPHABET + "«»‘      "
    cut = sliced = 0
    for text in _texts(n=3000, seed=19, alphabet=alphabet, longest=WINDOW_CACHE_CHARS):
        mask = bytearray(len(text))
        for _ in range(rng.randrange(4)):
            a = rng.randrange(len(text) + 1)
            b = rng.randrange(a, min(len(text), a + 40) + 1)
            mask[a:b] = b"\x01" * (b - a)
            if b + 1 < len(text) and rng.random() < 0.5:  # quoted stretches one space apart: one placeholder
                text = text[:b] + " " + text[b + 1:]
                mask[b + 1:b + 20] = b"\x01" * len(mask[b + 1:b + 20])
        m = mask if rng.random() < 0.7 else None
        whole = tokenize(text, 0, len(text), m)
        if not whole:
            continue
        att = _attributor(text, m)
        for _ in range(4):
            if rng.random() < 0.25:
                a = rng.randrange(len(text) + 1)
                b = rng.randrange(a, len(text) + 1)
                n = len(calls)
                assert att.tokens(a, b) == tokenize(text, a, b, m), (text, a, b, m)
                sliced += len(calls) == n or calls[-1][1:3] == (0, len(text))
                continue
            t = rng.choice(whole)
            toks = att.window(0, Cue(t.start, t.end, t.text, "say", "neutral"), len(text))
            assert toks == whole[:len(toks)], (text, t, m)
            after = bisect_left([x.start for x in toks], t.end)
            assert len(toks) == len(whole) or len(toks) - after >= HEAD_AFTER_TOKENS, (text, t, m)
            cut += len(toks) < len(whole)
            assert att._all(toks, 0, len(text)) == whole
    assert cut > 500 and sliced > 200  # (windows stopped short, and stretches were sliced, that often)

def test_sentence_split_without_ellipsis_equals_the_one_pattern(monkeypatch):
    """split() looks for sentence ends with a pattern whose first class leaves out "…" where the
    text has none: the same sentences as the one pattern gives."""
    from annotator.analysis import sentences as T

    rng = random.Random(11)
    texts = list(_texts(4000, 5, "ab AB.?!…\"'”’“‘)(\n\u00a0 1é", 60))
    texts += ["Mr. Smith went. He said so... Then “Go!” She left. 3.5 p.m. Today."]
    got = [(t, s, e, T.split(t, s, e)) for t in texts for s, e in [(0, len(t)), sorted(rng.sample(range(len(t) + 1), 2)) if len(t) > 1 else (0, len(t))]]
    monkeypatch.setattr(T, "_CANDIDATE_LATIN", T._CANDIDATE)
    for t, s, e, sentences in got:
        assert sentences == T.split(t, s, e), (t, s, e)


def test_marks_found_by_character_equal_the_pattern_scan():
    """quotes._find_marks (a str.find per mark character) finds what _MARKS.finditer finds."""
    from annotator.analysis import quotes as Q

    alphabet = "ab '`\"“”„‟«»‘’‚‛‹›x\n"
    for text in list(_texts(4000, 13, alphabet, 30)) + ["''''' ``` `` ` 'a'' “x” ‘y’"]:
        assert Q._find_marks(text) == [(m.start(), m.group()) for m in Q._MARKS.finditer(text)], text


def test_cue_stretches_outside_quotes_give_the_hits_of_the_one_pass():
    """find_cues runs the automaton over the stretches of cues._outside_quotes: their hits that
    start outside quotations are those of one pass over the whole text, in the same order."""
    from annotator.analysis.attribution import cues as C
    from annotator.analysis.lexicon import cues as cue_lexicon

    lex = cue_lexicon()
    chars = C._form_characters(lex)
    rng = random.Random(17)
    pieces = ["said", "says", "he said", "according to", "in a statement", "questioning", "told", "pointed out",
              " ", "x", "s", "d", "-", "“", "”", "\""]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(12)))
        mask = bytearray(len(text))
        for _ in range(rng.randrange(4)):  # quotations: runs of the mask, some of a few characters
            a = rng.randrange(len(text) + 1)
            b = rng.randrange(a, min(len(text), a + rng.choice((3, 1000))) + 1)
            mask[a:b] = b"\x01" * (b - a)
        plain = [(e, f) for e, f in lex.automaton.iter(text) if not mask[e - len(f) + 1]]
        got = [(e, f) for a, b in C._outside_quotes(text, mask, chars) for e, f in lex.automaton.iter(text, a, b)
               if not mask[e - len(f) + 1]]
        assert got == plain, (text, mask)
        assert C._outside_quotes(text, None, chars) == [(0, len(text))]

def test_the_acronym_search_equals_the_one_pattern_search():
    # registry._the_acronyms (a literal-led pattern and a check of the "T"/"t" and the word
    # boundary before it) finds exactly what r"\b[Tt]he ([A-Z]{2,6})\b(?![’'.-]?\w)" finds
    import random
    import re

    from annotator.analysis.coref.registry import _the_acronyms

    ref = re.compile(r"\b[Tt]he ([A-Z]{2,6})\b(?![’'.-]?\w)")
    rng = random.Random(7)
    pieces = ["the ", "The ", "he ", "She ", "bathe ", "_the ", "éthe ", "TUC", "IAAF", "Ltd", "US'", "ID-",
              "BBC's", "ABCDEFG", " ", ".", "\n", "x", "the", "T", "é"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        got = [(m.start() - 1, m.span(1)) for m in _the_acronyms(text)]
        assert got == [(m.start(), m.span(1)) for m in ref.finditer(text)], text
