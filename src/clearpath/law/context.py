"""Expression helpers remedies share: dates with named rounding, table membership, person-level facts.

Everything here builds Polars expressions; nothing reads the clock. ``as_of`` comes in from the caller.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache, partial

import polars as pl

from clearpath.law.tables import Tables

C = pl.col
PERSON = "person_id"
CASE = ["person_id", "case_id"]


def lit_date(d: date) -> pl.Expr:
    return pl.lit(d, dtype=pl.Date)


def add_years(d: pl.Expr, years: int) -> pl.Expr:
    """``d`` plus whole years, on the anniversary.

    Rounding: Feb 29 plus N years lands on Mar 1 when the target year has no Feb 29 (the later of the
    two candidate days, so that we never tell a person they are eligible a day early).
    """
    return d.map_batches(partial(_add_years, years=years), return_dtype=pl.Date, is_elementwise=True)


def add_years_by(d: pl.Expr, years: pl.Expr) -> pl.Expr:
    """``add_years`` with a per-row number of whole years (same rounding)."""
    return pl.map_batches([d, years.cast(pl.Int32)], _add_years_by, return_dtype=pl.Date, is_elementwise=True)


def _add_years_by(columns: Sequence[pl.Series]) -> pl.Series:
    return _add_years(columns[0], columns[1])


def _add_years(d: pl.Series, years: int | pl.Series) -> pl.Series:
    """``add_years`` on evaluated dates, by integer arithmetic on the day number: several times cheaper than
    calendar functions, and as a function of the evaluated column it computes ``d`` once, where an expression
    would once per use. In years counted from March 1 a leap day is the last day of its year, so a day keeps
    its place in the year, and Feb 29 moved to a year without one is Mar 1. The calendar repeats every 400
    years, so the year within the cycle tells the leap days passed."""
    day = d.cast(pl.Int32)
    in_cycle = (day + 719468) % 146097  # days since the March 1 that starts a 400-year cycle (0000-03-01 is one)
    year = (in_cycle - in_cycle // 1460 + in_cycle // 36524 - in_cycle // 146096) // 365  # in the cycle, 0-399
    if isinstance(years, int):
        leap = _leap_days_after(years).gather(year)
    else:
        leap = _leap_days(year + years) - _leap_days(year)
    return (day + 365 * years + leap).cast(pl.Date).rename(d.name)


@cache
def _leap_days_after(years: int) -> pl.Series:
    """For each year of the cycle (from March 1), the leap days in the next ``years`` years."""
    year = pl.Series(range(400), dtype=pl.Int32)
    return _leap_days(year + years) - _leap_days(year)


def _leap_days(year: pl.Series) -> pl.Series:
    """Leap days between a fixed origin and the March 1 that starts ``year`` (the Gregorian rule)."""
    return year // 4 - year // 100 + year // 400


def person_any(expr: pl.Expr) -> pl.Expr:
    """Kleene OR over the person's rows: True if any row is True, null if none is but one is unknown."""
    any_true = expr.fill_null(False).any().over(PERSON)
    any_null = expr.is_null().any().over(PERSON)
    return pl.when(any_true).then(True).when(any_null).then(None).otherwise(False)


def case_any(expr: pl.Expr) -> pl.Expr:
    """Kleene OR over the rows of one case (one arrest): True if any is, null if none is but one is unknown."""
    any_true = expr.fill_null(False).any().over(CASE)
    any_null = expr.is_null().any().over(CASE)
    return pl.when(any_true).then(True).when(any_null).then(None).otherwise(False)


def case_max_date(expr: pl.Expr) -> pl.Expr:
    """Latest date over the rows of one case, unknown if any row's date is unknown."""
    return pl.when(expr.is_null().any().over(CASE)).then(None).otherwise(expr.max().over(CASE))


def kleene_any(exprs: list[pl.Expr]) -> pl.Expr:
    out = pl.lit(False)
    for e in exprs:
        out = out | e
    return out


def kleene_all(exprs: list[pl.Expr]) -> pl.Expr:
    out = pl.lit(True)
    for e in exprs:
        out = out & e
    return out


@dataclass(frozen=True)
class Ctx:
    as_of: date
    tables: Tables

    @property
    def today(self) -> pl.Expr:
        return lit_date(self.as_of)

    def in_force(self, start: date) -> bool:
        return self.as_of >= start

    # ---- facts about one count -------------------------------------------------------------
    def convicted(self) -> pl.Expr:
        return C("disposition") == "convicted"

    def adult_court(self) -> pl.Expr:
        """Not a juvenile-court adjudication (unknown counts as adult: juvenile cases are marked)."""
        return C("juvenile").not_().fill_null(True)

    def reduced_by(self, remedies: tuple[str, ...]) -> pl.Expr:
        """The record shows the count was already reduced by one of these remedies."""
        return pl.any_horizontal([C("relief_granted").list.contains(r) for r in remedies]).fill_null(False)

    def level(self, name: str) -> pl.Expr:
        return C("conviction_level") == name

    def offense_upper_bound(self) -> pl.Expr:
        """The offense happened no later than the arrest or the disposition."""
        return pl.min_horizontal(C("arrest_date"), C("disposition_date"))

    def offense_before(self, d: date | pl.Expr) -> pl.Expr:
        day = lit_date(d) if isinstance(d, date) else d
        return (
            pl.when(C("offense_date").is_not_null()).then(C("offense_date") < day)
            .when(self.offense_upper_bound() < day).then(True)
            .otherwise(None)
        )

    def judgment_date(self) -> pl.Expr:
        # Assumption A1 (docs/law.md): without a separate sentencing date, the disposition date is the
        # date judgment was pronounced; RAP sheets and DOJ files record the sentence with the disposition.
        return pl.coalesce(C("judgment_date"), C("disposition_date"))

    def in_table(self, name: str) -> pl.Expr:
        """Is the count's offense on the table, on the date the table's law is read at?"""
        return self.in_table_at(name, C("conviction_level"))

    def in_table_at(self, name: str, level: pl.Expr) -> pl.Expr:
        """``in_table`` for a count read at ``level`` (e.g. the charged level of an arrest with no conviction)."""
        table = self.tables[name]
        start, end = C(f"{name}__from"), C(f"{name}__to")
        if table.applies_by == "as_of":
            dated = (start.is_null() | (start <= self.today)) & (end.is_null() | (self.today < end))
        elif table.applies_by == "disposition_date":
            dated = (start.is_null() | (start <= C("disposition_date"))) & (
                end.is_null() | (C("disposition_date") < end)
            )
        else:
            started = pl.when(start.is_null()).then(True).otherwise(~self.offense_before(start))
            dated = started & (end.is_null() | self.offense_before(end))
        lvl = C(f"{name}__level")
        level_ok = lvl.is_null() | (level == lvl)
        return C(name) & dated & level_ok

    def arrest_level(self) -> pl.Expr:
        """The level the count is read at: the conviction level, else the level charged (or arrested for)."""
        return pl.coalesce(C("conviction_level"), C("charged_level"))

    def age_reached(self, years: int) -> pl.Expr:
        """Kleene: was the person at least ``years`` old when the offense was committed?

        Read from the offense date, or, without one, from the arrest or disposition date (the offense was no
        later): an upper bound before the birthday settles "no"."""
        birthday = add_years(C("person_dob"), years)
        return (
            pl.when(C("offense_date").is_not_null() & birthday.is_not_null()).then(C("offense_date") >= birthday)
            .when(self.offense_upper_bound() < birthday).then(False)
            .otherwise(None)
        )

    def not_filed(self) -> pl.Expr:
        """Kleene: no accusatory pleading was filed for the arrest. Read from ``charges_filed``; without it, a
        prosecutor's rejection means none was, and a court disposition (dismissal, acquittal, conviction,
        diversion) means one was."""
        by_disposition = (
            pl.when(C("disposition") == "prosecution_declined").then(True)
            .when(C("disposition").is_in(["unknown", "pending"])).then(None)
            .when(C("diversion_statute") == "PC 851.87").then(True)
            .otherwise(False)
        )
        return pl.coalesce(C("charges_filed").not_(), by_disposition)

    # ---- sentence facts ----------------------------------------------------------------------
    def sentence_end(self) -> pl.Expr:
        """Latest known end of custody or supervision for this count (null if none is recorded)."""
        return pl.max_horizontal(C("probation_end_date"), C("custody_release_date"), C("supervision_end_date"))

    def completion_date(self) -> pl.Expr:
        """End of all custody and supervision (PC 1203.41, 1203.42, 1203.425 felony prong).

        Known only when the supervision end is recorded, or the release date is and no supervision followed
        (a straight 1170(h) term). A prison term or split sentence without a supervision end date is unknown.
        """
        supervised_after = C("prison").fill_null(False) | C("mandatory_supervision").fill_null(True)
        return (
            pl.when(C("supervision_end_date").is_not_null())
            .then(pl.max_horizontal(C("supervision_end_date"), C("custody_release_date")))
            .when(C("custody_release_date").is_not_null() & ~supervised_after)
            .then(C("custody_release_date"))
            .otherwise(None)
        )
