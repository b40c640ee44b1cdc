"""A cache entry can never run code (SECURITY.md, "Caches never run code").

A hostile entry is planted by each route an attacker has: a symbolic link
from the cache folder to a file in the checked repository, a cache folder
anyone can write to, and a cache folder committed inside the checked
repository. Each time nothing runs, nothing planted is used, and the check
still succeeds with the findings of a clean run. Entries in the user's cache
are data only (annotator.plaindata); pickles are loaded only from the
compiled rules shipped inside the package."""

import json
import os
import pickle
import stat
import subprocess
import sys

import pytest
from conftest import ROOT, run_cli

from annotator import plaindata, resources
from annotator.engine import Engine, cache
from annotator.engine.loader import load_specs

ARTICLE = (
    "Minister Quits\n\n"
    "The minister resigned on Tuesday. \"It was time,\" she said, adding that the decision was "
    "obviously hers alone. Critics slammed the move as a so-called reform.\n"
)


class _Payload:
    """Unpickling this runs a command (it creates the marker file)."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def _repo(tmp_path):
    """A checked repository: a git work tree with an article and a file holding a pickle
    that runs a command when loaded."""
    repo = tmp_path / "repo"
    (repo / "news").mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    (repo / "news" / "story.txt").write_text(ARTICLE, encoding="utf-8")
    marker = tmp_path / "PWNED"
    (repo / "news" / "evil.txt").write_bytes(pickle.dumps(_Payload(marker)))
    return repo, marker


def _names():
    """The user-cache entries a check of the built-in rules reads (without extension)."""
    from annotator.analysis import lexicon, mentions
    from annotator.analysis.nepali import attribution as nepali

    rules = [resources.rules_dir()]
    return ([f"engine-{cache._engine_key(rules)}", f"rules-{cache._specs_key(rules)}"]
            + [lexicon._entry(n) for n in ("cues", "people", "irregular-verbs", "given-names", "genre", "attribution", "voice")]
            + [lexicon._entry("mentions", (mentions.__file__,)), lexicon._entry("cues-ne", (nepali.__file__,))])


def _json(name: str) -> str:
    """The file of the user-cache entry ``name``."""
    return resources._user_entry(name)


@pytest.fixture(scope="module")
def planted_engine():
    """A well-formed engine entry whose every message says PLANTED: if it were used, the
    output would show it."""
    eng = Engine(load_specs([]))
    for info in eng.info:
        info.message = "PLANTED"
    return plaindata.dumps(eng)


def _check(repo, cdir, *paths):
    return run_cli("check", *(paths or ("news/story.txt",)), cwd=str(repo),
                   env={"ANNOTATOR_CACHE_DIR": str(cdir), "ANNOTATOR_NO_CACHE": ""})


def _clean(tmp_path, repo):
    r = _check(repo, tmp_path / "clean-cache")
    assert r.returncode in (0, 1) and "Found" in r.stdout, r.stderr
    return r


def _same_run(r, clean):
    assert r.returncode == clean.returncode, r.stderr
    assert r.stdout == clean.stdout
    assert "Traceback" not in r.stderr and "PLANTED" not in r.stdout


def test_symlinked_entry_is_never_followed(tmp_path):
    """The issue's reproduction: ln -s "$PWD/news/evil.txt" "$CACHE/engine-$KEY.pickle"
    (and the same under every name the cache reads now, .json)."""
    repo, marker = _repo(tmp_path)
    clean = _clean(tmp_path, repo)
    cdir = tmp_path / "cache"
    cdir.mkdir(mode=0o700)
    evil = repo / "news" / "evil.txt"
    before = evil.read_bytes()
    for name in _names():
        for entry in (name + ".pickle", _json(name)):
            (cdir / entry).symlink_to(evil)
    (cdir / "pyproject-probes.txt").symlink_to(evil)
    (cdir / "pyproject-probes.pickle").symlink_to(evil)
    r = _check(repo, cdir)
    _same_run(r, clean)
    assert not marker.exists()
    assert evil.read_bytes() == before  # nothing written through a link either
    # the links were replaced by this user's own entries (or left alone), never read
    for name in _names()[:1]:
        p = cdir / _json(name)
        assert not p.is_symlink() and p.stat().st_uid == os.geteuid()


def test_symlinked_cache_folder_is_not_used(tmp_path, planted_engine):
    repo, _ = _repo(tmp_path)
    clean = _clean(tmp_path, repo)
    real = tmp_path / "elsewhere"
    real.mkdir(mode=0o700)
    (real / _json(_names()[0])).write_bytes(planted_engine)
    link = tmp_path / "cache-link"
    link.symlink_to(real)
    _same_run(_check(repo, link), clean)
    assert sorted(os.listdir(real)) == [_json(_names()[0])]  # nothing written there either


@pytest.mark.parametrize("mode", [0o777, 0o775, 0o1777])
def test_cache_folder_others_can_write_is_not_used(tmp_path, planted_engine, mode):
    repo, marker = _repo(tmp_path)
    clean = _clean(tmp_path, repo)
    cdir = tmp_path / "shared-cache"
    cdir.mkdir()
    cdir.chmod(mode)
    name = _names()[0]
    (cdir / _json(name)).write_bytes(planted_engine)
    (cdir / (name + ".pickle")).write_bytes(pickle.dumps(_Payload(marker)))
    _same_run(_check(repo, cdir), clean)
    assert not marker.exists()
    assert sorted(os.listdir(cdir)) == sorted([_json(name), name + ".pickle"])


def test_entry_others_can_write_is_not_read(tmp_path, planted_engine):
    cdir = tmp_path / "cache"
    cdir.mkdir(mode=0o700)
    p = cdir / "entry.json"
    p.write_bytes(planted_engine)
    p.chmod(0o666)
    with pytest.raises(PermissionError):
        resources.read_cache_file(str(p))
    p.chmod(0o600)
    assert resources.read_cache_file(str(p)) == planted_engine
    # a hard link (say, to an article in a checked repository this user owns) is not an entry
    os.link(p, tmp_path / "article.txt")
    with pytest.raises(PermissionError):
        resources.read_cache_file(str(p))


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to give a file away")
def test_entry_or_folder_of_another_user_is_not_read(tmp_path, monkeypatch, planted_engine):
    cdir = tmp_path / "cache"
    cdir.mkdir(mode=0o700)
    p = cdir / "entry.json"
    p.write_bytes(planted_engine)
    os.chown(p, 65534, 65534)
    with pytest.raises(PermissionError):
        resources.read_cache_file(str(p))
    monkeypatch.setenv("ANNOTATOR_CACHE_DIR", str(cdir))
    monkeypatch.delenv("ANNOTATOR_NO_CACHE", raising=False)
    assert resources.cache_dir() == str(cdir)
    os.chown(cdir, 65534, 65534)
    assert resources.cache_dir() is None


@pytest.mark.parametrize("where", [".annotator-cache", "news/.cache"])
def test_cache_folder_inside_the_checked_repository_is_not_used(tmp_path, planted_engine, where):
    """ANNOTATOR_CACHE_DIR pointing at a folder a commit can fill: refused, whether it lies
    under the checked path or only in the same repository."""
    repo, marker = _repo(tmp_path)
    clean = _clean(tmp_path, repo)
    cdir = repo / where
    cdir.mkdir(mode=0o700)
    name = _names()[0]
    (cdir / _json(name)).write_bytes(planted_engine)
    (cdir / (name + ".pickle")).symlink_to(repo / "news" / "evil.txt")
    r = _check(repo, cdir, "news")
    assert "Found" in r.stdout and "PLANTED" not in r.stdout and "Traceback" not in r.stderr, r.stderr
    assert not marker.exists()
    # said once, on one line naming the folder and why (a silent refusal made every run several times slower)
    notes = [ln for ln in r.stderr.splitlines() if "cache folder" in ln]
    assert len(notes) == 1 and str(cdir) in notes[0] and "inside the files being checked" in notes[0], r.stderr
    assert sorted(os.listdir(cdir)) == sorted([_json(name), name + ".pickle"])  # and nothing written
    # checking from outside the repository, by an absolute path, changes nothing
    r = run_cli("check", str(repo / "news" / "story.txt"), cwd=str(tmp_path),
                env={"ANNOTATOR_CACHE_DIR": str(cdir), "ANNOTATOR_NO_CACHE": ""})
    assert r.returncode == clean.returncode and "PLANTED" not in r.stdout, r.stderr
    assert r.stdout.count("warning") == clean.stdout.count("warning") > 0
    assert sorted(os.listdir(cdir)) == sorted([_json(name), name + ".pickle"])


def test_refused_cache_folder_is_said_and_not_created_in_the_checked_tree(tmp_path):
    repo, _ = _repo(tmp_path)
    cdir = repo / "news" / "cache"
    r = _check(repo, cdir, "news")
    assert "Found" in r.stdout and "Traceback" not in r.stderr, r.stderr
    assert not cdir.exists()  # no empty folder left among the articles
    notes = [ln for ln in r.stderr.splitlines() if "cache folder" in ln]
    assert len(notes) == 1 and "ANNOTATOR_CACHE_DIR" in notes[0], r.stderr
    # a usable folder outside: nothing said; ANNOTATOR_NO_CACHE: nothing said either
    for env in ({"ANNOTATOR_CACHE_DIR": str(tmp_path / "own-cache"), "ANNOTATOR_NO_CACHE": ""},
                {"ANNOTATOR_CACHE_DIR": str(cdir), "ANNOTATOR_NO_CACHE": "1"}):
        r = run_cli("check", "news", cwd=str(repo), env=env)
        assert "Found" in r.stdout and "cache folder" not in r.stderr, r.stderr


@pytest.mark.parametrize("content", ["pickle", "class", "tag"])
def test_hostile_entry_in_the_users_own_folder_runs_nothing(tmp_path, content):
    """Even a file in the user's own safe folder is only data: a pickle there is not JSON, a
    class outside the fixed list is refused; the entry is rebuilt and the run succeeds."""
    repo, marker = _repo(tmp_path)
    clean = _clean(tmp_path, repo)
    cdir = tmp_path / "cache"
    cdir.mkdir(mode=0o700)
    bad = {
        "pickle": pickle.dumps(_Payload(marker)),
        "class": json.dumps({"o": "os.system", "i": 0, "v": {"command": f"touch {marker}"}}).encode(),
        "tag": json.dumps({"R": ["os", "system", [f"touch {marker}"]]}).encode(),
    }[content]
    for name in [*_names(), "pyproject-probes"]:
        (cdir / _json(name)).write_bytes(bad)
        (cdir / _json(name)).chmod(0o600)
    (cdir / "pyproject-probes.txt").write_bytes(bad)
    (cdir / "pyproject-probes.txt").chmod(0o600)
    _same_run(_check(repo, cdir), clean)
    assert not marker.exists()
    engine_entry = cdir / _json(_names()[0])
    assert isinstance(plaindata.loads(engine_entry.read_bytes()), Engine)  # rebuilt in place


def test_engine_entry_with_a_probe_pattern_re2_refuses_is_no_traceback(tmp_path):
    """The probe sets of an engine read from the cache are compiled on first use: a planted
    pattern RE2 refuses (for every text: no required strings) was a re2 traceback mid-run;
    now that pattern matches nothing and the run goes on."""
    repo, _ = _repo(tmp_path)
    clean = _clean(tmp_path, repo)
    cdir = tmp_path / "cache"
    cdir.mkdir(mode=0o700)
    eng = Engine(load_specs([]))
    eng.probes.patterns[0] = "(unclosed"
    eng.probes.needs[0] = None
    entry = cdir / _json(_names()[0])
    entry.write_bytes(plaindata.dumps(eng))
    entry.chmod(0o600)
    r = _check(repo, cdir)
    assert r.returncode == clean.returncode and "Traceback" not in r.stderr, r.stderr
    assert "Found" in r.stdout


def test_a_copy_elsewhere_is_not_handed_the_paths_of_a_removed_one(tmp_path):
    """The key of the built-in rules is the same wherever annotator lies (so the wheel's
    shipped entries match); what the user cache builds from them names their files (a rule's,
    a model's weights). Two checkouts or environments sharing the cache: once the first is
    gone, the second must still run, not read the first one's weights ("cannot read weights")."""
    import shutil

    skip = shutil.ignore_patterns("__pycache__", "_data")
    for copy in ("a", "b"):
        shutil.copytree(os.path.join(ROOT, "annotator"), tmp_path / copy / "annotator", ignore=skip)
        shutil.copytree(os.path.join(ROOT, "rules"), tmp_path / copy / "rules", ignore=skip)
    # the second copy's engine code differs (a newer checkout), its rules' do not: it builds its engine
    # from the rule specs the first one cached
    with open(tmp_path / "b" / "annotator" / "engine" / "matcher.py", "a", encoding="utf-8") as f:
        f.write("\n# a later edit\n")
    art = tmp_path / "news" / "story.txt"
    art.parent.mkdir()
    art.write_text(ARTICLE, encoding="utf-8")
    env = {**os.environ, "ANNOTATOR_CACHE_DIR": str(tmp_path / "cache"), "ANNOTATOR_NO_CACHE": ""}

    def run(copy):
        return subprocess.run([sys.executable, "-P", "-m", "annotator", "check", str(art)], capture_output=True,
                              text=True, env={**env, "PYTHONPATH": str(tmp_path / copy)}, cwd=str(tmp_path))

    first = run("a")
    assert first.returncode in (0, 1) and "Found" in first.stdout, first.stderr
    shutil.rmtree(tmp_path / "a")
    second = run("b")
    assert (second.returncode, second.stdout) == (first.returncode, first.stdout.replace(
        str(tmp_path / "a"), str(tmp_path / "b"))), second.stderr


def test_pyproject_memo_is_plain_lines():
    from annotator.engine import config

    memo = {"/a/pyproject.toml": (1, 2, 3, True), "/b c/pyproject.toml": (4, 5, 6, False)}
    lines = "".join(f"{m} {s} {i} {int(f)} {p}\n" for p, (m, s, i, f) in memo.items()).encode()
    assert config._parse_memo(lines) == memo
    for bad in (b"x\n", b"1 2 3\n", pickle.dumps({"a": 1}), b'{"o":"os.system"}\n'):
        assert config._parse_memo(bad) == {}


def test_plaindata_refuses_what_it_does_not_know(tmp_path):
    marker = tmp_path / "PWNED"
    for data in (
        pickle.dumps(_Payload(marker)),
        b'{"o":"os.system","i":0,"v":{}}',
        b'{"J":[]}',  # well-formed, but without the header: an entry of an earlier form
        plaindata.MAGIC + b'{"o":"os.system","i":0,"v":{}}',
        plaindata.MAGIC + b'{"o":"Engine","i":1,"v":{}}',
        plaindata.MAGIC + b'{"r":0}',
        plaindata.MAGIC + b'{"x":1}',
        plaindata.MAGIC + b'{"n":"__import__(\'os\')"}',
        plaindata.MAGIC + b'{"o":"RuleSpec","i":0,"v":{"__class__":1}}',
        plaindata.MAGIC + b'{"S":[0,3]}\x00a\xffb',  # packed strings that are not UTF-8
        plaindata.MAGIC + b'{"I":[0,5]}\x00abcde',  # packed ints that are not whole
        plaindata.MAGIC + b'{"t":{"o":"Engine","i":0,"v":{}}}',  # a tuple's items must be a list
    ):
        with pytest.raises((ValueError, TypeError, AttributeError, KeyError)):
            plaindata.loads(data)
    # nested deeper than the JSON scanner (or the decoder, below its limit) recurses: a
    # ValueError like any other malformed file, not a RecursionError
    for data in (b"[" * 100_000 + b"]" * 100_000, b'{"t":[' * 100_000 + b"]}" * 100_000, b"[" * 900 + b"]" * 900):
        with pytest.raises(ValueError, match="nested too deeply"):
            plaindata.loads(plaindata.MAGIC + data)
    with pytest.raises(TypeError):
        plaindata.dumps(_Payload(marker))
    assert not marker.exists()
    value = {"a": (1, 2.5, None), 3: frozenset({"x"}), "s": {b"\xff\x00"}, "f": float("inf"), "l": [[]]}
    assert plaindata.loads(plaindata.dumps(value)) == value
    # a big table of payloads goes as columns; lists of other lengths and odd strings survive
    table = {f"w{i}": [(i, i + 1, "base")] for i in range(100)}
    assert plaindata.loads(plaindata.dumps(table)) == table
    table.update({"none": [], "two": [(1, 2, "a\nb"), (3, 4, "")]})
    assert plaindata.loads(plaindata.dumps(table)) == table
    # many strings and ints are packed after the text, read back as they were
    packed = {"s": [f"w{i}\n\u00e9\U0001f469" for i in range(40)], "i": list(range(-20, 2**40, 2**35)),
              "t": tuple(str(i) for i in range(20)), "f": frozenset(range(30)), "big": [2**70] * 20,
              "nul": ["a\0b"] * 20, "long": "x" * 5000}
    data = plaindata.dumps(packed)
    assert plaindata.loads(data) == packed and b'"S":' in data and b'"I":' in data and b'"U":' in data
    with pytest.raises(ValueError):
        plaindata.loads(plaindata.dumps(table).replace(b'"C":[{"S":', b'"C":[{"J":["a","b"]},{"S":'))


def _refused(data: bytes) -> None:
    with pytest.raises(ValueError):
        plaindata.loads(data)


def test_plaindata_tables_read_back_as_written_and_refuse_columns_that_do_not_fit():
    """The packed forms of plaindata (tables of instances, lookups, fixed-width tables,
    packed bytes, tuples or None) give back what was written; a column of another length,
    an out-of-order number or lengths that do not add up are refused, never half read."""
    from annotator.engine.context import SlotInfo

    specs = load_specs([])
    infos = [SlotInfo(s) for s in specs]
    data = plaindata.dumps({"specs": specs, "infos": infos})
    assert data.count(b'{"O":[') == 2
    back = plaindata.loads(data)
    assert [s.__getstate__() for s in back["specs"]] == [s.__getstate__() for s in specs]
    assert [[getattr(i, k) for k in SlotInfo.__slots__] for i in back["infos"]] == \
        [[getattr(i, k) for k in SlotInfo.__slots__] for i in infos]
    # an instance written before the table is referred to, not written again: no table then
    mixed = [infos[0]] + infos
    again = plaindata.loads(plaindata.dumps(mixed))
    assert again[0] is again[1] and len(again) == len(mixed)
    # a column of another length; a table numbered out of order
    text = data[len(plaindata.MAGIC):data.index(b"\0")].decode()
    blobs = data[data.index(b"\0"):]
    tree = json.loads(text)
    cols = tree["d"]["infos"]["O"]
    short = json.loads(text)
    short["d"]["infos"]["O"][3 + cols[2].index("confidence")]["J"].pop()
    first = json.loads(text)
    first["d"]["infos"]["O"][1] += 1
    names = json.loads(text)
    names["d"]["infos"]["O"][2][0] = names["d"]["infos"]["O"][2][1]
    for bad in (short, first, names):
        _refused(plaindata.MAGIC + json.dumps(bad).encode() + blobs)

    lookup = {f"form{i}": f"lemma{i % 7}" for i in range(100)}
    fixed = {f"form{i}": (f"lemma{i % 7}", "neutral") for i in range(100)}
    raw = [bytes([i]) * (i % 5) for i in range(40)]
    langs = [("en",), None, ("en", "ne")]
    value = {"lookup": lookup, "fixed": fixed, "raw": raw, "langs": langs}
    data = plaindata.dumps(value)
    assert all(tag in data for tag in (b'"Cv":', b'"Ct":', b'"Bl":', b'"T":'))
    assert plaindata.loads(data) == value
    tree = json.loads(data[len(plaindata.MAGIC):data.index(b"\0")])
    blobs = data[data.index(b"\0"):]
    for tag, spoil in (("Cv", lambda c: c.__setitem__(1, {"J": ["a"]})),
                       ("Ct", lambda c: c.__setitem__(2, {"J": ["a", "b"]})),
                       ("Bl", lambda c: c.__setitem__(1, {"J": [5, 3]})),
                       ("Bl", lambda c: c.__setitem__(1, {"J": [1000]}))):
        bad = json.loads(json.dumps(tree))
        key = next(k for k, v in bad["d"].items() if tag in v)
        spoil(bad["d"][key][tag])
        _refused(plaindata.MAGIC + json.dumps(bad).encode() + blobs)


def test_plaindata_reads_json_text_as_json_does_without_importing_it():
    """The C scanner that json.loads runs, without json's decoder module (~5M instructions
    to import): the same values; anything else is a ValueError, not a SystemError, even
    before json is imported."""
    code = (
        "import sys\n"
        "from annotator import plaindata\n"
        "v = plaindata.json_loads('{\"a\":[1,2.5,\"\\\\u00e9\",null,true,{}],\"b\":-0.0}')\n"
        "assert v == {'a': [1, 2.5, '\\u00e9', None, True, {}], 'b': -0.0}, v\n"
        "assert 'json.decoder' not in sys.modules\n"
        "for bad in ('{', '', '[1] ', '[1]x', 'NaN', '[Infinity]', '\"a\\x01\"', '{\"a\":}'):\n"
        "    try:\n"
        "        plaindata.json_loads(bad)\n"
        "    except ValueError:\n"
        "        continue\n"
        "    raise SystemExit(f'accepted {bad!r}')\n"
        "print('ok')\n"
    )
    r = subprocess.run([sys.executable, "-P", "-c", code], capture_output=True, text=True, cwd=ROOT,
                       env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert r.stdout.strip() == "ok", r.stderr


def test_rule_options_and_examples_are_json_text_until_used_and_checked_when_read():
    """A cached rule keeps its options and examples as JSON text, decoded on first use (a
    check never decodes the examples, nor the word lists of the rules that are off), with a
    CRC-32: a damaged text is refused when the entry is read, not when a rule first runs."""
    specs = load_specs([])
    data = plaindata.dumps(specs)
    back = plaindata.loads(data)
    assert all(type(s._options) is bytes and type(s._examples) is bytes for s in back)
    assert [s.options for s in back] == [s.options for s in specs]
    assert [s.examples for s in back] == [s.examples for s in specs]
    assert [s.__getstate__() for s in back] == [s.__getstate__() for s in specs]
    for s, b in zip(specs, pickle.loads(pickle.dumps(back))):  # (the form the wheel ships)
        assert (b.options, b.examples) == (s.options, s.examples)
    # one byte of a rule's word list changed, the text still JSON: the entry is refused
    word = specs[1].options["words"][0]["word"].encode()
    at = data.index(b'"word":"' + word)
    damaged = data[:at] + b'"word":"X' + data[at + 9:]
    with pytest.raises(ValueError, match="CRC"):
        plaindata.loads(damaged)
    for state in ({**specs[1].__getstate__(), "options": [1]}, {**specs[1].__getstate__(), "crc": "0"},
                  {**specs[1].__getstate__(), "extra": 1}):
        with pytest.raises(ValueError):
            type(specs[1]).__new__(type(specs[1])).__setstate__(state)


def test_cache_folder_is_made_0700_and_entries_0600(tmp_path, monkeypatch):
    cdir = tmp_path / "new" / "annotator"
    monkeypatch.setenv("ANNOTATOR_CACHE_DIR", str(cdir))
    monkeypatch.delenv("ANNOTATOR_NO_CACHE", raising=False)
    assert resources.cache_dir() == str(cdir)
    assert stat.S_IMODE(os.lstat(cdir).st_mode) == 0o700
    assert resources.store_cached("probe", {"a": (1, 2)})
    assert stat.S_IMODE(os.lstat(cdir / resources._user_entry("probe")).st_mode) == 0o600
    assert resources.load_cached("probe") == {"a": (1, 2)}
    assert [n for n in os.listdir(cdir) if n.endswith(".tmp")] == []
    # a file where the folder should be, or a link to a folder: no cache, no error
    other = tmp_path / "file"
    other.write_text("x")
    monkeypatch.setenv("ANNOTATOR_CACHE_DIR", str(other))
    assert resources.cache_dir() is None and resources.load_cached("probe") is None
    assert not resources.store_cached("probe", 1)


def test_the_user_cache_never_unpickles(tmp_path, monkeypatch):
    """Whatever the user cache holds, loading from it never reaches pickle."""
    cdir = tmp_path / "cache"
    cdir.mkdir(mode=0o700)
    monkeypatch.setenv("ANNOTATOR_CACHE_DIR", str(cdir))
    monkeypatch.delenv("ANNOTATOR_NO_CACHE", raising=False)
    monkeypatch.setattr(resources, "shipped_dir", lambda: str(tmp_path / "none"))
    (cdir / resources._user_entry("x")).write_bytes(pickle.dumps(_Payload(tmp_path / "PWNED")))
    (cdir / "x.pickle").write_bytes(pickle.dumps(_Payload(tmp_path / "PWNED")))
    calls = []
    monkeypatch.setattr(pickle, "load", lambda *a, **k: calls.append(a))
    monkeypatch.setattr(pickle, "loads", lambda *a, **k: calls.append(a))
    assert resources.load_cached("x") is None
    assert calls == [] and not (tmp_path / "PWNED").exists()


def test_shipped_entries_are_used_and_fresh(tmp_path, monkeypatch):
    """What the wheel ships (hatch_build.py -> cache.write_shipped) is found under the names a
    run computes from the installed files, so a first run builds nothing."""
    from annotator.analysis import lexicon

    out = tmp_path / "compiled"
    names = cache.write_shipped(str(out))
    assert sorted(names) == sorted(n + ".pickle" for n in _names() if not n.startswith(("rules-", "pyproject")))
    monkeypatch.setattr(resources, "shipped_dir", lambda: str(out))
    monkeypatch.setenv("ANNOTATOR_NO_CACHE", "1")

    def no_build(*a, **k):
        raise AssertionError("built although the wheel ships it")

    monkeypatch.setattr(cache, "load_specs_cached", no_build)
    eng = cache.load_engine_cached([])
    assert all(os.path.isfile(s.path) for s in eng.specs)  # paths are those of this installation
    built = Engine(load_specs([]))
    from annotator.readers import read_text

    doc = read_text(ARTICLE, "a.txt", "text")
    from annotator.analysis import analyse

    analyse(doc)
    got = [(f.rule, f.start, f.end, f.message) for f in eng.check(doc)]
    assert got and got == [(f.rule, f.start, f.end, f.message) for f in built.check(doc)]
    monkeypatch.setattr(lexicon, "load_yaml_file", no_build)
    for name, kind in (("cues", lexicon.CueLexicon), ("people", lexicon.PeopleLexicon),
                       ("irregular-verbs", lexicon._past_forms)):
        assert lexicon.cached(name, kind, frozenset if name == "irregular-verbs" else kind) is not None


def test_checked_tree_reaches_worker_processes(tmp_path, monkeypatch):
    """A worker started by spawn or forkserver (batch.py) has not run the command line: it
    learns the checked tree from the environment."""
    repo, _ = _repo(tmp_path)
    cdir = repo / ".cache"
    monkeypatch.setenv("ANNOTATOR_CACHE_DIR", str(cdir))
    monkeypatch.delenv("ANNOTATOR_NO_CACHE", raising=False)
    monkeypatch.delenv(resources._ROOTS_ENV, raising=False)
    monkeypatch.setattr(resources, "_CHECKED_ROOTS", [])
    assert resources.cache_dir() == str(cdir)  # nothing checked yet: a folder like any other
    resources.set_checked_paths([str(repo / "news" / "story.txt")])
    assert resources.cache_dir() is None
    resources._CHECKED_ROOTS.clear()  # as in a fresh worker process
    assert resources.cache_dir() is None
    r = subprocess.run([sys.executable, "-P", "-c", "from annotator import resources; print(resources.cache_dir())"],
                       env=dict(os.environ, PYTHONPATH=ROOT), capture_output=True, text=True, check=False)
    assert r.stdout.strip() == "None", r.stderr


def _roots_by_realpath(paths):
    """set_checked_paths as it was first written: every path resolved in full."""
    roots = set()
    for p in paths:
        real = os.path.realpath(p)
        folder = real if os.path.isdir(real) else os.path.dirname(real)
        roots.add(folder)
        top = resources.work_tree(folder)
        if top is not None:
            roots.add(top)
    return roots


def test_checked_roots_are_the_resolved_paths(tmp_path, monkeypatch):
    """A symbolic link among the names (the file, its folder, a folder before ``..``) leads the
    checked tree where it points, as ``os.path.realpath`` would."""
    repo, _ = _repo(tmp_path)
    other = tmp_path / "other"
    (other / "deep").mkdir(parents=True)
    (other / "deep" / "a.txt").write_text("x", encoding="utf-8")
    (repo / "news" / "link.txt").symlink_to(other / "deep" / "a.txt")
    (repo / "news" / "dirlink").symlink_to(other / "deep")
    (repo / "up").symlink_to(other / "deep")
    monkeypatch.chdir(repo)
    paths = ["news/story.txt", "news/link.txt", "news/dirlink", "news/dirlink/a.txt", "up/../deep/a.txt",
             "news", "news/", ".", "news/.", "news/..", "missing/file.txt", "news/missing.txt",
             str(repo / "news" / "story.txt"), "story-in-cwd.txt", "-", ""]
    monkeypatch.delenv(resources._ROOTS_ENV, raising=False)
    monkeypatch.setattr(resources, "_CHECKED_ROOTS", [])
    resources.set_checked_paths(paths)
    assert set(resources._CHECKED_ROOTS) == _roots_by_realpath([p for p in paths if p not in ("-", "")])
    assert str(other / "deep") in resources._CHECKED_ROOTS  # through the links
    assert len(resources._CHECKED_ROOTS) == len(set(resources._CHECKED_ROOTS))


def test_checked_roots_resolve_each_folder_once(tmp_path, monkeypatch):
    """281 articles in five folders: each folder is resolved and searched for its work tree
    once (~60M instructions when every article's full path was)."""
    repo, _ = _repo(tmp_path)
    paths = [str(repo / "news" / f"{i:03}.txt") for i in range(200)]
    calls = []
    real = os.path.realpath
    monkeypatch.setattr(os.path, "realpath", lambda p, **k: calls.append(p) or real(p, **k))
    monkeypatch.delenv(resources._ROOTS_ENV, raising=False)
    monkeypatch.setattr(resources, "_CHECKED_ROOTS", [])
    resources.set_checked_paths(paths)
    assert resources._CHECKED_ROOTS == [str(repo / "news"), str(repo)]
    assert len(calls) <= 2


@pytest.mark.slow
def test_the_wheel_ships_the_compiled_rules_fresh(tmp_path):
    """A wheel built from this checkout (hatch_build.py; needs PyPI for the build's
    dependencies) holds the compiled built-in rules and lexicons under exactly the names an
    installed copy computes, so its first run builds nothing."""
    import zipfile

    r = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-cache-dir", "-w",
                        str(tmp_path), ROOT], capture_output=True, text=True, check=False)
    assert r.returncode == 0, r.stderr[-3000:]
    (wheel,) = tmp_path.glob("annotator-*.whl")
    names = {n for n in zipfile.ZipFile(wheel).namelist() if n.startswith("annotator/_data/compiled/")}
    want = {f"annotator/_data/compiled/{n}.pickle" for n in _names() if not n.startswith("rules-")}
    assert names == want


@pytest.mark.parametrize("kind, reason", [("link", "a symbolic link"), ("file", "not a folder"),
                                          ("open", "writable by group or others")])
def test_each_refusal_is_said_once_with_its_reason(tmp_path, monkeypatch, capsys, kind, reason):
    """Every way a cache folder is refused says so on stderr, with its own reason, once per
    folder and process (resources._refused), not only the checked-tree one."""
    real = tmp_path / "real"
    real.mkdir(mode=0o700)
    cdir = tmp_path / "cache"
    if kind == "link":
        cdir.symlink_to(real)
    elif kind == "file":
        cdir.write_text("x")
    else:
        cdir.mkdir()
        os.chmod(cdir, 0o777)
    monkeypatch.setenv("ANNOTATOR_CACHE_DIR", str(cdir))
    monkeypatch.delenv("ANNOTATOR_NO_CACHE", raising=False)
    monkeypatch.setattr(resources, "_told", set())
    monkeypatch.setattr(resources, "_CHECKED_ROOTS", [])  # (no checked tree: only the folder's own fault)
    monkeypatch.delenv(resources._ROOTS_ENV, raising=False)
    assert resources.cache_dir() is None and resources.cache_dir() is None
    notes = capsys.readouterr().err.splitlines()
    assert len(notes) == 1 and str(cdir) in notes[0] and f"({reason})" in notes[0], notes
