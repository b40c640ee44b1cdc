"""What follows a reporting verb, told by light rules (no tagger): whether it reports a
statement at all.

A lexicon entry's ``complement`` says which use of the verb it flags:

* ``clause``: the verb followed by a clause ("claimed (that) the figures were wrong"), not by
  a bare noun phrase, where it means to take or assert possession ("claiming a victory of
  sorts in ...", "North Korea claims nuclear test.", "claimed vast wealth and said ...");
* ``indicative``: not a that-clause in the subjunctive, where the verb means to demand
  ("she insisted that the first lady go to hospital", "insisted that he be replaced").

Both err towards flagging: a stretch they cannot read is taken for a clause.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[\w’'-]+|[.;:!?,()—–\"“”]")
#: words that show a clause (a finite verb, a subject pronoun, a complementiser)
_CLAUSE = frozenset("""
that whether if i he she it we they you who which what there
is are was were be been being am has have had will would can could may might must should shall do does did
not n't 's 're 've 'd 'll to
""".split())
_STOP = frozenset(".;:!?()—–\"“”")
#: a noun phrase ends at a clause-level coordinator or a preposition opening an adjunct
_NP_END = frozenset("and but or for in on at after over from with by during since despite against as "
                    "of".split())
_DETERMINERS = frozenset("the a an his her its their our your my this that these those some no any another".split())
_MANDATIVE = frozenset("be should not".split())
_FINITE = frozenset("is are was were has have had will would can could may might must shall did does do".split())


def _past_forms() -> frozenset:
    from ...analysis.lexicon import past_forms

    return past_forms()


def _words(view: str, end: int, limit: int = 14) -> list[str]:
    out = []
    for m in _WORD.finditer(view, end, min(len(view), end + 200)):
        out.append(m.group(0).lower().replace("’", "'"))
        if len(out) >= limit:
            break
    return out


def _verb_like(w: str, past: frozenset) -> bool:
    return w in _CLAUSE or w in past or (len(w) > 3 and (w.endswith("ed") or (w.endswith("s") and not w.endswith("ss"))))


def noun_phrase_object(view: str, end: int) -> bool:
    """True when the words after ``end`` are a bare noun phrase (then a stop, a coordinator
    or a preposition), with nothing that reads as a verb or a subject of a clause."""
    words = _words(view, end)
    past = _past_forms()
    np = []
    for w in words:
        if w in _STOP or w == "," or w in _NP_END:
            break
        np.append(w)
    else:
        return False  # no end in sight: not a short object
    if not np or len(np) > 5:
        return False
    return not any(_verb_like(w, past) for w in np[1 if np[0] in _DETERMINERS else 0:])


def subjunctive(view: str, end: int) -> bool:
    """True when ``that`` (or the clause itself) after the verb holds a subject and then a
    mandative verb: "be", "should", "not", or a bare verb after a singular subject, itself
    followed by a preposition, a determiner, an adverb or the clause's end ("that the first
    lady go to", "that he resign.")."""
    words = _words(view, end)
    if words[:1] == ["that"]:
        words = words[1:]
    past = _past_forms()
    subject: list[str] = []
    for i, w in enumerate(words):
        if w in _STOP or w == ",":
            return False
        if subject and w in _MANDATIVE:
            return True
        if subject and (w in _FINITE or w in past or w.endswith(("ed", "'s")) or w in ("'d", "'ll")):
            return False
        nxt = words[i + 1] if i + 1 < len(words) else "."
        if subject and _singular(subject[-1]) and _bare(w) and (
                nxt in _STOP or nxt == "," or nxt in _NP_END or nxt in _DETERMINERS or nxt in ("to", "into", "home")
                or nxt.endswith("ly")):
            return True
        subject.append(w)
        if len(subject) > 5:
            return False
    return False


_ADVERBS = frozenset("never always also still just only ever even already really once again then now".split())


def _singular(w: str) -> bool:
    return w in ("he", "she", "it") or (w.isalpha() and w not in _DETERMINERS and w not in _CLAUSE
                                        and not w.endswith("s"))


def _bare(w: str) -> bool:
    """Could be a verb's bare form: no verb or adverb ending, not a function word."""
    return (w.isalpha() and len(w) > 1 and w not in _CLAUSE and w not in _DETERMINERS and w not in _ADVERBS
            and w not in _NP_END and not w.endswith(("s", "ed", "ing", "ly")))


def fits(view: str, end: int, complement: str) -> bool:
    """Whether the hit ending at ``end`` is the use the entry flags."""
    if complement == "clause":
        return not noun_phrase_object(view, end)
    if complement == "indicative":
        return not subjunctive(view, end)
    return True
