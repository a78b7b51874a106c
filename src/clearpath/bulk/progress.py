"""Progress of a long run on stderr: rows done, rows per second, time left.

It is updated once per batch (hundreds of thousands of rows), never per row, so it costs nothing measurable.
The total is estimated from the input size and the bytes per line of its first megabytes.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TextIO


def estimate_lines(paths: list[Path], sample: int = 4 << 20) -> int:
    total = 0
    for p in paths:
        size = p.stat().st_size
        with open(p, "rb") as f:
            head = f.read(sample)
        lines = head.count(b"\n") or 1
        total += round(size * lines / max(len(head), 1)) if len(head) < size else lines
    return total


class Progress:
    def __init__(self, total_lines: int, stream: TextIO | None = None, enabled: bool = True,
                 every: float = 0.5) -> None:
        self.total = max(total_lines, 1)
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.every = every
        self.done = 0
        self.start = time.perf_counter()
        self._shown = 0.0
        self._tty = hasattr(self.stream, "isatty") and self.stream.isatty()

    def advance(self, lines: int) -> None:
        self.done += lines
        now = time.perf_counter()
        if self.enabled and now - self._shown >= self.every:
            self._shown = now
            self._show(now, end="\r" if self._tty else "\n")

    def finish(self) -> None:
        if self.enabled:
            self.total = max(self.done, 1)
            self._show(time.perf_counter(), end="\n")

    def line(self, now: float) -> str:
        took = max(now - self.start, 1e-9)
        rate = self.done / took
        total = max(self.total, self.done)
        left = (total - self.done) / rate if rate > 0 else 0.0
        pct = 100 * self.done / total
        return f"{self.done:,} rows ({pct:.0f}%), {rate:,.0f} rows/s, {_clock(left)} left"

    def _show(self, now: float, end: str) -> None:
        self.stream.write(self.line(now) + (" " * 8 if end == "\r" else "") + end)
        self.stream.flush()


def _clock(seconds: float) -> str:
    s = round(seconds)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"
