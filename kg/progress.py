"""How a long build shows its progress: a bar on a terminal, a periodic line in a log.

The library reports through a ``BuildObserver`` (``update`` with a ``BuildProgress`` after
each article, ``failed`` with each input skipped); ``ProgressDisplay`` is the one the CLI
uses, writing to stderr.

>>> p = BuildProgress(read=50, stored=40, unchanged=8, failed=2, extract_failed=2, elapsed=10.0,
...                   bytes_done=250, bytes_total=1000)
>>> p.rate, p.fraction, round(p.seconds_left or 0)
(5.0, 0.25, 30)
>>> format_duration(3725)
'1:02:05'
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, TextIO

from kg.errors import InputError
from kg.terminal import neutralise


@dataclass(frozen=True)
class BuildProgress:
    """Counts so far: ``handled`` = stored + unchanged + duplicates + failed articles."""

    read: int = 0
    stored: int = 0
    unchanged: int = 0
    duplicates: int = 0
    failed: int = 0  # inputs skipped: unreadable files and lines, failed extractions
    facts: int = 0
    elapsed: float = 0.0
    bytes_done: int = 0
    bytes_total: int = 0
    extract_failed: int = 0  # articles read whose extraction failed

    @property
    def handled(self) -> int:
        return self.stored + self.unchanged + self.duplicates + self.extract_failed

    @property
    def rate(self) -> float:
        """Articles handled per second."""
        return self.handled / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def fraction(self) -> float | None:
        """The share of the input read (by bytes), or None if the size is unknown."""
        if self.bytes_total <= 0:
            return None
        return min(self.bytes_done / self.bytes_total, 1.0)

    @property
    def seconds_left(self) -> float | None:
        fraction = self.fraction
        if fraction is None or fraction < 0.005 or self.elapsed < 1.0:
            return None
        return self.elapsed * (1 - fraction) / fraction


class BuildObserver(Protocol):
    def update(self, progress: BuildProgress) -> None: ...

    def failed(self, error: InputError) -> None: ...


def format_duration(seconds: float) -> str:
    """'42 s', '3:05', '1:02:05'."""
    whole = int(round(seconds))
    if whole < 60:
        return f"{whole} s"
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _left(p: BuildProgress) -> str:
    left = p.seconds_left
    return "" if left is None else f", about {format_duration(left)} left"


def status_line(p: BuildProgress) -> str:
    """The periodic log line of a build that does not run on a terminal."""
    share = "" if p.fraction is None else f" ({p.fraction:.0%} of the input)"
    return (
        f"kg build: {p.handled} articles{share}, {p.rate:.1f} articles/s{_left(p)}; "
        f"{p.stored} stored, {p.unchanged} unchanged, {p.duplicates} duplicates, "
        f"{p.failed} failed, {p.facts} facts"
    )


def bar_line(p: BuildProgress, width: int) -> str:
    """One terminal line: a bar over the input read, articles, rate, time left."""
    fraction = p.fraction
    left = p.seconds_left
    tail = f" {p.handled} articles {p.rate:.1f}/s"
    if left is not None:
        tail += f" ETA {format_duration(left)}"
    if p.failed:
        tail += f" ({p.failed} failed)"
    if fraction is None:
        return tail.strip()[:width]
    bar_width = max(min(30, width - len(tail) - 7), 0)
    filled = int(bar_width * fraction)
    bar = f"[{'#' * filled}{'.' * (bar_width - filled)}] " if bar_width else ""
    return f"{bar}{fraction:4.0%}{tail}"[:width]


class ProgressDisplay:
    """A ``BuildObserver`` writing to ``stream``: a bar redrawn in place when the stream is a
    terminal, else a status line every ``every`` seconds. Failures are printed as they come,
    one line each."""

    def __init__(
        self,
        stream: TextIO,
        *,
        bar: bool | None = None,
        every: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream = stream
        self.bar = stream.isatty() if bar is None else bar
        self.every = every
        self._clock = clock
        self._last = clock()
        self._shown = False
        self._latest: BuildProgress | None = None

    def update(self, progress: BuildProgress) -> None:
        self._latest = progress
        now = self._clock()
        if self.bar and now - self._last >= 0.1:
            self._draw(progress)
            self._last = now
        elif not self.bar and now - self._last >= self.every:
            self.stream.write(status_line(progress) + "\n")
            self.stream.flush()
            self._last = now

    def failed(self, error: InputError) -> None:
        self._clear()
        self.stream.write(f"kg: skipped {neutralise(str(error))}\n")
        if self._latest is not None and self.bar:
            self._draw(self._latest)
        self.stream.flush()

    def close(self) -> None:
        self._clear()
        self.stream.flush()

    def _draw(self, progress: BuildProgress) -> None:
        width = shutil.get_terminal_size((80, 24)).columns - 1
        self.stream.write("\r\x1b[K" + bar_line(progress, width))
        self.stream.flush()
        self._shown = True

    def _clear(self) -> None:
        if self._shown:
            self.stream.write("\r\x1b[K")
            self._shown = False
