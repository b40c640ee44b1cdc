"""Safe YAML loading: libyaml's CSafeLoader when present, never object tags,
and a guard against alias bombs ("billion laughs")."""

from __future__ import annotations

import yaml

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - libyaml missing
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_ALIASES = 100
#: most values (mapping keys, values, items) a document may hold once its
#: aliases are expanded: 90 aliases can nest to a billion
MAX_VALUES = 100_000


class YAMLError(Exception):
    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        self.message = message
        self.line = line
        self.column = column
        super().__init__(message)


def _count_aliases(text: str) -> int:
    # cheap over-estimate: every '*name' that could be an alias
    n = 0
    for ev in yaml.parse(text, Loader=_Loader):
        if isinstance(ev, yaml.AliasEvent):
            n += 1
            if n > MAX_ALIASES:
                break
    return n


def _check_expanded_size(data) -> None:
    """YAMLError when ``data``, walked as a tree (every alias expanded), holds
    more than MAX_VALUES values.  Iterative, and stops at the limit, so a
    billion-value (or self-referencing) structure costs MAX_VALUES steps."""
    stack = [data]
    n = 0
    while stack:
        v = stack.pop()
        n += 1
        if n > MAX_VALUES:
            raise YAMLError(f"too large once YAML aliases are expanded (more than {MAX_VALUES} values; "
                            "possible alias bomb)", 1)  # the document as a whole
        if isinstance(v, dict):
            stack.extend(v)
            stack.extend(v.values())
        elif isinstance(v, (list, tuple, set, frozenset)):
            stack.extend(v)


def load_yaml(text: str, allow_aliases: bool = True):
    """Parse YAML safely; raise YAMLError with the line on any problem.  With
    aliases, the document may hold at most MAX_ALIASES of them and MAX_VALUES
    values once they are expanded (what a consumer walking it would see)."""
    try:
        aliases = _count_aliases(text) if "*" in text else 0
        if aliases > (MAX_ALIASES if allow_aliases else 0):
            raise YAMLError("too many YAML aliases (possible alias bomb)")
        data = yaml.load(text, Loader=_Loader)
        if aliases:
            _check_expanded_size(data)
        return data
    except YAMLError:
        raise
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark is not None else None
        col = mark.column + 1 if mark is not None else None
        msg = (e.problem or e.context or "invalid YAML").strip()
        raise YAMLError(f"invalid YAML: {msg}", line, col) from None
    except yaml.YAMLError as e:
        raise YAMLError(f"invalid YAML: {e}") from None
    except RecursionError:
        raise YAMLError("YAML nested too deeply") from None


def load_yaml_file(path: str):
    with open(path, encoding="utf-8") as f:
        return load_yaml(f.read())
