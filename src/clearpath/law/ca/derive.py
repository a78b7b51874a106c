"""Facts derived once per evaluation and shared by remedies: person-level gates and priors.

Person-level facts are window expressions over ``person_id``, so the same code serves a one-person frame
and a county's frame.
"""

from __future__ import annotations

import polars as pl

from clearpath.law.context import PERSON, Ctx, person_any

C = pl.col
PROP64 = "prop64_offenses"


def convicted_k() -> pl.Expr:
    """Convicted, with an unknown disposition as unknown (Kleene), for facts about *other* counts."""
    return pl.when(C("disposition") == "unknown").then(None).otherwise(C("disposition") == "convicted")


def derive(frame: pl.DataFrame, ctx: Ctx) -> pl.DataFrame:
    today = ctx.today
    end = ctx.sentence_end()
    conv = convicted_k()
    pending_count = (C("disposition") == "pending").any().over(PERSON)
    out = frame.with_columns(
        _end=end,
        # An open case on the record is a pending charge whatever the person said.
        p_pending=pl.when(pending_count).then(True).otherwise(C("person_pending_case")),
        p_superstrike=person_any(conv & ctx.in_table("super_strikes_667e2civ")),
        p_290c=person_any(conv & ctx.in_table("registrable_290c")),
        _conv_date=pl.when(C("disposition") == "convicted").then(C("disposition_date")),
        _conv_date_unknown=(conv.fill_null(True) & C("disposition_date").is_null()),
        _jd=ctx.judgment_date(),
    ).with_columns(
        p_future_end=pl.when(C("_end") > today).then(C("_end")).max().over(PERSON),
        p_any_end=C("_end").max().over(PERSON),
        _p_last_conv=C("_conv_date").max().over(PERSON),
        _p_conv_unknown=C("_conv_date_unknown").any().over(PERSON),
    ).with_columns(
        # PC 1203.4a(a): "lived an honest and upright life" since judgment; a later conviction defeats it.
        later_conviction=pl.when(C("_p_last_conv") > C("_jd")).then(True)
        .when(C("_p_conv_unknown") | C("_jd").is_null()).then(None)
        .otherwise(False),
    )
    out = _prop64_priors(out, ctx)
    return out.drop("_end", "_conv_date", "_conv_date_unknown", "_p_last_conv", "_p_conv_unknown", "_jd")


def convicted_before_offense(flag: pl.Expr, ctx: Ctx) -> pl.Expr:
    """Kleene: has the person a conviction with ``flag`` dated before this count's offense?"""
    od = pl.coalesce(C("offense_date"), ctx.offense_upper_bound())
    hit = convicted_k() & flag
    first = pl.when(hit.fill_null(False)).then(C("disposition_date")).min().over(PERSON)
    unknown = (hit.is_null() | (hit.fill_null(False) & C("disposition_date").is_null())).any().over(PERSON)
    return (
        pl.when(first < od).then(True)
        .when(unknown | (first.is_not_null() & od.is_null())).then(None)
        .otherwise(False)
    )


def _prop64_priors(frame: pl.DataFrame, ctx: Ctx) -> pl.DataFrame:
    """Priors that keep a cannabis offense a felony today: a super-strike or 290(c) conviction before the
    offense (HS 11358(d), 11359(c)(1), 11360(a)(3)(A)), and two or more earlier same-section convictions."""
    od = pl.coalesce(C("offense_date"), ctx.offense_upper_bound())
    superstrike, registrable = ctx.in_table("super_strikes_667e2civ"), ctx.in_table("registrable_290c")
    frame = frame.with_columns(
        p64_prior_ss290=convicted_before_offense(superstrike | registrable, ctx),
        p_superstrike_before=convicted_before_offense(superstrike, ctx),
        p_290c_before=convicted_before_offense(registrable, ctx),
    )
    rows = frame.with_row_index("_row")
    p64 = rows.filter(C(PROP64).fill_null(False) & (C("disposition") == "convicted"))
    if p64.height == 0:
        return frame.with_columns(p64_two_priors=pl.lit(False))
    left = p64.select("_row", PERSON, "offense_section", _od=od)
    right = p64.select(PERSON, "offense_section", _row2="_row", _dd2="disposition_date")
    pairs = left.join(right, on=[PERSON, "offense_section"]).filter(C("_row") != C("_row2"))
    counts = pairs.group_by("_row").agg(
        _before=(C("_dd2") < C("_od")).sum(),
        _maybe=(C("_dd2").is_null() | C("_od").is_null()).sum(),
    )
    rows = rows.join(counts, on="_row", how="left").with_columns(
        # How earlier convictions are counted is unsettled ([U], reference §2.1): two or more → ask.
        p64_two_priors=pl.when((C("_before").fill_null(0) + C("_maybe").fill_null(0)) >= 2)
        .then(None).otherwise(False).cast(pl.Boolean)
    )
    return rows.sort("_row").drop("_row", "_before", "_maybe")
