"""Benchmark: stream a DOJ research file through ``read_batches`` + ``to_counts_frame``.

    .venv/bin/python benchmarks/doj_read.py                 # ~1M, 5M and 10M rows
    .venv/bin/python benchmarks/doj_read.py 1e6 5e6 --batch-rows 250000

Synthetic files (``clearpath.synth.doj``, messy=1%) are generated once and cached under
``/tmp/clearpath-doj-bench`` (the name carries a hash of the generator, so a changed generator makes new
files). Each size is measured in a fresh subprocess, so its peak RSS (``ru_maxrss``) is its own; with memory
bounded by the batch, the peak should stay flat as the file grows.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

CACHE = Path(os.environ.get("CLEARPATH_BENCH_CACHE", "/tmp/clearpath-doj-bench"))


def _generator_tag() -> str:
    import clearpath.synth.doj as synth

    return hashlib.sha256(Path(synth.__file__).read_bytes()).hexdigest()[:8]


def ensure_file(rows: int, seed: int = 2026) -> tuple[Path, int]:
    """A cached synthetic file of about ``rows`` rows: (path, rows written)."""
    from clearpath.synth.doj import people_for_rows, write_synthetic_doj

    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"doj_{rows}_{seed}_{_generator_tag()}.dat"
    meta = path.with_suffix(".json")
    if path.exists() and meta.exists():
        return path, int(json.loads(meta.read_text())["rows"])
    start = time.perf_counter()
    written = write_synthetic_doj(path, people_for_rows(rows), seed=seed, messy=0.01)
    meta.write_text(json.dumps({"rows": written}))
    print(f"  generated {path.name}: {written:,} rows in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    return path, written


def measure(path: Path, batch_rows: int) -> dict[str, float]:
    """Run in the child: the whole file through the reader; times and peak RSS."""
    from clearpath.readers.doj import COUNT_COLUMNS, read_batches, to_counts_frame

    rows = rejected = counts = issues = 0
    read_s = counts_s = 0.0
    start = time.perf_counter()
    batches = read_batches(path, batch_rows=batch_rows, columns=COUNT_COLUMNS)
    while True:
        t = time.perf_counter()
        batch = next(batches, None)
        read_s += time.perf_counter() - t
        if batch is None:
            break
        t = time.perf_counter()
        frame, found = to_counts_frame(batch)
        counts_s += time.perf_counter() - t
        rows += batch.rows.height
        rejected += len(batch.rejects)
        counts += frame.height
        issues += len(found)
        del frame, found, batch
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {"rows": rows + rejected, "rejected": rejected, "counts": counts, "issues": issues,
            "seconds": seconds, "read_s": read_s, "counts_s": counts_s,
            "cpu_s": usage.ru_utime + usage.ru_stime, "peak_mb": usage.ru_maxrss / 1024}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sizes", nargs="*", type=float, default=[1e6, 5e6, 1e7], help="approximate rows per file")
    ap.add_argument("--batch-rows", type=int, default=500_000)
    ap.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.batch_rows)))
        return
    results = []
    for size in args.sizes:
        path, written = ensure_file(int(size))
        out = subprocess.run([sys.executable, __file__, "--measure", str(path), "--batch-rows", str(args.batch_rows)],
                             check=True, capture_output=True, text=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        assert r["rows"] == written, f"rows in {written} != rows out + rejected {r['rows']}"
        results.append(r)
        print(f"  {r['rows']:,} rows done", file=sys.stderr)
    print(f"cores: {os.cpu_count()}  batch_rows: {args.batch_rows:,}  load average: "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    head = f"{'rows':>12} {'rejected':>9} {'counts':>11} {'seconds':>8} {'read s':>7} {'counts s':>8} {'cpu s':>7} " \
           f"{'rows/s':>11} {'peak MB':>8}"
    print(head)
    print("-" * len(head))
    for r in results:
        print(f"{r['rows']:>12,} {r['rejected']:>9,} {r['counts']:>11,} {r['seconds']:>8.1f} {r['read_s']:>7.1f} "
              f"{r['counts_s']:>8.1f} {r['cpu_s']:>7.1f} {r['rows'] / r['seconds']:>11,.0f} {r['peak_mb']:>8.0f}")


if __name__ == "__main__":
    main()
