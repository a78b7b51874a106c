"""PC 4852.01: Certificate of Rehabilitation and pardon application (reference §2.14).

Who: a person convicted of a felony who served state prison or a PC 1170(h) term and was released
(4852.01(a)), or whose felony (or registrable misdemeanor sex offense) was dismissed under PC 1203.4
(4852.01(b)-(c)); in both cases not incarcerated since. Not after a reduction to a misdemeanor (People v.
Moreno), not for the 4852.01(d) offenses, not on mandatory life parole.

When: the period of rehabilitation (PC 4852.03) runs from the earliest release (discharge from custody,
or release on parole, PRCS, mandatory supervision or probation): 7 years, 9 for murder and other life
offenses, 10 for registrable offenses; it includes 5 years of California residence immediately before
filing.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from clearpath.law.ca.gates import executed, gate_reasons, not_serving, serving_until
from clearpath.law.context import Ctx, add_years, add_years_by, lit_date
from clearpath.law.rules import NO_WAIT, Check, Note, ReasonDef, Remedy, Rule, Wait

C = pl.col
IN_FORCE = date(1943, 1, 1)  # [K] the chapter is long-standing; the date is a placeholder far before any use
REDUCTIONS = ("PC 17(b)", "PC 1170.18", "HS 11361.8")
T = "cor_period_4852_03"


def period_years(ctx: Ctx) -> pl.Expr:
    registrable = C("reg290")
    listed = ctx.in_table(T)
    return (
        pl.when(listed).then(C(f"{T}__years"))
        .when(listed.is_null()).then(None)
        .when(registrable).then(pl.lit(10.0))
        .when(registrable.not_()).then(pl.lit(7.0))
        .otherwise(None)
        .cast(pl.Int32)
    )


def build(ctx: Ctx) -> Rule:
    custody = executed("prison") | executed("county_jail_1170h")
    dismissed = ctx.reduced_by(("PC 1203.4",))
    felony = (C("conviction_level") == "felony") & ~ctx.reduced_by(REDUCTIONS)
    sex_misdemeanor = (C("conviction_level") == "misdemeanor") & C("reg290")
    route = (
        pl.when(felony & custody).then(pl.lit("release"))
        .when(dismissed).then(pl.lit("dismissal"))
        .when(felony.not_() | custody.not_()).then(pl.lit("none"))
    )
    # Assumption A20: in a probation case with no custody recorded, release on probation is the judgment.
    start = (
        pl.when(C("custody_release_date").is_not_null()).then(C("custody_release_date"))
        .when((C("_cor_route") == "dismissal") & C("probation_granted") & (C("jail_days").fill_null(0) == 0))
        .then(ctx.judgment_date())
    )
    life_parole = pl.when(C("person_on_mandatory_life_parole").is_not_null()).then(
        C("person_on_mandatory_life_parole")).when(C("person_serving_sentence").not_()).then(False)
    by_dismissal = C("_cor_route") == "dismissal"
    serving, until = not_serving(ctx), serving_until(ctx)
    return Rule(
        columns=[("_cor_route", route)],
        scope=ctx.convicted() & ctx.adult_court()
        & C("conviction_level").is_in(["felony", "misdemeanor"]).fill_null(True),
        checks=[
            Check("pc4852_01_not_felony", felony | sex_misdemeanor,
                  ("count.conviction_level", "law.offense_list_facts")),
            Check("pc4852_01_excluded_offense", ~ctx.in_table("excluded_4852_01d"),
                  ("count.offense", "law.offense_list_facts")),
            Check("pc4852_01_no_release_or_dismissal", C("_cor_route") != "none",
                  ("count.sentence.prison", "count.sentence.county_jail_1170h")),
            Check("pc4852_01_incarcerated_since", ~C("person_incarcerated_since_release"),
                  ("person.incarcerated_since_release",)),
            Check("pc4852_01_life_parole", life_parole.not_(), ("person.on_mandatory_life_parole",)),
            Check("serving_sentence", pl.when(by_dismissal).then(serving.expr).otherwise(True), serving.asks),
        ],
        waits=[
            Wait("pc4852_01_period", add_years_by(start, period_years(ctx)),
                 ("count.sentence.custody_release_date", "count.sentence.judgment_date", "law.offense_list_facts")),
            Wait("pc4852_01_residence", add_years(C("person_ca_residence_since"), 5), ("person.ca_residence_since",)),
            Wait("serving_sentence_until", pl.when(by_dismissal).then(until.date).otherwise(lit_date(NO_WAIT))),
        ],
        notes=[Note("pc4852_01_pardon", pl.lit(True))],
        relief=pl.lit("certificate_of_rehabilitation"),
        discretionary=pl.lit(True),
    )


REMEDY = Remedy(
    remedy="PC 4852.01",
    slug="pc4852_01",
    title="Certificate of Rehabilitation",
    summary="After a felony (or a registrable misdemeanor sex offense dismissed under PC 1203.4), once you have "
    "lived in California five years and the period of rehabilitation (usually seven years from release) has "
    "passed, a court can declare you rehabilitated. The certificate is also an application for a governor's "
    "pardon.",
    citation="PC 4852.01; PC 4852.03",
    verification="K",
    effective_from=IN_FORCE,
    forms=(),
    automatic=False,
    build=build,
    facts=("count.conviction_level", "count.sentence.prison", "count.sentence.county_jail_1170h",
           "count.sentence.custody_release_date", "count.sentence.judgment_date", "person.ca_residence_since",
           "person.incarcerated_since_release", "person.on_mandatory_life_parole", "person.serving_sentence"),
    notes=("Who may petition (4852.01(a)-(c)) [S: practitioner summaries; K for subdivisions]; exclusions "
           "(4852.01(d)) [K]; persons under a death sentence or in the military are also excluded and are not "
           "asked [K].",
           "Not after a reduction to a misdemeanor (PC 17(b)) [S: People v. Moreno]; Prop 47 and Prop 64 "
           "reductions are read the same way [K].",
           "Periods 7/9/10 years including 5 years' residence (4852.03) [S: reference §2.14]; the period starts "
           "at the earliest release (custody, parole, PRCS, mandatory supervision or probation) [K on the start "
           "date; assumption A20 for probation cases].",
           "'Honest and upright life' during the period (4852.05) is for the court; a later conviction does not "
           "bar the petition here.",
           "Registrants: ending registration now runs mostly through PC 290.5 (SB 384, 2021) [U]; not claimed.",
           "No statewide form; counties publish packets [S]."),
    reasons=(
        *gate_reasons("PC 4852.01(c)",
                      serving="You are on probation, parole or supervision now. After a dismissal you can petition "
                      "once it ends.",
                      codes=("relief_already_granted", "serving_sentence", "serving_sentence_until")),
        ReasonDef("pc4852_01_not_felony", "PC 4852.01; People v. Moreno",
                  "A Certificate of Rehabilitation is for felony convictions (and dismissed registrable misdemeanor "
                  "sex offenses). A felony reduced to a misdemeanor no longer qualifies."),
        ReasonDef("pc4852_01_excluded_offense", "PC 4852.01(d)",
                  "The law does not allow a Certificate of Rehabilitation for this offense."),
        ReasonDef("pc4852_01_no_release_or_dismissal", "PC 4852.01(a)-(c)",
                  "Without a prison or county-jail term, the conviction must first be dismissed under PC 1203.4; "
                  "ask for that dismissal, then for the certificate."),
        ReasonDef("pc4852_01_incarcerated_since", "PC 4852.01(a)-(c); People v. Jones (1985)",
                  "A person who has been incarcerated since the release (or the dismissal) cannot petition."),
        ReasonDef("pc4852_01_life_parole", "PC 4852.01(d)",
                  "People on mandatory life parole cannot petition.", "K"),
        ReasonDef("pc4852_01_period", "PC 4852.03(a)",
                  "You can petition once the period of rehabilitation has passed: 7 years from your release "
                  "(custody, parole, PRCS, supervision or probation), 9 for murder and other life offenses, 10 for "
                  "offenses that require sex-offender registration.", "K"),
        ReasonDef("pc4852_01_residence", "PC 4852.03(a)",
                  "The period includes five years of living in California immediately before you file."),
        ReasonDef("pc4852_01_pardon", "PC 4852.13; PC 4852.16",
                  "A granted certificate goes to the Governor as an application for a pardon. It does not seal "
                  "the record or restore firearm rights (only a full pardon can).", "K"),
    ),
)
