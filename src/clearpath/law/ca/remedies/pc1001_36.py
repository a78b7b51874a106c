"""PC 1001.36: record effect of completed mental-health diversion (reference §2.11)."""

from __future__ import annotations

from datetime import date

import polars as pl

from clearpath.law.ca.remedies.diversion import diversion_reasons, diversion_rule
from clearpath.law.context import Ctx
from clearpath.law.rules import Check, Note, ReasonDef, Remedy, Rule

C = pl.col
AB1810 = date(2018, 6, 27)  # Stats. 2018, ch. 34 (budget trailer, effective on signing)


def excluded(ctx: Ctx) -> pl.Expr:
    """1001.36(d): listed charges, and every registrable offense except PC 314, cannot be diverted."""
    level = ctx.arrest_level()
    registrable = C("reg290") & ~ctx.in_table_at("pc1001_36_registrable_allowed", level)
    return ctx.in_table_at("excluded_1001_36", level) | registrable


def build(ctx: Ctx) -> Rule:
    return diversion_rule(
        ctx, ("PC 1001.36",), relief="arrest_record_restricted", discretionary=False,
        checks=[Check("law_not_in_effect", pl.lit(ctx.in_force(AB1810))),
                Check("pc1001_36_excluded_offense", ~excluded(ctx), ("count.offense", "law.offense_list_facts"))],
        notes=[Note("pc1001_36_dismissed_and_restricted", pl.lit(True))],
    )


REMEDY = Remedy(
    remedy="PC 1001.36",
    slug="pc1001_36",
    title="Record relief after mental-health diversion",
    summary="When you complete mental-health diversion the court must dismiss the charges; the arrest is deemed "
    "never to have occurred and access to its record is restricted. Some charges (murder, rape and most "
    "registrable sex offenses, among others) cannot be diverted.",
    citation="PC 1001.36",
    verification="S",
    effective_from=AB1810,
    forms=(),
    automatic=False,
    build=build,
    facts=("case.diversion_statute", "count.disposition", "count.offense"),
    notes=("Added by AB 1810 (Stats. 2018, ch. 34), effective June 27, 2018 [K]; amended by SB 1223 (2022) and "
           "AB 1412 (2023) [S].",
           "Excluded charges (1001.36(d)) are read from a table and PC 290(c); PC 314 stays divertible [S].",
           "Maximum diversion period: two years (felony), one year (misdemeanor) [S]; not used (completion is "
           "read from the record)."),
    reasons=(
        *diversion_reasons("PC 1001.36", in_force_check=True),
        ReasonDef("pc1001_36_excluded_offense", "PC 1001.36(d)",
                  "This charge cannot be diverted under PC 1001.36, so there is no diversion record relief for it."),
        ReasonDef("pc1001_36_dismissed_and_restricted", "PC 1001.36",
                  "On completion the court must dismiss the charges; the arrest is deemed never to have occurred, "
                  "access to its record is restricted, and you may say you were not arrested or diverted, except "
                  "on an application to be a peace officer.", "K"),
    ),
)
