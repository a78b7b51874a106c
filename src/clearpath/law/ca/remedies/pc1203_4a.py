"""PC 1203.4a: misdemeanors and infractions without probation (reference §2.5)."""

from __future__ import annotations

from datetime import date

import polars as pl

from clearpath.law.ca.gates import GATE_REASONS, SB1106, status_gates
from clearpath.law.context import Ctx, add_years
from clearpath.law.rules import Check, Note, ReasonDef, Remedy, Rule, Wait

C = pl.col


def build(ctx: Ctx) -> Rule:
    gates, gate_waits = status_gates(ctx)
    later = C("later_conviction")
    return Rule(
        scope=ctx.convicted() & ctx.adult_court() & C("conviction_level").is_in(["misdemeanor", "infraction"]),
        checks=[
            Check("pc1203_4a_probation_granted", ~C("probation_granted"), ("count.sentence.probation_granted",)),
            Check("pc1203_4a_excluded_offense", ~ctx.in_table("excluded_1203_4a_d"),
                  ("count.offense", "law.offense_list_facts")),
            Check("pc1203_4a_sentence_not_completed", C("sentence_completed"),
                  ("count.sentence.sentence_completed",)),
            *gates,
        ],
        waits=[
            # One year from pronouncement of judgment, not from the end of the sentence.
            Wait("pc1203_4a_one_year_from_judgment", add_years(ctx.judgment_date(), 1),
                 ("count.sentence.judgment_date",)),
            *gate_waits,
        ],
        notes=[
            Note("pc1203_4a_mandatory", later.not_()),
            Note("pc1203_4a_discretionary_later_conviction", later),
            Note("restitution_not_a_bar", pl.lit(ctx.in_force(SB1106))),
        ],
        relief=pl.lit("dismissal"),
        discretionary=later,
    )


REMEDY = Remedy(
    remedy="PC 1203.4a",
    slug="pc1203_4a",
    title="Dismissal of a misdemeanor or infraction without probation",
    summary="One year after sentencing, if you completed the sentence and have no open case, a court must "
    "dismiss a misdemeanor or infraction where you did not get probation (or may, if you were convicted of "
    "something since).",
    citation="PC 1203.4a",
    verification="S",
    effective_from=date(1961, 1, 1),
    forms=("CR-180", "CR-181"),
    automatic=False,
    build=build,
    facts=("count.sentence.probation_granted", "count.sentence.judgment_date",
           "count.sentence.sentence_completed", "person.pending_case", "person.serving_sentence"),
    notes=("'Honest and upright life' is read from the record: a conviction dated after this judgment makes "
           "relief discretionary under 1203.4a(b). Arrests without conviction are not counted.",),
    reasons=(
        *GATE_REASONS,
        ReasonDef("pc1203_4a_probation_granted", "PC 1203.4a(a)",
                  "You had probation in this case, so PC 1203.4 applies instead."),
        ReasonDef("pc1203_4a_excluded_offense", "PC 1203.4a(d)",
                  "The law does not allow dismissal of this offense under PC 1203.4a."),
        ReasonDef("pc1203_4a_sentence_not_completed", "PC 1203.4a(a)",
                  "Every part of the sentence must be finished first."),
        ReasonDef("pc1203_4a_one_year_from_judgment", "PC 1203.4a(a)",
                  "You can ask one year after the date you were sentenced."),
        ReasonDef("pc1203_4a_mandatory", "PC 1203.4a(a)",
                  "With no later conviction on your record, the court must grant the dismissal."),
        ReasonDef("pc1203_4a_discretionary_later_conviction", "PC 1203.4a(b)",
                  "Because of a later conviction, the judge decides whether dismissal is in the interests "
                  "of justice."),
    ),
)
