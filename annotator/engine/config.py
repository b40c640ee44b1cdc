"""Configuration: ``[tool.annotator]`` in pyproject.toml, or ``.annotator.toml``
(keys at the top level), found by walking up from each article's folder.

  packs = ["attribution", "quotes"]        # default: every pack
  enable = ["hygiene.long-sentence"]        # rules off by default, switched on
  disable = ["neutrality.puffery"]
  severity = { "quotes.scare-quotes" = "info" }
  accept = ["regime"]                       # never fire word-list rules
  reject = ["utilise"]  or  [tool.annotator.reject] utilise = "use"
  rule_dirs = ["house-rules"]               # extra rules/<pack>/*.yaml folders, relative to this file
  quote_style = "curly"                     # house style of quotation marks: majority (default), curly, straight
  apostrophe_style = "curly"                # of apostrophes (default: as quote_style)
  [[tool.annotator.overrides]]
  files = ["opinion/**"]
  disable = ["neutrality.editorializing"]   # also enable, severity

An unknown key or rule id is an error naming the file.
"""

from __future__ import annotations

import os

from .loader import display_path

KEYS = {"packs", "enable", "disable", "severity", "overrides", "accept", "reject", "rule_dirs", "quote_style",
        "apostrophe_style"}
STYLES = ("majority", "curly", "straight")
OVERRIDE_KEYS = {"files", "enable", "disable", "severity"}
SEVERITIES = ("error", "warning", "info")


class ConfigError(Exception):
    """A configuration problem; ``str()`` is one line naming the file."""


def _glob_regex(pattern: str) -> str:
    out = []
    i = 0
    n = len(pattern)
    while i < n:
        c = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        else:
            out.append("\\" + c if not c.isalnum() else c)
        i += 1
    return "^" + "".join(out) + "$"


class Override:
    __slots__ = ("files", "enable", "disable", "severity", "_rx")

    def __init__(self, files, enable, disable, severity):
        self.files = files
        self.enable = enable
        self.disable = disable
        self.severity = severity
        import re2

        self._rx = []
        for f in files:
            f = f[2:] if f.startswith("./") else f.strip("/")
            self._rx.append(("/" in f, re2.compile(_glob_regex(f))))

    def matches(self, rel: str) -> bool:
        base = rel.rsplit("/", 1)[-1]
        for has_slash, rx in self._rx:
            if rx.match(rel if has_slash else base) or (not has_slash and rx.match(rel)):
                return True
        return False


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
            raise ConfigError(f"{where}: unknown key {sorted(unknown)[0]!r} in [tool.annotator] "
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
            self.overrides.append(Override(files, self._list(o, "enable", f"overrides[{n}].enable"),
                                           self._list(o, "disable", f"overrides[{n}].disable"),
                                           self._severity(o.get("severity"), f"overrides[{n}].severity")))
        self._settings: dict = {}
        self._checked = None

    def _list(self, data: dict, key: str, label: str | None = None) -> list[str]:
        v = data.get(key) or []
        if isinstance(v, str):
            v = [v]
        if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
            raise ConfigError(f"{self.where}: {label or key}: expected a list of strings")
        return v

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
                    raise ConfigError(f"{self.where}: {label}: unknown rule id {i!r}")

        for p in self.packs or []:
            if p not in packs:
                raise ConfigError(f"{self.where}: packs: unknown pack {p!r} (have {', '.join(sorted(packs))})")
        check(self.enable, "enable")
        check(self.disable, "disable")
        check(self.severity, "severity")
        for n, o in enumerate(self.overrides):
            check(o.enable, f"overrides[{n}].enable")
            check(o.disable, f"overrides[{n}].disable")
            check(o.severity, f"overrides[{n}].severity")
        self._checked = engine

    def settings_for(self, engine, article: str | None, select=None, ignore=None):
        """The Settings in force for one article (cached per set of matching overrides)."""
        matching = ()
        if self.overrides and article and article != "-":
            rel = os.path.relpath(os.path.abspath(article), self.root).replace(os.sep, "/")
            matching = tuple(n for n, o in enumerate(self.overrides) if o.matches(rel))
        key = (id(engine), matching, tuple(select or ()), tuple(ignore or ()))
        s = self._settings.get(key)
        if s is None:
            s = self._build(engine, matching, select, ignore)
            self._settings[key] = s
        return s

    def _build(self, engine, matching, select, ignore):
        from . import Settings, rule_selector

        specs = engine.specs
        active = [s.enabled and (self.packs is None or s.pack in self.packs) for s in specs]
        severity = [s.severity for s in specs]
        index = engine.index
        layers = [(self.enable, self.disable, self.severity)]
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
            active = [a or False for a in active]
            active = [(slot in chosen) for slot in range(len(specs))]
        if ignore:
            for slot in rule_selector(engine, ignore):
                active[slot] = False
        return Settings(engine, active, severity, self.accept, self.reject, self.styles)


_TOML_CACHE: dict[str, Config | None] = {}
_DIR_CACHE: dict[str, Config | None] = {}


def load_config(path: str) -> Config:
    path = os.path.abspath(path)
    if path in _TOML_CACHE and _TOML_CACHE[path] is not None:
        return _TOML_CACHE[path]
    import tomllib  # only where a configuration file is found (~4 ms to import)

    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except OSError as e:
        raise ConfigError(f"{display_path(path)}: cannot read: {e.strerror or e}") from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{display_path(path)}: invalid TOML: {e}") from None
    if os.path.basename(path) == "pyproject.toml" or "tool" in data:
        section = data.get("tool", {}).get("annotator")
        if section is None:
            if os.path.basename(path) == "pyproject.toml":
                raise ConfigError(f"{display_path(path)}: no [tool.annotator] table")
            section = {k: v for k, v in data.items() if k != "tool"}
        data = section
    cfg = Config(data, path)
    _TOML_CACHE[path] = cfg
    return cfg


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
    import tomllib

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except tomllib.TOMLDecodeError:
        found = False
    else:
        found = "annotator" in data.get("tool", {})
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
    """The nearest configuration at or above ``directory`` (cached per folder)."""
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
