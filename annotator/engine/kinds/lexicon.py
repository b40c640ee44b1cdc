"""lexicon: listed words and phrases, whole-word, case-insensitive, with
inflections of the listed lemmas.

Options: the ``Options`` model below (``WordsOptions``, the word-list options,
are shared with substitution and metric); ``pos`` is told from a word's neighbours
by ``pos_fits``.  Message fields: {match}, ``FIELDS``.
"""

from __future__ import annotations

import re
from functools import cache

from ..inflect import forms
from ...lazyre import lazy
from .options import lazy_models

#: the fields a message or suggestion template may use besides {match} and {rule}
FIELDS = frozenset({"word", "note"})
__getattr__ = lazy_models(__name__, ("Options", "WordsOptions"), lambda: _options_models())


@cache
def _options_models() -> dict:
    from typing import Literal

    from pydantic import Field

    from ...models import Inflect, KindOptions, LexiconItem, PartOfSpeech

    class WordsOptions(KindOptions):
        """The options of a word list (lexicon, substitution and metric rules)."""

        words: list[LexiconItem] = Field(default_factory=list, description="inline entries")
        lexicon: str | list[str] | None = Field(None, description="name(s) of rules/lexicons/<name>.yaml to add")
        inflect: Inflect = Field("none", description="add inflected forms: verb (-s, -ed, -ing) or noun (plural)")
        case_sensitive: bool = False
        not_before: list[str] = Field(default_factory=list, description="skip a hit followed by one of these words, or by its object noun phrase with one of them as head (\"admitted two charges of\")")
        not_after: list[str] = Field(default_factory=list, description="skip a hit preceded by one of these words")
        pos: PartOfSpeech | None = Field(
            None, description="the part of speech flagged: verb (not after a determiner or possessive: \"the "
            "claim\"), adjective (not a verb with its object, a preposition, a number or an adverb after it: "
            "\"leading in the polls\", \"battering the coast\"), noun (not after a subject pronoun, a modal or \"to\")")
        skip_names: bool = Field(
            False, description="skip a capitalised hit next to another capitalised word inside a sentence (a name or "
                               "a title)"
        )
        elided_noun: bool = Field(
            False, description="skip a hit opened by a bare quantifier (some, many, most ...) when earlier in its "
                               "sentence the same kind of quantifier stands before a plural noun: in 'some firms "
                               "raised prices, but many said costs rose faster' the many are firms named there; "
                               "or a proportion of a plural group stands earlier in its sentence or, when the "
                               "quantifier opens its sentence, in the sentence before ('4% of mobile owners "
                               "plan to upgrade. Many said ...': the survey's respondents)"
        )
        named_next: bool = Field(
            False, description="skip a hit when the next sentence opens with a whole quotation whose speaker is "
                               "named (a person or organisation) and no other source speaks between: 'Some analysts see "
                               "a rescue. \"It was needed,\" said Jo Bell, an analyst' names one of them"
        )

    class Options(WordsOptions):
        house_list: Literal["reject"] | None = Field(
            None, description="reject: take the words to flag from the configuration's reject list (accept lists "
                              "words that never fire, so it cannot be a rule's words)"
        )

    return {"WordsOptions": WordsOptions, "Options": Options}

_NEXT_WORD = None  # compiled on first use (not at start-up)
# prev_word() finds what _PREV_WORD.search(view, max(0, start - 40), start) would, by hand
_PREV_WORD = r"([\w’'-]+)[\s\"“”‘’'(),:;—–-]*$"


def register(engine, slot: int, entries: list[dict], default_inflect: str, matcher=None) -> None:
    """Add every form of every entry to the shared matcher (or to ``matcher``); for a
    case-sensitive rule, note each entry's forms as written (``_case_forms``) now, with the
    engine, so that checking never runs the inflector."""
    m = engine.matcher if matcher is None else matcher
    case = engine.specs[slot].options.get("case_sensitive") if matcher is None else False
    for idx, e in enumerate(entries):
        if case:
            _case_forms(e)
        how = e.get("inflect") or default_inflect
        for key, form in forms(e["word"], how):
            m.add(form, (slot, idx, key))
        extra = e.get("forms")
        if extra:
            # an explicit form takes the key of the regular form it equals ("fumed" -> ed), so a
            # substitution inflects its replacement alike
            keys = {f: k for k, f in forms(e["word"], "verb")}
            for form in extra:
                m.add(form, (slot, idx, keys.get(form.lower(), "base")))


def next_word(view: str, end: int) -> str:
    global _NEXT_WORD
    if _NEXT_WORD is None:
        _NEXT_WORD = re.compile(r"[\s\"“”‘’'(),:;—–-]*([\w’'-]+)")
    m = _NEXT_WORD.match(view, end, min(len(view), end + 40))
    return m.group(1).lower().replace("’", "'") if m else ""


#: closed-class grammar, not vocabulary: what may open a noun phrase before its head ("admitted
#: two charges", "slammed the door", "claimed a third title"); not "that", which opens a clause
_NP_OPENERS = frozenset(
    "a an the his her its their our your my these those both all each every several some any no "
    "one two three four five six seven eight nine ten eleven twelve further more other another "
    "separate additional "
    # quantifiers before a number or a plural ("claimed at least 150,000 lives", "more than
    # 200", "thousands of lives", "nearly all the")
    "at least most more than fewer nearly almost about around over hundreds thousands "
    "millions dozens tens scores of".split()
)
#: at most this many such words are skipped to the head of the object
NP_OPENERS_MAX = 4
#: capitalised words at most read past before the head of an object ("Dubai Sevens glory")
NAMES_MAX = 3
#: closed-class grammar: words after which a noun phrase has ended ("two charges of …", "any
#: wrongdoing and …"); a verb there instead makes the noun the subject of a clause ("claimed the
#: record is …"), which the verb reports
_NP_ENDS = frozenset(
    "of in on at by to into from over for against with about after before under since during "
    "along across around through throughout among between within near "
    "and or but while when as than "
    "last this next yesterday today "
    # a relative clause after the object ("blasted in a shot that the keeper parried")
    "that which".split()
)
#: adverb particles a verb may take before its object ("blasted in a shot", "fired home a
#: penalty"): read past one when a noun phrase opens after it
_PARTICLES = frozenset("in home".split())


def _before_excluded(view: str, end: int, words) -> bool:
    """Whether the word after a hit is one of ``words``, or, past a run of determiners and
    numerals, the head of a noun phrase that is the hit's object is: ``not_before: [charges]``
    reads "admitted two charges of theft" and "admitted one felony count" as it reads "admitted
    charges", but "claimed the record is patchy" is a claim (the noun phrase is a clause's
    subject). The head is the first word after the run, or the second after one modifier; or,
    after up to NAMES_MAX capitalised words that name it ("claim Dubai Sevens glory"), the
    lower-case word that follows them."""
    w = next_word(view, end)
    if w in words:
        return True
    pos = end
    if w in _PARTICLES:
        after = _after_word(view, pos)
        if next_word(view, after) in _NP_OPENERS:
            pos = after
            w = next_word(view, pos)
    opened = False
    for _ in range(NP_OPENERS_MAX):
        if not (w in _NP_OPENERS or w[:1].isdigit()):
            break
        opened = True
        pos = _after_word(view, pos)
        w = next_word(view, pos)
    # names before the head, as modifiers ("claim Dubai Sevens glory", "claimed the Six
    # Nations title"): read past the capitalised words to a lower-case head
    names = 0
    while names < NAMES_MAX and _capitalised_at(view, pos):
        names += 1
        pos = _after_word(view, pos)
    if names:
        m = _LOWER_HEAD.match(view, pos)
        return m is not None and m.group(1).replace("’", "'") in words and _np_ends(view, m.end())
    if not opened:
        return False
    for _ in range(2):  # the head, or a modifier and the head ("one felony count")
        pos = _after_word(view, pos)
        if w in words and _np_ends(view, pos):
            return True
        w = next_word(view, pos)
    return False


#: a lower-case word right after a space: the head after the names that modify it
_LOWER_HEAD = lazy(r"[ \t\u00a0]+([a-z][\w’'-]*)")


def _capitalised_at(view: str, pos: int) -> bool:
    """Whether the next word from ``pos`` starts with a capital letter."""
    n = len(view)
    while pos < n and not _is_wordch(view[pos]):
        if view[pos] in ".,;:!?\n":
            return False
        pos += 1
    return pos < n and view[pos].isupper()


def _np_ends(view: str, pos: int) -> bool:
    """Whether a noun phrase may end at ``pos``: punctuation, the end of the text, or a
    preposition or conjunction next."""
    n = len(view)
    while pos < n and view[pos] in " \t\u00a0":
        pos += 1
    if pos >= n or not _is_wordch(view[pos]):
        return True
    return next_word(view, pos) in _NP_ENDS


def _after_word(view: str, pos: int) -> int:
    """The offset just after the next word from ``pos`` (as ``next_word`` reads it)."""
    n = len(view)
    while pos < n and not _is_wordch(view[pos]):
        pos += 1
    while pos < n and _is_wordch(view[pos]):
        pos += 1
    return pos


def prev_word(view: str, start: int) -> str:
    """The word before ``start`` (past quotation marks, brackets and dashes), as
    ``re.compile(_PREV_WORD).search(view, max(0, start - 40), start)`` finds it, without
    trying each of the 40 start positions: the leftmost match is the word run
    that ends where the trailing separators begin (or at the first word
    character among them), and its group runs to the end of that word run."""
    lo = max(0, start - 40)
    t = start
    while t > lo and _is_sep(view[t - 1]):
        t -= 1
    if t > lo and _is_wordch(view[t - 1]):
        q = t
    else:
        q = t
        while q < start and not _is_wordch(view[q]):
            q += 1
        if q == start:
            return ""
        q += 1
    p = q - 1
    while p > lo and _is_wordch(view[p - 1]):
        p -= 1
    r = q
    while r < start and _is_wordch(view[r]):
        r += 1
    return view[p:r].lower().replace("’", "'")


def _is_wordch(c: str) -> bool:
    return c.isalnum() or c in "_’'-"


def _is_sep(c: str) -> bool:
    return c.isspace() or c in _SEPS


_SEPS = frozenset("\"“”‘’'(),:;—–-")


def word_hits(ctx, slot: int, spec, entries: list[dict], with_index: bool = False):
    """(start, end, entry, key) of this rule's hits that count: in scope, not
    accepted by the house vocabulary, not next to an excluded word; with
    ``with_index``, (start, end, entry, key, index of the entry)."""
    hits = ctx.hits.get(slot)
    if not hits:
        return ()
    view = ctx.view
    opts = spec.options
    case = opts["case_sensitive"]
    not_before = opts["not_before"]
    not_after = opts["not_after"]
    accept = ctx.settings.accept
    names = opts["skip_names"]
    named_next = opts.get("named_next")
    elided = opts.get("elided_noun")
    scope = spec.scope
    everywhere = "all" in scope
    in_scope = ctx.in_writer if len(scope) == 1 and scope[0] == "writer" else None
    out = []
    for s, e, idx, key in hits:
        entry = entries[idx]
        if case and ctx.word_text(s, e) not in _case_forms(entry):
            continue
        if accept and (ctx.word_text(s, e).lower().replace("’", "'") in accept or entry["word"].lower() in accept):
            continue
        nb = entry.get("not_before") or not_before
        if nb and _before_excluded(view, e, nb):
            continue
        na = entry.get("not_after") or not_after
        if na and prev_word(view, s) in na:
            continue
        if not everywhere and not (in_scope(s, e) if in_scope is not None else ctx.in_scope(scope, s, e)):
            continue
        if names and view[s].isupper() and in_name(ctx, view, s, e):
            continue
        pos = entry.get("pos") or opts.get("pos")
        if pos and not pos_fits(view, s, e, pos):
            continue
        if named_next and named_quote_next(ctx, s, e):
            continue
        if elided and _bare_quantifier(entry) and elided_noun(ctx, s):
            continue
        comp = entry.get("complement")
        if comp:
            from .complement import fits

            if not fits(view, s, e, comp):
                continue
        out.append((s, e, entry, key, idx) if with_index else (s, e, entry, key))
    return out


_DETERMINERS = frozenset("the a an his her its their our your my this these those every each no any some such "
                         "mere".split())
_PREPOSITIONS = frozenset("in on at by to into onto from over for against with about after before behind under "
                          "through towards toward among between across around past than".split())
_OBJECTS = _DETERMINERS | frozenset("them him us me it you".split())
_SUBJECTS = frozenset("i you he she we they".split())
_MODALS = _SUBJECTS | frozenset("will would can could may might must should shall to not n't".split())
#: 's that is "is" or "has", not a possessive ("he's claimed")
_NOT_POSSESSIVE = frozenset("he she it that there who what where here let".split())


def pos_fits(view: str, s: int, e: int, pos: str) -> bool:
    """Whether the hit at s..e reads as ``pos``, by a light rule on its neighbours (no
    tagger): a verb is not after a determiner or a possessive ("North Korea's claim",
    "the claims", "mere grumbling"); an adjective is not a verb form with an object, a
    preposition, a number or an adverb after it, nor after a subject pronoun ("leading
    in the polls", "leading 18-12", "battering the coast", "as they celebrated"); a noun
    is not after a subject pronoun, a modal or "to"."""
    if pos == "verb":
        p = prev_word(view, s)
        if p in _DETERMINERS:
            return False
        if p.endswith("'s") and p[:-2] not in _NOT_POSSESSIVE:
            return False
        if len(p) > 2 and p.endswith("s'"):
            return False
        return not _noun_by_frame(view, s, e, p)
    if pos == "adjective":
        if prev_word(view, s) in _SUBJECTS:
            return False
        n = next_word(view, e)
        if not n:
            return True
        return not (n in _OBJECTS or n in _PREPOSITIONS or n[0].isdigit() or (len(n) > 4 and n.endswith("ly")))
    if pos == "noun":
        return prev_word(view, s) not in _MODALS
    return True


#: auxiliaries and modals: a finite verb is never followed by one at once, a noun often is ("all
#: claims would be processed", "the claim was rejected")
_AUXILIARIES = (_MODALS - _SUBJECTS - {"to", "not", "n't"}) | frozenset("is are was were has have had".split())
#: a relative or interrogative word before the hit: its clause may have lost its subject to it ("what
#: he claims would happen", "which the party claims will save money", "how many jobs Labour claims
#: will be lost"), where a verb is followed by one
_EXTRACTION = lazy(r"\b(?:what|which|who|whom|that|how)\b", re.IGNORECASE)
#: a preposition that never opens a clause, then one modifier before the hit: the head of a noun
#: phrase ("amid opposition claims he was", "hit back at Labour claims", "over 'charade' claims")
_PREP_MODIFIER = lazy(r"(?<![\w’'-])(amid|amidst|despite|over|against|about|at|into|regarding|concerning|following|"
                      r"under|behind|of)\s+[\"'‘“]?[\w’'-]+[\"'’”]?[ \u00a0]+$", re.IGNORECASE)
#: of those prepositions, the ones that open an adverbial only, never a noun's own phrase; the others
#: ("of", "at", "about", "behind", …) may end the subject's ("The Mayor of London slams", "An analyst
#: at Barclays claims", "the man behind Napster claims"): there the noun only when the clause has
#: shown a subject pronoun or a verb in -ed ("said", "told") before the preposition ("he hit back at
#: Labour claims", "rated 32% of Republican claims")
_ADVERBIAL_PREPS = frozenset("amid amidst despite regarding concerning following".split())
#: how far back a clause is read for that subject or verb
_CLAUSE_BACK_CHARS = 80


#: a relative or demonstrative word right before the hit leaves no room for the subject it would
#: have taken ("That claim was repeated", "said that claims would be processed"): the noun
_WH_RIGHT_BEFORE = frozenset("that which what".split())


def _noun_by_frame(view: str, s: int, e: int, prev: str) -> bool:
    """Whether a word that is a verb or a noun ("claims", "attack") stands where only the noun
    can: followed by an auxiliary, or after a preposition and one modifier. Only a base or -s
    form can be a noun ("claimed", "claiming" are verbs)."""
    word = view[s:e]
    if word.endswith(("ed", "ing")) or " " in word:
        return False
    # (right after it, past spaces only: "Labour claims – would anyone doubt it – that" is the verb)
    if view[e:e + 1].isspace() and next_word(view, e) in _AUXILIARIES and view[e:e + 40].lstrip()[:1].isalpha() \
            and prev not in _SUBJECTS and (prev in _WH_RIGHT_BEFORE or not _EXTRACTION.search(view, max(0, s - 40), s)):
        return True
    m = _PREP_MODIFIER.search(view, max(0, s - 40), s)
    if m is None:
        return False
    if m.group(1).lower() in _ADVERBIAL_PREPS:
        return True
    lo = max(0, m.start() - _CLAUSE_BACK_CHARS)
    clause = view[lo:m.start()]
    cut = max(clause.rfind(c) for c in ".!?;:\n")
    return any(w in _SUBJECTS or w.endswith("ed") or w in ("said", "told")
               for w in re.findall(r"[a-z]+", clause[cut + 1:].lower()))


#: the speaker kinds that name who speaks (not anonymous, a group, a document or unknown)
_NAMED_KINDS = frozenset(("person", "organization"))


def named_quote_next(ctx, start: int, end: int) -> bool:
    """Whether the sentence after the hit's opens with a whole quotation whose speaker is named
    there (a person or an organisation, not a pronoun: "Some analysts see a rescue. "Without it
    they were done," said Jo Bell, president of a retail firm"): the vague source is at once given
    a name and a voice. Not when another source speaks between them ("critics say X, but
    advocates say Y"), and not for a fragment or a reported view, which may as well be the
    other side's."""
    doc = ctx.doc
    here = doc.sentence_at(end - 1)
    if here is None:
        return False
    after = doc.sentence_at(here.end)
    if after is None:
        k = here.end
        view = ctx.view
        while k < len(view) and view[k] in " \t\r\n\u00a0":
            k += 1
        after = doc.sentence_at(k)
    if after is None:
        return False
    view = ctx.view
    q = next((q for q in doc.quotes if q.open_start >= after.start), None)
    if q is None or q.kind not in ("direct", "block") or q.speaker is None or view[after.start:q.open_start].strip():
        return False
    m = q.speaker
    if not m.text[:1].isupper() or m.text.lower() in _pronouns():
        return False
    sp = ctx.speakers.get(m.speaker or "")
    if sp is None or sp.kind not in _NAMED_KINDS:
        return False
    for a in getattr(doc, "attributions", None) or ():
        c, src = a.cue, a.source
        if c is not None and src is not None and end <= c.start < q.open_start and not (src.start < end and start < src.end):
            return False  # another source speaks between ("but advocates say")
    return True


#: closed-class grammar: the quantifiers that stand for a noun left out ("but many said")
_QUANTIFIERS = frozenset("some many most several few".split())
#: a quantifier, then a plural noun ("some firms", "many of the clubs")
_QUANTIFIED = lazy(r"\b(?:some|many|most|several|few|all)\s+(?:of\s+the\s+)?[a-z]{3,}s\b", re.IGNORECASE)


#: a proportion of a plural group, as a poll or a survey gives it ("4% of mobile owners", "half of all
#: voters", "two-thirds of the firms")
_PROPORTION = lazy(r"(?:\b\d+(?:\.\d+)?\s?(?:%|per\s?cent\b)|\b(?:half|a\s+(?:third|quarter|fifth|tenth)|"
                   r"two-thirds|three-quarters|the\s+majority|a\s+majority))\s+of\s+(?:the\s+|all\s+)?"
                   r"(?:[a-z][\w-]*\s+){0,2}[a-z]{3,}s\b", re.IGNORECASE)


def _bare_quantifier(entry: dict) -> bool:
    """An entry of a quantifier and a verb ("many {say}"), not of a noun ("many analysts")."""
    words = entry["word"].split()
    return len(words) == 2 and words[0].lower() in _QUANTIFIERS and words[1].startswith("{")


def elided_noun(ctx, start: int) -> bool:
    """Whether the hit opens with a bare quantifier ("many said") whose noun the sentence gave
    before it ("some firms managed to raise prices - but many said ..."): the firms, a group
    named in the text, not an unnamed crowd."""
    view = ctx.view
    first = view[start:start + 8].split(None, 1)[0].lower() if view[start:start + 8].strip() else ""
    if first not in _QUANTIFIERS:
        return False
    sent = ctx.doc.sentence_at(start)
    if sent is None:
        return False
    if sent.start < start and (_QUANTIFIED.search(view, sent.start, start) is not None
                               or _PROPORTION.search(view, sent.start, start) is not None):
        return True
    if view[sent.start:start].strip(" \t\u00a0\"“‘'([—–-"):
        return False
    # opening its sentence: the group of a proportion in the sentence before ("only 4% of mobile
    # owners were thinking of upgrading. Many said they were confused": a survey's respondents)
    k = sent.start
    while k > 0 and view[k - 1] in " \t\u00a0":
        k -= 1
    before = ctx.doc.sentence_at(k - 1) if k > 0 and view[k - 1] not in "\n" else None
    return before is not None and _PROPORTION.search(view, before.start, sent.start) is not None


def _pronouns() -> frozenset:
    from ...analysis.lexicon import people

    return frozenset(people().pronoun_class)


_GAP = " \t\u00a0"


def in_name(ctx, view: str, s: int, e: int) -> bool:
    """A title-case hit inside a paragraph, not the first word of its sentence,
    with a capitalised word right before or after it (spaces only between):
    part of a name or a title ("Warren Lush said", "Best Buy", "A Series of
    Unfortunate Events"). Headings are left alone (title case is their style)."""
    if e - s > 1 and view[s + 1].isupper():
        return False  # an acronym or shouting, not a name
    b = ctx.block_at(s)
    if b is None or b.kind in ("headline", "subheading"):
        return False
    sent = ctx.doc.sentence_at(s)
    first = sent.start if sent is not None else b.start
    if not view[first:s].strip(" \t\u00a0\"“”‘’'([—–-"):
        return False  # the first word of a sentence is capitalised anyway
    p = s
    while p > first and view[p - 1] in _GAP:
        p -= 1
    if p < s and p > first:
        q = p
        while q > first and _is_wordch(view[q - 1]):
            q -= 1
        if q < p and view[q].isupper():
            return True
    n = e
    end = len(view)
    while n < end and view[n] in _GAP:
        n += 1
    return n > e and n < end and view[n].isupper()


def _case_forms(entry: dict) -> set:
    cached = entry.get("_case")
    if cached is None:
        cached = {f for _, f in forms(entry["word"], entry.get("inflect") or "none")} | set(entry.get("forms") or ())
        cached |= {f for f in list(cached)}
        entry["_case"] = cached
    return cached


def drop_contained(findings: list) -> list:
    """Of one rule's hits, one per phrase: where they overlap, the first and longest ("it is widely
    believed" over "believed"; "many experts" over "experts said" in "many experts said")."""
    if len(findings) < 2:
        return findings
    findings.sort(key=lambda f: (f.start, -f.end))
    out = []
    last_end = -1
    for f in findings:
        if f.start < last_end:
            continue
        out.append(f)
        last_end = max(last_end, f.end)
    return out


class Kind:
    def __init__(self, engine, slots: list[int]):
        self.engine = engine
        self.slots = []
        self.house = []
        for slot in slots:
            spec = engine.specs[slot]
            if spec.options["house_list"]:
                self.house.append(slot)
            if spec.options["words"]:
                register(engine, slot, spec.options["words"], spec.options["inflect"])
                self.slots.append(slot)

    def run(self, ctx) -> None:
        active = ctx.settings.active
        for slot in self.slots:
            if not active[slot]:
                continue
            spec = self.engine.specs[slot]
            entries = spec.options["words"]
            start = len(ctx.findings)
            for s, e, entry, _ in word_hits(ctx, slot, spec, entries):
                ctx.add(slot, s, e, {"word": entry["word"].replace("{", "").replace("}", ""),
                                     "note": entry.get("note", "")},
                        confidence=entry.get("confidence"))
            if len(ctx.findings) - start > 1:
                ctx.findings[start:] = drop_contained(ctx.findings[start:])
        for slot in self.house:
            if active[slot]:
                self._house(ctx, slot)

    def _house(self, ctx, slot: int) -> None:
        """Words from the configuration's reject list: each hit is a finding (``house_list: reject``,
        the only value the rule schema allows)."""
        spec = self.engine.specs[slot]
        matcher, entries = ctx.settings.house_matcher(slot)
        if matcher is None:
            return
        for s, e, payloads in ctx.find_words(matcher):
            if not ctx.in_scope(spec.scope, s, e):
                continue
            idx = payloads[0][1]
            entry = entries[idx]
            ctx.add(slot, s, e, {"word": entry["word"], "note": entry.get("note", "")},
                    suggestion=entry.get("replacement") and f'use "{entry["replacement"]}"')
