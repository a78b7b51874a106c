"""DOJ rows → counts frame: one rule per test, on hand-written rows; and the law engine reads the frame."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from clearpath.law.engine import evaluate
from clearpath.law.pack import LawPack
from clearpath.readers.doj import (
    COLUMNS,
    COUNT_COLUMNS,
    parse_charge,
    read_batches,
    to_counts_frame,
)
from clearpath.readers.issues import ParseIssue
from clearpath.records.frame import COUNTS_SCHEMA
from clearpath.synth.doj import write_synthetic_doj

D = dt.date


def row(subject: str = "100", cnt: str = "001002001000", step: str = "COURT ACTION", **fields: str) -> str:
    values = {"SUBJECT_ID": subject, "CNT_ORDER": cnt, "STP_TYPE_DESCR": step, "PRI_DOB": "19800101",
              "STP_EVENT_DATE": "20100301", "STP_ORI_CNTY_NAME": "LOS ANGELES", "STP_ORI_DESCR": "CASC LOS ANGELES",
              "OFFENSE_DESCR": "11359 HS-POSSESS MARIJUANA FOR SALE", "OFFENSE_TOC": "F", "END_OF_REC": "#",
              **fields}
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow([values.get(c, "") for c in COLUMNS])
    return out.getvalue()


def arrest(subject: str = "100", cycle: str = "001", count: str = "001", **fields: str) -> str:
    return row(subject, f"{cycle}001{count}000", "ARREST/DETAINED/CITED", **{"STP_EVENT_DATE": "20100101", **fields})


def court(subject: str = "100", cycle: str = "001", count: str = "001", step: str = "002", **fields: str) -> str:
    base = {"DISP_DESCR": "CONVICTED-PROBATION", "DISP_DATE": "20100301", "CONV_STAT_DESCR": "FELONY"}
    return row(subject, f"{cycle}{step}{count}000", "COURT ACTION", **{**base, **fields})


def counts(tmp_path: Path, *lines: str, level_from_toc: bool = False) -> tuple[list[dict[str, Any]],
                                                                                  list[ParseIssue]]:
    p = tmp_path / "t.dat"
    p.write_text("\n".join(lines) + "\n")
    frames, issues = [], []
    for b in read_batches(p, columns=COUNT_COLUMNS):
        f, i = to_counts_frame(b, level_from_toc=level_from_toc)
        frames.append(f)
        issues += i
    return pl.concat(frames).to_dicts(), issues


def codes(issues: list[ParseIssue]) -> list[tuple[int, str, str | None]]:
    return [(i.line, i.code, i.field) for i in issues]


@pytest.mark.parametrize(("text", "key", "attempt"), [
    ("11357(C)HS-POSSESS MARIJUANA", "HS 11357(c)", False),
    ("503 VC-TAKE CAR W/OUT OWNERS CONSENT", "VC 503", False),
    ("664/187 PC-ATTEMPTED MURDER", "PC 187", True),
    ("11359HS-INTENT SELL CANNABIS", "HS 11359", False),
    ("220 PC- COMMIT MAYHEM", "PC 220", False),
    ("245(A)(1) PC-ASSAULT W/DEADLY WEAPON", "PC 245(a)(1)", False),
    ("273.5(A) PC-INFLICT CORPORAL INJ", "PC 273.5(a)", False),
    ("288A PC-ORAL COPULATION", "PC 288a", False),
    ("SEE COMMENT FOR CHARGE", None, False),
])
def test_parse_charge(text: str, key: str | None, attempt: bool) -> None:
    assert parse_charge(text) == (key, attempt)


def test_schema_is_exactly_the_counts_schema(tmp_path: Path) -> None:
    counts(tmp_path, arrest(), court())
    p = tmp_path / "t.dat"
    frame, _ = to_counts_frame(next(read_batches(p, columns=COUNT_COLUMNS)))
    assert frame.schema == pl.Schema(COUNTS_SCHEMA)


def test_one_conviction_end_to_end(tmp_path: Path) -> None:
    rows, issues = counts(
        tmp_path,
        arrest(OFN="A1"),
        court(OFN="10F123", SENT_LOC_DESCR="PROBATION", SENT_LENGTH="3", SENT_TIME_CODE="Y"),
        court(OFN="10F123", SENT_LOC_DESCR="JAIL", SENT_LENGTH="30", SENT_TIME_CODE="D"),
    )
    assert issues == []
    (c,) = rows
    assert c["person_id"] == "100" and c["person_dob"] == D(1980, 1, 1)
    assert c["case_id"] == "100:001002" and c["count_id"] == "001002001000"
    assert c["county"] == "Los Angeles" and c["court_case_number"] == "10F123"
    assert c["arrest_date"] == D(2010, 1, 1)
    assert (c["offense"], c["attempt"], c["charged_level"]) == ("HS 11359", False, "felony")
    assert (c["disposition"], c["disposition_date"], c["conviction_level"]) == ("convicted", D(2010, 3, 1), "felony")
    assert c["probation_granted"] is True and c["probation_months"] == 36
    assert c["probation_end_date"] == D(2013, 3, 1)
    assert c["jail_days"] == 30 and c["prison"] is False and c["county_jail_1170h"] is False
    assert c["probation_violation"] is None and c["sentence_completed"] is None
    assert c["person_deceased"] is None and c["person_registration_290_required"] is None
    assert c["relief_granted"] == [] and c["enhancements"] == []


@pytest.mark.parametrize(("disp", "expected"), [
    ("CONVICTED-JAIL", "convicted"),
    ("DISMISSED/CHARGE DROPPED", "dismissed"),
    ("DISMISSED-FURTHERANCE OF JUSTICE", "dismissed"),
    ("ACQUITTED", "acquitted"),
    ("NOT GUILTY", "acquitted"),
    ("PROS REJ-INTERESTS OF JUSTICE", "prosecution_declined"),
    ("REL/TOT OTHER JURIS/AUTH", "unknown"),
    ("", "unknown"),
])
def test_dispositions(tmp_path: Path, disp: str, expected: str) -> None:
    rows, issues = counts(tmp_path, court(DISP_DESCR=disp))
    assert rows[0]["disposition"] == expected
    if expected != "convicted":
        assert rows[0]["conviction_level"] is None and rows[0]["probation_granted"] is None
    if expected == "unknown":
        assert ("disposition_unknown" in [i.code for i in issues])


def test_prison_and_jail_only(tmp_path: Path) -> None:
    rows, _ = counts(
        tmp_path,
        court(count="001", DISP_DESCR="CONVICTED-PRISON", SENT_LOC_DESCR="PRISON", SENT_LENGTH="2", SENT_TIME_CODE="Y"),
        court(count="002", DISP_DESCR="CONVICTED-JAIL", SENT_LOC_DESCR="JAIL", SENT_LENGTH="6", SENT_TIME_CODE="M"),
        court(count="003", DISP_DESCR="CONVICTED-JAIL", CONV_STAT_DESCR="MISDEMEANOR", SENT_LOC_DESCR="JAIL",
              SENT_LENGTH="45", SENT_TIME_CODE="D"),
    )
    prison, jail, misd = rows
    assert (prison["prison"], prison["probation_granted"], prison["county_jail_1170h"]) == (True, False, None)
    assert (jail["prison"], jail["jail_days"], jail["county_jail_1170h"]) == (False, 180, None)
    assert (misd["conviction_level"], misd["county_jail_1170h"], misd["jail_days"]) == ("misdemeanor", False, 45)


def test_probation_term_rounding(tmp_path: Path) -> None:
    rows, _ = counts(
        tmp_path,
        court(count="001", DISP_DATE="20100131", SENT_LOC_DESCR="PROBATION", SENT_LENGTH="1", SENT_TIME_CODE="M"),
        court(count="002", DISP_DATE="20080229", SENT_LOC_DESCR="PROBATION", SENT_LENGTH="1", SENT_TIME_CODE="Y"),
        court(count="003", DISP_DATE="20100101", SENT_LOC_DESCR="PROBATION", SENT_LENGTH="45", SENT_TIME_CODE="D"),
    )
    assert [r["probation_end_date"] for r in rows] == [D(2010, 3, 1), D(2009, 3, 1), D(2010, 2, 15)]
    assert [r["probation_months"] for r in rows] == [1, 12, 2]


def test_bad_date_nulls_the_field_and_is_reported(tmp_path: Path) -> None:
    rows, issues = counts(tmp_path, arrest(STP_EVENT_DATE="20100230"),
                          court(DISP_DATE="20101301", PRI_DOB="19801332"))
    (c,) = rows
    assert c["arrest_date"] is None
    assert c["person_dob"] == D(1980, 1, 1)  # the subject's other row has a readable PRI_DOB
    assert c["disposition_date"] == D(2010, 3, 1)  # DISP_DATE unreadable: the court step's date
    assert set(codes(issues)) == {(1, "bad_date", "STP_EVENT_DATE"), (2, "bad_date", "DISP_DATE"),
                                  (2, "bad_date", "PRI_DOB")}
    assert all(i.severity == "warning" for i in issues)


def test_unknown_codes_are_null_and_reported(tmp_path: Path) -> None:
    rows, issues = counts(tmp_path, court(OFFENSE_TOC="X", SENT_LOC_DESCR="PROBATION", SENT_LENGTH="2",
                                          SENT_TIME_CODE="Q"))
    (c,) = rows
    assert c["charged_level"] is None and c["probation_granted"] is True and c["probation_months"] is None
    assert {(i.code, i.field, i.text) for i in issues} >= {("unknown_code", "OFFENSE_TOC", "X"),
                                                           ("unknown_code", "SENT_TIME_CODE", "Q")}


def test_blank_conviction_status(tmp_path: Path) -> None:
    rows, issues = counts(tmp_path, court(CONV_STAT_DESCR=""))
    assert rows[0]["conviction_level"] is None
    assert codes(issues) == [(1, "conviction_level_unknown", "CONV_STAT_DESCR")]
    rows, issues = counts(tmp_path, court(CONV_STAT_DESCR=""), level_from_toc=True)
    assert rows[0]["conviction_level"] == "felony"
    assert [(i.code, i.severity) for i in issues] == [("conviction_level_from_toc", "info")]


def test_charge_from_comment(tmp_path: Path) -> None:
    rows, issues = counts(
        tmp_path,
        court(count="001", OFFENSE_DESCR="SEE COMMENT FOR CHARGE", COMMENT_TEXT="CHARGE: 11360(A) HS-TRANSPORT"),
        court(count="002", OFFENSE_DESCR="", COMMENT_TEXT="DEFENDANT ALSO CITED, SEE FILE"),
    )
    assert [r["offense"] for r in rows] == ["HS 11360(a)", None]
    assert codes(issues) == [(1, "offense_from_comment", "COMMENT_TEXT"), (2, "offense_unreadable", "OFFENSE_DESCR")]


def test_conviction_offense_preferred(tmp_path: Path) -> None:
    rows, _ = counts(tmp_path, court(CONV_OFFENSE_DESCR="11357(B) HS-POSSESS MARIJUANA", CONV_OFFENSE_TOC="M"),
                     court(count="002", DISP_DESCR="DISMISSED", DISP_OFFENSE_DESCR="664/211 PC-ROBBERY"))
    assert (rows[0]["offense"], rows[0]["charged_level"]) == ("HS 11357(b)", "felony")
    assert (rows[1]["offense"], rows[1]["attempt"]) == ("PC 211", True)


def test_later_relief_and_revocation_fold_into_the_conviction(tmp_path: Path) -> None:
    rows, issues = counts(
        tmp_path,
        arrest(count="001"), arrest(count="002"),
        court(count="001", SENT_LOC_DESCR="PROBATION", SENT_LENGTH="3", SENT_TIME_CODE="Y"),
        court(count="002", SENT_LOC_DESCR="PROBATION", SENT_LENGTH="3", SENT_TIME_CODE="Y"),
        court(count="001", step="003", DISP_DESCR="CONV SET ASIDE & DISM PER 1203.4 PC", DISP_DATE="20150101"),
        court(count="002", step="003", DISP_DESCR="PROBATION REVOKED", DISP_DATE="20110101"),
        court(count="009", step="004", DISP_DESCR="CONV SET ASIDE & DISM PER 1203.4 PC"),
    )
    one, two, lone = rows
    assert one["relief_granted"] == ["PC 1203.4"] and one["probation_end_date"] == D(2013, 3, 1)
    assert two["probation_violation"] is True and two["probation_end_date"] is None and two["prison"] is None
    assert (lone["count_id"], lone["disposition"], lone["relief_granted"]) == ("001004009000", "convicted",
                                                                                ["PC 1203.4"])
    assert ("update_unmatched" in [i.code for i in issues])


def test_arrest_only_cycle_is_a_count(tmp_path: Path) -> None:
    rows, _ = counts(tmp_path, arrest(cycle="001", DISP_DESCR="PROS REJ-LACK OF EVIDENCE", DISP_DATE="20100105"),
                     arrest(cycle="002", STP_EVENT_DATE="20120101"), court(cycle="002"))
    declined, convicted = rows
    assert (declined["case_id"], declined["disposition"], declined["disposition_date"]) == (
        "100:001001", "prosecution_declined", D(2010, 1, 5))
    assert (convicted["case_id"], convicted["arrest_date"]) == ("100:002002", D(2012, 1, 1))


def test_person_flags(tmp_path: Path) -> None:
    rows, _ = counts(
        tmp_path, court(), row(cnt="001003001000", step="REGISTRATION", OFFENSE_DESCR="290 PC-REGISTRATION"),
        row(cnt="002001001000", step="DECEASED", OFFENSE_DESCR=""),
        court(subject="200"), row("200", "001003001000", "REGISTRATION", OFFENSE_DESCR="457.1 PC-ARSON REG"),
    )
    assert [(r["person_id"], r["person_registration_290_required"], r["person_deceased"]) for r in rows] == [
        ("100", True, True), ("200", None, None)]


def test_case_facts_and_conflicts(tmp_path: Path) -> None:
    rows, issues = counts(tmp_path, court(count="001", OFN="NULL  "), court(count="002", OFN="10F1"),
                          court(count="003", OFN="10F2", STP_ORI_CNTY_NAME="YOLO"),
                          court(count="004", FE_NUM_CRT_CASE="BA123", OFN="X", CNT_ORDER="001003004000"))
    assert [r["court_case_number"] for r in rows] == ["10F1", "10F1", "10F1", "BA123"]
    assert {r["county"] for r in rows} == {"Los Angeles"}
    assert sorted((i.code, i.field) for i in issues) == [("case_conflict", "OFN"),
                                                         ("case_conflict", "STP_ORI_CNTY_NAME")]


def test_bad_cnt_order_is_its_own_case(tmp_path: Path) -> None:
    rows, _ = counts(tmp_path, court(CNT_ORDER="12AB"), court(CNT_ORDER=""))
    assert [(r["case_id"], r["count_id"]) for r in rows] == [("100:L1", "L1"), ("100:L2", "L2")]


def test_issues_include_rejected_rows(tmp_path: Path) -> None:
    rows, issues = counts(tmp_path, court(), "a,b,c", court(count="002"))
    assert len(rows) == 2
    assert [(i.line, i.code, i.severity) for i in issues] == [(2, "rejected_row", "error")]


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("dojc") / "synthetic.dat"
    write_synthetic_doj(path, 400, seed=5, messy=0.05)
    return path


def test_engine_reads_the_frame(synthetic: Path, pack: LawPack) -> None:
    frames, issues = [], []
    for b in read_batches(synthetic, batch_rows=1000, columns=COUNT_COLUMNS):
        f, i = to_counts_frame(b)
        frames.append(f)
        issues += i
    frame = pl.concat(frames)
    assert frame.schema == pl.Schema(COUNTS_SCHEMA)
    assert frame.select("person_id", "count_id").is_duplicated().sum() == 0
    out = evaluate(frame, D(2026, 1, 1), pack)
    assert out.height > frame.height
    statuses = Counter(out["status"].to_list())
    assert statuses["eligible"] > 0 and statuses["not_eligible"] > 0
    found = Counter(i.code for i in issues)
    assert found["rejected_row"] > 0 and found["bad_date"] > 0 and found["offense_from_comment"] > 0
    assert found["conviction_level_unknown"] > 0


def test_batch_size_does_not_change_the_frame(synthetic: Path) -> None:
    def frame(batch_rows: int) -> pl.DataFrame:
        return pl.concat([to_counts_frame(b)[0] for b in read_batches(synthetic, batch_rows, COUNT_COLUMNS)])

    assert frame(500_000).equals(frame(300))


def test_a_term_past_any_real_sentence_is_reported_and_left_unknown(tmp_path: Path) -> None:
    rows, issues = counts(
        tmp_path,
        arrest(OFN="A1"),
        court(OFN="10F123", SENT_LOC_DESCR="PROBATION", SENT_LENGTH="999999", SENT_TIME_CODE="Y"),
        court(OFN="10F123", SENT_LOC_DESCR="JAIL", SENT_LENGTH="999999", SENT_TIME_CODE="D"),
    )
    (c,) = rows
    assert c["probation_granted"] is True  # the part that is credible stays
    assert c["probation_months"] is None and c["probation_end_date"] is None and c["jail_days"] is None
    assert ("bad_number", "SENT_LENGTH") in [(i.code, i.field) for i in issues]
    from clearpath.readers.doj import iter_records

    p = tmp_path / "t.dat"
    assert [r.person.id for r, _ in iter_records(p)] == ["100"]  # a valid record, not a crash
