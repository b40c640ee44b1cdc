"""The committed schemas are what the models generate, and what we write validates."""

import json
import os

import jsonschema

from conftest import ROOT, SEED, run_cli


def test_committed_schemas_match_models():
    from annotator.commands.schemas import render

    for name, content in render().items():
        path = os.path.join(ROOT, "schemas", name)
        assert os.path.exists(path), f"{name} not committed; run 'annotator schemas'"
        with open(path, encoding="utf-8") as f:
            assert f.read() == content, f"schemas/{name} is stale; run 'annotator schemas' and commit"


def test_schemas_check_command():
    r = run_cli("schemas", "--check")
    assert r.returncode == 0, r.stderr


def _schema():
    with open(os.path.join(ROOT, "schemas", "annotations.schema.json"), encoding="utf-8") as f:
        return json.load(f)


def test_annotate_output_validates_against_schema_and_model():
    from annotator.models import AnnotationDocument

    r = run_cli("annotate", SEED)
    doc = json.loads(r.stdout)
    jsonschema.Draft202012Validator(_schema()).validate(doc)
    AnnotationDocument.model_validate(doc)


def test_validate_accepts_valid_and_rejects_invalid(tmp_path):
    r = run_cli("annotate", SEED)
    good = tmp_path / "good.json"
    good.write_text(r.stdout, encoding="utf-8")
    ok = run_cli("validate", str(good))
    assert ok.returncode == 0, ok.stdout + ok.stderr

    doc = json.loads(r.stdout)
    doc["quotes"][0]["kind"] = "rumour"
    del doc["source"]["path"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    res = run_cli("validate", str(bad))
    assert res.returncode == 1
    assert "quotes[0].kind" in res.stdout and "'rumour' is not one of" in res.stdout
    assert "source" in res.stdout and "'path' is a required property" in res.stdout


def test_validate_jsonl_and_not_json(tmp_path):
    r = run_cli("annotate", SEED, "--format", "jsonl")
    lines = tmp_path / "docs.jsonl"
    lines.write_text(r.stdout + r.stdout, encoding="utf-8")
    assert run_cli("validate", str(lines)).returncode == 0
    junk = tmp_path / "junk.json"
    junk.write_text("{not json", encoding="utf-8")
    res = run_cli("validate", str(junk))
    assert res.returncode == 3 and "junk.json" in res.stderr
