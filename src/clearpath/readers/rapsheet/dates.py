"""Calendar arithmetic for RAP sheet terms."""

from __future__ import annotations

import calendar
import datetime as dt


def add_months(d: dt.date, months: int) -> dt.date | None:
    """``d`` plus whole months on the same day of the month; None when the result is out of range.

    When the target month has no such day (Jan 31 + 1 month, Feb 29 + 12 months) the result is the first
    day of the following month: the later of the two candidate days, as ``law.context.add_years`` rounds,
    so that a term is never reported as ended a day early.
    """
    total = d.year * 12 + (d.month - 1) + months
    year, month = divmod(total, 12)
    month += 1
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        return None
    if d.day <= calendar.monthrange(year, month)[1]:
        return dt.date(year, month, d.day)
    if month == 12:
        return dt.date(year + 1, 1, 1) if year < dt.MAXYEAR else None
    return dt.date(year, month + 1, 1)
