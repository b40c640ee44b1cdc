"""Hostile rule files and configuration: a user's regular expression can
never hang a check (RE2, a per-rule time budget, a cap on findings), rule
files never execute code (safe YAML, kinds only from annotator's own
package, no Python from rule folders), templates cannot reach object
internals or allocate gigabytes, lexicon names cannot point outside
lexicons/ (planted cache entries: tests/test_hostile_cache.py)."""

import json

import pytest
from conftest import cache_outside, run_cli

GOOD = 'Minister resigns\n\n"We will not back down," the minister said on Tuesday.\n'


def project(tmp_path, rules: str, config: str = 'rule_dirs = ["house-rules"]\n', lexicons: dict | None = None):
    """A folder with .annotator.toml and house-rules/local/r.yaml."""
    (tmp_path / ".annotator.toml").write_text(config, encoding="utf-8")
    d = tmp_path / "house-rules" / "local"
    d.mkdir(parents=True, exist_ok=True)
    (d / "r.yaml").write_text(rules, encoding="utf-8")
    for name, text in (lexicons or {}).items():
        lex = tmp_path / "house-rules" / "lexicons"
        lex.mkdir(exist_ok=True)
        (lex / f"{name}.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def pattern_rule(pattern: str, message: str = "hit {match}", extra: str = "") -> str:
    return f"""rules:
  - id: local.r
    kind: pattern
    severity: warning
    message: {json.dumps(message)}
    rationale: A test rule.
    pattern: {json.dumps(pattern)}
{extra}    examples:
      pass: ['x']
      fail: ['a']
"""


def check(tmp_path, *paths, extra=()):
    env = {"ANNOTATOR_CACHE_DIR": cache_outside(tmp_path)}
    return run_cli("check", *[str(p) for p in paths], "--select", "local", *extra, cwd=str(tmp_path), env=env)


def usage_error(r) -> str:
    assert r.returncode == 2, (r.returncode, r.stdout[-500:], r.stderr)
    assert "Traceback" not in r.stderr, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("annotator: error: "), r.stderr
    return lines[0]


# ---- regular expressions --------------------------------------------------------------------

CATASTROPHIC = ["(a+)+$", "(a|aa)+$", "(a|a?)+$", "(.*a){12}$", "^(a+)+b", "(x+x+)+y", "(\\w+\\s?)+$"]


@pytest.mark.parametrize("pattern", CATASTROPHIC)
def test_catastrophic_backtracking_pattern_is_fast(tmp_path, pattern):
    """On Python's re these take exponential time on 'aaaa…!'; on RE2 they are linear."""
    project(tmp_path, pattern_rule(pattern))
    art = tmp_path / "a.txt"
    art.write_text("Headline\n\n" + "a" * 200_000 + "!\n\n" + "x" * 5_000 + " " + "word " * 20_000 + "!\n",
                   encoding="utf-8")
    r = check(tmp_path, art)
    assert r.returncode == 0, r.stderr
    assert "No findings in 1 file." in r.stdout
    assert "stopped after" not in r.stderr  # not even close to the time budget


def test_a_deeply_nested_pattern_runs_as_on_re2(tmp_path):
    """400 nested groups (RE2 takes up to 1,000): reading the pattern's required strings
    recursed past Python's limit, a traceback before any article."""
    project(tmp_path, pattern_rule("(" * 400 + "a" + ")" * 400))
    art = tmp_path / "a.txt"
    art.write_text("Title\n\nA cat sat.\n", encoding="utf-8")
    r = check(tmp_path, art)
    assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr
    assert "Found 2 findings" in r.stdout


def test_every_match_scanning_to_the_end_is_bounded(tmp_path):
    """'a(?:[^Z]*Z)?' on 'aaaa…': each match makes RE2 scan to the end of the
    article, so iterating over the matches is quadratic; the cap on findings
    (and the time budget) bound it, with a warning."""
    project(tmp_path, pattern_rule("a(?:[^Z]*Z)?"))
    art = tmp_path / "a.txt"
    art.write_text("Headline\n\n" + "a" * 300_000 + "\n", encoding="utf-8")
    r = check(tmp_path, art, extra=("--format", "jsonl"))
    assert r.returncode == 0, r.stderr
    (doc,) = [json.loads(line) for line in r.stdout.splitlines()]
    n = len(doc["findings"])
    warning = r.stderr.strip()
    assert warning.startswith(f"annotator: warning: {art}: rule local.r: ")
    from annotator.engine.context import MAX_FINDINGS_PER_RULE

    if "more than" in warning:
        assert n == MAX_FINDINGS_PER_RULE
    else:  # a very slow machine: the time budget stopped it first
        assert "stopped after" in warning and 0 < n < MAX_FINDINGS_PER_RULE


def test_time_budget_stops_a_rule_with_a_warning(monkeypatch):
    """With no time at all, a pattern rule stops at once and says so (in process)."""
    from annotator.engine import Engine
    from annotator.engine.config import Config
    from annotator.engine.kinds import pattern
    from annotator.engine.loader import RuleSpec
    from annotator.pipeline import annotate_document
    from annotator.readers import read_text

    spec = RuleSpec(id="local.r", pack="local", kind="pattern", severity="warning", scope=("all",),
                    message="hit {match}", rationale="A test.", suggestion=None, confidence=0.8, enabled=True,
                    options={"pattern": "a", "case_sensitive": True, "group": 0}, examples={}, path="r.yaml")
    engine = Engine([spec])
    doc = annotate_document(read_text("Headline\n\n" + "a " * 1000 + "\n", "t.txt"))
    warnings: list[str] = []
    engine.check(doc, Config().settings_for(engine, "t.txt"), warnings)
    assert len(doc.findings) == 1000 and warnings == [
        "t.txt: rule local.r: more than 1000 findings; the rest are not reported"]
    monkeypatch.setattr(pattern, "TIME_BUDGET", -1.0)
    warnings.clear()
    engine.check(doc, Config().settings_for(engine, "t.txt"), warnings)
    assert doc.findings == []
    assert warnings == ["t.txt: rule local.r: stopped after -1 s on this article (its pattern is too slow here); "
                        "findings up to there are reported"]


@pytest.mark.parametrize("pattern, words", [
    ("(?<=a)b", "invalid perl operator: (?<"),
    ("(a)\\1", "invalid escape sequence: \\1"),
    ("(?=x)", "invalid perl operator: (?="),
    ("((a{100}){100}){100}", "invalid repetition size"),
    ("[z-a]", "invalid character class range: z-a"),
])
def test_patterns_re2_cannot_run_are_refused_when_loaded(tmp_path, pattern, words):
    project(tmp_path, pattern_rule(pattern))
    art = tmp_path / "a.txt"
    art.write_text(GOOD, encoding="utf-8")
    err = usage_error(check(tmp_path, art))
    assert "house-rules/local/r.yaml: rules[0].pattern: not a valid RE2 pattern" in err and words in err


def test_figure_pattern_runs_on_re2_too(tmp_path):
    rules = """rules:
  - id: local.fig
    kind: condition
    condition: unattributed-figure
    severity: warning
    message: "figure {figure}"
    rationale: A test rule.
    figure: "(a+)+$"
    examples:
      pass: ['x']
      fail: ['a']
"""
    project(tmp_path, rules)
    art = tmp_path / "a.txt"
    art.write_text("Headline\n\n" + "a" * 100_000 + "!\n", encoding="utf-8")
    r = check(tmp_path, art)
    assert r.returncode == 0 and "No findings" in r.stdout, r.stderr


def test_house_vocabulary_and_globs_are_literal(tmp_path):
    """Configuration words and override globs with regex syntax match literally (escaped, on RE2)."""
    config = """rule_dirs = ["house-rules"]
reject = ["(a+)+$", "[", "\\\\", "a{1000}{1000}", "*"]
[[overrides]]
files = ["(a+)+$/**", "[*", "**/**/**/*?"]
disable = ["local.r"]
"""
    project(tmp_path, pattern_rule("zzz"), config)
    art = tmp_path / "a.txt"
    art.write_text("Headline\n\nThe text (a+)+$ and [ here " + "a" * 100_000 + "!\n", encoding="utf-8")
    env = {"ANNOTATOR_CACHE_DIR": cache_outside(tmp_path)}
    r = run_cli("check", str(art), "--select", "house.reject", "--format", "jsonl", cwd=str(tmp_path), env=env)
    assert r.returncode == 0, r.stderr
    (doc,) = [json.loads(line) for line in r.stdout.splitlines()]
    text = art.read_text(encoding="utf-8")
    assert sorted(text[f["start"]:f["end"]] for f in doc["findings"]) == ["(a+)+$", "["]


# ---- templates ------------------------------------------------------------------------------

@pytest.mark.parametrize("message, words", [
    ("{match.__class__.__mro__}", "only plain names"),
    ("{match.__init__.__globals__}", "only plain names"),
    ("{rule[0]}", "only plain names"),
    ("{match:>999999999}", "a width up to 999"),
    ("{match:{match}}", "a width up to 999"),
    ("{__import__}", "unknown placeholder"),
    ("{}", "unknown placeholder"),
])
def test_message_templates_reach_no_internals(tmp_path, message, words):
    project(tmp_path, pattern_rule("a", message))
    art = tmp_path / "a.txt"
    art.write_text(GOOD, encoding="utf-8")
    err = usage_error(check(tmp_path, art))
    assert "house-rules/local/r.yaml: rules[0].message:" in err and words in err


def test_a_format_that_does_not_suit_the_value_does_not_crash(tmp_path):
    project(tmp_path, pattern_rule("back", "hit {match:d} {match:>5}"))
    art = tmp_path / "a.txt"
    art.write_text(GOOD, encoding="utf-8")
    r = check(tmp_path, art, extra=("--format", "jsonl"))
    assert r.returncode == 0, r.stderr
    (doc,) = [json.loads(line) for line in r.stdout.splitlines()]
    assert [f["message"] for f in doc["findings"]] == ["hit {match:d} {match:>5}"]


# ---- no code from rule files ------------------------------------------------------------------

@pytest.mark.parametrize("where", ["rule", "lexicon"])
def test_python_yaml_tags_in_rule_files_are_refused(tmp_path, where):
    marker = tmp_path / "PWNED"
    tag = f"!!python/object/apply:os.system ['touch {marker}']"
    if where == "rule":
        rules = pattern_rule("a").replace("    rationale: A test rule.\n", f"    rationale: {tag}\n")
        project(tmp_path, rules)
        line = 6
    else:
        rules = """rules:
  - id: local.r
    kind: lexicon
    severity: warning
    message: "hit {match}"
    rationale: A test rule.
    lexicon: evil
    examples:
      pass: ['x']
      fail: ['a']
"""
        project(tmp_path, rules, lexicons={"evil": f"words:\n  - fine\n  - {tag}\n"})
        line = 3
    art = tmp_path / "a.txt"
    art.write_text(GOOD, encoding="utf-8")
    err = usage_error(check(tmp_path, art))
    assert f".yaml:{line}: invalid YAML: could not determine a constructor for the tag" in err
    assert "python/object/apply:os.system" in err
    assert not marker.exists()


@pytest.mark.parametrize("kind", ["os", "evil", "annotator.engine.kinds.pattern", "../../evil", "pattern.Kind"])
def test_a_rule_cannot_name_a_python_module_as_its_kind(tmp_path, kind):
    marker = tmp_path / "PWNED"
    rules = pattern_rule("a").replace("kind: pattern", f"kind: {json.dumps(kind)}")
    project(tmp_path, rules)
    # Python beside the rules, as an attacker would leave it in an article repository
    for rel in ("house-rules/evil.py", "house-rules/__init__.py", "house-rules/local/__init__.py",
                "house-rules/local/evil.py", "house-rules/kinds/evil.py", "evil.py", "sitecustomize.py",
                "yaml.py", "re2.py", "json.py", "annotator/__init__.py", "annotator/engine/__init__.py"):
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(f"open({str(marker)!r}, 'w').write('imported')\n", encoding="utf-8")
    art = tmp_path / "a.txt"
    art.write_text(GOOD, encoding="utf-8")
    err = usage_error(check(tmp_path, art))
    assert f"rules[0].kind: {kind!r} is not a kind (expected one of" in err
    assert not marker.exists()


def test_python_files_in_rule_folders_are_never_imported(tmp_path):
    marker = tmp_path / "PWNED"
    project(tmp_path, pattern_rule("back"))
    for rel in ("house-rules/__init__.py", "house-rules/local/__init__.py", "house-rules/local/r.py",
                "house-rules/kinds/pattern.py", "house-rules/lexicons/__init__.py", "conftest.py"):
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(f"open({str(marker)!r}, 'w').write('imported')\n", encoding="utf-8")
    art = tmp_path / "a.txt"
    art.write_text(GOOD, encoding="utf-8")
    r = check(tmp_path, art, extra=("--format", "jsonl"))
    assert r.returncode == 0, r.stderr
    (doc,) = [json.loads(line) for line in r.stdout.splitlines()]
    assert [f["rule"] for f in doc["findings"]] == ["local.r"]  # the folder's YAML rule did load
    assert not marker.exists()


@pytest.mark.parametrize("name", ["../../secret", "/etc/passwd", "..", ".hidden", "sub/dir"])
def test_lexicon_names_cannot_leave_the_lexicons_folder(tmp_path, name):
    (tmp_path / "secret.yaml").write_text("words: [leaked]\n", encoding="utf-8")
    rules = """rules:
  - id: local.r
    kind: lexicon
    severity: warning
    message: "hit {match}"
    rationale: A test rule.
    lexicon: NAME
    examples:
      pass: ['x']
      fail: ['a']
""".replace("NAME", json.dumps(name))
    project(tmp_path, rules)
    art = tmp_path / "a.txt"
    art.write_text(GOOD, encoding="utf-8")
    err = usage_error(check(tmp_path, art))
    assert "rules[0].lexicon:" in err and "is not a lexicon name" in err


# ---- YAML aliases, TOML and the configuration search ----------------------------------------------

def _bomb(indent: str) -> str:
    """Nine levels of ten aliases each: 90 aliases (under the alias count) naming
    a billion values once expanded."""
    lines = [f'{indent}z0: &a0 ["x","x","x","x","x","x","x","x","x","x"]']
    lines += [f"{indent}z{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_in_a_rule_file_is_refused(tmp_path):
    """An example's config (any mapping) holding the bomb: validating it walked
    every expanded value (minutes, gigabytes); now refused when loaded."""
    rules = pattern_rule("a").replace("      pass: ['x']\n",
                                      "      pass:\n        - text: 'x'\n          config:\n" + _bomb(" " * 12))
    project(tmp_path, rules)
    art = tmp_path / "a.txt"
    art.write_text(GOOD, encoding="utf-8")
    err = usage_error(check(tmp_path, art))
    assert "r.yaml" in err and "aliases are expanded" in err


def test_an_alias_bomb_in_a_lexicon_is_refused(tmp_path):
    rules = pattern_rule("a").replace("    kind: pattern\n", "    kind: lexicon\n    lexicon: bomb\n") \
        .replace('    pattern: "a"\n', "")
    project(tmp_path, rules, lexicons={"bomb": "words: [fine]\n" + _bomb("")})
    art = tmp_path / "a.txt"
    art.write_text(GOOD, encoding="utf-8")
    err = usage_error(check(tmp_path, art))
    assert "bomb.yaml" in err and "aliases are expanded" in err


def test_a_few_aliases_in_a_rule_file_still_work(tmp_path):
    rules = pattern_rule("a").replace("      pass: ['x']\n", "      pass: &ok ['x', 'y']\n") + """\
  - id: local.s
    kind: pattern
    severity: warning
    message: s
    rationale: Another.
    pattern: "b"
    examples:
      pass: *ok
      fail: ['b']
"""
    project(tmp_path, rules)
    art = tmp_path / "a.txt"
    art.write_text(GOOD, encoding="utf-8")
    r = check(tmp_path, art)
    assert r.returncode == 0, r.stderr


@pytest.mark.parametrize("name, content, words", [
    (".annotator.toml", b'packs = ["attribution"]\nquote_style = "\xff"\n', (".annotator.toml:2", "not UTF-8")),
    ("pyproject.toml", b'[tool.annotator]\npacks = ["\xe9"]\n', ("pyproject.toml:2", "not UTF-8")),
    (".annotator.toml", b"a = " + b"[" * 5000 + b"]" * 5000 + b"\n", (".annotator.toml", "nested too deeply")),
    ("pyproject.toml", b"[tool.annotator]\na = " + b"{b = " * 3000 + b"1" + b"}" * 3000 + b"\n",
     ("pyproject.toml", "nested too deeply")),
    (".annotator.toml", b'tool = "x"\n', (".annotator.toml", "tool: expected a table")),
    ("pyproject.toml", b"[tool]\nannotator = 1\n", ("pyproject.toml", "tool.annotator: expected a table")),
], ids=["toml-utf8", "pyproject-utf8", "toml-deep", "pyproject-deep", "tool-str", "annotator-int"])
@pytest.mark.parametrize("how", ["found", "--config"])
def test_bad_toml_is_a_one_line_error(tmp_path, name, content, words, how):
    (tmp_path / name).write_bytes(content)
    art = tmp_path / "a.txt"
    art.write_text(GOOD, encoding="utf-8")
    extra = ("--config", name) if how == "--config" else ()
    r = run_cli("check", str(art), *extra, cwd=str(tmp_path), env={"ANNOTATOR_CACHE_DIR": cache_outside(tmp_path)})
    err = usage_error(r)
    for w in words:
        assert w in err, (w, err)


@pytest.mark.parametrize("content, words", [
    (b"\xff\xfe{}", ("not UTF-8",)),
    (b"[" * 100_000 + b"]" * 100_000, ("nested too deeply",)),
], ids=["not-utf8", "deep"])
def test_bad_baseline_bytes_are_a_one_line_error(tmp_path, content, words):
    base = tmp_path / "bl.json"
    base.write_bytes(content)
    art = tmp_path / "a.txt"
    art.write_text(GOOD, encoding="utf-8")
    for opt in ("--baseline", "--write-baseline"):
        err = usage_error(run_cli("check", str(art), opt, str(base)))
        assert "bl.json" in err and all(w in err for w in words), err
    assert base.read_bytes() == content


def test_the_configuration_search_stops_at_the_repository_root(tmp_path):
    """A configuration above the checked repository (in a CI runner's home, a
    parent checkout) is not the repository's: it is not used; --config still is."""
    (tmp_path / ".annotator.toml").write_text('packs = ["no-such-pack"]\n', encoding="utf-8")
    repo = tmp_path / "repo"
    (repo / "news").mkdir(parents=True)
    art = repo / "news" / "a.txt"
    art.write_text(GOOD, encoding="utf-8")
    env = {"ANNOTATOR_CACHE_DIR": cache_outside(tmp_path)}
    # not a repository: the search goes up and finds the broken configuration
    err = usage_error(run_cli("check", str(art), cwd=str(repo), env=env))
    assert "no-such-pack" in err
    for git in ("dir", "file"):  # a repository, or a worktree / submodule (.git is a file)
        g = repo / ".git"
        if git == "dir":
            g.mkdir()
        else:
            g.rmdir()
            g.write_text("gitdir: /elsewhere\n", encoding="utf-8")
        r = run_cli("check", str(art), cwd=str(repo), env=env)
        assert r.returncode == 0, r.stderr
        # the repository's own configuration, at its root, is found
        (repo / ".annotator.toml").write_text('packs = ["other-pack"]\n', encoding="utf-8")
        assert "other-pack" in usage_error(run_cli("check", str(art), cwd=str(repo), env=env))
        (repo / ".annotator.toml").unlink()
        # --config names any file, inside the repository or not
        err = usage_error(run_cli("check", str(art), "--config", str(tmp_path / ".annotator.toml"), env=env))
        assert "no-such-pack" in err


def test_override_globs_with_the_probe_memo_work_warm_as_cold(tmp_path):
    """A run that needs override globs and a pyproject probe works warm as it did cold."""
    (tmp_path / "repo" / "opinion").mkdir(parents=True)
    (tmp_path / "repo" / ".git").mkdir()
    (tmp_path / "repo" / "pyproject.toml").write_text(
        '[tool.annotator]\n[[tool.annotator.overrides]]\nfiles = ["opinion/**", "(a+)+$/**"]\n'
        'disable = ["neutrality.loaded-verbs"]\n', encoding="utf-8")
    art = tmp_path / "repo" / "opinion" / "a.md"
    art.write_text('# T\n\n"We won," the mayor claimed.\n', encoding="utf-8")
    env = {"ANNOTATOR_CACHE_DIR": str(tmp_path / "cache2")}
    for _ in range(2):  # cold, then warm
        r = run_cli("check", str(art), "--format", "jsonl", env=env)
        assert r.returncode in (0, 1), r.stderr
        assert "neutrality.loaded-verbs" not in r.stdout
