"""PC 1170.18 (Proposition 47): resentencing or redesignation of listed felonies as misdemeanors (§2.2)."""

from __future__ import annotations

from datetime import date

import polars as pl

from clearpath.law.ca.gates import GATE_REASONS, serving_this_count
from clearpath.law.context import Ctx, kleene_any, lit_date
from clearpath.law.rules import Ask, Check, Note, ReasonDef, Remedy, Rule, Wait

C = pl.col
PROP47 = date(2014, 11, 5)
DEADLINE_PASSED = date(2022, 11, 5)  # AB 2765: deadline Nov 4, 2022, later only on good cause
SB749 = date(2023, 10, 8)  # Stats. 2023, ch. 633 (urgency): deadline removed
T = "prop47_offenses"


def requires(kind: str, cond: pl.Expr) -> pl.Expr:
    """``cond`` applies only to rows whose table entry names this fact requirement."""
    return pl.when(C(f"{T}__requires") == kind).then(cond).otherwise(True)


def _prior(before: str, anywhere: str) -> pl.Expr:
    return pl.when(C(before)).then(False).when(C(anywhere).not_()).then(True).otherwise(None)


def build(ctx: Ctx) -> Rule:
    listed = C(T).fill_null(False)
    excluded = ctx.in_table("prop47_not_eligible")
    limit = C(f"{T}__value_limit")
    serving = serving_this_count(ctx)
    good_cause = ctx.in_force(DEADLINE_PASSED) and not ctx.in_force(SB749)
    not_firearm = C("circ_firearm_involved").not_()
    return Rule(
        scope=ctx.convicted() & (listed | C("prop47_not_eligible").fill_null(False)),
        checks=[
            Check("law_not_in_effect", pl.lit(ctx.in_force(PROP47))),
            Check("prop47_offense_not_covered", listed & ~excluded.fill_null(False)),
            Check("prop47_conduct_after_prop47", ctx.offense_before(PROP47), ("count.offense_date",)),
            Check("prop47_not_felony", C("conviction_level") == "felony", ("count.conviction_level",)),
            Check("already_reduced", ~ctx.reduced_by(("PC 17(b)", "HS 11361.8"))),
            Check("prop47_value_over_limit", limit.is_null() | (C("value_usd") <= limit), ("count.value_usd",)),
            Check("prop47_not_commercial_entry",
                  requires("commercial_entry", C("circ_commercial_entry_business_hours")),
                  ("count.circumstances.commercial_entry_business_hours",)),
            Check("prop47_forgery_with_identity_theft",
                  requires("listed_instrument_no_identity_theft", C("circ_forgery_with_identity_theft").not_()),
                  ("count.circumstances.forgery_with_identity_theft",)),
            Check("prop47_firearm",
                  requires("not_firearm", not_firearm) & requires("theft_based_not_firearm", not_firearm),
                  ("count.circumstances.firearm_involved",)),
            Check("prop47_not_theft_based", requires("theft_based_not_firearm", C("circ_theft_based")),
                  ("count.circumstances.theft_based",)),
            # PC 666 stays a felony only for registrants and people with super-strike priors (666(b)).
            Check("prop47_666_still_felony",
                  requires("pc666_narrowed",
                           ~kleene_any([C("person_registration_290_required"), C("p_superstrike")])),
                  ("record.other_convictions",)),
            # 1170.18(i): a prior super-strike or PC 290(c) conviction disqualifies. One before this offense
            # disqualifies on any reading; one only later may or may not count ([U]), so it is asked.
            Check("prop47_superstrike_prior", _prior("p_superstrike_before", "p_superstrike"),
                  ("law.prop47_prior_timing", "record.other_convictions", "law.offense_list_facts")),
            Check("prop47_290c_prior", _prior("p_290c_before", "p_290c"),
                  ("law.prop47_prior_timing", "record.other_convictions", "law.offense_list_facts")),
        ],
        waits=[Wait("law_not_in_effect", lit_date(PROP47))],
        notes=[
            Note("prop47_resentencing", serving),
            Note("prop47_redesignation", serving.not_()),
            Note("prop47_good_cause_required", pl.lit(good_cause)),
            Note("prop47_no_deadline", pl.lit(ctx.in_force(SB749))),
            Note("prop47_firearms_not_restored", pl.lit(True)),
        ],
        asks=[Ask("count.sentence.sentence_completed", serving.is_null())],
        relief=pl.when(serving).then(pl.lit("resentencing")).otherwise(pl.lit("reduction_to_misdemeanor")),
        discretionary=pl.when(serving).then(True).otherwise(pl.lit(good_cause)),
    )


REMEDY = Remedy(
    remedy="PC 1170.18",
    slug="pc1170_18",
    title="Proposition 47: felony to misdemeanor",
    summary="Some theft and drug-possession felonies from before November 5, 2014 can be changed to "
    "misdemeanors. If you finished the sentence the court must redesignate it; if you are still serving it, "
    "you can ask to be resentenced.",
    citation="PC 1170.18",
    verification="S",
    effective_from=PROP47,
    forms=(),
    automatic=False,
    build=build,
    facts=("count.offense", "count.value_usd", "count.conviction_level", "count.offense_date",
           "count.circumstances.commercial_entry_business_hours", "count.circumstances.theft_based",
           "count.circumstances.firearm_involved", "count.circumstances.forgery_with_identity_theft"),
    notes=("No statewide Judicial Council form: counties publish local forms.",
           "The petitioner must show eligibility, including value (People v. Sherow), so unknown facts are asked.",
           "PC 476a(b)'s three-prior rule is not yet encoded; such counts are reported as eligible when the "
           "value is under $950 [gap, see docs/law.md]."),
    reasons=(
        *GATE_REASONS,
        ReasonDef("prop47_offense_not_covered", "PC 1170.18(a)",
                  "Proposition 47 did not change this offense."),
        ReasonDef("prop47_conduct_after_prop47", "PC 1170.18(a)",
                  "This offense happened on or after November 5, 2014, so it was already judged under "
                  "Proposition 47."),
        ReasonDef("already_reduced", "PC 1170.18(a), (f)",
                  "This conviction was already reduced to a misdemeanor under another law."),
        ReasonDef("prop47_not_felony", "PC 1170.18(a), (f)", "This conviction is already a misdemeanor."),
        ReasonDef("prop47_value_over_limit", "PC 490.2; PC 459.5; PC 473(b); PC 496(a)",
                  "The value involved was over $950."),
        ReasonDef("prop47_not_commercial_entry", "PC 459.5",
                  "Only entering an open business during business hours to steal counts as shoplifting."),
        ReasonDef("prop47_forgery_with_identity_theft", "PC 473(b)",
                  "Forgery together with identity theft is not covered."),
        ReasonDef("prop47_firearm", "PC 490.2(c)", "Theft of a firearm is not covered."),
        ReasonDef("prop47_not_theft_based", "People v. Page (2017)",
                  "A vehicle conviction for driving only (not theft) is not covered."),
        ReasonDef("prop47_666_still_felony", "PC 666(b)",
                  "Petty theft with a prior stays a felony for people who must register or have a "
                  "super-strike prior."),
        ReasonDef("prop47_superstrike_prior", "PC 1170.18(i); PC 667(e)(2)(C)(iv)",
                  "A conviction for a 'super strike' offense on the record disqualifies."),
        ReasonDef("prop47_290c_prior", "PC 1170.18(i); PC 290(c)",
                  "A conviction for an offense that requires sex-offender registration disqualifies."),
        ReasonDef("prop47_resentencing", "PC 1170.18(a)-(d)",
                  "You are still serving this sentence: you can petition to be resentenced to a misdemeanor. "
                  "The court grants it unless it finds an unreasonable risk of a new super-strike offense."),
        ReasonDef("prop47_redesignation", "PC 1170.18(f)-(h)",
                  "You finished this sentence: the court must change this felony to a misdemeanor. No hearing "
                  "is needed unless you ask for one."),
        ReasonDef("prop47_good_cause_required", "PC 1170.18(j) (as amended by AB 2765)",
                  "The filing deadline passed on November 4, 2022; until October 8, 2023 a late filing "
                  "needed good cause."),
        ReasonDef("prop47_no_deadline", "SB 749 (Stats. 2023, ch. 633)", "There is no deadline to apply."),
        ReasonDef("prop47_firearms_not_restored", "PC 1170.18(j)",
                  "This change does not restore the right to own a firearm."),
    ),
)
