"""model: a linear model (logistic regression) scores each word in the writer's
voice; a word at or above the threshold is a finding whose confidence is the
model's calibrated probability.

The weights are data: a JSON file in ``rules/models/`` (``weights: NAME``
names ``models/NAME.json`` beside the rule's folder, then the shipped one), or
a newsroom's own file named in the configuration (``[tool.annotator.models]``).
``annotator train`` writes them from labelled sentences. Reading a weights
file runs no code (JSON, checked field by field); scoring is pure Python.

Features of a word (the same function writes them for training):
  w:WORD, l:LEMMA, s:SUFFIX (last 3 letters)      the word itself (lower case)
  L:RULE                                           the word is listed by a lexicon rule named in the file
  C:STANCE                                         the word is a reporting verb of that stance (cues.yaml)
  -2w:, -1w:, 1w:, 2w: WORD and -1L:, 1L:, … RULE  the neighbours within two words, and their lists
  k:CLASS, -2k:, -1k:, 1k:, 2k: CLASS              a part-of-speech-like class of the word and of its
                                                   neighbours, from closed lists and suffixes (word_class)
  pos:0, pos:1, pos:m, pos:e                       the word's place: first, second, inside, last two
  cap, head, rep                                   capitalised inside a sentence; in a headline or
                                                   subheading; the sentence has a reporting verb
The training also learns a weight for each word's own prior (how often the
training rows mark it, smoothed) and folds it into the ``w:`` weights, so the
prior costs nothing at check time.
Options: ``weights`` (a model name), ``threshold`` (default 0.5; a weights
file's own ``threshold`` wins). Message fields: {word}, {evidence}.
"""

from __future__ import annotations

import math
import os
import sys
from array import array as _array
from collections.abc import Mapping
from functools import cache

from .options import lazy_models

FIELDS = frozenset({"word", "evidence"})
__getattr__ = lazy_models(__name__, ("Options",), lambda: _options_models())


@cache
def _options_models() -> dict:
    from pydantic import Field

    from ...models import KindOptions

    class Options(KindOptions):
        """A logistic regression whose weights are data scores each word."""

        weights: str = Field(
            pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$",
            description="name of the weights file models/<name>.json (beside the rule's folder, then the shipped rules)",
        )
        threshold: float = Field(0.5, gt=0, lt=1, description="the calibrated probability at which a word is reported")

    return {"Options": Options}


FORMAT = "annotator-linear-1"
MAX_BYTES = 5 * 1024 * 1024
MAX_FEATURES = 1_000_000
OFFSETS = (-2, -1, 1, 2)
BOS, EOS = "<s>", "</s>"
WORD_PATTERN = r"\w+(?:[-'’]\w+)*"
_WORD = None  # compiled on first use
_CACHE_LIMIT = 200_000  # memoised scores per model before the tables are cleared
#: what a word's neighbours and sentence may add to its score for the rule to look at the word: a
#: word whose own part cannot reach the threshold with this much help is never a candidate, so only
#: sentences with a candidate are scored. A weights file states its own (``context``: the training
#: picks the least that keeps 95% of the held-out findings); this is the bound of a file without one
#: (the first shipped weights: of the 745 words they reported on WNC validation and BABE dev, 11 had
#: more context, function words such as "at", "and")
CONTEXT = 2.5


def word_re():
    global _WORD
    if _WORD is None:
        import re

        _WORD = re.compile(WORD_PATTERN)
    return _WORD


def norm(word: str) -> str:
    return word.lower().replace("’", "'")


def lemma(w: str) -> str:
    """A crude stem (the same at training and check time): possessive, plural, -ed, -ing, -ly off."""
    w = w.removesuffix("'s")
    n = len(w)
    if n > 4 and w.endswith(("ies", "ied")):
        return w[:-3] + "y"
    if n > 5 and w.endswith("ing"):
        return w[:-3]
    if n > 4 and w.endswith("ed"):
        return w[:-2]
    if n > 5 and w.endswith("ly"):
        return w[:-2]
    if n > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


#: closed-class words (articles, prepositions, pronouns, auxiliaries, conjunctions): class "F"
FUNCTION_WORDS = frozenset({
    "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "with", "from", "into", "about", "over", "after", "before", "under", "between", "through", "during",
    "and", "or", "but", "nor", "so", "yet", "as", "if", "that", "this", "these", "those", "which", "who", "whom", "whose", "what", "when", "where", "why", "how",
    "is", "are", "was", "were", "be", "been", "being", "am", "has", "have", "had", "do", "does", "did", "will", "would", "shall", "should", "can", "could", "may",
    "might", "must", "not", "no", "it", "its", "he", "she", "they", "them", "his", "her", "their", "we", "our", "us", "you", "your", "i", "me", "my", "there", "here",
    "than", "then", "also", "very",
})
_NOUN_SUFFIXES = ("tion", "sion", "ment", "ness", "ity", "ism", "ance", "ence")  # before "-ent" adjectives
_ADJ_SUFFIXES = ("ous", "ful", "ive", "able", "ible", "less", "ish", "ical", "ic", "al", "ant", "ent", "ary")
_AGENT_SUFFIXES = ("ist", "er", "or")


def _by_length(suffixes: tuple) -> tuple:
    """(least word length, suffixes of one length) pairs, longest suffixes first: a suffix
    counts when the word is more than two letters longer."""
    lengths = sorted({len(x) for x in suffixes}, reverse=True)
    return tuple((n + 3, tuple(x for x in suffixes if len(x) == n)) for n in lengths)


#: the suffix classes in the order they are tried, each as _by_length gives it (one endswith
#: per length, not per suffix: any suffix of a class gives the same class)
_SUFFIX_CLASSES = tuple((_by_length(suffixes), cls) for suffixes, cls in
                        ((_NOUN_SUFFIXES, "N"), (_ADJ_SUFFIXES, "A"), (_AGENT_SUFFIXES, "N")))


def word_class(w: str) -> str:
    """A part-of-speech-like class from closed lists and suffixes (no tagger): F function word,
    D number, ly adverb, est superlative, ing / ed verb forms, A adjective, N noun, o other;
    S and E stand for the start and end of the sentence."""
    if w in FUNCTION_WORDS:
        return "F"
    if w == BOS:
        return "S"
    if w == EOS:
        return "E"
    if w.isdigit():
        return "D"
    n = len(w)
    if n > 4 and w.endswith("ly"):
        return "ly"
    if n > 5 and w.endswith("est"):
        return "est"
    if n > 5 and w.endswith("ing"):
        return "ing"
    if n > 4 and w.endswith("ed"):
        return "ed"
    for groups, cls in _SUFFIX_CLASSES:
        for least, suffixes in groups:
            if n >= least and w.endswith(suffixes):
                return cls
    return "o"


POSITIONS = ("0", "1", "m", "e")


def position(i: int, n: int) -> str:
    """The word's place in its sentence: first, second, inside, or one of the last two."""
    if i == 0:
        return "0"
    if i == 1:
        return "1"
    return "m" if i < n - 2 else "e"


def reportable(w: str) -> bool:
    """A word the rule may report: not a function word ("an", "and", "the"). The model scores
    them (WNC's edits mark "an" where the adjective after it was dropped, "and" where a clause
    was) and they shape their neighbours' scores, but an editor cannot act on one."""
    return w not in FUNCTION_WORDS


class WeightsError(ValueError):
    """A weights file that cannot be used; ``str()`` is one line naming the file."""


def read_weights(path: str, shown: str | None = None) -> dict:
    """The checked content of a weights file (JSON only: never pickle, rule data is untrusted)."""
    shown = shown or path
    try:
        size = os.path.getsize(path)
        if size > MAX_BYTES:
            raise WeightsError(f"{shown}: weights file of {size} bytes (at most {MAX_BYTES})")
        with open(path, "rb") as f:
            raw = f.read(MAX_BYTES + 1)
    except OSError as e:
        raise WeightsError(f"{shown}: cannot read weights: {e.strerror or e}") from None
    import orjson

    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as e:
        raise WeightsError(f"{shown}: not JSON: {e}") from None
    return check_weights(data, shown)


def _number(v, where: str) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
        raise WeightsError(f"{where}: expected a finite number, got {v!r}"[:200])
    return float(v)


def check_weights(data, shown: str) -> dict:
    if not isinstance(data, dict):
        raise WeightsError(f"{shown}: a weights file is a JSON object")
    if data.get("format") != FORMAT:
        raise WeightsError(f"{shown}: format: expected {FORMAT!r}, got {data.get('format')!r}"[:200])
    known = {"format", "description", "trained_on", "lexicons", "bias", "calibration", "threshold",
             "context", "word_evidence", "weights", "training", "listed_words"}
    extra = set(data) - known
    if extra:
        raise WeightsError(f"{shown}: unknown field {min(extra)!r}"[:200])
    out = {"format": FORMAT}
    for key in ("description", "trained_on", "word_evidence"):
        v = data.get(key)
        if v is not None and not isinstance(v, str):
            raise WeightsError(f"{shown}: {key}: expected a string")
        out[key] = v
    lex = data.get("lexicons") or []
    if not isinstance(lex, list) or not all(isinstance(x, str) for x in lex):
        raise WeightsError(f"{shown}: lexicons: expected a list of rule ids")
    out["lexicons"] = list(lex)
    out["bias"] = _number(data.get("bias", 0.0), f"{shown}: bias")
    cal = data.get("calibration", [1.0, 0.0])
    if not isinstance(cal, list) or len(cal) != 2:
        raise WeightsError(f"{shown}: calibration: expected [scale, offset]")
    out["calibration"] = (_number(cal[0], f"{shown}: calibration[0]"), _number(cal[1], f"{shown}: calibration[1]"))
    if out["calibration"][0] <= 0:
        raise WeightsError(f"{shown}: calibration[0]: the scale must be positive")
    t = data.get("threshold")
    if t is not None:
        t = _number(t, f"{shown}: threshold")
        if not 0 < t < 1:
            raise WeightsError(f"{shown}: threshold: expected a probability between 0 and 1")
    out["threshold"] = t
    listed = data.get("listed_words", "defer")
    if listed not in ("defer", "score"):
        raise WeightsError(f"{shown}: listed_words: expected 'defer' or 'score'")
    out["listed_words"] = listed
    c = data.get("context")
    if c is not None:
        c = _number(c, f"{shown}: context")
        if not 0 <= c <= 20:
            raise WeightsError(f"{shown}: context: expected a number from 0 to 20")
    out["context"] = c
    w = data.get("weights")
    if not isinstance(w, dict):
        raise WeightsError(f"{shown}: weights: expected an object of feature -> number")
    if len(w) > MAX_FEATURES:
        raise WeightsError(f"{shown}: weights: {len(w)} features (at most {MAX_FEATURES})")
    weights = {}
    for k, v in w.items():
        weights[k] = _number(v, f"{shown}: weights[{k[:40]!r}]")
    out["weights"] = weights
    return out


class Tables:
    """The word lists the features read: lexicon rule id -> single-word forms,
    and reporting verb form -> stance."""

    def __init__(self, lexsets: dict[str, frozenset], cues: dict[str, str]):
        self.lexsets = lexsets
        self.cues = cues
        self._index: dict[str, tuple] | None = None
        self._asked = 0  # words looked up without the index

    def __getstate__(self):
        # (the index by word is three times the size of the lists in the engine cache: it is
        # built again when a word is first scored)
        return {"lexsets": self.lexsets, "cues": self.cues}

    def __setstate__(self, state):
        if type(state.get("lexsets")) is not dict or type(state.get("cues")) is not dict:
            raise ValueError("model tables: not word lists")
        self.__init__(state["lexsets"], state["cues"])

    @property
    def index(self) -> dict[str, tuple]:
        """word -> the lexicon rule ids listing it."""
        index = self._index
        if index is None:
            index = {}
            for name, words in self.lexsets.items():
                for w in words:
                    index[w] = index.get(w, ()) + (name,)
            self._index = index
        return index

    def lists(self, w: str) -> tuple:
        """The lexicon rule ids listing ``w``, in the order of the lists: for the first
        _LISTED_WORDS words asked about (a one-file check asks about a few dozen), a look into
        each of the ten lists, then (a corpus run) from the index of all 2,000 words."""
        if self._index is None and self._asked < _LISTED_WORDS:
            self._asked += 1
            return tuple(name for name, words in self.lexsets.items() if w in words)
        return self.index.get(w, ())


def build_tables(specs, lexicon_ids) -> Tables:
    """Tables for the lexicon rules named (their single-word forms, every inflection) and the cues."""
    from ...analysis.lexicon import cues
    from ..inflect import forms

    by_id = {s.id: s for s in specs}
    lexsets = {}
    for rid in lexicon_ids:
        spec = by_id.get(rid)
        if spec is None:
            continue  # a list this rule set does not have: its features weigh nothing
        out = set()
        default = spec.options.get("inflect", "none")
        for e in spec.options.get("words") or ():
            word = e["word"].replace("{", "").replace("}", "")
            if " " in word:
                continue
            for _, f in forms(word, e.get("inflect") or default):
                out.add(norm(f))
            for f in e.get("forms") or ():
                if " " not in f:
                    out.add(norm(f))
        lexsets[rid] = frozenset(out)
    cue_forms = {f: stance for f, (_, stance) in cues().forms.items() if " " not in f}
    return Tables(lexsets, cue_forms)


def self_features(t: Tables, w: str) -> list[str]:
    out = ["w:" + w, "l:" + lemma(w)]
    if len(w) > 3:
        out.append("s:" + w[-3:])
    for name in t.lists(w):
        out.append("L:" + name)
    stance = t.cues.get(w)
    if stance:
        out.append("C:" + stance)
    out.append("k:" + word_class(w))
    return out


def neighbour_features(t: Tables, k: int, w: str) -> list[str]:
    out = [f"{k}w:{w}", f"{k}k:{word_class(w)}"]
    for name in t.lists(w):
        out.append(f"{k}L:{name}")
    return out


def reported(t: Tables, low: list[str]) -> bool:
    return not t.cues.keys().isdisjoint(low)


def capitalised(orig: str, i: int) -> bool:
    return i > 0 and orig[:1].isupper()


def sentence_features(t: Tables, orig: list[str], head: bool = False) -> list[list[str]]:
    """Every word's features (the training side; ``Model.scores`` adds the same weights)."""
    low = [norm(w) for w in orig]
    rep = reported(t, low)
    n = len(low)
    out = []
    for i, w in enumerate(low):
        fs = self_features(t, w)
        for k in OFFSETS:
            j = i + k
            fs += neighbour_features(t, k, low[j] if 0 <= j < n else (BOS if j < 0 else EOS))
        fs.append("pos:" + position(i, n))
        if capitalised(orig[i], i):
            fs.append("cap")
        if head:
            fs.append("head")
        if rep:
            fs.append("rep")
        out.append(fs)
    return out


class _Shared:
    """The weights a word's parts take from its class, its lists and its stance, looked up
    once per class, list or stance rather than once per word: (own, (two before, one before,
    one after, two after)) of a class or a list, the weight of a stance."""

    __slots__ = ("_get", "_classes", "_lists", "_stances")

    def __init__(self, weights: dict):
        self._get = weights.get
        self._classes: dict[str, tuple] = {}
        self._lists: dict[str, tuple] = {}
        self._stances: dict[str, float] = {}

    def of_class(self, cls: str) -> tuple:
        return self._own_and_neighbours(self._classes, "k:", cls)

    def of_list(self, name: str) -> tuple:
        return self._own_and_neighbours(self._lists, "L:", name)

    def _own_and_neighbours(self, memo: dict, mark: str, key: str) -> tuple:
        p = memo.get(key)
        if p is None:
            get = self._get
            p = memo[key] = (get(mark + key, 0.0), tuple(get(f"{k}{mark}{key}", 0.0) for k in OFFSETS))
        return p

    def stance(self, stance: str) -> float:
        v = self._stances.get(stance)
        if v is None:
            v = self._stances[stance] = self._get("C:" + stance, 0.0)
        return v


#: words a model scores with its weights from the engine cache looked up by bisection (a
#: one-file check scores a few dozen): then (a corpus run) it builds their dict, whose
#: lookups cost less
_SORTED_WORDS = 100
#: the bytes of one end offset of _SortedWeights in the engine cache (an unsigned int array)
_END_SIZE = _array("I").itemsize
#: words whose lexicon lists are looked up list by list, before the index of all is built
_LISTED_WORDS = 200


class _SortedWeights(Mapping):
    """feature -> weight over features in sorted order, kept as the engine cache holds them:
    the features' UTF-8 bytes one after another (``blob``), where each ends (``ends``) and their
    values side by side; a feature is found by bisection over the bytes (UTF-8 keeps the
    order of the characters). A one-file check looks up the features of a few hundred words:
    a dict of all 80,000 (hashing every feature), or even a list of them (decoding and
    splitting the blob), was most of its model time. ``words``: the words scored with it
    (``Model.parts``)."""

    __slots__ = ("_blob", "_ends", "_values", "words")

    def __init__(self, blob: bytes, ends, values):
        self._blob = blob
        self._ends = ends
        self._values = values
        self.words = 0

    def _names(self) -> list[str]:
        return self._blob.decode("utf-8", "surrogatepass").split("\0") if self._blob else []

    def as_dict(self) -> dict[str, float]:
        return dict(zip(self._names(), self._values))

    def get(self, key: str, default=None):
        k = key.encode("utf-8", "surrogatepass")
        blob, ends = self._blob, self._ends
        lo, hi = 0, len(ends)
        while lo < hi:
            mid = (lo + hi) // 2
            if blob[ends[mid - 1] + 1 if mid else 0:ends[mid]] < k:
                lo = mid + 1
            else:
                hi = mid
        if lo < len(ends) and blob[ends[lo - 1] + 1 if lo else 0:ends[lo]] == k:
            return self._values[lo]
        return default

    def __getitem__(self, key: str) -> float:
        v = self.get(key)
        if v is None:
            raise KeyError(key)
        return v

    def __iter__(self):
        return iter(self._names())

    def __len__(self) -> int:
        return len(self._values)


def _finite(v) -> bool:
    return type(v) in (int, float) and math.isfinite(v)


def _check_fields(state: dict) -> None:
    """The fields of a Model read from the engine cache besides its weights, as ``check_weights``
    lets a weights file make them (ValueError otherwise, and the entry is built again): a planted
    entry may change findings, never end the run with a TypeError when a word is scored."""
    get = state.get
    threshold, flag, pos, found = get("threshold"), get("flag"), get("pos"), get("_candidates")
    if not (all(_finite(get(k)) for k in ("bias", "scale", "offset", "context")) and state["scale"] > 0
            and (threshold is None or _finite(threshold) and 0 < threshold < 1)
            and type(get("defer")) is bool and type(get("source")) is str and type(get("word_evidence")) is str
            and type(get("lexicons")) is list and all(type(x) is str for x in state["lexicons"])
            and type(get("tables")) is Tables
            and type(flag) is dict and flag.keys() == {"cap", "head", "rep"} and all(map(_finite, flag.values()))
            and type(pos) is dict and pos.keys() == set(POSITIONS) and all(map(_finite, pos.values()))
            and type(get("_parts")) is dict and not state["_parts"]
            and type(found) is dict and all(_finite(k) and type(v) is frozenset and all(type(w) is str for w in v)
                                            for k, v in found.items())):
        raise ValueError("model: a field is not what a weights file makes it")


class Model:
    """Loaded weights and the memoised per-word parts of the score."""

    def __init__(self, data: dict, tables: Tables, source: str = ""):
        self.source = source
        self._weights = data["weights"]
        self._packed = None
        self.bias = data["bias"]
        self.scale, self.offset = data["calibration"]
        self.threshold = data["threshold"]
        #: defer: a word a lexicon rule of the pack lists is that rule's to flag (the model sets the
        #: confidence of its finding, and flags nothing where the rule does not); score: flag it too
        self.defer = data.get("listed_words", "defer") == "defer"
        self.context = CONTEXT if data.get("context") is None else data["context"]
        self.word_evidence = data.get("word_evidence") or "a word the training sentences mark as biased"
        self.lexicons = data["lexicons"]
        self.tables = tables
        w = self.weights
        self.flag = {"cap": w.get("cap", 0.0), "head": w.get("head", 0.0), "rep": w.get("rep", 0.0)}
        self.pos = {p: w.get("pos:" + p, 0.0) for p in POSITIONS}
        self._parts: dict[str, tuple] = {}
        self._shared: _Shared | None = None  # the weights of classes, lists and stances (parts)
        self._candidates: dict[float, frozenset] = {}

    def __getstate__(self):
        # in the engine cache: the features as one string and the weights as one array of
        # doubles (bytes), read back in a third of the time of a dict of 20,000 items; they
        # are unpacked only when a word is scored (start-up: most short articles have no
        # candidate word), and a dict built only for a corpus run (``weights``, ``parts``)
        from array import array
        from itertools import pairwise

        state = dict(self.__dict__)
        state["_parts"] = {}
        state["_shared"] = None
        w = self._weights
        if w and "" not in w and not any("\0" in k for k in w):
            names = list(w)
            # (whether the features come in sorted order is found here, once, when the cache is
            # written: checking it when unpacking cost a one-file check ~5 ms per 80,000 features)
            in_order = all(a < b for a, b in pairwise(names))
            blob = "\0".join(names).encode("utf-8", "surrogatepass")
            ends = b""
            if in_order:  # where each feature's bytes end: looked up in place, never split (_SortedWeights)
                at, out = -1, array("I")
                for n in names:
                    at += 1 + len(n.encode("utf-8", "surrogatepass"))
                    out.append(at)
                ends = out.tobytes()
            state["_packed"] = (blob, array("d", w.values()).tobytes(), in_order, ends)
            state["_weights"] = None
        return state

    def __setstate__(self, state):
        packed = state.get("_packed")
        if packed is not None:
            if not (type(packed) is tuple and len(packed) == 4 and all(type(p) is bytes for p in packed[:2])
                    and type(packed[2]) is bool and len(packed[1]) % 8 == 0
                    and (packed[0].count(b"\0") + 1 if packed[0] else 0) == len(packed[1]) // 8
                    and type(packed[3]) is bytes
                    and len(packed[3]) == (len(packed[1]) // 8 * _END_SIZE if packed[2] else 0)):
                raise ValueError("model weights: features and values do not pair up")
            if packed[2] and packed[3] and int.from_bytes(packed[3][-_END_SIZE:], sys.byteorder) != len(packed[0]):
                raise ValueError("model weights: the features' ends do not end the features")
            if not packed[0].isascii():  # (decoded when the weights are first iterated: candidates)
                try:
                    packed[0].decode("utf-8", "surrogatepass")
                except UnicodeDecodeError:
                    raise ValueError("model weights: the features are not UTF-8") from None
        elif type(state.get("_weights")) is not dict:
            raise ValueError("model weights: no weights")
        elif not all(type(k) is str and _finite(v) for k, v in state["_weights"].items()):
            raise ValueError("model weights: not features and finite numbers")
        _check_fields(state)
        self.__dict__.update(state)
        self._shared = None

    @property
    def weights(self) -> Mapping[str, float]:
        """feature -> weight (from the engine cache: unpacked on first use; a dict, or, when
        the features come in sorted order, as the shipped weights' do, a _SortedWeights)."""
        w = self._weights
        if w is None:
            from array import array

            keys, raw, in_order, end_bytes = self._packed
            values = array("d")
            values.frombytes(raw)
            if in_order:  # (strictly: the features of a dict, no two alike)
                ends = array("I")
                ends.frombytes(end_bytes)
                w = self._weights = _SortedWeights(keys, ends, values)
            else:
                names = keys.decode("utf-8", "surrogatepass").split("\0") if keys else []
                w = self._weights = dict(zip(names, values))
            self._packed = None
        return w

    def probability(self, z: float) -> float:
        x = self.scale * z + self.offset
        if x < -60:
            return 0.0
        return 1.0 / (1.0 + math.exp(-x))

    def raw_threshold(self, p: float) -> float:
        """The raw score at which the probability reaches ``p``."""
        return (math.log(p / (1 - p)) - self.offset) / self.scale

    def parts(self, w: str) -> tuple:
        """What the word adds to a score: as the word scored itself, and as the neighbour
        two before, one before, one after and two after the word scored (memoised; the
        same sums as ``self_features`` and ``neighbour_features`` give)."""
        p = self._parts.get(w)
        if p is None:
            weights = self.weights
            if type(weights) is _SortedWeights:
                weights.words += 1
                if weights.words > _SORTED_WORDS:  # a corpus run: the dict's lookups cost less
                    weights = self._weights = weights.as_dict()
            get = weights.get
            t = self.tables
            shared = self._shared
            if shared is None:
                shared = self._shared = _Shared(self.weights)
            own = get("w:" + w, 0.0) + get("l:" + lemma(w), 0.0) + (get("s:" + w[-3:], 0.0) if len(w) > 3 else 0.0)
            stance = t.cues.get(w)
            if stance:
                own += shared.stance(stance)
            k_own, k_nbs = shared.of_class(word_class(w))
            own += k_own
            # (the same additions in the same order as the features give them: the same floats;
            # the four neighbours are those of OFFSETS, in its order)
            nbs = [get("-2w:" + w, 0.0) + k_nbs[0], get("-1w:" + w, 0.0) + k_nbs[1],
                   get("1w:" + w, 0.0) + k_nbs[2], get("2w:" + w, 0.0) + k_nbs[3]]
            for name in t.lists(w):
                l_own, l_nbs = shared.of_list(name)
                own += l_own
                for n in range(4):
                    nbs[n] += l_nbs[n]
            p = (own, *nbs)
            if len(self._parts) > _CACHE_LIMIT:
                self._parts.clear()
            self._parts[w] = p
        return p

    def base(self, low: list[str], head: bool) -> float:
        """What the sentence adds to each of its words' scores."""
        flag = self.flag
        z = self.bias + (flag["head"] if head else 0.0)
        if not self.tables.cues.keys().isdisjoint(low):
            z += flag["rep"]
        return z

    def score_at(self, low: list[str], i: int, base: float, orig: list[str] | None = None) -> float:
        """The raw score of word ``i`` (``base``: from ``base()``), as ``scores()[i]``."""
        parts = self.parts
        n = len(low)
        z = base + parts(low[i])[0]
        z += parts(low[i - 2] if i >= 2 else BOS)[1]
        z += parts(low[i - 1] if i >= 1 else BOS)[2]
        z += parts(low[i + 1] if i + 1 < n else EOS)[3]
        z += parts(low[i + 2] if i + 2 < n else EOS)[4]
        z += self.pos[position(i, n)]
        if orig is not None and self.flag["cap"] and capitalised(orig[i], i):
            z += self.flag["cap"]
        return z

    def scores_at(self, low: list[str], idx: list[int], base: float, orig: list[str] | None = None) -> list[float]:
        """The raw scores of the words at ``idx`` (``base``: from ``base()``), as ``scores()`` gives
        them: the check's path, which scores only the candidates of a sentence."""
        get = self._parts.get
        parts = self.parts
        n = len(low)
        padded = [BOS, BOS, *low, EOS, EOS]
        pos = self.pos
        p0, p1, pm, pe = pos["0"], pos["1"], pos["m"], pos["e"]
        cap = self.flag["cap"] if orig is not None else 0.0
        out = []
        for i in idx:
            a, b, c, d, e = padded[i + 2], padded[i], padded[i + 1], padded[i + 3], padded[i + 4]
            z = (base + (get(a) or parts(a))[0] + (get(b) or parts(b))[1] + (get(c) or parts(c))[2]
                 + (get(d) or parts(d))[3] + (get(e) or parts(e))[4])
            z += p0 if i == 0 else p1 if i == 1 else pm if i < n - 2 else pe
            if cap and i > 0 and orig[i][:1].isupper():
                z += cap
            out.append(z)
        return out

    def candidates(self, zt: float) -> frozenset:
        """The words (of the weights' vocabulary and the lexicons) whose own part can reach the
        raw threshold ``zt`` with at most ``context`` from the neighbours and the sentence: the
        only words scored. A word the training never saw and no lexicon lists is not one, nor is
        a function word (reportable: ``reportable``)."""
        found = self._candidates.get(zt)
        if found is None:
            vocab = {f[2:] for f in self.weights if f.startswith("w:")}
            vocab.update(self.tables.index, self.tables.cues)
            cut = zt - self.bias - self.context
            found = frozenset(w for w in vocab if reportable(w) and self.parts(w)[0] >= cut)
            self._parts.clear()
            self._candidates[zt] = found
        return found

    def nb_score(self, k: int, w: str) -> float:
        return self.parts(w)[1 + OFFSETS.index(k)]

    def scores(self, low: list[str], head: bool = False, orig: list[str] | None = None) -> list[float]:
        """The raw score (before calibration) of every word of one sentence (``low``: its
        words normalised; ``orig``: as written, for the capitalisation feature)."""
        flag = self.flag
        base = self.bias + (flag["head"] if head else 0.0)
        if not self.tables.cues.keys().isdisjoint(low):
            base += flag["rep"]
        table = self._parts
        parts = [table.get(w) or self.parts(w) for w in low]
        bos, eos = self.parts(BOS), self.parts(EOS)
        padded = [bos, bos, *parts, eos, eos]
        zs = [base + a[0] + b[1] + c[2] + d[3] + e[4]
              for a, b, c, d, e in zip(parts, padded, padded[1:], padded[3:], padded[4:])]
        n = len(zs)
        pos = self.pos
        for i in range(n):
            zs[i] += pos[position(i, n)]
        cap = flag["cap"]
        if cap and orig is not None:
            for i in range(1, len(zs)):
                if orig[i][:1].isupper():
                    zs[i] += cap
        return zs

    def evidence(self, orig: list[str], low: list[str], i: int, head: bool) -> str:
        """What pushed the word's score up most, in words (the two largest parts)."""
        get = self.weights.get
        t = self.tables
        w = low[i]
        parts: list[tuple[float, str]] = []
        word = sum(get(f, 0.0) for f in ("w:" + w, "l:" + lemma(w), "s:" + w[-3:] if len(w) > 3 else "",
                                          "k:" + word_class(w)))
        parts.append((word, self.word_evidence))
        for name in t.lists(w):
            parts.append((get("L:" + name, 0.0), f"listed by {name}"))
        stance = t.cues.get(w)
        if stance:
            parts.append((get("C:" + stance, 0.0), f"a reporting verb of {stance} stance"))
        n = len(low)
        for k in OFFSETS:
            j = i + k
            if 0 <= j < n and t.lists(low[j]):  # a neighbour worth naming: one the lexicons list
                v = self.nb_score(k, low[j])
                parts.append((v, f"{'after' if k < 0 else 'before'} '{orig[j]}'"))
        if reported(t, low):
            parts.append((self.flag["rep"], "in reported speech"))
        if head:
            parts.append((self.flag["head"], "in a headline"))
        parts.sort(key=lambda p: -p[0])
        said = [text for v, text in parts[:2] if v > 0]
        return ", ".join(said) if said else self.word_evidence


class _Within:
    """``w in _Within(model, cut)``: the word's own part reaches ``cut``."""

    def __init__(self, model: Model, cut: float):
        self.model, self.cut = model, cut

    def __contains__(self, w: str) -> bool:
        return reportable(w) and self.model.parts(w)[0] >= self.cut


def _unit_at(doc, off: int):
    """The unit of ``units(doc)`` holding the offset, or None."""
    h = doc.headline
    if h is not None and h.start <= off < h.end:
        return (h.start, h.end, True)
    s = doc.sentence_at(off)
    if s is not None:
        return (s.start, s.end, False)
    for b in doc.subheadings:
        if b.start <= off < b.end:
            return (b.start, b.end, True)
    return None


def _units_with(doc, offsets: list[int]):
    """The units of ``units(doc)`` holding one of the offsets, in order, each once."""
    out = {}
    for off in offsets:
        u = _unit_at(doc, off)
        if u is not None:
            out[u[0]] = u
    return [out[k] for k in sorted(out)]


_SPACE = frozenset(" \n,.;:!?\"()")  # a character beside which a word always starts or ends
WINDOW = 40  # characters read on each side of a candidate by _screen: two words and a bit, mostly


def _joined(text: str, i: int) -> bool:
    """Position ``i`` lies inside a word (the word pattern would not start or end there)."""
    a = text[i - 1:i]
    b = text[i:i + 1]
    if not a or not b:
        return False
    if a.isalnum() or a == "_":
        return b.isalnum() or b == "_" or (b in "-'" and (text[i + 1:i + 2].isalnum() or text[i + 1:i + 2] == "_"))
    if a in "-'":
        c = text[i - 2:i - 1]
        return (b.isalnum() or b == "_") and (c.isalnum() or c == "_")
    return False


def _screen(model, doc, lower: str, found, zt: float, candidates) -> list:
    """The units to score in full: those holding a candidate that may reach the raw threshold.
    Each candidate is scored first from a short window around it (its two neighbours on each
    side and its place in the sentence, without tokenising the sentence); the sentence's
    reporting-verb flag is counted as max(rep, 0), so a unit left out has no word at the
    threshold. A candidate the window cannot settle (not a whole word, a window short of two
    words, capitalisation weighed) keeps its unit."""
    findall = word_re().findall
    parts = model.parts
    pos = model.pos
    flag = model.flag
    base = model.bias + max(flag["rep"], 0.0)
    cap = flag["cap"]
    get = model._parts.get
    keep = {}
    for hs, he, *_ in found:
        u = _unit_at(doc, hs)
        if u is None or u[0] in keep:
            continue
        s0, e0, head = u
        w = lower[hs:he]
        if (cap or he > e0 or w not in candidates or (lower[hs - 1:hs] not in _SPACE and _joined(lower, hs))
                or (lower[he:he + 1] not in _SPACE and _joined(lower, he))):
            keep[s0] = u
            continue
        lo = max(s0, hs - WINDOW)
        left = findall(lower, lo, hs)
        if lo > s0:
            left = left[1:]  # the first may be the end of a longer word
            if len(left) < 2:
                keep[s0] = u
                continue
        hi = min(e0, he + WINDOW)
        right = findall(lower, he, hi)
        if hi < e0:
            right = right[:-1]
            if len(right) < 2:
                keep[s0] = u
                continue
        i = len(left)
        r = len(right)
        a = left[-2] if i >= 2 else BOS
        b = left[-1] if i else BOS
        c = right[0] if r else EOS
        d = right[1] if r >= 2 else EOS
        z = (base + (get(w) or parts(w))[0] + (get(a) or parts(a))[1] + (get(b) or parts(b))[2]
             + (get(c) or parts(c))[3] + (get(d) or parts(d))[4])
        z += pos["0"] if i == 0 else pos["1"] if i == 1 else pos["m"] if r >= 2 else pos["e"]
        if head:
            z += flag["head"]
        if z >= zt:
            keep[s0] = u
    return [keep[k] for k in sorted(keep)]


def units(doc):
    """(start, end, is_heading) of each sentence, the headline and subheadings included."""
    out = []
    if doc.headline is not None:
        out.append((doc.headline.start, doc.headline.end, True))
    for b in doc.subheadings:
        out.append((b.start, b.end, True))
    for s in doc.sentences:
        out.append((s.start, s.end, False))
    return out


class Kind:
    def __init__(self, engine, slots: list[int]):
        self.engine = engine
        self.slots = slots
        self.models: dict[int, Model] = {}
        self._tables: dict[tuple, Tables] = {}
        self._custom: dict[tuple, Model] = {}
        for slot in slots:
            spec = engine.specs[slot]
            path = spec.options["_weights_path"]
            from ..loader import RuleError, display_path

            if path is None:
                raise RuleError(f"{display_path(spec.path)}: {spec.id}: weights: no weights "
                                f"{spec.options['weights']!r} (looked for models/{spec.options['weights']}.json)")
            try:
                data = read_weights(path, display_path(path))
            except WeightsError as e:
                raise RuleError(f"{display_path(spec.path)}: {spec.id}: {e}") from None
            model = self.models[slot] = Model(data, self.tables(data["lexicons"]), path)
            # the candidates go into the engine's one word scan (ctx.hits): no sentence without one is scored
            zt = model.raw_threshold(model.threshold or spec.options.get("threshold", 0.5))
            for w in sorted(model.candidates(zt)):
                if w[:1].isalnum() and "'" not in w:  # (a possessive is found by its stem)
                    engine.matcher.add(w, (slot, 0, "base"))

    def tables(self, lexicons) -> Tables:
        key = tuple(lexicons)
        t = self._tables.get(key)
        if t is None:
            t = self._tables[key] = build_tables(self.engine.specs, key)
        return t

    def model_for(self, ctx, slot: int) -> Model:
        """The configuration's weights for this rule, else the rule's own."""
        spec = self.engine.specs[slot]
        own = getattr(ctx.settings, "models", None)
        data = own.get(spec.id) if own else None
        if data is None:
            return self.models[slot]
        key = (slot, id(data))
        m = self._custom.get(key)
        if m is None:
            m = self._custom[key] = Model(data, self.tables(data["lexicons"]), "configuration")
        return m

    def run(self, ctx) -> None:
        active = ctx.settings.active
        for slot in self.slots:
            if active[slot]:
                self._run(ctx, slot)

    def _run(self, ctx, slot: int) -> None:
        spec = self.engine.specs[slot]
        model = self.model_for(ctx, slot)
        threshold = model.threshold or spec.options.get("threshold", 0.5)
        zt = model.raw_threshold(threshold)
        view = ctx.view
        finder = word_re().finditer
        accept = ctx.settings.accept
        scope = spec.scope
        writer_only = scope == ("writer",)
        pack = spec.pack + "."
        others = None
        findall = word_re().findall
        cap = bool(model.flag["cap"])
        if model is self.models.get(slot):
            # the rule's own weights: the candidates of their vocabulary and the lexicons, found
            # by the engine's one word scan; only sentences holding one are scored
            found = ctx.hits.get(slot)
            if found and writer_only:
                mask = ctx.mask  # a candidate inside a quotation is the speaker's: its sentence need not be scored
                found = [h for h in found if mask.find(1, h[0], h[1]) < 0]
            if not found:
                return
            candidates = model.candidates(zt)
            lower = view.lower().replace("’", "'")
            if len(lower) == len(view):
                todo = _screen(model, ctx.doc, lower, found, zt, candidates)
            else:
                todo = _units_with(ctx.doc, [h[0] for h in found])
        else:
            # a configuration's own weights (read after the scan was built): every sentence,
            # and every word whose own part comes within the model's context bound of the threshold
            todo = units(ctx.doc)
            candidates = _Within(model, zt - model.bias - model.context)
            lower = view.lower().replace("’", "'")
        same_length = len(lower) == len(view)  # (a rare letter lower-cases to two: then sentence by sentence)
        for start, end, head in todo:
            if same_length:
                low = findall(lower, start, end)
            else:
                low = findall(view[start:end].lower().replace("’", "'"))
            cands = [i for i, w in enumerate(low) if w in candidates]
            if not cands:
                continue
            seg = view[start:end]
            orig = findall(seg) if cap else None
            if orig is not None and len(orig) != len(low):
                orig = None
            zs = dict(zip(cands, model.scores_at(low, cands, model.base(low, head), orig)))
            hits = [i for i in cands if zs[i] >= zt]
            if not hits:
                continue
            spans = [(m.start() + start, m.end() + start) for m in finder(seg)]
            if len(spans) != len(low):
                continue  # lower case changed the words (a rare letter): leave the sentence alone
            orig = [view[s:e] for s, e in spans]
            for i in hits:
                s, e = spans[i]
                if not (ctx.in_writer(s, e) if writer_only else ctx.in_scope(scope, s, e)):
                    continue
                if not head and i > 0 and orig[i][:1].isupper():
                    continue  # a name inside a sentence ("Trump", "Fox News"): the model knows words, not people
                if accept and low[i] in accept:
                    continue
                if model.defer and any(name.startswith(pack) for name in model.tables.lists(low[i])):
                    # a word a list of the pack holds is that rule's to judge: where it flags the
                    # word the model only sets the confidence (below); where its conditions pass
                    # the word over ("no exceptional talents", a paraphrase) or the rule is off,
                    # the model does not flag it behind the rule's back
                    p = model.probability(zs[i])
                    for f in ctx.findings:
                        if f.start < e and s < f.end and f.rule.startswith(pack) and f.rule != spec.id:
                            f.confidence = round(p, 3)
                    continue
                p = model.probability(zs[i])
                if others is None:
                    others = [f for f in ctx.findings if f.rule.startswith(pack) and f.rule != spec.id]
                same = [f for f in others if f.start < e and s < f.end]
                if same:
                    for f in same:  # the listed rule says why; the model says how sure
                        f.confidence = round(p, 3)
                    continue
                ctx.add(slot, s, e, {"word": orig[i], "evidence": model.evidence(orig, low, i, head)},
                        confidence=round(p, 3))
