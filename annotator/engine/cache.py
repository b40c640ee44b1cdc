"""The loaded rule set cached on disk, keyed by the content of the rule files.

Loading rule files means YAML parsing and pydantic validation (~0.7 s);
the validated rules (plain ``RuleSpec`` data) are pickled under
``$ANNOTATOR_CACHE_DIR`` (default ``$XDG_CACHE_HOME/annotator`` or
``~/.cache/annotator``), named by a digest of every rule and lexicon file
and of the loader's own source, so any change to either is a new key.
``ANNOTATOR_NO_CACHE=1`` turns the cache off.  A cache that cannot be read
or written is ignored.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys

FORMAT = 1


def cache_dir() -> str | None:
    if os.environ.get("ANNOTATOR_NO_CACHE"):
        return None
    d = os.environ.get("ANNOTATOR_CACHE_DIR")
    if d:
        return d
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "annotator")


def _key(directories: list[str]) -> str:
    from .loader import content_key

    h = hashlib.sha256(f"{FORMAT}:{sys.version_info[:2]}".encode())
    here = os.path.dirname(os.path.abspath(__file__))
    for src in (os.path.join(here, "loader.py"), os.path.join(os.path.dirname(here), "models.py")):
        with open(src, "rb") as f:
            h.update(hashlib.sha256(f.read()).digest())
    h.update(content_key(directories).encode())
    return h.hexdigest()[:32]


def load_specs_cached(directories: list[str]):
    """The RuleSpecs for the shipped rules plus ``directories``, from the cache when it is current."""
    from ..resources import rules_dir
    from .loader import load_specs

    d = cache_dir()
    if d is None:
        return load_specs(directories)
    dirs = [rules_dir()] + list(directories)
    try:
        path = os.path.join(d, f"rules-{_key(dirs)}.pickle")
    except OSError:
        return load_specs(directories)
    try:
        with open(path, "rb") as f:
            return pickle.load(f)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError):
        pass
    specs = load_specs(directories)  # raises RuleError on a broken file: nothing is cached then
    try:
        os.makedirs(d, exist_ok=True)
        tmp = f"{path}.{os.getpid()}.tmp"
        with open(tmp, "wb") as f:
            pickle.dump(specs, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass
    return specs
