"""The analysis and serialization fast paths give what the plain versions
give: tokens from (space, token) pairs, the words of a capitalised run from
splitting it, the possessive stripped by hand, line starts by str.find,
standalone name words from one pass per initial, line/column through one per-document
index.  (Equivalence only: no timings here.)"""

import random
import re
from bisect import bisect_right

import pytest

from annotator.analysis import speakers as S
from annotator.analysis.attribution import TOKEN_PATTERN, _QUOTE, has_quote_token, tokenize

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


class _PlainRegistry(S.Registry):
    """The registry scan as first written: each capitalised run split into
    (start, end, word) pieces and taken word by word, the titles' suffixes
    worked out per mention (the reference for the per-text plans)."""

    def _scan(self):
        view, mask, lex = self.doc.view, self.doc.quote_mask, self.lex
        for m in S._MULTIRUN.finditer(view):
            start = m.start()
            if mask is not None and mask[start]:
                continue
            if start and (view[start - 1].isalnum() or view[start - 1] in "’'-"):
                continue
            run = []
            for w in _RUNWORD.finditer(view, start, m.end()):
                t = w.group()
                if t[-1] == "." and not (t in lex.title_gender or len(t) == 2 or t.count(".") > 1):
                    run.append((w.start(), w.end() - 1, t[:-1]))
                    self._take(run)
                    run = []
                else:
                    run.append((w.start(), w.end(), t))
            if run:
                self._take(run)
        for surname in list(self.surnames):
            for w in re.finditer(re.escape(surname), view):
                i, j = w.span()
                if (i == 0 or not (view[i - 1].isalnum() or view[i - 1] in "'’.-")) and (
                    j >= len(view) or not (view[j].isalnum() or view[j] == "-")
                ) and i not in self._starts and not (mask is not None and mask[i]):
                    j += 2 if view[j:j + 2] in ("'s", "’s") else 0
                    if not (view[j:j + 1] == " " and view[j + 1:j + 2].isupper()):
                        ent = self.by_surname(surname, i)
                        if ent is not None:
                            self._mention(ent, i, j)
        self.timeline.sort(key=lambda x: x[0])
        self.spans.sort(key=lambda x: x[0])

    def _take(self, run):
        lex = self.lex
        while run and run[-1][2] in S._CONNECT:
            run = run[:-1]
        while run and run[0][2] in (lex.not_names | lex.days | lex.months) and run[0][2] not in lex.title_gender:
            run = run[1:]
        if not run:
            return
        s, e = run[0][0], run[-1][1]
        words = [t for _, _, t in run]
        words[-1] = _POSSESSIVE.sub("", words[-1])
        if len(words) == 1 and words[0] not in self.titles:
            ent = self.by_surname(words[0], s)
            if ent is not None:
                self._mention(ent, s, e)
            elif words[0] in lex.org_words:
                self._entity(words[0], "organization", s, e)
            return
        if any(w.rstrip(".") in lex.org_words for w in words):
            self._entity(" ".join(words), "organization", s, e)
            return
        kept = S._without_place(run, words, lex)  # a place (or a day) that makes or ends the run
        if kept is not run:
            if kept:
                self._take(kept)
            return
        i = S._of_place(words, lex)  # "Bernie Sanders of Vermont"
        if i:
            self._take(run[:i])
            return
        t_start = t_end = -1
        gender = None
        for n, w in enumerate(words):
            for parts, g in self.titles.get(w, ()):
                if tuple(words[n:n + len(parts)]) == parts:
                    t_start, t_end = n, n + len(parts)
                    gender = g if g != "any" else gender
                    break
        if t_end < 0:
            self._entity(" ".join(words), "person", s, e)
            return
        name_words = words[t_end:]
        if not name_words:
            ent = self.by_title(words[t_start].lower(), s)
            if ent is not None:
                self._mention(ent, s, e)
            return
        ent = self.by_surname(name_words[0], s) if len(name_words) == 1 else None
        if ent is not None:
            self._mention(ent, s, e)
        else:
            ent = self._entity(" ".join(name_words), "person", s, e)
        for title in (" ".join(words[:t_end]).lower(), " ".join(words[t_start:t_end]).lower()):
            ent.titles.add(title)
            tw = title.split(" ")
            for k in range(len(tw)):
                self._add_title_key(ent, " ".join(tw[k:]))
        if ent.title_display is None:
            ent.title_display = " ".join(words[:t_end])
        if gender and ent.gender is None:
            ent.gender = gender


def _registry_state(reg):
    ents = [(e.name, e.surname, e.kind, sorted(e.titles), e.title_display, e.gender, e.mentions, e.first)
            for e in reg.entities.values()]
    return (ents, [(o, e.name) for o, e in reg.timeline], [(s, e, x.name) for s, e, x in reg.spans],
            {k: [(o, e.name) for o, e in v] for k, v in reg.surnames.items()}, reg._starts,
            {k: (offsets, [e.name for e in ents]) for k, (offsets, ents) in reg._titled.items()})


_NAME_WORDS = ("President Vladimir Putin Putin. Putin's Mr Reed Tom Reed Reed’s Prime Minister Tony Blair "
               "Blair. Sen. Dr. Bank of England BBC The But On Monday March U.S. J. Smith al Assad Bashar "
               "Chief Executive Ms Jones Jones. the president said of de Lord Chancellor Lady Kazakh "
               "Minister Gordon Brown Brown's Brown. Corp. Airways British Labour Party").split()


def test_registry_plans_equal_the_plain_scan():
    rng = random.Random(11)
    texts = []
    for _ in range(1500):
        words = [rng.choice(_NAME_WORDS) for _ in range(rng.randrange(1, 30))]
        texts.append("".join(w + rng.choice((" ", " ", " ", ", ", ".\n", "\u00a0", "  ")) for w in words))
    texts += list(_texts(alphabet="Ab Cd\u00a0of de.X'’-9U.S ", longest=40, n=1500))
    for n, text in enumerate(texts):
        doc = Document(text)
        if n % 3 == 1:
            doc.quote_mask = bytearray(rng.random() < 0.2 for _ in text)
        assert _registry_state(S.Registry(doc)) == _registry_state(_PlainRegistry(doc)), text
    # a second pass meets every text's plan cached
    for text in texts[:300]:
        doc = Document(text)
        assert _registry_state(S.Registry(doc)) == _registry_state(_PlainRegistry(doc)), text


def test_latin1_run_scan_equals_the_pattern():
    # every Latin-1 character, beside capitals, connectors, periods and spaces
    latin1 = "".join(chr(b) for b in range(256))
    rng = random.Random(17)
    pieces = ["Ab", "Cd", "X", "of", "de", " ", " ", "\u00a0", ".", "'", "-", "U.S.", "al", "é", "É"]
    texts = list(_texts(alphabet="Ab Cd\u00a0of de.X'’-9U.S é_ª²µÀ×ß÷ÿ\t\n", longest=40))
    for _ in range(3000):
        texts.append("".join(rng.choice(pieces) if rng.random() < 0.8 else rng.choice(latin1)
                             for _ in range(rng.randrange(30))))
    texts += ["Ab" + c + "Cd Ef" for c in latin1] + ["Ab Cd" + c + " Ef Gh" for c in latin1]
    texts += ["Ab Cd ’ Ef “Gh Ij”", "Ab\u2019s Cd"]  # not Latin-1: the str pattern
    for text in texts:
        assert [m.span() for m in S._runs(text)] == [m.span() for m in S._MULTIRUN.finditer(text)], repr(text)
