"""PC 1001.9: record effect of completed pretrial diversion under PC 1001-1001.11 (reference §2.11)."""

from __future__ import annotations

from datetime import date

import polars as pl

from clearpath.law.ca.remedies.diversion import diversion_reasons, diversion_rule
from clearpath.law.context import Ctx
from clearpath.law.rules import Note, ReasonDef, Remedy, Rule

SB393 = date(2018, 1, 1)


def build(ctx: Ctx) -> Rule:
    return diversion_rule(ctx, ("PC 1001",), relief="arrest_sealing", discretionary=True,
                          notes=[Note("pc1001_9_deemed_not_arrested", pl.lit(True))])


REMEDY = Remedy(
    remedy="PC 1001.9",
    slug="pc1001_9",
    title="Sealing after misdemeanor pretrial diversion",
    summary="After you complete pretrial diversion under PC 1001 and following, the charges are dismissed, the "
    "arrest is deemed never to have occurred, and the court may seal the arrest records.",
    citation="PC 1001.9",
    verification="K",
    effective_from=SB393,
    forms=(),
    automatic=False,
    build=build,
    facts=("case.diversion_statute", "count.disposition"),
    notes=("Covers diversion under PC 1001-1001.11 (chapter 2.7), the chapter 1001.9 speaks of [K]. The "
           "reference also names 1001.50 programs here; their record effect is not encoded beyond PC 851.93 [U].",
           "Sealing 'as described in PC 851.92' since SB 393 (2018) is discretionary ('may') [K]."),
    reasons=(
        *diversion_reasons("PC 1001.9(a)"),
        ReasonDef("pc1001_9_deemed_not_arrested", "PC 1001.9(a)-(b)",
                  "The arrest is deemed never to have occurred: you may say you were not arrested or diverted, "
                  "except on an application to be a peace officer. The court may also seal the arrest records "
                  "(PC 851.92).", "K"),
    ),
)
