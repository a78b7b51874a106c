"""PC 851.87: sealing an arrest after a prosecutor's prefiling diversion (reference §2.11)."""

from __future__ import annotations

from datetime import date

import polars as pl

from clearpath.law.ca.remedies.diversion import diversion_reasons, diversion_rule
from clearpath.law.context import Ctx
from clearpath.law.rules import Check, Note, ReasonDef, Remedy, Rule

SB393 = date(2018, 1, 1)


def build(ctx: Ctx) -> Rule:
    return diversion_rule(
        ctx, ("PC 851.87",), relief="arrest_sealing", discretionary=True,
        checks=[Check("pc851_87_charges_filed", pl.col("nf"), ("case.charges_filed",))],
        notes=[Note("pc851_87_petition", pl.lit(True))],
    )


REMEDY = Remedy(
    remedy="PC 851.87",
    slug="pc851_87",
    title="Sealing after prefiling diversion",
    summary="If you completed a diversion program the prosecutor ran instead of filing charges, you may ask the "
    "court to seal the arrest; the judge decides.",
    citation="PC 851.87",
    verification="K",
    effective_from=SB393,
    forms=(),
    automatic=False,
    build=build,
    facts=("case.diversion_statute", "case.charges_filed", "count.disposition"),
    notes=("Sealing 'as described in PC 851.92' in its current form since SB 393 (2018) [K].",
           "No statewide form confirmed [U]."),
    reasons=(
        *diversion_reasons("PC 851.87"),
        ReasonDef("pc851_87_charges_filed", "PC 851.87(a)",
                  "This section is for diversion instead of filing charges; charges were filed here, so see the "
                  "court-diversion sections or PC 851.91."),
        ReasonDef("pc851_87_petition", "PC 851.87(a); PC 851.92",
                  "You may petition the court that would have heard the case to seal the arrest; the judge "
                  "decides. The arrest is then deemed not to have occurred (except on peace-officer "
                  "applications).", "K"),
    ),
)
