"""Training the weights of a ``kind: model`` rule from labelled sentences.

Rows are JSON lines as in ``../shared/eval/README.md``: ``text``, ``biased``
(bool) and ``biased_words`` (the words an editor removed or marked; null when
only the sentence is labelled). A row's ``meta.pair_id`` (or an ``id`` ending
in ``-b`` / ``-n``) ties the two sides of one edit: the split into training
and validation keeps a pair on one side.

Each word of each usable row is one example (label: the word is one of the
row's biased words). A logistic regression (scikit-learn, the ``train``
extra, needed only here) learns the weights of the features
``engine/kinds/model.py`` writes, and one more: the word's own prior, the
smoothed log-odds that the training rows mark it (computed for each training
row from the other folds' rows, so the model cannot learn a row's own label
through it; for the weights file from all training rows, folded into the
``w:`` weights); and the membership of the word and its neighbours in the
training-only word lists of ``rules/models/lists`` (factive, assertive and
implicative verbs, hedges, strong and weak subjective, positive and negative
words: the lexicons of Recasens et al. 2013), whose weights are folded into
the listed words' ``w:`` and ``kw:`` weights. 10% of the training pairs are held out to calibrate its
scores (Platt scaling), so a finding's confidence is the probability that the
word is one an editor would mark, to choose the threshold (the lowest at
which the held-out findings are right at least ``precision`` of the time) and
the context bound the check screens candidates with (speed: the least that
keeps ``context_keep`` of the held-out findings).
"""

from __future__ import annotations

import json
import math
import random
from collections import Counter

from .engine.kinds.model import FORMAT, OFFSETS, Tables, norm, sentence_features, word_re


class DataError(ValueError):
    """A labelled file that cannot be read; one line naming the file (and line)."""


def read_rows(path: str) -> list[dict]:
    rows = []
    try:
        f = open(path, encoding="utf-8")  # noqa: SIM115
    except OSError as e:
        raise DataError(f"{path}: cannot read: {e.strerror or e}") from None
    with f:
        try:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    r = json.loads(line)
                except ValueError as e:
                    raise DataError(f"{path}:{n}: not JSON: {e}") from None
                if not isinstance(r, dict) or not isinstance(r.get("text"), str) or not isinstance(r.get("biased"), bool):
                    raise DataError(f"{path}:{n}: a row needs text (a string) and biased (true or false)")
                bw = r.get("biased_words")
                if bw is not None and (not isinstance(bw, list) or not all(isinstance(w, str) for w in bw)):
                    raise DataError(f"{path}:{n}: biased_words: expected a list of words or null")
                rows.append(r)
        except UnicodeDecodeError as e:
            raise DataError(f"{path}: not UTF-8: {e.reason}") from None
    return rows


def pair_key(row: dict, n: int) -> str:
    meta = row.get("meta")
    if isinstance(meta, dict) and isinstance(meta.get("pair_id"), str):
        return meta["pair_id"]
    rid = row.get("id")
    if isinstance(rid, str):
        return rid[:-2] if rid.endswith(("-b", "-n")) else rid
    return f"#{n}"


def split(rows: list[dict], validation: float, seed: int) -> tuple[list[dict], list[dict]]:
    """(train, validation) by pair: both sides of an edit fall on the same side."""
    keys = sorted({pair_key(r, n) for n, r in enumerate(rows)})
    random.Random(seed).shuffle(keys)
    held = set(keys[: round(len(keys) * validation)])
    train = [r for n, r in enumerate(rows) if pair_key(r, n) not in held]
    val = [r for n, r in enumerate(rows) if pair_key(r, n) in held]
    return train, val


def gold(row: dict) -> set[str]:
    out = set()
    for entry in row.get("biased_words") or ():
        out.update(norm(w) for w in word_re().findall(entry))
    return out


def usable(r: dict, max_gold: int) -> tuple[list[str], list[int]] | None:
    """(words, labels) of a row that can be learned from: a neutral row (every word 0) or a
    biased row with 1..max_gold marked words present (a long rewrite marks whole clauses)."""
    words = word_re().findall(r["text"])
    if not words:
        return None
    g = gold(r) & {norm(w) for w in words} if r["biased"] else set()
    if r["biased"] and (not g or len(g) > max_gold):
        return None
    return words, [1 if norm(w) in g else 0 for w in words]


def examples(rows: list[dict], tables: Tables, max_gold: int, priors=None) -> tuple[list[list[str]], list[int]]:
    """Features and labels of every word of the usable rows. ``priors``: for the n-th row, a
    function word -> prior; its value is the feature PRIOR (the one feature not 0 or 1)."""
    feats: list[list] = []
    labels: list[int] = []
    for n, r in enumerate(rows):
        u = usable(r, max_gold)
        if u is None:
            continue
        words, ys = u
        fs = sentence_features(tables, words)
        if priors is not None:
            prior = priors(n)
            for w, f in zip(words, fs):
                f.append((PRIOR, prior(norm(w))))
        feats.extend(fs)
        labels.extend(ys)
    return feats, labels


PRIOR = "prior"  # the training-only feature folded into the w: weights


class Prior:
    """How often the rows mark each word, as smoothed log-odds relative to the base rate:
    (marked + m * base) / (seen + m); 0 for a word seen fewer than ``min_count`` times."""

    def __init__(self, rows: list[dict], max_gold: int, m: float = 10.0, min_count: int = 2):
        seen: Counter = Counter()
        marked: Counter = Counter()
        for r in rows:
            u = usable(r, max_gold)
            if u is not None:
                for w, y in zip(*u):
                    w = norm(w)
                    seen[w] += 1
                    marked[w] += y
        total = sum(seen.values())
        self.base = sum(marked.values()) / total if total else 0.0
        self.seen, self.marked, self.m, self.min_count = seen, marked, m, min_count

    def __call__(self, w: str) -> float:
        n = self.seen.get(w, 0)
        if n < self.min_count or not 0 < self.base < 1:
            return 0.0
        p = (self.marked.get(w, 0) + self.m * self.base) / (n + self.m)
        return math.log(p / (1 - p)) - math.log(self.base / (1 - self.base))

    def words(self):
        return [w for w, n in self.seen.items() if n >= self.min_count]


def out_of_fold_priors(rows: list[dict], max_gold: int, folds: int, seed: int):
    """For the n-th row, the Prior of the rows of the other folds (folds by pair)."""
    keys = sorted({pair_key(r, n) for n, r in enumerate(rows)})
    random.Random(seed).shuffle(keys)
    fold_of = {k: i % folds for i, k in enumerate(keys)}
    row_fold = [fold_of[pair_key(r, n)] for n, r in enumerate(rows)]
    priors = [Prior([r for r, f in zip(rows, row_fold) if f != k], max_gold) for k in range(folds)]
    return lambda n: priors[row_fold[n]]


def choose_threshold(probs: list[list[float]], labels: list[list[int]], precision: float,
                     min_findings: int = 20) -> tuple[float | None, list]:
    """The lowest threshold (0.05 steps) at which the words scoring at or above it are marked
    ones at least ``precision`` of the time, over at least ``min_findings`` words; and the curve."""
    curve = []
    chosen = None
    for k in range(2, 19):
        t = round(k * 0.05, 2)
        flagged = right = 0
        for ps, ys in zip(probs, labels):
            for p, y in zip(ps, ys):
                if p >= t:
                    flagged += 1
                    right += y
        p_at = right / flagged if flagged else 0.0
        curve.append([t, flagged, round(p_at, 4)])
        if chosen is None and flagged >= min_findings and p_at >= precision:
            chosen = t
    return chosen, curve


#: the word lists the training reads besides the lexicon rules (rules/models/lists/NAME.txt)
FOLDED_LISTS = ("factive", "assertive", "implicative", "hedges", "subjective-strong", "subjective-weak",
                "positive-strong", "positive-weak", "negative-strong", "negative-weak")
FOLD_MARK = "fold:"  # the list features' names during training: L:fold:NAME, -1L:fold:NAME, ...


def read_lists(folder: str | None = None, names=FOLDED_LISTS) -> dict[str, frozenset]:
    """The training-only word lists (one word a line, ``#`` comments; see LICENSES.md beside
    them): name -> words. Their features' weights are folded into the words' own weights by
    ``fit``, so the check never reads them."""
    import os

    if folder is None:
        from .resources import rules_dir

        folder = os.path.join(rules_dir(), "models", "lists")
    out = {}
    for name in names:
        path = os.path.join(folder, name + ".txt")
        try:
            with open(path, encoding="utf-8") as f:
                out[name] = frozenset(norm(x.strip()) for x in f if x.strip() and not x.startswith("#"))
        except (OSError, UnicodeDecodeError) as e:
            raise DataError(f"{path}: cannot read the word list: {getattr(e, 'strerror', None) or e}") from None
    return out


def fold_lists(raw: dict[str, float], lists: dict[str, frozenset]) -> None:
    """Fold the weights of the list features (``L:fold:NAME`` and its neighbours' ``kL:fold:NAME``)
    into the weights of each listed word (``w:WORD``, ``kw:WORD``): the same score for every
    word, with no list to read at check time. ``raw`` is changed in place."""
    for name, words in lists.items():
        own = raw.pop(f"L:{FOLD_MARK}{name}", 0.0)
        nbs = {k: raw.pop(f"{k}L:{FOLD_MARK}{name}", 0.0) for k in OFFSETS}
        for w in words:
            if own:
                raw["w:" + w] = raw.get("w:" + w, 0.0) + own
            for k, v in nbs.items():
                if v:
                    raw[f"{k}w:{w}"] = raw.get(f"{k}w:{w}", 0.0) + v


def _matrix(feats, vocab):
    """A sparse matrix of the feature lists: a name is 1, a (name, value) pair its value."""
    from scipy.sparse import csr_matrix

    indptr = [0]
    indices = []
    values = []
    for fs in feats:
        row = {}
        for f in fs:
            name, v = f if isinstance(f, tuple) else (f, 1.0)
            j = vocab.get(name)
            if j is not None:
                row[j] = v
        for j in sorted(row):
            indices.append(j)
            values.append(row[j])
        indptr.append(len(indices))
    return csr_matrix((values, indices, indptr), shape=(len(feats), len(vocab)))


def fit(rows: list[dict], tables: Tables, lexicons: list[str], *, seed: int = 15, c: float = 0.25,
        max_features: int = 20_000, min_count: int = 2, max_gold: int = 4, prune: float = 0.01,
        max_weights: int = 20_000, folds: int = 5, precision: float = 0.7, context_keep: float = 0.95,
        lists: dict[str, frozenset] | None = None, log=print) -> dict:
    """The weights (a dict in the weights file format) from labelled rows; ``threshold`` is
    the one chosen on the held-out pairs for ``precision`` (absent when none reaches it).
    ``lists``: training-only word lists (``read_lists``), learned as features and folded
    into the listed words' weights."""
    try:
        from sklearn.linear_model import LogisticRegression
    except ImportError:
        raise DataError("training needs scikit-learn: pip install 'annotator[train]'") from None
    fit_rows, cal_rows = split(rows, 0.1, seed + 1)
    if not cal_rows:
        fit_rows, cal_rows = rows, rows
    learn = tables
    if lists:
        learn = Tables({**tables.lexsets, **{FOLD_MARK + name: words for name, words in lists.items()}}, tables.cues)
    feats, y = examples(fit_rows, learn, max_gold, out_of_fold_priors(fit_rows, max_gold, folds, seed))
    if not y or sum(y) == 0 or sum(y) == len(y):
        raise DataError("the labelled rows need both biased words and other words to learn from")
    counts = Counter(f for fs in feats for f in {x if isinstance(x, str) else x[0] for x in fs})
    kept = [f for f, n in counts.most_common(max_features) if n >= min_count or f == PRIOR]
    vocab = {f: i for i, f in enumerate(sorted(kept))}
    log(f"training on {len(y)} words ({sum(y)} marked) from {len(fit_rows)} rows, {len(vocab)} features")
    clf = LogisticRegression(C=c, solver="liblinear", max_iter=200, random_state=seed)
    clf.fit(_matrix(feats, vocab), y)
    coef = clf.coef_[0]
    bias = float(clf.intercept_[0])
    raw = {f: float(coef[i]) for f, i in vocab.items()}
    # the prior of every word seen often enough, from all the fitting rows, goes into its w: weight
    prior_weight = raw.pop(PRIOR, 0.0)
    prior = Prior(fit_rows, max_gold, min_count=min_count)
    for w in prior.words():
        raw["w:" + w] = raw.get("w:" + w, 0.0) + prior_weight * prior(w)
    if lists:
        fold_lists(raw, lists)
    weights = {f: round(v, 4) for f, v in raw.items() if abs(v) >= prune}
    if len(weights) > max_weights:  # the largest (start-up: ~5 ms per 20,000 weights)
        weights = dict(sorted(weights.items(), key=lambda kv: -abs(kv[1]))[:max_weights])
    # Platt scaling on held-out pairs: p = sigmoid(a * z + b) with z the raw score
    cfeats, cy = examples(cal_rows, tables, max_gold)
    scale, offset = 1.0, 0.0
    z = [bias + sum(weights.get(f, 0.0) for f in set(fs)) for fs in cfeats]
    if cy and 0 < sum(cy) < len(cy):
        cal = LogisticRegression(C=1e6, solver="lbfgs", max_iter=1000)
        cal.fit([[v] for v in z], cy)
        scale, offset = float(cal.coef_[0][0]), float(cal.intercept_[0])
        if scale <= 0:
            scale, offset = 1.0, 0.0
    probs = [1.0 / (1.0 + math.exp(-min(max(scale * v + offset, -60.0), 60.0))) for v in z]
    threshold, curve = choose_threshold([probs], [cy], precision)
    context = context_bound(cal_rows, tables, max_gold, {"weights": weights, "bias": bias,
                                                         "calibration": (scale, offset)}, threshold or 0.5,
                            context_keep)
    log(f"kept {len(weights)} weights (prior weight {prior_weight:.3f}); calibration scale {scale:.3f}, "
        f"offset {offset:.3f}; threshold for precision {precision:g} on the held-out pairs: {threshold}")
    out = {
        "format": FORMAT,
        "lexicons": list(lexicons),
        "bias": round(bias, 4),
        "calibration": [round(scale, 4), round(offset, 4)],
        "training": {"rows": len(fit_rows), "calibration_rows": len(cal_rows), "words": len(y),
                     "marked": int(sum(y)), "C": c, "max_features": max_features,
                     "max_weights": max_weights, "min_count": min_count,
                     "max_gold": max_gold, "seed": seed, "prior_weight": round(prior_weight, 4),
                     "prior_folds": folds, "folded_lists": sorted(lists or ()),
                     "threshold_precision": precision, "context_keep": context_keep,
                     "held_out_curve": curve},
        "weights": dict(sorted(weights.items())),
    }
    if threshold is not None:
        out["threshold"] = threshold
    if context is not None:
        out["context"] = context
    return out


def context_bound(rows: list[dict], tables: Tables, max_gold: int, data: dict, threshold: float,
                  keep: float = 0.95) -> float | None:
    """The least bound (0.25 steps, from 1) on what a word's neighbours and sentence add to its
    score that keeps ``keep`` of the rows' words scoring at or above the threshold (the check
    looks only at words whose own part comes within the bound of the threshold: speed)."""
    from .engine.kinds.model import Model

    model = Model({"threshold": None, "lexicons": [], **data}, tables)
    zt = model.raw_threshold(threshold)
    extra = []
    for r in rows:
        u = usable(r, max_gold)
        if u is None:
            continue
        low = [norm(w) for w in u[0]]
        for w, z in zip(low, model.scores(low, False, u[0])):
            if z >= zt:
                extra.append(z - model.bias - model.parts(w)[0])
    if not extra:
        return None
    extra.sort()
    need = extra[min(len(extra) - 1, int(keep * len(extra)))]
    return max(1.0, math.ceil(need * 4) / 4)


def write_weights(data: dict, path: str) -> None:
    """Compact JSON, written atomically."""
    import os
    import tempfile

    d = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".weights-", suffix=".json", dir=d)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, separators=(",", ":"), ensure_ascii=False)
            f.write("\n")
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise

