"""The same run on Dask (a local cluster of two worker processes) gives the local engine's output exactly."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from clearpath.bulk import run_bulk
from clearpath.synth.doj import write_synthetic_doj

AS_OF = date(2026, 11, 22)
SAME = ["determinations.csv", "convictions.csv", "persons.csv", "rejected.csv", "issues.csv", "reasons.csv"]


def test_dask_output_is_identical_to_local(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    src = tmp_path / "county.dat"
    write_synthetic_doj(src, people=400, seed=5, messy=0.03)
    local = run_bulk([src], AS_OF, tmp_path / "local", batch_rows=1000)
    dask = run_bulk([src], AS_OF, tmp_path / "dask", batch_rows=1000, engine="dask")
    assert dask["engine"] == "dask" and local["engine"] == "local"
    assert local["rows_in"] > 2000  # several batches of 1000 rows, so several tasks
    for name in SAME:
        assert (tmp_path / "local" / name).read_bytes() == (tmp_path / "dask" / name).read_bytes(), name
    for key in ("rows_in", "rows_out", "rows_rejected", "people", "convictions", "determinations"):
        assert local[key] == dask[key]
    for name in ("determinations.parquet", "convictions.parquet", "persons.parquet"):
        assert local["outputs"][name]["rows"] == dask["outputs"][name]["rows"]
