"""First-contact defects found by walking through README.md and examples/newsroom as a new
user would (issue 17, "Done when"): each test failed before its fix."""

import re

from conftest import run_cli


def test_rules_listing_ends_with_a_blank_line_and_the_count():
    # the count's line was escaped as one printable line, so a new user saw a literal "\n"
    # glued to it: '\n47 rules (10 off: ...)'
    r = run_cli("rules")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert "\\n" not in r.stdout
    assert lines[-2] == ""
    assert re.fullmatch(r"\d+ rules( \(\d+ off: switch on with enable = \[\.\.\.\] in the configuration\))?",
                        lines[-1]), lines[-1]
