"""PC 1203.49: dismissal of a prostitution conviction that resulted from being trafficked (reference §2.12)."""

from __future__ import annotations

from datetime import date

import polars as pl

from clearpath.law.ca.gates import gate_reasons
from clearpath.law.context import Ctx, lit_date
from clearpath.law.rules import NO_WAIT, Check, Note, ReasonDef, Remedy, Rule, Wait

C = pl.col
AB795 = date(2014, 1, 1)  # AB 795 (2013)


def result_of_trafficking() -> pl.Expr:
    """Kleene, per count; a person who was never trafficked settles it for every count."""
    return pl.when(C("person_trafficking_survivor").not_()).then(False).otherwise(C("circ_result_of_trafficking"))


def build(ctx: Ctx) -> Rule:
    probation_end = pl.when(C("probation_granted").not_()).then(lit_date(NO_WAIT)).otherwise(C("probation_end_date"))
    return Rule(
        scope=ctx.convicted() & ctx.adult_court() & ctx.in_table("pc1203_49_offenses").fill_null(False),
        checks=[
            Check("law_not_in_effect", pl.lit(ctx.in_force(AB795))),
            Check("pc1203_49_not_result_of_trafficking", result_of_trafficking(),
                  ("count.circumstances.result_of_trafficking", "person.trafficking_survivor")),
        ],
        waits=[Wait("pc1203_49_probation_not_completed", probation_end,
                    ("count.sentence.probation_granted", "count.sentence.probation_end_date"))],
        notes=[Note("pc1203_49_clear_and_convincing", pl.lit(True))],
        relief=pl.lit("dismissal"),
        discretionary=pl.lit(True),
    )


REMEDY = Remedy(
    remedy="PC 1203.49",
    slug="pc1203_49",
    title="Dismissal of a prostitution conviction of a trafficking victim",
    summary="If a PC 647(b) conviction resulted from your being a victim of human trafficking, once any "
    "probation is over you can ask the court to find that you were a victim and dismiss the conviction.",
    citation="PC 1203.49",
    verification="S",
    effective_from=AB795,
    forms=("CR-180", "CR-181"),
    automatic=False,
    build=build,
    facts=("count.circumstances.result_of_trafficking", "person.trafficking_survivor",
           "count.sentence.probation_granted", "count.sentence.probation_end_date"),
    notes=("Added by AB 795 (2013) [S as the bill; chapter number U]; in force Jan 1, 2014 [K].",
           "Whether the DOJ must withhold the record afterwards was not confirmed [U]; not claimed."),
    reasons=(
        *gate_reasons("PC 1203.49"),
        ReasonDef("pc1203_49_not_result_of_trafficking", "PC 1203.49",
                  "This dismissal is for convictions that resulted from being a victim of human trafficking."),
        ReasonDef("pc1203_49_probation_not_completed", "PC 1203.49",
                  "You can ask once any probation in this case is completed."),
        ReasonDef("pc1203_49_clear_and_convincing", "PC 1203.49",
                  "You must show by clear and convincing evidence that the conviction resulted from your being a "
                  "trafficking victim; the court may then find you were a victim and grant the relief of "
                  "PC 1203.4."),
    ),
)
