"""The pre-commit hook definitions and examples/newsroom's configuration, workflow and README: what they
say (the hooks run end to end in test_precommit.py, the example's articles in test_formats.py and the
README walk-through by hand)."""

import json
import os
import re
import shutil

import yaml
from conftest import ROOT, run_cli

from annotator import __version__

NEWSROOM = os.path.join(ROOT, "examples", "newsroom")


def _yaml(*parts):
    with open(os.path.join(*parts), encoding="utf-8") as f:
        return yaml.safe_load(f)


def _read(*parts):
    with open(os.path.join(*parts), encoding="utf-8") as f:
        return f.read()


def test_hooks_check_and_fix_in_one_serial_run():
    hooks = {h["id"]: h for h in _yaml(ROOT, ".pre-commit-hooks.yaml")}
    assert sorted(hooks) == ["annotator", "annotator-fix"]
    assert hooks["annotator"]["entry"] == "annotator check"
    assert hooks["annotator-fix"]["entry"] == "annotator check --fix"
    for h in hooks.values():
        assert h["language"] == "python"
        assert h["require_serial"] is True  # one run over all the staged files: one summary, one baseline read
        assert set(h["types_or"]) == {"markdown", "plain-text", "html"}
        if h.get("verbose"):  # shown on every commit: then without the info findings
            args = h.get("args", [])
            assert "--min-severity" in args and args[args.index("--min-severity") + 1] == "warning", h["id"]


def test_example_hook_config_shows_warnings_and_errors_only():
    (repo,) = _yaml(NEWSROOM, ".pre-commit-config.yaml")["repos"]
    hook_ids = {h["id"] for h in _yaml(ROOT, ".pre-commit-hooks.yaml")}
    for hook in repo["hooks"]:
        assert hook["id"] in hook_ids
        args = hook["args"]
        assert args[args.index("--min-severity") + 1] == "warning"
        assert args[args.index("--fail-on") + 1] == "warning"
        assert args[args.index("--baseline") + 1] == ".annotator-baseline.json"
        assert re.search(hook["files"], "news/a.md") and not re.search(hook["files"], "README.md")


def test_one_release_named_everywhere():
    """The rev and the pip URL name the tag of annotator's own version (the merger tags it), in the hook
    file's comment, the README and the newsroom example alike."""
    tag = f"v{__version__}"
    texts = {name: _read(*name) for name in [(ROOT, "README.md"), (ROOT, ".pre-commit-hooks.yaml"),
                                             (NEWSROOM, "README.md"), (NEWSROOM, ".pre-commit-config.yaml"),
                                             (NEWSROOM, ".github", "workflows", "articles.yml")]}
    named = set()
    for name, text in texts.items():
        revs = re.findall(r"rev: (v\d\S*)", text) + re.findall(r"annotator@(v\d[\w.]*)", text)
        named.update(revs)
    assert named == {tag}, named
    assert _yaml(NEWSROOM, ".pre-commit-config.yaml")["repos"][0]["rev"] == tag
    # and the docs say what to do before that release is tagged
    assert "commit SHA" in texts[(NEWSROOM, "README.md")]
    assert "commit SHA" in texts[(NEWSROOM, ".pre-commit-config.yaml")]


def test_readme_commits_the_edited_hook_config_before_committing_articles():
    """pre-commit refuses to run while .pre-commit-config.yaml has unstaged changes: the walk-through's
    sed that points the hook at a checkout is followed by staging (and committing) the file, before
    `pre-commit install` and the first article commit."""
    readme = _read(NEWSROOM, "README.md")
    commands = [line for block in re.findall(r"```sh\n(.*?)```", readme, re.S) for line in block.splitlines()]
    sed = next(i for i, c in enumerate(commands) if c.startswith("sed -i") and ".pre-commit-config.yaml" in c)
    add = next(i for i, c in enumerate(commands) if "git add .pre-commit-config.yaml" in c)
    install = commands.index("pre-commit install")
    first_article = next(i for i, c in enumerate(commands) if "news/resignation.md" in c)
    assert sed < add < install < first_article
    assert "git commit" in commands[add]


# -- the GitHub workflow ------------------------------------------------------------------------------------------
# majors that run on Node 24 (the oldest acceptable; the workflow may name newer ones)
NODE24 = {"actions/checkout": 5, "actions/setup-python": 6, "actions/upload-artifact": 6,
          "github/codeql-action/upload-sarif": 4}


def _workflow():
    return _yaml(NEWSROOM, ".github", "workflows", "articles.yml")


def test_workflow_actions_on_node24_majors():
    steps = _workflow()["jobs"]["articles"]["steps"]
    used = {}
    for step in steps:
        if "uses" in step:
            name, _, ref = step["uses"].partition("@")
            assert re.fullmatch(r"v\d+", ref), step["uses"]
            used[name] = int(ref[1:])
    assert set(used) == set(NODE24)
    for name, major in used.items():
        assert major >= NODE24[name], (name, major)


def test_workflow_reports_survive_a_failed_step_and_sarif_covers_every_article():
    steps = _workflow()["jobs"]["articles"]["steps"]
    which = next(i for i, s in enumerate(steps) if s.get("id") == "which")
    for step in steps[which + 1:]:
        assert "always()" in str(step.get("if", "")), step.get("name")
    (sarif,) = [s for s in steps if "--format sarif" in s.get("run", "")]
    # code scanning closes the alerts an upload does not repeat: never only the changed articles
    assert "steps.which.outputs.args" not in sarif["run"] and "--changed-since" not in sarif["run"]
    assert "news opinion archive" in sarif["run"]
    (upload,) = [s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif")]
    assert upload["with"]["sarif_file"] == "annotator.sarif" and upload["with"]["category"]


def test_workflow_sarif_step_runs_on_the_example(tmp_path):
    """The SARIF step's command, as the workflow has it, on a copy of the newsroom: results for the
    articles of every folder, exit 0."""
    steps = _workflow()["jobs"]["articles"]["steps"]
    (sarif,) = [s for s in steps if "--format sarif" in s.get("run", "")]
    words = sarif["run"].split()
    assert words[:2] == ["annotator", "check"]
    repo = tmp_path / "courier"
    shutil.copytree(NEWSROOM, repo)
    r = run_cli(*words[1:], cwd=str(repo))
    assert r.returncode == 0, r.stderr
    log = json.loads((repo / "annotator.sarif").read_text(encoding="utf-8"))
    uris = {res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for res in log["runs"][0]["results"]}
    assert uris == {"news/2024-11-04-eastbrook-budget.md"}  # the archive's findings are in the baseline


def test_workflow_scripts_take_event_values_from_the_environment():
    """A `${{ }}` expression inside `run:` is pasted into the script before the shell reads it, so a
    branch name (github.base_ref, in the chosen arguments) would run as shell code; values reach the
    scripts through `env:` instead (zizmor's template-injection)."""
    steps = _workflow()["jobs"]["articles"]["steps"]
    for step in steps:
        assert "${{" not in step.get("run", ""), step.get("name")
    chosen = [s for s in steps if "$ARGS" in s.get("run", "")]
    assert len(chosen) == 2
    for step in chosen:
        assert step["env"]["ARGS"] == "${{ steps.which.outputs.args }}"
        assert '"$ARGS"' not in step["run"]  # split into words: options and folders


def test_walk_through_leaves_the_repository_clean(tmp_path):
    """Steps 1 and 2 make a .venv/ and write budget.html at the top of the copy: its .gitignore
    keeps both out of `git status` (and out of `annotator check .`), with the articles still in."""
    import subprocess

    repo = tmp_path / "courier"
    shutil.copytree(NEWSROOM, repo)
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    (repo / ".venv" / "lib").mkdir(parents=True)
    (repo / ".venv" / "lib" / "x.py").write_text("x = 1\n")
    r = run_cli("report", "news/2024-11-04-eastbrook-budget.md", "-o", "budget.html", cwd=str(repo))
    assert r.returncode == 0, r.stderr
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=repo,
                            capture_output=True, text=True, check=True).stdout
    untracked = {line[3:] for line in status.splitlines()}
    assert "budget.html" not in untracked and not any(p.startswith(".venv/") for p in untracked)
    assert "news/2024-11-04-eastbrook-budget.md" in untracked
    r = run_cli("check", ".", "--format", "json", "--fail-on", "never", cwd=str(repo))
    checked = {os.path.normpath(d["source"]["path"]) for d in json.loads(r.stdout)}
    assert "budget.html" not in checked and "news/2024-11-04-eastbrook-budget.md" in checked
