"""A progress bar on standard error for long runs: count, rate and ETA.

Shown only where someone is watching: standard error is a terminal, the
``CI`` environment variable is unset, and the results themselves are not
being printed to that same terminal.  ``--progress`` / ``--no-progress``
override the guess.  Redrawn at most ten times a second, so an update costs
one clock read.
"""

from __future__ import annotations

import os
import sys
import time

REDRAW_SECONDS = 0.1


def wanted(setting: bool | None = None, stream=None, results_to_stdout: bool = False) -> bool:
    """Whether to show a bar: ``setting`` (from --progress/--no-progress) wins;
    otherwise only on an interactive terminal outside CI."""
    if setting is not None:
        return setting
    stream = sys.stderr if stream is None else stream
    if os.environ.get("CI"):
        return False
    try:
        if not stream.isatty():
            return False
    except (AttributeError, ValueError):
        return False
    if results_to_stdout:
        try:
            if sys.stdout.isatty():
                return False  # the results scroll past on the same terminal
        except (AttributeError, ValueError):
            pass
    return True


def _clock(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


class Progress:
    """``update()`` after each item; ``write()`` prints a message above the bar;
    ``close()`` erases it.  A disabled Progress does nothing (cheaply)."""

    def __init__(self, total: int | None, label: str = "", enabled: bool = True, stream=None, unit: str = "files"):
        self.total = total
        self.label = label
        self.unit = unit
        self.enabled = enabled
        self.stream = sys.stderr if stream is None else stream
        self.count = 0
        self.start = time.monotonic()
        self._next_draw = self.start + REDRAW_SECONDS
        self._drawn = False

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def update(self, n: int = 1) -> None:
        self.count += n
        if self.enabled:
            now = time.monotonic()
            if now >= self._next_draw:
                self._next_draw = now + REDRAW_SECONDS
                self._draw(now)

    def line(self, now: float | None = None) -> str:
        """The bar's text (without control characters)."""
        now = time.monotonic() if now is None else now
        elapsed = max(now - self.start, 1e-9)
        rate = self.count / elapsed
        import shutil

        width = shutil.get_terminal_size((80, 24)).columns
        head = f"{self.label} " if self.label else ""
        if self.total:
            pct = min(self.count / self.total, 1.0)
            remaining = (self.total - self.count) / rate if rate > 0 else None
            eta = _clock(remaining) if remaining is not None else "?"
            tail = f" {self.count}/{self.total} {rate:,.1f} {self.unit}/s ETA {eta}"
            pct_text = f"{pct * 100:3.0f}% "
            room = width - 1 - len(head) - len(pct_text) - len(tail) - 2
            if room >= 10:
                bar_width = min(room, 40)
                filled = int(bar_width * pct)
                bar = "[" + "#" * filled + "." * (bar_width - filled) + "]"
            else:
                bar = ""
            text = f"{head}{pct_text}{bar}{tail}"
        else:
            text = f"{head}{self.count} {self.unit} {rate:,.1f} {self.unit}/s {_clock(elapsed)}"
        return text[: width - 1]

    def _draw(self, now: float | None = None) -> None:
        try:
            self.stream.write("\r" + self.line(now) + "\x1b[K")
            self.stream.flush()
            self._drawn = True
        except (OSError, ValueError):
            self.enabled = False

    def _erase(self) -> None:
        if self._drawn:
            try:
                self.stream.write("\r\x1b[K")
                self.stream.flush()
            except (OSError, ValueError):
                pass
            self._drawn = False

    def write(self, message: str) -> None:
        """Print a line (an error, a warning) to the stream without tearing the bar."""
        self._erase()
        print(message, file=self.stream, flush=True)
        if self.enabled and self.count:
            self._draw()

    def close(self) -> None:
        self._erase()
        self.enabled = False
