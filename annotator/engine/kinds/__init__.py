"""One module per rule kind.  Each has a class ``Kind`` built once per rule
set from the rules of that kind (``Kind(engine, slots)``) with ``run(ctx)``
called once per article.

``KINDS`` is the registry: the ``kind:`` of a rule file -> the module that implements it
(``kind: condition`` rules are dispatched once more, by ``condition.CONDITIONS``).  A kind is
found only here, never by a name built from a string.
"""

from . import condition, consistency, lexicon, metric, model, pattern, substitution

#: ``kind:`` in a rule file -> its module (the order is the order the kinds run in)
KINDS = {
    "lexicon": lexicon,
    "substitution": substitution,
    "pattern": pattern,
    "consistency": consistency,
    "metric": metric,
    "condition": condition,
    "model": model,
}
