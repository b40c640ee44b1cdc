"""Constructions behind wrong findings on held-out real copy (evaluation/editorial, held-out 3),
each written here in our own sentences: a judgement attributed by a passive agent, a report
named after its cue, and compound nouns in marks that name a thing rather than carry a
speaker's framing."""

from annotator.engine import get_engine
from annotator.engine.config import Config
from annotator.engine.examples import build_doc

ENGINE = get_engine()


def analysed(text, headline=None):
    doc = build_doc({"text": text, "headline": headline})
    cfg = Config({}, None)
    cfg.validate(ENGINE)
    found = ENGINE.check(doc, cfg.settings_for(ENGINE, None))
    return doc, [(f.rule, doc.text[f.start:f.end]) for f in found]


def reported(doc, words):
    k = doc.text.index(words)
    return doc.reported_mask is not None and all(doc.reported_mask[k:k + len(words)])


# -- "X is considered by Y to be Z": Z is Y's judgement ----------------------------------------

def test_the_complement_of_a_judgement_with_an_agent_is_reported():
    for text, words in (
        ("The ferry is considered by many sailors to be one of the finest on the coast.", "one of the finest"),
        ("The choir was regarded by most critics as the greatest of its time.", "the greatest of its time"),
        ("The bridge has been hailed by engineers as a triumph, and it opens today.", "a triumph"),
    ):
        doc, found = analysed(text)
        assert reported(doc, words), text
        assert not any(r == "neutrality.superlatives" for r, _ in found), (text, found)


def test_the_complement_ends_with_its_clause():
    doc, _ = analysed("The ferry is considered by sailors to be the finest and the port has two more.")
    assert reported(doc, "the finest")
    assert not reported(doc, "the port has two more")


def test_a_judgement_with_no_agent_or_a_conjunction_after_the_agent_stays_the_writers():
    doc, found = analysed("The ferry is widely considered to be one of the finest on the coast.")
    assert ("neutrality.superlatives", "finest") in found
    doc, _ = analysed("The ferry was seen by thousands as it sailed past the finest harbour in the land.")
    assert not reported(doc, "it sailed past")
    doc, _ = analysed("The ferry was built by workers as the finest on the coast.")  # not a verb of judging
    assert not reported(doc, "the finest on the coast")


# -- "…, X says in a report, TITLE.": the clause before is X's --------------------------------

def test_the_clause_of_a_view_after_be_and_a_stance_adjective_is_reported():
    # held-out business/417: "traders were sceptical that the reports heralded a deal" is the
    # traders' view, not the writer's interpretation
    doc, found = analysed("Dealers were sceptical that the latest rumours heralded a bid. The shares fell.")
    assert reported(doc, "the latest rumours heralded a bid")
    assert ("neutrality.interpretation", "heralded") in found  # (at info, as reported speech)
    assert all(f.severity == "info" for f in ENGINE.check(doc, _settings()) if f.rule == "neutrality.interpretation")
    # an impersonal subject keeps the statement the writer's; the next sentence is the writer's too
    doc, _ = analysed("It is certain that the rumours heralded a bid. The shares fell.")
    assert not reported(doc, "the rumours heralded a bid")
    assert not reported(doc, "The shares fell")


def _settings():
    cfg = Config({}, None)
    cfg.validate(ENGINE)
    return cfg.settings_for(ENGINE, None)


def test_a_report_named_after_its_cue_leaves_the_clause_before_it_reported():
    doc, found = analysed("Some 40 villages will flood needlessly by 2030, the Red Cross says in a report, "
                          "Rising Waters.")
    (a,) = [a for a in doc.attributions if a.kind == "indirect"]
    assert doc.text[a.content[0].start:a.content[0].end] == "Some 40 villages will flood needlessly by 2030"
    assert not any(r == "neutrality.editorializing" for r, _ in found), found


def test_a_clause_after_the_adjunct_is_still_the_content():
    doc, _ = analysed("The Red Cross says in a report, that villages will flood by 2030.")
    (a,) = [a for a in doc.attributions if a.kind == "indirect"]
    assert "villages will flood" in doc.text[a.content[0].start:a.content[0].end]


# -- compound nouns in marks that name a thing -------------------------------------------------

def kinds(text):
    doc, found = analysed(text)
    return {doc.text[q.start:q.end]: q.kind for q in doc.quotes}, found


def test_a_compound_before_a_kind_noun_is_a_term():
    for text, inner in (
        ('Ana Ruiz sought the "harbour exclusion" orders after the chase.', "harbour exclusion"),
        ('The site offers a "one-tap buying" service.', "one-tap buying"),
        ('The school adopted a "zero tolerance" approach to litter.', "zero tolerance"),
    ):
        k, found = kinds(text)
        assert k[inner] == "term", text
        assert not any(r.startswith("quotes.") for r, _ in found), (text, found)


def test_a_judgement_before_a_kind_noun_is_still_someones_words():
    for text, inner in (
        ('Mr Lee urged the council to scrap the "grossly unfair" tax completely.', "grossly unfair"),
        ('Ms Cole said it was a "firm but fair" policy.', "firm but fair"),
        ('Ms Cole said it was "the worst" policy of all.', "the worst"),
        ('Ms Cole attacked the "reckless" policy.', "reckless"),
    ):
        k, _ = kinds(text)
        assert k[inner] in ("partial", "scare"), text


def test_a_compound_the_writer_uses_plainly_elsewhere_is_a_term():
    k, found = kinds("The golden rule is the treasury's test for borrowing.\n\n"
                     'The institute said the government might narrowly miss its "golden rule" next year.')
    assert k["golden rule"] == "term"
    assert not any(r == "quotes.partial-quote" for r, _ in found)
    k, _ = kinds('Golden rule boost for the treasurer. The state may miss its "golden rule".')
    assert k["golden rule"] == "term"


def test_a_compound_used_plainly_only_in_reported_speech_or_quotes_is_still_a_partial_quote():
    k, found = kinds("The institute said the government faced a black hole.\n\n"
                     'Ms Cole also said there was a "black hole" in the finances.')
    assert k["black hole"] == "partial"
    assert ("quotes.partial-quote", '"black hole"') in found
    k, _ = kinds('"There is a black hole," Ms Lee said.\n\nMs Cole also said there was a "black hole" in it.')
    assert k["black hole"] == "partial"


# -- a list of words in marks ------------------------------------------------------------------

def test_marked_items_of_a_list_are_terms():
    for text, items in (
        ('Racers can take on a "ghost" or "shadow" of their best lap.', ("ghost", "shadow")),
        ('Words such as "lap", "grid" and "pit" were looked up most.', ("lap", "grid", "pit")),
        ('The file is labelled either "invoice" or "receipt".', ("invoice", "receipt")),
    ):
        k, found = kinds(text)
        assert all(k[i] == "term" for i in items), (text, k)
        assert not any(r == "quotes.scare-quotes" for r, _ in found), (text, found)


def test_an_item_listed_beside_a_partial_quotation_is_its_speakers():
    k, found = kinds('Ana Ruiz has attacked "false" and "desperate" tabloid magazines.')
    assert k["desperate"] == "partial"
    assert not any(r == "quotes.scare-quotes" for r, _ in found), found


def test_words_in_marks_that_are_no_list_are_still_scare_quotes():
    for text in ('The "reforms" cost thousands of jobs.',
                 'The "reforms" cost jobs, and the "savings" were small.'):
        k, found = kinds(text)
        assert k["reforms"] == "scare", text
        assert ("quotes.scare-quotes", '"reforms"') in found, (text, found)


# -- marks in back-shifted speech: what a plan, report or source says may happen --------------

def test_marks_in_a_sentence_of_back_shifted_speech_are_no_scare_quotes():
    for text, inner in (
        ('The scheme starts in May. Pirates will still get fixes, but their options would be "limited".', "limited"),
        ("The flood hit the coast. The blow to many fishing towns could be \"enormous\".", "enormous"),
        ('Two harbour unions might merge to form a "super guild" of sailors.', "super guild"),
    ):
        k, found = kinds(text)
        assert k[inner] == "partial", (text, k)
        assert not any(r.startswith("quotes.") for r, _ in found), (text, found)


def test_marks_in_the_writers_own_statement_are_still_scare_quotes():
    for text, inner in (
        ('The scheme starts in May. Pirates still get fixes, but their options are "limited".', "limited"),
        ("The flood hit the coast. The blow to many fishing towns was \"enormous\".", "enormous"),
    ):
        k, found = kinds(text)
        assert k[inner] == "scare", (text, k)
        assert ("quotes.scare-quotes", f'"{inner}"') in found, (text, found)


# -- a noun read as the subject's verb ---------------------------------------------------------

def speaker_of(text, inner):
    doc, found = analysed(text)
    (q,) = [q for q in doc.quotes if doc.text[q.start:q.end] == inner]
    return (q.speaker.text if q.speaker is not None else None), found


def test_a_noun_before_an_auxiliary_is_not_the_subjects_verb():
    for text, inner in (
        ('Users of pirated Harbour programs would not get the downloads and "plug-ins" the firm offers.', "plug-ins"),
        ('The Harbour proposals are "quite closely modelled" on the Lisbon plan.', "quite closely modelled"),
    ):
        speaker, found = speaker_of(text, inner)
        assert speaker is None, (text, speaker)
        assert not any(r == "quotes.partial-quote" for r, _ in found), (text, found)


def test_the_subjects_own_verb_still_binds_its_fragment():
    for text, inner, who in (
        ('Ana Ruiz wants a "fair deal" for the port.', "fair deal", "Ana Ruiz"),
        ('Ana Ruiz recalls being called a "traitor" by the crowd.', "traitor", "Ana Ruiz"),
        ('Ana Ruiz has attacked the "reckless" budget.', "reckless", "Ana Ruiz"),
    ):
        speaker, _ = speaker_of(text, inner)
        assert speaker == who, (text, speaker)


# -- apostrophes read as unclosed quotation marks (errors must be certain) ---------------------

def unbalanced(text):
    _, found = analysed(text)
    return [m for r, m in found if r == "quotes.unbalanced"]


def test_a_word_with_its_first_letters_dropped_again_and_again_is_no_quotation():
    assert unbalanced("Hijacked PCs are called zombies or 'bots, and groups of them 'bot nets.\n\n"
                      "Spammers rent 'bot nets by the hour.") == []


def test_possessives_after_a_name_ending_in_punctuation_or_a_gap_are_apostrophes():
    assert unbalanced("Fans of OutRage!'s campaign and Yahoo!'s users met.") == []
    assert unbalanced("Ana Ruiz stole  's thunder in the final.") == []


def test_unclosed_single_marks_before_words_that_open_quotations_stay_errors():
    assert unbalanced("The minister said 'the road is closed until Monday.") == ["'"]
    assert unbalanced("The minister said 'the road is closed. Later she said 'the bridge is shut.") == ["'", "'"]
    assert unbalanced("It was 'orrible, she said.") == ["'"]  # once: no evidence of an elided word


# -- adverbs that are part of a legal term -----------------------------------------------------

def test_legal_findings_are_not_editorializing():
    for text in ("Ana Ruiz, who was wrongly convicted of the theft in 1990, was freed.",
                 "The tribunal found that the clerk had been unfairly dismissed.",
                 "Six men were wrongly jailed for the bombing."):
        _, found = analysed(text)
        assert not any(r == "neutrality.editorializing" for r, _ in found), (text, found)
    _, found = analysed("The council wrongly cut the harbour budget and unfairly blamed the port.")
    assert [m for r, m in found if r == "neutrality.editorializing"] == ["wrongly", "unfairly"]


def test_plain_uses_are_found_the_same_by_the_index_of_a_mark_dense_article(analyse_text, monkeypatch):
    # past PLAIN_SEARCHES_MAX phrases the text is indexed once instead of searched once per phrase
    # (an article of many marked compounds was quadratic): the answers must be the same
    from annotator.analysis import mentions

    doc = analyse_text(
        "Harbour\n\nThe golden rule held, the council said. Ana Ruiz said the golden-rule plan and the "
        "zero tolerance policy were fine. A (zero tolerance) stance, the Golden  rule and smart fabrics "
        "stayed; smart fabricsx did not. \"Smart fabrics\" sold well, and _smart fabrics too.\n")
    phrases = ["golden rule", "zero tolerance", "smart fabrics", "Golden rule", "green lane", "-ish thing",
               "ana ruiz", "council said", "fabrics stayed"]
    answers = []
    for most in (10_000, 0):
        monkeypatch.setattr(mentions, "PLAIN_SEARCHES_MAX", most)
        plain = mentions._PlainUse(doc)
        answers.append([plain.uses(p) for p in phrases] + [plain.uses(p) for p in phrases])
    assert answers[0] == answers[1]
    assert answers[0][1:3] == [True, True] and answers[0][0] is False and answers[0][4] is False
