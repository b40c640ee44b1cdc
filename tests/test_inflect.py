"""The one inflector (engine/inflect.py, on lemminflect): rule lexicons with ``inflect:`` and the
analysis' reporting verbs get the real English forms."""

import os

import pytest

from annotator.engine.inflect import forms, inflect_like, noun_forms, verb_forms


@pytest.mark.parametrize("lemma, key, form", [
    ("offer", "ed", "offered"),       # not "offerred": offer is stressed on its first syllable
    ("refer", "ed", "referred"),
    ("panic", "ed", "panicked"),      # not "paniced"
    ("panic", "ing", "panicking"),
    ("quit", "ing", "quitting"),      # not "quiting": qu is a consonant
    ("flee", "ed", "fled"),           # not "fleed"
    ("tell", "ed", "told"),
    ("write", "en", "written"),
    ("visit", "ed", "visited"),
    ("admit", "ed", "admitted"),
    ("deny", "s", "denies"),
    ("panic-buy", "ed", "panic-bought"),  # a compound inflects its last part
])
def test_verb_forms(lemma, key, form):
    assert form in verb_forms(lemma)[key]
    assert inflect_like(lemma, key, "verb") == form


@pytest.mark.parametrize("lemma, plural", [
    ("hero", "heroes"), ("woman", "women"), ("series", "series"), ("crisis", "crises"),
    ("child", "children"), ("spokesman", "spokesmen"), ("city", "cities"), ("ex-wife", "ex-wives"),
    ("MP", "MPs"), ("disgrace", "disgraces"),
])
def test_noun_plurals(lemma, plural):
    assert plural in noun_forms(lemma)["pl"]


@pytest.mark.parametrize("lemma, wrong", [
    ("offer", "offerred"), ("panic", "paniced"), ("quit", "quiting"), ("flee", "fleed"),
    ("crow", "crew"),  # an archaic form that is a word of its own is left out
])
def test_no_wrong_verb_forms(lemma, wrong):
    assert wrong not in {f for _, f in forms(lemma, "verb")}


@pytest.mark.parametrize("lemma, wrong", [("hero", "heros"), ("woman", "womans"), ("series", "serieses")])
def test_no_wrong_plurals(lemma, wrong):
    assert wrong not in {f for _, f in forms(lemma, "noun")}


def test_a_participle_replacement_takes_the_participle():
    """The replacement follows the matched form's key, also when a form repeats (quit, quit, quit)."""
    assert inflect_like("quit", "en", "verb") == "quit"
    assert inflect_like("die of", "en", "verb") == "died of"
    assert inflect_like("{say} that", "ing", "verb") == "saying that"
    assert inflect_like("woman", "pl", "noun") == "women"


def test_newsroom_lexicon_matches_the_real_forms(tmp_path):
    """A newsroom's own rule with ``inflect:`` finds the irregular and doubled forms in an article."""
    from annotator.engine import Engine
    from annotator.engine.examples import build_doc
    from annotator.engine.loader import load_specs

    d = tmp_path / "rules" / "house"
    d.mkdir(parents=True)
    (d / "x.yaml").write_text("""rules:
  - id: house.watch
    kind: lexicon
    severity: warning
    scope: all
    message: 'Watch "{match}"'
    rationale: Test.
    words:
      - {word: flee, inflect: verb}
      - {word: panic, inflect: verb}
      - {word: offer, inflect: verb}
      - {word: hero, inflect: noun}
      - {word: woman, inflect: noun}
    examples: {pass: ['x'], fail: ['They fled.']}
""", encoding="utf-8")
    eng = Engine(load_specs([str(tmp_path / "rules")]))
    doc = build_doc({"text": "Residents fled and panicked as heroes and women offered help."})
    eng.check(doc)
    hits = [doc.text[f.start:f.end] for f in doc.findings if f.rule == "house.watch"]
    assert hits == ["fled", "panicked", "heroes", "women", "offered"]


def test_the_analysis_uses_the_same_inflector():
    """A reporting verb of cues.yaml with no listed forms gets its forms from the same inflector."""
    from annotator.analysis.lexicon import CueLexicon

    lex = CueLexicon({"stances": {"neutral": "x"}, "cues": {"flee": "neutral", "panic": "neutral"}})
    assert {"fled", "panicked", "panicking"} <= set(lex.forms)
    assert not {"fleed", "paniced"} & set(lex.forms)


def test_spelling_variants_keep_their_own_forms():
    """The inflector gives fulfil both fulfils and fulfills: each form counts for the spelling
    it keeps, so "fulfil" and "fulfils" in one article are not a mix of spellings."""
    from annotator.engine import get_engine
    from annotator.engine.examples import build_doc

    eng = get_engine()
    doc = build_doc({"text": "They fulfil the promise. She fulfils it. He fulfils them all."})
    eng.check(doc)
    assert not [f for f in doc.findings if f.rule == "consistency.spelling"]
    doc = build_doc({"text": "They fulfil the promise. She fulfils it. He fulfills them all."})
    eng.check(doc)
    assert [doc.text[f.start:f.end] for f in doc.findings if f.rule == "consistency.spelling"] == ["fulfills"]


def test_checking_from_the_cache_never_loads_the_inflector(tmp_path):
    """lemminflect (with numpy: ~0.5 s of CPU to import and load) runs when the engine is built,
    never when a cached engine checks an article: an inflected replacement ("claimed" -> "said"),
    a spelling variant inflected like the dominant one ("fulfils" -> "fulfills") and a
    case-sensitive rule's forms are worked out with the engine."""
    import subprocess
    import sys

    from conftest import ROOT

    env = dict(os.environ, PYTHONPATH=ROOT, ANNOTATOR_CACHE_DIR=str(tmp_path / "cache"))
    env.pop("ANNOTATOR_NO_CACHE", None)
    code = (
        "import sys\n"
        "from annotator.engine import get_engine\n"
        "from annotator.engine.examples import build_doc\n"
        "eng = get_engine()\n"
        "doc = build_doc({'text': 'The minister claimed the plan worked. They fulfill it. He fulfills them. "
        "She fulfils it.'})\n"
        "eng.check(doc)\n"
        "print(sorted({(f.rule, f.fix[0][2] if f.fix else '') for f in doc.findings "
        "if f.rule in ('neutrality.loaded-verbs', 'consistency.spelling')}))\n"
        "print('lemminflect' in sys.modules)\n"
    )
    build = subprocess.run([sys.executable, "-P", "-c", code], env=env, capture_output=True, text=True)
    assert build.returncode == 0, build.stderr
    warm = subprocess.run([sys.executable, "-P", "-c", code], env=env, capture_output=True, text=True)
    assert warm.returncode == 0, warm.stderr
    found, loaded = warm.stdout.splitlines()
    assert found == build.stdout.splitlines()[0]
    assert "said" in found and "'neutrality.loaded-verbs'" in found
    assert loaded == "False"
