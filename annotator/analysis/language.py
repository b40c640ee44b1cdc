"""The language of an article and of each of its blocks (English or Nepali).

Contract: ``detect(doc, override)`` sets ``doc.language`` (``"en"`` or ``"ne"``)
and ``language`` on the headline, every subheading and every paragraph.  It
never changes offsets or text and never raises.

How: the letters of each block are counted by script (Devanagari against
ASCII Latin).  A block is Nepali when at least half of its letters are Devanagari,
or a fifth are and it holds two or more Nepali function words (a Nepali
paragraph dense with English names); English when its letters are Latin; a
block with fewer than ``MIN_LETTERS`` letters, or in another script, takes the
article's language.  The article's language is the one with most words.
A block in the other language keeps it only when it reads as prose
(``PROSE_WORDS`` words, or a sentence end): a short line in the other script
(a comment prompt, a share button) is page furniture, judged with the
article, where ``hygiene.foreign-script`` reports it once.

``override`` (``--language``, or the front matter key ``language``/``lang``)
names the language of the article's main script: the article and every block
in that script take it (a romanised Nepali article checked as Nepali), while a
paragraph in the other script keeps its own.

Cost: a view with no Devanagari in it (all ASCII, or Latin text with a "£" or a curly quotation
mark: most English copy) is English throughout with one C-level test and no block counted;
otherwise two C-level counts per block.
"""

from __future__ import annotations

from ..lazyre import lazy

LANGUAGES = ("en", "ne")
#: a block needs this many letters to be judged on its own
MIN_LETTERS = 6
#: a block in the other script is a paragraph of that language when it has this many words
#: or ends a sentence; a shorter line is page furniture judged with the article
PROSE_WORDS = 6

#: frequent Nepali function words (postpositions are usually written joined, so only free words)
_NE_WORDS = lazy(
    "(?<![\u0900-\u097f])(?:छ|छन्|हो|र|पनि|गरेको|भएको|रहेको|थियो|यो|त्यो|उनले|उनी|तर|वा|भने|बताए|गर्ने|लागि)"
    "(?![\u0900-\u097f])"
)
_ALIASES = {"en": "en", "eng": "en", "english": "en", "en-gb": "en", "en-us": "en",
            "ne": "ne", "nep": "ne", "nepali": "ne", "ne-np": "ne", "नेपाली": "ne"}


def normalise(value) -> str | None:
    """A language name or code as given (``Nepali``, ``ne-NP``, ``en``) -> ``en``/``ne``; None if unknown."""
    if not isinstance(value, str):
        return None
    return _ALIASES.get(value.strip().lower().replace("_", "-"))


_ASCII_LETTERS = bytes(range(0x41, 0x5b)) + bytes(range(0x61, 0x7b))


def _counts(view: str, start: int, end: int) -> tuple[int, int]:
    """(Devanagari letters and signs, ASCII letters) of view[start:end], counted on its UTF-8
    bytes in C: a Devanagari character is E0 A4 xx or E0 A5 xx (the dandas, E0 A5 A4/A5, left out)."""
    text = view[start:end]
    b = text.encode("utf-8", "surrogatepass")
    deva = b.count(b"\xe0\xa4") + b.count(b"\xe0\xa5")
    if deva:
        deva -= text.count("\u0964") + text.count("\u0965")
    return deva, len(b) - len(b.translate(None, _ASCII_LETTERS))


def _script_language(view: str, start: int, end: int, deva: int, latin: int) -> tuple[str | None, int]:
    """(language of the block's script or None when too short to say, its letters)."""
    letters = deva + latin
    if letters < MIN_LETTERS:
        return None, letters
    if deva * 2 >= letters:
        return "ne", letters
    if deva * 5 >= letters and len(_NE_WORDS.findall(view, start, end)) >= 2:
        return "ne", letters
    return "en", letters


def _devanagari(view: str) -> bool:
    """Whether the text holds a Devanagari character (U+0900-U+097F: E0 A4 xx or E0 A5 xx in UTF-8)."""
    if view.isascii():
        return False
    b = view.encode("utf-8", "surrogatepass")
    return b"\xe0\xa4" in b or b"\xe0\xa5" in b


def detect(doc, override: str | None = None) -> str:
    view = doc.view
    blocks = doc.blocks()
    if not _devanagari(view):  # (no block can be Nepali: each takes the article's language, as below)
        lang = override or "en"
        doc.language = lang
        for b in blocks:
            b.language = lang
        return lang
    found = []
    totals = {"en": 0, "ne": 0}
    for b in blocks:
        deva, latin = _counts(view, b.start, b.end)
        lang, _ = _script_language(view, b.start, b.end, deva, latin)
        found.append(lang)
        if lang is not None:
            totals[lang] += len(view[b.start:b.end].split())
    main = "ne" if totals["ne"] > totals["en"] else "en"
    article = override or main
    doc.language = article
    for b, lang in zip(blocks, found):
        if lang is None or lang == main or not _prose(view, b.start, b.end):
            b.language = article
        else:
            b.language = lang
    return article


def _prose(view: str, start: int, end: int) -> bool:
    """A block that reads as prose: ``PROSE_WORDS`` words or more, or a sentence end."""
    text = view[start:end].rstrip(" \t\r\n\u00a0\"'”’»)")
    return text.endswith(("।", "॥", ".", "?", "!")) or len(text.split()) >= PROSE_WORDS
