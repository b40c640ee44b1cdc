"""Who is who: named people and organisations in the article, the name each
speaker mention resolves to, and the merged ``speakers`` list.

Names are found as runs of capitalised words outside quotations.  A title
("Kazakh President", "Sen.") is split from the name and remembered, so that
"the Russian president" later resolves to the person introduced as "Russian
President Vladimir Putin"; a surname alone ("Putin") resolves to the most
recent full name ending in it; a pronoun resolves to the nearest earlier
person it can refer to (he/she are kept apart once a title or an earlier
pronoun has shown a person's gender).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from functools import lru_cache

from ..document import Document, Mention, Speaker, word_count
from .lexicon import people as people_lexicon

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
_MULTIRUN = re.compile(rf"{_W_POSSESSIVE}(?:[ \u00a0]++(?:{_CONN}[ \u00a0]+)?{_W_POSSESSIVE})+")

# The same scan of a Latin-1 text (most articles), as bytes in which every
# capital letter is "A" and every other non-ASCII word character "0": the
# pattern then starts with a literal, which the regex engine finds by a plain
# byte comparison instead of testing each character against [A-Z] (a third
# of the scan).  The translation keeps what the pattern tells apart (a
# capital, a word character, the connectors' lower-case letters, an
# apostrophe, a hyphen, a period, a space or no-break space), so the matches
# are the same.  (Built on first use: compiling at import costs start-up.)
@lru_cache(maxsize=None)
def _latin1_runs() -> tuple:
    """(translation table, pattern) of the Latin-1 scan."""
    table = bytes(
        65 if 65 <= b <= 90 else 48 if b >= 128 and (chr(b).isalnum() or chr(b) == "_") else b
        for b in range(256)
    )
    w = rb"A[\w'\-]*+(?:\.A)*+\.?"
    conn = _CONN.encode()
    return table, re.compile(w + rb"(?:[ \xa0]++(?:" + conn + rb"[ \xa0]+)?" + w + rb")+")


def _runs(view: str):
    """The _MULTIRUN matches of ``view`` (for their offsets only)."""
    try:
        raw = view.encode("latin-1")
    except UnicodeEncodeError:
        return _MULTIRUN.finditer(view)
    table, pattern = _latin1_runs()
    return pattern.finditer(raw.translate(table))


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


def strip_possessive(word: str) -> str:
    """A word or name without its possessive ending: Putin's -> Putin,
    players' -> players."""
    if word[-2:] in ("'s", "’s"):
        return word[:-2]
    if word[-1:] in ("'", "’"):
        return word[:-1]
    return word
# two or more capitalised words at the end of a mention: the name in it
_NAME_IN_MENTION = re.compile(r"(?<![\w.])(?:[A-Z][\w'’.-]*\s+)+[A-Z][\w'’-]*$")


# What a capitalised run makes, as ops (_plan) applied by Registry._apply at the
# run's offset: (kind, start, end, ...), start and end relative to the run.
_PERSON, _ORG, _SINGLE, _TITLED, _TITLE_ONLY = range(5)
_MAX_PLANS = 50000  # distinct run texts kept (a long batch starts again past it)


@lru_cache(maxsize=None)
def _plans(lex) -> dict:
    """{run text: ops} for one lexicon, filled by Registry._scan."""
    return {}


def _plan(text: str, lex, titles: dict) -> tuple:
    """The ops for a capitalised run (a _MULTIRUN match): its words are
    its pieces between spaces, and a word ending in a period that is not a
    title or an initial ("Putin.") ends a piece; each piece is then one op
    (_piece)."""
    if "\u00a0" in text:
        text = text.replace("\u00a0", " ")
    title_gender = lex.title_gender
    ops = []
    run: list[tuple[int, int, str]] = []
    s0 = 0
    for t in text.split(" "):
        if not t:
            s0 += 1
            continue
        e0 = s0 + len(t)
        if t[-1] == "." and not (t in title_gender or len(t) == 2 or t.count(".") > 1):
            run.append((s0, e0 - 1, t[:-1]))  # "Putin." ends the piece
            _piece(run, lex, titles, ops)
            run = []
        else:
            run.append((s0, e0, t))
        s0 = e0 + 1
    if run:
        _piece(run, lex, titles, ops)
    return tuple(ops)


def _piece(run: list[tuple[int, int, str]], lex, titles: dict, ops: list) -> None:
    """The op for one piece of a run, if any: a person, an organisation, a
    single word (a known surname, or an organisation word), a titled person
    ("Russian President Vladimir Putin"), or a title alone."""
    while run and run[-1][2] in _CONNECT:
        run = run[:-1]
    # leading function words ("But", "The") and dates are not names
    not_names, days, months, title_gender = lex.not_names, lex.days, lex.months, lex.title_gender
    while run and (run[0][2] in not_names or run[0][2] in days or run[0][2] in months) and run[0][2] not in title_gender:
        run = run[1:]
    if not run:
        return
    s, e = run[0][0], run[-1][1]
    words = [t for _, _, t in run]
    words[-1] = strip_possessive(words[-1])
    if len(words) == 1 and words[0] not in titles:
        ops.append((_SINGLE, s, e, words[0], words[0] in lex.org_words))
        return
    if any(w.rstrip(".") in lex.org_words for w in words):
        ops.append((_ORG, s, e, " ".join(words)))
        return
    if lex.places:
        kept = _without_place(run, words, lex)
        if kept is not run:
            if kept:
                _piece(kept, lex, titles, ops)
            return
    i = _of_place(words, lex)
    if i:
        _piece(run[:i], lex, titles, ops)  # "Sen. Bernie Sanders of Vermont": Bernie Sanders
        return
    # the last title in the run splits title from name
    t_start = t_end = -1
    gender = None
    for n, w in enumerate(words):
        for parts, g in titles.get(w, ()):
            if tuple(words[n:n + len(parts)]) == parts:
                t_start, t_end = n, n + len(parts)
                if g != "any":
                    gender = g
                break
    if t_end >= 0:
        name_words = words[t_end:]
        if not name_words:
            ops.append((_TITLE_ONLY, s, e, words[t_start].lower()))
            return
        # the entity's titles (lower case, for matching): the whole title
        # part and the last title, each with the titles by_title can match
        # it by (the whole, or its last words)
        title_ops = []
        for title in (" ".join(words[:t_end]).lower(), " ".join(words[t_start:t_end]).lower()):
            tw = title.split(" ")
            title_ops.append((title, tuple(" ".join(tw[k:]) for k in range(len(tw)))))
        surname = name_words[0] if len(name_words) == 1 else None  # "Mr Reed" after "Tom Reed"
        ops.append((_TITLED, s, e, " ".join(name_words), surname, tuple(title_ops), " ".join(words[:t_end]), gender))
        return
    ops.append((_PERSON, s, e, " ".join(words)))


def _of_place(words: list[str], lex) -> int:
    """Where "of PLACE" after a full name starts ("Bernie Sanders of Vermont", "Sen. Marco Rubio
    of Florida": the wire's home-state tag, so that "Sanders" is his surname, not "Vermont"),
    or 0: "of" after two words that are not titles ("Foreign Minister of Russia", "Catherine
    of Aragon" keep theirs)."""
    try:
        i = words.index("of")
    except ValueError:
        return 0
    if i < 2 or i + 1 >= len(words):
        return 0
    tw = lex.title_words
    if words[i - 1].rstrip(".") in tw or words[i - 2].rstrip(".") in tw:
        return 0
    return i


def _without_place(run: list[tuple[int, int, str]], words: list[str], lex) -> list[tuple[int, int, str]]:
    """The run without the place name of several words (and a day after it) that makes it or
    ends it: "South Carolina" and "South Carolina Saturday" are no one, "Ted Cruz South
    Carolina" is Ted Cruz; a place is never a person, and a pronoun must not resolve to it.
    The run itself when there is none, or when the place follows "of" ("University of South
    Carolina": a name that holds a place). (A month is not dropped: Theresa May.)"""
    n = len(words)
    while n > 1 and words[n - 1] in lex.days:
        n -= 1
    for k in range(0, n - 1):
        if " ".join(words[k:n]) in lex.places:
            if k and words[k - 1] in _CONNECT:
                return run
            return run[:k]
    return run if n == len(words) else run[:n]


#: mentions a pronoun looks back over for its person: far more than an article names between
#: a person and "she" (a whole article rarely has 100), and a bound, so that an article of
#: thousands of names and pronouns of the other gender is not quadratic
_PRONOUN_REACH = 300


class Entity:
    __slots__ = ("name", "surname", "kind", "titles", "title_keys", "title_display", "gender", "mentions", "first")

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


#: up to this many words are looked for with str.find, a search of the text per word (in C,
#: cheaper than building an automaton for a few); more with one Aho-Corasick pass
_FIND_WORDS = 8


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
        self.titles = _title_index(self.lex)
        self.entities: dict[str, Entity] = {}
        # (offset, entity) of every name mention outside quotations, in order
        self.timeline: list[tuple[int, Entity]] = []
        self.spans: list[tuple[int, int, Entity]] = []
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
        plans = _plans(self.lex)
        # runs of two or more capitalised words: names, titles, organisations
        for m in _runs(view):
            start = m.start()
            if mask is not None and mask[start]:
                continue
            if start and (view[start - 1].isalnum() or view[start - 1] in "’'-"):
                continue  # starts inside a word ("iPhone Pro")
            # what the run's words make (which names, titles, organisations)
            # depends on its text alone: worked out once per distinct text
            # (_plan), and only the look-ups in what is registered so far are
            # done here, at the run's offset
            text = view[start:m.end()]
            plan = plans.get(text)
            if plan is None:
                if len(plans) >= _MAX_PLANS:
                    plans.clear()
                plan = plans[text] = _plan(text, self.lex, self.titles)
            for op in plan:
                self._apply(op, start)
        # then the surnames of the people found, standing alone ("Putin's visit")
        occurrences = _occurrences(view, self.surnames)
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
                ):
                    if view[j:j + 2] in ("'s", "’s"):
                        j += 2
                    nxt = view[j:j + 2]
                    if not (nxt[:1] == " " and nxt[1:2].isupper()):  # not the start of a longer name
                        ent = self.by_surname(surname, i)
                        if ent is not None:
                            self._mention(ent, i, j)
                after = j
        self.timeline.sort(key=lambda x: x[0])
        self.spans.sort(key=lambda x: x[0])
        self._unsorted = False
        for key, (offsets, ents) in self._titled.items():
            order = sorted(range(len(offsets)), key=offsets.__getitem__)  # (stable: ties as registered)
            self._titled[key] = ([offsets[i] for i in order], [ents[i] for i in order])

    def _apply(self, op: tuple, base: int) -> None:
        """Register what one piece of a capitalised run makes (an op of
        _plan), the piece lying at ``base`` + its offsets in the run."""
        kind = op[0]
        s = base + op[1]
        e = base + op[2]
        if kind == _PERSON:
            self._entity(op[3], "person", s, e)
        elif kind == _ORG:
            self._entity(op[3], "organization", s, e)
        elif kind == _SINGLE:
            ent = self.by_surname(op[3], s)
            if ent is not None:
                self._mention(ent, s, e)
            elif op[4]:  # an organisation word alone
                self._entity(op[3], "organization", s, e)
        elif kind == _TITLED:
            _, _, _, name, surname, titles, display, gender = op
            ent = self.by_surname(surname, s) if surname is not None else None
            if ent is not None:
                self._mention(ent, s, e)  # "Mr Reed" after "Tom Reed"
            else:
                ent = self._entity(name, "person", s, e)
            for title, suffixes in titles:
                ent.titles.add(title)
                for key in suffixes:
                    self._add_title_key(ent, key)
            if ent.title_display is None:
                ent.title_display = display
            if gender and ent.gender is None:
                ent.gender = gender
        else:  # _TITLE_ONLY: "the President" -- the person who has the title
            ent = self.by_title(op[3], s)
            if ent is not None:
                self._mention(ent, s, e)

    def _entity(self, name: str, kind: str, s: int, e: int) -> Entity:
        ent = self.entities.get(name)
        if ent is None:
            ent = Entity(name, kind, s)
            self.entities[name] = ent
        if kind == "person" and ent.kind == "person":  # every full mention: by_surname wants the latest
            self.surnames.setdefault(ent.surname, []).append((s, ent))
        self._mention(ent, s, e)
        return ent

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
        insort(self.timeline, (m.start, ent), key=lambda x: x[0])
        insort(self.spans, (m.start, m.end, ent), key=lambda x: x[0])
        for key in ent.title_keys:
            self._index_titled(key, m.start, ent)
        if ent.kind == "person":
            insort(self.surnames.setdefault(ent.surname, []), (m.start, ent), key=lambda x: x[0])

    # -- lookups -------------------------------------------------------------------
    def at(self, start: int, end: int) -> Entity | None:
        """The entity with a mention overlapping [start, end)."""
        i = bisect_left(self.spans, start, key=lambda x: x[0])
        for j in (i - 1, i, i + 1):
            if 0 <= j < len(self.spans):
                s, e, ent = self.spans[j]
                if s < end and start < e:
                    return ent
        spans = self.spans
        for j in range(i, len(spans)):  # (by index: a slice copied the rest of the list per call)
            s, e, ent = spans[j]
            if s >= end:
                break
            if start < e:
                return ent
        return None

    def by_surname(self, surname: str, before: int | None = None) -> Entity | None:
        """The person with this surname named in full last before ``before``
        (or, failing that, the first named after it: a headline may use the
        surname before the body gives the full name). Named last, not
        introduced last: after "George W. Bush" and then "Jeb Bush says",
        "Bush" is Jeb."""
        surname = strip_possessive(surname)
        cands = self.surnames.get(surname)
        if not cands:
            ent = self.entities.get(surname)
            return ent if ent is not None and ent.kind == "person" else None
        if before is None:
            return cands[-1][1]
        i = bisect_left(cands, before, key=lambda x: x[0])  # (in order: the scan registers them so)
        return cands[i - 1][1] if i else cands[0][1]

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
        i = bisect_left(self.timeline, before, key=lambda x: x[0])
        for k in range(i - 1, max(i - 1 - _PRONOUN_REACH, -1), -1):  # (by index: no copy of the timeline)
            ent = self.timeline[k][1]
            if ent.kind != "person":
                continue
            if gender is None or ent.gender in (None, gender):
                return ent
        return None

    def nearest_any(self, before: int) -> Entity | None:
        i = bisect_left(self.timeline, before, key=lambda x: x[0])
        return self.timeline[i - 1][1] if i > 0 else None


def _kind_of_common(text: str, lex) -> str:
    words = text.lower().split()
    head = words[-1] if words else ""
    kind = lex.noun_kind.get(head) or lex.noun_kind.get(head[:-1] if head.endswith("s") else head)
    if kind == "role" and words and words[0] in ("a", "an", "one", "another"):
        return "anonymous"
    if kind == "role" and head.endswith("s") and words[0] not in ("the",):
        return "group"
    return {"anonymous": "anonymous", "organization": "organization", "document": "document",
            "role": "person"}.get(kind or "", "unknown")


def resolve(doc: Document) -> None:
    """Give each speaker mention a name and build ``doc.speakers``."""
    if not any(q.speaker is not None for q in doc.quotes):
        doc.speakers = []
        return
    reg = Registry(doc)
    lex = reg.lex
    resolved: dict[int, tuple[str, str, Entity | None]] = {}  # id(mention) -> (name, kind, entity)

    def resolve_mention(m: Mention) -> tuple[str, str, Entity | None]:
        key = id(m)
        if key in resolved:
            return resolved[key]
        words = m.text.split()
        low = m.text.lower()
        result: tuple[str, str, Entity | None]
        pcls = lex.pronoun_class.get(low)
        if pcls in ("male", "female"):
            ent = reg.nearest_person(m.start, pcls)
            if ent is not None and ent.gender is None:
                ent.gender = pcls
            result = (ent.name, "person", ent) if ent else (m.text, "unknown", None)
        elif low == "who":
            ent = reg.nearest_any(m.start)
            result = (ent.name, ent.kind, ent) if ent else (m.text, "unknown", None)
        elif pcls is not None:
            result = (m.text, "unknown", None)
        elif words and words[0][:1].isupper() and words[0] not in ("The", "A", "An"):
            # a name, perhaps with a title: find the entity registered for this span
            ent = reg.at(m.start, m.end)
            if ent is None:
                ent = reg.by_surname(strip_possessive(words[-1]), m.start)
            if ent is None:
                name = " ".join(strip_possessive(w) for w in words)
                ent = Entity(name, "person", m.start)
                reg.add(ent, Mention(m.start, m.end, m.text, name))
            result = (ent.name, ent.kind, ent)
        elif _NAME_IN_MENTION.search(m.text) and not words[0][:1].isupper():
            # "the engineer Sarah Lund": the name in the mention
            nm = _NAME_IN_MENTION.search(m.text)
            s0 = m.start + nm.start()
            ent = reg.at(s0, m.end) or reg.by_surname(strip_possessive(nm.group().split()[-1]), m.start)
            if ent is None:
                name = strip_possessive(nm.group())
                ent = Entity(name, "person", s0)
                reg.add(ent, Mention(s0, m.end, nm.group(), name))
            result = (ent.name, ent.kind, ent)
        else:
            # "the Russian president", "a spokesman", "officials", "the statement"
            ent = None
            if words and words[0].lower() == "the" and len(words) >= 2:
                ent = reg.by_title(words[-1], m.start) or reg.by_title(" ".join(words[1:]), m.start)
            if ent is not None:
                result = (ent.name, ent.kind, ent)
            else:
                result = (m.text, _kind_of_common(m.text, lex), None)
        resolved[key] = result
        return result

    speakers: dict[str, Speaker] = {}
    entity_of: dict[str, Entity | None] = {}
    starts_of: dict[str, set[int]] = {}  # mention starts per speaker (a set: no rescan per quote)
    for q in doc.quotes:
        m = q.speaker
        if m is None:
            continue
        name, kind, ent = resolve_mention(m)
        m.name = name
        key = name if kind != "unknown" else name.lower()
        sp = speakers.get(key)
        if sp is None:
            sp = Speaker(f"s{len(speakers) + 1}", name, kind)
            if lex.pronoun_class.get(name.lower()) is not None:
                sp.label = f'an unnamed speaker ("{name}")'  # a pronoun that resolved to no one
            speakers[key] = sp
            entity_of[key] = ent
            starts_of[key] = set()
        m.speaker = sp.id
        sp.quotes.append(q.id)
        sp.quoted_words += word_count(doc.view[q.start:q.end])
        if m.start not in starts_of[key]:
            starts_of[key].add(m.start)
            sp.mentions.append(m)
    for key, sp in speakers.items():
        ent = entity_of[key]
        if ent is not None:
            # taken: the speaker's mentions as sorted (start, end); an entity's
            # mention is added when it overlaps none of them (found by bisection
            # within the longest mention's length, not by a scan per mention)
            taken = sorted((x.start, x.end) for x in sp.mentions)
            longest = max((e - s for s, e in taken), default=0)
            for ms, me in ent.mentions:
                k = bisect_left(taken, (me,))
                clash = False
                while k > 0 and taken[k - 1][0] > ms - longest - 1:
                    k -= 1
                    if taken[k][0] < me and taken[k][1] > ms:
                        clash = True
                        break
                if not clash:
                    mm = Mention(ms, me, doc.view[ms:me], ent.name)
                    mm.speaker = sp.id
                    sp.mentions.append(mm)
                    insort(taken, (ms, me))
                    longest = max(longest, me - ms)
            if ent.titles:
                sp.title = ent.title_display or max(ent.titles, key=lambda t: (len(t), t))  # deterministic on ties
        sp.mentions.sort(key=lambda x: x.start)
    doc.speakers = list(speakers.values())
