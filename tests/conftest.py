import os
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.normpath(os.path.join(ROOT, "..", "shared"))
EXAMPLES = os.path.join(ROOT, "examples")
SEED = os.path.join(EXAMPLES, "putin-kazakhstan.txt")


def shared_path(*parts: str) -> str:
    """A path under ../shared; the test skips with a reason when it is absent."""
    p = os.path.join(SHARED, *parts)
    if not os.path.exists(p):
        pytest.skip(f"{p} not available (research data lives in ../shared)")
    return p


@pytest.fixture
def analyse_text():
    """Analyse a string as an article of the given format."""
    from annotator.analysis import analyse
    from annotator.readers import read_text

    def run(text: str, fmt: str = "text", path: str = "<test>"):
        return analyse(read_text(text, path, fmt))

    return run


def run_cli(*args: str, stdin: str | None = None, cwd: str | None = None, env: dict | None = None):
    """Run ``python -m annotator`` in a subprocess; returns CompletedProcess."""
    import subprocess

    e = dict(os.environ)
    # no empty entry (it would put the working folder, an article repository,
    # on sys.path), and -P: no working folder first either, as for the
    # installed ``annotator`` command
    old = e.get("PYTHONPATH")
    e["PYTHONPATH"] = ROOT + (os.pathsep + old if old else "")
    if env:
        e.update(env)
    return subprocess.run(
        [sys.executable, "-P", "-m", "annotator", *args],
        input=stdin, capture_output=True, text=True, cwd=cwd or ROOT, env=e,
    )


def cache_outside(tmp_path) -> str:
    """A cache folder for a test's runs beside ``tmp_path``, not inside it: a cache folder
    inside the checked files is refused (and said on stderr), so one there would leave every
    run uncached."""
    return str(tmp_path.parent / (tmp_path.name + "-cache"))


def local_model_rules(root, data: dict):
    """A rules folder under ``root`` holding one rule, ``neutrality.local-model``, of kind model
    whose weights are ``data`` (a weights file's JSON): the shipped weights as a rule of its own."""
    import json

    (root / "rules" / "neutrality").mkdir(parents=True)
    (root / "rules" / "models").mkdir()
    (root / "rules" / "models" / "local.json").write_text(json.dumps(data), encoding="utf-8")
    (root / "rules" / "neutrality" / "local.yaml").write_text(
        "rules:\n  - id: neutrality.local-model\n    kind: model\n    severity: info\n"
        "    message: \"'{word}': {evidence}\"\n    rationale: the same weights as a rule of its own\n"
        "    weights: local\n", encoding="utf-8")
    return root / "rules"


def severities(cwd, *paths, rules: str = "neutrality."):
    """``check`` of ``paths`` from ``cwd``: {path: {rule: severity}} for the rules whose id starts
    with ``rules``."""
    import json

    r = run_cli("check", "--format", "jsonl", "--fail-on", "never", *paths, cwd=str(cwd))
    assert r.returncode == 0, r.stderr
    out = {}
    for line in r.stdout.splitlines():
        d = json.loads(line)
        out[d["source"]["path"]] = {f["rule"]: f["severity"] for f in d["findings"] if f["rule"].startswith(rules)}
    return out
