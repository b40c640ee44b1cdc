"""SARIF 2.1.0 for code scanning (GitHub's ``upload-sarif`` and other viewers).

One run; ``tool.driver.rules`` describes the rules (summary, rationale and
the rule's own examples as help text); each finding is a result with its
rule, level (error / warning / note), message and a region of lines and
columns.  Columns count Unicode code points, as everywhere in annotator, so
the run says ``"columnKind": "unicodeCodePoints"``; ``endColumn`` is the
column just past the last character, as SARIF defines it.  Locations are
relative to the working directory (``uriBaseId`` ``%SRCROOT%``) when the
file is below it.  ``partialFingerprints["annotator/v1"]`` is the baseline
fingerprint of the finding (rule, matched text and the words around it) with
its occurrence number, so code scanning follows a finding across edits
elsewhere in the file.  Mechanical fixes are given as SARIF ``fixes``.

The worker side (``results_for``) turns one checked document into plain
result dicts; ``log`` assembles them with the rule descriptors.
"""

from __future__ import annotations

import os
from urllib.parse import quote

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
VERSION = "2.1.0"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
_PROBLEM_SEVERITY = {"error": "error", "warning": "warning", "info": "recommendation"}
SRCROOT = "%SRCROOT%"


def artifact_location(path: str) -> dict:
    """A relative URI under %SRCROOT% for a file below the working directory, else a file: URI."""
    if path in ("-", "<stdin>"):
        return {"uri": "stdin"}
    absolute = os.path.abspath(path)
    rel = os.path.relpath(absolute, os.getcwd())
    # percent-encoded from the name's bytes: a name that is not UTF-8 keeps its bytes (%E9)
    if not rel.startswith(".." + os.sep) and rel != ".." and not os.path.isabs(rel):
        return {"uri": quote(os.fsencode(rel.replace(os.sep, "/"))), "uriBaseId": SRCROOT}
    absolute = absolute.replace(os.sep, "/")
    return {"uri": "file://" + quote(os.fsencode(absolute if absolute.startswith("/") else "/" + absolute))}


def _region(doc, start: int, end: int, snippet: bool = True) -> dict:
    line, col = doc.position(start)
    end_line, end_col = doc.position(end)
    r = {"startLine": line, "startColumn": col, "endLine": end_line, "endColumn": end_col}
    if snippet:
        r["snippet"] = {"text": doc.text[start:end]}
    return r


def _precision(confidence: float) -> str:
    if confidence >= 0.9:
        return "very-high"
    if confidence >= 0.75:
        return "high"
    if confidence >= 0.5:
        return "medium"
    return "low"


def _example_text(ex: dict) -> str:
    text = ex["text"]
    if ex.get("headline"):
        text = ex["headline"] + "\n\n" + text
    return text


def _indent(text: str, first: str, rest: str) -> str:
    lines = text.split("\n")
    return "\n".join([first + lines[0]] + [(rest + x) if x.strip() else "" for x in lines[1:]])


def rule_descriptor(spec) -> dict:
    """A SARIF reportingDescriptor for one RuleSpec."""
    rationale = " ".join(spec.rationale.split())
    help_text = [rationale]
    help_md = [rationale]
    examples = spec.examples or {}
    for kind, title in (("fail", "Flagged"), ("pass", "Not flagged")):
        exs = examples.get(kind) or []
        if not exs:
            continue
        help_text.append(f"\n{title}:")
        help_md.append(f"\n**{title}:**\n")
        for ex in exs:
            ex = ex if isinstance(ex, dict) else {"text": ex}
            t = _example_text(ex)
            help_text.append(_indent(t, "  - ", "    "))
            help_md.append(_indent(t, "- ", "  "))
            if ex.get("fixed") is not None:
                help_text.append(_indent(ex["fixed"], "    fixed: ", "    "))
                help_md.append(_indent(ex["fixed"], "  - fixed: ", "    "))
    name = "".join(w.capitalize() for w in spec.id.split(".", 1)[-1].replace(".", "-").split("-"))
    kind = spec.kind + (":" + spec.options["condition"] if spec.kind == "condition" else "")
    return {
        "id": spec.id,
        "name": name,
        "shortDescription": {"text": spec.summary},
        "fullDescription": {"text": rationale},
        "help": {"text": "\n".join(help_text), "markdown": "\n".join(help_md)},
        "defaultConfiguration": {"level": LEVELS[spec.severity], "enabled": bool(spec.enabled)},
        "properties": {
            "tags": list(dict.fromkeys([spec.pack, kind])),
            "precision": _precision(spec.confidence or 0.8),
            "problem.severity": _PROBLEM_SEVERITY[spec.severity],
        },
    }


def results_for(doc, fingerprints: list[str], new: bool = False) -> list[dict]:
    """SARIF results (without ruleIndex) for ``doc.findings``."""
    loc = artifact_location(doc.path)
    out = []
    for f, fp in zip(doc.findings, fingerprints):
        message = f.message + (f"\nSuggestion: {f.suggestion}" if f.suggestion else "")
        r = {
            "ruleId": f.rule,
            "level": LEVELS.get(f.severity, "warning"),
            "message": {"text": message},
            "locations": [{"physicalLocation": {"artifactLocation": dict(loc), "region": _region(doc, f.start, f.end)}}],
            "partialFingerprints": {"annotator/v1": fp},
            "properties": {"confidence": round(f.confidence, 3), "severity": f.severity},
        }
        if new:
            r["baselineState"] = "new"
        if f.fix:
            r["fixes"] = [{
                "description": {"text": f.suggestion or "apply the mechanical fix"},
                "artifactChanges": [{
                    "artifactLocation": dict(loc),
                    "replacements": [{"deletedRegion": _region(doc, s, e, snippet=False),
                                      "insertedContent": {"text": rep}} for s, e, rep in f.fix],
                }],
            }]
        out.append(r)
    return out


def log(rules: dict[str, dict], results: list[dict], errors: list = (), version: str = "") -> dict:
    """The SARIF log: ``rules`` id -> descriptor, ``results`` from results_for,
    ``errors`` the unreadable inputs (InputError) as tool notifications."""
    ids = sorted(rules)
    index = {rid: i for i, rid in enumerate(ids)}
    for r in results:
        if r["ruleId"] in index:
            r["ruleIndex"] = index[r["ruleId"]]
    notifications = []
    for e in errors:
        n = {"level": "error", "message": {"text": e.message},
             "descriptor": {"id": "input-error"}}
        region = {}
        if e.line is not None:
            region["startLine"] = e.line
            if e.column is not None:
                region["startColumn"] = e.column
        pl = {"artifactLocation": artifact_location(e.path)}
        if region:
            pl["region"] = region
        n["locations"] = [{"physicalLocation": pl}]
        notifications.append(n)
    cwd = os.getcwd().replace(os.sep, "/")
    if not cwd.startswith("/"):  # C:/news -> file:///C:/news/
        cwd = "/" + cwd
    driver = {"name": "annotator", "rules": [rules[i] for i in ids]}
    if version:
        driver["version"] = version
        driver["semanticVersion"] = version
    return {
        "$schema": SCHEMA,
        "version": VERSION,
        "runs": [{
            "tool": {"driver": driver},
            "invocations": [{"executionSuccessful": not errors, "toolExecutionNotifications": notifications}],
            "originalUriBaseIds": {SRCROOT: {"uri": "file://" + quote(os.fsencode(cwd.rstrip("/") + "/"))}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
