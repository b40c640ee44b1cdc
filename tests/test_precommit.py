"""The pre-commit hook end to end: a newsroom repository whose git pre-commit hook
runs the real ``pre-commit try-repo`` against this checkout.

pre-commit installs annotator from the repository into a fresh virtualenv with
pip (so this needs PyPI for the dependencies, and proves that the wheel holds
``rules/`` and ``schemas/``).  It takes a minute or two: marked slow, but it
runs in ``.ci/run``.

try-repo on a folder with uncommitted changes copies only the tracked ones;
to test exactly the working tree that the rest of the suite tests, the test
snapshots the checkout (tracked and untracked files, .gitignore respected)
into a temporary repository and tries that.
"""

import os
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT

pytestmark = pytest.mark.slow

CLEAN = "---\ntitle: Council approves budget\n---\n\nThe council met on Monday and approved the budget.\n"
# a warning only (a loaded verb): shown, but the commit passes
WARNING = "---\ntitle: Rates rise\n---\n\nThe governor claimed the central bank had to raise rates on Thursday.\n"
# an error: an opening quotation mark that is never closed
FAULTY = ("---\ntitle: Mayor resigns\n---\n\n"
          "The mayor resigned on Friday. \"I have done what I could, she told reporters.\n")


def _git_env() -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_AUTHOR_NAME="Test", GIT_AUTHOR_EMAIL="test@example.com", GIT_COMMITTER_NAME="Test",
               GIT_COMMITTER_EMAIL="test@example.com", GIT_CONFIG_NOSYSTEM="1", HOME=os.environ.get("HOME", "/tmp"))
    return env


def _git(*args, cwd, check=True):
    return subprocess.run(["git", *args], cwd=cwd, env=_git_env(), capture_output=True, text=True, check=check)


def _snapshot(dest) -> str:
    """This checkout's working tree (tracked and untracked, not ignored) as a one-commit repository."""
    names = _git("ls-files", "--cached", "--others", "--exclude-standard", "-z", cwd=ROOT).stdout.split("\0")
    os.makedirs(dest)
    for name in names:
        src = os.path.join(ROOT, name)
        if not name or not os.path.isfile(src):  # deleted but still in the index
            continue
        os.makedirs(os.path.join(dest, os.path.dirname(name)), exist_ok=True)
        shutil.copy2(src, os.path.join(dest, name))
    _git("init", "-q", cwd=dest)
    _git("add", "-A", cwd=dest)
    _git("commit", "-q", "-m", "snapshot", cwd=dest)
    return str(dest)


@pytest.fixture(scope="module")
def tools():
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    try:
        import pre_commit  # noqa: F401
    except ImportError:
        pytest.skip("pre-commit is not installed (pip install -e '.[test]')")


def test_pre_commit_refuses_the_faulty_commit_and_passes_the_clean_one(tmp_path, tools):
    hook_repo = _snapshot(tmp_path / "annotator")
    repo = tmp_path / "newsroom"
    (repo / "news").mkdir(parents=True)
    _git("init", "-q", cwd=repo)
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.write_text(
        "#!/bin/sh\n"
        "# what `pre-commit install` does, with try-repo: run the annotator hook on the staged files\n"
        f'exec "{sys.executable}" -m pre_commit try-repo "{hook_repo}" annotator\n',
        encoding="utf-8",
    )
    hook.chmod(0o755)
    (repo / "news" / "clean.md").write_text(CLEAN, encoding="utf-8")
    (repo / "news" / "rates.md").write_text(WARNING, encoding="utf-8")
    (repo / "news" / "draft.md").write_text(FAULTY, encoding="utf-8")  # not staged: not checked
    (repo / "README.md").write_text("# Newsroom\n", encoding="utf-8")
    _git("add", "news/clean.md", "news/rates.md", cwd=repo)

    env = _git_env()
    env["PRE_COMMIT_HOME"] = str(tmp_path / "pre-commit-home")
    env["PRE_COMMIT_COLOR"] = "never"

    def commit(message):
        return subprocess.run(["git", "commit", "-m", message], cwd=repo, env=env, capture_output=True, text=True,
                              timeout=900)

    r = commit("Two articles")
    out = r.stdout + r.stderr
    assert r.returncode == 0, out
    assert "annotator (editorial check)" in out and "Passed" in out
    assert "news/rates.md:5:14: warning neutrality.loaded-verbs" in out  # lower findings are shown
    assert "draft.md" not in out  # only staged files are checked
    assert _git("log", "--format=%s", cwd=repo).stdout.split("\n")[0] == "Two articles"

    os.rename(repo / "news" / "draft.md", repo / "news" / "resignation.md")
    _git("add", "news/resignation.md", cwd=repo)
    r = commit("Resignation")
    out = r.stdout + r.stderr
    assert r.returncode != 0, out
    assert "Failed" in out and "exit code: 1" in out
    assert "news/resignation.md:5:31: error quotes.unbalanced" in out
    assert "rates.md" not in out and "clean.md" not in out  # already committed: not staged now
    assert _git("log", "--format=%s", cwd=repo).stdout.split() == ["Two", "articles"]  # refused
    assert "news/resignation.md" in _git("diff", "--cached", "--name-only", cwd=repo).stdout


# straight marks against the house style (curly): the fix hook turns them, and the article is clean then
STRAIGHT = ("---\ntitle: Bridge reopens\n---\n\n"
            "The bridge reopened on Monday. \"We waited a long time,\" said Ana Ruiz, who runs the bakery.\n")


def test_fix_hook_fixes_the_marks_and_fails_until_the_fix_is_staged(tmp_path, tools):
    hook_repo = _snapshot(tmp_path / "annotator")
    sha = _git("rev-parse", "HEAD", cwd=hook_repo).stdout.strip()
    repo = tmp_path / "newsroom"
    (repo / "news").mkdir(parents=True)
    _git("init", "-q", cwd=repo)
    (repo / ".annotator.toml").write_text('quote_style = "curly"\n', encoding="utf-8")
    # args given here (the hook's defaults are for the newsroom's own configuration)
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hook_repo}\n    rev: {sha}\n    hooks:\n      - id: annotator-fix\n"
        "        files: ^news/\n        args: [--fail-on, warning]\n", encoding="utf-8")
    (repo / "news" / "bridge.md").write_text(STRAIGHT, encoding="utf-8")
    _git("add", "-A", cwd=repo)

    env = _git_env()
    env["PRE_COMMIT_HOME"] = str(tmp_path / "pre-commit-home")
    env["PRE_COMMIT_COLOR"] = "never"

    def run():
        return subprocess.run([sys.executable, "-m", "pre_commit", "run"], cwd=repo, env=env, capture_output=True,
                              text=True, timeout=900)

    r = run()
    out = r.stdout + r.stderr
    assert r.returncode == 1, out
    assert "annotator (fix quotation marks, then check)" in out and "Failed" in out
    assert "files were modified by this hook" in out
    assert "annotator: applied 2 fixes in 1 file" in out
    fixed = (repo / "news" / "bridge.md").read_text(encoding="utf-8")
    assert fixed == STRAIGHT.replace('"We waited a long time,"', "“We waited a long time,”")
    assert "news/bridge.md" in _git("diff", "--name-only", cwd=repo).stdout  # fixed, not staged: for review
    assert "warning consistency.quote-style" not in out  # checked after the fix: nothing left

    _git("add", "news/bridge.md", cwd=repo)
    r = run()
    out = r.stdout + r.stderr
    assert r.returncode == 0, out
    assert "Passed" in out and "nothing to fix" in out
