"""Attribution: who said what, as relations built from reporting cues.

A relation (``document.Attribution``) ties a *source* (who speaks: a person, an organisation, a
document, an anonymous source), a *cue* (the reporting verb or phrase) and a *content* (what is
reported: one or more spans) together, as PARC and PolNeAR define them:

* ``direct``: the content is a quotation (a quotation split around its attribution is one
  relation with two content spans);
* ``mixed``: reported speech carrying a quoted fragment;
* ``indirect``: reported speech without quotation marks.

The modules, each readable alone:

* ``tokens``: words and punctuation with offsets, quotations as one placeholder token;
* ``cues``: the reporting cues of a document, from ``rules/lexicons/cues.yaml``;
* ``quotations``: who said each quotation, and with which cue (the quote patterns);
* ``sources``: the source of a cue, its span and kind;
* ``content``: the reported content of a cue;
* ``relations``: the relations themselves, built from the cues;
* ``link``: quotations tied to relations, and relation sources to speakers.

``attribute(doc)`` fills ``Quote.speaker``/``cue`` and ``doc.attributions``;
``link_speakers(doc)`` runs after ``speakers.resolve`` to give sources their speaker ids.
"""

from __future__ import annotations

from ...document import Document
from .cues import find_cues
from .link import link_speakers
from .quotations import Attributor, has_quote_token
from .relations import build_relations
from .tokens import _QUOTE, QUOTE, TOKEN_PATTERN, Tok, tokenize

__all__ = [
    "QUOTE", "TOKEN_PATTERN", "Tok", "_QUOTE", "attribute", "find_cues", "has_quote_token",
    "link_speakers", "tokenize",
]


def attribute(doc: Document) -> None:
    """Attribute every quotation, then build the document's attribution relations."""
    attributor = Attributor(doc)
    attributor.run()
    build_relations(doc, attributor)
