"""Shared fixtures for the papers: synthetic records, their packet fields, and PDF text read back."""

from __future__ import annotations

import datetime as dt
import functools
import json
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from clearpath.check import check
from clearpath.documents.details import Address, PacketFields, fields_from_record
from clearpath.law.ca import california
from clearpath.law.ca.plan import build_plan
from clearpath.records.io import parse_record
from clearpath.records.model import Record

AS_OF = dt.date(2026, 11, 22)
EXAMPLE = Path(__file__).parents[2] / "src" / "clearpath" / "examples" / "example-person.json"
FORMS = Path(__file__).parents[3] / "shared" / "forms"


def pages_text(data: bytes | Path) -> list[str]:
    """The text of each page, whitespace collapsed (facts are looked for page by page)."""
    import io

    reader = PdfReader(io.BytesIO(data) if isinstance(data, bytes) else data)
    return [" ".join(p.extract_text().split()) for p in reader.pages]


def fields_for(record: Record, as_of: dt.date = AS_OF) -> PacketFields:
    """The packet fields for a record (a fresh copy each call: tests change them)."""
    key = (id(record), as_of)
    if key not in _FIELDS or _FIELDS[key][0] is not record:
        pack = california()
        result = check(record, as_of, pack)
        _FIELDS[key] = (record, fields_from_record(record, result, build_plan(record, result, pack)))
    return _FIELDS[key][1].model_copy(deep=True)


_FIELDS: dict[tuple[int, dt.date], tuple[Record, PacketFields]] = {}  # records are not hashable


def record_of(data: dict[str, Any]) -> Record:
    return parse_record({"format": "clearpath-record/1", **data})


@functools.cache
def many_counts_record(n: int = 8) -> Record:
    """One misdemeanor case of n petty-theft counts, probation completed without a violation (PC 1203.4)."""
    counts = [{"id": str(i), "offense": f"PC {484 if i % 2 else 488}", "disposition": "convicted",
               "disposition_date": "2018-04-02", "conviction_level": "misdemeanor", "offense_date": "2018-01-15",
               "sentence": {"probation_granted": True, "probation_months": 24, "probation_end_date": "2020-04-02",
                            "probation_violation": False, "sentence_completed": True}}
              for i in range(1, n + 1)]
    return record_of({
        "person": {"id": "many-1", "name": "Robin Overflow (fictional)", "dob": "1990-02-03", "deceased": False,
                   "registration_290_required": False, "pending_case": False, "serving_sentence": False},
        "cases": [{"id": "2018-theft", "county": "Alameda", "court_case_number": "18M04444", "juvenile": False,
                   "arrest_date": "2018-01-15", "counts": counts}]})


@functools.cache
def arrest_record() -> Record:
    """An arrest that never became a case: PC 851.91 sealing as a matter of right (vector S91-1 pattern)."""
    return record_of({
        "person": {"id": "arrest-1", "name": "Casey Arrest (fictional)", "dob": "1993-03-03"},
        "cases": [{"id": "2022-arrest", "county": "Sacramento", "court_case_number": "22-ARR-1",
                   "arrest_date": "2022-03-01", "charges_filed": False, "evaded_prosecution": False,
                   "counts": [{"id": "1", "offense": "PC 484", "offense_date": "2022-03-01",
                               "charged_level": "misdemeanor", "disposition": "prosecution_declined"}]}]})


@functools.cache
def example() -> Record:
    return parse_record(json.loads(EXAMPLE.read_text()))


@pytest.fixture(scope="session")
def example_record() -> Record:
    return example()


@pytest.fixture
def example_fields(example_record: Record) -> PacketFields:
    fields = fields_for(example_record)
    fields.petitioner.address = Address(street="12 Elm Street", city="Sacramento", zip="95814")
    fields.petitioner.phone = "916-555-0100"
    return fields


@pytest.fixture(scope="session")
def forms_dir() -> Path:
    if not FORMS.is_dir():
        pytest.skip("../shared/forms is absent: the official forms are not part of the project")
    return FORMS
