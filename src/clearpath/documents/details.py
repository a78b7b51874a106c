"""Every fact a packet prints, as one reviewable document (``clearpath-packet-fields/1``).

``fields_from_record`` fills what the record and the relief plan already say; the rest (address, phone,
hearing date, the person's own statement) is left empty for the person or their advocate. The whole model
dumps to JSON (``clearpath papers --fields-out``), can be corrected in any editor, and is fed back with
``--details``: what is printed is exactly what is in these fields, never recomputed behind the reader's back.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from clearpath.law.offense import parse_offense
from clearpath.law.result import CheckResult, Plan
from clearpath.records.model import Case, Count, Record

FIELDS_FORMAT: Literal["clearpath-packet-fields/1"] = "clearpath-packet-fields/1"

# The dismissal statutes CR-180 covers, in the order a packet prefers them for one conviction.
DISMISSAL = ("PC 1203.4", "PC 1203.4a", "PC 1203.41", "PC 1203.42")
REDUCTION = ("PC 17(b)", "PC 17(d)(2)")

Ground = Literal[
    "probation_fulfilled",  # PC 1203.4(a)(1): conditions of probation fulfilled for the whole period
    "probation_discharged_early",  # PC 1203.4(a)(1): discharged before the end of the period (PC 1203.3)
    "honest_and_upright_life",  # PC 1203.4a(a)
    "interests_of_justice",  # PC 1203.4 / 1203.4a(b) / 1203.41 / 1203.42 / 851.91 discretionary track
    "one_year_after_mandatory_supervision",  # PC 1203.41(a)(2), split sentence
    "two_years_after_sentence",  # PC 1203.41(a)(2) / 1203.42(a)(2)
    "matter_of_right",  # PC 851.91, no pattern of domestic-violence, child- or elder-abuse offenses
    "sentence_completed",  # HS 11361.8(e) application / PC 1170.18(f) application
    "serving_sentence",  # HS 11361.8(a) petition / PC 1170.18(a) petition
]


class _Fields(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Address(_Fields):
    street: str | None = None
    city: str | None = None
    state: str | None = "CA"
    zip: str | None = None

    def one_line(self) -> str:
        if not (self.street or self.city):
            return ""
        place = " ".join(p for p in (self.state, self.zip) if p)
        return ", ".join(p for p in (self.street, self.city, place) if p)


class Petitioner(_Fields):
    name: str | None = Field(None, description="Full legal name as on the court case.")
    other_names: list[str] = Field(default_factory=list, description="Other names the cases may be under.")
    dob: dt.date | None = None
    address: Address = Field(default_factory=Address)
    phone: str | None = None
    email: str | None = None


class Attorney(_Fields):
    name: str | None = None
    bar_number: str | None = None
    firm: str | None = None
    address: Address = Field(default_factory=Address)
    phone: str | None = None
    fax: str | None = None
    email: str | None = None


class CountRow(_Fields):
    count_id: str
    offense: str = Field(description="Code and section as the record gives it, e.g. 'PC 487(a)'.")
    code: str = Field(description="The code, e.g. 'PC', 'HS' (the first column of the CR-180 table).")
    section: str = Field(description="The section with subdivisions, e.g. '487(a)'.")
    description: str | None = None
    level: str | None = Field(None, description="felony, misdemeanor or infraction (as convicted).")
    conviction_date: dt.date | None = None
    value_usd: float | None = Field(None, description="Value of the property (theft, forgery; Prop 47's $950).")
    request_17b: bool = Field(False, description="Ask to reduce this felony to a misdemeanor (PC 17(b)).")
    request_17d2: bool = Field(False, description="Ask to reduce this misdemeanor to an infraction (PC 17(d)(2)).")


class Request(_Fields):
    """One remedy asked for in one case, for some of its counts."""

    remedy: str = Field(description="Statute id, e.g. 'PC 1203.4', 'HS 11361.8'.")
    case_id: str | None = Field(None, description="Set on relief that opens later (the letter names the case).")
    relief: str | None = Field(None, description="What the court is asked to do (engine vocabulary).")
    count_ids: list[str]
    discretionary: bool = False
    ground: Ground | None = None
    eligible_on: dt.date | None = None


class Hearing(_Fields):
    date: dt.date | None = None
    time: str | None = None
    department: str | None = None


class CaseFields(_Fields):
    case_id: str
    court_case_number: str | None = None
    county: str | None = None
    court_name: str | None = Field(None, description="'Superior Court of California, County of ...'.")
    court_address: str | None = None
    arrest_date: dt.date | None = None
    prosecutor: str | None = Field(None, description="e.g. 'Office of the District Attorney, Sacramento County'.")
    prosecutor_address: str | None = None
    arresting_agency: str | None = Field(None, description="Needed for a PC 851.91 petition (service).")
    arresting_agency_address: str | None = None
    hearing: Hearing = Field(default_factory=Hearing)
    counts: list[CountRow] = Field(default_factory=list)
    requests: list[Request] = Field(default_factory=list)

    def request(self, remedy: str) -> Request | None:
        return next((r for r in self.requests if r.remedy == remedy), None)


class Declaration(_Fields):
    """What the person tells the court when relief is up to the judge ("interests of justice")."""

    statement: str | None = Field(
        None, description="In the person's own words: life since the conviction, why relief matters.")
    employment: str | None = None
    education: str | None = None
    family_and_community: str | None = None
    treatment_and_recovery: str | None = None
    hardship: str | None = Field(None, description="What the conviction keeps the person from (job, housing, license).")


class Service(_Fields):
    server_name: str | None = Field(None, description="An adult who is not the petitioner.")
    server_address: str | None = None
    date: dt.date | None = None
    method: Literal["mail", "personal", "electronic"] | None = None


class PacketFields(_Fields):
    format: Literal["clearpath-packet-fields/1"] = FIELDS_FORMAT
    as_of: dt.date
    person_id: str
    language: Literal["en", "es"] = "en"
    petitioner: Petitioner = Field(default_factory=Petitioner)
    attorney: Attorney | None = Field(None, description="Leave null when the person files for themselves.")
    cases: list[CaseFields] = Field(default_factory=list)
    declaration: Declaration = Field(default_factory=Declaration)
    service: Service = Field(default_factory=Service)
    fee_waiver: bool = Field(True, description="Include the fee-waiver note (form FW-001).")
    later: list[Request] = Field(default_factory=list, description="Relief that opens later (for the letter).")
    questions: list[str] = Field(default_factory=list,
                                 description="What the record does not show and some relief turns on (for the letter).")

    def case(self, case_id: str) -> CaseFields:
        return next(c for c in self.cases if c.case_id == case_id)

    def dump(self, path: Path) -> None:
        path.write_text(self.model_dump_json(indent=2) + "\n", encoding="utf-8")


class FieldsError(ValueError):
    """A fields file that cannot be used (the message names the field)."""


def load_fields(path: Path) -> PacketFields:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise FieldsError(f"{path}: {exc}") from None
    try:
        return PacketFields.model_validate(data)
    except ValidationError as exc:
        lines = [f"{path}: {exc.error_count()} problem(s)"]
        lines += [f"  {'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()]
        raise FieldsError("\n".join(lines)) from None


def split_offense(offense: str | None) -> tuple[str, str]:
    """'PC 487(a)' -> ('PC', '487(a)'); an unreadable offense stays whole in the section column."""
    parsed = parse_offense(offense) if offense else None
    if parsed is None:
        return "", offense or ""
    section = parsed.section + "".join(f"({s})" for s in parsed.subdivisions)
    return parsed.code, ("664/" + section if parsed.attempt else section)


def _ground(remedy: str, discretionary: bool, cnt: Count | None) -> Ground | None:
    s = cnt.sentence if cnt else None
    if remedy == "PC 1203.4":
        if discretionary:
            return "interests_of_justice"
        return "probation_discharged_early" if s and s.probation_early_termination else "probation_fulfilled"
    if remedy == "PC 1203.4a":
        return "interests_of_justice" if discretionary else "honest_and_upright_life"
    if remedy == "PC 1203.41":
        return "one_year_after_mandatory_supervision" if s and s.mandatory_supervision \
            else "two_years_after_sentence"
    if remedy == "PC 1203.42":
        return "two_years_after_sentence"
    if remedy == "PC 851.91":
        return "interests_of_justice" if discretionary else "matter_of_right"
    return None


def _court_name(case: Case) -> str | None:
    return f"Superior Court of California, County of {case.county}" if case.county else None


def _row(cnt: Count) -> CountRow:
    code, section = split_offense(cnt.offense)
    level = cnt.conviction_level.value if cnt.conviction_level else None
    return CountRow(count_id=cnt.id, offense=cnt.offense or "", code=code, section=section,
                    description=cnt.description, level=level, conviction_date=cnt.disposition_date,
                    value_usd=cnt.value_usd)


def fields_from_record(record: Record, result: CheckResult, plan: Plan) -> PacketFields:
    """What the record and the plan already say; everything else is left for the person to fill in."""
    as_of = result.as_of
    cases = {c.id: c for c in record.cases}
    counts = {(c.id, n.id): n for c in record.cases for n in c.counts}
    chosen: dict[str, dict[str, Request]] = {}
    reduce: dict[tuple[str, str], str] = {}
    later: list[Request] = []
    questions: list[str] = []
    dismissal_done: set[tuple[str, str]] = set()
    for step in plan.steps:
        if step.automatic:
            continue  # automatic relief needs no papers; its petition fallback is its own step
        key = (step.case_id, step.count_ids[0])
        ready = step.status == "eligible" and (step.earliest_date is None or step.earliest_date <= as_of)
        if not ready:
            questions += [q.text for q in step.questions if q.text not in questions]
            if step.status == "eligible_later":
                later.append(Request(remedy=step.remedy, case_id=step.case_id, relief=step.relief,
                                     count_ids=step.count_ids,
                                     discretionary=step.discretionary, eligible_on=step.earliest_date))
            continue
        if step.remedy in REDUCTION:
            reduce[key] = step.remedy
            continue
        if step.remedy in DISMISSAL:
            if key in dismissal_done:
                continue  # one dismissal statute per conviction (CR-180 lets the court see the rest)
            dismissal_done.add(key)
        ground = _ground(step.remedy, step.discretionary, counts.get(key))
        if step.remedy in ("HS 11361.8", "PC 1170.18"):
            ground = "serving_sentence" if step.relief == "resentencing" else "sentence_completed"
        reqs = chosen.setdefault(step.case_id, {})
        req = reqs.get(step.remedy)
        if req is None:
            reqs[step.remedy] = Request(remedy=step.remedy, relief=step.relief, count_ids=list(step.count_ids),
                                        discretionary=step.discretionary, ground=ground,
                                        eligible_on=step.earliest_date)
        else:
            req.count_ids += [c for c in step.count_ids if c not in req.count_ids]
            req.discretionary = req.discretionary or step.discretionary
            if step.discretionary and ground == "interests_of_justice":
                req.ground = ground
    # A PC 17 request rides on the case's petition; with no dismissal it is a petition of its own (CR-180).
    for (case_id, count_id), remedy in reduce.items():
        reqs = chosen.setdefault(case_id, {})
        req = reqs.get(remedy)
        if req is None:
            reqs[remedy] = Request(remedy=remedy, relief="reduction_to_misdemeanor" if remedy == "PC 17(b)"
                                   else "reduction_to_infraction", count_ids=[count_id], discretionary=True)
        elif count_id not in req.count_ids:
            req.count_ids.append(count_id)
    out_cases = []
    for case_id, reqs in chosen.items():
        case = cases[case_id]
        wanted = {c for r in reqs.values() for c in r.count_ids}
        rows = [_row(n) for n in case.counts if n.id in wanted]
        for row in rows:
            row.request_17b = reduce.get((case_id, row.count_id)) == "PC 17(b)"
            row.request_17d2 = reduce.get((case_id, row.count_id)) == "PC 17(d)(2)"
        out_cases.append(CaseFields(
            case_id=case_id, court_case_number=case.court_case_number, county=case.county,
            court_name=_court_name(case), arrest_date=case.arrest_date, counts=rows,
            prosecutor=f"Office of the District Attorney, {case.county} County" if case.county else None,
            requests=list(reqs.values())))
    person = record.person
    return PacketFields(
        as_of=as_of, person_id=person.id,
        petitioner=Petitioner(name=person.name, other_names=list(person.aliases), dob=person.dob),
        cases=out_cases,
        later=later,
        questions=questions,
    )
