"""The fast paths of the output side against the plain versions they replace (same results)."""

import random

from annotator.display import escape
from annotator.report.text import _clean


def _texts(n=3000, seed=11, alphabet="ab \t\r\n\v\f\x1b\x9b\x85\u00a0\u2028\u202e\udc80é“", longest=30):
    rng = random.Random(seed)
    for _ in range(n):
        yield "".join(rng.choice(alphabet) for _ in range(rng.randrange(longest)))


def test_clean_equals_the_per_character_version():
    for s in _texts():
        assert _clean(s) == escape("".join(" " if c in "\t\r\n\v\f" else c for c in s))


def test_word_count_equals_split():
    import sys

    from annotator.document import word_count

    # the fast path rests on this: no white space is printable but the space
    assert not [c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace() and c != " " and c.isprintable()]
    for s in _texts(alphabet="ab  \t\n\x1c\x85\u00a0\u2009\u3000-é", longest=12):
        assert word_count(s) == len(s.split())
    for s in ["", " ", "a", " a", "a ", "a  b", "a b", "a\u00a0b", "a\u2028b", "“a” — b"]:
        assert word_count(s) == len(s.split())
