"""Who is who: moved to ``analysis/coref`` (``registry``: the names of the article; ``resolve``: what
each speaker mention stands for; ``coref.resolve(doc)``: the ``speakers`` list).  Kept as the old
import path of the registry."""

from __future__ import annotations

from .coref import resolve
from .coref.registry import *  # noqa: F403
from .coref.registry import (  # noqa: F401  (the private names tests reach for)
    _CONN, _CONNECT, _FIND_WORDS, _MULTIRUN, _PRONOUN_REACH, _W, _occurrences, _plan, _runs,
)
