"""kind: model, issue 15's second round: word classes, position, the word's own prior (folded into
the w: weights by the training), and the threshold chosen on held-out pairs for precision."""

import json
import os
import sys

import pytest
from conftest import ROOT, run_cli

sys.path.insert(0, ROOT)

from annotator.engine.kinds.model import (
    BOS,
    EOS,
    Model,
    Tables,
    norm,
    position,
    sentence_features,
    word_class,
)

TINY = os.path.join(ROOT, "tests", "data", "neutrality-tiny.jsonl")
RULE = "neutrality.subjective-language"


@pytest.mark.parametrize("word,cls", [
    ("the", "F"), ("was", "F"), ("1998", "D"), ("reportedly", "ly"), ("greatest", "est"),
    ("slamming", "ing"), ("slammed", "ed"), ("notorious", "A"), ("controversial", "A"),
    ("government", "N"), ("insistence", "N"), ("different", "A"), ("mayor", "N"), ("activist", "N"), ("cat", "o"), (BOS, "S"), (EOS, "E"),
    ("fly", "o"), ("best", "o"),  # too short for a suffix class
])
def test_word_class(word, cls):
    assert word_class(word) == cls


def test_word_class_suffixes_count_in_their_order_and_only_past_their_length_bound():
    # word_class tries the suffixes by length (one endswith per length); the classes are what
    # trying them one by one, nouns, adjectives, then agents, each only on a word more than two
    # letters longer than the suffix, gives
    from annotator.engine.kinds.model import _ADJ_SUFFIXES, _AGENT_SUFFIXES, _NOUN_SUFFIXES, FUNCTION_WORDS

    def one_by_one(w):
        for suffixes, cls in ((_NOUN_SUFFIXES, "N"), (_ADJ_SUFFIXES, "A"), (_AGENT_SUFFIXES, "N")):
            for suffix in suffixes:
                if len(w) > len(suffix) + 2 and w.endswith(suffix):
                    return cls
        return "o"

    for suffix in _NOUN_SUFFIXES + _ADJ_SUFFIXES + _AGENT_SUFFIXES:
        for stem in ("", "x", "xx", "xxx", "xxxx", "bu", "pres", "en", "ag"):
            w = stem + suffix
            if w.endswith(("ly", "est", "ing", "ed")) or w in FUNCTION_WORDS:
                continue
            assert word_class(w) == one_by_one(w), w


def test_position_buckets():
    assert [position(i, 6) for i in range(6)] == ["0", "1", "m", "m", "e", "e"]
    assert [position(i, 2) for i in range(2)] == ["0", "1"]


def _model(weights, bias=-1.0):
    tables = Tables({"neutrality.test": frozenset({"notorious"})}, {"said": "neutral"})
    data = {"weights": weights, "bias": bias, "calibration": (1.0, 0.0), "threshold": None,
            "lexicons": ["neutrality.test"]}
    return Model(data, tables)


def test_check_time_scores_add_the_class_and_position_weights_as_the_training_features_do():
    m = _model({"cap": 0.9, "pos:1": 0.11, "k:A": 0.7, "-1k:F": 0.3, "1k:N": 0.2, "2k:E": 0.15, "-2k:S": 0.05, "pos:0": -0.4,
                "pos:m": 0.25, "pos:e": -0.1, "w:notorious": 1.0, "L:neutrality.test": 0.5})
    for sent in (["The", "notorious", "regime", "fell"], ["Notorious"], ["a", "b"],
                 ["Critics", "said", "a", "very", "controversial", "government", "collapsed", "today"]):
        low = [norm(w) for w in sent]
        feats = sentence_features(m.tables, sent)
        want = [m.bias + sum(m.weights.get(f, 0.0) for f in fs) for fs in feats]
        assert any("pos:m" in fs for fs in feats) == (len(sent) > 4)
        assert m.scores(low, False, sent) == pytest.approx(want)
        base = m.base(low, False)
        assert [m.score_at(low, i, base, sent) for i in range(len(sent))] == pytest.approx(want)
        assert m.scores_at(low, list(range(len(sent))), base, sent) == pytest.approx(want)
        assert m.scores_at(low, [len(sent) - 1], base, sent) == pytest.approx(want[-1:])
    # the class weights move the score: an adjective after a function word gains both
    low = ["the", "controversial", "plan", "was", "dropped"]
    assert m.scores(low)[1] == pytest.approx(-1.0 + 0.7 + 0.3 + 0.05 + 0.11)  # k:A, -1k:F ("the"), -2k:S, pos:1


def test_prior_is_smoothed_log_odds_and_zero_for_rare_words():
    from annotator.training import Prior

    rows = [{"text": "a zorbly speech", "biased": True, "biased_words": ["zorbly"]}] * 3
    rows += [{"text": "a speech", "biased": False, "biased_words": []}] * 3
    rows += [{"text": "one odd word", "biased": False, "biased_words": []}]
    p = Prior(rows, max_gold=4, m=2.0, min_count=2)
    assert p("zorbly") > 0 > p("speech")
    assert p("odd") == 0.0 and p("never-seen") == 0.0  # seen once, or never: no prior
    base = 3 / 18  # 3 marked of 18 words
    want = (3 + 2 * base) / (3 + 2)
    import math

    assert p("zorbly") == pytest.approx(math.log(want / (1 - want)) - math.log(base / (1 - base)))


def test_out_of_fold_prior_never_sees_the_rows_own_pair():
    from annotator.training import out_of_fold_priors

    rows = []
    for k in range(10):
        word = "zorbly" if k == 0 else "plain"
        rows.append({"id": f"p{k}-b", "text": f"a {word} {word} speech", "biased": True, "biased_words": [word]})
        rows.append({"id": f"p{k}-n", "text": "a speech", "biased": False, "biased_words": []})
    priors = out_of_fold_priors(rows, max_gold=4, folds=5, seed=1)
    # "zorbly" occurs only in pair 0: for its own rows the prior knows nothing of it
    assert priors(0)("zorbly") == 0.0 and priors(1)("zorbly") == 0.0
    assert priors(0)("plain") > 0


def test_choose_threshold_is_the_lowest_reaching_the_precision():
    from annotator.training import choose_threshold

    probs = [[0.95] * 10 + [0.75] * 10 + [0.55] * 10]
    labels = [[1] * 9 + [0] + [1] * 6 + [0] * 4 + [1] * 2 + [0] * 8]
    t, curve = choose_threshold(probs, labels, precision=0.7, min_findings=5)
    # at 0.6-0.75: 15 of 20 right (0.75); at 0.55: 17 of 30 (0.57)
    assert t == 0.6
    assert {c[0]: c[2] for c in curve}[0.55] == pytest.approx(17 / 30, abs=1e-4)
    assert choose_threshold(probs, labels, precision=0.99, min_findings=5)[0] is None
    assert choose_threshold(probs, labels, precision=0.7, min_findings=100)[0] is None


def test_train_folds_the_prior_into_word_weights_and_keeps_at_most_max_weights():
    pytest.importorskip("sklearn")
    from annotator.commands.train import default_lexicons, load_tables
    from annotator.training import fit, read_rows

    rows = read_rows(TINY)
    _, tables, lexicons = load_tables(default_lexicons)
    logs = []
    data = fit(rows, tables, lexicons, min_count=1, log=logs.append)
    assert "prior" not in data["weights"]  # folded, never a feature of the file
    assert data["training"]["prior_weight"] > 0
    assert data["weights"]["w:zorbly"] > 0
    assert any(f.startswith("k:") for f in data["weights"])
    small = fit(rows, tables, lexicons, min_count=1, max_weights=25, log=logs.append)
    assert len(small["weights"]) == 25
    kept = sorted(abs(v) for v in small["weights"].values())
    dropped = [abs(v) for f, v in data["weights"].items() if f not in small["weights"]]
    assert not dropped or max(dropped) <= kept[0] + 0.5  # the largest are kept (different refits: roughly)


def test_shipped_weights_carry_their_threshold_and_the_rule_agrees():
    """The threshold is chosen by the training (held-out pairs, precision), written in the file,
    and the rule's option says the same."""
    from annotator.engine.loader import load_specs

    with open(os.path.join(ROOT, "rules", "models", "neutrality-wnc.json"), encoding="utf-8") as f:
        data = json.load(f)
    assert 0 < data["threshold"] < 1
    # for news precision: the held-out Wikipedia words must be right 80% of the time (in news
    # the model's words are right less often: rules/models/README.md, the threshold curve)
    assert data["training"]["threshold_precision"] == 0.8
    curve = data["training"]["held_out_curve"]
    assert data["threshold"] == min(t for t, n, p in curve if p >= 0.8 and n >= 20)
    spec = next(s for s in load_specs() if s.id == RULE)
    assert spec.options["threshold"] == data["threshold"]
    assert len(data["weights"]) <= 80_000
    assert data["training"]["folded_lists"]  # the lists of rules/models/lists went in
    assert any(k.startswith("k:") for k in data["weights"]) and any(k.startswith("pos:") for k in data["weights"])


def test_train_command_writes_the_chosen_threshold_unless_given(tmp_path):
    pytest.importorskip("sklearn")
    out = tmp_path / "w.json"
    r = run_cli("train", TINY, "-o", str(out), "--validation", "0", "--min-count", "1", "--threshold", "0.3")
    assert r.returncode == 0, r.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["threshold"] == 0.3
    assert "threshold for precision" in r.stderr


def _check(tmp_path, text, weights):
    (tmp_path / "weights.json").write_text(json.dumps(weights), encoding="utf-8")
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / ".annotator.toml").write_text(f'packs = ["neutrality"]\nmodels = {{ "{RULE}" = "weights.json" }}\n',
                                              encoding="utf-8")
    r = run_cli("check", "a.txt", "--format", "jsonl", "--fail-on", "never", "--no-progress", cwd=str(tmp_path))
    return r


@pytest.mark.parametrize("context,found", [(None, True), (2.5, True), (0.5, False)])
def test_the_files_context_bound_decides_which_words_are_looked_at(tmp_path, context, found):
    """'zorbly' scores 0.88 only with its neighbour's help (+3): a bound below that never looks at it."""
    data = {"format": "annotator-linear-1", "lexicons": [], "bias": -3.0, "calibration": [1.0, 0.0],
            "threshold": 0.5, "weights": {"w:zorbly": 2.0, "1w:speech": 3.0}}
    if context is not None:
        data["context"] = context
    r = _check(tmp_path, "Headline\n\nThe mayor gave a zorbly speech.\n", data)
    assert r.returncode == 0, r.stderr
    ours = [f for line in r.stdout.splitlines() for f in json.loads(line)["findings"] if f["rule"] == RULE]
    assert bool(ours) == found


def test_a_bad_context_bound_is_a_one_line_config_error(tmp_path):
    data = {"format": "annotator-linear-1", "weights": {}, "context": -1}
    r = _check(tmp_path, "Headline\n\nText.\n", data)
    assert r.returncode == 2 and "context" in r.stderr and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_context_bound_keeps_the_findings_it_promises():
    from annotator.training import context_bound

    tables = Tables({}, {})
    rows = [{"text": "a zorbly speech", "biased": True, "biased_words": ["zorbly"]}] * 99
    rows += [{"text": "a mild speech", "biased": True, "biased_words": ["mild"]}]
    data = {"weights": {"w:zorbly": 1.0, "w:mild": 0.0, "-1w:a": 1.0, "1w:speech": 0.6}, "bias": 0.0,
            "calibration": (1.0, 0.0)}
    # every word after "a" gets 1.6 from its neighbours: bound 1.75 (0.25 steps) keeps them all
    assert context_bound(rows, tables, 4, data, 0.5, keep=0.99) == 1.75
    # no context needed at all: the least bound is 1
    assert context_bound(rows, tables, 4, {**data, "weights": {"w:zorbly": 3.0}}, 0.5, keep=0.99) == 1.0


TRICKY = ("The Notorious Regime's Very Controversial Plan\n\n"
          "Only the so-called reformers, notoriously well-known, were really very successful. "
          "We know it. Very good! The government's well-being, the mayor's truly brilliant "
          "plan and the far-right group's claims were widely criticised as extremely disgraceful, "
          "but mankind said the comedienne was best.\n\n## A Truly Remarkable Year\n\n"
        "Critics said: \"It was a notorious, very brutal regime.\" Ms Cole, however, called "
          "it a 'great' success and an incredibly important, really historic victory.\n")


@pytest.mark.parametrize("threshold", [0.05, 0.2, 0.5])
def test_the_window_screen_finds_what_scoring_every_sentence_finds(tmp_path, monkeypatch, threshold):
    """The rule's own weights screen each candidate from a few words around it before scoring its
    sentence; scoring every sentence with a candidate instead finds the same, on the seed article
    and on text with possessives, hyphens, short sentences, headings and quotations."""
    from conftest import SEED

    from annotator.engine import Engine
    from annotator.engine.config import Config
    from annotator.engine.kinds import model as model_kind
    from annotator.engine.loader import load_specs
    from annotator.pipeline import annotate_document
    from annotator.readers import read_path

    with open(os.path.join(ROOT, "rules", "models", "neutrality-wnc.json"), encoding="utf-8") as f:
        data = json.load(f)
    data["threshold"] = threshold
    from conftest import local_model_rules

    local_model_rules(tmp_path, data)
    (tmp_path / "tricky.md").write_text(TRICKY, encoding="utf-8")
    engine = Engine(load_specs([str(tmp_path / "rules")]))
    settings = Config().settings_for(engine, None, ["neutrality"], [RULE])  # the local copy alone speaks for the model
    docs = [annotate_document(read_path(p)) for p in (str(tmp_path / "tricky.md"), SEED)]

    def found():
        out = []
        for d in docs:
            d.findings = []
            # every finding: where a lexicon rule flags the word, it carries the model's confidence
            out.append(sorted((f.rule, f.start, f.end, f.confidence) for f in engine.check(d, settings)))
        return out

    screened = found()
    monkeypatch.setattr(model_kind, "_screen", lambda m, doc, lower, hits, zt, c: model_kind._units_with(
        doc, [h[0] for h in hits]))
    every = found()
    ours = [f for fs in every for f in fs if f[0] == "neutrality.local-model"]
    assert len(ours) >= (8 if threshold < 0.1 else 1)
    assert screened == every


@pytest.mark.parametrize("text,i,joined", [
    ("far-right", 4, True), ("far-right", 3, True), ("we'll", 2, True), ("a we b", 2, False),
    ("a we b", 4, False), ("(we)", 1, False), ("we", 0, False), ("we", 2, False), ("x_y", 1, True),
])
def test_joined_tells_a_word_boundary_from_the_inside_of_a_word(text, i, joined):
    from annotator.engine.kinds.model import _joined

    assert _joined(text, i) is joined


# -- issue 15, third round: the Recasens et al. (2013) lexicons, learned as list features and
# folded into the listed words' own weights (the check never reads the lists)

def test_folding_a_list_scores_every_sentence_as_the_list_feature_did():
    from annotator.training import FOLD_MARK, fold_lists

    listed = frozenset({"zorbly", "notorious"})
    raw = {"w:notorious": 1.0, "-1w:regime": 0.2, "k:A": 0.7, "pos:m": 0.25, "1k:N": 0.2,
           f"L:{FOLD_MARK}subj": 0.8, f"-1L:{FOLD_MARK}subj": 0.3, f"1L:{FOLD_MARK}subj": -0.2,
           f"2L:{FOLD_MARK}subj": 0.1}

    def model(weights, lexsets):
        data = {"weights": weights, "bias": -1.0, "calibration": (1.0, 0.0), "threshold": None, "lexicons": []}
        return Model(data, Tables(lexsets, {"said": "neutral"}))

    with_list = model(dict(raw), {FOLD_MARK + "subj": listed})
    folded = dict(raw)
    fold_lists(folded, {"subj": listed})
    assert not any(FOLD_MARK in f for f in folded)  # no list feature left in the file
    without = model(folded, {})
    for sent in (["The", "notorious", "regime", "fell"], ["a", "zorbly", "notorious", "zorbly", "plan"],
                 ["zorbly"], ["nothing", "listed", "here"]):
        low = [norm(w) for w in sent]
        assert without.scores(low, False, sent) == pytest.approx(with_list.scores(low, False, sent))
    # and the listed word's weight is its own plus the list's
    assert folded["w:notorious"] == pytest.approx(1.8) and folded["w:zorbly"] == pytest.approx(0.8)
    assert folded["-1w:zorbly"] == pytest.approx(0.3) and "-2w:zorbly" not in folded


def test_the_shipped_lists_are_read_and_each_has_its_licence_named():
    from annotator.training import FOLDED_LISTS, read_lists

    lists = read_lists()
    assert set(lists) == set(FOLDED_LISTS)
    assert "revealed" in lists["factive"] and "claimed" in lists["assertive"] and "failed" in lists["implicative"]
    assert all(len(words) >= 20 and all(w == norm(w) and " " not in w for w in words) for words in lists.values())
    folder = os.path.join(ROOT, "rules", "models", "lists")
    with open(os.path.join(folder, "LICENSES.md"), encoding="utf-8") as f:
        licences = f.read()
    for name in FOLDED_LISTS:
        with open(os.path.join(folder, name + ".txt"), encoding="utf-8") as f:
            head = f.readline()
        assert head.startswith("# ")  # where the list comes from
        assert name.split("-")[0] in licences


def test_a_missing_list_is_a_one_line_error_naming_the_file(tmp_path):
    from annotator.training import DataError, read_lists

    (tmp_path / "factive.txt").write_text("# a list\nknew\n", encoding="utf-8")
    assert read_lists(str(tmp_path), ("factive",)) == {"factive": frozenset({"knew"})}
    with pytest.raises(DataError, match=r"assertive\.txt: cannot read the word list"):
        read_lists(str(tmp_path), ("factive", "assertive"))


def test_train_learns_the_lists_and_writes_no_list_feature():
    pytest.importorskip("sklearn")
    from annotator.commands.train import default_lexicons, load_tables
    from annotator.training import fit, read_rows

    rows = read_rows(TINY)
    _, tables, lexicons = load_tables(default_lexicons)
    data = fit(rows, tables, lexicons, min_count=1, lists={"made-up": frozenset({"zorbly", "costly"})},
               log=lambda *a: None)
    assert data["training"]["folded_lists"] == ["made-up"]
    assert not any("fold:" in f for f in data["weights"])
    plain = fit(rows, tables, lexicons, min_count=1, log=lambda *a: None)
    assert data["weights"]["w:costly"] != plain["weights"].get("w:costly", 0.0)  # the list's weight went in
