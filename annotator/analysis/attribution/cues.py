"""Cues: the reporting verbs and phrases of a document ("said", "according to", "told").

Contract: ``find_cues(doc)`` returns every cue of the lexicon (``rules/lexicons/cues.yaml``) found in
the document's prose outside quotations, in text order, without overlaps (the longer form wins), as
``Cue(start, end, text, lemma, stance)``; noun, adjective and name uses of a form ("the claims", "the
United States") are left out by ``verb_context``. ``extend_cue`` widens a cue over the auxiliaries and
adverbs that belong to the verb group ("has said", "also told"), as attribution corpora mark it.
"""

from __future__ import annotations

from functools import lru_cache

from ...document import Cue, Document, Mention, stretches_between_quotes
from ...lazyre import lazy
from ..lexicon import attribution_words
from ..lexicon import cues as cue_lexicon
from ..lexicon import people as people_lexicon

_WORDS = attribution_words()  # the open-class vocabulary: rules/lexicons/attribution.yaml

#: cues whose source follows them or stands inside them ("according to X, …", "in the words of X, …",
#: "in her words, …"): no subject before them, no verb group
SOURCE_AFTER = frozenset(("according to", "in the words of"))
#: the possessive pronouns of "in her words" and the like: the cue's own source (closed-class
#: grammar, not vocabulary)
_INNER_SOURCE = frozenset("her his their its".split())

#: characters read before a cue form for the words before it ("the claims", "Ryan's comments"), and
#: after it for the word after it ("emails contained")
CONTEXT_BEFORE_CHARS = 24
CONTEXT_AFTER_CHARS = 16

_WS = str.maketrans({"\n": " ", "\t": " ", "\r": " ", "\u00a0": " ", "\u2009": " ", "\u202f": " "})


def find_cues(doc: Document) -> list[Cue]:
    """Every reporting cue in the document's prose outside quotations, in order."""
    lex = cue_lexicon()
    view = doc.view
    low = view.lower()
    if len(low) != len(view):  # a few characters lower-case to two; keep offsets
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in view)
    if "\n" in low:
        low = low.replace("\n", " ")
    if "\u00a0" in low:
        low = low.replace("\u00a0", " ")
    if "\t" in low or "\r" in low:
        low = low.translate(_WS)
    mask = doc.quote_mask
    out = []
    n = len(low)
    last_end = -1
    for a, b in _outside_quotes(low, mask, _form_characters(lex)):
        # (a slice: the automaton copies all of the text it is given, whatever the bounds)
        for end, form in lex.automaton.iter(low[a:b]):
            start = a + end - len(form) + 1
            end += a + 1
            if (start > 0 and (low[start - 1].isalnum() or low[start - 1] in "-'’")) or (
                end < n and (low[end].isalnum() or low[end] in "-'’")
            ):
                continue
            if mask is not None and mask[start]:
                continue
            if start < last_end:  # overlapping: keep the longer ("pointed out" over "point")
                if out and end - start > out[-1].end - out[-1].start:
                    out.pop()
                else:
                    continue
            lemma, stance = lex.forms[form]
            if not verb_context(view, start, form, lex, lemma):
                continue
            out.append(Cue(start, end, view[start:end], lemma, stance))
            last_end = end
    return out


@lru_cache(maxsize=4)
def _form_characters(lex) -> frozenset[str]:
    return frozenset("".join(lex.forms))


def _outside_quotes(low: str, mask: bytearray | None, chars: frozenset[str]) -> list[tuple[int, int]]:
    """The stretches of the text the lexicon's automaton need read: all of it but the
    quotations (a form that starts inside one is no cue) that no form can run into, their
    first character being none of the forms' ``chars`` (an opening mark): a form that starts
    before such a quotation ends before it, so that each stretch is read on its own."""
    return stretches_between_quotes(mask, len(low), lambda b, after: low[b] not in chars)


# closed-class grammar, not vocabulary: determiners and quantifiers after which a cue form is a noun
_NOUN_BEFORE = frozenset(
    "a an the his her their its our my your these those such this that many several few various "
    "numerous other".split()
)
# closed-class grammar, not vocabulary: prepositions, after which a cue form in -s that is also a
# noun is the noun ("over claims", "amid reports", "despite warnings")
_PREPOSITIONS = frozenset(
    "over into amid amidst despite about following against on upon with without under after before since "
    "among between from in at by for through".split()
)
# closed-class grammar, not vocabulary: articles and quantifiers ("many Asian states")
_QUANTIFIERS = frozenset("a an the many some several few all most both various numerous other these those".split())
# closed-class grammar, not vocabulary: cardinal numbers, after which (one word between at most) a
# cue form in -s is a plural noun ("six new pledges", "two reports")
_CARDINALS = frozenset(
    "two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty hundred "
    "thousand million".split()
)
# closed-class grammar, not vocabulary: modals (and "to") before a bare verb
_MODALS = frozenset("will would could should may might must can shall to".split())
# after a third-person -s form, these words show it was a plural noun:
# "Clinton emails contained", "the claims were": the auxiliaries, prepositions and conjunctions
# here (closed-class grammar, not vocabulary) and the lexicon's `plural_noun_verbs`
_NOUN_AFTER = frozenset("are were have had of from about and or by".split()) | _WORDS["plural_noun_verbs"]


def _cardinal(word: str) -> bool:
    return word.lower() in _CARDINALS or word.isdigit()


def _is_speaker_word(word: str) -> bool:
    kinds = people_lexicon().noun_kind
    return word in kinds or (word.endswith("s") and word[:-1] in kinds)


def verb_context(view: str, start: int, form: str, lex=None, lemma: str = "") -> bool:
    """Reject noun, adjective and proper-noun uses of a cue form: 'the
    claims', 'a noted scholar', "Ryan's comments", 'the United States'."""
    if lemma in SOURCE_AFTER and form != "according to":
        # "in her words" opens its sentence or is set off by a comma: not "voters believe in his words"
        lead = view[max(0, start - CONTEXT_BEFORE_CHARS):start]
        tail = lead.rstrip()
        return not tail or "\n" in lead[len(tail):] or tail[-1] in ".?!:;,(—–-\"“”‘’'"
    if form in ("according to", "in a statement", "in an interview"):
        return True
    before = view[max(0, start - CONTEXT_BEFORE_CHARS):start]
    words = before.split()
    prev = words[-1].lower() if words else ""
    if prev.endswith(("'s", "’s", "s'", "s’")) and len(prev) > 2 and prev[0].isalpha():
        return False  # "Ryan's comments", "Pyongyang's claims"
    if prev in _NOUN_BEFORE:
        return False
    if (
        len(words) >= 2 and words[-1][:1].isupper() and form.endswith("s")
        and words[-2].lower() in _QUANTIFIERS and words[-2].lower() not in ("a", "an", "the")
    ):
        return False  # "many Asian states" (but "the Republican said")
    if view[start].isupper():
        # capitalised mid-sentence: part of a name ("the United States"),
        # unless a comma shows a clause boundary ("Murphy, …, Tweeted")
        tail = before.rstrip()
        if tail and tail[-1] not in ".?!:\"“”‘’'—-(\n," and words:
            return False
    if form.endswith("s") and not form.endswith("ss") and words and (
            _cardinal(words[-1]) or (len(words) >= 2 and _cardinal(words[-2]) and words[-1].islower())):
        return False  # "Labour's six new pledges", "the 12 claims" (a count, then a plural noun)
    if prev == "of" and not form.endswith("ing"):
        return False  # "secretary of state"
    if view[start:start + len(form)].isupper():
        return False  # an upper-case heading ("TELLING OF THE CRISIS")
    if prev in ("of", "for", "about", "without", "after", "since") and form.endswith("ing"):
        return False  # "accused the moderators of asking", "scolded Romney for suggesting"
    first = form.split()[0]
    nxt = view[start + len(form):start + len(form) + CONTEXT_AFTER_CHARS].split()
    nxt_word = nxt[0].lower().strip(".,;:") if nxt else ""
    if lex is not None and form in lex.nounlike:
        if first.endswith("s") and not first.endswith("ss") and nxt_word in _NOUN_AFTER:
            return False  # "Clinton emails contained", "the claims were"
        if prev in _QUANTIFIERS or prev in ("dozen", "dozens", "hundreds", "thousands", "millions"):
            return False  # "a dozen states"
        if first.endswith("s") and not first.endswith("ss") and prev in _PREPOSITIONS:
            return False  # "investigated over claims its campaign broke the rules": no verb after a preposition
        if (
            len(words) >= 2 and words[-2].lower() in _NOUN_BEFORE and not words[-1][:1].isupper()
            and not _is_speaker_word(words[-1].lower().strip(",;:"))
        ):
            return False  # "her recovered emails" (but "the document states")
        if (
            len(words) >= 3 and words[-3].lower() in _NOUN_BEFORE and words[-2].lower().endswith("ly")
            and words[-1].isalpha() and words[-1].islower() and not words[-1].endswith("ly")
            and not _is_speaker_word(words[-1])
        ):
            return False  # "a highly critical report" (an adverb, then an adjective: still a noun)
        if (
            len(words) >= 2 and words[-2].endswith(("'s", "’s")) and words[-1][:1].islower()
            and not _is_speaker_word(words[-1].lower().strip(",;:"))
        ):
            return False  # "the council's finance report" (but "the firm's spokesman reported")
    allowed = lex.base_next.get(lemma) if lex is not None else None
    if allowed is not None and form == lemma:
        after_char = view[start + len(form):start + len(form) + 1]
        if after_char and after_char in ".,;:!?":
            nxt_word = "."  # the form ends the clause: "“…,” it read."
        if nxt_word not in allowed:
            return False  # "a state senator", not "the Saudis state in"
    if lex is not None and nxt_word in lex.not_next.get(form, ()):
        return False  # "will continue to be", "thanks to"
    return True




# the auxiliaries and adverbs of a cue's verb group ("has also said", "would not say", "has been
# saying", "declined to say"): attribution corpora mark them as part of the cue (PolNeAR's train set
# takes an infinitive's "to" into the cue 183 times in 189); the auxiliaries, negations and "to" here
# are closed-class grammar, not vocabulary, the adverbs the lexicon's `group_adverbs`
_GROUP_WORDS = frozenset(
    "has have had will would is are was were been could can should may might must did does do not n't "
    "to".split()
) | _WORDS["group_adverbs"]
#: at most this many words of a verb group before the cue's verb, in at most so many characters
GROUP_MAX_WORDS = 4
GROUP_MAX_CHARS = 48
# closed-class grammar, not vocabulary: the auxiliaries of a contracted negation ("won't", "didn't")
_NOT_STEMS = ("wo", "ca", "is", "was", "did", "does", "do", "has", "have", "had", "would", "could", "should")
_GROUP = lazy(
    r"(?<![\w'’])(?:(?:%s|(?:%s)n['’]t)[ \u00a0]+){1,%d}$"
    % ("|".join(sorted(_GROUP_WORDS, key=len, reverse=True)), "|".join(_NOT_STEMS), GROUP_MAX_WORDS)
)
# the words a verb group can end with, right before the cue and its space: a lead whose last word is
# none of them (most: "Trump said", "the report found") has no group, and the pattern need not be
# searched (a set: the last word is looked up, not every ending tried)
_GROUP_LAST = frozenset(_GROUP_WORDS) | frozenset(stem + "n" + a + "t" for stem in _NOT_STEMS for a in "'’")
# the medium right after a verb of saying belongs to the cue: "said in a statement" (PolNeAR marks it
# so about two times in three; "in an interview" about one time in four, so not that one)
_MEDIUM = tuple(sorted(_WORDS["cue_media"], key=lambda m: (-len(m), m)))  # (the longest first)
#: characters read after a cue for its medium: the space before the longest, and one character after
#: it to see that the medium ends there (a fixed 20 missed " in a written statement")
MEDIUM_SCAN_CHARS = max((len(m) for m in _MEDIUM), default=0) + 2
_MEDIUM_STARTS = frozenset(m[:2] for m in _MEDIUM)  # (their first two letters: most cues have none after them)
_PARTICLES = tuple(sorted(_WORDS["cue_particles"], key=len, reverse=True))
_PARTICLE_ENDINGS = tuple(" " + w for w in _PARTICLES)  # (a cue that ends in one already: "call for")
# the preposition right after a cue that introduces its content belongs to the cue ("asked about",
# "warned against", "agreed with", "apologized for"): the lexicon's `cue_particles`; not before a
# number or a span of time ("said for years")
_PARTICLE = lazy(r"[ \u00a0](%s)[ \u00a0]+(?![0-9]|(?:years|months|weeks|days|decades|hours|a long time|some time)\b)"
                 % "|".join(_PARTICLES)) if _PARTICLES else None


def _last_word(lead: str) -> str:
    """The last word of a lead ending in white space, without the punctuation before it (the pattern
    then checks what stands before the group)."""
    words = lead.rsplit(None, 1)
    word = words[-1] if words else ""
    k = 0
    while k < len(word) and not word[k].isalnum():
        k += 1
    return word[k:]


def verb_group(view: str, cue: Cue, floor: int = 0) -> Cue:
    """The cue widened over the auxiliaries and adverbs before it, over the verb or adjective that
    governs its infinitive ("declined to say", "was quick to point out"), and over a medium right
    after a verb of saying ("has also said in a statement") or the preposition that introduces its
    content ("asked about"); never before ``floor`` (the sentence's start)."""
    if cue.lemma in SOURCE_AFTER or cue.lemma in ("in a statement", "in an interview") or cue.text == ":":
        return cue
    start = _over_group(view, floor, cue.start)
    if start < cue.start and view.startswith("to ", start):
        start = _control(view, floor, start)
    end = cue.end
    tail = view[end:end + MEDIUM_SCAN_CHARS].lower()
    for m in _MEDIUM if tail[1:3] in _MEDIUM_STARTS else ():
        if tail.startswith(" " + m) and not tail[len(m) + 1:len(m) + 2].isalnum():
            end += len(m) + 1
            break
    else:
        p = _PARTICLE.match(view, end) if _PARTICLE is not None else None
        if p is not None and not cue.text.lower().endswith(_PARTICLE_ENDINGS):
            end = p.end(1)
    if start == cue.start and end == cue.end:
        return cue
    return Cue(start, end, view[start:end], cue.lemma, cue.stance)


_CONTROL = _WORDS["control_words"]
#: at most this many words in a word that governs a cue's infinitive ("went on")
CONTROL_MAX_WORDS = max((len(w.split()) for w in _CONTROL), default=0)


def _control(view: str, floor: int, start: int) -> int:
    """'declined to say', 'was quick to point out': the start of a verb group whose infinitive
    ``to`` starts at ``start``, widened over the verb or adjective that governs it (the lexicon's
    `control_words`) and the auxiliaries and adverbs before that."""
    lead = view[max(floor, start - GROUP_MAX_CHARS):start]
    words = [m.start() for m in _NON_SPACE.finditer(lead)]  # where each word of the lead starts
    for n in range(CONTROL_MAX_WORDS, 0, -1):
        # (by its position, not by searching the lead for the word: it may recur in the words after it)
        if len(words) >= n and " ".join(lead[words[-n]:].split()).lower() in _CONTROL:
            return _over_group(view, floor, start - (len(lead) - words[-n]))
    return start


_NON_SPACE = lazy(r"\S+")


def _over_group(view: str, floor: int, start: int) -> int:
    """``start`` moved back over the auxiliaries and adverbs right before it ("has also"), never
    before ``floor``."""
    lead = view[max(floor, start - GROUP_MAX_CHARS):start]
    if lead[-1:] in (" ", "\u00a0") and _last_word(lead) in _GROUP_LAST:
        m = _GROUP.search(lead)
        if m is not None and m.start() < m.end():
            start -= len(lead) - m.start()
    return start


def inner_source(cue: Cue) -> Mention | None:
    """The source written inside a cue: "her" in "in her words", else None."""
    words = cue.text.split()
    if cue.lemma not in SOURCE_AFTER or len(words) < 2 or words[1].lower() not in _INNER_SOURCE:
        return None
    start = cue.start + cue.text.index(words[1], len(words[0]))
    return Mention(start, start + len(words[1]), words[1])
