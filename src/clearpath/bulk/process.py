"""One person-complete batch through the law: the function the local and the Dask engines both run.

It is pure (frames in, frames out, no I/O), so a batch gives the same output wherever it runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import polars as pl

from clearpath.bulk.policy import Policy, age_on, apply_policy, person_facts
from clearpath.law.ca import california
from clearpath.law.engine import evaluate
from clearpath.law.pack import LawPack

C = pl.col
# Count facts carried onto every determination (what a reader of the file needs beside the answer).
CARRY = ["county", "court_case_number", "offense", "attempt", "conviction_level", "disposition", "disposition_date"]
# Which determination leads for a conviction in the condensed file: the most favourable status, then the
# order of the plan (reclassification before reduction before dismissal ...), which is the pack's order.
STATUS_RANK = {"eligible": 0, "eligible_later": 1, "needs_info": 2, "already_granted": 3, "not_eligible": 4}
OPEN = ["eligible", "eligible_later", "needs_info"]

DETERMINATIONS_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "person_id": pl.String, "case_id": pl.String, "count_id": pl.String, "county": pl.String,
    "court_case_number": pl.String, "offense": pl.String, "attempt": pl.Boolean, "conviction_level": pl.String,
    "disposition": pl.String, "disposition_date": pl.Date, "remedy": pl.String, "status": pl.String,
    "relief": pl.String, "eligible_on": pl.Date, "automatic": pl.Boolean, "discretionary": pl.Boolean,
    "reasons": pl.String, "questions": pl.String, "policy_relief": pl.String, "route": pl.String,
    "review": pl.Boolean,
}
CONVICTIONS_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "person_id": pl.String, "name": pl.String, "dob": pl.Date, "case_id": pl.String,
    "court_case_number": pl.String, "county": pl.String, "count_id": pl.String, "offense": pl.String,
    "level": pl.String, "disposition_date": pl.Date, "remedy": pl.String, "status": pl.String,
    "relief": pl.String, "eligible_on": pl.Date, "automatic": pl.Boolean, "reasons": pl.String,
    "questions": pl.String, "other_remedies": pl.String, "policy_relief": pl.String, "route": pl.String,
    "review": pl.Boolean,
}
PERSONS_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "person_id": pl.String, "name": pl.String, "cii": pl.String, "dob": pl.Date, "age": pl.Int32,
    "age_band": pl.String, "sex": pl.String, "race": pl.String, "counties": pl.String, "convictions": pl.UInt32,
    "eligible": pl.UInt32, "eligible_later": pl.UInt32, "needs_info": pl.UInt32, "already_granted": pl.UInt32,
    "not_eligible": pl.UInt32, "no_remedy": pl.UInt32, "earliest_eligible_on": pl.Date,
    "all_convictions_clear": pl.Boolean, "review": pl.Boolean,
}
AGE_BANDS = [(0, 18, "under 18"), (18, 25, "18-24"), (25, 35, "25-34"), (35, 45, "35-44"), (45, 55, "45-54"),
             (55, 65, "55-64"), (65, 200, "65+")]


@dataclass
class BatchOutput:
    determinations: pl.DataFrame  # DETERMINATIONS_SCHEMA: every (count, remedy) in a remedy's scope
    convictions: pl.DataFrame  # CONVICTIONS_SCHEMA: one row per convicted count, its leading determination
    persons: pl.DataFrame  # PERSONS_SCHEMA: one row per person


def process_batch(counts: pl.DataFrame, people: pl.DataFrame, as_of: date, remedies: Sequence[str] | None = None,
                  policy: Policy | None = None, pack: LawPack | None = None, county: str | None = None
                  ) -> BatchOutput:
    """Determinations, condensed convictions and per-person figures for person-complete frames. With
    ``county``, only that county's cases are reported, but each person's whole history is still what the
    rules read (a conviction elsewhere can bar relief here)."""
    pack = pack or california()
    counts = counts.with_columns(count_index=pl.int_range(pl.len(), dtype=pl.UInt32))
    dets = evaluate(counts, as_of, pack, remedies, carry=[*CARRY, "count_index"], text=True)
    facts = person_facts(counts, people, as_of, pack) if policy is not None else pl.DataFrame()
    if county is not None:
        here = C("county").str.to_lowercase() == county.lower()
        dets = dets.filter(here)
        people = people.join(counts.filter(here).select("person_id").unique(), on="person_id", how="semi",
                             maintain_order="left")
        counts = counts.filter(here)
    dets = apply_policy(dets, facts, policy, as_of)
    if policy is not None:  # the policy's codes follow the statute's, in both reason columns
        joined = C("policy_reasons").list.join("; ")
        dets = dets.with_columns(**{
            col: pl.when(C("policy_reasons").list.len() == 0).then(C(col))
            .when(C(col) == "").then(joined).otherwise(pl.concat_str(C(col), pl.lit("; "), joined))
            for col in ("reasons", "reasons_cited")})
    determinations = dets.select(list(DETERMINATIONS_SCHEMA)).cast(DETERMINATIONS_SCHEMA)  # type: ignore[arg-type]
    convictions = _convictions(counts, people, dets, pack)
    return BatchOutput(determinations, convictions, _persons(people, convictions, counts, as_of))


def reason_codes(pack: LawPack) -> pl.DataFrame:
    """Every reason code a remedy can give, with its citation and text (the key to ``reasons``)."""
    rows = [(r.remedy, d.code, d.citation, d.text) for r in pack.remedies for d in r.reasons]
    return pl.DataFrame(rows, schema={"remedy": pl.String, "code": pl.String, "citation": pl.String,
                                      "text": pl.String}, orient="row")


def _convictions(counts: pl.DataFrame, people: pl.DataFrame, dets: pl.DataFrame, pack: LawPack) -> pl.DataFrame:
    """One row per convicted count with its leading determination; counts are matched by their integer
    ``count_index`` (cheaper than three string keys). A count's determinations in ``dets`` are contiguous, as
    ``evaluate`` gives them (the policy and a county only add columns or drop rows)."""
    remedies = [r.remedy for r in pack.remedies]
    key = "count_index"
    # The determinations of a count are contiguous: number the runs of them (non-decreasing) and give each
    # row ``_rank``, which orders as (run, status, pack order). A run's least rank is then the reverse running
    # minimum at its first row (later runs rank higher), which spares sorting every determination. The status
    # and remedy are ranked by a cast to an Enum of them, cheaper than a replace.
    per_run = len(STATUS_RANK) * len(remedies)
    status = C("status").cast(pl.Enum(list(STATUS_RANK))).to_physical().cast(pl.UInt64)
    remedy = C("remedy").cast(pl.Enum(remedies)).to_physical().cast(pl.UInt64)
    new = (C(key) != C(key).shift()).fill_null(True)
    ranked = dets.select(_rank=new.cum_sum().cast(pl.UInt64) * per_run + status * len(remedies) + remedy,
                         _open=C("status").is_in(OPEN), _new=new)
    least = pl.when(C("_new")).then(C("_rank").cum_min(reverse=True)).forward_fill()
    ranked = ranked.select("_rank", "_open", _lead=C("_rank") == least, _row=pl.int_range(pl.len(), dtype=pl.UInt32))
    # The other open remedies of a count, most favourable first: only those rows are sorted.
    listed = ranked.filter(~C("_lead") & C("_open")).sort("_rank").get_column("_row")
    others = (
        dets.select(key, "remedy").select(pl.all().gather(listed))
        .group_by(key, maintain_order=True).agg(other_remedies=C("remedy"))
        .with_columns(C("other_remedies").list.join("; "))  # joined as lists: str.join in an agg is 6x slower
    )
    convicted = counts.filter(C("disposition") == "convicted").select(
        key, "person_id", "case_id", "count_id", "court_case_number", "county", "offense",
        level="conviction_level", disposition_date="disposition_date")
    # ``count_index`` numbers the counts from 0, so a count finds its lead and its others by position (a null
    # where it has none), cheaper than joining on it. With a county, ``counts`` is a subset: size by the index.
    at, n = convicted.get_column(key), int(counts.get_column(key).max() or 0) + 1  # type: ignore[arg-type]
    lead_row = _by_count(n, dets.get_column(key), ranked.filter("_lead").get_column("_row")).gather(at)
    others_row = _by_count(n, others.get_column(key), pl.int_range(others.height, dtype=pl.UInt32, eager=True))
    others_row = others_row.gather(at)
    lead = dets.select(
        "remedy", "status", "relief", "eligible_on", "automatic", "policy_relief", "route", "review",
        "questions", reasons="reasons_cited",
    ).select(pl.all().gather(lead_row))
    out = (
        pl.concat([convicted, lead, others.select(pl.col("other_remedies").gather(others_row))], how="horizontal")
        .join(people.select("person_id", "name", "dob"), on="person_id", how="left", maintain_order="left")
        .with_columns(status=C("status").fill_null("no_remedy"), review=C("review").fill_null(False))
    )
    return out.select(list(CONVICTIONS_SCHEMA)).cast(CONVICTIONS_SCHEMA)  # type: ignore[arg-type]


def _by_count(n: int, counts: pl.Series, rows: pl.Series) -> pl.Series:
    """For each of ``n`` counts, the row of ``rows`` whose count (``counts`` at that row) it is, else null."""
    return pl.repeat(None, n, dtype=pl.UInt32, eager=True).scatter(counts.gather(rows), rows)


def age_band(age: pl.Expr) -> pl.Expr:
    out: pl.Expr = pl.lit("unknown")
    for lo, hi, label in reversed(AGE_BANDS):
        out = pl.when((age >= lo) & (age < hi)).then(pl.lit(label)).otherwise(out)
    return out


def _persons(people: pl.DataFrame, convictions: pl.DataFrame, counts: pl.DataFrame, as_of: date) -> pl.DataFrame:
    status = C("status")
    per = convictions.group_by("person_id").agg(
        convictions=pl.len(),
        **{s: (status == s).sum() for s in [*STATUS_RANK, "no_remedy"]},
        earliest_eligible_on=pl.when(status.is_in(["eligible", "eligible_later"])).then(C("eligible_on")).min(),
        all_convictions_clear=status.is_in(["eligible", "already_granted"]).all(),
        review=C("review").any(),
    )
    # Distinct (person, county) pairs sorted once, so a person's list comes out sorted (a group keeps row
    # order): cheaper than a unique and a sort per person. A person with only null counties gets "".
    counties = (
        counts.select("person_id", "county").unique().sort("county", nulls_last=True)
        .group_by("person_id").agg(counties=C("county").drop_nulls()).with_columns(C("counties").list.join("; "))
    )
    out = (
        people.join(per, on="person_id", how="left", maintain_order="left")
        .join(counties, on="person_id", how="left", maintain_order="left")
        .with_columns(age=age_on(C("dob"), as_of))
        .with_columns(
            age_band=age_band(C("age")),
            race=pl.coalesce(C("race"), C("race_code")),
            review=C("review").fill_null(False),
            **{c: C(c).fill_null(0) for c in ["convictions", *STATUS_RANK, "no_remedy"]},
        )
    )
    return out.select(list(PERSONS_SCHEMA)).cast(PERSONS_SCHEMA)  # type: ignore[arg-type]
