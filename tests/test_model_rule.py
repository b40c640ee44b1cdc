"""kind: model (neutrality.subjective-language): weights as JSON data, the writer's voice only,
one finding per word with a lexicon rule, a newsroom's own weights from `annotator train`."""

import json
import os

import pytest
from conftest import ROOT, SEED, run_cli

RULE = "neutrality.subjective-language"
TINY = os.path.join(ROOT, "tests", "data", "neutrality-tiny.jsonl")


def _weights(tmp_path, weights, bias=-3.0, threshold=0.5, name="weights.json", **extra):
    data = {"format": "annotator-linear-1", "lexicons": [], "bias": bias, "calibration": [1.0, 0.0],
            "threshold": threshold, "weights": weights, **extra}
    p = tmp_path / name
    p.write_text(json.dumps(data), encoding="utf-8")
    return p


def _check(tmp_path, text, weights_file=None, *args):
    art = tmp_path / "a.txt"
    art.write_text(text, encoding="utf-8")
    cfg = 'packs = ["neutrality"]\n'
    if weights_file is not None:
        cfg += f'models = {{ "{RULE}" = "{os.path.basename(weights_file)}" }}\n'
    (tmp_path / ".annotator.toml").write_text(cfg, encoding="utf-8")
    r = run_cli("check", str(art), "--format", "jsonl", "--fail-on", "never", "--no-progress", *args, cwd=str(tmp_path))
    assert r.returncode == 0, r.stderr
    return [f for line in r.stdout.splitlines() for f in json.loads(line)["findings"]], text


def test_own_weights_flag_the_word_in_the_writers_voice_only(tmp_path):
    w = _weights(tmp_path, {"w:zorbly": 5.0})  # p = sigmoid(2) = 0.881
    text = 'Headline\n\nThe mayor gave a zorbly speech. Ms Cole said: "It was a zorbly day."\n'
    found, _ = _check(tmp_path, text, w)
    ours = [f for f in found if f["rule"] == RULE]
    assert len(ours) == 1
    f = ours[0]
    assert text[f["start"]:f["end"]] == "zorbly" and f["start"] == text.index("zorbly")
    assert f["confidence"] == pytest.approx(0.881, abs=0.001)
    assert f["message"].startswith("'zorbly': ") and "writer's voice" in f["message"]


def test_shipped_weights_do_not_know_a_made_up_word(tmp_path):
    found, _ = _check(tmp_path, "Headline\n\nThe mayor gave a zorbly speech.\n")
    assert not [f for f in found if f["rule"] == RULE]


def test_a_lexicon_word_is_one_finding_with_the_models_confidence(tmp_path):
    w = _weights(tmp_path, {"w:notorious": 5.0})
    text = "Headline\n\nThe notorious gang was jailed on Tuesday.\n"
    found, _ = _check(tmp_path, text, w, "--extend-select", "neutrality.loaded-words")  # (off by default)
    on_word = [f for f in found if f["start"] == text.index("notorious")]
    assert len(on_word) == 1
    assert on_word[0]["rule"] == "neutrality.loaded-words"  # the more specific message
    assert on_word[0]["confidence"] == pytest.approx(0.881, abs=0.001)  # the model's confidence


def test_a_word_a_list_holds_is_that_rules_to_flag_even_when_the_rule_is_off(tmp_path):
    """The shipped weights score "stunning" (listed by neutrality.puffery) above the threshold:
    with puffery off (its default) the model does not flag it behind the rule's back; on, one
    finding, the list's."""
    text = "Headline\n\nThe director makes this clear in her stunning new documentary.\n"
    at = text.index("stunning")
    found, _ = _check(tmp_path, text)
    assert not [f for f in found if f["start"] == at]
    found, _ = _check(tmp_path, text, None, "--extend-select", "neutrality.puffery")
    assert [f["rule"] for f in found if f["start"] == at] == ["neutrality.puffery"]


def test_below_the_threshold_nothing(tmp_path):
    w = _weights(tmp_path, {"w:zorbly": 3.5}, threshold=0.7)  # p = sigmoid(0.5) = 0.62
    found, _ = _check(tmp_path, "Headline\n\nThe mayor gave a zorbly speech.\n", w)
    assert not [f for f in found if f["rule"] == RULE]


def test_a_name_inside_a_sentence_is_not_scored(tmp_path):
    w = _weights(tmp_path, {"w:zorbly": 5.0})
    found, _ = _check(tmp_path, "Headline\n\nThe award went to Anna Zorbly on Tuesday.\n", w)
    assert not [f for f in found if f["rule"] == RULE]


@pytest.mark.parametrize("content,needle", [
    (b"\x80\x04\x95 not json", "not JSON"),
    (json.dumps({"format": "other", "weights": {}}).encode(), "format"),
    (json.dumps({"format": "annotator-linear-1", "weights": {"w:a": "1"}}).encode(), "finite number"),
    (json.dumps({"format": "annotator-linear-1", "weights": {"w:a": 1}, "calibration": [-1, 0]}).encode(), "scale"),
    (json.dumps({"format": "annotator-linear-1", "weights": {}, "code": "x"}).encode(), "unknown field"),
    (b'{"format": "annotator-linear-1", "weights": {"w:a": 1e999}}', "not JSON"),  # orjson: no infinity
])
def test_a_bad_weights_file_is_a_one_line_config_error(tmp_path, content, needle):
    (tmp_path / "weights.json").write_bytes(content)
    (tmp_path / "a.txt").write_text("Headline\n\nText.\n", encoding="utf-8")
    (tmp_path / ".annotator.toml").write_text(f'models = {{ "{RULE}" = "weights.json" }}\n', encoding="utf-8")
    r = run_cli("check", "a.txt", "--no-progress", cwd=str(tmp_path))
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "weights.json" in lines[0] and needle in lines[0], r.stderr
    assert "Traceback" not in r.stderr


def test_weights_over_five_megabytes_are_refused(tmp_path):
    p = tmp_path / "weights.json"
    with open(p, "wb") as f:
        f.truncate(5 * 1024 * 1024 + 1)
    (tmp_path / "a.txt").write_text("Headline\n\nText.\n", encoding="utf-8")
    (tmp_path / ".annotator.toml").write_text(f'models = {{ "{RULE}" = "weights.json" }}\n', encoding="utf-8")
    r = run_cli("check", "a.txt", "--no-progress", cwd=str(tmp_path))
    assert r.returncode == 2 and "at most" in r.stderr, r.stderr


def test_models_key_names_a_model_rule(tmp_path):
    _weights(tmp_path, {})
    (tmp_path / "a.txt").write_text("Headline\n\nText.\n", encoding="utf-8")
    (tmp_path / ".annotator.toml").write_text('models = { "neutrality.loaded-words" = "weights.json" }\n',
                                              encoding="utf-8")
    r = run_cli("check", "a.txt", "--no-progress", cwd=str(tmp_path))
    assert r.returncode == 2 and "not a rule of kind model" in r.stderr, r.stderr


def test_scores_add_the_weights_of_the_training_features():
    """Check time (memoised per-word parts) and training (feature strings) agree."""
    import sys

    sys.path.insert(0, ROOT)
    from annotator.engine import get_engine
    from annotator.engine.kinds.model import Model, norm, sentence_features

    eng = get_engine()
    kind = next(k for k in eng.kinds if type(k).__module__.endswith(".model"))
    shipped = next(iter(kind.models.values()))
    data = {"format": "annotator-linear-1", "lexicons": shipped.lexicons, "bias": shipped.bias,
            "calibration": (shipped.scale, shipped.offset), "threshold": None, "weights": shipped.weights}
    m = Model(data, shipped.tables)
    for sent in (["The", "notorious", "regime", "slammed", "the", "very", "so-called", "reforms"],
                 ["Critics", "said", "it", "was", "a", "terrible", "idea"], ["Only"]):
        for head in (False, True):
            feats = sentence_features(m.tables, sent, head)
            want = [m.bias + sum(m.weights.get(f, 0.0) for f in fs) for fs in feats]
            low = [norm(w) for w in sent]
            got = m.scores(low, head, sent)
            assert got == pytest.approx(want)
            base = m.base(low, head)
            assert [m.score_at(low, i, base, sent) for i in range(len(sent))] == pytest.approx(want)


def test_seed_article_model_never_scores_inside_a_quotation(tmp_path):
    """At a threshold low enough that the model reports many words, none lies in a quotation."""
    shipped = os.path.join(ROOT, "rules", "models", "neutrality-wnc.json")
    with open(shipped, encoding="utf-8") as f:
        data = json.load(f)
    data["threshold"] = 0.01
    (tmp_path / "w.json").write_text(json.dumps(data), encoding="utf-8")
    (tmp_path / ".annotator.toml").write_text(f'models = {{ "{RULE}" = "w.json" }}\n', encoding="utf-8")
    r = run_cli("check", SEED, "--format", "jsonl", "--fail-on", "never", "--no-progress",
                "--select", RULE, "--config", str(tmp_path / ".annotator.toml"))
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    ours = [f for f in doc["findings"] if f["rule"] == RULE]
    assert len(ours) > 20
    for q in doc["quotes"]:
        for f in ours:
            assert not (f["start"] < q["end"] + 1 and q["start"] - 1 < f["end"]), (f, q)


def test_train_makes_weights_the_check_loads_and_uses(tmp_path):
    pytest.importorskip("sklearn")
    out = tmp_path / "newsroom.json"
    r = run_cli("train", TINY, "-o", str(out), "--validation", "0", "--min-count", "1", "--threshold", "0.3")
    assert r.returncode == 0, r.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["format"] == "annotator-linear-1" and data["weights"]["w:zorbly"] > 0
    text = "Headline\n\nThe mayor gave a zorbly speech on Monday.\n"
    found, _ = _check(tmp_path, text, out)
    ours = [f for f in found if f["rule"] == RULE]
    assert [text[f["start"]:f["end"]] for f in ours] == ["zorbly"]
    found, _ = _check(tmp_path, text)  # the shipped weights: nothing
    assert not [f for f in found if f["rule"] == RULE]


def test_train_names_the_file_and_line_of_a_bad_row(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "a", "biased": false, "biased_words": []}\n{"text": 3}\n', encoding="utf-8")
    r = run_cli("train", str(bad), "-o", str(tmp_path / "w.json"))
    assert r.returncode == 3
    assert "bad.jsonl:2:" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "w.json").exists()


def test_train_split_keeps_pairs_together():
    import sys

    sys.path.insert(0, ROOT)
    from annotator.training import pair_key, read_rows, split

    rows = read_rows(TINY)
    train, val = split(rows, 0.25, 15)
    assert train and val
    assert not {pair_key(r, 0) for r in train} & {pair_key(r, 0) for r in val}
    assert split(rows, 0.25, 15) == (train, val)  # fixed seed: the same split every time


def test_the_word_scan_finds_what_scoring_every_word_finds(tmp_path):
    """The rule's own weights look only at candidate words found by the engine's word scan; the
    same weights named in the configuration score every sentence: the findings are the same."""
    shipped = os.path.join(ROOT, "rules", "models", "neutrality-wnc.json")
    with open(shipped, encoding="utf-8") as f:
        data = json.load(f)
    data["threshold"] = 0.3  # as the rule's own weights at 0.3 would find
    w = tmp_path / "w.json"
    w.write_text(json.dumps(data), encoding="utf-8")
    text = ("The Comedienne Opened A Wildly Popular Show\n\nThe comedienne, a supermodel, finally admitted "
            "that the notorious regime was only very strong. Critics said it was a disgraceful, "
            "tragically flawed and illegally occupied place, but mankind enjoyed it.\n")
    via_config, _ = _check(tmp_path, text, w, "--select", RULE)
    from conftest import local_model_rules

    local_model_rules(tmp_path, data)
    art = tmp_path / "a.txt"
    (tmp_path / ".annotator.toml").write_text('rule_dirs = ["rules"]\n', encoding="utf-8")
    r = run_cli("check", str(art), "--format", "jsonl", "--fail-on", "never", "--no-progress",
                "--select", "neutrality.local-model", cwd=str(tmp_path))
    assert r.returncode == 0, r.stderr
    via_rule = [f for line in r.stdout.splitlines() for f in json.loads(line)["findings"]]
    spans = sorted((f["start"], f["end"], f["confidence"]) for f in via_config if f["rule"] == RULE)
    assert len(spans) >= 4
    assert sorted((f["start"], f["end"], f["confidence"]) for f in via_rule) == spans


@pytest.mark.parametrize("order", ["sorted", "unsorted"])
def test_weights_from_the_engine_cache_score_as_the_weights_read(order):
    """A model out of the engine cache looks its packed weights up by bisection when their
    features come sorted (as the shipped ones do), else through a dict: the same scores."""
    import pickle
    import sys

    sys.path.insert(0, ROOT)
    from annotator.engine import get_engine
    from annotator.engine.kinds import model as M
    from annotator.engine.kinds.model import Model, _SortedWeights, norm

    eng = get_engine()
    kind = next(k for k in eng.kinds if type(k).__module__.endswith(".model"))
    shipped = next(iter(kind.models.values()))
    weights = dict(sorted(shipped.weights.items(), reverse=order == "unsorted"))
    data = {"format": "annotator-linear-1", "lexicons": shipped.lexicons, "bias": shipped.bias,
            "calibration": (shipped.scale, shipped.offset), "threshold": None, "weights": weights}
    read = Model(data, shipped.tables)
    cached = pickle.loads(pickle.dumps(read))
    assert isinstance(cached.weights, _SortedWeights) == (order == "sorted")
    assert dict(cached.weights) == weights
    assert cached.weights.get("w:no-such-word-at-all", 0.0) == 0.0
    assert dict(pickle.loads(pickle.dumps(cached)).weights) == weights  # (cached again: packed again)
    sent = ["The", "notorious", "regime", "slammed", "the", "very", "so-called", "reforms", "zzzz", "aaaa"]
    low = [norm(w) for w in sent]
    assert cached.scores(low, True, sent) == read.scores(low, True, sent)
    assert [cached.evidence(sent, low, i, False) for i in range(len(sent))] == \
        [read.evidence(sent, low, i, False) for i in range(len(sent))]
    # past _SORTED_WORDS words scored (a corpus run), the dict is built: the same scores
    more = ["Officials", "hastily", "drafted", "a", "draconian", "power", "grab", "that", "critics", "slammed"]
    if order == "sorted":
        assert isinstance(cached.weights, _SortedWeights)
        cached.weights.words = M._SORTED_WORDS
    low = [norm(w) for w in more]
    assert cached.scores(low, False, more) == read.scores(low, False, more)
    assert type(cached.weights) is dict


def test_a_words_lists_without_the_index_are_those_of_the_index():
    import sys

    sys.path.insert(0, ROOT)
    from annotator.engine.kinds.model import Tables

    t = Tables({"b.one": frozenset({"x", "y"}), "a.two": frozenset({"y", "z"}), "c.none": frozenset()}, {})
    words = ["x", "y", "z", "w", ""]
    lazy = [t.lists(w) for w in words]
    assert t._index is None  # answered without building the index
    t._asked = 10**9  # past the words looked up list by list: the index
    assert lazy == [t.lists(w) for w in words] == [("b.one",), ("b.one", "a.two"), ("a.two",), (), ()]
    assert t._index is not None


def test_a_function_word_is_never_reported_however_high_it_scores(tmp_path):
    """WNC's edits mark "an" where the adjective after it was dropped: the model may score it
    high, but an editor cannot act on "an"; the word beside it is reported as before."""
    w = _weights(tmp_path, {"w:an": 6.0, "w:and": 6.0, "w:zorbly": 5.0})
    text = "Headline\n\nThe mayor gave an address and a zorbly speech.\n"
    found, _ = _check(tmp_path, text, w)
    assert [text[f["start"]:f["end"]] for f in found if f["rule"] == RULE] == ["zorbly"]
    from annotator.engine import get_engine
    from annotator.engine.kinds.model import FUNCTION_WORDS

    kind = next(k for k in get_engine().kinds if type(k).__module__.endswith(".model"))
    for m in kind.models.values():  # the shipped weights: no function word is looked at
        assert not m.candidates(m.raw_threshold(m.threshold or 0.5)) & FUNCTION_WORDS


def test_packed_weights_from_the_cache_must_say_whether_they_are_in_order():
    """The engine cache holds the weights as (features, values, in order); a state that does not
    pair up, or whose flag is not a bool, is refused (the cache entry is then rebuilt)."""
    import pickle
    import sys

    sys.path.insert(0, ROOT)
    from annotator.engine.kinds.model import Model, Tables

    data = {"format": "annotator-linear-1", "lexicons": [], "bias": -1.0, "calibration": (1.0, 0.0),
            "threshold": None, "weights": {"w:b": 2.0, "w:a": 1.0}}
    m = Model(data, Tables({}, {}))
    state = m.__getstate__()
    assert state["_packed"][2] is False  # "w:b" before "w:a": not in order, a dict
    assert dict(pickle.loads(pickle.dumps(m)).weights) == {"w:b": 2.0, "w:a": 1.0}
    for bad in ((state["_packed"][0], state["_packed"][1]), (*state["_packed"][:2], 1),
                (state["_packed"][0], state["_packed"][1] + b"\0" * 8, True)):
        with pytest.raises(ValueError):
            Model.__new__(Model).__setstate__({**state, "_packed": bad})


def test_sorted_weights_from_the_cache_are_looked_up_in_place():
    """Weights in sorted order come back from the engine cache as their bytes and where each
    ends, looked up by bisection in place (never decoded and split at start-up): every feature
    is found with its weight, a feature that is not there is not, whatever its characters."""
    import pickle
    import random
    import sys

    sys.path.insert(0, ROOT)
    from annotator.engine.kinds.model import Model, Tables, _SortedWeights

    r = random.Random(7)
    alphabet = "ab:éz\u0915\U0001f600\udcff"
    weights = {}
    while len(weights) < 500:
        weights["".join(r.choice(alphabet) for _ in range(r.randint(1, 6)))] = r.uniform(-3, 3)
    data = {"format": "annotator-linear-1", "lexicons": [], "bias": -1.0, "calibration": (1.0, 0.0),
            "threshold": None, "weights": dict(sorted(weights.items()))}
    back = pickle.loads(pickle.dumps(Model(data, Tables({}, {}))))
    w = back.weights
    assert type(w) is _SortedWeights
    assert all(w.get(k) == v for k, v in weights.items())
    assert dict(w) == weights and w.as_dict() == weights and len(w) == 500
    for k in ("", "a" * 7, "zz\U0001f600z", "\uffff"):
        assert (w.get(k, "missing") == "missing") == (k not in weights)
    state = Model(data, Tables({}, {})).__getstate__()
    blob, values, in_order, ends = state["_packed"]
    assert in_order and len(ends) == len(values) // 8 * 4
    for bad in ((blob, values, True, ends[:-4]), (blob, values, True, ends[:-4] + (len(blob) + 1).to_bytes(4, sys.byteorder)),
                (blob, values, False, ends)):
        with pytest.raises(ValueError):
            Model.__new__(Model).__setstate__({**state, "_packed": bad})


def test_packed_weights_from_the_cache_whose_features_are_not_utf8_are_refused():
    """A damaged cached blob of features (a byte that is not UTF-8) is refused when the engine
    cache is read, so the entry is rebuilt (a bug fixed: it was taken, and the first article
    with a candidate word ended the run with a UnicodeDecodeError when the features were decoded)."""
    import sys

    sys.path.insert(0, ROOT)
    from annotator.engine.kinds.model import Model, Tables

    for weights in ({"w:a": 1.0, "w:bé": 2.0}, {"w:bé": 2.0, "w:a": 1.0}):  # in order, not
        data = {"format": "annotator-linear-1", "lexicons": [], "bias": -1.0, "calibration": (1.0, 0.0),
                "threshold": None, "weights": weights}
        state = Model(data, Tables({}, {})).__getstate__()
        blob = state["_packed"][0]
        m = Model.__new__(Model)
        m.__setstate__({**state})
        assert dict(m.weights) == weights
        damaged = blob.replace("é".encode(), b"\xff\xfe")
        assert len(damaged) == len(blob) and damaged.count(b"\0") == blob.count(b"\0")
        with pytest.raises(ValueError, match="not UTF-8"):
            Model.__new__(Model).__setstate__({**state, "_packed": (damaged, *state["_packed"][1:])})


def test_a_cached_model_whose_other_fields_are_damaged_is_refused():
    """SECURITY.md: a planted engine entry may change findings, never crash. A model's fields
    besides its weights (bias, calibration, threshold, ...) read from the cache are checked as
    check_weights checks a weights file, so a damaged one is refused and the entry rebuilt (a
    bug fixed: a scale that was a string ended the run with a TypeError and a traceback)."""
    import sys

    sys.path.insert(0, ROOT)
    from annotator.engine.kinds.model import Model, Tables

    for weights in ({"w:a": 1.0, "w:b": 2.0}, {"w:b": 2.0, "w:a": 1.0}):  # packed, in order or not
        data = {"format": "annotator-linear-1", "lexicons": ["x.y"], "bias": -1.0, "calibration": (1.0, 0.0),
                "threshold": 0.6, "weights": weights}
        state = Model(data, Tables({}, {})).__getstate__()
        state["_candidates"] = {0.5: frozenset({"a"})}
        m = Model.__new__(Model)
        m.__setstate__(dict(state))
        assert m.probability(0.0) == 0.5 and dict(m.weights) == weights
        for key, bad in [("scale", "x"), ("scale", 0.0), ("bias", float("nan")), ("offset", None), ("context", True),
                         ("threshold", 1.5), ("threshold", "0.6"), ("defer", 1), ("source", None),
                         ("word_evidence", 3), ("lexicons", "x.y"), ("lexicons", [1]), ("tables", {}),
                         ("flag", {"cap": 0.0}), ("flag", {"cap": 0.0, "head": "1", "rep": 0.0}),
                         ("pos", {}), ("_parts", {"a": (1,)}), ("_candidates", {0.5: ["a"]}),
                         ("_candidates", {"0.5": frozenset()})]:
            with pytest.raises(ValueError):
                Model.__new__(Model).__setstate__({**state, key: bad})
    state = {**state, "_packed": None, "_weights": {"w:a": "1"}}
    with pytest.raises(ValueError):
        Model.__new__(Model).__setstate__(state)
