"""Record v1 documents from DOJ files, and the golden reading of the shared sample research file.

The golden file was checked by hand against the sample's rows (see the notes in the test below). To
regenerate it after an intended change: ``CLEARPATH_REGEN_GOLDEN=1 .venv/bin/pytest tests/readers/test_doj_records.py``
and review the diff.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from clearpath.readers.doj import (
    COLUMNS,
    COUNT_COLUMNS,
    STATS_COLUMNS,
    DojFormatError,
    iter_records,
    people_frame,
    read_batches,
    to_counts_frame,
)
from clearpath.readers.doj_counts import FILLED_COLUMNS
from clearpath.records.frame import counts_frame
from clearpath.records.model import Record
from clearpath.synth.doj import write_synthetic_doj
from conftest import ROOT, SHARED

SAMPLE = SHARED / "fixtures" / "doj" / "sample_research_file.dat"
GOLDEN = ROOT / "tests" / "golden" / "doj" / "sample_research_file.json"


def _json(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_json(v) for v in value]
    return value


def reading(path: Path) -> dict[str, Any]:
    frames, issues, valid, rejected = [], [], 0, 0
    for b in read_batches(path, columns=COUNT_COLUMNS):
        valid += b.rows.height
        rejected += len(b.rejects)
        f, i = to_counts_frame(b)
        frames.append(f)
        issues += i
    frame = pl.concat(frames)
    others = [c for c in frame.columns if c not in FILLED_COLUMNS]
    assert frame.select(others).null_count().row(0) == (frame.height,) * len(others)
    frame = frame.select(FILLED_COLUMNS)
    records = [r.model_dump(mode="json", exclude_defaults=True) for r, _ in iter_records(path)]
    return {
        "rows": {"valid": valid, "rejected": rejected},
        "counts": [{k: _json(v) for k, v in row.items()} for row in frame.to_dicts()],
        "issues": [[i.line, i.code, i.severity, i.field, i.text] for i in issues],
        "records": records,
    }


@pytest.fixture(scope="module")
def sample() -> dict[str, Any]:
    if not SAMPLE.exists():
        pytest.skip("the shared sample research file is not available")
    return reading(SAMPLE)


def test_sample_matches_golden(sample: dict[str, Any]) -> None:
    if os.environ.get("CLEARPATH_REGEN_GOLDEN"):
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(json.dumps(sample, indent=1, sort_keys=True) + "\n")
    assert sample == json.loads(GOLDEN.read_text())


def test_sample_hand_checked_facts(sample: dict[str, Any]) -> None:
    """The values checked by hand against the sample's rows before the golden file was frozen."""
    assert sample["rows"] == {"valid": 34, "rejected": 0}
    by_id = {(c["person_id"], c["count_id"]): c for c in sample["counts"]}
    assert len(by_id) == len(sample["counts"]) == 29
    # 18675309: arrests (lines 2, 4) give the cycle's arrest date; line 5 is the DECEASED step.
    c = by_id["18675309", "101001002000"]  # line 3: 503 VC, CONVICTED-JAIL, FELONY, 90 D jail
    assert (c["offense"], c["disposition"], c["disposition_date"], c["conviction_level"], c["jail_days"],
            c["arrest_date"], c["person_deceased"]) == ("VC 503", "convicted", "1979-06-01", "felony", 90,
                                                         "1979-05-25", True)
    assert by_id["18675309", "101001005000"]["disposition"] == "dismissed"  # line 6
    c = by_id["18675309", "101001006000"]  # line 7: 11358 HS, probation 6 M from 1981-04-11
    assert (c["probation_granted"], c["probation_months"], c["probation_end_date"]) == (True, 6, "1981-10-11")
    # 17954908: line 10 is a REGISTRATION step for 290 PC; line 12 a 10-year jail term.
    assert by_id["17954908", "101001008000"]["person_registration_290_required"] is True
    assert by_id["17954908", "101001008000"]["offense"] == "HS 11357(c)"
    assert by_id["17954908", "101001011000"]["jail_days"] == 3650
    # 23675654, line 13: SEE COMMENT FOR CHARGE, the charge is in COMMENT_TEXT.
    assert by_id["23675654", "101001012000"]["offense"] == "HS 11358"
    assert by_id["23675654", "101001014000"]["disposition_date"] == "1981-04-11"  # DISP_DATE over STP date
    # 90675321, line 19: OFFENSE_TOC blank; line 20: CONVICTED-PRISON.
    assert by_id["90675321", "101001017000"]["charged_level"] is None
    assert by_id["90675321", "101001018000"]["prison"] is True
    # 84734892, lines 22-26 have an empty END_OF_REC and are still 95-field rows.
    assert by_id["84734892", "101001024000"]["probation_end_date"] == "2015-12-31"
    # 34499400, line 32: CONV_STAT_DESCR blank with TOC F: level unknown, and reported.
    assert by_id["34499400", "101001030000"]["conviction_level"] is None
    assert [32, "conviction_level_unknown", "warning", "CONV_STAT_DESCR", "F"] in sample["issues"]
    assert by_id["34499400", "101001030000"]["probation_months"] == 120
    # 21345614, line 34: charged as a misdemeanor, convicted of a felony (as recorded).
    c = by_id["21345614", "101001027000"]
    assert (c["charged_level"], c["conviction_level"]) == ("misdemeanor", "felony")
    assert by_id["313456", "101001027000"]["offense"] == "HS 11357"
    assert [r["person"]["id"] for r in sample["records"]] == [
        "18675309", "17954908", "23675654", "90675321", "84734892", "14575654", "95875321", "34499400",
        "43322421", "21345614", "313456"]


def test_records_match_the_counts_frame(tmp_path: Path) -> None:
    path = tmp_path / "s.dat"
    write_synthetic_doj(path, 150, seed=9, messy=0.03)
    records = list(iter_records(path, batch_rows=200))
    ids = [r.person.id for r, _ in records]
    assert len(ids) == len(set(ids)) == 150
    frame = pl.concat([to_counts_frame(b)[0] for b in read_batches(path, 200, COUNT_COLUMNS)])
    from_records = counts_frame([r for r, _ in records])
    key = ["person_id", "case_id", "count_id"]
    assert from_records.sort(key).equals(frame.sort(key))
    issues = [i for _, found in records for i in found]
    lines = sum(b.lines for b in read_batches(path, 500_000, COUNT_COLUMNS))
    rejected = [i for i in issues if i.code == "rejected_row"]
    assert rejected and len({i.line for i in rejected}) == len(rejected) < lines


def test_records_are_valid_and_reappearing_subject_is_reported(tmp_path: Path) -> None:
    def court(subject: str, count: str = "001") -> str:
        values = {"SUBJECT_ID": subject, "CNT_ORDER": f"001002{count}000", "STP_TYPE_DESCR": "COURT ACTION",
                  "OFFENSE_DESCR": "459 PC-BURGLARY", "DISP_DESCR": "DISMISSED", "END_OF_REC": "#"}
        return ",".join(values.get(c, "") for c in COLUMNS)

    path = tmp_path / "r.dat"
    path.write_text("\n".join([court("A"), court("B"), court("A", count="002"), "x,y"]) + "\n")
    records = list(iter_records(path))
    assert [r.person.id for r, _ in records] == ["A", "B"]
    a_issues = [(i.line, i.code) for i in records[0][1]]
    assert (3, "subject_reappears") in a_issues
    assert [(i.line, i.code) for i in records[1][1]] == [] or all(i.line != 3 for i in records[1][1])
    assert (4, "rejected_row") in [(i.line, i.code) for r in records for i in r[1]]
    assert all(isinstance(r, Record) for r, _ in records)
    assert len(records[0][0].cases[0].counts) == 2


def test_iter_records_on_junk(tmp_path: Path) -> None:
    path = tmp_path / "j.dat"
    path.write_text("not,a,doj,file\n\n")
    with pytest.raises(DojFormatError, match="no readable row"):
        list(iter_records(path))
    path.write_text("")
    assert list(iter_records(path)) == []


def test_people_frame(tmp_path: Path) -> None:
    path = tmp_path / "p.dat"
    write_synthetic_doj(path, 60, seed=2, messy=0.0)
    people = pl.concat([people_frame(b) for b in read_batches(path, columns=STATS_COLUMNS)])
    assert people.height == 60 and people["person_id"].is_unique().all()
    assert people["race"].null_count() == 0 and people["age_at_last_cycle"].min() >= 18  # type: ignore[operator]
