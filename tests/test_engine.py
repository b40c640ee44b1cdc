"""The rules engine: scopes, configuration, suppression, rule-file errors, the CLI."""

import json
import os

import jsonschema
import pytest

from conftest import ROOT, SEED, run_cli

from annotator.engine import Settings, apply_fixes, get_engine
from annotator.engine.config import Config, ConfigError, clear_caches, find_config, load_config
from annotator.engine.examples import build_doc
from annotator.engine.loader import RuleError, load_specs

ENGINE = get_engine()
#: rules off by default (their precision on judged real copy is low) that these tests use as
#: vehicles for scopes, configuration and suppression: switched on here
VEHICLES = ["neutrality.loaded-words", "neutrality.contentious-labels"]


def check(text, headline=None, config=None, path=None):
    doc = build_doc({"text": text, "headline": headline})
    config = dict(config or {})
    if "packs" not in config:  # (an enable would switch them on in any pack)
        config["enable"] = [*VEHICLES, *config.get("enable", ())]
    cfg = Config(config, None)
    cfg.validate(ENGINE)
    ENGINE.check(doc, cfg.settings_for(ENGINE, path))
    return doc


def rules_of(doc):
    return [f.rule for f in doc.findings]


# -- scopes ------------------------------------------------------------------------
def test_loaded_word_inside_a_quotation_is_the_speakers():
    doc = check('The mayor called the charges "draconian and disgraceful".')
    assert "neutrality.loaded-words" not in rules_of(doc)
    doc = check("The council imposed draconian charges.")
    hits = [f for f in doc.findings if f.rule == "neutrality.loaded-words"]
    assert [doc.text[f.start:f.end] for f in hits] == ["draconian"]
    assert hits[0].scope == "writer"


def test_seed_quoted_words_are_not_flagged_but_writer_words_are():
    from annotator.pipeline import load

    doc = load(SEED)
    # every rule the seed touches, those off by default too (and the word lists, whose words
    # inside its quotations must still not be flagged)
    cfg = Config({"enable": [*VEHICLES, "neutrality.puffery", "attribution.unattributed-figure",
                             "quotes.scare-quotes"]}, None)
    cfg.validate(ENGINE)
    ENGINE.check(doc, cfg.settings_for(ENGINE, None))
    flagged = {(f.rule, doc.text[f.start:f.end]) for f in doc.findings}
    for rule, text in [
        ("neutrality.editorializing", "Notably"),
        ("neutrality.interpretation", "signals"),
        ("attribution.unattributed-figure", "43% of the world's uranium"),
        ("quotes.scare-quotes", "'Friendly'"),
        ("consistency.quote-style", "“new large-scale projects”"),
        ("consistency.apostrophe-style", "'"),
        ("hygiene.foreign-script", "तपाईको प्रतिक्रिया दिनुहोस"),
    ]:
        assert (rule, text) in flagged, (rule, text)
    for f in doc.findings:
        if f.rule.startswith("neutrality."):
            assert not doc.touches_quote(f.start, f.end), f
    assert not any("peaceful" in doc.text[f.start:f.end].lower() or "friendly" == doc.text[f.start:f.end].lower()
                   for f in doc.findings if f.rule.startswith("neutrality."))


def test_scope_checks():
    from annotator.engine.context import Context

    doc = build_doc({"headline": "Mayor hails 'bold' plan", "text": 'He said the plan was "bold". It was cheap.'})
    ctx = Context(doc, ENGINE, ENGINE.default_settings())
    t = doc.text
    bold_h = t.index("bold")
    bold_q = t.index("bold", bold_h + 1)
    cheap = t.index("cheap")
    assert ctx.in_scope(("headline",), bold_h, bold_h + 4)
    assert not ctx.in_scope(("body",), bold_h, bold_h + 4)
    assert ctx.in_scope(("quoted",), bold_q, bold_q + 4) and not ctx.in_scope(("writer",), bold_q, bold_q + 4)
    assert ctx.in_scope(("writer",), cheap, cheap + 5) and ctx.in_scope(("body",), cheap, cheap + 5)
    assert ctx.in_scope(("sentence",), cheap, cheap + 5)
    assert ctx.in_scope(("headline", "quoted"), bold_q, bold_q + 4)
    assert ctx.in_scope(("all",), 0, 1)


def test_findings_sorted_and_fixes_apply():
    doc = check("The minister claimed that the the plan was ready, and he insisted it was late.")
    keys = [(f.start, f.rule) for f in doc.findings]
    assert keys == sorted(keys)
    fixed = apply_fixes(doc.text, doc.findings)
    assert fixed == "The minister said that the plan was ready, and he said it was late."


def test_substitution_inflects_and_keeps_case():
    doc = check("Slamming the plan, she lashed out at the board.")
    subs = {doc.text[f.start:f.end]: f.fix[0][2] for f in doc.findings if f.rule == "neutrality.loaded-verbs"}
    assert subs == {"Slamming": "Criticising", "lashed out at": "criticised"}


# -- configuration -----------------------------------------------------------------------
def test_config_disable_enable_severity_and_packs():
    text = "The council imposed draconian charges. Notably, it met once."
    assert "neutrality.loaded-words" in rules_of(check(text))
    doc = check(text, config={"disable": ["neutrality.loaded-words"]})
    assert "neutrality.loaded-words" not in rules_of(doc) and "neutrality.editorializing" in rules_of(doc)
    doc = check(text, config={"severity": {"neutrality.editorializing": "error"}})
    assert [f.severity for f in doc.findings if f.rule == "neutrality.editorializing"] == ["error"]
    doc = check(text, config={"packs": ["hygiene"]})
    assert not any(r.startswith("neutrality.") for r in rules_of(doc))
    doc = check('Tokayev underscored his commitment to "peaceful dialogue".',
                config={"enable": ["neutrality.emphatic-cue"]})
    assert "neutrality.emphatic-cue" in rules_of(doc)


def test_house_vocabulary_accept_and_reject():
    text = "The regime will utilise the funds."
    doc = check(text, config={"reject": {"utilise": "use"}})
    hits = [f for f in doc.findings if f.rule == "house.reject"]
    assert [doc.text[f.start:f.end] for f in hits] == ["utilise"] and "use" in hits[0].suggestion
    assert "neutrality.contentious-labels" in rules_of(doc)
    doc = check(text, config={"accept": ["regime"]})
    assert "neutrality.contentious-labels" not in rules_of(doc)


def test_unknown_rule_id_in_config_is_an_error(tmp_path):
    cfg = tmp_path / ".annotator.toml"
    cfg.write_text('disable = ["neutrality.no-such-rule"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="no-such-rule"):
        load_config(str(cfg)).validate(ENGINE)
    with pytest.raises(ConfigError, match="unknown key 'dissable'"):
        Config({"dissable": []}, str(cfg))


def test_config_discovery_walks_up_and_overrides_by_glob(tmp_path):
    clear_caches()
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.annotator]\nenable = ["neutrality.loaded-words"]\n'
        'disable = ["hygiene.long-sentence"]\n\n'
        '[[tool.annotator.overrides]]\nfiles = ["opinion/**"]\ndisable = ["neutrality.loaded-words"]\n',
        encoding="utf-8")
    (tmp_path / "opinion" / "2024").mkdir(parents=True)
    (tmp_path / "news").mkdir()
    cfg = find_config(str(tmp_path / "opinion" / "2024"))
    assert cfg is not None and cfg.path == str(tmp_path / "pyproject.toml")
    assert find_config(str(tmp_path / "news")) is cfg
    cfg.validate(ENGINE)
    op = cfg.settings_for(ENGINE, str(tmp_path / "opinion" / "2024" / "a.md"))
    news = cfg.settings_for(ENGINE, str(tmp_path / "news" / "a.md"))
    i = ENGINE.index["neutrality.loaded-words"]
    j = ENGINE.index["hygiene.long-sentence"]
    assert not op.active[i] and news.active[i]
    assert not op.active[j] and not news.active[j]
    # a nearer .annotator.toml wins
    (tmp_path / "news" / ".annotator.toml").write_text('severity = {"quotes.unbalanced" = "info"}\n',
                                                       encoding="utf-8")
    clear_caches()
    near = find_config(str(tmp_path / "news"))
    assert near.path.endswith(".annotator.toml")
    near.validate(ENGINE)
    assert near.settings_for(ENGINE, None).severity[ENGINE.index["quotes.unbalanced"]] == "info"
    clear_caches()


@pytest.mark.parametrize("globs, path, hit", [
    (["news/[ab]*.md"], "news/a1.md", True),
    (["news/[ab]*.md"], "news/c1.md", False),
    (["news/[!c]*.md"], "news/c1.md", False),
    (["*.{md,txt}"], "deep/in/a.txt", True),
    (["*.{md,txt}"], "a.html", False),
    (["{news,opinion}/**"], "opinion/2024/a.md", True),
    (["{news,opinion}/**"], "sport/a.md", False),
    (["opinion"], "x/opinion/a.md", True),         # a name without / matches at any depth, as in .gitignore
    (["/opinion"], "x/opinion/a.md", False),       # a leading / anchors it
    (["news/**", "!news/live/**"], "news/live/a.md", False),  # the last matching glob decides
    (["news/**", "!news/live/**"], "news/a.md", True),
    (["a/**/b.md"], "a/x/y/b.md", True),
    (["a/**/b.md"], "a/b.md", True),
])
def test_override_globs_are_gitignore_patterns_with_classes_and_braces(globs, path, hit):
    from annotator.engine.config import Override

    assert Override(globs, [], [], {}).matches(path) is hit


def test_override_globs_never_import_pathspec(tmp_path):
    """pathspec costs more to import than the rest of a check's start-up: annotator/ignore.py
    translates the globs, cold or warm."""
    import subprocess
    import sys

    code = ("import sys; from annotator.engine.config import Override; "
            "o = Override(['news/*.{md,txt}', '!news/x.md'], [], [], {}); "
            "print(o.matches('news/a.md'), o.matches('news/x.md'), 'pathspec' in sys.modules)")
    env = dict(os.environ, PYTHONPATH=ROOT, ANNOTATOR_CACHE_DIR=str(tmp_path))
    runs = [subprocess.run([sys.executable, "-P", "-c", code], env=env, capture_output=True, text=True).stdout.split()
            for _ in range(2)]
    assert runs == [["True", "False", "False"], ["True", "False", "False"]]


def test_override_glob_errors_name_the_file(tmp_path):
    cfg = tmp_path / ".annotator.toml"
    cfg.write_text('[[overrides]]\nfiles = ["' + "{a,b}" * 12 + '"]\ndisable = ["neutrality.loaded-words"]\n',
                   encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\.annotator\.toml: overrides\[0\]\.files: .*limit of 1000"):
        load_config(str(cfg))
    cfg.write_text('[[overrides]]\nfiles = ["news\\\\"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"overrides\[0\]\.files: 'news\\\\' is not a glob pattern"):
        load_config(str(cfg))


def test_pyproject_without_section_is_not_a_config(tmp_path):
    clear_caches()
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    sub = tmp_path / "a"
    sub.mkdir()
    cfg = find_config(str(sub))
    assert cfg is None or cfg.path != str(tmp_path / "pyproject.toml")
    clear_caches()


# -- suppression ---------------------------------------------------------------------------
def _with_comments(text, comments, metadata=None):
    doc = build_doc({"text": text})
    doc.comments = comments
    if metadata:
        doc.metadata = metadata
    cfg = Config({"enable": VEHICLES}, None)
    cfg.validate(ENGINE)
    ENGINE.check(doc, cfg.settings_for(ENGINE, None))
    return doc


def test_suppression_comments():
    text = ("Notably, the regime met.\n\nNotably, the regime met again.\n\n"
            "Notably, the regime met a third time.\n\nNotably, it ended.")
    p = [text.index("Notably", i) for i in (0, 10, 40, 80)]
    base = _with_comments(text, [])
    assert sum(r == "neutrality.editorializing" for r in rules_of(base)) == 4
    # disable ... enable for one id, between paragraphs 1 and 3
    doc = _with_comments(text, [(p[1] - 2, p[1] - 1, " annotator-disable neutrality.editorializing "),
                                (p[3] - 2, p[3] - 1, " annotator-enable ")])
    ed = [f.start for f in doc.findings if f.rule == "neutrality.editorializing"]
    assert ed == [p[0], p[3]]
    assert sum(r == "neutrality.contentious-labels" for r in rules_of(doc)) == 3
    # no ids: every rule
    doc = _with_comments(text, [(p[1] - 2, p[1] - 1, " annotator-disable ")])
    assert all(f.start < p[1] for f in doc.findings)


def test_disable_next_line_and_front_matter():
    text = "Notably, the regime met.\nNotably, the regime met again."
    doc = _with_comments(text, [(0, 1, " annotator-disable-next-line neutrality.editorializing ")])
    # the comment sits on line 1; the next line with text is line 2
    second = text.index("Notably", 5)
    assert [f.start for f in doc.findings if f.rule == "neutrality.editorializing"] == [0]
    assert any(f.start > second for f in doc.findings if f.rule == "neutrality.contentious-labels")
    doc = _with_comments(text, [], metadata={"annotator": {"disable": ["neutrality.contentious-labels"]}})
    assert "neutrality.contentious-labels" not in rules_of(doc) and "neutrality.editorializing" in rules_of(doc)


def test_unknown_id_in_suppression_is_reported():
    doc = build_doc({"text": "Notably, it met."})
    doc.comments = [(0, 1, " annotator-disable neutrality.nope ")]
    warnings = []
    ENGINE.check(doc, None, warnings)
    assert warnings and "neutrality.nope" in warnings[0]


def test_markdown_comment_suppression_end_to_end(tmp_path):
    pytest.importorskip("annotator.readers.markdown")
    md = tmp_path / "a.md"
    md.write_text("# Title\n\nNotably, the vote passed.\n\n<!-- annotator-disable-next-line neutrality.editorializing -->\n"
                  "Notably, the vote failed.\n", encoding="utf-8")
    r = run_cli("check", str(md), "--format", "json", "--select", "neutrality.editorializing")
    doc = json.loads(r.stdout)
    assert [f["line"] for f in doc["findings"]] == [3]


# -- rule files --------------------------------------------------------------------------------
def _rule_dir(tmp_path, body, pack="house", name="x.yaml"):
    d = tmp_path / "rules" / pack
    d.mkdir(parents=True, exist_ok=True)
    (d / name).write_text(body, encoding="utf-8")
    return str(tmp_path / "rules")


GOOD = ("rules:\n  - id: house.x\n    kind: lexicon\n    severity: {sev}\n    message: 'Avoid \"{{match}}\"'\n"
        "    rationale: House style.\n    words: [utilise]\n")


def test_broken_rule_file_names_file_and_field(tmp_path):
    d = _rule_dir(tmp_path, GOOD.format(sev="fatal"), pack="neutrality", name="loaded-verbs.yaml")
    with pytest.raises(RuleError) as e:
        load_specs([d])
    msg = str(e.value)
    assert "neutrality/loaded-verbs.yaml: rules[0].severity: Input should be 'error', 'warning' or 'info'" in msg
    assert "\n" not in msg


@pytest.mark.parametrize("body,expect", [
    ("rules:\n  - id: house.x\n    kind: lexicon\n    severity: info\n    message: m\n    rationale: r\n"
     "    words: [a]\n    colour: red\n", "rules[0].colour: unknown field"),
    ("rules:\n  - id: house.x\n    kind: grammar\n    severity: info\n    message: m\n    rationale: r\n",
     "rules[0].kind: 'grammar' is not a kind"),
    ("rules:\n  - id: house.x\n    kind: condition\n    condition: vibes\n    severity: info\n    message: m\n"
     "    rationale: r\n", "rules[0].condition: 'vibes' is not a condition"),
    ("rules:\n  - id: house.x\n    kind: pattern\n    pattern: '(?<=a)b'\n    severity: info\n    message: m\n"
     "    rationale: r\n", "rules[0].pattern: not a valid RE2 pattern"),
    ("rules:\n  - id: other.x\n    kind: lexicon\n    severity: info\n    message: m\n    rationale: r\n"
     "    words: [a]\n", "rules[0].id: 'other.x' is not in pack 'house'"),
    ("rules:\n  - id: house.x\n    kind: lexicon\n    severity: info\n    message: 'bad {nope}'\n"
     "    rationale: r\n    words: [a]\n", "rules[0].message: unknown placeholder {nope}"),
    ("rules:\n  - id: house.x\n    kind: lexicon\n    severity: info\n    message: m\n    rationale: r\n"
     "    words: [a, off]\n", "rules[0].words[1]"),
    ("rules: [\n", "invalid YAML"),
])
def test_rule_file_errors(tmp_path, body, expect):
    d = _rule_dir(tmp_path, body)
    with pytest.raises(RuleError) as e:
        load_specs([d])
    assert expect in str(e.value) and "x.yaml" in str(e.value)


def test_extra_rule_dir_and_lexicon_file(tmp_path):
    d = _rule_dir(tmp_path, GOOD.format(sev="warning").replace("words: [utilise]", "lexicon: house-words"))
    lex = tmp_path / "rules" / "lexicons"
    lex.mkdir()
    (lex / "house-words.yaml").write_text("inflect: verb\nwords: [utilise]\n", encoding="utf-8")
    from annotator.engine import Engine

    eng = Engine(load_specs([d]))
    doc = build_doc({"text": "They utilised the money."})
    eng.check(doc)
    assert [(f.rule, doc.text[f.start:f.end]) for f in doc.findings if f.rule == "house.x"] == [("house.x", "utilised")]


def test_committed_rule_schema_validates_every_rule_file():
    import glob

    import yaml

    with open(os.path.join(ROOT, "schemas", "rule.schema.json"), encoding="utf-8") as f:
        validator = jsonschema.Draft202012Validator(json.load(f))
    files = [p for p in glob.glob(os.path.join(ROOT, "rules", "*", "*.yaml")) if "/lexicons/" not in p]
    assert len(files) >= 5
    for p in files:
        with open(p, encoding="utf-8") as f:
            validator.validate(yaml.safe_load(f))


# -- the CLI ------------------------------------------------------------------------------------
def test_check_text_output_and_exit_codes(tmp_path):
    r = run_cli("check", SEED)
    assert r.returncode == 0, r.stderr  # warnings only; --fail-on defaults to error
    first = r.stdout.splitlines()[0]
    assert first.startswith(f"{SEED}:1:40: info quotes.scare-quotes "), first  # (the headline's scare quote, at info)
    lines = r.stdout.splitlines()
    i = next(n for n, l in enumerate(lines) if "neutrality.editorializing" in l)
    src, caret = lines[i + 1], lines[i + 2]
    assert "Notably absent" in src
    col = src.index("Notably")
    assert caret.index("^") == col and caret.count("^") == len("Notably")
    assert "\033[" not in r.stdout  # not a terminal: no colour
    assert r.stdout.rstrip().endswith("in 1 of 1 file.")
    assert run_cli("check", SEED, "--fail-on", "warning").returncode == 1
    assert run_cli("check", SEED, "--fail-on", "never").returncode == 0
    bad = tmp_path / "bad.txt"
    bad.write_text("Headline\n\nThe cafÃ© charged Â£3.\n", encoding="utf-8")
    assert run_cli("check", str(bad)).returncode == 1  # mojibake is an error
    clean = tmp_path / "clean.txt"
    clean.write_text("Council meets\n\nThe council met on Monday and approved the budget.\n", encoding="utf-8")
    r = run_cli("check", str(clean), "--fail-on", "info")
    assert r.returncode == 0 and r.stdout.strip() == "No findings in 1 file."
    r = run_cli("check", str(clean), str(tmp_path / "missing.txt"), "--fail-on", "info")
    assert r.returncode == 3 and "missing.txt" in r.stderr and "No findings in 1 file." in r.stdout
    assert run_cli("check", str(clean), "--select", "nope.rule").returncode == 2


def test_check_config_errors_exit_2(tmp_path):
    art = tmp_path / "a.txt"
    art.write_text("Title\n\nThe council met.\n", encoding="utf-8")
    (tmp_path / ".annotator.toml").write_text('disable = ["quotes.nope"]\n', encoding="utf-8")
    r = run_cli("check", str(art))
    assert r.returncode == 2 and ".annotator.toml" in r.stderr and "quotes.nope" in r.stderr
    (tmp_path / ".annotator.toml").write_text('rule_dirs = ["myrules"]\n', encoding="utf-8")
    (tmp_path / "myrules" / "house").mkdir(parents=True)
    (tmp_path / "myrules" / "house" / "x.yaml").write_text(GOOD.format(sev="fatal"), encoding="utf-8")
    r = run_cli("check", str(art))
    assert r.returncode == 2 and "house/x.yaml: rules[0].severity" in r.stderr
    (tmp_path / "myrules" / "house" / "x.yaml").write_text(GOOD.format(sev="error"), encoding="utf-8")
    art.write_text("Title\n\nThe council will utilise the money.\n", encoding="utf-8")
    r = run_cli("check", str(art))
    assert r.returncode == 1 and "house.x" in r.stdout


def test_check_json_is_schema_valid(tmp_path):
    r = run_cli("check", SEED, "--format", "json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    with open(os.path.join(ROOT, "schemas", "annotations.schema.json"), encoding="utf-8") as f:
        jsonschema.Draft202012Validator(json.load(f)).validate(doc)
    from annotator.models import AnnotationDocument

    AnnotationDocument.model_validate(doc)
    assert doc["findings"] and all(0 <= f["confidence"] <= 1 for f in doc["findings"])
    text = open(SEED, encoding="utf-8").read()
    for f in doc["findings"]:
        assert text[f["start"]:f["end"]] == f["text"]
    qs = [f for f in doc["findings"] if f["rule"] == "quotes.partial-quote"]
    assert qs and all(f["quote"] and f["speaker"] for f in qs)
    fx = [f for f in doc["findings"] if f["rule"] == "consistency.quote-style"]
    assert fx[0]["fix"] == [{"start": text.index("“new"), "end": text.index("“new") + 1, "replacement": '"'},
                            {"start": text.index("”", text.index("“new")),
                             "end": text.index("”", text.index("“new")) + 1, "replacement": '"'}]
    out = tmp_path / "out.jsonl"
    r = run_cli("check", SEED, SEED, "--format", "jsonl", "--output", str(out))
    assert r.returncode == 0 and r.stdout == ""
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2


def test_rules_and_explain_commands():
    r = run_cli("rules")
    assert r.returncode == 0
    lines = r.stdout.splitlines()
    assert lines[0].split() == ["ID", "KIND", "SEVERITY", "SCOPE", "SUMMARY"]
    row = next(l for l in lines if l.startswith("neutrality.loaded-verbs "))
    assert row.split()[1:4] == ["substitution", "warning", "writer,reported"]
    assert any(l.startswith("neutrality.emphatic-cue ") and " off " in l for l in lines)
    r = run_cli("rules", "--format", "json", "quotes")
    rows = json.loads(r.stdout)
    assert rows and all(x["id"].startswith("quotes.") for x in rows)
    r = run_cli("explain", "neutrality.loaded-verbs")
    assert r.returncode == 0
    out = r.stdout
    assert out.startswith("neutrality.loaded-verbs (substitution)")
    assert "Why" in out and "Flagged" in out and "Not flagged" in out
    assert "The minister claimed the figures were wrong." in out and "fixed: The minister said" in out
    assert "claim -> say" in out
    r = run_cli("explain", "loaded-verbs")
    assert r.returncode == 2 and "neutrality.loaded-verbs" in r.stderr


def test_explain_names_the_rule_file_line_and_the_code_of_its_kind():
    """One hop from a rule id to the YAML that defines it and the Python that checks it."""
    import re

    for rid, code in (("attribution.unattributed-figure", "def _unattributed_figure"),
                      ("neutrality.loaded-verbs", None)):
        r = run_cli("explain", rid)
        assert r.returncode == 0, r.stderr
        path, line = re.search(r"^Defined in: (\S+):(\d+)$", r.stdout, re.M).groups()
        with open(os.path.join(ROOT, path), encoding="utf-8") as f:
            assert rid in f.read().splitlines()[int(line) - 1]
        m = re.search(r"^Code: (\S+?)(?::(\d+))? \(", r.stdout, re.M)
        assert os.path.exists(os.path.join(ROOT, m.group(1)))
        if code:
            with open(os.path.join(ROOT, m.group(1)), encoding="utf-8") as f:
                assert code in f.read().splitlines()[int(m.group(2)) - 1]
        else:
            assert m.group(1).endswith(os.path.join("kinds", "substitution.py"))


def test_kinds_and_conditions_are_found_through_explicit_registries():
    """Every kind and condition of the rule schema is a key of a registry dict whose value is its
    code, so a grep for a condition's id lands on the line that names its method."""
    import inspect
    import typing

    from annotator import models
    from annotator.engine import kinds, loader
    from annotator.engine.kinds import condition

    # the rule models are made from the registries: a kind's options are its module's Options
    rule_models = {typing.get_args(m.model_fields["kind"].annotation)[0]: m
                   for m in typing.get_args(typing.get_args(models.Rule)[0])
                   if typing.get_origin(m) is not typing.Annotated}
    assert set(kinds.KINDS) == set(rule_models) | {"condition"}
    for kind, model in rule_models.items():
        assert issubclass(model, kinds.KINDS[kind].Options)
    condition_models = typing.get_args(typing.get_args(models.ConditionRule)[0])
    conditions = [typing.get_args(c.model_fields["condition"].annotation)[0] for c in condition_models]
    assert list(condition.CONDITIONS) == conditions == list(condition.Options)
    for c, model in zip(conditions, condition_models):
        assert issubclass(model, condition.Options[c])
    assert not hasattr(loader, "KINDS") and not hasattr(loader, "CONDITIONS")
    source = inspect.getsource(condition)
    for cid, method in condition.CONDITIONS.items():
        assert f'"{cid}": Kind.{method.__name__},' in source
    assert "getattr(self" not in source and "import_module" not in inspect.getsource(kinds)
    # so are the measures of metric rules and the variants of consistency rules
    from annotator.engine.kinds import consistency, metric

    assert list(metric.MEASURES) == list(typing.get_args(metric.Options.model_fields["measure"].annotation))
    assert list(consistency.VARIANTS) == list(typing.get_args(consistency.Options.model_fields["variants"].annotation))
    for module in (metric, consistency):
        assert "getattr(self" not in inspect.getsource(module)


def test_messages_name_an_unresolved_pronoun_as_an_unnamed_speaker():
    doc = check('"The fares will rise," she said.\n\n"They will rise in May," she said, calling it "a fair increase".')
    messages = {f.rule: f.message for f in doc.findings}
    assert messages["attribution.single-source"] == 'Every quotation comes from one speaker, an unnamed speaker ("she")'
    assert messages["quotes.partial-quote"] == (
        'Partial quotation: "a fair increase" is the framing of an unnamed speaker ("she"), '
        "carried into the writer's sentence"
    )
    named = check('"The fares will rise," Mayor Ana Ruiz said, calling it "a fair increase".')
    assert [f.message for f in named.findings if f.rule == "quotes.partial-quote"] == [
        'Partial quotation: "a fair increase" is the framing of Ana Ruiz, carried into the writer\'s sentence'
    ]


# -- repeated-word: one pattern in every context -------------------------------------
@pytest.mark.parametrize("text,flagged,fixed", [
    ("The plan (the the new one) was late.", ["the the"], "The plan (the new one) was late."),
    ("She called it “the the plan” twice.", ["the the"], "She called it “the plan” twice."),
    ('She called it "the the plan" twice.', ["the the"], 'She called it "the plan" twice.'),
    ("The the plan was late.", ["The the"], "The plan was late."),
    ("The minister said the\nthe plan was late.", ["the\nthe"], "The minister said the plan was late."),
    ("It was in in the drawer, and Paris paris.", ["in in", "Paris paris"], None),
    ("Word—the the end.", ["the the"], "Word—the end."),
    # not doubled: part of a longer word, a number, a name, an allowed doubling, a paragraph break
    ("They bathe the dog; the the-end; 10 10; Duran Duran; he had had enough.", [], None),
    ("The plan was the\n\nthe next day's.", [], None),
])
def test_repeated_word_is_found_in_every_context(text, flagged, fixed):
    doc = check(text)
    hits = [f for f in doc.findings if f.rule == "hygiene.repeated-word"]
    assert [doc.text[f.start:f.end] for f in hits] == flagged
    if fixed is not None:
        assert apply_fixes(doc.text, hits, "hygiene.repeated-word") == fixed


def test_the_rules_cache_key_covers_the_kinds_options(monkeypatch):
    """The validated rules hold the defaults of each kind's Options model (in the kind's
    module): editing one must make a new cache key, as editing models.py does."""
    from annotator.engine import cache

    seen = []
    monkeypatch.setattr(cache, "_files_key", lambda label, sources, dirs: seen.extend(sources) or "k")
    cache._specs_key([])
    names = {os.path.relpath(p, os.path.join(ROOT, "annotator")) for p in seen}
    assert {"models.py", os.path.join("engine", "loader.py"), os.path.join("engine", "kinds", "lexicon.py"),
            os.path.join("engine", "kinds", "condition.py")} <= names


def test_a_warm_check_imports_neither_pydantic_nor_the_models(tmp_path):
    """The kinds' Options models are made on first use: a check from a warm cache imports the
    kinds' modules but not pydantic (~80 ms)."""
    env = {"ANNOTATOR_CACHE_DIR": str(tmp_path / "cache")}
    run_cli("check", SEED, env=env)
    r = run_cli("check", SEED, env={**env, "PYTHONPROFILEIMPORTTIME": "1"})
    assert r.returncode in (0, 1) and "annotator.engine.kinds.lexicon" in r.stderr
    assert "pydantic" not in r.stderr and "annotator.models" not in r.stderr


def test_a_figure_span_ends_with_the_figure_not_the_mark_after_it():
    """A figure pattern (RE2: no look-ahead) may match the space or danda that ends a figure;
    the finding is the figure only (it ended with a space: ne.unattributed-figure's own example)."""
    doc = check("देशको जनसंख्याको ३५ प्रतिशत गाउँमा बस्छ । यो संख्या घट्दै छ ।", config={"packs": ["ne"]})
    hits = [doc.text[f.start:f.end] for f in doc.findings if f.rule == "ne.unattributed-figure"]
    assert hits == ["जनसंख्याको ३५ प्रतिशत"]


# -- word sense: the part of speech a lexicon entry flags (issue 14.4) ---------------------------
@pytest.mark.parametrize("text,word,pos,fits", [
    ("North Korea's claim was rejected.", "claim", "verb", False),
    ("the critics' claims were rejected.", "claims", "verb", False),
    ("The claim was rejected.", "claim", "verb", False),
    ("mere grumbling will not do", "grumbling", "verb", False),
    ("He's claimed the plan works.", "claimed", "verb", True),
    ("North Korea claims a test.", "claims", "verb", True),
    ("The incumbent is leading in the polls.", "leading", "adjective", False),
    ("Ireland leading 18-12 at the break.", "leading", "adjective", False),
    ("Cruz, leading narrowly in Iowa, spoke.", "leading", "adjective", False),
    ("A storm battering the coast.", "battering", "adjective", False),
    ("as they celebrated.", "celebrated", "adjective", False),
    ("the leading lawyer of her day", "leading", "adjective", True),
    ("The chef is celebrated.", "celebrated", "adjective", True),
    ("They will claim it.", "claim", "noun", False),
    ("The claim was false.", "claim", "noun", True),
])
def test_part_of_speech_from_the_neighbours(text, word, pos, fits):
    from annotator.engine.kinds.lexicon import pos_fits

    s = text.index(word)
    assert pos_fits(text, s, s + len(word), pos) is fits


def test_pos_of_a_rule_and_of_an_entry(tmp_path):
    d = tmp_path / "extra" / "house"
    d.mkdir(parents=True)
    (d / "pos.yaml").write_text(
        "rules:\n  - id: house.pos\n    kind: lexicon\n    severity: info\n    message: m\n    rationale: r\n"
        "    pos: adjective\n    words: [leading, {word: claim, inflect: verb, pos: verb}]\n", encoding="utf-8")
    engine = get_engine((str(tmp_path / "extra"),))
    doc = build_doc({"text": "The leading party is leading in the polls. Its claim was false; they claim more."})
    engine.check(doc, engine.default_settings())
    got = [doc.text[f.start:f.end] + "@" + str(f.start) for f in doc.findings if f.rule == "house.pos"]
    assert got == [f"leading@{doc.text.index('leading')}", f"claim@{doc.text.index('claim more')}"]


OFF_BY_DEFAULT = ("neutrality.loaded-words", "neutrality.puffery", "neutrality.contentious-labels",
                  "hygiene.long-sentence")
#: under the bar too, but on at info (the issue allows either): what they ask is worth a glance
INFO_UNDER_THE_BAR = ("quotes.scare-quotes", "attribution.unattributed-figure", "attribution.anonymous-source",
                      "attribution.anonymous-quotes", "neutrality.superlatives", "neutrality.subjective-language")


def test_rules_under_the_judged_precision_bar_are_off_by_default_but_selectable(tmp_path):
    """Issue 14: a rule under 0.60 precision on the judged real copy is off by default, with its
    figure in its rationale, and still runs when selected."""
    settings = ENGINE.default_settings()
    for rid in OFF_BY_DEFAULT:
        spec = ENGINE.specs[ENGINE.index[rid]]
        assert not settings.active[ENGINE.index[rid]], rid
        assert "judged set" in spec.rationale and "precision 0." in spec.rationale, rid
    for rid in INFO_UNDER_THE_BAR:
        spec = ENGINE.specs[ENGINE.index[rid]]
        assert settings.active[ENGINE.index[rid]] and spec.severity == "info", rid
        assert "judged set" in spec.rationale and "precision 0." in spec.rationale, rid
    art = tmp_path / "a.txt"
    art.write_text("Charges\n\nThe council imposed draconian charges on drivers.\n", encoding="utf-8")
    off = run_cli("check", str(art), "--format", "json", "--fail-on", "never")
    assert "neutrality.loaded-words" not in {f["rule"] for f in json.loads(off.stdout)["findings"]}
    on = run_cli("check", str(art), "--format", "json", "--fail-on", "never", "--select", "neutrality.loaded-words")
    assert [f["rule"] for f in json.loads(on.stdout)["findings"]] == ["neutrality.loaded-words"]


@pytest.mark.parametrize("headline, body, rules", [
    # words quoted nowhere in the body: the headline-quote rule's finding only, one per span
    ("Harbour 'heroes' to be honoured", "The crew will be honoured on Monday.",
     ["quotes.headline-quote-unsourced"]),
    ("Mayor hails 'great year' for the harbour", "The mayor spoke on Tuesday about the budget.",
     ["quotes.headline-quote-unsourced"]),
    # words quoted in the body: the headline's marks are judged as any others
    ("Mayor hails 'great year' for the harbour", '"It was a great year," the mayor said on Tuesday.',
     ["quotes.partial-quote"]),
])
def test_a_headlines_quotation_gets_one_quotation_finding(headline, body, rules):
    doc = check(body, headline=headline)
    h = len(headline)
    assert sorted(f.rule for f in doc.findings if f.rule.startswith("quotes.") and f.start < h) == rules
