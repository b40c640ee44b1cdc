"""The Document: one article, its spans and its stance annotations.

Every span is a pair of Python string indices into ``Document.text`` (the
file's decoded text, never a cleaned copy).  Readers also build
``Document.view``: a string of exactly the same length in which markup
(Markdown syntax, HTML tags, JSON punctuation, code, comments) is blanked
out and character references are replaced by the character they stand for,
padded with spaces.  Analysis and rules read ``view``; because it has the
same length, every offset found in it is an offset into ``text``.
"""

from __future__ import annotations

import re
from bisect import bisect_right

_NEWLINE = re.compile(r"\r\n|\r|\n")
# the personal pronouns a source may be (closed-class grammar): a message names no one by them
_PRONOUNS = frozenset("i we you he she it they me us him her them".split())
# the relative pronouns a source may be: a message names no one by them either, nor what they were
# resolved to ("Those who said": no antecedent a message can trust)
_RELATIVES = frozenset("who whom which that".split())


class LineIndex:
    """Offset <-> (line, column) conversion; both 1-based, columns in code points."""

    __slots__ = ("starts",)

    def __init__(self, text: str):
        starts = [0]
        if "\r" in text:
            starts.extend(m.end() for m in _NEWLINE.finditer(text))
        else:  # \n only (the common case): str.find in C, no match object per line
            find = text.find
            i = find("\n")
            while i >= 0:
                starts.append(i + 1)
                i = find("\n", i + 1)
        self.starts = starts

    def position(self, offset: int) -> tuple[int, int]:
        i = bisect_right(self.starts, offset) - 1
        return i + 1, offset - self.starts[i] + 1

    def offset(self, line: int, column: int) -> int:
        return self.starts[line - 1] + column - 1

    def line_span(self, line: int, text: str) -> tuple[int, int]:
        """Start and end (without the newline) of a 1-based line."""
        start = self.starts[line - 1]
        end = self.starts[line] if line < len(self.starts) else len(text)
        while end > start and text[end - 1] in "\r\n":
            end -= 1
        return start, end


class Span:
    """A stretch of the document: [start, end)."""

    __slots__ = ("start", "end")

    def __init__(self, start: int, end: int):
        self.start = start
        self.end = end

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.start}, {self.end})"


class Block(Span):
    """A headline, subheading or paragraph (``kind``: paragraph, blockquote, list_item, table_cell)."""

    __slots__ = ("kind", "index", "language")

    def __init__(self, start: int, end: int, kind: str = "paragraph", index: int = 0):
        super().__init__(start, end)
        self.kind = kind
        self.index = index
        self.language = "en"  # set by analysis/language.py: en or ne


class Sentence(Span):
    __slots__ = ("paragraph",)

    def __init__(self, start: int, end: int, paragraph: int):
        super().__init__(start, end)
        self.paragraph = paragraph


class Mark(Span):
    """One quotation mark or apostrophe as found in the text.

    ``role``: open, close, apostrophe, unbalanced (an opening or closing mark
    with no partner) or malformed (a doubled apostrophe or backtick pair
    standing in for a quotation mark).  ``char`` is the mark as it appears in the
    view (a character reference such as ``&ldquo;`` is reported as “).
    """

    __slots__ = ("char", "role")

    def __init__(self, start: int, end: int, char: str, role: str):
        super().__init__(start, end)
        self.char = char
        self.role = role


class Mention(Span):
    """A speaker as written (a name, a title, a pronoun, "a spokesman")."""

    __slots__ = ("text", "name", "speaker")

    def __init__(self, start: int, end: int, text: str, name: str | None = None):
        super().__init__(start, end)
        self.text = text
        self.name = name or text
        self.speaker: str | None = None  # speaker id once merged


class Cue(Span):
    """A reporting verb or phrase: ``lemma`` and its ``stance`` class."""

    __slots__ = ("text", "lemma", "stance")

    def __init__(self, start: int, end: int, text: str, lemma: str, stance: str):
        super().__init__(start, end)
        self.text = text
        self.lemma = lemma
        self.stance = stance


class Quote(Span):
    """A quotation: ``start``/``end`` enclose the text inside the marks;
    ``open_start``/``close_end`` include the marks (equal to start/end for
    block quotes and for a part that runs on without a closing mark)."""

    __slots__ = (
        "id", "open_start", "close_end", "kind", "paragraph", "speaker", "cue",
        "parent", "continues", "continued", "attribution", "relation", "words",
    )

    def __init__(self, start: int, end: int, open_start: int, close_end: int, paragraph: int):
        super().__init__(start, end)
        self.id = ""
        self.open_start = open_start
        self.close_end = close_end
        self.kind = "partial"
        self.paragraph = paragraph
        self.speaker: Mention | None = None
        self.cue: Cue | None = None
        self.parent: str | None = None  # id of the enclosing quote for a nested one
        self.continues: str | None = None  # id of the quote this one continues
        self.continued = False  # runs on into the next paragraph
        self.attribution = ""  # how the speaker was found (after, before, continuation, ...)
        self.relation: str | None = None  # id of the attribution relation it belongs to
        #: its words (``word_count`` of the text inside the marks), counted once by
        #: ``Document.quote_words`` (the analysis, the tallies, the rules and the output all use it)
        self.words: int | None = None


class Attribution:
    """An attribution relation: ``source`` (a Mention, or None) says ``content`` (spans), by ``cue``.

    ``kind``: direct (the content is a quotation), mixed (reported speech with a quoted fragment) or
    indirect (reported speech without marks); ``source_kind``: person, organization, group, document,
    anonymous or unknown; ``quotes``: ids of the quotations it holds; ``outer``: id of the relation
    this one is reported inside ("X said, according to a pool report")."""

    __slots__ = ("id", "kind", "content", "source", "source_kind", "speaker", "cue", "quotes", "outer")

    def __init__(self, kind: str, content: list[Span], source: Mention | None, cue: Cue | None):
        self.id = ""
        self.kind = kind
        self.content = content
        self.source = source
        self.source_kind = "unknown"
        self.speaker: str | None = None  # id of the speaker the source names, once resolved
        self.cue = cue
        self.quotes: list[str] = []
        self.outer: str | None = None

    def __repr__(self) -> str:
        src = self.source.text if self.source else None
        cue = self.cue.text if self.cue else None
        return f"Attribution({self.kind}, source={src!r}, cue={cue!r}, content={[(c.start, c.end) for c in self.content]})"


class Speaker:
    __slots__ = ("id", "name", "kind", "mentions", "quotes", "quoted_words", "title", "label", "attributions",
                 "reported_words", "cues")

    def __init__(self, id: str, name: str, kind: str):
        self.id = id
        self.name = name
        self.kind = kind  # person, organization, group, anonymous, document, unknown
        self.mentions: list[Mention] = []
        self.quotes: list[str] = []
        self.quoted_words = 0
        self.title: str | None = None
        #: the speaker as a message names them: the name, or for a pronoun that resolved to no
        #: one ('she said' with no one before it) 'an unnamed speaker ("she")' (set by the analysis)
        self.label = name
        self.attributions: list[str] = []  # ids of the attribution relations it is the source of
        self.reported_words = 0  # words of its reported speech (indirect and mixed content outside quotations)
        self.cues: dict[str, list] = {}  # lemma -> [stance, count]: the cues the writer chose for it


class Document:
    __slots__ = (
        "path", "format", "text", "view", "encoding", "bom", "headline", "subheadings",
        "paragraphs", "sentences", "quotes", "attributions", "speakers", "marks", "metadata", "byline",
        "date", "findings", "comments", "front_matter", "fields", "_lines",
        "_sentence_starts", "quote_mask", "reported_mask", "language", "_language_index", "nepali_relations",
    )

    def __init__(self, text: str, view: str | None = None, path: str = "<string>", format: str = "text"):
        self.path = path
        self.format = format
        self.text = text
        self.view = text if view is None else view
        if len(self.view) != len(text):  # the one invariant everything rests on
            raise ValueError("view and text differ in length")
        self.encoding = "utf-8"
        self.bom = False
        self.headline: Block | None = None
        self.subheadings: list[Block] = []
        self.paragraphs: list[Block] = []
        self.sentences: list[Sentence] = []
        self.quotes: list[Quote] = []
        self.attributions: list[Attribution] = []
        self.speakers: list[Speaker] = []
        self.marks: list[Mark] = []
        self.metadata: dict = {}
        self.byline: str | None = None
        self.date: str | None = None
        self.findings: list = []
        # (start, end, inner text) of each comment (Markdown/HTML), for suppression
        self.comments: list[tuple[int, int, str]] = []
        self.front_matter: Span | None = None
        # front matter / JSON fields that hold prose: name -> Span of the value
        self.fields: dict[str, Span] = {}
        self._lines: LineIndex | None = None
        self._sentence_starts: list[int] | None = None
        self.quote_mask: bytearray | None = None
        #: 1 where the body is reported speech outside quotation marks (analysis/voice.py), or None
        self.reported_mask: bytearray | None = None
        #: the article's language (en, ne); each block has its own (Block.language)
        self.language = "en"
        self._language_index: tuple | None = None
        #: speech events found by the Nepali analysis (analysis/nepali/attribution.py Relation),
        #: to be emitted with the English attribution relations once those exist
        self.nepali_relations: list = []

    # -- positions -----------------------------------------------------------
    @property
    def lines(self) -> LineIndex:
        if self._lines is None:
            self._lines = LineIndex(self.text)
        return self._lines

    def position(self, offset: int) -> tuple[int, int]:
        return self.lines.position(offset)

    def span_text(self, span: Span) -> str:
        return self.view[span.start:span.end]

    def reported_source(self, offset: int) -> str | None:
        """Who the reported speech at ``offset`` is from, as a message names them: the source as
        written ("the Tory leader"), but for a pronoun the speaker it resolved to ("he" -> "Michael
        Howard"); None when there is none to name (a pronoun that resolved to no one, a relative
        pronoun: "who")."""
        for a in getattr(self, "attributions", None) or ():
            if a.kind != "direct" and a.source is not None and any(c.start <= offset < c.end for c in a.content):
                low = a.source.text.lower()
                if low in _RELATIVES:
                    return None
                if low not in _PRONOUNS:
                    return a.source.text
                sp = next((s for s in self.speakers if s.id == a.speaker), None) if a.speaker else None
                return sp.name if sp is not None and sp.label == sp.name else None  # (not 'an unnamed speaker ("he")')
        return None

    # -- lookups used by analysis and rules --------------------------------------
    def blocks(self):
        """Headline, subheadings and paragraphs in document order."""
        out = list(self.paragraphs) + list(self.subheadings)
        if self.headline is not None:
            out.append(self.headline)
        out.sort(key=lambda b: b.start)
        return out

    def sentence_at(self, offset: int) -> Sentence | None:
        if self._sentence_starts is None:
            self._sentence_starts = [s.start for s in self.sentences]
        i = bisect_right(self._sentence_starts, offset) - 1
        if i >= 0 and offset < self.sentences[i].end:
            return self.sentences[i]
        return None

    def languages(self) -> set[str]:
        """The languages of the article's blocks (a set: the blocks in any order, not sorted as ``blocks``)."""
        found = {p.language for p in self.paragraphs}
        found.update(b.language for b in self.subheadings)
        if self.headline is not None:
            found.add(self.headline.language)
        found.add(self.language)
        return found

    def language_at(self, offset: int) -> str:
        """The language of the block holding ``offset`` (the article's outside every block)."""
        if self._language_index is None:
            blocks = [b for b in self.blocks() if b.language != self.language]
            self._language_index = ([b.start for b in blocks], blocks)
        starts, blocks = self._language_index
        if not starts:
            return self.language
        i = bisect_right(starts, offset) - 1
        if i >= 0 and offset < blocks[i].end:
            return blocks[i].language
        return self.language

    def quote_words(self, q: Quote) -> int:
        """The words of quotation ``q`` (inside its marks), counted on the first call (a
        quotation's span is final once the quotations are found)."""
        n = q.words
        if n is None:
            n = q.words = word_count(self.view[q.start:q.end])
        return n

    def in_quote(self, start: int, end: int | None = None) -> bool:
        """True when the stretch lies inside quoted speech (marks included)."""
        mask = self.quote_mask
        if mask is None:
            return False
        if end is None or end <= start:
            return bool(mask[start]) if start < len(mask) else False
        return all(mask[start:end])

    def touches_quote(self, start: int, end: int) -> bool:
        mask = self.quote_mask
        return mask is not None and any(mask[start:end])


def word_count(s: str) -> int:
    """Words as white-space separated tokens (fast; dashes standing alone count).

    ``len(s.split())``, without building the list of words in the common case: text
    that is printable holds no white space but the space (``str.isprintable`` is false
    for every other white-space character), so with single spaces and none at either
    end its words are its spaces plus one."""
    if s.isprintable() and s and s[0] != " " and s[-1] != " " and "  " not in s:
        return s.count(" ") + 1
    return len(s.split())


def stretches_between_quotes(mask: bytearray | None, n: int, sealed) -> list[tuple[int, int]]:
    """The stretches [a, b) of a text of ``n`` characters that a search for matches starting
    outside quotations need read, each on its own: all of the text but the quotations of
    ``mask`` (``Document.quote_mask``) that ``sealed(start, end)`` says no match can run into
    or out of (a quotation not sealed is read with the stretch around it). With no mask, the
    whole text; empty stretches are left out."""
    if mask is None:
        return [(0, n)]
    out = []
    a = 0  # (the start of the stretch)
    b = mask.find(1)  # (the start of a quotation)
    while b >= 0:
        after = mask.find(0, b)
        if after < 0:
            after = n
        if sealed(b, after):
            if b > a:
                out.append((a, b))
            a = after
        b = mask.find(1, after)
    if a < n:
        out.append((a, n))
    return out
