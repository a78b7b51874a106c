"""PC 851.90: sealing after court drug diversion (PC 1000.5) or deferred entry of judgment (reference §2.11)."""

from __future__ import annotations

from datetime import date

import polars as pl

from clearpath.law.ca.remedies.diversion import diversion_reasons, diversion_rule
from clearpath.law.context import Ctx
from clearpath.law.rules import Note, ReasonDef, Remedy, Rule

SB393 = date(2018, 1, 1)


def build(ctx: Ctx) -> Rule:
    return diversion_rule(ctx, ("PC 1000.5", "DEJ", "PC 1000.8"), relief="arrest_sealing", discretionary=True,
                          notes=[Note("pc851_90_interests_of_justice", pl.lit(True))])


REMEDY = Remedy(
    remedy="PC 851.90",
    slug="pc851_90",
    title="Sealing after court drug diversion or DEJ",
    summary="After you complete a court-run drug program (PC 1000.5) or deferred entry of judgment, the judge "
    "may seal the arrest and court records if that serves the interests of justice.",
    citation="PC 851.90",
    verification="K",
    effective_from=SB393,
    forms=(),
    automatic=False,
    build=build,
    facts=("case.diversion_statute", "count.disposition"),
    notes=("Sealing 'as described in PC 851.92' in its current form since SB 393 (2018) [K].",),
    reasons=(
        *diversion_reasons("PC 851.90"),
        ReasonDef("pc851_90_interests_of_justice", "PC 851.90(a)",
                  "The judge may seal the arrest and court records if sealing serves the interests of justice.", "K"),
    ),
)
