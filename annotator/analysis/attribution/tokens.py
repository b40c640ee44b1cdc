"""Tokens: the words and punctuation of a stretch of prose, with offsets.

Contract: ``tokenize(view, start, end, mask)`` returns ``Tok(start, end, text, low)`` tuples in text
order covering every non-space character of ``view[start:end]``; each quoted stretch (``mask``, the
document's quote mask) is one placeholder token whose text is ``QUOTE``, so that a noun phrase never
runs across a quotation. Offsets are offsets into the document (view and text alike).
"""

from __future__ import annotations

from collections import namedtuple

from ...lazyre import lazy

# an initialism (U.S.), a number with thousands separators (7,600, £7,600m), a word
# (with inner hyphens, apostrophes, periods, ampersands: al-Assad, don't, AT&T) or one
# other character.  Possessive
# quantifiers (*+, ++): nothing follows a token inside the pattern, so giving
# characters back never helps, and the regex engine does less bookkeeping.
# (a string: only _SPACED_TOKEN below is compiled, on first use)
TOKEN_PATTERN = r"(?:[A-Za-z]\.){2,}+|\w++(?:[-'’.&]\w++|(?<=\d),\d{3}(?!\d)\w*+)*+|[^\w\s]"

_QUOTE = "\x00Q"  # placeholder token for a quoted stretch
QUOTE = _QUOTE
_QUOTE_LOW = _QUOTE.lower()

# A token is a tuple (built in C, no __init__ per token: tokenizing is a
# third of attribution's time), read by attribute name.
_TokFields = namedtuple("Tok", "start end text low")
_tuple_new = tuple.__new__


class Tok(_TokFields):
    __slots__ = ()

    def __new__(cls, start: int, end: int, text: str):
        return _tuple_new(cls, (start, end, text, text.lower()))


# a token with the white space before it: findall gives (space, token) pairs,
# from which the offsets follow by adding lengths (no match object per token)
_SPACED_TOKEN = lazy(r"(\s*+)(" + TOKEN_PATTERN + ")")


def tokenize(view: str, start: int, end: int, mask=None) -> list[Tok]:
    """Tokens of view[start:end]; each quoted stretch (mask) becomes one
    placeholder token, so that a noun phrase never runs across a quotation."""
    out: list[Tok] = []
    append = out.append
    pos = start
    if mask is None or mask.find(1, start, end) < 0:
        for space, text in _SPACED_TOKEN.findall(view, start, end):
            pos += len(space)
            e = pos + len(text)
            append(_tuple_new(Tok, (pos, e, text, text.lower())))
            pos = e
        return out
    quote_start = quote_end = -1  # the quoted stretch being merged, not yet added
    for a, b in _to_read(view, start, end, mask):
        pos = a
        for space, text in _SPACED_TOKEN.findall(view, a, b):
            s = pos + len(space)
            e = s + len(text)
            pos = e
            if mask[s]:
                # joined to the quoted stretch just before when only quoted text
                # (or a single character) lies between
                if quote_start >= 0 and (quote_end >= s - 1 or mask.find(0, quote_end, s) < 0):
                    quote_end = e
                else:
                    if quote_start >= 0:
                        append(_tuple_new(Tok, (quote_start, quote_end, _QUOTE, _QUOTE_LOW)))
                    quote_start, quote_end = s, e
                continue
            if quote_start >= 0:
                append(_tuple_new(Tok, (quote_start, quote_end, _QUOTE, _QUOTE_LOW)))
                quote_start = -1
            append(_tuple_new(Tok, (s, e, text, text.lower())))
    if quote_start >= 0:
        append(_tuple_new(Tok, (quote_start, quote_end, _QUOTE, _QUOTE_LOW)))
    return out


# quotation marks that neither are nor continue a word: a token never runs on into one
_OPENING_MARKS = frozenset('"“”„‟«»‘‚‛‹›')


def _to_read(view: str, start: int, end: int, mask):
    """The stretches of [start, end) whose tokens ``tokenize`` needs: all of it but the inside of
    each quoted stretch, from just after its first space to just after its last one. The words
    there would only be joined to the stretch's placeholder, which its first token opens and its
    last token (after the last space) ends, so leaving them out changes no token.

    (Tokens never hold white space, and the token pattern looks neither back nor ahead: reading
    from just after a space finds the same tokens as reading on from before it.)"""
    a = start
    q = mask.find(1, start, end)
    while q >= 0:
        r = mask.find(0, q, end)
        if r < 0:
            r = end
        # a token starts at q: the stretch opens the range, follows white space or opens with a mark
        if not view[q].isspace() and (q == start or view[q - 1].isspace() or view[q] in _OPENING_MARKS):
            first = view.find(" ", q, r) + 1
            last = view.rfind(" ", q, r) + 1
            if 0 < first < last < r and not view[last].isspace():
                yield a, first
                a = last
        if r >= end:
            break
        q = mask.find(1, r, end)
    yield a, end
