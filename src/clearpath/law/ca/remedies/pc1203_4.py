"""PC 1203.4: dismissal after probation (reference §2.4)."""

from __future__ import annotations

from datetime import date

import polars as pl

from clearpath.law.ca.gates import GATE_REASONS, SB1106, executed, status_gates
from clearpath.law.context import Ctx
from clearpath.law.rules import Ask, Check, Note, ReasonDef, Remedy, Rule, Wait

C = pl.col


def build(ctx: Ctx) -> Rule:
    gates, gate_waits = status_gates(ctx)
    vc12810 = ctx.in_table("discretionary_vc12810")
    early = C("probation_early_termination").fill_null(False)
    violation = C("probation_violation")
    custody_executed = executed("prison") | executed("county_jail_1170h")
    return Rule(
        scope=ctx.convicted() & ctx.adult_court(),
        checks=[
            Check("pc1203_4_infraction", C("conviction_level") != "infraction", ("count.conviction_level",)),
            Check("pc1203_4_no_probation", C("probation_granted"), ("count.sentence.probation_granted",)),
            # People v. Borja (1980): an executed prison term bars 1203.4 (route to PC 1203.41).
            Check("pc1203_4_prison_executed", ~custody_executed,
                  ("count.sentence.prison", "count.sentence.probation_violation")),
            Check("pc1203_4_excluded_offense", ~ctx.in_table("excluded_1203_4b"),
                  ("count.offense", "law.offense_list_facts")),
            *gates,
        ],
        waits=[
            Wait("pc1203_4_probation_not_ended", C("probation_end_date"), ("count.sentence.probation_end_date",)),
            *gate_waits,
        ],
        notes=[
            Note("pc1203_4_mandatory_early_termination", early & ~vc12810.fill_null(False)),
            Note("pc1203_4_mandatory_completed", ~early & violation.not_() & ~vc12810.fill_null(False)),
            Note("pc1203_4_discretionary_violation", ~early & violation),
            Note("pc1203_4_discretionary_vc12810", vc12810),
            Note("restitution_not_a_bar", pl.lit(ctx.in_force(SB1106))),
        ],
        asks=[Ask("count.sentence.probation_violation", violation.is_null() & ~early)],
        relief=pl.lit("dismissal"),
        discretionary=pl.when(vc12810).then(True).when(early).then(False).otherwise(violation),
    )


REMEDY = Remedy(
    remedy="PC 1203.4",
    slug="pc1203_4",
    title="Dismissal after probation",
    summary="A court can dismiss a conviction once probation in that case is over. If you finished probation "
    "without a violation (or it ended early), the court must grant it; otherwise it may.",
    citation="PC 1203.4",
    verification="S",
    effective_from=date(1935, 1, 1),
    forms=("CR-180", "CR-181"),
    automatic=False,
    build=build,
    facts=("count.sentence.probation_granted", "count.sentence.probation_end_date",
           "count.sentence.probation_violation", "count.sentence.prison", "count.conviction_level",
           "person.pending_case", "person.serving_sentence"),
    notes=("Routing by sentence: probation cases here; no probation → PC 1203.4a (misdemeanors) or "
           "PC 1203.41 (felonies). Decided per count; CR-181 lets the court dismiss some counts.",),
    reasons=(
        *GATE_REASONS,
        ReasonDef("pc1203_4_infraction", "PC 1203.4(b)",
                  "Infractions are not dismissed under this section; see PC 1203.4a."),
        ReasonDef("pc1203_4_no_probation", "PC 1203.4(a)(1)",
                  "This section needs probation in the case. Without probation, see PC 1203.4a or PC 1203.41."),
        ReasonDef("pc1203_4_prison_executed", "People v. Borja (1980)",
                  "A prison or county-jail felony term was carried out in this case; see PC 1203.41."),
        ReasonDef("pc1203_4_excluded_offense", "PC 1203.4(b)",
                  "The law does not allow dismissal of this offense under PC 1203.4."),
        ReasonDef("pc1203_4_probation_not_ended", "PC 1203.4(a)(1)",
                  "Probation has not ended yet. You can ask for early termination of probation (PC 1203.3)."),
        ReasonDef("pc1203_4_mandatory_completed", "PC 1203.4(a)(1); People v. Hawley (1991)",
                  "You completed probation without a violation, so the court must grant the dismissal."),
        ReasonDef("pc1203_4_mandatory_early_termination", "PC 1203.4(a)(1); PC 1203.3",
                  "Probation was ended early, so the court must grant the dismissal."),
        ReasonDef("pc1203_4_discretionary_violation", "PC 1203.4(a)(1); People v. Chandler (1988)",
                  "Because of a probation violation, the judge decides whether dismissal is in the interests "
                  "of justice."),
        ReasonDef("pc1203_4_discretionary_vc12810", "PC 1203.4(c)(1)-(2); VC 12810(a)-(e)",
                  "For this driving offense the judge decides whether dismissal is in the interests of "
                  "justice. A dismissed DUI still counts as a prior DUI (VC 13555)."),
    ),
)
