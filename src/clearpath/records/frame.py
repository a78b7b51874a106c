"""The counts frame: one row per count, with the person's and the case's facts on every row.

This is the one shape the law engine reads, whether the rows come from one person's JSON record or a
county's DOJ file. A null cell is an unknown fact.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import polars as pl

from clearpath.records.model import Circumstances, Record, Sentence

SENTENCE_FIELDS: dict[str, type[pl.DataType]] = {
    "judgment_date": pl.Date,
    "probation_granted": pl.Boolean,
    "probation_months": pl.Int64,
    "probation_end_date": pl.Date,
    "probation_violation": pl.Boolean,
    "probation_early_termination": pl.Boolean,
    "jail_days": pl.Int64,
    "prison": pl.Boolean,
    "county_jail_1170h": pl.Boolean,
    "mandatory_supervision": pl.Boolean,
    "custody_release_date": pl.Date,
    "supervision_end_date": pl.Date,
    "sentence_completed": pl.Boolean,
}
CIRCUMSTANCES = list(Circumstances.model_fields)
# Columns added after the first release of the counts frame, in this order, after every older column.
ADDED: dict[str, Any] = {
    "charges_filed": pl.Boolean,
    "diversion_statute": pl.String,
    "diversion_granted_date": pl.Date,
    "evaded_prosecution": pl.Boolean,
    "juvenile_jurisdiction_end_date": pl.Date,
    "djj_commitment": pl.Boolean,
    "dismissal_can_be_refiled": pl.Boolean,
    "probation_revoked": pl.Boolean,
    "person_trafficking_survivor": pl.Boolean,
    "person_ceased_being_victim_or_sought_services": pl.Boolean,
    "person_ca_residence_since": pl.Date,
    "person_incarcerated_since_release": pl.Boolean,
    "person_on_mandatory_life_parole": pl.Boolean,
}

COUNTS_SCHEMA: dict[str, Any] = {
    "person_id": pl.String,
    "person_dob": pl.Date,
    "person_deceased": pl.Boolean,
    "person_registration_290_required": pl.Boolean,
    "person_pending_case": pl.Boolean,
    "person_serving_sentence": pl.Boolean,
    "case_id": pl.String,
    "county": pl.String,
    "court_case_number": pl.String,
    "arrest_date": pl.Date,
    "juvenile": pl.Boolean,
    "count_id": pl.String,
    "offense": pl.String,
    "attempt": pl.Boolean,
    "offense_date": pl.Date,
    "charged_level": pl.String,
    "disposition": pl.String,
    "disposition_date": pl.Date,
    "conviction_level": pl.String,
    "enhancements": pl.List(pl.String),
    "value_usd": pl.Float64,
    **SENTENCE_FIELDS,
    "relief_granted": pl.List(pl.String),
    **{f"circ_{name}": pl.Boolean for name in CIRCUMSTANCES},
    # Added after v1.0: appended here so frames built from the older column order stay compatible.
    **ADDED,
}
assert set(SENTENCE_FIELDS) <= set(Sentence.model_fields)


def count_rows(record: Record) -> Iterable[dict[str, Any]]:
    p = record.person
    for case in record.cases:
        for cnt in case.counts:
            s = cnt.sentence
            row: dict[str, Any] = {
                "person_id": p.id,
                "person_dob": p.dob,
                "person_deceased": p.deceased,
                "person_registration_290_required": p.registration_290_required,
                "person_pending_case": p.pending_case,
                "person_serving_sentence": p.serving_sentence,
                "case_id": case.id,
                "county": case.county,
                "court_case_number": case.court_case_number,
                "arrest_date": case.arrest_date,
                "juvenile": case.juvenile,
                "count_id": cnt.id,
                "offense": cnt.offense,
                "attempt": cnt.attempt,
                "offense_date": cnt.offense_date,
                "charged_level": cnt.charged_level.value if cnt.charged_level else None,
                "disposition": cnt.disposition.value,
                "disposition_date": cnt.disposition_date,
                "conviction_level": cnt.conviction_level.value if cnt.conviction_level else None,
                "enhancements": list(cnt.enhancements),
                "value_usd": cnt.value_usd,
                "relief_granted": [r.remedy for r in cnt.relief_granted],
            }
            row.update({f: getattr(s, f) for f in SENTENCE_FIELDS})
            row.update({f"circ_{f}": getattr(cnt.circumstances, f) for f in CIRCUMSTANCES})
            row.update({
                "charges_filed": case.charges_filed,
                "diversion_statute": case.diversion_statute.value if case.diversion_statute else None,
                "diversion_granted_date": case.diversion_granted_date,
                "evaded_prosecution": case.evaded_prosecution,
                "juvenile_jurisdiction_end_date": case.juvenile_jurisdiction_end_date,
                "djj_commitment": case.djj_commitment,
                "dismissal_can_be_refiled": cnt.dismissal_can_be_refiled,
                "probation_revoked": s.probation_revoked,
                "person_trafficking_survivor": p.trafficking_survivor,
                "person_ceased_being_victim_or_sought_services": p.ceased_being_victim_or_sought_services,
                "person_ca_residence_since": p.ca_residence_since,
                "person_incarcerated_since_release": p.incarcerated_since_release,
                "person_on_mandatory_life_parole": p.on_mandatory_life_parole,
            })
            yield row


def counts_frame(records: Iterable[Record]) -> pl.DataFrame:
    rows = [row for record in records for row in count_rows(record)]
    return pl.DataFrame(rows, schema=COUNTS_SCHEMA, orient="row") if rows else empty_counts_frame()


def empty_counts_frame() -> pl.DataFrame:
    return pl.DataFrame(schema=COUNTS_SCHEMA)
