"""Opinion copy told from its text (analysis/genre.py): an article that declares no type and
reads as an op-ed or a column runs the neutrality pack as info (issue 14.6); news never does.
A review (the reader addressed four times, no one reported) and a live commentary (eight or more
play-by-play paragraphs, a third of them) too: on the BBC's 2225 articles they take 14 (game and DVD
reviews, an advice feature, a football column) and 1 (a live text of a tennis match), on PolNeAR's
924 none."""


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


#: a running commentary: play-by-play paragraphs, an actor and a present-tense verb
LIVE = _paras(*[f"{a} {v} to make it {i}-{i + 1} in the set." for i, (a, v) in enumerate(
    [("Smith", "holds serve"), ("Jones", "breaks back"), ("Smith", "again races through his game"),
     ("The Australian", "is looking tired and double-faults"), ("Jones", "blasts an ace"), ("Smith", "earns a break point"),
     ("Jones", "saves it with a volley"), ("Smith", "surely cannot lose from here"), ("Jones", "shrugs off the pressure"),
     ("Smith", "serves for the match")])], "The crowd goes wild.")
#: the same match reported after the fact, in the past tense
MATCH_REPORT = _paras(*[f"{a} {v} to make it {i}-{i + 1} in the set." for i, (a, v) in enumerate(
    [("Smith", "held serve"), ("Jones", "broke back"), ("Smith", "again raced through his game"),
     ("The Australian", "was looking tired and double-faulted"), ("Jones", "blasted an ace"),
     ("Smith", "earned a break point"), ("Jones", "saved it with a volley"), ("Smith", "could not lose from there"),
     ("Jones", "shrugged off the pressure"), ("Smith", "served for the match")])], "The crowd went wild.")
#: a review: the writer addresses the reader and reports no one
REVIEW = _paras("The sequel builds on the last game and is simply superb.",
                "You control a courier in a sprawling city, and your choices shape the plot.",
                "The map is needlessly fiddly, but you will not mind: it is a testament to the writing.",
                "Your evenings are spoken for. It is out now for £40.")
#: news with the reader addressed and a survey as its source
ADVICE_NEWS = _paras("Commuters lose thousands of phones in taxis, according to a survey by the Cab Association.",
                     "If you lose your phone, call your network at once, and keep your receipt.",
                     "You may also be insured, the association added.", "The survey covered six months.")


@pytest.mark.parametrize("name, text, expected", [
    ("a live commentary", LIVE, "live"),
    ("a match report in the past tense", MATCH_REPORT, None),
    ("a review addressed to the reader", REVIEW, "review"),
    ("a review with a quotation is not taken", REVIEW.replace("superb.", "superb, \"a triumph\" as one fan put it."),
     None),
    ("news addressing the reader with a survey as its source", ADVICE_NEWS, None),
    ("titles with You in them are no address", _paras("I Believe in You held off You Can Do It.",
                                                       "You Know You're Right was third, and Your Song fourth.",
                                                       "Love You More was fifth.", "The chart is out on Sunday."),
     None),
    ("news", NEWS, None),
    ("an op-ed", NEWS + TAGLINE, "opinion"),
])
def test_the_type_an_undeclared_article_reads_as(analyse_text, name, text, expected):
    assert genre.genre(analyse_text(text)) == expected, name


def test_an_undeclared_live_commentary_and_review_leave_editorializing_off(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "live.txt").write_text(LIVE, encoding="utf-8")
    (tmp_path / "report.txt").write_text(MATCH_REPORT.replace("could not", "surely could not"), encoding="utf-8")
    (tmp_path / "review.txt").write_text(REVIEW.replace("The map", "Sadly, the map"), encoding="utf-8")
    got = severities(tmp_path, "live.txt", "report.txt", "review.txt", rules="neutrality.editorializing")
    assert got["live.txt"] == {} and got["review.txt"] == {}
    assert got["report.txt"] == {"neutrality.editorializing": "info"}
