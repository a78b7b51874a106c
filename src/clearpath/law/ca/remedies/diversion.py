"""Diversion and DEJ record relief: what PC 1000.4, 1203.43, 1001.9, 1001.36, 851.87 and 851.90 share
(reference §2.11).

Each remedy covers the cases diverted under its programs (``case.diversion_statute``). Relief needs the
program completed: recorded as ``diversion_completed``, or the charges dismissed; a failed diversion or a
conviction is no.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from clearpath.law.ca.gates import gate_reasons
from clearpath.law.ca.remedies.pc851_93 import PRONG_D
from clearpath.law.context import Ctx
from clearpath.law.rules import Check, Note, ReasonDef, Rule

C = pl.col


def completed() -> pl.Expr:
    d = C("disposition")
    return (
        pl.when(d.is_in(["diversion_completed", "dismissed"])).then(True)
        .when(d.is_in(["diversion_failed", "convicted", "acquitted"])).then(False)
        .otherwise(None)
    )


def diversion_rule(ctx: Ctx, programs: Sequence[str], relief: str, discretionary: bool,
                   checks: Sequence[Check] = (), notes: Sequence[Note] = ()) -> Rule:
    return Rule(
        scope=ctx.adult_court() & C("diversion_statute").is_in(list(programs)),
        checks=[Check("diversion_not_completed", completed(), ("count.disposition",)), *checks],
        notes=[*notes, Note("diversion_automatic_arrest_relief", C("diversion_statute").is_in(PRONG_D))],
        relief=pl.lit(relief),
        discretionary=pl.lit(discretionary),
    )


def diversion_reasons(citation: str, in_force_check: bool = False) -> tuple[ReasonDef, ...]:
    shared = ("relief_already_granted", "law_not_in_effect") if in_force_check else ("relief_already_granted",)
    return (
        *gate_reasons(citation, codes=shared),
        ReasonDef("diversion_not_completed", citation,
                  "This relief follows successful completion of the program; the record shows it was not "
                  "completed (or the case ended in a conviction)."),
        ReasonDef("diversion_automatic_arrest_relief", "PC 851.93(a)(2)(D)",
                  "Completing this program also brings automatic arrest relief from the DOJ (PC 851.93)."),
    )
