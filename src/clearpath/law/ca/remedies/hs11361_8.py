"""HS 11361.8 (Proposition 64): cannabis convictions dismissed, or reduced to what the conduct is today (§2.1).

The outcome compares the conviction's level with what the same conduct is under today's law: lawful,
an infraction, a misdemeanor, or still a felony. Unknown facts give a range (best and worst case):

* a fact the DA would have to prove to keep a felony (sale to a minor, import/export, employing a minor,
  environmental harm) is presumed absent, because 11361.8(b) and (f) presume eligibility unless the
  opposing party proves otherwise by clear and convincing evidence;
* facts the record or the person can settle (age, amount, priors) are asked when they change the answer.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from clearpath.law.ca.gates import GATE_REASONS, serving_this_count
from clearpath.law.context import Ctx, add_years, kleene_any, lit_date
from clearpath.law.rules import Ask, Check, Note, ReasonDef, Remedy, Rule, Wait

C = pl.col
PROP64 = date(2016, 11, 9)
T = "prop64_offenses"
LAWFUL, INFRACTION, MISDEMEANOR, FELONY = 0, 1, 2, 3
UNDER_18, AGE_18_20, AGE_21_PLUS = 0, 1, 2


def _bracket(ctx: Ctx) -> pl.Expr:
    od, dob = C("offense_date"), C("person_dob")
    return (
        pl.when(od >= add_years(dob, 21)).then(AGE_21_PLUS)
        .when(od >= add_years(dob, 18)).then(AGE_18_20)
        .when(od.is_not_null() & dob.is_not_null()).then(UNDER_18)
        .otherwise(None)
    )


def _target(kind: pl.Expr, b: int, within: pl.Expr, gift: pl.Expr, felony: pl.Expr) -> pl.Expr:
    """What the conduct is today, for age bracket ``b`` (HS 11357-11360 as amended, HS 11362.1)."""
    adult21 = pl.lit(b == AGE_21_PLUS)
    minor = pl.lit(b == UNDER_18)
    possession_like = (
        pl.when(within & adult21).then(LAWFUL)
        .when(within | minor).then(INFRACTION)
        .otherwise(MISDEMEANOR)
    )
    return (
        pl.when(kind == "possession").then(possession_like)
        .when(felony).then(FELONY)
        .when(kind == "cultivation").then(possession_like)
        .when((kind == "sale_transport") & gift & adult21).then(LAWFUL)
        .when(minor).then(INFRACTION)
        .otherwise(MISDEMEANOR)
    )


def build(ctx: Ctx) -> Rule:
    kind = C(f"{T}__kind")
    within = pl.coalesce(C("circ_cannabis_within_personal_limit"), C(f"{T}__within_personal_limit").cast(pl.Boolean))
    gift = C("circ_cannabis_gift_to_adult")
    presumed_absent = kleene_any([
        ctx.in_table("prop64_still_felony").fill_null(False),
        kind.is_in(["possession_for_sale", "sale_transport"]) & C("circ_cannabis_sale_to_minor").fill_null(False),
        (kind == "possession_for_sale") & C("circ_cannabis_employed_minor").fill_null(False),
        (kind == "sale_transport") & C("circ_cannabis_import_export").fill_null(False),
        (kind == "cultivation") & C("circ_cannabis_environmental_violation").fill_null(False),
    ])
    from_record = (kind != "possession") & kleene_any([C("p64_prior_ss290"), C("p64_two_priors")])
    felony = presumed_absent | from_record
    bracket = _bracket(ctx)

    def bound(pick: str, w: pl.Expr, g: pl.Expr, f: pl.Expr) -> pl.Expr:
        options = [pl.when(bracket.is_null() | (bracket == b)).then(_target(kind, b, w, g, f))
                   for b in (UNDER_18, AGE_18_20, AGE_21_PLUS)]
        return pl.min_horizontal(options) if pick == "min" else pl.max_horizontal(options)

    columns = [
        ("_p64_within", within),
        ("_p64_felony", felony),
        ("_p64_bracket", bracket),
    ]
    within, felony, bracket = C("_p64_within"), C("_p64_felony"), C("_p64_bracket")
    columns += [
        ("_p64_lo", bound("min", within.fill_null(True), gift.fill_null(True), felony.fill_null(False))),
        ("_p64_hi", bound("max", within.fill_null(False), gift.fill_null(False), felony.fill_null(True))),
        # A felony already reduced under PC 17(b) or Prop 47 is a misdemeanor now: compare with that.
        ("_p64_level", pl.when(ctx.reduced_by(("PC 17(b)", "PC 1170.18")) & (C("conviction_level") == "felony"))
         .then(pl.lit(MISDEMEANOR, dtype=pl.Int8))
         .otherwise(C("conviction_level").replace_strict(
             {"felony": FELONY, "misdemeanor": MISDEMEANOR, "infraction": INFRACTION}, default=None,
             return_dtype=pl.Int8))),
        ("_p64_serving", serving_this_count(ctx)),
    ]
    lo, hi, level, serving = C("_p64_lo"), C("_p64_hi"), C("_p64_level"), C("_p64_serving")
    columns.append(("_p64_result", pl.when(hi < level).then(hi).otherwise(lo)))
    result = C("_p64_result")
    uncertain = lo != hi
    return Rule(
        columns=columns,
        scope=ctx.convicted() & C(T).fill_null(False),
        checks=[
            Check("law_not_in_effect", pl.lit(ctx.in_force(PROP64))),
            Check("prop64_conduct_after_prop64", ctx.offense_before(PROP64), ("count.offense_date",)),
            Check("prop64_still_felony_today", pl.when(lo == FELONY).then(False).when(hi == FELONY).then(None)
                  .otherwise(True)),
            # Eligible only when what to ask for is settled too: a relief that turns on an unknown fact
            # (dismissal if 21+, infraction if younger) is asked, not guessed.
            Check("prop64_no_lesser_level", pl.when(lo == FELONY).then(True).when(lo >= level).then(False)
                  .when((hi < level) & (lo == hi)).then(True).otherwise(None)),
        ],
        waits=[Wait("law_not_in_effect", lit_date(PROP64))],
        notes=[
            Note("prop64_lawful_now", result == LAWFUL),
            Note("prop64_infraction_now", result == INFRACTION),
            Note("prop64_misdemeanor_now", result == MISDEMEANOR),
            Note("prop64_petition_serving", serving),
            Note("prop64_application_completed", serving.not_()),
            Note("prop64_presumption", pl.lit(True)),
            Note("prop64_check_automatic_review", pl.lit(True)),
        ],
        asks=[
            Ask("count.conviction_level", level.is_null()),
            Ask("person.dob", C("person_dob").is_null() & uncertain),
            Ask("count.offense_date", C("offense_date").is_null() & uncertain),
            Ask("count.circumstances.cannabis_within_personal_limit",
                within.is_null() & kind.is_in(["possession", "cultivation"]) & uncertain),
            Ask("count.circumstances.cannabis_gift_to_adult",
                gift.is_null() & (kind == "sale_transport") & uncertain),
            Ask("law.prop64_two_priors", C("p64_two_priors").is_null() & (kind != "possession")),
            Ask("record.other_convictions", C("p64_prior_ss290").is_null() & (kind != "possession")),
            Ask("count.sentence.sentence_completed", serving.is_null()),
        ],
        relief=pl.when(result == LAWFUL).then(pl.lit("dismissal_and_sealing"))
        .when(serving).then(pl.lit("resentencing"))
        .when(result == INFRACTION).then(pl.lit("reduction_to_infraction"))
        .when(result == MISDEMEANOR).then(pl.lit("reduction_to_misdemeanor"))
        .otherwise(None),
        discretionary=serving.fill_null(False),
    )


REMEDY = Remedy(
    remedy="HS 11361.8",
    slug="hs11361_8",
    title="Proposition 64: cannabis convictions",
    summary="Cannabis convictions for conduct before November 9, 2016 can be dismissed and sealed if the "
    "conduct is legal today, or reduced to what it is today (a misdemeanor or an infraction). There is no "
    "deadline, and the court presumes you qualify.",
    citation="HS 11361.8",
    verification="S",
    effective_from=PROP64,
    forms=("CR-400", "CR-401", "CR-403"),
    automatic=False,
    build=build,
    facts=("person.dob", "count.offense_date", "count.conviction_level",
           "count.circumstances.cannabis_within_personal_limit", "count.circumstances.cannabis_gift_to_adult",
           "count.circumstances.cannabis_sale_to_minor", "count.circumstances.cannabis_import_export",
           "count.circumstances.cannabis_employed_minor", "count.circumstances.cannabis_environmental_violation"),
    notes=("Prop 64 took effect Nov 9, 2016, the day after the election (Cal. Const. art. II, sec. 10(a)) "
           "[S: confirmed in several secondary sources; the reference had it as K].",
           "Felony-keeping facts are presumed absent unless the record shows them (11361.8(b), (f)).",
           "Two or more earlier same-section convictions: how priors are counted is unsettled [U]; asked.",
           "Firearm effect of a Prop 64 redesignation is unsettled [U]; not claimed."),
    reasons=(
        *GATE_REASONS,
        ReasonDef("prop64_conduct_after_prop64", "HS 11361.8(a), (e)",
                  "This offense happened on or after November 9, 2016, so it was already judged under "
                  "Proposition 64.", "K"),
        ReasonDef("prop64_still_felony_today", "HS 11358(d); HS 11359(c)-(d); HS 11360(a)(3)",
                  "The same conduct is still a felony today, so it cannot be reduced."),
        ReasonDef("prop64_no_lesser_level", "HS 11361.8(a), (e)",
                  "The same conduct is punished at the same level today, so there is nothing to reduce."),
        ReasonDef("prop64_lawful_now", "HS 11361.8(e)-(f); HS 11362.1",
                  "This conduct is legal today for adults 21 and over: the conviction can be dismissed and "
                  "sealed.", "K"),
        ReasonDef("prop64_infraction_now", "HS 11357-11360; HS 11361.8(e)",
                  "This conduct is an infraction today: the conviction can be changed to an infraction."),
        ReasonDef("prop64_misdemeanor_now", "HS 11357-11360; HS 11361.8(e)",
                  "This conduct is a misdemeanor today: the felony can be changed to a misdemeanor."),
        ReasonDef("prop64_petition_serving", "HS 11361.8(a)-(c)",
                  "You are still serving this sentence: you can petition for recall and resentencing. The "
                  "court grants it unless it finds an unreasonable risk to public safety."),
        ReasonDef("prop64_application_completed", "HS 11361.8(e)-(g)",
                  "You finished this sentence: you can apply, and no hearing is needed unless you ask."),
        ReasonDef("prop64_presumption", "HS 11361.8(b), (f)",
                  "The court presumes you qualify unless the DA proves otherwise by clear and convincing "
                  "evidence."),
        ReasonDef("prop64_check_automatic_review", "HS 11361.9",
                  "The DA and court may already have done this automatically; check your record first."),
    ),
)
