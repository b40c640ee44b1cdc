"""The options of a kind are pydantic models (``Options``, for ``condition`` one per condition),
made on first use: pydantic is imported only where rule files are validated
(``annotator.models``), never by ``check``. ``lazy_models`` gives a kind's module the
``__getattr__`` that serves them."""

from __future__ import annotations


def lazy_models(module: str, names: tuple[str, ...], build):
    """A module ``__getattr__`` serving ``names`` from ``build()`` (the dict of the kind's
    models, made once: the caller caches it)."""

    def __getattr__(name: str):
        if name in names:
            return build()[name]
        raise AttributeError(f"module {module!r} has no attribute {name!r}")

    return __getattr__
