"""Quotation marks and quotations.

Every mark (" “ ” „ « » ' ‘ ’ ‹ ›) in the headline, subheadings and
paragraphs is classified as an opening mark, a closing mark, an apostrophe,
or unbalanced.  Double marks are paired first, per paragraph, with a
quotation left open at the end of a paragraph continued when the next
paragraph opens with a mark (the news convention for a quotation running
over several paragraphs).  Single marks are then paired where they are not
apostrophes (Putin’s, ’90s, rock ’n’ roll, players’ union); a single-quoted
stretch inside a double-quoted one (or the reverse) is a nested quotation.
Block quotes (Markdown ``>``, HTML ``<blockquote>``) are quotations of
their own.  Nothing here raises on unbalanced input: such marks are kept
with the role ``unbalanced`` for the rules.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
import re

from ..document import Block, Document, Mark, Quote
from ..lazyre import lazy

DOUBLE_OPEN = frozenset("“„«‟")
DOUBLE_CLOSE = frozenset("”»")
SINGLE_OPEN = frozenset("‘‚‹‛")
SINGLE_CLOSE = frozenset("’›")
# an opening single mark inside a quotation: not after a letter or digit (an apostrophe), before one
# (compiled on first use: only a quotation re-opened after a closing single mark needs it)
_NESTED_OPEN = lazy(r"(?<!\w)['‘](?=\w)")
#: a mark (in runs of straight apostrophes, the longest first); found with _find_marks
_MARKS = lazy("'''|''|'|``|\"|“|”|„|‟|«|»|‘|’|‚|‛|‹|›")
#: the marks of one character: all but the straight apostrophe and the backtick
_ONE_CHAR_MARKS = "\"“”„‟«»‘’‚‛‹›"
_DOUBLES = frozenset(["\"", "“", "”", "„", "‟", "«", "»"])
_SINGLES = frozenset("'‘’‚‛‹›")
TRIPLE = "'" * 3
_OPEN_BEFORE = frozenset(" \t\n\r\u00a0([{—–-/\u2014\u2013“‘«„‚‹\"'")
_ELISIONS = ("em", "til", "tis", "twas", "cause", "bout", "round", "n", "s ", "ve", "nuff", "cos", "ol")


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def _double_role(view: str, i: int, ch: str) -> str:
    """'open', 'close' or 'either' for a double mark at i."""
    prev = view[i - 1] if i > 0 else " "
    w = len(ch)
    nxt = view[i + w] if i + w < len(view) else " "
    if ch == "``":
        return "open"
    if ch in DOUBLE_OPEN:
        if ch == "“" and not (prev in _OPEN_BEFORE) and not _is_word(nxt):
            return "either"  # „…“ closes with “ in German typography
        return "open"
    if ch in DOUBLE_CLOSE:
        if prev in _OPEN_BEFORE and (_is_word(nxt) or nxt in "‘'"):
            return "either"  # a ” typed where “ was meant
        return "close"
    opens = prev in _OPEN_BEFORE
    closes = not prev.isspace() and (not _is_word(nxt) or nxt in "s")
    if opens and not nxt.isspace():
        return "open" if not closes else "either"
    if closes:
        return "close"
    return "either"


def _single_role(view: str, i: int, ch: str) -> str:
    """'open', 'close', 'apostrophe' or 'close?' (a closing mark that may be a
    plural possessive) for a single mark at i."""
    prev = view[i - 1] if i > 0 else " "
    nxt = view[i + 1] if i + 1 < len(view) else " "
    if ch in SINGLE_CLOSE and "\u0900" <= prev <= "\u097f":
        return "close"  # Nepali has no apostrophe: a case ending may follow the mark (‘मास’ले, ‘कमसल’मा)
    if _is_word(prev) and _is_word(nxt):
        return "apostrophe"  # Putin’s, don't, rock’n’roll
    if ch in SINGLE_OPEN:
        if nxt.isdigit() and view[i + 2:i + 3].isdigit() and (
                not _is_word(view[i + 3:i + 4] or " ")
                or (view[i + 3] == "s" and not _is_word(view[i + 4:i + 5] or " "))):
            return "apostrophe"  # ‘90s, in ‘08, ‘16 typed with the wrong mark (not ‘13th’)
        if prev in _OPEN_BEFORE and _elision(view, i):
            return "apostrophe"  # how ‘bout, ‘em typed with the wrong mark
        return "open" if not nxt.isspace() else "apostrophe"
    # after any double mark as after a straight one: the style of that mark
    # must not decide, since a quotation-style fix may change it (” to ")
    opening = prev in _OPEN_BEFORE or prev in _DOUBLES or i == 0
    if opening and prev in "-‐‑" and i >= 2 and _is_word(view[i - 2]) and not _is_word(nxt):
        return "close"  # after a word's trailing hyphen, not before a word: 'BBB-', 'semi-' (closes)
    if opening:
        if nxt.isdigit():
            return "apostrophe"  # ’90s, '08
        if _elision(view, i):
            return "apostrophe"  # 'em, 'til, rock 'n' roll
        if ch in SINGLE_CLOSE and nxt.isspace():
            return "apostrophe"
        return "open" if not nxt.isspace() else "apostrophe"
    if prev.isspace():
        return "apostrophe"
    if prev in ".!?" and nxt in "sS" and i >= 2 and view[i - 2].isalpha() and not _is_word(view[i + 2:i + 3] or " "):
        return "apostrophe"  # the possessive of an abbreviation or a name: the U.N.'s, Acme Inc.'s, Yahoo!'s
    # after a word or punctuation, not before a word: closing, or a plural possessive
    if prev in "sS" and (nxt == " " or nxt == "\u00a0"):
        return "close?"  # a closing mark, or a plural possessive ("Silicon Graphics' Columbia")
    if prev == "n" and i >= 2 and view[i - 2] in "’'" :
        return "apostrophe"  # rock ’n’ roll
    if prev.isalpha():
        # closing a quotation, or an elision (goin', nothin') or a possessive with its s
        # dropped: an apostrophe when there is no quotation for it to close
        return "close~"
    return "close"


#: closed-class grammar: words that open quotations, never an elided word ('the road …', 'we …')
_QUOTE_OPENERS = frozenset(
    "a an the this that these those i we you he she it they me us him her them my our your his its their "
    "and but or if so no yes not to of in on at for with as is are was were be".split()
)
_LETTERS = lazy(r"[^\W\d_]+")  # (compiled on first use: only unmatched single marks need it)


def _repeated_elisions(view: str, marks: list) -> None:
    """Unmatched single marks opening the same word two or more times in the article ('bot nets,
    'bots, 'bot net controllers) are the apostrophe of a word with its first letters dropped, not
    quotations that never close: one unmatched mark before a word stays unbalanced (the
    minister said 'the road …), and so do marks before words that open quotations."""
    cands = []
    for mk in marks:
        if mk.role == "unbalanced" and mk.char in _SINGLES:
            m = _LETTERS.match(view, mk.end)
            if m is not None and m.group().islower() and m.group() not in _QUOTE_OPENERS:
                w = m.group()
                cands.append((mk, w[:-1] if len(w) > 3 and w.endswith("s") else w))
    if len(cands) < 2:
        return
    seen: dict[str, int] = {}
    for _, w in cands:
        seen[w] = seen.get(w, 0) + 1
    for mk, w in cands:
        if seen[w] >= 2:
            mk.role = "apostrophe"


def _elision(view: str, i: int) -> bool:
    """A mark at i opening a word with its first letters dropped: 'em, 'til, 'bout, 'n'."""
    after = view[i + 1:i + 6].lower()
    if not after.startswith(_ELISIONS):
        return False
    word = _first_word(after)
    # ("s": the 's of a possessive whose name stands apart, "stole  's thunder": no quotation opens
    # with it)
    return word in ("em", "til", "tis", "twas", "cause", "bout", "n", "nuff", "cos", "s") and \
        not _is_word(view[i + 1 + len(word):i + 2 + len(word)] or " ")


def _unpadded(view: str, text: str, i: int, w: int) -> tuple[str, int]:
    """The view around a mark at i with the padding of character references
    taken out ("It’" + 5 spaces + "s" from "It\\u2019s"), so that the mark's
    neighbours are the characters a reader sees; and the mark's index in it."""
    a, b = max(0, i - 12), min(len(view), i + w + 12)
    left = "".join(c for c, t in zip(view[a:i], text[a:i]) if not (c == " " and t != " "))
    right = "".join(c for c, t in zip(view[i + w:b], text[i + w:b]) if not (c == " " and t != " "))
    return left + view[i:i + w] + right, len(left)


def _first_word(s: str) -> str:
    m = re.match(r"[a-z]+", s)
    return m.group(0) if m else ""


def _units(doc: Document) -> list[Block]:
    units = [p for p in doc.paragraphs]
    units.extend(doc.subheadings)
    if doc.headline is not None:
        units.append(doc.headline)
    units.sort(key=lambda b: b.start)
    return units


def find_quotes(doc: Document) -> None:
    view = doc.view
    text = doc.text
    n = len(view)

    if text is view or text == view:
        def double_role(i: int, ch: str) -> str:
            return _double_role(view, i, ch)

        def single_role(i: int, ch: str) -> str:
            return _single_role(view, i, ch)
    else:  # markup: judge a mark by the characters around it, not the padding
        def double_role(i: int, ch: str) -> str:
            local, j = _unpadded(view, text, i, len(ch))
            return _double_role(local, j, ch)

        def single_role(i: int, ch: str) -> str:
            local, j = _unpadded(view, text, i, len(ch))
            return _single_role(local, j, ch)

    def pad(i: int) -> int:
        """Past the padding of a character reference ("&ldquo;" is "“" and six
        spaces in the view), so that spans hold whole references."""
        while i < n and view[i] == " " and text[i] != " ":
            i += 1
        return i

    marks: list[Mark] = []
    found: list[Quote] = []
    units = _units(doc)
    # every mark of the document, in one pass, shared out to the units
    allm = []
    for i, g in _find_marks(view):
        if g == TRIPLE:
            # a single quotation closed (or opened) together with a doubled-apostrophe one:
            # after a word it is ' then '' ("line," + 3 marks), before a word '' then '
            if i > 0 and view[i - 1] not in _OPEN_BEFORE:
                allm += [(i, "'"), (i + 1, "''")]
            else:
                allm += [(i, "''"), (i + 2, "'")]
        else:
            allm.append((i, g))
    per_unit: list[list[tuple[int, str]]] = []
    j = 0
    for u in units:
        while j < len(allm) and allm[j][0] < u.start:
            j += 1
        k = j
        while k < len(allm) and allm[k][0] < u.end:
            k += 1
        per_unit.append(allm[j:k])
        j = k
    relinks: list[tuple[Quote, int]] = []  # (run-on quotation, where the next one opens)
    # ---- double marks, paragraph by paragraph, with continuation -------------
    pending: Quote | None = None  # a quotation left open at the end of the previous unit
    prev_end = 0  # where the previous unit ends
    for u, umarks in zip(units, per_unit):
        para = u.index if u.kind not in ("headline", "subheading") else -1
        open_at = -1
        open_ch = ""
        open_para = para
        doubles = []
        for i, g in umarks:
            if len(g) == 2:
                # '' and `` stand in for quotation marks in ASCII-converted copy (the
                # New York Times' archive writes every quotation so): they pair as
                # double marks, so the words between are quoted speech, but the marks
                # themselves stay "malformed" (set again below)
                marks.append(Mark(i, i + 2, g, "malformed"))
                doubles.append((i, g))
            elif g in _DOUBLES:
                doubles.append((i, g))
        if pending is not None:
            # continued only when this unit opens with a mark
            first = doubles[0] if doubles else None
            if first is not None and view[u.start:first[0]].strip() == "" and double_role(first[0], first[1]) != "close":
                pending.continued = True
                found.append(pending)
            elif (first is not None and para >= 0 and _line_break(view, prev_end, u.start)
                  and double_role(first[0], first[1]) != "open"):
                # a quotation over a line break inside one paragraph (a block of lines read
                # as one paragraph each: '"...the bomb.' then 'Donald Trump."'): it closes here
                open_at, open_ch, open_para = pending.open_start, view[pending.open_start], pending.paragraph
            else:
                marks.append(Mark(pending.open_start, pending.start, view[pending.open_start:pending.start], "unbalanced"))
            pending = None
        prev_end = u.end
        skip_to = -1
        for n_d, (i, ch) in enumerate(doubles):
            if n_d <= skip_to:
                continue
            role = double_role(i, ch)
            w = len(ch)
            if open_at < 0:
                if role == "close":
                    marks.append(Mark(i, i + w, ch, "unbalanced"))
                    continue
                open_at, open_ch, open_para = i, ch, para
                continue
            # inside a quotation
            if open_ch == '"' and ch == "“" and role == "open" and n_d + 1 < len(doubles) \
                    and doubles[n_d + 1][1] == "”":
                # curly marks inside a straight quotation, closed before anything else: a
                # quotation nested in it ("... Written “at this time of crisis,” the statement
                # is ...), not a new one that leaves the first unclosed
                ci = doubles[n_d + 1][0]
                found.append(Quote(pad(i + 1), ci, i, pad(ci + 1), para))
                marks.append(Mark(i, i + 1, ch, "open"))
                marks.append(Mark(ci, ci + 1, "”", "close"))
                skip_to = n_d + 1
                continue
            closes = role in ("close", "either") or (open_ch == "„" and ch == "“")
            if ch in DOUBLE_OPEN and role == "open" and not (open_ch == "„" and ch == "“"):
                closes = False
            if closes:
                q = Quote(pad(open_at + len(open_ch)), i, open_at, pad(i + w), open_para)
                marks.append(Mark(open_at, open_at + len(open_ch), open_ch, "open"))
                marks.append(Mark(i, i + w, ch, "close"))
                found.append(q)
                open_at = -1
            else:
                k = i - 1
                while k > open_at and view[k].isspace():
                    k -= 1
                # a sentence end may be followed by the close of a quotation nested in this
                # one ("…think: 'Not today.' "But…"): the sentence still ends there; not
                # a single mark with no opening one in the quotation, a slip for the
                # double mark ("…bandwidth.' "It…"), which leaves the quotation unclosed
                end = k
                if view[k] in "'’" and k - 1 > open_at + 1 and _NESTED_OPEN.search(view, open_at + 1, k):
                    end = k - 1
                if role == "open" and para >= 0 and end > open_at + 1 and view[end] in ".?!…":
                    # re-opened after a sentence end: a paragraph break lost
                    # when the copy was flattened ("…fancied it. "There were…");
                    # the quotation runs on, as across paragraphs
                    q = Quote(pad(open_at + len(open_ch)), k + 1, open_at, k + 1, para)
                    q.continued = True
                    marks.append(Mark(open_at, open_at + len(open_ch), open_ch, "open"))
                    found.append(q)
                    relinks.append((q, i))
                else:  # a second opening mark: the first was never closed
                    marks.append(Mark(open_at, open_at + len(open_ch), open_ch, "unbalanced"))
                open_at, open_ch, open_para = i, ch, para
        if open_at >= 0:
            end = u.end
            q = Quote(pad(open_at + len(open_ch)), end, open_at, end, para)
            if u.kind in ("headline", "subheading"):
                marks.append(Mark(open_at, open_at + len(open_ch), open_ch, "unbalanced"))
            else:
                marks.append(Mark(open_at, open_at + len(open_ch), open_ch, "open"))
                pending = q
    if pending is not None:
        marks.append(Mark(pending.open_start, pending.start, view[pending.open_start:pending.start], "unbalanced"))
        # the opening mark was recorded as "open" when the unit ended; fix it
        for mk in marks:
            if mk.start == pending.open_start and mk.role == "open":
                marks.remove(mk)
                break
    # marks recorded "open" for a quotation that did not continue must become unbalanced
    opened = {q.open_start for q in found}
    for mk in marks:
        if mk.role == "open" and mk.start not in opened:
            mk.role = "unbalanced"
    marks = _dedupe(marks)
    for mk in marks:
        if len(mk.char) == 2:
            mk.role = "malformed"  # paired or not, never a proper quotation mark

    # ---- single marks --------------------------------------------------------
    found_doubles = _Ordered(found)
    found_singles = _Ordered([])
    for u, umarks in zip(units, per_unit):
        singles = [(i, g) for i, g in umarks if g in _SINGLES]
        if not singles:
            continue
        para = u.index if u.kind not in ("headline", "subheading") else -1
        roles = [
            (i, ch, "apostrophe" if 0 < i < n - 1 and view[i - 1].isalnum() and view[i + 1].isalnum()
             and not "\u0900" <= view[i - 1] <= "\u097f" else single_role(i, ch))
            for i, ch in singles
        ]
        k = 0
        while k < len(roles):
            i, ch, role = roles[k]
            if role != "open":
                if role in ("apostrophe", "close?", "close~"):
                    marks.append(Mark(i, i + 1, ch, "apostrophe"))
                else:
                    marks.append(Mark(i, i + 1, ch, "unbalanced"))
                k += 1
                continue
            # find its closing partner: the next 'close' (or a 'close?' when no 'close' follows)
            partner = -1
            j = k + 1
            maybe = -1
            while j < len(roles):
                rj = roles[j][2]
                if rj == "open":
                    break
                if rj == "close" or rj == "close~":
                    partner = j
                    break
                if rj == "close?" and maybe < 0:
                    maybe = j
                j += 1
            if partner < 0 and maybe >= 0:
                partner = maybe
            if partner >= 0 and _same_depth(found_doubles.around(i, roles[partner][0]) +
                                            found_singles.around(i, roles[partner][0]), i, roles[partner][0]):
                ci, cch, _ = roles[partner]
                found.append(Quote(pad(i + 1), ci, i, pad(ci + 1), para))
                found_singles.add(found[-1])
                marks.append(Mark(i, i + 1, ch, "open"))
                for x in range(k + 1, partner):
                    xi, xch, _ = roles[x]
                    marks.append(Mark(xi, xi + 1, xch, "apostrophe"))
                marks.append(Mark(ci, ci + 1, cch, "close"))
                k = partner + 1
            else:
                # (the character after it as a reader sees it: past the padding of
                # a character reference, "\u0027" in JSON)
                after_mark = pad(i + 1)
                marks.append(Mark(i, i + 1, ch, "apostrophe" if ch in "'’" and _is_word(view[after_mark:after_mark + 1] or " ") is False else "unbalanced"))
                k += 1

    _repeated_elisions(view, marks)

    # ---- block quotes --------------------------------------------------------
    for p in doc.paragraphs:
        if p.kind == "blockquote":
            found.append(Quote(p.start, p.end, p.start, p.end, p.index))

    # a quotation's text never starts after its end: pad() takes blanked
    # markup after an opening mark (view blank, text not) for the padding of
    # a character reference (found by fuzzing: '"<head>…' in HTML)
    for q in found:
        if q.start > q.end:
            q.start = q.end
    # ---- nesting, ids, mask ----------------------------------------------------
    found.sort(key=lambda q: (q.open_start, -q.close_end))
    for number, q in enumerate(found, 1):  # (not n: pad() reads n, the view's length)
        q.id = f"q{number}"
    stack: list[Quote] = []
    top: list[Quote] = []
    for q in found:
        while stack and stack[-1].close_end <= q.open_start:
            stack.pop()
        q.parent = stack[-1].id if stack and q.close_end <= stack[-1].close_end else None
        if q.parent is None:
            top.append(q)
        stack.append(q)
    # continuation links
    opened_at = {q.open_start: q for q in found}
    for q, nxt_open in relinks:
        nxt = opened_at.get(nxt_open)
        if nxt is not None:
            nxt.continues = q.id
    prev = None
    for q in found:
        if prev is not None and prev.continued and q.parent is None and q.paragraph == prev.paragraph + 1:
            q.continues = prev.id
        prev = q if q.parent is None else prev
    mask = bytearray(len(view))
    for q in top:
        mask[q.open_start:q.close_end] = b"\x01" * (q.close_end - q.open_start)
    doc.quote_mask = mask
    doc.quotes = found
    marks.sort(key=lambda m: m.start)
    if text is not view:
        for mk in marks:
            mk.end = pad(mk.end)  # a mark written as a reference spans all of it
    doc.marks = marks


def _find_marks(view: str) -> list[tuple[int, str]]:
    """What ``_MARKS.finditer(view)`` finds, as (start, mark) in text order, found with a
    str.find per mark character: a search in C that costs a fraction of re's test of every
    character of the text against the set of the marks' first characters."""
    found = []
    find = view.find
    for c in _ONE_CHAR_MARKS:
        i = find(c)
        while i >= 0:
            found.append((i, c))
            i = find(c, i + 1)
    for c in "'`":  # (in runs: ''' or '' or ', and `` -- a single backtick is no mark)
        i = find(c)
        while i >= 0:
            m = _MARKS.match(view, i)
            if m is None:
                i = find(c, i + 1)
            else:
                found.append((i, m.group()))
                i = find(c, m.end())
    found.sort()
    return found


def _line_break(view: str, a: int, b: int) -> bool:
    """Only one line break (no blank line) between a and b: lines of one paragraph."""
    gap = view[a:b]
    breaks = gap.count("\n") + gap.count("\r") - gap.count("\r\n")
    return breaks == 1 and not gap.strip()


class _Ordered:
    """Quotations in document order that do not overlap one another (the
    double-quoted ones; the single-quoted ones): those that may hold a point
    of [a, b] are found by bisection, not by scanning them all for every
    pair of single marks (quadratic over thousands of quotations).  Should
    the order not hold, every quotation is returned, as before."""

    def __init__(self, quotes: list[Quote]):
        self.quotes: list[Quote] = []
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.ordered = True
        for q in quotes:
            self.add(q)

    def add(self, q: Quote) -> None:
        if self.ends and (q.open_start < self.ends[-1] or q.close_end < self.ends[-1]):
            self.ordered = False
        self.quotes.append(q)
        self.starts.append(q.open_start)
        self.ends.append(q.close_end)

    def around(self, a: int, b: int) -> list[Quote]:
        if not self.ordered:
            return self.quotes
        lo = bisect_right(self.ends, min(a, b))
        hi = bisect_left(self.starts, max(a, b))
        return self.quotes[lo:hi]


def _same_depth(found: list[Quote], a: int, b: int) -> bool:
    """A single-quoted pair must not straddle a double-quoted boundary."""
    for q in found:
        ina = q.open_start < a < q.close_end - (0 if q.continued else 0)
        inb = q.open_start < b < q.close_end
        if ina != inb:
            return False
    return True


def _dedupe(marks: list[Mark]) -> list[Mark]:
    seen: dict[int, Mark] = {}
    for m in marks:
        seen[m.start] = m  # later decisions win
    return list(seen.values())
