import datetime as dt

import polars as pl

from clearpath.law.context import add_years, person_any


def _add(day: str, years: int) -> dt.date:
    return pl.select(add_years(pl.lit(dt.date.fromisoformat(day)), years)).item()


def test_anniversary() -> None:
    assert _add("2024-06-01", 1) == dt.date(2025, 6, 1)
    assert _add("2019-06-30", 1) == dt.date(2020, 6, 30)


def test_leap_day_rounds_to_march_first() -> None:
    assert _add("2024-02-29", 1) == dt.date(2025, 3, 1)
    assert _add("2024-02-29", 4) == dt.date(2028, 2, 29)
    assert _add("2023-02-28", 1) == dt.date(2024, 2, 28)


def test_person_any_is_kleene() -> None:
    df = pl.DataFrame({"person_id": ["a", "a", "b", "b", "c"], "x": [True, None, None, False, False]})
    got = df.select(person_any(pl.col("x")).alias("y"))["y"].to_list()
    assert got == [True, True, None, None, False]
