"""Attribution: who said each quotation, and with which reporting cue.

Patterns, tried in this order for each top-level quotation:

1. after the quotation, in the same sentence: ``"…," X said`` (X may carry
   an appositive: ``X, a spokesman for Y, said``), ``"…," said X``,
   ``"…," according to X``, ``"…" X told OUTLET``;
2. before it, in the same sentence: ``X said: "…"``, ``X said … "partial"``,
   ``According to X, "…"``, ``In a statement, X said "…"`` and the second
   half of a split quotation (``"…," X said, "…"``), taking the nearest cue
   that has a subject;
3. no cue of its own: a quotation that opens a sentence or continues one
   from the paragraph before takes the last speaker of the same or the
   previous paragraph (a quoted or an indirect speech event).

The speaker is the mention as written (a name, "the Russian president",
"he", "a spokesman"); ``speakers.resolve`` gives each mention a name.
"""

from __future__ import annotations

import re

from ..document import Cue, Document, Mention, Quote
from .lexicon import cues as cue_lexicon
from .lexicon import people as people_lexicon

TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|\w+(?:[-'’.&]\w+)*|[^\w\s]")

_AUX = frozenset(
    "has have had was were is are be been being will would could should may might "
    "must can did does do also later then previously recently once further again "
    "repeatedly reportedly allegedly simply just only even still already often "
    "never first last finally quickly publicly privately separately earlier "
    "subsequently immediately initially ultimately not n't 's".split()
)
_TIME_WORDS = frozenset("today yesterday tonight earlier later recently".split())
_CONNECTORS = frozenset("of for de van von der den al el bin ibn la le du da di y & St St.".split())
_MODIFIERS = frozenset(
    "former late then acting top senior chief deputy fellow retired outgoing incoming "
    "current longtime veteran leading prominent new".split()
)
_DETERMINERS = frozenset(
    "a an the another one two three several many some his her their its our my your "
    "other both each this that these those".split()
)
_NP_STOP = frozenset(
    "and or but that which when while where because as if than to by on at in into from "
    "with without about after before during since until who whom whose not no nor so".split()
)
_PREP_IN_NP = frozenset("for of at with from in".split())
_PRONOUN_SPEAKERS = frozenset("he she they it we i who".split())
_CUE_PUNCT = frozenset(",:—–-")


class Tok:
    __slots__ = ("start", "end", "text", "low")

    def __init__(self, start: int, end: int, text: str):
        self.start = start
        self.end = end
        self.text = text
        self.low = text.lower()


def tokenize(view: str, start: int, end: int, mask=None) -> list[Tok]:
    """Tokens of view[start:end]; tokens inside quotations (mask) are dropped."""
    out = []
    for m in TOKEN.finditer(view, start, end):
        s = m.start()
        if mask is not None and mask[s]:
            continue
        out.append(Tok(s, m.end(), m.group()))
    return out


def _cap(t: Tok) -> bool:
    return t.text[:1].isupper()


class Attributor:
    def __init__(self, doc: Document):
        self.doc = doc
        self.view = doc.view
        self.cues = cue_lexicon()
        self.people = people_lexicon()
        self.events: list[tuple[int, int, Mention, Cue]] = []  # (offset, paragraph, mention, cue)

    # ---- cues ------------------------------------------------------------------
    def find_cues(self, start: int, end: int) -> list[Cue]:
        """Cues between start and end, outside quotations."""
        mask = self.doc.quote_mask
        out = []
        for m in self.cues.pattern.finditer(self.view, start, end):
            if mask is not None and mask[m.start()]:
                continue
            text = m.group()
            entry = self.cues.lookup(text)
            if entry is None:
                continue
            if not self._verb_context(m.start(), text):
                continue
            out.append(Cue(m.start(), m.end(), text, entry[0], entry[1]))
        return out

    def _verb_context(self, start: int, text: str) -> bool:
        """Reject noun and adjective uses: 'the claims', 'a noted scholar'."""
        before = self.view[max(0, start - 12):start].split()
        prev = before[-1].lower() if before else ""
        if prev in ("a", "an", "the", "his", "her", "their", "its", "our", "my", "your", "these", "those", "such", "so-"):
            return text.lower() in ("according to",)
        return True

    # ---- noun phrases --------------------------------------------------------------
    def np_ending_at(self, toks: list[Tok], j: int) -> tuple[int, int] | None:
        """Token range [i, j] of a speaker noun phrase ending at token j."""
        if j < 0:
            return None
        t = toks[j]
        if t.low in _PRONOUN_SPEAKERS:
            return (j, j)
        lex = self.people
        i = j
        if _cap(t) and t.text not in lex.not_names and t.text not in lex.days and t.text not in lex.months:
            k = j - 1
            while k >= 0:
                tk = toks[k]
                if _cap(tk) and tk.text not in lex.not_names and tk.text not in lex.days:
                    i = k
                elif tk.text in ("The", "the") and k < j:
                    i = k
                    break
                elif tk.low in _CONNECTORS and k > 0 and _cap(toks[k - 1]) and toks[k - 1].text not in lex.not_names:
                    i = k
                elif tk.text == "." and k > 0 and toks[k - 1].text + "." in lex.title_gender:
                    i = k
                elif tk.low in _MODIFIERS:
                    i = k
                elif tk.text.endswith(("’s", "'s")) and _cap(tk):
                    i = k
                else:
                    break
                k -= 1
            return (i, j)
        head = t.low
        if self._speaker_noun(head):
            k = j - 1
            lower_run = 0
            while k >= 0:
                tk = toks[k]
                if tk.low in _DETERMINERS:
                    i = k
                    break
                if tk.low in _PREP_IN_NP and k > 0 and (self._speaker_noun(toks[k - 1].low) or _cap(toks[k - 1])):
                    i = k
                    k -= 1
                    continue
                if tk.text in ("’s", "'s") or tk.text.endswith(("’s", "'s")):
                    i = k
                    k -= 1
                    continue
                if _cap(tk) and tk.text not in lex.not_names:
                    i = k
                elif tk.text[:1].isalpha() and tk.low not in _NP_STOP and tk.low not in _AUX and lower_run < 3 and not self.cues.lookup(tk.low):
                    lower_run += 1
                    i = k
                elif tk.text == "-" :
                    i = k
                else:
                    break
                k -= 1
            return (i, j)
        return None

    def _speaker_noun(self, word: str) -> bool:
        kinds = self.people.noun_kind
        if word in kinds:
            return True
        if word.endswith("s") and word[:-1] in kinds:
            return True
        return False

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
        n = 0
        while k < len(toks) and n < 10:
            tk = toks[k]
            if _cap(tk) and tk.text not in lex.days and tk.text not in lex.months and (k == i or tk.text not in lex.not_names or tk.text in ("The",)):
                if tk.text not in ("The", "A", "An"):
                    has_head = True
                j = k
            elif tk.low in _DETERMINERS or tk.low in _MODIFIERS:
                j = k
            elif self._speaker_noun(tk.low):
                has_head = True
                j = k
            elif tk.text == "." and k > i and toks[k - 1].text + "." in lex.title_gender:
                j = k
            elif tk.low in _PREP_IN_NP and has_head and k + 1 < len(toks) and (
                _cap(toks[k + 1]) or toks[k + 1].low in _DETERMINERS
            ):
                j = k
            elif tk.text[:1].isalpha() and tk.text[:1].islower() and tk.low not in _NP_STOP and tk.low not in _AUX and not has_head and not self.cues.lookup(tk.low):
                j = k  # adjective before the head: "a senior official"
            else:
                break
            k += 1
            n += 1
        if not has_head:
            return None
        # trim a trailing preposition or determiner
        while j > i and (toks[j].low in _PREP_IN_NP or toks[j].low in _DETERMINERS):
            j -= 1
        return (i, j)

    def subject_of(self, toks: list[Tok], ci: int, floor: int = 0) -> tuple[int, int] | None:
        """Subject noun phrase of the cue at token ci."""
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
            break
        if j < floor:
            return None
        if toks[j].text == ",":
            # appositive: X, a spokesman for Y, said
            k = j - 1
            while k >= floor and toks[k].text not in ",;:" and j - k < 16:
                k -= 1
            if k >= floor + 1 and toks[k].text == "," and j - k >= 2:
                inner = toks[k + 1]
                if inner.low in _DETERMINERS or _cap(inner) or inner.low in _MODIFIERS:
                    np = self.np_ending_at(toks, k - 1)
                    if np is not None and np[0] >= floor:
                        return np
            return None
        np = self.np_ending_at(toks, j)
        if np is not None and np[0] < floor:
            np = (floor, np[1])
        return np

    # ---- mentions ----------------------------------------------------------------
    def mention(self, toks: list[Tok], rng: tuple[int, int]) -> Mention:
        a, b = toks[rng[0]], toks[rng[1]]
        return Mention(a.start, b.end, self.view[a.start:b.end])

    def cue_token_index(self, toks: list[Tok], cue: Cue) -> int:
        for n, t in enumerate(toks):
            if t.start == cue.start:
                return n
        return -1

    def cue_end_index(self, toks: list[Tok], cue: Cue) -> int:
        n = -1
        for k, t in enumerate(toks):
            if t.start < cue.end:
                n = k
        return n

    def speaker_for_cue(self, toks: list[Tok], cue: Cue, floor: int = 0) -> Mention | None:
        ci = self.cue_token_index(toks, cue)
        if ci < 0:
            return None
        if cue.lemma == "according to":
            np = self.np_starting_at(toks, self.cue_end_index(toks, cue) + 1)
            return self.mention(toks, np) if np else None
        if cue.lemma in ("in a statement", "in an interview"):
            # "In a statement, X said" - the subject follows
            k = self.cue_end_index(toks, cue) + 1
            if k < len(toks) and toks[k].text == ",":
                k += 1
            np = self.np_starting_at(toks, k)
            return self.mention(toks, np) if np else None
        np = self.subject_of(toks, ci, floor)
        if np is not None:
            return self.mention(toks, np)
        # inverted order: "said X" right after a quotation or a comma
        if ci == floor or (ci > 0 and toks[ci - 1].text in _CUE_PUNCT | {"”", '"'}):
            np = self.np_starting_at(toks, self.cue_end_index(toks, cue) + 1)
            if np is not None:
                return self.mention(toks, np)
        return None

    # ---- the quotation patterns ------------------------------------------------------
    def region_of(self, q: Quote) -> tuple[int, int]:
        doc = self.doc
        if q.paragraph < 0:  # headline or subheading
            for b in [doc.headline, *doc.subheadings]:
                if b is not None and b.start <= q.open_start < b.end:
                    return b.start, b.end
            return q.open_start, q.close_end
        s1 = doc.sentence_at(q.open_start)
        s2 = doc.sentence_at(max(q.open_start, q.close_end - 1))
        start = s1.start if s1 else q.open_start
        end = s2.end if s2 else q.close_end
        # "…?" she asked. -- a sentence ending just after the closing mark may
        # run on into the attribution; the splitter keeps those together already
        return start, end

    def attribute_after(self, q: Quote, end: int) -> tuple[Mention, Cue] | None:
        if q.close_end >= end or q.continued:
            return None
        toks = tokenize(self.view, q.close_end, end)
        # stop at the next quotation
        mask = self.doc.quote_mask
        cut = len(toks)
        for n, t in enumerate(toks):
            if mask is not None and mask[t.start]:
                cut = n
                break
        toks = toks[:cut]
        floor = 0
        while floor < len(toks) and toks[floor].text in _CUE_PUNCT | {"(", ")"}:
            floor += 1
        if floor >= len(toks):
            return None
        window_end = toks[min(len(toks) - 1, floor + 18)].end
        for cue in self.find_cues(toks[floor].start, window_end):
            ci = self.cue_token_index(toks, cue)
            if ci < 0:
                continue
            if ci == floor:  # "…," said X
                np = self.np_starting_at(toks, self.cue_end_index(toks, cue) + 1)
                if np is not None:
                    return self.mention(toks, np), cue
                continue
            np = self.subject_of(toks, ci, floor)
            if np is not None and np[0] == floor:
                return self.mention(toks, np), cue
            break  # the first cue decides; a later one belongs to another clause
        return None

    def attribute_before(self, q: Quote, start: int) -> tuple[Mention, Cue] | None:
        if q.open_start <= start:
            return None
        toks = tokenize(self.view, start, q.open_start, self.doc.quote_mask)
        if not toks:
            return None
        found = self.find_cues(start, q.open_start)
        for cue in reversed(found):
            m = self.speaker_for_cue(toks, cue)
            if m is not None:
                return m, cue
        return None

    def last_event(self, q: Quote):
        best = None
        for off, para, mention, cue in self.events:
            if off >= q.open_start:
                break
            if para in (q.paragraph, q.paragraph - 1):
                best = (mention, cue)
            elif para < q.paragraph - 1:
                best = None
        return best

    # ---- main ---------------------------------------------------------------------
    def run(self) -> None:
        doc = self.doc
        self._indirect_events()
        by_id = {q.id: q for q in doc.quotes}
        for q in doc.quotes:
            if q.parent is not None:
                continue
            if q.continues and by_id.get(q.continues) is not None:
                prev = by_id[q.continues]
                if prev.speaker is not None:
                    self._set(q, prev.speaker, prev.cue, "continuation")
                    continue
            start, end = self.region_of(q)
            if q.open_start == q.start and q.close_end == q.end:  # a block quote
                r = self._block_intro(q)
                if r:
                    self._set(q, r[0], r[1], "introduction")
                    continue
            else:
                r = self.attribute_after(q, end)
                if r:
                    self._set(q, r[0], r[1], "after")
                    continue
                r = self.attribute_before(q, start)
                if r:
                    self._set(q, r[0], r[1], "before")
                    continue
            if q.paragraph >= 0 and self._opens_sentence(q, start):
                ev = self.last_event(q)
                if ev is not None:
                    self._set(q, ev[0], ev[1], "continuation")

    def _opens_sentence(self, q: Quote, start: int) -> bool:
        return not self.view[start:q.open_start].strip(" \t\n\r\u00a0(—–-")

    def _set(self, q: Quote, mention: Mention, cue: Cue | None, how: str) -> None:
        q.speaker = mention
        q.cue = cue
        q.attribution = how
        self.events.append((q.open_start, q.paragraph, mention, cue))
        self.events.sort(key=lambda e: e[0])

    def _block_intro(self, q: Quote):
        """A block quote introduced by the paragraph before it: 'X said:'."""
        doc = self.doc
        if q.paragraph <= 0:
            return None
        prev = doc.paragraphs[q.paragraph - 1]
        s = doc.sentence_at(prev.end - 1)
        if s is None:
            return None
        toks = tokenize(self.view, s.start, s.end, doc.quote_mask)
        for cue in reversed(self.find_cues(s.start, s.end)):
            m = self.speaker_for_cue(toks, cue)
            if m is not None:
                return m, cue
        return None

    def _indirect_events(self) -> None:
        """Speech events without quotation marks ('X said the plan was dead'),
        which a following quotation may continue."""
        doc = self.doc
        mask = doc.quote_mask
        for s in doc.sentences:
            cues = self.find_cues(s.start, s.end)
            if not cues:
                continue
            toks = None
            for cue in cues:
                if toks is None:
                    toks = tokenize(self.view, s.start, s.end, mask)
                m = self.speaker_for_cue(toks, cue)
                if m is not None:
                    self.events.append((cue.start, s.paragraph, m, cue))
                    break
        self.events.sort(key=lambda e: e[0])


def attribute(doc: Document) -> None:
    Attributor(doc).run()
