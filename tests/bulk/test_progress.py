"""The progress display: rows done, rows per second, time left, updated per batch (not per row)."""

from __future__ import annotations

import io
from pathlib import Path

from clearpath.bulk.progress import Progress, estimate_lines


def test_estimate_lines_from_the_file_size(tmp_path: Path) -> None:
    small = tmp_path / "small.txt"
    small.write_bytes(b"abc\n" * 10)
    assert estimate_lines([small]) == 10
    big = tmp_path / "big.txt"
    big.write_bytes((b"x" * 99 + b"\n") * 100_000)
    assert abs(estimate_lines([big], sample=1 << 16) - 100_000) < 100


def test_line_shows_rows_rate_and_time_left() -> None:
    stream = io.StringIO()
    p = Progress(1000, stream=stream, every=0.0)
    p.start -= 2.0  # two seconds ago
    p.advance(250)
    shown = stream.getvalue()
    assert shown.startswith("250 rows (25%)") and "rows/s" in shown and "left" in shown
    rate = float(shown.split(", ")[1].split(" ")[0].replace(",", ""))
    assert 100 <= rate <= 130  # 250 rows in a little over 2 s
    p.advance(750)
    p.finish()
    assert stream.getvalue().splitlines()[-1].startswith("1,000 rows (100%)")


def test_disabled_progress_writes_nothing() -> None:
    stream = io.StringIO()
    p = Progress(10, stream=stream, enabled=False, every=0.0)
    p.advance(5)
    p.finish()
    assert stream.getvalue() == ""


def test_updates_are_throttled() -> None:
    stream = io.StringIO()
    p = Progress(10_000, stream=stream, every=60.0)
    for _ in range(100):
        p.advance(100)
    assert len(stream.getvalue().splitlines()) == 1  # the first update only, then one a minute at most
