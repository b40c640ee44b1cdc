"""Sentences, quotations, attribution and speakers on hand-written news copy."""

import pytest

from annotator.analysis.sentences import split


def sentences(text):
    return [text[a:b] for a, b in split(text, 0, len(text))]


# ---- sentences -----------------------------------------------------------------

@pytest.mark.parametrize(
    "text, expected",
    [
        ("Mr. Hale met Dr. Ortiz on Monday. They talked.", ["Mr. Hale met Dr. Ortiz on Monday.", "They talked."]),
        ("Gov. Lin and Lt. Gen. Marsh arrived. It rained.", ["Gov. Lin and Lt. Gen. Marsh arrived.", "It rained."]),
        ("The U.S. envoy left No. 10 at noon. Talks resumed.", ["The U.S. envoy left No. 10 at noon.", "Talks resumed."]),
        ("Sales rose 2.5% to $3.4bn. Costs fell 0.7 percent.", ["Sales rose 2.5% to $3.4bn.", "Costs fell 0.7 percent."]),
        ('"We will rebuild," he said. "It is over." She left.', ['"We will rebuild," he said.', '"It is over."', "She left."]),
        ('"Is it over?" she asked. Nobody answered.', ['"Is it over?" she asked.', "Nobody answered."]),
        ("He moved to the U.S. The company said no.", ["He moved to the U.S.", "The company said no."]),
        ("Ask John F. Kennedy. He knew.", ["Ask John F. Kennedy.", "He knew."]),
    ],
)
def test_sentence_boundaries(text, expected):
    assert sentences(text) == expected


# ---- quotations ------------------------------------------------------------------

def quotes(doc):
    return [(doc.view[q.start:q.end], q.kind) for q in doc.quotes]


def test_straight_and_curly_double_quotes(analyse_text):
    doc = analyse_text('Harbour plan\n\n"We will rebuild," the mayor said. The council called it “a start”.\n')
    assert [t for t, _ in quotes(doc)] == ["We will rebuild,", "a start"]


def test_headline_single_quotes_and_apostrophes(analyse_text):
    doc = analyse_text(
        "Ministers back 'urgent' reform of the 'broken' system\n\n"
        "The minister’s aides said the ’90s rules, like rock ’n’ roll, were the players’ problem, and it's time.\n"
    )
    texts = [t for t, _ in quotes(doc)]
    assert texts == ["urgent", "broken"]
    assert all(k == "scare" for _, k in quotes(doc))
    roles = {doc.view[m.start:m.end] + str(m.start): m.role for m in doc.marks}
    assert not any(r == "unbalanced" for r in roles.values())
    assert sum(1 for m in doc.marks if m.role == "apostrophe") == 6


def test_guillemets_and_low_high_quotes(analyse_text):
    doc = analyse_text("Titel\n\nEr sagte «nein» und dann „vielleicht“ zur Reform.\n")
    assert [t for t, _ in quotes(doc)] == ["nein", "vielleicht"]


def test_nested_single_quotes(analyse_text):
    doc = analyse_text('Bridge row\n\n"They told us \'wait and see\' for a decade," said Ana Ruiz, a resident.\n')
    (outer, outer_kind), (inner, inner_kind) = quotes(doc)
    assert outer.startswith("They told us") and outer_kind == "direct"
    assert inner == "wait and see" and inner_kind == "nested"
    assert doc.quotes[1].parent == doc.quotes[0].id


def test_quote_continued_into_next_paragraph(analyse_text):
    doc = analyse_text(
        "Dam vote\n\n"
        '"The dam will hold," said engineer Pia Holm. "We tested it twice.\n\n'
        '"And we will test it again next spring."\n'
    )
    last_two = doc.quotes[-2:]
    assert last_two[0].continued and last_two[1].continues == last_two[0].id
    assert all(q.speaker is not None and q.speaker.name == "Pia Holm" for q in doc.quotes)
    assert doc.marks and not any(m.role == "unbalanced" for m in doc.marks)


def test_unbalanced_marks_are_recorded_not_fatal(analyse_text):
    doc = analyse_text('Budget\n\nThe mayor said "we are done and left.\n\nNothing else happened.\n')
    assert doc.quotes == []
    assert [m.role for m in doc.marks] == ["unbalanced"]


def test_doubled_apostrophes_are_malformed_marks(analyse_text):
    # (the New York Times archive writes every quotation so: the words between are quoted
    # speech, the marks stay malformed)
    doc = analyse_text("Vote\n\n''We won,'' the senator said. ``Not yet,'' he added.\n")
    assert [(doc.view[q.start:q.end], q.speaker.text if q.speaker else None) for q in doc.quotes] == [
        ("We won,", "the senator"), ("Not yet,", "he")]
    assert [m.role for m in doc.marks] == ["malformed"] * 4
    doc = analyse_text("Vote\n\nThe senator said ''we won.\n")
    assert doc.quotes == [] and [m.role for m in doc.marks] == ["malformed"]


def test_markdown_block_quote(analyse_text):
    doc = analyse_text(
        "# Budget passes\n\nThe finance minister told parliament:\n\n> We have balanced the books for the first time in a decade.\n",
        fmt="markdown",
    )
    (q,) = doc.quotes
    assert q.kind == "block"
    assert q.speaker is not None and q.speaker.text == "The finance minister"
    assert q.cue.lemma == "tell"


def test_kinds_direct_partial_scare(analyse_text):
    doc = analyse_text(
        "Road plan\n\n"
        '"The road will open in May," said Tom Vik, the council leader.\n\n'
        'Vik called the delays "regrettable but necessary" in a letter.\n\n'
        'The "plan" was published online.\n'
    )
    assert [k for _, k in quotes(doc)] == ["direct", "partial", "scare"]
    assert doc.quotes[2].speaker is None


# ---- attribution patterns ----------------------------------------------------------

def attribution(doc, i=0):
    q = doc.quotes[i]
    return (
        q.speaker.text if q.speaker else None,
        q.speaker.name if q.speaker else None,
        q.cue.text if q.cue else None,
    )


@pytest.mark.parametrize(
    "body, speaker, cue",
    [
        ('"The bridge is safe," Ana Ruiz said.', "Ana Ruiz", "said"),
        ('"The bridge is safe," said Ana Ruiz.', "Ana Ruiz", "said"),
        ('Ana Ruiz said: "The bridge is safe."', "Ana Ruiz", "said"),
        ('Ana Ruiz said the bridge was "perfectly safe" after the inspection.', "Ana Ruiz", "said"),
        ('"The bridge is safe," according to Ana Ruiz.', "Ana Ruiz", "according to"),
        ('According to Ana Ruiz, "the bridge is safe."', "Ana Ruiz", "According to"),
        ('"The bridge is safe," Ana Ruiz told the Harbour Gazette.', "Ana Ruiz", "told"),
        ('In a statement, Ana Ruiz said the bridge was "safe for traffic."', "Ana Ruiz", "said"),
        ('"The bridge is safe," Ana Ruiz, a spokeswoman for the port authority, said.', "Ana Ruiz", "said"),
        ('"The bridge is safe," said Ana Ruiz, a spokeswoman for the port authority.', "Ana Ruiz", "said"),
        ('Port Authority Director Ana Ruiz insisted the bridge was "safe."', "Port Authority Director Ana Ruiz", "insisted"),
        ('"The bridge is safe," a spokesman for the port said.', "a spokesman for the port", "said"),
        ('"Is the bridge safe?" asked Ana Ruiz.', "Ana Ruiz", "asked"),
        ('Ana Ruiz dismissed the report, calling it "alarmist nonsense."', "Ana Ruiz", "calling"),
        ('Ana Ruiz was asked by reporters whether it was "truly safe."', "reporters", "asked"),
        # a verb inside the clause a speech verb reports is not the attribution
        ('Ana Ruiz says it underscores that the bridge is "safe for traffic."', "Ana Ruiz", "says"),
        ('Ana Ruiz said she recalls the engineers being "very nervous."', "Ana Ruiz", "said"),
        # ... but a speech verb there is, and so is a participle or a clause of its own
        ('Port officials said Ana Ruiz said "no more delays" at the meeting.', "Ana Ruiz", "said"),
        ('Ana Ruiz said the works were late, adding that they were "nearly done."', "Ana Ruiz", "adding"),
        ('Ana Ruiz spoke as the crowd chanted "open the bridge" outside.', "the crowd", "chanted"),
    ],
)
def test_attribution_patterns(analyse_text, body, speaker, cue):
    doc = analyse_text("Harbour bridge\n\n" + body + "\n")
    got_speaker, _, got_cue = attribution(doc)
    assert got_speaker == speaker
    assert got_cue == cue


def test_split_quote_both_halves(analyse_text):
    doc = analyse_text('Bridge\n\n"The bridge is safe," Ana Ruiz said, "and it will stay open."\n')
    assert [attribution(doc, i)[1] for i in range(2)] == ["Ana Ruiz", "Ana Ruiz"]


def test_quote_without_cue_continues_last_speaker(analyse_text):
    doc = analyse_text(
        "Bridge\n\n"
        'Ana Ruiz, the port director, said inspections had found no cracks.\n\n'
        '"We checked every bolt."\n'
    )
    assert attribution(doc)[1] == "Ana Ruiz"
    assert doc.quotes[0].attribution == "continuation"


def test_pronoun_resolves_to_nearest_compatible_person(analyse_text):
    doc = analyse_text(
        "Bridge\n\n"
        "Mrs Ana Ruiz met Mr Tom Vik at the harbour on Monday.\n\n"
        '"It is a good day," she said.\n\n'
        '"I agree," he said.\n'
    )
    assert attribution(doc, 0) == ("she", "Ana Ruiz", "said")
    assert attribution(doc, 1) == ("he", "Tom Vik", "said")


def test_titles_and_merged_mentions(analyse_text):
    doc = analyse_text(
        "Summit\n\n"
        "Russian President Vladimir Putin arrived on Wednesday. Putin praised the \"warm welcome\".\n\n"
        "Later the Russian president stressed the \"shared values\" of the two countries.\n"
    )
    names = {q.speaker.name for q in doc.quotes if q.speaker}
    assert names == {"Vladimir Putin"}
    (sp,) = doc.speakers
    assert sp.title == "Russian President"
    texts = [m.text for m in sp.mentions]
    assert "Russian President Vladimir Putin" in texts and "the Russian president" in texts
    assert sp.quoted_words == 4


def test_a_shared_surname_resolves_to_the_person_named_in_full_last(analyse_text):
    """Two people with one surname: a bare surname is the one named in full most recently, not the
    one introduced last (George W. Bush was introduced after Jeb; "Jeb Bush says" then "Bush says")."""
    doc = analyse_text(
        "Primary\n\n"
        "Jeb Bush arrived in Charleston on Monday.\n\n"
        "George W. Bush spoke at a rally for his brother.\n\n"
        "Jeb Bush says he is confident. Bush says he will \"work hard for the day\" before the polls close.\n\n"
        "Later George W. Bush said the campaign was \"in good shape\" after the vote.\n\n"
        "Bush said he would \"go home happy\" on Tuesday.\n"
    )
    names = [q.speaker.name for q in doc.quotes if q.speaker]
    assert names == ["Jeb Bush", "George W. Bush", "George W. Bush"]


@pytest.mark.parametrize("body, kind", [
    ('The paper said that "Gun laws are weak. Few people are barred."', "direct"),
    ('According to the paper, "Gun laws are weak. Few people are barred."', "direct"),
    ('Sanders asks at the school, "Any questions I can answer?"', "direct"),
    ('Biden weighed in on Monday, "But they are both qualified," he said.', "direct"),
    ('Mr Lee warned that the attacks "may trigger a reaction. Sad as it is, the risk is real."', "partial"),
    ('Sen. Ada Cole said the plan was "not good enough" for Mr. Lee.', "partial"),
    ('Ada Cole spoke of "Mr. Lee and his allies" on Monday.', "partial"),
])
def test_a_full_quotation_after_a_lead_in_is_direct_a_fragment_partial(analyse_text, body, kind):
    doc = analyse_text("Vote\n\n" + body + "\n")
    assert [q.kind for q in doc.quotes] == [kind]


def test_a_place_is_not_a_person_a_pronoun_resolves_to(analyse_text):
    """ "South Carolina" is a place: "he" after it is the candidate named before it; a day after a
    name is not part of it, a month may be (Theresa May)."""
    doc = analyse_text(
        "Primary\n\n"
        "John Kasich campaigned in Vermont on Saturday.\n\n"
        "He says he wishes he had spent more time in South Carolina, but his team \"did everything it could.\"\n\n"
        "Theresa May met voters in New Hampshire Tuesday. She said the plan was \"papering over the cracks\".\n"
    )
    assert [q.speaker.name for q in doc.quotes if q.speaker] == ["John Kasich", "Theresa May"]


def test_a_home_state_after_a_full_name_is_not_part_of_it(analyse_text):
    """ "Sen. Bernie Sanders of Vermont": the person is Bernie Sanders, so the bare "Sanders" later
    is him (with the state in the name his surname was "Vermont", and "he" went elsewhere)."""
    doc = analyse_text(
        "Race\n\n"
        "Sen. Bernie Sanders of Vermont met Hillary Clinton on Monday.\n\n"
        "Sanders said voters were \"sick and tired\" of the subject.\n"
    )
    assert [q.speaker.name for q in doc.quotes if q.speaker] == ["Bernie Sanders"]


def test_who_clause_resolves_to_antecedent(analyse_text):
    doc = analyse_text('Vote\n\nThe plan was backed by Tom Vik, who said it was "overdue."\n')
    assert attribution(doc) == ("who", "Tom Vik", "said")


@pytest.mark.parametrize(
    "lemma, stance",
    [("said", "neutral"), ("stressed", "emphatic"), ("claimed", "doubting"), ("admitted", "factive"), ("slammed", "emotive")],
)
def test_cue_stance(analyse_text, lemma, stance):
    doc = analyse_text(f'Port\n\n"The cranes are old," the director {lemma}.\n')
    assert doc.quotes[0].cue.stance == stance


def test_noun_uses_of_cue_words_are_not_cues(analyse_text):
    doc = analyse_text(
        "Port\n\nThe claims were false, and the director’s comments on the \"plan\" were brief. "
        "A noted engineer and the secretary of state met in the United States.\n"
    )
    from annotator.analysis.attribution import find_cues

    assert [c.text for c in find_cues(doc)] == []


def test_transcript_colon_and_dash_attributions(analyse_text):
    doc = analyse_text(
        "Debate night\n\n"
        'Vik: "The harbour comes first." Ruiz: "The bridge comes first."\n\n'
        '"Every promise will be kept."\n\n'
        "- Ana Ruiz, in her closing remarks.\n\n"
        '"Why is the ferry late?" — Tom Vik (@tomvik) March 3\n'
    )
    got = [(q.speaker.text if q.speaker else None, q.cue.text if q.cue else None) for q in doc.quotes]
    assert got == [("Vik", ":"), ("Ruiz", ":"), ("Ana Ruiz", "-"), ("Tom Vik", "—")]


def test_quotation_reopened_after_sentence_end_runs_on(analyse_text):
    # flattened copy: the paragraph break inside a long quotation is lost, the
    # re-opening mark stays ("…it. "There…")
    doc = analyse_text(
        'Rugby\n\n"I said to him it was touch and go. He fancied it. "There were no questions he would miss," '
        "Jones added.\n"
    )
    first, second = doc.quotes
    assert first.continued and second.continues == first.id
    assert not [m for m in doc.marks if m.role == "unbalanced"]
    assert first.speaker.name == second.speaker.name == "Jones"


def test_quotation_reopened_after_a_nested_quotation_ends_a_sentence_runs_on(analyse_text):
    # the same flattened copy, the last sentence before the lost break closing a quotation
    # of its own ("…I thought: 'Not today.' "Then…"): no mark is left unbalanced
    doc = analyse_text(
        'Tennis\n\n"I was tired," she said. "Then I thought: \'This is not my day.\' "But I found '
        'a way. "And I won it in the end."\n'
    )
    assert not [m for m in doc.marks if m.role == "unbalanced"]
    assert [q.continued for q in doc.quotes if q.parent is None] == [False, True, True, False]
    # a single mark with no opening one, a slip for the double mark, still leaves the
    # quotation unclosed
    doc = analyse_text('Tennis\n\nShe said that "we won it in the end.\' "It was hard."\n')
    assert '"' in [doc.text[m.start:m.end] for m in doc.marks if m.role == "unbalanced"]


def test_marks_written_as_references_are_judged_by_their_neighbours(analyse_text):
    doc = analyse_text('{"headline": "It\\u2019s over", "body": "The mayor\\u2019s aides said \\u201cwe\\u2019re done\\u201d."}', fmt="json")
    assert [m.role for m in doc.marks] == ["apostrophe", "apostrophe", "open", "apostrophe", "close"]
    assert [doc.text[m.start:m.end] for m in doc.marks][0] == "\\u2019"
    doc = analyse_text("<h1>It&rsquo;s over</h1><p>The mayor&rsquo;s aides said &ldquo;we&rsquo;re done&rdquo;.</p>", fmt="html")
    assert [m.role for m in doc.marks] == ["apostrophe", "apostrophe", "open", "apostrophe", "close"]


def test_plural_possessive_before_a_capital_is_an_apostrophe(analyse_text):
    doc = analyse_text("Chips\n\nThe other giant is Silicon Graphics' Columbia machine, the players' favourite.\n")
    assert doc.quotes == []
    assert [m.role for m in doc.marks] == ["apostrophe", "apostrophe"]


def test_a_cue_with_a_colon_introduces_the_next_quotation_not_the_one_before(analyse_text):
    doc = analyse_text(
        "Harbour bridge\n\n"
        'The crews were sent as part of the council-led "clean streets". The mayor added: "We are grateful."\n'
    )
    got = [(doc.text[q.start:q.end], q.speaker.text if q.speaker else None) for q in doc.quotes]
    assert got == [("clean streets", None), ("We are grateful.", "The mayor")]



# ---- marks that are not quotation marks; marks certainly unmatched (issue 14.3) ---------

def _roles(doc):
    return [(doc.view[m.start:m.end], m.role) for m in doc.marks]


@pytest.mark.parametrize("body", [
    "Anger grew in light of the E.U.'s refugee policy.",
    "Acme Inc.’s shares and the U.N.’s plan fell.",
    "They were goin' home and nothin’ happened.",
    "Will there be an effect in South Carolina’ Republican primary?",
])
def test_apostrophes_after_abbreviations_and_elisions_are_not_quotation_marks(analyse_text, body):
    doc = analyse_text("Vote\n\n" + body + "\n")
    assert doc.quotes == []
    assert {r for _, r in _roles(doc)} == {"apostrophe"}


def test_an_elision_inside_a_single_quotation_still_lets_it_close(analyse_text):
    doc = analyse_text("Vote\n\nHe said 'we are going home' and left.\n")
    assert [doc.view[q.start:q.end] for q in doc.quotes] == ["we are going home"]


def test_nested_quotation_closed_by_a_triple_mark(analyse_text):
    q3 = "'" * 3
    doc = analyse_text("Vote\n\n''It appeared on 'Fox and Friends," + q3 + " said Tommy Vietor, ''and we wept.''\n")
    assert [(doc.view[q.start:q.end], q.kind) for q in doc.quotes][:2] == [
        ("It appeared on 'Fox and Friends,'", "direct"), ("Fox and Friends,", "nested")]
    assert "unbalanced" not in {r for _, r in _roles(doc)}
    doc = analyse_text("Vote\n\nShe said, " + q3 + "Stop' was all he said,'' the aide recalled.\n")
    assert [doc.view[q.start:q.end] for q in doc.quotes][-1] == "Stop"


def test_quotation_over_a_line_break_inside_a_paragraph(analyse_text):
    doc = analyse_text('Vote\n\n"Everybody believes in the convention until they lose.\nDonald Trump."\n\nMore.\n')
    (q,) = doc.quotes
    assert doc.view[q.start:q.end] == "Everybody believes in the convention until they lose.\nDonald Trump."
    assert q.paragraph == 0 and [r for _, r in _roles(doc)] == ["open", "close"]
    # across a blank line, with no reopening mark, it is still unmatched
    doc = analyse_text('Vote\n\n"Everybody believes in the convention.\n\nDonald Trump."\n')
    assert [r for _, r in _roles(doc)] == ["unbalanced", "unbalanced"]
    # and an opening mark never closed on the next line is unmatched
    doc = analyse_text('Vote\n\nThe police said: "The road is closed.\nIt reopens on Monday.\n')
    assert [r for _, r in _roles(doc)] == ["unbalanced"]


# ---- titles of works, words cited as words, someone's words (issue 14.3) ---------------

def _kinds(doc):
    return [(doc.view[q.start:q.end], q.kind) for q in doc.quotes]


@pytest.mark.parametrize("body,expected", [
    ('Sanders told MSNBC\'s "Morning Joe" that nobody would.', [("Morning Joe", "title")]),
    ('She said on NBC\'s "Meet the Press" that it was "clearly lacking."',
     [("Meet the Press", "title"), ("clearly lacking.", "partial")]),
    ("It appeared on 'Fox and Friends' first.", [("Fox and Friends", "title")]),
    ('Her new documentary "13th" opens today.', [("13th", "title")]),
    ('The "Apprentice" series returns.', [("Apprentice", "title")]),
    ('He was the host of "The Daily Show" for years.', [("The Daily Show", "title")]),
    # a title noun right before: only the first word need be a capital
    ('They spoke to the study "Whose Secretary are You, minister".', [("Whose Secretary are You, minister", "title")]),
    # capitalised, but no cue: not a title
    ('Officials called it a "Friendly" visit.', [("Friendly", "partial")]),
    ('The visit was "Friendly" and short.', [("Friendly", "scare")]),
])
def test_titles_of_works(analyse_text, body, expected):
    assert _kinds(analyse_text("Vote\n\n" + body + "\n")) == expected


def test_a_title_marks_the_same_words_elsewhere(analyse_text):
    doc = analyse_text("Ava DuVernay’s ‘13th’ explores prisons\n\n"
                       "The director makes this clear in her stunning new documentary “13th.”\n\n"
                       "Angela Davis talks about the issue in “13th.”\n")
    assert [k for _, k in _kinds(doc)] == ["title", "title", "title"]


@pytest.mark.parametrize("body,expected", [
    ('A dictionary named "blog" word of the year.', "term"),
    ('The word "blog" is new.', "term"),
    ('The so-called "death panels" were a myth.', "term"),
    ("The plan, known as 'Project Fear', failed.", "term"),
    ('Her team calls her "breaking barriers" agenda a success.', "term"),
    ('The "Arab Spring" was a turning point.', "term"),
    ('The "reforms" cost thousands of jobs.', "scare"),
    # the name of a thing made, proposed or set up, or of a role played: a term, speaker or not
    ('The harbour bill proposes "berth permits", which could mean fees for yachts.', "term"),
    ('The council will set up a new "help desk" for tenants.', "term"),
    ('Ana Ruiz plays a Lisbon "ferry doctor" with troubles of her own.', "term"),
    ('Ana Ruiz said the port would unveil its own "world-beating" scheme.', "partial"),  # (they modify "scheme")
    # a compound noun in marks before a kind noun names the kind (mentions.yaml kind_nouns)
    ('Ana Ruiz said the port would unveil its own "green lane" scheme.', "term"),
    ('Ana Ruiz said the port would introduce a "tough" new tariff.', "partial"),
    ('Ana Ruiz said the port would play a "big role" in the talks.', "partial"),  # (an idiom of the verb)
])
def test_words_cited_as_words_are_terms(analyse_text, body, expected):
    (q,) = analyse_text("Vote\n\n" + body + "\n").quotes
    assert q.kind == expected


def test_words_quoted_from_a_speaker_elsewhere_are_a_partial_quote(analyse_text):
    doc = analyse_text('Vote\n\nSanders said Clinton was not "qualified" to lead.\n\n'
                       'The "qualified" spat went on.\n\nThe "reforms" went on.\n')
    assert [k for _, k in _kinds(doc)][1:] == ["partial", "scare"]


def test_a_fragment_in_a_sentence_that_reports_speech_is_a_partial_quote(analyse_text):
    doc = analyse_text('Vote\n\nInsulation would save money, says the party, so using it more "intelligently" '
                       "than at present.\n")
    assert _kinds(doc) == [("intelligently", "partial")]


@pytest.mark.parametrize("body", [
    "And how ‘bout this headline, and ‘em too?",
    "He said in ‘08 that the ‘90s series ‘16 And President was over.",
])
def test_elisions_and_years_with_a_left_single_mark_are_apostrophes(analyse_text, body):
    doc = analyse_text("Vote\n\n" + body + "\n")
    assert doc.quotes == [] and {r for _, r in _roles(doc)} == {"apostrophe"}


def test_curly_quotation_nested_in_a_straight_one(analyse_text):
    doc = analyse_text('Vote\n\n"In 1960 they met. Written “at this time of crisis,” the statement is a summary.\n\n'
                       '"Among its principles are these."\n')
    assert [(doc.view[q.start:q.end], q.kind) for q in doc.quotes] == [
        ("In 1960 they met. Written “at this time of crisis,” the statement is a summary.", "direct"),
        ("at this time of crisis,", "nested"), ("Among its principles are these.", "direct")]
    assert "unbalanced" not in {r for _, r in _roles(doc)}
    # a straight quotation that is never closed is still unmatched
    doc = analyse_text('Vote\n\n"We won. “Great,” she said.\n')
    assert [r for _, r in _roles(doc)] == ["unbalanced", "open", "close"]


def test_an_echo_is_whole_words_in_a_row_of_one_speakers_quotation(analyse_text):
    # "qualified the" runs from one quotation into the next, "ified" is part of a word: neither
    # is quoted from a speaker, and both stay scare quotes; "plan failed" is
    doc = analyse_text('Vote\n\nSanders said Clinton was "not qualified" and Cruz said "the plan failed" today.\n\n'
                       'The "qualified the" spat went on.\n\nThe "ified" spat went on.\n\nThe "plan failed" spat went on.\n')
    assert _kinds(doc)[2:] == [("qualified the", "scare"), ("ified", "scare"), ("plan failed", "partial")]


@pytest.mark.parametrize("body, kinds", [
    # the attribution interrupts one quotation: its second part is the rest of it, not a fragment
    ('"If you think of thieves they do not do clever," said Mr Lee, "they just do what works."',
     ["direct", "direct"]),
    ('"The bridge is safe," Ana Ruiz added, "but only just."', ["direct", "direct"]),
    ('"The bridge is safe," said Ana Ruiz, the port director, "and it will stay open for years."',
     ["direct", "direct"]),
    # a clause of the writer's own between them: what follows is not the quotation resumed
    ('"We won," said Ms Cole, who said the rival plan was "a shambles".', ["direct", "partial"]),
    ('"We won," said Ms Cole, "and we will win again," adding that the plan was "a shambles".',
     ["direct", "direct", "partial"]),
])
def test_the_second_part_of_an_interrupted_quotation_is_direct(analyse_text, body, kinds):
    doc = analyse_text("Harbour bridge\n\n" + body + "\n")
    assert [q.kind for q in doc.quotes] == kinds


@pytest.mark.parametrize("headline, speaker", [
    # headlines drop the auxiliary: a past participle after a noun is passive, an -ing form a noun
    ("Harbour crews warned over 'storm tide'", None),
    ("Port warning over 'ghost ships'", None),
    ("Skippers accused of 'reckless' sailing", None),
    ("Skippers warned by Ana Ruiz over 'storm tide'", "Ana Ruiz"),
    # (a long agent: read whole, not cut where the cue's first tokens stop)
    ("Skippers warned by Harbour Master Ana Maria Ruiz over 'storm tide'", "Harbour Master Ana Maria Ruiz"),
    # a verb in the present is the headline's speech verb
    ("Skippers warn over 'storm tide'", "Skippers"),
])
def test_a_headlines_participle_is_no_speech_verb_of_the_noun_before_it(analyse_text, headline, speaker):
    doc = analyse_text(headline + "\n\nThe harbour closed on Monday after the storm.\n")
    (q,) = doc.quotes
    assert (q.speaker.text if q.speaker else None) == speaker



@pytest.mark.parametrize("body, inner", [
    ("Investment grade starts at 'BBB-'. It fell.", "BBB-"),  # a rating
    ("He called it 'semi-' rather than full.", "semi-"),  # a prefix quoted as a word
    ("The 'pre-' and 'post-war' eras differ.", "pre-"),
])
def test_a_single_mark_after_a_words_trailing_hyphen_closes(analyse_text, body, inner):
    # before, the mark after the hyphen was taken for an opening mark: an unbalanced-mark error
    doc = analyse_text("Rating\n\n" + body + "\n")
    assert "unbalanced" not in [m.role for m in doc.marks]
    assert inner in [t for t, _ in quotes(doc)]


@pytest.mark.parametrize("body, code", [
    ("S&P lifted the rating by one notch to 'BB+'. Markets rose.", "BB+"),  # a credit rating
    ("The board gave it a \"12A\" certificate.", "12A"),  # a film rating
    ("The bonds kept their \"AAA\" grade.", "AAA"),
])
def test_a_code_or_grade_in_marks_is_a_term_not_a_scare_quote(analyse_text, body, code):
    doc = analyse_text("Rating\n\n" + body + "\n")
    assert (code, "term") in quotes(doc)


def test_a_lower_case_word_in_marks_is_still_a_scare_quote(analyse_text):
    doc = analyse_text("Visit\n\nThe visit was \"friendly\" and the talks \"frank\".\n")
    assert [k for _, k in quotes(doc)] == ["scare", "scare"]


def test_a_short_word_of_a_script_without_case_in_marks_is_not_a_code(analyse_text):
    # a code is capitals, digits and signs: a Devanagari word has no case, so it is no code
    doc = analyse_text("Rating\n\nThe shops were listed as ‘कमसल’ by the office.\n")
    assert [k for _, k in quotes(doc)] == ["scare"]


def test_quote_words_counted_once_and_shared(analyse_text):
    # each quotation's words are counted once (Document.quote_words) and the same count serves
    # the speaker's tally and the output
    from annotator.serialize import to_dict

    doc = analyse_text('Smith said: "We  will build   it."\n\nJones said: "No way," and left.\n')
    assert [q.words for q in doc.quotes] == [len(doc.view[q.start:q.end].split()) for q in doc.quotes] == [4, 2]
    words = {q.id: q.words for q in doc.quotes}
    assert any(sp.quotes for sp in doc.speakers)
    assert all(sp.quoted_words == sum(words[i] for i in sp.quotes) for sp in doc.speakers)
    d = to_dict(doc)
    assert [q["words"] for q in d["quotes"]] == [4, 2] and d["stats"]["quoted_words"] == 6
