"""The seed article end to end: exactly five quotations, exact offsets, two speakers."""

import json

from conftest import SEED, run_cli


def _doc():
    r = run_cli("annotate", SEED)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_five_quotes_with_exact_offsets():
    doc = _doc()
    text = open(SEED, encoding="utf-8").read()
    quotes = doc["quotes"]
    assert len(quotes) == 5
    expected = [
        ("Friendly", "scare", None, None),
        ("peaceful dialogue", "partial", "Kassym-Jomart Tokayev", "underscored"),
        ("cultural, spiritual, and moral values", "partial", "Vladimir Putin", "emphasized"),
        ("friendly and allied relations", "partial", "Vladimir Putin", None),
        ("new large-scale projects", "partial", "Vladimir Putin", "reiterated"),
    ]
    for q, (inner, kind, speaker, cue) in zip(quotes, expected):
        assert q["text"] == inner
        assert text[q["start"]:q["end"]] == inner  # offsets into the original text
        assert q["start"] == text.index(inner)
        assert q["kind"] == kind
        if speaker is None:
            assert q["speaker"] is None
        else:
            assert q["speaker"]["name"] == speaker
            m = q["speaker"]["mention"]
            assert text[m["start"]:m["end"]] == m["text"]
        if cue is not None:
            assert q["cue"]["text"] == cue
    assert quotes[1]["cue"]["stance"] == "emphatic"
    assert quotes[2]["cue"]["stance"] == "emphatic"


def test_no_apostrophe_taken_for_a_quote():
    doc = _doc()
    for q in doc["quotes"]:
        assert "’" not in q["text"] and "'" not in q["text"]
    assert doc["unbalanced_marks"] == []


def test_two_quoted_speakers_with_merged_mentions():
    """Putin and Tokayev are quoted; Kazakhstan, the source of "Kazakhstan declined to join the BRICS
    alliance" (a relation, not a quotation), is the state: an organisation, not a person."""
    doc = _doc()
    speakers = {s["name"]: s for s in doc["speakers"]}
    assert {n for n, s in speakers.items() if s["quotes"]} == {"Vladimir Putin", "Kassym-Jomart Tokayev"}
    assert set(speakers) <= {"Vladimir Putin", "Kassym-Jomart Tokayev", "Kazakhstan"}
    if "Kazakhstan" in speakers:
        assert speakers["Kazakhstan"]["kind"] == "organization"
    assert speakers["Kassym-Jomart Tokayev"]["title"] == "Kazakh President"
    assert speakers["Vladimir Putin"]["title"] == "Russian President"
    putin = speakers["Vladimir Putin"]
    assert len(putin["quotes"]) == 3
    texts = {m["text"] for m in putin["mentions"]}
    assert "Russian President Vladimir Putin" in texts and "Putin" in texts
    assert putin["quoted_words"] == 5 + 4 + 3  # "large-scale" is one word


def test_layout():
    doc = _doc()
    assert doc["headline"]["text"].startswith("Putin Strengthens Ties")
    assert [s["text"] for s in doc["subheadings"]] == ["Ukraine Conflict and Energy on the Agenda"]
    assert len(doc["paragraphs"]) == 9


def test_findings_unchanged_by_language_analysis():
    """The seed's last line is a Nepali comment prompt: still one foreign-script finding, and
    no Nepali or other rule on it (the Nepali analysis and pack leave the article as it was)."""
    r = run_cli("check", "--format", "json", SEED)
    assert r.returncode in (0, 1), r.stderr
    d = json.loads(r.stdout)
    d = d[0] if isinstance(d, list) else d
    assert d["language"] == "en" and all("language" not in p for p in d["paragraphs"])
    # (the stray apostrophes of lines 2, 3 and 7 are one finding for the article: issue 14.5)
    every = [
        ("quotes.scare-quotes", 1), ("consistency.apostrophe-style", 2),
        ("quotes.partial-quote", 3), ("quotes.partial-quote", 4), ("quotes.partial-quote", 4),
        ("attribution.unattributed-figure", 7),
        ("neutrality.editorializing", 9), ("consistency.quote-style", 10), ("quotes.partial-quote", 10),
        ("neutrality.interpretation", 10), ("hygiene.foreign-script", 11),
    ]
    # scare quotes, unattributed figures and editorializing are info (their judged precision on real
    # copy: issue 14; editorializing is a warning in copy declared news), and on: the seed gets every finding
    assert [(f["rule"], f["line"]) for f in d["findings"]] == every
    assert {f["severity"] for f in d["findings"] if f["rule"] in ("quotes.scare-quotes", "neutrality.editorializing",
                                                                 "attribution.unattributed-figure")} == {"info"}
    apostrophes = next(f for f in d["findings"] if f["rule"] == "consistency.apostrophe-style")
    assert "lines 2, 3 and 7" in apostrophes["message"] and len(apostrophes["fix"]) == 3


def test_neutrality_findings_stay_and_none_inside_a_quotation():
    """The model rule (neutrality.subjective-language) adds nothing inside the seed's quotations
    and leaves the lexicon rules' findings as they were."""
    r = run_cli("check", SEED, "--format", "jsonl", "--fail-on", "never", "--no-progress")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    text = open(SEED, encoding="utf-8").read()
    neutral = [(f["rule"], text[f["start"]:f["end"]]) for f in doc["findings"] if f["rule"].startswith("neutrality.")]
    assert ("neutrality.editorializing", "Notably") in neutral
    assert ("neutrality.interpretation", "signals") in neutral
    for f in doc["findings"]:
        if f["rule"].startswith("neutrality."):
            for q in doc["quotes"]:
                assert not (f["start"] < q["end"] and q["start"] < f["end"]), (f, q)
