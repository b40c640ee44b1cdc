"""Which use of a reporting verb a lexicon entry flags (engine/kinds/complement.py): "claim"
with a clause reports a statement, with a bare noun phrase it takes something ("claim
victory"); "insist" with a subjunctive that-clause demands ("insisted that she go")."""

import pytest

from annotator.engine.kinds.complement import noun_phrase_object, subjunctive


@pytest.mark.parametrize("after, expected", [
    (" a victory of sorts in South Carolina.", True),
    (" nuclear test.", True),
    (" vast wealth and said it kept him independent.", True),
    (" responsibility for the attack.", True),
    (" the nomination on Tuesday.", True),
    (" the top spot, overtaking the favourite.", True),
    # clauses: a finite verb, a complementiser, a pronoun subject, a verb in -ing or -s
    (" a new era had begun.", False),
    (" the minister hosted a dinner.", False),
    (" that the sale of its main asset will lead to collapse.", False),
    (" it was safe.", False),
    (" cutting the limit would save lives.", False),
    (" the firm owes more than $27bn in taxes.", False),
    (" their display in the defeat was their worst.", False),
    (" the law, which the EU says is needed, is little more than a charter.", False),
    (" the union's refusal to support the plan is a mistake.", False),
    (" on Tuesday that trade had fallen.", False),
    (" the plan", False),  # no end in sight: read as a clause
])
def test_noun_phrase_object(after, expected):
    text = "They claimed" + after
    assert noun_phrase_object(text, 5, 12) is expected


def test_an_inverted_verb_after_a_paraphrase_reports():
    text = "Workers were ignored, claimed the union organisation."
    s = text.index("claimed")
    assert noun_phrase_object(text, s, s + 7) is False


@pytest.mark.parametrize("after, expected", [
    (" that the first lady go to hospital.", True),
    (" that he resign.", True),
    (" that he resign from the board.", True),
    (" that he be replaced.", True),
    (" that the minister should stay.", True),
    (" that any package include a delay.", True),
    (" that he not attend.", True),
    # statements
    (" that the plan had failed.", False),
    (" the auction was theft.", False),
    (" nothing would derail the campaign.", False),
    (" he has done no deals.", False),
    (" that he never said it.", False),
    (" that the company remains solvent.", False),
    (" they won't consider a nominee.", False),
    (" that the annual investment in water was central.", False),
    (" that his legal work with the firm did not matter.", False),
    (" in the same interview that he was wrong.", False),
    (" that the system cannot be trusted.", False),
    (" Mr Sener, \"will help.\"", False),
    ("\n\nA major change of direction is needed.", False),
])
def test_subjunctive(after, expected):
    text = "She insisted" + after
    assert subjunctive(text, 12) is expected
