"""One source of truth, two speeds: `clearpath check` on each person and `clearpath bulk` on all of them give
identical determinations (Hypothesis generates the histories)."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import polars as pl
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.strategies import records

from clearpath.check import check
from clearpath.cli import main
from clearpath.law.ca import california
from clearpath.records.model import Record

Row = tuple[str, str, str, str, str | None, dt.date | None, bool, bool, tuple[str, ...], tuple[str, ...]]


def _split(text: str | None) -> tuple[str, ...]:
    return tuple(text.split("; ")) if text else ()


def _individual(people: list[Record], as_of: dt.date) -> list[Row]:
    pack = california()
    out: list[Row] = []
    for record in people:
        result = check(record, as_of, pack)
        for d in result.determinations:
            out.append((result.person_id, d.case_id, d.count_ids[0], d.remedy, d.relief, d.eligible_on, d.automatic,
                        d.discretionary, tuple(r.code for r in d.reasons), tuple(q.fact for q in d.questions)))
    return sorted(out, key=lambda r: r[:4])


def _bulk(people: list[Record], as_of: dt.date) -> tuple[list[Row], pl.DataFrame]:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "people.jsonl"
        src.write_text("".join(r.model_dump_json() + "\n" for r in people))
        result = CliRunner().invoke(main, ["bulk", str(src), "--as-of", as_of.isoformat(), "--out", f"{tmp}/out",
                                           "--no-progress"])
        assert result.exit_code == 0, result.output
        frame = pl.read_parquet(f"{tmp}/out/determinations.parquet")
    rows = [(r["person_id"], r["case_id"], r["count_id"], r["remedy"], r["relief"], r["eligible_on"], r["automatic"],
             r["discretionary"], _split(r["reasons"]), _split(r["questions"])) for r in frame.iter_rows(named=True)]
    return sorted(rows, key=lambda r: r[:4]), frame


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(people=st.lists(records(), min_size=1, max_size=5),
       as_of=st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2030, 12, 31)))
def test_check_and_bulk_agree(people: list[Record], as_of: dt.date) -> None:
    people = [r.model_copy(update={"person": r.person.model_copy(update={"id": f"person-{i}"})})
              for i, r in enumerate(people)]
    individual = _individual(people, as_of)
    bulk, frame = _bulk(people, as_of)
    assert bulk == individual
    # and the statuses too (not part of the tuple above, to keep the failure message readable)
    pack = california()
    statuses = sorted((r.person.id, d.case_id, d.count_ids[0], d.remedy, d.status)
                      for r in people for d in check(r, as_of, pack).determinations)
    assert sorted(frame.select("person_id", "case_id", "count_id", "remedy", "status").iter_rows()) == statuses


def test_a_doj_file_gives_the_same_answers_per_person_and_in_bulk(tmp_path: Path) -> None:
    """The DOJ reader's two roads (record documents for `check`, a counts frame for `bulk`) meet."""
    from clearpath.readers.doj import iter_records
    from clearpath.synth.doj import write_synthetic_doj

    src = tmp_path / "county.dat"
    write_synthetic_doj(src, people=60, seed=21, messy=0.05)
    as_of = dt.date(2026, 11, 22)
    records = [record for record, _ in iter_records(src)]
    result = CliRunner().invoke(main, ["bulk", str(src), "--as-of", as_of.isoformat(), "--out", f"{tmp_path}/out",
                                       "--no-progress"])
    assert result.exit_code == 0, result.output
    frame = pl.read_parquet(tmp_path / "out/determinations.parquet")
    bulk = sorted((r["person_id"], r["case_id"], r["count_id"], r["remedy"], r["relief"], r["eligible_on"],
                   r["automatic"], r["discretionary"], _split(r["reasons"]), _split(r["questions"]))
                  for r in frame.iter_rows(named=True))
    assert len(records) == 60 and bulk == _individual(records, as_of)
