"""Configuration: ``[tool.annotator]`` in pyproject.toml, or ``.annotator.toml``
(keys at the top level), found by walking up from each article's folder to
the root of its git repository (the folder holding ``.git``), or named with
``--config``.

  packs = ["attribution", "quotes"]        # default: every pack
  enable = ["hygiene.long-sentence"]        # rules off by default, switched on
  disable = ["neutrality.puffery"]
  severity = { "quotes.scare-quotes" = "info" }
  accept = ["regime"]                       # never fire word-list rules
  reject = ["utilise"]  or  [tool.annotator.reject] utilise = "use"
  rule_dirs = ["house-rules"]               # extra rules/<pack>/*.yaml folders, relative to this file
  models = { "neutrality.subjective-language" = "weights.json" }  # own weights of a model rule (annotator train)
  quote_style = "curly"                     # house style of quotation marks: majority (default), curly, straight
  apostrophe_style = "curly"                # of apostrophes (default: as quote_style)
  [[tool.annotator.overrides]]
  files = ["opinion/**"]
  disable = ["neutrality.editorializing"]   # also enable, severity
  article_type = "opinion"                  # the articles there are opinion pieces
  [tool.annotator.article_types.opinion]    # what an article type changes (replaces the default)
  severity = { "neutrality" = "info" }      # rule ids, packs or prefixes; also enable, disable

An article's type comes from its front matter (``type``, ``section``,
``article_type``; HTML ``article:section``), else from the overrides that match
it.  By default opinion, analysis and review pieces (and comment, commentary,
column, editorial, op-ed as opinion) run the neutrality pack as info, and
neutrality.editorializing not at all: the writer's judgement is the point of
them, as it is of a live commentary (live: live commentary, live text, live blog) (and an opinion piece leaves quotes.scare-quotes off: its marks are the
writer's own distancing); sport (sports, match report) runs
puffery, peacock terms and superlatives as info: a match report's colour;
news (news story, news report, breaking news) runs neutrality.editorializing
as a warning (info by default: undeclared analysis reads like news).
Layers apply in order: the configuration, the article type, the matching
overrides, then --select/--ignore (so a type's severity wins over the
configuration's top-level ``severity``; an override's wins over the type's).

An unknown key or rule id is an error naming the file.
"""

from __future__ import annotations

import os

from .loader import display_path

KEYS = {"packs", "enable", "disable", "severity", "overrides", "accept", "reject", "rule_dirs", "quote_style",
        "apostrophe_style", "article_types", "models"}
STYLES = ("majority", "curly", "straight")
OVERRIDE_KEYS = {"files", "enable", "disable", "severity", "article_type"}
TYPE_KEYS = {"enable", "disable", "severity"}
#: article types known without configuration, and what they change: the writer's own
#: judgement is the point of an opinion piece, an analysis or a review, so a sentence adverb there
#: ("Clearly, ...") is the genre, not a lapse: editorializing is off (judged set: 12 such findings wrong,
#: none right; BBC-wide 121 findings went, all but a few in readers' comment pages)
DEFAULT_TYPES = {t: {"severity": {"neutrality": "info"}, "disable": ["neutrality.editorializing"]}
                 for t in ("opinion", "analysis", "review", "live")}
#: in an opinion piece (a column, readers' comments) words in marks with no speaker are the writer's own
#: distancing, the point of the piece: "whose word is this?" has its answer (the judged set: 7 such
#: findings wrong, 1 debatable, none right; BBC-wide 45 findings, in readers' comment pages and columns)
DEFAULT_TYPES["opinion"]["disable"].append("quotes.scare-quotes")
#: a live commentary (running text of a match, a count, an election night) is the commentator's judgement as
#: it happens, in the present tense: "surely he cannot come back now", "a lucky net cord", "he blasts a
#: forehand" are the genre, as in an analysis; its own type and not sport's, which judges a match report
#: written after the fact and keeps editorializing (held-out sample 21: 7 such findings wrong, none right)
#: a match report's colour ("a sparkling try", "talented backs") is the genre's, not puffery
DEFAULT_TYPES["sport"] = {"severity": {"neutrality.puffery": "info", "neutrality.peacock": "info",
                                       "neutrality.superlatives": "info"}}
#: a sentence adverb ("clearly", "unfortunately") is the writer's comment: a warning in copy
#: declared news, info elsewhere (an undeclared analysis or column reads like a news story)
DEFAULT_TYPES["news"] = {"severity": {"neutrality.editorializing": "warning"}}
TYPE_ALIASES = {"comment": "opinion", "commentary": "opinion", "column": "opinion", "editorial": "opinion",
                "op-ed": "opinion", "oped": "opinion", "opinions": "opinion", "reviews": "review",
                "sports": "sport", "match report": "sport",
                "live commentary": "live", "live text": "live", "live blog": "live", "liveblog": "live",
                "news story": "news", "news report": "news", "breaking news": "news"}
#: front matter / metadata keys that name an article's type
TYPE_FIELDS = ("article_type", "type", "section", "article:section")


def article_type_of(doc) -> str | None:
    """The type an article declares in its front matter or metadata, lower case."""
    meta = doc.metadata
    if not meta:
        return None
    for key in TYPE_FIELDS:
        v = meta.get(key)
        if isinstance(v, list) and v:
            v = v[0]
        if isinstance(v, str) and v.strip():
            t = " ".join(v.strip().lower().split())
            return TYPE_ALIASES.get(t, t)
    return None


SEVERITIES = ("error", "warning", "info")


class ConfigError(Exception):
    """A configuration problem; ``str()`` is one line naming the file."""


def compile_globs(files: list[str], where: str):
    """The ``files`` globs of an override as [(include, RE2 pattern)], in order (the last match
    decides). gitignore's rules (annotator/ignore.py's translation, pathspec's
    GitIgnoreBasicPattern's): ``*`` and ``?`` stay in one folder,
    ``**`` crosses folders, ``[abc]`` / ``[!abc]`` are character classes, a pattern without a
    ``/`` (but at its end) matches a file or folder name at any depth, ``!pattern`` excludes;
    besides, ``{md,txt}`` expands as in a shell (bracex). The regexes run on RE2 (linear time)."""
    import bracex
    import re2

    from ..ignore import glob_regex

    out = []
    for f in files:
        neg = f.startswith("!")
        body = f[1:] if neg else f
        body = body[2:] if body.startswith("./") else body
        try:
            globs = bracex.expand(body, limit=1000)
        except bracex.ExpansionLimitException as e:  # {a,b}{c,d}...: past 1000 globs
            raise ConfigError(f"{where}: {f!r}: {e}") from None
        for g in globs:
            try:
                regex = glob_regex(g)
            except ValueError as e:
                raise ConfigError(f"{where}: {f!r} is not a glob pattern: {e}") from None
            if regex is not None:  # (None: a blank line or a # comment)
                out.append((not neg, re2.compile(regex)))
    return out


class Override:
    """One ``[[overrides]]`` table; ``files`` are matched against the article's path relative to
    the configuration's folder (``compile_globs``)."""

    __slots__ = ("files", "enable", "disable", "severity", "article_type", "_globs")

    def __init__(self, files, enable, disable, severity, article_type=None, where: str = "overrides.files"):
        self.files = files
        self.enable = enable
        self.disable = disable
        self.severity = severity
        self.article_type = article_type
        self._globs = compile_globs(files, where)

    def matches(self, rel: str) -> bool:
        hit = False
        for include, rx in self._globs:
            if include != hit and rx.match(rel):
                hit = include
        return hit


class Config:
    """One configuration file (or the defaults, ``path`` None)."""

    def __init__(self, data: dict | None = None, path: str | None = None):
        data = dict(data or {})
        self.path = path
        self.root = os.path.dirname(os.path.abspath(path)) if path else os.getcwd()
        where = display_path(path) if path else "configuration"
        self.where = where
        unknown = set(data) - KEYS
        if unknown:
            # the table it sits in: [tool.annotator] of a pyproject.toml, the top of an .annotator.toml
            table = " in [tool.annotator]" if path and os.path.basename(path) == "pyproject.toml" else ""
            raise ConfigError(f"{where}: unknown key {sorted(unknown)[0]!r}{table} "
                              f"(expected {', '.join(sorted(KEYS))})")
        self.packs = self._list(data, "packs") if "packs" in data else None
        self.enable = self._list(data, "enable")
        self.disable = self._list(data, "disable")
        self.severity = self._severity(data.get("severity"), "severity")
        self.accept = frozenset(w.lower().replace("’", "'") for w in self._list(data, "accept"))
        reject = data.get("reject") or []
        if isinstance(reject, dict):
            self.reject = {str(k): (str(v) if v else None) for k, v in reject.items()}
        elif isinstance(reject, list) and all(isinstance(w, str) for w in reject):
            self.reject = {w: None for w in reject}
        else:
            raise ConfigError(f"{where}: reject: expected a list of words or a table of word = replacement")
        self.rule_dirs = [os.path.normpath(os.path.join(self.root, d)) for d in self._list(data, "rule_dirs")]
        for d in self.rule_dirs:
            if not os.path.isdir(d):
                raise ConfigError(f"{where}: rule_dirs: {display_path(d)} is not a folder")
        self.models = self._models(data.get("models"))
        self.styles = {}
        for key, variants in (("quote_style", "quotes"), ("apostrophe_style", "apostrophes")):
            v = data.get(key)
            if v is not None and v not in STYLES:
                raise ConfigError(f"{where}: {key}: {v!r} is not one of {', '.join(STYLES)}")
            if v is not None:
                self.styles[variants] = v
        if "apostrophes" not in self.styles and "quotes" in self.styles:
            self.styles["apostrophes"] = self.styles["quotes"]
        self.overrides: list[Override] = []
        ov = data.get("overrides") or []
        if not isinstance(ov, list):
            raise ConfigError(f"{where}: overrides: expected an array of tables ([[tool.annotator.overrides]])")
        for n, o in enumerate(ov):
            if not isinstance(o, dict):
                raise ConfigError(f"{where}: overrides[{n}]: expected a table")
            bad = set(o) - OVERRIDE_KEYS
            if bad:
                raise ConfigError(f"{where}: overrides[{n}]: unknown key {sorted(bad)[0]!r}")
            files = self._list(o, "files", f"overrides[{n}].files")
            if not files:
                raise ConfigError(f"{where}: overrides[{n}].files: give one or more glob patterns")
            t = o.get("article_type")
            if t is not None and (not isinstance(t, str) or not t.strip()):
                raise ConfigError(f"{where}: overrides[{n}].article_type: expected the name of a type")
            if t is not None:
                t = " ".join(t.strip().lower().split())
                t = TYPE_ALIASES.get(t, t)
            self.overrides.append(Override(files, self._list(o, "enable", f"overrides[{n}].enable"),
                                           self._list(o, "disable", f"overrides[{n}].disable"),
                                           self._severity(o.get("severity"), f"overrides[{n}].severity"), t,
                                           where=f"{where}: overrides[{n}].files"))
        types = data.get("article_types") or {}
        if not isinstance(types, dict):
            raise ConfigError(f"{where}: article_types: expected a table of type = {{severity, enable, disable}}")
        self.types = {k: (v["enable"], v["disable"], v["severity"]) for k, v in (
            (t, {"enable": [], "disable": []} | spec) for t, spec in DEFAULT_TYPES.items())}
        for t, spec in types.items():
            label = f"article_types.{t}"
            if not isinstance(spec, dict):
                raise ConfigError(f"{where}: {label}: expected a table (severity, enable, disable)")
            bad = set(spec) - TYPE_KEYS
            if bad:
                raise ConfigError(f"{where}: {label}: unknown key {sorted(bad)[0]!r}")
            self.types[TYPE_ALIASES.get(t.lower(), t.lower())] = (
                self._list(spec, "enable", f"{label}.enable"), self._list(spec, "disable", f"{label}.disable"),
                self._severity(spec.get("severity"), f"{label}.severity"))
        self._settings: dict = {}
        self._checked = None

    def _list(self, data: dict, key: str, label: str | None = None) -> list[str]:
        v = data.get(key) or []
        if isinstance(v, str):
            v = [v]
        if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
            raise ConfigError(f"{self.where}: {label or key}: expected a list of strings")
        return v

    def _models(self, v) -> dict[str, dict]:
        """rule id -> the checked content of its weights file (path relative to this file)."""
        if v is None:
            return {}
        if not isinstance(v, dict) or not all(isinstance(p, str) for p in v.values()):
            raise ConfigError(f"{self.where}: models: expected a table of rule.id = \"weights.json\"")
        from .kinds.model import WeightsError, read_weights

        out = {}
        for rid, rel in v.items():
            path = os.path.normpath(os.path.join(self.root, rel))
            try:
                out[rid] = read_weights(path, display_path(path))
            except WeightsError as e:
                raise ConfigError(f"{self.where}: models.{rid}: {e}") from None
        return out

    def _severity(self, v, label: str) -> dict[str, str]:
        if v is None:
            return {}
        if not isinstance(v, dict):
            raise ConfigError(f"{self.where}: {label}: expected a table of rule.id = \"error|warning|info\"")
        for k, s in v.items():
            if s not in SEVERITIES:
                raise ConfigError(f"{self.where}: {label}.{k}: {s!r} is not one of error, warning, info")
        return dict(v)

    # -- against a rule set ---------------------------------------------------------
    def validate(self, engine) -> None:
        """Every rule id and pack named here must exist."""
        if self._checked is engine:
            return
        known = engine.index
        packs = {s.pack for s in engine.specs}

        def check(ids, label):
            for i in ids:
                if i not in known:
                    from . import did_you_mean

                    raise ConfigError(f"{self.where}: {label}: unknown rule id {i!r}{did_you_mean(engine, i)}")

        for p in self.packs or []:
            if p not in packs:
                raise ConfigError(f"{self.where}: packs: unknown pack {p!r} (have {', '.join(sorted(packs))})")
        check(self.enable, "enable")
        check(self.disable, "disable")
        check(self.severity, "severity")
        check(self.models, "models")
        for rid in self.models:
            if engine.specs[known[rid]].kind != "model":
                raise ConfigError(f"{self.where}: models: {rid!r} is not a rule of kind model")
        for n, o in enumerate(self.overrides):
            check(o.enable, f"overrides[{n}].enable")
            check(o.disable, f"overrides[{n}].disable")
            check(o.severity, f"overrides[{n}].severity")
        from . import RuleError, rule_selector

        for t, (en, dis, sev) in self.types.items():
            for label, ids in (("enable", en), ("disable", dis), ("severity", list(sev))):
                try:
                    rule_selector(engine, ids)
                except RuleError as e:
                    raise ConfigError(f"{self.where}: article_types.{t}.{label}: {e}") from None
        self._checked = engine

    def settings_for(self, engine, article: str | None, select=None, ignore=None, extend_select=None,
                     article_type: str | None = None):
        """The Settings in force for one article (cached per set of matching overrides and
        article type).  ``select`` replaces the active rules, ``extend_select`` adds to them
        (to the configuration's, or to ``select``), ``ignore`` then removes.  The article
        type is ``article_type`` (the article's own, from its front matter), else that of
        the last matching override that names one."""
        matching = ()
        if self.overrides and article and article != "-":
            rel = os.path.relpath(os.path.abspath(article), self.root).replace(os.sep, "/")
            matching = tuple(n for n, o in enumerate(self.overrides) if o.matches(rel))
        if article_type is None:
            for n in matching:
                article_type = self.overrides[n].article_type or article_type
        key = (id(engine), matching, tuple(select or ()), tuple(ignore or ()), tuple(extend_select or ()),
               article_type)
        s = self._settings.get(key)
        if s is None:
            s = self._build(engine, matching, select, ignore, extend_select, article_type)
            s.article_type = article_type
            s.retype = (self, engine, article, select, ignore, extend_select)
            self._settings[key] = s
        return s

    def _build(self, engine, matching, select, ignore, extend_select=None, article_type=None):
        from . import Settings, rule_selector

        specs = engine.specs
        active = [s.enabled and (self.packs is None or s.pack in self.packs) for s in specs]
        severity = [s.severity for s in specs]
        index = engine.index
        layers = [(self.enable, self.disable, self.severity)]
        if article_type in self.types:
            en, dis, sev = self.types[article_type]
            layers.append(([specs[k].id for k in rule_selector(engine, en)],
                           [specs[k].id for k in rule_selector(engine, dis)],
                           {specs[k].id: v for t, v in sev.items() for k in rule_selector(engine, [t])}))
        layers += [(self.overrides[n].enable, self.overrides[n].disable, self.overrides[n].severity) for n in matching]
        for en, dis, sev in layers:
            for i in en:
                active[index[i]] = True
            for i in dis:
                active[index[i]] = False
            for i, v in sev.items():
                severity[index[i]] = v
        if select:
            chosen = rule_selector(engine, select)
            active = [(slot in chosen) for slot in range(len(specs))]
        if extend_select:
            for slot in rule_selector(engine, extend_select):
                active[slot] = True
        if ignore:
            for slot in rule_selector(engine, ignore):
                active[slot] = False
        return Settings(engine, active, severity, self.accept, self.reject, self.styles, self.models)


_TOML_CACHE: dict[str, Config | None] = {}
_DIR_CACHE: dict[str, Config | None] = {}


def load_config(path: str) -> Config:
    path = os.path.abspath(path)
    if path in _TOML_CACHE and _TOML_CACHE[path] is not None:
        return _TOML_CACHE[path]

    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as e:
        raise ConfigError(f"{display_path(path)}: cannot read: {e.strerror or e}") from None
    data = _parse_toml(raw, display_path(path))
    if os.path.basename(path) == "pyproject.toml" or "tool" in data:
        tool = data.get("tool", {})
        if not isinstance(tool, dict):
            raise ConfigError(f"{display_path(path)}: tool: expected a table")
        section = tool.get("annotator")
        if section is None:
            if os.path.basename(path) == "pyproject.toml":
                raise ConfigError(f"{display_path(path)}: no [tool.annotator] table")
            section = {k: v for k, v in data.items() if k != "tool"}
        if not isinstance(section, dict):
            raise ConfigError(f"{display_path(path)}: tool.annotator: expected a table")
        data = section
    cfg = Config(data, path)
    _TOML_CACHE[path] = cfg
    return cfg


def _parse_toml(raw: bytes, where: str) -> dict:
    """TOML from bytes; ConfigError (one line) when they are not UTF-8, not
    TOML, or nested too deeply for the parser."""
    import tomllib  # only where a configuration file is found (~4 ms to import)

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw.count(b"\n", 0, e.start) + 1
        raise ConfigError(f"{where}:{line}: not UTF-8 (byte {e.start})") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{where}: invalid TOML: {e}") from None
    except RecursionError:
        raise ConfigError(f"{where}: invalid TOML: nested too deeply") from None


def _config_in(directory: str) -> str | None:
    p = os.path.join(directory, ".annotator.toml")
    if os.path.isfile(p):
        return p
    p = os.path.join(directory, "pyproject.toml")
    if os.path.isfile(p):
        return p if _has_annotator_table(p) else None
    return None


def _has_annotator_table(p: str) -> bool:
    """Whether a pyproject.toml has [tool.annotator].  A file that cannot spell the key is
    not parsed; the answer for one that can is remembered on disk by its path, size, inode
    and modification time (a check run in a project whose pyproject.toml names annotator
    elsewhere, as this repository's does, then imports no TOML parser: ~5 ms)."""
    try:
        with open(p, "rb") as f:
            st = os.fstat(f.fileno())
            raw = f.read()
    except OSError:
        return False
    if b"annotator" not in raw and b"\\u" not in raw and b"\\U" not in raw:
        return False  # no way to spell the key
    stamp = (st.st_mtime_ns, st.st_size, st.st_ino)
    memo = _probe_memo()
    known = memo.get(p)
    if known is not None and known[:3] == stamp:
        return known[3]
    try:
        data = _parse_toml(raw, p)
    except ConfigError:
        # not UTF-8, not TOML, nested too deeply: a configuration when it names the
        # table (load_config then reports what is wrong), else someone else's file
        found = b"tool.annotator" in raw
    else:
        tool = data.get("tool")
        found = isinstance(tool, dict) and "annotator" in tool
    memo[p] = (*stamp, found)
    _save_probe_memo(memo)
    return found


_PROBES: dict | None = None
#: the memo in the user's cache folder: one line per file, "mtime_ns size inode found path"
#: (plain text: read without importing a parser, and it can hold nothing but these values)
_PROBE_FILE = "pyproject-probes.txt"


def _probe_memo() -> dict:
    global _PROBES
    if _PROBES is None:
        from ..resources import read_cache_entry

        _PROBES = _parse_memo(read_cache_entry(_PROBE_FILE) or b"")
    return _PROBES


def _parse_memo(raw: bytes) -> dict:
    memo = {}
    try:
        for line in raw.decode("utf-8", "surrogateescape").split("\n")[:-1]:
            mtime, size, ino, found, path = line.split(" ", 4)
            memo[path] = (int(mtime), int(size), int(ino), found == "1")
    except ValueError:
        return {}  # not a memo this module wrote: start again
    return memo


def _save_probe_memo(memo: dict) -> None:
    from ..resources import write_cache_file

    if len(memo) > 256:  # a memo, not an archive
        for k in list(memo)[: len(memo) - 256]:
            del memo[k]
    lines = [f"{m} {s} {i} {int(found)} {p}\n" for p, (m, s, i, found) in memo.items() if "\n" not in p]
    write_cache_file(_PROBE_FILE, "".join(lines).encode("utf-8", "surrogateescape"))


def find_config(directory: str) -> Config | None:
    """The nearest configuration at or above ``directory``, up to the root of
    its git repository (the folder holding ``.git``, a folder or a worktree's
    file) and no further; outside a repository, up to the file system's root
    (cached per folder)."""
    directory = os.path.abspath(directory)
    seen = []
    d = directory
    found: Config | None = None
    while True:
        if d in _DIR_CACHE:
            found = _DIR_CACHE[d]
            break
        seen.append(d)
        p = _config_in(d)
        if p is not None:
            found = load_config(p)
            break
        if os.path.lexists(os.path.join(d, ".git")):
            break  # the repository's root: a configuration above it is not the repository's
        parent = os.path.dirname(d)
        if parent == d:
            break
        d = parent
    for s in seen:
        _DIR_CACHE[s] = found
    return found


def clear_caches() -> None:
    _TOML_CACHE.clear()
    _DIR_CACHE.clear()
