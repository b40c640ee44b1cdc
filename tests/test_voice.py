"""The voice map (issue 14.1): reported speech outside quotation marks is not the writer's voice.
Neutrality rules still look there, at most at info and with a note naming the source."""

from annotator.analysis import analyse
from annotator.analysis.voice import mark_reported
from annotator.engine import get_engine
from annotator.readers import read_text

TEXT = ("Budget vote\n\nThe council slammed the plan. The mayor said the council had slammed the budget "
        "in a shameful vote.\n")


def _findings(doc):
    from annotator.engine.config import Config

    engine = get_engine()
    cfg = Config({"enable": ["neutrality.loaded-words"]}, None)  # (off by default: on here, to see where it looks)
    cfg.validate(engine)
    return {(f.rule, doc.text[f.start:f.end], f.start): f for f in engine.check(doc, cfg.settings_for(engine, None))}


def test_a_loaded_word_in_reported_speech_is_info_with_a_note():
    doc = analyse(read_text(TEXT, "v.txt", "text"))
    first = TEXT.index("slammed")
    reported_start = TEXT.index("the council had")
    # reported speech as the attribution analysis marks it: the content after "said"
    doc.reported_mask = bytearray(len(doc.text))
    doc.reported_mask[reported_start:len(TEXT) - 2] = b"\x01" * (len(TEXT) - 2 - reported_start)
    found = _findings(doc)
    writer = found[("neutrality.loaded-verbs", "slammed", first)]
    assert writer.severity == "warning" and "paraphrase" not in writer.message
    second = TEXT.index("slammed", first + 1)
    reported = found[("neutrality.loaded-verbs", "slammed", second)]
    assert reported.severity == "info" and ("reported speech" in reported.message or "paraphrase" in reported.message)
    assert (writer.scope, reported.scope) == ("writer", "reported")
    # an info rule has no lower severity to report a paraphrase at: it keeps to the writer's voice
    assert ("neutrality.loaded-words", "shameful", TEXT.index("shameful")) not in found


def test_an_info_word_rule_flags_the_writers_voice_but_not_a_paraphrase():
    text = "Budget vote\n\nIt was a shameful vote. The mayor said it was a shameful vote.\n"
    doc = analyse(read_text(text, "v.txt", "text"))
    assert doc.reported_mask is not None and doc.reported_mask[text.rindex("shameful")] == 1
    found = _findings(doc)
    assert ("neutrality.loaded-words", "shameful", text.index("shameful")) in found
    assert ("neutrality.loaded-words", "shameful", text.rindex("shameful")) not in found


def test_an_info_rule_that_asks_for_reported_speech_still_gets_it(tmp_path):
    from annotator.engine import Engine
    from annotator.engine.loader import load_specs

    d = tmp_path / "rules" / "neutrality"
    d.mkdir(parents=True)
    rule = ("rules:\n  - id: neutrality.x\n    kind: lexicon\n    severity: info\n    message: m\n"
            "    rationale: r\n    words: [shameful]\n{extra}")
    text = "Budget vote\n\nIt was a shameful vote. The mayor said it was a shameful vote.\n"
    for extra, expect in (("", 1), ("    in_reported: info\n", 2)):
        (d / "x.yaml").write_text(rule.format(extra=extra), encoding="utf-8")
        doc = analyse(read_text(text, "v.txt", "text"))
        Engine(load_specs([str(tmp_path / "rules")])).check(doc)
        assert len([f for f in doc.findings if f.rule == "neutrality.x"]) == expect



def test_without_reported_speech_the_writer_scope_is_as_before():
    doc = analyse(read_text(TEXT, "v.txt", "text"))
    doc.reported_mask = None
    found = _findings(doc)
    assert {f.severity for (r, _, _), f in found.items() if r == "neutrality.loaded-verbs"} == {"warning"}


class _Span:
    def __init__(self, start, end):
        self.start, self.end = start, end


class _Relation:
    def __init__(self, kind, content):
        self.kind, self.content = kind, content


def test_mark_reported_covers_indirect_and_mixed_content_outside_quotation_marks():
    text = 'H\n\nShe said the plan was "a disgrace" and would fail.\n'
    doc = analyse(read_text(text, "m.txt", "text"))
    start, end = text.index("the plan"), text.index(" and would fail") + len(" and would fail")

    class Doc:  # the attributions the relation analysis gives
        pass

    rel = _Relation("mixed", [_Span(start, end)])
    fake = Doc()
    fake.view, fake.quotes, fake.attributions = doc.view, doc.quotes, [rel]
    mark_reported(fake)
    m = fake.reported_mask
    assert m[text.index("the plan")] == 1 and m[text.index("would")] == 1
    assert m[text.index("disgrace")] == 0  # the quoted fragment is the source's own words
    assert m[text.index("She")] == 0
    fake.attributions = [_Relation("direct", [_Span(start, end)])]
    mark_reported(fake)
    assert fake.reported_mask is None


def test_the_analysis_marks_reported_speech_and_names_its_source():
    """No mask set by hand: the attribution relations make "the council had slammed ..." the
    mayor's reported speech."""
    doc = analyse(read_text(TEXT, "v.txt", "text"))
    assert doc.reported_mask is not None and doc.reported_mask[TEXT.index("had slammed")] == 1
    assert doc.reported_mask[TEXT.index("The council")] == 0
    found = _findings(doc)
    first = TEXT.index("slammed")
    assert found[("neutrality.loaded-verbs", "slammed", first)].severity == "warning"
    second = found[("neutrality.loaded-verbs", "slammed", TEXT.index("slammed", first + 1))]
    assert second.severity == "info" and "in a paraphrase of The mayor" in second.message
    assert second.scope == "reported"


def test_a_paraphrase_of_a_pronoun_names_the_speaker_it_stands_for():
    """'he said Labour's claims …': the message names the resolved speaker, never "he"; a pronoun
    that resolves to no one makes the note say it plainly."""
    text = ("Ana Ruiz has said the council is rattled.\n\n"
            "In a speech in Leeds, she said the council had slammed the plan to win votes.\n")
    doc = analyse(read_text(text, "v.txt", "text"))
    found = _findings(doc)
    hit = found[("neutrality.loaded-verbs", "slammed", text.index("slammed"))]
    assert "in a paraphrase of Ana Ruiz:" in hit.message
    text = "Budget vote\n\nIn a speech in Leeds, she said the council had slammed the plan to win votes.\n"
    doc = analyse(read_text(text, "v.txt", "text"))
    hit = _findings(doc)[("neutrality.loaded-verbs", "slammed", text.index("slammed"))]
    assert "(in reported speech:" in hit.message and "of she" not in hit.message
