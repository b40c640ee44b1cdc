"""Verbs of thinking and wanting as attribution cues (cues.yaml, ``quotes: false``) on hand-written
sentences: a source's view is an attribution ("Ruiz wants …", "the council thinks …"), as PolNeAR
and PARC count them; the writer's own ("I think"), a relative clause that describes its noun
("people who want …"), a hypothetical ("will not want"), a name misread after the verb and a view
reported inside someone's speech ("Ruiz said she believes …") are not."""

import pytest


def relations(analyse_text, body: str):
    doc = analyse_text("Harbour news\n\n" + body + "\n")
    v = doc.view
    return [
        (
            a.kind,
            v[a.source.start:a.source.end] if a.source else None,
            v[a.cue.start:a.cue.end] if a.cue else None,
            [v[c.start:c.end] for c in a.content],
        )
        for a in doc.attributions
    ]


def test_a_view_inside_reported_speech_is_part_of_it(analyse_text):
    """A verb of thinking inside what someone is reported to say makes no relation of its own."""
    rels = relations(analyse_text, "Ana Ruiz said she believes the cranes are too old to repair.")
    assert rels == [("indirect", "Ana Ruiz", "said", ["she believes the cranes are too old to repair"])]


def test_a_view_of_its_own_stays(analyse_text):
    rels = relations(analyse_text, "Ana Ruiz believes the cranes are too old to repair.")
    assert rels == [("indirect", "Ana Ruiz", "believes", ["the cranes are too old to repair"])]
