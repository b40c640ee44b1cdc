"""Constructions behind the wrong findings on held-out real copy (evaluation/editorial, the 25
articles never used in tuning), each written here in our own sentences: the rules must read the
construction, not one article."""

from annotator.engine import get_engine
from annotator.engine.config import Config
from annotator.engine.examples import build_doc

ENGINE = get_engine()


def findings(text, headline=None):
    """The default configuration's findings: (rule, matched text, severity) in text order."""
    doc = build_doc({"text": text, "headline": headline})
    cfg = Config({}, None)
    cfg.validate(ENGINE)
    found = ENGINE.check(doc, cfg.settings_for(ENGINE, None))
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


def test_admitting_a_statement_is_still_a_loaded_verb():
    for text in ("The minister admitted the figures were wrong.",
                 "The minister admitted two mistakes had been made.",
                 "He admitted that the plan had failed."):
        assert ("neutrality.loaded-verbs", "admitted", "warning") in findings(text), text
