"""DA policy profiles: the discretionary choices an office makes on top of the statute, as reviewable YAML.

A profile never changes what the statute says (the ``status`` and ``relief`` columns); it adds what the office
will do: ``policy_relief`` (e.g. dismiss outright instead of reducing), ``route`` (e.g. send misdemeanors to the
city attorney) and ``review`` (hand review), and every rule that fired is named in the row's reasons as
``policy:<rule id>``. A criterion that cannot be decided for a row (no date of birth for an age rule) does not
fire; the row gets ``policy_unknown:<rule id>`` so nobody mistakes "not applied" for "does not apply".

Format (``clearpath-policy/1``)::

    format: clearpath-policy/1
    name: Example County DA — Prop 64 (2019)
    office: Example County District Attorney
    rules:
      - id: over-50
        description: Dismiss outright when the person is 50 or older.
        remedies: [HS 11361.8]          # default: every remedy
        statuses: [eligible]            # default: eligible, eligible_later
        when: {age_at_least: 50}        # every criterion given must hold
        then: {relief: dismissal_and_sealing}

Criteria: ``age_at_least``, ``age_below`` (age on the analysis date), ``no_conviction_within_years`` (no
conviction dated within N years before the analysis date), ``only_cannabis_convictions`` (every conviction of
the person is a Prop 64 offense), ``deceased``, ``conviction_level`` (list), ``county`` (list),
``offense_prefix`` (list of offense keys, ``HS 11359`` covers ``HS 11359(b)``).
Actions: ``relief`` (a relief name), ``route`` (who files), ``review`` (true).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Literal

import polars as pl
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from clearpath.law.context import add_years
from clearpath.law.pack import LawPack

C = pl.col
# The engine's relief names (remedies' ``relief``) a policy may choose instead of the statute's.
RELIEFS = ("dismissal_and_sealing", "dismissal", "reduction_to_misdemeanor", "reduction_to_infraction",
           "resentencing", "sealing")


Status = Literal["eligible", "eligible_later", "needs_info", "not_eligible"]


class PolicyError(ValueError):
    """A policy file that is not a valid profile; the message names the file and the field."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class When(_Strict):
    age_at_least: int | None = Field(None, ge=0, le=130)
    age_below: int | None = Field(None, ge=0, le=130)
    no_conviction_within_years: int | None = Field(None, ge=1, le=100)
    only_cannabis_convictions: bool | None = None
    deceased: bool | None = None
    conviction_level: list[Literal["felony", "misdemeanor", "infraction"]] | None = None
    county: list[str] | None = None
    offense_prefix: list[str] | None = None

    @model_validator(mode="after")
    def _some(self) -> When:
        if not self.model_dump(exclude_none=True):
            raise ValueError("a rule needs at least one criterion under 'when'")
        return self


class Then(_Strict):
    relief: str | None = None
    route: str | None = Field(None, pattern=r"^[a-z][a-z0-9_]*$")
    review: bool | None = None

    @model_validator(mode="after")
    def _some(self) -> Then:
        if self.relief is None and self.route is None and not self.review:
            raise ValueError("a rule needs an action under 'then' (relief, route or review)")
        if self.relief is not None and self.relief not in RELIEFS:
            raise ValueError(f"relief {self.relief!r} is not one of {', '.join(RELIEFS)}")
        return self


class PolicyRule(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    description: str
    remedies: list[str] | None = None
    statuses: list[Status] = Field(default_factory=lambda: list[Status](["eligible", "eligible_later"]))
    when: When
    then: Then


class Policy(_Strict):
    format: Literal["clearpath-policy/1"]
    name: str
    office: str | None = None
    rules: list[PolicyRule] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> Policy:
        ids = [r.id for r in self.rules]
        dup = sorted({i for i in ids if ids.count(i) > 1})
        if dup:
            raise ValueError(f"rule ids must be unique: {', '.join(dup)}")
        return self


def load_policy(path: Path, pack: LawPack | None = None) -> Policy:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        policy = Policy.model_validate(data)
    except OSError as exc:
        raise PolicyError(f"{path}: cannot read: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise PolicyError(f"{path}: not YAML: {exc}") from None
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or "(top)"
        raise PolicyError(f"{path}: {where}: {err['msg']}") from None
    if pack is not None:
        known = {r.remedy for r in pack.remedies}
        for rule in policy.rules:
            bad = [r for r in rule.remedies or [] if r not in known]
            if bad:
                raise PolicyError(f"{path}: rules[{rule.id}].remedies: unknown remedy {', '.join(bad)}")
    return policy


def person_facts(counts: pl.DataFrame, people: pl.DataFrame, as_of: date, pack: LawPack) -> pl.DataFrame:
    """Per person: age on ``as_of``, deceased, latest conviction date (unknown if any conviction is undated),
    and whether every conviction is a Prop 64 offense."""
    convicted = counts.filter(C("disposition") == "convicted")
    keys = convicted.select("offense", "attempt", enh_key=C("enhancements").list.join("|")).unique()
    p64 = pack.tables.lookup(keys).select("offense", "attempt", "enh_key", _p64="prop64_offenses")
    convicted = convicted.with_columns(enh_key=C("enhancements").list.join("|")).join(
        p64, on=["offense", "attempt", "enh_key"], how="left", nulls_equal=True)
    per = convicted.group_by("person_id").agg(
        _last_conv=C("disposition_date").max(),
        _undated=C("disposition_date").is_null().any(),
        # Kleene AND over the person's convictions: false if any is surely not cannabis.
        only_cannabis=pl.when((C("_p64") == False).any()).then(False)  # noqa: E712
        .when(C("_p64").is_null().any()).then(None).otherwise(True),
    )
    base = people.select("person_id", "dob", "deceased")
    out = base.join(per, on="person_id", how="left").with_columns(
        age=age_on(C("dob"), as_of),
        last_conviction=pl.when(C("_undated").fill_null(False)).then(None).otherwise(C("_last_conv")),
        undated_conviction=C("_undated").fill_null(False),
        only_cannabis=C("only_cannabis").fill_null(False),  # no conviction: not "only cannabis convictions"
    )
    return out.drop("_last_conv", "_undated")


def age_on(dob: pl.Expr, as_of: date) -> pl.Expr:
    """Age in whole years on ``as_of`` (a Feb 29 birthday counts on Mar 1 in other years)."""
    years = pl.lit(as_of.year) - dob.dt.year()
    before_birthday = (pl.lit(as_of.month) < dob.dt.month()) | (
        (pl.lit(as_of.month) == dob.dt.month()) & (pl.lit(as_of.day) < dob.dt.day()))
    return (years - before_birthday.cast(pl.Int32)).cast(pl.Int32)


def _criterion(when: When, as_of: date) -> pl.Expr:
    """Kleene AND of the rule's criteria over a frame with the determination, count and person facts."""
    parts: list[pl.Expr] = []
    if when.age_at_least is not None:
        parts.append(C("_age") >= when.age_at_least)
    if when.age_below is not None:
        parts.append(C("_age") < when.age_below)
    if when.no_conviction_within_years is not None:
        since = add_years(pl.lit(as_of), -when.no_conviction_within_years)
        parts.append(pl.when(C("_undated_conviction")).then(None).otherwise(
            C("_last_conviction").is_null() | (C("_last_conviction") < since)))
    if when.only_cannabis_convictions is not None:
        parts.append(C("_only_cannabis") == when.only_cannabis_convictions)
    if when.deceased is not None:
        parts.append(C("_deceased").fill_null(False) if when.deceased else ~C("_deceased").fill_null(False))
    if when.conviction_level is not None:
        parts.append(C("conviction_level").is_in(when.conviction_level))
    if when.county is not None:
        parts.append(C("county").str.to_lowercase().is_in([c.lower() for c in when.county]))
    if when.offense_prefix is not None:
        parts.append(pl.any_horizontal([
            (C("offense") == p) | C("offense").str.starts_with(p + "(") for p in when.offense_prefix]))
    out = parts[0]
    for p in parts[1:]:
        out = out & p
    return out


def apply_policy(dets: pl.DataFrame, facts: pl.DataFrame, policy: Policy | None, as_of: date) -> pl.DataFrame:
    """Add ``policy_relief``, ``route``, ``review`` and, with a policy, ``policy_reasons`` (list of codes) to
    determinations that carry ``person_id``, ``conviction_level``, ``county`` and ``offense``."""
    if policy is None or dets.height == 0:
        out = dets.with_columns(policy_relief=pl.lit(None, pl.String), route=pl.lit(None, pl.String),
                                review=pl.lit(False))
        return out if policy is None else out.with_columns(policy_reasons=pl.lit([], pl.List(pl.String)))
    f = facts.select("person_id", _age="age", _deceased="deceased", _last_conviction="last_conviction",
                     _undated_conviction="undated_conviction", _only_cannabis="only_cannabis")
    frame = dets.join(f, on="person_id", how="left", maintain_order="left")
    fired: list[pl.Expr] = []
    relief: pl.Expr = pl.lit(None, pl.String)
    route: pl.Expr = pl.lit(None, pl.String)
    review: pl.Expr = pl.lit(False)
    # Earlier rules win for relief and route: build the chains from the last rule to the first.
    for rule in reversed(policy.rules):
        scope = C("status").is_in(rule.statuses)
        if rule.remedies is not None:
            scope = scope & C("remedy").is_in(rule.remedies)
        hit = (scope & _criterion(rule.when, as_of)).fill_null(False)
        unknown = scope & _criterion(rule.when, as_of).is_null()
        if rule.then.relief is not None:
            relief = pl.when(hit).then(pl.lit(rule.then.relief)).otherwise(relief)
        if rule.then.route is not None:
            route = pl.when(hit).then(pl.lit(rule.then.route)).otherwise(route)
        if rule.then.review:
            review = review | hit
        fired.insert(0, pl.when(hit).then(pl.lit(f"policy:{rule.id}"))
                     .when(unknown).then(pl.lit(f"policy_unknown:{rule.id}")))
    out = frame.with_columns(
        policy_relief=relief, route=route, review=review,
        policy_reasons=pl.concat_list(fired).list.drop_nulls(),
    )
    return out.drop("_age", "_deceased", "_last_conviction", "_undated_conviction", "_only_cannabis")


def describe(policy: Policy | None) -> dict[str, str]:
    """Reason code → text for the profile's rules (for reports and the manifest)."""
    if policy is None:
        return {}
    out: dict[str, str] = {}
    for r in policy.rules:
        out[f"policy:{r.id}"] = f"{policy.name}: {r.description}"
        out[f"policy_unknown:{r.id}"] = f"{policy.name}: could not tell whether '{r.id}' applies (a fact is missing)"
    return out
