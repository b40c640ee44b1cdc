"""check --fix / --diff: only quotation marks and apostrophes change; every other byte stays."""

import codecs
import json
import os
import stat

import pytest
from conftest import cache_outside, run_cli

QUOTE_RULES = ("consistency.quote-style", "consistency.apostrophe-style")
MARKS = "\"'“”‘’"

# mostly curly, with straight strays (a quotation and an apostrophe)
MIXED = (
    "Council approves budget\n\n"
    "“We have done our best,” the mayor said. “It’s a fair plan,” she added.\n\n"
    "The treasurer said the city's reserves were “healthy” and \"stable\".\n\n"
    "Opponents called it “a start”. The council’s vote was 7-2.\n"
)


def _findings(path, *rules):
    r = run_cli("check", "--format", "jsonl", str(path), *(("--select", ",".join(rules)) if rules else ()))
    assert r.returncode in (0, 1), r.stderr
    return [f for line in r.stdout.splitlines() for f in json.loads(line)["findings"]]


def _only_marks_changed(old: bytes, new: bytes, encoding: str) -> None:
    """new differs from old only in quotation marks and apostrophes, one for one."""
    a = old.decode(encoding)
    b = new.decode(encoding)
    assert len(a) == len(b)
    changed = [(x, y) for x, y in zip(a, b) if x != y]
    assert changed and all(x in MARKS and y in MARKS for x, y in changed), changed[:5]
    # and the bytes: with every mark made the same placeholder, the files are identical

    def same(data: bytes) -> bytes:
        for m in MARKS:
            data = data.replace(m.encode(encoding), b"\x01\x01\x01\x01")
        return data
    assert same(old) == same(new)


@pytest.mark.parametrize("variant", ["crlf", "bom", "bom-crlf", "cr", "utf16"])
def test_fix_round_trip(tmp_path, variant):
    text = MIXED
    if "crlf" in variant:
        text = text.replace("\n", "\r\n")
    if variant == "cr":
        text = text.replace("\n", "\r")
    encoding = "utf-16-le" if variant == "utf16" else "utf-8"
    data = text.encode(encoding)
    if variant.startswith("bom"):
        data = codecs.BOM_UTF8 + data
    if variant == "utf16":
        data = codecs.BOM_UTF16_LE + data
    art = tmp_path / "article.txt"
    art.write_bytes(data)
    before = _findings(art, *QUOTE_RULES)
    assert {f["rule"] for f in before} == set(QUOTE_RULES)

    r = run_cli("check", "--fix", str(art), "--select", ",".join(QUOTE_RULES))
    assert r.returncode == 0, r.stderr
    assert "applied 3 fixes in 1 file" in r.stderr  # the quotation's two marks and an apostrophe
    assert r.stdout.strip() == "No findings in 1 file."  # the report is of the fixed file
    after = art.read_bytes()
    assert _findings(art, *QUOTE_RULES) == []
    # encoding, BOM and line endings kept; only the marks differ
    if variant.startswith("bom"):
        assert after.startswith(codecs.BOM_UTF8) and not after[3:].startswith(codecs.BOM_UTF8)
    if variant == "utf16":
        assert after.startswith(codecs.BOM_UTF16_LE)
    body_old = data[len(codecs.BOM_UTF8):] if variant.startswith("bom") else data
    body_new = after[len(codecs.BOM_UTF8):] if variant.startswith("bom") else after
    _only_marks_changed(body_old, body_new, encoding)
    nl = "\r\n" if "crlf" in variant else ("\r" if variant == "cr" else "\n")
    decoded = body_new.decode(encoding).lstrip("\ufeff")
    assert decoded.count(nl) == text.count(nl)
    if nl == "\r\n":
        assert decoded.replace("\r\n", "").count("\n") == 0 and decoded.replace("\r\n", "").count("\r") == 0
    assert "“stable”" in decoded and "city’s" in decoded  # the strays took the dominant (curly) style

    # twice is the same as once
    r = run_cli("check", "--fix", str(art))
    assert "nothing to fix" in r.stderr
    assert art.read_bytes() == after


def test_diff_writes_nothing(tmp_path):
    art = tmp_path / "article.txt"
    data = MIXED.replace("\n", "\r\n").encode("utf-8")
    art.write_bytes(data)
    os.utime(art, (1_000_000_000, 1_000_000_000))
    r = run_cli("check", "--diff", str(art))
    assert r.returncode == 1, r.stderr  # something to fix
    assert art.read_bytes() == data and os.stat(art).st_mtime == 1_000_000_000
    assert sorted(os.listdir(tmp_path)) == ["article.txt"]
    out = r.stdout
    assert out.startswith(f"--- a/{art}\n+++ b/{art}\n@@ ")
    minus = [x for x in out.splitlines() if x.startswith("-") and not x.startswith("---")]
    plus = [x for x in out.splitlines() if x.startswith("+") and not x.startswith("+++")]
    assert len(minus) == len(plus) == 1
    assert any("city's" in x and '"stable"' in x for x in minus)
    assert any("city’s" in x and "“stable”" in x for x in plus)
    assert "3 fixes to apply in 1 file" in r.stderr
    # the diff applies: --fix gives the same text
    r2 = run_cli("check", "--fix", str(art))
    assert r2.returncode == 0
    r3 = run_cli("check", "--diff", str(art))
    assert r3.returncode == 0 and r3.stdout == "" and "nothing to fix" in r3.stderr


def test_fix_keeps_mode_and_follows_symlinks(tmp_path):
    real = tmp_path / "real.txt"
    real.write_text(MIXED, encoding="utf-8")
    os.chmod(real, 0o640)
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    r = run_cli("check", "--fix", str(link))
    assert r.returncode == 0, r.stderr
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert stat.S_IMODE(os.stat(real).st_mode) == 0o640
    assert "“stable”" in real.read_text(encoding="utf-8")
    assert sorted(os.listdir(tmp_path)) == ["link.txt", "real.txt"]


def test_house_quote_style_from_the_configuration(tmp_path):
    art = tmp_path / "a.txt"
    art.write_text("Council meets\n\n\"We are ready,\" the mayor said. It's 'final', she added.\n", encoding="utf-8")
    assert _findings(art, *QUOTE_RULES) == []  # all straight: consistent on its own
    (tmp_path / ".annotator.toml").write_text('quote_style = "curly"\n', encoding="utf-8")
    assert {f["rule"] for f in _findings(art, *QUOTE_RULES)} == set(QUOTE_RULES)
    r = run_cli("check", "--fix", str(art), "--select", ",".join(QUOTE_RULES))
    assert r.returncode == 0, r.stderr
    assert art.read_text(encoding="utf-8") == "Council meets\n\n“We are ready,” the mayor said. It’s ‘final’, she added.\n"
    (tmp_path / ".annotator.toml").write_text('quote_style = "straight"\n', encoding="utf-8")
    r = run_cli("check", "--fix", str(art), "--select", ",".join(QUOTE_RULES))
    assert art.read_text(encoding="utf-8") == "Council meets\n\n\"We are ready,\" the mayor said. It's 'final', she added.\n"
    # apostrophes may differ from quotation marks
    (tmp_path / ".annotator.toml").write_text('quote_style = "curly"\napostrophe_style = "straight"\n',
                                              encoding="utf-8")
    r = run_cli("check", "--fix", str(art), "--select", ",".join(QUOTE_RULES))
    assert art.read_text(encoding="utf-8") == "Council meets\n\n“We are ready,” the mayor said. It's ‘final’, she added.\n"


def test_html_character_references_keep_their_spelling(tmp_path):
    art = tmp_path / "a.html"
    # majority straight; the strays are references of three kinds
    src = ('<html><body><h1>Council meets</h1><p>"We are ready," the mayor said. "It is fair," she added. '
           '&ldquo;Not yet,&rdquo; said one. &#8220;Never,&#x201D; said another.</p></body></html>')
    art.write_text(src, encoding="utf-8")
    r = run_cli("check", "--fix", str(art), "--select", ",".join(QUOTE_RULES))
    assert r.returncode == 0, r.stderr
    assert art.read_text(encoding="utf-8") == src.replace("&ldquo;", "&quot;").replace("&rdquo;", "&quot;") \
        .replace("&#8220;", "&#34;").replace("&#x201D;", "&#x22;")
    assert _findings(art, *QUOTE_RULES) == []


def test_html_in_a_narrow_encoding_gets_references(tmp_path):
    art = tmp_path / "a.html"
    src = ('<html><body><h1>Council meets</h1><p>&ldquo;We are ready,&rdquo; the mayor said. '
           '&ldquo;It is fair,&rdquo; she added. "Not yet," said one.</p></body></html>')
    art.write_bytes(src.encode("latin-1"))
    r = run_cli("check", "--fix", "--encoding", "latin-1", str(art), "--select", ",".join(QUOTE_RULES))
    assert r.returncode == 0, r.stderr
    assert art.read_bytes() == src.replace('"Not yet,"', "&ldquo;Not yet,&rdquo;").encode("latin-1")


def test_json_escapes(tmp_path):
    art = tmp_path / "a.json"
    body = ('\\u201cWe are ready,\\u201d the mayor said. \\u201cIt is fair,\\u201d she added. '
            '\\"Not yet,\\" said one. \\u201CNever\\u201D, said another.')
    art.write_text('{"headline": "Council meets", "body": "' + body + '"}', encoding="utf-8")
    r = run_cli("check", "--fix", str(art), "--select", ",".join(QUOTE_RULES))
    assert r.returncode == 0, r.stderr
    doc = json.loads(art.read_text(encoding="utf-8"))  # still JSON
    assert doc["body"] == "“We are ready,” the mayor said. “It is fair,” she added. “Not yet,” said one. “Never”, said another."
    assert '“Not yet,”' in art.read_text(encoding="utf-8")  # an escaped straight quote became the character
    assert "\\u201CNever\\u201D" in art.read_text(encoding="utf-8")  # untouched escapes keep their case


def test_json_straight_target_is_escaped(tmp_path):
    art = tmp_path / "a.json"
    body = ('\\"We are ready,\\" the mayor said. \\"It is fair,\\" she added. “Not yet,” said one.')
    art.write_text('{"headline": "Council meets", "body": "' + body + '"}', encoding="utf-8")
    r = run_cli("check", "--fix", str(art), "--select", ",".join(QUOTE_RULES))
    assert r.returncode == 0, r.stderr
    assert json.loads(art.read_text(encoding="utf-8"))["body"] == \
        '"We are ready," the mayor said. "It is fair," she added. "Not yet," said one.'


def test_markdown_escapes_and_front_matter(tmp_path):
    art = tmp_path / "a.md"
    src = ("---\ntitle: 'A \"safe\" plan'\n---\n\n"
           "“We are ready,” the mayor said. “It is fair,” she added. “Fine,” he said. \\\"Not yet,\\\" said one.\n")
    art.write_text(src, encoding="utf-8")
    r = run_cli("check", "--fix", str(art), "--select", ",".join(QUOTE_RULES))
    assert "in front matter" in r.stderr
    fixed = art.read_text(encoding="utf-8")
    assert fixed == src.replace('\\"Not yet,\\"', "“Not yet,”")  # the escape went with the mark; YAML untouched


def test_fix_refuses_standard_input_but_diff_reads_it():
    r = run_cli("check", "--fix", "-", stdin=MIXED)
    assert r.returncode == 2 and "standard input" in r.stderr
    r = run_cli("check", "--diff", "-", stdin=MIXED)
    assert r.returncode == 1 and "+The treasurer said the city’s reserves" in r.stdout


def test_only_mechanical_fixes_are_applied(tmp_path):
    art = tmp_path / "a.txt"
    # a doubled word and a spelling variant have fixes too, but --fix leaves words alone
    src = ("Council meets\n\nThe council will organise the the vote. It organised one in May and organized "
           "another in June. “Yes,” she said. “No,” he said. \"Maybe,\" they said.\n")
    art.write_text(src, encoding="utf-8")
    rules = {f["rule"] for f in _findings(art) if f["fix"]}
    assert {"hygiene.repeated-word", "consistency.spelling", "consistency.quote-style"} <= rules
    run_cli("check", "--fix", str(art))
    assert art.read_text(encoding="utf-8") == src.replace('"Maybe,"', "“Maybe,”")


def test_a_stray_single_mark_is_reported_not_restyled(tmp_path):
    # mostly curly; "now.'" closes a quotation that never opened: whether a stray
    # single mark is an apostrophe is read off its style, so it is not restyled
    p = tmp_path / "a.txt"
    p.write_text("Mayor speaks\n\n“It’s done,” she said. “We’re glad.”\n\nHe said, I’m leaving now.' Then he left.\n",
                 encoding="utf-8")
    found = [f for f in _findings(p, "consistency.quote-style") if f["text"] == "'"]
    assert len(found) == 1 and found[0]["fix"] is None


# -- --fix writes only inside the checked tree (issue 12) -------------------------------------------
STRAIGHT = "Council meets\n\n\"We are ready,\" the mayor said. It's 'final', she added.\n"


def _tree(tmp_path):
    """tmp/home/.bashrc (outside) and tmp/repo with a curly house style and news/."""
    home = tmp_path / "home"
    home.mkdir()
    secret = home / ".bashrc"
    secret.write_text(STRAIGHT, encoding="utf-8")
    repo = tmp_path / "repo"
    (repo / "news").mkdir(parents=True)
    (repo / ".annotator.toml").write_text('quote_style = "curly"\n', encoding="utf-8")
    return repo, secret


@pytest.mark.parametrize("named", ["news", "news/notes.txt", "."])
def test_fix_never_follows_a_link_out_of_the_checked_tree(tmp_path, named):
    repo, secret = _tree(tmp_path)
    (repo / "news" / "notes.txt").symlink_to(os.path.join("..", "..", "home", ".bashrc"))
    ok = repo / "news" / "ok.txt"
    ok.write_text(STRAIGHT, encoding="utf-8")
    before = os.stat(secret)
    r = run_cli("check", "--fix", named, "--select", ",".join(QUOTE_RULES), cwd=str(repo))
    assert "Traceback" not in r.stderr
    assert secret.read_text(encoding="utf-8") == STRAIGHT and os.stat(secret).st_ino == before.st_ino
    assert "news/notes.txt: not fixed: it is a symbolic link to a file outside the checked folders" in r.stderr
    assert (repo / "news" / "notes.txt").is_symlink()
    if named != "news/notes.txt":  # the other article is still fixed
        assert "“We are ready,”" in ok.read_text(encoding="utf-8")
    # a link to a file elsewhere in the repository but outside the folder checked: left alone too
    other = repo / "other"
    other.mkdir(exist_ok=True)
    (other / "b.txt").write_text(STRAIGHT, encoding="utf-8")
    (repo / "news" / "b.txt").symlink_to(os.path.join("..", "other", "b.txt"))
    r = run_cli("check", "--fix", "news", "--select", ",".join(QUOTE_RULES), cwd=str(repo))
    assert (other / "b.txt").read_text(encoding="utf-8") == STRAIGHT
    assert "news/b.txt: not fixed: it is a symbolic link to a file outside the checked folders" in r.stderr
    # the whole repository checked: that link lies inside, and is followed
    r = run_cli("check", "--fix", ".", "--select", ",".join(QUOTE_RULES), cwd=str(repo))
    assert "“We are ready,”" in (other / "b.txt").read_text(encoding="utf-8")
    assert secret.read_text(encoding="utf-8") == STRAIGHT


def test_fix_leaves_a_read_only_file_alone(tmp_path):
    art = tmp_path / "a.txt"
    art.write_text(MIXED, encoding="utf-8")
    os.chmod(art, 0o444)
    ino = os.stat(art).st_ino
    try:
        r = run_cli("check", "--fix", str(art))
        assert "Traceback" not in r.stderr
        assert f"{art}: not fixed: the file is read-only" in r.stderr
        assert "nothing to fix" in r.stderr
        assert art.read_text(encoding="utf-8") == MIXED  # not replaced by a rename either
        assert os.stat(art).st_ino == ino and stat.S_IMODE(os.stat(art).st_mode) == 0o444
        assert sorted(os.listdir(tmp_path)) == ["a.txt"]
    finally:
        os.chmod(art, 0o644)


def test_fix_never_splits_hard_links(tmp_path):
    art = tmp_path / "a.txt"
    art.write_text(MIXED, encoding="utf-8")
    other = tmp_path / "b.txt"
    os.link(art, other)
    r = run_cli("check", "--fix", str(art))
    assert "Traceback" not in r.stderr
    assert f"{art}: not fixed: the file has 2 hard links" in r.stderr
    assert os.stat(art).st_ino == os.stat(other).st_ino  # still one file
    assert art.read_text(encoding="utf-8") == other.read_text(encoding="utf-8") == MIXED
    # --diff still shows what would change
    r = run_cli("check", "--diff", str(art))
    assert r.returncode == 1 and "+The treasurer said the city’s reserves" in r.stdout


def test_fix_roots_and_writable_target(tmp_path):
    from annotator.fixes import FixError, fix_roots, writable_target

    (tmp_path / "news").mkdir()
    art = tmp_path / "news" / "a.txt"
    art.write_text(MIXED, encoding="utf-8")
    assert fix_roots([str(tmp_path / "news")]) == (os.path.realpath(tmp_path / "news"),)
    assert fix_roots([str(art)]) == (os.path.realpath(tmp_path / "news"),)  # a file: its folder
    assert writable_target(str(art))[0] == os.path.realpath(art)
    (tmp_path / "news" / "up.txt").symlink_to(os.path.join("..", "x.txt"))
    (tmp_path / "x.txt").write_text(MIXED, encoding="utf-8")
    with pytest.raises(FixError, match="outside the checked folders"):
        writable_target(str(tmp_path / "news" / "up.txt"))  # default: the folder holding the name
    assert writable_target(str(tmp_path / "news" / "up.txt"), fix_roots([str(tmp_path)]))[0] == \
        os.path.realpath(tmp_path / "x.txt")


def test_fix_with_changed_since_stays_in_the_tree(tmp_path):
    import shutil
    import subprocess

    if shutil.which("git") is None:
        pytest.skip("git not installed")
    repo, secret = _tree(tmp_path)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"]
    subprocess.run([*git, "init", "-q"], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-q", "--allow-empty", "-m", "x"], cwd=repo, check=True)
    (repo / "news" / "notes.txt").symlink_to(os.path.join("..", "..", "home", ".bashrc"))
    (repo / "news" / "ok.txt").write_text(STRAIGHT, encoding="utf-8")
    r = run_cli("check", "--fix", "--changed-since", "HEAD", "--select", ",".join(QUOTE_RULES), cwd=str(repo))
    assert "Traceback" not in r.stderr
    assert "news/notes.txt: not fixed: it is a symbolic link to a file outside the checked folders" in r.stderr
    assert secret.read_text(encoding="utf-8") == STRAIGHT
    assert "“We are ready,”" in (repo / "news" / "ok.txt").read_text(encoding="utf-8")


def _house(tmp_path, rule: str):
    (tmp_path / ".annotator.toml").write_text('rule_dirs = ["house-rules"]\n', encoding="utf-8")
    d = tmp_path / "house-rules" / "house"
    d.mkdir(parents=True, exist_ok=True)
    (d / "r.yaml").write_text(rule, encoding="utf-8")


SUBSTITUTION = """rules:
  - id: house.plain
    kind: substitution
    severity: warning
    message: 'Write "{replacement}", not "{match}"'
    rationale: House style.
    inflect: verb
    fix: FIX
    words: [{word: utilise, replacement: REPLACEMENT}]
    examples: {pass: ['We use it.'], fail: ['We utilise it.']}
"""


def test_a_house_substitution_with_fix_true_is_applied_by_fix(tmp_path):
    """fix: true in a newsroom's rule is applied by --fix (inflected, case kept), never ignored."""
    _house(tmp_path, SUBSTITUTION.replace("FIX", "true").replace("REPLACEMENT", "use"))
    art = tmp_path / "a.md"
    src = "# Budget\n\nUtilising the fund, the council utilised *all* of it. They claimed it was fair.\n"
    art.write_text(src, encoding="utf-8")
    env = {"ANNOTATOR_CACHE_DIR": cache_outside(tmp_path)}
    r = run_cli("check", "--diff", str(art), cwd=str(tmp_path), env=env)
    assert r.returncode == 1 and "+Using the fund, the council used *all* of it." in r.stdout, r.stdout + r.stderr
    r = run_cli("check", "--fix", str(art), cwd=str(tmp_path), env=env)
    assert "Traceback" not in r.stderr
    # the shipped loaded-verbs rule is fix: suggest: "claimed" stays
    assert art.read_text(encoding="utf-8") == src.replace("Utilising", "Using").replace("utilised", "used")
    r = run_cli("check", "--diff", str(art), cwd=str(tmp_path), env=env)
    assert r.stdout == ""


def test_a_word_fix_that_would_need_escaping_is_reported_not_applied(tmp_path):
    _house(tmp_path, SUBSTITUTION.replace("FIX", "true").replace("REPLACEMENT", "'*use*'"))
    art = tmp_path / "a.md"
    src = "# Budget\n\nThe council will utilise the fund.\n"
    art.write_text(src, encoding="utf-8")
    env = {"ANNOTATOR_CACHE_DIR": cache_outside(tmp_path)}
    r = run_cli("check", "--fix", str(art), cwd=str(tmp_path), env=env)
    assert "a.md:3:18: house.plain not fixed: the replacement '*use*' would need escaping" in r.stderr, r.stderr
    assert art.read_text(encoding="utf-8") == src


def test_fix_suggest_is_carried_but_not_applied(tmp_path):
    _house(tmp_path, SUBSTITUTION.replace("FIX", "suggest").replace("REPLACEMENT", "use"))
    art = tmp_path / "a.txt"
    src = "Budget\n\nThe council will utilise the fund.\n"
    art.write_text(src, encoding="utf-8")
    env = {"ANNOTATOR_CACHE_DIR": cache_outside(tmp_path)}
    r = run_cli("check", "--format", "jsonl", str(art), cwd=str(tmp_path), env=env)
    (f,) = [f for f in json.loads(r.stdout)["findings"] if f["rule"] == "house.plain"]
    assert f["fix"] == [{"start": f["start"], "end": f["end"], "replacement": "use"}]
    run_cli("check", "--fix", str(art), cwd=str(tmp_path), env=env)
    assert art.read_text(encoding="utf-8") == src


@pytest.mark.parametrize("rule, expect", [
    ("""rules:
  - id: house.p
    kind: pattern
    severity: info
    message: m
    rationale: r
    pattern: 'colour'
    fix: true
    examples: {pass: ['x'], fail: ['colour']}
""", "house-rules/house/r.yaml: rules[0].fix: a pattern rule needs replace"),
    ("""rules:
  - id: house.n
    kind: consistency
    variants: names
    severity: info
    message: m
    rationale: r
    fix: true
    examples: {pass: ['x'], fail: ['y']}
""", "house-rules/house/r.yaml: rules[0].fix: variants: names has no fix"),
    ("""rules:
  - id: house.a
    kind: lexicon
    house_list: accept
    severity: info
    message: m
    rationale: r
    examples: {pass: ['x'], fail: ['y']}
""", "house-rules/house/r.yaml: rules[0].house_list: Input should be 'reject'"),
])
def test_a_fix_or_house_list_a_rule_cannot_honour_is_refused_at_load(tmp_path, rule, expect):
    _house(tmp_path, rule)
    art = tmp_path / "a.txt"
    art.write_text("Budget\n\nText.\n", encoding="utf-8")
    r = run_cli("check", str(art), cwd=str(tmp_path), env={"ANNOTATOR_CACHE_DIR": cache_outside(tmp_path)})
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr.strip().startswith("annotator: error: ") and expect in r.stderr, r.stderr


# -- one finding per article for the style rules (issue 14.5) --------------------------------------
STRAYS = (
    "Council approves budget\n\n"
    "“We have done our best,” the mayor said. “It’s a fair plan,” she added.\n\n"
    "The city's reserves were \"healthy\" and the council's vote was 7-2.\n\n"
    "The treasurer’s view: \"stable\". It's done, the mayor’s aide said.\n"
)


def test_style_findings_are_one_per_article_with_count_places_and_every_fix(tmp_path):
    art = tmp_path / "a.txt"
    art.write_text(STRAYS, encoding="utf-8")
    found = _findings(art, *QUOTE_RULES)
    by_rule = {}
    for f in found:
        by_rule.setdefault(f["rule"], []).append(f)
    (apos,) = by_rule["consistency.apostrophe-style"]
    (quote,) = by_rule["consistency.quote-style"]
    assert apos["message"] == "Apostrophes: 3 straight (lines 5 and 7), curly in most of the article"
    assert quote["message"] == "Quotation marks: 2 straight (lines 5 and 7), curly in most of the article"
    assert apos["text"] == "'" and apos["start"] == STRAYS.index("city's") + 4  # at the first stray
    assert len(apos["fix"]) == 3 and len(quote["fix"]) == 4
    r = run_cli("check", "--diff", str(art), "--select", ",".join(QUOTE_RULES))
    assert r.returncode == 1 and "+The city’s reserves were “healthy” and the council’s vote" in r.stdout
    r = run_cli("check", "--fix", str(art), "--select", ",".join(QUOTE_RULES))
    assert r.returncode == 0 and "applied 7 fixes in 1 file" in r.stderr
    assert art.read_text(encoding="utf-8") == (STRAYS.replace("'", "’").replace('"healthy"', "“healthy”")
                                               .replace('"stable"', "“stable”"))


def test_a_suppressed_stray_is_neither_counted_nor_fixed(tmp_path):
    art = tmp_path / "a.txt"
    src = STRAYS.replace("It's done", "It's done <!-- annotator-disable-line consistency.apostrophe-style -->")
    art.write_text(src, encoding="utf-8")
    (apos,) = _findings(art, "consistency.apostrophe-style")
    assert apos["message"].startswith("Apostrophes: 2 straight (line 5)")
    run_cli("check", "--fix", str(art), "--select", "consistency.apostrophe-style")
    fixed = art.read_text(encoding="utf-8")
    assert "city’s" in fixed and "council’s" in fixed and "It's done" in fixed
