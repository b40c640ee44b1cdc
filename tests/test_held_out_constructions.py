"""Constructions behind the wrong findings on held-out real copy (evaluation/editorial, the 25
articles never used in tuning), each written here in our own sentences: the rules must read the
construction, not one article."""

from annotator.engine import get_engine
from annotator.engine.config import Config
from annotator.engine.examples import build_doc

ENGINE = get_engine()


def findings(text, headline=None, select=None, article_type=None):
    """The default configuration's findings (or those of the ``select``ed rules) in an article of
    ``article_type`` (none: undeclared): (rule, matched text, severity) in text order."""
    doc = build_doc({"text": text, "headline": headline})
    cfg = Config({}, None)
    cfg.validate(ENGINE)
    found = ENGINE.check(doc, cfg.settings_for(ENGINE, None, select=select, article_type=article_type))
    return [(f.rule, doc.text[f.start:f.end], f.severity) for f in found]


def rules(text, headline=None):
    return {r for r, _, _ in findings(text, headline)}


# -- "admitted" in its legal sense: to plead guilty to charges, whatever stands before the noun --

def test_admitting_charges_after_a_numeral_or_determiner_is_not_a_loaded_verb():
    for text in ("The striker admitted two charges of misconduct after the game.",
                 "The driver has admitted all the charges against him.",
                 "The treasurer admitted three further counts of theft.",
                 "The clerk admitted one felony count in court."):
        assert "neutrality.loaded-verbs" not in rules(text), text


def test_a_disaster_claiming_a_quantity_of_lives_is_not_a_loaded_verb():
    # "claimed at least 150,000 lives": quantifiers before the number, as determiners before a noun
    for text in ("The disaster has so far claimed at least 150,000 lives.",
                 "The storm claimed thousands of lives along the coast.",
                 "The epidemic claimed more than 200 lives last year."):
        assert "neutrality.loaded-verbs" not in rules(text), text
    for text in ("The minister claimed at least 20 people were hurt.",
                 "The mayor claimed more than half the budget was wasted."):
        assert ("neutrality.loaded-verbs", "claimed", "warning") in findings(text), text


def test_admitting_a_statement_is_a_coloured_verb_off_by_default():
    # judged on real copy, "admitted" was mostly a real concession: neutrality.coloured-verbs
    # (off by default) flags it, neutrality.loaded-verbs no longer does
    for text in ("The minister admitted the figures were wrong.",
                 "The minister admitted two mistakes had been made.",
                 "He admitted that the plan had failed."):
        assert "neutrality.loaded-verbs" not in rules(text), text
        assert findings(text, select=["neutrality.coloured-verbs"]) == [
            ("neutrality.coloured-verbs", "admitted", "info")], text
    assert findings("The striker admitted two charges of misconduct.", select=["neutrality.coloured-verbs"]) == []


# -- dominant speaker: a share of the quoted words and of the attributed statements -------------

SIDE_QUOTE = (
    "The board approved the new stadium on Monday. Ana Ruiz, the club's chair, said the vote was a "
    "relief. Tom Vik, a councillor, said the cost was too high. Supporters' groups warned that ticket "
    "prices would rise. A planning officer said the council would study the traffic plan.\n\n"
    "A spokesman for the builders said of the roof: \"It is the largest we have ever made, it took four "
    "years of design work and two hundred workers from six towns, it will keep the rain off forty "
    "thousand people, and we are proud of every one of its steel beams and of the men who raised them.\"\n\n"
    "Ms Ruiz said work would begin in spring. \"We are ready,\" she said.\n"
)
DOMINANT = (
    "Ana Ruiz, the club's chair, said the board had approved the new stadium. \"It is the largest we have "
    "ever built, it took four years of design work and two hundred workers, and we are proud of every "
    "one of its steel beams,\" she said.\n\n"
    "Ms Ruiz said the cost would be met by the club. \"Not a penny of public money will go into it, and "
    "the fans will see the first match there within two years,\" she said.\n\n"
    "\"Too costly,\" said Tom Vik, a councillor.\n"
)


def test_one_long_quotation_among_many_voices_is_not_a_dominant_speaker():
    assert "attribution.dominant-speaker" not in rules(SIDE_QUOTE)


def test_a_speaker_with_most_words_and_statements_is_dominant():
    assert "attribution.dominant-speaker" in rules(DOMINANT)


# -- an anonymous source quoted in reported speech is a second voice ------------------------------

def _one_voice_then(last):
    return ('"We will open the bridge in May," said Tom Reed, the mayor. "It has been checked twice '
            'over," he said.\n\n' + last)


def test_one_of_a_group_named_before_is_an_anonymous_source():
    doc = build_doc({"text": _one_voice_then(
        'Some residents are angry. One told the local paper the works had been "a shambles from the start".')})
    rel = [a for a in doc.attributions if a.source is not None and a.source.text == "One"]
    assert len(rel) == 1 and rel[0].kind == "mixed" and rel[0].source_kind == "anonymous"
    fragment = doc.quotes[-1]
    assert fragment.speaker is not None and fragment.speaker.speaker not in (None, doc.quotes[0].speaker.speaker)


def test_a_quoted_anonymous_source_makes_the_article_not_single_source():
    for last in ('Some residents are angry. One told the local paper the works had been "a shambles".',
                 'Most traders were pleased. Another said the plan was "a shambles" and would fail.'):
        assert "attribution.single-source" not in rules(_one_voice_then(last)), last
    assert "attribution.single-source" in rules(_one_voice_then("The bridge was closed in March."))


def test_generic_one_is_no_source():
    doc = build_doc({"text": "The plan was late. One could argue that the council had no choice."})
    assert not [a for a in doc.attributions if a.source is not None and a.source.text == "One"]


# -- an inverted attribution ("…, claimed the union.") is the writer's, not reported content -----

def test_an_inverted_attribution_after_an_infinitive_is_not_the_content_of_that_verb():
    text = ("Workers who raised concerns were often ignored because there was no legal duty to respond, "
            "claimed the union.")
    doc = build_doc({"text": text})
    assert [(a.source.text, a.cue.text) for a in doc.attributions] == [("the union", "claimed")]
    assert ("neutrality.loaded-verbs", "claimed", "warning") in findings(text)


# -- the voice map: a sentence adverb in reported speech is the source's; the writer's asides and
# -- main clauses around reported speech are the writer's ---------------------------------------

def _reported(text):
    doc = build_doc({"text": text})
    m = doc.reported_mask
    return "".join(ch if (m and m[i]) else "_" for i, ch in enumerate(text))


def test_a_judgement_word_in_a_reported_hypothetical_is_the_sources():
    text = "The shadow minister said that if a patient was wrongly refused care, the trust would have to pay."
    assert "wrongly" in _reported(text)
    assert "neutrality.editorializing" not in rules(text)


def test_a_parenthesis_inside_reported_speech_is_the_writers_aside():
    text = "The mayor said the new tram would be paid for by the council (naturally)."
    assert "naturally" not in _reported(text) and "paid for by the council" in _reported(text)
    # (a warning in copy declared news: in reported speech it would be at most info, or nothing)
    assert ("neutrality.editorializing", "naturally", "warning") in findings(text, article_type="news")


def test_the_main_clause_after_a_reported_subordinate_clause_is_the_writers():
    text = ("The mayor spoke for an hour. After all, while she insisted that she never said she wanted to close "
            "the schools, that was the obvious implication.")
    marked = _reported(text)
    assert "close the schools" in marked and "implication" not in marked
    assert ("neutrality.editorializing", "obvious", "warning") in findings(text, article_type="news")


def test_an_aside_between_dashes_inside_reported_speech_is_the_writers():
    text = "The director said the film, which she has - controversially - shot in black and white, was finished."
    marked = _reported(text)
    assert "controversially" not in marked and "shot in black and white" in marked


# -- "popular with" a named group is how that group received it, not the writer's praise ---------

def test_popular_with_a_named_group_is_not_praise():
    assert "neutrality.superlatives" not in rules("Fake parking permits were proving very popular with thieves.")
    assert "neutrality.superlatives" not in rules("The scheme was a huge success among farmers.")
    assert "neutrality.superlatives" in rules("The hugely popular series ran for nine years.")


# -- "it" can stand for a body named by an acronym after "the" -----------------------------------

def _speaker_of_last_quote(text):
    doc = build_doc({"text": text})
    q = doc.quotes[-1]
    sp = next((s for s in doc.speakers if q.speaker is not None and s.id == q.speaker.speaker), None)
    return sp.label if sp is not None else None


def test_it_stands_for_a_body_named_by_an_acronym():
    text = ("Landlords should be made to fit smoke alarms, the NFB has said.\n\n"
            "It said figures showed 300 \"avoidable deaths\" in rented homes last year.")
    assert _speaker_of_last_quote(text) == "the NFB"


def test_an_acronym_that_modifies_a_noun_or_names_a_role_is_no_body():
    text = ("The minister said the ID cards would be ready in May.\n\n"
            "It said the scheme was \"on track\".")
    assert _speaker_of_last_quote(text) != "the ID"
    doc = build_doc({"text": "The MEP said he was leaving the party, which he called a \"joke\"."})
    assert all(s.kind != "organization" for s in doc.speakers)  # a role: a person, never a body


# -- "X in Rome says": the place is where the speaker is, not the speaker ------------------------

def test_a_speaker_named_with_where_they_are_is_the_person_not_the_place():
    doc = build_doc({"text": "Prices fell again. Our reporter Ana Ruiz in Madrid says one reason is the new tax."})
    assert [a.source.text for a in doc.attributions] == ["Our reporter Ana Ruiz in Madrid"]
    doc = build_doc({"text": "\"We are a nation of savers,\" Tom Vik from Acme said. \"We keep it all.\""})
    assert {sp.label for sp in doc.speakers} == {"Tom Vik"}


# -- attributive headline quotes: the headline or the lead names the source ----------------------

def test_headline_quote_attributed_in_the_lead_is_not_unsourced():
    lead = {
        "Millions 'to lose their jobs'": "Millions of workers will lose their jobs under new rules, a charity has warned.",
        "Computer sales 'to double by 2010'": "Sales are expected to double by 2010, according to a report by analysts.",
        "Parties warned over 'grey vote'": "Parties cannot take older voters for granted, says Age Concern.",
        "Agency 'could close', says minister": "Ministers would not rule out closing the agency, he has warned.",
    }
    for headline, text in lead.items():
        assert "quotes.headline-quote-unsourced" not in rules(text + "\n\nThe rules start in May.", headline), headline


def test_headline_quote_with_no_source_up_front_is_still_unsourced():
    # no attribution in the first paragraph; one later, or only in the headline, does not count
    text = ("Stars of the contest's history are to compete against each other.\n\n"
            "The organisers said the show would air in May.")
    assert ("quotes.headline-quote-unsourced", "'greats'", "info") in findings(text, "Contest 'greats' to do battle")
    # a quotation with no source in the lead does not attribute it
    text = 'Hundreds of ballot papers have "disappeared" before the count.\n\nThe count is on Friday.'
    assert ("quotes.headline-quote-unsourced", "'missing'", "info") in findings(text, "Ballot papers 'missing'")
    text = "The mayor spoke on Tuesday about the budget.\n\nThe council meets in May."
    assert ("quotes.headline-quote-unsourced", "'great year'", "info") in findings(text, "Mayor hails 'great year'")


# -- "claim" a prize named by the names before it --------------------------------------------------

def test_claiming_a_prize_after_names_is_not_a_loaded_verb():
    for text in ("England claim Dubai Sevens glory after beating Fiji.",
                 "Henman and Murray claim LTA awards at the dinner.",
                 "Wales claimed the Six Nations title on Saturday."):
        assert "neutrality.loaded-verbs" not in rules(text), text
    # names that open a clause, or a head that is no prize: still a claim
    for text in ("The minister claimed Labour policy was failing.",
                 "He claimed Mr Brown will have a key role.",
                 "She claimed the Six Nations were unfair."):
        assert ("neutrality.loaded-verbs", "claimed", "warning") in findings(text), text


# -- a vague attribution that is part of a name -------------------------------------------------

def test_a_firm_whose_name_ends_in_a_weasel_word_is_not_vague():
    assert "attribution.weasel-words" not in rules("Figures gathered by Harbour Research shows that sales fell by 4%.")
    # at the start of a sentence, or after a lower-case word, it is still vague
    assert ("attribution.weasel-words", "Research shows", "warning") in findings(
        "Research shows that sales fell by 4%.")
    assert ("attribution.weasel-words", "research shows", "warning") in findings(
        "New research shows that sales fell by 4%.")
