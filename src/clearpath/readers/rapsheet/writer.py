"""Render a record in the RAP sheet text format that ``parse_rap_sheet`` reads.

``parse_rap_sheet(write_rap_sheet(r)).record`` has the facts of ``r`` that the format carries;
``carried_facts(r)`` is exactly that projection, in a canonical form, so a round trip can be checked with
``carried_facts(parse_rap_sheet(write_rap_sheet(r)).record) == carried_facts(r)``.

Layout: the header (``CII/``, ``DOB/ SEX/ RAC/``, ``NAM/01`` and alias lines), a REGISTRATION cycle when
``registration_290_required`` is true, one cycle per case, a DECEASED cycle when ``deceased`` is true, and
``END OF MESSAGE``. A case is written as an arrest only (``ARR/DET/CITE``, agency ``CASO <COUNTY>``) when it
has no court, no court case number and no count with a court outcome (every disposition unknown, pending or
prosecution declined); otherwise as an ``ARR/DET/CITE`` event (when the arrest date is known, listing the
charges) and one ``COURT`` event per distinct disposition date, its counts numbered from 01 and the court case
number on the first count line. Under each count: the charge line, ``TOC:``, the disposition,
``CONV STATUS:``, ``SEN:``, ``PROBATION REVOKED`` (when ``probation_revoked``), relief with no date; then one dated
update block per dated relief.

What the format carries: person name, aliases, CII, DOB, sex, race (all upper case, spaces collapsed),
``deceased`` and ``registration_290_required`` when true; case county (through the courthouse or arrest agency
name: a county that is not one of the 58 is lost), court (as written; when absent and the county is known the
writer names the county's superior court, ``CASC <COUNTY>``), court case number (only on a case with counts),
arrest date, ``charges_filed`` (true for a case written with a court event; false read back only for an arrest
whose every count was rejected by the prosecutor); count offense (normalised key; an offense ``parse_offense``
cannot read is lost), description, attempt, charged level, disposition, disposition date, conviction level,
probation granted and months, jail days, prison, probation revoked (which reads back as a violation too), and
``relief_granted`` under the statutes of ``RELIEF_TEXT`` (PC 1203.4, 1203.4a, 1203.41, 1203.42, 1203.425,
1203.43, 1203.45, 1203.49, 17(b), 17(d)(2), 1170.18, 236.14, 851.87, 851.90, 851.91, 851.93, HS 11361.8, WIC
781, 786) with their dates.

What it cannot carry: ``person.id`` (the reader uses the CII), ``pending_case``, ``serving_sentence``, any
``false`` person or sentence flag, ``probation_violation`` without a revocation (the sheet states what
happened, not what did not: false reads back as unknown), case ``id`` and ``juvenile``, count ``id`` and order
within a case, ``offense_date``, ``enhancements``, ``value_usd``, ``circumstances``; sentence
``judgment_date``, ``probation_early_termination``, ``county_jail_1170h``, ``mandatory_supervision``,
``custody_release_date``, ``supervision_end_date``, ``sentence_completed``; ``probation_end_date`` is not
written: the reader derives the scheduled end from the judgment date and the months; a ``pending`` disposition
reads back as ``unknown``, and an unknown disposition has no date; relief under any other statute; and every
other field of the model (diversion, trafficking, juvenile and rehabilitation facts, ``dismissal_can_be_refiled``
...). Free text (names, descriptions, court names) must not itself look like a RAP sheet line.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from clearpath.law.offense import parse_offense
from clearpath.readers.rapsheet.counties import county_for_agency, normalise_county
from clearpath.readers.rapsheet.dates import add_months
from clearpath.records.model import Case, Count, Disposition, Level, Record

__all__ = ["RELIEF_TEXT", "carried_facts", "write_rap_sheet"]

RELIEF_TEXT: dict[str, str] = {
    "PC 1203.4": "CONV SET ASIDE & DISM PER 1203.4 PC",
    "PC 1203.4a": "CONV SET ASIDE & DISM PER 1203.4A PC",
    "PC 1203.41": "CONV SET ASIDE & DISM PER 1203.41 PC",
    "PC 1203.42": "CONV SET ASIDE & DISM PER 1203.42 PC",
    "PC 17(b)": "REDUCED TO MISDEMEANOR PER 17(B) PC",
    "PC 17(d)(2)": "REDUCED TO INFRACTION PER 17(D)(2) PC",
    "PC 1170.18": "REDESIGNATED AS MISDEMEANOR PER 1170.18 PC",
    "HS 11361.8": "RECALLED/DISMISSED PER 11361.8 HS",
    "PC 1203.425": "CONV SET ASIDE & DISM PER 1203.425 PC",
    "PC 1203.43": "CONV SET ASIDE & DISM PER 1203.43 PC",
    "PC 1203.45": "RECORD SEALED PER 1203.45 PC",
    "PC 1203.49": "CONV SET ASIDE & DISM PER 1203.49 PC",
    "PC 236.14": "CONV VACATED PER 236.14 PC",
    "PC 851.87": "ARREST SEALED PER 851.87 PC",
    "PC 851.90": "ARREST SEALED PER 851.90 PC",
    "PC 851.91": "ARREST SEALED PER 851.91 PC",
    "PC 851.93": "ARREST SEALED PER 851.93 PC",
    "WIC 781": "RECORD SEALED PER 781 WI",
    "WIC 786": "RECORD SEALED PER 786 WI",
}
_DISPO_TEXT = {
    Disposition.convicted: "*DISPO:CONVICTED",
    Disposition.dismissed: " DISPO:DISMISSED",
    Disposition.acquitted: " DISPO:ACQUITTED",
    Disposition.prosecution_declined: " DISPO:PROS REJ",
    Disposition.diversion_completed: " DISPO:DIVERSION COMPLETED",
    Disposition.diversion_failed: " DISPO:DIVERSION TERMINATED",
}
_LEVEL_WORD = {Level.felony: "FELONY", Level.misdemeanor: "MISDEMEANOR", Level.infraction: "INFRACTION"}
_TOC_LETTER = {Level.felony: "F", Level.misdemeanor: "M", Level.infraction: "I"}
_NO_COURT_OUTCOME = {Disposition.unknown, Disposition.pending, Disposition.prosecution_declined}
_DECIDED = set(Disposition) - {Disposition.unknown, Disposition.pending}


def _up(s: str | None) -> str | None:
    if s is None:
        return None
    t = " ".join(s.split()).upper()
    return t or None


def _ymd(d: dt.date) -> str:
    return f"{d.year:04d}{d.month:02d}{d.day:02d}"


@dataclass(frozen=True)
class _EventLayout:
    kind: str  # "ARR" or "COURT"
    date: dt.date | None
    agency: str | None
    counts: tuple[Count, ...]


def arrest_only(case: Case) -> bool:
    """Whether the writer renders ``case`` as an arrest with no court event."""
    return (not case.charges_filed and _up(case.court) is None and _up(case.court_case_number) is None
            and all(c.disposition in _NO_COURT_OUTCOME for c in case.counts))


def _layout(case: Case) -> list[_EventLayout]:
    county = normalise_county(case.county)
    if arrest_only(case):
        agency = f"CASO {county.upper()}" if county else None
        return [_EventLayout("ARR", case.arrest_date, agency, tuple(case.counts))]
    events: list[_EventLayout] = []
    if case.arrest_date is not None:
        events.append(_EventLayout("ARR", case.arrest_date, f"CASO {county.upper()}" if county else None, ()))
    court = _up(case.court) or (f"CASC {county.upper()}" if county else None)
    groups: dict[dt.date | None, list[Count]] = {}
    undecided: list[Count] = []
    for c in case.counts:
        if c.disposition in _DECIDED:
            groups.setdefault(c.disposition_date, []).append(c)
        else:
            undecided.append(c)
    if undecided:
        if groups:
            next(iter(groups.values())).extend(undecided)
        else:
            groups[None] = undecided
    if not groups:
        groups[None] = []
    for date, counts in groups.items():
        events.append(_EventLayout("COURT", date, court, tuple(counts)))
    return events


def _charge_line(c: Count) -> str:
    off = parse_offense(c.offense)
    desc = _up(c.description) or ""
    if off is not None:
        attempt = "664/" if (c.attempt or off.attempt) else ""
        section = off.section.upper() + "".join(f"({s.upper()})" for s in off.subdivisions)
        return f"  {attempt}{section} {off.code}-{desc}"
    if desc:
        return f"  {desc}"
    return "  SEE COMMENT FOR CHARGE"


def _count_lines(c: Count, n: int, case_number: str | None, in_court: bool) -> list[str]:
    head = f"CNT:{n:02d}"
    if case_number:
        head += f"     #{case_number}"
    lines = [head, _charge_line(c)]
    if c.charged_level is not None:
        lines.append(f"   TOC:{_TOC_LETTER[c.charged_level]}")
    dated_dispo: str | None = None
    if c.disposition in _DISPO_TEXT:
        if not in_court and c.disposition_date is not None:
            dated_dispo = _DISPO_TEXT[c.disposition].strip().lstrip("*")
        else:
            lines.append(_DISPO_TEXT[c.disposition])
    if c.conviction_level is not None:
        lines.append(f"   CONV STATUS:{_LEVEL_WORD[c.conviction_level]}")
    s = c.sentence
    parts: list[str] = []
    if s.probation_months is not None:
        parts.append(f"{s.probation_months:03d} MONTHS PROBATION")
    elif s.probation_granted:
        parts.append("PROBATION")
    if s.jail_days is not None:
        parts.append(f"{s.jail_days:03d} DAYS JAIL")
    if s.prison:
        parts.append("PRISON")
    if parts:
        lines.append("   SEN: " + ", ".join(parts))
    if s.probation_revoked:
        lines.append(" DISPO:PROBATION REVOKED")
    for r in c.relief_granted:
        if r.remedy in RELIEF_TEXT and r.date is None:
            lines.append(f" DISPO:{RELIEF_TEXT[r.remedy]}")
    if dated_dispo is not None and c.disposition_date is not None:
        lines += [_ymd(c.disposition_date), f" {dated_dispo}"]
    for r in c.relief_granted:
        if r.remedy in RELIEF_TEXT and r.date is not None:
            lines += [_ymd(r.date), f" DISPO:{RELIEF_TEXT[r.remedy]}"]
    lines.append("")
    return lines


def _event_lines(ev: _EventLayout, case: Case) -> list[str]:
    header = "ARR/DET/CITE:         NAM:01" if ev.kind == "ARR" else "COURT:                NAM:01"
    lines = [header]
    if ev.date is not None:
        lines.append(f"{_ymd(ev.date)}  {ev.agency or ''}".rstrip())
    elif ev.agency:
        lines.append(ev.agency)
    lines.append("")
    number = _up(case.court_case_number) if ev.kind == "COURT" else None
    for i, c in enumerate(ev.counts, 1):
        lines += _count_lines(c, i, number if i == 1 else None, ev.kind == "COURT")
    return lines


def _charges_only(case: Case) -> list[str]:
    lines: list[str] = []
    for i, c in enumerate(case.counts, 1):
        lines += [f"CNT:{i:02d}", _charge_line(c), ""]
    return lines


def write_rap_sheet(record: Record) -> str:
    """Render ``record`` as RAP sheet text (see the module docstring for what is carried)."""
    p = record.person
    out = [
        "CLEARPATH RAP SHEET RENDERING",
        "RESTRICTED-DO NOT USE FOR EMPLOYMENT,LICENSING OR CERTIFICATION PURPOSES",
        "",
    ]
    if _up(p.cii):
        out.append(f"CII/{_up(p.cii)}")
    ident = []
    if p.dob is not None:
        ident.append(f"DOB/{_ymd(p.dob)}")
    if _up(p.sex):
        ident.append(f"SEX/{_up(p.sex)}")
    if _up(p.race):
        ident.append(f"RAC/{_up(p.race)}")
    if ident:
        out.append(" ".join(ident))
    aliases = [a for a in (_up(x) for x in p.aliases) if a]
    if _up(p.name) or aliases:
        out.append(f"NAM/01 {_up(p.name) or ''}".rstrip())
        out += [f"    {i:02d} {a}" for i, a in enumerate(aliases, 2)]
    out.append("")
    if p.registration_290_required:
        out += ["* * * *", "REGISTRATION:         NAM:01", "", "CNT:01", "  290 PC-REGISTRATION OF SEX OFFENDER", ""]
    for case in record.cases:
        out.append("* * * *")
        events = _layout(case)
        for j, ev in enumerate(events):
            if j:
                out.append("- - - -")
            out += _event_lines(ev, case)
            if ev.kind == "ARR" and not arrest_only(case):
                out += _charges_only(case)  # the charges at arrest; the COURT events carry the outcome
    if p.deceased:
        out += ["* * * *", "DECEASED:             NAM:01", ""]
    out.append("     *    *    *    END OF MESSAGE    *    *    *")
    return "\n".join(out) + "\n"


def _written_county(case: Case) -> str | None:
    agency = next((ev.agency for ev in _layout(case) if ev.kind == ("ARR" if arrest_only(case) else "COURT")),
                  None)
    return county_for_agency(agency)


def carried_facts(record: Record) -> dict[str, Any]:
    """The facts of ``record`` that the RAP sheet format carries, canonical and comparable with ``==``."""
    p = record.person
    aliases = [a for a in (_up(x) for x in p.aliases) if a]
    person = {
        "name": _up(p.name), "aliases": aliases, "cii": _up(p.cii), "dob": p.dob, "sex": _up(p.sex),
        "race": _up(p.race), "deceased": True if p.deceased else None,
        "registration_290_required": True if p.registration_290_required else None,
    }
    cases = []
    for case in record.cases:
        only_arrest = arrest_only(case)
        layout = _layout(case)
        judged: dict[int, dt.date | None] = {}
        for ev in layout:
            for c in ev.counts:
                judged[id(c)] = ev.date if ev.kind == "COURT" else None
        counts = []
        for c in case.counts:
            off = parse_offense(c.offense)
            s = c.sentence
            decided = c.disposition in _DECIDED
            months = s.probation_months
            judgment = judged.get(id(c))
            relief = sorted((r.remedy, r.date or dt.date.min) for r in c.relief_granted if r.remedy in RELIEF_TEXT)
            counts.append({
                "offense": off.key if off else None,
                "attempt": bool(off and (c.attempt or off.attempt)),
                "description": _up(c.description),
                "charged_level": c.charged_level,
                "disposition": c.disposition if decided else Disposition.unknown,
                "disposition_date": c.disposition_date if decided else None,
                "conviction_level": c.conviction_level,
                "probation_granted": True if (s.probation_granted or months is not None) else None,
                "probation_months": months,
                "probation_end_date": add_months(judgment, months) if (judgment and months is not None) else None,
                "jail_days": s.jail_days,
                "prison": True if s.prison else None,
                "probation_violation": True if s.probation_revoked else None,  # written only as a revocation
                "probation_revoked": True if s.probation_revoked else None,
                "relief": relief,
            })
        counts.sort(key=repr)
        court = None if only_arrest else next((ev.agency for ev in layout if ev.kind == "COURT"), None)
        declined = bool(case.counts) and all(c.disposition == Disposition.prosecution_declined
                                             for c in case.counts)
        cases.append({
            "charges_filed": (False if declined else None) if only_arrest else True,
            "county": _written_county(case),
            "court": court,
            "court_case_number": None if (only_arrest or not case.counts) else _up(case.court_case_number),
            "arrest_date": case.arrest_date,
            "counts": counts,
        })
    return {"person": person, "cases": cases}
