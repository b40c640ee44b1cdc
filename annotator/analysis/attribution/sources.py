"""Sources: who a reporting cue attributes its content to.

Contract: ``source_of(attributor, sentence, cue)`` returns the source mention of ``cue`` inside
``sentence`` (a ``Mention``: a name, a title, a pronoun, "officials", "the report"), or None when the
cue has no speaking subject (a noun use, a passive without agent, a hypothetical). The span covers an
appositive or a party label written between the source and its cue ("Ana Ruiz, the port's director,
said", "Sen. Tom Vik (D-Ore.) said"), as attribution corpora mark it. ``source_kind(mention)`` classes
a source: person, organization, group, document, anonymous or unknown.

The noun-phrase heuristics themselves are the quotation attributor's (``quotations.Attributor``):
one grammar of speakers for quotations and reported speech alike.
"""

from __future__ import annotations

from functools import lru_cache

from ...document import Cue, Mention, Sentence
from ...lazyre import lazy
from ..lexicon import attribution_words
from ..lexicon import cues as cue_lexicon
from ..lexicon import people as people_lexicon
from .cues import SOURCE_AFTER

_WORDS = attribution_words()  # the open-class vocabulary: rules/lexicons/attribution.yaml
_ROLE_WORDS = _WORDS["role_words"]

#: at most this many characters in an appositive between a source and its cue
APPOSITIVE_MAX_CHARS = 90
#: at most this many characters in the appositive after an inverted source ("said Ana Ruiz, …")
TRAILING_APPOSITIVE_MAX_CHARS = 240
#: at most this many characters in a parenthesis between a source and its cue (" (D-Ore.)")
PARENTHETICAL_MAX_CHARS = 30
#: characters looked back for a quantity before a source ("28 percent of voters")
QUANTITY_LOOKBACK_CHARS = 20
#: characters read for the first word of a subject (a conjunction it drops: "and", "but")
SUBJECT_LEAD_CHARS = 10

# ", the port's director," / " (D-Ore.)" / ", 45," / " — the port's director —" between the source and
# the cue (nothing else)
_APPOSITIVE = lazy(r"\s*(?:,[^,;:\"“”()]{1,%d},|\([^()]{1,%d}\)|(?:—|–|--|-)\s[^—–\"“”]{1,%d}?\s(?:—|–|--|-))\s*(?:,\s*)?"
                   % (APPOSITIVE_MAX_CHARS, PARENTHETICAL_MAX_CHARS, APPOSITIVE_MAX_CHARS))
# words that may stand between a source (or its appositive) and the cue: auxiliaries and adverbs
_BETWEEN = lazy(r"(?:\s+(?:has|have|had|also|later|then|previously|recently|once|again|publicly|privately|"
                r"repeatedly|reportedly|had|would|will|could|should|may|might|did|does|do|not|never|"
                r"first|last|further|earlier|finally|separately|flatly|sharply|simply|just|only|still|"
                r"[a-z]+ly))*\s*$")


def source_of(attributor, sentence: Sentence, cue: Cue) -> Mention | None:
    view = attributor.view
    before = view[max(sentence.start, cue.start - 3):cue.start].rstrip()
    inverted = before.endswith((",", "'", '"', "”", "’"))  # "…, said Ana Ruiz." / "''…,'' said Ana Ruiz"
    if cue.lemma in SOURCE_AFTER:
        m = _according_to_source(view, sentence, cue)
        if m is not None:
            return m
    view_cue = cue.lemma in cue_lexicon().relation_only
    if view_cue and not _may_hold_view(view, sentence, cue):
        return None
    m = attributor.speaker_for_cue(sentence.start, sentence.end, cue, inverted_ok=inverted)
    if m is None:
        m = _before_dashed_appositive(attributor, sentence, cue)
    if m is not None and view_cue and not _holds_view(view, m, cue):
        return None
    if m is None:
        return _subject_stretch(view, sentence, cue)  # "47% say"
    if m.end <= cue.start and _after_quantity(view, sentence, m):
        return _subject_stretch(view, sentence, cue) or widen(view, m, cue, sentence)  # "just 28 percent of voters said"
    return widen(view, m, cue, sentence)


# an appositive between dashes right before a cue: "Ana Ruiz — the port director — said"
_DASHED_APPOSITIVE = lazy(r"[ \u00a0](?:—|–|--|-)[ \u00a0][^—–\"“”]{1,%d}?[ \u00a0](?:—|–|--|-)[ \u00a0]*$"
                          % APPOSITIVE_MAX_CHARS)


def _before_dashed_appositive(attributor, sentence: Sentence, cue: Cue) -> Mention | None:
    """'Ana Ruiz — the port director — said': the speaker before an appositive set off by dashes,
    found as the speaker of the opening dash (the speaker grammar stops at the closing one); the
    source is widened over the appositive by ``widen``."""
    view = attributor.view
    lo = max(sentence.start, cue.start - APPOSITIVE_MAX_CHARS - 8)
    a = _DASHED_APPOSITIVE.search(view, lo, cue.start)
    if a is None or a.start() <= sentence.start:
        return None
    dash = a.start() + 1
    dash_end = view.index(" ", dash) if " " in view[dash:dash + 3] else dash + 1
    m = attributor.speaker_for_cue(sentence.start, sentence.end, Cue(dash, dash_end, view[dash:dash_end],
                                                                     cue.lemma, cue.stance))
    return m if m is not None and m.end <= dash else None


# closed-class grammar, not vocabulary: sources whose thinking or wanting attributes nothing: the
# writer ("I think", "we found"), and a relative pronoun ("people who want to …" describes them)
_NOT_HOLDERS = frozenset("i we me us who which that".split())
# closed-class grammar, not vocabulary: modals that make a thought or wish hypothetical ("she will
# not want to …", "voters would prefer …"), and the auxiliaries, negations and adverbs that may
# stand between them and the verb ("wo", "ca", "sha": "won't", "can't", "shan't" split at "n't")
_HYPOTHETICAL = frozenset("will would could should may might must can shall 'll ’ll wo ca sha cannot".split())
_GROUP_BEFORE = frozenset("not n't also still really just even never only ever".split())
#: characters read before a cue for its subject and the modal of its verb group ("would not really want")
VIEW_LOOKBACK_CHARS = 40


def _may_hold_view(view: str, sentence: Sentence, cue: Cue) -> bool:
    """Whether a verb of thinking or wanting ("think", "want", "believe": cues.yaml's ``quotes:
    false``) may attribute a view to a source, from the words right before it: not the writer's
    own ("I think"), not a relative clause that describes its noun ("those who want …"), not a
    hypothetical ("will not want"). (Read before the source is looked for: most such cues have
    none to find.)"""
    lead = view[max(sentence.start, cue.start - VIEW_LOOKBACK_CHARS):cue.start].lower()
    words = lead.replace("n’t", "n't").replace("n't", " n't").split()  # (either apostrophe)
    for w in reversed(words):
        w = w.strip(",;:\"“”")
        if w in _HYPOTHETICAL or w.endswith(("'ll", "’ll")):
            return False
        if w not in _GROUP_BEFORE:
            return w not in _NOT_HOLDERS
    return True


def _holds_view(view: str, m: Mention, cue: Cue) -> bool:
    """Whether the source found for a verb of thinking or wanting holds its view: not the writer
    ("we", after an adverbial), not a name misread after the cue unless it is a passive's agent
    ("so, understandably, believe Mr Howard must …" is the writer's sentence)."""
    if m.text.lower() in _NOT_HOLDERS:
        return False
    if m.start >= cue.end:  # after the cue: only a passive's agent ("is endorsed by X")
        return view[cue.end:m.start].split() == ["by"]
    return True


# closed-class grammar, not vocabulary: the conjunctions before an opening participle ("When asked …")
_PARTICIPLE_LEADS = frozenset(("", "when", "after", "once", "if", "as", "but", "and"))


def opening_participle(view: str, sentence: Sentence, cue: Cue) -> bool:
    """Is the cue a past participle that opens its sentence ("Asked whether …", "When asked …")?"""
    lead = view[sentence.start:cue.start].strip(" \t\r\n\u00a0\"“”'‘’").lower()
    return cue.text.split()[0].lower().endswith("ed") and lead in _PARTICIPLE_LEADS


def _after_quantity(view: str, sentence: Sentence, m: Mention) -> bool:
    words = view[max(sentence.start, m.start - QUANTITY_LOOKBACK_CHARS):m.start].split()
    return bool(words) and (words[-1][:1].isdigit() or words[-1].lower() in ("percent", "%", "of"))


#: at most this many words in the source after "according to" ("according to data released by …")
ACCORDING_TO_MAX_WORDS = 12


def _according_to_source(view: str, sentence: Sentence, cue: Cue) -> Mention | None:
    """Everything after "according to" up to the next comma or the end of the sentence."""
    end = sentence.end
    for stop in (", ", "; ", " — ", " - "):
        k = view.find(stop, cue.end, end)
        if k >= 0:
            end = k
    start = cue.end
    while start < end and view[start].isspace():
        start += 1
    while end > start and view[end - 1] in " \t\r\n\u00a0.,;:!?\"”’)":
        end -= 1
    text = view[start:end]
    words = text.split()
    if not words or len(words) > ACCORDING_TO_MAX_WORDS or not words[0][:1].isalnum():
        return None
    return Mention(start, end, text)


#: characters looked back from a source or cue for the comma, colon or quotation mark that opens its
#: clause: a longer lead holds more words than any subject, descriptor or first conjunct looked for
CLAUSE_LOOKBACK_CHARS = 100


def _clause_start(view: str, sentence: Sentence, pos: int, stops) -> int | None:
    """Where the clause ending at ``pos`` starts: after the last of ``stops`` before it, or at the
    sentence's start; None when that lies more than ``CLAUSE_LOOKBACK_CHARS`` back."""
    lo = max(sentence.start, pos - CLAUSE_LOOKBACK_CHARS)
    floor = -1
    for stop in stops:
        k = view.rfind(stop, lo, pos)
        if k >= 0 and k + len(stop) > floor:
            floor = k + len(stop)
    if floor < 0:
        return sentence.start if lo == sentence.start else None
    return floor


#: the cues whose quantified subject no speaker grammar knows is taken as it stands ("47% say")
_QUANTIFIED_CUES = frozenset(("say", "tell", "believe", "argue"))
#: closed-class grammar: conjunctions that may open a clause before its subject ("But most Republicans")
_OPENING_CONJUNCTIONS = frozenset(("and", "but", "so", "yet"))

#: at most this many words in a subject found without a name or speaker noun ("A mere 9 percent")
SUBJECT_MAX_WORDS = 7
# what makes a stretch a quantified subject, found inside it lower-cased: quantifiers, "%" and
# partitives here (closed-class grammar, not vocabulary), and the lexicon's `quantity_words`
_QUANTITY = ("%", "some", "many", "most", "others", "few", " in ", "those", "of them", "of those",
             *sorted(_WORDS["quantity_words"]))
# closed-class grammar, not vocabulary: pronouns, auxiliaries and conjunctions no such subject has
_SUBJECT_STOP = frozenset(
    "that which who is was are were be been has have had will would can could do does did not when if "
    "because while as but and or so than then there it".split()
)


# closed-class grammar, not vocabulary: the comparatives of "more than half", "fewer than 40 percent"
_COMPARATIVES = frozenset("more less fewer".split())


def _subject_stretch(view: str, sentence: Sentence, cue: Cue) -> Mention | None:
    """A quantified subject that no speaker grammar knows: "47% say", "six in 10 said", "Some said";
    or a plural common noun without a determiner: "former employees said", "security experts warn"."""
    if cue.lemma not in _QUANTIFIED_CUES:
        near = view[max(sentence.start, cue.start - 16):cue.start].split()  # (the word before the cue)
        if not near or not _bare_plural(near[-1:]):
            return None  # neither a quantified subject's cue nor a plural noun before it
    floor = _clause_start(view, sentence, cue.start, (", ", ": ", "; ", " — ", " -- "))
    if floor is None:
        return None
    start = floor
    while start < cue.start and view[start].isspace():
        start += 1
    lead = view[start:start + SUBJECT_LEAD_CHARS].split(" ", 1)[0].lower()
    if lead in ("and", "but", "while", "whereas", "yet", "so"):
        start += len(lead)
        while start < cue.start and view[start].isspace():
            start += 1
    end = cue.start
    while end > start and view[end - 1].isspace():
        end -= 1
    text = view[start:end]
    words = text.split()
    if not words or len(words) > SUBJECT_MAX_WORDS or any(
        w.lower() in _SUBJECT_STOP and not (w.lower() == "than" and k and words[k - 1].lower() in _COMPARATIVES)
        for k, w in enumerate(words)
    ):
        return None  # (but "More than six in 10 said")
    if _bare_plural(words):
        return Mention(start, end, text)
    if cue.lemma not in _QUANTIFIED_CUES:
        return None
    low = text.lower()
    if not any(q in low for q in _QUANTITY) and not words[-1][:1].isdigit():
        return None  # (a number that ends it is a quantity: "At least 21,000 said")
    return Mention(start, end, text)


#: at most this many words in a plural common noun subject without a determiner ("former port employees")
BARE_PLURAL_MAX_WORDS = 3


def _bare_plural(words: list[str]) -> bool:
    """Lower-case words (the first may open the sentence) that end in a plural noun: "Former
    employees", "security specialists"."""
    head = words[-1]
    return (
        len(words) <= BARE_PLURAL_MAX_WORDS and head.isalpha() and head.islower() and head.endswith("s")
        and not head.endswith(("ss", "us", "is")) and all(w.replace("-", "").isalpha() for w in words)
        and all(w.islower() for w in words[1:])
    )


def widen(view: str, m: Mention, cue: Cue, sentence: Sentence) -> Mention:
    """The source mention as attribution corpora mark it: with its descriptors before a name
    ("Former port director Ana Ruiz"), with an appositive before its cue, or after an inverted cue
    with everything up to the end of the sentence."""
    if m.end <= cue.start:
        return _with_appositive(view, _with_head_before(view, _with_descriptors(view, m, sentence), sentence), cue)
    return _with_trailing_appositive(view, _with_name_tail(view, m, sentence), sentence)


#: at most this many words of a name after an inverted cue's speaker as the speaker grammar found it
NAME_TAIL_MAX_WORDS = 6
# a word of a name after the speaker found so far: an initial or an abbreviated title with its full
# stop ("Lawrence H. Summers", "Gov. Jo Vik"), a capitalised word, or a role word ("Democratic
# strategist Simon Rosenberg", "Judicial Watch president Tom Fitton"); then a party label
_NAME_WORD = lazy(r"(?:(?<=\b[A-Z])\.|(?<=\b[A-Z][a-z])\.|(?<=\b[A-Z][a-z][a-z])\.)?[ \u00a0]+([A-Z][\w’'&-]*|[a-z]+)(?=[\s,.;:!?)]|$)")
_PARTY_LABEL = lazy(r"[ \u00a0]*\([^()]{1,%d}\)" % PARENTHETICAL_MAX_CHARS)


def _with_name_tail(view: str, m: Mention, sentence: Sentence) -> Mention:
    """'said Lawrence H. Summers', 'said Democratic strategist Simon Rosenberg (D-Va.)': the mention
    of an inverted cue's speaker widened over the rest of its name, which the speaker grammar cut
    at an initial, a title's full stop or a role word, and over a party label."""
    lex = people_lexicon()
    end = m.end
    for _ in range(NAME_TAIL_MAX_WORDS):
        w = _NAME_WORD.match(view, end, sentence.end)
        if w is None:
            break
        word = w.group(1)
        if not (word in _ROLE_WORDS if word[0].islower() else
                word not in lex.days and word not in lex.months and word not in lex.not_names):
            break
        end = w.end()
    label = _PARTY_LABEL.match(view, end, sentence.end)
    if label is not None:
        end = label.end()
    if end == m.end:
        return m
    return Mention(m.start, end, view[m.start:end], m.name if m.name != m.text else None)


# closed-class grammar: the words of a time adverbial ("Last month", "This week", "Yesterday")
_TIME_UNITS = frozenset("yesterday today tonight week weekend month year morning afternoon evening night "
                        "spring summer autumn winter".split())
#: at most this many words of descriptors before a name ("North Carolina party member Ana Ruiz")
DESCRIPTOR_MAX_WORDS = 6
# words that no descriptor before a name holds (but its first word may be "the", "a" or "an"):
# articles, conjunctions, auxiliaries and prepositions here (closed-class grammar, not vocabulary),
# and the lexicon's `descriptor_breaks`
_DESCRIPTOR_STOP = frozenset(
    "the a an and or but that which who when while after before as if because "
    "is was are were has have had will would to of in on at for by with from".split()
) | _WORDS["descriptor_breaks"]


# closed-class grammar, not vocabulary: determiners and quantifiers before a common noun source
_QUANTIFIERS = frozenset("the a an some many most all both several few nearly about almost only just more less "
                         "than fewer at least roughly".split())
# what ends the stretch before a source that may hold its descriptors: a comma, a colon, a closing
# quotation mark
_CLAUSE_OPENERS = (", ", ": ", "” ", '" ', "'' ")


def _with_descriptors(view: str, m: Mention, sentence: Sentence) -> Mention:
    """A name widened over the descriptors that open its clause: "Famed fight doctor Ana Ruiz"; a
    common noun over the numbers and quantifiers before it: "62 percent of voters", "The
    57-year-old scientist", "most Republicans" (after an opening "But" or "And")."""
    before = view[max(sentence.start, m.start - 3):m.start].rstrip()
    if not before or before[-1] in ",:;(\"“”'":
        return m  # (nothing before it in its clause)
    if m.text.split()[0].lower() in ("the", "a", "an"):
        return m
    if not m.text[:1].isupper():
        near = view[max(sentence.start, m.start - 12):m.start].split()  # (the word before it, at least)
        if not near or not (near[-1][:1].isdigit() or near[-1].lower() in _QUANTIFIERS):
            return m
    # (a quotation before it is content: '"…," GOP strategist Ana Ruiz said')
    floor = _clause_start(view, sentence, m.start, _CLAUSE_OPENERS)
    if floor is None:
        return m
    lead = view[floor:m.start]
    words = lead.split()
    if words and words[0].lower() in _OPENING_CONJUNCTIONS and len(words) > 1:
        floor = view.index(words[1], floor + len(lead) - len(lead.lstrip()) + len(words[0]))
        lead = view[floor:m.start]
        words = words[1:]
    if not words or len(words) > DESCRIPTOR_MAX_WORDS:
        return m
    if not m.text[:1].isupper() and not all(w[:1].isdigit() or w.lower() in _QUANTIFIERS for w in words):
        return m
    if any(w.lower() in _DESCRIPTOR_STOP or not (w[0].isalnum()) or w[-1] in ",;:.\"”" for w in words[1:]):
        return m
    forms = cue_lexicon().forms
    if any(w.lower() in forms for w in words):
        return m  # "But Mr Howard denied Mr Yeo said": a clause of its own, no descriptor
    lex = people_lexicon()
    if any(w.lower() in _TIME_UNITS or w in lex.days or w in lex.months for w in words):
        return m  # "Last month Marsh agreed …": a time adverbial opens the clause, no descriptor
    if words[0].lower() in _DESCRIPTOR_STOP - {"the", "a", "an"} or not words[0][0].isalnum():
        return m
    start = floor + (len(lead) - len(lead.lstrip()))
    return Mention(start, m.end, view[start:m.end], m.name if m.name != m.text else None)


#: at most this many words of a noun phrase that a source continues ("Maine Sen. Ana Ruiz and", "One of")
HEAD_BEFORE_MAX_WORDS = 4
# the words a subject's first conjunct or head ends with, right before the source the speaker grammar
# found: "Ana Ruiz and Tom Vik said", "One of his advisers said", "Members of the board said", "A
# person familiar with the talks said", "Officials in both cities said", "People close to the
# campaign said", "A spokeswoman for YouTube said", "A survey by the Pew Research Center found"
# (closed-class grammar, not vocabulary)
_JOINING = frozenset("and & of with at from in to by for".split())
# closed-class grammar, not vocabulary: words no such first conjunct or head holds (they start or
# belong to another clause: "because he and", "adding that Ana Ruiz and")
_HEAD_STOP = frozenset(
    "that which who whom whose when where if because while as though although after before since until "
    "unless is was are were be been has have had will would can could do does did not to said says told "
    "according".split()
)


def _with_head_before(view: str, m: Mention, sentence: Sentence) -> Mention:
    """'Ana Ruiz and Tom Vik said', 'One of his advisers said': the source widened over the first
    conjunct or the head before it that opens its clause (the speaker grammar ends at the cue and
    finds the last noun phrase only), as attribution corpora mark a subject."""
    near = view[max(sentence.start, m.start - 6):m.start].split()  # (the word before it, at least)
    if not near or near[-1].lower() not in _JOINING:
        return m
    floor = _clause_start(view, sentence, m.start, (", ", ": ", "; ", " — ", " -- ", "“", '"', "''", "("))
    if floor is None:
        return m
    lead = view[floor:m.start]
    words = lead.split()
    skip = 1 if words and words[0].lower() in _OPENING_CONJUNCTIONS else 0
    words = words[skip:]
    if not 2 <= len(words) <= HEAD_BEFORE_MAX_WORDS + 1 or words[-1].lower() not in _JOINING:
        return m
    forms = cue_lexicon().forms
    if any(w.lower() in _HEAD_STOP or w.lower() in forms or not w[:1].isalnum() for w in words[:-1]):
        return m  # (the last word, the joining one, may be "to": "People close to")
    # (the first word's own place: not an earlier match inside another word, "an" in "American")
    start = floor + len(lead) - len(lead.lstrip())
    if skip:
        start = view.index(words[0], start + len(lead.split(None, 1)[0]))
    return Mention(start, m.end, view[start:m.end], m.name if m.name != m.text else None)


def _with_trailing_appositive(view: str, m: Mention, sentence: Sentence) -> Mention:
    """'said Ana Ruiz, the port's director, who …': the source runs over its appositive to the end
    of the sentence (or to a quotation or a semicolon)."""
    if view[m.end:m.end + 2] != ", " or m.text.lower() in ("he", "she", "they", "it", "we", "i"):
        return m
    end = sentence.end
    for stop in ("“", '"', "''", ";", " — "):
        k = view.find(stop, m.end, end)
        if k >= 0:
            end = k
    while end > m.end and view[end - 1] in " \t\r\n\u00a0.,;:!?—–-":
        end -= 1
    if end - m.end > TRAILING_APPOSITIVE_MAX_CHARS:
        return m
    return Mention(m.start, end, view[m.start:end], m.name if m.name != m.text else None)


# the first words of a stretch between commas that is no appositive: relative pronouns and
# prepositions here (closed-class grammar, not vocabulary), and the lexicon's `not_appositive`
_NOT_APPOSITIVE = frozenset("who which whose whom for by in on at".split()) | _WORDS["not_appositive"]


def _with_appositive(view: str, m: Mention, cue: Cue) -> Mention:
    """The mention widened over an appositive or party label up to the cue's verb group."""
    between = view[m.end:cue.start]
    a = _APPOSITIVE.match(between)
    if a is None:
        return m
    first = between[:a.end()].strip(" ,(").split(" ", 1)[0].lower()
    if first in _NOT_APPOSITIVE or first.endswith("ly"):
        return m  # "Ana Ruiz, meanwhile, said", "Ana Ruiz, who …, said"
    rest = between[a.end():]
    if not _BETWEEN.match(" " + rest):
        return m
    end = m.end + a.end()
    while end > m.end and (view[end - 1].isspace() or view[end - 1] == ","):
        end -= 1
    return Mention(m.start, end, view[m.start:end], m.name if m.name != m.text else None)


def source_kind(m: Mention) -> str:
    """person, organization, group, document, anonymous or unknown, from the mention's words."""
    return _kind_of(m.text)


@lru_cache(maxsize=4096)
def _kind_of(text: str) -> str:
    lex = people_lexicon()
    words = text.split()
    if not words:
        return "unknown"
    low = text.lower()
    pcls = lex.pronoun_class.get(low)
    if pcls in ("male", "female"):
        return "person"
    if low in ("one", "another"):
        return "anonymous"  # "One told the paper …": one of a group named before
    if pcls is not None or low == "who":
        return "unknown" if low not in ("it",) else "organization"
    first = words[0]
    head = words[-1].lower().strip(",.")
    kind = lex.noun_kind.get(head) or (lex.noun_kind.get(head[:-1]) if head.endswith("s") else None)
    if kind == "document":
        return "document"
    if kind == "organization":
        return "organization"
    if kind == "anonymous" or (kind == "role" and first.lower() in ("a", "an", "one", "another")):
        return "anonymous"
    if kind == "role" and head.endswith("s") and first.lower() != "the":
        return "group"
    if 1 < len(words) <= 3 and lex.title_gender.get(first) and all(w[:1].isupper() for w in words[1:]):
        return "person"  # a personal title and a name: "Dr Fox", "Mr Banks" (not the outlet, not a bank)
    if any(w.rstrip(".,") in lex.org_words for w in words):
        return "organization"
    if first[:1].isupper() or kind == "role":
        return "person"
    return "unknown"
