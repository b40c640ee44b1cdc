"""Article types (issue 14.6): an opinion piece, an analysis or a review, marked in its
front matter or by a folder in the configuration, runs the neutrality pack as info by
default; the configuration can change what a type does."""


from conftest import run_cli, severities

# (the loaded word in the writer's own sentence: after "claimed" it would be the council's)
WRITER = "The council claimed the plan would work. The disastrous plan was a stunning flop.\n"


def _article(path, front=None):
    path.parent.mkdir(parents=True, exist_ok=True)
    fm = "".join(f"{k}: {v}\n" for k, v in (front or {}).items())
    path.write_text(f"---\ntitle: A plan\n{fm}---\n\n{WRITER}", encoding="utf-8")


def _severities(cwd, *paths):
    return severities(cwd, *paths)


def test_front_matter_type_or_section_makes_neutrality_info(tmp_path):
    (tmp_path / ".git").mkdir()
    _article(tmp_path / "news.md")
    _article(tmp_path / "col.md", {"type": "Opinion"})
    _article(tmp_path / "rev.md", {"section": "review"})
    _article(tmp_path / "ana.md", {"type": "analysis"})
    _article(tmp_path / "ed.md", {"section": "Editorial"})
    _article(tmp_path / "post.md", {"type": "post"})
    got = _severities(tmp_path, "news.md", "col.md", "rev.md", "ana.md", "ed.md", "post.md")
    # (loaded words and puffery are info everywhere since the judged set's figures; loaded verbs warn in news)
    assert got["news.md"] and got["news.md"]["neutrality.loaded-verbs"] == "warning"
    for p in ("col.md", "rev.md", "ana.md", "ed.md"):
        assert got[p].keys() == got["news.md"].keys() and set(got[p].values()) == {"info"}, p
    assert got["post.md"] == got["news.md"]  # a type the configuration does not know changes nothing


def test_a_folder_in_the_configuration_gives_the_type_and_front_matter_wins(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".annotator.toml").write_text(
        '[[overrides]]\nfiles = ["opinion/**"]\narticle_type = "opinion"\n', encoding="utf-8")
    _article(tmp_path / "opinion" / "a.md")
    _article(tmp_path / "opinion" / "b.md", {"type": "post"})  # unknown: the folder's type stands
    _article(tmp_path / "news" / "c.md")
    got = _severities(tmp_path, "opinion", "news")
    assert set(got["opinion/a.md"].values()) == {"info"}
    assert set(got["opinion/b.md"].values()) == {"info"}
    assert got["news/c.md"]["neutrality.loaded-verbs"] == "warning"


def test_the_configuration_changes_what_a_type_does(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".annotator.toml").write_text(
        'enable = ["neutrality.loaded-words", "neutrality.puffery"]\n'  # (off by default)
        '[article_types.opinion]\nseverity = { "neutrality.loaded-verbs" = "error" }\n'
        'disable = ["neutrality.puffery"]\n'
        '[article_types.satire]\ndisable = ["neutrality"]\n'
        '[[overrides]]\nfiles = ["op/**"]\narticle_type = "opinion"\n'
        'severity = { "neutrality.loaded-words" = "info" }\n', encoding="utf-8")
    _article(tmp_path / "op" / "a.md")
    _article(tmp_path / "fun.md", {"type": "satire"})
    got = _severities(tmp_path, "op", "fun.md")
    a = got["op/a.md"]
    # the type's own layer replaces the default; the folder's override applies after it
    assert a["neutrality.loaded-verbs"] == "error" and a["neutrality.loaded-words"] == "info"
    assert "neutrality.puffery" not in a
    assert got["fun.md"] == {}


def test_a_bad_article_type_table_is_a_configuration_error(tmp_path):
    (tmp_path / ".git").mkdir()
    _article(tmp_path / "a.md")
    for toml, words in [
        ('[article_types.opinion]\nseverity = { "nosuchpack" = "info" }\n', "nosuchpack"),
        ('[article_types.opinion]\ncolour = "red"\n', "colour"),
        ('article_types = 3\n', "article_types"),
        ('[[overrides]]\nfiles = ["a.md"]\narticle_type = 3\n', "article_type"),
    ]:
        (tmp_path / ".annotator.toml").write_text(toml, encoding="utf-8")
        r = run_cli("check", "a.md", cwd=str(tmp_path))
        assert r.returncode == 2 and ".annotator.toml" in r.stderr and words in r.stderr, (toml, r.stderr)
        assert "Traceback" not in r.stderr


def test_sport_runs_praise_words_as_info_and_other_neutrality_rules_as_news(tmp_path):
    (tmp_path / ".git").mkdir()
    text = "O'Driscoll created a sparkling try for the talented backs, and the coach claimed it was luck.\n"
    (tmp_path / ".annotator.toml").write_text('enable = ["neutrality.puffery"]\n', encoding="utf-8")  # (off by default)
    for name, front in (("news.md", ""), ("match.md", "section: Sport\n")):
        (tmp_path / name).write_text(f"---\ntitle: Ireland win\n{front}---\n\n{text}", encoding="utf-8")
    got = _severities(tmp_path, "news.md", "match.md")
    # (puffery is info everywhere since the judged set's figures: the sport layer keeps it there)
    assert got["news.md"]["neutrality.puffery"] == "info" and got["match.md"]["neutrality.puffery"] == "info"
    assert got["match.md"]["neutrality.loaded-verbs"] == got["news.md"]["neutrality.loaded-verbs"] == "warning"
