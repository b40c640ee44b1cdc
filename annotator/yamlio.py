"""Safe YAML loading: libyaml's CSafeLoader when present, never object tags,
and a guard against alias bombs ("billion laughs")."""

from __future__ import annotations

import yaml

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - libyaml missing
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_ALIASES = 100


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


def load_yaml(text: str, allow_aliases: bool = True):
    """Parse YAML safely; raise YAMLError with the line on any problem."""
    try:
        if "*" in text and _count_aliases(text) > (MAX_ALIASES if allow_aliases else 0):
            raise YAMLError("too many YAML aliases (possible alias bomb)")
        return yaml.load(text, Loader=_Loader)
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
