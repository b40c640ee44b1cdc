"""The lexicon option ``skip_names``: a capitalised hit inside a name or a title is not flagged."""

from annotator.engine import get_engine
from annotator.engine.config import Config
from annotator.engine.examples import build_doc

ENGINE = get_engine()


def hits(text, rule="neutrality.loaded-words", headline=None):
    doc = build_doc({"text": text, "headline": headline})
    cfg = Config({"enable": [rule]}, None)  # (the word lists are off by default)
    cfg.validate(ENGINE)
    ENGINE.check(doc, cfg.settings_for(ENGINE, None))
    return [doc.text[f.start:f.end] for f in doc.findings if f.rule == rule]


def test_word_inside_a_name_is_skipped():
    assert hits("Spokesman Warren Vile said the odds were long.") == []
    assert hits("The League Against Cruel Sports opposed the bill.") == []
    assert hits("A Series of Unfortunate Events took $9m.", rule="neutrality.loaded-words") == []


def test_same_word_in_lower_case_or_alone_is_flagged():
    assert hits("The vile attack shocked the town.") == ["vile"]
    assert hits("The cruel sports were banned.") == ["cruel"]
    # capitalised but with no capitalised neighbour: not taken for a name
    assert hits("It was, by any measure, Vile and cruel.") == ["Vile", "cruel"]  # (not "he wrote": a paraphrase)


def test_first_word_of_a_sentence_is_not_taken_for_a_name():
    assert hits("Vile Attacks Continue was the slogan.") == ["Vile"]
    assert hits("Fans of the Disgraceful Tories queued for tickets.") == []  # a band's name, mid-sentence
    assert hits("He left. Disgraceful scenes followed.") == ["Disgraceful"]


def test_headline_in_title_case_is_still_checked():
    assert hits("The council met on Monday.", headline="Draconian Parking Charges Anger Town") == ["Draconian"]
