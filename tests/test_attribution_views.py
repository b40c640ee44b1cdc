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


@pytest.mark.parametrize(
    "body, source, cue, content",
    [
        ("Ana Ruiz wants a new ferry terminal on the north quay.",
         "Ana Ruiz", "wants", ["a new ferry terminal on the north quay"]),
        ("The harbour board thinks the cranes are too old to repair.",
         "The harbour board", "thinks", ["the cranes are too old to repair"]),
        ("Dock workers worried that the new cranes would cost them their jobs.",
         "Dock workers", "worried", ["that the new cranes would cost them their jobs"]),
        ("The port director threatened to close the north quay for a month.",
         "The port director", "threatened", ["to close the north quay for a month"]),
        ("Most dock workers prefer a later start to the night shift.",
         "Most dock workers", "prefer", ["a later start to the night shift"]),
        # "sees"/"views" with an object and "as" (cues.yaml's ``relations: as``)
        ("The harbour board sees the new cranes as a waste of money.",
         "The harbour board", "sees", ["the new cranes as a waste of money"]),
        ("Ana Ruiz views Mr. Vik as the best choice for the port.",
         "Ana Ruiz", "views", ["Mr. Vik as the best choice for the port"]),
    ],
)
def test_a_view_is_an_attribution(analyse_text, body, source, cue, content):
    assert ("indirect", source, cue, content) in relations(analyse_text, body)


@pytest.mark.parametrize(
    "body, cue",
    [
        # the writer's own view
        ("I think the cranes are too old to repair.", "think"),
        ("I believe the cranes are too old to repair.", "believe"),
        ("We hope the ferry will run on time.", "hope"),
        # a relative clause that describes its noun
        ("Sailors who want a quieter harbour have moved to the south quay.", "want"),
        ("Sailors who believe the harbour is too loud have moved to the south quay.", "believe"),
        # a hypothetical
        ("The port director will not want to close the north quay for a month.", "want"),
        ("Sailors would hope the harbour stays open all winter.", "hope"),
        # (contracted, with either apostrophe)
        ("The port director won't want to close the north quay for a month.", "want"),
        ("The port director wouldn’t want to close the north quay for a month.", "want"),
        # a name misread after the verb (no passive's "by"): the writer's sentence
        ("The figures are large so, perhaps, believe Tom Vik must be planning cuts.", "believe"),
        # a view inside reported speech is part of what was said
        ("Ana Ruiz said the council wants a new ferry terminal.", "wants"),
        # "see" without an object and "as", a passive "seen as", "saw", a preposition's phrase
        ("Sailors see a glass half empty in the harbour.", "see"),
        ("The new cranes are seen as a waste of money.", "seen"),
        ("The harbour board saw the new cranes as a waste of money.", "saw"),
        ("The grim view of the harbour comes as the ferry stops.", "view"),
    ],
)
def test_no_attribution_of_a_view(analyse_text, body, cue):
    assert not [r for r in relations(analyse_text, body) if r[2] == cue]


def test_a_passive_agent_holds_the_view(analyse_text):
    rels = relations(analyse_text, "The new terminal is endorsed by the harbour board.")
    assert [r[1] for r in rels if r[2] and "endorsed" in r[2]] == ["the harbour board"]


@pytest.mark.parametrize(
    "body, source, cue, content",
    [
        # the verb or adjective that governs a cue's infinitive belongs to the cue, as PolNeAR marks it
        ("The port director declined to say whether the ferry would stop running in May.",
         "The port director", "declined to say", ["whether the ferry would stop running in May"]),
        ("Ana Ruiz has refused to say whether the ferry will stop.",
         "Ana Ruiz", "has refused to say", ["whether the ferry will stop"]),
        ("Ana Ruiz was quick to point out that the cranes are old.",
         "Ana Ruiz", "was quick to point out", ["that the cranes are old"]),
        ("Ana Ruiz went on to criticize the harbour board for the delay.",
         "Ana Ruiz", "went on to criticize", ["the harbour board for the delay"]),
        ("The harbour board seemed to suggest that the ferry would stop.",
         "The harbour board", "seemed to suggest", ["that the ferry would stop"]),
    ],
)
def test_the_verb_governing_an_infinitive_cue_is_part_of_it(analyse_text, body, source, cue, content):
    assert relations(analyse_text, body) == [("indirect", source, cue, content)]


def test_an_infinitive_of_purpose_stays_as_it_was(analyse_text):
    rels = relations(analyse_text, "Ana Ruiz met the mayor to discuss the new terminal.")
    assert [r[2] for r in rels] == ["to discuss"]


@pytest.mark.parametrize(
    "body, source",
    [
        # the head of the subject before the noun phrase the speaker grammar finds ("the talks")
        ("A person familiar with the talks said the ferry would stop running in May.",
         "A person familiar with the talks"),
        ("Officials in both towns said the ferry would stop running in May.", "Officials in both towns"),
        ("People close to the port director said the ferry would stop running in May.",
         "People close to the port director"),
        ("An official at the harbour board said the ferry would stop running in May.",
         "An official at the harbour board"),
        ("A spokeswoman for the harbour board said the ferry would stop running in May.",
         "A spokeswoman for the harbour board"),
        ("A survey by the harbour board found that the ferry would stop running in May.",
         "A survey by the harbour board"),
        # from the first word's own place, not from "an" inside "American"
        ("An American delegate from Houston said the ferry would stop running in May.",
         "An American delegate from Houston"),
    ],
)
def test_the_head_of_a_subject_is_part_of_the_source(analyse_text, body, source):
    assert [r[1] for r in relations(analyse_text, body) if r[2] in ("said", "found")] == [source]


@pytest.mark.parametrize(
    "body, source",
    [
        # a quantified subject: "more than" and a number that ends it are quantities
        ("More than six in 10 said the ferry should keep running.", "More than six in 10"),
        ("At least 21,000 said they would sign the harbour petition.", "At least 21,000"),
    ],
)
def test_a_quantified_subject_is_a_source(analyse_text, body, source):
    assert [r[1] for r in relations(analyse_text, body) if r[2] == "said"] == [source]


def test_a_number_inside_a_clause_is_no_quantified_subject(analyse_text):
    rels = relations(analyse_text, "After the May 8 vote later said nothing, the port closed.")
    assert not [r for r in rels if r[2] == "said"]


def test_a_governing_phrase_is_found_by_its_place_not_by_its_first_word(monkeypatch):
    # "in line to say": the phrase's first word, "in", also stands inside "line"; looked up in the
    # lead by its text, the group started in the middle of "line" ("ine to say")
    from annotator.analysis.attribution import cues
    from annotator.document import Cue

    monkeypatch.setattr(cues, "_CONTROL", cues._CONTROL | {"in line"})
    monkeypatch.setattr(cues, "CONTROL_MAX_WORDS", max(cues.CONTROL_MAX_WORDS, 2))
    view = "The mayor was in line to say the quay would close."
    k = view.index("say")
    group = cues.verb_group(view, Cue(k, k + 3, "say", "say", "neutral"))
    assert group.text == "was in line to say"
    k = view.replace("in line", "keen").index("say")  # one word, as the lexicon has it
    group = cues.verb_group(view.replace("in line", "keen"), Cue(k, k + 3, "say", "say", "neutral"))
    assert group.text == "was keen to say"


def test_relations_takes_true_false_clause_or_as():
    from annotator.analysis.lexicon import CueLexicon

    data = {"stances": {"neutral": "plain"}, "cues": {"see": {"stance": "neutral", "relations": "as"}}}
    assert CueLexicon(data).as_only == {"see"}
    data["cues"]["see"]["relations"] = "object"
    with pytest.raises(ValueError, match="relations must be true, false, clause or as"):
        CueLexicon(data)
