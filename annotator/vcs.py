"""Git: the files changed since a ref, for ``check --changed-since REF``.

"Changed since REF" means changed on this branch since it left REF (the
merge base of REF and HEAD, so that commits made on REF's branch in the
meantime do not count), plus every uncommitted change: staged, unstaged and
untracked (not ignored) files.  Deleted files are left out.  Paths come back
absolute.
"""

from __future__ import annotations

import os
import subprocess


class VCSError(Exception):
    """git is missing, the folder is not a repository, or the ref is unknown (exit 2)."""


def _git(args: list[str], cwd: str) -> str:
    env = {k: v for k, v in os.environ.items()
           if k not in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_PREFIX")}
    try:
        r = subprocess.run(["git", *args], cwd=cwd, capture_output=True, env=env)
    except FileNotFoundError:
        raise VCSError("git is not installed (needed by --changed-since)") from None
    if r.returncode != 0:
        msg = r.stderr.decode("utf-8", "replace").strip().splitlines()
        raise VCSError(msg[-1] if msg else f"git {' '.join(args)} failed")
    return r.stdout.decode("utf-8", "surrogateescape")


def toplevel(cwd: str) -> str:
    return _git(["rev-parse", "--show-toplevel"], cwd).strip()


def changed_files(ref: str, cwd: str | None = None) -> list[str]:
    """Absolute paths of the existing files changed since ``ref`` (see the module docstring), sorted."""
    cwd = os.path.abspath(cwd or os.getcwd())
    if ref.startswith("-"):
        raise VCSError(f"{ref!r} is not a git ref")
    root = toplevel(cwd)
    try:
        _git(["rev-parse", "--verify", "--quiet", ref + "^{commit}"], root)
    except VCSError:
        raise VCSError(f"unknown git ref {ref!r}") from None
    try:
        base = _git(["merge-base", ref, "HEAD"], root).strip()
    except VCSError:
        base = ref  # no common history (or no HEAD yet): compare with the ref itself
    names = _git(["diff", "--name-only", "--no-renames", "--diff-filter=d", "-z", base, "--"], root).split("\0")
    names += _git(["ls-files", "--others", "--exclude-standard", "-z"], root).split("\0")
    out = set()
    for n in names:
        if not n:
            continue
        p = os.path.join(root, n)
        if os.path.isfile(p):
            out.add(os.path.normpath(p))
    return sorted(out)
