"""JUnit XML, for CI systems that show test reports (GitLab, Jenkins, Azure, CircleCI).

  <testsuites name="annotator" tests="3" failures="2" errors="0">
    <testsuite name="news/a.md" tests="2" failures="2" errors="0">
      <testcase classname="news/a.md" name="quotes.scare-quotes at 3:5" file="news/a.md" line="3">
        <failure type="warning" message="...">news/a.md:3:5: warning quotes.scare-quotes ...</failure>
      </testcase>
    </testsuite>
    <testsuite name="news/b.md" tests="1" failures="0" errors="0">
      <testcase classname="news/b.md" name="annotator check" file="news/b.md"/>
    </testsuite>
  </testsuites>

A test suite per file; a test case per finding, with a ``failure`` (its type
the severity, its text the finding as the text format prints it: the source
line and a caret); a file without findings has one passing test case; an
unreadable input has one with an ``error``.  Everything is escaped, and
characters XML 1.0 cannot hold (control characters, lone surrogates) are
replaced by U+FFFD, so the report is always well-formed.
"""

from __future__ import annotations

import re

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_TEXT = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_ATTR = {**_TEXT, '"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}
_TEXT_RX = re.compile("[&<>]")
_ATTR_RX = re.compile('[&<>"\n\r\t]')


def text(s: str) -> str:
    return _TEXT_RX.sub(lambda m: _TEXT[m.group()], _ILLEGAL.sub("\ufffd", s))


def attr(s: str) -> str:
    return _ATTR_RX.sub(lambda m: _ATTR[m.group()], _ILLEGAL.sub("\ufffd", s))


def suite_for(doc, path: str | None = None) -> tuple[str, int, int]:
    """(the ``<testsuite>`` element of one checked document, tests, failures)."""
    from .text import format_finding

    name = attr(path or doc.path)
    cases = []
    for f in doc.findings:
        line, col = doc.position(f.start)
        case_name = attr(f"{f.rule} at {line}:{col}")
        cases.append(
            f'    <testcase classname="{name}" name="{case_name}" file="{name}" line="{line}">\n'
            f'      <failure type="{attr(f.severity)}" message="{attr(f.message)}">'
            f"{text(format_finding(doc, f))}</failure>\n"
            "    </testcase>\n")
    if not cases:
        cases.append(f'    <testcase classname="{name}" name="annotator check" file="{name}"/>\n')
    n = len(doc.findings)
    head = f'  <testsuite name="{name}" tests="{max(n, 1)}" failures="{n}" errors="0">\n'
    return head + "".join(cases) + "  </testsuite>\n", max(n, 1), n


def error_suite(path: str, message: str) -> str:
    """An unreadable input: one test case with an error."""
    name = attr(path)
    return (f'  <testsuite name="{name}" tests="1" failures="0" errors="1">\n'
            f'    <testcase classname="{name}" name="read" file="{name}">\n'
            f'      <error type="unreadable-input" message="{attr(message)}">{text(message)}</error>\n'
            "    </testcase>\n  </testsuite>\n")


def document(suites: list[str], tests: int, failures: int, errors: int) -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<testsuites name="annotator" tests="{tests}" failures="{failures}" errors="{errors}">\n'
            + "".join(suites) + "</testsuites>\n")
