"""Training the weights of a ``kind: model`` rule from labelled sentences.

Rows are JSON lines as in ``../shared/eval/README.md``: ``text``, ``biased``
(bool) and ``biased_words`` (the words an editor removed or marked; null when
only the sentence is labelled). A row's ``meta.pair_id`` (or an ``id`` ending
in ``-b`` / ``-n``) ties the two sides of one edit: the split into training
and validation keeps a pair on one side.

Each word of each usable row is one example (label: the word is one of the
row's biased words). A logistic regression (scikit-learn, the ``train``
extra, needed only here) learns the weights of the features
``engine/kinds/model.py`` writes; 10% of the training pairs are held out to
calibrate its scores (Platt scaling), so a finding's confidence is the
probability that the word is one an editor would mark.
"""

from __future__ import annotations

import json
import random
from collections import Counter

from .engine.kinds.model import FORMAT, Tables, norm, sentence_features, word_re


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


def examples(rows: list[dict], tables: Tables, max_gold: int) -> tuple[list[list[str]], list[int]]:
    """Features and labels of every word of the usable rows: neutral rows (every word 0) and
    biased rows with 1..max_gold marked words present (a long rewrite marks whole clauses)."""
    feats: list[list[str]] = []
    labels: list[int] = []
    finder = word_re().findall
    for r in rows:
        words = finder(r["text"])
        if not words:
            continue
        g = gold(r) & {norm(w) for w in words} if r["biased"] else set()
        if r["biased"] and (not g or len(g) > max_gold):
            continue
        fs = sentence_features(tables, words)
        feats.extend(fs)
        labels.extend(1 if norm(w) in g else 0 for w in words)
    return feats, labels


def _matrix(feats, vocab):
    from scipy.sparse import csr_matrix

    indptr = [0]
    indices = []
    for fs in feats:
        row = {vocab[f] for f in fs if f in vocab}
        indices.extend(sorted(row))
        indptr.append(len(indices))
    return csr_matrix(([1.0] * len(indices), indices, indptr), shape=(len(feats), len(vocab)))


def fit(rows: list[dict], tables: Tables, lexicons: list[str], *, seed: int = 15, c: float = 0.25,
        max_features: int = 20_000, min_count: int = 2, max_gold: int = 4, prune: float = 0.01,
        log=print) -> dict:
    """The weights (a dict in the weights file format) from labelled rows."""
    try:
        from sklearn.linear_model import LogisticRegression
    except ImportError:
        raise DataError("training needs scikit-learn: pip install 'annotator[train]'") from None
    fit_rows, cal_rows = split(rows, 0.1, seed + 1)
    if not cal_rows:
        fit_rows, cal_rows = rows, rows
    feats, y = examples(fit_rows, tables, max_gold)
    if not y or sum(y) == 0 or sum(y) == len(y):
        raise DataError("the labelled rows need both biased words and other words to learn from")
    counts = Counter(f for fs in feats for f in set(fs))
    kept = [f for f, n in counts.most_common(max_features) if n >= min_count]
    vocab = {f: i for i, f in enumerate(sorted(kept))}
    log(f"training on {len(y)} words ({sum(y)} marked) from {len(fit_rows)} rows, {len(vocab)} features")
    clf = LogisticRegression(C=c, solver="liblinear", max_iter=200, random_state=seed)
    clf.fit(_matrix(feats, vocab), y)
    coef = clf.coef_[0]
    bias = float(clf.intercept_[0])
    weights = {f: round(float(coef[i]), 4) for f, i in vocab.items() if abs(coef[i]) >= prune}
    # Platt scaling on held-out pairs: p = sigmoid(a * z + b) with z the raw score
    cfeats, cy = examples(cal_rows, tables, max_gold)
    scale, offset = 1.0, 0.0
    if cy and 0 < sum(cy) < len(cy):
        z = [[bias + sum(weights.get(f, 0.0) for f in set(fs))] for fs in cfeats]
        cal = LogisticRegression(C=1e6, solver="lbfgs", max_iter=1000)
        cal.fit(z, cy)
        scale, offset = float(cal.coef_[0][0]), float(cal.intercept_[0])
        if scale <= 0:
            scale, offset = 1.0, 0.0
    log(f"kept {len(weights)} weights; calibration scale {scale:.3f}, offset {offset:.3f}")
    return {
        "format": FORMAT,
        "lexicons": list(lexicons),
        "bias": round(bias, 4),
        "calibration": [round(scale, 4), round(offset, 4)],
        "training": {"rows": len(fit_rows), "calibration_rows": len(cal_rows), "words": len(y),
                     "marked": int(sum(y)), "C": c, "max_features": max_features, "min_count": min_count,
                     "max_gold": max_gold, "seed": seed},
        "weights": dict(sorted(weights.items())),
    }


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

