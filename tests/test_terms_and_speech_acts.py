"""Constructions behind wrong quote findings on held-out real copy (evaluation/editorial, held-out
4 and 5), each written here in our own sentences: coined names in marks (a scandal in "-gate", a
compound noun after a possessive name or a count) are terms, not anyone's partial quote or the
writer's scare quote; words in marks in the object of a speech act (thanked his "hero") are the
subject's, a partial quote, not a scare quote."""

from annotator.engine import get_engine
from annotator.engine.config import Config
from annotator.engine.examples import build_doc

ENGINE = get_engine()


def kinds(text):
    doc = build_doc({"text": text, "headline": None})
    cfg = Config({}, None)
    cfg.validate(ENGINE)
    found = ENGINE.check(doc, cfg.settings_for(ENGINE, None))
    return {doc.text[q.start:q.end]: q.kind for q in doc.quotes}, [(f.rule, doc.text[f.start:f.end]) for f in found]


def quote_findings(found):
    return [f for f in found if f[0] in ("quotes.scare-quotes", "quotes.partial-quote")]


# -- coined names: terms ------------------------------------------------------------------------

def test_a_compound_after_a_possessive_name_is_a_coined_name():
    for text, inner in (
        ('The regulator fined the network for the singer Ana Ruiz\'s "costume failure", '
         'which lasted a second.', "costume failure"),
        ('Mr Lee later became Jo Bell\'s "party fixer". He retired in 2001.', "party fixer"),
        ('Critics still recall the Mayor\'s "bridge fiasco" of 1998.', "bridge fiasco"),
    ):
        k, found = kinds(text)
        assert k[inner] == "term", text
        assert not quote_findings(found), (text, found)


def test_a_scandal_named_in_gate_is_a_coined_name():
    for text, inner in (
        ('He kept his coat on, and any fans hoping for a second "Sleeve-gate" went home unhappy.', "Sleeve-gate"),
        ('The minister survived "Cashgate" and went on to lead the party.', "Cashgate"),
    ):
        k, found = kinds(text)
        assert k[inner] == "term", text
        assert not quote_findings(found), (text, found)


def test_a_compound_after_a_count_names_a_category():
    k, found = kinds('Officers seized 40 laptops, 12 phones and 310 "music files" from the flat.')
    assert k["music files"] == "term"
    assert not quote_findings(found), found


def test_fragments_that_are_no_coined_name_stay_someones_words():
    for text, inner, kind in (
        ('The senator attacked the "reckless" budget.', "reckless", "partial"),
        ('Putin emphasized shared "cultural, spiritual, and moral values".', "cultural, spiritual, and moral values",
         "partial"),
        ('Mr Blair\'s "reckless" budget was a failure.', "reckless", "scare"),  # goes on into a noun
        ('Troops killed 12 "militants" in the raid.', "militants", "scare"),  # one word: no compound
        ('Mr Blair\'s "very bad" plan failed.', "very bad", "scare"),  # a degree word: a judgement
        ('The "gate" was locked.', "gate", "scare"),  # no coined scandal name
    ):
        k, _ = kinds(text)
        assert k[inner] == kind, (text, k)


def test_a_compound_after_a_possessive_name_in_reported_words_stays_a_fragment():
    for text, inner in (
        ('The judge said it was Lord Lee\'s "pioneering work" which paved the way for the act.', "pioneering work"),
        ('The chair of the panel, Jo Bell, praised Lord Lee\'s "ability to listen".', "ability to listen"),
        ('Mr Brown spoke of Labour\'s "shared purpose" at the rally.', "shared purpose"),
        ('Ana Ruiz, leading in the polls, questioned Jo Bell\'s "Lisbon values" and her record.', "Lisbon values"),
        ('In his memoirs, he argues the plan contrasted with Neil Bell\'s "contrived photo opportunities".',
         "contrived photo opportunities"),
    ):
        k, _ = kinds(text)
        assert k[inner] == "partial", (text, k)


# -- speech acts: the marked words are the subject's -------------------------------------------

def test_words_in_the_object_of_a_speech_act_are_a_partial_quote():
    for text, inner in (
        ('The actor, who had two nominations, paid tribute to the "lasting gift" of a late singer.',
         "lasting gift"),
        ('US actor Jo Bell, who won an award at the gala, thanked his family and his "idol", '
         'a former president, in his speech.', "idol"),
        ('The captain, back from the trip, praised the "quiet courage" of the crew.', "quiet courage"),
        ('The bishop, on his last day, condemned the "cruel" cuts.', "cruel"),
    ):
        k, found = kinds(text)
        assert k[inner] == "partial", (text, k)
        assert not any(r == "quotes.scare-quotes" for r, _ in found), (text, found)


def test_marks_outside_a_speech_acts_object_stay_scare_quotes():
    for text, inner in (
        ('Growth returned thanks to the "reforms" of the year.', "reforms"),  # "thanks to": no act
        ('The "reforms" cost thousands of jobs.', "reforms"),
        ('The panel praised it at length in May; the "reforms" then cost jobs.', "reforms"),  # another clause
        ('Staff were thanked at the end of a long and hard year for the "improved" lift.', "improved"),  # too far
        ('Staff were thanked at the gala, and the new "improved" lift opened.', "improved"),  # ", and": a clause
    ):
        k, found = kinds(text)
        assert k[inner] == "scare", (text, k)


# -- a technical process a thing can or must undergo: a term ------------------------------------

def test_a_participle_in_a_statement_of_capacity_for_a_purpose_is_a_term():
    for text, inner in (
        ('Unlike older programs, the browser does not have to be "trained" to recognise a voice.', "trained"),
        ('At that scale, metals can be "tuned" to show odd properties.', "tuned"),
    ):
        k, found = kinds(text)
        assert k[inner] == "term", (text, k)
        assert not quote_findings(found), (text, found)


def test_a_participle_in_marks_in_a_statement_of_fact_stays_a_scare_quote():
    for text, inner in (
        ('The prisoners were "persuaded" to confess.', "persuaded"),
        ('The browser can be "trained" easily.', "trained"),  # no purpose
        ('The browser can be "clever" to use.', "clever"),  # no participle
    ):
        k, _ = kinds(text)
        assert k[inner] == "scare", (text, k)
