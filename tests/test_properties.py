"""Properties the engine must have for every history, not only the ones a lawyer wrote down."""

from __future__ import annotations

import datetime as dt
import json

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clearpath.check import check
from clearpath.law.offense import parse_offense
from clearpath.records.model import Count, Record
from conftest import ROOT
from strategies import records

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
OUTPUT_SCHEMA = json.loads((ROOT / "schemas" / "check-result-v1.schema.json").read_text())
LATEST_LAW = dt.date(2026, 1, 1)  # analysis dates after every amendment the pack knows of
as_of_dates = st.dates(min_value=LATEST_LAW, max_value=dt.date(2040, 12, 31))


def _statuses(record: Record, as_of: dt.date, pack) -> dict[tuple[str, str, str], str]:
    return {(d.remedy, d.case_id, d.count_ids[0]): d.status for d in check(record, as_of, pack).determinations}


@SETTINGS
@given(records(), as_of_dates)
def test_deterministic(pack, record: Record, as_of: dt.date) -> None:
    first = check(record, as_of, pack).model_dump_json()
    assert check(record, as_of, pack).model_dump_json() == first


@SETTINGS
@given(records(), as_of_dates, as_of_dates)
def test_waiting_never_flips_back_to_not_eligible(pack, record: Record, a: dt.date, b: dt.date) -> None:
    early, late = min(a, b), max(a, b)
    assert pack.law_version(early) == pack.law_version(late)  # nothing else changes: same law
    before, after = _statuses(record, early, pack), _statuses(record, late, pack)
    assert before.keys() == after.keys()
    for key, status in before.items():
        if status in ("eligible", "eligible_later"):
            assert after[key] != "not_eligible", (key, early, late)


@SETTINGS
@given(records(), as_of_dates)
def test_output_always_validates(pack, record: Record, as_of: dt.date) -> None:
    result = check(record, as_of, pack)
    jsonschema.validate(json.loads(result.model_dump_json()), OUTPUT_SCHEMA)
    for det in result.determinations:
        if det.status == "eligible_later":
            assert det.eligible_on is not None and det.eligible_on > as_of
        if det.status == "needs_info":
            assert det.questions, det
        if det.status == "not_eligible":
            assert det.reasons and det.relief is None


EXCLUSIONS = {  # remedy -> the table that excludes offenses from it
    "PC 1203.4": "excluded_1203_4b",
    "PC 1203.4a": "excluded_1203_4a_d",
    "PC 1170.18": "prop47_not_eligible",
    "PC 17(b)": "straight_felonies",
    "HS 11361.8": "prop64_still_felony",
    "PC 1001.36": "excluded_1001_36",
    "PC 1203.45": "excluded_1203_45c",
    "PC 236.14": "violent_667_5c",
    "PC 4852.01": "excluded_4852_01d",
}


def _excluded(pack, table: str, count: Count, as_of: dt.date) -> bool:
    t = pack.tables[table]
    m = t.match(count.offense, count.attempt, count.enhancements)
    if m.member is not True or m.entry is None:
        return False
    e = m.entry
    if e.level and (count.conviction_level is None or count.conviction_level.value != e.level):
        return False
    when = {"as_of": as_of, "offense_date": count.offense_date,
            "disposition_date": count.disposition_date}[t.applies_by]
    if when is None:
        return e.effective_from is None and e.effective_to is None
    return (e.effective_from is None or e.effective_from <= when) and (e.effective_to is None or when < e.effective_to)


@SETTINGS
@given(records(), as_of_dates)
def test_excluded_offense_never_eligible(pack, record: Record, as_of: dt.date) -> None:
    counts = {(c.id, n.id): n for c in record.cases for n in c.counts}
    for det in check(record, as_of, pack).determinations:
        table = EXCLUSIONS.get(det.remedy)
        count = counts[(det.case_id, det.count_ids[0])]
        if table and _excluded(pack, table, count, as_of):
            assert det.status in ("not_eligible", "already_granted"), (det.remedy, count.offense, det.status)


@SETTINGS
@given(records())
def test_every_convicted_count_with_a_readable_offense_gets_a_dismissal_answer(pack, record: Record) -> None:
    dets = check(record, LATEST_LAW, pack).determinations
    for case in record.cases:
        for n in case.counts:
            if n.disposition.value == "convicted" and parse_offense(n.offense) is not None:
                assert any(d.remedy == "PC 1203.4" and d.count_ids == [n.id] and d.case_id == case.id
                           for d in dets)
