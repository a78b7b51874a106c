"""The engine's shortcuts give the answers of the plain way: dates by integer arithmetic, answers keyed by one
packed integer, only the table columns the rules read, table lookups remembered across calls."""

from __future__ import annotations

import dataclasses
import datetime as dt

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal
from tests.strategies import records

from clearpath.law import engine
from clearpath.law.ca import california
from clearpath.law.ca.pack import TABLES
from clearpath.law.context import add_years, add_years_by
from clearpath.law.engine import evaluate
from clearpath.law.pack import LOOKUP_KEYS, LawPack
from clearpath.law.tables import Tables
from clearpath.records.frame import counts_frame
from clearpath.records.model import Record

C = pl.col


def _calendar_add_years(d: pl.Expr, years: int | pl.Expr) -> pl.Expr:
    """The rule with calendar functions: the anniversary, Feb 29 to Mar 1 in a year without one."""
    shifted = d.dt.offset_by(f"{years}y" if isinstance(years, int) else pl.format("{}y", years))
    leap_day = (d.dt.month() == 2) & (d.dt.day() == 29) & (shifted.dt.day() == 28)
    return pl.when(leap_day).then(shifted.dt.offset_by("1d")).otherwise(shifted)


def test_add_years_is_the_calendar_anniversary() -> None:
    days = pl.concat([pl.DataFrame({"d": pl.date_range(dt.date(1, 1, 1), dt.date(2600, 12, 31), eager=True)}),
                      pl.DataFrame({"d": [None]}, schema={"d": pl.Date})])
    for years in (0, 1, 3, 4, 6, 18, 100, 400, 401, -5):
        got = days.select(add_years(C("d"), years)).to_series()
        assert got.equals(days.select(_calendar_add_years(C("d"), years)).to_series(), null_equal=True), years
    per_row = days.with_columns(n=pl.int_range(pl.len()).mod(23).cast(pl.Int32) - 3)
    per_row = per_row.with_columns(n=pl.when(C("n") == 0).then(None).otherwise(C("n")))
    assert per_row.select(add_years_by(C("d"), C("n"))).to_series().equals(
        per_row.select(_calendar_add_years(C("d"), C("n"))).to_series(), null_equal=True)


def _frame(people: list[Record]) -> pl.DataFrame:
    people = [r.model_copy(update={"person": r.person.model_copy(update={"id": f"person-{i}"})})
              for i, r in enumerate(people)]
    return counts_frame(people)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(people=st.lists(records(), min_size=1, max_size=6),
       as_of=st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2030, 12, 31)), text=st.booleans())
def test_shortcuts_change_no_answer(people: list[Record], as_of: dt.date, text: bool) -> None:
    frame = _frame(people)
    pack = california()
    fast = evaluate(frame, as_of, pack, text=text, carry=["offense"])
    # Every table column on the rows, and the answers keyed by the ten mask columns instead of one integer.
    plain = dataclasses.replace(pack, derive_reads=None)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(engine._Masks, "key_bits", property(lambda self: 64))
        slow = evaluate(frame, as_of, plain, text=text, carry=["offense"])
    ((_, queries, _),) = plain.memo.values()
    assert all(e.meta.output_name() != "_key" for q in queries for e in q.select)
    assert_frame_equal(fast, slow)


def test_a_table_lookup_is_remembered_and_the_same(pack: LawPack) -> None:
    keys = pl.DataFrame({"offense": ["PC 459", "HS 11359(b)", None, "PC 664/187", "PC 459"],
                         "attempt": [False, None, False, True, True],
                         "enh_key": ["", "PC 12022.53(b)", None, "", "PC 186.22|PC 12022.5"]})
    first = pack.tables.lookup(keys)
    assert_frame_equal(pack.tables.lookup(keys), first)
    fresh = Tables.load(TABLES)
    assert_frame_equal(fresh.lookup(keys.reverse()), first.reverse())
    assert first.columns == [*LOOKUP_KEYS, *fresh.columns()]
    assert_frame_equal(fresh.lookup(keys.head(0)), first.head(0))
