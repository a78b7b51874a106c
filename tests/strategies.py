"""Hypothesis strategies for random (synthetic) criminal histories in record format v1."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from clearpath.law.ca import california
from clearpath.records.model import Record

_EXTRA = ["PC 602", "PC 415", "VC 22350", "PC 487(a)", "HS 11359", "HS 11357(b)", "PC 459", "PC 664/187",
          "PC 647(f)", "VC 23152(b)", "HS 11378", "PC 211", "SEE COMMENT FOR CHARGE", "PC 288(c)(1)"]
OFFENSES = sorted({e.offense for t in california().tables.tables.values() for e in t.entries
                   if e.offense != "*" and " " in e.offense} | set(_EXTRA))

dates = st.dates(min_value=dt.date(1975, 1, 1), max_value=dt.date(2032, 12, 31))
maybe_dates = st.none() | dates
maybe_bool = st.none() | st.booleans()


@st.composite
def sentences(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "judgment_date": draw(maybe_dates),
        "probation_granted": draw(maybe_bool),
        "probation_end_date": draw(maybe_dates),
        "probation_violation": draw(maybe_bool),
        "probation_early_termination": draw(maybe_bool),
        "prison": draw(maybe_bool),
        "county_jail_1170h": draw(maybe_bool),
        "mandatory_supervision": draw(maybe_bool),
        "custody_release_date": draw(maybe_dates),
        "supervision_end_date": draw(maybe_dates),
        "sentence_completed": draw(maybe_bool),
    }


@st.composite
def counts(draw: st.DrawFn, idx: int, granted: list[str]) -> dict[str, Any]:
    offense_date = draw(maybe_dates)
    return {
        "id": f"n{idx}",
        "offense": draw(st.sampled_from(OFFENSES)),
        "attempt": draw(st.booleans()) if draw(st.integers(0, 9)) == 0 else False,
        "offense_date": offense_date,
        "disposition": draw(st.sampled_from(["convicted"] * 6 + ["dismissed", "pending", "unknown"])),
        "disposition_date": draw(maybe_dates),
        "conviction_level": draw(st.none() | st.sampled_from(["felony", "misdemeanor", "infraction"])),
        "value_usd": draw(st.none() | st.floats(min_value=0, max_value=5000, allow_nan=False)),
        "enhancements": draw(st.lists(st.sampled_from(["PC 12022.7", "PC 12022(b)(1)", "PC 186.22(b)"]),
                                      max_size=1)),
        "sentence": draw(sentences()),
        "relief_granted": [{"remedy": r} for r in granted],
        "circumstances": {k: draw(maybe_bool) for k in (
            "cannabis_within_personal_limit", "commercial_entry_business_hours", "firearm_involved",
            "theft_based", "forgery_with_identity_theft")},
    }


@st.composite
def records(draw: st.DrawFn, max_cases: int = 3, max_counts: int = 3) -> Record:
    cases = []
    n = 0
    for c in range(draw(st.integers(1, max_cases))):
        cnts = []
        for _ in range(draw(st.integers(1, max_counts))):
            granted = draw(st.lists(st.sampled_from(["PC 1203.4", "HS 11361.8"]), max_size=1))
            cnts.append(draw(counts(n, granted)))
            n += 1
        cases.append({"id": f"case{c}", "county": draw(st.sampled_from(["Sacramento", "Yolo", None])),
                      "counts": cnts})
    person = {
        "id": "synthetic",
        "dob": draw(st.none() | st.dates(min_value=dt.date(1940, 1, 1), max_value=dt.date(2005, 1, 1))),
        "pending_case": draw(maybe_bool),
        "serving_sentence": draw(maybe_bool),
        "registration_290_required": draw(maybe_bool),
    }
    return Record.model_validate({"format": "clearpath-record/1", "person": person, "cases": cases})
