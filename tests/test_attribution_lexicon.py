"""rules/lexicons/attribution.yaml: the open-class vocabulary of the English attribution analysis
(issue 13 item 5). Every list is read, a word added to the file takes effect, and a broken file is
an error naming the list."""

import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_every_list_reaches_the_code():
    from annotator.analysis.attribution import content, cues, headline, quotations, sources
    from annotator.analysis.lexicon import ATTRIBUTION_KEYS, attribution_words

    w = attribution_words()
    assert set(w) == set(ATTRIBUTION_KEYS)
    used = {
        "role_words": quotations._ROLE_WORDS, "modifiers": quotations._MODIFIERS, "verb_adverbs": quotations._AUX,
        "time_words": quotations._TIME_WORDS, "name_connectors": quotations._CONNECTORS,
        "naming_verbs": quotations._NAMING, "plural_noun_verbs": cues._NOUN_AFTER,
        "group_adverbs": cues._GROUP_WORDS, "control_words": cues._CONTROL, "cue_media": frozenset(cues._MEDIUM),
        "causative_verbs": quotations._CAUSATIVE, "denial_cues": quotations._DENIAL,
        "accusation_nouns": quotations._ACCUSATION,
        "cue_particles": frozenset(cues._PARTICLES),
        "audience_verbs": content._AUDIENCE_VERBS, "opening_words": content._INTRO_WORDS,
        "quantity_words": frozenset(sources._QUANTITY), "descriptor_breaks": sources._DESCRIPTOR_STOP,
        "not_appositive": sources._NOT_APPOSITIVE, "kickers": headline._KICKERS,
        "turn_kickers": headline._TURN_KICKERS,
    }
    assert set(used) == set(ATTRIBUTION_KEYS)
    for key, words in w.items():
        assert words, key
        assert words <= used[key], key
    # the verb group's adverbs are in its pattern too
    assert cues._GROUP.search("has repeatedly ")
    # a few the code used before the move, by list
    assert {"spokesman", "strategist", "gop"} <= quotations._ROLE_WORDS
    assert {"St", "St.", "bin"} <= quotations._CONNECTORS  # as written, not lower-cased
    assert {"has", "not", "publicly", "meanwhile"} <= quotations._AUX


# the analysis in a fresh process, with rules/lexicons/attribution.yaml read from another file
_PROBE = r"""
import sys
import annotator.resources as r
shipped = r.lexicon_path
r.lexicon_path = lambda name: sys.argv[1] if name == "attribution" else shipped(name)
from annotator.analysis import analyse
from annotator.readers import read_text
doc = analyse(read_text(sys.argv[2], "<test>", "text"))
v = doc.view
print([v[a.source.start:a.source.end] for a in doc.attributions])
"""


def _sources(lexicon: str, text: str, tmp_path) -> str:
    env = dict(os.environ, PYTHONPATH=ROOT, ANNOTATOR_NO_CACHE="1")
    proc = subprocess.run([sys.executable, "-P", "-c", _PROBE, lexicon, text], capture_output=True, text=True,
                          env=env, cwd=tmp_path, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


def test_a_word_added_to_the_lexicon_takes_effect(tmp_path):
    shipped = os.path.join(ROOT, "rules", "lexicons", "attribution.yaml")
    with open(shipped, encoding="utf-8") as f:
        text = f.read()
    assert "\nkickers: [watch," in text
    extended = tmp_path / "attribution.yaml"
    extended.write_text(text.replace("\nkickers: [watch,", "\nkickers: [verdict, watch,"), encoding="utf-8")
    article = "Verdict: cranes will be replaced\n\nThe ferry stopped running in May.\n"
    assert _sources(shipped, article, tmp_path) == "['Verdict']"
    assert _sources(str(extended), article, tmp_path) == "[]"  # now a kicker, not a source


def test_a_missing_list_or_a_non_word_is_an_error():
    from annotator.analysis.lexicon import ATTRIBUTION_KEYS, _attribution_words

    data = {key: ["x"] for key in ATTRIBUTION_KEYS}
    assert _attribution_words(data)["kickers"] == frozenset({"x"})
    del data["kickers"]
    with pytest.raises(ValueError, match="kickers"):
        _attribution_words(data)
    data["kickers"] = ["x"]
    data["role_words"] = ["aide", True]  # a bare On/Yes in the YAML
    with pytest.raises(ValueError, match="role_words"):
        _attribution_words(data)
    data["role_words"] = ["aide"]
    data["rolewords"] = ["aide"]
    with pytest.raises(ValueError, match="rolewords"):
        _attribution_words(data)


_CLI = r"""
import sys
import annotator.resources as r
shipped = r.lexicon_path
r.lexicon_path = lambda name: sys.argv[1] if name == "attribution" else shipped(name)
from annotator.cli import main
sys.exit(main(sys.argv[2:]))
"""


@pytest.mark.parametrize("broken, says", [
    ("\n  stray: [unclosed\n", r"attribution\.yaml:\d+:\d+: invalid YAML"),            # a YAML slip: its line
    ("rename", r"attribution\.yaml: attribution: missing list 'kickers'"),             # a list renamed
    ("scalar", r"attribution\.yaml: attribution\.kickers: not a list of words \(str\)"),  # "kickers: 42" + its lines
    ("missing", r"attribution\.yaml: cannot read: No such file or directory"),             # moved or deleted
])
def test_a_broken_extension_stops_the_run_with_one_line(tmp_path, broken, says):
    """A newsroom extends rules/lexicons/attribution.yaml (the README invites it): a slip in the
    file is one line naming the file (and line), exit 2, for check and annotate, one job or two;
    before, a YAML slip or a missing list was a traceback and "kickers: 42" above the list's
    indented lines was silently read as one string (every character a kicker)."""
    import re

    shipped = os.path.join(ROOT, "rules", "lexicons", "attribution.yaml")
    with open(shipped, encoding="utf-8") as f:
        text = f.read()
    assert "\nkickers: [watch," in text
    if broken == "rename":
        text = text.replace("\nkickers: [watch,", "\nkicker: [watch,")
    elif broken == "scalar":
        text = text.replace("\nkickers: [watch,", "\nkickers: 42\n  watch,")
    else:
        text += broken
    lexicon = tmp_path / "attribution.yaml"
    if broken != "missing":
        lexicon.write_text(text, encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text('Budget approved\n\n"We will not close the bridge," the mayor said.\n', encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=ROOT, ANNOTATOR_NO_CACHE="1")
    for args in (["check", "--jobs", "1"], ["check", "--jobs", "2"], ["annotate", "--jobs", "1"]):
        proc = subprocess.run([sys.executable, "-P", "-c", _CLI, str(lexicon), *args, str(article), str(article)],
                              capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120, check=False)
        assert proc.returncode == 2, (args, proc.stderr)
        assert "Traceback" not in proc.stderr and proc.stdout == "", (args, proc.stderr)
        (line,) = proc.stderr.splitlines()
        assert line.startswith("annotator: error: ") and re.search(says, line), (args, line)
