"""Opinion copy told from its text (analysis/genre.py): an article that declares no type and
reads as an op-ed or a column runs the neutrality pack as info (issue 14.6); news never does."""


import pytest
from conftest import severities

from annotator.analysis import genre

NEWS = (
    "Council approves budget\n\n"
    "The council approved the budget on Tuesday after a three-hour debate.\n\n"
    "The mayor claimed the figures were sound. \"I think we got it right,\" she said. \"I hope the city agrees.\"\n\n"
    "A C.I.A. report and a study of World War I records were cited, and Sen. Bernie Sanders (I-Vt.) wrote to the council.\n\n"
    "The plan takes effect in May.\n"
)
TAGLINE = "\n\nJane Roe is a professor of public policy at the University of Michigan.\n"


def _paras(*ps):
    return "A headline\n\n" + "\n\n".join(ps) + "\n"


@pytest.mark.parametrize("name, text, expected", [
    ("news with quoted first person and letters", NEWS, False),
    ("news with a reporter's tagline", NEWS + "\n\nJohn Doe is a Washington-based reporter for the Daily Star.\n", False),
    ("news with the paper's staff editor's tagline", NEWS + "\n\nJohn Doe is senior media editor at The Huffington Post.\n",
     False),
    ("op-ed with the writer's tagline", NEWS + TAGLINE, True),
    ("tagline with a disclaimer", NEWS + "\n\nJohn Doe is editor of the Gazette. His opinions are his own.\n", True),
    ("column: three stances", _paras("I think the plan is wrong.", "I doubt it will pass.", "In my view the council erred.",
                                     "The vote is on Monday."), True),
    ("first person reporting is not a stance", _paras("I asked the mayor about the plan.", "She told me it was sound.",
                                                      "I met her aides on Monday.", "The vote is on Monday."), False),
    ("column: the impersonal one with a modal", _paras("One can understand the anger.",
                                                       "However, one has to credit the defence.",
                                                       "And one should not forget the kicking.", "The vote is on Monday."),
     True),
    ("one as a pronoun or in no one is no stance", _paras("Members were asked which one should be used.",
                                                          "No one can say when the vote is.", "Each one must be signed.",
                                                          "The vote is on Monday."), False),
    ("interview turns are the speaker's", _paras("Q: What do you think?", "A: I think it is wrong. I doubt it will pass.",
                                                 "A: I believe the council erred.", "The vote is on Monday."), False),
    ("an open quotation runs to the paragraph's end",
     _paras("\"I think it is wrong. I doubt it will pass. I believe the council erred.", "The vote is on Monday.",
            "The mayor spoke.", "It ended."), False),
])
def test_opinion_from_the_text(analyse_text, name, text, expected):
    assert genre.opinion(analyse_text(text)) is expected, (name, genre.signals(analyse_text(text)))


@pytest.mark.parametrize("text", [
    _paras("We lost.  One can understand the anger.", "It rained.  One has to credit the defence.",
           "They kicked well.\tOne should not forget it.", "So\u00a0one must ask why.", "The vote is on Monday."),
    _paras("Someone can say so.", "The phone must ring. Money can talk, one of them said.", "Brand one can sell.",
           "And one could argue it, but one needs to see it.", "The vote is on Monday."),
])
def test_the_stances_counted_around_the_needles_are_those_of_the_pattern(analyse_text, text):
    """opinion() runs the stance pattern only around its needles (_needle_hits): it counts what
    the pattern counts over the writer's paragraphs (signals), wherever the impersonal "one" may
    open a clause (a bug fixed: after two spaces, a tab or a no-break space it was never tried)."""
    doc = analyse_text(text)
    assert genre._stances(doc, genre._needle_hits(doc.view)) == genre.signals(doc)["stance"]


def _severities(cwd, *paths):
    return severities(cwd, *paths, rules="neutrality.loaded-verbs")


def test_an_undeclared_op_ed_runs_neutrality_as_info_news_and_declared_types_as_before(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "news.txt").write_text(NEWS, encoding="utf-8")
    (tmp_path / "oped.txt").write_text(NEWS + TAGLINE, encoding="utf-8")
    # a declared type wins over the text: front matter "type: news" keeps the news rules
    (tmp_path / "declared.md").write_text("---\ntitle: A plan\ntype: news\n---\n\n" + NEWS + TAGLINE, encoding="utf-8")
    got = _severities(tmp_path, "news.txt", "oped.txt", "declared.md")
    assert got["news.txt"] == {"neutrality.loaded-verbs": "warning"}
    assert got["oped.txt"] == {"neutrality.loaded-verbs": "info"}
    assert got["declared.md"] == {"neutrality.loaded-verbs": "warning"}


def test_a_folder_type_wins_over_the_text(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".annotator.toml").write_text('[[overrides]]\nfiles = ["news/**"]\narticle_type = "news"\n'
                                              '[article_types.news]\nenable = []\n', encoding="utf-8")
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "oped.txt").write_text(NEWS + TAGLINE, encoding="utf-8")
    got = _severities(tmp_path, "news")
    assert got["news/oped.txt"] == {"neutrality.loaded-verbs": "warning"}
