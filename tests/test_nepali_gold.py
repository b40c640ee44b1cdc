"""The Nepali attribution gold (evaluation/nepali/gold.jsonl): well-formed, ids and offsets only,
and consistent with the corpus it points into when ../shared is present (no text is copied here)."""

import importlib.util
import json
import os
import re

import pytest

from conftest import ROOT, shared_path

NEPALI = os.path.join(ROOT, "evaluation", "nepali")
GOLD = os.path.join(NEPALI, "gold.jsonl")
HELDOUT = os.path.join(NEPALI, "heldout.jsonl")
ROW_KEYS = {"doc_id", "quotes"}
QUOTE_KEYS = {"type", "content_spans", "quoted_spans", "speaker_start", "speaker_end", "cue_start", "cue_end",
              "reference"}
MARKS = "‘’“”\"'"


def _load(name):
    spec = importlib.util.spec_from_file_location(f"nepali_{name}", os.path.join(NEPALI, f"{name}.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _rows(path=GOLD):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _overlap(a, b):
    return max(a[0], b[0]) < min(a[1], b[1])


def _is_span(x):
    return (isinstance(x, list) and len(x) == 2 and all(type(v) is int for v in x) and 0 <= x[0] < x[1])


def _role(q, name):
    s, e = q[f"{name}_start"], q[f"{name}_end"]
    assert (s is None) == (e is None), f"{name}: both offsets or neither"
    if s is None:
        return None
    assert type(s) is int and type(e) is int and 0 <= s < e, f"{name}: bad offsets {s}, {e}"
    return [s, e]


@pytest.mark.parametrize("path,least", [(GOLD, 30), (HELDOUT, 20)], ids=["gold", "heldout"])
def test_gold_is_well_formed(path, least):
    rows = _rows(path)
    assert len(rows) >= least
    ids = [r["doc_id"] for r in rows]
    assert len(set(ids)) == len(ids), "an article appears twice"
    for r in rows:
        assert set(r) == ROW_KEYS, r["doc_id"]
        assert re.fullmatch(r"[a-z]+/[0-9]+\.txt", r["doc_id"]), r["doc_id"]
        starts = []
        for q in r["quotes"]:
            where = f"{r['doc_id']} {q.get('content_spans')}"
            # only offsets, the type and a short resolved name: no text from the article
            assert set(q) == QUOTE_KEYS, where
            assert q["type"] in ("direct", "mixed", "indirect"), where
            content = q["content_spans"]
            assert content and all(_is_span(c) for c in content), where
            assert content == sorted(content), where
            assert not any(_overlap(a, b) for a, b in zip(content, content[1:])), where
            quoted = q["quoted_spans"]
            assert all(_is_span(c) for c in quoted), where
            if q["type"] == "direct":
                assert quoted == content, where
            elif q["type"] == "mixed":
                assert quoted and all(any(c[0] <= x[0] and x[1] <= c[1] for c in content) for x in quoted), where
            else:
                assert quoted == [], where
            speaker, cue = _role(q, "speaker"), _role(q, "cue")
            for role in (speaker, cue):
                if role:
                    assert not any(_overlap(role, c) for c in content), f"{where}: a role inside the content"
            if speaker and cue:
                assert not _overlap(speaker, cue), where
            ref = q["reference"]
            assert ref is None or (isinstance(ref, str) and 0 < len(ref) <= 80 and "\n" not in ref), where
            starts.append(content[0][0])
        assert starts == sorted(starts), f"{r['doc_id']}: attributions out of text order"


@pytest.mark.parametrize("path", [GOLD, HELDOUT], ids=["gold", "heldout"])
def test_gold_matches_the_corpus(path):
    corpus = shared_path("corpus", "nepali")
    for r in _rows(path):
        path = os.path.join(corpus, r["doc_id"])
        assert os.path.isfile(path), f"{r['doc_id']} is not in the corpus"
        with open(path, encoding="utf-8", newline="") as f:
            text = f.read()
        for q in r["quotes"]:
            where = f"{r['doc_id']} {q['content_spans']}"
            for s, e in q["content_spans"] + q["quoted_spans"]:
                assert e <= len(text), where
                piece = text[s:e]
                assert piece == piece.strip(), f"{where}: edge space"
                if q["type"] != "indirect":  # an indirect clause may begin with a quoted name, mark and all
                    assert piece.strip(MARKS) == piece, f"{where}: a quotation mark inside the span's edge"
            for name in ("speaker", "cue"):
                s, e = q[f"{name}_start"], q[f"{name}_end"]
                if s is not None:
                    assert e <= len(text) and text[s:e].strip() == text[s:e], f"{where}: {name}"
            if q["type"] != "indirect":
                # the quoted text sits inside quotation marks (a space may stand between)
                for s, e in q["quoted_spans"]:
                    assert text[:s].rstrip()[-1:] in MARKS, f"{where}: no opening mark"
                    assert text[e:].lstrip()[:1] in MARKS, f"{where}: no closing mark"


def test_the_documented_rule_chooses_the_gold_articles():
    corpus = shared_path("corpus", "nepali")
    assert _load("choose").choose(corpus) == [r["doc_id"] for r in _rows()]


def test_the_documented_rule_chooses_the_heldout_articles():
    corpus = shared_path("corpus", "nepali")
    ids = [r["doc_id"] for r in _rows(HELDOUT)]
    assert _load("choose").heldout(corpus) == ids
    assert not set(ids) & {r["doc_id"] for r in _rows()}


def _as_prediction(row):
    """An annotator document that predicts exactly the gold attributions of ``row``."""
    quotes, attributions = [], []
    for q in row["quotes"]:
        spk = [q["speaker_start"], q["speaker_end"]] if q["speaker_start"] is not None else None
        cue = [q["cue_start"], q["cue_end"]] if q["cue_start"] is not None else None
        attributions.append({"kind": q["type"], "content": q["content_spans"], "source": spk, "cue": cue})
        if q["type"] != "indirect":
            s, e = q["quoted_spans"][0][0], q["quoted_spans"][-1][1]
            quotes.append({"start": s, "end": e,
                           "speaker": {"mention": {"start": spk[0], "end": spk[1]}} if spk else None,
                           "cue": {"start": cue[0], "end": cue[1]} if cue else None})
    return {"quotes": quotes, "attributions": attributions}


def test_scoring_reads_the_texts_and_offsets():
    corpus = shared_path("corpus", "nepali")
    score = _load("score")
    rows = score.load(GOLD, corpus)
    perfect = {r["doc_id"]: _as_prediction(r) for r in rows}
    assert score.polnear.score_relations(rows, perfect)["f1"] == 1.0
    quotes = score.polnear.score(rows, perfect)
    assert quotes["precision"] == 1.0 and quotes["speaker_accuracy"] == 1.0 and quotes["cue_accuracy"] == 1.0
    # the same predictions given to the wrong articles score nothing
    ids = [r["doc_id"] for r in rows]
    shifted = {ids[i]: perfect[ids[i - 1]] for i in range(len(ids))}
    assert score.polnear.score_relations(rows, shifted)["f1"] < 0.05
