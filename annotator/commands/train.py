"""Train the weights of a model rule (neutrality.subjective-language) from labelled sentences.

Input: JSON lines with ``text``, ``biased`` (true/false) and ``biased_words``
(the words an editor marks as biased; null when only the sentence is
labelled). The rows are split by pair (``meta.pair_id``, or ids ending in
``-b``/``-n``) into training and validation; the weights are learned from
the training side and written as JSON. Point the configuration at them:

  [tool.annotator]
  models = { "neutrality.subjective-language" = "newsroom-weights.json" }

Needs scikit-learn (``pip install 'annotator[train]'``); checking does not.
"""

from __future__ import annotations

import os
import sys


def add_arguments(p) -> None:
    p.add_argument("data", nargs="+", metavar="FILE", help="labelled sentences (JSON lines)")
    p.add_argument("--output", "-o", required=True, metavar="FILE", help="the weights file to write (JSON)")
    p.add_argument("--validation", type=float, default=0.2, metavar="SHARE",
                   help="share of pairs held out for the figures printed at the end (default 0.2; 0: none)")
    p.add_argument("--seed", type=int, default=15, help="seed of the split (default 15)")
    p.add_argument("--c", type=float, default=0.25, help="inverse regularisation strength (default 0.25)")
    p.add_argument("--max-features", type=int, default=20_000, help="most features kept (default 20000)")
    p.add_argument("--min-count", type=int, default=2, help="a feature must occur this often (default 2)")
    p.add_argument("--threshold", type=float, default=None,
                   help="probability at which the rule reports a word with these weights (default: the rule's)")
    p.add_argument("--description", default="", help="what the weights were trained on (kept in the file)")
    p.add_argument("--config", metavar="FILE", help="configuration whose rule_dirs hold extra lexicon rules")


def default_lexicons(specs) -> list[str]:
    """The neutrality rules with word lists: their membership is a feature."""
    return [s.id for s in specs if s.pack == "neutrality" and s.kind in ("lexicon", "substitution", "metric")
            and s.options.get("words")]


def load_tables(lexicons, rule_dirs=()):
    """(specs, feature tables, lexicon rule ids) for training."""
    from ..engine.cache import load_specs_cached
    from ..engine.kinds.model import build_tables

    specs = load_specs_cached(list(rule_dirs))
    ids = lexicons(specs) if callable(lexicons) else list(lexicons)
    return specs, build_tables(specs, ids), ids


def validation_figures(data: dict, tables, rows: list[dict]) -> dict:
    """Ranking top-1 (is the top-scored word a marked one, per biased sentence with a
    marked word) and the share of neutral sentences with a word over 0.5."""
    from ..engine.kinds.model import Model, check_weights, norm, word_re
    from ..training import gold

    model = Model(check_weights(data, "weights"), tables)
    top = hits = neutral = flagged = 0
    for r in rows:
        words = word_re().findall(r["text"])
        if not words:
            continue
        low = [norm(w) for w in words]
        zs = model.scores(low, False, words)
        if r["biased"]:
            g = gold(r) & set(low)
            if g:
                top += 1
                hits += low[max(range(len(zs)), key=lambda i: (zs[i], -i))] in g
        else:
            neutral += 1
            flagged += any(model.probability(z) >= 0.5 for z in zs)
    return {"top1": hits / top if top else 0.0, "sentences": top,
            "neutral_flagged_at_0.5": flagged / neutral if neutral else 0.0}


def run(args) -> int:
    from ..cli import EXIT_INPUT, UsageError
    from ..engine import RuleError
    from ..engine.config import Config, ConfigError, find_config, load_config
    from ..training import DataError, fit, read_lists, read_rows, split, write_weights

    if not 0 <= args.validation < 1:
        raise UsageError("--validation: a share from 0 to below 1")
    if args.threshold is not None and not 0 < args.threshold < 1:
        raise UsageError("--threshold: a probability between 0 and 1")
    rows = []
    for path in args.data:
        try:
            rows += read_rows(path)
        except DataError as e:
            print(f"annotator: error: {e}", file=sys.stderr)
            return EXIT_INPUT
    try:
        cfg = load_config(args.config) if args.config else (find_config(os.getcwd()) or Config())
        _, tables, lexicons = load_tables(default_lexicons, cfg.rule_dirs)
    except (ConfigError, RuleError) as e:
        raise UsageError(str(e)) from None
    train, val = split(rows, args.validation, args.seed) if args.validation else (rows, [])

    def log(m: str) -> None:
        print(m, file=sys.stderr)

    try:
        data = fit(train, tables, lexicons, seed=args.seed, c=args.c, max_features=args.max_features,
                   min_count=args.min_count, lists=read_lists(), log=log)
    except DataError as e:
        raise UsageError(str(e)) from None
    if args.threshold is not None:
        data["threshold"] = args.threshold
    data["trained_on"] = args.description or ", ".join(os.path.basename(p) for p in args.data)
    try:
        write_weights(data, args.output)
    except OSError as e:
        raise UsageError(f"{args.output}: cannot write: {e.strerror or e}") from None
    log(f"wrote {args.output}: {len(data['weights'])} weights")
    if val:
        v = validation_figures(data, tables, val)
        log(f"validation ({len(val)} rows): ranking top-1 {v['top1']:.3f} over {v['sentences']} biased sentences; "
            f"neutral sentences with a word at 0.5: {v['neutral_flagged_at_0.5']:.3f}")
    return 0
