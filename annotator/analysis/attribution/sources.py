"""Sources: who a reporting cue attributes its content to.

Contract: ``source_of(attributor, sentence, cue)`` returns the source mention of ``cue`` inside
``sentence`` (a ``Mention``: a name, a title, a pronoun, "officials", "the report"), or None when the
cue has no speaking subject (a noun use, a passive without agent, a hypothetical). The span covers an
appositive or a party label written between the source and its cue ("Ana Ruiz, the port's director,
said", "Sen. Tom Vik (D-Ore.) said"), as attribution corpora mark it. ``source_kind(mention)`` classes
a source: person, organization, group, document, anonymous or unknown.

The noun-phrase heuristics themselves are the quotation attributor's (``quotations.Attributor``):
one grammar of speakers for quotations and reported speech alike.
"""

from __future__ import annotations

import re

from ...document import Cue, Mention, Sentence
from ..lexicon import people as people_lexicon

#: at most this many characters in an appositive between a source and its cue
APPOSITIVE_MAX_CHARS = 90
#: at most this many characters in the appositive after an inverted source ("said Ana Ruiz, …")
TRAILING_APPOSITIVE_MAX_CHARS = 240

# ", the port's director," / " (D-Ore.)" / ", 45," between the source and the cue (nothing else)
_APPOSITIVE = re.compile(r"\s*(?:,[^,;:\"“”()]{1,%d},|\([^()]{1,30}\))\s*(?:,\s*)?" % APPOSITIVE_MAX_CHARS)
# words that may stand between a source (or its appositive) and the cue: auxiliaries and adverbs
_BETWEEN = re.compile(r"(?:\s+(?:has|have|had|also|later|then|previously|recently|once|again|publicly|privately|"
                      r"repeatedly|reportedly|had|would|will|could|should|may|might|did|does|do|not|never|"
                      r"first|last|further|earlier|finally|separately|flatly|sharply|simply|just|only|still|"
                      r"[a-z]+ly))*\s*$")


def source_of(attributor, sentence: Sentence, cue: Cue) -> Mention | None:
    view = attributor.view
    before = view[max(sentence.start, cue.start - 3):cue.start].rstrip()
    inverted = before.endswith((",", "'", '"', "”", "’"))  # "…, said Ana Ruiz." / "''…,'' said Ana Ruiz"
    m = attributor.speaker_for_cue(sentence.start, sentence.end, cue, inverted_ok=inverted)
    if m is None:
        return None
    if m.end <= cue.start:
        return _with_appositive(view, m, cue)
    return _with_trailing_appositive(view, m, sentence)


def _with_trailing_appositive(view: str, m: Mention, sentence: Sentence) -> Mention:
    """'said Ana Ruiz, the port's director, who …': the source runs over its appositive to the end
    of the sentence (or to a quotation or a semicolon)."""
    if view[m.end:m.end + 2] != ", " or m.text.lower() in ("he", "she", "they", "it", "we", "i"):
        return m
    end = sentence.end
    for stop in ("“", '"', "''", ";", " — "):
        k = view.find(stop, m.end, end)
        if k >= 0:
            end = k
    while end > m.end and view[end - 1] in " \t\r\n\u00a0.,;:!?—–-":
        end -= 1
    if end - m.end > TRAILING_APPOSITIVE_MAX_CHARS:
        return m
    return Mention(m.start, end, view[m.start:end], m.name if m.name != m.text else None)


def _with_appositive(view: str, m: Mention, cue: Cue) -> Mention:
    """The mention widened over an appositive or party label up to the cue's verb group."""
    between = view[m.end:cue.start]
    a = _APPOSITIVE.match(between)
    if a is None:
        return m
    rest = between[a.end():]
    if not _BETWEEN.match(" " + rest):
        return m
    end = m.end + a.end()
    while end > m.end and (view[end - 1].isspace() or view[end - 1] == ","):
        end -= 1
    return Mention(m.start, end, view[m.start:end], m.name if m.name != m.text else None)


def source_kind(m: Mention) -> str:
    lex = people_lexicon()
    words = m.text.split()
    if not words:
        return "unknown"
    low = m.text.lower()
    pcls = lex.pronoun_class.get(low)
    if pcls in ("male", "female"):
        return "person"
    if pcls is not None or low == "who":
        return "unknown" if low not in ("it",) else "organization"
    first = words[0]
    head = words[-1].lower().strip(",.")
    kind = lex.noun_kind.get(head) or (lex.noun_kind.get(head[:-1]) if head.endswith("s") else None)
    if kind == "document":
        return "document"
    if kind == "organization":
        return "organization"
    if kind == "anonymous" or (kind == "role" and first.lower() in ("a", "an", "one", "another")):
        return "anonymous"
    if kind == "role" and head.endswith("s") and first.lower() != "the":
        return "group"
    if any(w.rstrip(".,") in lex.org_words for w in words):
        return "organization"
    if first[:1].isupper() or kind == "role":
        return "person"
    return "unknown"
