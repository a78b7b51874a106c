"""PC 1203.42: pre-realignment prison sentences for crimes now punished under PC 1170(h) (§2.7)."""

from __future__ import annotations

from datetime import date

import polars as pl

from clearpath.law.ca.gates import GATE_REASONS, SB1106, status_gates
from clearpath.law.context import Ctx, add_years, lit_date
from clearpath.law.rules import Check, Note, ReasonDef, Remedy, Rule, Wait

C = pl.col
REALIGNMENT = date(2011, 10, 1)
AB1115 = date(2018, 1, 1)


def realignment_eligible(ctx: Ctx) -> pl.Expr:
    """Would the offense be sentenced under PC 1170(h) today? Serious and violent felonies never are
    (1170(h)(3)); otherwise the partial 1170(h) table answers, and an offense on neither list is asked."""
    listed = ctx.in_table("realignment_1170h")
    excluded = ctx.in_table("serious_1192_7c") | ctx.in_table("violent_667_5c")
    return pl.when(excluded).then(False).when(excluded.is_null()).then(None).when(listed).then(True).otherwise(None)


def build(ctx: Ctx) -> Rule:
    gates, gate_waits = status_gates(ctx)
    return Rule(
        scope=ctx.convicted() & ctx.adult_court() & (C("conviction_level") == "felony") & C("prison"),
        checks=[
            Check("law_not_in_effect", pl.lit(ctx.in_force(AB1115))),
            Check("pc1203_42_sentenced_after_realignment", ctx.judgment_date() < lit_date(REALIGNMENT),
                  ("count.sentence.judgment_date",)),
            Check("pc1203_42_not_1170h_offense", realignment_eligible(ctx),
                  ("law.realignment_1170h", "law.offense_list_facts")),
            *gates,
        ],
        waits=[
            Wait("law_not_in_effect", lit_date(AB1115)),
            Wait("pc1203_42_waiting_period", add_years(ctx.completion_date(), 2),
                 ("count.sentence.supervision_end_date", "count.sentence.custody_release_date")),
            *gate_waits,
        ],
        notes=[Note("restitution_not_a_bar", pl.lit(ctx.in_force(SB1106)))],
        relief=pl.lit("dismissal"),
        discretionary=pl.lit(True),
    )


REMEDY = Remedy(
    remedy="PC 1203.42",
    slug="pc1203_42",
    title="Dismissal of a pre-2011 prison sentence for a crime now punished in county jail",
    summary="If you went to state prison before October 1, 2011 for a crime that would be served in county jail "
    "today, a judge may dismiss it two years after you finished the sentence and any supervision.",
    citation="PC 1203.42",
    verification="S",
    effective_from=AB1115,
    forms=("CR-180", "CR-181"),
    automatic=False,
    build=build,
    facts=("count.sentence.judgment_date", "count.sentence.supervision_end_date",
           "count.sentence.custody_release_date", "person.pending_case", "person.serving_sentence"),
    notes=("Whether an offense is punished under 1170(h) today is read from a partial table "
           "(realignment_1170h); an offense on no list is asked about [K].",
           "'Supervised release' is read as parole, PRCS and mandatory supervision [K].",
           "Since SB 731, PC 1203.41 mostly overlaps; both are reported because CR-180 lists both."),
    reasons=(
        *GATE_REASONS,
        ReasonDef("pc1203_42_sentenced_after_realignment", "PC 1203.42(a)",
                  "This section covers prison sentences imposed before October 1, 2011; see PC 1203.41."),
        ReasonDef("pc1203_42_not_1170h_offense", "PC 1203.42(a); PC 1170(h)",
                  "This offense would not be served in county jail under PC 1170(h) today; see PC 1203.41."),
        ReasonDef("pc1203_42_waiting_period", "PC 1203.42(a)(2)",
                  "You can ask two years after you finished the sentence and any supervision."),
    ),
)
