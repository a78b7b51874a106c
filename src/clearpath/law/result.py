"""The output contract of `clearpath check --format json` (schemas/check-result-v1.schema.json)."""

from __future__ import annotations

from datetime import date
from typing import Literal

import polars as pl
from pydantic import BaseModel, ConfigDict

from clearpath.law.pack import LawPack

Status = Literal["eligible", "eligible_later", "not_eligible", "needs_info", "already_granted"]


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Reason(_Out):
    code: str
    citation: str
    text: str


class Question(_Out):
    fact: str
    text: str


class Determination(_Out):
    remedy: str
    case_id: str
    count_ids: list[str]
    status: Status
    relief: str | None
    eligible_on: date | None
    automatic: bool
    discretionary: bool
    reasons: list[Reason]
    questions: list[Question]


class Issue(_Out):
    code: str
    case_id: str | None = None
    count_id: str | None = None
    field: str | None = None
    line: int | None = None
    text: str


Goal = Literal["certificate"]


class Effect(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    text: str
    citation: str
    verification: Literal["S", "K", "U"]


class PlanStep(BaseModel):
    model_config = ConfigDict(extra="forbid")
    step: int
    remedy: str
    case_id: str
    count_ids: list[str]
    status: Literal["eligible", "eligible_later", "needs_info"]
    relief: str | None
    action: str
    earliest_date: date | None
    court: str
    forms: list[str]
    automatic: bool
    discretionary: bool
    after: list[int]
    fallback_for: int | None
    gains: list[Effect]
    limits: list[Effect]
    warnings: list[str]
    questions: list[Question]


class Plan(BaseModel):
    model_config = ConfigDict(extra="forbid")
    as_of: date
    person_id: str
    goals: list[Goal]
    steps: list[PlanStep]
    warnings: list[str]


class CheckResult(_Out):
    as_of: date
    law_version: str
    person_id: str
    determinations: list[Determination]
    issues: list[Issue]
    plan: Plan | None = None


def determinations_from_frame(frame: pl.DataFrame, pack: LawPack) -> list[Determination]:
    out = []
    for row in frame.iter_rows(named=True):
        remedy = pack.remedy(row["remedy"])
        reasons = [remedy.reason(code) for code in row["reasons"]]
        out.append(Determination(
            remedy=row["remedy"],
            case_id=row["case_id"],
            count_ids=[row["count_id"]],
            status=row["status"],
            relief=row["relief"],
            eligible_on=row["eligible_on"],
            automatic=row["automatic"],
            discretionary=row["discretionary"],
            reasons=[Reason(code=r.code, citation=r.citation, text=r.text) for r in reasons],
            questions=[Question(fact=f, text=pack.facts[f].text) for f in row["questions"]],
        ))
    return out
