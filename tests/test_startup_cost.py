"""What keeps the start-up of a one-file check small (issue 17) without changing what it finds:
the engine cache's bytes are raw (not a JSON string), a model's weights are unpacked only when a
word is scored."""

import ast
import os
import subprocess
import sys
from array import array

import pytest
from conftest import ROOT

sys.path.insert(0, ROOT)

from annotator import plaindata
from annotator.engine.kinds.model import Model, Tables


def test_bytes_follow_the_json_text_as_they_are():
    blob = array("d", [i / 7 for i in range(5000)]).tobytes()
    data = plaindata.dumps({"a": (blob, b""), "b": [b"\x00\xff"]})
    assert len(data) < len(blob) + 100  # 8 bytes a double, not a JSON string of escapes
    assert plaindata.loads(data) == {"a": (blob, b""), "b": [b"\x00\xff"]}


@pytest.mark.parametrize("data", [
    b'{"B":[0,5]}',  # no bytes after the text
    b'{"B":[2,5]}\x00abc',
    b'{"B":[-1,1]}\x00abc',
    b'{"B":["0",1]}\x00abc',
    b'{"B":[0]}\x00abc',
    b'{"S":[1,5]}\x00abc',
])
def test_bytes_outside_the_file_are_refused(data):
    assert plaindata.loads(plaindata.MAGIC + b'{"B":[1,2]}\x00abc') == b"bc"
    with pytest.raises((ValueError, TypeError)):
        plaindata.loads(plaindata.MAGIC + data)


def _model(weights):
    data = {"weights": weights, "bias": -1.0, "calibration": [1.0, 0.0], "threshold": 0.5, "lexicons": []}
    return Model(data, Tables({}, {}))


def test_cached_model_weights_are_unpacked_on_first_use():
    weights = {"w:notorious": 2.5, "l:notori": -0.25, "cap": 0.5, "1w:é": 1e-300}
    back = plaindata.loads(plaindata.dumps(_model(weights)))
    assert back._weights is None  # not built at start-up
    assert back.weights == weights and back.flag["cap"] == 0.5
    assert back.parts("notorious")[0] == 2.5


def test_cached_model_weights_that_do_not_pair_up_are_refused():
    state = _model({"w:a": 1.0, "w:b": 2.0}).__getstate__()
    assert state["_packed"][0] == b"w:a\x00w:b"
    for packed in ((b"w:a\x00w:b\x00w:c", state["_packed"][1]), (b"w:a", state["_packed"][1]),
                   (b"w:a\x00w:b", b"123"), ("w:a", b"12345678"), None):
        with pytest.raises(ValueError):
            Model.__new__(Model).__setstate__({**state, "_packed": packed})


def _patterns_compiled_by(imports: str) -> str:
    """How many patterns sre compiles while a fresh interpreter runs ``imports`` (as printed)."""
    code = ("import re._compiler as c\n"
            "n = [0]\n"
            "orig = c.compile\n"
            "def counted(*a, **k):\n"
            "    n[0] += 1\n"
            "    return orig(*a, **k)\n"
            "c.compile = counted\n"
            + imports +
            "print(n[0])\n")
    r = subprocess.run([sys.executable, "-P", "-c", code], capture_output=True, text=True, cwd=ROOT,
                       env={**os.environ, "PYTHONPATH": ROOT}, check=True)
    return r.stdout


def test_importing_the_analysis_compiles_few_patterns():
    """The analysis modules' patterns are compiled when first used (annotator.lazyre), not at
    import: an article uses only some of them (32 were compiled at import, ~90M instructions)."""
    n = _patterns_compiled_by("import annotator.analysis, annotator.readers.text, annotator.engine.matcher\n")
    assert int(n) <= 11, n


def test_importing_the_rule_kinds_compiles_few_patterns():
    """A kind's module-level pattern that a one-file check of an ordinary article never uses (the
    name after a misspelt first name, a replacement's group template) is compiled on first use:
    the name pattern's class with a curly apostrophe alone costs ~1M instructions in sre."""
    n = _patterns_compiled_by("import annotator.engine.kinds.consistency, annotator.engine.kinds.pattern\n"
                              "import annotator.engine.kinds.condition, annotator.engine.kinds.model\n")
    assert int(n) <= 7, n


def test_a_lazy_pattern_is_the_compiled_one():
    import re

    from annotator.lazyre import lazy

    p = lazy(r"(\w+)-(\w+)", re.IGNORECASE)
    assert p.search("a so-called reform").groups() == ("so", "called")
    assert p.pattern == r"(\w+)-(\w+)" and p.flags & re.IGNORECASE and p.groups == 2
    assert [m.span() for m in p.finditer("x-y A-B")] == [(0, 3), (4, 7)]


def test_model_tables_keep_their_index_out_of_the_cache():
    t = Tables({"a.x": frozenset({"big", "huge"}), "a.y": frozenset({"big"})}, {"said": "neutral"})
    assert t.lists("big") == ("a.x", "a.y")
    data = plaindata.dumps(t)
    assert b"_index" not in data  # derived from the lists: built again on first use
    back = plaindata.loads(data)
    assert back.lists("big") == ("a.x", "a.y") and back.lists("huge") == ("a.x",) and back.lists("no") == ()
    assert back.cues == {"said": "neutral"}


def test_the_exit_does_not_collect_garbage_over_every_object():
    """The interpreter's exit runs full collections over all objects still alive (the engine,
    the lexicons, the modules: ~35M instructions, 6% of a one-file check) to free memory the
    process is giving back: ``cli.entry`` freezes them first. Its output is still whole."""
    article = os.path.join(ROOT, "examples", "putin-kazakhstan.txt")
    code = ("import gc, sys\n"
            "from annotator import cli\n"
            f"sys.argv = ['annotator', 'check', '--format', 'jsonl', '--fail-on', 'never', {article!r}]\n"
            "try:\n"
            "    cli.entry()\n"
            "except SystemExit as e:\n"
            "    print(gc.get_freeze_count(), e.code, file=sys.stderr)\n")
    r = subprocess.run([sys.executable, "-P", "-c", code], capture_output=True, text=True, cwd=ROOT,
                       env={**os.environ, "PYTHONPATH": ROOT}, check=True)
    frozen, status = r.stderr.split()
    assert int(frozen) > 10000 and status == "0"
    assert r.stdout.count("\n") == 1 and r.stdout.endswith("}\n")  # the whole JSON line


def _modules_after_main(argv: list, prefixes: tuple):
    """``cli.main(argv)`` in a fresh interpreter: (its completed process, the sorted names of the
    modules it imported that start with one of ``prefixes``)."""
    code = ("import sys\n"
            "from annotator import cli\n"
            "try:\n"
            f"    cli.main({argv!r})\n"
            "except SystemExit:\n"
            "    pass\n"
            f"print(sorted(m for m in sys.modules if m.startswith({tuple(prefixes)!r})), file=sys.stderr)\n")
    r = subprocess.run([sys.executable, "-P", "-c", code], capture_output=True, text=True, cwd=ROOT,
                       env={**os.environ, "PYTHONPATH": ROOT}, check=True)
    return r, ast.literal_eval(r.stderr.strip().splitlines()[-1])


@pytest.mark.parametrize("args", [["--version"], ["--help"], [], ["no-such-command"]])
def test_version_and_help_import_no_command(args):
    """``annotator --version`` (or the help, or an unknown command) never reaches a
    subcommand's arguments: no command module is imported (all ten were, ~19M instructions,
    11% of ``--version``). The help still lists every command."""
    r, loaded = _modules_after_main(args, ("annotator.commands.",))
    assert loaded == [], r.stderr
    if args in (["--help"], []):
        from annotator.cli import COMMANDS

        listing = r.stdout + r.stderr
        assert all(f"    {name} " in listing for name in COMMANDS), listing


def test_markdown_without_front_matter_does_not_import_yaml(tmp_path):
    """PyYAML is imported for front matter only: its import (~90M instructions) cost more than
    checking a short Markdown article. Front matter is still read."""
    plain = tmp_path / "plain.md"
    plain.write_text("# Minister quits\n\nThe minister resigned on Tuesday.\n", encoding="utf-8")
    fm = tmp_path / "fm.md"
    fm.write_text("---\ntitle: Minister quits\nauthor: A. Writer\n---\n\nThe minister resigned on Tuesday.\n",
                  encoding="utf-8")
    code = ("import sys\n"
            "from annotator.readers import read_path\n"
            f"read_path({str(plain)!r}, None, None)\n"
            "print('yaml' in sys.modules)\n"
            f"doc = read_path({str(fm)!r}, None, None)\n"
            "print('yaml' in sys.modules, doc.byline, doc.front_matter is not None)\n")
    r = subprocess.run([sys.executable, "-P", "-c", code], capture_output=True, text=True, cwd=ROOT,
                       env={**os.environ, "PYTHONPATH": ROOT}, check=True)
    assert r.stdout.splitlines() == ["False", "True A. Writer True"], r.stdout + r.stderr


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_start_up_is_not_collected_but_frozen(tmp_path, jobs):
    """What ``check`` loads at start-up (the engine, the lexicons, the modules) lives for the
    whole run: the garbage collector is paused while it is built (24 collections walked it
    again and again, ~10M instructions, 3% of a one-file check), then it is frozen and the
    collector runs again (young collections only, for a short article: 28 before, two of them
    older). A usage error leaves the collector on too."""
    for i in range(2):
        (tmp_path / f"a{i}.txt").write_text("Minister quits\n\nThe minister said on Tuesday that she would "
                                            "resign.\n", encoding="utf-8")
    code = ("import gc, sys\n"
            "from annotator import cli\n"
            "n = []\n"
            "gc.callbacks.append(lambda phase, info: phase == 'start' and n.append(info['generation']))\n"
            "code = cli.main(sys.argv[1:])\n"
            "print(code, len(n), max(n, default=0), gc.get_freeze_count(), gc.isenabled(), file=sys.stderr)\n")
    files = [str(tmp_path / "a0.txt")] + ([str(tmp_path / "a1.txt")] if jobs == "2" else [])
    r = subprocess.run([sys.executable, "-P", "-c", code, "check", "--jobs", jobs, "--format", "jsonl", *files],
                       capture_output=True, text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": ROOT}, check=True)
    status, collections, oldest, frozen, enabled = r.stderr.split()[-5:]
    assert status == "0" and int(collections) <= 12 and oldest == "0", r.stderr
    assert int(frozen) > 10000 and enabled == "True", r.stderr
    assert r.stdout.count("\n") == len(files)
    r = subprocess.run([sys.executable, "-P", "-c", code, "check"], capture_output=True, text=True, cwd=ROOT,
                       env={**os.environ, "PYTHONPATH": ROOT}, check=True)
    assert r.stderr.split()[-5:][::4] == ["2", "True"], r.stderr


def test_the_rule_files_are_read_for_the_key_only_when_their_stat_changed(tmp_path, monkeypatch):
    """The engine's cache key covers the bytes of every rule file and of the engine's code
    (670 KB: ~10M instructions, 3% of a one-file check, to read and sum on every run). A file
    whose size, times, inode and device are those of an earlier run is not read again; a
    change of the same size, its modification time set back, still makes a new key (the
    change time moved), and so does a file changed too recently for its times to tell."""
    from annotator.engine import cache

    monkeypatch.setenv("ANNOTATOR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("ANNOTATOR_NO_CACHE", raising=False)
    rules = tmp_path / "rules"
    (rules / "lexicons").mkdir(parents=True)
    (rules / "lexicons" / "words.yaml").write_text("words: [alpha]\n", encoding="utf-8")
    read = []
    digest = cache._digest
    monkeypatch.setattr(cache, "_digest", lambda raw: read.append(raw) or digest(raw))
    sources = [cache._MODELS]

    def key():
        read.clear()
        return cache._files_key("engine", sources, [str(rules)])

    monkeypatch.setattr(cache, "RACY_NS", 0)  # (the files are seconds old at most)
    first = key()
    assert len(read) == 2  # models.py and the lexicon
    assert key() == first and read == []  # from the stamps
    words = rules / "lexicons" / "words.yaml"
    st = words.stat()
    words.write_text("words: [bravo]\n", encoding="utf-8")
    os.utime(words, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert words.stat().st_size == st.st_size and words.stat().st_mtime_ns == st.st_mtime_ns
    second = key()
    assert second != first and read == [b"words: [bravo]\n"]
    monkeypatch.setattr(cache, "RACY_NS", 10 ** 18)  # every file too recent: read every time
    words.write_text("words: [gamma]\n", encoding="utf-8")
    third = key()
    assert third not in (first, second) and len(read) == 1
    assert key() == third and len(read) == 1


def test_a_damaged_stamps_entry_is_not_used_and_a_planted_one_only_picks_another_key(tmp_path, monkeypatch):
    """SECURITY.md: the file-stamps entry is data only; one of another shape is refused (the
    files are read for the key), and a planted stamp matching a file's stat can only make
    another key (another cached engine), never crash."""
    from annotator import resources
    from annotator.engine import cache

    monkeypatch.setenv("ANNOTATOR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("ANNOTATOR_NO_CACHE", raising=False)
    rules = tmp_path / "rules"
    (rules / "lexicons").mkdir(parents=True)
    (rules / "lexicons" / "words.yaml").write_text("words: [alpha]\n", encoding="utf-8")
    p = cache._MODELS
    monkeypatch.setattr(cache, "RACY_NS", 10 ** 18)  # (no stamp written by the runs here)
    good = cache._files_key("engine", [p], [str(rules)])
    st = os.stat(p)
    sig = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)
    for bad in ({p: (1, 2, 3, 4, 5, "x")}, {p: ("a", None, [], {}, 5, "zz\udcff\n")}, {p: (1, 2)}, [1, 2],
                {1: (1, 2, 3, 4, 5, "x")}, {p: (*sig, 6)}):
        assert resources.store_cached(cache.STAMPS, bad)
        assert cache._files_key("engine", [p], [str(rules)]) == good, bad
    assert resources.store_cached(cache.STAMPS, {p: (*sig, "planted")})
    assert cache._files_key("engine", [p], [str(rules)]) != good


def test_no_compiled_regular_expression_is_kept_in_the_cache_folder(tmp_path):
    """SECURITY.md: compiled regular expressions are not cached (``_sre.compile`` does not check
    all of the code it is handed, so a planted entry could corrupt memory): a check with a cache
    folder writes its entries there, none of them a pattern's code, and a file named like the
    old entry (``regex-…``, here garbage) is never read: the check's findings are the same."""
    (tmp_path / "news").mkdir()  # (the cache folder is not used inside a checked file's folder)
    art = tmp_path / "news" / "a.txt"
    art.write_text('Minister quits\n\nThe minister claimed on Tuesday that the "reform" was over.\n', encoding="utf-8")
    cache = tmp_path / "cache"
    env = {**os.environ, "PYTHONPATH": ROOT, "ANNOTATOR_CACHE_DIR": str(cache)}
    env.pop("ANNOTATOR_NO_CACHE", None)

    def check() -> str:
        return subprocess.run([sys.executable, "-P", "-m", "annotator", "check", "--fail-on", "never", "--format",
                               "jsonl", str(art)], capture_output=True, text=True, cwd=ROOT, env=env,
                              check=True).stdout

    first = check()
    names = sorted(p.name for p in cache.iterdir())
    assert names and not any(n.startswith("regex") for n in names), names
    import _sre

    from annotator.resources import _user_entry

    planted = cache / _user_entry(f"regex-{sys.hexversion:x}-{_sre.MAGIC}")  # (the old entry's name)
    planted.write_bytes(b"\0\xff garbage")
    assert check() == first
    assert planted.read_bytes() == b"\0\xff garbage"


@pytest.mark.parametrize("command", ["check", "annotate"])
def test_a_run_in_one_process_analyses_no_warm_up_document(tmp_path, command):
    """Batch workers start warm by analysing a small document (its patterns compiled before
    they fork); a run in this process analyses only its articles: the warm-up document's
    quotation compiled patterns an article without one never needs (~15M instructions, 5%
    of a one-file check)."""
    article = tmp_path / "a.txt"
    article.write_text("Title\n\nThe council met on Monday.\n", encoding="utf-8")
    code = ("import sys\n"
            "from annotator import cli, pipeline\n"
            "seen = []\n"
            "analyse = pipeline.annotate_document\n"
            "pipeline.annotate_document = lambda doc, *a: seen.append(doc.path) or analyse(doc, *a)\n"
            "code = cli.main(sys.argv[1:])\n"
            "print(code, seen, file=sys.stderr)\n")
    r = subprocess.run([sys.executable, "-P", "-c", code, command, "--jobs", "1", str(article)],
                       capture_output=True, text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": ROOT}, check=True)
    assert r.stderr.splitlines()[-1] in (f"0 [{str(article)!r}]", f"1 [{str(article)!r}]"), r.stderr


@pytest.mark.parametrize("name", ["mentions", "attribution", "cues", "people", "given-names", "voice", "genre",
                                  "irregular-verbs"])
def test_a_broken_lexicon_still_stops_a_run_in_one_process(tmp_path, name):
    """The lexicons the warm-up document loaded are still loaded before any article in a run
    in this process (pipeline.warm without analysing): a broken one is one line, exit 2, even
    for an article that would not read it. So are those the warm-up document does not read
    (voice, read by any sentence with "were sceptical that": it was a traceback mid-run)."""
    broken = tmp_path / f"{name}.yaml"
    broken.write_text("stray: [unclosed\n", encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("Title\n\nThe council met on Monday.\n", encoding="utf-8")
    code = ("import sys\n"
            "import annotator.resources as r\n"
            "shipped = r.lexicon_path\n"
            f"r.lexicon_path = lambda n: {str(broken)!r} if n == {name!r} else shipped(n)\n"
            "from annotator.cli import main\n"
            "sys.exit(main(sys.argv[1:]))\n")
    for command in ("check", "annotate"):
        r = subprocess.run([sys.executable, "-P", "-c", code, command, "--jobs", "1", str(article)],
                           capture_output=True, text=True, cwd=tmp_path, timeout=120, check=False,
                           env={**os.environ, "PYTHONPATH": ROOT, "ANNOTATOR_NO_CACHE": "1"})
        assert r.returncode == 2 and r.stdout == "", (command, r.stderr)
        (line,) = r.stderr.splitlines()
        assert line.startswith("annotator: error: ") and f"{name}.yaml" in line, line
    # batch workers (more files than one, two jobs) load them too, after the warm-up document
    r = subprocess.run([sys.executable, "-P", "-c", code, "check", "--jobs", "2", str(article), str(article)],
                       capture_output=True, text=True, cwd=tmp_path, timeout=120, check=False,
                       env={**os.environ, "PYTHONPATH": ROOT, "ANNOTATOR_NO_CACHE": "1"})
    assert r.returncode == 2 and r.stdout == "" and "Traceback" not in r.stderr, r.stderr
    assert f"{name}.yaml" in r.stderr.splitlines()[0], r.stderr


@pytest.mark.parametrize("fmt, wanted", [("text", []), ("json", []), ("sarif", ["annotator.report.sarif"])])
def test_check_imports_neither_the_language_server_nor_the_other_formats(tmp_path, fmt, wanted):
    """Issue 17: the language server (pygls, lsprotocol), the CI formats (SARIF, GitHub, GitLab,
    JUnit) and the HTML report are imported only when asked for, so ``annotator check`` starts as
    fast as before they were added (the text reporter, which every format's summary and messages
    use, is the one always there; ``--format sarif`` shows the probe sees an import)."""
    art = tmp_path / "a.txt"
    art.write_text("Title\n\nThe council met on Monday.\n", encoding="utf-8")
    r, loaded = _modules_after_main(["check", str(art), "--format", fmt],
                                    ("annotator.report.", "annotator.lsp", "pygls", "lsprotocol"))
    assert [m for m in loaded if m != "annotator.report.text"] == wanted, r.stderr
