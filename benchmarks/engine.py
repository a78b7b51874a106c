"""Law-engine throughput: the test vectors' records replicated as distinct people, every remedy evaluated.

    .venv/bin/python benchmarks/engine.py [REPLICAS ...]

Prints counts, determinations, seconds and counts per second. A figure, not a test.
"""

from __future__ import annotations

import sys
import time
from datetime import date

import polars as pl

from clearpath.law.ca import california
from clearpath.law.engine import evaluate
from clearpath.law.vectors import load_vectors
from clearpath.records.frame import counts_frame


def main(replicas: list[int]) -> None:
    pack = california()
    base = counts_frame([v.record for v in load_vectors()])
    base = base.with_columns(person_id=pl.col("person_id") + "-" + pl.int_range(pl.len()).cast(pl.String))
    evaluate(base, date(2026, 3, 1), pack)  # warm-up: table loading, plan caches
    print(f"{'counts':>10} {'determinations':>15} {'seconds':>8} {'counts/s':>10}")
    for n in replicas:
        big = pl.concat([base.with_columns(person_id=pl.col("person_id") + f"#{i}") for i in range(n)])
        start = time.perf_counter()
        out = evaluate(big, date(2026, 3, 1), pack)
        took = time.perf_counter() - start
        print(f"{big.height:>10,} {out.height:>15,} {took:>8.2f} {big.height / took:>10,.0f}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100, 1000])
