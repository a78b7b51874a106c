"""The synthetic DOJ research file generator: deterministic, well-formed, and messy at the asked rate."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from clearpath.readers.doj import COLUMNS, read_batches
from clearpath.synth.doj import COUNTIES, FIRST_NAMES, LAST_NAMES, OFFENSES, write_synthetic_doj


def rows_of(path: Path) -> tuple[pl.DataFrame, int]:
    batches = list(read_batches(path))
    return pl.concat([b.rows for b in batches]), sum(len(b.rejects) for b in batches)


def test_deterministic_per_seed(tmp_path: Path) -> None:
    a, b, c = tmp_path / "a.dat", tmp_path / "b.dat", tmp_path / "c.dat"
    assert write_synthetic_doj(a, 200, seed=1) == write_synthetic_doj(b, 200, seed=1)
    write_synthetic_doj(c, 200, seed=2)
    assert a.read_bytes() == b.read_bytes() != c.read_bytes()
    small = tmp_path / "small.dat"
    write_synthetic_doj(small, 200, seed=1, chunk_people=37)  # chunking does not change the file
    assert small.read_bytes() == a.read_bytes()


def test_clean_file_is_well_formed_and_plausible(tmp_path: Path) -> None:
    path = tmp_path / "clean.dat"
    n = write_synthetic_doj(path, 500, seed=3, messy=0.0)
    data = path.read_bytes()
    assert data.split(b"\n", 1)[0].decode() == ",".join(COLUMNS)
    assert n == data.count(b"\n") - 1
    rows, rejected = rows_of(path)
    assert rejected == 0 and rows.height == n and 5 <= n / 500 <= 12
    assert rows["SUBJECT_ID"].n_unique() == 500
    assert set(rows["STP_ORI_CNTY_NAME"].unique()) <= set(COUNTIES)
    assert set(rows["STP_TYPE_DESCR"].unique()) >= {"ARREST/DETAINED/CITED", "COURT ACTION"}
    assert set(rows["PRI_SSN"].unique()) == {""} and set(rows["REQ_SSN"].unique()) == {""}
    names = rows["PRI_NAME"].str.extract(r"^([A-Z]+),([A-Z]+)", 1).unique().to_list()
    assert set(names) <= set(LAST_NAMES)
    assert set(rows["PRI_NAME"].str.extract(r",([A-Z]+)", 1).unique()) <= set(FIRST_NAMES)
    dates = rows["STP_EVENT_DATE"].str.strptime(pl.Date, "%Y%m%d")
    assert dates.min().year >= 1975 and dates.max().year <= 2025  # type: ignore[union-attr]
    charges = set(rows["OFFENSE_DESCR"].unique()) - {""}
    assert charges <= {o[0] for o in OFFENSES} | {"290 PC-REGISTRATION OF SEX OFFENDER"}
    disp = rows["DISP_DESCR"].value_counts()
    assert {"CONVICTED-PROBATION", "DISMISSED/CHARGE DROPPED", "CONV SET ASIDE & DISM PER 1203.4 PC"} <= set(
        disp["DISP_DESCR"])
    per_count = rows.filter(pl.col("STP_TYPE_DESCR") == "COURT ACTION").group_by("SUBJECT_ID", "CNT_ORDER").len()
    assert per_count["len"].max() >= 2  # several sentence rows for one count  # type: ignore[operator]


def test_messy_rate(tmp_path: Path) -> None:
    path = tmp_path / "messy.dat"
    n = write_synthetic_doj(path, 800, seed=4, messy=0.08)
    rows, rejected = rows_of(path)
    assert rows.height + rejected == n
    assert 0.005 * n < rejected < 0.04 * n  # a quarter of the defects are malformed lines
    assert (rows["OFFENSE_DESCR"] == "SEE COMMENT FOR CHARGE").sum() > 0
    assert rows["DISP_DATE"].str.ends_with("0231").sum() + rows["DISP_DATE"].str.ends_with("1301").sum() > 0


def test_arguments_checked(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="messy"):
        write_synthetic_doj(tmp_path / "x.dat", 1, seed=1, messy=2.0)
    assert write_synthetic_doj(tmp_path / "none.dat", 0, seed=1, header=False) == 0
    assert (tmp_path / "none.dat").read_bytes() == b""
