"""No article can stall a hook: the work per article grows linearly with it.

Functional checks, not timings: the searches that used to run once per
distinct name, per match or per paragraph now run once per article (counted
here), and the per-article tables give what the per-call work gave.  The
growth itself is measured by ``benchmarks/growth.py``."""

import os
import random
import subprocess
import sys

import pytest

from conftest import ROOT

from annotator.analysis import analyse
from annotator.analysis.coref import registry as S
from annotator.document import Document
from annotator.engine import get_engine
from annotator.engine.config import Config
from annotator.engine.context import Context
from annotator.engine.examples import build_doc
from annotator.engine.matcher import LexMatcher
from annotator.readers import read_text

ENGINE = get_engine()
SETTINGS = Config({"enable": ["attribution.unattributed-figure"]}, None).settings_for(ENGINE, None)  # (off by default)

sys.path.insert(0, os.path.join(ROOT, "benchmarks"))
import growth  # noqa: E402


class CountingStr(str):
    """A view that records the needles of its str.find calls."""

    def __new__(cls, s):
        obj = super().__new__(cls, s)
        obj.needles = []
        return obj

    def find(self, sub, *args):
        self.needles.append(sub)
        return super().find(sub, *args)


class CountingList(list):
    """A list that counts the loops over it."""

    loops = 0

    def __iter__(self):
        self.loops += 1
        return super().__iter__()


def _names_doc(n_paragraphs: int):
    """A name-dense article (``growth.names``: four people a paragraph), its view counting finds."""
    text = growth.names(n_paragraphs * 400)
    assert text.count("\n\n") >= n_paragraphs
    doc = read_text(text, "names.txt", "text")
    doc.view = CountingStr(doc.view)
    return doc


def test_surnames_are_found_in_one_pass_not_a_search_per_surname():
    doc = _names_doc(100)  # 400 people, each with a surname of their own
    analyse(doc)
    people = {sp.name for sp in doc.speakers if sp.kind == "person"}
    assert len(people) >= 300
    surnames = {name.split()[-1] for name in people}
    assert not surnames & set(doc.view.needles), "the text was searched for a surname"
    # and the surnames standing alone were found: "... Zyxbab said" is the speaker Alice Zyxbab
    for sp in doc.speakers[:50]:
        assert len(sp.mentions) >= 2, sp.name


@pytest.mark.parametrize("words", [["Ab", "Abc", "Ab_c", "Bc", "C", "Ab.C"],  # (few: str.find)
                                   ["Ab", "Abc", "Ab_c", "Bc", "C", "Ab.C", "Ab'", "B", "Cc", "A-b", "Bc.C"]
                                   + [f"Zy{n}" for n in range(60)]])  # (many: the automaton)
def test_surname_occurrences_equal_a_search_per_word(words):
    assert (len(words) > S._FIND_WORDS) == (len(words) > 6)
    rng = random.Random(2)
    for _ in range(500):
        view = "".join(rng.choice(["Ab", "c", "_", ".", "C", " ", "'s", "Bc", "-"]) for _ in range(rng.randrange(12)))
        got = S._occurrences(view, words)
        for w in words:
            want = [i for i in range(len(view)) if view.startswith(w, i)]
            assert got.get(w, []) == want, (view, w)


def test_names_spelt_two_ways_are_found_in_one_pass():
    # hundreds of people whose surnames pair up by spelling (Zyxabb / Zyxab...): the names
    # consistency check looks for every spelling, but not with a search of the text each
    doc = _names_doc(150)
    analyse(doc)
    before = len(doc.view.needles)
    ENGINE.check(doc, SETTINGS)
    name_words = {w for sp in doc.speakers for w in sp.name.split()}
    searched = set(doc.view.needles[before:]) & name_words
    assert not searched, sorted(searched)[:5]


def test_quotation_styles_are_paired_without_a_loop_per_mark():
    # a quotation in each paragraph opened curly and closed straight, against a curly majority
    para = 'He said “yes” and “no”. She said “maybe" then.'
    doc = build_doc({"text": "\n\n".join([para] * 200)})
    doc.quotes = CountingList(doc.quotes)
    ENGINE.check(doc, SETTINGS)
    assert any(f.rule == "consistency.quote-style" for f in doc.findings)
    assert doc.quotes.loops < 20, doc.quotes.loops


def test_figures_look_for_their_sources_once_per_article(monkeypatch):
    # a figure in every paragraph and no source word anywhere: each paragraph used to
    # search the rest of the text for one
    doc = build_doc({"text": "\n\n".join(f"Some {i}% of the households in the town rent their homes." for i in range(300))})
    calls = []
    find = LexMatcher.find

    def counting(self, *args, **kwargs):
        calls.append(args[3:] or kwargs)
        return find(self, *args, **kwargs)

    monkeypatch.setattr(LexMatcher, "find", counting)
    ENGINE.check(doc, SETTINGS)
    assert any(f.rule == "attribution.unattributed-figure" for f in doc.findings)
    assert len(calls) <= 3, len(calls)


def test_byte_offsets_come_from_one_table():
    rng = random.Random(4)
    for _ in range(300):
        view = "".join(rng.choice(["a", " ", "é", "’", "क", "\U0001F600", "\n"]) for _ in range(rng.randrange(1, 40)))
        doc = Document(view)
        ctx = Context(doc, ENGINE, SETTINGS)
        data, _ = ctx.utf8()
        offsets = [0]
        for ch in doc.view:
            offsets.append(offsets[-1] + len(ch.encode("utf-8")))
        for i, b in enumerate(offsets):
            assert ctx.char_offset(b) == i
    # past the table's first block, and the table is built once
    view = "é" * 10000 + "a" * 5000
    ctx = Context(Document(view), ENGINE, SETTINGS)
    assert ctx.char_offset(20000) == 10000
    table = ctx._char_table
    assert ctx.char_offset(20000 + 4999) == 14999
    assert ctx._char_table is table


def test_cue_spans_are_tested_by_bisection():
    from annotator.engine.kinds.pattern import _Spans

    rng = random.Random(6)
    for _ in range(500):
        spans = [(s, s + rng.randrange(1, 6)) for s in rng.sample(range(40), rng.randrange(0, 8))]
        test = _Spans(spans)
        for s in range(45):
            for e in range(s + 1, s + 6):
                assert test.overlaps(s, e) == any(cs < e and s < ce for cs, ce in spans), (spans, s, e)


def test_growth_benchmark_runs_on_tiny_sizes():
    r = subprocess.run([sys.executable, os.path.join(ROOT, "benchmarks", "growth.py"), "--sizes", "2k,20k"],
                       capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert r.returncode == 0, r.stderr
    for kind in growth.ARTICLES:
        assert f"{kind}:" in r.stdout
    assert r.stdout.count("2 KB -> 20 KB: x") == len(growth.ARTICLES) == 4
    assert "worst growth per 10x" in r.stdout


def test_many_doubled_words_are_found_in_one_pass(monkeypatch):
    """Doubled words are one pattern's matches (condition.DOUBLED): one search of the article,
    however many distinct words are doubled."""
    from annotator.engine.kinds import condition

    calls = []
    doubled = condition.doubled
    monkeypatch.setattr(condition, "doubled", lambda *a: calls.append(1) or doubled(*a))
    words = [growth._surname(n).lower() for n in range(300)]
    doc = build_doc({"text": "\n\n".join(f"They saw the {w} {w} at noon." for w in words)})
    ENGINE.check(doc, SETTINGS)
    hits = [doc.text[f.start:f.end] for f in doc.findings if f.rule == "hygiene.repeated-word"]
    assert len(hits) == 300
    assert len(calls) <= 1


def test_headline_quotations_are_looked_up_in_one_pass():
    from annotator.engine.kinds.condition import _found_in

    rng = random.Random(9)
    for _ in range(500):
        texts = ["".join(rng.choice("ab ") for _ in range(rng.randrange(8))) for _ in range(rng.randrange(4))]
        words = {"".join(rng.choice("ab ") for _ in range(rng.randrange(1, 4))) for _ in range(rng.randrange(5))}
        assert _found_in(texts, words) == {w for w in words if any(w in t for t in texts)}, (texts, words)
    # a headline of many quotations, half of them quoted in the body
    heads = " ".join(f'"word{i} here"' for i in range(200))
    # (a lead with no attribution: one that attributes the story leaves the headline's marks alone)
    body = "The council met today.\n\n" + "\n\n".join(f'He said "word{i} here" today.' for i in range(0, 200, 2))
    doc = build_doc({"headline": heads, "text": body})
    ENGINE.check(doc, SETTINGS)
    unsourced = [doc.text[f.start:f.end] for f in doc.findings if f.rule == "quotes.headline-quote-unsourced"]
    assert unsourced == [f'"word{i} here"' for i in range(1, 200, 2)]


class CountingIndexList(list):
    """A list that counts the items read from it by index."""

    reads = 0

    def __getitem__(self, i):
        self.reads += 1
        return super().__getitem__(i)


def _timeline_reads(monkeypatch, text):
    """Analyse ``text``, counting the reads of the speaker registry's timeline."""
    registries = []
    scan = S.Registry._scan

    def counting_scan(self):
        scan(self)
        self.timeline = CountingIndexList(self.timeline)
        registries.append(self)

    monkeypatch.setattr(S.Registry, "_scan", counting_scan)
    doc = read_text(text, "a.txt", "text")
    analyse(doc)
    return doc, registries[0].timeline.reads


def test_a_title_finds_its_holder_without_a_walk_back_through_every_name(monkeypatch):
    n = 400
    text = "Titles\n\nPresident Mary Smith arrived.\n\n" + "\n\n".join(
        f"Mr John {growth._surname(i)} came. “It is fine,” the president said." for i in range(n))
    doc, reads = _timeline_reads(monkeypatch, text)
    said = [q.speaker for q in doc.quotes]
    assert len(said) == n and all(m is not None and m.name == "Mary Smith" for m in said)
    assert reads < 5 * n, reads  # a walk back to her from each quotation: n * n / 2


def test_a_pronoun_looks_back_a_bounded_number_of_names(monkeypatch):
    n = 1000
    text = "Pronouns\n\nMary Smith arrived.\n\n" + "\n\n".join(
        f"Mr John {growth._surname(i)} came. “It is fine,” she said." for i in range(n))
    doc, reads = _timeline_reads(monkeypatch, text)
    assert reads <= (S._PRONOUN_REACH + 5) * n, reads
    # within reach, "she" is still the woman named before the men
    assert doc.quotes[0].speaker.name == "Mary Smith"
    text = ("Pronouns\n\nMary Smith arrived. " + " ".join(f"Mr John {growth._surname(i)} came." for i in range(50))
            + " “It is fine,” she said.")
    doc, _ = _timeline_reads(monkeypatch, text)
    assert doc.quotes[0].speaker.name == "Mary Smith"


def test_title_lookups_equal_a_walk_back_through_the_timeline():
    words = ("President Vladimir Putin Putin. Prime Minister Tony Blair Blair. Kazakh President Kassym Tokayev "
             "the president said Minister Gordon Brown Mr Reed Tom Reed Sen. Jones Chief Executive Ms Lund").split()
    rng = random.Random(12)
    for _ in range(300):
        text = " ".join(rng.choice(words) for _ in range(rng.randrange(1, 40)))
        doc = Document(text)
        reg = S.Registry(doc)
        for title in ("president", "prime minister", "minister", "executive", "sen.", "kazakh president", "mr"):
            for before in range(0, len(text) + 1, 7):
                want = None
                for off, ent in reg.timeline:  # the latest mention before, of an entity with the title
                    if off < before and any(title == t or t.endswith(" " + title) for t in ent.titles):
                        want = ent
                assert reg.by_title(title, before) is want, (text, title, before)


class CountingItemsList(list):
    """A list that counts the items read from it, one by one or in slices."""

    items = 0

    def __getitem__(self, i):
        got = super().__getitem__(i)
        self.items += len(got) if isinstance(i, slice) else 1
        return got


def test_the_entity_at_a_span_is_found_without_copying_the_rest_of_the_list():
    doc = Document(" ".join(f"Alice {growth._surname(i)} met Bob {growth._surname(i)}." for i in range(2000)))
    reg = S.Registry(doc)
    assert len(reg.spans) >= 4000
    s, e, ent = reg.spans[10]
    gap = doc.view.index(" met ", e) + 2  # in no name
    reg.spans = CountingItemsList(reg.spans)
    assert reg.at(s, e) is ent
    assert reg.at(gap, gap + 1) is None
    assert reg.spans.items < 60, reg.spans.items  # two bisections and a few spans, not the rest of the list
