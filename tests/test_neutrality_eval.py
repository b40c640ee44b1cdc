"""Scoring functions of evaluation/neutrality.py on small hand-written rows."""

import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "evaluation"))

import neutrality as ev  # noqa: E402


def finding(text, word, rule="neutrality.loaded-words", confidence=0.7, nth=0):
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return {"rule": rule, "confidence": confidence, "start": start, "end": start + len(word)}


def test_words_keep_inner_hyphens_and_apostrophes_and_fold_case():
    forms = [f for _, _, f in ev.words("The Far-Right group’s 10,000 members didn't vote.")]
    assert forms == ["the", "far-right", "group's", "10", "000", "members", "didn't", "vote"]


def test_gold_forms_strip_punctuation_and_split_entries():
    assert ev.gold_forms(['"Sham"', "vote.", "well known"]) == {"sham", "vote", "well", "known"}
    assert ev.gold_forms(None) == set()


def test_flagged_words_are_those_a_finding_overlaps():
    text = "The plan was, of course, a sham."
    tokens = ev.words(text)
    f = finding(text, "of course")
    assert ev.covered(tokens, f["start"], f["end"]) == {"of", "course"}
    # a span that touches a word only at its edge does not cover it
    s = text.index("was")
    assert ev.covered(tokens, s + 3, s + 5) == set()


def test_score_sentence_word_sets_and_top1():
    text = "The embattled mayor claimed the plan was a sham."
    fs = [finding(text, "embattled", confidence=0.5), finding(text, "sham", confidence=0.75),
          finding(text, "claimed", rule="neutrality.loaded-verbs", confidence=0.55),
          finding(text, "mayor", rule="attribution.something", confidence=0.99)]
    s = ev.score_sentence(text, ["sham", "Claimed"], fs)
    assert s["flagged"] == {"embattled", "sham", "claimed"}  # the attribution finding does not count
    assert s["gold"] == {"sham", "claimed"}
    assert s["tp"] == {"sham", "claimed"}
    assert s["top"]["start"] == text.index("sham") and s["top1"] is True


def test_top1_picks_the_highest_confidence_and_misses_when_it_is_wrong():
    text = "The embattled mayor claimed the plan was a sham."
    fs = [finding(text, "embattled", confidence=0.8), finding(text, "sham", confidence=0.75)]
    s = ev.score_sentence(text, ["sham"], fs)
    assert s["top1"] is False
    # ties go to the earliest finding
    fs = [finding(text, "sham", confidence=0.7), finding(text, "embattled", confidence=0.7)]
    assert ev.score_sentence(text, ["embattled"], fs)["top1"] is True


def test_gold_word_missing_from_the_sentence_is_left_out_and_counted():
    s = ev.score_sentence("A quiet vote.", ["qiet", "vote"], [])
    assert s["gold"] == {"vote"} and s["gold_missing"] == 1
    assert s["top"] is None and s["top1"] is None and not s["any"]


def test_gold_word_inside_a_quotation_is_marked_quoted():
    text = 'He called the plan "a sham" and a sham it was.'
    inner = (text.index("a sham"), text.index('"', text.index("a sham")))
    s = ev.score_sentence(text, ["sham"], [], quotes=[inner])
    assert s["gold_quoted"] == set()  # it also occurs outside the quotation
    text = 'He called the plan "a sham" on Monday.'
    inner = (text.index("a sham"), text.index('"', text.index("a sham")))
    assert ev.score_sentence(text, ["sham"], [], quotes=[inner])["gold_quoted"] == {"sham"}


def test_aggregate_precision_recall_top1_and_sentence_shares():
    rows = [
        {"text": "The draconian plan failed.", "biased": True, "biased_words": ["draconian"]},
        {"text": "The plan failed badly and sadly.", "biased": True, "biased_words": ["badly", "sadly"]},
        {"text": "The notorious plan failed.", "biased": False, "biased_words": []},
        {"text": "The plan failed.", "biased": False, "biased_words": []},
        {"text": "The regime fell.", "biased": True, "biased_words": None},
    ]
    findings = [
        [finding(rows[0]["text"], "draconian")],
        [finding(rows[1]["text"], "sadly", confidence=0.6), finding(rows[1]["text"], "plan", confidence=0.9)],
        [finding(rows[2]["text"], "notorious")],
        [],
        [finding(rows[4]["text"], "regime")],
    ]
    per = [ev.score_sentence(r["text"], r["biased_words"], f) for r, f in zip(rows, findings)]
    res = ev.aggregate(rows, per)
    # flagged: draconian | sadly, plan | notorious (row 5 has no word labels) -> 4; gold 3; tp 2
    assert (res["flagged_words"], res["gold_words"], res["true_positives"]) == (4, 3, 2)
    assert res["precision"] == 0.5 and res["recall"] == round(2 / 3, 4)
    assert res["f1"] == round(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3), 4)
    # top-1 over the two biased rows with gold words: right on row 1, wrong on row 2 ("plan" outranks "sadly")
    assert res["top1_sentences"] == 2 and res["top1"] == 0.5 and res["top1_when_flagged"] == 0.5
    # sentence level includes the unlabelled row: 3 of 3 biased flagged, 1 of 2 neutral
    assert res["biased_flagged"] == 1.0 and res["neutral_flagged"] == 0.5
    assert res["word_labelled"] == 4


def test_biased_sentence_without_marked_words_is_not_scored_at_word_level():
    text = "The notorious plan failed."
    fs = [finding(text, "notorious")]
    s = ev.score_sentence(text, [], fs, biased=True)
    assert not s["labelled"] and s["any"]
    assert ev.score_sentence(text, [], fs, biased=False)["labelled"]  # neutral: a false positive
    rows = [{"text": text, "biased": True, "biased_words": []}]
    res = ev.aggregate(rows, [s])
    assert res["flagged_words"] == 0 and res["word_labelled"] == 0 and res["biased_flagged"] == 1.0


def test_per_rule_and_entry_statistics():
    rows = [{"text": "The sham plan was notorious.", "biased": True, "biased_words": ["sham"]},
            {"text": "A notorious plan.", "biased": False, "biased_words": []}]
    findings = [[finding(rows[0]["text"], "sham", confidence=0.8),
                 finding(rows[0]["text"], "notorious", rule="neutrality.puffery", confidence=0.4)],
                [finding(rows[1]["text"], "notorious", rule="neutrality.puffery", confidence=0.4)]]
    per = [ev.score_sentence(r["text"], r["biased_words"], f) for r, f in zip(rows, findings)]
    stats = ev.per_rule(rows, per, findings)
    assert stats["neutrality.loaded-words"] == {"words": 1, "gold": 1, "top": 1, "top_hit": 1, "neutral": 0}
    assert stats["neutrality.puffery"] == {"words": 2, "gold": 0, "top": 0, "top_hit": 0, "neutral": 1}
    entries = ev.entry_stats(rows, per, findings)
    assert entries[("neutrality.puffery", "notorious")] == {"hits": 2, "gold": 0, "top": 0, "top_hit": 0,
                                                              "neutral": 1}
    assert ev.neutral_hits(rows, findings, 5) == [("neutrality.puffery", "notorious", 1)]


@pytest.mark.parametrize("text", [
    "# not a heading, a sentence with a regime",
    "> not a quote block: the regime",
    "12. the regime fell",
    "   - the regime fell",
    "<b> the regime</b> fell",
    "the regime fell",
])
def test_markdown_source_maps_offsets_back(text):
    src, at, drop = ev.markdown_source(text)
    assert "\n" not in src
    i = src.index("regime")
    j = ev.to_text_offset(i, at, drop)
    assert text[j:j + len("regime")] == "regime"
    if text.lstrip()[:1] in "#>-<" or text.lstrip()[:1].isdigit():
        assert "\\" in src


def test_check_targets_reports_pass_and_fail():
    lines = ev.check_targets("wnc_dev", {"top1": 0.31, "neutral_flagged": 0.4})
    assert lines[0].strip().startswith("PASS") and lines[1].strip().startswith("FAIL")


def test_cli_run_on_a_tiny_folder(tmp_path):
    """The real CLI over two hand-written sentences: findings come back at the right offsets."""
    rows = [{"text": "# The draconian plan", "biased": True, "biased_words": ["draconian"]},
            {"text": 'The mayor called it "draconian".', "biased": False, "biased_words": []}]
    findings, quotes, _ = ev.run_cli(rows, str(tmp_path), jobs=1)
    hits = [(f["rule"], rows[0]["text"][f["start"]:f["end"]]) for f in findings[0]]
    assert ("neutrality.loaded-words", "draconian") in hits
    assert findings[1] == []  # the speaker's word, not the writer's
    assert quotes[1] and rows[1]["text"][quotes[1][0][0]:quotes[1][0][1]] == "draconian"
