"""The PolNeAR scoring in evaluation/polnear.py, on tiny hand-made rows."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "evaluation"))

import polnear  # noqa: E402

TEXT = 'Title\n\n"We will win," Ana Ruiz said. Tom Vik called it "a fantasy".'


def _gold():
    q1 = TEXT.index("We will win")
    s1 = TEXT.index("Ana Ruiz")
    c1 = TEXT.index("said")
    q2 = TEXT.index("a fantasy")
    s2 = TEXT.index("Tom Vik")
    c2 = TEXT.index("called")
    return {
        "doc_id": "d1",
        "text": TEXT,
        "quotes": [
            {"type": "direct", "content_spans": [[q1, q1 + 12]], "quoted_spans": [[q1, q1 + 12]],
             "speaker": "Ana Ruiz", "speaker_spans": [[s1, s1 + 8]], "speaker_start": s1, "speaker_end": s1 + 8,
             "cue": "said", "cue_start": c1, "cue_end": c1 + 4},
            {"type": "mixed", "content_spans": [[s2 + 15, q2 + 9]], "quoted_spans": [[q2, q2 + 9]],
             "speaker": "Tom Vik", "speaker_spans": [[s2, s2 + 7]], "speaker_start": s2, "speaker_end": s2 + 7,
             "cue": "called", "cue_start": c2, "cue_end": c2 + 6},
            {"type": "indirect", "content_spans": [[0, 5]], "quoted_spans": [], "speaker": None,
             "speaker_spans": [], "speaker_start": None, "speaker_end": None, "cue": None, "cue_start": None, "cue_end": None},
        ],
    }


def _pred(start, end, spk, cue):
    return {"start": start, "end": end, "outer": {"start": start - 1, "end": end + 1},
            "speaker": {"mention": {"start": spk[0], "end": spk[1], "text": ""}} if spk else None,
            "cue": {"start": cue[0], "end": cue[1], "text": ""} if cue else None}


def test_perfect_prediction():
    g = _gold()
    q1, s1, c1 = TEXT.index("We will win"), TEXT.index("Ana Ruiz"), TEXT.index("said")
    q2, s2, c2 = TEXT.index("a fantasy"), TEXT.index("Tom Vik"), TEXT.index("called")
    preds = {"d1": {"quotes": [_pred(q1, q1 + 12, (s1, s1 + 8), (c1, c1 + 4)), _pred(q2, q2 + 9, (s2, s2 + 7), (c2, c2 + 6))]}}
    r = polnear.score([g], preds)
    assert (r["precision"], r["recall"], r["f1"], r["speaker_accuracy"], r["cue_accuracy"]) == (1.0, 1.0, 1.0, 1.0, 1.0)


def test_wrong_speaker_unattributed_and_spurious_quotes():
    g = _gold()
    q1, s2, c1 = TEXT.index("We will win"), TEXT.index("Tom Vik"), TEXT.index("said")
    q2 = TEXT.index("a fantasy")
    preds = {"d1": {"quotes": [
        _pred(q1, q1 + 12, (s2, s2 + 7), (c1, c1 + 4)),  # matched, wrong speaker, right cue
        _pred(q2, q2 + 9, None, None),                   # unattributed: not counted
        _pred(0, 5, (s2, s2 + 7), None),                  # over an indirect attribution: a false positive
    ]}}
    r = polnear.score([g], preds)
    assert r["predicted_attributed"] == 2
    assert r["precision"] == 0.5 and r["recall"] == 0.5
    assert r["speaker_accuracy"] == 0.0 and r["cue_accuracy"] == 1.0


def test_half_inside_rule():
    g = _gold()
    q1 = TEXT.index("We will win")
    # a predicted quote that spills well beyond the gold span does not match
    preds = {"d1": {"quotes": [_pred(q1, len(TEXT), (0, 1), None)]}}
    assert polnear.score([g], preds)["precision"] == 0.0


def test_textacy_column_says_why_it_was_not_run(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_spacy(name, *args, **kwargs):
        if name == "spacy" or name.startswith("textacy"):
            raise ModuleNotFoundError(f"No module named '{name}'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_spacy)
    preds, why = polnear.run_textacy([_gold()])
    assert preds is None
    assert why.startswith("textacy is not installed (ModuleNotFoundError")


# -- attribution relations: role spans and relations --------------------------------------------------

REL_TEXT = 'H\n\nThe mayor said the bridge would close. "It is unsafe," she added.'


def _rel_row():
    t = REL_TEXT
    c1 = (t.index("the bridge"), t.index(" close.") + 6)
    q2 = (t.index('"It'), t.index('," she') + 2)
    return {"doc_id": "r1", "text": t, "quotes": [
        {"type": "indirect", "content_spans": [list(c1)], "quoted_spans": [],
         "speaker_spans": [[t.index("The mayor"), t.index("The mayor") + 9]],
         "speaker_start": t.index("The mayor"), "speaker_end": t.index("The mayor") + 9,
         "cue_start": t.index("said"), "cue_end": t.index("said") + 4},
        {"type": "direct", "content_spans": [list(q2)], "quoted_spans": [list(q2)],
         "speaker_spans": [[t.index("she"), t.index("she") + 3]], "speaker_start": t.index("she"),
         "speaker_end": t.index("she") + 3, "cue_start": t.index("added"), "cue_end": t.index("added") + 5},
    ]}


def _span(s, e):
    return {"start": s, "end": e}


def test_trim_drops_marks_space_and_punctuation_but_not_everything():
    t = ' "It is unsafe," '
    assert t[slice(*polnear.trim(t, 0, len(t)))] == "It is unsafe"
    assert polnear.trim("a : b", 2, 3) == (2, 3)  # a colon cue stays a colon


def test_roles_and_relations_from_attributions():
    row = _rel_row()
    t = row["text"]
    g1, g2 = row["quotes"]
    pred = {"r1": {"attributions": [
        # the indirect one, exact after trimming the full stop off the content
        {"kind": "indirect", "content": [_span(g1["content_spans"][0][0], g1["content_spans"][0][1] + 1)],
         "source": {"span": _span(g1["speaker_start"], g1["speaker_end"])},
         "cue": {"span": _span(g1["cue_start"], g1["cue_end"])}},
        # the direct one with the right content but the wrong source ("unsafe" is no speaker)
        {"kind": "direct", "content": [_span(*g2["content_spans"][0])],
         "source": {"span": _span(t.index("unsafe"), t.index("unsafe") + 6)},
         "cue": {"span": _span(g2["cue_start"], g2["cue_end"])}},
    ]}}
    roles = polnear.score_roles([row], pred)
    assert roles["content"]["f1"] == 1.0 and roles["cue"]["f1"] == 1.0
    assert roles["source"]["precision"] == 0.5 and roles["source"]["recall"] == 0.5
    rel = polnear.score_relations([row], pred)
    assert (rel["precision"], rel["recall"]) == (0.5, 0.5)
    assert rel["recall_by_kind"] == {"direct": 0.0, "indirect": 1.0}


def test_relation_needs_half_of_the_longer_content():
    row = _rel_row()
    g1 = row["quotes"][0]
    s, e = g1["content_spans"][0]
    short = {"r1": {"attributions": [{"kind": "indirect", "content": [_span(s, s + (e - s) // 3)],
                                      "source": {"span": _span(g1["speaker_start"], g1["speaker_end"])},
                                      "cue": {"span": _span(g1["cue_start"], g1["cue_end"])}}]}}
    assert polnear.score_relations([row], short)["recall"] == 0.0


def test_quotes_stand_in_for_attributions_when_a_document_has_none():
    row = _rel_row()
    g2 = row["quotes"][1]
    doc = {"quotes": [{"start": g2["content_spans"][0][0], "end": g2["content_spans"][0][1], "kind": "direct",
                       "speaker": {"mention": _span(g2["speaker_start"], g2["speaker_end"])},
                       "cue": _span(g2["cue_start"], g2["cue_end"])}]}
    rel = polnear.score_relations([row], {"r1": doc})
    assert rel["recall_by_kind"] == {"direct": 1.0, "indirect": 0.0}


def test_doubled_apostrophe_quotations_labelled_indirect_count_as_quotations():
    """PolNeAR labels the NYT's ''...'' quotations indirect; the quotation scores count them
    (a quotation found there is no false positive), unless --raw-kinds asks for the labels."""
    text = "Title\n\n''We are done,'' Ana Ruiz said. She said the talks had failed."
    q, s, c = text.index("''We"), text.index("Ana Ruiz"), text.index("said")
    ind = text.index("the talks")
    gold = {"doc_id": "d2", "text": text, "quotes": [
        {"type": "indirect", "content_spans": [[q, q + 16]], "quoted_spans": [], "speaker": "Ana Ruiz",
         "speaker_spans": [[s, s + 8]], "speaker_start": s, "speaker_end": s + 8,
         "cue": "said", "cue_start": c, "cue_end": c + 4},
        {"type": "indirect", "content_spans": [[ind, len(text) - 1]], "quoted_spans": [], "speaker": "She",
         "speaker_spans": [], "speaker_start": None, "speaker_end": None, "cue": None, "cue_start": None,
         "cue_end": None},
    ]}
    preds = {"d2": {"quotes": [_pred(q + 2, q + 14, (s, s + 8), (c, c + 4))]}}
    r = polnear.score([gold], preds)
    assert (r["gold_quotes"], r["precision"], r["recall"], r["speaker_accuracy"]) == (1, 1.0, 1.0, 1.0)
    raw = polnear.score([gold], preds, raw_kinds=True)
    assert (raw["gold_quotes"], raw["precision"]) == (0, 0.0)
