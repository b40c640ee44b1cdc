"""Which files a folder scan leaves out: ``--exclude`` patterns and ``.gitignore`` files.

Both use gitignore semantics (the ``pathspec`` library, imported only when a
pattern is there to match: an ``--exclude`` or a ``.gitignore`` file met on
the way).  ``.gitignore`` files count in every folder of the walked tree and,
when the tree is inside a git repository, in the folders above it up to the
repository's top (with ``.git/info/exclude``); a deeper file's patterns win
over a shallower one's, and within a file the last matching line wins, as in
git.  ``--exclude`` patterns are matched against a path relative to the
current folder and relative to the folder being walked (``drafts``,
``news/drafts/``, ``*.draft.md``).  Files named on the command line are never
left out: only what a folder scan finds.
"""

from __future__ import annotations

import os

from .resources import work_tree


def _spec(lines, strict: bool = False):
    """The patterns as one spec.  A line that is not a valid pattern (``!`` alone, ``[z-a]``)
    is skipped, as git skips it; with ``strict`` it is a ValueError naming it."""
    import pathspec  # ~50 ms (it imports asyncio): only where there is something to match

    try:
        return pathspec.GitIgnoreSpec.from_lines(lines)
    except Exception:  # noqa: BLE001 - pathspec raises its own errors and re.error
        good = []
        for line in lines:
            try:
                pathspec.GitIgnoreSpec.from_lines([line])
            except Exception:  # noqa: BLE001
                if strict:
                    raise ValueError(f"not a valid pattern: {line!r}") from None
                continue
            good.append(line)
        return pathspec.GitIgnoreSpec.from_lines(good)


def check_patterns(patterns: list[str]) -> None:
    """ValueError naming the first pattern that cannot be used (for --exclude)."""
    _spec(patterns, strict=True)


def _read_lines(path: str) -> list[str] | None:
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read().splitlines()
    except OSError:
        return None


class Ignorer:
    """``ignored(path, is_dir)`` for the paths met while walking ``root``."""

    def __init__(self, root: str, exclude: list[str] | None = None, gitignore: bool = True):
        self.root = os.path.abspath(root)
        self.cwd = os.getcwd()
        self.exclude = _spec(exclude) if exclude else None
        self.gitignore = gitignore
        self._specs: dict[str, object] = {}  # folder -> its .gitignore's spec, or None
        self.top = self.root
        self._info = None
        if gitignore:
            top = work_tree(self.root)
            if top is not None:
                self.top = top
                lines = _read_lines(os.path.join(top, ".git", "info", "exclude"))
                if lines and any(ln.strip() and not ln.startswith("#") for ln in lines):
                    self._info = _spec(lines)

    def _folder_spec(self, folder: str):
        if folder not in self._specs:
            lines = _read_lines(os.path.join(folder, ".gitignore"))
            self._specs[folder] = _spec(lines) if lines else None
        return self._specs[folder]

    def ignored(self, path: str, is_dir: bool) -> bool:
        path = os.path.abspath(path)
        slash = "/" if is_dir else ""
        if self.exclude is not None:
            for base in (self.cwd, self.root):
                rel = os.path.relpath(path, base)
                outside = rel == os.pardir or rel.startswith(os.pardir + os.sep)
                if not outside and rel != os.curdir and self.exclude.match_file(rel.replace(os.sep, "/") + slash):
                    return True
        if not self.gitignore:
            return False
        folder = os.path.dirname(path)
        while True:  # deepest .gitignore first: the first that has a say decides
            spec = self._folder_spec(folder)
            if spec is not None:
                result = spec.check_file(os.path.relpath(path, folder).replace(os.sep, "/") + slash)
                if result.include is not None:
                    return result.include
            if folder == self.top or len(folder) <= len(self.top):
                break
            folder = os.path.dirname(folder)
        if self._info is not None:
            result = self._info.check_file(os.path.relpath(path, self.top).replace(os.sep, "/") + slash)
            return bool(result.include)
        return False
