"""A data-only serial form for what annotator keeps in the user's cache
folder (the compiled rules, the analysis lexicons), in place of pickle.

Loading a pickle can run any code; loading this form cannot. It is JSON (the
standard library's: orjson's import pulls in dataclasses, inspect and uuid)
with a few tagged values: tuples, sets, frozensets, dicts with keys other
than strings, bytes, non-finite floats, and instances of the classes named in
``CLASSES`` below, a fixed list of annotator's own classes. An instance is
rebuilt by ``cls.__new__(cls)`` and its state (plain data) set through the
class's own ``__setstate__``, or its ``__dict__`` or slots: a class name in a
file only picks from that list, and nothing else a file names is imported or
called. An unknown tag or class name is a ``ValueError``. Within one file an
instance written twice (or reached through a cycle: a rule kind points back
to its engine) is written once and referred to by number, so identity is
kept. Bytes follow the JSON text, after a NUL byte (which JSON text never
holds), as they are: ``{"B": [offset, length]}`` in the JSON names them (a
model's 40,000 weights, as an array of doubles, would cost more to read as a
JSON string than all the rest). Plain JSON subtrees, lists of tuples and
big tables of tuples have compact tags that read back in C (``J``, ``T``,
``C``); even so, reading the engine this way costs a warm start ~37M
instructions more than unpickling the same engine (138M against 101M, both
with its RE2 set compiled: ~8% of a one-file check), the price of a form that
cannot run code.
"""

from __future__ import annotations

import math

#: the classes whose instances may be written and read: name in the file -> (module, class)
CLASSES: dict[str, tuple[str, str]] = {
    "Engine": ("annotator.engine", "Engine"),
    "RuleSpec": ("annotator.engine.loader", "RuleSpec"),
    "SlotInfo": ("annotator.engine.context", "SlotInfo"),
    "LexMatcher": ("annotator.engine.matcher", "LexMatcher"),
    "Probes": ("annotator.engine.matcher", "Probes"),
    "kinds.condition": ("annotator.engine.kinds.condition", "Kind"),
    "kinds.consistency": ("annotator.engine.kinds.consistency", "Kind"),
    "kinds.lexicon": ("annotator.engine.kinds.lexicon", "Kind"),
    "kinds.metric": ("annotator.engine.kinds.metric", "Kind"),
    "kinds.pattern": ("annotator.engine.kinds.pattern", "Kind"),
    "kinds.substitution": ("annotator.engine.kinds.substitution", "Kind"),
    "kinds.model": ("annotator.engine.kinds.model", "Kind"),
    "model.Model": ("annotator.engine.kinds.model", "Model"),
    "model.Tables": ("annotator.engine.kinds.model", "Tables"),
    "CueLexicon": ("annotator.analysis.lexicon", "CueLexicon"),
    "PeopleLexicon": ("annotator.analysis.lexicon", "PeopleLexicon"),
    "MentionLexicon": ("annotator.analysis.mentions", "MentionLexicon"),
    "NepaliLexicon": ("annotator.analysis.nepali.attribution", "_Lexicon"),
}
_NAMES = {v: k for k, v in CLASSES.items()}
_SCALARS = (str, int, bool, type(None))
_NESTED = (list, dict)


def dumps(obj) -> bytes:
    """``obj`` as bytes; TypeError or ValueError for anything this form does not hold."""
    import json

    enc = _Encoder()
    text = json.dumps(enc.enc(obj), ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()
    return text + b"\0" + b"".join(enc.blobs) if enc.blobs else text


def loads(data: bytes):
    """The object written by :func:`dumps`; ValueError (or TypeError, KeyError) for a file
    that is not one, never anything else: no code named in the file runs."""
    import json

    text, _, blobs = data.partition(b"\0")
    return _Decoder(blobs).dec(json.loads(text))


class _Encoder:
    def __init__(self):
        self.ids: dict[int, int] = {}
        self.keep: list = []  # the encoded instances stay alive, so their id() stays theirs
        self.blobs: list[bytes] = []  # the bytes written after the JSON text
        self.size = 0

    def enc(self, o):
        t = type(o)
        if t in _SCALARS:
            return o
        if t is float:
            return o if math.isfinite(o) else {"n": repr(o)}
        if (t is list or t is dict) and o and _is_json(o):
            return {"J": o}  # lists and dicts of plain values all the way down: read back as they are
        if t is list:
            if o and all(type(v) is tuple and _scalars(v) for v in o):
                return {"T": [list(v) for v in o]}  # (the usual list of payloads: read back in one go)
            return [self.enc(v) for v in o]
        if t is dict:
            if all(type(k) is str for k in o):
                cols = _columns(o) if len(o) >= 64 else None
                if cols is not None:
                    return {"C": cols}
                if all(type(v) is tuple and _scalars(v) for v in o.values()):
                    return {"Dt": {k: list(v) for k, v in o.items()}}  # e.g. the cue lexicon's forms
                if all(type(v) is frozenset and _scalars(v) for v in o.values()):
                    return {"Df": {k: list(v) for k, v in o.items()}}
                return {"d": {k: self.enc(v) for k, v in o.items()}}
            return {"p": [[self.enc(k), self.enc(v)] for k, v in o.items()]}
        if t is tuple:
            return {"t": [self.enc(v) for v in o]}
        if t is set:
            return {"s": [self.enc(v) for v in o]}
        if t is frozenset:
            return {"f": [self.enc(v) for v in o]}
        if t is bytes:
            at = self.size
            self.blobs.append(o)
            self.size += len(o)
            return {"B": [at, len(o)]}
        name = _NAMES.get((t.__module__, t.__qualname__))
        if name is None:
            raise TypeError(f"{t.__module__}.{t.__qualname__} is not a cacheable class")
        n = self.ids.get(id(o))
        if n is not None:
            return {"r": n}
        n = self.ids[id(o)] = len(self.ids)
        self.keep.append(o)
        state = o.__getstate__()
        if isinstance(state, tuple):  # the default for a class with __slots__: (None, slots)
            merged = {}
            for part in state:
                merged.update(part or {})
            state = merged
        if type(state) is not dict or not all(type(k) is str for k in state):
            raise TypeError(f"{name}: the state is not a dict of attributes")
        return {"o": name, "i": n, "v": {k: self.enc(v) for k, v in state.items()}}


def _columns(o: dict):
    """A table of string -> list of same-length tuples of scalars (the matcher's forms:
    3,000 of them) as columns, read back by one zip: [keys, counts (null when every list
    holds one tuple), column, ...], a column of strings without a newline joined into one
    string. None for any other dict."""
    flat = [p for ps in o.values() if type(ps) is list for p in ps]
    if len(flat) < sum(len(ps) if type(ps) is list else 1 for ps in o.values()) or not flat:
        return None
    width = len(flat[0])
    if not all(type(p) is tuple and len(p) == width and _scalars(p) for p in flat):
        return None
    counts = [len(ps) for ps in o.values()]
    out = [_column(list(o)), None if all(n == 1 for n in counts) else counts]
    out += [_column([p[i] for p in flat]) for i in range(width)]
    return out


def _column(values: list):
    if all(type(v) is str and "\n" not in v for v in values):
        return "\n".join(values)
    return {"J": values}


def _uncolumns(v) -> dict:
    keys, counts, *cols = _list(v)
    keys = _str(keys).split("\n") if type(keys) is str else _list(_dict(keys)["J"])
    cols = [c.split("\n") if type(c) is str else _list(_dict(c)["J"]) for c in cols]
    payloads = list(zip(*cols))
    if counts is None:  # one payload each (the usual case)
        if len(payloads) != len(keys):
            raise ValueError("columns of different lengths")
        return dict(zip(keys, [[p] for p in payloads]))
    out = {}
    i = 0
    for k, n in zip(keys, counts):
        out[k] = payloads[i:i + n]
        i += n
    return out


def _scalars(values) -> bool:
    return all(type(x) in _SCALARS for x in values)


def _is_json(o, depth: int = 0) -> bool:
    """Whether ``o`` holds only lists, dicts with string keys, strings, numbers (finite),
    booleans and None: what JSON gives back unchanged."""
    if depth > 50:
        return False
    t = type(o)
    if t in _SCALARS:
        return True
    if t is float:
        return math.isfinite(o)
    if t is list:
        return all(_is_json(v, depth + 1) for v in o)
    if t is dict:
        return all(type(k) is str and _is_json(v, depth + 1) for k, v in o.items())
    return False


class _Decoder:
    def __init__(self, blobs: bytes = b""):
        self.objs: list = []
        self.blobs = blobs

    def dec(self, o):
        t = type(o)
        if t is list:
            return [self.dec(v) if type(v) in _NESTED else v for v in o]
        if t is not dict:
            return o  # str, int, float, bool, None
        if len(o) == 1:
            (tag, v), = o.items()
            if tag == "d":
                return {k: self.dec(x) if type(x) in _NESTED else x for k, x in _dict(v).items()}
            if tag == "C":
                return _uncolumns(v)
            if tag == "T":
                return [tuple(x) for x in _list(v)]  # (a list or dict inside stays plain data)
            if tag == "J":
                if type(v) is not list and type(v) is not dict:
                    raise ValueError("a list or a mapping was expected")
                return v
            # (no type checks per item below: whatever the file holds, tuple() or frozenset() of it
            # is plain data)
            if tag == "Dt":
                return {k: tuple(x) for k, x in _dict(v).items()}
            if tag == "Df":
                return {k: frozenset(x) for k, x in _dict(v).items()}
            if tag == "t":
                return tuple([self.dec(x) if type(x) in _NESTED else x for x in _list(v)])
            if tag == "p":
                return {self.dec(k): self.dec(x) for k, x in _list(v)}
            if tag == "f":
                return frozenset([self.dec(x) for x in _list(v)])
            if tag == "s":
                return {self.dec(x) for x in _list(v)}
            if tag == "B":
                at, n = _list(v)
                if type(at) is not int or type(n) is not int or at < 0 or n < 0 or at + n > len(self.blobs):
                    raise ValueError(f"bytes {v!r} outside the file")
                return self.blobs[at:at + n]
            if tag == "r":
                if type(v) is not int or not 0 <= v < len(self.objs):
                    raise ValueError(f"a reference to object {v!r}, not yet read")
                return self.objs[v]
            if tag == "n":
                if v not in ("inf", "-inf", "nan"):
                    raise ValueError(f"{v!r} is not a float")
                return float(v)
        elif len(o) == 3 and "o" in o:
            return self._instance(o)
        raise ValueError(f"unknown tag in {sorted(o)!r}")

    def _instance(self, o: dict):
        import importlib

        where = CLASSES.get(o["o"])  # a dict lookup: nothing the file says is imported or called
        if where is None:
            raise ValueError(f"{o['o']!r} is not a cacheable class")
        if o.get("i") != len(self.objs):
            raise ValueError(f"object number {o.get('i')!r} out of order")
        cls = getattr(importlib.import_module(where[0]), where[1])
        obj = cls.__new__(cls)
        self.objs.append(obj)
        state = {k: self.dec(v) for k, v in _dict(o.get("v")).items()}
        if "__setstate__" in cls.__dict__:
            obj.__setstate__(state)
        elif hasattr(obj, "__dict__"):
            obj.__dict__.update(state)
        else:
            for k, v in state.items():
                setattr(obj, k, v)  # a name not among the slots is an AttributeError
        return obj


def _list(v) -> list:
    if type(v) is not list:
        raise ValueError("a list was expected")
    return v


def _dict(v) -> dict:
    if type(v) is not dict:
        raise ValueError("a mapping was expected")
    return v


def _str(v) -> str:
    if type(v) is not str:
        raise ValueError("a string was expected")
    return v
