"""DA batch motions from a bulk run: the People's motion and proposed order under HS 11361.9.

Input is the bulk run's condensed per-conviction table (``OUTDIR/convictions.parquet``, or the same columns
as a DataFrame). Every ``eligible`` Proposition 64 conviction (remedy ``HS 11361.8``) goes into a motion in
the form the automatic-relief pilots used: the prosecutor tells the court that it does not challenge relief
for the listed convictions and asks the court to recall and resentence, dismiss and seal, or redesignate
each one (Health & Saf. Code, § 11361.9; the court must grant relief where the prosecutor does not
challenge it). One motion per person and court, or one per court listing everyone; a cover index CSV lists
every motion, and ``review.csv`` lists the Prop 64 convictions the engine could not decide (needs_info),
which need a person's look before they can be filed.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import polars as pl
from pydantic import BaseModel, ConfigDict

from clearpath.documents.layout import LEFT, WIDTH, Doc

PROP64 = "HS 11361.8"
COLUMNS = ("person_id", "name", "dob", "case_id", "court_case_number", "county", "count_id", "offense", "level",
           "disposition_date", "remedy", "status", "relief", "eligible_on", "automatic", "reasons")
RELIEF = {
    "dismissal_and_sealing": "Recall/dismiss and seal",
    "reduction_to_misdemeanor": "Redesignate as misdemeanor",
    "reduction_to_infraction": "Redesignate as infraction",
    "resentencing": "Recall and resentence",
}
BLANK = "________________"


class OfficeDetails(BaseModel):
    """The prosecuting office that files the motions (printed in the caption and signature)."""

    model_config = ConfigDict(extra="forbid")
    district_attorney: str | None = None
    deputy: str | None = None
    bar_number: str | None = None
    address: str | None = None
    phone: str | None = None
    email: str | None = None


class MotionBatchSummary(BaseModel):
    model_config = ConfigDict(extra="forbid")
    per: Literal["person", "court"]
    as_of: dt.date
    motions: int
    people: int
    convictions: int
    courts: int
    review_rows: int
    index_csv: Path
    review_csv: Path
    seconds: float

    @property
    def documents_per_second(self) -> float:
        return self.motions / self.seconds if self.seconds else 0.0


@dataclass(frozen=True)
class _Line:
    person_id: str
    name: str
    dob: dt.date | None
    case_number: str
    count_id: str
    offense: str
    level: str
    date: dt.date | None
    relief: str


def _d(value: dt.date | None) -> str:
    return value.strftime("%m/%d/%Y") if value else BLANK


def _caption(doc: Doc, county: str, office: OfficeDetails, parties: list[str], case_numbers: str, as_of: dt.date
             ) -> None:
    doc.font(9)
    for line in [f"{office.deputy or office.district_attorney or BLANK}   State Bar No. {office.bar_number or BLANK}",
                 f"{office.district_attorney or 'District Attorney'}, {county} County",
                 office.address or "", " ".join(x for x in (office.phone, office.email) if x),
                 "Attorney for the People"]:
        if line:
            doc.y += 11
            doc.at(LEFT, doc.y, line)
    doc.y += 16
    doc.para(f"SUPERIOR COURT OF CALIFORNIA, COUNTY OF {county.upper()}", size=11, bold=True, align="center", gap=6)
    top = doc.y
    doc.rule()
    half = WIDTH * 0.55
    doc.font(10)
    left = ["THE PEOPLE OF THE STATE OF CALIFORNIA,", "                    Plaintiff,", "        v.",
            *(line for party in parties for line in doc.wrap(party, half - 8)), "                    Defendant(s)."]
    for i, line in enumerate(left):
        doc.at(LEFT + 2, top + 16 + i * 13, line)
    x = LEFT + half + 8
    doc.font(9, True)
    y = top + 16
    for line in doc.wrap(f"Case No(s). {case_numbers}", WIDTH - half - 12)[:3]:
        doc.at(x, y, line)
        y += 11
    y += 4
    for line in doc.wrap("PEOPLE'S MOTION AND [PROPOSED] ORDER TO RECALL AND DISMISS, SEAL, OR REDESIGNATE "
                         "CANNABIS CONVICTIONS", WIDTH - half - 12):
        doc.at(x, y, line)
        y += 11
    doc.font(9)
    doc.at(x, y + 2, "(Health & Saf. Code, §§ 11361.8, 11361.9)")
    bottom = max(top + 16 + len(left) * 13, y + 10) + 4
    doc.pdf.line(LEFT + half, top, LEFT + half, bottom)
    doc.y = bottom
    doc.rule()
    doc.y += 8


TABLE = [("Defendant", 0.19), ("Date of birth", 0.11), ("Case no.", 0.12), ("Count", 0.06), ("Offense", 0.12),
         ("Level", 0.13), ("Convicted", 0.11), ("Relief", 0.16)]


def render_motion(county: str, lines: Sequence[_Line], as_of: dt.date, office: OfficeDetails | None = None,
                  footer: str = "") -> bytes:
    office = office or OfficeDetails()
    people = list(dict.fromkeys(ln.name for ln in lines))
    parties = [p.upper() + "," for p in people[:3]] + ([f"AND {len(people) - 3} OTHERS LISTED BELOW,"]
                                                       if len(people) > 3 else [])
    cases = ", ".join(dict.fromkeys(ln.case_number for ln in lines))
    doc = Doc(footer or f"People's motion under HS 11361.9 - {county} County")
    _caption(doc, county, office, parties, cases if len(people) <= 3 else "see the table below", as_of)
    who = f"the District Attorney of {county} County"
    doc.para(f"The People, by {who}, have reviewed the conviction(s) listed below under Health and Safety Code "
             "section 11361.9 and do not challenge relief for them. Each is a conviction under Health and Safety "
             "Code section 11357, 11358, 11359 or 11360 for conduct that is no longer an offense, or is a lesser "
             "offense, under the Control, Regulate and Tax Adult Use of Marijuana Act (Proposition 64).",
             hang="1.", indent=20, size=10)
    doc.para("The People move the court to grant the relief shown for each conviction: to recall and dismiss "
             "the sentence and seal the conviction as legally invalid, to redesignate it as a misdemeanor or an "
             "infraction, or to recall and resentence (Health & Saf. Code, §§ 11361.8, 11361.9).", hang="2.",
             indent=20, size=10)
    doc.table(TABLE, [[ln.name, _d(ln.dob), ln.case_number, ln.count_id, ln.offense, ln.level, _d(ln.date),
                       RELIEF.get(ln.relief, ln.relief)] for ln in lines], size=8)
    doc.para(f"Dated: {as_of.strftime('%B %-d, %Y')}", size=10, gap=2)
    doc.signature("Deputy District Attorney", name=office.deputy or "")
    doc.para("[PROPOSED] ORDER", bold=True, align="center", size=11)
    doc.para("Good cause appearing, and the People not challenging relief, IT IS ORDERED that the relief shown "
             "above is GRANTED for each conviction listed, except: " + BLANK * 2 + ". A conviction dismissed and "
             "sealed under this order is deemed never to have occurred; a redesignated conviction is a "
             "misdemeanor or infraction as shown (Health & Saf. Code, §§ 11361.8, 11361.9).", size=10)
    doc.signature("Judge of the Superior Court")
    return doc.output()


def _frame(convictions: Path | pl.DataFrame) -> pl.DataFrame:
    frame = pl.read_parquet(convictions) if isinstance(convictions, Path) else convictions
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"convictions table is missing column(s): {', '.join(missing)}")
    return frame


def _safe(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in text)[:60]


def _groups(rows: pl.DataFrame, per: str) -> Iterable[tuple[str, str, list[_Line]]]:
    """(county, key, lines) per motion, in a stable order."""
    current: tuple[str, str] | None = None
    lines: list[_Line] = []
    for r in rows.iter_rows(named=True):
        county = r["county"]
        key = (county, county if per == "court" else r["person_id"])
        if key != current:
            if current is not None and lines:
                yield current[0], current[1], lines
            current, lines = key, []
        lines.append(_Line(r["person_id"], r["name"] or BLANK, r["dob"], r["court_case_number"] or r["case_id"],
                           r["count_id"], r["offense"] or "", r["level"] or "", r["disposition_date"],
                           r["relief"] or ""))
    if current is not None and lines:
        yield current[0], current[1], lines


def _render_chunk(rows: pl.DataFrame, out_dir: Path, per: str, first: int, as_of: dt.date,
                  office: OfficeDetails | None) -> list[dict[str, Any]]:
    """Render the motions of ``rows`` (whole groups), numbered from ``first``; return their index rows."""
    index_rows: list[dict[str, Any]] = []
    for n, (county, key, lines) in enumerate(_groups(rows, per), first):
        name = f"{n:06d}-{_safe(county)}" + ("" if per == "court" else f"-{_safe(key)}") + ".pdf"
        data = render_motion(county, lines, as_of, office)
        (out_dir / "motions" / name).write_bytes(data)
        people = list(dict.fromkeys(ln.person_id for ln in lines))
        index_rows.append({
            "file": f"motions/{name}", "county": county, "court": f"Superior Court of California, County of {county}",
            "person_ids": ";".join(people), "names": ";".join(dict.fromkeys(ln.name for ln in lines)),
            "dob": _d(lines[0].dob) if per == "person" else "",
            "case_numbers": ";".join(dict.fromkeys(ln.case_number for ln in lines)),
            "convictions": len(lines), "people": len(people),
            "reliefs": ";".join(sorted({ln.relief for ln in lines})), "bytes": len(data),
        })
    return index_rows


def write_motion_batch(convictions: Path | pl.DataFrame, out_dir: Path, per: Literal["person", "court"] = "person",
                       as_of: dt.date | None = None, office: OfficeDetails | None = None,
                       workers: int = 1) -> MotionBatchSummary:
    """Write one motion PDF per person (per court with ``per="court"``), ``index.csv`` and ``review.csv``.

    ``workers`` > 1 renders in that many processes (split on motion boundaries; same files, same order)."""
    if as_of is None:
        raise ValueError("as_of is required: the motions are dated and only relief open on that day is included")
    start = time.perf_counter()
    frame = _frame(convictions).filter(pl.col("remedy") == PROP64)
    ready = frame.filter((pl.col("status") == "eligible")
                         & (pl.col("eligible_on").is_null() | (pl.col("eligible_on") <= as_of)))
    ready = ready.with_columns(pl.col("county").fill_null("UNKNOWN"))
    ready = ready.sort(["county", "person_id", "court_case_number", "count_id"], nulls_last=True)
    review = frame.filter(pl.col("status") == "needs_info").sort(["county", "person_id", "case_id", "count_id"])
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "motions").mkdir(exist_ok=True)
    # Motion numbers, so that chunks rendered apart name their files as one pass would.
    key = pl.col("county") if per == "court" else pl.concat_str(["county", "person_id"], separator="\x00")
    ready = ready.with_columns(_motion=key.rle_id())
    total = int(ready["_motion"].tail(1).item()) + 1 if ready.height else 0  # rle ids only grow
    chunks: list[tuple[pl.DataFrame, int]] = []
    if workers <= 1 or total < 2 * workers:
        chunks = [(ready, 1)]
    else:
        bounds = [total * i // workers for i in range(workers + 1)]
        for lo, hi in itertools.pairwise(bounds):
            chunks.append((ready.filter((pl.col("_motion") >= lo) & (pl.col("_motion") < hi)), lo + 1))
    if len(chunks) == 1:
        index_rows = _render_chunk(chunks[0][0], out_dir, per, 1, as_of, office)
    else:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(_render_chunk, rows, out_dir, per, first, as_of, office) for rows, first in chunks]
            index_rows = [row for f in futures for row in f.result()]
    index_csv = out_dir / "index.csv"
    fieldnames = ["file", "county", "court", "person_ids", "names", "dob", "case_numbers", "convictions", "people",
                  "reliefs", "bytes"]
    with index_csv.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=fieldnames)
        writer.writeheader()
        writer.writerows(index_rows)
    review_csv = out_dir / "review.csv"
    # What would settle each row (a bulk run's ``questions``), when the input has it.
    asked = ["questions"] if "questions" in review.columns else []
    review.select("person_id", "name", "county", "case_id", "court_case_number", "count_id", "offense", "status",
                  "reasons", *asked).write_csv(review_csv)
    return MotionBatchSummary(
        per=per, as_of=as_of, motions=len(index_rows), people=ready["person_id"].n_unique(),
        convictions=ready.height, courts=ready["county"].n_unique(), review_rows=review.height,
        index_csv=index_csv, review_csv=review_csv, seconds=time.perf_counter() - start)
