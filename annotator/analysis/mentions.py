"""Quotation marks that quote no one, and fragments that are someone's words.

After the quotations are classified, three cases are told apart from scare
quotes and partial quotes:

* a **title** of a work: a title-like phrase in marks (capitalised words or a
  number: "Meet the Press", "13th") after a cue from the lexicon
  (``rules/lexicons/mentions.yaml``: a noun such as documentary or show among
  the few words before it, a lead such as "on", "host of" or "told" right
  before it, a possessive name allowed between: on NBC's "Meet the Press"), or
  the same words marked as a title elsewhere in the article;
* a **term**: a code or grade ('BB+', 'PG-13'); a word cited as a word or a name, after "the word", "so-called",
  "called", "dubbed", "known as" ... or before "word", "slogan" ...; or the name of
  a thing made, proposed or set up, or of a role played, as the object of such a verb
  (the bill proposes "control orders", plays a "date doctor" with ...);
* an **echo**: a short unattributed fragment in the body whose words are
  quoted from a named speaker elsewhere in the article, or whose sentence
  reports speech with a reporting verb outside the marks ("..., says the
  party - so using the money more "intelligently"") or states what someone's
  plan or words say may happen, with "would", "could" or "might" (back-shifted
  speech: "... but their options would be "limited""), is a partial quote (of
  someone), not the writer's scare quote.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import accumulate
import re
from functools import lru_cache

from ..document import Document, Quote, word_count
from ..lazyre import lazy

#: words of a title left in lower case ("Gone with the Wind", "Meet the Press")
_SMALL = frozenset("a an and as at but by de del for from in into la le of on or nor the to up vs with".split())
_WORD = lazy(r"[^\W_]+(?:['’.-][^\W_]+)*\.?|[^\s\w]+")
_TRAIL = " \t\r\n\u00a0,.;:!?…"
#: words that may stand between a cue and the marks: articles, possessive pronouns
_BETWEEN = frozenset("the a an his her its their our my your this that new own latest hit".split())
_POSSESSIVE = lazy(r"^[A-Z0-9][\w.&-]*['’]s?$")
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
        self.object_lead = words("object_lead")
        self.object_not = words("object_not")
        self.np_end = words("np_end")
        self.kind_nouns = words("kind_nouns")
        self.printed_on = words("printed_on")
        from ..engine.inflect import verb_inflections

        acts = set()
        for phrase in words("speech_acts"):
            first, *rest = phrase.split()
            acts.update(" ".join([f, *rest]) for f in verb_inflections(first))
        self.speech_acts = frozenset(acts)
        leads = set()
        for phrase in words("rule_lead"):
            first, *rest = phrase.split()
            leads.update(" ".join([f, *rest]) for f in verb_inflections(first))
        self.rule_lead = frozenset(leads)
        acts = set()
        for phrase in words("headline_acts"):
            first, *rest = phrase.split()
            acts.update(" ".join([f, *rest]) for f in verb_inflections(first))
        self.headline_acts = frozenset(acts)
        self.standard_nouns = words("standard_nouns")
        self.view_verbs = words("view_verbs")
        #: the verbs of the leads that end in "as" ("classed as", "referred to as": classed, referred to)
        self.as_verbs = frozenset(w[:-3] for w in self.term_lead | self.name_lead if w.endswith(" as"))
        self.view_adjectives = words("view_adjectives")
        self.law_nouns = words("law_nouns")
        self.law_verbs = frozenset(f for v in words("law_verbs") for f in verb_inflections(v))
        self.longest_lead = max((len(w.split()) for w in
                                 self.title_lead | self.term_lead | self.name_lead | self.object_lead), default=1)


@lru_cache(maxsize=None)
def lexicon() -> MentionLexicon:
    from .lexicon import cached

    return cached("mentions", MentionLexicon, MentionLexicon, (__file__,))


def title_like(inner: str, first_only: bool = False) -> bool:
    """Capitalised words (small words aside) or a number, at most a few of them
    (``first_only``: only the first word need be a capital or a number)."""
    # (split no further than one word past the most a title has: a long quotation's words are not
    # all made only to be counted)
    words = inner.strip(_TRAIL).split(None, MAX_TITLE_WORDS)
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


LEAD_CHARS = 100  # how far before the marks the words looked at may start


def _before(view: str, doc: Document, q: Quote, n: int) -> tuple[list[str], list[str]]:
    """Up to n words before the opening mark, in its sentence, nearest last: as written and
    in lower case."""
    s = doc.sentence_at(q.open_start)
    floor = max(s.start if s is not None else 0, q.open_start - LEAD_CHARS)
    words = [w for w in _WORD.findall(view, floor, q.open_start) if w[0].isalnum()][-n:]
    return words, [w.lower() for w in words]


def _after(view: str, q: Quote, n: int) -> list[str]:
    """Up to n words right after the closing mark, lower case (up to any punctuation)."""
    out = []
    for m in _WORD.finditer(view, q.close_end, q.close_end + 80):
        w = m.group()
        if not w[0].isalnum():
            break
        out.append(w.lower())
        if len(out) == n:
            break
    return out


def _lead_before(before: tuple[list[str], list[str]], leads: frozenset[str], longest: int,
                 names: bool = False, between: int = 2) -> bool:
    """One of ``leads`` ends the words, with up to ``between`` possessives, articles and pronouns
    between allowed (on NBC's "Meet the Press", what her team calls her "breaking barriers"
    agenda); with ``names``, capitalised words too (plays a New York "date doctor")."""
    words, lowered = before
    k = len(words)
    skipped = 0
    while k > 0 and skipped <= between:
        for size in range(min(longest, k), 0, -1):
            if " ".join(lowered[k - size:k]) in leads:
                return True
        w = words[k - 1]
        if lowered[k - 1] in _BETWEEN or _POSSESSIVE.match(w) or (names and w[:1].isupper()):
            k -= 1
            skipped += 1
            continue
        return False
    return False


#: a sentence ending inside the marks, another beginning: words of two sentences are someone's
#: words, not a title ('the paper, "Gun laws are weak. Few people are barred."')
_SENTENCE_BREAK = lazy(r"[.!?][\"”’']?\s+[\"“‘']?[A-Z]")


def _is_title(view: str, q: Quote, lex: MentionLexicon, before_of) -> bool:
    """A title-like phrase in marks after a title noun or lead (or before a title noun)."""
    inner = view[q.start:q.end]
    if not title_like(inner, first_only=True) or _SENTENCE_BREAK.search(inner):
        return False
    before = before_of(q)
    lowered = before[1]
    right_after = bool(lowered) and lowered[-1] in lex.title_nouns
    return right_after or (title_like(inner) and (
        any(w in lex.title_nouns for w in lowered[-NOUN_REACH:])
        or _lead_before(before, lex.title_lead, lex.longest_lead)
        or any(w in lex.title_nouns for w in _after(view, q, 1))))


#: words after a sentence-opening title-case phrase in marks that show it is spoken, not a title
_SPOKEN_AFTER = frozenset("he she they i we it you who said says asked added told".split())


def _title_subject(view: str, q: Quote) -> bool:
    """A title-case phrase of two or more words in marks opening its sentence, with no speech
    punctuation inside, and a lower-case verb right after the marks: the subject of its sentence
    ('"Gone with the Wind" won eight awards'), not a quotation."""
    inner = view[q.start:q.end]
    if len(inner.split(None, 1)) < 2 or not title_like(inner) or inner.rstrip()[-1:] in ".,;:!?…-—":
        return False
    m = _WORD.match(view, q.close_end + 1) if view[q.close_end:q.close_end + 1] == " " else None
    if m is None or not m.group().isalpha() or not m.group().islower():
        return False
    from .lexicon import cues

    return m.group() not in _SPOKEN_AFTER and m.group() not in cues().forms


def mark_titles(doc: Document) -> None:
    """Before attribution: the titles of works in marks ("the show "The Daily Show"", "starred in
    "Gone with the Wind""), kind ``title``, so that attribution takes them for no one's words.
    Marks that open their sentence are a title only as its subject ('"Gone with the Wind" won …',
    ``_title_subject``)."""
    if not doc.quotes:
        return
    lex = lexicon()
    view = doc.view
    reach = NOUN_REACH + lex.longest_lead + 3
    for q in doc.quotes:
        if q.parent is not None or q.continued or q.continues or (q.open_start == q.start and q.close_end == q.end):
            continue
        s = doc.sentence_at(q.open_start)
        if s is None:
            continue
        if not view[s.start:q.open_start].strip(" \t\r\n\u00a0(—–-"):
            if _title_subject(view, q):
                q.kind = "title"
            continue
        if _is_title(view, q, lex, lambda q: _before(view, doc, q, reach)):
            q.kind = "title"


def mark_mentions(doc: Document) -> None:
    """Re-kind titles, terms and echoes among the scare and partial quotations."""
    cands = [q for q in doc.quotes if q.kind in ("scare", "partial")]
    if not cands:
        return
    lex = lexicon()
    view = doc.view
    reach = NOUN_REACH + lex.longest_lead + 3
    befores = {}  # quotation id -> the words before its marks

    def before_of(q: Quote) -> tuple[list[str], list[str]]:
        b = befores.get(q.id)
        if b is None:
            b = befores[q.id] = _before(view, doc, q, reach)
        return b

    titles: set[str] = {_norm(view[q.start:q.end]) for q in doc.quotes if q.kind == "title"}
    pending = []
    for q in cands:
        if _is_title(view, q, lex, before_of):
            q.kind = "title"
            titles.add(_norm(view[q.start:q.end]))
            continue
        pending.append(q)
    rest = []
    for q in pending:
        if titles and _norm(view[q.start:q.end]) in titles:
            q.kind = "title"
        else:
            rest.append(q)
    scare = []
    plain = None  # the article's own uses of words, made when first needed
    for q in rest:
        before = before_of(q)
        compound = _compound(view, q)
        if _lead_before(before, lex.name_lead, lex.longest_lead) or _proper_name(view, q, before) \
                or _glossed_name(view, q) or _nickname(view, q) or _brand_shape(view, q) \
                or _named_object(view, q, before, lex) or _code(view, q) \
                or (compound is not None and _kind_modifier(view, q, lex)) \
                or _coined(doc, view, q, before, compound, lex) or _owned_rule(before, compound, lex) \
                or _printed(view, q, lex) or _legal_term(view, q, before, lex) \
                or _cited_function_word(view, q, before):
            q.kind = "term"
            continue
        if compound is not None:
            if plain is None:
                plain = _PlainUse(doc)
            if plain.uses(compound):
                q.kind = "term"
                continue
        if q.kind == "scare":
            if _lead_before(before, lex.term_lead, lex.longest_lead) or _named_as(before, lex) or \
                    any(w.rstrip(".") in lex.term_after for w in _after(view, q, 2)) or _process_term(view, q) \
                    or _defined_term(view, q, lex) \
                    or _title_case_name(view, q) or _genitive_compound(compound) or _lettered_label(compound):
                q.kind = "term"
            else:
                scare.append(q)
        elif q.attribution == "subject" and q.paragraph >= 0 and _title_case_name(view, q):
            # 'He has been voted by the writers as the best "Ambassador for Tennis"': a speaker
            # guessed from the sentence's subject, with no verb of saying, and words in title case
            # (no one speaks in title case): the name of an award or a title, not his words
            q.kind = "term"
    if scare:
        # the same words in marks as a term elsewhere in the article ("lag" in which there is a
        # delay ... the lowest "lag"), or a run of its words (the slogan "Britain forward not back"
        # ... "Forward" is in italics): the term again, or a piece of it cited, not the writer's doubt
        terms = [o for o in doc.quotes if o.kind == "term"]
        if terms:
            cited = _spoken(view, terms)
            for q in scare:
                words = _tokens(view[q.start:q.end])
                if words and f" {' '.join(words)} " in cited:
                    q.kind = "term"
            scare = [q for q in scare if q.kind == "scare"]
    spoken = None  # the word runs of the quotations of named speakers, made when first needed
    reported: dict[int, bool] = {}  # sentence start -> a reporting verb outside the marks
    # the words of the partial quotations with no speaker named: the same words in marks again are
    # the same fragment ("flagged eight "critical" holes ... the holes considered "critical"")
    echoes = {_norm(view[o.start:o.end]) for o in doc.quotes if o.kind == "partial" and o.paragraph >= 0}
    for q in scare:
        if q.paragraph < 0:
            continue  # a headline's marks: its own convention (but see _headline_echo below)
        if _in_unclosed(doc, q):
            q.kind = "partial"  # marks inside a quotation whose closing mark is missing: its speaker's
            continue
        if _FIGURE.fullmatch(view, q.start, q.end):
            q.kind = "partial"  # a figure kept in its source's words ("approximately 2.5%")
            continue
        words = _tokens(view[q.start:q.end])
        if not words or len(words) > MAX_ECHO_WORDS:
            continue
        if _norm(view[q.start:q.end]) in echoes:
            q.kind = "partial"  # the same words as a fragment quoted before or after
            continue
        if spoken is None:
            spoken = _spoken(view, [o for o in doc.quotes if o.speaker is not None and o.kind not in ("title", "term")])
        if f" {' '.join(words)} " in spoken:
            q.kind = "partial"  # someone's words, quoted in full elsewhere
            continue
        if _speech_act_object(doc, view, q, lex):
            q.kind = "partial"  # the words of the subject of a speech act (thanked his "hero")
            continue
        sent = doc.sentence_at(q.open_start)
        if sent is None:
            continue
        if sent.start not in reported:
            reported[sent.start] = _reported_in(doc, view, sent.start, sent.end)
        if not reported[sent.start]:
            prev = _previous_sentence(doc, sent)
            if prev is not None:
                if _pronoun_view(view, sent.start, q.open_start, lex) and (
                    _speech_in(doc, view, prev.start, prev.end) or _pronoun_view(view, prev.start, prev.end, lex)
                ) or (_states_on(view, sent.start, q.open_start, _first_after(view, q, sent.end),
                                 _past_verb(view, q))
                      and _speech_in(doc, view, prev.start, prev.end)):
                    q.kind = "partial"  # the paraphrase of the sentence before goes on
                    echoes.add(_norm(view[q.start:q.end]))
                    continue
                if _between_quotations(doc, sent, prev, q) or _between_report_and_quotation(doc, view, sent, q):
                    q.kind = "partial"  # a paraphrase between two of a speaker's quotations or reports
                    echoes.add(_norm(view[q.start:q.end]))
                    continue
        if reported[sent.start]:
            q.kind = "partial"
            echoes.add(_norm(view[q.start:q.end]))
            continue
        verb = _reports_before(doc, view, sent.start, q.open_start)
        if verb is not None:
            # what someone is reported to say; after a verb of naming (called, labelled), a name
            q.kind = "term" if verb in lex.term_lead else "partial"
            if q.kind == "partial":
                echoes.add(_norm(view[q.start:q.end]))
    heads = [q for q in scare if q.paragraph < 0]
    if heads:
        _headline_echo(view, doc.quotes, heads)
        heads = [q for q in heads if q.kind == "scare"]
        if heads:
            # the headline's words inside a body quotation of a named speaker ('Tories attack
            # burglar 'U-turns'' / Mr Howard said: "… and two U-turns"): that speaker's word
            said = _spoken(view, [o for o in doc.quotes if o.paragraph >= 0 and o.speaker is not None
                                  and o.kind in ("direct", "block")])
            # or words a fragment bound to its speaker holds for the same thing: they end it, its
            # head ('sue US 'copycat'' / a show they claim is "a blatant and wholescale copycat"),
            # or the headline's next word follows them there too ('useless' quangos / the nine
            # "most useless quangos" he listed); not a word the headline moves to another noun
            # ('Friendly' Kazakhstan / to deepen the "friendly and allied relations")
            bound = _spoken(view, [o for o in doc.quotes if o.paragraph >= 0 and o.speaker is not None
                                   and o.kind == "partial"])
            for q in heads:
                words = _tokens(view[q.start:q.end])
                run = " ".join(words)
                if not words or len(words) > MAX_ECHO_WORDS:
                    echoed = False
                elif f" {run} " in said:
                    echoed = True
                else:
                    after = _tokens(view[q.close_end:q.close_end + 40])[:1]
                    echoed = f" {run} \n" in bound + "\n" or bool(after) and f" {run} {after[0]} " in bound
                if echoed or _headline_act(doc, view, q, lex):
                    q.kind = "partial"  # (or after the headline's verb of speech: its subject's word)
    listed = [q for q in scare if q.kind == "scare" and q.paragraph >= 0]
    if listed:
        _mark_listed(view, doc.quotes, listed)


#: a figure in marks, with at most two lower-case words of qualifier before it and of unit after
#: ("approximately 2.5%", "up to 40,000", "£2m", "5 per cent"): its source's figure kept in its
#: own words (the hedge is part of it), a partial quote; a number is no word the writer doubts
_FIGURE = lazy(r"\s*(?:[a-z]+[ \u00a0]){0,2}[£$€]?\d[\d,.]*%?(?:[ \u00a0]?[a-z]+){0,2}\s*")


#: double quotation marks (an unclosed quotation opens with one of them)
_DOUBLE_MARKS = frozenset('"“„«')


def _in_unclosed(doc: Document, q: Quote) -> bool:
    """Marks inside a quotation whose closing mark is missing: an unbalanced double mark opens its
    paragraph, and no quotation stands between it and these marks ('"Podcasting is ... a classic
    hybrid. It is another aspect of the "time-shifting" of content ...', the closing mark lost or
    the inner marks not made single). The reader takes the paragraph for the speaker's words; the
    marks inside are the speaker's, nested, not the writer's doubt. (quotes.unbalanced reports the
    missing mark.)"""
    para = doc.paragraphs[q.paragraph]
    k = para.start
    view = doc.view
    while k < q.open_start and view[k].isspace():
        k += 1
    if view[k:k + 1] not in _DOUBLE_MARKS:
        return False
    n = bisect_left(doc.marks, k, key=lambda m: m.start)
    if n == len(doc.marks) or doc.marks[n].start != k or doc.marks[n].role != "unbalanced":
        return False
    return not any(o is not q and o.parent is None and k < o.open_start < q.open_start for o in doc.quotes)


HEADLINE_ACT_REACH = 3  # at most this many words between a headline's verb of speech and the marks
_HEADLINE_SOURCE_MAX = 6  # a headline's subject before its verb has at most this many words


def _headline_act(doc: Document, view: str, q: Quote, lex: MentionLexicon) -> bool:
    """Marks in a headline after its subject and a verb of speech (``headline_acts``: "Greer
    attacks 'bully' Big Brother", "Campaigners attack MTV 'sleaze'", "Union hits out at 'greedy'
    bosses"): the headline's convention for the subject's own word, a partial quote, not the
    writer's doubt. The subject opens the headline (a capital, a few words), the verb stands
    before the marks with a few words at most between and no colon or other marks."""
    if not lex.headline_acts:
        return False
    block = next((b for b in (doc.headline, *doc.subheadings)
                  if b is not None and b.start <= q.open_start < b.end), None)
    if block is None:
        return False
    words = [m for m in _WORD.finditer(view, block.start, q.open_start)]
    if any(not m.group()[0].isalnum() for m in words):
        return False  # a colon, a dash or other marks before these: another construction
    lowered = [m.group().lower() for m in words]
    n = len(words)
    for k in range(n - 1, 0, -1):
        if n - k > HEADLINE_ACT_REACH + MAX_ACT_WORDS:
            break
        for size in range(min(MAX_ACT_WORDS, n - k), 0, -1):
            if " ".join(lowered[k:k + size]) in lex.headline_acts:
                return n - (k + size) <= HEADLINE_ACT_REACH and k <= _HEADLINE_SOURCE_MAX \
                    and words[0].group()[:1].isupper()
    return False


def _headline_echo(view: str, quotes: list[Quote], heads: list[Quote]) -> None:
    """A headline's marks around words the body quotes as someone's ('Post-Christmas lull' in
    lending / lending showed a "post-Christmas lull", lenders said): the body's speaker's words,
    a partial quote, not the headline writer's doubt. Marks the body puts around the same words
    with no speaker ('T-Mobile bets on 'pocket office'' / its latest "pocket office" device) are
    the body's: the headline repeats them, one problem, reported once, on the body's marks."""
    body = {_norm(view[o.start:o.end]) for o in quotes
            if o.paragraph >= 0 and o.kind in ("partial", "direct", "scare")}
    for q in heads:
        if _norm(view[q.start:q.end]) in body:
            q.kind = "partial"


MAX_LISTED_WORDS = 4  # an item of a list of words in marks has at most this many words
# what joins two items of a list: a comma, "and" or "or" (closed-class grammar)
_LIST_GAP = lazy(r",?[ \u00a0]+(?:and|or)[ \u00a0]+|,[ \u00a0]+")


def _mark_listed(view: str, quotes: list[Quote], scare: list[Quote]) -> None:
    """Marks with no speaker that are an item of a list of marked words ("race against a "ghost"
    or "shadow"", "such as "affect" and "effect"", "bebop", "cool" and "ragtime"): the words are
    cited, each a term, not the writer's doubt about one word. Beside a partial quotation the
    list is its speaker's ('attacked "false" and "desperate" tabloids'): partial too. Beside a
    whole quotation it is no list of words."""
    top = [q for q in quotes if q.parent is None]
    index = {q.id: n for n, q in enumerate(top)}
    for q in scare:
        n = index.get(q.id)
        if n is None:
            continue
        for o in (top[n - 1] if n > 0 else None, top[n + 1] if n + 1 < len(top) else None):
            if o is None or o.kind in ("direct", "block", "nested") or o.paragraph != q.paragraph \
                    or word_count(view[o.start:o.end].strip()) > MAX_LISTED_WORDS:
                continue
            a, b = (o, q) if o.close_end <= q.open_start else (q, o)
            if _LIST_GAP.fullmatch(view, a.close_end, b.open_start):
                q.kind = "partial" if o.kind == "partial" else "term"
                break


def _title_case_name(view: str, q: Quote) -> bool:
    """Two or more words in title case in marks that quote no one ("Save Betamax" t-shirts, a
    new "Marshall Plan", the firm's "Chief Yahoo", more "Old Labour" than): a name, slogan or
    label, not the writer's doubt about a word."""
    inner = view[q.start:q.end].strip(_TRAIL)
    return len(inner.split()) >= 2 and title_like(inner) and not any(c in inner for c in ".!?,;:")


def _proper_name(view: str, q: Quote, before: tuple[list[str], list[str]]) -> bool:
    """Two or more capitalised words in marks right after "the": a name (the "Arab Spring")."""
    inner = view[q.start:q.end].strip(_TRAIL)
    lowered = before[1]
    return (bool(lowered) and lowered[-1] == "the" and len(inner.split()) >= 2 and title_like(inner)
            and not any(c in inner for c in ".!?"))


#: a nickname in marks between a first name and a surname (Brian 'Head' Welch): one or two
#: capitalised words, the name's words right against the marks
_NICK_BEFORE = lazy(r"(?<![\w'’-])[A-Z][a-z]+[ \u00a0]$")
_NICK_AFTER = lazy(r"[ \u00a0][A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?(?![\w])")
MAX_NICKNAME_WORDS = 2


def _nickname(view: str, q: Quote) -> bool:
    """A nickname in marks inside a person's name (Brian 'Head' Welch, Thomas "Tip" O'Neill): no
    one's words. In the body only (a headline's words are all capitalised)."""
    if q.paragraph < 0:
        return False
    inner = view[q.start:q.end]
    words = inner.split()
    if not words or len(words) > MAX_NICKNAME_WORDS or not all(w[:1].isupper() and w.isalpha() for w in words):
        return False
    return _NICK_BEFORE.search(view, max(0, q.open_start - 24), q.open_start) is not None and \
        _NICK_AFTER.match(view, q.close_end) is not None


#: a product's name by its shape: one letter, a hyphen and a word ("i-unit", "e-Go"), or a lower-case
#: letter then a capital ("iPod", "eBay")
_BRAND = lazy(r"[a-z]-[A-Za-z]{2,}|[a-z][A-Z][a-z]+")


def _brand_shape(view: str, q: Quote) -> bool:
    """One word in marks shaped like a product's name ("i-unit", "iPod"): named, not doubted."""
    return _BRAND.fullmatch(view[q.start:q.end].strip(_TRAIL)) is not None


#: a gloss in brackets right after the marks (closed-class punctuation)
_GLOSS = lazy(r"[ \u00a0]*\(([^()\n]{2,80})\)")


def _glossed_name(view: str, q: Quote) -> bool:
    """A short phrase in marks opened by a capital and glossed at once by a title-case phrase of
    two or more words in brackets (the "Partido contra la Pobreza" (Game Against Poverty)): a name
    given with its translation, no one's words. One word in brackets after the marks ("..."
    (Reuters)) is a credit, not a gloss."""
    inner = view[q.start:q.end]
    if not title_like(inner, first_only=True) or any(c in inner for c in ".,;:!?…"):
        return False
    m = _GLOSS.match(view, q.close_end)
    return m is not None and len(m.group(1).split()) >= 2 and title_like(m.group(1))


MAX_CODE_CHARS = 8  # a code in marks ('BB+', 'PG-13', '12A') is this long at most
_CODE_SIGNS = frozenset("0123456789+-/&*#")


def _code(view: str, q: Quote) -> bool:
    """A code or grade in marks (a credit rating 'BB+' or 'AAA', a film rating '12A' or 'PG-13'):
    one short run of capitals, digits and signs (no other letter: not a word of a script without
    case, such as Nepali's), holding a digit or a sign or at most four characters long. It names
    a grade; it is no one's word to doubt."""
    inner = view[q.start:q.end].strip(_TRAIL)
    if not inner or len(inner) > MAX_CODE_CHARS or any(c.isspace() or (c.isalpha() and not c.isupper()) for c in inner) \
            or not any(c.isalnum() for c in inner):
        return False
    return len(inner) <= 4 or any(c in _CODE_SIGNS for c in inner)


#: closed-class grammar: function words a writer cites as words ('a "When" not an "If" probability')
_FUNCTION_WORDS = frozenset("if when whether why how what who yes no not but maybe".split())
_ARTICLES = frozenset(("a", "an", "the"))


def _cited_function_word(view: str, q: Quote, before: tuple[list[str], list[str]]) -> bool:
    """A function word alone in marks after an article, at most one word between ('a "When" not an
    "If" probability', 'a big "if"', the "no" camp): the word cited as a word, a term; no one's
    framing (not 'she said "no"')."""
    if _norm(view[q.start:q.end]) not in _FUNCTION_WORDS:
        return False
    low = before[1]
    return bool(low) and (low[-1] in _ARTICLES or (len(low) > 1 and low[-2] in _ARTICLES))


MAX_OBJECT_WORDS = 4  # a name of a thing made or of a role is this long at most


def _named_object(view: str, q: Quote, before: tuple[list[str], list[str]], lex: MentionLexicon) -> bool:
    """The quoted words name the object of a verb of making, proposing or setting up, or a role
    played (the bill proposes "control orders", bookmakers set up "audit trails", Smith plays a
    New York "date doctor" with ...): a short noun phrase after one of ``object_lead`` (articles,
    possessives and capitalised words between allowed) that the marks close (punctuation or one
    of ``np_end`` after them: not the "tough" federal budget, where the quoted word modifies
    the noun after it) and that is no idiom of the verb ("play a "big role"": ``object_not``).
    It is a term, not the subject's framing."""
    inner = view[q.start:q.end].strip()
    words = inner.split()
    if not words or len(words) > MAX_OBJECT_WORDS or any(c in inner for c in ".,;:!?…"):
        return False
    if words[-1].lower().strip("'’\"”") in lex.object_not:
        return False
    after = _after(view, q, 1)
    if after and after[0] not in lex.np_end:
        return False
    if view[q.close_end:q.close_end + 1].isalnum():
        return False
    return _lead_before(before, lex.object_lead, lex.longest_lead, names=True, between=3)


_SCANDAL = lazy(r"[^\W\d_]+-?gate")
#: a common noun in the possessive ("a user's", "the firm's", "viewers'")
_LOWER_POSSESSIVE = lazy(r"[a-z][a-z-]*(?:['’]s|s['’])")
#: closed-class grammar: words whose "'s" is "is" or "has", not a possessive ("it's", "that's")
_NOT_POSSESSIVE = frozenset("it that there here what who he she let where how this".split())


def _common_possessive(word: str) -> bool:
    """A common noun in the possessive (a user's "pre-approved list", the firm's "smart tag"):
    like a name's, it says whose the named thing is. (Only for marks with no speaker: with one,
    'It credited the star's "raw hypnotic energy"' quotes the speaker's praise.)"""
    return _LOWER_POSSESSIVE.fullmatch(word) is not None and word[:-2].lower() not in _NOT_POSSESSIVE


def _coined(doc: Document, view: str, q: Quote, before: tuple[list[str], list[str]], compound: str | None,
            lex: MentionLexicon) -> bool:
    """A coined name in marks, no fragment of anyone's speech: a scandal named in "-gate" (a second
    "Nipple-gate"), or a compound noun (``_compound``) that closes its noun phrase right after a
    possessive name or a count: the name of an event or role that belongs to someone (a singer's
    "wardrobe malfunction", became the premier's "cabinet enforcer", a user's "pre-approved list")
    or of a category counted (178 "sound recordings"). A single word after a possessive pronoun (his "hero"), a phrase that goes
    on into a noun (Blair's "reckless" budget) and one in what a reporting verb or speech act
    before it reports (praised Lord Lee's "ability to listen") are not one."""
    inner = view[q.start:q.end].strip(_TRAIL)
    if _SCANDAL.fullmatch(inner) and inner[:1].isupper():
        return True
    words = before[0]
    if compound is None or not words:
        return False
    last = words[-1]
    if not (_POSSESSIVE.match(last) and not last[:1].isdigit()) and not last.replace(",", "").isdigit() \
            and not (q.kind == "scare" and _common_possessive(last)):
        return False
    if view[view.rfind(last, 0, q.open_start) + len(last):q.open_start].strip():
        return False  # the name or count stands right before the marks
    if view[q.close_end:q.close_end + 1].isalnum():
        return False
    after = _after(view, q, 1)
    if after and after[0] not in lex.np_end:
        return False
    # in the object of a reporting verb or speech act (said it was Lord Lee's "pioneering work",
    # praised Ana Ruiz's "ability to listen"), the words are the speaker's, not a coined name
    sent = doc.sentence_at(q.open_start)
    if sent is None:
        return True
    # (a reporting verb before a relative clause set off by commas that holds the marks reports
    # the main clause: "concluded the threat, which went into freefall after a singer's
    # "wardrobe malfunction", had …" is the writer's background, not the institute's words)
    start = sent.start
    for opener in (", which ", ", who "):
        k = view.rfind(opener, start, q.open_start)
        if k >= 0 and "," not in view[k + len(opener):q.open_start]:
            start = k + len(opener)
    return not (_reported_in(doc, view, start, q.open_start) or _speech_act_object(doc, view, q, lex))


NAMED_AS_REACH = 4  # at most this many words of an object or a place between a verb of naming and "as"


def _named_as(before: tuple[list[str], list[str]], lex: MentionLexicon) -> bool:
    """Marks right after "as" (an article between allowed) whose verb of naming stands a few
    words before, with its object or a place between (Standard & Poor's has classed Russian bonds
    as "investment grade", Referred to in the Netherlands as "the General", known by his fellow
    professionals as "Dracula"): the leads of ``term_lead`` and ``name_lead`` that end in "as",
    their verb apart from "as". A name or grade given, a term, not the writer's doubt."""
    lowered = before[1]
    k = len(lowered)
    if k and lowered[k - 1] in ("the", "a", "an"):
        k -= 1
    if not k or lowered[k - 1] != "as":
        return False
    k -= 1
    for j in range(k - 1, max(-1, k - 1 - NAMED_AS_REACH - 2), -1):
        for size in (1, 2):
            if j - size + 1 >= 0 and " ".join(lowered[j - size + 1:j + 1]) in lex.as_verbs:
                return True
    return False


#: what defines a term right after its marks (closed-class grammar): a dash and an indefinite noun
#: phrase or a clause of when, where or how it applies ("'bumping' - when a passenger is moved", a
#: "duck clutch" - a switch on the gear stick), or "in which", "whereby", "meaning"
_DEFINITION = lazy(r"[ \u00a0]*(?:[-–—][ \u00a0]*(?:a|an|when|where|whereby|in which|meaning)|,?[ \u00a0]+(?:in which|"
                   r"whereby|meaning)|,?[ \u00a0]+(?:is|was|are|were)[ \u00a0]+(?:the|a|an)[ \u00a0]+([a-z]+))[ \u00a0]")


def _defined_term(view: str, q: Quote, lex: MentionLexicon) -> bool:
    """Marks that a definition follows at once (Overbooking can lead to 'bumping' - when a
    passenger is moved to a later flight; spoilt by "lag" in which there is a delay; 'gandula' is
    the term used for ballboy): jargon introduced and explained, a term, not the writer's doubt.
    "is the/a ..." defines only with a noun of ``term_after`` (term, word, name ...): '"reforms"
    is a joke' is no definition."""
    m = _DEFINITION.match(view, q.close_end)
    return m is not None and (m.group(1) is None or m.group(1) in lex.term_after)


#: closed-class grammar: what a thing can or must undergo, "can be", "does not have to be" (modals, and
#: the verbs of need and capacity before "to be"), then a participle in marks and a purpose
_CAPACITY_BEFORE = lazy(r"(?:\b(?:can|cannot|could|may|might|must|will|should|shall)|\b(?:have|has|had|need|needs|"
                        r"ought|able|due)[ \u00a0]+to)[ \u00a0]+(?:not[ \u00a0]+)?be[ \u00a0]+$", re.IGNORECASE)
_PURPOSE_AFTER = lazy(r"[ \u00a0]+to[ \u00a0]+[a-z]+\b")


def _process_term(view: str, q: Quote) -> bool:
    """A past participle in marks in a statement of what a thing can or must undergo for a purpose
    (software does not have to be "trained" to recognise a voice, materials can be "tuned" to display
    new properties): the name of a technical process, used in its special sense, not the writer's
    doubt about a word. In a statement of what happened ("were "persuaded" to confess": no modal)
    the marks stay scare quotes."""
    inner = view[q.start:q.end].strip()
    if not (inner.isalpha() and inner.islower() and inner.endswith("ed")):
        return False
    return bool(_CAPACITY_BEFORE.search(view[max(0, q.open_start - 40):q.open_start])
                and _PURPOSE_AFTER.match(view, q.close_end))


#: closed-class grammar: words that open a clause of their own between a speech act and the marks
#: (thanked the crowd, who cheered the "miracle" win: the marks are not in the act's object)
_CLAUSE_OPENERS = frozenset("who whom whose which that where when while because but although though if as".split())
SPEECH_ACT_REACH = 6  # at most this many words between a speech act and the marks of its object
MAX_ACT_WORDS = 3  # a speech act is this many words at most ("paid tribute to")
#: what may stand between a speech act and the marks: words, spaces and commas only (no stop, colon,
#: dash or bracket)
_ACT_GAP = lazy(r"(?:[\s,]+[\w'’-]+)*[\s,]*")


def _speech_act_object(doc: Document, view: str, q: Quote, lex: MentionLexicon) -> bool:
    """The marks stand in the object of a speech act (``speech_acts``: thanked his family and his
    "hero", paid tribute to the "beautiful legacy" of, praised the "courage" of): what is thanked,
    praised or condemned is named in the words of whoever thanks, praises or condemns, so the
    marked words are theirs (a partial quote), not the writer's doubt. The act stands before the
    marks in their sentence, outside any quotation, with at most a few words between and no
    clause of its own (no stop, colon, dash or bracket; no "who", "which", ", and" ...)."""
    if not lex.speech_acts:
        return False
    sent = doc.sentence_at(q.open_start)
    if sent is None:
        return False
    floor = max(sent.start, q.open_start - LEAD_CHARS)
    words = [m for m in _WORD.finditer(view, floor, q.open_start) if m.group()[0].isalnum()]
    lowered = [m.group().lower() for m in words]
    n = len(words)
    for k in range(n - 1, max(-1, n - 1 - SPEECH_ACT_REACH - MAX_ACT_WORDS), -1):
        for size in range(1, min(MAX_ACT_WORDS, n - k) + 1):
            if " ".join(lowered[k:k + size]) not in lex.speech_acts:
                continue
            gap = lowered[k + size:]
            act_end = words[k + size - 1].end()
            if len(gap) > SPEECH_ACT_REACH or not _ACT_GAP.fullmatch(view, act_end, q.open_start):
                return False
            mask = doc.quote_mask
            if mask is not None and mask[words[k].start()]:
                return False
            if gap[:1] == ["to"] and lowered[k + size - 1] != "to":
                return False  # "thanks to the ...": a preposition, no act
            if re.search(r",\s+(?:and|or|but)\s", view[act_end:q.open_start]):
                return False  # ", and ...": a clause of its own
            return not any(w in _CLAUSE_OPENERS for w in gap)
    return False


#: closed-class grammar: words that make a phrase in marks a judgement or a clause, not a compound
#: noun naming a thing (determiners, degree words, coordinators, negation, copulas)
_NOT_COMPOUND = frozenset("the a an this that these those my your his her its our their too very so more most "
                          "less least quite rather really and or but nor not no is are was were be been "
                          "i we you he she it they".split())
MAX_COMPOUND_WORDS = 4  # a compound noun in marks has at most this many words


def _compound(view: str, q: Quote) -> str | None:
    """The words in the marks when they read as a compound noun naming a thing ("golden rule",
    "apprehended violence", "smart fabrics"): two to four words, none of them a determiner,
    degree word, coordinator, negation, copula or pronoun, the first no adverb in -ly ("deeply
    flawed"), no punctuation but hyphens. Else None."""
    inner = view[q.start:q.end].strip()
    if " " not in inner:
        return None  # (most marks hold one word)
    words = inner.split()
    if not 2 <= len(words) <= MAX_COMPOUND_WORDS:
        return None
    if any(not w.replace("-", "").replace("'", "").replace("’", "").isalnum() for w in words):
        return None
    lowered = [w.lower() for w in words]
    if any(w in _NOT_COMPOUND for w in lowered) or (lowered[0].endswith("ly") and len(lowered[0]) > 4):
        return None
    return " ".join(words)


def _genitive_compound(compound: str | None) -> bool:
    """A compound noun in marks (``_compound``) that opens with a common noun in the possessive
    (a "coppers' contract", a "citizen's pension", the "prisoner's dilemma"): a classifying
    genitive, the name of a kind of thing. With no speaker it is a coined name, not the writer's
    doubt about a word."""
    if compound is None:
        return False
    first = compound.split(" ", 1)[0]
    return first[:1].islower() and first.endswith(("'s", "’s", "s'", "s’"))


def _printed(view: str, q: Quote, lex: MentionLexicon) -> bool:
    """Marks right before a thing words are printed on (``printed_on``: "Save our jobs" placards,
    a "No to the tax" badge, "Hands off" t-shirts): the slogan it carries, a term, not the words
    of whoever wears or carries it (nor of whoever reports it)."""
    if not lex.printed_on or view[q.close_end:q.close_end + 1] != " ":
        return False
    after = _after(view, q, 1)
    return bool(after) and after[0].rstrip(".") in lex.printed_on


def _legal_term(view: str, q: Quote, before: tuple[list[str], list[str]], lex: MentionLexicon) -> bool:
    """Marks right before a test a law sets (``standard_nouns``: the "grossly disproportionate"
    test), or the object of a verb of a law (``law_verbs``) whose subject, or the antecedent of
    its "which"/"that", is a law (``law_nouns``: the present law, which allows "reasonable
    force"): a term of art, not the words of whoever is near."""
    if view[q.close_end:q.close_end + 1] == " ":
        after = _after(view, q, 1)
        if after and after[0].rstrip(".") in lex.standard_nouns:
            return True
    lowered = before[1]
    if not lowered or lowered[-1] not in lex.law_verbs:
        return False
    k = len(lowered) - 2
    if k >= 0 and lowered[k] in ("which", "that"):
        k -= 1
    return k >= 0 and lowered[k] in lex.law_nouns


#: closed-class grammar: the possessive determiners of an owner's own rule ("meet its "golden rule"")
_OWNER = frozenset("its his her their our my your".split())


def _owned_rule(before: tuple[list[str], list[str]], compound: str | None, lex: MentionLexicon) -> bool:
    """A compound in marks headed by a kind noun (``kind_nouns``: rule, test, policy ...) after a
    verb of keeping or breaking a rule (``rule_lead``: meet, miss, break, keep to ...) and a
    possessive, an adjective allowed between (Brown had met his financial "golden rule", might
    miss its "golden rule"): the name of the owner's rule, a term, not anyone's framing."""
    if compound is None or compound.rsplit(" ", 1)[-1].lower() not in lex.kind_nouns:
        return False
    words, lowered = before
    k = len(words)
    if k and lowered[k - 1] not in _OWNER and not _POSSESSIVE.match(words[k - 1]) and words[k - 1].isalpha() \
            and words[k - 1].islower():
        k -= 1  # an adjective before the marks ("his financial")
    if not k or not (lowered[k - 1] in _OWNER or _POSSESSIVE.match(words[k - 1])):
        return False
    k -= 1
    return any(" ".join(lowered[k - size:k]) in lex.rule_lead for size in (1, 2, 3) if size <= k)


#: a word that is a capital letter, alone or with a suffix ("X", "X-ers", "B-list")
_LETTER_WORD = lazy(r"[A-Z](?:-[a-z]+)?")


def _lettered_label(compound: str | None) -> bool:
    """A compound noun in marks (``_compound``) with a word that is a capital letter ("generation
    X-ers", "plan B", "type O"): a label that designates by a letter, a term, not the writer's doubt."""
    return compound is not None and any(_LETTER_WORD.fullmatch(w) for w in compound.split()[1:])


def _kind_modifier(view: str, q: Quote, lex: MentionLexicon) -> bool:
    """Marks holding a compound noun (``_compound``) right before one of ``kind_nouns`` (Kidman
    sought the "apprehended violence" orders, a "zero tolerance" approach): it names the kind of
    the thing, a term, not a speaker's framing of it (the "grossly unfair" tax: no compound)."""
    if view[q.close_end:q.close_end + 1] != " ":
        return False
    after = _after(view, q, 1)
    return bool(after) and after[0].rstrip(".") in lex.kind_nouns


class _PlainUse:
    """Where the article uses words in its own voice: outside every quotation and every
    reported clause (the content of an indirect or mixed attribution)."""

    def __init__(self, doc: Document):
        self.view = doc.view
        lowered = doc.view.lower()
        # (lower case keeps the offsets but for a few letters: then the slower search by pattern)
        self.lowered = lowered if len(lowered) == len(doc.view) else None
        self.mask = doc.quote_mask
        reported = sorted((c.start, c.end) for a in (getattr(doc, "attributions", None) or ()) if a.kind != "direct"
                          for c in a.content)
        # the reported clauses by start, with the furthest end reached so far: whether an offset
        # lies in one of them is a bisection, not a walk over all of them
        self.reported_starts = [s for s, _ in reported]
        self.reported_reach = list(accumulate((e for _, e in reported), max))
        self.lookups = 0
        self.index: dict[str, list[int]] | None = None  # see _occurrences

    def uses(self, words: str) -> bool:
        """Whether the words occur (any case, whole words) in the writer's own voice: the writer
        uses them as plain vocabulary (the headline's Golden rule boost, the body's "golden
        rule"), so marks elsewhere name a term, not a speaker's framing kept at a distance."""
        starts, reach = self.reported_starts, self.reported_reach
        for a in self._occurrences(words):
            if self.mask is not None and self.mask[a]:
                continue
            i = bisect_right(starts, a)
            if i and reach[i - 1] > a:
                continue  # inside a reported clause
            return True
        return False

    def _occurrences(self, words: str):
        view, lowered = self.view, self.lowered
        if lowered is None:
            pattern = r"(?<![\w-])" + r"\s+".join(re.escape(w) for w in words.split()) + r"(?![\w-])"
            yield from (m.start() for m in re.finditer(pattern, view, re.IGNORECASE))
            return
        phrase = words.lower()
        self.lookups += 1
        if self.lookups > PLAIN_SEARCHES_MAX and _word_char(phrase[:1]):
            # an article of many such marks: each search below reads the whole text, so past
            # PLAIN_SEARCHES_MAX of them the starts of its words are indexed once (by their first
            # three characters) and a phrase is tried only there, with the same tests
            if self.index is None:
                self.index = {}
                for m in _WORD_RUN.finditer(view):
                    k = m.start()
                    self.index.setdefault(lowered[k:k + 3], []).append(k)
            for k in self.index.get(phrase[:3], ()):
                e = k + len(phrase)
                if lowered.startswith(phrase, k) and (e >= len(view) or not _word_char(view[e])):
                    yield k
            return
        k = lowered.find(phrase)
        while k >= 0:
            e = k + len(phrase)
            if (k == 0 or not _word_char(view[k - 1])) and (e >= len(view) or not _word_char(view[e])):
                yield k
            k = lowered.find(phrase, k + 1)


def _word_char(c: str) -> bool:
    return c.isalnum() or c in "_-"


#: phrases looked up by one whole-text search each in _PlainUse (repeats counted); past them, one index
PLAIN_SEARCHES_MAX = 16
#: a run of word characters (_word_char's: letters, digits, "_" and "-")
_WORD_RUN = lazy(r"[\w-]+")


MAX_ECHO_WORDS = 6  # a fragment this long at most is looked for among the speakers' words
_TOKEN = lazy(r"[\w'-]+")


def _tokens(s: str) -> list[str]:
    return _TOKEN.findall(s.casefold().replace("’", "'"))


def _spoken(view: str, quotes: list[Quote]) -> str:
    """The words of these quotations, each quotation as its tokens between spaces (" we won the
    vote "), one per line: a fragment's tokens occur in a row in one of them exactly when
    " fragment tokens " is a substring (a token holds no space, a fragment no line break) --
    one str search per fragment, instead of a set of every run of words of every quotation."""
    return "\n".join(f" {' '.join(_tokens(view[o.start:o.end]))} " for o in quotes)


#: closed-class grammar: the modals of back-shifted speech and of what a plan, report or source
#: says may happen ("… but their options would be "limited"", "the blow could be "enormous"")
_PROJECTED = frozenset(("would", "could", "might"))


def _previous_sentence(doc: Document, sent):
    """The sentence before ``sent`` in its paragraph, else None."""
    prev = doc.sentence_at(sent.start - 1) if sent.start > 0 else None
    if prev is None:
        k = sent.start - 1
        while k > 0 and _is_space(doc.view[k]):
            k -= 1
        prev = doc.sentence_at(k)
    if prev is None or prev is sent or prev.paragraph != sent.paragraph:
        return None
    return prev


#: closed-class grammar: the subject pronouns that carry a source on to the next sentence
_SUBJECT_PRONOUNS = frozenset("it he she they".split())


def _pronoun_view(view: str, start: int, end: int, lex: MentionLexicon) -> bool:
    """The sentence up to the marks opens with a subject pronoun and a verb of view
    (``view_verbs``: "It expected 2005 to be a …"), or a form of "be" and an adjective of stance
    (``view_adjectives``: "He is clear the ads will not be …"): the source of the sentence before
    goes on. A conjunction or adverb of contrast may open the sentence ("However, he believes …",
    "But he is confident …": the same source's view, turned). "It is clear …" is the writer's
    (an empty subject), so the adjective needs a personal pronoun."""
    words = view[start:end].split(None, 4)
    if words and words[0].lower().rstrip(",") in _LINKS:
        words = words[1:]
    if len(words) < 2 or words[0].lower() not in _SUBJECT_PRONOUNS:
        return False
    verb = words[1].lower()
    return verb in lex.view_verbs or (verb in _BE and words[0].lower() != "it" and len(words) >= 3
                                      and words[2].lower() in lex.view_adjectives)


#: closed-class grammar: the forms of "be" after a subject pronoun
_BE = frozenset("is are was were".split())
#: closed-class grammar: words that may open a sentence before its subject pronoun and a view
_LINKS = frozenset("but and however yet still so though".split())


def _between_quotations(doc: Document, sent, prev, q: Quote) -> bool:
    """A sentence with no other marks between two attributed whole quotations of its paragraph,
    the one before it ending the sentence before and the one after it opening the sentence after
    ('"…," he said. Low unemployment meant less "neurosis" there. "In countries like …," he
    said.'): the speaker's paraphrase between his quotations, his word, not the writer's doubt."""
    def attributed(o: Quote) -> bool:
        return o.kind == "direct" and o.speaker is not None and o.parent is None

    k = sent.end
    n = len(doc.view)
    while k < n and _is_space(doc.view[k]):
        k += 1
    nxt = doc.sentence_at(k) if k < n else None
    if nxt is None or nxt is sent or nxt.paragraph != sent.paragraph:
        return False
    before = after = False
    for o in doc.quotes:
        if o.parent is not None or o is q:
            continue
        if sent.start <= o.open_start < sent.end:
            return False
        if prev.start <= o.open_start < prev.end and attributed(o):
            before = True
        elif nxt.start <= o.open_start < nxt.end and attributed(o) and o.open_start == nxt.start:
            after = True
    return before and after


def _between_report_and_quotation(doc: Document, view: str, sent, q: Quote) -> bool:
    """A back-shifted sentence (``_states_on``) after a report and before a whole quotation of the
    same speaker, in one paragraph ('Lord Woolf said the rules were not written down. … The issue
    had been "overlooked" when … "What I am asking for is …," he said.'): his paraphrase going
    on, his word, not the writer's doubt."""
    if not _states_on(view, sent.start, q.open_start, _first_after(view, q, sent.end), _past_verb(view, q)):
        return False
    k = sent.end
    n = len(view)
    while k < n and _is_space(view[k]):
        k += 1
    nxt = doc.sentence_at(k) if k < n else None
    if nxt is None or nxt is sent or nxt.paragraph != sent.paragraph:
        return False
    after = next((o for o in doc.quotes if o.parent is None and o.open_start == nxt.start), None)
    if after is None or after.kind != "direct" or after.speaker is None or after.speaker.speaker is None:
        return False
    para = doc.paragraphs[sent.paragraph]
    if any(o is not q and o.parent is None and para.start <= o.open_start < sent.end for o in doc.quotes):
        return False  # (other marks before it: the quotations construction's, not this one)
    return any(a.cue is not None and a.source is not None and para.start <= a.cue.start < sent.start
               and (a.speaker or a.source.speaker) == after.speaker.speaker for a in doc.attributions)


def _is_space(c: str) -> bool:
    return c in " \t\u00a0"


#: closed-class grammar: the words that open a sentence in the writer's own voice, not a paraphrase
#: going on ("But", "However", "Meanwhile": a turn; "I", "We", "You": a speaker)
_TURNS = frozenset("but however meanwhile yet still i we you".split())


def _states_on(view: str, start: int, end: int, after: str = "", past: bool = False) -> bool:
    """The sentence up to the marks reads on from a paraphrase: no turn at its start (``_TURNS``)
    and a past or modal auxiliary ("was", "were", "had", "would", "could"), or the "will" of a
    forecast reported in the present ("…, the commission said. The euro zone will put in a
    "lacklustre" performance"); the auxiliary may also be the first word after the marks, when
    they open the sentence's subject ('And "intense discussions" were taking place'), or the past
    tense the marks hold (``past``: 'A poor summer "severely affected" demand')."""
    lead = view[start:end]
    words = lead.split()
    if not words or words[0].lower().strip(",") in _TURNS:
        return False
    return any(w.lower() in _BACKSHIFTED for w in words) or after in _BACKSHIFTED or past


#: a verb phrase in the past tense in marks: an adverb in -ly allowed before ("severely affected")
_PAST_VERB = lazy(r"(?:[a-z]+ly[ \u00a0]+)?[a-z]{3,}ed")


def _past_verb(view: str, q: Quote) -> bool:
    """The marks hold a past-tense verb (an adverb before it allowed) with its object right after
    (a word follows the closing mark: 'A poor summer "severely affected" demand for ice cream'):
    the sentence's own verb, in the tense of the report before."""
    return _PAST_VERB.fullmatch(view, q.start, q.end) is not None and _first_after(view, q, len(view)) != ""


#: closed-class grammar: the auxiliaries of a paraphrase going on (back-shifted, or a forecast's "will")
_BACKSHIFTED = frozenset(("was", "were", "had", "would", "could", "will"))


def _first_after(view: str, q: Quote, end: int) -> str:
    """The first word right after the closing mark (lower case; "" at punctuation or the end)."""
    m = _WORD.match(view, q.close_end + 1) if view[q.close_end:q.close_end + 1] == " " else None
    return m.group().lower() if m is not None and m.end() <= end else ""


def _words_outside_marks(doc: Document, view: str, start: int, end: int):
    """The words (letters only, lower-cased) in start..end outside quotation marks."""
    mask = doc.quote_mask
    for m in re.finditer(r"[^\W\d_]+", view[start:end]):
        if mask is None or not mask[start + m.start()]:
            yield m.group().lower()


def _speech_in(doc: Document, view: str, start: int, end: int) -> bool:
    """A verb of saying that reports a clause ("said", "told", "warned": the cue lexicon's
    ``reports``), in an inflected form outside the marks in start..end."""
    from .lexicon import cues

    lex = cues()
    for w in _words_outside_marks(doc, view, start, end):
        form = lex.forms.get(w)
        if form is not None and form[0] != w and form[0] in lex.reporting and w not in lex.nounlike:
            return True
    return False


def _reported_in(doc: Document, view: str, start: int, end: int) -> bool:
    """A reporting verb (not one that is also a noun) or a modal of reported content
    (``_PROJECTED``) outside the marks in start..end: a fragment in that sentence is part of what
    someone is reported to say, or of the plan or report whose content the sentence states, not
    the writer's doubt about a word."""
    from .lexicon import cues

    lex = cues()
    for w in _words_outside_marks(doc, view, start, end):
        if w in _PROJECTED:
            return True
        form = lex.forms.get(w)
        # (an inflected form only: a bare "state" or "report" is as often a noun)
        if form is not None and form[0] != w and w not in lex.nounlike and w not in lex.not_next:
            return True
    return False


def _reports_before(doc: Document, view: str, start: int, end: int) -> str | None:
    """A verb form that reports, in start..end (the sentence up to the marks), outside quotation
    marks, of the kinds ``_reported_in`` leaves out as too often a noun, where the grammar says it
    is a verb: the bare form of a verb that reports a clause and is no noun ("both say his pledges
    are …"), not after a determiner; the past or -ing form of a verb that is also a noun ("a judge
    claimed …", "a story claiming …", "is reported to be …", "after reporting …"), not after a
    determiner ("the stated aim") nor before "of" ("the reporting of"). A part of a hyphenated
    word ("add-ons") is no verb, and one in another clause than the marks does not count. Returns the verb's form (lower case), else None."""
    from .lexicon import cues

    lex = cues()
    mask = doc.quote_mask
    words = [m for m in _LETTER_RUN.finditer(view, start, end) if mask is None or not mask[m.start()]]
    for n, m in enumerate(words):
        w = m.group().lower()
        form = lex.forms.get(w)
        if form is None or w in lex.not_next or view[m.end():m.end() + 1] == "-" or view[m.start() - 1:m.start()] == "-":
            continue
        before = words[n - 1].group().lower() if n else ""
        if before in _DETERMINERS:
            continue
        if _CLAUSE_BREAK.search(view, m.end(), end):
            continue  # the marks stand in another clause ("praised it; the "reforms" then cost jobs")
        if form[0] == w:
            if w in lex.reporting and w not in lex.nounlike:
                return w
        elif w in lex.nounlike and w.endswith(("ed", "ing")) \
                and (n + 1 == len(words) or words[n + 1].group().lower() != "of"):
            return w
    return None


#: what ends a clause between a verb and the marks (closed-class punctuation and coordinators)
_CLAUSE_BREAK = lazy(r"[;:()\[\]—–]|\s-\s|,\s+(?:and|or|but|while|which|who)\s")


_LETTER_RUN = lazy(r"[^\W\d_]+")
#: closed-class grammar: determiners and possessives, after which a verb's form is a noun or an adjective
_DETERMINERS = frozenset("a an the this that these those its his her their our my your every each no".split())
