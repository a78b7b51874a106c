"""PC 1203.41: felonies sentenced to county jail under PC 1170(h) or, since SB 731, state prison (§2.6)."""

from __future__ import annotations

from datetime import date

import polars as pl

from clearpath.law.ca.gates import GATE_REASONS, SB1106, executed, status_gates
from clearpath.law.context import Ctx, add_years, lit_date
from clearpath.law.rules import NO_WAIT, Check, Note, ReasonDef, Remedy, Rule, Wait

C = pl.col
SB731 = date(2023, 1, 1)


def waiting_period(ctx: Ctx, years_if_split: int, years_otherwise: int) -> pl.Expr:
    """Completion plus 1 year for a split sentence (mandatory supervision), else 2 years (1203.41(a)(2)).

    When the kind of 1170(h) term is unknown, the answer is still certain once the longer period has run.
    """
    done = ctx.completion_date()
    short, long_ = add_years(done, years_if_split), add_years(done, years_otherwise)
    split = pl.when(C("prison")).then(False).otherwise(C("county_jail_1170h") & C("mandatory_supervision"))
    return (
        pl.when(split).then(short)
        .when(split.not_()).then(long_)
        .when(long_ <= ctx.today).then(long_)
        .otherwise(None)
    )


def build(ctx: Ctx) -> Rule:
    gates, gate_waits = status_gates(ctx)
    prison = executed("prison")
    jail = executed("county_jail_1170h")
    return Rule(
        scope=ctx.convicted() & ctx.adult_court() & (C("conviction_level") == "felony"),
        checks=[
            Check("pc1203_41_probation_case", prison | jail,
                  ("count.sentence.prison", "count.sentence.county_jail_1170h")),
            Check("pc1203_41_prison_before_sb731", ~prison | pl.lit(ctx.in_force(SB731)), ("count.sentence.prison",)),
            # 1203.41(a)(6): a state-prison conviction qualifies only if it did not require registration.
            Check("pc1203_41_registrable_prison", ~(prison & ctx.in_table("registrable_290c")),
                  ("count.sentence.prison", "law.offense_list_facts")),
            *gates,
        ],
        waits=[
            Wait("pc1203_41_prison_before_sb731", pl.when(prison).then(lit_date(SB731)).otherwise(lit_date(NO_WAIT))),
            Wait("pc1203_41_waiting_period", waiting_period(ctx, 1, 2),
                 ("count.sentence.supervision_end_date", "count.sentence.custody_release_date",
                  "count.sentence.mandatory_supervision")),
            *gate_waits,
        ],
        notes=[Note("restitution_not_a_bar", pl.lit(ctx.in_force(SB1106)))],
        relief=pl.lit("dismissal"),
        discretionary=pl.lit(True),
    )


REMEDY = Remedy(
    remedy="PC 1203.41",
    slug="pc1203_41",
    title="Dismissal of a felony with a county-jail or prison sentence",
    summary="A judge may dismiss a felony where you served county jail under PC 1170(h) or, since 2023, state "
    "prison, one year (split sentence) or two years (other sentences) after you finished the sentence and "
    "any supervision.",
    citation="PC 1203.41",
    verification="S",
    effective_from=date(2014, 1, 1),
    forms=("CR-180", "CR-181"),
    automatic=False,
    build=build,
    facts=("count.sentence.prison", "count.sentence.county_jail_1170h", "count.sentence.mandatory_supervision",
           "count.sentence.custody_release_date", "count.sentence.supervision_end_date",
           "person.pending_case", "person.serving_sentence"),
    notes=("Completion means the end of all custody and supervision (reference §1.2) [K for 1203.41].",
           "PRCS is treated as serving a sentence (1203.41(a)(3) does not name it) [U, assumption A2].",
           "Added by AB 651 (Bradford), Stats. 2013, for 1170(h)(5) county-jail felonies; in force Jan 1, 2014 "
           "[S: AB 651 bill text and committee analyses]."),
    reasons=(
        *GATE_REASONS,
        ReasonDef("pc1203_41_probation_case", "PC 1203.41(a)",
                  "You had probation in this case (never revoked to jail or prison), so PC 1203.4 applies."),
        ReasonDef("pc1203_41_prison_before_sb731", "PC 1203.41(a); SB 731 (2022)",
                  "State-prison cases can use this section only from January 1, 2023."),
        ReasonDef("pc1203_41_registrable_prison", "PC 1203.41(a)(6)",
                  "A state-prison conviction that requires sex-offender registration cannot be dismissed "
                  "under this section."),
        ReasonDef("pc1203_41_waiting_period", "PC 1203.41(a)(2)",
                  "You can ask one year (split sentence) or two years (other sentences) after you finished the "
                  "sentence and any supervision."),
    ),
)
