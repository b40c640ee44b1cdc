"""Cue breadth (issue 13, item 3) on hand-written sentences: phrasal reporting verbs, noun cues
("in her words", "in the words of X"), colon and roundup lead-ins, action beats before a quotation,
headline forms, and titles of works in marks (no one's words)."""

import pytest


def analysed(analyse_text, body: str, headline: str = "Harbour news"):
    doc = analyse_text(headline + "\n\n" + body + "\n")
    v = doc.view
    rels = [
        (
            a.kind,
            v[a.source.start:a.source.end] if a.source else None,
            v[a.cue.start:a.cue.end] if a.cue else None,
            [v[c.start:c.end] for c in a.content],
        )
        for a in doc.attributions
    ]
    return doc, rels


@pytest.mark.parametrize(
    "body, source, cue, content",
    [
        ("Residents spoke out on the closure.", "Residents", "spoke out on", ["the closure"]),
        # the preposition belongs to the cue, as PolNeAR marks it
        ("Residents spoke out against the closure.", "Residents", "spoke out against", ["the closure"]),
        ("Ana Ruiz chimed in that the ferry was late.", "Ana Ruiz", "chimed in", ["that the ferry was late"]),
        ("Councillor Jane Hill shot back that the report was flawed.", "Councillor Jane Hill", "shot back",
         ["that the report was flawed"]),
        ("The council weighed in on Monday, saying the bridge was safe.", "The council", "saying",
         ["the bridge was safe"]),
        ("The port director pointed out that the cranes were old.", "The port director", "pointed out",
         ["that the cranes were old"]),
    ],
)
def test_phrasal_cue(analyse_text, body, source, cue, content):
    _, rels = analysed(analyse_text, body)
    found = [r for r in rels if r[2] == cue]
    assert found, rels
    assert found[0][1] == source
    if content is not None:
        assert found[0][3] == content


def test_phrasal_cue_attributes_a_quotation(analyse_text):
    doc, _ = analysed(analyse_text, 'The mayor doubled down: "The bridge stays open."')
    assert doc.quotes[0].speaker.text == "The mayor" and doc.quotes[0].cue.text == "doubled down"


@pytest.mark.parametrize(
    "body, cue",
    [
        ("The mayor hit back, saying the critics were wrong.", "saying"),
        ("The mayor doubled down, insisting that the bridge was safe.", "insisting"),
        ("Officials pushed back, arguing the costs were too high.", "arguing"),
        ("The mayor doubled down on Monday, saying the plan would stay.", "saying"),
    ],
)
def test_phrasal_cue_then_participle_is_one_relation(analyse_text, body, cue):
    # the participle reports the content (PolNeAR marks "Sanders hit back, saying …" so)
    _, rels = analysed(analyse_text, body)
    assert [r[2] for r in rels] == [cue]


@pytest.mark.parametrize(
    "body, kind, source, cue, content",
    [
        # the pronoun inside the cue is its source
        ('In her words, the plan was "a betrayal of the city".', "mixed", "her", "In her words",
         ['the plan was "a betrayal of the city"']),
        ("In his words, the toll is a tax on the poor.", "indirect", "his", "In his words",
         ["the toll is a tax on the poor"]),
        # a named source after the cue, before or after the content
        ('In the words of Mayor Ana Ruiz, the plan was "a betrayal of the city".', "mixed", "Mayor Ana Ruiz",
         "In the words of", ['the plan was "a betrayal of the city"']),
        ("The toll is a tax on the poor, in the words of one councillor.", "indirect", "one councillor",
         "in the words of", ["The toll is a tax on the poor"]),
    ],
)
def test_in_the_words_of(analyse_text, body, kind, source, cue, content):
    doc, rels = analysed(analyse_text, body)
    assert rels == [(kind, source, cue, content)]
    if kind == "mixed":
        q = doc.quotes[0]
        assert q.speaker is not None and q.speaker.text == source and q.relation == doc.attributions[0].id


def test_in_her_words_resolves_to_the_person(analyse_text):
    doc, _ = analysed(analyse_text, 'Mayor Ana Ruiz spoke on Monday. In her words, the plan was "a betrayal".')
    q = doc.quotes[0]
    assert q.speaker.text == "her"
    assert q.speaker.name == "Ana Ruiz"


@pytest.mark.parametrize(
    "body, title",
    [
        ('The show "The Daily Show" mocked the plan.', "The Daily Show"),
        ('He starred in "Gone with the Wind".', "Gone with the Wind"),
        ('He starred in "Gone with the Wind," which won eight awards.', "Gone with the Wind,"),
        ("The mayor appeared on NBC's \"Meet the Press\" on Sunday.", "Meet the Press"),
    ],
)
def test_title_of_a_work_is_no_quotation(analyse_text, body, title):
    doc, rels = analysed(analyse_text, body)
    assert [(doc.view[q.start:q.end], q.kind) for q in doc.quotes] == [(title, "title")]
    q = doc.quotes[0]
    assert q.speaker is None and q.cue is None and q.relation is None
    assert all(title not in c for r in rels for c in r[3] if r[0] != "indirect")
    assert not any(r[0] in ("direct", "mixed") for r in rels), rels


def test_title_inside_reported_speech_keeps_the_relation_indirect(analyse_text):
    _, rels = analysed(analyse_text, 'She said the song "Let It Be" was her favourite.')
    assert rels == [("indirect", "She", "said", ['the song "Let It Be" was her favourite'])]


def test_told_a_programme_is_the_audience(analyse_text):
    doc, rels = analysed(analyse_text, 'Trump told "Fox and Friends" that the plan was dead.')
    assert doc.quotes[0].kind == "title"
    assert rels == [("indirect", "Trump", "told", ["that the plan was dead"])]


def test_a_quotation_after_a_title_lead_is_still_a_quotation(analyse_text):
    # not title-like (lower-case words): a quotation, attributed as before
    doc, rels = analysed(analyse_text, 'Critics called the film "a disaster in every way".')
    assert doc.quotes[0].kind != "title"
    assert rels[0][0] == "mixed" and rels[0][1] == "Critics"


@pytest.mark.parametrize(
    "body, speaker",
    [
        ('Sam Lee, Daily Planet: "The budget is a mess."', "Sam Lee"),
        ('Ana Ruiz, The Harbour Times: "It is a mess."', "Ana Ruiz"),
        ('Ana Ruiz, mayor of Springfield: "We will not close the bridge."', "Ana Ruiz"),
        ('Mayor Ana Ruiz: "We will not close the bridge."', "Mayor Ana Ruiz"),
    ],
)
def test_roundup_line(analyse_text, body, speaker):
    doc, rels = analysed(analyse_text, body)
    q = doc.quotes[0]
    assert q.speaker.text == speaker and q.cue.text == ":"
    assert rels == [("direct", speaker, ":", [body[body.index('"'):]])]


def test_roundup_lines_one_speaker_each(analyse_text):
    doc, rels = analysed(analyse_text, 'Ana Ruiz, Radio North: "It is a mess."\n\nTom Vik, The Ledger: "It is fine."')
    assert [r[1] for r in rels] == ["Ana Ruiz", "Tom Vik"]
    assert {sp.name for sp in doc.speakers} == {"Ana Ruiz", "Tom Vik"}


def test_colon_after_a_phrase_is_no_roundup(analyse_text):
    doc, _ = analysed(analyse_text, 'The reason, however: "We had no money."')
    assert doc.quotes[0].speaker is None


@pytest.mark.parametrize(
    "body, speaker",
    [
        ('She shrugged. "We will see."', "She"),
        ('Ana Ruiz shook her head. "Not this year."', "Ana Ruiz"),
        ('The mayor paused. "No."', "The mayor"),
        # the beat's person, not the last speaker of the paragraph before
        ('Tom Vik said the plan was late.\n\nAna Ruiz shrugs. "We will see."', "Ana Ruiz"),
    ],
)
def test_action_beat(analyse_text, body, speaker):
    doc, rels = analysed(analyse_text, body)
    q = doc.quotes[0]
    assert q.speaker.text == speaker and q.cue is None
    assert ("direct", speaker, None, [body[body.index('"'):]]) in rels


@pytest.mark.parametrize(
    "body",
    [
        'Prices rose. "We will see."',  # no person: a capital at the sentence start
        'It rained. "We will see."',
        'She was tired. "We will see."',  # a state, not a beat
    ],
)
def test_no_action_beat(analyse_text, body):
    doc, _ = analysed(analyse_text, body)
    assert doc.quotes[0].speaker is None


def test_headline_says_quotation_is_direct(analyse_text):
    doc, rels = analysed(analyse_text, "The mayor spoke on Monday.", headline="Mayor Says 'We Will Not Close the Bridge'")
    q = doc.quotes[0]
    assert q.speaker.text == "Mayor" and q.cue.text == "Says"
    assert ("direct", "Mayor", "Says", ["'We Will Not Close the Bridge'"]) in rels


def test_headline_colon_quotation_is_direct(analyse_text):
    _, rels = analysed(analyse_text, "The mayor spoke on Monday.", headline="Mayor: 'We will not close the bridge'")
    assert ("direct", "Mayor", ":", ["'We will not close the bridge'"]) in rels


def test_headline_roundup_source_is_the_name(analyse_text):
    _, rels = analysed(analyse_text, "The council met on Monday.", headline="Sam Lee, Daily Planet: The budget is a mess")
    assert rels[0][:3] == ("indirect", "Sam Lee", ":")


@pytest.mark.parametrize(
    "headline",
    [
        "A lesson from Loretta Lynch: 'Be the voice that people hear.'",  # not a speaker before the colon
        "Study Shows 'We Are Running Out of Time'",  # "shows" attributes no quotation
    ],
)
def test_headline_quotation_left_alone(analyse_text, headline):
    doc, _ = analysed(analyse_text, "The council met on Monday.", headline=headline)
    assert doc.quotes[0].speaker is None


def test_title_as_subject_is_no_quotation(analyse_text):
    doc, rels = analysed(analyse_text, 'Ana Ruiz spoke on Monday. "Gone with the Wind" won eight awards.')
    assert doc.quotes[0].kind == "title" and doc.quotes[0].speaker is None
    assert not any(r[0] in ("direct", "mixed") for r in rels)


@pytest.mark.parametrize(
    "body, speaker",
    [
        ('"Yes We Can," she said.', "she"),
        ('"Yes We Can" he said.', "he"),
        ('"We Will Win" said Ana Ruiz.', "Ana Ruiz"),
    ],
)
def test_title_case_quotation_opening_a_sentence_is_still_spoken(analyse_text, body, speaker):
    doc, _ = analysed(analyse_text, body)
    assert doc.quotes[0].kind != "title" and doc.quotes[0].speaker.text == speaker


@pytest.mark.parametrize(
    "body, turns",
    [
        ("TAPPER: Do you think he campaigned as a healer?\n\nFALLIN: I think he is trying.",
         [("TAPPER", "Do you think he campaigned as a healer?"), ("FALLIN", "I think he is trying")]),
        ("Q: How did things go for you?\n\nA: You do not think about it.",
         [("Q", "How did things go for you?"), ("A", "You do not think about it")]),
        ("Luciana Lopez: Speculation is fine.\n\nMatthews: Well, speculation is bad.",
         [("Luciana Lopez", "Speculation is fine"), ("Matthews", "Well, speculation is bad")]),
    ],
)
def test_transcript_turns(analyse_text, body, turns):
    _, rels = analysed(analyse_text, body)
    got = [(r[1], r[3][0]) for r in rels if r[2] == ":"]
    assert got == turns
    assert all(r[0] == "indirect" for r in rels if r[2] == ":")


@pytest.mark.parametrize(
    "body",
    [
        "Update: The story was changed to add a comment.",  # a kicker
        "Iowa: the caucus is on Monday.",  # one capitalised word, no dialogue
        "Clinton: 547.\n\nSanders: 46.",  # a table of figures
        "Iowa: Tim Albrecht, Brad Anderson.\n\nNevada: Adam Khan, Andres Ramirez.",  # lists of names
        "STAT OF THE WEEK: the port moved a million boxes.",  # a heading in capitals
    ],
)
def test_no_transcript_turn(analyse_text, body):
    _, rels = analysed(analyse_text, body)
    assert not [r for r in rels if r[2] == ":"], rels


def test_in_his_words_inside_a_clause_is_no_cue(analyse_text):
    _, rels = analysed(analyse_text, "Voters believe in his words.")
    assert rels == []
