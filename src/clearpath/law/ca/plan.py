"""The relief plan: one person's determinations put in the order the law works best in (reference §1.4).

Rules, each from the reference:
* stages: records with no conviction, then reclassification (Prop 64, Prop 47), then reduction (PC 17),
  then dismissal, then sealing, then a certificate of rehabilitation;
* reclassify before dismissing the same conviction (a dismissal after Prop 47 still works, and a Prop 47
  redesignation can open PC 1203.4a for a prison case: People v. Khamvongsa);
* a Prop 64 dismissal-and-sealing makes a separate dismissal of that count unnecessary;
* automatic relief first (PC 1203.425, 851.93), the matching petition as the fallback when the DOJ has not
  acted (its data is often incomplete);
* a PC 17(b) reduction ends the chance of a Certificate of Rehabilitation for that felony (People v.
  Moreno): warn before it whenever a certificate is possible or is the person's goal.

The plan never contains a step whose determination is not_eligible or already_granted, and no step's
date is earlier than its determination allows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict

from clearpath.law.pack import LawPack
from clearpath.law.result import CheckResult, Determination, Effect, Plan, PlanStep
from clearpath.records.model import Record

EFFECTS = Path(__file__).parent / "effects.yaml"
RECLASSIFY = {"HS 11361.8", "PC 1170.18"}
DISMISS = {"PC 1203.4", "PC 1203.4a", "PC 1203.41", "PC 1203.42", "PC 1203.425"}
FALLBACKS = {"PC 1203.425": {"PC 1203.4", "PC 1203.4a", "PC 1203.41", "PC 1203.42"},
             "PC 851.93": {"PC 851.91"}}
CERTIFICATE = "PC 4852.01"


class RemedyEffects(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    stage: int
    action: str
    gains: list[Effect]
    limits: list[Effect]


@cache
def effects() -> dict[str, RemedyEffects]:
    raw = yaml.safe_load(EFFECTS.read_text(encoding="utf-8"))["remedies"]
    return {k: RemedyEffects.model_validate(v) for k, v in raw.items()}


@dataclass
class _Draft:
    det: Determination
    stage: int
    earliest: date | None
    after: list[_Draft]
    fallback_for: _Draft | None
    warnings: list[str]


def build_plan(record: Record, result: CheckResult, pack: LawPack, goals: set[str] | frozenset[str] = frozenset()
               ) -> Plan:
    fx = effects()
    as_of = result.as_of
    usable = [d for d in result.determinations if d.status in ("eligible", "eligible_later", "needs_info")]
    by_count: dict[tuple[str, str], list[Determination]] = {}
    for d in usable:
        by_count.setdefault((d.case_id, d.count_ids[0]), []).append(d)
    certificate_possible = any(d.remedy == CERTIFICATE for d in usable) or "certificate" in goals

    drafts: list[_Draft] = []
    plan_warnings: list[str] = []
    for dets in by_count.values():
        remedies = {d.remedy: d for d in dets}
        prop64 = remedies.get("HS 11361.8")
        sealed_by_prop64 = prop64 is not None and prop64.status != "needs_info" \
            and prop64.relief == "dismissal_and_sealing"
        count_drafts: dict[str, _Draft] = {}
        for d in sorted(dets, key=lambda x: fx[x.remedy].stage):
            if sealed_by_prop64 and d.remedy in DISMISS:
                continue  # Prop 64 already dismisses and seals this conviction
            earliest = None if d.status == "needs_info" else max(as_of, d.eligible_on or as_of)
            draft = _Draft(d, fx[d.remedy].stage, earliest, [], None, [])
            if d.remedy in DISMISS or d.remedy == "PC 17(b)":
                draft.after = [count_drafts[r] for r in RECLASSIFY if r in count_drafts]
            if d.remedy == "PC 17(b)" and draft.after:
                draft.warnings.append(
                    "If the court grants the earlier reclassification, this felony is already a misdemeanor; ask "
                    "for this reduction too only if you need what it adds (it generally restores state firearm "
                    "rights, which Prop 47 does not).")
            if d.remedy == "PC 17(b)" and certificate_possible:
                draft.warnings.append(
                    "Before asking for this reduction: it ends any chance of a Certificate of Rehabilitation "
                    "or pardon for this felony (People v. Moreno). If a certificate is your goal, ask about it "
                    "first.")
            count_drafts[d.remedy] = draft
            drafts.append(draft)
        for auto, petitions in FALLBACKS.items():
            if auto in count_drafts:
                for p in petitions & count_drafts.keys():
                    count_drafts[p].fallback_for = count_drafts[auto]
    # A step waits for the steps it comes after.
    for draft in drafts:
        for prev in draft.after:
            if draft.earliest is not None and prev.earliest is not None and prev.earliest > draft.earliest:
                draft.earliest = prev.earliest
    far = date.max
    # Within a stage, automatic relief comes before the petition that backs it up.
    drafts.sort(key=lambda x: (x.stage, x.fallback_for is not None, x.earliest or far, x.det.case_id,
                               x.det.count_ids[0], x.det.remedy))
    numbers = {id(dr): i for i, dr in enumerate(drafts, 1)}
    counties = {c.id: c.county for c in record.cases}
    steps = []
    for draft in drafts:
        d = draft.det
        remedy, fxr = pack.remedy(d.remedy), fx[d.remedy]
        steps.append(PlanStep(
            step=numbers[id(draft)],
            remedy=d.remedy,
            case_id=d.case_id,
            count_ids=d.count_ids,
            status=d.status,
            relief=d.relief,
            action=fxr.action,
            earliest_date=draft.earliest,
            court=_court(d.remedy, counties.get(d.case_id)),
            forms=list(remedy.forms),
            automatic=d.automatic,
            discretionary=d.discretionary,
            after=[numbers[id(p)] for p in draft.after],
            fallback_for=numbers[id(draft.fallback_for)] if draft.fallback_for else None,
            gains=fxr.gains,
            limits=fxr.limits,
            warnings=draft.warnings,
            questions=d.questions,
        ))
    if not steps:
        plan_warnings.append("Nothing on this record can be cleared with the remedies checked today.")
    return Plan(as_of=as_of, person_id=result.person_id, goals=sorted(goals), steps=steps,
                warnings=plan_warnings)


def _court(remedy: str, county: str | None) -> str:
    if remedy == CERTIFICATE:
        return "the superior court of the county where you live"
    return f"the Superior Court of {county} County" if county else "the court that handled the case"
