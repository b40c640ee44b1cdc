"""Print the configuration in force for an article or folder, and the files it came from.

The output is TOML (``--format json`` for tools): comments name the
configuration file (the nearest ``.annotator.toml`` or ``pyproject.toml`` with
``[tool.annotator]`` at or above PATH, or the built-in defaults), the
``overrides`` that apply and the rule folders; then the settings in effect:
packs, quotation style, house vocabulary, and a ``[rules]`` table of every
rule with its severity, or ``"off"``.  For an article, the type it declares in
its front matter (or opinion, when its text reads as one) applies as in
``check``.  For a folder, ``overrides`` are listed but not applied (they match
files).  Exit codes: 0 printed, 2 a configuration
error, 3 PATH does not exist.
"""

from __future__ import annotations

import json
import os
import sys


def add_arguments(p) -> None:
    p.add_argument("path", metavar="PATH", help="an article or a folder")
    p.add_argument("--config", metavar="FILE",
                   help="use this configuration instead of searching upwards from PATH")
    p.add_argument("--format", "-f", choices=("toml", "json"), default="toml")


def _q(s: str) -> str:
    """A TOML basic string (JSON's escapes are a subset of TOML's)."""
    return json.dumps(s, ensure_ascii=False)


def _array(items) -> str:
    return "[" + ", ".join(_q(i) for i in items) + "]"


def _article_type(settings, path: str):
    """(settings, type, why) for the article at ``path``: the type it declares in its front
    matter, or opinion when its text reads as one, changes the rules as ``check`` changes
    them (``Settings.for_article``).  An article that cannot be read keeps its folder's."""
    from ..engine.config import article_type_of
    from ..pipeline import load
    from ..readers import InputError

    try:
        doc = load(path)
    except InputError as e:
        return settings, None, f"not read ({e.message}): the settings of its folder"
    declared = article_type_of(doc)
    typed = settings.for_article(doc)
    t = typed.article_type
    if t is None or t == settings.article_type:
        return settings, None, None
    why = "its front matter" if declared == t else "its text reads as one (annotator/analysis/genre.py)"
    return typed, t, why


def effective(cfg, engine, path: str) -> dict:
    """What is in force for ``path`` (an article, or a folder: no overrides applied)."""
    from ..engine.loader import display_path

    is_dir = os.path.isdir(path)
    settings = cfg.settings_for(engine, None if is_dir else path)
    article_type = settings.article_type
    why = "an override" if article_type else None
    unread = None
    if not is_dir:
        settings, t, note = _article_type(settings, path)
        if t:
            article_type, why = t, note
        else:
            unread = note
    overrides = []
    rel = os.path.relpath(os.path.abspath(path), cfg.root).replace(os.sep, "/")
    for n, o in enumerate(cfg.overrides):
        applies = (not is_dir) and o.matches(rel)
        overrides.append({"index": n, "files": list(o.files), "applies": applies if not is_dir else None})
    packs = sorted({s.pack for s in engine.specs})
    return {
        "path": path,
        "config_file": display_path(cfg.path) if cfg.path else None,
        "rule_dirs": [display_path(d) for d in cfg.rule_dirs],
        "overrides": overrides,
        "article_type": article_type,
        "article_type_from": why,
        "article_unread": unread,
        "packs": list(cfg.packs) if cfg.packs is not None else packs,
        "quote_style": cfg.styles.get("quotes", "majority"),
        "apostrophe_style": cfg.styles.get("apostrophes", "majority"),
        "accept": sorted(cfg.accept),
        "reject": dict(cfg.reject),
        "rules": {s.id: (settings.severity[i] if settings.active[i] else "off") for i, s in enumerate(engine.specs)},
    }


def to_toml(e: dict) -> str:
    out = [f"# annotator configuration for {e['path']}"]
    if e["config_file"]:
        out.append(f"# from {e['config_file']}")
    else:
        out.append("# from the built-in defaults (no .annotator.toml or [tool.annotator] found at or above it)")
    out.append("# rules from the built-in rules/" + "".join(f", {d}" for d in e["rule_dirs"]))
    for o in e["overrides"]:
        state = {True: "applies", False: "does not apply", None: "applies to the files it matches"}[o["applies"]]
        out.append(f"# overrides[{o['index']}] (files = {_array(o['files'])}): {state}")
    if e["article_type"]:
        out.append(f"# article type: {e['article_type']}, from {e['article_type_from']}")
    if e["article_unread"]:
        out.append(f"# article {e['article_unread']}")
    out.append("")
    out.append(f"packs = {_array(e['packs'])}")
    out.append(f"quote_style = {_q(e['quote_style'])}")
    out.append(f"apostrophe_style = {_q(e['apostrophe_style'])}")
    out.append(f"accept = {_array(e['accept'])}")
    reject = e["reject"]
    if any(v for v in reject.values()):
        out.append("reject = { " + ", ".join(f"{_q(k)} = {_q(v or '')}" for k, v in reject.items()) + " }")
    else:
        out.append(f"reject = {_array(reject)}")
    out.append(f"rule_dirs = {_array(e['rule_dirs'])}")
    out.append("")
    out.append('[rules]  # every rule: its severity, or "off" (a view: in .annotator.toml, say it with enable, disable and severity)')
    out.extend(f"{_q(k)} = {_q(v)}" for k, v in e["rules"].items())
    return "\n".join(out) + "\n"


def run(args) -> int:
    from ..cli import UsageError
    from ..engine import RuleError, get_engine
    from ..engine.config import Config, ConfigError, find_config, load_config

    path = args.path
    if not os.path.exists(path):
        print(f"annotator: error: {path}: no such file or directory", file=sys.stderr)
        return 3
    try:
        if args.config:
            cfg = load_config(args.config)
        else:
            folder = path if os.path.isdir(path) else os.path.dirname(os.path.abspath(path))
            cfg = find_config(folder) or Config()
        engine = get_engine(tuple(cfg.rule_dirs))
        cfg.validate(engine)
        e = effective(cfg, engine, path)
    except (ConfigError, RuleError) as err:
        raise UsageError(str(err)) from None
    if args.format == "json":
        sys.stdout.write(json.dumps(e, indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(to_toml(e))
    return 0
