"""Attribution relations, continued: how a relation's content is bounded and how the parts of one
speech are linked into it, on hand-written sentences (issue 13; PolNeAR's conventions)."""

from tests.test_attribution_relations import relations


def test_a_quotation_continuing_a_mixed_attribution_joins_its_relation(analyse_text):
    _, rels = relations(
        analyse_text, 'Ana Ruiz said the plan was "a waste of money." "We will not pay for it."')
    assert rels == [("mixed", "Ana Ruiz", "said", ['the plan was "a waste of money."', '"We will not pay for it."'])]


def test_a_quotation_continuing_in_the_next_paragraph_joins_its_relation(analyse_text):
    doc, rels = relations(
        analyse_text, '"The cranes are old," Ana Ruiz said on Tuesday.\n\n"They will be replaced next spring."')
    assert rels == [("direct", "Ana Ruiz", "said", ['"The cranes are old,"', '"They will be replaced next spring."'])]
    assert [q.relation for q in doc.quotes] == ["a1", "a1"]
