"""Opinion copy told from its text, for an article that does not declare its type (and, below,
a review or a live commentary: ``genre`` says which).

An opinion piece (a signed op-ed, a column) is judged by the writer's stance: its neutrality
findings are info (issue 14.6), and neutrality.editorializing does not run (engine/config.py
DEFAULT_TYPES). Front matter, metadata or a folder in the configuration say so
when they can; PolNeAR's and the BBC's articles, like much pasted copy, carry none. This
looks for what only opinion copy does in the writer's own voice (outside quotations and
reported speech), and is conservative: a news story never reads as one on the copy it was
measured on (README, "Checking articles").

The signals:

* ``bio``: the piece ends with the writer's tagline, a short last paragraph "Jane Roe is a
  professor of law at Yale." or "... His opinions are his own." (a reporter's or
  correspondent's tagline is a news story's, and does not count);
* ``first_person``: "I", "me", "my" in the writer's voice ("This interview, which I did
  with ..."); "I" after a capitalised word is a numeral ("World War I"), in "C.I.A." or
  "(I-Vt.)" a letter; paragraphs that are someone else's words without quotation marks (an
  interview's "Q:"/"A:" turns, an embedded post with an @handle) and the rest of a paragraph
  after a quotation mark left open are not the writer's;
* ``stance``: the first person giving a view ("I think", "I cannot fathom", "in my view"),
  not reporting ("I asked", "he told me"), or the impersonal "one" with a modal opening a
  clause, a columnist's voice ("One can understand that frustration", "However, one has to
  credit ..."; not "which one should be used");
* ``address`` ("you", "your") and ``ought`` ("needs to", "must", "should") are counted for
  inspection only: news copy has them too (newsletter boilerplate, "whether it should").

``opinion(doc)`` is True on a tagline, on three stances, or on three uses of the first person
with a stance among them. Measured (tests/test_genre.py has the cases): of 924 PolNeAR
articles it takes 27 (op-eds with a tagline, readers' letters, first-person columns, one
interview transcript), of the BBC's 2225 31 (readers' comment pages, athletes' and guest
columns, an unsigned rugby column by its impersonal "one"); no news story among them.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from ..lazyre import lazy
from .lexicon import genre_words

#: a news outlet's name in a tagline: an "editor" or "writer" there is the paper's own staff (a news
#: story's tagline) unless the tagline says columnist, contributor, opinion or editorial (the words
#: of a tagline are data: rules/lexicons/genre.yaml)
_OUTLET = lazy(r"\b(?:Post|Times|News|Journal|Network|NETWORK|Huffington|HuffPost|TODAY|Tribune|Herald|Press|"
               r"Politico|POLITICO|Reuters|Gazette|Examiner|Globe|Telegraph|Guardian|Daily)\b")
_BIO = lazy(r"(?:(?:Mr|Ms|Mrs|Dr|Gov|Sen|Rep)\.\s+)?[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}\s+is\s+"
            r"(?:(?:a|an|the)\s+)?([\w-]+)")
_DISCLAIMER = lazy(r"\b(?:(?:his|her|their|my) (?:opinions|views) are (?:his|her|their|my) own|views expressed "
                   r"(?:here |in this (?:article|column|piece) )?are|Board of Contributors|guest (?:column|writer))",
                   re.IGNORECASE)
_FIRST = lazy(r"(?<![\w.])(?:I(?:['’](?:m|ve|d|ll))?|me|my|mine|myself)\b(?![.-]\w)")
#: where the impersonal "one" of a stance may stand: opening a clause, after a clause break or a conjunction
_ONE_OPENS = (r"(?:(?<=\n)|(?<=[.!?]\s)|(?<=[.!?]\s\s)|(?<=,\s)|(?<=\b[Aa]nd\s)|(?<=\b[Bb]ut\s)|(?<=\b[Ss]o\s)"
              r"|(?<=\b[Yy]et\s)|(?<![\s\S]))")
#: the first person giving a view ("I think", "I'd argue", "in my view"), not reporting ("I asked", "told me");
#: the impersonal "one" opening a clause with a modal ("One can understand that", ", one has to credit")
_STANCE = lazy(r"\b(?:I(?:['’]m|\s+am)?\s+(?:(?:do(?:n['’]t)?|really|also|still|just|would|['’]d|"
               r"cannot|can['’]t|simply|firmly|strongly|personally|certainly)\s+)*(?:think|believe|suspect|fear|hope|"
               r"guess|doubt|argue|contend|agree|disagree|support|oppose|stand|urge|wish|worry|"
               r"fathom|understand|convinced|sure|not\s+sure|afraid|glad|sorry|tired|sick)"
               r"|(?:in|to)\s+my\s+(?:view|opinion|mind|eyes)|my\s+(?:view|opinion|guess|hope|advice)"
               r"|[Ii]t\s+seems\s+to\s+me"
               r"|" + _ONE_OPENS +
               r"[Oo]ne\s+(?:can|cannot|can['’]t|could|has\s+to|must|should|needs\s+to)\s+(?:not\s+|only\s+)?[a-z]+)\b")
_ADDRESS = lazy(r"\b(?:you|your|yourself)\b", re.IGNORECASE)
_OUGHT = lazy(r"\b(?:needs? to|must|should|ought to)\b", re.IGNORECASE)


def _writer(doc, start: int, end: int) -> bool:
    q, r = doc.quote_mask, doc.reported_mask
    return not ((q is not None and q.find(1, start, end) >= 0) or (r is not None and r.find(1, start, end) >= 0))


#: a paragraph that is someone else's words without quotation marks: an interview's "Q:"/"A:" or
#: "SMITH:" turn, an embedded post ("pic.twitter.com/…", "— Name (@handle)")
_LABEL = lazy(r"\s*[A-Z][A-Z .'’-]{0,30}:\s")
_POST = lazy(r"pic\.twitter\.com|https?://t\.co/|(?<![\w.])@\w")


def _writer_paragraphs(doc) -> list:
    view = doc.view
    return [p for p in doc.paragraphs if p.kind not in ("headline", "subheading")
            and not _LABEL.match(view, p.start, p.end) and not _post(view, p.start, p.end)]


def _post(view: str, start: int, end: int) -> bool:
    if view.find("@", start, end) < 0 and view.find("t.co/", start, end) < 0 and view.find("twitter", start, end) < 0:
        return False  # (the regex only where it can match: it is slow over long paragraphs)
    return _POST.search(view, start, end) is not None


def _count(doc, pattern, paragraphs, case_word=False) -> int:
    view = doc.view
    n = 0
    for p in paragraphs:
        for m in pattern.finditer(view, p.start, p.end):
            s, e = m.span()
            if not _writer(doc, s, e) or _open_quotation(view, p.start, s):
                continue
            if case_word and view[s:e] == "I":
                before = view[max(p.start, s - 30):s].rstrip()
                w = before.rsplit(None, 1)[-1] if before else ""
                if w[:1].isupper() and w[-1:].isalpha():
                    continue  # World War I, Henry I, Part I (a sentence's "I" follows a full stop, not a word)
            n += 1
    return n


def _open_quotation(view: str, start: int, at: int) -> bool:
    """Whether a quotation opened in the paragraph before ``at`` is still open there (one left
    unclosed to the paragraph's end: the quotation analysis does not count it as one)."""
    before = view[start:at]
    return before.count('"') % 2 == 1 or before.count("“") > before.count("”")


def bio_line(doc) -> bool:
    """The last paragraph is the writer's tagline (not a reporter's)."""
    view = doc.view
    paras = [p for p in doc.paragraphs if p.kind not in ("headline", "subheading")]
    if len(paras) < 4:
        return False
    last = ""
    while paras and not last:  # the last paragraph with words
        last = view[paras[-1].start:paras[-1].end].strip()
        if not last:
            paras.pop()
    if not last:
        return False
    if len(last.split()) > 60:
        return False
    if _DISCLAIMER.search(last):
        return True
    m = _BIO.match(last)
    if m is None or not _writer(doc, paras[-1].start, paras[-1].end):
        return False
    words = {w.strip(".,;:").lower() for w in last[m.start(1):].split()[:8]}
    lex = genre_words()
    roles = lex["roles"]
    if not words & roles or words & lex["news_roles"]:
        return False
    if not words & (roles - lex["staff_roles"]) and _OUTLET.search(last) and not words & lex["opinion_words"]:
        return False  # "Jane Roe is senior media editor at The Post": the paper's staff
    return True


def signals(doc) -> dict[str, int]:
    """Every signal counted (for inspection and measurement; ``opinion`` stops early)."""
    body = _writer_paragraphs(doc)
    return {
        "bio": int(bio_line(doc)),
        "first_person": _count(doc, _FIRST, body, case_word=True),
        "stance": _count(doc, _STANCE, body),
        "address": _count(doc, _ADDRESS, body),
        "ought": _count(doc, _OUGHT, body),
    }


#: every stance has one of these in it (found with str.find: a regex over the whole text costs more
#: than the rest of this module)
_STANCE_NEEDLES = ("I ", "I'", "I’", "my ", "My ", "seems to me", "One ", "one ")


#: an impersonal "one" where ``_STANCE`` may take it (``_ONE_OPENS``), for the needles "one"
_ONE_OPENING = lazy(_ONE_OPENS + r"[Oo]ne\s")


def _needle_hits(view: str) -> list[tuple[int, int]]:
    """(offset, length) of every needle in the text, in order ("one" only where ``_STANCE`` may
    take it: after a clause break, not in "someone", "one of")."""
    hits = []
    for needle in _STANCE_NEEDLES:
        one = needle.lower() == "one "
        i = view.find(needle)
        while i >= 0:
            if not one or _ONE_OPENING.match(view, i) and not view.startswith("of ", i + 4):
                hits.append((i, len(needle)))
            i = view.find(needle, i + 1)
    hits.sort()
    return hits


def _stances(doc, hits) -> int:
    """``_count(doc, _STANCE, _writer_paragraphs(doc))``, with the regex run only around the
    needles (``hits``: ``_needle_hits``), and a paragraph told the writer's only when it has one."""
    view = doc.view
    paras = sorted((p for p in doc.paragraphs if p.kind not in ("headline", "subheading")), key=lambda p: p.start)
    para_starts = [p.start for p in paras]
    writers: dict[int, bool] = {}  # index in paras -> whether it is the writer's (_writer_paragraphs)
    starts = set()
    quoted, reported = doc.quote_mask, doc.reported_mask
    for i, n in hits:
        if (quoted is not None and quoted[i]) or (reported is not None and reported[i]):
            # (in a quotation or reported speech: a stance found from here starts at most 4
            # characters before the needle and is 6 or more long, so it holds the needle and is
            # not the writer's (_writer): the pattern is not tried)
            continue
        j = bisect_right(para_starts, i) - 1
        if j < 0 or i + n > paras[j].end:
            continue  # (not inside a paragraph of the body)
        p = paras[j]
        ok = writers.get(j)
        if ok is None:
            ok = writers[j] = not _LABEL.match(view, p.start, p.end) and not _post(view, p.start, p.end)
        if not ok:
            continue
        m = _stance_at(view, max(p.start, i - 4), i + 1, min(p.end, i + 80))
        if m is not None and _writer(doc, *m.span()) and not _open_quotation(view, p.start, m.start()):
            starts.add(m.start())
    return len(starts)


def _stance_at(view: str, first: int, last: int, end: int):
    """``_STANCE.search(view, first, end)`` if the match starts at ``last`` at the latest, else
    None: the pattern tried only at the few offsets where it may start (a search would try
    every offset to ``end``)."""
    match = _STANCE.match
    for k in range(first, last + 1):
        m = match(view, k, end)
        if m is not None:
            return m
    return None


def opinion(doc) -> bool:
    """Whether the article reads as opinion copy (see the module's docstring)."""
    if not doc.paragraphs or doc.language != "en":
        return False
    if bio_line(doc):
        return True
    hits = _needle_hits(doc.view)
    if not hits:  # (nothing more to count)
        return False
    stance = _stances(doc, hits)
    return stance >= 3 or (stance >= 1 and _count(doc, _FIRST, _writer_paragraphs(doc), case_word=True) >= 3)


#: a paragraph of play-by-play opens with its actor (one to three capitalised words) and a verb in
#: the present tense: "Nadal holds serve", "Roddick again breaks", "The American is looking tired"
#: (not a quotation's "Smith says" or a news lead's "was", "has")
_PLAY = lazy(r"(?:The\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2}"
             r"(?:\s+(?:also|again|still|now|then|just|quickly|finally|once\s+again))?"
             r"\s+(?:(?!(?:was|has|is|says|tells|adds|thinks|believes)\b)[a-z]+[^s\W]s\b|(?:is|has)\s+(?:now\s+)?[a-z]+ing\b)")
#: the past tense of a report written after the fact
_PAST = lazy(r"\b(?:said|was|were|had|did|\w+ed)\b")
#: a live commentary has at least this many play-by-play paragraphs, and they are at least this share
#: of its paragraphs
LIVE_PARAGRAPHS = 8
LIVE_SHARE = 1 / 3


def _quoted(doc, start: int, end: int) -> bool:
    q = doc.quote_mask
    return q is not None and q.find(1, start, end) >= 0


def live(doc) -> bool:
    """Whether the article is a running commentary: many of its paragraphs are play-by-play, an
    actor and a present-tense verb with no past tense in the first sentence ("Nadal holds his
    nerve and the crowd goes wild"). A news story or a match report is told after the fact: its
    paragraphs open in the past tense or with a quotation. (Only quotations are told from the
    writer's words here: the attribution analysis reads a commentary's "Roddick blasts an ace" as
    speech reported.)"""
    view = doc.view
    paras = [p for p in doc.paragraphs if p.kind not in ("headline", "subheading") and p.end > p.start]
    if len(paras) < LIVE_PARAGRAPHS:
        return False
    need = max(LIVE_PARAGRAPHS, LIVE_SHARE * len(paras))
    plays = 0
    for i, p in enumerate(paras):
        if plays + len(paras) - i < need:
            return False  # (the rest cannot make it one)
        if _PLAY.match(view, p.start, p.end) and not _quoted(doc, p.start, min(p.end, p.start + 40)):
            stop = view.find(". ", p.start, p.end)
            if not _PAST.search(view, p.start, p.end if stop < 0 else stop):
                plays += 1
    return plays >= need


#: the reader addressed: "you", "your" (lower case: a title's "You Can Do It" is not), or "You"
#: opening a sentence
_YOU = lazy(r"(?<![\w'’])(?:you|your|yourself)\b|(?:(?<=[.!?]\s)|(?<=\n)|(?<![\s\S]))You(?:r)?\b")
#: a review addresses the reader this many times in the writer's voice
REVIEW_ADDRESS = 4


def review(doc) -> bool:
    """Whether the article is a review (or a guide) for the reader: the writer addresses the
    reader ("you control a character", "you'll have forgotten it all tomorrow") at least
    ``REVIEW_ADDRESS`` times and reports no one: no quotation, and no statement attributed to
    an organisation or a document (a news story's "according to a survey")."""
    if doc.quotes:
        return False
    for r in doc.attributions:
        if r.source_kind in ("organization", "document"):
            return False
    view = doc.view
    if view.count("you") + view.count("You") < REVIEW_ADDRESS:
        return False  # (every address holds one of them: the pattern only where it can reach the count)
    n = 0
    for p in _writer_paragraphs(doc):
        for m in _YOU.finditer(view, p.start, p.end):
            if _writer(doc, *m.span()):
                n += 1
                if n >= REVIEW_ADDRESS:
                    return True
    return False


def genre(doc) -> str | None:
    """The type an undeclared article reads as: "opinion" (``opinion``), "review" (``review``),
    "live" (``live``), or None (news, as far as its text tells)."""
    if not doc.paragraphs or doc.language != "en":
        return None
    if opinion(doc):
        return "opinion"
    if live(doc):
        return "live"
    if review(doc):
        return "review"
    return None
