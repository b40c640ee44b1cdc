"""Baselines: adopt the linter on an archive that already has findings.

``annotator check --write-baseline FILE`` records every current finding;
``annotator check --baseline FILE`` then reports only findings that are not
in it, so old articles do not fail the build while new problems do.

A finding is recorded by its **fingerprint**, not its line: the rule id, the
matched text and a few words on either side of it, normalised (Unicode NFKC,
case folded, whitespace collapsed, curly and straight quotation marks and
apostrophes made the same, dashes made the same).  Lines added or removed
elsewhere in the file, or a quote-style fix next to it, leave the fingerprint
unchanged.  Each fingerprint has a **count**, so a file with two known
"notably"s and a new third one reports the third.

Matching, per file:

1. a finding whose fingerprint is in the baseline with a count left takes
   one from that count;
2. a finding left over whose rule and matched text equal a baseline entry
   that was not used up in step 1 takes that one: the words around a known
   finding were edited, but the finding itself is the same;
3. everything else is new.

The file (JSON, sorted, one entry per distinct fingerprint) is meant to be
committed and reviewed::

    {
      "annotator_baseline": 1,
      "files": {
        "archive/2019-05-01-budget.md": [
          {"rule": "neutrality.loaded-verbs", "text": "claimed", "fingerprint": "3f0c...", "count": 1}
        ]
      }
    }

Paths are relative to the folder of the baseline file (with ``/``), so the
baseline works from any working directory.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import unicodedata

FORMAT_VERSION = 1
#: words of context on either side of the match
CONTEXT_WORDS = 3
_CONTEXT_CHARS = 80  # looked at on either side to find those words

_TRANSLATE = str.maketrans({
    "“": '"', "”": '"', "„": '"', "‟": '"', "«": '"', "»": '"', "″": '"',
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'", "´": "'",
    "–": "-", "—": "-", "‐": "-", "‑": "-", "‒": "-", "−": "-",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ",
})
_WORD = re.compile(r"\w+(?:['’]\w+)*")


class BaselineError(Exception):
    """An unreadable or malformed baseline file (a usage error, exit 2)."""


def normalise(s: str) -> str:
    s = unicodedata.normalize("NFKC", s).translate(_TRANSLATE).casefold()
    return " ".join(s.split())


def context(doc, start: int, end: int, bounds: tuple[int, int] | None = None) -> tuple[str, str]:
    """Up to CONTEXT_WORDS normalised words before and after the span, within
    ``bounds`` (its headline, subheading or paragraph; default the whole text)."""
    lo, hi = bounds or (0, len(doc.view))
    view = doc.view
    before = _WORD.findall(normalise(view[max(lo, start - _CONTEXT_CHARS):start]))[-CONTEXT_WORDS:]
    after = _WORD.findall(normalise(view[end:min(hi, end + _CONTEXT_CHARS)]))[:CONTEXT_WORDS]
    return " ".join(before), " ".join(after)


def fingerprint(rule: str, text: str, before: str, after: str) -> str:
    h = hashlib.sha256("\x1f".join((rule, text, before, after)).encode("utf-8", "surrogatepass"))
    return h.hexdigest()[:20]


def keys(doc) -> list[tuple[str, str, str]]:
    """(rule, normalised text, fingerprint) of each of ``doc.findings``, in order."""
    from bisect import bisect_right

    blocks = doc.blocks()
    starts = [b.start for b in blocks]
    out = []
    for f in doc.findings:
        text = normalise(doc.view[f.start:f.end])
        i = bisect_right(starts, f.start) - 1
        bounds = (blocks[i].start, blocks[i].end) if i >= 0 and f.end <= blocks[i].end else None
        before, after = context(doc, f.start, f.end, bounds)
        out.append((f.rule, text, fingerprint(f.rule, text, before, after)))
    return out


def occurrence_fingerprints(doc) -> list[str]:
    """Stable per-finding identifiers: the fingerprint with its occurrence
    number among equal ones (``abc…:0``, ``abc…:1``); used as SARIF
    partialFingerprints."""
    seen: dict[str, int] = {}
    out = []
    for _, _, fp in keys(doc):
        n = seen.get(fp, 0)
        seen[fp] = n + 1
        out.append(f"{fp}:{n}")
    return out


def entries_for(doc) -> list[dict]:
    """The baseline entries of one checked document (sorted)."""
    counts: dict[tuple[str, str, str], int] = {}
    for k in keys(doc):
        counts[k] = counts.get(k, 0) + 1
    return [{"rule": r, "text": t, "fingerprint": fp, "count": n}
            for (r, t, fp), n in sorted(counts.items())]


def split_known(doc, entries: list[dict]) -> tuple[list, list]:
    """(new findings, known findings) of ``doc.findings`` against one file's entries."""
    if not entries:
        return list(doc.findings), []
    by_fp: dict[str, int] = {}
    by_text: dict[tuple[str, str], int] = {}
    for e in entries:
        by_fp[e["fingerprint"]] = by_fp.get(e["fingerprint"], 0) + e["count"]
        k = (e["rule"], e["text"])
        by_text[k] = by_text.get(k, 0) + e["count"]
    ks = keys(doc)
    known = [False] * len(ks)
    for i, (rule, text, fp) in enumerate(ks):  # 1: same fingerprint
        if by_fp.get(fp, 0) > 0:
            by_fp[fp] -= 1
            by_text[(rule, text)] -= 1
            known[i] = True
    for i, (rule, text, fp) in enumerate(ks):  # 2: same rule and text, context edited
        if not known[i] and by_text.get((rule, text), 0) > 0:
            by_text[(rule, text)] -= 1
            known[i] = True
    new = [f for f, k in zip(doc.findings, known) if not k]
    old = [f for f, k in zip(doc.findings, known) if k]
    return new, old


class Baseline:
    """A baseline file in memory: relative path -> entries.  Picklable."""

    def __init__(self, path: str, files: dict[str, list[dict]] | None = None):
        self.path = os.path.abspath(path)
        self.root = os.path.dirname(self.path)
        self.files: dict[str, list[dict]] = files or {}

    def key(self, article: str) -> str:
        if article == "-":
            return "<stdin>"
        return os.path.relpath(os.path.abspath(article), self.root).replace(os.sep, "/")

    def entries(self, article: str) -> list[dict]:
        return self.files.get(self.key(article), [])

    @classmethod
    def load(cls, path: str) -> Baseline:
        try:
            with open(path, encoding="utf-8") as f:
                data = json.load(f)
        except FileNotFoundError:
            raise BaselineError(f"{path}: no such baseline file (create it with --write-baseline)") from None
        except OSError as e:
            raise BaselineError(f"{path}: cannot read: {e.strerror or e}") from None
        except UnicodeDecodeError as e:
            raise BaselineError(f"{path}: not a baseline (not UTF-8: byte {e.start})") from None
        except ValueError as e:
            raise BaselineError(f"{path}: not a baseline (invalid JSON: {e})") from None
        except RecursionError:
            raise BaselineError(f"{path}: not a baseline (JSON nested too deeply)") from None
        if not isinstance(data, dict) or data.get("annotator_baseline") != FORMAT_VERSION \
                or not isinstance(data.get("files"), dict):
            raise BaselineError(f"{path}: not an annotator baseline (version {FORMAT_VERSION})")
        files = {}
        for name, entries in data["files"].items():
            if not isinstance(entries, list):
                raise BaselineError(f"{path}: files[{name!r}]: expected a list of entries")
            for n, e in enumerate(entries):
                if not (isinstance(e, dict) and isinstance(e.get("rule"), str) and isinstance(e.get("text"), str)
                        and isinstance(e.get("fingerprint"), str) and isinstance(e.get("count"), int)
                        and e["count"] > 0):
                    raise BaselineError(f"{path}: files[{name!r}][{n}]: expected rule, text, fingerprint "
                                        "and a positive count")
            files[name] = entries
        return cls(path, files)

    def update(self, checked: dict[str, list[dict]]) -> None:
        """Replace the entries of the checked articles (by their paths as given);
        keep those of other articles that still exist; drop the rest."""
        files = {}
        for name, entries in self.files.items():
            if os.path.exists(os.path.join(self.root, name)):
                files[name] = entries
        for article, entries in checked.items():
            k = self.key(article)
            if entries:
                files[k] = entries
            else:
                files.pop(k, None)
        self.files = files

    def dumps(self) -> str:
        data = {"annotator_baseline": FORMAT_VERSION,
                "files": {k: self.files[k] for k in sorted(self.files)}}
        from .serialize import escape_json_text  # (a file name that is not UTF-8: \udcNN, not a crash)

        return escape_json_text(json.dumps(data, ensure_ascii=False, indent=2)) + "\n"

    def save(self) -> None:
        from .outputs import atomic_writer

        with atomic_writer(self.path) as f:
            f.write(self.dumps())

    def total(self) -> int:
        return sum(e["count"] for entries in self.files.values() for e in entries)


@contextlib.contextmanager
def _lock(path: str):
    """Hold an exclusive lock for the baseline ``path``: ``flock`` on a file
    ``.NAME.lock`` beside it, removed again when released.  Whoever gets the
    lock checks that the lock file is still the one at that path (the holder
    before may have removed it), else starts over."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: no lock
        yield
        return
    from .outputs import OutputError

    lock = os.path.join(os.path.dirname(os.path.abspath(path)), "." + os.path.basename(path) + ".lock")
    # never through a symbolic link planted at that name
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
    while True:
        try:
            fd = os.open(lock, flags, 0o600)
        except OSError as e:
            raise OutputError(path, f"cannot lock: {e.strerror or e} (creating {lock})") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(lock))
            except FileNotFoundError:
                same = False
            if same:
                break
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(lock)
        os.close(fd)


def write_merged(path: str, checked: dict[str, list[dict]]) -> Baseline:
    """Record the entries of the checked articles in the baseline ``path`` as
    it is at this moment (see ``Baseline.update``), under a lock: two runs
    writing one baseline at once keep the entries of both.  A target that is
    not a regular file (``/dev/stdout``) is written as is, without a lock."""
    from .outputs import writes_in_place

    if writes_in_place(path):
        baseline = Baseline(path)
        baseline.update(checked)
        baseline.save()
        return baseline
    with _lock(path):
        baseline = Baseline.load(path) if os.path.exists(path) else Baseline(path)
        baseline.update(checked)
        baseline.save()
    return baseline
