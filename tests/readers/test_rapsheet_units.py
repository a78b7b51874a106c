"""The RAP sheet reader's tricky bits, each on a small hand-written sheet."""

from __future__ import annotations

import datetime as dt

import pytest

from clearpath.readers.rapsheet import parse_rap_sheet
from clearpath.readers.rapsheet.counties import COUNTIES, county_for_agency
from clearpath.readers.rapsheet.dates import add_months
from clearpath.readers.rapsheet.ocr_repair import normalise, repair_line
from clearpath.readers.rapsheet.parser import RapSheetResult
from clearpath.readers.rapsheet.writer import RELIEF_TEXT, carried_facts, write_rap_sheet
from clearpath.records.model import Count, Record

HEADER = """RE: QHY.CA0000000.00000000.TEST-        DATE:20250101 TIME:10:00:00
CII/A99000001
DOB/19800214 SEX/F RAC/OTHER
NAM/01 QUILLBY,ARLO T
    02 QUILLBY,ARLO
"""
END = "     *    *    *    END OF MESSAGE    *    *    *\n"


def parse(body: str) -> RapSheetResult:
    result = parse_rap_sheet(HEADER + body + END)
    assert result.unconsumed_lines() == []
    assert not [i for i in result.issues if i.code == "internal_error"]
    return result


def court(*count_lines: str, date: str = "20100820", agency: str = "CASC SACRAMENTO") -> str:
    return "\n".join(["* * * *", "COURT:                NAM:01", f"{date}  {agency}", "", *count_lines, ""])


def only_counts(result: RapSheetResult) -> list[Count]:
    return [n for c in result.record.cases for n in c.counts]


def codes(result: RapSheetResult) -> list[str]:
    return [i.code for i in result.issues]


def test_person_from_header() -> None:
    p = parse("").record.person
    assert (p.id, p.cii, p.name, p.aliases, p.dob, p.sex, p.race) == (
        "A99000001", "A99000001", "QUILLBY,ARLO T", ["QUILLBY,ARLO"], dt.date(1980, 2, 14), "F", "OTHER")
    assert p.registration_290_required is None and p.deceased is None


def test_person_without_cii_is_rapsheet() -> None:
    assert parse_rap_sheet("NAM/01 DOE,J\n").record.person.id == "rapsheet"


def test_consolidated_cii_is_not_the_persons() -> None:
    text = ("THE FOLLOWING CII NUMBER(S) IS BEING CONSOLIDATED WITH THIS CII RECORD:\n"
            "                    CII/99000012\n    *    *    *                    *    *    *\n" + HEADER + END)
    result = parse_rap_sheet(text)
    assert result.record.person.cii == "A99000001"
    assert "consolidated_cii" in codes(result)


def test_count_range_expands_to_one_count_each() -> None:
    result = parse(court("CNT:01-03  #10F01234", "  11357 HS-POSSESS MARIJUANA", "*DISPO:CONVICTED",
                         "   CONV STATUS:MISDEMEANOR", "", "CNT:04", "  496 PC-RECEIVE/ETC KNOWN STOLEN PROPERTY",
                         " DISPO:DISMISSED"))
    (case,) = result.record.cases
    assert [n.id for n in case.counts] == ["1", "2", "3", "4"]
    assert [(n.offense, n.disposition.value, n.conviction_level) for n in case.counts[:3]] == [
        ("HS 11357", "convicted", "misdemeanor")] * 3
    assert (case.counts[3].offense, case.counts[3].disposition.value) == ("PC 496", "dismissed")
    assert case.court_case_number == "10F01234"


def test_see_comment_for_charge_takes_the_comment() -> None:
    result = parse(court("CNT:01  #A1", "  SEE COMMENT FOR CHARGE", "*DISPO:CONVICTED",
                         "   COM: CHRG-11357(B) HS-POSSESS MARIJUANA"))
    (count,) = only_counts(result)
    assert (count.offense, count.description) == ("HS 11357(b)", "POSSESS MARIJUANA")
    assert "charge_from_comment" in codes(result)


def test_see_comment_for_charge_without_a_charge_is_reported() -> None:
    result = parse(court("CNT:01  #A1", "  SEE COMMENT FOR CHARGE", "*DISPO:CONVICTED", "   COM: SCN-123"))
    (count,) = only_counts(result)
    assert count.offense is None and count.disposition.value == "convicted"
    (issue,) = [i for i in result.issues if i.code == "see_comment_unresolved"]
    assert issue.severity == "warning" and "SEE COMMENT" in issue.text


def test_page_break_inside_a_count_keeps_the_count() -> None:
    result = parse(court("CNT:01  #A1", "  496 PC-RECEIVE/ETC KNOWN STOLEN PROPERTY", "", "PAGE 2 OF 3",
                         "\f", "RE: QHY.CA0000000.00000000.TEST-        DATE:20250101", "",
                         "*DISPO:CONVICTED", "   CONV STATUS:FELONY", "   SEN: 2 YEARS PROBATION,",
                         "PAGE 3 OF 3", "        30 DAYS JAIL"))
    (count,) = only_counts(result)
    assert (count.offense, count.disposition.value, count.conviction_level) == ("PC 496", "convicted", "felony")
    assert (count.sentence.probation_months, count.sentence.jail_days) == (24, 30)
    assert result.issues == []


@pytest.mark.parametrize(("printed", "read"), [
    ("CHT:01  #A1", "CNT:"), ("CNT;01  #A1", "CNT:"), ("CNT.01  #A1", "CNT:"), ("CNT:O1  #A1", "01"),
])
def test_count_tag_repairs_are_reported(printed: str, read: str) -> None:
    result = parse(court(printed, "  496 PC-RECEIVE/ETC KNOWN STOLEN PROPERTY", "*DISPO:CONVICTED"))
    assert [n.offense for n in only_counts(result)] == ["PC 496"]
    repairs = [i for i in result.issues if i.code == "ocr_repair"]
    assert repairs and repairs[0].severity == "info" and repairs[0].text == printed
    assert read in repairs[0].message


def test_ocr_repairs_in_recognised_positions() -> None:
    body = "\n".join([
        "* * * *", "COURI:                NAM:01", "2O10082O  CASC SACRAMENTO", "",
        "CNT:01  #A1", "  487(D) CP-GRAND THEFT:FIREARM/ANIMAL/ETC", "*D1SPO:COMVICT", "   CONV STATIS:TNFRACTION",
        "   SEN: O36 MONTHS PR0BATION", "", "CNT:02", "  11357 HS-POSSESS MARIJUANA", "*DISPO:CONVlCTED", "",
    ])
    result = parse(body + "\n")
    c1, c2 = only_counts(result)
    assert (c1.offense, c1.disposition.value, c1.disposition_date) == ("PC 487(d)", "convicted", dt.date(2010, 8, 20))
    assert (c1.conviction_level, c1.sentence.probation_months) == ("infraction", 36)
    assert c2.disposition.value == "convicted"
    messages = " ".join(i.message for i in result.issues if i.code == "ocr_repair")
    for original in ("COURI", "2O10082O", "'CP'", "D1SPO", "COMVICT", "CONV STATIS", "TNFRACTION", "O36",
                     "PR0BATION", "CONVLCTED"):
        assert original in messages
    assert all(i.severity == "info" for i in result.issues if i.code == "ocr_repair")


def test_repairs_leave_free_text_alone() -> None:
    for line in ("COM: COMVICT NOTED", "  496 PC-CP-ISSUE", "DISPO:DISMISSAL", "DISPO:CONVICTION CERT BY CLERK",
                 "MDS/NUMEROUS TATTOOS; HAIR-GRAYING"):
        fixed, repairs = repair_line(normalise(line))
        assert repairs == [] and fixed == normalise(line)


def test_update_blocks_record_relief_with_dates() -> None:
    result = parse(court(
        "CNT:01  #A1", "  487(A) PC-GRAND THEFT:MONEY/LABOR/PROPERTY", "*DISPO:CONVICTED", "   CONV STATUS:FELONY",
        "   SEN: 036 MONTHS PROBATION, 045 DAYS JAIL",
        "20130115", " DISPO:REDUCED TO MISDEMEANOR PER 17(B) PC", "   CONV STATUS:MISDEMEANOR",
        "DATE 20140301 DISPO:CONV SET ASIDE & DISM PER 1203.4 PC",
    ))
    (count,) = only_counts(result)
    assert count.conviction_level == "felony"  # the engine reads relief_granted, not a rewritten level
    assert [(r.remedy, r.date) for r in count.relief_granted] == [
        ("PC 17(b)", dt.date(2013, 1, 15)), ("PC 1203.4", dt.date(2014, 3, 1))]
    assert count.sentence.probation_end_date == dt.date(2013, 8, 20)
    assert "level_not_applied" in codes(result)


@pytest.mark.parametrize(("remedy", "text"), sorted(RELIEF_TEXT.items()))
def test_every_relief_text_reads_as_its_statute(remedy: str, text: str) -> None:
    result = parse(court("CNT:01  #A1", "  496 PC-RECEIVE/ETC KNOWN STOLEN PROPERTY", "*DISPO:CONVICTED",
                         "20200101", f" DISPO:{text}"))
    (count,) = only_counts(result)
    assert [(r.remedy, r.date) for r in count.relief_granted] == [(remedy, dt.date(2020, 1, 1))]


def test_denied_relief_records_nothing() -> None:
    result = parse(court("CNT:01  #A1", "  496 PC-RECEIVE/ETC KNOWN STOLEN PROPERTY", "*DISPO:CONVICTED",
                         "20200101", " DISPO:PETITION 1203.4 PC DENIED"))
    assert only_counts(result)[0].relief_granted == []
    assert "relief_denied" in codes(result)


def test_update_naming_counts_applies_to_them() -> None:
    result = parse(court(
        "CNT:01-02  #A1", "  11357 HS-POSSESS MARIJUANA", "*DISPO:CONVICTED", "",
        "CNT:03", "  11358 HS-CULTIVATION MARIJUANA", "*DISPO:CONVICTED", "",
        "20180301", "CNT:01-02", " DISPO:RECALLED/DISMISSED PER 11361.8 HS",
    ))
    assert [[r.remedy for r in n.relief_granted] for n in only_counts(result)] == [
        ["HS 11361.8"], ["HS 11361.8"], []]


def test_probation_revoked_and_sentence_modified() -> None:
    result = parse(court(
        "CNT:01  #A1", "  459 PC-BURGLARY", "*DISPO:CONVICTED", "   CONV STATUS:FELONY",
        "   SEN: 3 YEARS PROBATION, 90 DAYS JAIL",
        "20110505", " DISPO:PROBATION REVOKED", " DISPO:SENTENCE MODIFIED", "   SEN: 5 YEARS PROBATION, 180 DAYS JAIL",
    ))
    (count,) = only_counts(result)
    s = count.sentence
    assert (s.probation_violation, s.probation_revoked, s.probation_months, s.jail_days) == (True, True, 60, 180)
    assert s.probation_end_date == dt.date(2015, 8, 20)  # from the judgment, not from the modification


def test_unknown_courthouse_is_reported_and_county_null() -> None:
    result = parse(court("CNT:01  #A1", "  602 PC-TRESPASSING", "*DISPO:CONVICTED", agency="CASC ATLANTIS"))
    (case,) = result.record.cases
    assert (case.county, case.court) == (None, "CASC ATLANTIS")
    (issue,) = [i for i in result.issues if i.code == "unknown_courthouse"]
    assert issue.severity == "warning" and issue.field == "county" and "ATLANTIS" in issue.text


@pytest.mark.parametrize("charge", ["  664/211 PC-ATTEMPTED ROBBERY", "  211-664 PC-ATTEMPTED ROBBERY"])
def test_attempt_664(charge: str) -> None:
    (count,) = only_counts(parse(court("CNT:01  #A1", charge, "*DISPO:CONVICTED")))
    assert (count.offense, count.attempt, count.description) == ("PC 211", True, "ATTEMPTED ROBBERY")


def test_arrest_without_court_and_prosecution_rejected() -> None:
    body = "\n".join(["* * * *", "ARR/DET/CITE:         NAM:01", "20100302  CAPD OAKLAND", "",
                      "CNT:01     #100001", "  11350 HS-POSSESS NARCOTIC CONTROL SUBSTANCE", "20100402",
                      " DISPO:PROS REJ-LACK OF SUFFICIENT EVIDENCE", "", "* * * *", "ARR/DET/CITE: NAM:01",
                      "20110302  CASO YOLO", "", "CNT:01     #100002", "  647(F) PC-DISORDERLY CONDUCT:INTOX", ""])
    first, second = parse(body + "\n").record.cases
    assert (first.county, first.court, first.court_case_number, first.arrest_date, first.charges_filed) == (
        "Alameda", None, None, dt.date(2010, 3, 2), False)
    assert (first.counts[0].disposition.value, first.counts[0].disposition_date) == (
        "prosecution_declined", dt.date(2010, 4, 2))
    assert (second.county, second.charges_filed, second.counts[0].disposition.value) == ("Yolo", None, "unknown")


def test_registration_290_and_deceased() -> None:
    body = "\n".join(["* * * *", "REGISTRATION:         NAM:01", "19900309  CASO LOS ANGELES", "",
                      "CNT:01     *89096", "  290 PC-REGISTRATION OF SEX OFFENDER", "* * * *",
                      "DECEASED:             NAM:01", "20200101  CACO LOS ANGELES", ""])
    p = parse(body + "\n").record.person
    assert (p.registration_290_required, p.deceased) == (True, True)


def test_other_registration_leaves_290_unknown() -> None:
    body = "\n".join(["* * * *", "REGISTRATION:         NAM:01", "19900309  CASO LOS ANGELES", "",
                      "CNT:01", "  457.1 PC-REGISTRATION OF ARSON OFFENDER", ""])
    assert parse(body + "\n").record.person.registration_290_required is None


def test_dispositions_and_unknown_ones() -> None:
    result = parse(court(
        "CNT:01  #A1", "  242 PC-BATTERY", " DISPO:ACQUITTED", "", "CNT:02", "  242 PC-BATTERY",
        " DISPO:NOT GUILTY", "", "CNT:03", "  242 PC-BATTERY", " DISPO:PROC SUSP/COMM MENTALLY INCOMP 1370 PC",
        "", "CNT:04", "  11350 HS-POSSESS", " DISPO:DIVERSION COMPLETED",
    ))
    assert [n.disposition.value for n in only_counts(result)] == [
        "acquitted", "acquitted", "unknown", "diversion_completed"]
    assert [i.severity for i in result.issues if i.code == "unknown_disposition"] == ["warning"]
    assert only_counts(result)[2].disposition_date is None


def test_sentence_parts() -> None:
    result = parse(court(
        "CNT:01  #A1", "  211 PC-ROBBERY", "*DISPO:CONVICTED", "   SEN: 4 YEARS PRISON SS, 6 MONTHS JAIL, RESTN", "",
        "CNT:02", "  211 PC-ROBBERY", "*DISPO:CONVICTED", "   SEN: PRISON", date="20100131",
    ))
    c1, c2 = only_counts(result)
    assert (c1.sentence.prison, c1.sentence.jail_days, c1.sentence.probation_granted) == (None, None, None)
    assert c2.sentence.prison is True
    notes = [(i.severity, i.message.split("'")[1]) for i in result.issues if i.code == "sentence_part"]
    assert notes == [("warning", "4 YEARS PRISON SS"), ("info", "6 MONTHS JAIL")]


def test_probation_end_is_scheduled_from_judgment() -> None:
    assert add_months(dt.date(2010, 1, 31), 1) == dt.date(2010, 3, 1)
    assert add_months(dt.date(2012, 2, 29), 12) == dt.date(2013, 3, 1)
    assert add_months(dt.date(1984, 9, 18), 36) == dt.date(1987, 9, 18)
    (count,) = only_counts(parse(court("CNT:01 #A1", "  242 PC-BATTERY", "*DISPO:CONVICTED",
                                       "   SEN: 001 MONTHS PROBATION", date="20100131")))
    assert count.sentence.probation_end_date == dt.date(2010, 3, 1)


def test_text_outside_events_and_after_end() -> None:
    result = parse_rap_sheet(HEADER + "* * * *\nNOTE: A NOTICE\n" + END + "TRAILING TEXT\n")
    assert {i.code: i.severity for i in result.issues} == {"outside_event": "info", "after_end": "info"}
    assert result.unconsumed_lines() == []


def test_unrecognised_line_in_an_event_is_a_warning() -> None:
    result = parse(court("CNT:01  #A1", "  242 PC-BATTERY", "*DISPO:CONVICTED", "ZZZ GARBLED ###"))
    (issue,) = [i for i in result.issues if i.code == "unrecognised_line"]
    assert (issue.severity, issue.text, issue.line) == ("warning", "ZZZ GARBLED ###", 13)


@pytest.mark.parametrize("text", ["", "\n\n", "\x00\x01", "CNT:01-999\n", "* * * *\nCOURT:\n99999999 X\nCNT:01\n",
                                  "* * * *\n- - - -\n20100101\nDISPO:CONVICTED\n", "DOB/99999999\nCII/\nNAM/\n",
                                  "* * * *\nCOURT:\n20100101 CASC YOLO\nCNT:01-03\nSEN: 999 YEARS PROBATION\n"])
def test_never_raises(text: str) -> None:
    result = parse_rap_sheet(text)
    assert result.unconsumed_lines() == []
    assert "internal_error" not in codes(result)


@pytest.mark.parametrize(("agency", "county"), [
    ("CASC LOS ANGELES", "Los Angeles"), ("CAMC LOS ANGELES METRO", "Los Angeles"),
    ("CASC SAN FRANCISCO CO", "San Francisco"), ("CAPD OAKLAND", "Alameda"), ("CASC SN BERNARDINO", "San Bernardino"),
    ("CASC LAKE", "Lake"), ("CASC LAKE CO", "Lake"), ("CAPD LAKE FOREST", "Orange"),
    ("CAPD MONTEREY PARK", "Los Angeles"),
    ("CASC MONTEREY", "Monterey"), ("CAPD KINGSBURG", None), ("USCI SAN PEDRO CA", None), ("CASC ATLANTIS", None),
    ("", None), ("CASC", None),
])
def test_county_lookup(agency: str, county: str | None) -> None:
    assert county_for_agency(agency) == county


def test_every_county_is_found_from_its_superior_court() -> None:
    assert len(COUNTIES) == 58
    assert all(county_for_agency(f"CASC {c.upper()}") == c for c in COUNTIES)


def test_writer_does_not_carry_false_or_unstated_facts() -> None:
    record = Record.model_validate({"person": {"id": "p", "deceased": False, "pending_case": True}, "cases": [{
        "id": "c", "county": "Yolo", "counts": [{
            "id": "x", "offense": "PC 459", "disposition": "convicted", "disposition_date": "2015-01-01",
            "sentence": {"probation_granted": False, "probation_months": 24, "sentence_completed": True}}]}]})
    back = parse_rap_sheet(write_rap_sheet(record)).record
    assert back.person.deceased is None and back.person.pending_case is None
    s = back.cases[0].counts[0].sentence
    assert (s.probation_granted, s.probation_months, s.probation_end_date, s.sentence_completed) == (
        True, 24, dt.date(2017, 1, 1), None)
    assert back.cases[0].court == "CASC YOLO"
    assert carried_facts(back) == carried_facts(record)


def test_unknown_event_kind_is_reported_and_skipped() -> None:
    body = "\n".join(["* * * *", "CIVIL COMMITMENT      NAM:01", "19900101  CASC YOLO", "CNT:01", "  XYZ", ""])
    result = parse(body + "\n")
    assert result.record.cases == []
    assert [(i.code, i.line) for i in result.issues] == [("unknown_event", 7)]


def test_event_before_any_cycle_separator_is_read() -> None:
    result = parse("ARR/DET/CITE: NAM:01\n20100302  CASO YOLO\nCNT:01\n  602 PC-TRESPASSING\n")
    (case,) = result.record.cases
    assert (case.county, case.arrest_date, case.counts[0].offense) == ("Yolo", dt.date(2010, 3, 2), "PC 602")
    assert "no_cycle_separator" in codes(result)


def test_a_dash_separator_then_a_date_continues_the_event_kind() -> None:
    body = "\n".join(["* * * *", "REGISTRATION:         NAM:01", "19860309  CASO LOS ANGELES", "CNT:01",
                      "  457.1 PC-REGISTRATION OF ARSON OFFENDER", "- - - -", "19860629  CASO LOS ANGELES",
                      "  290 PC-REGISTRATION OF SEX OFFENDER", "   ADR: 1 NOWHERE LANE", ""])
    result = parse(body + "\n")
    assert result.record.person.registration_290_required is True
    assert result.issues == []
