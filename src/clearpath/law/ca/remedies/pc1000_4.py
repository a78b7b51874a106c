"""PC 1000.4: record effect of completed drug diversion (pretrial diversion since 2018; DEJ before)
(reference §2.11)."""

from __future__ import annotations

from datetime import date

import polars as pl

from clearpath.law.ca.remedies.diversion import diversion_reasons, diversion_rule
from clearpath.law.context import Ctx
from clearpath.law.rules import Note, ReasonDef, Remedy, Rule

C = pl.col
AB208 = date(2018, 1, 1)  # Stats. 2017, ch. 778: pretrial diversion replaces DEJ in PC 1000-1000.4


def build(ctx: Ctx) -> Rule:
    return diversion_rule(
        ctx, ("PC 1000", "DEJ"), relief="arrest_sealing", discretionary=True,
        notes=[Note("pc1000_4_deemed_not_arrested", pl.lit(True)),
               Note("pc1000_4_former_dej", C("diversion_statute") == "DEJ")],
    )


REMEDY = Remedy(
    remedy="PC 1000.4",
    slug="pc1000_4",
    title="Sealing after drug diversion",
    summary="After you complete drug diversion under PC 1000 (or, before 2018, deferred entry of judgment), the "
    "arrest is deemed never to have occurred and the court may seal the arrest records.",
    citation="PC 1000.4",
    verification="K",
    effective_from=AB208,
    forms=(),
    automatic=False,
    build=build,
    facts=("case.diversion_statute", "count.disposition"),
    notes=("Pretrial diversion replaced DEJ on Jan 1, 2018 (AB 208) [K]. Sealing 'as described in PC 851.92' "
           "(SB 393, 2018) is discretionary ('may') [K; OAG lists 1000.4 with arrest relief].",
           "Pre-2018 DEJ completions are read as covered too [U, assumption A18].",
           "No statewide form found for the sealing request [U]."),
    reasons=(
        *diversion_reasons("PC 1000.4(a)"),
        ReasonDef("pc1000_4_deemed_not_arrested", "PC 1000.4(a)-(b)",
                  "The arrest is deemed never to have occurred: you may say you were not arrested or diverted, "
                  "except on an application to be a peace officer. The court may also seal the arrest records "
                  "(PC 851.92).", "K"),
        ReasonDef("pc1000_4_former_dej", "former PC 1000.3-1000.4",
                  "This was deferred entry of judgment (before 2018): the charges were dismissed on completion. "
                  "See also PC 1203.43 to withdraw the guilty plea.", "U"),
    ),
)
