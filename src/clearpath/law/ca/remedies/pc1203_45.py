"""PC 1203.45: sealing an adult-court misdemeanor committed before 18 (reference §2.13).

For a misdemeanor committed under 18 that is dismissed under PC 1203.4 or 1203.4a (or qualifies). Not for
registrable offenses, Health and Safety Code Division 10 offenses or Vehicle Code driving offenses
(1203.45(c)), nor for a person convicted of more than one offense, other than minor Vehicle Code
misdemeanors or an offense included in this one (1203.45(d)).
"""

from __future__ import annotations

from datetime import date

import polars as pl

from clearpath.law.ca.gates import gate_reasons
from clearpath.law.context import Ctx
from clearpath.law.rules import Check, Note, ReasonDef, Remedy, Rule

C = pl.col
IN_FORCE = date(1976, 1, 1)  # [U] the first enactment date was not confirmed; see the notes


def build(ctx: Ctx) -> Rule:
    minor = C("u18")
    excluded = ctx.in_table("excluded_1203_45c") | C("reg290")
    dismissed = ctx.reduced_by(("PC 1203.4", "PC 1203.4a"))
    return Rule(
        scope=ctx.convicted() & ctx.adult_court() & (C("conviction_level") == "misdemeanor")
        & minor.fill_null(True),
        checks=[
            Check("pc1203_45_adult_at_offense", minor, ("person.dob", "count.offense_date")),
            Check("pc1203_45_excluded_offense", ~excluded, ("count.offense", "law.pc1203_45_excluded")),
            Check("pc1203_45_more_than_one_offense", ~C("p45_other_case"), ("record.other_convictions",)),
            # Another conviction in the same case counts unless it is an offense included in this one.
            Check("pc1203_45_other_count_same_case",
                  pl.when(C("p45_same_case").fill_null(True)).then(None).otherwise(True),
                  ("law.pc1203_45_included_offense",)),
            Check("pc1203_45_not_dismissed", pl.when(dismissed).then(True), ("law.pc1203_45_dismissal_first",)),
        ],
        notes=[Note("pc1203_45_sealing", pl.lit(True))],
        relief=pl.lit("sealing"),
        discretionary=pl.lit(True),
    )


REMEDY = Remedy(
    remedy="PC 1203.45",
    slug="pc1203_45",
    title="Sealing a misdemeanor committed before age 18",
    summary="If you were under 18 when you committed a misdemeanor handled in adult court, and it is dismissed "
    "under PC 1203.4 or 1203.4a (or qualifies), you can ask the court to seal the conviction and related "
    "records. The judge decides.",
    citation="PC 1203.45",
    verification="S",
    effective_from=IN_FORCE,
    forms=(),
    automatic=False,
    build=build,
    facts=("person.dob", "count.offense_date", "count.offense", "record.other_convictions",
           "law.pc1203_45_dismissal_first"),
    notes=("Applies to convictions before and after it took effect (1203.45(b)) [S]; the date of the first "
           "enactment was not confirmed [U] (the in-force date shown is a placeholder far before any use).",
           "Division 10 of the Health and Safety Code and Vehicle Code driving offenses are read from a table "
           "of common sections; other HS and VC sections are asked [K].",
           "Eligibility for PC 1203.4/1203.4a is not recomputed here: a dismissal on the record settles it, "
           "otherwise it is asked (law.pc1203_45_dismissal_first).",
           "No dedicated Judicial Council form found [U]."),
    reasons=(
        *gate_reasons("PC 1203.45", codes=("relief_already_granted",)),
        ReasonDef("pc1203_45_adult_at_offense", "PC 1203.45(a)",
                  "This sealing is for misdemeanors committed before age 18."),
        ReasonDef("pc1203_45_excluded_offense", "PC 1203.45(c)",
                  "This sealing does not apply to registrable sex offenses, drug offenses (Health and Safety "
                  "Code Division 10) or Vehicle Code offenses about driving."),
        ReasonDef("pc1203_45_more_than_one_offense", "PC 1203.45(d)",
                  "This sealing is not available to a person convicted of more than one offense (other "
                  "convictions for minor Vehicle Code misdemeanors do not count).", "K"),
        ReasonDef("pc1203_45_other_count_same_case", "PC 1203.45(d)",
                  "Another conviction in this case counts against sealing unless it is an included offense.", "K"),
        ReasonDef("pc1203_45_not_dismissed", "PC 1203.45(a)",
                  "The conviction must be dismissed under PC 1203.4 or 1203.4a, or qualify for it."),
        ReasonDef("pc1203_45_sealing", "PC 1203.45(a)",
                  "The court may seal the conviction, arrest and related records; the proceedings are then "
                  "deemed not to have occurred."),
    ),
)
