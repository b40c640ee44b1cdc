"""One module per rule kind.  Each has a class ``Kind`` built once per rule
set from the rules of that kind (``Kind(engine, slots)``) with ``run(ctx)``
called once per article."""

from importlib import import_module

KIND_MODULES = ("lexicon", "substitution", "pattern", "consistency", "metric", "condition", "model")


def kind_class(name: str):
    return import_module(f"{__name__}.{name}").Kind
