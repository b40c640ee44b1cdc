"""Nepali attribution: reporting cues, their sources, and who said each quotation.

Contract: ``attribute(doc, quotes)`` takes the quotations that lie in Nepali
blocks (already found by ``analysis/quotes.py``, which handles ‘…’, “…” and
straight marks in any script), sets each one's ``speaker`` (a ``Mention``
with ``name`` resolved), ``cue`` (a ``Cue`` with ``lemma`` and ``stance``)
and ``attribution`` (after, before, continuation, introduction, subject), and
returns ``(speakers, relations, mixed)``: the ``Speaker`` entries of those
quotations (ids ``s<n>`` numbered from ``first_id``), one ``Relation`` per
speech event (direct, mixed or indirect), the shape of the annotation
document's planned ``attributions`` list, and the ids of the quotations
that are fragments inside an indirect clause (mixed: a partial quotation).  Offsets are into ``doc.view``
(= ``doc.text``); nothing else of the document is changed.

What it knows (data in ``rules/lexicons/cues-ne.yaml``):

* a sentence holds speech events left to right, one per cue that ends its
  clause, introduces a quotation (``उनले भने, ‘…’``), is a participle with
  more after it (``… भन्दै … दाबी गरे``: two events) or is ``अनुसार``; an
  event's clause runs from the previous cue to its own;
* reported speech is verb-final: the content first, then the source with the
  ergative ``-ले`` and the reporting verb (``… रहेको उनले बताए ।``); a source
  opening the clause (``ओलीले … बताए ।``) leaves the content after it, and
  where it was said (``… कार्यक्रममा बोल्दै``) out of it;
* ``X का अनुसार``, ``प्रतिवेदन अनुसार``, ``X को भनाइमा``; a noun with a copula
  and a genitive source (``X को भनाइ/दाबी/आरोप छ``); an unmarked subject of a
  present-tense cue (``अध्यक्ष X बताउँछन्``, ``उनी भन्छन्``);
* passive statements with a document as source (``विज्ञप्तिमा … भनिएको छ``);
* headline forms ``X भन्छन्- …`` / ``X भन्छन्: …``;
* quotations split around their source (``‘…,’ यादवले भने, ‘…।’``), of several
  sentences (``‘… । … ।’ उनले भने``), closed by the quotative participle
  (``‘…’ भन्दै``); a term of one or two words in marks is no quotation;
* a source is a noun phrase: a name with titles and its organisation's
  genitive before it (``जिल्ला … कार्यालयका प्रमुख … ले``), an organisation, a
  document, an unnamed source (``स्रोतले``); ``उनले``/``उहाँले`` resolve to the
  last person named;
* a first line that is a dateline and lead paragraph (the Nepali corpus's
  layout; the text reader calls it the headline) is attributed like a paragraph.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from itertools import pairwise

from ...document import Cue, Mention, Quote, Speaker, word_count

_LETTERS = "\u0900-\u0963\u0966-\u097f\u200c\u200dA-Za-z0-9"
_TOKEN = re.compile(f"[{_LETTERS}.]*[{_LETTERS}]")
_ERGATIVE = "ले"
_GENITIVE = ("का", "को", "की")
#: words that are never part of a source's noun phrase
_STOP = frozenset("र तर पनि भने एवं तथा वा यो त्यो यस त्यस उक्त सो छ छन् हो थियो थिए भएको गरेको रहेको "
                  "गर्न गर्ने भन्ने बारे लागि अहिले आज हिजो भोलि".split())
#: case and verb endings: a token ending so is not a name part
_NOT_NAME_END = ("को", "का", "की", "मा", "लाई", "बाट", "सँग", "ले", "ने", "दै", "छ", "छन्", "न्", "एर", "ई", "यो")
#: participles and infinitives: the end of a content clause, never part of a source
_VERBAL_ENDS = ("ेको", "ेका", "ेकी", "एको", "एका", "एकी", "िएको", "ने", "न", "नु", "नुपर्ने", "छ", "छन्", "हो", "हुन्",
                "थियो", "थिए", "दै", "दैं", "एर", "ेर", "ई", "पछि")
#: endings of a clause's last word that no name has: participles, finite verbs ("हरिजन" is a name)
_FINITE_ENDS = tuple(e for e in _VERBAL_ENDS if e != "न")
#: endings of words that stop a source opening its clause: places, times, participles
_NOT_IN_OPENING = ("मा", "दै", "दैं", "पछि", "एर", "ेर", "बाट", "लाई", "सँग", "देखि", "सम्म")


_OPENING_MARKS = "‘“\"'"
#: ergatives that are no agent of a report: reflexives, means and causes
_REFLEXIVE = ("आफू", "आफु", "आफै", "आफ्न")
_NOT_AGENTS = frozenset(("उद्देश्यले", "कारणले", "हिसाबले", "दरले", "रुपले", "रूपले", "तवरले", "क्रमले", "आधारले"))
#: a cue followed by one of these ends its clause ("… दाबी गरे र …", "… बताएका छन् भने …")
_CONJUNCTIONS = (["भने"], ["र"], ["तर"], ["तथा"], ["अनि"], ["भने,"], ["तर,"])
#: particles between a source and its cue
_PARTICLES = frozenset(("पनि", "समेत", "नै", "त", "भने"))
#: words that are no reported clause on their own: an addressee (-सँग, -लाई), a day, a time
_ADVERBIAL_ENDS = ("सँग", "संग", "लाई", "प्रति", "बार", "वार")
_ADVERBIALS = frozenset(("आज", "हिजो", "भोलि", "अहिले", "बिहान", "बेलुका", "साँझ", "राति", "पनि", "यस्तो", "त्यस्तो", "यसो"))
#: the fewest words of a quoted phrase that makes an indirect clause mixed (fewer: a term in marks)
_MIXED_WORDS = 3
_TRIM = " \t\r\n\u00a0,;:-–—"


class Relation:
    """One speech event, in the shape of the planned ``attributions`` entries:
    ``kind`` direct | mixed | indirect; ``content`` [(start, end)]; ``source``
    None or ((start, end), name, kind); ``cue`` None or ((start, end), lemma,
    stance); ``quotes`` the ids of its quotations; ``outer`` (start, end)."""

    __slots__ = ("kind", "content", "source", "cue", "quotes", "outer")

    def __init__(self, kind, content, source, cue, quotes, outer):
        self.kind = kind
        self.content = content
        self.source = source
        self.cue = cue
        self.quotes = quotes
        self.outer = outer

    def __repr__(self) -> str:
        return f"Relation({self.kind!r}, {self.content!r}, {self.source!r}, {self.cue!r})"


class _Lexicon:
    def __init__(self, data: dict):
        light = {k: list(v) for k, v in (data.get("light_verbs") or {}).items()}
        self.forms: dict[str, tuple[str, str, str | None]] = {}  # form -> (lemma, stance, neutral)
        self.according = set()
        #: "अनुसार", "भनाइमा": the source (a genitive) before, the content after
        self.according_lemmas = frozenset(e["lemma"] for e in data.get("cues") or [] if e.get("according"))
        #: "X को भनाइ छ", "X को दाबी छ": a noun with a copula, the source a genitive right before it
        self.genitive_lemmas = frozenset(e["lemma"] for e in data.get("cues") or [] if e.get("genitive"))
        plain: set[str] = set()
        nouns: dict[str, set[str]] = {}  # light verb -> the nouns it makes cues with
        for e in data.get("cues") or []:
            lemma, stance = e["lemma"], e.get("stance", "neutral")
            forms = list(e.get("forms") or [])
            plain.update(forms)
            if e.get("light"):
                noun = e.get("word") or lemma.rsplit(" ", 1)[0]
                forms += [f"{noun} {f}" for f in light[e["light"]]]
                nouns.setdefault(e["light"], set()).add(noun)
            for f in forms:
                self.forms.setdefault(f, (lemma, stance, e.get("neutral")))
                if e.get("according"):
                    self.according.add(f)
        self.titles = frozenset(data.get("titles") or [])
        self.title_endings = tuple(data.get("title_endings") or ())
        self.organisations = frozenset(data.get("organisations") or [])
        self.documents = frozenset(data.get("documents") or [])
        self.pronouns = frozenset(data.get("pronouns") or [])
        self.anonymous = frozenset(data.get("anonymous") or [])
        # one alternation, a noun-and-light-verb group factored (all the pairs spelt out make a
        # pattern too big for RE2's DFA); leftmost-longest matching picks the longest form
        def alt(words):
            return "|".join(re.escape(w).replace("\\ ", "\\s+") for w in sorted(words, key=len, reverse=True))

        groups = [f"(?:{alt(ns)})\\s+(?:{alt(light[v])})" for v, ns in sorted(nouns.items())]
        self.alternation = "|".join(groups + [alt(plain)])  # RE2 (linear, one pass per article); boundaries checked after

    def ends_with_cue(self, clause: str) -> bool:
        """The clause's last words are a cue form (``… उनले भने``, ``… जानकारी दिए``)."""
        words = clause.split()
        return any(" ".join(words[-n:]) in self.forms for n in (1, 2, 3, 4) if n <= len(words))

    def regex(self):
        """The cue forms as one RE2 pattern (compiled on first use: RE2 objects do not pickle)."""
        rx = getattr(self, "_rx", None)
        if rx is None:
            import re2

            options = re2.Options()
            options.longest_match = True
            rx = self._rx = re2.compile(self.alternation, options)
        return rx

    def __getstate__(self):
        state = dict(self.__dict__)
        state.pop("_rx", None)
        return state

    def is_title(self, word: str) -> bool:
        """A title or office: listed, or a compound of one (कृषिमन्त्री, उपसचिव)."""
        return word in self.titles or (len(word) > 4 and word.endswith(self.title_endings))


@lru_cache(maxsize=1)
def lexicon() -> _Lexicon:
    """rules/lexicons/cues-ne.yaml, built once per process, through the analysis lexicons'
    cache (shipped with the wheel, else the user's cache folder in data-only form)."""
    from ..lexicon import cached

    return cached("cues-ne", _Lexicon, _Lexicon, (__file__,))


def _passive(cue: Cue) -> bool:
    """A passive cue (भनिएको छ, बताइएको, उल्लेख गरिएको छ); not the active दिएको, लिएको."""
    return any(w.endswith(("इएको", "िएको")) and w not in ("दिएको", "लिएको") for w in cue.text.split())


def _strip_case(word: str) -> str:
    for suffix in (_ERGATIVE, "का", "को", "की", "मा", "बाट"):
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            return word[: -len(suffix)]
    return word


_LETTER = re.compile(f"[{_LETTERS}]")
_MARKED = re.compile("[‘“]([^‘’“”\n]{2,})[’”]")


def _is_letter(ch: str) -> bool:
    return _LETTER.match(ch) is not None


class _Tokens:
    """The words of one sentence outside quotations: (start, end, text)."""

    def __init__(self, view: str, start: int, end: int, mask):
        self.items = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(view, start, end)
                      if mask is None or not mask[m.start()]]


class Attributor:
    def __init__(self, doc, lex: _Lexicon):
        self.doc = doc
        self.view = doc.view
        self.lex = lex
        self.mask = doc.quote_mask
        #: (offset, name, kind) of every person or organisation named, in order (for pronouns)
        self.named: list[tuple[int, str, str]] = []
        self.relations: list[Relation] = []
        #: speech events per sentence start: (mention, cue, how)
        self.events: dict[int, tuple[Mention | None, Cue | None]] = {}
        self.last_event: tuple[int, Mention | None, Cue | None] | None = None
        #: ids of quotations that are fragments of an indirect clause (mixed)
        self.mixed: set[str] = set()
        self._cues: list[Cue] | None = None
        self._cue_starts: list[int] = []

    # -- cues ------------------------------------------------------------------------
    def cues_in(self, s: int, e: int) -> list[Cue]:
        if self._cues is None:
            self._cues = self._find_cues()
            self._cue_starts = [c.start for c in self._cues]
        i = bisect_left(self._cue_starts, s)
        j = bisect_left(self._cue_starts, e, i)
        return [c for c in self._cues[i:j] if c.end <= e]

    def _find_cues(self) -> list[Cue]:
        """Every cue of the article outside quotations, in one RE2 pass over the view."""
        out = []
        mask = self.mask
        view = self.view
        n = len(view)
        for m in self.lex.regex().finditer(view):
            a, b = m.start(), m.end()
            if (mask is not None and mask[a]) or (a > 0 and _is_letter(view[a - 1])) or \
                    (b < n and _is_letter(view[b])):
                continue
            text = view[a:b]
            lemma, stance, _ = self.lex.forms[" ".join(text.split())]
            out.append(Cue(a, b, text, lemma, stance))
        return out

    def _final(self, cue: Cue, sent_end: int) -> bool:
        """The cue ends its clause: only punctuation, closing marks or a quotation follow."""
        rest = self.view[cue.end:sent_end]
        mask = self.mask
        if mask is not None and mask.find(1, cue.end, sent_end) >= 0:  # quotations after it do not count
            rest = "".join(ch for ch, inq in zip(rest, mask[cue.end:sent_end]) if not inq)
        return not rest.strip(" \t\r\n\u00a0।॥?!,;:-–—\"'”’»“‘")

    # -- sources -----------------------------------------------------------------------
    def _kind(self, words: list[str]) -> str:
        lex = self.lex
        heads = [_strip_case(w) for w in words]
        if any(h in lex.anonymous or w in lex.anonymous for h, w in zip(heads, words)):
            return "anonymous"
        if heads and heads[-1] in lex.documents:
            return "document"
        if any(h in lex.organisations for h in heads[-2:]):
            return "organization"
        return "person"

    def np_before(self, toks: list, j: int, floor: int | None = None) -> tuple[int, int]:
        """The noun phrase ending with token j: (first token, j).  With a title within the four
        tokens before j, the phrase runs back over further titles and an organisation's genitive
        with its name (``जिल्ला कृषि विकास कार्यालयका प्रमुख …``); never before ``floor``."""
        lex = self.lex
        lo = 0 if floor is None else next((k for k, t in enumerate(toks) if t[0] >= floor), j)
        title = None
        for k in range(j - 1, max(lo - 1, j - 5), -1):
            w = toks[k][2]
            if w in _STOP or not self._adjacent(toks[k], toks[k + 1]):
                break
            if lex.is_title(w) or lex.is_title(_strip_case(w)):
                title = k
                break
        if title is not None:
            i = title
            in_org = False
            for k in range(title - 1, max(lo - 1, title - 7), -1):
                w = toks[k][2]
                if w in _STOP or not self._adjacent(toks[k], toks[k + 1]) or w.endswith(_VERBAL_ENDS):
                    break
                if lex.is_title(w) or lex.is_title(_strip_case(w)):
                    i, in_org = k, False
                elif w.endswith(_GENITIVE) and len(w) > 2:
                    i, in_org = k, True  # "मन्त्रालयका प्रवक्ता …"
                elif in_org and not w.endswith(_NOT_NAME_END):
                    i = k  # the organisation's name before its genitive head
                else:
                    break
            return i, j
        # no title: a name's given name (सरोज रायले), or an organisation's name (राष्ट्र बैंकले)
        i = j
        reach = 3 if _strip_case(toks[j][2]) in lex.organisations else 2
        for k in range(j - 1, max(lo - 1, j - reach), -1):
            w = toks[k][2]
            if w in _STOP or w.endswith(_NOT_NAME_END) or not self._adjacent(toks[k], toks[k + 1]):
                break
            i = k
        return i, j

    def np_opening(self, toks: list, j: int, first: int) -> int:
        """The first token of a source that opens its clause (token ``first``) and ends with
        token j: back to the clause's start, or to a place, time or participle before it."""
        i = j
        for k in range(j - 1, max(first - 1, j - 11), -1):
            w = toks[k][2]
            if w in _STOP or not self._adjacent(toks[k], toks[k + 1]) or w.endswith(_NOT_IN_OPENING) \
                    or (w.endswith(_VERBAL_ENDS) and not w.endswith(_GENITIVE)):
                break
            i = k
        return i

    def _adjacent(self, a, b) -> bool:
        gap = self.view[a[1]:b[0]]
        return gap.strip(" ") == ""

    def mention(self, toks: list, i: int, j: int) -> Mention:
        s, e = toks[i][0], toks[j][1]
        text = self.view[s:e]
        words = [t[2] for t in toks[i:j + 1]]
        name = self.resolve(words, s)
        return Mention(s, e, text, name)

    def resolve(self, words: list[str], offset: int) -> str:
        """The reference: the name without titles and case marker; a pronoun's antecedent."""
        lex = self.lex
        if len(words) == 1 and words[0] in lex.pronouns:
            for off, name, kind in reversed(self.named):
                if off < offset and kind == "person":
                    return name
            return words[0]
        cut = max((k + 1 for k, w in enumerate(words[:-1]) if lex.is_title(w) or w.endswith(_GENITIVE)), default=0)
        core = words[cut:]
        while len(core) > 1 and lex.is_title(core[0]):  # titles before the name ("अधिकारी" is also a surname)
            core = core[1:]
        core = core[:-1] + [_strip_case(core[-1])]
        name = " ".join(core)
        kind = self._kind(words)
        if kind in ("person", "organization"):
            # a surname alone refers to the full name met before
            for off, earlier, k in reversed(self.named):
                if k == kind and (earlier == name or earlier.endswith(" " + name)):
                    name = earlier
                    break
            self.named.append((offset, name, kind))
        return name

    def locative_document(self, toks: list) -> Mention | None:
        for k, (s, e, w) in enumerate(toks):
            if w.endswith("मा") and w[:-2] in self.lex.documents:
                i, j = self.np_before(toks, k)
                return self.mention(toks, i, j)
        return None

    def according_source(self, toks: list, cue: Cue) -> Mention | None:
        before = [k for k, t in enumerate(toks) if t[1] <= cue.start]
        if not before:
            return None
        j = before[-1]
        w = toks[j][2]
        if w in _GENITIVE and j > 0:  # "प्रहरी का अनुसार"
            j -= 1
        elif not w.endswith(_GENITIVE) and _strip_case(w) not in self.lex.documents:
            return None  # "नियम अनुसार": conformity, not a source ("प्रतिवेदन अनुसार" is one)
        i, j = self.np_before(toks, j)
        m = self.mention(toks, i, j)
        return m

    # -- the article ----------------------------------------------------------------------
    def run(self, sentences, quotes: list[Quote], lead: bool = False):
        """``sentences`` in text order; ``lead``: the headline is a lead paragraph (its
        sentences are among them) rather than a headline."""
        by_sentence: dict[int, list[Quote]] = {}
        starts = [s.start for s in sentences]
        for q in quotes:
            if q.parent is not None:
                continue
            i = bisect_right(starts, q.open_start) - 1
            if i < 0 or q.open_start >= sentences[i].end:
                continue
            # a quotation of several sentences (‘… पायौं । … हौं ।’ उनले भने) belongs to the
            # sentence it closes in when the one it opens in has no cue
            k = bisect_right(starts, max(q.open_start, q.close_end - 1)) - 1
            if k > i and q.close_end <= sentences[k].end and not self.cues_in(sentences[i].start, sentences[i].end):
                i = k
            by_sentence.setdefault(sentences[i].start, []).append(q)
        for sent in sentences:
            self.sentence(sent, by_sentence.get(sent.start, []))
        # a headline's quotation: the source before a ``भन्छन्-`` cue
        if not lead:
            for q in quotes:
                if q.paragraph < 0 and q.speaker is None:
                    self.heading_quote(q)

    def sentence(self, sent, quotes: list[Quote]) -> None:
        """The speech events of one sentence, left to right: each reporting cue that ends its
        clause (``… उनले बताए ।``), introduces a quotation (``उनले भने, ‘…’``), is a participle
        with more of the sentence after it (``… भन्दै … दाबी गरे``), or ``अनुसार`` after a source.
        An event's clause runs from the previous event's cue (or the sentence start) to its
        own cue; its source is found in that clause, and the rest is its content."""
        cues = self.cues_in(sent.start, sent.end)
        if not cues and not quotes:
            return
        view = self.view
        toks = _Tokens(view, sent.start, sent.end, self.mask).items
        events = self._events(sent, cues, quotes, toks)
        if not events:
            for q in quotes:  # a quotation with no cue in its sentence: the last source's words
                if self.last_event is not None and self._opens(q, sent.start):
                    _, m, _ = self.last_event
                    if m is not None:
                        q.speaker, q.cue, q.attribution = m, None, "continuation"
            return
        # quotations: the event whose clause holds them, else the one right before (``उनले भने, ‘…’``)
        owned: dict[int, list[Quote]] = {i: [] for i in range(len(events))}
        for q in quotes:
            best = None
            at = max(q.open_start, sent.start)
            for i, ev in enumerate(events):
                if ev["from"] <= at < ev["cue"].start:
                    best = i
                    break
                if ev["cue"].end <= q.open_start:
                    best = i
            if best is not None:
                owned[best].append(q)
        for i, ev in enumerate(events):
            source, cue, content = ev["source"], ev["cue"], ev["content"]
            qs = owned[i]
            kind = "indirect"
            marked = [m for a, b in content for m in self._marked(a, b)]
            if marked and not qs:
                # ‘ हामी …,’ उनले भने: marks the quotation finder did not pair (a space after
                # the opening one); the clause is a quotation when nothing else is in it
                rest = " ".join(self._outside(a, b) for a, b in content)
                for ms, me in marked:
                    rest = rest.replace(view[ms:me], " ")
                if word_count(rest.strip(_TRIM + "।॥‘’“”\"'")) <= 1:
                    kind, content = "direct", marked
            if qs:
                pieces = [c for c in content]
                for q in qs:
                    if cue.end <= q.open_start:
                        pieces.append((q.open_start, q.close_end))
                rest = " ".join(self._outside(max(a, sent.start), b) for a, b in pieces)
                for ms, me in marked:
                    rest = rest.replace(view[ms:me], " ")
                if word_count(rest.strip(_TRIM + "।॥‘’“”\"'")) <= 1:
                    kind = "direct"
                    content = sorted([(q.start, q.end) for q in qs] + marked)
                else:
                    # inside an indirect clause: a phrase in marks makes it mixed; a term or a
                    # name in marks (‘लेअफ’, fewer than three words) is no quotation of the source
                    qs = [q for q in qs if word_count(view[q.start:q.end]) >= _MIXED_WORDS]
                    if qs:
                        kind = "mixed"
                        self.mixed.update(q.id for q in qs)
            for q in qs:
                q.speaker, q.cue = source, cue
                q.attribution = "before" if cue.end <= q.open_start else "after"
            content = [self._trim(a, b) for a, b in content]
            content = [(a, b) for a, b in content if b > a]
            if not content or (kind == "indirect" and not self._clause(content)):
                continue  # "… शुक्रबार पत्रकारसँग भनिन्", "यस्तो बताए": no clause reported
            self.relations.append(Relation(kind, content, self._source(source),
                                           ((cue.start, cue.end), cue.lemma, cue.stance),
                                           [q.id for q in qs], (sent.start, sent.end)))
            self.last_event = (cue.start, source, cue)

    def _events(self, sent, cues: list[Cue], quotes: list[Quote], toks: list) -> list[dict]:
        view = self.view
        chosen: list[tuple[Cue, str]] = []
        topic = set()  # "… दाबी गरेका छन् भने …": भने after a cue is the topic particle joining clauses
        for a, b in pairwise(cues):
            if b.text == "भने" and not view[a.end:b.start].strip():
                topic.add(b.start)
        for c in cues:
            if c.start in topic:
                continue
            if c.lemma in self.lex.according_lemmas:
                chosen.append((c, "according"))
                continue
            after = view[c.end:sent.end].lstrip(" \t,:;-–—")
            if self._final(c, sent.end) or view[c.end:sent.end].split(None, 1)[:1] in _CONJUNCTIONS:
                chosen.append((c, "final"))  # the end of the sentence, or of a clause joined to the next
            elif after[:1] in _OPENING_MARKS:
                chosen.append((c, "intro"))  # "उनले भने, ‘…’"
            elif view[c.end:c.end + 3].lstrip(" ")[:1] in ("-", ":", "–", "—"):
                chosen.append((c, "headline"))
            elif self._participle(c):
                chosen.append((c, "participle"))
        events: list[dict] = []
        floor = sent.start
        for n, (c, how) in enumerate(chosen):
            if how == "according":
                m = self.according_source(toks, c)
                if m is None or m.start < floor:
                    continue
                nxt = next((x for x, h in chosen[n + 1:] if h != "according"), None)
                end = nxt.start if nxt is not None else sent.end
                events.append({"cue": c, "source": m, "from": floor, "content": [(c.end, end)], "how": how})
                floor = c.end
                continue
            m, content = self._source_and_content(toks, floor, c, how)
            events.append({"cue": c, "source": m, "from": floor, "content": content, "how": how})
            floor = c.end
        # "… भन्दै डा. कोइरालाले … दाबी गरे": the subject after a participle is its subject too
        for i, ev in enumerate(events[:-1]):
            nxt = events[i + 1]
            m = nxt["source"]
            if ev["how"] == "participle" and m is not None and \
                    not self.view[ev["cue"].end:m.start].strip(_TRIM) and ev["source"] is not m:
                ev["source"] = m
                ev["content"] = [(ev["from"], ev["cue"].start)]
        # a dropped subject: shared with the neighbouring event (``X ले … भन्दै … दाबी गरे``)
        for i, ev in enumerate(events):
            if ev["source"] is None and not _passive(ev["cue"]):
                if ev["how"] == "participle" and i + 1 < len(events) and events[i + 1]["source"] is not None:
                    ev["source"] = events[i + 1]["source"]
                elif i > 0 and events[i - 1]["source"] is not None:
                    ev["source"] = events[i - 1]["source"]
        # an according-to clause that an event after it reports too ends where that event's source starts
        for i, ev in enumerate(events[:-1]):
            nxt = events[i + 1]
            if ev["how"] == "according" and nxt["source"] is not None and nxt["from"] <= nxt["source"].start:
                (a, b), = ev["content"]
                ev["content"] = [(a, min(b, nxt["source"].start))]
        return events

    def _marked(self, a: int, b: int) -> list[tuple[int, int]]:
        """The insides of ‘…’ and “…” in view[a:b] that are no quotation found (mask clear)."""
        out = []
        mask = self.mask
        for m in _MARKED.finditer(self.view, a, b):
            s, e = m.start(1), m.end(1)
            if mask is None or mask.find(1, m.start(), m.end()) < 0:
                s, e = self._trim(s, e)
                if e > s:
                    out.append((s, e))
        return out

    def _clause(self, content) -> bool:
        """The content is a clause: two words or more, not all of them an addressee or a time."""
        words = [w for a, b in content for w in _TOKEN.findall(self.view, a, b)]
        return len(words) >= 2 and not all(w in _ADVERBIALS or w.endswith(_ADVERBIAL_ENDS) for w in words)

    def _outside(self, a: int, b: int) -> str:
        """view[a:b] without its quotations."""
        mask = self.mask
        if mask is None or mask.find(1, a, b) < 0:
            return self.view[a:b]
        return "".join(ch if not inq else " " for ch, inq in zip(self.view[a:b], mask[a:b]))

    def _participle(self, c: Cue) -> bool:
        last = c.text.split()[-1]
        return last.endswith(("दै", "दैं")) or last in ("भनी", "भनेर")

    def _source_and_content(self, toks: list, floor: int, c: Cue, how: str):
        """The source of the clause ``floor``..cue and the content (the rest of the clause)."""
        lex = self.lex
        before = [k for k, t in enumerate(toks) if floor <= t[0] and t[1] <= c.start]
        whole = [(floor, c.start)]
        if not before:
            return None, whole
        last = before[-1]
        if how == "headline":
            i, j = self.np_before(toks, last)
            m = self.mention(toks, i, j)
            return m, [(c.end, toks[-1][1])]
        w = toks[last][2]
        # X को भनाइ छ / दाबी छ: a genitive source right before the noun
        if c.lemma in lex.genitive_lemmas:
            if w.endswith(_GENITIVE) and len(w) > 2:
                i, j = self.np_before(toks, last, floor)
                m = self.mention(toks, i, j)
                return m, [(floor, m.start)]
            return None, whole
        passive = _passive(c)
        # an agent: an ergative that is not a reflexive (आफूले: the clause's own subject) nor a
        # means or cause (उद्देश्यले, कारणले); a passive cue (भनिएको) has none
        erg = [] if passive else [k for k in before if toks[k][2].endswith(_ERGATIVE) and len(toks[k][2]) > 2
                                  and not toks[k][2].startswith(_REFLEXIVE) and toks[k][2] not in _NOT_AGENTS]
        # right before the cue, or with only particles, an addressee or a time between ("उनले पनि
        # बताए", "… ले पत्रकारसँग बताए"), not a verb ("… जोखिम आफैले उठाउने बताए")
        near = [k for k in erg if last - k <= 2 and all(
            toks[x][2] in _PARTICLES or toks[x][2] in _ADVERBIALS or toks[x][2].endswith(_ADVERBIAL_ENDS)
            for x in range(k + 1, last + 1))]
        if near:  # "… रहेको उनले बताए": the content before the source
            i, j = self.np_before(toks, near[-1], floor)
            m = self.mention(toks, i, j)
            return m, self._around(floor, m, c.start, toks, before, i, j)
        if self._nominative_subject(c, w):  # "अध्यक्ष तारानाथ घिमिरे बताउँछन्", "उनी भन्छन्"
            i, j = self.np_before(toks, last, floor)
            m = self.mention(toks, i, j)
            return m, [(floor, m.start)]
        if erg:  # "ओलीले … बताए": the source opens the clause, the content follows it
            j = erg[0]
            i = self.np_opening(toks, j, before[0])
            m = self.mention(toks, i, j)
            return m, self._around(floor, m, c.start, toks, before, i, j)
        if passive:  # a passive statement: a document as source, or none
            m = self.locative_document([t for t in toks if floor <= t[0] and t[1] <= c.start])
            if m is not None:
                return m, self._around(floor, m, c.start, toks, before, None, None)
        return None, whole

    def _around(self, floor, m, end, toks, before, i, j):
        """The clause without its source: the part after the source, and the part before it
        when that is more than two words (an adverbial such as ``कार्यक्रममा`` is left out)."""
        head = [k for k in before if toks[k][1] <= m.start]
        out = []
        if len(head) > 2 and not toks[head[-1]][2].endswith(_NOT_IN_OPENING):
            out.append((floor, m.start))  # not "… शिविरमा बोल्दै" (where and when it was said)
        if any(not (w in _PARTICLES or w in _ADVERBIALS or w.endswith(_ADVERBIAL_ENDS))
               for w in _TOKEN.findall(self.view, m.end, end)):
            out.append((m.end, end))  # not "… ले पत्रकारसँग बताए"
        return out or [(floor, m.start)]

    def _nominative_subject(self, c: Cue, w: str) -> bool:
        """A present-tense cue with an unmarked subject right before it: a name or a pronoun."""
        if not c.text.endswith(("छन्", "छिन्", "हुन्छ")) and c.text.split()[-1] not in ("भन्छ", "बताउँछ"):
            return False
        if w in ("उनी", "उहाँ", "उनीहरु", "उनीहरू"):
            return True
        return not (w in _STOP or w.endswith(_NOT_NAME_END) or w.endswith(_FINITE_ENDS))

    def _source(self, m: Mention | None):
        return None if m is None else ((m.start, m.end), m.name, self._kind(m.text.split()))

    def _trim(self, a: int, b: int) -> tuple[int, int]:
        view = self.view
        while a < b and view[a] in _TRIM:
            a += 1
        while b > a and view[b - 1] in _TRIM:
            b -= 1
        return a, b

    def _opens(self, q: Quote, start: int) -> bool:
        return not self.view[start:q.open_start].strip(" \t\n\r\u00a0(—–-")

    def heading_quote(self, q: Quote) -> None:
        b = self.doc.headline if self.doc.headline and self.doc.headline.start <= q.open_start < self.doc.headline.end \
            else None
        if b is None:
            return
        for c in self.cues_in(b.start, q.open_start):
            toks = _Tokens(self.view, b.start, c.start, self.mask).items
            if toks:
                i, j = self.np_before(toks, len(toks) - 1)
                q.speaker, q.cue, q.attribution = self.mention(toks, i, j), c, "before"


class _Sentence:
    """A sentence of a lead paragraph that the reader took for the headline."""

    __slots__ = ("end", "paragraph", "start")

    def __init__(self, start: int, end: int):
        self.start, self.end, self.paragraph = start, end, -1


def lead_headline(doc) -> bool:
    """The plain-text reader takes the first line for the headline; in a Nepali article whose
    first line is the dateline and the lead paragraph (``काठमाडौं । … बताए ।``: a danda with more
    text after it, or over 200 characters) it is a paragraph, with attributions of its own."""
    h = doc.headline
    if h is None or h.language != "ne":
        return False
    text = doc.view[h.start:h.end]
    return len(text) > 200 or "।" in text.rstrip(" ।॥\"'”’")


def attribute(doc, quotes: list[Quote], first_id: int = 1) -> tuple[list[Speaker], list[Relation]]:
    lex = lexicon()
    sentences = [s for s in doc.sentences if doc.paragraphs[s.paragraph].language == "ne"]
    lead = lead_headline(doc)
    if lead:
        from .sentences import split

        h = doc.headline
        sentences = [_Sentence(a, b) for a, b in split(doc.view, h.start, h.end)] + sentences
    a = Attributor(doc, lex)
    a.run(sentences, quotes, lead)
    speakers: dict[str, Speaker] = {}
    view = doc.view
    for q in quotes:
        m = q.speaker
        if m is None:
            continue
        key = m.name
        sp = speakers.get(key)
        if sp is None:
            kind = a._kind(m.text.split())
            if m.text in lex.pronouns and m.name == m.text:
                kind = "unknown"
            sp = Speaker(f"s{first_id + len(speakers)}", m.name, kind)
            titles = [w for w in m.text.split() if lex.is_title(w)]
            if titles:
                sp.title = " ".join(titles)
            speakers[key] = sp
        m.speaker = sp.id
        sp.quotes.append(q.id)
        sp.quoted_words += word_count(view[q.start:q.end])
        if all(x.start != m.start for x in sp.mentions):
            sp.mentions.append(m)
    for sp in speakers.values():
        sp.mentions.sort(key=lambda x: x.start)
    return list(speakers.values()), a.relations, a.mixed
