"""Nepali analysis on the same Document model and offsets as the English one.

Contract: ``split(view, start, end)`` splits a Nepali paragraph
(``Block.language == "ne"``, set by ``analysis/language.py``) into sentences
at the danda (``analysis/sentences.py`` calls it for those paragraphs);
``attribute(doc, quotes)`` attributes the quotations that lie in Nepali
blocks and returns their speakers and speech-event relations
(``nepali/attribution.py``).  Quotation marks are found by the shared
``analysis/quotes.py`` (it is script-blind).  Nothing here touches English
blocks.
"""

from __future__ import annotations

from .attribution import Relation, attribute
from .sentences import split

__all__ = ["Relation", "attribute", "split"]
