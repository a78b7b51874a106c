"""PC 17(b): reducing a felony wobbler to a misdemeanor; PC 17(d)(2): a misdemeanor to an infraction (§2.3)."""

from __future__ import annotations

from datetime import date

import polars as pl

from clearpath.law.ca.gates import GATE_REASONS, executed
from clearpath.law.context import Ctx
from clearpath.law.rules import Check, Note, ReasonDef, Remedy, Rule

C = pl.col
REDUCTIONS = ("PC 1170.18", "HS 11361.8")  # other remedies that already make a felony a misdemeanor


def wobbler(ctx: Ctx) -> pl.Expr:
    """A wobbler under the penalty clause in force on the offense date; an offense on neither the wobbler
    nor the straight-felony table is unknown (the tables are partial) and is asked about."""
    return (
        pl.when(ctx.in_table("wobblers")).then(True)
        .when(ctx.in_table("straight_felonies")).then(False)
        .otherwise(None)
    )


def _level_maybe(level: str) -> pl.Expr:
    """Convicted at this level, or at an unknown level (then the remedy asks)."""
    return (C("conviction_level") == level).fill_null(True)


def build_17b(ctx: Ctx) -> Rule:
    registrable = ctx.in_table("registrable_290c")
    return Rule(
        scope=ctx.convicted() & ctx.adult_court() & _level_maybe("felony"),
        checks=[
            Check("pc17b_not_felony", C("conviction_level") == "felony", ("count.conviction_level",)),
            Check("already_reduced", ~ctx.reduced_by(REDUCTIONS)),
            Check("pc17b_not_wobbler", wobbler(ctx), ("law.wobbler",)),
            # 17(b)(3) needs a grant of probation; a prison or 1170(h) term carried out closes it.
            Check("pc17b_no_probation",
                  C("probation_granted") & ~executed("prison") & ~executed("county_jail_1170h"),
                  ("count.sentence.probation_granted", "count.sentence.prison")),
        ],
        notes=[
            Note("pc17b_probation_granted", C("probation_granted") & wobbler(ctx)),
            Note("pc17b_cor_warning", pl.lit(True)),
            Note("pc17b_registration_unchanged", registrable),
            Note("pc17b_firearm_misdemeanor_ban", ctx.in_table("firearm_ban_29805")),
        ],
        relief=pl.lit("reduction_to_misdemeanor"),
        discretionary=pl.lit(True),
    )


def build_17d2(ctx: Ctx) -> Rule:
    return Rule(
        scope=ctx.convicted() & ctx.adult_court() & _level_maybe("misdemeanor"),
        checks=[
            Check("pc17d2_not_misdemeanor", C("conviction_level") == "misdemeanor", ("count.conviction_level",)),
            Check("pc17d2_not_wobblette", ctx.in_table("wobblettes_19_8"), ("count.offense",)),
        ],
        notes=[Note("pc17d2_wobblette", ctx.in_table("wobblettes_19_8"))],
        relief=pl.lit("reduction_to_infraction"),
        discretionary=pl.lit(True),
    )


PC17B = Remedy(
    remedy="PC 17(b)",
    slug="pc17b",
    title="Reduce a felony to a misdemeanor",
    summary="If the offense could have been a felony or a misdemeanor and you got probation, a judge may "
    "reduce it to a misdemeanor, at sentencing or any time later.",
    citation="PC 17(b)(3)",
    verification="S",
    effective_from=date(1872, 1, 1),
    forms=("CR-180", "CR-181"),
    automatic=False,
    build=build_17b,
    facts=("count.conviction_level", "count.sentence.probation_granted", "count.sentence.prison", "law.wobbler"),
    notes=("Wobbler status is read from the penalty clause in force on the offense date; the wobbler and "
           "straight-felony tables are partial, so other offenses are asked about [K].",
           "An executed prison term after revocation closes 17(b)(3) [K].",),
    reasons=(
        *GATE_REASONS,
        ReasonDef("already_reduced", "PC 17(b)", "This conviction was already reduced under another law."),
        ReasonDef("pc17b_not_felony", "PC 17(b)", "Only a felony conviction can be reduced to a misdemeanor."),
        ReasonDef("pc17b_not_wobbler", "PC 17(b)",
                  "This offense can only be a felony (it is not a 'wobbler'), so it cannot be reduced."),
        ReasonDef("pc17b_no_probation", "PC 17(b)(3)",
                  "Reduction after sentencing needs a grant of probation; a prison or county-jail felony term "
                  "was carried out here.", "K"),
        ReasonDef("pc17b_probation_granted", "PC 17(b)(3)",
                  "You got probation, so you can ask the judge to reduce this to a misdemeanor. The judge decides."),
        ReasonDef("pc17b_cor_warning", "People v. Moreno",
                  "After a reduction this is no longer a felony, so you could not get a Certificate of "
                  "Rehabilitation or pardon for it. Think about that first if you want one."),
        ReasonDef("pc17b_registration_unchanged", "PC 17(e); People v. Manzoor (2023)",
                  "A reduction does not end a duty to register as a sex offender."),
        ReasonDef("pc17b_firearm_misdemeanor_ban", "PC 29805",
                  "As a misdemeanor this offense still brings a 10-year state firearm ban (and a lifetime "
                  "federal ban for domestic violence).", "K"),
    ),
)

PC17D2 = Remedy(
    remedy="PC 17(d)(2)",
    slug="pc17d2",
    title="Reduce a misdemeanor to an infraction",
    summary="For some minor misdemeanors listed in PC 19.8, a judge may, with your consent, treat the "
    "conviction as an infraction.",
    citation="PC 17(d)(2); PC 19.8",
    verification="K",
    effective_from=date(1872, 1, 1),
    forms=("CR-180", "CR-181"),
    automatic=False,
    build=build_17d2,
    facts=("count.offense", "count.conviction_level"),
    notes=("The PC 19.8 list was recalled, not re-read [K].",),
    reasons=(
        *GATE_REASONS,
        ReasonDef("pc17d2_not_misdemeanor", "PC 17(d)", "Only a misdemeanor can be reduced to an infraction."),
        ReasonDef("pc17d2_not_wobblette", "PC 17(d); PC 19.8",
                  "This misdemeanor is not one the law lets a judge treat as an infraction."),
        ReasonDef("pc17d2_wobblette", "PC 17(d)(2)",
                  "A judge may treat this misdemeanor as an infraction if you agree.", "K"),
    ),
)
