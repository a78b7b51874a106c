"""DA batch motions: a fabricated county run of N people → one HS 11361.9 motion per person (or per court).

    .venv/bin/python benchmarks/motions.py [PEOPLE] [--per person|court] [--workers N] [--out DIR]

Prints people, convictions, motions, seconds, documents per second and convictions per second. Output goes
to a temporary folder under /tmp (removed afterwards unless --out is given). A figure, not a test.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from datetime import date
from pathlib import Path

from clearpath.documents.motions import OfficeDetails, write_motion_batch
from clearpath.documents.sample import synthetic_convictions


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("people", nargs="?", type=int, default=100_000)
    ap.add_argument("--per", choices=["person", "court"], default="person")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    start = time.perf_counter()
    frame = synthetic_convictions(args.people, seed=1)
    made = time.perf_counter() - start
    out = args.out or Path(tempfile.mkdtemp(prefix="clearpath-motions-", dir="/tmp"))
    try:
        summary = write_motion_batch(frame, out, per=args.per, as_of=date(2026, 11, 22), workers=args.workers,
                                     office=OfficeDetails(district_attorney="Pat Prosecutor", deputy="Dee Deputy"))
        size = sum(p.stat().st_size for p in (out / "motions").iterdir())
    finally:
        if args.out is None:
            shutil.rmtree(out, ignore_errors=True)
    print(f"people {args.people:,}; table rows {frame.height:,} (made in {made:.1f} s); per {args.per}; "
          f"workers {args.workers}")
    print(f"{'motions':>9} {'convictions':>12} {'review rows':>12} {'seconds':>8} {'documents/s':>12} "
          f"{'convictions/s':>14} {'MB':>7}")
    print(f"{summary.motions:>9,} {summary.convictions:>12,} {summary.review_rows:>12,} {summary.seconds:>8.1f} "
          f"{summary.documents_per_second:>12,.1f} {summary.convictions / summary.seconds:>14,.0f} {size / 1e6:>7.1f}")


if __name__ == "__main__":
    main()
