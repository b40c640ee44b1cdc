"""A data-only serial form for what annotator keeps in the user's cache
folder (the compiled rules, the analysis lexicons), in place of pickle.

Loading a pickle can run any code; loading this form cannot. It is a
header line (``MAGIC``: a file of an earlier form is refused, and rebuilt),
JSON (the standard library's: orjson's import pulls in dataclasses, inspect
and uuid, ~45M instructions; read by its C scanner, :func:`json_loads`,
without importing ``json``) with a few tagged values: tuples, sets,
frozensets, dicts with keys other than strings, bytes, non-finite floats,
and instances of the classes named in ``CLASSES`` below, a fixed list of
annotator's own classes. An instance is rebuilt by ``cls.__new__(cls)`` and
its state (plain data) set through the class's own ``__setstate__``, or its
``__dict__`` or slots: a class name in a file only picks from that list, and
nothing else a file names is imported or called. An unknown tag or class
name is a ``ValueError``. Within one file an instance written twice (or
reached through a cycle: a rule kind points back to its engine) is written
once and referred to by number, so identity is kept. Bytes follow the JSON
text, after a NUL byte (which JSON text never holds), as they are:
``{"B": [offset, length]}`` in the JSON names them (a model's 20,000
weights, as an array of doubles, would cost more to read as a JSON string
than all the rest). Long strings (``U``), lists of many strings (``S``: one
UTF-8 string, NUL-separated, read back by one ``split``) and of many ints
(``I``: 64-bit little-endian, one ``array.tolist``) go there too, as do the
columns of big tables (``C``: the matcher's 3,000 forms, read back by
``zip``; ``Ct``, ``Cv``: the cue lexicon's forms -> (lemma, stance), the
model's cue words -> stance) and many bytes strings (``Bl``: joined, with
their ends). A list of instances of one class whose states hold no
instances (the engine's rules and their SlotInfos) is a table (``O``): one
column per attribute, so each attribute of 47 rules is one packed string,
not 47 JSON strings each read by the decoder. Plain JSON subtrees and lists
of tuples have compact tags read back in C (``J``, ``T``). The JSON text
itself is ASCII (one character outside the BMP would make all of it four
bytes a character). The engine's JSON text is so 45 KB (it was 277 KB),
and a warm one-file check reads the engine ~2M instructions (under 0.5% of
the check) slower than it would unpickle it; the rules' options and
examples are JSON text, decoded on first use (``loader.RuleSpec``).
"""

from __future__ import annotations

import math
import sys

#: the first bytes of every file this module writes; a file of an earlier form (another
#: header, or none) is refused, so its entry is built again
MAGIC = b"annotator-plaindata-4\n"
#: a list of at least this many strings or ints is written after the JSON text, packed
_MIN_PACKED = 16
#: a string at least this long too (a matcher's pattern pieces, joined)
_MIN_BLOB_STR = 1024
#: a list of at least this many instances of one class is written as a table, column by column
_MIN_TABLE = 8
_BIG_ENDIAN = sys.byteorder == "big"  # (packed ints are little-endian)

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
    # (ASCII: one character in the text outside the BMP would make the whole of it, and the
    # scanning of every string in it, four bytes a character)
    text = json.dumps(enc.enc(obj), separators=(",", ":"), allow_nan=False).encode()
    return MAGIC + text + b"\0" + b"".join(enc.blobs)


def loads(data: bytes):
    """The object written by :func:`dumps`; ValueError (or TypeError, KeyError) for a file
    that is not one, never anything else: no code named in the file runs."""
    if not data.startswith(MAGIC):
        raise ValueError("not a cache file of this version")
    view = memoryview(data)
    end = data.find(b"\0", len(MAGIC))
    if end < 0:
        end = len(data)
    text = str(view[len(MAGIC):end], "utf-8")  # (no copy of the text's bytes first)
    # everything built here stays alive: collections while it is built would only walk it
    # (~3.5M instructions for the engine)
    import gc

    collecting = gc.isenabled()
    gc.disable()
    try:
        return _Decoder(view[end + 1:]).dec(json_loads(text))
    except RecursionError:  # (JSON nested deeper than the scanner or the decoder recurses)
        raise ValueError("nested too deeply") from None
    finally:
        if collecting:
            gc.enable()


_scan = None


def json_loads(text: str):
    """``json.loads(text)`` for the JSON text this module writes (no white space around
    it; NaN and Infinity refused), by the standard library's own C scanner, without
    importing ``json``: its decoder module compiles regular expressions when imported,
    ~5M instructions, a third of what reading the whole engine costs. ValueError for a text
    that is not one JSON value."""
    global _scan
    if _scan is None:
        try:
            from _json import make_scanner
        except ImportError:  # (an interpreter without the C scanner)
            import json

            _scan = json.JSONDecoder(parse_constant=_no_constant).scan_once
        else:
            _scan = make_scanner(_ScanContext())
    try:
        value, end = _scan(text, 0)
    except Exception:  # noqa: BLE001 - (StopIteration, or a SystemError: the C scanner
        # says what is wrong only once json.decoder is loaded)
        import json

        json.loads(text)  # (a ValueError saying where)
        raise ValueError("not JSON text of this form") from None
    if end != len(text):
        raise ValueError(f"JSON text: extra data at character {end}")
    return value


def _no_constant(name: str):
    raise ValueError(f"{name} is not a number this form writes")


class _ScanContext:
    """What ``_json.make_scanner`` reads of a ``json.JSONDecoder``: its defaults."""

    strict = True
    object_hook = None
    object_pairs_hook = None
    parse_float = float
    parse_int = int
    parse_constant = staticmethod(_no_constant)


class _Encoder:
    def __init__(self):
        self.ids: dict[int, int] = {}
        self.keep: list = []  # the encoded instances stay alive, so their id() stays theirs
        self.blobs: list[bytes] = []  # the bytes written after the JSON text
        self.size = 0

    def enc(self, o):
        t = type(o)
        if t is str and len(o) >= _MIN_BLOB_STR:
            return {"U": self._blob(o.encode())}
        if t in _SCALARS:
            return o
        if t is float:
            return o if math.isfinite(o) else {"n": repr(o)}
        if t is list:
            packed = self._packed(o)
            if packed is not None:
                return packed
        if t is dict and len(o) >= 64:
            cols = self._lookup(o)
            if cols is not None:
                return {"Cv": cols}
        if (t is list or t is dict) and o and is_json(o):
            return {"J": o}  # lists and dicts of plain values all the way down: read back as they are
        if t is list:
            if o and all(v is None or type(v) is tuple and _scalars(v) for v in o):
                # (the usual list of payloads, or of a rule's languages: read back in one go)
                return {"T": [v if v is None else list(v) for v in o]}
            if len(o) >= _MIN_TABLE and (cols := self._instances(o)) is not None:
                return {"O": cols}
            if len(o) >= _MIN_PACKED and all(type(v) is bytes for v in o):
                from itertools import accumulate

                return {"Bl": [self._blob(b"".join(o)), self._column(list(accumulate(map(len, o))))]}
            return [self.enc(v) for v in o]
        if t is dict:
            if all(type(k) is str for k in o):
                cols = self._columns(o) if len(o) >= 64 else None
                if cols is not None:
                    return {"C": cols}
                cols = self._table(o) if len(o) >= 64 else None
                if cols is not None:
                    return {"Ct": cols}
                if all(type(v) is tuple and _scalars(v) for v in o.values()):
                    return {"Dt": {k: list(v) for k, v in o.items()}}  # e.g. the cue lexicon's forms
                if all(type(v) is frozenset and _scalars(v) for v in o.values()):
                    return {"Df": {k: self._packed(v) or list(v) for k, v in o.items()}}
                return {"d": {k: self.enc(v) for k, v in o.items()}}
            return {"p": [[self.enc(k), self.enc(v)] for k, v in o.items()]}
        if t is tuple:
            return {"t": self._packed(o) or [self.enc(v) for v in o]}
        if t is set:
            return {"s": self._packed(o) or [self.enc(v) for v in o]}
        if t is frozenset:
            return {"f": self._packed(o) or [self.enc(v) for v in o]}
        if t is bytes:
            return {"B": self._blob(o)}
        name = self._name(t)
        n = self.ids.get(id(o))
        if n is not None:
            return {"r": n}
        n = self._number(o)
        return {"o": name, "i": n, "v": {k: self.enc(v) for k, v in _state(o, name).items()}}

    @staticmethod
    def _name(t: type) -> str:
        name = _NAMES.get((t.__module__, t.__qualname__))
        if name is None:
            raise TypeError(f"{t.__module__}.{t.__qualname__} is not a cacheable class")
        return name

    def _number(self, o) -> int:
        """The next object number, for ``o`` (written once; later mentions refer to it)."""
        n = self.ids[id(o)] = len(self.ids)
        self.keep.append(o)
        return n

    def _instances(self, objs: list):
        """A list of instances of one class, none written before, whose states have the same
        attributes and hold no instances (the engine's 47 rules and their SlotInfos) as a
        table: [class name, number of the first, attribute names, column, ...], each column
        encoded as a list; read back column by column, not attribute by attribute. None for
        any other list."""
        t = type(objs[0])
        if (t.__module__, t.__qualname__) not in _NAMES or any(type(o) is not t or id(o) in self.ids for o in objs):
            return None
        if len({id(o) for o in objs}) != len(objs):
            return None
        name = self._name(t)
        states = [_state(o, name) for o in objs]
        keys = list(states[0])
        if any(list(st) != keys for st in states) or not all(_plain(v) for st in states for v in st.values()):
            return None
        first = self._number(objs[0])
        for o in objs[1:]:
            self._number(o)
        return [name, first, keys] + [self.enc([st[k] for st in states]) for k in keys]

    def _blob(self, data: bytes) -> list:
        """[offset, length] of ``data`` among the bytes after the JSON text."""
        at = self.size
        self.blobs.append(data)
        self.size += len(data)
        return [at, len(data)]

    def _packed(self, values):
        """Many strings (none holding a NUL) as one UTF-8 string of them, NUL-separated, or many
        ints (64 bits) as an array, after the JSON text: read back by one split or one
        ``array.tolist``, not item by item. None for other values."""
        if len(values) < _MIN_PACKED:
            return None
        if all(type(v) is str and "\0" not in v for v in values):
            return {"S": self._blob("\0".join(values).encode())}
        if all(type(v) is int for v in values):
            from array import array

            try:
                a = array("q", values)
            except OverflowError:
                return None
            if _BIG_ENDIAN:
                a.byteswap()
            return {"I": self._blob(a.tobytes())}
        return None

    def _columns(self, o: dict):
        """A table of string -> list of same-length tuples of scalars (the matcher's forms:
        3,000 of them) as columns, read back by one zip: [keys, counts (null when every list
        holds one tuple), column, ...], each column packed (:meth:`_packed`) or a JSON list.
        None for any other dict."""
        flat = [p for ps in o.values() if type(ps) is list for p in ps]
        if len(flat) < sum(len(ps) if type(ps) is list else 1 for ps in o.values()) or not flat:
            return None
        width = len(flat[0])
        if not all(type(p) is tuple and len(p) == width and _scalars(p) for p in flat):
            return None
        counts = [len(ps) for ps in o.values()]
        out = [self._column(list(o)), None if all(n == 1 for n in counts) else self._column(counts)]
        out += [self._column([p[i] for p in flat]) for i in range(width)]
        return out

    def _lookup(self, o: dict):
        """A big dict of strings -> strings (or ints) as [keys, values], each packed
        (:meth:`_packed`): read back by one zip. None for any other dict."""
        if not all(type(k) is str for k in o):
            return None
        values = list(o.values())
        kind = type(values[0])
        if kind not in (str, int) or not all(type(v) is kind for v in values):
            return None
        keys, values = self._packed(list(o)), self._packed(values)
        return None if keys is None or values is None else [keys, values]

    def _table(self, o: dict):
        """A big table of string -> one tuple of scalars of a fixed width (the cue lexicon's
        1,100 forms -> (lemma, stance)) as columns, read back by one zip: [keys, column, ...].
        None for any other dict."""
        rows = list(o.values())
        width = len(rows[0]) if type(rows[0]) is tuple else 0
        if not width or not all(type(r) is tuple and len(r) == width and _scalars(r) for r in rows):
            return None
        return [self._column(list(o))] + [self._column([r[i] for r in rows]) for i in range(width)]

    def _column(self, values: list):
        return self._packed(values) or {"J": values}


def _state(o, name: str) -> dict:
    """The attributes of an instance of one of the ``CLASSES``, as a dict."""
    state = o.__getstate__()
    if isinstance(state, tuple):  # the default for a class with __slots__: (None, slots)
        merged = {}
        for part in state:
            merged.update(part or {})
        state = merged
    if type(state) is not dict or not all(type(k) is str for k in state):
        raise TypeError(f"{name}: the state is not a dict of attributes")
    return state


def _plain(o, depth: int = 0) -> bool:
    """Whether ``o`` holds no instances (of the ``CLASSES``): only scalars, bytes and
    containers of them."""
    t = type(o)
    if t in _SCALARS or t is float or t is bytes:
        return True
    if depth > 50:
        return False
    if t is list or t is tuple or t is set or t is frozenset:
        return all(_plain(v, depth + 1) for v in o)
    if t is dict:
        return all(_plain(k, depth + 1) and _plain(v, depth + 1) for k, v in o.items())
    return False


def _scalars(values) -> bool:
    return all(type(x) in _SCALARS for x in values)


def is_json(o, depth: int = 0) -> bool:
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
        return all(is_json(v, depth + 1) for v in o)
    if t is dict:
        return all(type(k) is str and is_json(v, depth + 1) for k, v in o.items())
    return False


class _Decoder:
    def __init__(self, blobs=b""):
        self.objs: list = []
        self.blobs = blobs  # (a memoryview of the bytes after the JSON text)
        self.classes: dict[str, type] = {}

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
            if tag == "J":
                if type(v) is not list and type(v) is not dict:
                    raise ValueError("a list or a mapping was expected")
                return v
            if tag == "t":
                return tuple(self._items(v))
            if tag == "S":
                return str(self._bytes(v), "utf-8").split("\0")
            if tag == "I":
                from array import array

                a = array("q")
                a.frombytes(self._bytes(v))  # (a ValueError when not a whole number of ints)
                if _BIG_ENDIAN:
                    a.byteswap()
                return a.tolist()
            if tag == "U":
                return str(self._bytes(v), "utf-8")
            if tag == "C":
                return self._uncolumns(v)
            if tag == "T":  # (a list or dict inside stays plain data)
                return [x if x is None else tuple(x) for x in _list(v)]
            if tag == "O":
                return self._instances(v)
            if tag == "Cv":
                keys, values = _list(v)
                keys, values = self._column(keys), self._column(values)
                if len(keys) != len(values):
                    raise ValueError("columns of different lengths")
                return dict(zip(keys, values))
            if tag == "Bl":
                from itertools import chain

                data, ends = _list(v)
                data, ends = bytes(self._bytes(data)), self._column(ends)
                if any(type(e) is not int for e in ends) or ends != sorted(ends) or (ends and ends[0] < 0) \
                        or (ends[-1] if ends else 0) != len(data):
                    raise ValueError("packed bytes: lengths that do not add up")
                return list(map(data.__getitem__, map(slice, chain((0,), ends), ends)))
            # (no type checks per item below: whatever the file holds, tuple() or frozenset() of it
            # is plain data)
            if tag == "Ct":
                keys, *cols = _list(v)
                keys = self._column(keys)
                cols = [self._column(c) for c in cols]
                if not cols or any(len(c) != len(keys) for c in cols):
                    raise ValueError("columns of different lengths")
                return dict(zip(keys, zip(*cols)))
            if tag == "Dt":
                return {k: tuple(x) for k, x in _dict(v).items()}
            if tag == "Df":
                return {k: frozenset(x if type(x) is list else self._items(x)) for k, x in _dict(v).items()}
            if tag == "p":
                return {self.dec(k): self.dec(x) for k, x in _list(v)}
            if tag == "f":
                return frozenset(self._items(v))
            if tag == "s":
                return set(self._items(v))
            if tag == "B":
                return bytes(self._bytes(v))
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

    def _items(self, v) -> list:
        """The items of a tuple or set: a JSON list of encoded values, or packed (S, I)."""
        if type(v) is list:
            return [self.dec(x) if type(x) in _NESTED else x for x in v]
        if type(v) is dict and len(v) == 1 and ("S" in v or "I" in v):
            return self.dec(v)
        raise ValueError("a list was expected")

    def _bytes(self, v) -> memoryview:
        """The bytes after the JSON text that ``[offset, length]`` names."""
        at, n = _list(v)
        if type(at) is not int or type(n) is not int or at < 0 or n < 0 or at + n > len(self.blobs):
            raise ValueError(f"bytes {v!r} outside the file")
        return self.blobs[at:at + n]

    def _uncolumns(self, v) -> dict:
        from itertools import accumulate, chain

        keys, counts, *cols = _list(v)
        keys = self._column(keys)
        payloads = list(zip(*[self._column(c) for c in cols]))
        if counts is None:  # one payload each (the usual case)
            if len(payloads) != len(keys):
                raise ValueError("columns of different lengths")
            return dict(zip(keys, map(list, zip(payloads))))
        ends = list(accumulate(self._column(counts)))
        if len(ends) != len(keys) or (ends and ends[-1] != len(payloads)):
            raise ValueError("columns of different lengths")
        # each key's payloads: the slice of them from the previous key's end to its own
        return dict(zip(keys, map(payloads.__getitem__, map(slice, chain((0,), ends), ends))))

    def _column(self, v) -> list:
        if type(v) is not dict or len(v) != 1 or not ("S" in v or "I" in v or "J" in v):
            raise ValueError("a column was expected")
        return _list(self.dec(v))

    def _class(self, name) -> type:
        cls = self.classes.get(name)
        if cls is None:
            import importlib

            where = CLASSES.get(name)  # a dict lookup: nothing the file says is imported or called
            if where is None:
                raise ValueError(f"{name!r} is not a cacheable class")
            cls = self.classes[name] = getattr(importlib.import_module(where[0]), where[1])
        return cls

    def _instances(self, v) -> list:
        """The instances of a table (``_Encoder._instances``): made and numbered once every
        column is read, each column's values set on all of them at once (or each row handed
        to the class's ``__setstate__``)."""
        from itertools import repeat

        name, first, keys, *cols = _list(v)
        cls = self._class(name)
        keys = _list(keys)
        if not cols or len(cols) != len(keys) or not all(type(k) is str for k in keys) or len(set(keys)) != len(keys):
            raise ValueError("a table of instances: attribute names and columns do not pair up")
        cols = [_list(self.dec(c)) for c in cols]
        n = len(cols[0])
        if any(len(c) != n for c in cols):
            raise ValueError("columns of different lengths")
        if first != len(self.objs):
            raise ValueError(f"object number {first!r} out of order")
        objs = [cls.__new__(cls) for _ in range(n)]
        self.objs += objs
        if "__setstate__" in cls.__dict__:
            for _ in map(cls.__setstate__, objs, map(dict, map(zip, repeat(keys), zip(*cols)))):
                pass
        elif n and hasattr(objs[0], "__dict__"):
            for obj, row in zip(objs, zip(*cols)):
                obj.__dict__.update(zip(keys, row))
        else:
            for k, col in zip(keys, cols):  # a name not among the slots is an AttributeError
                for _ in map(setattr, objs, repeat(k), col):
                    pass
        return objs

    def _instance(self, o: dict):
        cls = self._class(o["o"])
        if o.get("i") != len(self.objs):
            raise ValueError(f"object number {o.get('i')!r} out of order")
        obj = cls.__new__(cls)
        self.objs.append(obj)
        state = {k: self.dec(v) if type(v) in _NESTED else v for k, v in _dict(o.get("v")).items()}
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
