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
    # a missing file or one that is not UTF-8 is said as such, not "not JSON: No such file or directory"
    res = run_cli("validate", str(tmp_path / "missing.jsonl"), str(lines))
    assert res.returncode == 3
    assert res.stderr.splitlines() == [f"{tmp_path / 'missing.jsonl'}: error: cannot read: No such file or directory"]
    latin = tmp_path / "latin.json"
    latin.write_bytes(b'{"headline": "caf\xe9"}')
    res = run_cli("validate", str(latin))
    assert res.returncode == 3 and res.stderr.strip() == f"{latin}: error: not UTF-8 (at byte offset 17)"


def _small_doc():
    """A short article's document, with a quotation, a speaker and findings with fixes."""
    text = ('Minister hails "victory"\n\nThe minister claimed the win was his. '
            '"We won the the vote," said John Smith, the minister.\n')
    r = run_cli("check", "-", "--format", "json", "--fail-on", "never", stdin=text)
    return json.loads(r.stdout)


def test_validate_checks_valid_documents_without_walking_them_in_jsonschema(tmp_path, monkeypatch, capsys):
    """jsonschema walks a document in Python, several times slower than annotating it: valid
    documents are checked by the (strict) model the schema is generated from."""
    import argparse

    from annotator.commands import validate

    calls = []
    real = jsonschema.Draft202012Validator.iter_errors
    monkeypatch.setattr(jsonschema.Draft202012Validator, "iter_errors",
                        lambda self, *a, **k: calls.append(1) or real(self, *a, **k))
    line = json.dumps(_small_doc())
    path = tmp_path / "docs.jsonl"
    path.write_text((line + "\n") * 50, encoding="utf-8")
    assert validate.run(argparse.Namespace(files=[str(path)], schema=None)) == 0
    assert "50 documents valid" in capsys.readouterr().err
    assert calls == []
    # a broken document still gets jsonschema's verdict and messages
    doc = json.loads(line)
    doc["stats"]["words"] = -1
    path.write_text(line + "\n" + json.dumps(doc) + "\n", encoding="utf-8")
    assert validate.run(argparse.Namespace(files=[str(path)], schema=None)) == 1
    assert "docs.jsonl:2: stats.words: -1 is less than the minimum of 0" in capsys.readouterr().out


def test_the_strict_model_accepts_nothing_the_schema_refuses():
    """The fast path is sound: every document the model accepts (strictly), the schema accepts.
    Each value of a real document is replaced by values of other types and edge values, and a
    key is added to or dropped from each object."""
    from pydantic import ValidationError

    from annotator.models import AnnotationDocument

    validator = jsonschema.Draft202012Validator(_schema())
    doc = _small_doc()
    assert doc["findings"] and doc["quotes"]
    replacements = [None, True, 0, -1, 1.0, 1.5, float("nan"), "", "x", [], {}, {"x": 1}]

    def paths(node, at=()):
        yield at
        if isinstance(node, dict):
            for k, v in node.items():
                yield from paths(v, at + (k,))
        elif isinstance(node, list):
            for i, v in enumerate(node[:1]):
                yield from paths(v, at + (i,))

    def mutated(at, change):
        d = json.loads(json.dumps(doc))
        node = d
        for k in at[:-1]:
            node = node[k]
        change(node, at[-1])
        return d

    def setter(value):
        def change(node, key):
            node[key] = value
        return change

    def add_key(node, key):
        if isinstance(node[key], dict):
            node[key]["unexpected"] = 1

    def drop_key(node, key):
        if isinstance(node, dict):
            del node[key]

    checked = accepted = 0
    for at in paths(doc):
        if not at:
            continue
        for change in [setter(v) for v in replacements] + [add_key, drop_key]:
            d = mutated(at, change)
            checked += 1
            try:
                AnnotationDocument.model_validate(d, strict=True)
            except ValidationError:
                continue
            accepted += 1
            errors = list(validator.iter_errors(d))
            assert not errors, (at, errors[0].message)
    assert checked > 1000 and accepted > 20, (checked, accepted)
