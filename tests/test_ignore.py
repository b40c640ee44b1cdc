"""annotator/ignore.py's translation of gitignore patterns, by hand and against pathspec's.

pathspec is a test dependency only: the check itself does not import it (~45 ms)."""

import random
import warnings

import pytest

from annotator.ignore import _spec, _translate, check_patterns, glob_regex


def pathspec_spec(lines, order_by_lines=True):
    """pathspec's spec: ``.check_file(path).include`` is True (left out), False (kept by a ``!``
    line) or None.  ``order_by_lines``:
    its pure-Python back-end taking the lines in order (git's rule, the one ignore.py follows);
    otherwise its default back-end (re2), whose result, when lines of different kinds match,
    depends on the order in which RE2 reports the matches (unspecified)."""
    pathspec = pytest.importorskip("pathspec")
    from pathspec._backends.simple.gitignore import SimpleGiBackend

    def spec(ls):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # ("Possible nested set" for "[[")
            if order_by_lines:
                pathspec.GitIgnoreSpec.from_lines(ls)  # (what the re2 back-end refuses, too)
                return pathspec.GitIgnoreSpec.from_lines(
                    ls, _test_backend_factory=lambda pats: SimpleGiBackend(pats, no_reverse=True))
            return pathspec.GitIgnoreSpec.from_lines(ls)

    try:
        s = spec(lines)
    except Exception:  # noqa: BLE001 - as ignore.py did with pathspec: skip the lines it refuses
        good = []
        for line in lines:
            try:
                spec([line])
            except Exception:  # noqa: BLE001, S112
                continue
            good.append(line)
        s = spec(good)
    return s


def pathspec_check(lines, path, order_by_lines=True):
    return pathspec_spec(lines, order_by_lines).check_file(path).include


CASES = [
    # (lines, path, expected): True = left out, False = kept by a "!" line, None = no line matches
    (["# a comment"], "# a comment", None),
    (["\\#a"], "#a", True),
    ([""], "a", None),
    (["a  "], "a", True),  # trailing spaces dropped
    (["a\\ "], "a ", True),  # ... unless escaped
    (["a\\ "], "a", None),
    (["*.md", "!keep.md"], "keep.md", False),  # negation; the last matching line decides
    (["*.md", "!keep.md"], "x/a.md", True),
    (["!keep.md", "*.md"], "keep.md", True),
    (["\\!x"], "!x", True),
    (["a"], "y/x/a", True),  # no "/": a name at any depth
    (["a"], "y/x/a/", True),
    (["/a"], "a", True),  # a leading "/" anchors
    (["/a"], "x/a", None),
    (["x/a"], "x/a", True),  # so does a middle one
    (["x/a"], "y/x/a", None),
    (["d/"], "d/", True),  # a trailing "/": folders only
    (["d/"], "d/f", True),
    (["d/"], "d", None),
    (["d/"], "x/d/f", True),
    (["**/x"], "x", True),
    (["**/x"], "a/b/x", True),
    (["x/**"], "x/a", True),
    (["x/**"], "x/a/b", True),
    (["x/**"], "x", None),
    (["a/**/b"], "a/b", True),
    (["a/**/b"], "a/x/y/b", True),
    (["a/**/b"], "a/xb", None),
    (["x/*.md"], "x/a.md", True),  # "*" and "?" stay in one folder name
    (["x/*.md"], "x/y/a.md", None),
    (["a?c"], "abc", True),
    (["a?c"], "a/c", None),
    (["/*"], "a/b", True),  # ... though the folder "a" matches
    (["[ab].md"], "a.md", True),  # classes
    (["[ab].md"], "c.md", None),
    (["[!ab].md"], "c.md", True),
    (["[!ab].md"], "a.md", None),
    (["[a-c].md"], "b.md", True),
    (["[a-c].md"], "d.md", None),
    (["[]a]"], "]", True),
    (["\\*"], "*", True),  # backslash escapes
    (["\\*"], "a", None),
    (["[z-a]", "b"], "b", True),  # an invalid line is skipped, the others count
    (["!", "b"], "b", True),
    (["[abc", "b"], "b", True),  # an unclosed "[": the line does nothing, as in git
    (["[abc"], "[abc", None),
    (["!b", "c/"], "c/b", True),  # a later folder line is not undone by an earlier match of the path
    (["c/", "!b"], "c/b", False),
]


@pytest.mark.parametrize("lines, path, expected", CASES)
def test_each_gitignore_rule_by_hand(lines, path, expected):
    assert _spec(lines).check(path) is expected
    assert pathspec_check(lines, path) is expected


def test_invalid_exclude_patterns_are_named():
    for bad in ("!", "[z-a]", "a\\", "[[:nope:]]"):
        with pytest.raises(ValueError, match="not a valid pattern: " + repr(bad).replace("\\", "\\\\").replace("[", "\\[")):
            check_patterns(["ok", bad])
    check_patterns(["ok", "[abc", "# comment", "", "!x", "a/**/b", "\\!"])  # (an unclosed "[" does nothing)


# -- randomized comparison with pathspec ---------------------------------------------------------------------
ATOMS = ["a", "b", "ab", "*", "?", "**", "[ab]", "[!a]", "[a-c]", "[^b]", "[]a]", "[z-a]", "[", "\\*", "\\",
         ".", "x y", " ", "#", "!", "\\!", "\\#", "\\ ", "é"]
POSIX = ["[[:alpha:]]", "[[:foo:]]", "[[:digit:]x]"]  # (RE2 knows these classes, Python's re does not)
NAMES = ["a", "b", "ab", "ba", "c", "*", "[", "]", "x y", ".", "aa", "!", "#a", "é", "1"]


def _pattern(r, atoms):
    p = "/".join("".join(r.choice(atoms) for _ in range(r.randint(1, 2))) for _ in range(r.randint(1, 4)))
    if r.random() < 0.3:
        p = "/" + p
    if r.random() < 0.3:
        p += "/"
    if r.random() < 0.3:
        p = "!" + p
    if r.random() < 0.1:
        p += "  "
    return p


def _path(r):
    return "/".join(r.choice(NAMES) for _ in range(r.randint(1, 4))) + ("/" if r.random() < 0.4 else "")


def test_single_lines_match_as_pathspec_does():
    """One line at a time, against pathspec's default (re2) back-end, POSIX classes included."""
    r = random.Random(17)
    for _ in range(3000):
        line = _pattern(r, ATOMS + POSIX)
        spec, theirs = _spec([line]), pathspec_spec([line], order_by_lines=False)
        for _ in range(10):
            path = _path(r)
            assert spec.check(path) is theirs.check_file(path).include, (line, path)


def test_gitignore_files_match_as_pathspec_does():
    """Several lines, files and folders, against pathspec taking the lines in order."""
    r = random.Random(1717)
    for _ in range(1500):
        lines = [_pattern(r, ATOMS) for _ in range(r.randint(1, 6))]
        spec, theirs = _spec(lines), pathspec_spec(lines)
        for _ in range(10):
            path = _path(r)
            assert spec.check(path) is theirs.check_file(path).include, (lines, path)


def test_translation_is_pathspecs():
    """The regexes themselves: GitIgnoreSpecPattern's, and GitIgnoreBasicPattern's for override globs."""
    pytest.importorskip("pathspec")
    from pathspec.patterns.gitignore.basic import GitIgnoreBasicPattern
    from pathspec.patterns.gitignore.spec import GitIgnoreSpecPattern

    r = random.Random(7)
    for _ in range(5000):
        line = _pattern(r, ATOMS + POSIX)
        for mine, theirs in ((_translate, GitIgnoreSpecPattern.pattern_to_regex),
                             (lambda x: glob_regex(x), lambda x: GitIgnoreBasicPattern.pattern_to_regex(x)[0])):
            try:
                want = theirs(line)
            except ValueError:
                with pytest.raises(ValueError):
                    mine(line)
                continue
            assert mine(line) == want, line
