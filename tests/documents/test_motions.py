"""DA batch motions under HS 11361.9 from a bulk run's convictions table."""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import polars as pl
import pytest
from tests.documents.conftest import pages_text

from clearpath.documents.motions import OfficeDetails, write_motion_batch
from clearpath.documents.sample import synthetic_convictions

AS_OF = dt.date(2026, 11, 22)
OFFICE = OfficeDetails(district_attorney="Pat Prosecutor", deputy="Dee Deputy", bar_number="123456")


@pytest.fixture(scope="module")
def frame() -> pl.DataFrame:
    return synthetic_convictions(120, seed=7)


def _index(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_one_motion_per_person_with_their_prop64_convictions(tmp_path: Path, frame: pl.DataFrame) -> None:
    summary = write_motion_batch(frame, tmp_path, per="person", as_of=AS_OF, office=OFFICE)
    ready = frame.filter((pl.col("remedy") == "HS 11361.8") & (pl.col("status") == "eligible"))
    assert summary.motions == summary.people == ready["person_id"].n_unique()
    assert summary.convictions == ready.height
    rows = _index(summary.index_csv)
    assert len(rows) == summary.motions
    assert sum(int(r["convictions"]) for r in rows) == ready.height
    for row in rows[:25]:
        pid = row["person_ids"]
        mine = ready.filter(pl.col("person_id") == pid)
        text = " ".join(pages_text(tmp_path / row["file"]))
        name = mine["name"][0]
        assert name.upper() + "," in text and f"COUNTY OF {row['county'].upper()}" in text
        for case_number in mine["court_case_number"]:
            assert case_number in text
        assert "Health & Saf. Code, §§ 11361.8, 11361.9" in text and "Dee Deputy State Bar No. 123456" in text
        others = ready.filter(pl.col("person_id") != pid)["court_case_number"].to_list()
        assert not any(c in text for c in others[:50])
        # a person's other relief (PC 1203.4 rows) and undecided Prop 64 rows stay out of the motion
        assert "PC 484" not in text
        undecided = frame.filter((pl.col("person_id") == pid) & (pl.col("status") != "eligible")
                                 & (pl.col("remedy") == "HS 11361.8"))["court_case_number"].to_list()
        assert not any(c in text for c in undecided)


def test_relief_words_and_the_order(tmp_path: Path) -> None:
    one = synthetic_convictions(1, seed=3).with_columns(status=pl.lit("eligible"),
                                                        relief=pl.lit("dismissal_and_sealing"))
    summary = write_motion_batch(one, tmp_path, as_of=AS_OF)
    (row,) = _index(summary.index_csv)
    text = " ".join(pages_text(tmp_path / row["file"]))
    assert "Recall/dismiss and seal" in text and "[PROPOSED] ORDER" in text
    assert "Dated: November 22, 2026" in text and "Judge of the Superior Court" in text


def test_needs_info_goes_to_review_csv(tmp_path: Path, frame: pl.DataFrame) -> None:
    summary = write_motion_batch(frame, tmp_path, as_of=AS_OF)
    review = pl.read_csv(summary.review_csv, infer_schema_length=0)
    expected = frame.filter((pl.col("remedy") == "HS 11361.8") & (pl.col("status") == "needs_info"))
    assert review.height == summary.review_rows == expected.height > 0
    assert set(review["reasons"]) == {"prop64_amount_unknown (HS 11361.8)"}


def test_one_motion_per_court(tmp_path: Path, frame: pl.DataFrame) -> None:
    summary = write_motion_batch(frame, tmp_path, per="court", as_of=AS_OF)
    ready = frame.filter((pl.col("remedy") == "HS 11361.8") & (pl.col("status") == "eligible"))
    assert summary.motions == summary.courts == ready["county"].n_unique()
    for row in _index(summary.index_csv):
        pages = pages_text(tmp_path / row["file"])
        county = ready.filter(pl.col("county") == row["county"])
        assert int(row["convictions"]) == county.height and int(row["people"]) == county["person_id"].n_unique()
        text = " ".join(pages)
        assert all(c in text for c in county["court_case_number"])
        if len(pages) > 1:
            rows = [p for p in pages[1:] if re.search(r"HS 113(5[789]|60)", p)]  # pages the table runs onto
            assert rows and all(p.startswith("Defendant Date of birth Case no.") for p in rows)


def test_relief_not_open_yet_is_left_out(tmp_path: Path) -> None:
    frame = synthetic_convictions(10, seed=1).with_columns(status=pl.lit("eligible"),
                                                           relief=pl.lit("reduction_to_infraction"),
                                                           eligible_on=pl.lit(dt.date(2027, 1, 1)))
    assert write_motion_batch(frame, tmp_path, as_of=AS_OF).motions == 0
    assert write_motion_batch(frame, tmp_path / "later", as_of=dt.date(2027, 1, 1)).motions == 10


def test_reads_parquet_and_checks_columns(tmp_path: Path, frame: pl.DataFrame) -> None:
    path = tmp_path / "convictions.parquet"
    frame.write_parquet(path)
    assert write_motion_batch(path, tmp_path / "out", as_of=AS_OF).motions > 0
    with pytest.raises(ValueError, match="missing column"):
        write_motion_batch(frame.drop("relief"), tmp_path / "bad", as_of=AS_OF)


def test_workers_write_the_same_batch(tmp_path: Path, frame: pl.DataFrame) -> None:
    one = write_motion_batch(frame, tmp_path / "one", as_of=AS_OF)
    two = write_motion_batch(frame, tmp_path / "two", as_of=AS_OF, workers=2)
    assert one.motions == two.motions
    strip = [{k: v for k, v in r.items() if k != "bytes"} for r in _index(one.index_csv)]
    assert strip == [{k: v for k, v in r.items() if k != "bytes"} for r in _index(two.index_csv)]
    assert sorted(p.name for p in (tmp_path / "two" / "motions").iterdir()) == [r["file"][8:] for r in strip]
