"""Words hidden from the word lists: split by zero-width characters or soft
hyphens, or written with decomposed letters.  They are still matched by
lexicon and substitution rules, with spans in the original text that cover
the invisible characters; the hygiene rule reports the characters."""

import random
import unicodedata

import pytest

from annotator.engine import get_engine
from annotator.engine.config import Config
from annotator.engine.examples import build_doc
from annotator.engine.matcher import fold

ENGINE = get_engine()
ON = {"enable": ["neutrality.loaded-words"]}  # (off by default: these tests need its words)
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]


def check(text):
    doc = build_doc({"text": text})
    cfg = Config(ON, None)
    ENGINE.check(doc, cfg.settings_for(ENGINE, None))
    return doc


def found(doc, rule):
    return [(doc.text[f.start:f.end], f) for f in doc.findings if f.rule == rule]


@pytest.mark.parametrize("ch", INVISIBLE, ids=[f"U+{ord(c):04X}" for c in INVISIBLE])
def test_a_word_split_by_an_invisible_character_still_matches(ch):
    doc = check(f"The minister cla{ch}imed the figures were wrong.")
    hits = found(doc, "neutrality.loaded-verbs")
    assert [t for t, _ in hits] == [f"cla{ch}imed"]  # the span covers the invisible character
    _, f = hits[0]
    assert f.suggestion == 'use "said"'
    assert '"claimed"' in f.message  # the word as read, without the invisible character
    assert "hygiene.invisible-characters" in [x.rule for x in doc.findings]


def test_several_invisible_characters_and_case():
    doc = check("He said it twice. Then he CLA\u200b\u200dI\u00adMED it was all wrong.")
    (text, f), = found(doc, "neutrality.loaded-verbs")
    assert text == "CLA\u200b\u200dI\u00adMED"
    assert f.suggestion == 'use "SAID"'


def test_a_decomposed_letter_matches_the_composed_entry():
    # naïve with the diaeresis as a combining mark (NFD), and split by a soft hyphen too
    nfd = unicodedata.normalize("NFD", "naïve")
    assert len(nfd) == 6
    doc = check(f"The plan was {nfd}. The plan was na\u00ad{nfd[2:]}. The plan was naïve.")
    texts = [t for t, _ in found(doc, "neutrality.loaded-words")]
    assert texts == [nfd, "na\u00ad" + nfd[2:], "naïve"]


def test_phrases_and_their_offsets_after_folded_stretches():
    text = "Cri\u200btics say the plan was fine.\n\nBut cri\u00adtics say it failed, and he cla\ufeffimed it."
    doc = check(text)
    weasel = [t for t, _ in found(doc, "attribution.weasel-words")]
    assert weasel == ["Cri\u200btics say", "cri\u00adtics say"]
    assert [t for t, _ in found(doc, "neutrality.loaded-verbs")] == ["cla\ufeffimed"]


def test_hidden_words_give_the_findings_of_the_clean_text():
    """Invisible characters sprinkled inside the words of an article: the same word-list
    findings as the clean article, each span the clean span widened by them."""
    clean = ("Officials claimed the so-called reforms were a disaster. Critics say the "
             "draconian plan slammed the poorest. The minister insisted the figures were wrong.")
    want = [(f.rule, clean[f.start:f.end]) for f in check(clean).findings
            if f.rule.startswith(("neutrality.", "attribution.weasel")) and f.rule != "neutrality.subjective-language"]
    assert len(want) >= 4
    rng = random.Random(3)
    for _ in range(20):
        out = []
        for c in clean:
            out.append(c)
            if c.isalpha() and rng.random() < 0.15:
                out.append(rng.choice(INVISIBLE))
        text = "".join(out)
        if text.startswith("\ufeff"):
            continue
        doc = check(text)
        got = [(f.rule, "".join(c for c in doc.text[f.start:f.end] if c not in INVISIBLE))
               for f in doc.findings if f.rule.startswith(("neutrality.", "attribution.weasel"))]
        # every word-list finding of the clean text is still made; the analysis (cues, relations,
        # the voice map) does not read through invisible characters, so the hidden text can get
        # more (a cue split by them makes no relation, and its content is the writer's voice)
        assert set(want) <= set(got), text
        for f in doc.findings:  # no span starts or ends inside a folded stretch's marks
            if f.rule.startswith("neutrality."):
                assert doc.text[f.start] not in INVISIBLE


def test_fold_maps_every_offset_back():
    rng = random.Random(5)
    pieces = ["a", "b", "e", " ", "\u0301", "\u0308", "\u200b", "\u00ad", "\ufeff", "é", "x"]
    for _ in range(2000):
        view = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 15)))
        f = fold(view)
        if f is None:
            assert not any(c in view for c in INVISIBLE)
            continue
        # each folded character comes from the view stretch start(i)..end(i + 1)
        for i, ch in enumerate(f.text):
            s, e = f.start(i), f.end(i + 1)
            piece = view[s:e]
            assert unicodedata.normalize("NFC", piece) == ch or piece == ch, (view, i)
        # and what lies between them was dropped: invisible characters only
        covered = set()
        for i in range(len(f.text)):
            covered.update(range(f.start(i), f.end(i + 1)))
        assert all(view[k] in INVISIBLE for k in range(len(view)) if k not in covered), view


def test_an_ordinary_article_is_not_folded():
    assert fold("The minister said the figures were wrong, £3 and “quotes”.") is None
    assert fold("नेपालमा क्\u200dष") is not None  # (joiners are dropped for matching, not flagged)


def test_devanagari_joiners_are_not_flagged():
    doc = check("नेपालमा क्\u200dष र द्\u200cव लेखिन्छ।\n\nThe minister said the figures were wrong.")
    assert "hygiene.invisible-characters" not in [f.rule for f in doc.findings]


def test_bidi_controls_are_flagged_where_they_stand():
    text = "The minister said the \u202efigures\u202c were wrong."
    doc = check(text)
    spans = [t for t, _ in found(doc, "hygiene.invisible-characters")]
    assert spans == ["\u202e", "\u202c"]


def test_invisible_characters_written_as_html_references(tmp_path):
    from annotator.readers import read_path
    from annotator.analysis import analyse

    p = tmp_path / "a.html"
    # (the judgement in the writer's voice: "claimed it was naive" would be the minister's word)
    p.write_text("<html><body><p>The minister cla&#8203;imed it was safe. The plan was na&shy;ive.</p></body></html>",
                 encoding="utf-8")
    doc = analyse(read_path(str(p)))
    ENGINE.check(doc, Config(ON, None).settings_for(ENGINE, str(p)))
    words = [t for t, _ in found(doc, "neutrality.loaded-verbs") + found(doc, "neutrality.loaded-words")]
    assert words == ["cla&#8203;imed", "na&shy;ive"]  # spans in the file's text, references included
    assert [f.message for f in doc.findings if f.rule.startswith("neutrality.")] == [
        'Loaded verb "claimed": "said" is neutral', 'Loaded word "naive" in the writer\'s voice']
    hidden = [t for t, _ in found(doc, "hygiene.invisible-characters")]
    assert hidden == ["&", "&"]  # (the first character of each reference: its place in the view)
