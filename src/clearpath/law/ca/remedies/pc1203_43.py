"""PC 1203.43: withdrawing a deferred-entry-of-judgment plea as legally invalid (reference §2.11)."""

from __future__ import annotations

from datetime import date

import polars as pl

from clearpath.law.ca.remedies.diversion import diversion_reasons, diversion_rule
from clearpath.law.context import Ctx, lit_date
from clearpath.law.rules import Check, Note, ReasonDef, Remedy, Rule

C = pl.col
AB1352 = date(2016, 1, 1)  # Stats. 2015, ch. 646
DEJ_FROM = date(1997, 1, 1)


def granted_from_1997() -> pl.Expr:
    """Kleene: DEJ was granted on or after Jan 1, 1997. Recorded, or read from the arrest (DEJ follows it) and
    the dismissal (DEJ precedes it)."""
    start = lit_date(DEJ_FROM)
    return (
        pl.when(C("diversion_granted_date").is_not_null()).then(C("diversion_granted_date") >= start)
        .when(C("arrest_date") >= start).then(True)
        .when(C("disposition_date") < start).then(False)
        .otherwise(None)
    )


def build(ctx: Ctx) -> Rule:
    return diversion_rule(
        ctx, ("DEJ",), relief="vacatur", discretionary=False,
        checks=[Check("law_not_in_effect", pl.lit(ctx.in_force(AB1352))),
                Check("pc1203_43_granted_before_1997", granted_from_1997(), ("case.diversion_granted_date",))],
        notes=[Note("pc1203_43_plea_invalid", pl.lit(True))],
    )


REMEDY = Remedy(
    remedy="PC 1203.43",
    slug="pc1203_43",
    title="Withdraw a deferred-entry-of-judgment plea",
    summary="If you completed deferred entry of judgment (DEJ) granted since 1997 and the charges were dismissed, "
    "the court must let you withdraw the guilty plea as legally invalid, which matters for immigration.",
    citation="PC 1203.43",
    verification="K",
    effective_from=AB1352,
    forms=("CR-180", "CR-181"),
    automatic=False,
    build=build,
    facts=("case.diversion_statute", "case.diversion_granted_date", "count.disposition"),
    notes=("Added by AB 1352 (Stats. 2015, ch. 646), in force Jan 1, 2016 [K]; CR-180 covers it [S].",
           "DEJ granted on or after Jan 1, 1997 [K]; the court 'shall' grant on that showing [K]."),
    reasons=(
        *diversion_reasons("PC 1203.43(a)", in_force_check=True),
        ReasonDef("pc1203_43_granted_before_1997", "PC 1203.43(a)(1)",
                  "This applies to deferred entry of judgment granted on or after January 1, 1997.", "K"),
        ReasonDef("pc1203_43_plea_invalid", "PC 1203.43(a)-(b)",
                  "The court must let you withdraw the guilty plea as legally invalid and dismiss the case. "
                  "This matters for immigration: a completed DEJ can still count as a conviction there.", "K"),
    ),
)
