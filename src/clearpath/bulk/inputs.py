"""Bulk inputs as a stream of batches: DOJ research files, or record-v1 JSON lines.

Every source line is accounted for: a batch carries the rows it read (``lines_read``) and every line it could
not read (``rejects``: line, reason), so over a run ``rows in = rows read + rows rejected``. A batch never
splits a person, so person-level rules (and a Dask partition) see the whole history.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import polars as pl
from pydantic import ValidationError

from clearpath.readers.doj import ISSUE_SCHEMA, PEOPLE_SCHEMA, RECORD_COLUMNS, batch_frames, read_batches
from clearpath.records.frame import counts_frame
from clearpath.records.model import Record

JSONL_SUFFIXES = (".jsonl", ".ndjson")
REJECT_SCHEMA = {"source": pl.String, "line": pl.Int64, "reason": pl.String, "text": pl.String}


@dataclass
class Batch:
    """One person-complete slice of an input: the counts frame, one row per person, and what was not read."""

    source: str
    counts: pl.DataFrame
    people: pl.DataFrame  # PEOPLE_SCHEMA
    issues: pl.DataFrame  # ISSUE_SCHEMA, rejected lines included
    rejects: pl.DataFrame  # REJECT_SCHEMA
    lines_read: int  # source rows read (not rejected)

    @property
    def lines(self) -> int:
        """Source lines this batch accounts for (header excluded)."""
        return self.lines_read + self.rejects.height


def input_kind(path: Path) -> str:
    return "record-jsonl" if path.suffix.lower() in JSONL_SUFFIXES else "doj"


def batches(path: Path, batch_rows: int = 500_000, level_from_toc: bool = False) -> Iterator[Batch]:
    if input_kind(path) == "record-jsonl":
        yield from _jsonl_batches(path, max(1, batch_rows // 10))
    else:
        yield from _doj_batches(path, batch_rows, level_from_toc)


def _doj_batches(path: Path, batch_rows: int, level_from_toc: bool) -> Iterator[Batch]:
    # No read-ahead here: the runner already prepares the next whole batch while this one is evaluated.
    for batch in read_batches(path, batch_rows=batch_rows, columns=RECORD_COLUMNS, prefetch=False):
        counts, people, issues = batch_frames(batch, level_from_toc)
        rejects = pl.DataFrame(
            {"source": [path.name] * len(batch.rejects), "line": [r.line for r in batch.rejects],
             "reason": [r.reason for r in batch.rejects], "text": [r.text for r in batch.rejects]},
            schema=REJECT_SCHEMA,
        )
        yield Batch(path.name, counts, people, issues, rejects, batch.rows.height)


def _jsonl_batches(path: Path, batch_records: int) -> Iterator[Batch]:
    """One record-v1 document per line; a line that is not one is rejected with the first problem found."""
    records: list[Record] = []
    rejects: list[tuple[int, str, str]] = []
    first_lines: list[int] = []
    with open(path, "rb") as f:
        for n, raw in enumerate(f, 1):
            text = raw.decode("utf-8", errors="replace").strip()
            try:
                if not text:
                    raise ValueError("blank line")
                records.append(Record.model_validate(json.loads(text)))
                first_lines.append(n)
            except ValidationError as exc:
                err = exc.errors()[0]
                where = ".".join(str(p) for p in err["loc"])
                rejects.append((n, f"not a record: {where}: {err['msg']}", text[:500]))
            except ValueError as exc:  # JSONDecodeError is a ValueError
                rejects.append((n, f"not JSON: {exc}" if text else "blank line", text[:500]))
            if len(records) >= batch_records:
                yield _record_batch(path, records, first_lines, rejects)
                records, rejects, first_lines = [], [], []
    if records or rejects:
        yield _record_batch(path, records, first_lines, rejects)


def _record_batch(path: Path, records: list[Record], first_lines: list[int], rejects: list[tuple[int, str, str]]
                  ) -> Batch:
    people = pl.DataFrame(
        [{"person_id": r.person.id, "first_line": line, "cii": r.person.cii, "name": r.person.name,
          "sex": r.person.sex, "race_code": None, "race": r.person.race, "dob": r.person.dob,
          "age_at_last_cycle": None, "deceased": r.person.deceased,
          "registration_290_required": r.person.registration_290_required}
         for r, line in zip(records, first_lines, strict=True)],
        schema=PEOPLE_SCHEMA, orient="row",
    )
    reject_frame = pl.DataFrame([(path.name, *r) for r in rejects], schema=REJECT_SCHEMA, orient="row")
    issues = pl.DataFrame(
        [(line, "rejected_row", "error", None, text, f"Row not read: {reason}.") for line, reason, text in rejects],
        schema=ISSUE_SCHEMA, orient="row",
    )
    return Batch(path.name, counts_frame(records), people, issues, reject_frame, len(records))
