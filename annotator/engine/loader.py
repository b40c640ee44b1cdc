"""Loading rule files: YAML -> validated (pydantic, imported here only) ->
plain ``RuleSpec`` objects that hold everything the kinds compile from.

A RuleSpec is plain data (picklable), so a compiled rule set can be cached
on disk keyed by the content of the rule files (``data_files``, ``engine/cache.py``).
"""

from __future__ import annotations

import os

from ..resources import rules_dir

_COMMON_FIELDS = ("id", "kind", "severity", "scope", "message", "rationale", "suggestion", "confidence",
                  "enabled", "examples", "languages")
#: the languages a rule applies to when its file does not say (rules written for English copy)
DEFAULT_LANGUAGES = ("en",)
DEFAULT_CONFIDENCE = 0.8
_UNION_MEMBERS = frozenset({"str", "RuleExample", "LexiconEntry", "list[str]"})


class RuleError(Exception):
    """A broken rule or lexicon file; ``str()`` is one line naming file and field."""


class RuleSpec:
    """One validated rule: everything the kinds compile it from.

    In a cache entry (its ``__getstate__``) the rule's ``options`` and ``examples`` are
    JSON text, with a CRC-32 that ``__setstate__`` checks (a damaged entry is refused when
    it is read, and built again), and are decoded on first use: the examples only by tests,
    ``explain`` and SARIF; the options by the kinds, for the rules that run (the word
    lists of the rules that are off by default, three quarters of all the words, are
    never decoded by a check)."""

    __slots__ = ("id", "pack", "kind", "severity", "scope", "message", "rationale", "suggestion", "confidence",
                 "enabled", "_options", "_examples", "path", "languages")

    def __init__(self, **kw):
        for k in _FIELDS:
            setattr(self, k, kw.get(k))

    @property
    def options(self) -> dict:
        """The kind's options (lexicons resolved: ``words`` holds every entry)."""
        v = self._options
        if type(v) is bytes:
            v = self._options = _json_dict(v)
        return v

    @options.setter
    def options(self, value) -> None:
        self._options = value

    @property
    def examples(self) -> dict:
        """{"pass": [...], "fail": [...]} (``_normalise_examples``)."""
        v = self._examples
        if type(v) is bytes:
            v = self._examples = _json_dict(v)
        return v

    @examples.setter
    def examples(self, value) -> None:
        self._examples = value

    def __getstate__(self):
        state = {k: getattr(self, k) for k in _FIELDS if k not in _AS_JSON}
        import zlib

        crc = 0
        for k in _AS_JSON:
            v = getattr(self, "_" + k)
            if type(v) is not bytes and _is_json(v):
                v = _json_text(v)
            if type(v) is bytes:
                crc = zlib.crc32(v, crc)
            state[k] = v
        state["crc"] = crc
        return state

    def __setstate__(self, state):
        if type(state) is not dict or set(state) != _STATE_KEYS:
            raise ValueError("a rule's state: not the fields of a rule")
        import zlib

        crc = 0
        for k in _AS_JSON:
            v = state[k]
            if type(v) is bytes:
                crc = zlib.crc32(v, crc)
            elif type(v) is not dict and v is not None:
                raise ValueError(f"a rule's {k}: neither JSON text nor a mapping")
        if crc != state["crc"]:
            raise ValueError("a rule's options or examples: damaged (CRC)")
        for k in _FIELDS:
            setattr(self, k, state[k])

    @property
    def summary(self) -> str:
        """The first sentence of the rationale."""
        text = " ".join(self.rationale.split())
        for end in (". ", "? ", "! "):
            i = text.find(end)
            if 0 < i < 160:
                return text[: i + 1]
        return text if len(text) <= 160 else text[:157] + "..."

    def __repr__(self) -> str:
        return f"RuleSpec({self.id!r}, {self.kind!r})"


_FIELDS = ("id", "pack", "kind", "severity", "scope", "message", "rationale", "suggestion", "confidence",
           "enabled", "options", "examples", "path", "languages")
#: the fields a cache entry holds as JSON text, decoded on first use
_AS_JSON = ("options", "examples")
_STATE_KEYS = frozenset(_FIELDS) | {"crc"}


def _is_json(value) -> bool:
    from ..plaindata import is_json

    return type(value) is dict and is_json(value)


def _json_text(value: dict) -> bytes:
    import json

    return json.dumps(value, separators=(",", ":"), allow_nan=False).encode()


def _json_dict(text: bytes) -> dict:
    """A rule's options or examples from the JSON text of a cache entry (checked by its CRC
    when the entry was read)."""
    from ..plaindata import json_loads

    v = json_loads(str(text, "utf-8"))
    if type(v) is not dict:
        raise ValueError("a rule's options or examples: not a mapping")
    return v


def display_path(path: str) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return path if rel.startswith("..") else rel


def defined_at(spec) -> str:
    """``path:line`` of the rule's ``id:`` in its file (the path alone when it cannot be found)."""
    where = display_path(spec.path)
    try:
        with open(spec.path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                text = line.strip().lstrip("-").strip()
                if text.startswith("id:") and text[3:].strip().strip("'\"") == spec.id:
                    return f"{where}:{n}"
    except (OSError, UnicodeDecodeError):
        pass
    return where


def rule_files(directory: str) -> list[tuple[str, str]]:
    """(pack, path) of every rule file under one rules folder, sorted."""
    out = []
    try:
        packs = sorted(os.listdir(directory))
    except OSError as e:
        raise RuleError(f"{display_path(directory)}: cannot read rules folder: {e.strerror or e}") from None
    for pack in packs:
        d = os.path.join(directory, pack)
        if pack in ("lexicons", "models") or pack.startswith((".", "_")) or not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            if name.endswith((".yaml", ".yml")) and not name.startswith("."):
                out.append((pack, os.path.join(d, name)))
    return out


def data_files(directories: list[str]) -> list[str]:
    """Every rule and lexicon file under the folders, in a fixed order (what a cache key covers)."""
    files: list[str] = []
    for directory in directories:
        files += [p for _, p in rule_files(directory)]
        lex = os.path.join(directory, "lexicons")
        if os.path.isdir(lex):
            files += [os.path.join(lex, n) for n in sorted(os.listdir(lex)) if n.endswith((".yaml", ".yml"))]
        models = os.path.join(directory, "models")
        if os.path.isdir(models):
            files += [os.path.join(models, n) for n in sorted(os.listdir(models)) if n.endswith(".json")]
    return files


def _loc(loc: tuple) -> str:
    """('rules', 0, 'condition', 'quote', 'kinds', 2) -> rules[0].kinds[2] (union tags dropped)."""
    from .kinds import KINDS
    from .kinds.condition import CONDITIONS

    parts: list[str] = []
    prev_index = False
    after_kind = None
    for p in loc:
        if isinstance(p, int):
            parts.append(f"[{p}]")
            prev_index = True
            continue
        if prev_index and p in KINDS:
            after_kind = p
            prev_index = False
            continue
        if after_kind == "condition" and p in CONDITIONS:
            after_kind = None
            continue
        after_kind = None
        prev_index = False
        if p in _UNION_MEMBERS:
            continue
        parts.append(("." if parts else "") + str(p))
    return "".join(parts) or "(file)"


def _pydantic_message(err: dict) -> tuple[str, str]:
    from .kinds import KINDS

    loc = err["loc"]
    msg = err["msg"]
    if err["type"] == "union_tag_invalid":
        ctx = err.get("ctx") or {}
        field = ctx.get("discriminator", "kind").strip("'")
        tag = ctx.get("tag")
        expected = ctx.get("expected_tags", "")
        if loc and loc[-1] in KINDS:  # the condition tag of kind: condition
            loc = loc[:-1]
        return _loc(loc) + "." + field, f"{tag!r} is not a {field} (expected one of {expected})"
    if err["type"] == "union_tag_not_found":
        ctx = err.get("ctx") or {}
        field = ctx.get("discriminator", "kind").strip("'")
        if loc and loc[-1] in KINDS:
            loc = loc[:-1]
        return _loc(loc) + "." + field, "required field is missing"
    if err["type"] == "missing":
        return _loc(loc), "required field is missing"
    if err["type"] == "extra_forbidden":
        return _loc(loc), "unknown field"
    if err["type"] == "value_error" and msg.startswith("Value error, "):
        return _loc(loc), msg[len("Value error, "):]
    return _loc(loc), msg


def _validation_error(path: str, e) -> RuleError:
    errors = e.errors()
    # of the errors for one item (a union tried member by member), the deepest says most
    def item(loc):
        out = []
        for p in loc:
            if p in _UNION_MEMBERS:
                break
            out.append(p)
        return tuple(out)

    first = errors[0]
    prefix = item(first["loc"])
    for err in errors[1:]:
        if item(err["loc"]) == prefix and len(err["loc"]) > len(first["loc"]):
            first = err
    where, msg = _pydantic_message(first)
    if isinstance(first.get("input"), bool) and "string" in msg:
        msg += " (YAML reads yes, no, on and off as true or false: put the word in quotes)"
    elif first.get("input") is None and "string" in msg:
        msg += " (an empty value, or a YAML null)"
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return RuleError(f"{display_path(path)}: {where}: {msg}{more}")


def _read_yaml(path: str):
    from ..yamlio import YAMLError, load_yaml

    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except (OSError, UnicodeDecodeError) as e:
        raise RuleError(f"{display_path(path)}: cannot read: {getattr(e, 'strerror', None) or e}") from None
    try:
        return load_yaml(text)
    except YAMLError as e:
        where = f":{e.line}" if e.line else ""
        raise RuleError(f"{display_path(path)}{where}: {e.message}") from None


_FORMAT_SPEC = None  # compiled on first use (re is not otherwise needed at start-up)


def _check_template(path: str, where: str, template: str | None, kind: str) -> None:
    if template is None:
        return
    global _FORMAT_SPEC
    if _FORMAT_SPEC is None:
        import re

        _FORMAT_SPEC = re.compile(r"(?:[^{}]?[<>=^])?[-+ ]?#?0?[0-9]{0,3}[,_]?(?:\.[0-9]{1,3})?[bcdeEfFgGnosxX%]?")
    from .kinds import KINDS

    allowed = {"match", "rule"} | KINDS[kind].FIELDS
    try:
        import string

        for _, field, spec, _ in string.Formatter().parse(template):
            if field is None:
                continue
            name = field.split(".")[0].split("[")[0]
            if name not in allowed:
                raise RuleError(
                    f"{display_path(path)}: {where}: unknown placeholder {{{name}}} "
                    f"(this kind has: {', '.join(sorted(allowed))})"
                )
            if field != name:  # {match.__class__...}: no attribute or index access from a rule file
                raise RuleError(f"{display_path(path)}: {where}: placeholder {{{field}}}: "
                                f"only plain names, as {{{name}}}")
            if spec and not _FORMAT_SPEC.fullmatch(spec):  # {match:>999999999} would take gigabytes
                raise RuleError(f"{display_path(path)}: {where}: placeholder {{{field}:{spec}}}: "
                                "format only with an alignment, a width up to 999 and a precision")
    except ValueError as e:
        raise RuleError(f"{display_path(path)}: {where}: bad template: {e}") from None


class _Lexicons:
    """Lexicon files by name, looked up in each rules folder's lexicons/ (then the shipped one)."""

    def __init__(self, directories: list[str]):
        self.dirs = [os.path.join(d, "lexicons") for d in directories]
        self.cache: dict[str, dict] = {}

    def get(self, name: str, path: str, where: str) -> dict:
        if name in self.cache:
            return self.cache[name]
        if not name or name.startswith(".") or any(c in name for c in "/\\\0:"):
            # a name, not a path: "../../elsewhere" must not read files outside lexicons/
            raise RuleError(f"{display_path(path)}: {where}: {name!r} is not a lexicon name (a file name in lexicons/, "
                            "without the .yaml)")
        for d in self.dirs:
            p = os.path.join(d, name + ".yaml")
            if os.path.exists(p):
                break
        else:
            raise RuleError(f"{display_path(path)}: {where}: no lexicon {name!r} (looked for lexicons/{name}.yaml)")
        from pydantic import ValidationError

        from ..models import RuleLexicon

        data = _read_yaml(p)
        try:
            lex = RuleLexicon.model_validate(data if data is not None else {})
        except ValidationError as e:
            raise _validation_error(p, e) from None
        out = lex.model_dump(exclude_none=True)
        self.cache[name] = out
        return out


def _model_path(path: str, name: str) -> str | None:
    """models/<name>.json in the rule file's rules folder, else in the shipped one (None: neither
    has it; building the engine says so, while ``annotator train`` can still read the rules)."""
    here = os.path.dirname(os.path.dirname(os.path.abspath(path)))
    for d in (here, rules_dir()):
        p = os.path.join(d, "models", name + ".json")
        if os.path.isfile(p):
            return p
    return None


def _plain_entry(item) -> dict:
    if isinstance(item, str):
        return {"word": item}
    return {k: v for k, v in item.items() if v is not None}


def _normalise_examples(path: str, where: str, ex: dict) -> dict:
    """{"pass": [...], "fail": [...]}, each example a dict with ``text``; names unique in the rule,
    ``expect`` only on fail examples."""
    out = {}
    names: dict[str, str] = {}
    for key in ("pass", "fail"):
        items = []
        for n, item in enumerate(ex.get(key) or []):
            item = {"text": item} if isinstance(item, str) else {k: v for k, v in item.items() if v is not None}
            here = f"{where}.examples.{key}[{n}]"
            if key == "pass" and "expect" in item:
                raise RuleError(f"{display_path(path)}: {here}.expect: a pass example flags nothing; expect is for "
                                "fail examples")
            name = item.get("name")
            if name is not None:
                if name in names:
                    raise RuleError(f"{display_path(path)}: {here}.name: {name!r} is already the name of "
                                    f"{names[name]} (names are unique in a rule)")
                names[name] = f"{key} example {n + 1}"
            items.append(item)
        out[key] = items
    return out


def _fix_mode(options: dict) -> str | None:
    """A rule's ``fix`` (validated and defaulted by its kind's Options) as "apply" (``check --fix``
    applies it), "suggest" (carried in the output, not applied) or None."""
    fix = options.get("fix")
    if not fix:
        return None
    return "suggest" if fix == "suggest" else "apply"


def _build_spec(path: str, pack: str, i: int, rule, lexicons: _Lexicons) -> RuleSpec:
    where = f"rules[{i}]"
    data = rule.model_dump(by_alias=True)
    rid = data["id"]
    if rid.split(".", 1)[0] != pack:
        raise RuleError(f"{display_path(path)}: {where}.id: {rid!r} is not in pack {pack!r} (the file's folder)")
    kind = data["kind"]
    _check_template(path, f"{where}.message", data["message"], kind)
    _check_template(path, f"{where}.suggestion", data.get("suggestion"), kind)
    scope = data.get("scope")
    if scope is None:
        scope = ["writer"] if pack == "neutrality" else ["all"]
    elif isinstance(scope, str):
        scope = [scope]
    options = {k: v for k, v in data.items() if k not in _COMMON_FIELDS}
    if options.get("in_reported") is False:
        options["in_reported"] = None  # the writer's voice only, by the rule's own choice
    elif options.get("in_reported") is None and pack == "neutrality" and data["severity"] != "info":
        # the writer's judgement, or the source's in a paraphrase: a warning there becomes info. An
        # info rule has nothing to lower it to; on real copy its hits in reported speech were the
        # speaker's words (evaluation/editorial: 5 right, 21 wrong), so it keeps to the writer's voice
        options["in_reported"] = "info"
    if options.get("in_reported") and "writer" in scope and "reported" not in scope:
        scope = [*scope, "reported"]  # found there too, then reported at most at that severity
    # resolve lexicon references so the spec is self-contained
    if kind in ("lexicon", "substitution", "metric"):
        entries = [_plain_entry(w) for w in options.get("words") or []]
        names = options.get("lexicon") or []
        if isinstance(names, str):
            names = [names]
        for name in names:
            lex = lexicons.get(name, path, f"{where}.lexicon")
            for w in lex.get("words") or []:
                e = _plain_entry(w)
                if lex.get("inflect") and "inflect" not in e:
                    e["inflect"] = lex["inflect"]
                entries.append(e)
        options["words"] = entries
        if kind == "substitution":
            for n, e in enumerate(entries):
                if not e.get("replacement"):
                    raise RuleError(f"{display_path(path)}: {where}.words[{n}]: a substitution entry needs a replacement")
        if kind == "metric" and options["measure"] in ("lexicon-density", "lexicon-count") and not entries:
            raise RuleError(f"{display_path(path)}: {where}.words: measure {options['measure']} needs words or a lexicon")
        if kind == "lexicon" and not entries and not options.get("house_list"):
            raise RuleError(f"{display_path(path)}: {where}.words: a lexicon rule needs words, a lexicon or house_list")
    if kind == "consistency":
        groups = [list(g) for g in options.get("groups") or []]
        names = options.get("lexicon") or []
        if isinstance(names, str):
            names = [names]
        for name in names:
            groups.extend(list(g) for g in lexicons.get(name, path, f"{where}.lexicon").get("groups") or [])
        options["groups"] = groups
        if options["variants"] == "spelling" and not groups:
            raise RuleError(f"{display_path(path)}: {where}.groups: spelling consistency needs variant groups")
        for n, g in enumerate(groups):
            if len(g) < 2:
                raise RuleError(f"{display_path(path)}: {where}.groups[{n}]: a group needs two or more variants")
    if kind in ("substitution", "pattern", "consistency"):
        options["fix"] = _fix_mode(options)
    if kind == "model":
        options["_weights_path"] = _model_path(path, options["weights"])
    options.pop("lexicon", None)
    if kind == "pattern" or (kind == "condition" and options.get("condition") == "unattributed-figure"):
        from .kinds.pattern import compile_pattern

        field = "pattern" if kind == "pattern" else "figure"
        pats = options[field]
        for n, p in enumerate([pats] if isinstance(pats, str) else pats):
            try:
                rx = compile_pattern(p, options.get("case_sensitive", True))
            except ValueError as e:
                sub = "" if isinstance(pats, str) else f"[{n}]"
                raise RuleError(f"{display_path(path)}: {where}.{field}{sub}: {e}") from None
            g = options.get("group", 0)
            if kind == "pattern" and ((isinstance(g, str) and g not in rx.groupindex) or
                                      (isinstance(g, int) and not 0 <= g <= rx.groups)):
                raise RuleError(f"{display_path(path)}: {where}.group: the pattern has no group {g!r}")
    return RuleSpec(
        id=rid, pack=pack, kind=kind, severity=data["severity"], scope=tuple(scope), message=data["message"],
        rationale=data["rationale"].strip(), suggestion=data.get("suggestion"),
        confidence=data["confidence"] if data.get("confidence") is not None else DEFAULT_CONFIDENCE,
        enabled=data["enabled"], options=options, examples=_normalise_examples(path, where, data.get("examples") or {}),
        path=path, languages=_languages(data.get("languages")),
    )


def _languages(given) -> tuple[str, ...] | None:
    """The rule's languages; None for every language (``any``)."""
    if not given:
        return DEFAULT_LANGUAGES
    if "any" in given:
        return None
    return tuple(dict.fromkeys(given))


def load_file(path: str, pack: str, lexicons: _Lexicons) -> list[RuleSpec]:
    from pydantic import ValidationError

    from ..models import RuleFile

    data = _read_yaml(path)
    if not isinstance(data, dict):
        raise RuleError(f"{display_path(path)}: a rule file is a mapping with a 'rules' list")
    try:
        parsed = RuleFile.model_validate(data)
    except ValidationError as e:
        raise _validation_error(path, e) from None
    return [_build_spec(path, pack, i, r, lexicons) for i, r in enumerate(parsed.rules)]


def load_specs(directories: list[str] | None = None) -> list[RuleSpec]:
    """Every rule under the shipped rules folder plus ``directories``; ids unique."""
    dirs = [rules_dir()] + [d for d in (directories or []) if os.path.abspath(d) != os.path.abspath(rules_dir())]
    lexicons = _Lexicons(list(reversed(dirs)))
    specs: list[RuleSpec] = []
    seen: dict[str, str] = {}
    for d in dirs:
        for pack, path in rule_files(d):
            for spec in load_file(path, pack, lexicons):
                if spec.id in seen:
                    raise RuleError(
                        f"{display_path(path)}: rule {spec.id!r} is already defined in {display_path(seen[spec.id])}"
                    )
                seen[spec.id] = path
                specs.append(spec)
    return specs
