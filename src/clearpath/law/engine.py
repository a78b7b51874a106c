"""Evaluate remedies over a counts frame: the one code path for a single person and for a county.

``evaluate`` returns a long frame, one row per (count, remedy) in the remedy's scope. Reasons and
questions are codes there; ``clearpath.law.result`` turns them into text for people.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import polars as pl

from clearpath.law.context import Ctx, lit_date
from clearpath.law.pack import LawPack
from clearpath.law.rules import NO_WAIT, Remedy, Rule

ID_COLUMNS = ["person_id", "case_id", "count_id"]

DETERMINATION_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "person_id": pl.String,
    "case_id": pl.String,
    "count_id": pl.String,
    "remedy": pl.String,
    "status": pl.String,
    "relief": pl.String,
    "eligible_on": pl.Date,
    "automatic": pl.Boolean,
    "discretionary": pl.Boolean,
    "reasons": pl.List(pl.String),
    "questions": pl.List(pl.String),
}


def evaluate(
    frame: pl.DataFrame, as_of: date, pack: LawPack, remedies: Sequence[str] | None = None
) -> pl.DataFrame:
    """Determinations for every count in ``frame`` under every remedy (or those named) on ``as_of``."""
    ctx = Ctx(as_of=as_of, tables=pack.tables)
    prepared = pack.prepare(frame, ctx)
    parts = [
        _apply(prepared.lazy(), remedy, remedy.build(ctx), ctx, pack)
        for remedy in pack.remedies
        if remedies is None or remedy.remedy in remedies
    ]
    if not parts:
        return pl.DataFrame(schema=DETERMINATION_SCHEMA)
    # One query for every remedy: Polars plans and runs them together.
    combined = pl.concat(parts, how="vertical").sort(["person_id", "case_id", "count_id"], maintain_order=True)
    return combined.collect()


def _apply(frame: pl.LazyFrame, remedy: Remedy, rule: Rule, ctx: Ctx, pack: LawPack) -> pl.LazyFrame:
    scoped = frame.filter(rule.scope.fill_null(False))
    for name, expr in rule.columns:
        scoped = scoped.with_columns(expr.alias(name))
    today = ctx.today
    check_cols = [f"_chk{i}" for i in range(len(rule.checks))]
    wait_cols = [f"_wait{i}" for i in range(len(rule.waits))]
    computed = scoped.with_columns(
        *[c.expr.alias(name) for c, name in zip(rule.checks, check_cols, strict=True)],
        *[w.date.alias(name) for w, name in zip(rule.waits, wait_cols, strict=True)],
        _granted=pl.col("relief_granted").list.contains(remedy.remedy).fill_null(False),
        _relief=rule.relief,
        _discretionary=rule.discretionary,
    )
    C = pl.col
    failed = pl.any_horizontal([C(c).not_().fill_null(False) for c in check_cols] or [pl.lit(False)])
    unknown = pl.any_horizontal(
        [C(c).is_null() for c in check_cols] + [C(w).is_null() for w in wait_cols] or [pl.lit(False)]
    )
    on = pl.max_horizontal([C(w) for w in wait_cols] or [lit_date(NO_WAIT)])
    status = (
        pl.when(C("_granted")).then(pl.lit("already_granted"))
        .when(failed).then(pl.lit("not_eligible"))
        .when(unknown).then(pl.lit("needs_info"))
        .when(on > today).then(pl.lit("eligible_later"))
        .otherwise(pl.lit("eligible"))
    )
    computed = computed.with_columns(_status=status, _on=on)
    open_ = C("_status").is_in(["eligible", "eligible_later", "needs_info"])
    reason_parts = (
        [pl.when(C("_granted")).then(pl.lit("relief_already_granted"))]
        + [pl.when(C("_status") == "not_eligible").then(pl.when(C(c).not_()).then(pl.lit(chk.code)))
           for chk, c in zip(rule.checks, check_cols, strict=True)]
        + [pl.when(open_ & (C(w) > today)).then(pl.lit(wt.code))
           for wt, w in zip(rule.waits, wait_cols, strict=True)]
        + [pl.when(open_ & note.expr.fill_null(False)).then(pl.lit(note.code)) for note in rule.notes]
    )
    question_parts = (
        [_asks(pack, chk.asks, C(c).is_null()) for chk, c in zip(rule.checks, check_cols, strict=True)]
        + [_asks(pack, wt.asks, C(w).is_null()) for wt, w in zip(rule.waits, wait_cols, strict=True)]
    )
    asks_list = [
        pl.when(C("_status") == "needs_info").then(q) for q in question_parts
    ] + [pl.when(open_ & ask.expr.fill_null(False)).then(pl.concat_list([pl.lit(ask.fact)]))
         for ask in rule.asks]
    out = computed.select(
        *ID_COLUMNS,
        remedy=pl.lit(remedy.remedy),
        status=C("_status"),
        relief=pl.when(C("_status") == "not_eligible").then(None).otherwise(C("_relief")),
        eligible_on=pl.when(C("_status").is_in(["eligible", "eligible_later"]) & (C("_on") != lit_date(NO_WAIT)))
        .then(C("_on")).otherwise(None),
        automatic=pl.lit(remedy.automatic),
        discretionary=C("_discretionary").fill_null(True),
        reasons=pl.concat_list(reason_parts).list.drop_nulls(),
        questions=_flatten_unique(asks_list),
    )
    return out.cast(DETERMINATION_SCHEMA)  # type: ignore[arg-type]


def _asks(pack: LawPack, facts: tuple[str, ...], unknown: pl.Expr) -> pl.Expr:
    """The questions an unknown check asks: the facts it reads that are missing on this row, or, when
    none is (the unknown comes from the law or another count), every fact it names."""
    if not facts:
        return pl.lit(None, dtype=pl.List(pl.String))
    missing = []
    for f in facts:
        column = pack.facts[f].column
        if column is not None:
            missing.append(pl.when(pl.col(column).is_null()).then(pl.lit(f)))
    everything = pl.concat_list([pl.lit(f) for f in facts])
    if not missing:
        return pl.when(unknown).then(everything)
    targeted = pl.concat_list(missing).list.drop_nulls()
    chosen = pl.when(targeted.list.len() > 0).then(targeted).otherwise(everything)
    return pl.when(unknown).then(chosen)


def _flatten_unique(parts: Sequence[pl.Expr]) -> pl.Expr:
    filled = [p.fill_null(pl.lit([], dtype=pl.List(pl.String))) for p in parts]
    if not filled:
        return pl.lit([], dtype=pl.List(pl.String))
    return pl.concat_list(filled).list.unique(maintain_order=True)
