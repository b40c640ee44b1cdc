"""What follows a reporting verb, told by light rules (no tagger): whether it reports a
statement at all.

A lexicon entry's ``complement`` says which use of the verb it flags:

* ``clause``: the verb followed by a clause ("claimed (that) the figures were wrong"), not by
  a bare noun phrase, where it means to take or assert possession ("claiming a victory of
  sorts in ...", "North Korea claims nuclear test.", "claimed vast wealth and said ...");
* ``indicative``: not a that-clause in the subjunctive, where the verb means to demand
  ("she insisted that the first lady go to hospital", "insisted that he be replaced");
* ``speech``: the verb of saying, followed by a complementiser or a preposition of speech
  ("boasted that", "boasted of", "boasted to reporters"), a subject pronoun ("boasted he had"),
  punctuation or a quotation, or set after a quotation or a comma ("…, boasted Mr Brown"); a
  capitalised word after it is read as for ``clause``; a bare object is the other sense, "to
  have, to feature" ("the red carpet boasted waltzing dancers", "boasts stunning views");
* ``comment`` (a sentence adverbial such as "beyond doubt", "of course"): not the result of a
  verb of putting ("put the outcome beyond doubt": it was settled) and not the word that
  adds the obvious last item of a list ("…, and, of course, the presidential campaign.");
* ``statement``: the verb introduces what was said: a that-clause, a clause opened by a subject
  pronoun or a capitalised word, a colon or a quotation, or it stands after a quotation or a
  comma; not the verb alone ("murderers who confessed at the earliest opportunity", "if they
  confess - ...") nor with "to" and an act ("confessed to the murder", "confessed to be behind
  the virus"): owning up to a deed is no statement to attribute;
* ``aside`` (an adverb of comment that is also one of manner, "happily"): set off as a comment,
  opening its sentence or clause or followed by a comma ("Happily, no one was hurt"), not inside
  the clause before its verb ("the servers happily dole out", "he would happily accept");
* ``predicative`` (an adjective of comment such as "interesting", "obvious"): the adjective
  judges a fact ("it is interesting that", "all the more surprising that", "that was the obvious
  implication": after a form of "be"), not a word describing a thing in an object or a
  prepositional phrase ("blocks the most obvious remedy", "will open up interesting challenges",
  "with often surprising results").

Both err towards flagging: a stretch they cannot read is taken for a clause.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[\w’'-]+|[.;:!?,()—–\n]")
#: words that show a clause (a finite verb, a subject pronoun, a complementiser)
_CLAUSE = frozenset("""
that whether if i he she it we they you who which what there
is are was were be been being am has have had will would can could may might must should shall do does did
cannot not n't to
""".split())
#: a noun phrase object ends at the sentence's end, a comma or a clause-level coordinator
_STOP = frozenset(".;:!?()—–\n,")
_COORD = frozenset("and but or".split())
_PREPOSITIONS = frozenset("""
for in on at after over from with by during since despite against as of about between among under within
without through across toward towards into onto upon before behind beyond like than
""".split())
_DETERMINERS = frozenset("the a an his her its their our your my this these those some no any another".split())
_MANDATIVE = frozenset("be should not".split())
_FINITE = frozenset("is are was were has have had will would can could may might must shall did does do cannot".split())
_PRONOUNS = frozenset("i you he she it we they".split())
_ADVERBS = frozenset("never always also still just only ever even already really once again then now".split())


def _past_forms() -> frozenset:
    from ...analysis.lexicon import past_forms

    return past_forms()


def _words(view: str, end: int, limit: int = 14) -> list[str]:
    """The words after ``end`` as written (quotation marks skipped), up to ``limit``."""
    out = []
    for m in _WORD.finditer(view, end, min(len(view), end + 200)):
        out.append(m.group(0).replace("’", "'"))
        if len(out) >= limit:
            break
    return out


def _finite(w: str, past: frozenset) -> bool:
    return w in _FINITE or w in past or w.endswith(("n't", "'re", "'ve", "'ll", "'d", "'m"))


def _verb_like(w: str, past: frozenset) -> bool:
    return w in _CLAUSE or _finite(w, past) or (len(w) > 3 and (
        w.endswith(("ed", "ing")) or (w.endswith("s") and not w.endswith(("ss", "'s")))))


def _inverted(view: str, start: int) -> bool:
    """The verb follows a closing quotation mark, or a comma after a clause or a quotation:
    "…, claimed Mr Brown." reports. A comma that closes an apposition after the subject does not
    ("CCTV, the state broadcaster, claims an audience of a billion"): no verb and no quotation
    mark stands before it in the sentence."""
    before = view[max(0, start - 3):start].rstrip(" \t\u00a0")
    if before[-1:] != ",":
        return before[-1:] in ('"', "”", "'", "’")
    sentence = view[max(0, start - 240):start]
    cut = max(sentence.rfind(c) for c in ".!?\n")
    sentence = sentence[cut + 1:]
    if any(c in sentence for c in _QUOTE_MARKS):
        return True
    past = _past_forms()
    return any(_finite(w, past) or (len(w) > 3 and w.endswith("ed"))
               for w in (m.group(0).lower().replace("’", "'") for m in _WORD.finditer(sentence)))


#: quotation marks (a quotation before the comma makes the verb after it a report)
_QUOTE_MARKS = "\"“”‘«»"  # (not ’: the apostrophe of "Britain’s"; a quotation in single marks opens with ‘)


def noun_phrase_object(view: str, start: int, end: int, verb: bool = True) -> bool:
    """True when the words after the verb, up to the sentence's end, a comma or "and"/"but",
    hold no word that reads as a verb or a subject of a clause ("claiming a victory of sorts
    in South Carolina.", "claims nuclear test."), and the verb does not follow a quotation or
    a comma ("…, claimed the union.")."""
    if verb and _inverted(view, start) and not view[start:end].endswith("ing"):
        return False  # ("…, claiming the title": a participle after a comma is no inverted report)
    past = _past_forms()
    np = []
    words = _words(view, end, 24)
    k = 0
    while k < len(words):
        w = words[k]
        lw = w.lower()
        if w == "," and k + 1 < len(words) and words[k + 1].lower() in ("which", "who"):
            # a relative clause between commas belongs to the noun before it: read on after it
            close = words.index(",", k + 1) if "," in words[k + 1:] else -1
            if close < 0:
                return False
            k = close + 1
            continue
        if lw in _COORD and _coordinated_subject(words, k + 1, past):
            return False  # "claiming Mr Howard and other Tories were …": a clause's subjects
        if w in _STOP or lw in _COORD:
            break
        np.append(lw)
        k += 1
    else:
        return False  # no end in sight: not a short object
    if not np or len(np) > 10 or np[0] in _PREPOSITIONS:
        return False
    # a word right after a determiner or a preposition is a noun or an adjective ("of sorts"); an -ing
    # word inside a prepositional phrase is a noun ("the 800m at the indoor meeting"): no finite verb
    in_pp = False
    for k, w in enumerate(np):
        if w in _PREPOSITIONS:
            in_pp = True
        elif w in _CLAUSE or _finite(w, past):
            in_pp = False
        if _verb_like(w, past) and not (k and (np[k - 1] in _DETERMINERS or np[k - 1] in _PREPOSITIONS)) \
                and not (in_pp and w.endswith("ing")):
            return False
    return True


def subjunctive(view: str, end: int) -> bool:
    """True when the clause after the verb (with or without "that") is a subject and then a
    mandative verb: "be", "should", "not", or a bare verb after a singular subject, followed by
    a preposition, a determiner, an adverb or the clause's end ("that the first lady go to",
    "that he resign."). A subject is at most four words, with no preposition or coordinator in
    it; anything else reads as a statement."""
    words = [w for w in _words(view, end)]
    if words[:1] and words[0].lower() == "that":
        words = words[1:]
    past = _past_forms()
    subject: list[str] = []
    for i, w in enumerate(words):
        lw = w.lower()
        if w in _STOP or lw in _PREPOSITIONS or lw in _COORD or _finite(lw, past) or lw.endswith("ed"):
            return False
        if subject and lw in _MANDATIVE:
            return True
        nxt = words[i + 1].lower() if i + 1 < len(words) else "."
        if subject and _singular(subject[-1]) and _bare(w):
            # after "he", "she": most words that may follow a verb; after a noun, only those a
            # noun is not followed by ("the first lady go to", not "the investment in")
            after_pronoun = subject[-1] in _PRONOUNS and (
                (nxt in _PREPOSITIONS and nxt != "of") or nxt.endswith("ly"))
            if after_pronoun or nxt in _STOP or nxt in _DETERMINERS or nxt in ("to", "home"):
                return True
        if subject and subject[-1] in _PRONOUNS:
            return False  # after "he", "they": this word was the verb, and not a bare one
        subject.append(lw)
        if len(subject) > 4:
            return False
    return False


def _singular(w: str) -> bool:
    return w in ("he", "she", "it") or (w.isalpha() and w not in _DETERMINERS and w not in _CLAUSE
                                        and not w.endswith("s"))


def _bare(w: str) -> bool:
    """Could be a verb's bare form: lower case, no verb or adverb ending, not a function word."""
    return (w.isalpha() and w.islower() and len(w) > 1 and w not in _CLAUSE and w not in _DETERMINERS
            and w not in _ADVERBS and w not in _PREPOSITIONS and not w.endswith(("s", "ed", "ing", "ly")))


#: "put the outcome beyond doubt": the verbs that make "beyond doubt" a result, not a comment
_SETTLE = frozenset("put puts putting place places placed placing set sets setting leave leaves left leaving "
                    "take takes took taken taking".split())


def settled(view: str, start: int) -> bool:
    """True when a verb of putting stands at most four words before the hit in its sentence:
    "put the outcome beyond doubt" says the result was settled."""
    before = _WORD.findall(view, max(0, start - 80), start)
    for w in reversed(before[-5:]):
        if w in _STOP:
            return False
        if w.lower() in _SETTLE:
            return True
    return False


def last_item(view: str, start: int, end: int) -> bool:
    """True when the phrase follows "and"/"or" and is followed by a noun phrase that ends the
    sentence: it adds the obvious last item of a list ("…, and, of course, the presidential
    campaign."), not a comment on a statement ("and of course the plan failed")."""
    before = _WORD.findall(view, max(0, start - 20), start)
    while before and before[-1] == ",":
        before.pop()
    if not before or before[-1].lower() not in _COORD:
        return False
    p = end
    while p < len(view) and view[p] in " ,\t\u00a0":
        p += 1
    return p > end and noun_phrase_object(view, p, p, verb=False) and not _runs_on(view, p)


def _runs_on(view: str, p: int) -> bool:
    """The noun phrase from ``p`` is followed by more than the sentence's end."""
    m = re.compile(r"[^.;:!?\n]*").match(view, p)
    rest = view[m.end():m.end() + 1] if m else ""
    return rest not in (".", "!", "?", "\n", "")


#: what follows a verb of saying used as one: complementisers, prepositions of speech, subject pronouns
_SPEECH_NEXT = frozenset("that how whether why what of about to i he she it we they you".split())
_MARKS = frozenset("\"“‘'")


def speech(view: str, start: int, end: int) -> bool:
    """Whether the verb at ``start``..``end`` is used as a verb of saying (``speech`` above)."""
    if _inverted(view, start):
        return True
    rest = view[end:end + 3].lstrip(" \t\u00a0")
    if not rest or rest[0] in _MARKS or rest[0] in _STOP:
        return True
    words = _words(view, end, 1)
    if not words:
        return True
    w = words[0]
    if w.lower() in _SPEECH_NEXT:
        return True
    if w[:1].isupper():
        return not noun_phrase_object(view, start, end)
    return False


#: at most this many words of a noun phrase after "and" before its finite verb
COORD_SUBJECT_MAX_WORDS = 5


def _coordinated_subject(words: list[str], k: int, past: frozenset) -> bool:
    """Whether the words from ``k`` (right after "and"/"or") are a noun phrase and then a finite
    verb ("and other senior Tories were"): the second subject of a clause, not a second verb
    phrase ("and was delighted") nor a second object ("and the cup.")."""
    if k >= len(words) or _verb_like(words[k].lower(), past) or words[k] in _STOP:
        return False
    for w in words[k + 1:k + 1 + COORD_SUBJECT_MAX_WORDS]:
        lw = w.lower()
        if w in _STOP or lw in _PREPOSITIONS:
            return False
        if lw in _FINITE or lw in past:
            return True
    return False


#: the subject pronouns that open a reported clause (closed-class grammar)
_STATEMENT_NEXT = frozenset("that i he she it we they you".split())
#: at most this many words of an audience between "to" and "that" ("confessed to reporters that")
AUDIENCE_MAX_WORDS = 4


def statement(view: str, start: int, end: int) -> bool:
    """Whether the verb at ``start``..``end`` introduces what was said (``statement`` above)."""
    if _inverted(view, start):
        return True
    rest = view[end:end + 3].lstrip(" \t\u00a0")
    if rest[:1] in _MARKS or rest[:1] == ":":
        return True
    words = _words(view, end, 2 + AUDIENCE_MAX_WORDS)
    if not words:
        return False
    w = words[0]
    lw = w.lower()
    if lw in _STATEMENT_NEXT:
        return True
    if lw == "to":  # "confessed to reporters that …" reports; "confessed to the murder" does not
        for x in words[1:]:
            if x in _STOP:
                return False
            if x.lower() == "that":
                return True
        return False
    if w[:1].isupper():
        return not noun_phrase_object(view, start, end)
    return False


#: closed-class grammar: the forms of "be" a judging adjective's noun phrase may complement
_COPULAS = frozenset("is are was were be been being am 's 're seems seemed seem remains remained".split())
#: closed-class grammar: the words after an adjective that show no noun follows it ("isn't very
#: surprising though", "funny how he …", "interesting enough")
_AFTER_PREDICATE = frozenset("though too enough either indeed then anyway how why when where what who".split())
#: degree words and determiners between a copula and the adjective ("was the most obvious")
_DEGREE = frozenset("most more very so quite rather really extremely particularly especially all the a an "
                    "this that such".split())


def predicative(view: str, start: int, end: int) -> bool:
    """Whether the adjective at ``start``..``end`` judges a fact (``predicative`` above): it does
    not stand before a noun, or the noun phrase it opens follows a form of "be"."""
    words = _words(view, end, 3)
    k = 0
    if len(words) > 2 and words[0].lower() in _COORD and words[1].isalpha() and words[1].islower():
        k = 2  # "a strange and exotic world": the noun after the second adjective
    nxt = words[k] if k < len(words) else ""
    if not (nxt.isalpha() and nxt.islower()) or nxt in _PREPOSITIONS or nxt in _CLAUSE or nxt in _COORD \
            or nxt in _AFTER_PREDICATE:
        return True  # no noun after it: "it is interesting that", "was surprising.", "funny how …"
    before = _WORD.findall(view, max(0, start - 60), start)
    for w in reversed(before):
        lw = w.lower().replace("’", "'")
        if lw in _COPULAS or (lw.endswith("n't") and lw[:-3] in _COPULAS):
            return True  # ("isn't very surprising")
        if lw not in _DEGREE and not (lw.endswith("ly") and len(lw) > 4):
            return False
    return False


#: what may stand before a report set off at a sentence's end ("…, he claims.", "or so she claims.")
_REPORT_SET_OFF = frozenset(',"“”‘’\'')
_SENTENCE_LOOKBACK_CHARS = 200


def _nothing_to_take(view: str, start: int, end: int) -> bool:
    """A verb that takes a clause with nothing after it (the sentence ends, or "and"/"or" follows:
    "unnerved by the continuing claims and counter claims") is a noun, unless the report may be
    set off from what it reports: a comma or a quotation mark before it in the sentence ("The
    figures are wrong, he claims."), or "as"/"so" just before ("or so she claims."): then the
    clause stands before it; or "what"/"which" just before, which stands for the clause ("That is
    what he claims.")."""
    words = _words(view, end, 1)
    if not words or words[0] not in (".", "and", "or"):
        return False
    lo = max(0, start - _SENTENCE_LOOKBACK_CHARS)
    cut = max(view.rfind(". ", lo, start), view.rfind("\n", lo, start), view.rfind("? ", lo, start),
              view.rfind("! ", lo, start))
    lead = view[cut + 1 if cut >= 0 else lo:start]
    if any(c in _REPORT_SET_OFF for c in lead):
        return False  # (a comma or a mark before it in the sentence: a report may be set off there)
    before = [w.lower() for w in _WORD.findall(lead)][-3:]
    # ("what"/"which" there took the clause as the verb's object: "That is what he claims.")
    return not any(w in ("as", "so", "what", "which") for w in before)


def aside(view: str, start: int, end: int) -> bool:
    """The adverb is set off as a comment on its clause: it opens its sentence or clause (after
    punctuation, or after "and"/"but"/"or" that does) or a comma follows it ("Happily, no one was
    hurt", "the plan, happily, worked"); not a manner adverb inside the clause ("the servers
    happily dole out", "he would happily accept")."""
    before = _WORD.findall(view, max(0, start - 40), start)
    if not before or before[-1] in _STOP:
        return True
    if before[-1].lower() in _COORD and (len(before) < 2 or before[-2] in _STOP):
        return True
    p = end
    while p < len(view) and view[p] in " \t\u00a0":
        p += 1
    return view[p:p + 1] == ","


def fits(view: str, start: int, end: int, complement: str) -> bool:
    """Whether the hit at ``start``..``end`` is the use the entry flags."""
    if complement == "clause":
        return not noun_phrase_object(view, start, end) and not _nothing_to_take(view, start, end)
    if complement == "indicative":
        return not subjunctive(view, end)
    if complement == "comment":
        return not settled(view, start) and not last_item(view, start, end)
    if complement == "speech":
        return speech(view, start, end)
    if complement == "statement":
        return statement(view, start, end)
    if complement == "predicative":
        return predicative(view, start, end)
    if complement == "aside":
        return aside(view, start, end)
    return True
