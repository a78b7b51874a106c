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


def test_dask_on_an_existing_cluster_by_its_address(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    src = tmp_path / "county.dat"
    write_synthetic_doj(src, people=120, seed=9, messy=0.02)
    local = run_bulk([src], AS_OF, tmp_path / "local", batch_rows=1000)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c:
        remote = run_bulk([src], AS_OF, tmp_path / "remote", batch_rows=1000, engine="dask",
                          scheduler=c.scheduler_address)
    assert remote["determinations"] == local["determinations"] > 0
    assert (tmp_path / "local/determinations.csv").read_bytes() == (tmp_path / "remote/determinations.csv").read_bytes()
