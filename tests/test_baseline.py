"""--baseline / --write-baseline: known findings are ignored, new ones fail, edits elsewhere do not matter."""

import json
import os

from conftest import run_cli

# three warnings (loaded verbs): two "boasted" (one per paragraph) and a "claimed"
LEGACY = (
    "Budget approved\n\n"
    "The mayor boasted that the council approved the budget on Monday after a long debate.\n\n"
    "The treasurer claimed the reserves were healthy. The mayor boasted that the vote was won.\n"
)
RULES = ("--select", "neutrality.loaded-verbs")


def _check(*args, cwd=None):
    return run_cli("check", "--fail-on", "warning", *args, *RULES, cwd=cwd)


def _reported(r):
    return [line for line in r.stdout.splitlines() if ": warning " in line or ": error " in line]


def _setup(tmp_path):
    art = tmp_path / "archive" / "budget.txt"
    art.parent.mkdir()
    art.write_text(LEGACY, encoding="utf-8")
    base = tmp_path / "baseline.json"
    r = _check(str(art), "--write-baseline", str(base))
    assert r.returncode == 0, r.stderr
    assert "wrote" in r.stderr and "3 findings" in r.stderr
    # the summary says where the findings went: into the baseline, not "No findings"
    assert r.stdout.strip() == "No new findings in 1 file. 3 findings recorded in the baseline, not reported."
    return art, base


def test_written_baseline_silences_known_findings(tmp_path):
    art, base = _setup(tmp_path)
    data = json.loads(base.read_text(encoding="utf-8"))
    assert data["annotator_baseline"] == 1
    (name,) = data["files"]
    assert name == "archive/budget.txt"  # relative to the baseline's folder
    entries = data["files"][name]
    assert sorted((e["rule"], e["text"], e["count"]) for e in entries) == [
        ("neutrality.loaded-verbs", "boasted", 1), ("neutrality.loaded-verbs", "boasted", 1),
        ("neutrality.loaded-verbs", "claimed", 1)]
    assert all("line" not in e for e in entries)
    # without the baseline the article fails; with it, it passes
    assert _check(str(art)).returncode == 1
    r = _check(str(art), "--baseline", str(base))
    assert r.returncode == 0 and _reported(r) == []
    assert r.stdout.splitlines()[-1] == "No new findings in 1 file. 3 findings known to the baseline, not reported."
    assert "known" not in r.stderr  # said once, in the summary
    r = _check(str(art), "--baseline", str(base), "--format", "json")
    assert "annotator: 3 known findings in the baseline not reported" in r.stderr  # no summary in JSON: said here


def test_edit_above_keeps_findings_known_and_a_new_one_fails(tmp_path):
    art, base = _setup(tmp_path)
    # paragraphs added above every known finding: all their lines move
    edited = LEGACY.replace("Budget approved\n\n",
                            "Budget approved\n\nA new opening paragraph.\n\nAnd a second one, "
                            "written after the baseline.\n\n")
    art.write_text(edited, encoding="utf-8")
    r = _check(str(art), "--baseline", str(base))
    assert r.returncode == 0, r.stdout
    assert _reported(r) == []
    # a new finding in the new text fails, and only it is reported
    art.write_text(edited.replace("And a second one, written", "The editor claimed a second one was written"),
                   encoding="utf-8")
    r = _check(str(art), "--baseline", str(base))
    assert r.returncode == 1
    (line,) = _reported(r)
    assert ":5:12: warning neutrality.loaded-verbs" in line
    # as JSON too: only the new finding is in the document
    r = _check(str(art), "--baseline", str(base), "--format", "json")
    doc = json.loads(r.stdout)
    assert [(f["rule"], f["line"]) for f in doc["findings"]] == [("neutrality.loaded-verbs", 5)]


def test_duplicates_are_counted(tmp_path):
    art, base = _setup(tmp_path)
    # a third "boasted" in a copy of a known sentence: same words around it, one more than the baseline knows
    art.write_text(LEGACY + "\nThe treasurer was pleased. The mayor boasted that the vote was won.\n", encoding="utf-8")
    r = _check(str(art), "--baseline", str(base))
    assert r.returncode == 1
    (line,) = _reported(r)
    assert ":7:" in line and "boasted" in line


def test_words_around_a_known_finding_edited(tmp_path):
    art, base = _setup(tmp_path)
    # the context of the loaded verb changes, the finding itself does not
    art.write_text(LEGACY.replace("The treasurer claimed the reserves were healthy",
                                  "Their long-serving treasurer claimed reserves stayed healthy"), encoding="utf-8")
    r = _check(str(art), "--baseline", str(base))
    assert r.returncode == 0 and _reported(r) == []
    # but a different loaded verb is new
    art.write_text(LEGACY.replace("claimed", "insisted"), encoding="utf-8")
    r = _check(str(art), "--baseline", str(base))
    assert r.returncode == 1 and "insisted" in r.stdout


def test_quote_fix_next_to_a_finding_keeps_it_known(tmp_path):
    art = tmp_path / "a.txt"
    art.write_text("Talks end\n\n“It is over,” she said. \"Notably, it is over,\" he said.\n", encoding="utf-8")
    base = tmp_path / "b.json"
    sel = ("--select", "neutrality.editorializing,consistency.quote-style")
    assert run_cli("check", str(art), *sel, "--write-baseline", str(base)).returncode == 0
    assert run_cli("check", "--fix", str(art), "--select", "consistency.quote-style").returncode == 0
    assert "“Notably" in art.read_text(encoding="utf-8")
    r = run_cli("check", str(art), *sel, "--baseline", str(base), "--fail-on", "info")
    assert r.returncode == 0, r.stdout


def test_baseline_works_from_another_folder(tmp_path):
    art, base = _setup(tmp_path)
    sub = tmp_path / "archive"
    r = _check("budget.txt", "--baseline", os.path.join("..", "baseline.json"), cwd=str(sub))
    assert r.returncode == 0 and _reported(r) == []


def test_write_baseline_merges_and_forgets_deleted_files(tmp_path):
    art, base = _setup(tmp_path)
    other = tmp_path / "archive" / "other.txt"
    other.write_text("Rates rise\n\nThe bank boasted that rates rose.\n", encoding="utf-8")
    # recording only the other article keeps budget.txt's entries
    assert _check(str(other), "--write-baseline", str(base)).returncode == 0
    files = json.loads(base.read_text(encoding="utf-8"))["files"]
    assert sorted(files) == ["archive/budget.txt", "archive/other.txt"]
    assert _check(str(tmp_path / "archive"), "--baseline", str(base)).returncode == 0
    # a deleted article's entries go at the next write; a fixed article's entries go too
    os.remove(art)
    other.write_text("Rates rise\n\nRates rose.\n", encoding="utf-8")
    assert _check(str(other), "--write-baseline", str(base)).returncode == 0
    assert json.loads(base.read_text(encoding="utf-8"))["files"] == {}


def test_bad_baseline_is_a_usage_error(tmp_path):
    art, base = _setup(tmp_path)
    r = _check(str(art), "--baseline", str(tmp_path / "missing.json"))
    assert r.returncode == 2 and "--write-baseline" in r.stderr
    base.write_text("{not json", encoding="utf-8")
    r = _check(str(art), "--baseline", str(base))
    assert r.returncode == 2 and "baseline" in r.stderr
    base.write_text('{"annotator_baseline": 1, "files": {"a.txt": [{"rule": "x.y"}]}}', encoding="utf-8")
    r = _check(str(art), "--baseline", str(base))
    assert r.returncode == 2 and "a.txt" in r.stderr
    r = _check(str(art), "--baseline", str(base), "--write-baseline", str(base))
    assert r.returncode == 2


def test_sarif_marks_results_new_with_a_baseline(tmp_path):
    art, base = _setup(tmp_path)
    art.write_text(LEGACY + "\nThe mayor claimed the vote was close.\n", encoding="utf-8")
    r = _check(str(art), "--baseline", str(base), "--format", "sarif")
    (res,) = json.loads(r.stdout)["runs"][0]["results"]
    assert res["baselineState"] == "new" and res["locations"][0]["physicalLocation"]["region"]["startLine"] == 7


# -- --changed-since ------------------------------------------------------------------------------------
def _git(*args, cwd):
    import subprocess

    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_AUTHOR_NAME="T", GIT_AUTHOR_EMAIL="t@example.com", GIT_COMMITTER_NAME="T",
               GIT_COMMITTER_EMAIL="t@example.com")
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True).stdout


def _paths(r):
    assert r.returncode in (0, 1), r.stderr
    return sorted(json.loads(line)["source"]["path"] for line in r.stdout.splitlines())


def test_changed_since(tmp_path):
    import shutil

    if shutil.which("git") is None:
        import pytest

        pytest.skip("git is not installed")
    repo = tmp_path / "repo"
    (repo / "news").mkdir(parents=True)
    (repo / "opinion").mkdir()
    body = "Title\n\nThe council met on Monday.\n"
    for name in ("news/a.md", "news/b.md", "news/e.txt", "opinion/o.md", "notes.py"):
        (repo / name).write_text(body, encoding="utf-8")
    _git("init", "-q", "-b", "main", cwd=repo)
    _git("add", "-A", cwd=repo)
    _git("commit", "-q", "-m", "start", cwd=repo)
    _git("checkout", "-q", "-b", "story", cwd=repo)
    (repo / "news" / "a.md").write_text(body + "\nMore.\n", encoding="utf-8")
    _git("commit", "-q", "-am", "edit a", cwd=repo)  # committed on the branch
    (repo / "news" / "c.md").write_text(body, encoding="utf-8")
    _git("add", "news/c.md", cwd=repo)  # staged
    (repo / "news" / "d.md").write_text(body, encoding="utf-8")  # untracked
    (repo / "news" / "e.txt").write_text(body + "\nUnstaged.\n", encoding="utf-8")  # unstaged
    os.remove(repo / "news" / "b.md")  # deleted: skipped
    (repo / "notes.py").write_text("x = 1\n", encoding="utf-8")  # not an article
    (repo / ".hidden").mkdir()
    (repo / ".hidden" / "h.md").write_text(body, encoding="utf-8")  # hidden folders are skipped, as when walking
    # a commit on main after the branch left it does not count
    _git("stash", "-q", "-u", cwd=repo)
    _git("checkout", "-q", "main", cwd=repo)
    (repo / "opinion" / "later.md").write_text(body, encoding="utf-8")
    _git("add", "-A", cwd=repo)
    _git("commit", "-q", "-m", "on main", cwd=repo)
    _git("checkout", "-q", "story", cwd=repo)
    _git("stash", "pop", "-q", cwd=repo)

    def check(*args, cwd=repo):
        return run_cli("check", "--format", "jsonl", "--changed-since", "main", *args, cwd=str(cwd))

    assert _paths(check()) == ["news/a.md", "news/c.md", "news/d.md", "news/e.txt"]
    assert _paths(check("news/c.md", "opinion")) == ["news/c.md"]
    assert _paths(check(".", cwd=repo / "news")) == ["a.md", "c.md", "d.md", "e.txt"]
    assert _paths(check("--exclude", "c.md,*.txt")) == ["news/a.md", "news/d.md"]
    assert _paths(check("--exclude", "news/")) == []
    r = run_cli("check", "--changed-since", "HEAD", "opinion", cwd=str(repo))
    assert r.returncode == 0 and r.stdout.strip() == "No findings in 0 files."
    r = run_cli("check", "--changed-since", "no-such-branch", cwd=str(repo))
    assert r.returncode == 2 and "no-such-branch" in r.stderr
    r = run_cli("check", "--changed-since", "main", cwd=str(tmp_path))
    assert r.returncode == 2 and "--changed-since" in r.stderr


# -- examples/newsroom: the house configuration, the baseline, the hook and CI configurations ----------------
NEWSROOM = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "examples", "newsroom")
REFRESH = ("(if the rules changed, refresh the example: cd examples/newsroom && "
           "annotator check archive --write-baseline .annotator-baseline.json)")


def test_newsroom_example_passes_with_its_baseline():
    r = run_cli("check", "news", "opinion", "archive", "--baseline", ".annotator-baseline.json",
                "--fail-on", "warning", cwd=NEWSROOM)
    assert r.returncode == 0, r.stdout + r.stderr + REFRESH
    # what its README says the command prints: every baseline entry still found
    line = "Found 2 new findings (2 info) in 1 of 4 files. 6 findings known to the baseline, not reported."
    assert line in r.stdout, r.stdout + REFRESH
    with open(os.path.join(NEWSROOM, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    assert line in readme
    r = run_cli("check", "archive", cwd=NEWSROOM)
    assert r.returncode == 1  # the archive has errors of its own: the baseline is what lets it pass
    assert "neutrality.loaded-verbs" in r.stdout


def test_newsroom_opinion_override(tmp_path):
    import shutil

    shutil.copytree(NEWSROOM, tmp_path / "courier")
    opinion = "opinion/2024-11-06-libraries-matter.md"
    r = run_cli("check", opinion, "--fail-on", "warning", cwd=str(tmp_path / "courier"))
    assert r.returncode == 0, r.stdout
    shutil.copy(tmp_path / "courier" / opinion, tmp_path / "courier" / "news" / "moved.md")
    r = run_cli("check", "news/moved.md", "--fail-on", "warning", cwd=str(tmp_path / "courier"))
    assert r.returncode == 1 and "neutrality.editorializing" in r.stdout  # "Clearly," in the writer's voice


def test_newsroom_hook_and_workflow_commands_run(tmp_path):
    import re
    import shutil

    import yaml

    with open(os.path.join(NEWSROOM, ".pre-commit-config.yaml"), encoding="utf-8") as f:
        pc = yaml.safe_load(f)
    (hook,) = pc["repos"][0]["hooks"]
    with open(os.path.join(os.path.dirname(NEWSROOM), "..", ".pre-commit-hooks.yaml"), encoding="utf-8") as f:
        assert hook["id"] in [h["id"] for h in yaml.safe_load(f)]
    files = re.compile(hook["files"])
    assert files.search("news/a.md") and not files.search("README.md")
    r = run_cli("check", *hook["args"], "news/2024-11-04-eastbrook-budget.md", cwd=NEWSROOM)
    assert r.returncode == 0, r.stdout + r.stderr
    with open(os.path.join(NEWSROOM, ".github", "workflows", "articles.yml"), encoding="utf-8") as f:
        wf = yaml.safe_load(f)
    steps = wf["jobs"]["articles"]["steps"]
    uses = [s.get("uses", "").split("@")[0] for s in steps]
    assert "github/codeql-action/upload-sarif" in uses and "actions/upload-artifact" in uses
    checks = [s for s in steps if "annotator check" in s.get("run", "")]
    assert len(checks) == 3
    work = tmp_path / "courier"
    shutil.copytree(NEWSROOM, work)
    for step in checks:  # as the workflow runs them when checking everything
        cmd = step["run"]
        # the chosen arguments come through the environment, never pasted into the script
        assert "${{" not in cmd, cmd
        if "$ARGS" in cmd:
            assert step["env"]["ARGS"] == "${{ steps.which.outputs.args }}", step
        args = cmd.replace("$ARGS", "news opinion archive").split()
        assert args[:2] == ["annotator", "check"]
        r = run_cli(*args[1:], cwd=str(work))
        assert r.returncode == 0, cmd + "\n" + r.stdout[-2000:] + r.stderr + REFRESH
    sarif = json.loads((work / "annotator.sarif").read_text(encoding="utf-8"))
    assert sarif["runs"][0]["results"] == [] or all(
        x["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith(("news/", "opinion/"))
        for x in sarif["runs"][0]["results"])
    docs = json.loads((work / "annotations.json").read_text(encoding="utf-8"))
    assert sorted(d["source"]["path"] for d in docs)[0].startswith("archive/")


# ---- two runs writing one baseline at once ----------------------------------------------------

def test_concurrent_write_baseline_runs_lose_no_entries(tmp_path):
    """Six real `check --write-baseline` processes on one file at once, each
    recording another article: every article's entries are in the file."""
    import subprocess
    import sys

    from conftest import ROOT

    arts = []
    for n in range(6):
        p = tmp_path / "archive" / f"a{n}.txt"
        p.parent.mkdir(exist_ok=True)
        p.write_text(LEGACY, encoding="utf-8")
        arts.append(p)
    base = tmp_path / "baseline.json"
    env = {**os.environ, "PYTHONPATH": ROOT}
    procs = [subprocess.Popen([sys.executable, "-P", "-m", "annotator", "check", "--fail-on", "warning", str(p),
                               *RULES, "--write-baseline", str(base)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
             for p in arts]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    files = json.loads(base.read_text(encoding="utf-8"))["files"]
    assert sorted(files) == [f"archive/a{n}.txt" for n in range(6)]
    assert all(sum(e["count"] for e in entries) == 3 for entries in files.values())
    assert sorted(os.listdir(tmp_path)) == ["archive", "baseline.json"]  # no lock or temporary file left


def _record_many(base: str, names: list[str]) -> None:
    from annotator.baseline import write_merged

    for name in names:
        write_merged(base, {os.path.join(os.path.dirname(base), name): [
            {"rule": "r.x", "text": name, "fingerprint": name, "count": 1}]})


def test_write_merged_under_contention(tmp_path):
    """Four processes each recording 25 articles one write at a time into one
    baseline: all 100 are there (without the lock, writes overwrite each other)."""
    import multiprocessing

    names = [[f"p{p}-{n}.txt" for n in range(25)] for p in range(4)]
    for group in names:
        for name in group:
            (tmp_path / name).write_text("x", encoding="utf-8")
    base = str(tmp_path / "baseline.json")
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_record_many, args=(base, group)) for group in names]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    files = json.loads(open(base, encoding="utf-8").read())["files"]
    assert sorted(files) == sorted(n for group in names for n in group)


def test_a_planted_lock_symlink_is_not_followed(tmp_path):
    art = tmp_path / "a.txt"
    art.write_text(LEGACY, encoding="utf-8")
    target = tmp_path / "elsewhere"
    (tmp_path / ".baseline.json.lock").symlink_to(target)
    r = _check(str(art), "--write-baseline", str(tmp_path / "baseline.json"))
    assert r.returncode == 2 and "cannot lock" in r.stderr and "Traceback" not in r.stderr, r.stderr
    assert not target.exists()
