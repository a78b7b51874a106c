"""Benchmark: `clearpath bulk` end to end (generated DOJ file -> every output), against a bare Polars
scan-and-write of the same file.

    .venv/bin/python benchmarks/bulk.py                 # ~1M, 5M and 10M rows
    .venv/bin/python benchmarks/bulk.py 1e6 --engine dask

For each size, in fresh subprocesses (so each peak RSS is its own):
* bare: ``pl.scan_csv(file, all columns as strings).sink_parquet(...)`` — reading and writing the file with
  nothing done to it (ragged rows truncated, since Polars would otherwise stop at the first defective row);
* read: ``pl.scan_csv(...).select(the 31 columns the rules read).collect()`` — the floor of any Polars-based
  run: reading the columns it needs, with no rule applied and nothing written;
* bulk: ``run_bulk`` with every remedy, writing determinations (CSV + Parquet), convictions, persons,
  summary, HTML report, rejected rows, issues and the manifest.
Prints rows/s of both, their ratio, CPU seconds, peak RSS, and the run's own phase timings. A figure, not a
test: the machine's load average is printed beside it. Files are cached as in ``benchmarks/doj_read.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from doj_read import ensure_file


def measure_bare(path: Path) -> dict[str, float]:
    import polars as pl

    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        pl.scan_csv(path, infer_schema=False, truncate_ragged_lines=True).sink_parquet(Path(tmp) / "bare.parquet")
        seconds = time.perf_counter() - start
    return _usage(seconds)


def measure_read(path: Path) -> dict[str, float]:
    import polars as pl

    from clearpath.readers.doj import RECORD_COLUMNS

    start = time.perf_counter()
    frame = pl.scan_csv(path, infer_schema=False, truncate_ragged_lines=True).select(list(RECORD_COLUMNS)).collect()
    seconds = time.perf_counter() - start
    assert frame.height > 0
    return _usage(seconds)


def measure_bulk(path: Path, engine: str, batch_rows: int) -> dict[str, float]:
    from datetime import date

    from clearpath.bulk import run_bulk

    out = Path(tempfile.mkdtemp(prefix="clearpath-bulk-bench-"))
    try:
        start = time.perf_counter()
        manifest = run_bulk([path], date(2026, 11, 22), out, engine="dask" if engine == "dask" else "local",
                            batch_rows=batch_rows)
        seconds = time.perf_counter() - start
        timing = json.loads((out / "summary.json").read_text())["timing"]
        sizes = {name: e["bytes"] for name, e in manifest["outputs"].items()}
    finally:
        shutil.rmtree(out, ignore_errors=True)
    return {**_usage(seconds), "rows_in": manifest["rows_in"], "determinations": manifest["determinations"],
            "output_mb": sum(sizes.values()) / 1e6, **{k: v for k, v in timing.items() if k.endswith("_seconds")}}


def _usage(seconds: float) -> dict[str, float]:
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)  # Dask workers
    return {"seconds": seconds, "cpu_s": me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime,
            "peak_mb": max(me.ru_maxrss, kids.ru_maxrss) / 1024}


def _child(*args: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, __file__, *args], check=True, capture_output=True, text=True)
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sizes", nargs="*", type=float, default=[1e6, 5e6, 1e7], help="approximate rows per file")
    ap.add_argument("--engine", choices=["local", "dask"], default="local")
    ap.add_argument("--batch-rows", type=int, default=200_000)
    ap.add_argument("--measure", choices=["bare", "read", "bulk"], help=argparse.SUPPRESS)
    ap.add_argument("--path", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.measure == "bare":
        print(json.dumps(measure_bare(args.path)))
        return
    if args.measure == "read":
        print(json.dumps(measure_read(args.path)))
        return
    if args.measure == "bulk":
        print(json.dumps(measure_bulk(args.path, args.engine, args.batch_rows)))
        return
    rows = []
    for size in args.sizes:
        path, written = ensure_file(int(size))
        bare = _child("--measure", "bare", "--path", str(path))
        read = _child("--measure", "read", "--path", str(path))
        bulk = _child("--measure", "bulk", "--path", str(path), "--engine", args.engine,
                      "--batch-rows", str(args.batch_rows))
        assert bulk["rows_in"] == written, f"rows in {bulk['rows_in']} != rows written {written}"
        rows.append((written, bare, read, bulk))
        print(f"  {written:,} rows done", file=sys.stderr)
    print(f"cores: {os.cpu_count()}  engine: {args.engine}  batch_rows: {args.batch_rows:,}  load average: "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    head = (f"{'rows':>12} {'bare rows/s':>12} {'read rows/s':>12} {'bulk rows/s':>12} {'ratio':>6} {'bulk s':>7} "
            f"{'cpu s':>7} {'peak MB':>8} {'bare MB':>8} {'input s':>8} {'law s':>7} {'write s':>8} {'out MB':>7}")
    print(head)
    print("-" * len(head))
    for written, bare, read, bulk in rows:
        bare_rate, bulk_rate = written / bare["seconds"], written / bulk["seconds"]
        read_rate = written / read["seconds"]
        print(f"{written:>12,} {bare_rate:>12,.0f} {read_rate:>12,.0f} {bulk_rate:>12,.0f} "
              f"{bulk_rate / bare_rate:>6.2f} "
              f"{bulk['seconds']:>7.1f} {bulk['cpu_s']:>7.1f} {bulk['peak_mb']:>8.0f} {bare['peak_mb']:>8.0f} "
              f"{bulk['wait_for_input_seconds']:>8.1f} {bulk['law_seconds']:>7.1f} {bulk['write_seconds']:>8.1f} "
              f"{bulk['output_mb']:>7.0f}")


if __name__ == "__main__":
    main()
