"""Attribution: who said each quotation, and with which reporting cue.

Patterns, tried in this order for each top-level quotation:

1. after the quotation, in the same sentence (or a short sentence right
   after it, for ``"…?" Trump said.``): ``"…," X said`` (X may carry an
   appositive or a clause: ``X, a spokesman for Y, said``), ``"…," said X``,
   ``"…," according to X``, ``"…" X told OUTLET``;
2. before it, in the same sentence: ``X said: "…"``, ``X said … "partial"``,
   ``According to X, "…"``, ``In a statement, X said "…"``, participles
   (``X blasted the plan, calling it "absurd"`` -> X) and the second half of
   a split quotation (``"…," X said, "…"``), taking the nearest cue that has
   a subject;
3. no cue of its own: a quotation that opens a sentence (or continues one
   from the paragraph before) takes the last speaker of the same or the
   previous paragraph, from a quotation or an indirect speech event.

The speaker is the mention as written (a name, "the Russian president",
"he", "a spokesman"); ``speakers.resolve`` gives each mention a name.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from operator import itemgetter

from ...document import Cue, Document, Mention, Quote
from ..lexicon import attribution_words
from ..lexicon import cues as cue_lexicon
from ..lexicon import past_forms
from ..lexicon import people as people_lexicon
from .cues import _MODALS, SOURCE_AFTER, find_cues, inner_source
from .tokens import _QUOTE, _SPACED_TOKEN, Tok, tokenize

_WORDS = attribution_words()  # the open-class vocabulary: rules/lexicons/attribution.yaml

# closed-class grammar, not vocabulary: the auxiliaries (and negations, contracted "is"/"has") of a
# verb group; with the lexicon's `verb_adverbs`, what may stand between a subject and its cue
_AUXILIARIES = frozenset(
    "has have had was were is are be been being will would could should may might must can did does do "
    "not n't 's".split()
)
_AUX = _AUXILIARIES | _WORDS["verb_adverbs"]
#: an auxiliary or modal right after a word ends the subject it heads: that word is a noun ("pirated
#: Windows programs would …"), never a finite verb (not "being": "she recalls being told")
_AUX_AFTER_NOUN = _AUXILIARIES - {"not", "n't", "'s", "being"}
_TIME_WORDS = _WORDS["time_words"]
_CONNECTORS = _WORDS["name_connectors"]
_MODIFIERS = _WORDS["modifiers"]
# closed-class grammar, not vocabulary: determiners, numerals and possessives opening a noun phrase
_DETERMINERS = frozenset(
    "a an the another one two three several many some his her their its our my your "
    "other both each this these those".split()
)
_ROLE_WORDS = _WORDS["role_words"]
# closed-class grammar, not vocabulary: the forms of the verbs that make their object do what the
# infinitive after it says, and say it was done ("led viewers to complain"; not "asked them to
# say", which says nothing was said)
_CAUSATIVE = _WORDS["causative_verbs"]
_DENIAL = _WORDS["denial_cues"]
_ACCUSATION = _WORDS["accusation_nouns"]
# closed-class grammar, not vocabulary: conjunctions, prepositions, pronouns and forms of "be"
# that end a noun phrase
_NP_STOP = frozenset(
    "and or but that which when while where because as if than to by on at in into from "
    "with without about after before during since until who whom whose not no nor so "
    "this that these those there here it is was are were be been".split()
)
# closed-class grammar, not vocabulary: prepositions inside a speaker's noun phrase
_PREP_IN_NP = frozenset("for of at with from in".split())
# the prepositions between a subject's head and the noun phrase that ends it ("an associate of",
# "traders on", "residents in"): closed-class grammar, not vocabulary
_HEAD_PREPS = frozenset("of on in at from".split())
# closed-class grammar: the prepositions and conjunctions that open an adverbial after an adverb
# opening a sentence ("Shortly after", "Soon before", "Only when")
_INTRO_PREPS = frozenset("after before since until once when while during following in at on".split())
# closed-class grammar: the units of the calendar, and the words that make them a time before a
# verb ("who this week criticised", "which last year said")
_CALENDAR_UNITS = frozenset("week weekend month year morning afternoon evening night spring summer autumn winter".split())
_DEICTIC_TIME = frozenset("this last next that".split())
# closed-class grammar: the auxiliaries of a passive ("was described as")
_PASSIVE_AUX = frozenset("is are was were be been being".split())
# closed-class grammar: the words that open an adverbial clause ("when", "after"), and the pronouns
# that open the clause after it
_SUBORDINATORS = frozenset("when after before once while because since until although though".split())
_CLAUSE_PRONOUNS = frozenset("he she they we i".split())
# closed-class grammar: conjunctions and adverbs that may open a clause before its subject
_CLAUSE_OPENERS = frozenset("but and so yet still meanwhile then now".split())
# the endings of adverbs that no name has (morphology, not vocabulary): "possibly", "originally"
_ADVERB_SUFFIXES = ("ally", "ibly", "ably", "ously", "ively", "edly", "ingly", "fully", "ently", "antly")
# closed-class grammar: degree words before a count ("just 54%", "nearly half")
_DEGREE_BEFORE_COUNT = frozenset("just only about nearly almost around some roughly".split())
#: at most this many tokens between "with" and the participle of an absolute clause
ABSOLUTE_MAX_TOKENS = 7
# closed-class grammar: the prepositions after a document's noun that name what it is about ("a report
# into the agency", "a letter to the council"); a participle after their object belongs to the document
_PP_HEAD_PREPS = frozenset("into on about to against of over".split())
#: at most this many determiners, adjectives and quoted words between such a preposition and the noun
PP_HEAD_MAX_TOKENS = 3
# the marks that open an item of a list (closed-class typography)
_LIST_MARKERS = frozenset("- * • – —".split())
#: at most this many lower-case descriptors between such a preposition and a name ("of former oil boss")
HEAD_DESCRIPTOR_MAX_TOKENS = 3
# closed-class grammar, not vocabulary: the pronouns that may be a speaker
_PRONOUN_SPEAKERS = frozenset("he she they it we i who".split())
_NAMING = _WORDS["naming_verbs"]
# closed-class grammar, not vocabulary: what may link a participle to the clause before it
_PARTICIPLE_LINK = frozenset(",  and before after while by then".split())


#: at most this many tokens of an outlet or role after a roundup line's name ('Sam Lee, Daily Planet: "…"')
ROUNDUP_MAX_WORDS = 6
#: characters read after a quotation for the noun of accusation it may stand before ("'charade' claims")
ACCUSATION_SCAN_CHARS = 20
#: at most this many tokens in an action beat before a quotation ('She shook her head. "No."')
BEAT_MAX_TOKENS = 8
BEAT_MAX_CHARS = 80
#: cues looked at before a quotation in its sentence (real sentences have a few)
_MAX_CUES_BEFORE = 16
#: a speaker noun phrase after a cue ("said the port's longtime director") runs at most this many tokens
NP_MAX_TOKENS = 12
#: at most this many tokens from the comma before a cue back to the comma after its subject ("X, a
#: spokesman for Y, said")
APPOSITIVE_MAX_TOKENS = 24
#: a window of at most this many characters (a sentence of ordinary length) is tokenized once for
#: all its cues; a longer one only around each cue, so many characters before and after it
WINDOW_CACHE_CHARS = 400
WINDOW_BEFORE_CHARS = 220
WINDOW_AFTER_CHARS = 140
#: a dateline in capitals ("DECATUR, Ill. —") ends at a dash within this many tokens
DATELINE_MAX_TOKENS = 8
#: an opening adverbial ("Early in his campaign,") ends at a comma within this many tokens
INTRO_MAX_TOKENS = 16
#: a cue's window holds at least this many tokens past the cue (the readers of a window but
#: ``np_starting_at`` look at most two past it), read on from this many characters past it
HEAD_AFTER_TOKENS = 3
HEAD_AFTER_CHARS = 24
#: characters of a sentence read for its subject
SUBJECT_SCAN_CHARS = 300
#: a dash credit ('"…" — Ben Jacobs'): characters read after the dash, and the longest next
#: paragraph that may be one
DASH_CREDIT_MAX_CHARS = 120
#: a quotation that ends its sentence runs on into a next sentence of at most this many characters
#: ('"…" Trump said.'), twice as many after "?" or "!"
RUNON_MAX_CHARS = 160
#: characters after a quotation searched for its cue
AFTER_QUOTE_CHARS = 180
#: a cue after a quotation starts within this many tokens of it (past its punctuation)
CUE_AFTER_MAX_TOKENS = 18
#: a cue at most this many tokens after a quotation takes the whole stretch before it as its
#: subject ("White House press secretary Josh Earnest told reporters")
SUBJECT_STRETCH_MAX_TOKENS = 14
#: an inverted cue after a comma at most this many tokens after a quotation ('"…" if she didn't
#: win by more, said X')
INVERTED_MAX_TOKENS = 24
#: characters looked back for the word before a first name's later mention
NAME_LOOKBACK_CHARS = 30
#: characters looked back for a modal before a cue ("would say")
MODAL_LOOKBACK_CHARS = 20
# (closed-class grammar, not vocabulary) a token that ends the clause a reporting verb reports ('X said Y did …', cues.yaml `reports`): coordination, punctuation, a relative
# pronoun or a subordinating conjunction starts a clause of its own
_CLAUSE_BREAK = frozenset((
    ",", ";", ":", "(", "—", "–", "and", "but", "which", "who", "whom", "as", "while", "after", "before",
    "when", "because", "if", "since", "though", "although", "where", "until", "unless",
))


# a token's start (Tok.start) and a speech event's offset, as keys of bisections: tuples' first
# fields, read in C (a Python function called at every probe cost more than the search itself)
_tok_start = itemgetter(0)
_event_offset = itemgetter(0)


def has_quote_token(view: str, start: int, end: int, mask) -> bool:
    """Whether ``tokenize(view, start, end, mask)`` would hold a quoted
    stretch, found without tokenizing the whole window (tokens never span
    white space, so the scan starts again just after the white space before
    each masked stretch)."""
    if mask is None:
        return False
    i = mask.find(1, start, end)
    while i >= 0:
        j = i
        while j > start and not view[j - 1].isspace():
            j -= 1
        stop = mask.find(0, i, end)
        if stop < 0:
            stop = end
        for m in _SPACED_TOKEN.finditer(view, j, end):
            s = m.start(2)  # (the token's start, after its white space)
            if s >= stop:
                break
            if mask[s]:
                return True
        i = mask.find(1, stop, end)
    return False


def _is_participle(cue: Cue) -> bool:
    return cue.lemma not in SOURCE_AFTER and cue.text.lower().split()[0].endswith("ing")


def _cap(t: Tok) -> bool:
    return t.text[:1].isupper()


def _sentence_adverb(word: str) -> bool:
    """Whether a capitalised word is an adverb by its suffix ("Possibly", "Originally"): a stem of
    two letters or more before it ("Sally", "Wally" are names) and no capital inside ("McNally")."""
    low = word.lower()
    return any(low.endswith(x) and len(low) - len(x) >= 2 for x in _ADVERB_SUFFIXES) and word[1:].islower()


def _cue_start(c: Cue) -> int:
    return c.start


class Attributor:
    def __init__(self, doc: Document):
        self.doc = doc
        self.view = doc.view
        self.people = people_lexicon()
        lex = cue_lexicon()
        self.cue_forms = lex.quote_forms
        self.reporting = lex.reporting  # lemmas whose object is the reported clause
        #: every cue, and those that attribute quotations (not the relation-only ones: "a poll found")
        self.all_cues = find_cues(doc)
        self.cues = [c for c in self.all_cues if c.lemma not in lex.relation_only] if lex.relation_only else self.all_cues
        self.cue_starts = [c.start for c in self.cues]
        # speech events (offset, paragraph, mention, cue), quoted or indirect
        self.events: list[tuple[int, int, Mention, Cue | None]] = []
        self._event_words: set[str] = set()  # words of the events' mentions (_known_speaker)
        self._full_name_end: dict[str, int] = {}  # name -> end of its first full-name use, or -1
        self._tokens: dict[tuple[int, int], list[Tok]] = {}
        self._heads: dict[tuple[int, int], tuple[list[Tok], int]] = {}  # (_head) the first tokens, and where they stop
        # speaker_for_cue's answers that read no speech event (the quotation pass asks about a
        # cue, the relations ask again): (start, end, text) of the mention, or None
        self._speakers: dict[tuple, tuple[int, int, str] | None] = {}
        self._participles = 0  # calls of _participle_speaker, the one path that reads the events
        # indirect speech events are worked out lazily, when a continuation
        # or a participle needs them
        self._pending = self._indirect_candidates()
        self._pending_at = 0
        self._used: set[int] = set()
        self._floor = 0  # candidates before this offset are never needed again
        #: sentences whose speech event is a quotation's attribution
        self.quoted_sentences: set[int] = set()
        #: where the titles of works in marks open (no one's words: never an inverted attribution's quotation)
        self.titles = {q.open_start for q in doc.quotes if q.kind == "title"}

    def cues_between(self, start: int, end: int) -> list[Cue]:
        i = bisect_left(self.cue_starts, start)
        j = bisect_left(self.cue_starts, end, i)
        return self.cues[i:j]

    # ---- noun phrases --------------------------------------------------------------
    def _name_word(self, t: Tok) -> bool:
        lex = self.people
        return _cap(t) and t.text not in lex.not_names and t.text not in lex.days and t.text not in lex.months

    def np_ending_at(self, toks: list[Tok], j: int, floor: int = 0) -> tuple[int, int] | None:
        """Token range [i, j] of a speaker noun phrase ending at token j."""
        if j < floor:
            return None
        t = toks[j]
        if t.low in _PRONOUN_SPEAKERS:
            return (j, j)
        lex = self.people
        i = j
        if self._name_word(t):
            k = j - 1
            while k >= floor:
                tk = toks[k]
                if self._name_word(tk) and not (
                    tk.text.isupper() and len(tk.text) > 1 and not toks[i].text.isupper()
                ):
                    i = k  # (an upper-case kicker before a name is not part of it)
                elif tk.text in ("The", "the"):
                    i = k
                    break
                elif tk.low in _CONNECTORS and k > floor and self._name_word(toks[k - 1]):
                    i = k
                elif tk.text == "." and k > floor and (
                    toks[k - 1].text + "." in lex.title_gender or (len(toks[k - 1].text) == 1 and toks[k - 1].text.isupper())
                ):
                    i = k  # "Sen." / the initial in "Harry M. Reid"
                elif tk.low in _MODIFIERS or tk.low in _ROLE_WORDS or (
                    tk.text.endswith(("’s", "'s")) and self._name_word(tk)
                ):
                    i = k  # "White House press secretary Josh Earnest", "Trump’s rival"
                elif tk.low in ("a", "an") and i < j:
                    i = k
                    break
                elif tk.low in ("in", "at", "from") and i == k + 1 and k > floor and self._name_word(toks[k - 1]) \
                        and not toks[k - 1].text.isupper():
                    i = k  # "The BBC's David Willey in Rome", "David Noone from Intervoice": where they speak from
                else:
                    break
                k -= 1
            return (i, j)
        if t.low in ("two", "three", "four") and j > floor and toks[j - 1].low == "the":
            return (j - 1, j)  # "the two write"
        if t.text in ("One", "Another") and (j == floor or not toks[j - 1].text[:1].isalnum()) and not (
            j + 1 < len(toks) and toks[j + 1].low in _MODALS
        ):
            # "Some staff are angry. One told the paper …": one of a group named before, the
            # whole subject of its sentence (an anonymous source); not the generic "One could argue"
            return (j, j)
        if not t.text[:1].isalpha() or t.low in _NP_STOP or t.low in _AUX or t.low in _DETERMINERS:
            return None
        head_known = self._speaker_noun(t.low)
        k = j - 1
        lower_run = 0
        while k >= floor:
            tk = toks[k]
            if tk.low in _DETERMINERS or (_counts(tk.text) and k == j - 1 and t.low.endswith("s")):
                return (k, j)  # "the heckler", "12 viewers" (not "the Votes at 16 alliance")
            if tk.low in _PREP_IN_NP and k > floor and (self._speaker_noun(toks[k - 1].low) or self._name_word(toks[k - 1])):
                i = k
            elif tk.text.endswith(("’s", "'s")):
                i = k
            elif self._name_word(tk):
                i = k
            elif (
                tk.text[:1].isalpha() and tk.low not in _NP_STOP and tk.low not in _AUX
                and lower_run < 3 and tk.low not in self.cue_forms
            ):
                lower_run += 1
                i = k
            elif tk.text == "-":
                i = k
            else:
                break
            k -= 1
        if head_known:
            return (i, j)
        if j > floor and self._name_word(toks[j - 1]) and t.low.endswith("s"):
            return (i, j)  # "Clinton supporters", "Andrean High School fans"
        return None  # an unknown common noun needs a determiner: "the heckler"

    def _person_head(self, toks: list[Tok], np: tuple[int, int]) -> bool:
        """A naming verb ('called it …') needs a person: a name, a pronoun, a role."""
        head = toks[np[1]]
        if self._name_word(head) or head.low in _PRONOUN_SPEAKERS:
            return True
        kind = self.people.noun_kind.get(head.low) or self.people.noun_kind.get(head.low[:-1])
        return kind in ("role", "anonymous") and toks[np[0]].low not in ("a", "an")

    def _known_head(self, t: Tok) -> bool:
        return self._name_word(t) or t.low in _PRONOUN_SPEAKERS or self._speaker_noun(t.low)

    def _speaker_noun(self, word: str) -> bool:
        kinds = self.people.noun_kind
        if "-" in word:
            word = word.rsplit("-", 1)[1]  # "co-chairman", "vice-president", "ex-minister": the last part's kind
        return word in kinds or (word.endswith("s") and word[:-1] in kinds)

    def np_starting_at(self, toks: list[Tok], i: int) -> tuple[int, int] | None:
        """Token range of a speaker noun phrase starting at token i (after 'said', 'according to')."""
        if i >= len(toks):
            return None
        t = toks[i]
        if t.low in _PRONOUN_SPEAKERS and t.low != "who":
            return (i, i)
        lex = self.people
        j = i
        has_head = False
        k = i
        while k < len(toks) and k - i < NP_MAX_TOKENS:
            tk = toks[k]
            if _cap(tk) and tk.text != _QUOTE and tk.text not in lex.days and tk.text not in lex.months and (
                tk.text not in lex.not_names or (k == i and (tk.text in ("The", "A", "An") or (
                    tk.text == "One" and k + 1 < len(toks) and toks[k + 1].low == "of")))
            ):
                if tk.text not in ("The", "A", "An", "One"):
                    has_head = True
                j = k
            elif tk.low == "of" and k == i + 1 and toks[i].text == "One":
                j = k
            elif tk.low in _DETERMINERS or tk.low in _MODIFIERS:
                if has_head and tk.low in _DETERMINERS:
                    break
                j = k
            elif self._speaker_noun(tk.low):
                has_head = True
                j = k
            elif tk.text == "." and k > i and toks[k - 1].text + "." in lex.title_gender:
                j = k
            elif tk.text.endswith(("’s", "'s")) and not has_head:
                j = k
            elif tk.low in _PREP_IN_NP and has_head and k + 1 < len(toks) and (
                _cap(toks[k + 1]) or toks[k + 1].low in _DETERMINERS
                or (tk.low == "of" and toks[j].low in _ROLE_WORDS and toks[k + 1].text.isalpha())
            ):
                j = k  # "a spokesman for the campaign", "the secretary of state"
            elif (
                (tk.text[:1].isalpha() and tk.text[:1].islower() or tk.text[:1].isdigit()) and tk.low not in _NP_STOP
                and tk.low not in _AUX and not has_head and tk.low not in self.cue_forms
            ):
                j = k  # an adjective before the head: "a senior official"
            elif (
                has_head and tk.text[:1].islower() and tk.low not in _NP_STOP and tk.low not in self.cue_forms
                and any(self._speaker_noun(x.low) for x in toks[k:k + 2])
            ):
                j = k  # "a former U.S. law enforcement official"
            else:
                break
            k += 1
        if not has_head:
            # "said the 46-year-old." / "the heckler yelled": a determiner and a
            # noun that closes the phrase
            if t.low in ("the", "a", "an", "this", "another", "one") and 0 < j - i <= 2 and (
                j + 1 >= len(toks) or toks[j + 1].text in ",.;:!?)"
            ):
                return (i, j)  # "said the 46-year-old.", "wrote one commenter."
            if t.low in ("another", "others", "one") and j == i and (
                i + 1 >= len(toks) or toks[i + 1].text in ",.;:!?)"
            ):
                return (i, i)  # "tweeted another."
            return None
        while j > i and (toks[j].low in _PREP_IN_NP or toks[j].low in _DETERMINERS):
            j -= 1
        return (i, j)

    def subject_of(self, toks: list[Tok], ci: int, floor: int = 0) -> tuple[int, int] | None:
        """Subject noun phrase of the cue at token ci (the tokens before it)."""
        j = ci - 1
        lex = self.people
        while j >= floor:
            t = toks[j]
            if t.low in _AUX or (t.low.endswith("ly") and len(t.low) > 4 and t.text.islower()) or t.low in _TIME_WORDS:
                j -= 1
                continue
            if (t.text in lex.days or t.text in lex.months) and j - 1 >= floor and toks[j - 1].low in ("on", "last", "this", "in"):
                j -= 2
                continue
            if t.text.isdigit() and j - 2 >= floor and toks[j - 1].text in lex.months:
                j -= 3 if toks[j - 2].low == "on" else 2
                continue
            if t.low in _CALENDAR_UNITS and j - 1 >= floor and toks[j - 1].low in _DEICTIC_TIME:
                j -= 2  # "Allawi, who this week criticised …": a time, not the subject
                continue
            break
        if j >= floor and toks[j].text == ")":
            # "Sen. Marco Rubio (R-Fla.) said"
            k = j - 1
            while k >= floor and toks[k].text != "(" and j - k < 8:
                k -= 1
            if k > floor and toks[k].text == "(":
                np = self.np_ending_at(toks, k - 1, floor)
                if np is not None:
                    return (np[0], j)
        if j < floor:
            return None
        if toks[j].text == ",":
            # X, a spokesman for Y, said / X, who …, said / X, in a statement, said
            k = j - 1
            while k >= floor and toks[k].text not in ",;:" and toks[k].text != _QUOTE and j - k < APPOSITIVE_MAX_TOKENS:
                k -= 1
            if k >= floor + 1 and toks[k].text == "," and j - k >= 2:
                e = k - 1
                if toks[e].text == ")":  # "Sen. Claire McCaskill (D-Mo.), who …, said"
                    while e > floor and toks[e].text != "(" and k - e < 8:
                        e -= 1
                    e -= 1
                np = self.np_ending_at(toks, e, floor) if e >= floor else None
                if np is not None and (self._name_word(toks[np[1]]) or toks[np[1]].low in _PRONOUN_SPEAKERS or self._speaker_noun(toks[np[1]].low)):
                    if np[0] > floor:
                        first = self._opening_apposed(toks, floor, np[0] - 1)
                        if first is not None:
                            return first
                    return self._with_head(toks, np, floor)
            return None
        if toks[j].low in ("which", "that") and j - 1 >= floor:
            # "exporter organisations which have publicly stated …": the relative pronoun stands
            # for the noun phrase before it, when that is a speaker
            e = j - 2 if toks[j - 1].text == "," else j - 1
            np = self.np_ending_at(toks, e, floor) if e >= floor else None
            if np is not None and self._known_head(toks[np[1]]) and toks[np[1]].low not in _PRONOUN_SPEAKERS:
                return self._with_head(toks, np, floor)
            return None
        np = self.np_ending_at(toks, j, floor)
        if np is None:
            return np
        return self._relative_head(toks, np, floor) or self._with_head(toks, np, floor)

    def _opening_apposed(self, toks: list[Tok], floor: int, before: int) -> tuple[int, int] | None:
        """'Andrew Fisher, from Omaha, Nebraska, said', 'Lady Hale, sitting with Lords Bingham, Steyn,
        Hope and Carswell, said': the name before the cue's appositive does not open its clause (it
        is one more item of an appositive with commas of its own; ``before``: the token before it),
        and is not the subject. The subject is the name that opens the clause, right before the
        first comma (or apposed to a short description or an opening adverbial there: "His creator,
        Richard Bowden, …", "In Washington, Ana Ruiz, the director, said"); None if the name is
        apposed to that opening ("The Lord Chief Justice, Lord Woolf, who …, said": Lord Woolf
        stays), or if the opening name has a clause of its own before the cue's ("Tom Vik, 45, told
        reporters that Ana Ruiz, a nurse, said", "…, watched as Ana Ruiz, …, said": Ana Ruiz)."""
        s = self.doc.sentence_at(toks[floor].start)
        if s is None or s.start != toks[floor].start:
            return None  # (a window that does not reach the sentence's start: its opening unknown)
        i = floor
        while i < before and toks[i].low in _CLAUSE_OPENERS:
            i += 1
        first = self.np_starting_at(toks, i)
        if first is None or not self._name_word(toks[first[1]]):
            # "His creator, Richard Bowden, lecturer at …": a short description, then the name
            # apposed to it
            c = i
            while c < min(before, i + 5) and toks[c].text != ",":
                c += 1
            named = self.np_starting_at(toks, c + 1) if c < before and toks[c].text == "," else None
            if named is not None and self._name_word(toks[named[1]]):
                first = named
        if first is None or first[1] + 1 >= before or toks[first[1] + 1].text != "," \
                or not self._name_word(toks[first[1]]) or before - first[1] > 2 * APPOSITIVE_MAX_TOKENS:
            return None
        if toks[before].low in ("and", "or") or any(t.text in (";", ":", _QUOTE) for t in toks[first[1] + 1:before]):
            return None  # ("Tom Vik, the mayor, and Ana Ruiz, the director, said": two subjects)
        stretch = toks[first[1] + 1:before + 1]
        relative = any(t.low in ("who", "which", "whose") for t in stretch)  # (its verbs are the clause's)
        b = toks[before].low
        if b in _SUBORDINATORS or b in ("that", "if", "whether") or (b == "as" and toks[before - 1].low != "well") or (
                self._verb_like(b, False) and not relative):
            # ("Tom Vik, the mayor, watched as Ana Ruiz, the director, said", "…, left before Ana
            # Ruiz, …, said", "…, met Ana Ruiz, …": the name before the cue's appositive opens a
            # clause of its own, or is a verb's object; "as well as the Dock Boys" is one more item)
            return None
        if relative:
            return first  # ("Ms Arnold, who helped found EDGE, a group based in Leeds, said": Arnold)
        k = bisect_left(self.all_cues, stretch[0].start, key=_cue_start)
        if (k < len(self.all_cues) and self.all_cues[k].start < stretch[-1].end) or any(
                t.low == "that" or (t.low in _AUX_AFTER_NOUN and p.text == ",") for p, t in zip(stretch, stretch[1:])):
            # ("Tom Vik, 45, told reporters that Ana Ruiz, a nurse, said", "Tom Vik, 45, was sure Ana
            # Ruiz, a nurse, said": the opening name has a verb of its own; the cue is Ana Ruiz's)
            return None
        return first

    def _relative_head(self, toks: list[Tok], np: tuple[int, int], floor: int) -> tuple[int, int] | None:
        """'The barrister who had represented Mr Lee had said …': the noun phrase before the cue is
        the object of a relative clause's verb; the subject is the noun phrase the "who" follows."""
        k = np[0] - 1
        if k <= floor + 1 or not (toks[k].low.endswith("ed") or toks[k].low in past_forms()):
            return None
        k -= 1
        while k > floor and toks[k].low in _AUX:
            k -= 1
        if toks[k].low != "who":
            return None
        head = self.np_ending_at(toks, k - 1, floor)
        if head is None or toks[head[1]].low in _PRONOUN_SPEAKERS:
            return None
        return head

    def _with_head(self, toks: list[Tok], np: tuple[int, int], floor: int) -> tuple[int, int]:
        """'A close associate of Ivan Petrov told …', 'Traders on Station Road claimed …': the
        subject's head is the speaker noun before the preposition, not the name after it (the last
        noun phrase before the cue). Not after "for" or "by": "a spokeswoman for YouTube" speaks for
        YouTube (its source span is widened in sources.py)."""
        k = np[0] - 1
        if k <= floor:
            return np  # (no room for a head and a preposition before it; nor a token before the floor read)
        if toks[k].low not in _HEAD_PREPS and not (toks[k].text.islower() and self._name_word(toks[np[1]])):
            return np  # (most subjects: no preposition or descriptor before them)
        while k > floor and np[0] - k <= HEAD_DESCRIPTOR_MAX_TOKENS and toks[k].low not in _HEAD_PREPS and (
            (toks[k].text.isalpha() and toks[k].text.islower() and toks[k].low not in _NP_STOP and toks[k].low not in _AUX and toks[k].low not in _DETERMINERS
             and toks[k].low not in self.cue_forms) or (self._name_word(toks[k]) and k < np[0] - 1)
        ):
            k -= 1  # "of former oil boss Ivan Petrov", "of former Yukos boss …": the descriptors before the name
        if k - 1 < floor or toks[k].low not in _HEAD_PREPS or not self._speaker_noun(toks[k - 1].low):
            return np
        head = self.np_ending_at(toks, k - 1, floor)
        return (head[0], np[1]) if head is not None else np

    # ---- mentions and cues ----------------------------------------------------------
    def mention(self, toks: list[Tok], rng: tuple[int, int]) -> Mention:
        a, b = toks[rng[0]], toks[rng[1]]
        return Mention(a.start, b.end, self.view[a.start:b.end])

    @staticmethod
    def token_at(toks: list[Tok], offset: int) -> int:
        n = bisect_left(toks, offset, key=_tok_start)  # tokens are in order: no scan per cue
        return n if n < len(toks) and toks[n].start == offset else -1

    @staticmethod
    def token_after(toks: list[Tok], offset: int) -> int:
        return bisect_left(toks, offset, key=_tok_start)

    def window(self, start: int, cue: Cue, end: int) -> list[Tok]:
        """Tokens around a cue, within [start, end): enough for a subject with
        an appositive before it and a noun phrase after it.  A sentence of
        ordinary length is tokenized once for all its cues, and only as far as
        its cues need: up to a few tokens past the last one asked about
        (``_head``); ``_all`` reads on to its end, for a noun phrase after a cue."""
        if end - start <= WINDOW_CACHE_CHARS:
            return self._head(start, cue, end)
        a = max(start, cue.start - WINDOW_BEFORE_CHARS)
        if a > start:
            sp = self.view.find(" ", a, cue.start)
            a = sp + 1 if sp >= 0 else cue.start
        b = min(end, cue.end + WINDOW_AFTER_CHARS)
        key = (a, b)
        toks = self._tokens.get(key)
        if toks is None:
            toks = tokenize(self.view, a, b, self.doc.quote_mask)
            self._tokens[key] = toks
        return toks

    def _all(self, toks: list[Tok], start: int, end: int) -> list[Tok]:
        """The tokens of a cue's window, ``toks``, read on to the end of the window."""
        return self._whole(start, end) if end - start <= WINDOW_CACHE_CHARS else toks

    def _whole(self, start: int, end: int) -> list[Tok]:
        """The tokens of [start, end), kept (shared: never changed by a reader); read on from
        where ``_head`` stopped, when it did."""
        key = (start, end)
        toks = self._tokens.get(key)
        if toks is None:
            toks, stop = self._heads.pop(key, ((), start))
            toks = self._tokens[key] = [*toks, *tokenize(self.view, stop, end, self.doc.quote_mask)]
        return toks

    def _head(self, start: int, cue: Cue, end: int) -> list[Tok]:
        """The first tokens of the sentence [start, end): through ``cue`` and at least
        HEAD_AFTER_TOKENS past it (all of them when the sentence ends first), kept with the
        offset where reading stopped, and read on from there for a later cue.

        Reading stops only at a space outside quotations after an ordinary token (not a
        quotation's placeholder, which joins a quoted stretch right after the space): the tokens
        of the sentence are then those before the stop followed by those after it, since the
        tokenizer looks neither back nor ahead of a token. Every reader of these tokens reads
        no further than HEAD_AFTER_TOKENS past its cue, but ``np_starting_at``: give it ``_all``."""
        key = (start, end)
        toks = self._tokens.get(key)
        if toks is not None:
            return toks
        toks, stop = self._heads.get(key, ((), start))
        if stop > cue.end and len(toks) - bisect_left(toks, cue.end, key=_tok_start) >= HEAD_AFTER_TOKENS:
            return toks
        view, mask = self.view, self.doc.quote_mask
        cut = view.find(" ", max(stop, cue.end + HEAD_AFTER_CHARS), end)
        if cut < 0 or (mask is not None and mask[cut]):
            return self._whole(start, end)
        toks = [*toks, *tokenize(view, stop, cut, mask)]
        if not toks or toks[-1].text == _QUOTE or \
                len(toks) - bisect_left(toks, cue.end, key=_tok_start) < HEAD_AFTER_TOKENS:
            return self._whole(start, end)
        self._heads[key] = (toks, cut)
        return toks

    def tokens(self, start: int, end: int) -> list[Tok]:
        """``tokenize(view, start, end, mask)``, taken from the tokens of the sentence holding
        [start, end) when that sentence is short enough to be tokenized whole (``window``): a
        sentence is tokenized once for all the patterns that read it. (Exact: the tokenizer looks
        neither back nor ahead of a token, so a stretch that no token of the sentence crosses has
        the sentence's tokens inside it; otherwise the stretch is tokenized alone.)"""
        s = self.doc.sentence_at(start)
        if s is not None and end <= s.end and s.end - s.start <= WINDOW_CACHE_CHARS:
            toks = self._whole(s.start, s.end)
            i = bisect_left(toks, start, key=_tok_start)
            j = bisect_left(toks, end, i, key=_tok_start)
            if (i == 0 or toks[i - 1].end <= start) and (j == i or toks[j - 1].end <= end):
                return toks[i:j]
        return tokenize(self.view, start, end, self.doc.quote_mask)

    def speaker_for_cue(self, sent_start: int, sent_end: int, cue: Cue, inverted_ok: bool = False) -> Mention | None:
        """The speaker of a cue inside the sentence [sent_start, sent_end), as a new Mention (its
        name and speaker are set later, per use). Worked out once for each sentence, cue and
        ``inverted_ok``, unless the answer came from the speech events so far (a participle's
        speaker), which grow as the quotations are attributed."""
        key = (sent_start, sent_end, cue.start, cue.end, inverted_ok)
        if key in self._speakers:
            known = self._speakers[key]
            return Mention(*known) if known is not None else None
        participles = self._participles
        m = self._speaker_for_cue(sent_start, sent_end, cue, inverted_ok)
        if self._participles == participles:
            self._speakers[key] = (m.start, m.end, m.text) if m is not None else None
        return m

    def _speaker_for_cue(self, sent_start: int, sent_end: int, cue: Cue, inverted_ok: bool) -> Mention | None:
        toks = self.window(sent_start, cue, sent_end)
        ci = self.token_at(toks, cue.start)
        if ci < 0:
            return None
        after = self.token_after(toks, cue.end)
        lemma = cue.lemma
        if lemma in SOURCE_AFTER:
            inner = inner_source(cue)
            if inner is not None:
                return inner  # "in her words"
            toks = self._all(toks, sent_start, sent_end)
            np = self.np_starting_at(toks, after)
            return self.mention(toks, np) if np else None
        if lemma in ("in a statement", "in an interview"):
            k = after + 1 if after < len(toks) and toks[after].text == "," else after
            toks = self._all(toks, sent_start, sent_end)
            np = self.np_starting_at(toks, k)
            return self.mention(toks, np) if np else None
        if self._headline_nonfinite(toks, ci, cue):
            # headlines drop the auxiliary: "Parties warned over …" is passive (they were warned;
            # an agent after "by" speaks), "Security warning over …" a noun; neither has a speaker before it
            if after < len(toks) and toks[after].low == "by" and not _is_participle(cue):
                toks = self._all(toks, sent_start, sent_end)
                np = self.np_starting_at(toks, after + 1)
                return self.mention(toks, np) if np else None
            return None
        if _is_participle(cue):
            return self._participle_speaker(toks, ci, sent_start, sent_end, cue)
        k = ci - 1
        while k >= 0 and (toks[k].low in ("also", "then", "later", "quickly", "once", "again", "now") or toks[k].text == ","):
            k -= 1
        if k >= 0 and toks[k].low in ("and", "but", "or", "to") and cue.lemma not in SOURCE_AFTER:
            np = self._caused_speaker(toks, k) if toks[k].low == "to" else None
            if np is not None:
                return self.mention(toks, np)
            # "X said … and added, …" / "had this to say:": the main clause's subject
            return self._participle_speaker(toks, ci, sent_start, sent_end, cue)
        if ci == 0 and toks[0].start == sent_start and after < len(toks) and toks[after].low == "by":
            toks = self._all(toks, sent_start, sent_end)
            np = self.np_starting_at(toks, after + 1)  # "Asked by Thrush if …"
            if np is not None:
                return self.mention(toks, np)
        if self._passive(toks, ci, cue):
            # "was asked by host Bill Maher": the agent speaks; without "by" the
            # subject is spoken to, not speaking
            if after < len(toks) and toks[after].low == "by":
                toks = self._all(toks, sent_start, sent_end)
                np = self.np_starting_at(toks, after + 1)
                return self.mention(toks, np) if np else None
            return None
        if after < len(toks) and toks[after].low == "by" and self._reduced_passive(toks, ci, cue):
            # "a sapphire bought for their daughters described by Ann as "…"": a past participle
            # with an agent after "by" and "as" after it, and no auxiliary, is a passive of naming:
            # the agent speaks, not the noun before it
            full = self._all(toks, sent_start, sent_end)
            np = self.np_starting_at(full, after + 1)
            if np is not None and self._known_head(full[np[1]]) and np[1] + 1 < len(full) and full[np[1] + 1].low == "as":
                return self.mention(full, np)
            before = self.np_ending_at(toks, ci - 1) if ci > 0 else None
            if before is not None and not self._known_head(toks[before[1]]):
                # "The changes proposed by Lord Dubs were …": a participle after a noun that names
                # no speaker, with its agent after "by", describes the noun; the noun speaks nothing
                return None
        np = self.subject_of(toks, ci)
        if np is not None and cue.lemma in _NAMING and not self._person_head(toks, np):
            np = None  # "the tax loophole called an “inversion”": a participle, not a speaker
        if np is not None:
            return self.mention(toks, np)
        at_start = ci == 0 and toks[0].start == sent_start and cue.text[:1].isupper()
        if inverted_ok and ci > 0 and toks[ci - 1].start in self.titles:
            inverted_ok = False  # 'the show "The Daily Show" mocked …': a title, not a quotation
        if inverted_ok or at_start or (ci > 0 and toks[ci - 1].text == _QUOTE and toks[ci - 1].start not in self.titles) or (
            ci > 1 and toks[ci - 1].text == "," and toks[ci - 2].text == _QUOTE and toks[ci - 2].start not in self.titles
        ):
            toks = self._all(toks, sent_start, sent_end)
            np = self.np_starting_at(toks, after)
            if np is not None:
                return self.mention(toks, np)
            return None
        if ci > 0 and toks[ci - 1].text == "," and self._earlier_finite_cue(sent_start, cue):
            # "has mocked a reporter, referred to immigrants as …": a list of verbs
            return self._participle_speaker(toks, ci, sent_start, sent_end, cue)
        return None

    def _headline_nonfinite(self, toks, ci, cue) -> bool:
        """A cue in the headline (or a subheading) that is no finite verb: an -ing form or a past
        participle with no auxiliary before it (headlines report in the present: "Parties warn over
        …"; "Parties warned over …" is headlinese for "were warned")."""
        doc = self.doc
        if not any(b is not None and b.start <= cue.start < b.end for b in (doc.headline, *doc.subheadings)):
            return False
        word = cue.text.lower().split()[0]
        if not (word.endswith(("ing", "ed")) or word in past_forms()):
            return False
        return ci == 0 or toks[ci - 1].low not in _AUXILIARIES

    def _earlier_finite_cue(self, sent_start: int, cue: Cue) -> bool:
        return any(not _is_participle(c) for c in self.cues_between(sent_start, cue.start))

    def _passive(self, toks, ci, cue) -> bool:
        word = cue.text.lower().split()[0]
        if not (word.endswith("ed") or word in ("told", "said", "written", "read", "spoken", "found")):
            return False
        if cue.lemma in ("quote",):  # "was quoted as saying": the subject speaks
            return False
        k = ci - 1
        while k >= 0 and (toks[k].low.endswith("ly") or toks[k].low in ("also", "not", "never", "later", "then", "reportedly")):
            k -= 1
        return k >= 0 and toks[k].low in ("was", "were", "been", "being", "is", "are", "be", "get", "got")

    @staticmethod
    def _reduced_passive(toks, ci, cue) -> bool:
        """A past participle with no auxiliary and no "as" before it ("daughters described by")."""
        word = cue.text.lower().split()[0]
        if not (word.endswith("ed") or word in past_forms()):
            return False
        # (not "as revealed by the report": a comment clause inside another cue's sentence; not
        # after an auxiliary: "was quoted by the paper as saying" is _passive's)
        return ci == 0 or (toks[ci - 1].low not in _AUXILIARIES and toks[ci - 1].low not in ("having", "'ve", "'d", "as"))

    def _caused_speaker(self, toks: list[Tok], to: int) -> tuple[int, int] | None:
        """'The show led 12 viewers to complain …', 'prompted Ana Ruiz to say …': the object of a
        verb that makes someone speak (and says they did) is the speaker of the infinitive after
        it, not the verb's subject."""
        np = self.np_ending_at(toks, to - 1)
        if np is None or np[0] == 0 or toks[np[0] - 1].low not in _CAUSATIVE:
            return None
        return np

    def _participle_speaker(self, toks, ci, sent_start, sent_end, cue) -> Mention | None:
        """'X blasted the plan, calling it …' -> X; 'Trump released an ad calling
        it …' -> Trump; 'a statement saying …' (no main speaker) -> a statement;
        'Citing “obligations”, the spokeswoman told …' -> the spokeswoman."""
        self._participles += 1
        if ci == 0 and toks[0].start == sent_start:
            return self._main_subject_after(cue, sent_end)
        k = ci - 1
        while k >= 0 and toks[k].low in ("also", "then", "later", "and", "before", "after", "while", "by", "even"):
            k -= 1
        if k >= 0 and toks[k].low in ("is", "was", "are", "were", "been", "be", "keeps", "kept"):
            np = self.subject_of(toks, ci)
            return self.mention(toks, np) if np else None
        if ci > 0 and toks[ci - 1].low == "as":
            return None  # "quoted the president as saying": the earlier cue attributes
        if ci > 1 and toks[ci - 1].text not in (",", "—", "–", "-", "("):
            # an absolute clause, "with the Los Angeles Times labelling it …": its own subject
            # speaks, not the main clause's
            np = self.np_ending_at(toks, ci - 1)
            if np is not None and np[0] > 0 and toks[np[0] - 1].low == "with":
                return self.mention(toks, np)
            np = self._with_stretch(toks, ci)
            if np is not None:
                return self.mention(toks, np)  # "with just 54% of companies calling it …"
        # the subject of the main clause: the last speech event in this
        # sentence, else the subject of an earlier finite cue in it
        self._ensure_events(cue.start)
        i = bisect_left(self.events, cue.start, key=_event_offset)  # events are in order: no scan of them all
        if i > 0 and self.events[i - 1][0] >= sent_start:
            return self.events[i - 1][2]
        for ev_cue in reversed(self.cues_between(sent_start, cue.start)):
            if not _is_participle(ev_cue):
                m = self.speaker_for_cue(sent_start, sent_end, ev_cue)
                if m is not None:
                    return m
        if k >= 0 and k == ci - 1 and toks[k].text not in (",", "—", "–", "-", "(") and toks[k].low not in _PARTICIPLE_LINK:
            np = self.np_ending_at(toks, k)  # "a statement saying"
            if np is not None and self._known_head(toks[np[1]]):
                return self.mention(toks, self._pp_head(toks, np))
        return self._sentence_subject(sent_start, cue.start)

    @staticmethod
    def _with_stretch(toks: list[Tok], ci: int) -> tuple[int, int] | None:
        """The subject of an absolute clause that opens with "with" a few words before the
        participle at ``ci`` and holds a count or quantity ("with just 54% of companies calling
        it …", "with two in three voters saying …"): from after "with" (and a degree word) to the
        participle; None if anything else stands between (punctuation, a verb)."""
        if not toks[ci].low.endswith("ing") or toks[ci - 1].low in _NP_STOP:
            return None  # (a present participle after its subject's noun: "with the chancellor and dismissed" is none)
        k = ci - 1
        while k >= 0 and ci - k <= ABSOLUTE_MAX_TOKENS and toks[k].low != "with":
            if not (toks[k].text.isalnum() or toks[k].text == "%") or (
                    toks[k].low in _AUX and toks[k].low not in _DEGREE_BEFORE_COUNT):
                return None
            k -= 1
        if k < 0 or toks[k].low != "with":  # ("With just 54% of firms calling …" opens the sentence: k is 0)
            return None
        i = k + 1
        while i < ci - 1 and toks[i].low in _DEGREE_BEFORE_COUNT:
            i += 1
        if not any(t.text[:1].isdigit() or t.low in _DETERMINERS for t in toks[i:ci]):
            return None  # ("with hope rising": no count, no subject of its own told apart)
        return (i, ci - 1)

    def _pp_head(self, toks: list[Tok], np: tuple[int, int]) -> tuple[int, int]:
        """'a report into the "failing" agency noting …': the participle belongs to the head of the
        noun phrase (the report), not to the object of its preposition (the agency); not after
        "from" or "by" ("a statement from the company saying": the company is the source)."""
        p = np[0] - 1
        n = 0
        while p > 0 and n < PP_HEAD_MAX_TOKENS and (
            toks[p].text == _QUOTE or toks[p].low in _DETERMINERS
            or (toks[p].text.isalpha() and toks[p].text.islower() and toks[p].low not in _PP_HEAD_PREPS
                and toks[p].low not in _NP_STOP and toks[p].low not in _AUX and toks[p].low not in self.cue_forms)
        ):
            p -= 1
            n += 1
        if p < 1 or toks[p].low not in _PP_HEAD_PREPS:
            return np
        head = self.np_ending_at(toks, p - 1)
        if head is None or not self._known_head(toks[head[1]]):
            return np
        return head

    def _document_before(self, q: Quote) -> Mention | None:
        """The noun phrase whose prepositional phrase a quotation opens ('a report into the "failing"
        agency'), when its head is a known speaker or document noun; else None."""
        sent = self.doc.sentence_at(q.open_start)
        if sent is None or sent.start >= q.open_start:
            return None
        toks = self.tokens(sent.start, q.open_start)
        p = len(toks) - 1
        while p > 0 and len(toks) - 1 - p < 2 and toks[p].low in _DETERMINERS:
            p -= 1
        if p < 1 or toks[p].low not in _PP_HEAD_PREPS:
            return None
        head = self.np_ending_at(toks, p - 1)
        if head is None or not self._known_head(toks[head[1]]):
            return None
        return self.mention(toks, head)

    def _main_subject_after(self, cue: Cue, sent_end: int) -> Mention | None:
        """The subject of the main clause after an opening participial clause."""
        toks = self.tokens(cue.end, sent_end)
        for n, t in enumerate(toks):
            if t.text == "," or (t.text == _QUOTE and n + 1 < len(toks) and toks[n + 1].text != ","):
                np = self.np_starting_at(toks, n + 1)
                if np is not None and self._known_head(toks[np[1]]):
                    return self.mention(toks, np)
                return None
        return None

    def _skip_intro(self, toks: list[Tok]) -> int:
        """Index of the first token after an opening adverbial ("On Wednesday,",
        "Early in his campaign,") or a dateline ("DECATUR, Ill. —")."""
        if not toks:
            return 0
        first = toks[0]
        if len(first.text) > 1 and first.text.isupper() and first.text.isalpha():
            for n, t in enumerate(toks[:DATELINE_MAX_TOKENS]):
                if t.text in ("—", "–", "-", "--"):
                    return n + 1
        if (self._name_word(first) and not self._adverb_opening(toks)) or first.low in _PRONOUN_SPEAKERS:
            return 0
        if first.low in _DETERMINERS or first.text in ("The", "A", "An", "One"):
            return 0
        if self._adverb_opening(toks):
            # "Shortly after collecting a trophy, a car and a cheque, Federer addressed …": the
            # comma before a noun phrase and its verb, past the commas of a list inside the adverbial
            for n, t in enumerate(toks[:2 * INTRO_MAX_TOKENS]):
                if t.text == _QUOTE:
                    break
                if t.text == ",":
                    np = self.np_starting_at(toks, n + 1)
                    if np is not None and np[1] + 1 < len(toks) and toks[np[1] + 1].text.islower() \
                            and self._verb_like(toks[np[1] + 1].low, False):
                        return n + 1
        for n, t in enumerate(toks[:INTRO_MAX_TOKENS]):
            if t.text == ",":
                return n + 1
            if t.text == _QUOTE or t.text in ("-", "–", "—"):
                break  # (a dash opens an aside: "Now Wilson believes Raw T - signed to his label, the …")
        return 0

    @staticmethod
    def _adverb_opening(toks: list[Tok]) -> bool:
        """'Shortly after …,', 'Immediately before …,': a sentence that opens with an adverb in -ly
        and the preposition of an adverbial after it, or a sentence adverb ('Possibly as a result,',
        'Originally,'); its capital is the sentence's, not a name's."""
        if len(toks) < 2 or not toks[0].low.endswith("ly"):
            return False
        # ("Possibly as a result,", "Originally, …": a sentence adverb by its suffix and a stem of two
        # letters or more; "Kelly, …", "Sally, …", "McNally, …" (a capital inside) are names)
        return toks[1].low in _INTRO_PREPS or (toks[1].low in (",", "as") and _sentence_adverb(toks[0].text))

    def _sentence_subject(self, start: int, end: int) -> Mention | None:
        toks = self.tokens(start, min(end, start + SUBJECT_SCAN_CHARS))
        i = self._skip_intro(toks)
        while i < len(toks) and toks[i].low in _CLAUSE_OPENERS:
            i += 1
        np = self.np_starting_at(toks, i)
        if np is None:
            return None
        # the noun phrase must be followed by its verb, not be part of a longer clause start
        return self.mention(toks, np)

    def attribute_subject(self, q: Quote, start: int) -> tuple[Mention, Cue] | None:
        """No reporting cue: a fragment quoted in the predicate of a sentence
        whose subject is a person (or a pronoun, or a known speaker noun) is
        that subject's wording -- 'Ramos believes in journalism that “takes
        sides.”'.  The cue is the subject's verb, with stance ``other`` when
        it is not a reporting verb."""
        if q.paragraph < 0 or q.open_start <= start:
            return None
        self._fallback_at = q.open_start
        if has_quote_token(self.view, start, q.open_start, self.doc.quote_mask):
            return None  # (checked first: tokenizing a long sentence for every quotation in it is quadratic)
        toks = self.tokens(start, q.open_start)
        if not toks or any(t.text == _QUOTE for t in toks):
            return None
        if toks[-1].low == "by":
            return None  # "They are sustained by "friends" of the two men": the marks name the agent, not the subject's words
        i = self._skip_intro(toks)
        while i < len(toks) and toks[i].low in _CLAUSE_OPENERS:
            i += 1
        np = self.np_starting_at(toks, i)
        if np is None:
            return None
        head = toks[np[1]]
        if head.low in _PRONOUN_SPEAKERS:
            if head.low in ("it", "who", "i", "we"):
                return None
        elif self._name_word(head):
            names = [t for t in toks[np[0]:np[1] + 1] if self._name_word(t)]
            if len(names) < 2 and not self._known_speaker(head.text):
                return None  # "Corporate lobbyists", "Signs of": not a named person
        elif not (self._speaker_noun(head.low) and toks[np[0]].low in ("the", "a", "an", "this", "one", "another")):
            return None
        k = np[1] + 1
        skipped = False
        while k < len(toks) and (toks[k].low in _AUX or (toks[k].low.endswith("ly") and toks[k].text.islower())):
            skipped = skipped or toks[k].low in _AUX
            k += 1
        if k >= len(toks):
            return None
        verb = toks[k]
        if not (verb.text.isalpha() and verb.text.islower()) or verb.low in _NP_STOP or not self._verb_like(verb.low, skipped):
            return None
        if not skipped and k + 1 < len(toks) and toks[k + 1].low in _AUX_AFTER_NOUN:
            return None  # "Windows programs would …": a noun heading the subject, not its verb
        if verb.low.endswith("ed") and any(t.low in _PASSIVE_AUX for t in toks[np[1] + 1:k]) and (
            self._spoken_of(toks, k) or self._passive_agent(q, verb) is not None
        ):
            # "X was described as a “…” by his friend Y", "X was accused of …": the subject is spoken
            # of; the agent, if named, speaks
            return self._passive_agent(q, verb)
        for n in range(k + 1, len(toks) - 2):
            if toks[n].low in self.cue_forms and toks[n + 1].low in ("from", "by"):
                # "shrugged off claims from Ann Cole that he led a “…”": the fragment is in the
                # content of a speech act whose source is named, not the subject's wording
                src = self.np_starting_at(toks, n + 2)
                if src is not None and self._known_head(toks[src[1]]):
                    return self.mention(toks, src), self._verb_cue(toks[n])
        # the verb that governs the fragment: the last one coordinated with the
        # subject's verb ("tried to turn the tables, portraying …", "leaned in
        # and boomed: …"), else the subject's own verb
        for n in range(len(toks) - 1, k, -1):
            t = toks[n]
            if not (t.text.isalpha() and t.text.islower()) or t.low in _NP_STOP or t.low in _AUX:
                continue
            p = n - 1
            while p > k and toks[p].low in ("then", "also", "now", "further", "later", "again"):
                p -= 1
            link = toks[p].low
            if (link == "," and t.low.endswith("ing")) or (link in ("and", "but") and self._verb_like(t.low, False)):
                verb = t
                break
        return self.mention(toks, np), self._verb_cue(verb)

    def _verb_cue(self, verb: Tok) -> Cue:
        """The cue of a verb that governs a quoted fragment: its lemma and stance from the cue
        lexicon, else the verb itself with stance "other"."""
        entry = self.cue_forms.get(verb.low)
        lemma, stance = entry if entry else (verb.low, "other")
        return Cue(verb.start, verb.end, verb.text, lemma, stance)

    @staticmethod
    def _spoken_of(toks: list[Tok], k: int) -> bool:
        """A passive participle at ``k`` whose subject others speak of: "described as", "accused of",
        "remembered for his …" (not "fined for calling …": the subject's own act)."""
        if k + 1 >= len(toks):
            return False
        nxt = toks[k + 1].low
        if nxt in ("as", "of"):
            return True
        return nxt == "for" and k + 2 < len(toks) and not toks[k + 2].low.endswith("ing")

    def _passive_agent(self, q: Quote, verb: Tok) -> tuple[Mention, Cue] | None:
        """The agent right after a fragment quoted in a passive clause ('… by his friend Y'), else
        None (no speaker: the subject is only the one spoken of)."""
        sent = self.doc.sentence_at(q.start)
        if sent is None or sent.end <= q.close_end:
            return None
        toks = self.tokens(q.close_end, sent.end)
        i = 0
        while i < len(toks) and toks[i].text in (",", "."):
            i += 1
        if i >= len(toks) or toks[i].low != "by":
            return None
        np = self.np_starting_at(toks, i + 1)
        if np is None:
            return None
        return self.mention(toks, np), self._verb_cue(verb)

    # ---- the quotation patterns ------------------------------------------------------
    def region_of(self, q: Quote) -> tuple[int, int]:
        doc = self.doc
        if q.paragraph < 0:  # headline or subheading
            for b in (doc.headline, *doc.subheadings):
                if b is not None and b.start <= q.open_start < b.end:
                    return b.start, b.end
            return q.open_start, q.close_end
        s1 = doc.sentence_at(q.open_start)
        s2 = doc.sentence_at(max(q.open_start, q.close_end - 1))
        start = s1.start if s1 else q.open_start
        end = s2.end if s2 else q.close_end
        return start, end

    def _colon_speaker(self, q: Quote, start: int) -> tuple[Mention, Cue] | None:
        """Transcript style, 'Clinton: "Our goal is …"': a name and a colon; a roundup line,
        'Sam Lee, Daily Planet: "…"': a name, a comma and its outlet or role (not the speaker)."""
        if not self.view[max(start, q.open_start - 4):q.open_start].rstrip().endswith(":"):
            return None
        toks = self.tokens(start, q.open_start)
        if len(toks) < 2 or toks[-1].text != ":" or len(toks) > 8 + ROUNDUP_MAX_WORDS:
            return None
        first = 1 if toks[0].text in _LIST_MARKERS else 0  # "- Blackburn boss Mark Hughes: "…""
        np = self.np_starting_at(toks, first)
        if np is None or not self._known_head(toks[np[1]]):
            return None
        if np[1] != len(toks) - 2 and not self._roundup_tail(toks, np):
            return None
        colon = toks[-1]
        return self.mention(toks, np), Cue(colon.start, colon.end, ":", "say", "neutral")

    def _roundup_tail(self, toks: list[Tok], np: tuple[int, int]) -> bool:
        """'Sam Lee, Daily Planet:' / 'Ana Ruiz, mayor of Springfield:': a named speaker, then a
        comma and a short outlet or role up to the colon."""
        tail = toks[np[1] + 2:-1]
        if toks[np[1] + 1].text != "," or not tail or len(tail) > ROUNDUP_MAX_WORDS or not self._name_word(toks[np[1]]):
            return False
        return all(
            self._name_word(t) or t.text in _CONNECTORS or t.low in _ROLE_WORDS or self._speaker_noun(t.low)
            or t.low in ("the", "of", "at", "and") or t.text in (",", "'s", "’s", "-")
            for t in tail
        ) and (self._name_word(tail[0]) or tail[0].low in ("the", *_ROLE_WORDS) or self._speaker_noun(tail[0].low))

    def _dash_speaker(self, q: Quote) -> tuple[Mention, Cue] | None:
        """Epigraph or tweet style: '"…" — Ben Jacobs' or a next paragraph '- Clinton.'"""
        view = self.view
        i = q.close_end
        while i < len(view) and view[i] in " \t\u00a0.":
            i += 1
        if i < len(view) and view[i] in "\r\n" and q.paragraph >= 0 and q.paragraph + 1 < len(self.doc.paragraphs):
            p = self.doc.paragraphs[q.paragraph]
            if view[p.start:q.open_start].strip() or view[q.close_end:p.end].strip(" .\u00a0"):
                return None  # the quotation is not the whole paragraph
            nxt = self.doc.paragraphs[q.paragraph + 1]
            if nxt.end - nxt.start > DASH_CREDIT_MAX_CHARS:
                return None
            i = nxt.start
        if i >= len(view) or view[i] not in "—–-":
            return None
        j = i + 1
        while j < len(view) and view[j] == "-":
            j += 1
        toks = self.tokens(j, min(len(view), j + DASH_CREDIT_MAX_CHARS))
        np = self.np_starting_at(toks, 0)
        if np is None or not self._name_word(toks[np[1]]):
            return None
        return self.mention(toks, np), Cue(i, j, view[i:j], "say", "neutral")

    def attribute_after(self, q: Quote, end: int) -> tuple[Mention, Cue] | None:
        if q.continued:
            return None
        r = self._dash_speaker(q)
        if r is not None:
            return r
        view = self.view
        if not view[q.close_end:end].strip(" \t\r\n\u00a0.?!"):
            # the sentence ends with the quotation: "…?" Trump said. runs on
            # into the next, short sentence
            nxt = self.doc.sentence_at(end + 1) or self.doc.sentence_at(self._skip_space(end))
            limit = 2 * RUNON_MAX_CHARS if view[q.end - 1:q.end] in ("?", "!") else RUNON_MAX_CHARS
            if nxt is None or nxt.paragraph != q.paragraph or nxt.end - nxt.start > limit:
                return None
            if view[nxt.start:nxt.start + 1] in "\"“‘'«":
                return None
            if limit == RUNON_MAX_CHARS and not self._opens_sentence(q, self.region_of(q)[0]) \
                    and self._new_speaker_opens(nxt, q):
                # 'Liam Fox likened the two men to "self-obsessed schoolboys". Matthew Taylor said …': a
                # fragment that ends the writer's own sentence is not the words of a new speaker
                return None
            end = nxt.end
            runon = True
        else:
            runon = False
        limit = min(end, q.close_end + AFTER_QUOTE_CHARS)
        if not self.cues_between(q.close_end, limit):
            # the cues looked at below lie within [close_end, limit): with
            # none there the answer is None, and no tokens are needed
            return None
        toks = self.tokens(q.close_end, limit)  # (at most AFTER_QUOTE_CHARS characters)
        cut = len(toks)
        for n, t in enumerate(toks):
            if t.text == _QUOTE:
                cut = n
                break
        toks = toks[:cut]
        floor = 0
        while floor < len(toks) and toks[floor].text in (",", ":", "—", "–", "-", "(", ")", ".", "?", "!"):
            floor += 1
        if floor >= len(toks):
            return None
        window_end = toks[min(len(toks) - 1, floor + CUE_AFTER_MAX_TOKENS)].end
        for cue in self.cues_between(toks[floor].start, window_end):
            ci = self.token_at(toks, cue.start)
            if ci < 0:
                continue
            if self._in_relative_clause(toks, floor, ci):
                continue  # "an intelligence source, who was not authorized to speak, told …"
            if runon:
                # the next sentence must be no more than the attribution
                # ("Trump said." / "he told reporters on Tuesday."), unless the
                # quotation ended with ? or ! -- "“All the way!” Dawson
                # shouted, shorthand for …" is one sentence the splitter cut
                rest = toks[self.token_after(toks, cue.end):]
                asked = view[q.end - 1:q.end] in ("?", "!")
                if (not asked and len(rest) > 8) or (rest and rest[0].low in ("that", ":")) or any(
                    t.text == ":" for t in rest
                ):
                    # ('The archbishop added: “…”', 'Mr Lee was quoted in the paper saying: “…”'
                    # introduce the next quotation)
                    return None
            if _is_participle(cue):
                if 0 < ci - floor <= 2 and all(t.text.isalpha() and t.text.islower() for t in toks[floor:ci]):
                    head = self._document_before(q)
                    if head is not None:
                        return head, cue  # 'a report into the "failing" agency noting …': the report's word
                break  # "“messy,” adding, “…”": the participle introduces what follows
            if ci == floor:  # "…," said X
                np = self.np_starting_at(toks, self.token_after(toks, cue.end))
                if np is not None:
                    return self.mention(toks, np), cue
                continue
            if cue.lemma in SOURCE_AFTER and ci <= floor + 1:
                if inner_source(cue) is not None:
                    return inner_source(cue), cue
                np = self.np_starting_at(toks, self.token_after(toks, cue.end))
                if np is not None:
                    return self.mention(toks, np), cue
            np = self.subject_of(toks, ci, floor)
            if np is not None and np[0] > floor and all(
                self._name_word(t) or t.low in _ROLE_WORDS or self._speaker_noun(t.low) or t.low in _MODIFIERS
                or t.low in _CONNECTORS or t.text in ("-", ".")
                for t in toks[floor:np[0]]
            ):
                np = (floor, np[1])  # "reporter Jackie Nespral asked"
            if np is not None and np[0] == floor:
                return self.mention(toks, np), cue
            if np is not None and np[0] > floor and toks[np[0] - 1].text == "," and self._tail_is_adjunct(toks, cue) \
                    and not self._passive(toks, ci, cue):  # (", researchers were told": spoken to)
                # "…" that is blatantly sexist, Brock said. / "…" by the U.S.,
                # Clinton said at a town hall, "…"
                return self.mention(toks, np), cue
            if ci - floor <= SUBJECT_STRETCH_MAX_TOKENS and (np is None or np[0] > floor):
                # the whole stretch before the cue is its subject: "White House
                # press secretary Josh Earnest told reporters"
                k = ci - 1
                while k > floor and (toks[k].low in _AUX or toks[k].text == ","):
                    k -= 1
                first = toks[floor]
                stretch = toks[floor:k + 1]
                starts_np = (
                    self._name_word(first) or first.low in _DETERMINERS or first.low in _PRONOUN_SPEAKERS
                    or first.low in _MODIFIERS or first.low in _ROLE_WORDS or self._speaker_noun(first.low)
                    # "election law expert Rick Hasen": lower-case modifiers, then a name
                    or any(self._name_word(t) for t in stretch[:5]) and all(
                        t.text[:1].isupper() or (t.text.isalpha() and t.low not in self.cue_forms) for t in stretch[:5]
                    )
                )
                if starts_np and k >= floor and all(
                    t.text not in (";", ":", _QUOTE) and (t.low not in _NP_STOP or t.text[:1].isupper()) for t in stretch
                ) and any(
                    self._name_word(t) or t.low in _PRONOUN_SPEAKERS or self._speaker_noun(t.low) for t in toks[floor:k + 1]
                ):
                    return self.mention(toks, (floor, k)), cue
            if ci > floor + 1 and toks[ci - 1].text == "," and ci - floor <= INVERTED_MAX_TOKENS:
                # "…" if she didn't win by more, said David Wasserman
                np = self.np_starting_at(toks, self.token_after(toks, cue.end))
                if np is not None:
                    return self.mention(toks, np), cue
            break  # the first cue decides; a later one belongs to another clause
        return None

    def _new_speaker_opens(self, nxt, q: Quote) -> bool:
        """The sentence ``nxt`` opens with a speaker not named before the quotation: a name new to the
        article right before its first cue ('Matthew Taylor said'), or someone's relative or agent
        ('His sister …'). Not a pronoun, a description or a name met before ('It also said', 'The
        lawsuit said' after 'According to the lawsuit', 'But the Tory leader will argue'): those
        may go on with the speaker of the sentence before."""
        view = self.view
        words = view[nxt.start:nxt.end].split(None, 1)
        if words and words[0].lower() in ("his", "her", "their"):
            return True
        cues = self.cues_between(nxt.start, nxt.end)
        before = view[nxt.start:cues[0].start].split() if cues else []
        return bool(before) and before[-1][:1].isupper() and before[-1] not in view[:q.open_start]

    def attribute_after_strict(self, q: Quote, end: int) -> tuple[Mention, Cue] | None:
        """The attribution immediately after the closing mark, or nothing."""
        r = self.attribute_after(q, end)
        if r is None:
            return None
        between = self.view[q.close_end:min(r[0].start, r[1].start)]
        return r if not between.strip(" ,—–-\u00a0") else None

    @staticmethod
    def _in_relative_clause(toks: list[Tok], floor: int, ci: int) -> bool:
        """Is token ci inside ", who …," (or which/whose) opened after floor?"""
        for k in range(ci - 1, floor, -1):
            if toks[k].text == ",":
                return toks[k + 1].low in ("who", "which", "whose", "whom") if k + 1 < ci else False
        return False

    def _tail_is_adjunct(self, toks: list[Tok], cue: Cue) -> bool:
        """After the cue, at most a short adjunct before the clause ends."""
        n = 0
        for t in toks[self.token_after(toks, cue.end):]:
            if t.text in ".,;:!?" or t.text == _QUOTE:
                return True
            if t.low == "that":
                return False
            n += 1
            if n > 8:
                return False
        return True

    def _skip_space(self, i: int) -> int:
        view = self.view
        while i < len(view) and view[i].isspace():
            i += 1
        return i

    def attribute_before(self, q: Quote, start: int, end: int) -> tuple[Mention, Cue] | None:
        """The attribution before the quotation (``_attribute_before``), unless the quotation lies in
        the content clause of a claim whose source is named between them: 'Howard said a claim by
        Peter Hain that the Tory leader is acting like an "attack mongrel" shows …' is Hain's
        wording, which Howard reports."""
        r = self._attribute_before(q, start, end)
        if r is None or r[1].end >= q.open_start:
            return r
        between = self.view[r[1].end:q.open_start]
        if " that " not in between or (" by " not in between and " from " not in between):
            return r  # (most quotations: no claim with its source named, no tokens needed)
        toks = self.tokens(r[1].end, q.open_start)
        for n in range(len(toks) - 3):
            if toks[n].low in self.cue_forms and toks[n + 1].low in ("by", "from"):
                src = self.np_starting_at(toks, n + 2)
                if src is not None and self._known_head(toks[src[1]]) and src[1] + 1 < len(toks) \
                        and toks[src[1] + 1].low == "that" and not any(t.text == _QUOTE for t in toks[src[1]:]):
                    # (the clause's first fragment only: where the clause ends is not known, and
                    # '… "attack mongrel" shows Labour is "rattled"' is Howard's again)
                    return self.mention(toks, src), self._verb_cue(toks[n])
        return r

    def _attribute_before(self, q: Quote, start: int, end: int) -> tuple[Mention, Cue] | None:
        """The cue that introduces the quotation: the nearest one when it is
        adjacent ('called it "…"', 'said: "…"'); otherwise the sentence's main
        speech verb ('The senator said he rarely asks …, "except …"')."""
        if q.open_start <= start:
            return None
        found = []
        # the nearest cues only: a hostile sentence with hundreds of cues would
        # otherwise cost hundreds of speaker look-ups for each quotation in it
        for cue in self.cues_between(start, q.open_start)[-_MAX_CUES_BEFORE:]:
            if self._set_off(start, cue, q):
                continue
            m = self.speaker_for_cue(start, end, cue)
            if m is not None:
                found.append((m, cue))
        if len(found) > 1:
            # "he expected that Americans will say “no”": hypothetical speech
            # is not the attribution when a real speech event is there
            real = [f for f in found if not self._modal_before(f[1])]
            if real:
                found = real
        if not found:
            return self._colon_speaker(q, start)
        m, cue = found[-1]
        if len(found) == 1:
            return m, cue
        if self._adjacent(cue, q):
            # 'She says it underscores that Trump is “unfit”': the nearest verb
            # sits inside the complement of an earlier speech verb, which is
            # the attribution (not when the nearer verb is speech itself:
            # 'sources said he said “…”', or a participle: '…, adding “…”')
            if not _is_participle(cue) and cue.lemma not in self.reporting:
                main = self._main_of(found)
                if main is not None and main[1].lemma in self.reporting and self._embedded(main[1], cue):
                    return main
            main = self._main_of(found)
            if main is not None and main[1].lemma in self.reporting and self._in_adverbial_clause(main[1], m, cue, q):
                return main
            return m, cue
        if _is_participle(cue) and any(f[0].text == m.text and not _is_participle(f[1]) for f in found[:-1]):
            return m, cue  # "Sanders hit back, saying … that Clinton was not “qualified”"
        prev = self._previous_in_sentence(q, start)
        if prev is not None:
            return prev  # a second fragment of the same attribution
        main = self._main_of(found)
        if main is None or self._own_clause(start, main[1], m, cue):
            return m, cue
        return main

    def _set_off(self, start: int, cue: Cue, q: Quote) -> bool:
        """'The Passion of the Christ - a film accused of being anti-Semitic - receiving nominations
        only in the "minor" categories': a cue inside a pair of dashes or brackets that closes before
        the quotation describes what the aside stands beside; it does not introduce the quotation."""
        before = self.view[start:cue.start]
        after = self.view[cue.end:q.open_start]
        if "(" in before and before.rfind("(") > before.rfind(")") and ")" in after:
            return True
        for dash in (" - ", " – ", " — "):
            if before.count(dash) % 2 == 1 and dash in after:
                return True
        return False

    def _in_adverbial_clause(self, main: Cue, m: Mention, cue: Cue, q: Quote) -> bool:
        """'X said that when Y had announced Z was going he got the “…”': the nearer cue heads an
        adverbial clause ("when Y had announced …") inside what X reports, and a new clause with a
        pronoun subject ("he got") holds the quotation: X's words, not Y's."""
        if m.start < main.end:
            return False
        toks = self.tokens(main.end, m.start)
        if not toks or toks[-1].low not in _SUBORDINATORS:
            return False
        after = self.tokens(cue.end, q.open_start)
        return any(
            t.low in _CLAUSE_PRONOUNS and n >= 2 and after[n - 1].text.isalpha() and after[n - 1].text.islower()
            and after[n - 1].low not in ("that", "and", "but", "or")
            for n, t in enumerate(after)
        )

    def _embedded(self, main: Cue, cue: Cue) -> bool:
        """Is ``cue`` inside the clause that ``main`` reports (no clause
        boundary between them)?"""
        toks = self.tokens(main.end, cue.start)
        return not any(t.low in _CLAUSE_BREAK for t in toks)

    def _main_of(self, found: list[tuple[Mention, Cue]]) -> tuple[Mention, Cue] | None:
        """The sentence's main speech event among the cues before a quotation:
        the first finite one whose subject is a speaker."""
        for m2, cue2 in found[:-1]:
            if not _is_participle(cue2) and cue2.lemma not in SOURCE_AFTER and self._mention_is_speaker(m2):
                return m2, cue2
        return None

    def _own_clause(self, start: int, main: Cue, mention: Mention, cue: Cue) -> bool:
        """Does the later cue head a clause of its own (coordinated with, or
        following, the main one) rather than sit inside the main cue's
        complement?  'X called it …, and said …' / 'X praised Y, who vowed …' /
        'Asked by X, Y said …'  versus  'X said that … he would tell …'."""
        toks = self.tokens(start, cue.start)
        if not toks:
            return True
        if _is_participle(main) and toks[0].start == main.start:
            return True  # the main cue opened an introductory participial clause
        # where the later clause begins: its subject, or the cue itself
        begin = min(mention.start, cue.start) if mention.start >= main.end else cue.start
        k = bisect_left(toks, begin, key=_tok_start) - 1
        while k >= 0 and (toks[k].low in _AUX or toks[k].low in ("only", "to", "once", "again", "even")):
            k -= 1
        if k < 0:
            return True
        before = toks[k].low
        if mention.text.lower() == "who":
            return True
        if before in ("and", "but") or (before == "," and _is_participle(cue)):
            return True
        between = [t.low for t in toks if main.end <= t.start < begin]
        if "that" in between:
            return False  # inside "said that …"
        return before == "," or before in ("after", "when", "while", "before", "as", "once")



    def _mention_is_speaker(self, m: Mention) -> bool:
        """A name, a pronoun or a speaker noun -- not 'the Sanders interview'."""
        words = m.text.split()
        head = words[-1] if words else ""
        return (
            head[:1].isupper() or head.lower() in _PRONOUN_SPEAKERS or self._speaker_noun(head.lower().rstrip(",."))
        )

    def _verb_like(self, word: str, after_aux: bool) -> bool:
        if word in self.cue_forms or word in past_forms():
            return True
        if word.endswith("ed") or (after_aux and word.endswith("ing")):
            return True
        return word.endswith("s") and not word.endswith(("ss", "us", "is", "ous"))

    def _known_speaker(self, name: str) -> bool:
        """A single capitalised word is a person when an earlier speech event
        named them ("Ramos said …" before "Ramos believes …")."""
        if name in self._event_words:  # (the words of every event's mention, kept as events are added)
            return True
        # or an earlier full name ends with it ("Jorge Ramos" … "Ramos"): where
        # the first one in the article ends, found once per name
        end = self._full_name_end.get(name)
        if end is None:
            end = self._full_name_end[name] = self._first_full_name_end(name)
        return 0 <= end <= self._fallback_at

    def _first_full_name_end(self, name: str) -> int:
        view = self.view
        i = view.find(" " + name)
        while i > 0:
            j = i + 1 + len(name)
            if (j >= len(view) or not view[j].isalnum()) and view[max(0, i - NAME_LOOKBACK_CHARS):i].split()[-1:] \
                    and view[max(0, i - NAME_LOOKBACK_CHARS):i].split()[-1][:1].isupper():
                return j
            i = view.find(" " + name, j)
        return -1

    def _previous_in_sentence(self, q: Quote, start: int):
        for other in reversed(self.doc.quotes):
            if other.close_end <= q.open_start and other.open_start >= start and other.parent is None:
                if other.speaker is not None and other.cue is not None and other.attribution in ("before", "after"):
                    return other.speaker, other.cue
                return None
        return None

    def _modal_before(self, cue: Cue) -> bool:
        words = self.view[max(0, cue.start - MODAL_LOOKBACK_CHARS):cue.start].split()
        return bool(words) and words[-1].lower() in _MODALS

    def _adjacent(self, cue: Cue, q: Quote) -> bool:
        """Only a short object, 'that', 'as' or punctuation between cue and quotation."""
        between = self.tokens(cue.end, q.open_start)
        if len(between) > 8:
            return False
        return not any(t.low in self.cue_forms or t.text == _QUOTE for t in between)

    def last_event(self, q: Quote):
        self._ensure_events(q.open_start)
        best = None
        best_off = -1
        # the latest event before the quotation in its paragraph or the one
        # before, searched back from the quotation (events are in order, and
        # an event lies in its own paragraph: the search stops before p - 1)
        events = self.events
        floor = self.doc.paragraphs[q.paragraph - 1].start if q.paragraph >= 1 else -1
        for k in range(bisect_left(events, q.open_start, key=_event_offset) - 1, -1, -1):
            off, para, mention, cue = events[k]
            if para in (q.paragraph, q.paragraph - 1):
                best = (mention, cue)
                best_off = off
                break
            if off < floor:
                break
        if best is not None and best[1] is not None and _is_participle(best[1]):
            # "…,” Trump told a rally, saying Clinton would “abolish …”" / next
            # paragraph: the quotation continues what he told the rally
            s = self.doc.sentence_at(best_off)
            if s is not None:
                for k in range(bisect_left(events, s.start, key=_event_offset), len(events)):
                    off, _, mention, cue = events[k]
                    if off >= best_off:
                        break
                    if cue is not None and not _is_participle(cue) and mention.text == best[0].text:
                        return mention, cue
        return best

    # ---- main ---------------------------------------------------------------------
    def run(self) -> None:
        doc = self.doc
        by_id = {q.id: q for q in doc.quotes}
        used_cues = self._used
        for q in doc.quotes:
            if q.parent is not None or q.kind == "title":
                continue  # (a title of a work: analysis/mentions.mark_titles)
            if q.paragraph > 0:
                self._floor = self.doc.paragraphs[q.paragraph - 1].start
            start, end = self.region_of(q)
            if q.continues and by_id.get(q.continues) is not None:
                prev = by_id[q.continues]
                own = self.attribute_after(q, end)
                if own:
                    self._set(q, own[0], own[1], "after", used_cues)
                    continue
                if prev.speaker is not None:
                    self._set(q, prev.speaker, prev.cue, "continuation", used_cues)
                    continue
            if q.open_start == q.start and q.close_end == q.end:  # a block quote
                r = self._block_intro(q)
                if r:
                    self._set(q, r[0], r[1], "introduction", used_cues)
                    continue
            elif self._denied_accusation(q, start):
                continue  # "Falconer rebuts 'charade' claims": the unnamed accusers' word, not the denier's
            else:
                opens = q.paragraph < 0 or self._opens_sentence(q, start)
                order = [("after", self.attribute_after), ("before", self.attribute_before)]
                if not opens:
                    order = order[::-1]
                    if self.view[q.end - 1:q.end] in (",", "?", "!"):
                        # "…?” asked Dunn: an attribution right after wins
                        order.insert(0, ("after", self.attribute_after_strict))
                done = False
                for how, fn in order:
                    r = fn(q, start, end) if how == "before" else fn(q, end)
                    if r:
                        self._set(q, r[0], r[1], how, used_cues)
                        done = True
                        break
                if done:
                    continue
            if q.paragraph >= 0 and self._opens_sentence(q, start):
                beat = self._beat_speaker(q, start)
                if beat is not None:
                    self._set(q, beat, None, "before", used_cues)
                    continue
                ev = self.last_event(q)
                if ev is not None:
                    self._set(q, ev[0], ev[1], "continuation", used_cues)
            elif q.paragraph >= 0:
                r = self.attribute_subject(q, start)
                if r:
                    self._set(q, r[0], r[1], "subject", used_cues)
        # a quotation re-opened within its paragraph (a paragraph break lost
        # in flattened copy) is one quotation: an opening part with no
        # attribution of its own takes the one found later in the paragraph
        for q in reversed(doc.quotes):
            earlier = by_id.get(q.continues) if q.continues else None
            if (
                q.speaker is not None and earlier is not None and earlier.speaker is None
                and earlier.paragraph == q.paragraph
            ):
                earlier.speaker, earlier.cue, earlier.attribution = q.speaker, q.cue, "continuation"

    def _denied_accusation(self, q: Quote, start: int) -> bool:
        """Marks right before a noun of accusation, after a cue of denial in their sentence ("Falconer
        rebuts 'charade' claims", "Jowell rejects 'Las Vegas' jibe"): they quote the accusers."""
        after = self.view[q.close_end:q.close_end + ACCUSATION_SCAN_CHARS].split(None, 1)
        if not after or after[0].lower().strip(".,;:") not in _ACCUSATION:
            return False
        return any(cue.lemma in _DENIAL for cue in self.cues_between(start, q.open_start))

    def _beat_speaker(self, q: Quote, start: int) -> Mention | None:
        """An action beat right before a quotation that opens its sentence, 'She shrugged. "We will
        see."': a short sentence of the same paragraph, a person (a pronoun, a name, "the mayor") and
        a verb that is no reporting cue, with at most a few words after it ("shook her head"). The
        quotation is that person's; the beat is not its cue."""
        view = self.view
        i = start
        while i > 0 and view[i - 1] in " \t\u00a0":
            i -= 1
        prev = self.doc.sentence_at(i - 1) if i > 0 else None
        if prev is None or prev.paragraph != q.paragraph or prev.end - prev.start > BEAT_MAX_CHARS \
                or view[prev.end:start].strip() or view[prev.start:prev.end].rstrip()[-1:] != ".":
            return None
        toks = self.tokens(prev.start, prev.end)
        if len(toks) < 3 or len(toks) > BEAT_MAX_TOKENS or toks[-1].text != "." or any(
                t.text == _QUOTE or t.low in self.cue_forms for t in toks):
            return None
        np = self.np_starting_at(toks, 0)
        if np is None:
            return None
        head = toks[np[1]]
        if head.low in _PRONOUN_SPEAKERS:
            if head.low not in ("he", "she", "they"):
                return None
        elif self._name_word(head):
            self._fallback_at = q.open_start  # (_known_speaker: a full name before the quotation)
            if sum(self._name_word(t) for t in toks[np[0]:np[1] + 1]) < 2 and not self._known_speaker(head.text):
                return None  # "Prices rose.": a capital at the sentence start, not a person
        elif not (self._speaker_noun(head.low) and toks[np[0]].low in ("the", "a", "an")):
            return None
        k = np[1] + 1
        if k >= len(toks) - 1:
            return None
        verb = toks[k]
        if not (verb.text.isalpha() and verb.text.islower()) or verb.low in _AUX or verb.low in _NP_STOP \
                or not self._verb_like(verb.low, False):
            return None
        return self.mention(toks, np)

    def _opens_sentence(self, q: Quote, start: int) -> bool:
        return not self.view[start:q.open_start].strip(" \t\n\r\u00a0(—–-")

    def _set(self, q: Quote, mention: Mention, cue: Cue | None, how: str, used: set[int]) -> None:
        q.speaker = mention
        q.cue = cue
        q.attribution = how
        if cue is not None:
            used.add(cue.start)
            if how in ("after", "before"):
                s = self.doc.sentence_at(cue.start)
                if s is not None:
                    self.quoted_sentences.add(s.start)
        # kept sorted by offset: insort (not append + sort, quadratic over many quotes)
        insort(self.events, (max(q.open_start, cue.start if cue is not None and how != "continuation" else 0), q.paragraph, mention, cue),
               key=_event_offset)
        self._event_words.update(mention.text.split())

    def _block_intro(self, q: Quote):
        """A block quote introduced by the paragraph before it: 'X said:'."""
        doc = self.doc
        if q.paragraph <= 0:
            return None
        prev = doc.paragraphs[q.paragraph - 1]
        s = doc.sentence_at(prev.end - 1)
        if s is None:
            return None
        for cue in reversed(self.cues_between(s.start, s.end)):
            m = self.speaker_for_cue(s.start, s.end, cue)
            if m is not None:
                return m, cue
        return None

    def _indirect_candidates(self) -> list[tuple[int, object]]:
        """Cues that may make indirect speech events, in order (resolved lazily)."""
        doc = self.doc
        out = []
        for cue in self.cues:
            s = doc.sentence_at(cue.start)
            if s is not None:
                out.append((cue.start, (s, cue)))
        return out

    def _ensure_events(self, upto: int) -> None:
        """Turn the candidate cues before ``upto`` into speech events (one per
        sentence); candidates older than the previous paragraph are skipped."""
        pending = self._pending
        used = self._used
        seen_sentences = set()
        while self._pending_at < len(pending) and pending[self._pending_at][0] < upto:
            off, (s, cue) = pending[self._pending_at]
            self._pending_at += 1
            if off < self._floor:
                continue
            if cue.start in used or s.start in seen_sentences or s.start in self.quoted_sentences or _is_participle(cue):
                continue
            m = self.speaker_for_cue(s.start, s.end, cue)
            if m is not None:
                seen_sentences.add(s.start)
                insort(self.events, (cue.start, s.paragraph, m, cue), key=_event_offset)
                self._event_words.update(m.text.split())


def attribute(doc: Document) -> None:
    Attributor(doc).run()


def _counts(text: str) -> bool:
    """A number written in figures that counts the noun after it ("12 viewers", "1,500 workers"),
    not a year ("2004 officials" is officials in 2004)."""
    digits = text.replace(",", "")
    return digits.isdigit() and not (len(digits) == 4 and digits[:2] in ("19", "20") and "," not in text)
