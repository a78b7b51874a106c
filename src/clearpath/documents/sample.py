"""A fabricated bulk-run convictions table (the columns of ``convictions.parquet``) for tests and benchmarks.

Every name, date and case number is made up; no real record goes in here.
"""

from __future__ import annotations

import datetime as dt
import random

import polars as pl

COUNTIES = ["Alameda", "Fresno", "Los Angeles", "Sacramento", "San Diego", "San Francisco", "Santa Clara",
            "Yolo"]
FIRST = ["Alex", "Sam", "Jordan", "Maria", "Luis", "Ana", "Chris", "Dana", "Jesse", "Rosa", "Tomás", "Lee"]
LAST = ["Example", "Sample", "Placeholder", "Testperson", "Fictional", "Madeup", "Synthetic", "Pretend"]
OFFENSES = ["HS 11357(a)", "HS 11357(b)", "HS 11358", "HS 11359", "HS 11360(a)"]
RELIEFS = ["dismissal_and_sealing", "reduction_to_misdemeanor", "reduction_to_infraction", "resentencing"]
SCHEMA = {"person_id": pl.Utf8, "name": pl.Utf8, "dob": pl.Date, "case_id": pl.Utf8, "court_case_number": pl.Utf8,
          "county": pl.Utf8, "count_id": pl.Utf8, "offense": pl.Utf8, "level": pl.Utf8, "disposition_date": pl.Date,
          "remedy": pl.Utf8, "status": pl.Utf8, "relief": pl.Utf8, "eligible_on": pl.Date, "automatic": pl.Boolean,
          "reasons": pl.Utf8}


def synthetic_convictions(people: int, seed: int = 1) -> pl.DataFrame:
    """One to three Prop 64 rows per person (mostly eligible, some needs_info or not_eligible) plus a
    PC 1203.4 row for every third person, so a motion batch has to pick its rows."""
    rng = random.Random(seed)
    cols: dict[str, list[object]] = {k: [] for k in SCHEMA}
    epoch, dob0 = dt.date(1996, 1, 1), dt.date(1950, 1, 1)

    def add(**row: object) -> None:
        for k in SCHEMA:
            cols[k].append(row[k])

    for p in range(people):
        pid = f"P{p:07d}"
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        dob = dob0 + dt.timedelta(days=rng.randrange(365 * 45))
        county = rng.choice(COUNTIES)
        for k in range(rng.randint(1, 3)):
            offense = rng.choice(OFFENSES)
            status = rng.choices(["eligible", "needs_info", "not_eligible"], weights=[85, 10, 5])[0]
            disp = epoch + dt.timedelta(days=rng.randrange(365 * 20))
            add(person_id=pid, name=name, dob=dob, case_id=f"c{p}-{k}",
                court_case_number=f"{disp.year % 100:02d}F{p * 7 + k:06d}", county=county, count_id="1",
                offense=offense, level="misdemeanor" if offense.startswith("HS 11357") else "felony",
                disposition_date=disp, remedy="HS 11361.8", status=status,
                relief=rng.choice(RELIEFS) if status == "eligible" else None, eligible_on=None, automatic=False,
                reasons="prop64_amount_unknown (HS 11361.8)" if status == "needs_info" else "")
        if p % 3 == 0:
            add(person_id=pid, name=name, dob=dob, case_id=f"c{p}-0", court_case_number=f"00M{p:06d}",
                county=county, count_id="2", offense="PC 484", level="misdemeanor", disposition_date=epoch,
                remedy="PC 1203.4", status="eligible", relief="dismissal", eligible_on=None, automatic=False,
                reasons="")
    return pl.DataFrame(cols, schema=SCHEMA)
