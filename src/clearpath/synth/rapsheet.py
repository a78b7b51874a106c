"""Fabricated criminal histories and the RAP sheets they would print as, for tests and demos.

Everything here is invented: names come from a small list of made-up surnames and given names, CII
numbers are in a ``A99`` range like the public sample sheets', there are no SSNs or addresses, and any
resemblance to a real person's history is chance. Histories are plausible rather than typical: a mix of
cannabis, theft, DUI, drug possession, burglary, assault and traffic counts, a few serious or violent
ones, multi-count cases, dismissals and the odd acquittal, arrests that never reached court, probation,
jail and prison sentences, revocations, and relief already granted (PC 1203.4, 17(b), HS 11361.8).

``generate_records(n, seed)`` returns the records; ``synth_rapsheet(n, seed)`` renders the same records with
``readers.rapsheet.writer.write_rap_sheet`` and then adds seeded mess: OCR confusions the reader repairs
(``CHT:``, ``COMVICTED``, ``COURI``, ``D1SPO``, ``CP`` for PC, ``O`` for ``0`` in dates and terms) and page
breaks (``PAGE 2 OF 3`` and a repeated page header) inside counts. Both are deterministic for a seed and
never read the clock: the histories end by ``LAST_DAY``.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass
from typing import Any

from clearpath.readers.rapsheet.counties import COUNTIES
from clearpath.readers.rapsheet.dates import add_months
from clearpath.readers.rapsheet.writer import write_rap_sheet
from clearpath.records.model import Record

__all__ = ["LAST_DAY", "generate_records", "synth_rapsheet"]

LAST_DAY = dt.date(2024, 12, 31)
PROP64_DAY = dt.date(2016, 11, 9)

_SURNAMES = (
    "QUILLBY", "MARROWFIELD", "TANSWORTH", "BRELLING", "DRAVENMOOR", "ZUMWALDEN", "FENWORTHY", "HALVERSUND",
    "ORRINGTON", "ASHGROVE", "KESTRELL", "MONTAVERDE", "RIVELLO", "SANTOVAR", "WYNDLE", "YARROWAY",
    "PELLINGHAM", "CORVASSE", "LUMBRIDGE", "VANTERHOLT",
)  # fmt: skip
_GIVEN = (
    "ARLO", "BRISA", "CORMAC", "DELPHINE", "EZRA", "FAYE", "GIDEON", "HOLLIS", "IMANI", "JUNO", "KAI",
    "LORELEI", "MATEO", "NOOR", "ODESSA", "PRIYA", "QUENTIN", "ROWAN", "SOLANA", "TOBIAS",
)  # fmt: skip
_RACES = ("WHITE", "BLACK", "HISPANIC", "ASIAN", "OTHER")


@dataclass(frozen=True)
class _Offense:
    key: str
    description: str
    kind: str
    weight: float
    levels: str  # F felony, M misdemeanor, I infraction; several letters: a wobbler (or wobblette)


_OFFENSES = (
    _Offense("HS 11357(b)", "POSSESS MARIJUANA", "cannabis", 6, "M"),
    _Offense("HS 11357(a)", "POSSESS CONCENTRATED CANNABIS", "cannabis", 1, "FM"),
    _Offense("HS 11358", "CULTIVATION MARIJUANA", "cannabis", 2, "F"),
    _Offense("HS 11359", "POSSESS MARIJUANA FOR SALE", "cannabis", 3, "F"),
    _Offense("HS 11360(a)", "TRANSPORT/SELL MARIJUANA", "cannabis", 2, "F"),
    _Offense("PC 488", "PETTY THEFT", "theft", 6, "M"),
    _Offense("PC 487(a)", "GRAND THEFT:MONEY/LABOR/PROPERTY", "theft", 4, "FM"),
    _Offense("PC 666", "PETTY THEFT WITH PRIOR JAIL", "theft", 2, "FM"),
    _Offense("PC 496(a)", "RECEIVE/ETC KNOWN STOLEN PROPERTY", "theft", 4, "FM"),
    _Offense("VC 10851(a)", "TAKE VEHICLE W/O OWNER CONSENT", "theft", 2, "FM"),
    _Offense("PC 470(a)", "FORGERY", "theft", 1, "FM"),
    _Offense("PC 459", "BURGLARY", "burglary", 4, "FM"),
    _Offense("PC 460(b)", "BURGLARY:SECOND DEGREE", "burglary", 3, "FM"),
    _Offense("PC 460(a)", "BURGLARY:FIRST DEGREE", "serious", 1, "F"),
    _Offense("VC 23152(a)", "DUI ALCOHOL/DRUGS", "dui", 6, "M"),
    _Offense("VC 23152(b)", "DUI ALCOHOL 0.08 PERCENT", "dui", 5, "M"),
    _Offense("VC 23153(a)", "DUI ALCOHOL/DRUGS CAUSING INJURY", "dui", 1, "FM"),
    _Offense("VC 14601.1(a)", "DRIVE WHILE LICENSE SUSPENDED", "traffic", 3, "M"),
    _Offense("VC 12500(a)", "DRIVE WITHOUT LICENSE", "traffic", 2, "MI"),
    _Offense("HS 11350(a)", "POSSESS NARCOTIC CONTROLLED SUBSTANCE", "drug", 5, "FM"),
    _Offense("HS 11377(a)", "POSSESS CONTROLLED SUBSTANCE", "drug", 5, "FM"),
    _Offense("HS 11364", "POSSESS CONTROLLED SUBSTANCE PARAPHERNALIA", "drug", 3, "M"),
    _Offense("HS 11550(a)", "UNDER INFLUENCE CONTROLLED SUBSTANCE", "drug", 3, "M"),
    _Offense("HS 11351", "POSSESS/PURCHASE FOR SALE NARCOTIC", "drug", 1, "F"),
    _Offense("HS 11378", "POSSESS CONTROLLED SUBSTANCE FOR SALE", "drug", 1, "F"),
    _Offense("PC 242", "BATTERY", "assault", 4, "M"),
    _Offense("PC 243(e)(1)", "BATTERY ON SPOUSE/COHABITANT/ETC", "assault", 2, "M"),
    _Offense("PC 245(a)(1)", "ASSAULT WITH DEADLY WEAPON NOT FIREARM", "assault", 2, "FM"),
    _Offense("PC 273.5(a)", "INFLICT CORPORAL INJURY ON SPOUSE/COHABITANT", "assault", 2, "FM"),
    _Offense("PC 148(a)(1)", "OBSTRUCT/RESIST PUBLIC OFFICER", "other", 3, "M"),
    _Offense("PC 647(f)", "DISORDERLY CONDUCT:INTOXICATED", "other", 3, "M"),
    _Offense("PC 602", "TRESPASSING", "other", 2, "M"),
    _Offense("PC 415", "FIGHT/NOISE/OFFENSIVE WORDS", "other", 2, "MI"),
    _Offense("PC 594(a)", "VANDALISM", "other", 2, "FM"),
    _Offense("PC 211", "ROBBERY", "serious", 2, "F"),
    _Offense("PC 422", "CRIMINAL THREATS", "serious", 1, "FM"),
    _Offense("PC 451(d)", "ARSON OF PROPERTY", "serious", 0.4, "F"),
    _Offense("PC 187(a)", "MURDER", "violent", 0.15, "F"),
    _Offense("PC 288(a)", "LEWD ACT WITH CHILD UNDER 14", "sex", 0.2, "F"),
    _Offense("PC 261(a)(2)", "RAPE BY FORCE", "sex", 0.15, "F"),
)
_WEIGHTS = [o.weight for o in _OFFENSES]
_SAME_KIND = {k: [o for o in _OFFENSES if o.kind == k] for k in {o.kind for o in _OFFENSES}}
_ATTEMPTABLE = {"theft", "burglary", "serious"}
# Counties weighted roughly by population (a plausible mix, not a statistic).
_BIG = {"Los Angeles": 25, "San Diego": 8, "Orange": 8, "Riverside": 6, "San Bernardino": 6, "Santa Clara": 5,
        "Alameda": 5, "Sacramento": 5, "Contra Costa": 3, "Fresno": 3, "Kern": 3, "San Francisco": 3}
_COUNTY_WEIGHTS = [_BIG.get(c, 0.5) for c in COUNTIES]


def _date_between(rng: random.Random, lo: dt.date, hi: dt.date) -> dt.date:
    if hi <= lo:
        return lo
    return lo + dt.timedelta(days=rng.randrange((hi - lo).days + 1))


def _level(rng: random.Random, off: _Offense) -> str:
    letters = off.levels
    if letters == "FM":
        return rng.choice(["felony", "misdemeanor", "misdemeanor"])
    if letters == "MI":
        return rng.choice(["misdemeanor", "infraction"])
    return {"F": "felony", "M": "misdemeanor", "I": "infraction"}[letters[0]]


def _sentence(rng: random.Random, off: _Offense, level: str, judged: dt.date) -> dict[str, Any]:
    if level == "infraction" or rng.random() < 0.12:
        return {}  # fine only, or no sentence on the sheet
    if level == "felony" and (off.kind in {"serious", "violent", "sex"} or rng.random() < 0.35):
        return {"prison": True}
    s: dict[str, Any] = {}
    if level == "felony" or rng.random() < 0.9:
        months = rng.choice([36, 36, 60] if level == "felony" else [12, 24, 36, 36])
        s.update(probation_granted=True, probation_months=months, probation_end_date=add_months(judged, months))
        if rng.random() < 0.1:
            s["probation_revoked"] = True
            s["probation_violation"] = True
    if rng.random() < 0.7:
        s["jail_days"] = rng.choice([1, 2, 5, 10, 30, 45, 60, 90, 120, 180, 365] if level == "felony"
                                    else [1, 2, 5, 10, 15, 30, 45, 60, 90])
    return s


def _relief(rng: random.Random, off: _Offense, level: str, judged: dt.date, sentence: dict[str, Any]
            ) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    end = sentence.get("probation_end_date")
    if off.kind == "cannabis" and judged < PROP64_DAY and rng.random() < 0.3:
        out.append({"remedy": "HS 11361.8", "date": _date_between(rng, dt.date(2017, 1, 15), dt.date(2023, 6, 30))})
        return out
    if level == "felony" and off.levels == "FM" and end is not None and end < LAST_DAY and rng.random() < 0.25:
        out.append({"remedy": "PC 17(b)", "date": _date_between(rng, end, min(LAST_DAY, end + dt.timedelta(900)))})
    if end is not None and end < LAST_DAY and not sentence.get("probation_revoked") and rng.random() < 0.25:
        start = max([end, *(r["date"] for r in out)])
        out.append({"remedy": "PC 1203.4", "date": _date_between(rng, start, min(LAST_DAY, start + dt.timedelta(900)))})
    return out


def _case(rng: random.Random, idx: int, arrest: dt.date) -> dict[str, Any]:
    county = rng.choices(COUNTIES, _COUNTY_WEIGHTS)[0]
    first = rng.choices(_OFFENSES, _WEIGHTS)[0]
    n_counts = rng.choices([1, 2, 3, 4], [55, 25, 12, 8])[0]
    offenses = [first] + [rng.choice(_SAME_KIND[first.kind]) if rng.random() < 0.6
                          else rng.choices(_OFFENSES, _WEIGHTS)[0] for _ in range(n_counts - 1)]
    case: dict[str, Any] = {"id": f"c{idx}", "county": county, "arrest_date": arrest}
    if rng.random() < 0.12:  # an arrest that never reached court
        declined = rng.random() < 0.5
        decided = _date_between(rng, arrest + dt.timedelta(7), min(LAST_DAY, arrest + dt.timedelta(90)))
        case["counts"] = [{
            "id": str(i), "offense": o.key, "description": o.description, "offense_date": arrest,
            "disposition": "prosecution_declined" if declined else "unknown",
            "disposition_date": decided if declined and rng.random() < 0.7 else None,
        } for i, o in enumerate(offenses, 1)]
        return case
    judged = _date_between(rng, arrest + dt.timedelta(14), min(LAST_DAY, arrest + dt.timedelta(240)))
    case["court"] = f"CASC {county.upper()}"
    case["court_case_number"] = f"{rng.choice(['CR', 'M', 'F', 'BA', 'SC'])}{rng.randrange(10**5, 10**7)}"
    counts = []
    any_convicted = False
    for i, off in enumerate(offenses, 1):
        roll = rng.random()
        if i == 1:
            disposition = "convicted" if roll < 0.8 else ("dismissed" if roll < 0.95 else "acquitted")
        else:
            disposition = "convicted" if roll < 0.4 else ("dismissed" if roll < 0.95 else "acquitted")
        if i == 1 and off.kind == "drug" and rng.random() < 0.08:
            disposition = "diversion_completed"
        count: dict[str, Any] = {
            "id": str(i), "offense": off.key, "description": off.description, "offense_date": arrest,
            "attempt": off.kind in _ATTEMPTABLE and rng.random() < 0.06,
            "disposition": disposition, "disposition_date": judged,
        }
        if rng.random() < 0.2:
            count["charged_level"] = "felony" if "F" in off.levels else "misdemeanor"
        if disposition == "convicted":
            any_convicted = True
            level = _level(rng, off)
            sentence = _sentence(rng, off, level, judged)
            count.update(conviction_level=level, sentence=sentence,
                         relief_granted=_relief(rng, off, level, judged, sentence))
        counts.append(count)
    if any_convicted and rng.random() < 0.15:  # one outcome decided later, e.g. a count dismissed at sentencing
        late = counts[-1]
        if late["disposition"] == "dismissed":
            late["disposition_date"] = _date_between(rng, judged, min(LAST_DAY, judged + dt.timedelta(60)))
    case["counts"] = counts
    return case


def _record(rng: random.Random, k: int) -> Record:
    surname, given = rng.choice(_SURNAMES), rng.choice(_GIVEN)
    middle = rng.choice("ABCDEFGHJKLMNPRSTW")
    dob = _date_between(rng, dt.date(1950, 1, 1), dt.date(2000, 12, 31))
    cii = f"A99{rng.randrange(10**6):06d}"
    aliases = rng.sample([f"{surname},{given}", f"{surname},{given[0]}", f"{rng.choice(_SURNAMES)},{given}"],
                         rng.choices([0, 1, 2], [60, 30, 10])[0])
    adult = add_months(dob, 18 * 12) or dob
    n_cases = rng.choices([1, 2, 3, 4, 5], [35, 30, 18, 10, 7])[0]
    arrests = sorted(_date_between(rng, adult, LAST_DAY - dt.timedelta(300)) for _ in range(n_cases))
    cases = [_case(rng, i, a) for i, a in enumerate(arrests, 1)]
    sex_offense = any(c.get("disposition") == "convicted" and c["offense"] in {"PC 288(a)", "PC 261(a)(2)"}
                      for case in cases for c in case["counts"])
    person: dict[str, Any] = {
        "id": cii, "name": f"{surname},{given} {middle}", "aliases": aliases, "cii": cii, "dob": dob,
        "sex": rng.choice("MMF"), "race": rng.choice(_RACES),
        "registration_290_required": True if sex_offense else None,
        "deceased": True if rng.random() < 0.02 else None,
    }
    return Record.model_validate({"format": "clearpath-record/1", "person": person, "cases": cases})


def generate_records(n: int, seed: int) -> list[Record]:
    """``n`` fabricated histories, the same for the same seed."""
    rng = random.Random(seed)
    return [_record(rng, k) for k in range(n)]


# --- mess ----------------------------------------------------------------------------------------------

_CONFUSIONS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (re.compile(r"^CNT:"), ("CHT:", "CNT;", "CNT.")),
    (re.compile(r"^\*DISPO:CONVICTED"), ("*DISPO:COMVICTED", "*D1SPO:CONVICTED", "*DISPO:CONVlCTED")),
    (re.compile(r"^ DISPO:"), (" DlSPO:", " D1SPO:")),
    (re.compile(r"^COURT:"), ("COURI:",)),
    (re.compile(r"(?<=^  )(\d[^ ]*) PC-"), (r"\1 CP-",)),
    (re.compile(r"^   SEN: 0"), ("   SEN: O",)),
    (re.compile(r"^   CONV STATUS:"), ("   CONV STATIS:",)),
)
_DATE_START = re.compile(r"^(\d{8})\b")


def _mess_line(rng: random.Random, line: str) -> str:
    options = [(p, r) for p, rs in _CONFUSIONS if p.search(line) for r in rs]
    m = _DATE_START.match(line)
    if m and ("0" in m.group(1) or "1" in m.group(1)):
        options.append((_DATE_START, "date"))
    if not options:
        return line
    pattern, replacement = rng.choice(options)
    if replacement == "date":
        token = m.group(1) if m else ""
        spots = [i for i, ch in enumerate(token) if ch in "01"]
        i = rng.choice(spots)
        new = token[:i] + ("O" if token[i] == "0" else "l") + token[i + 1:]
        return new + line[len(token):]
    return pattern.sub(replacement, line, count=1)


def mess_up(text: str, rng: random.Random, rate: float) -> str:
    """Add OCR confusions and page breaks to a clean sheet, at ``rate`` per eligible line."""
    lines = text.split("\n")
    out: list[str] = []
    in_count = False
    page = 1
    for line in lines:
        if line.startswith("CNT:"):
            in_count = True
        elif not line.strip() or line.startswith(("* * * *", "- - - -")):
            in_count = False
        out.append(_mess_line(rng, line) if rng.random() < rate else line)
        if in_count and rng.random() < rate / 2:
            page += 1
            out += ["", f"PAGE {page} OF {page + 1}", "\f", "RE: CLEARPATH RAP SHEET RENDERING", ""]
    return "\n".join(out)


def synth_rapsheet(n: int, seed: int, *, mess: float = 0.1) -> list[str]:
    """RAP sheet texts of ``generate_records(n, seed)``, with OCR confusions and page breaks at ``mess``."""
    rng = random.Random(f"mess-{seed}")
    return [mess_up(write_rap_sheet(r), rng, mess) for r in generate_records(n, seed)]
