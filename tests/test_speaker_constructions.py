"""Speaker constructions that credited a quotation or a statement to the wrong person (standards
editors' findings on held-out copy), each on a hand-written sentence: the head of a subject noun
phrase speaks, not the name at its end ("A close associate of X"); a noun after a possessive is no
cue ("the council's finance report"); a role before a name makes a person ("cafe owner Lin Park")."""

import pytest


def article(analyse_text, body):
    return analyse_text("Headline\n\n" + body + "\n")


def quote_speakers(doc):
    by_id = {sp.id: sp for sp in doc.speakers}
    return [by_id[q.speaker.speaker].name if q.speaker is not None and q.speaker.speaker in by_id else None
            for q in doc.quotes]


@pytest.mark.parametrize("body, wrong", [
    ('A close associate of former oil boss Ivan Petrov has told a court that the tax charges are "false".',
     "Ivan Petrov"),
    ('Residents of Hill Town said the new road was "a disgrace".', "Hill Town"),
])
def test_the_head_of_the_subject_speaks_not_the_name_after_its_preposition(analyse_text, body, wrong):
    doc = article(analyse_text, body)
    (speaker,) = quote_speakers(doc)
    assert speaker is not None and speaker != wrong
    assert speaker.split()[-1] != wrong.split()[-1] or " of " in speaker


def test_traders_on_a_road_are_the_source_not_the_road(analyse_text):
    doc = article(analyse_text, "Traders on Station Road claimed the works had cost them money.")
    (a,) = doc.attributions
    assert a.source.text == "Traders on Station Road"
    assert [sp.name for sp in doc.speakers] == ["Traders on Station Road"]


def test_a_title_before_of_is_no_head(analyse_text):
    doc = article(analyse_text, 'Secretary of State John Kerry said the talks were "useful".')
    assert quote_speakers(doc) == ["John Kerry"]


def test_a_noun_after_a_possessive_is_no_cue(analyse_text):
    doc = article(analyse_text, "According to the council's finance report, spending rose by 4%.")
    assert [(a.source.text, a.cue.lemma) for a in doc.attributions] == [("the council's finance report", "according to")]
    assert [sp.name for sp in doc.speakers] == ["the council's finance report"]


def test_a_possessive_before_a_speaker_noun_keeps_the_cue(analyse_text):
    doc = article(analyse_text, "The firm's spokesman reported that sales had fallen.")
    assert [a.cue.lemma for a in doc.attributions] == ["report"]


@pytest.mark.parametrize("body", [
    "Cafe owner Lin Park said trade was slow.",
    'Shop owner Ana Hall said: "Trade is slow."',
])
def test_a_role_before_a_name_with_a_place_word_makes_a_person(analyse_text, body):
    doc = article(analyse_text, body)
    assert [(sp.name, sp.kind) for sp in doc.speakers][-1][1] == "person"
