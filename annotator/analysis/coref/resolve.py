"""Resolution: the entity a speaker or source mention stands for.

Contract: ``Resolver(doc, registry)``; ``resolve(mention)`` returns ``(name, kind, entity)`` for a
mention as the attribution analysis found it (a quotation's speaker, a relation's source), with
``entity`` None only for a pronoun that found no antecedent.  Mentions are to be resolved in text
order: each resolved mention joins its entity's mentions, so that a later pronoun or role finds it.

* **Names**: the name is the head of the mention, split from its titles, descriptors and
  affiliations ("Senate aide Dana Ortiz" is Dana Ortiz, not the Senate; "Local 12 union president
  Sam Reyes" is Sam Reyes), and from an appositive ("Ana Ruiz, the port's director").  A surname
  ("Hill", "Ms Hill", "Mr Putin") joins the full name introduced before it.
* **Pronouns** (he, she, it, they) resolve to the grammatical subject of the nearest clause before
  them that has a compatible one (same sentence first, then up to ``PRONOUN_SENTENCES`` sentences
  back; a mention opening its clause, or the source of a reporting cue, is a subject), else to the
  nearest compatible mention there.  he/she go only to people, of that gender or of none known (a
  title such as Ms, or an earlier pronoun, gives a person's gender, else the first name when
  ``rules/lexicons/given-names.yaml`` knows it); "it" only to organisations and
  documents; "they" to groups and plural unnamed sources ("officials").  Never to places, days, things
  ("the Central Asian nation") or news outlets.
* **Roles and descriptions** with "the" ("the mayor", "the aide", "the company", "the
  45-year-old", "the spokesman") resolve to the latest person or organisation introduced with that
  title, role, kind or age; otherwise the description is a speaker of its own.
* **Organisations and their spokespeople are kept apart**: "a Kremlin spokesman" is a speaker of its
  own (anonymous), not the Kremlin; "Kremlin spokesman Dmitry Peskov" is Dmitry Peskov.  A reader
  weighing sources needs to know whether the organisation spoke on the record or one unnamed
  employee did.
* The outlet after "told" ("told the Herald") is the audience: the attribution analysis does not
  make it a source, and here no pronoun resolves to an outlet.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from functools import lru_cache
import re

from ...document import Document, Mention
from ...lazyre import lazy
from .registry import _NAME_IN_MENTION, _PRONOUN_REACH, Entity, Registry, _first, strip_possessive

#: sentences a pronoun looks back over for an antecedent that is a subject (or any mention), before
#: falling back on the nearest compatible person within _PRONOUN_REACH mentions
PRONOUN_SENTENCES = 4
#: at most this many characters of descriptors between a mention and the name it stands before
DESCRIPTOR_GAP_CHARS = 40
#: sentences a role or description ("the company", "the 45-year-old") looks back over
ROLE_SENTENCES = 12
#: names looked up one text search each in _used_as_place; past them, one index of the text
PLACE_SEARCHES_MAX = 16

# what may stand between the start of a clause and its subject: determiners, sentence adverbs,
# conjunctions ("But Ana Ruiz said", "Later the mayor said")
_SUBJECT_LEAD = frozenset(
    "the a an and but so yet then later also meanwhile still now however instead separately finally "
    "earlier former acting interim longtime veteran deputy senior top chief".split()
)
_CLAUSE_BREAKS = (", ", "; ", ": ", " — ", " – ", " -- ", "\n", "“", "”", '"')
_AGE = lazy(r",\s*(\d{1,3}),")
_AGE_ROLE = lazy(r"(\d{1,3})-year-old$")
# a capitalised name and "and" with a pronoun after it ("Anton Dolin and she")
_NAME_THEN_AND = lazy(r"[A-Z][\w'.-]*(?: [A-Z][\w'.-]*){0,3} and (he|she)\b")
_APPOSITIVE_ROLE = lazy(r",\s+(?:the|a|an)\s+([^,;:()\"“”]{2,60}?),")
_PLURAL_PRONOUNS = frozenset(("they", "them", "their", "themselves"))


def is_owner(view: str, end: int) -> bool:
    """Whether a registered name ending at ``end`` is an owner before a possessive: its span
    holds the "'s" ("Ana Ruiz's firm"), or the "'s" follows it."""
    return view[end - 2:end] in ("'s", "’s") or view[end:end + 2] in ("'s", "’s")


class Resolver:
    def __init__(self, doc: Document, reg: Registry, subjects: set[int] = frozenset()):
        self.doc = doc
        self.view = doc.view
        #: whether "he and"/"she and"/"and he"/"and she" may occur at all (a substring test in C; a
        #: pattern with \b scanned the whole text in Python's engine): else _coordinated is not asked
        self._pairs = "he and " in doc.view or " and he" in doc.view or " and she" in doc.view
        self.reg = reg
        self.lex = reg.lex
        self.title_low = _lower_titles(reg.lex)
        self.sentence_starts = [s.start for s in doc.sentences]
        #: starts of mentions known to be subjects of a reporting cue (the relations' sources)
        self.subjects = set(subjects)
        self._cache: dict[tuple[int, int], tuple[str, str, Entity | None]] = {}
        self._descriptions: dict[str, Entity] = {}  # "kremlin spokesman" -> its entity
        self._roles_read = False
        self._subject_at: dict[int, bool] = {}  # offset -> whether a mention there opens its clause
        self._says_what: dict[str, bool] = {}  # organisation name -> whether it holds an organisation noun
        self.ambiguous = False  # whether the last pronoun had other candidates in its antecedent's sentence
        self._places: dict[str, bool] = {}  # name -> whether the article writes it after a place_lead word
        self._lead_index: dict[str, list[int]] | None = None  # see _after_place_lead
        self.resolved: list[tuple[int, Entity]] = []  # (offset, entity) of the mentions resolved, in order
        self._resolved_at: list[int] = []  # (their offsets, for bisection)
        #: pronoun speaker offset -> the span of the quotation it speaks (set by ``coref.resolve``)
        self.said: dict[int, tuple[int, int]] = {}
        #: pronoun source offset -> the span of the reported content before it ("…, he said")
        self.reported_before: dict[int, tuple[int, int]] = {}
        #: (start, end, "male"/"female") of the mentions "a spokesman for <organisation>": resolved to the
        #: organisation, and a later "he"/"she" of the spokesman's gender stands for them too
        self._spoken_for: list[tuple[int, int, str]] = []

    # -- the one entry point ----------------------------------------------------------
    def resolve(self, m: Mention) -> tuple[str, str, Entity | None]:
        key = (m.start, m.end)
        got = self._cache.get(key)
        if got is None:
            got = self._cache[key] = self._resolve(m)
            ent = got[2]
            if ent is not None and self.reg.at(m.start, m.end) is not ent:
                self._add(ent, m.start, m.end)
        return got

    def _resolve(self, m: Mention) -> tuple[str, str, Entity | None]:
        text = m.text.strip()
        low = text.lower()
        pcls = self.lex.pronoun_class.get(low)
        if pcls is not None or low == "who":
            ent = self.pronoun(m.start, low, pcls)
            if ent is None:
                return (text, "unknown", None)
            if pcls in ("male", "female") and ent.gender is None and not self.ambiguous:
                ent.gender = pcls
            return (ent.name, _speaker_kind(ent), ent)
        head = _head(text)
        core = _before_postmodifier(head, self.lex)
        if core is not None:
            ent = self._person_before(m.start)  # "Matt Ruiz, a fund manager at Acme Trust, said"
            if ent is not None:
                return (ent.name, _speaker_kind(ent), ent)
            if core.split()[0].lower() in ("a", "an", "one", "another") or core.endswith("s"):
                # "A close associate of Ivan Petrov", "Residents of Hill Town": they speak, not
                # the name after the preposition (but "head of research Peter Kim" is Peter Kim)
                return self._description(m.start, m.start + len(head), head, core)
        words = head.split()
        last = strip_possessive(words[-1]) if words else ""
        low_last = last.lower()
        described = ((low_last in self.lex.noun_kind or low_last[:-1] in self.lex.noun_kind) and all(
            w.lower() in ("the", "a", "an") for w in words[:-1])) or (  # "Officials said", "Police said"
            len(words) == 1 and self._common_word(m.start, last))  # "Lawmakers said", "Polls show"
        if last[:1].isupper() and not described:
            ent = self.name(m.start, m.start + len(head), head)
            gender = _spokesperson_gender(words)
            if gender is not None and _speaker_kind(ent) == "organization":
                self._spoken_for.append((m.start, m.start + len(head), gender))
            return (ent.name, _speaker_kind(ent), ent)
        ent = self._person_after(m.start + len(head), ", ")  # "an aide, Dana Ortiz"
        if ent is None:
            ent = self.role(m.start, head)
        if ent is not None:
            return (ent.name, _speaker_kind(ent), ent)
        return self._description(m.start, m.start + len(head), head)

    def _person_before(self, start: int) -> Entity | None:
        """The person whose name ends right before ``start`` and a comma: the mention is its
        appositive ("Matt Ruiz, a fund manager at Acme Trust")."""
        spans = self.reg.spans
        i = bisect_left(self.reg.offsets, start) - 1
        while i >= 0 and spans[i][1] >= start - APPOSED_GAP_CHARS:
            s, e, ent = spans[i]
            if ent.kind == "person" and self.view[e:start] == ", ":
                return ent
            i -= 1
        return None

    def _common_word(self, start: int, word: str) -> bool:
        """A lone capitalised word that is no name: not registered, and a function word or a word
        the article also writes in lower case ("Lawmakers", "Scholars", "Polls")."""
        if self.reg.at(start, start + len(word)) is not None or self.reg.surnames.get(word):
            return False
        if word in self.lex.not_names:
            return True
        low = word.lower()
        if low == word:
            return False
        view = self.view
        i = view.find(low)
        while i >= 0:
            j = i + len(low)
            if (i == 0 or not (view[i - 1].isalnum() or view[i - 1] in "’'-")) and (
                    j >= len(view) or not (view[j].isalnum() or view[j] in "’'-")):
                return True
            i = view.find(low, j)
        return False

    def _person_after(self, end: int, gap: str) -> Entity | None:
        """The person whose name follows ``end`` after ``gap`` exactly (", ": an apposed name), or
        (``gap`` "") after descriptor words only ("Local| 12 union president Sam Reyes")."""
        spans = self.reg.spans
        i = bisect_left(self.reg.offsets, end)
        if i >= len(spans):
            return None
        s, e, ent = spans[i]
        if ent.kind != "person":
            return None
        between = self.view[end:s]
        if gap:
            # (not an owner, whose span holds its "'s": "Acme, Ana Ruiz's firm, said" is Acme)
            return ent if between == gap and not is_owner(self.view, e) else None
        if len(between) > DESCRIPTOR_GAP_CHARS or any(c in between for c in ",.;:!?\"“”()—"):
            return None
        if not _GAP_STOP.isdisjoint(between.lower().split()):
            return None  # descriptors ("union president"), not a clause ("found the system from")
        return ent if between.startswith(" ") else None

    # -- names --------------------------------------------------------------------------
    def name(self, start: int, end: int, head: str) -> Entity:
        """The person or organisation a name mention names: the last person registered inside the
        mention ("Senate aide Dana Ortiz"), else the last organisation or place, else the person
        with this surname, else a new person (or, for a word the article uses as a place, the
        state or city it stands for: an organisation)."""
        found = self._inside(start, end)
        if not any(e.kind == "person" for e in found):
            ent = self._person_after(end, ", ")  # "The EU's aid commissioner, Louis Michel, said"
            if ent is not None:
                return ent
        if found:
            people = [e for e in found if e.kind == "person"]
            ent = people[-1] if people else found[-1]
            if ent.kind == "person" and self._used_as_place(ent.name):
                ent.kind = "place"  # "West Virginia said …" after "in West Virginia": the state
            self._note_descriptors(ent, start, end)
            return ent
        words = head.split()
        ent = self.reg.by_surname(strip_possessive(words[-1]), start)
        if ent is not None:
            return ent
        ent = self._person_after(end, "")  # "said Local 12 union president Sam Reyes": the attributor took "Local"
        if ent is not None:
            return ent
        nm = _NAME_IN_MENTION.search(head)
        if nm is not None and nm.start() > 0:  # "union president Sam Reyes"
            name = strip_possessive(nm.group())
            s0 = start + nm.start()
        else:
            name = " ".join(strip_possessive(w) for w in words if w not in ("The", "A", "An"))
            s0 = start
        name = self._without_titles(name)
        kind = "person"
        if any(w.rstrip(".") in self.lex.org_words for w in name.split()):
            kind = "organization"
        elif len(name.split()) == 1 and self._used_as_place(name):
            kind = "organization"  # "Kazakhstan declined …": the state
        ent = self.reg.entities.get(name)
        if ent is None:
            ent = Entity(name, kind, s0)
            self.reg.entities[name] = ent
            if kind == "person":
                insort(self.reg.surnames.setdefault(ent.surname, []), (s0, ent), key=_first)  # (by offset)
        self._note_descriptors(ent, start, s0)
        return ent

    def _without_titles(self, name: str) -> str:
        words = name.split()
        while len(words) > 1 and (words[0] in self.lex.title_gender or words[0].rstrip(".") in self.lex.title_words):
            words = words[1:]
        return " ".join(words)

    def _inside(self, start: int, end: int) -> list[Entity]:
        """The entities with a mention inside [start, end), in text order (one each)."""
        spans = self.reg.spans
        i = bisect_left(self.reg.offsets, start)
        out: list[Entity] = []
        while i < len(spans) and spans[i][0] < end:
            s, e, ent = spans[i]
            # (+2: a possessive ending; a name the mention cuts short, "John D" of "John D. Podesta", at its start)
            if (e <= end + 2 or s == start) and ent not in out:
                out.append(ent)
            i += 1
        return out

    def _used_as_place(self, name: str) -> bool:
        """Whether the article writes the name after "in", "at", "visited" … ("in Kazakhstan",
        "in West Virginia")."""
        got = self._places.get(name)
        if got is None:
            if len(self._places) >= PLACE_SEARCHES_MAX and len(name) >= 3:
                got = self._after_place_lead(name)
            else:
                got = False
                view, lead = self.view, self.lex.place_lead
                i = view.find(name)
                while i >= 0 and not got:
                    got = _whole_at(view, i, i + len(name)) and _word_before(view, i) in lead
                    i = view.find(name, i + 1)
            self._places[name] = got
        return got

    def _after_place_lead(self, name: str) -> bool:
        """``_used_as_place`` for an article of many names: each search above reads the whole
        text, so past PLACE_SEARCHES_MAX names the places right after a place_lead word and a
        space are found once (indexed by their first three characters) and each name is
        looked for only there, with the same tests."""
        index = self._lead_index
        view = self.view
        if index is None:
            lead = self.lex.place_lead
            rx = re.compile(r"(?<!\S)(?:%s)\s+(?=\S)" % "|".join(map(re.escape, sorted(lead, key=len, reverse=True))),
                            re.IGNORECASE)
            index = self._lead_index = {}
            for m in rx.finditer(view):
                i = m.end()
                if view[i - 1] == " " and _word_before(view, i) in lead:  # (as the search above reads it)
                    index.setdefault(view[i:i + 3], []).append(i)
        return any(view.startswith(name, i) and _whole_at(view, i, i + len(name)) for i in index.get(name[:3], ()))

    def _note_lead(self, ent: Entity, s: int) -> None:
        """The role words right before a name in the text ("the aide Dana Ortiz")."""
        words = self.view[max(self._sentence_start(s), s - 40):s].split()
        lex = self.lex
        for w in reversed(words):
            lw = w.lower()
            if lex.noun_kind.get(lw) in ("role", "anonymous") or lw in self.title_low:
                ent.roles.add(lw)
            elif not w[:1].isupper():
                break

    def _note_descriptors(self, ent: Entity, start: int, name_start: int) -> None:
        """Lower-case role words before the name ("Senate aide", "union president") become roles."""
        if ent.kind != "person" or name_start <= start:
            return
        for w in self.view[start:name_start].split():
            w = w.strip(",").lower()
            if self.lex.noun_kind.get(w) in ("role", "anonymous") or w in self.title_low:
                ent.roles.add(w)

    # -- pronouns -----------------------------------------------------------------------
    def compatible(self, ent: Entity, low: str, pcls: str | None) -> bool:
        if ent.outlet or ent.kind in ("place", "other"):
            return False
        if pcls in ("male", "female"):
            if ent.kind == "anonymous":  # "a Home Office spokesman …. He added": a described person of that gender
                return ent.gender == pcls
            return ent.kind == "person" and self.reg.gender_of(ent) in (None, pcls) and not self._used_as_place(ent.name)
        if pcls == "neuter":
            return ent.kind in ("organization", "document")
        if low in _PLURAL_PRONOUNS:  # a group or plural unnamed sources ("officials"), not "the company"
            return (ent.kind in ("group", "anonymous") and ent.name.endswith("s")) or self._plural_people(ent)
        if low == "who":
            return ent.kind != "document"
        return False

    def _plural_people(self, ent: Entity) -> bool:
        """A "person" whose name ends in the plural of a role ("MPs", "the MEPs", "Labour
        ministers"): people, whom "they" may stand for."""
        if ent.kind != "person" or not ent.name.endswith("s"):
            return False
        last = ent.name.rsplit(" ", 1)[-1][:-1]
        return last in self.lex.not_bodies or self.lex.noun_kind.get(last.lower()) == "role"

    def pronoun(self, at: int, low: str, pcls: str | None) -> Entity | None:
        """The antecedent of the pronoun at ``at``: by subject, sentence by sentence, then by
        recency (see the module's docstring)."""
        self.ambiguous = False
        if pcls == "first" or (pcls == "relative" and low != "who"):
            return None
        if low == "who":  # the relative pronoun: the name right before it
            for n, (_, ent) in enumerate(self._back(at)):
                if n >= 3:
                    break
                if self.compatible(ent, low, pcls):
                    return ent
            return None
        here = self._sentence(at)
        # the compatible mentions of the latest sentence that has any (latest first): the answer
        # is read from them alone, so the walk back stops at the sentence before theirs
        cands: list[tuple[int, Entity]] = []
        sn = here
        further = None  # the nearest compatible mention beyond PRONOUN_SENTENCES
        spoken = self.said.get(at)
        named = self._named_in(spoken) if spoken is not None else ()
        content = self.reported_before.get(at)
        for off, ent in self._back(at):
            if cands and self._sentence(off) != sn:
                break
            if content is not None and content[0] <= off < content[1]:
                continue  # '… proposed by Lord Dubs were …, he said': not Lord Dubs
            if not self.compatible(ent, low, pcls) and not (
                self._spoken_for and any(a <= off < b and g == pcls for a, b, g in self._spoken_for)
            ):
                continue  # (but "He" after "a spokesman for the ballet company": its spokesman)
            if named and ent.kind == "person" and ent.name.split(" ", 1)[0] in named:
                continue  # '"I think Sam's situation is …," he said': not Sam
            if pcls in ("male", "female") and self._pairs and self._coordinated(off, low):
                continue  # "she and Anton Dolin founded …": she is not Dolin
            if not cands:
                sn = self._sentence(off)
                if here - sn > PRONOUN_SENTENCES:
                    further = ent
                    break
            cands.append((off, ent))
        if cands:
            subjects = [(off, ent) for off, ent in cands if self.is_subject(off)]
            if sn == here:
                chosen = subjects[0][1] if subjects else cands[0][1]  # the nearest clause's subject
            else:
                # the sentence's first source of speech ("Brown liked …, the Tory leader said. '…,' he
                # said": the Tory leader, who speaks on), else its first subject
                sources = [c for c in subjects if c[0] in self.subjects]
                chosen = (sources or subjects or cands)[-1][1]
            # another candidate there: the choice does not show the chosen one's gender
            self.ambiguous = any(ent is not chosen for _, ent in cands)
            return chosen
        return further if pcls in ("male", "female") else None  # (a person named further back)

    def _coordinated(self, off: int, low: str) -> bool:
        """Whether the mention at ``off`` is coordinated with the pronoun ``low`` ("she and Anton
        Dolin", "Anton Dolin and she"): two people, so the pronoun elsewhere is not that one."""
        view = self.view
        before = view[max(0, off - len(low) - 6):off].lower()
        if before.endswith(f"{low} and ") and not before[-len(low) - 6:-len(low) - 5].isalpha():
            return True
        m = _NAME_THEN_AND.match(view, off)
        return m is not None and m.group(1).lower() == low

    def _named_in(self, span: tuple[int, int]) -> frozenset[str]:
        """The names a quotation speaks of in the possessive ("Sam's situation"): its speaker is
        none of the people with such a first name (a whole name may be the speaker's own: "if the
        teenage Michael Howard were applying …")."""
        text = self.view[span[0]:span[1]]
        if "'s" not in text and "’s" not in text:
            return frozenset()
        return frozenset(w[:-2] for w in text.split() if w.endswith(("'s", "’s")) and w[:1].isupper())

    def is_subject(self, off: int) -> bool:
        """Whether the mention at ``off`` opens its clause (nothing but determiners, adverbs,
        capitalised words and role words before it), or is the source of a reporting cue."""
        if off in self.subjects:
            return True
        got = self._subject_at.get(off)
        if got is None:
            got = self._subject_at[off] = self._opens_clause(off)
        return got

    def _opens_clause(self, off: int) -> bool:
        word = self.view[off:off + 60].split(None, 2)
        if word and (word[0].endswith(("'s", "’s")) or (len(word) > 1 and word[1].endswith(("'s", "’s")))):
            return False  # "Holt’s colleague Matt Lauer": a possessive is no subject
        s = self._sentence_start(off)
        lead = self.view[s:off]
        cut = max(lead.rfind(b) + len(b) if lead.rfind(b) >= 0 else 0 for b in _CLAUSE_BREAKS)
        lex = self.lex
        for w in lead[cut:].split():
            lw = w.lower().strip(",")
            if w[:1].isupper() or w[:1].isdigit() or lw in _SUBJECT_LEAD or lw.endswith("ly"):
                continue
            if lex.noun_kind.get(lw) is not None or lw in self.title_low or lw.endswith(("'s", "’s")):
                continue
            return False
        return True

    # -- roles and descriptions -----------------------------------------------------------
    def role(self, at: int, head: str) -> Entity | None:
        """The person or organisation a description with "the" stands for, when one was
        introduced with that title, role, kind or age in the sentences before."""
        words = head.lower().split()
        if len(words) < 2 or words[0] != "the":
            return None
        rest = " ".join(words[1:])
        noun = words[-1]
        age = _AGE_ROLE.search(rest)
        if age is not None:
            self._read_roles()
            return self._latest(at, lambda e: e.kind == "person" and e.age == age.group(1))
        ent = self.reg.by_title(noun, at) or self.reg.by_title(rest, at)
        if ent is not None and self._within(ent, at) and self._qualifiers_fit(ent, head):
            return ent
        kind = self.lex.noun_kind.get(noun) or (self.lex.noun_kind.get(noun[:-1]) if noun.endswith("s") else None)
        if kind in ("role", "anonymous"):
            self._read_roles()
            ent = self._latest(at, lambda e: e.kind == "person" and (noun in e.roles or rest in e.roles)
                               and self._qualifiers_fit(e, head))
            if ent is not None:
                return ent
        if kind == "organization":
            outlet_ok = noun in ("newspaper", "paper", "magazine", "website", "station", "channel", "network")
            cap = noun.capitalize()
            # one whose name says it first, or one described so ("the committee": the Pensions
            # Committee, or "the pensions committee", though the agency "the CSA" came later), then
            # one whose name does not say what it is
            # ("the government" only the first two ways: a party or a firm is not the government)
            ent = self._latest(at, lambda e: e.kind == "organization" and e.outlet == outlet_ok and (
                cap in e.name.split())) or self._descriptions.get(noun)
            if ent is None and noun not in self.lex.named_only:
                ent = self._latest(
                    at, lambda e: e.kind == "organization" and e.outlet == outlet_ok and not self._has_other_noun(e))
            if ent is not None:
                return ent
        return self._descriptions.get(rest)

    def _qualifiers_fit(self, ent: Entity, head: str) -> bool:
        """Whether the capitalised qualifier of a description ("the Metropolitan police chief")
        agrees with the one written before the same words at the entity's mentions: "Norfolk
        police chief Andy Hayman" is not the Metropolitan one. Only the same words after another
        qualifier count against ("Tottenham manager Jacques Santini" may be "the former France
        manager"); no qualifier there is no evidence against."""
        words = head.split()
        qualifiers, tail = _qualified(words[1:-1])
        if not qualifiers or not tail:
            return True
        noun = words[-1].lower()
        for s, e in ent.mentions:
            near = self.view[max(self._sentence_start(s), s - QUALIFIER_LOOKBACK_CHARS):e]
            near = near[near.rfind("\n") + 1:].split()  # (not a headline run into its first sentence)
            for i, w in enumerate(near):
                if w.lower().strip(",") != noun:
                    continue
                run = []  # the words right before the noun, back to punctuation ("Norfolk police chief")
                for x in reversed(near[max(0, i - 3):i]):
                    if not x[-1:].isalnum():
                        break
                    run.insert(0, x)
                theirs, their_tail = _qualified(run)
                if theirs and their_tail == tail and theirs.isdisjoint(qualifiers):
                    return False
        return True

    def _has_other_noun(self, ent: Entity) -> bool:
        """Whether an organisation's name says what it is ("Foreign Ministry"): then "the company"
        does not stand for it."""
        got = self._says_what.get(ent.name)
        if got is None:
            kinds = self.lex.noun_kind
            got = self._says_what[ent.name] = any(kinds.get(w.lower()) == "organization" for w in ent.name.split())
        return got

    def _latest(self, at: int, fits) -> Entity | None:
        here = self._sentence(at)
        for off, ent in self._back(at):
            if here - self._sentence(off) > ROLE_SENTENCES:
                break
            if fits(ent):
                return ent
        return None

    def _within(self, ent: Entity, at: int) -> bool:
        return any(s < at for s, _ in ent.mentions)

    def _read_roles(self) -> None:
        """Ages and appositive roles of the people registered ("Tom Vik, 45,", "Ana Ruiz, the
        port's director,"): read once, on the first description that needs them."""
        if self._roles_read:
            return
        self._roles_read = True
        view = self.view
        for s, e, ent in self.reg.spans:
            if ent.kind != "person":
                continue
            nxt = view[e:e + 80]
            a = _AGE.match(nxt)
            if a is not None and ent.age is None:
                ent.age = a.group(1)
            r = _APPOSITIVE_ROLE.match(nxt)
            if r is not None:
                role = r.group(1).lower().split()
                ent.roles.add(role[-1])
                ent.roles.add(" ".join(w for w in role if not w.endswith(("'s", "’s"))))
            self._note_lead(ent, s)

    def _description(self, start: int, end: int, head: str, phrase: str | None = None) -> tuple[str, str, Entity | None]:
        """A speaker described, not named ("a Kremlin spokesman", "officials", "the report"): one
        speaker per description (its words without the article), found again by "the spokesman"
        and by a pronoun."""
        words = head.split()
        if words and words[0].lower() in ("a", "an", "the", "one", "another"):
            core = " ".join(words[1:])
        else:
            core = head
        key = core.lower()
        kind = _description_kind(phrase or head, self.lex)  # (``phrase``: the head noun's, before "of …")
        ent = self._descriptions.get(key)
        if ent is None:
            ent = Entity(head, kind, start)
            noun = key.split()[-1] if key else key
            ent.roles.add(noun)
            if noun.endswith("man") and not noun.endswith("woman"):
                ent.gender = "male"
            elif noun.endswith("woman"):
                ent.gender = "female"
            self._descriptions[key] = ent
            self._descriptions.setdefault(noun, ent)  # "the spokesman" after "a Kremlin spokesman"
        return (ent.name, ent.kind, ent)

    # -- bookkeeping ----------------------------------------------------------------------
    def _add(self, ent: Entity, s: int, e: int) -> None:
        """A resolved mention joins its entity, and the mentions a later pronoun or role looks
        back over (``_back``)."""
        ent.mentions.append((s, e))
        if not self.resolved or self.resolved[-1][0] <= s:
            self.resolved.append((s, ent))  # (mentions are resolved in text order)
            self._resolved_at.append(s)
        else:
            i = bisect_right(self._resolved_at, s)
            self.resolved.insert(i, (s, ent))
            self._resolved_at.insert(i, s)

    def _back(self, at: int):
        """(offset, entity) of the mentions before ``at``, latest first: the registry's and the
        resolved ones, at most _PRONOUN_REACH of them."""
        timeline, resolved = self.reg.timeline, self.resolved
        i = bisect_left(self.reg.offsets, at) - 1
        j = bisect_left(self._resolved_at, at) - 1
        for _ in range(_PRONOUN_REACH):
            if i >= 0 and (j < 0 or timeline[i][0] >= resolved[j][0]):
                yield timeline[i]
                i -= 1
            elif j >= 0:
                yield resolved[j]
                j -= 1
            else:
                return

    def _sentence(self, off: int) -> int:
        return bisect_right(self.sentence_starts, off) - 1

    def _sentence_start(self, off: int) -> int:
        i = self._sentence(off)
        return self.sentence_starts[i] if i >= 0 else 0


@lru_cache(maxsize=4)
def _lower_titles(lex) -> frozenset[str]:
    return frozenset(w.lower() for w in lex.title_words)


def _spokesperson_gender(words: list[str]) -> str | None:
    """"male" for "a spokesman for …", "female" for "a spokeswoman for …" (a person speaking for an
    organisation, of the gender its noun says), else None."""
    if len(words) < 4 or words[0].lower() not in ("a", "an", "the") or words[2] != "for":
        return None
    noun = words[1].lower()
    if noun.endswith("woman"):
        return "female"
    if noun.endswith("man"):
        return "male"
    return None


def _head(text: str) -> str:
    """The mention without an appositive or a party label ("Ana Ruiz, the port's director" ->
    "Ana Ruiz"; "Tom Vik (D-Ore.)" -> "Tom Vik")."""
    for stop in (", ", " (", " — ", " – "):
        k = text.find(stop)
        if k > 0:
            text = text[:k]
    return text.strip()


# closed-class grammar, not vocabulary: words that show a clause, not descriptors, between a
# mention and a name ("The MPs found the system from American IT giant …")
_GAP_STOP = frozenset("the a an from of to in at on for with by and or that which who was were is are "
                      "has had have found said says saying told".split())
#: characters read before an entity's mentions for the qualifiers of its title ("Norfolk police chief")
QUALIFIER_LOOKBACK_CHARS = 40
#: characters between a name and its appositive mention (", ")
APPOSED_GAP_CHARS = 2
# the prepositions after a subject's head noun ("an associate of", "traders on"): closed-class grammar
_HEAD_PREPS = frozenset("of on in at from".split())
#: at most this many words before such a preposition ("A close associate of")
CORE_MAX_WORDS = 4


def _qualified(words: list[str]) -> tuple[set[str], tuple[str, ...]]:
    """The capitalised qualifiers among a role's modifiers (not acronyms: "TV", "US") and the
    lower-case words after the last of them: ({"Norfolk"}, ("police",)) of "Norfolk police"."""
    caps = [n for n, w in enumerate(words) if w[:1].isupper() and not w.isupper() and w not in ("The", "A", "An")]
    if not caps:
        return set(), ()
    return {words[n] for n in caps}, tuple(w.lower() for w in words[caps[-1] + 1:])


def _before_postmodifier(head: str, lex) -> str | None:
    """The words of a described speaker before the preposition that follows its head noun ("A
    close associate" of "A close associate of Ivan Petrov", "Traders" of "Traders on Station
    Road"), or None when the mention is no such phrase (a title is no head noun: "Secretary of
    State John Kerry"; nor a name: "David Willey in Rome")."""
    if head.count(" ") < 2:
        return None  # (most mentions: "Ana Ruiz", "officials")
    words = head.split()
    for i, w in enumerate(words[:CORE_MAX_WORDS + 1]):
        if w in _HEAD_PREPS:
            if i == 0:
                return None
            prev = words[i - 1]
            low = prev.lower()
            kind = lex.noun_kind.get(low) or (lex.noun_kind.get(low[:-1]) if low.endswith("s") else None)
            if any(x.endswith(("'s", "’s")) for x in words[:i]):
                return None  # "Merck's head of research Peter Kim": a title
            if prev.islower() and kind is not None:
                return " ".join(words[:i])
            if i == 1 and kind in ("role", "anonymous") and low.endswith("s") and prev.rstrip(".") not in lex.title_words:
                return prev  # "Residents of Hill Town" (but not "Bank of England", "Secretary of State")
            return None
    return None


def _whole_at(view: str, i: int, j: int) -> bool:
    """Whether view[i:j] stands as whole words after a space: a space before it (not at the
    text's start), no letter, digit, hyphen or apostrophe right after it."""
    return i > 1 and view[i - 1] == " " and not (j < len(view) and (view[j].isalnum() or view[j] in "-’'"))


def _word_before(view: str, i: int) -> str | None:
    """The word (lower case) before the space at ``i - 1``, read from the 11 characters before
    it; None when there is none (in no word list)."""
    before = view[max(0, i - 12):i - 1].rsplit(None, 1)
    return before[-1].lower() if before else None


def _speaker_kind(ent: Entity) -> str:
    """An entity's kind as a speaker's: a place or thing that speaks is a state or institution."""
    return "organization" if ent.kind in ("place", "other") else ent.kind


def _description_kind(text: str, lex) -> str:
    words = text.lower().split()
    head = words[-1] if words else ""
    kind = lex.noun_kind.get(head) or lex.noun_kind.get(head[:-1] if head.endswith("s") else head)
    if kind == "role" and words and words[0] in ("a", "an", "one", "another"):
        return "anonymous"
    if kind == "role" and head.endswith("s") and words[0] not in ("the",):
        return "group"
    if kind == "anonymous" and head.endswith("s") and words[0] not in ("a", "an"):
        return "anonymous"
    return {"anonymous": "anonymous", "organization": "organization", "document": "document",
            "role": "person"}.get(kind or "", "unknown")
