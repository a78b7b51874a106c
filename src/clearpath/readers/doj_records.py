"""DOJ rows → record v1 documents (one per subject) and a per-person frame for bulk statistics."""

from __future__ import annotations

import bisect
import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl

from clearpath.readers.doj_counts import ISSUE_SCHEMA, build, counts_frame_from, issue_list
from clearpath.readers.doj_read import (
    RECORD_COLUMNS,
    STATS_COLUMNS,
    DojBatch,
    DojFormatError,
    Reject,
    read_batches,
)
from clearpath.readers.issues import ParseIssue
from clearpath.records.model import Record

C = pl.col

PEOPLE_SCHEMA: dict[str, Any] = {
    "person_id": pl.String, "first_line": pl.Int64, "cii": pl.String, "name": pl.String, "sex": pl.String,
    "race_code": pl.String, "race": pl.String, "dob": pl.Date, "age_at_last_cycle": pl.Int64,
    "deceased": pl.Boolean, "registration_290_required": pl.Boolean,
}


def people_frame(batch: DojBatch) -> pl.DataFrame:
    """One row per subject with the facts bulk statistics need (``PEOPLE_SCHEMA``): identity, sex and race
    codes as recorded, DOB, the age at the subject's latest cycle (``CYC_AGE``), deceased and PC 290 flags.
    Read the batch with ``STATS_COLUMNS`` (or all columns). Counties are on the counts frame (``county``)."""
    _, people, _ = build(_stats_rows(batch), person_stats=True)
    return _people_stats(people)


def batch_frames(batch: DojBatch, level_from_toc: bool = False) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """(counts frame, people frame, issues frame with rejected lines) of a batch, from one pass of the
    reader's ``build``: what a bulk run needs, without building the counts twice."""
    counts, people, issues = build(_stats_rows(batch), level_from_toc, person_stats=True)
    return counts_frame_from(counts), _people_stats(people), with_read_issues(batch, issues)


def with_read_issues(batch: DojBatch, issues: pl.DataFrame) -> pl.DataFrame:
    """The batch's field issues with its rejected lines and reading issues, by line."""
    read = [r.to_issue() for r in batch.rejects] + batch.issues
    if not read:
        return issues
    extra = pl.DataFrame([i.model_dump(include=set(ISSUE_SCHEMA)) for i in read], schema=ISSUE_SCHEMA)
    return pl.concat([extra, issues]).sort("line", maintain_order=True)


def _stats_rows(batch: DojBatch) -> pl.DataFrame:
    need = [c for c in STATS_COLUMNS if c not in batch.rows.columns]
    if need:
        raise ValueError(f"batch lacks columns: {need} (read with STATS_COLUMNS)")
    return batch.rows


def _people_stats(people: pl.DataFrame) -> pl.DataFrame:
    """``build``'s people (with ``person_stats``) as ``PEOPLE_SCHEMA``."""
    return people.select(
        person_id="subj", first_line="first_line", cii="cii", name="name", sex="sex", race_code="race_code",
        race="race", dob="dob", age_at_last_cycle="age_at_last_cycle", deceased="deceased",
        registration_290_required="reg290",
    ).cast(PEOPLE_SCHEMA)  # type: ignore[arg-type]


def iter_records(
    path: str | Path, batch_rows: int = 100_000, level_from_toc: bool = False
) -> Iterator[tuple[Record, list[ParseIssue]]]:
    """One record v1 document per subject, in file order, with every issue about its lines.

    Rejected lines are given to the subject named in their third field when that subject is in the same
    batch, else to the subject of the nearest earlier row (the nearest later one at the start of a batch).
    A subject whose rows reappear after other subjects is reported (``subject_reappears``); within one batch
    its rows are read together, across batches they become a second record with the same id.
    """
    held: list[ParseIssue] = []
    rejected = 0
    yielded = False
    for batch in read_batches(path, batch_rows=batch_rows, columns=RECORD_COLUMNS):
        rejected += len(batch.rejects)
        records = list(_batch_records(batch, level_from_toc))
        if not records:
            held += [r.to_issue() for r in batch.rejects] + batch.issues
            continue
        for i, (record, issues) in enumerate(records):
            if i == 0 and held:
                issues = sorted(held + issues, key=lambda x: x.line)
                held = []
            yielded = True
            yield record, issues
    if held and not yielded:
        raise DojFormatError(f"no readable row in the file; {rejected} line(s) rejected, the first at line "
                             f"{held[0].line}: {held[0].message}")


def _batch_records(batch: DojBatch, level_from_toc: bool) -> Iterator[tuple[Record, list[ParseIssue]]]:
    rows = batch.rows
    if rows.height == 0:
        return
    counts, _, issue_frame = build(batch, level_from_toc)
    people = people_frame(batch)
    aliases = (
        rows.select(subj=C("SUBJECT_ID").str.strip_chars(), name=C("PRI_NAME").str.strip_chars())
        .filter(C("name") != "").unique(maintain_order=True)
        .group_by("subj", maintain_order=True).agg(C("name"))
    )
    alias_map = dict(aliases.iter_rows())
    by_person = _attach(batch, issue_list(issue_frame))
    count_groups = counts.partition_by("subj", as_dict=True, maintain_order=True) if counts.height else {}
    for p in people.iter_rows(named=True):
        pid = p["person_id"]
        names = alias_map.get(pid, [])
        person = {
            "id": pid, "name": p["name"], "aliases": [n for n in names if n != p["name"]], "cii": p["cii"],
            "sex": p["sex"], "race": p["race"], "dob": p["dob"], "deceased": p["deceased"],
            "registration_290_required": p["registration_290_required"],
        }
        group = count_groups.get((pid,))
        cases = _cases(group) if group is not None else []
        record = Record.model_validate({"format": "clearpath-record/1", "person": person, "cases": cases})
        yield record, sorted(by_person.get(pid, []), key=lambda x: x.line)


def _cases(group: pl.DataFrame) -> list[dict[str, Any]]:
    cases: dict[str, dict[str, Any]] = {}
    for c in group.sort("case_line", "first_line").iter_rows(named=True):
        case = cases.setdefault(c["case_key"], {
            "id": f"{c['subj']}:{c['case_label']}", "county": c["case_county"], "court": c["case_court"],
            "court_case_number": c["court_case_number"], "arrest_date": c["arrest_date"],
            "juvenile": c["juvenile"], "counts": [],
        })
        sentence = {k: c[k] for k in ("probation_granted", "probation_months", "probation_end_date",
                                      "probation_violation", "jail_days", "prison", "county_jail_1170h")}
        case["counts"].append({
            "id": c["ckey"], "offense": c["offense"], "description": c["description"], "attempt": c["attempt"],
            "charged_level": c["charged_level"], "disposition": c["disposition"],
            "disposition_date": c["disp_date"], "conviction_level": c["conviction_level"],
            "sentence": sentence, "relief_granted": [{"remedy": r} for r in c["relief"] or []],
        })
    return list(cases.values())


def _attach(batch: DojBatch, field_issues: list[ParseIssue]) -> dict[str, list[ParseIssue]]:
    """Give every issue of the batch to a subject (see ``iter_records``)."""
    lines: list[int] = batch.rows["line"].to_list()
    subjects: list[str] = batch.rows["SUBJECT_ID"].str.strip_chars().to_list()
    at = dict(zip(lines, subjects, strict=True))
    known = set(subjects)
    out: dict[str, list[ParseIssue]] = {}

    def nearest(line: int) -> str:
        i = bisect.bisect_left(lines, line)
        return subjects[i - 1] if i > 0 else subjects[min(i, len(subjects) - 1)]

    for issue in [*field_issues, *batch.issues]:
        out.setdefault(at.get(issue.line) or nearest(issue.line), []).append(issue)
    for reject in batch.rejects:
        out.setdefault(_reject_subject(reject, known) or nearest(reject.line), []).append(reject.to_issue())
    return out


def _reject_subject(reject: Reject, known: set[str]) -> str | None:
    try:
        fields = next(csv.reader([reject.text]), [])
    except csv.Error:
        return None
    subject = fields[2].strip() if len(fields) > 2 else ""
    return subject if subject in known else None
