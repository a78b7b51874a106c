"""Hypothesis strategies for random (synthetic) criminal histories in record format v1."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from clearpath.law.ca import california
from clearpath.records.model import Record

_EXTRA = ["PC 602", "PC 415", "VC 22350", "PC 487(a)", "HS 11359", "HS 11357(b)", "PC 459", "PC 664/187",
          "PC 647(f)", "VC 23152(b)", "HS 11378", "PC 211", "SEE COMMENT FOR CHARGE", "PC 288(c)(1)",
          "PC 647(b)", "PC 243(e)(1)", "PC 484", "VC 10852", "HS 12000"]
OFFENSES = sorted({e.offense for t in california().tables.tables.values() for e in t.entries
                   if e.offense != "*" and " " in e.offense} | set(_EXTRA))

dates = st.dates(min_value=dt.date(1975, 1, 1), max_value=dt.date(2032, 12, 31))
maybe_dates = st.none() | dates
maybe_bool = st.none() | st.booleans()
# Arrests that did not end in a conviction, and diversion, are generated too (PC 851.91, 851.93, diversion).
DISPOSITIONS = ["dismissed", "pending", "unknown", "acquitted", "prosecution_declined", "diversion_completed",
                "diversion_failed"]
DIVERSION = [None, None, None, "PC 1000", "DEJ", "PC 1000.5", "PC 1001", "PC 1001.36", "PC 851.87", "PC 1001.95"]
GRANTED = ["PC 1203.4", "HS 11361.8", "PC 1203.4a", "PC 17(b)", "PC 1203.425", "PC 851.8"]


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
        "probation_revoked": draw(maybe_bool),
        "probation_months": draw(st.none() | st.sampled_from([12, 24, 36])),
        "jail_days": draw(st.none() | st.sampled_from([0, 30])),
    }


@st.composite
def counts(draw: st.DrawFn, idx: int, granted: list[str], juvenile: bool = False) -> dict[str, Any]:
    offense_date = draw(maybe_dates)
    # Juvenile cases get the outcomes short of a sustained petition (informal supervision, dismissal, ...):
    # adult-court remedies say nothing about a juvenile count, and the dismissal property expects an answer
    # for every convicted count.
    dispositions = DISPOSITIONS if juvenile else ["convicted"] * 6 + DISPOSITIONS
    return {
        "id": f"n{idx}",
        "offense": draw(st.sampled_from(OFFENSES)),
        "attempt": draw(st.booleans()) if draw(st.integers(0, 9)) == 0 else False,
        "offense_date": offense_date,
        "disposition": draw(st.sampled_from(dispositions)),
        "charged_level": draw(st.none() | st.sampled_from(["felony", "misdemeanor"])),
        "dismissal_can_be_refiled": draw(maybe_bool),
        "disposition_date": draw(maybe_dates),
        "conviction_level": draw(st.none() | st.sampled_from(["felony", "misdemeanor", "infraction"])),
        "value_usd": draw(st.none() | st.floats(min_value=0, max_value=5000, allow_nan=False)),
        "enhancements": draw(st.lists(st.sampled_from(["PC 12022.7", "PC 12022(b)(1)", "PC 186.22(b)"]),
                                      max_size=1)),
        "sentence": draw(sentences()),
        "relief_granted": [{"remedy": r} for r in granted],
        "circumstances": {k: draw(maybe_bool) for k in (
            "cannabis_within_personal_limit", "commercial_entry_business_hours", "firearm_involved",
            "theft_based", "forgery_with_identity_theft", "result_of_trafficking")},
    }


@st.composite
def records(draw: st.DrawFn, max_cases: int = 3, max_counts: int = 3) -> Record:
    cases = []
    n = 0
    for c in range(draw(st.integers(1, max_cases))):
        cnts = []
        juvenile = draw(st.sampled_from([None, None, False, True]))
        for _ in range(draw(st.integers(1, max_counts))):
            granted = draw(st.lists(st.sampled_from(GRANTED), max_size=1))
            cnts.append(draw(counts(n, granted, juvenile=bool(juvenile))))
            n += 1
        cases.append({
            "id": f"case{c}", "county": draw(st.sampled_from(["Sacramento", "Yolo", None])), "counts": cnts,
            "arrest_date": draw(maybe_dates),
            "juvenile": juvenile,
            "charges_filed": draw(maybe_bool),
            "diversion_statute": draw(st.sampled_from(DIVERSION)),
            "diversion_granted_date": draw(maybe_dates),
            "evaded_prosecution": draw(maybe_bool),
            "juvenile_jurisdiction_end_date": draw(maybe_dates),
            "djj_commitment": draw(maybe_bool),
        })
    person = {
        "id": "synthetic",
        "dob": draw(st.none() | st.dates(min_value=dt.date(1940, 1, 1), max_value=dt.date(2005, 1, 1))),
        "pending_case": draw(maybe_bool),
        "serving_sentence": draw(maybe_bool),
        "registration_290_required": draw(maybe_bool),
        "trafficking_survivor": draw(maybe_bool),
        "ceased_being_victim_or_sought_services": draw(maybe_bool),
        "ca_residence_since": draw(maybe_dates),
        "incarcerated_since_release": draw(maybe_bool),
        "on_mandatory_life_parole": draw(maybe_bool),
    }
    return Record.model_validate({"format": "clearpath-record/1", "person": person, "cases": cases})
