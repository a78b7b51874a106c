"""Checks several remedies share: the person-level status bars and sentence facts.

PC 1203.4(a)(1), 1203.4a(a)-(b), 1203.41(a)(3) and 1203.42(a)(3) all require that the person not be
serving a sentence for, on probation for, or charged with any offense.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from clearpath.law.context import Ctx, add_years
from clearpath.law.rules import NO_WAIT, Check, ReasonDef, Wait

C = pl.col

SB1106 = date(2023, 1, 1)  # Stats. 2022, ch. 734: unpaid restitution is no ground to deny relief


def not_pending(ctx: Ctx) -> Check:
    return Check("pending_case", ~C("p_pending"), ("person.pending_case",))


def not_serving(ctx: Ctx) -> Check:
    """Serving a sentence now bars relief; when the record dates the end of what is being served, the
    bar becomes a wait until that date (serving_sentence_until) instead.

    Assumption A2: a "yes" is explained by a recorded sentence with no known end (``p_open_sentence``): then
    it bars. A "yes" the record's own dates contradict (every recorded sentence has ended) is asked again.
    So an answer never turns from a wait into a bar as the dates pass."""
    flag = C("person_serving_sentence")
    expr = (
        pl.when(flag & C("p_open_sentence")).then(False)
        .when(C("p_future_end").is_not_null()).then(True)
        .when(flag & C("p_any_end").is_not_null()).then(None)
        .otherwise(flag.not_())
    )
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


# ---- arrests (PC 851.91, 851.93) ---------------------------------------------------------------------

NOT_CONVICTED = ["dismissed", "acquitted", "prosecution_declined", "diversion_completed", "diversion_failed",
                 "unknown"]


def arrest_felony() -> pl.Expr:
    """Kleene: was the arrest (or charge) for a felony? Infractions are read with misdemeanors."""
    level = pl.coalesce(C("charged_level"), C("conviction_level"))
    return pl.when(level.is_null()).then(None).otherwise(level == "felony")


def eight_years(ctx: Ctx) -> pl.Expr:
    """Kleene: is the offense punishable by eight years or more (PC 800, 851.93(a)(2)(C)(ii))? Read from the
    max-term table; an offense not on it is under eight years if it is a wobbler or a 1170(h) felony, else
    unknown (asked)."""
    felony = pl.lit("felony")
    listed = ctx.in_table_at("max_term_8_years", felony)
    lower = ctx.in_table_at("wobblers", felony).fill_null(False) | ctx.in_table_at("realignment_1170h", felony)
    return (
        pl.when(listed).then(C("max_term_8_years__max_years") >= 8)
        .when(listed.is_null()).then(None)
        .when(lower).then(False)
        .otherwise(None)
    )


def limitation_end(ctx: Ctx) -> pl.Expr:
    """The day the limitation period for the count's offense runs out (PC 799-803, read by PC 851.91), from the
    derived columns ``arrest_fel``, ``eight``, ``nf``, ``reg290`` and ``no_limit``. Null: no period, a
    fact-dependent one (registrable offenses, PC 801.1), or an unknown level or date.

    Misdemeanor 1 year (PC 802(a)), felony 3 (PC 801), felony punishable by 8+ years 6 (PC 800) [K]. From the
    offense date (without it, the arrest date, which is later); after a charge was filed and dismissed, from
    the dismissal (assumption A17). With the level or the 8-year question unknown, the answer is still
    certain once the longest candidate period has run."""
    felony, eight = C("arrest_fel"), C("eight")
    filed_and_dismissed = ~C("nf").fill_null(True) & (C("disposition") == "dismissed")
    start = pl.when(filed_and_dismissed).then(C("disposition_date")).otherwise(
        pl.coalesce(C("offense_date"), C("arrest_date")))
    longest = add_years(start, 6)
    return (
        pl.when(C("no_limit").fill_null(False) | C("reg290").fill_null(True)).then(None)
        .when(felony.not_()).then(add_years(start, 1))
        .when(felony & eight).then(longest)
        .when(felony & eight.not_()).then(add_years(start, 3))
        .when(longest <= ctx.today).then(longest)
        .otherwise(None)
    )


def no_conviction_from_arrest(ctx: Ctx) -> pl.Expr:
    """Kleene: the arrest (every count of the case) did not end in a conviction and nothing is still open.
    An arrest never filed in court cannot have."""
    settled = ~C("c_conv") & ~C("c_open")
    return pl.when(C("nf")).then(~C("c_open")).otherwise(settled)


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


def gate_reasons(citation: str, pending: str | None = None, serving: str | None = None,
                 until: str | None = None,
                 codes: tuple[str, ...] = ("relief_already_granted", "law_not_in_effect")) -> tuple[ReasonDef, ...]:
    """The shared reasons a remedy emits (``codes``), with the status bars cited to (and, if given, worded
    for) that remedy. A remedy lists only the shared codes it can emit, so docs/law.md never shows a bar
    the remedy does not have."""
    texts = {"pending_case": pending, "serving_sentence": serving, "serving_sentence_until": until}
    out = []
    for r in GATE_REASONS:
        if r.code not in codes:
            continue
        if r.code in texts:
            out.append(ReasonDef(r.code, citation, texts[r.code] or r.text, r.verification))
        else:
            out.append(r)
    return tuple(out)
