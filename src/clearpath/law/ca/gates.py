"""Checks several remedies share: the person-level status bars and sentence facts.

PC 1203.4(a)(1), 1203.4a(a)-(b), 1203.41(a)(3) and 1203.42(a)(3) all require that the person not be
serving a sentence for, on probation for, or charged with any offense.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from clearpath.law.context import Ctx
from clearpath.law.rules import NO_WAIT, Check, ReasonDef, Wait

C = pl.col

SB1106 = date(2023, 1, 1)  # Stats. 2022, ch. 734: unpaid restitution is no ground to deny relief


def not_pending(ctx: Ctx) -> Check:
    return Check("pending_case", ~C("p_pending"), ("person.pending_case",))


def not_serving(ctx: Ctx) -> Check:
    """Serving a sentence now bars relief; when the record dates the end of what is being served, the
    bar becomes a wait until that date (serving_sentence_until) instead."""
    flag = C("person_serving_sentence")
    expr = pl.when(C("p_future_end").is_not_null()).then(True).otherwise(flag.not_())
    return Check("serving_sentence", expr, ("person.serving_sentence",))


def serving_until(ctx: Ctx) -> Wait:
    return Wait("serving_sentence_until", pl.coalesce(C("p_future_end"), pl.lit(NO_WAIT, dtype=pl.Date)))


def status_gates(ctx: Ctx) -> tuple[list[Check], list[Wait]]:
    return [not_pending(ctx), not_serving(ctx)], [serving_until(ctx)]


def executed(column: str) -> pl.Expr:
    """A custody term of this kind was executed. Unrecorded, it is presumed not executed only when
    probation was granted and never violated: a term is executed after a grant only on revocation."""
    return (
        pl.when(C(column).is_not_null()).then(C(column))
        .when(C("probation_granted") & C("probation_violation").not_()).then(False)
        .otherwise(None)
    )


def serving_this_count(ctx: Ctx) -> pl.Expr:
    """Still serving the sentence of this count on as_of (custody or supervision not yet over)."""
    end = ctx.sentence_end()
    return (
        pl.when(end > ctx.today).then(True)
        .when(C("sentence_completed")).then(False)
        .when(end <= ctx.today).then(False)
        .otherwise(None)
    )


GATE_REASONS = (
    ReasonDef("pending_case", "PC 1203.4(a)(1)",
              "You have an open criminal case. You can ask for this once that case is over."),
    ReasonDef("serving_sentence", "PC 1203.4(a)(1)",
              "You are serving a sentence, or are on probation, parole or supervision, now. You can ask for "
              "this once it ends."),
    ReasonDef("serving_sentence_until", "PC 1203.4(a)(1)",
              "You can ask for this after your current sentence or supervision ends."),
    ReasonDef("relief_already_granted", "", "Your record shows this relief was already granted."),
    ReasonDef("restitution_not_a_bar", "SB 1106 (Stats. 2022, ch. 734)",
              "Unpaid restitution cannot be a reason to deny this."),
    ReasonDef("law_not_in_effect", "", "This law was not yet in effect on the analysis date."),
)
