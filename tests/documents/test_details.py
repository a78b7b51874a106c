"""Packet fields: chosen from the determinations and the plan, dumped, corrected and fed back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.documents.conftest import AS_OF, arrest_record, fields_for, many_counts_record

from clearpath.documents.choose import choose
from clearpath.documents.details import FieldsError, PacketFields, load_fields, split_offense
from clearpath.records.model import Record


def test_example_requests_follow_the_plan(example_record: Record) -> None:
    fields = fields_for(example_record)
    by_case = {c.case_id: {r.remedy: r for r in c.requests} for c in fields.cases}
    # 2010 felony HS 11359, probation done: Prop 64 application to redesignate, then PC 1203.4 (mandatory).
    assert by_case["2010-cannabis"]["HS 11361.8"].relief == "reduction_to_misdemeanor"
    assert by_case["2010-cannabis"]["HS 11361.8"].ground == "sentence_completed"
    assert by_case["2010-cannabis"]["PC 1203.4"].ground == "probation_fulfilled"
    # 2012 felony PC 487(a) $600 with a probation violation: Prop 47, PC 17(b), PC 1203.4 in the court's discretion.
    theft = by_case["2012-theft"]
    assert set(theft) == {"PC 1170.18", "PC 17(b)", "PC 1203.4"}
    assert theft["PC 1203.4"].ground == "interests_of_justice" and theft["PC 1203.4"].discretionary
    row = fields.case("2012-theft").counts[0]
    assert (row.code, row.section, row.level, row.request_17b) == ("PC", "487(a)", "felony", True)
    # 2025 misdemeanor without probation, judgment 2025-09-30: PC 1203.4a one year later.
    assert by_case["2025-trespass"]["PC 1203.4a"].ground == "honest_and_upright_life"


def test_relief_not_yet_open_goes_to_the_letter_not_the_petitions(example_record: Record) -> None:
    import datetime as dt

    fields = fields_for(example_record, dt.date(2026, 3, 1))  # before 2026-09-30
    assert "2025-trespass" not in {c.case_id for c in fields.cases}
    later = [r for r in fields.later if r.case_id == "2025-trespass"]
    assert later and later[0].remedy == "PC 1203.4a" and later[0].eligible_on == dt.date(2026, 9, 30)


def test_one_dismissal_statute_per_conviction_and_papers_per_case() -> None:
    fields = fields_for(many_counts_record(8))
    (case,) = fields.cases
    assert [r.remedy for r in case.requests] == ["PC 1203.4"]
    assert case.requests[0].count_ids == [str(i) for i in range(1, 9)]
    kinds = [p.kind for p in choose(fields)]
    assert kinds == ["dismissal_petition", "dismissal_order", "attachment", "proof_of_service", "fee_waiver_note",
                     "letter"]


def test_arrest_sealing_is_chosen_for_an_arrest_without_conviction() -> None:
    fields = fields_for(arrest_record())
    (case,) = fields.cases
    assert [(r.remedy, r.ground) for r in case.requests] == [("PC 851.91", "matter_of_right")]
    assert [p.kind for p in choose(fields)][:2] == ["arrest_sealing_petition", "arrest_sealing_order"]


def test_fields_round_trip_and_corrections_are_kept(tmp_path: Path, example_fields: PacketFields) -> None:
    path = tmp_path / "fields.json"
    example_fields.dump(path)
    data = json.loads(path.read_text())
    assert data["format"] == "clearpath-packet-fields/1" and data["as_of"] == AS_OF.isoformat()
    data["petitioner"]["name"] = "Alexandra Example"
    data["cases"][0]["hearing"]["department"] = "12"
    path.write_text(json.dumps(data))
    again = load_fields(path)
    assert again.petitioner.name == "Alexandra Example"
    assert again.cases[0].hearing.department == "12"
    assert again.cases[1].counts == example_fields.cases[1].counts


def test_a_misspelt_field_is_an_error_naming_it(tmp_path: Path, example_fields: PacketFields) -> None:
    data = json.loads(example_fields.model_dump_json())
    data["petitioner"]["nmae"] = "typo"
    path = tmp_path / "fields.json"
    path.write_text(json.dumps(data))
    with pytest.raises(FieldsError, match=r"petitioner\.nmae"):
        load_fields(path)


@pytest.mark.parametrize(("offense", "expected"), [("PC 487(a)", ("PC", "487(a)")), ("HS 11359", ("HS", "11359")),
                                                   ("664/187 PC", ("PC", "664/187")), ("garbled", ("", "garbled"))])
def test_split_offense(offense: str, expected: tuple[str, str]) -> None:
    assert split_offense(offense) == expected


def test_attachment_only_for_the_dismissal_petition() -> None:
    fields = fields_for(many_counts_record(8))
    case = fields.cases[0]
    case.requests[0].remedy = "HS 11361.8"  # a Prop 64 application lists every count itself
    assert "attachment" not in [p.kind for p in choose(fields)]
