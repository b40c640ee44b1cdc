"""The registry: the named people, organisations and places of an article, in text order.

Contract: ``Registry(doc)`` scans the text outside quotations once and holds

* ``entities``: {name: Entity}, each with its ``kind`` -- person, organization, or ``place`` /
  ``other`` for a name no pronoun or role may stand for (a name after "in"/"at"/"from", a run with a
  place word or a day in it, a capitalised phrase after "the" with no title: "the Central Asian
  nation", "the White House") -- and ``outlet`` set for an organisation that is a news outlet
  ("the Herald", "Reuters"), the audience of "told the Herald" and never a pronoun's antecedent;
* ``timeline`` / ``spans``: every mention of an entity, sorted by offset;
* lookups by span (``at``), by surname (``by_surname``: "Putin" after "Vladimir Putin") and by title
  (``by_title``: "the president" after "Russian President Vladimir Putin").

Names are found as runs of capitalised words outside quotations.  A title ("Kazakh President",
"Sen.") is split from the name and remembered (with its gender, for Mr/Ms/...); a surname alone
resolves to the most recent full name ending in it.  What a mention *refers to* (pronouns, roles,
descriptions) is ``coref.resolve``'s business, not the registry's.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from functools import lru_cache
from operator import itemgetter

from ...document import Document, Mention
from ...lazyre import lazy
from ..lexicon import cues as cue_lexicon
from ..lexicon import given_names
from ..lexicon import people as people_lexicon

_CONNECT = frozenset("of de van von der den al el bin ibn la le du da di".split())
_CONN = "(?:of|de|van|von|der|den|al|el|bin|ibn|la|le|du|da|di)"
_W = r"[A-Z][\w’'\-]*(?:\.[A-Z])*\.?"
# two or more capitalised words (no look-behind: that made the scan 4x slower;
# a match that starts inside a word is skipped instead).  The quantifiers
# inside a word and of the spaces are possessive (*+, ++): giving back part
# of a word or of the spaces can never let the run go on (what follows would
# be a word character, a period or a space, not the space or word the run
# needs), and not trying it saves ~40% of the scan.
_W_POSSESSIVE = r"[A-Z][\w’'\-]*+(?:\.[A-Z])*+\.?"
#: closed-class grammar: the auxiliaries that may follow a body's name ("the TUC has said")
_AUX_AFTER = frozenset("has have had is was were will would could can may might must did does do also".split())


def _heads_its_phrase(view: str, end: int) -> bool:
    """Whether an acronym ending at ``end`` is a noun phrase's head: punctuation, a possessive, an
    auxiliary or a reporting verb after it ("the TUC has said", "the IAAF said"), not a noun it
    modifies ("the ID cards", "the FAO report")."""
    rest = view[end:end + 20]
    if not rest or not rest[0].isspace():
        return True  # punctuation, a possessive, the end
    word = rest.split(None, 1)[0] if rest.strip() else ""
    word = word.rstrip(".,;:!?").lower()
    return not word or word in _AUX_AFTER or word in cue_lexicon().forms


#: an acronym after "he " (the pattern opens with a literal, which the regex engine finds in C
#: ten times faster than a leading \b[Tt]; the "T"/"t" and the word boundary before it are
#: checked by the caller: :func:`_the_acronyms`)
_HE_ACRONYM = lazy(r"he ([A-Z]{2,6})\b(?![’'.-]?\w)")


def _the_acronyms(view: str):
    """The matches of an acronym right after a whole word "the" or "The" ("the TUC", "The IAAF")."""
    for m in _HE_ACRONYM.finditer(view):
        s = m.start()
        if s and view[s - 1] in "Tt" and (s < 2 or not (view[s - 2].isalnum() or view[s - 2] == "_")):
            yield m


_MULTIRUN = lazy(rf"{_W_POSSESSIVE}(?:[ \u00a0]++(?:{_CONN}[ \u00a0]+)?{_W_POSSESSIVE})+")


@lru_cache(maxsize=None)
def _title_index(lex) -> dict:
    """first word -> [(title words, gender)], longest first (built once per lexicon)."""
    idx: dict = {}
    for title in lex.titles:
        parts = tuple(title.split())
        idx.setdefault(parts[0], []).append((parts, lex.title_gender[title]))
    for v in idx.values():
        v.sort(key=lambda x: -len(x[0]))
    return idx


class _WordSets:
    """The lexicon's word lists as the scan asks about the words of a run: a question about
    every word is one C-level ``isdisjoint`` or one set lookup, not a Python loop of lookups
    in several sets (built once per lexicon)."""

    def __init__(self, lex):
        #: words a name does not start with: function words and dates, titles apart
        self.lead = frozenset((lex.not_names | lex.days | lex.months) - set(lex.title_gender))
        #: ``w.rstrip(".") in org_words`` is ``w in org``: a word of a run ends in one period
        #: at most (_W), and no organisation word in one
        self.org = frozenset(lex.org_words) | {w + "." for w in lex.org_words}
        #: the first words of the places (of several words): a run with none of them holds no place
        self.place_first = frozenset(p.split(" ")[0] for p in lex.places)
        self.place_or_day = frozenset(lex.place_words | lex.days)
        #: acronyms after "the" that are no body an "it" may stand for (countries, roles)
        self.not_bodies = frozenset(lex.not_bodies)
        #: the words that make a run of several words more than a name as it stands (an
        #: organisation word, a place's first word, a day, "of", a title's first word): a run
        #: with none of them is taken as a person's name (or a place or thing: _person_or_place)
        self.marked = self.org | self.place_first | lex.days | {"of"} | set(_title_index(lex))


@lru_cache(maxsize=None)
def _word_sets(lex) -> _WordSets:
    return _WordSets(lex)


def strip_possessive(word: str) -> str:
    """A word or name without its possessive ending: Putin's -> Putin,
    players' -> players."""
    if word[-2:] in ("'s", "’s"):
        return word[:-2]
    if word[-1:] in ("'", "’"):
        return word[:-1]
    return word
# two or more capitalised words at the end of a mention: the name in it
_NAME_IN_MENTION = lazy(r"(?<![\w.])(?:[A-Z][\w'’.-]*\s+)+[A-Z][\w'’-]*$")


def _inside_a_name(starts: list[int], ends: list[int], i: int) -> bool:
    """Whether offset ``i`` lies inside (not at the start of) one of the names (start, end)."""
    k = bisect_right(starts, i) - 1
    return k >= 0 and starts[k] < i < ends[k]


def _without_affiliation(name: str) -> str:
    """A person's name without a possessive before it: "NBC’s Dante Chinni" -> "Dante Chinni"."""
    if "'s " not in name and "’s " not in name:
        return name  # (no word but the last ends in a possessive)
    words = name.split(" ")
    for k in range(len(words) - 2, -1, -1):
        if words[k].endswith(("'s", "’s")):
            return " ".join(words[k + 1:])
    return name


# an acronym right before an opening parenthesis, or in parentheses right after a run
_ACRONYM_BEFORE = lazy(r"\b([A-Z]{2,})\s*\($")
_ACRONYM_AFTER = lazy(r"\s*\(([A-Z]{2,})\)")


def _spells_out_acronym(view: str, s: int, e: int, words: list[str]) -> bool:
    """Whether the run at [s, e) (its ``words``) spells out an acronym next to it in parentheses:
    "RSS (Really Simple Syndication)", "Really Simple Syndication (RSS)" (its capitals' initials
    are the acronym's letters)."""
    if view[s - 1:s] == "(":
        m = _ACRONYM_BEFORE.search(view, max(0, s - 12), s)
    elif view[e:e + 2] == " (" or view[e:e + 1] == "(":
        m = _ACRONYM_AFTER.match(view, e)
    else:
        return False
    if m is None:
        return False
    initials = "".join(w[0] for w in words if w[:1].isupper())
    return initials == m.group(1)


def _of_place(words: list[str], lex) -> int:
    """Where "of PLACE" after a full name starts ("Bernie Sanders of Vermont", "Sen. Marco Rubio
    of Florida": the wire's home-state tag, so that "Sanders" is his surname, not "Vermont"),
    or 0: "of" after two words that are not titles ("Foreign Minister of Russia", "Catherine
    of Aragon" keep theirs)."""
    if "of" not in words:
        return 0
    i = words.index("of")
    if i < 2 or i + 1 >= len(words):
        return 0
    tw = lex.title_words
    if words[i - 1].rstrip(".") in tw or words[i - 2].rstrip(".") in tw:
        return 0
    return i


def _without_place(words: list[str], lex) -> int:
    """How many of the words of a piece are left without the place name of several words (and
    a day after it) that makes it or ends it: "South Carolina" and "South Carolina Saturday"
    are no one, "Ted Cruz South Carolina" is Ted Cruz; a place is never a person, and a pronoun
    must not resolve to it. All of them when there is none, or when the place follows "of"
    ("University of South Carolina": a name that holds a place). (A month is not dropped:
    Theresa May.)"""
    n = len(words)
    while n > 1 and words[n - 1] in lex.days:
        n -= 1
    for k in range(n - 1):
        if " ".join(words[k:n]) in lex.places:
            if k and words[k - 1] in _CONNECT:
                return len(words)
            return k
    return n


#: a full name followed by one of these words is not the subject of its clause's verb ("Heidi
#: Cruz and ...", "Jane Hill of ..."); followed by any other lower-case word, it is
_SUBJECT_NEXT = lazy(r" (?!(?:and|or|of|in|on|at|to|for|with|from|by|who|whose|as)\b)[a-z]")


#: a capitalised run of more words than this (connectors apart), with no title or organisation word, is
#: no person's name but a headline in title case
NAME_MAX_WORDS = 5

#: mentions a pronoun looks back over for its person: far more than an article names between
#: a person and "she" (a whole article rarely has 100), and a bound, so that an article of
#: thousands of names and pronouns of the other gender is not quadratic
_PRONOUN_REACH = 300


_first = itemgetter(0)


class Entity:
    __slots__ = ("name", "surname", "kind", "titles", "title_keys", "title_display", "gender", "mentions", "first",
                 "outlet", "roles", "age")

    def __init__(self, name: str, kind: str, first: int):
        self.name = name
        parts = name.split()
        self.surname = parts[-1] if parts else name
        self.kind = kind  # person, organization
        self.titles: set[str] = set()  # lower case, for matching
        self.title_keys: set[str] = set()  # the titles and their last words (what by_title is asked)
        self.title_display: str | None = None  # as first written: "Kazakh President"
        self.gender: str | None = None
        self.mentions: list[tuple[int, int]] = []  # (start, end) of each mention
        self.first = first
        self.outlet = False  # a news outlet: an audience ("told the Herald"), never a pronoun's antecedent
        self.roles: set[str] = set()  # lower-case role nouns it was introduced with ("aide", "port director")
        self.age: str | None = None  # "45" in "Tom Vik, 45," (for "the 45-year-old")


#: up to this many words are looked for with str.find, a search of the text per word (in C,
#: a few instructions a character, where the automaton's pass costs over a hundred, and no
#: automaton to build); more with one Aho-Corasick pass, so that the cost stays linear
_FIND_WORDS = 64


def _occurrences(view: str, words) -> dict[str, list[int]]:
    """{word: [start of each occurrence in ``view``, in order]} of the given words,
    overlapping occurrences included.  Beyond a few words, one pass of an
    Aho-Corasick automaton over the text, whatever their number (a str.find loop
    per word made an article with thousands of distinct names quadratic)."""
    out: dict[str, list[int]] = {}
    words = [w for w in words if w]
    if not view or not words:
        return out
    if len(words) <= _FIND_WORDS:
        find = view.find
        for w in words:
            starts = []
            i = find(w)
            while i >= 0:
                starts.append(i)
                i = find(w, i + 1)
            if starts:
                out[w] = starts
        return out
    import ahocorasick  # (loaded by the cue lexicon already)

    automaton = ahocorasick.Automaton(ahocorasick.STORE_ANY, ahocorasick.KEY_STRING)
    for w in words:
        automaton.add_word(w, w)
    automaton.make_automaton()
    for end, w in automaton.iter(view):
        out.setdefault(w, []).append(end - len(w) + 1)
    return out


class Registry:
    """Named people and organisations, in document order, with indexes for
    the lookups resolution needs (surname, title, nearest person)."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.lex = people_lexicon()
        self.given = given_names()
        self._clean: dict[str, str] = {}  # a person's name as the scan found it -> the name itself
        self._subject_at: set[int] = set()  # offsets of full names followed by their verb (by_surname)
        self.titles = _title_index(self.lex)
        self.sets = _word_sets(self.lex)
        self.entities: dict[str, Entity] = {}
        # (offset, entity) of every name mention outside quotations, in order
        self.timeline: list[tuple[int, Entity]] = []
        self.spans: list[tuple[int, int, Entity]] = []
        #: the offsets of the timeline and of the spans (the same, in the same order), for bisection
        self.offsets: list[int] = []
        #: surname -> (offset, entity) of each full mention of a person with it, by offset (the scan
        #: meets them in text order; later ones are inserted in place)
        self.surnames: dict[str, list[tuple[int, Entity]]] = {}
        self._starts: set[int] = set()
        # title (or its last words) -> (sorted offsets, entities) of the mentions of the entities
        # that have it: by_title bisects, instead of looking back through the whole timeline
        self._titled: dict[str, tuple[list[int], list[Entity]]] = {}
        self._unsorted = False  # (while surnames are registered, out of order: sorted after)
        self._scan()

    # -- scanning ----------------------------------------------------------------
    def _scan(self) -> None:
        view = self.doc.view
        mask = self.doc.quote_mask
        # runs of two or more capitalised words: names, titles, organisations (one search of the
        # whole text, a run starting inside a quotation skipped here: searching only the stretches
        # between quotations read fewer characters in re, but its call per quotation and search
        # per stretch cost more than they saved)
        for m in _MULTIRUN.finditer(view):
            start = m.start()
            if mask is not None and mask[start]:
                continue
            if start and (view[start - 1].isalnum() or view[start - 1] in "’'-"):
                continue  # starts inside a word ("iPhone Pro")
            self._take_run(view[start:m.end()], start)
        # an acronym after "the" ("the TUC", "the IAAF"): a body, never a person, that "it" may
        # stand for
        for m in _the_acronyms(view):
            start, end = m.span(1)
            word = m.group(1)
            if (mask is not None and mask[start]) or start in self._starts or word in self.sets.not_bodies \
                    or word in self.sets.place_or_day or not _heads_its_phrase(view, end):
                continue
            self._entity("the " + word, "organization", m.start() - 1, end)
        # then the surnames of the people found, standing alone ("Putin's visit")
        occurrences = _occurrences(view, self.surnames)
        # the names found so far (in order): a surname inside one of them ("Heidi Cruz") is part of it
        run_starts = [x[0] for x in self.spans]
        run_ends = [x[1] for x in self.spans]
        self._unsorted = True
        for surname in list(self.surnames):
            n = len(surname)
            after = 0  # (as a search with str.find from the end of the last occurrence)
            for i in occurrences.get(surname, ()):
                if i < after:
                    continue
                j = i + n
                if (
                    (i == 0 or not (view[i - 1].isalnum() or view[i - 1] in "'’.-"))
                    and (j >= len(view) or not (view[j].isalnum() or view[j] == "-"))
                    and i not in self._starts and not (mask is not None and mask[i])
                    and not _inside_a_name(run_starts, run_ends, i)
                ):
                    if view[j:j + 2] in ("'s", "’s"):
                        j += 2
                    nxt = view[j:j + 2]
                    if not (nxt[:1] == " " and nxt[1:2].isupper()):  # not the start of a longer name
                        ent = self.by_surname(surname, i)
                        if ent is not None:
                            self._mention(ent, i, j)
                after = j
        self.timeline.sort(key=_first)
        self.spans.sort(key=_first)
        self.offsets = [x[0] for x in self.timeline]
        self._unsorted = False
        for key, (offsets, ents) in self._titled.items():
            order = sorted(range(len(offsets)), key=offsets.__getitem__)  # (stable: ties as registered)
            self._titled[key] = ([offsets[i] for i in order], [ents[i] for i in order])

    def _take_run(self, text: str, base: int) -> None:
        """Register what a capitalised run (a _MULTIRUN match at ``base``) makes: its words are
        its pieces between spaces, and a word ending in a period that is not a title or an
        initial ("Putin.") ends a piece; each piece is then taken alone (_take)."""
        if "\u00a0" in text:
            text = text.replace("\u00a0", " ")
        if "." not in text and "  " not in text:  # (most runs: one piece, its words one space apart)
            words = text.split(" ")
            starts = []
            at = base
            for w in words:
                starts.append(at)
                at += len(w) + 1
            self._take(words, starts)
            return
        title_gender = self.lex.title_gender
        words, starts = [], []
        s0 = 0
        for t in text.split(" "):
            if not t:
                s0 += 1
                continue
            starts.append(base + s0)
            if t[-1] == "." and not (t in title_gender or len(t) == 2 or t.count(".") > 1):
                words.append(t[:-1])  # "Putin." ends the piece
                self._take(words, starts)
                words, starts = [], []
            else:
                words.append(t)
            s0 += len(t) + 1
        if words:
            self._take(words, starts)

    def _take(self, words: list[str], starts: list[int]) -> None:
        """Register one piece of a run (its ``words``, and their offsets ``starts``: a word ends
        at its start + its length; both lists are _take's own), if it makes anything: a
        person, an organisation, a single word (a known surname, or an organisation word), a
        titled person ("Russian President Vladimir Putin"), or a title alone ("the President":
        the person who has it)."""
        lex, sets = self.lex, self.sets
        n = len(words)
        while n and words[n - 1] in _CONNECT:
            n -= 1
        # leading function words ("But", "The") and dates are not names
        k = 0
        while k < n and words[k] in sets.lead:
            k += 1
        if k == n:
            return
        if k or n < len(words):
            words, starts = words[k:n], starts[k:n]
        s, e = starts[0], starts[-1] + len(words[-1])
        k = len(words) - 2
        while k >= 0 and words[k][-2:] not in ("'s", "’s"):
            k -= 1
        if k >= 0 and sets.org.isdisjoint(words[k + 1:]):
            # "Entertainment Weekly's Dave Karger", "Gordon Brown's Budget": the owner, then what
            # follows the possessive taken alone: a full name is a person, one word only a known
            # surname ("Labour's Brown"), not a person named after the thing the owner has
            # ("Budget"); "McDonald's Corp" (an organisation word after it) is one name
            self._take(words[:k + 1], starts[:k + 1])
            self._take(words[k + 1:], starts[k + 1:])
            return
        if words[-1][-1] in "s'’":
            words[-1] = strip_possessive(words[-1])
        if len(words) == 1 and words[0] not in self.titles:
            ent = self.by_surname(words[0], s)
            if ent is not None:
                self._mention(ent, s, e)
            elif words[0] in lex.org_words:  # an organisation word alone
                self._entity(words[0], "organization", s, e)
            return
        if sets.marked.isdisjoint(words):  # (most runs: none of the checks below applies)
            self._entity(" ".join(words), "person", s, e, words)
            return
        if not sets.org.isdisjoint(words) and not self._titled_name(words) and not self._outlet_surname(words) \
                and not self._office_before_name(words):
            self._entity(" ".join(words), "organization", s, e)
            return
        # (_without_place drops a place's words, or days at the end: neither, nothing to drop)
        if lex.places and (words[-1] in lex.days or not sets.place_first.isdisjoint(words)):
            kept = _without_place(words, lex)
            if kept < len(words):  # (the last word, its possessive stripped, is not kept)
                if kept:
                    self._take(words[:kept], starts[:kept])
                return
        i = _of_place(words, lex)
        if i:
            self._take(words[:i], starts[:i])  # "Sen. Bernie Sanders of Vermont": Bernie Sanders
            return
        # the last title in the run splits title from name
        t_start = t_end = -1
        gender = None
        if not self.titles.keys().isdisjoint(words):
            for n, w in enumerate(words):
                for parts, g in self.titles.get(w, ()):
                    if tuple(words[n:n + len(parts)]) == parts:
                        t_start, t_end = n, n + len(parts)
                        if g != "any":
                            gender = g
                        break
        if t_end < 0:
            self._entity(" ".join(words), "person", s, e, words)
            return
        name_words = words[t_end:]
        if not name_words:
            ent = self.by_title(words[t_start].lower(), s)
            if ent is not None:
                self._mention(ent, s, e)
            return
        ent = self.by_surname(name_words[0], s, gender) if len(name_words) == 1 else None
        if ent is not None:
            self._mention(ent, s, e)  # "Mr Reed" after "Tom Reed"
        else:
            ent = self._entity(" ".join(name_words), "person", s, e)
        # the entity's titles (lower case, for matching): the whole title part and the last
        # title, each with the titles by_title can match it by (the whole, or its last words)
        for title in (" ".join(words[:t_end]).lower(), " ".join(words[t_start:t_end]).lower()):
            ent.titles.add(title)
            tw = title.split(" ")
            for k in range(len(tw)):
                self._add_title_key(ent, " ".join(tw[k:]))
        if ent.title_display is None:
            ent.title_display = " ".join(words[:t_end])
        if gender and ent.gender is None:
            ent.gender = gender

    def _outlet_surname(self, words: list[str]) -> bool:
        """A first name and a surname that is also an outlet's word ("Liam Fox"), when the article
        calls him by a title and that surname ("Dr Fox", "Mr Fox") or the first name is a known
        one: a person, not the outlet."""
        if len(words) != 2 or words[1] not in self.lex.outlet_words or words[0] in self.lex.org_words \
                or not words[0][:1].isupper() or not words[0][1:].islower():
            return False
        if words[0] in self.given:
            return True
        view, titles = self.doc.view, self.lex.title_gender
        needle = " " + words[1]
        i = view.find(needle)
        while i > 0:  # (each use of the surname: is the word before it a title?)
            if view[view.rfind(" ", max(0, i - 12), i) + 1:i] in titles:
                return True
            i = view.find(needle, i + 1)
        return False

    def _office_before_name(self, words: list[str]) -> bool:
        """A title after the organisation words of its office, then a name of two capitalised words
        or more ("Economy and Labour Minister Wolfgang Clement", "US Treasury Secretary John Snow"):
        a person, whom the title split below names; the organisation word is the office's (not
        "National Association of Probation Officers": "of" is no title of its own)."""
        tw = self.lex.title_words
        last = max((i for i, w in enumerate(words) if w[:1].isupper() and w.rstrip(".") in tw), default=-1)
        return 0 < last < len(words) - 2 and all(w[:1].isupper() for w in words[last + 1:]) \
            and self.sets.org.isdisjoint(words[last + 1:])

    def _titled_name(self, words: list[str]) -> bool:
        """A one-word personal title and a name of one or two words ("Dr Fox", "Mr Banks"): a
        person, though the name is also an organisation word (the outlet Fox, a bank)."""
        return 2 <= len(words) <= 3 and any(parts == (words[0],) for parts, _ in self.titles.get(words[0], ()))

    def _entity(self, name: str, kind: str, s: int, e: int, words: list[str] | None = None) -> Entity:
        """(``words``: the name's words, when the caller has them.)"""
        if kind == "person":
            clean = self._clean.get(name)
            if clean is None:  # "NBC's Dante Chinni" is Dante Chinni, "Activist Angela Davis" Angela Davis
                clean = self._clean[name] = self._without_descriptors(_without_affiliation(name))
            if clean is not name:
                name, words = clean, None
        ent = self.entities.get(name)
        if ent is None:
            if kind == "person":
                kind = self._person_or_place(name, s, e, words or name.split())
            ent = Entity(name, kind, s)
            if kind == "organization" and not self.lex.outlet_words.isdisjoint(name.split()):
                ent.outlet = True
            self.entities[name] = ent
        if kind == "person" and ent.kind == "person":  # every full mention: by_surname wants the latest
            self.surnames.setdefault(ent.surname, []).append((s, ent))
            if _SUBJECT_NEXT.match(self.doc.view, e):
                self._subject_at.add(s)
        self._mention(ent, s, e)
        return ent

    def _without_descriptors(self, name: str) -> str:
        """A person's name without the capitalised descriptors a sentence may open with
        ("Activist Angela Davis", "Republican Donald Trump", "Spokeswoman Jessica Ditto")."""
        if name.count(" ") < 2:
            return name  # (a descriptor leaves two words at least)
        words = name.split(" ")
        lex = self.lex
        k = 0
        while len(words) - k > 2 and (lex.noun_kind.get(words[k].lower()) in ("role", "anonymous")
                                      or words[k] in lex.descriptors):
            k += 1
        return " ".join(words[k:]) if k else name

    def _person_or_place(self, name: str, s: int, e: int, words: list[str]) -> str:
        """A capitalised run with no title or organisation word (its ``words``): a person, unless
        its words or the word before it say it is a place or a thing ("in New York", "Labor
        Day", "the Central Asian nation")."""
        lex = self.lex
        before = self.doc.view[max(0, s - 12):s].split()
        prev = before[-1].lower() if before else ""
        if not self.sets.place_or_day.isdisjoint(words):  # (a month may be a name: Theresa May)
            if lex.noun_kind.get(prev) == "role" and len(words) == 2 and not lex.days.intersection(words):
                return "person"  # "cafe owner Lin Park": a role names a person, "Park" is a surname
            return "place"
        if len(words) > NAME_MAX_WORDS and sum(1 for w in words if w not in _CONNECT) > NAME_MAX_WORDS:
            return "other"  # a headline in title case, not a name
        if prev in lex.place_lead and self.doc.view[e - 2:e] not in ("'s", "’s"):  # (not "in Ana Ruiz's view")
            return "place"
        if prev in ("the", "a", "an"):
            return "other"
        if _spells_out_acronym(self.doc.view, s, e, words):
            # "RSS (Really Simple Syndication)", "Lawyers' Christian Fellowship (LCF)": the name of
            # a body or a thing, not of a person "he" or "she" may stand for
            return "organization"
        return "person"

    def _mention(self, ent: Entity, s: int, e: int) -> None:
        ent.mentions.append((s, e))
        self.timeline.append((s, ent))
        self.spans.append((s, e, ent))
        self._starts.add(s)
        for key in ent.title_keys:
            self._index_titled(key, s, ent)

    def _add_title_key(self, ent: Entity, key: str) -> None:
        """The entity has a title by_title may be asked for (its mentions so far are indexed)."""
        if key not in ent.title_keys:
            ent.title_keys.add(key)
            for s, _ in ent.mentions:
                self._index_titled(key, s, ent)

    def _index_titled(self, key: str, s: int, ent: Entity) -> None:
        offsets, ents = self._titled.setdefault(key, ([], []))
        if self._unsorted or not offsets or s >= offsets[-1]:
            offsets.append(s)  # (mostly: mentions come in order)
            ents.append(ent)
        else:
            i = bisect_right(offsets, s)
            offsets.insert(i, s)
            ents.insert(i, ent)

    def add(self, ent: Entity, m: Mention) -> None:
        """An entity first met as a speaker mention (not found by the scan)."""
        self.entities.setdefault(ent.name, ent)
        ent.mentions.append((m.start, m.end))
        i = bisect_right(self.offsets, m.start)
        self.offsets.insert(i, m.start)
        self.timeline.insert(i, (m.start, ent))
        self.spans.insert(i, (m.start, m.end, ent))
        for key in ent.title_keys:
            self._index_titled(key, m.start, ent)
        if ent.kind == "person":
            insort(self.surnames.setdefault(ent.surname, []), (m.start, ent), key=_first)

    # -- lookups -------------------------------------------------------------------
    def at(self, start: int, end: int) -> Entity | None:
        """The entity with a mention overlapping [start, end)."""
        spans = self.spans
        i = bisect_left(self.offsets, start)
        if i:  # the last span starting before it
            s, e, ent = spans[i - 1]
            if s < end and start < e:
                return ent
        for j in range(i, len(spans)):  # (by index: a slice copied the rest of the list per call)
            s, e, ent = spans[j]
            if s >= end:
                break
            if start < e:
                return ent
        return None

    def by_surname(self, surname: str, before: int | None = None, gender: str | None = None) -> Entity | None:
        """The person a surname alone stands for at ``before``: of those with this surname named
        in full before it (and of ``gender`` when a title gives one: "Mrs Cruz"), the one named
        last as the subject of a clause (a full name followed by its verb: after "George W. Bush
        spoke" and then "Jeb Bush says", "Bush" is Jeb; after "Sen. Ted Cruz arrived with his
        wife, Heidi Cruz,", "Cruz" is still Ted), else the one named last; failing those, the
        first named after it (a headline may use the surname before the body gives the full
        name)."""
        surname = strip_possessive(surname)
        cands = self.surnames.get(surname)
        if not cands:
            ent = self.entities.get(surname)
            return ent if ent is not None and ent.kind == "person" else None

        def fits(ent: Entity) -> bool:
            return gender is None or self.gender_of(ent) in (None, gender)

        # those named before it, latest first (``cands`` is by offset)
        prior = cands[:bisect_left(cands, before, key=_first)] if before is not None else cands
        prior = prior[::-1]
        # a subject in the headline does not count as one: its grammar is cut short, and a word
        # before the surname may be an adjective ("Faultless Federer has no equal", then "Roger Federer")
        h = self.doc.headline
        head_end = h.end if h is not None else -1
        for subject_only in (True, False):
            for off, ent in prior:
                if fits(ent) and (not subject_only or (off in self._subject_at and not (
                        h is not None and h.start <= off < head_end))):
                    return ent
        if before is None:
            return None
        return next((ent for _, ent in cands if fits(ent)), cands[0][1])

    def gender_of(self, ent: Entity) -> str | None:
        """The person's gender as a title or pronoun showed it, else as the first name suggests
        (``rules/lexicons/given-names.yaml``), else None."""
        return ent.gender or self.given.get(ent.name.split(" ", 1)[0])

    def by_title(self, title: str, before: int) -> Entity | None:
        """The entity with this title (or a title ending in these words) mentioned
        last before ``before``."""
        titled = self._titled.get(title.lower())
        if titled is None:
            return None
        offsets, ents = titled
        i = bisect_left(offsets, before)
        return ents[i - 1] if i else None

    def nearest_person(self, before: int, gender: str | None) -> Entity | None:
        """The person (of this gender, or of none known) mentioned last before ``before``,
        among the last _PRONOUN_REACH mentions."""
        i = bisect_left(self.offsets, before)
        for k in range(i - 1, max(i - 1 - _PRONOUN_REACH, -1), -1):  # (by index: no copy of the timeline)
            ent = self.timeline[k][1]
            if ent.kind != "person":
                continue
            if gender is None or ent.gender in (None, gender):
                return ent
        return None

    def nearest_any(self, before: int) -> Entity | None:
        i = bisect_left(self.offsets, before)
        return self.timeline[i - 1][1] if i > 0 else None
