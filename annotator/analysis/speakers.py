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

from ..document import Document, Mention, Speaker, word_count
from .lexicon import people as people_lexicon

_CONNECT = frozenset("of de van von der den al el bin ibn la le du da di".split())
_WORD = r"[A-Z][\w’'\-]*(?:\.(?=[ \u00a0]|$)|(?:\.[A-Z])*\.?)"
_CAPRUN = re.compile(
    rf"(?<![\w’'\-]){_WORD}(?:[ \u00a0]+(?:(?:of|de|van|von|der|den|al|el|bin|ibn|la|le|du|da|di)[ \u00a0]+)?{_WORD})*"
)
_RUNWORD = re.compile(r"[A-Z][\w’'\-]*(?:\.[A-Z])*\.?|[a-z]+")


_TITLE_INDEX: dict = {}


def _title_index(lex) -> dict:
    """first word -> [(title words, gender)], longest first (built once)."""
    idx = _TITLE_INDEX.get(id(lex))
    if idx is None:
        idx = {}
        for title in lex.titles:
            parts = tuple(title.split())
            idx.setdefault(parts[0], []).append((parts, lex.title_gender[title]))
        for v in idx.values():
            v.sort(key=lambda x: -len(x[0]))
        _TITLE_INDEX[id(lex)] = idx
    return idx
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")


class Entity:
    __slots__ = ("name", "surname", "kind", "titles", "gender", "mentions", "first")

    def __init__(self, name: str, kind: str, first: int):
        self.name = name
        parts = name.split()
        self.surname = parts[-1] if parts else name
        self.kind = kind  # person, organization
        self.titles: set[str] = set()
        self.gender: str | None = None
        self.mentions: list[Mention] = []
        self.first = first


class Registry:
    def __init__(self, doc: Document):
        self.doc = doc
        self.lex = people_lexicon()
        self.entities: list[Entity] = []
        # (offset, entity) of every name mention outside quotations, in order
        self.timeline: list[tuple[int, Entity]] = []
        self._scan()

    # -- scanning ----------------------------------------------------------------
    def _scan(self) -> None:
        doc = self.doc
        view = doc.view
        mask = doc.quote_mask
        lex = self.lex
        for u in doc.blocks():
            for m in _CAPRUN.finditer(view, u.start, u.end):
                if mask is not None and mask[m.start()]:
                    continue
                run: list[tuple[int, int, str]] = []
                for w in _RUNWORD.finditer(view, m.start(), m.end()):
                    t = w.group()
                    s0 = w.start()
                    if t.endswith(".") and not (t in lex.title_gender or len(t) == 2 or t.count(".") > 1):
                        # "Putin." ends a sentence: the run ends here
                        run.append((s0, w.end() - 1, t[:-1]))
                        self._take(run)
                        run = []
                        continue
                    run.append((s0, w.end(), t))
                if run:
                    self._take(run)

    def _take(self, run: list[tuple[int, int, str]]) -> None:
        lex = self.lex
        while run and run[-1][2] in _CONNECT:
            run = run[:-1]
        # leading function words ("But", "The") and dates are not names
        while run and (run[0][2] in lex.not_names or run[0][2] in lex.days or run[0][2] in lex.months) and run[0][2] not in lex.title_gender:
            run = run[1:]
        if not run:
            return
        words = [t for _, _, t in run]
        words[-1] = _POSSESSIVE.sub("", words[-1])
        org = self.lex.org_words
        if any(w.rstrip(".") in org for w in words):
            self._entity(" ".join(words), "organization", run)
            return
        # the last title in the run splits title from name
        t_start = t_end = -1
        gender = None
        titles = _title_index(lex)
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
                ent = self.by_title(words[t_start].lower(), run[0][0])
                if ent is not None:
                    self._mention(ent, run)
                return
            ent = self._entity(" ".join(name_words), "person", run)
            ent.titles.add(" ".join(words[:t_end]).lower())
            ent.titles.add(" ".join(words[t_start:t_end]).lower())
            if gender and ent.gender is None:
                ent.gender = gender
            return
        if len(words) == 1:
            ent = self.by_surname(words[0], run[0][0])
            if ent is not None:
                self._mention(ent, run)
            return
        self._entity(" ".join(words), "person", run)

    def _entity(self, name: str, kind: str, run) -> Entity:
        for ent in self.entities:
            if ent.name == name:
                break
        else:
            ent = None
            if kind == "person":
                # a fuller form of a name seen before as a surname only
                ent = None
            if ent is None:
                ent = Entity(name, kind, run[0][0])
                self.entities.append(ent)
        self._mention(ent, run)
        return ent

    def _mention(self, ent: Entity, run) -> None:
        s, e = run[0][0], run[-1][1]
        m = Mention(s, e, self.doc.view[s:e], ent.name)
        ent.mentions.append(m)
        self.timeline.append((s, ent))

    # -- lookups -------------------------------------------------------------------
    def by_surname(self, surname: str, before: int | None = None) -> Entity | None:
        surname = _POSSESSIVE.sub("", surname)
        best = None
        for off, ent in self.timeline:
            if before is not None and off >= before and best is not None:
                break
            if ent.kind == "person" and (ent.surname == surname or ent.name == surname):
                best = ent
        return best

    def by_title(self, title: str, before: int) -> Entity | None:
        title = title.lower()
        best = None
        for off, ent in self.timeline:
            if off >= before:
                break
            if any(title == t or t.endswith(" " + title) for t in ent.titles):
                best = ent
        return best

    def nearest_person(self, before: int, gender: str | None) -> Entity | None:
        for off, ent in reversed(self.timeline):
            if off >= before or ent.kind != "person":
                continue
            if gender is None or ent.gender in (None, gender):
                return ent
        return None

    def nearest_any(self, before: int) -> Entity | None:
        for off, ent in reversed(self.timeline):
            if off < before:
                return ent
        return None


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
            ent = None
            for e in reg.entities:
                if any(mm.start < m.end and m.start < mm.end for mm in e.mentions):
                    ent = e
                    break
            if ent is None:
                ent = reg.by_surname(_POSSESSIVE.sub("", words[-1]), m.start)
            if ent is None:
                name = " ".join(_POSSESSIVE.sub("", w) for w in words)
                ent = Entity(name, "person", m.start)
                reg.entities.append(ent)
                ent.mentions.append(Mention(m.start, m.end, m.text, name))
                reg.timeline.append((m.start, ent))
                reg.timeline.sort(key=lambda x: x[0])
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
            speakers[key] = sp
            entity_of[key] = ent
        m.speaker = sp.id
        sp.quotes.append(q.id)
        sp.quoted_words += word_count(doc.view[q.start:q.end])
        if all(mm.start != m.start for mm in sp.mentions):
            sp.mentions.append(m)
    for key, sp in speakers.items():
        ent = entity_of[key]
        if ent is not None:
            for mm in ent.mentions:
                if all(x.start != mm.start for x in sp.mentions):
                    mm.speaker = sp.id
                    sp.mentions.append(mm)
            if ent.titles:
                sp.title = sorted(ent.titles, key=len)[-1]
        sp.mentions.sort(key=lambda x: x.start)
    doc.speakers = list(speakers.values())
