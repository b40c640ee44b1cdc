"""Quotation marks that quote no one, and fragments that are someone's words.

After the quotations are classified, three cases are told apart from scare
quotes and partial quotes:

* a **title** of a work: a title-like phrase in marks (capitalised words or a
  number: "Meet the Press", "13th") after a cue from the lexicon
  (``rules/lexicons/mentions.yaml``: a noun such as documentary or show among
  the few words before it, a lead such as "on", "host of" or "told" right
  before it, a possessive name allowed between: on NBC's "Meet the Press"), or
  the same words marked as a title elsewhere in the article;
* a **term**: a word cited as a word or a name, after "the word", "so-called",
  "called", "dubbed", "known as" ... or before "word", "slogan" ...;
* an **echo**: a short unattributed fragment in the body whose words are
  quoted from a named speaker elsewhere in the article, or whose sentence
  reports speech with a reporting verb outside the marks ("..., says the
  party - so using the money more "intelligently""), is a partial quote (of
  someone), not the writer's scare quote.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..document import Document, Quote

#: words of a title left in lower case ("Gone with the Wind", "Meet the Press")
_SMALL = frozenset("a an and as at but by de del for from in into la le of on or nor the to up vs with".split())
_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*\.?|[^\s\w]+")
_TRAIL = " \t\r\n\u00a0,.;:!?…"
#: words that may stand between a cue and the marks: articles, possessive pronouns
_BETWEEN = frozenset("the a an his her its their our my your this that new latest hit".split())
_POSSESSIVE = re.compile(r"^[A-Z0-9][\w.&-]*['’]s?$")
MAX_TITLE_WORDS = 8
NOUN_REACH = 4  # a title noun counts among this many words before the marks


class MentionLexicon:
    def __init__(self, data: dict):
        def words(key: str) -> frozenset[str]:
            out = set()
            for n, v in enumerate(data.get(key) or []):
                if not isinstance(v, str):
                    raise ValueError(f"mentions.{key}[{n}]: {v!r} is not a word (quote it in the YAML)")
                out.add(" ".join(v.lower().split()))
            return frozenset(out)

        self.title_nouns = words("title_nouns")
        self.title_lead = words("title_lead")
        self.name_lead = words("name_lead")
        self.term_lead = words("term_lead")
        self.term_after = words("term_after")
        self.longest_lead = max((len(w.split()) for w in self.title_lead | self.term_lead | self.name_lead),
                                default=1)


@lru_cache(maxsize=None)
def lexicon() -> MentionLexicon:
    from .lexicon import _cached

    return _cached("mentions", MentionLexicon)


def title_like(inner: str, first_only: bool = False) -> bool:
    """Capitalised words (small words aside) or a number, at most a few of them
    (``first_only``: only the first word need be a capital or a number)."""
    words = inner.strip(_TRAIL).split()
    if not words or len(words) > MAX_TITLE_WORDS:
        return False
    first = words[0].lstrip("‘'\"“(¿¡")
    if not first or not (first[0].isupper() or first[0].isdigit()):
        return False
    if first_only:
        return True
    for w in words[1:]:
        c = w.lstrip("‘'\"“(-")[:1]
        if not c or c.isupper() or c.isdigit() or not c.isalpha():
            continue
        if w.lower().strip(",:;") not in _SMALL:
            return False
    return True


def _norm(s: str) -> str:
    return " ".join(s.strip(_TRAIL).casefold().replace("’", "'").split())


def _before(view: str, doc: Document, q: Quote, n: int) -> list[str]:
    """Up to n words before the opening mark, in its sentence (or block), lower case, nearest last."""
    s = doc.sentence_at(q.open_start)
    floor = s.start if s is not None else max(0, q.open_start - 200)
    lead = view[max(floor, q.open_start - 200):q.open_start]
    return [w for w in _WORD.findall(lead) if w[0].isalnum() or w in ("-",)][-n:]


def _after(view: str, q: Quote, n: int) -> list[str]:
    tail = view[q.close_end:q.close_end + 80]
    out = []
    for w in _WORD.findall(tail):
        if not w[0].isalnum():
            break
        out.append(w.lower())
        if len(out) == n:
            break
    return out


def _lead_before(words: list[str], leads: frozenset[str], longest: int) -> bool:
    """One of ``leads`` ends the words, with possessives, articles and pronouns between allowed
    (on NBC's "Meet the Press", what her team calls her "breaking barriers" agenda)."""
    k = len(words)
    skipped = 0
    while k > 0 and skipped < 3:
        for size in range(min(longest, k), 0, -1):
            if " ".join(w.lower() for w in words[k - size:k]) in leads:
                return True
        w = words[k - 1]
        if w.lower() in _BETWEEN or _POSSESSIVE.match(w):
            k -= 1
            skipped += 1
            continue
        return False
    return False


def mark_mentions(doc: Document) -> None:
    """Re-kind titles, terms and echoes among the scare and partial quotations."""
    cands = [q for q in doc.quotes if q.kind in ("scare", "partial")]
    if not cands:
        return
    lex = lexicon()
    view = doc.view
    titles: set[str] = set()
    pending = []
    for q in cands:
        inner = view[q.start:q.end]
        if title_like(inner, first_only=True):
            before = _before(view, doc, q, NOUN_REACH + lex.longest_lead)
            lowered = [w.lower() for w in before]
            right_after = bool(lowered) and lowered[-1] in lex.title_nouns
            if right_after or (title_like(inner) and (
                    any(w in lex.title_nouns for w in lowered[-NOUN_REACH:])
                    or _lead_before(before, lex.title_lead, lex.longest_lead)
                    or any(w in lex.title_nouns for w in _after(view, q, 1)))):
                q.kind = "title"
                titles.add(_norm(inner))
                continue
        pending.append(q)
    rest = []
    for q in pending:
        if titles and _norm(view[q.start:q.end]) in titles:
            q.kind = "title"
        else:
            rest.append(q)
    scare = []
    for q in rest:
        before = _before(view, doc, q, lex.longest_lead + 3)
        if _lead_before(before, lex.name_lead, lex.longest_lead) or _proper_name(view, q, before):
            q.kind = "term"
        elif q.kind == "scare":
            if _lead_before(before, lex.term_lead, lex.longest_lead) or \
                    any(w in lex.term_after for w in _after(view, q, 2)):
                q.kind = "term"
            else:
                scare.append(q)
    spoken = None  # the normalised quotations of named speakers, made when first needed
    for q in scare:
        if q.paragraph < 0:
            continue  # a headline's marks: its own convention
        if spoken is None:
            spoken = [_norm(view[o.start:o.end]) for o in doc.quotes
                      if o.speaker is not None and o.kind not in ("title", "term")]
        words = _norm(view[q.start:q.end])
        if words and any(_contains(s, words) for s in spoken):
            q.kind = "partial"  # someone's words, quoted in full elsewhere
        elif _reported_in_sentence(doc, view, q):
            q.kind = "partial"


def _proper_name(view: str, q: Quote, before: list[str]) -> bool:
    """Two or more capitalised words in marks right after "the": a name (the "Arab Spring")."""
    inner = view[q.start:q.end].strip(_TRAIL)
    return (bool(before) and before[-1].lower() == "the" and len(inner.split()) >= 2 and title_like(inner)
            and not any(c in inner for c in ".!?"))


def _contains(haystack: str, needle: str) -> bool:
    i = haystack.find(needle)
    while i >= 0:
        j = i + len(needle)
        if (i == 0 or not haystack[i - 1].isalnum()) and (j == len(haystack) or not haystack[j].isalnum()):
            return True
        i = haystack.find(needle, i + 1)
    return False


def _reported_in_sentence(doc: Document, view: str, q: Quote) -> bool:
    """A reporting verb (not one that is also a noun) outside the marks in the quotation's
    sentence: the fragment is part of what someone is reported to say."""
    from .lexicon import cues

    s = doc.sentence_at(q.open_start)
    if s is None:
        return False
    lex = cues()
    mask = doc.quote_mask
    for m in re.finditer(r"[^\W\d_]+", view[s.start:s.end]):
        a = s.start + m.start()
        if mask is not None and mask[a]:
            continue
        w = m.group().lower()
        form = lex.forms.get(w)
        # (an inflected form only: a bare "state" or "report" is as often a noun)
        if form is not None and form[0] != w and w not in lex.nounlike and w not in lex.not_next:
            return True
    return False
