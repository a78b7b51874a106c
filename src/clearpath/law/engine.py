"""Evaluate remedies over a counts frame: the one code path for a single person and for a county.

``evaluate`` returns a long frame, one row per (count, remedy) in the remedy's scope. Reasons and
questions are codes there; ``clearpath.law.result`` turns them into text for people.

How it stays fast at county scale: per row, each remedy computes only integers, bitmasks of which checks
failed or were unknown, which waits are pending or unknown, which notes and asks apply and which facts
are missing. The status follows from the masks. The lists of reason codes and questions are then built
once per *distinct* combination of masks (a county file has a few thousand, not millions) and joined back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

import polars as pl

from clearpath.law.context import Ctx, lit_date
from clearpath.law.pack import LawPack
from clearpath.law.rules import NO_WAIT, Remedy, Rule

C = pl.col

ID_COLUMNS = ["person_id", "case_id", "count_id"]
MASKS = ["_granted", "_fail", "_unknown", "_wait_unknown", "_wait_pending", "_notes", "_asks", "_missing"]
# Statuses in order of precedence; the masks query gives each row its index in this tuple.
STATUSES = ("already_granted", "not_eligible", "needs_info", "eligible_later", "eligible")
GRANTED, NOT_ELIGIBLE, NEEDS_INFO, ELIGIBLE_LATER, ELIGIBLE = range(len(STATUSES))
OPEN = ("eligible", "eligible_later", "needs_info")
DECODE_KEYS = ["_remedy", *MASKS, "_status"]  # what the reasons and questions of a row follow from

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
TEXT_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "reasons": pl.String, "questions": pl.String, "reasons_cited": pl.String,
}


def evaluate(
    frame: pl.DataFrame, as_of: date, pack: LawPack, remedies: Sequence[str] | None = None,
    carry: Sequence[str] = (), text: bool = False,
) -> pl.DataFrame:
    """Determinations for every count in ``frame`` under every remedy (or those named) on ``as_of``, in
    (person, case, count) order and, within a count, in the pack's remedy order.

    ``carry`` names columns of ``frame`` to keep on each determination (after the schema's columns), which
    is cheaper than joining them back by count. With ``text``, ``reasons`` and ``questions`` are ``; ``-joined
    strings (codes and fact ids) and ``reasons_cited`` adds each code's citation: what a file needs, built
    once per distinct answer instead of per row."""
    ctx = Ctx(as_of=as_of, tables=pack.tables)
    schema = {**DETERMINATION_SCHEMA, **(TEXT_SCHEMA if text else {})}
    chosen = [r for r in pack.remedies if remedies is None or r.remedy in remedies]
    if not chosen or frame.height == 0:
        return pl.DataFrame(schema=schema).with_columns(pl.Series(c, [], dtype=frame.schema[c]) for c in carry)
    # The output order as one integer per count (its rank): sorting the determinations (several per count)
    # by it is much cheaper than by three strings. ``order`` maps a rank back to the frame's row.
    order = frame.select(pl.arg_sort_by(ID_COLUMNS, maintain_order=True)).to_series()
    plans, queries, reads = _plan(pack, ctx, chosen)
    prepared = pack.prepare(frame.with_columns(engine_order=order.arg_sort()), ctx, reads).lazy()
    # One query for every remedy: Polars plans and runs them together. Its rows hold only numbers (remedy
    # and status as indexes) and the relief; every string column of the output is gathered once, at the end.
    # One chunk per column: the keys, joins and gathers below read one several times faster than one per remedy.
    masked = pl.concat([q.apply(prepared) for q in queries], how="vertical").collect().rechunk()
    key_columns = ["_key"] if "_key" in masked.columns else DECODE_KEYS
    decoded = _decode(masked.select(*dict.fromkeys([*key_columns, *DECODE_KEYS])).unique(subset=key_columns),
                      plans, text)
    # Each row's index into ``decoded`` (joining the narrow key index, not the text, on the masks).
    key = masked.select(key_columns).join(decoded.select(key_columns).with_row_index("_index"), on=key_columns,
                                          how="left", maintain_order="left").get_column("_index")
    # Rows are in remedy order; a stable sort by count keeps that order within a count.
    perm = masked.select(pl.arg_sort_by("engine_order", maintain_order=True)).to_series()
    rows = order.gather(masked.get_column("engine_order").gather(perm))
    key = key.gather(perm)
    texts = decoded.drop(*key_columns, *DECODE_KEYS, strict=False).select(pl.all().gather(key))
    out = masked.select(
        pl.exclude(*key_columns, *DECODE_KEYS, "engine_order").gather(perm),
        remedy=pl.lit(pl.Series([m.remedy.remedy for m in plans], dtype=pl.String)).gather(C("_remedy").gather(perm)),
        status=pl.lit(pl.Series(STATUSES, dtype=pl.String)).gather(C("_status").gather(perm)),
    )
    return (
        pl.concat([frame.select(*ID_COLUMNS, *carry).select(pl.all().gather(rows)), out, texts], how="horizontal")
        .select(*schema, *carry)
        .cast(schema)  # type: ignore[arg-type]
    )


def _plan(pack: LawPack, ctx: Ctx, chosen: Sequence[Remedy]) -> tuple[list[_Masks], list[_Query], frozenset[str]]:
    """Each remedy's masks and query, and the columns the queries read: built once per pack, date and choice
    of remedies, as building the expressions costs more than running them on a batch.

    When every remedy's masks fit in 64 bits beside the remedy's index, the queries also pack them into one
    integer, the key the answers are decoded and joined back by (ten columns cost several times more)."""
    memo = ("engine.plan", ctx.as_of, tuple(r.remedy for r in chosen))
    entry = pack.memo.get(memo)
    if entry is None:
        plans = [_Masks.of(r, r.build(ctx), pack) for r in chosen]
        remedy_bits = max(1, (len(plans) - 1).bit_length())
        packed = all(m.key_bits + remedy_bits <= 64 for m in plans)
        queries = [m.query(ctx, i, (i << (64 - remedy_bits)) if packed else None) for i, m in enumerate(plans)]
        reads = frozenset(c for q in queries for e in q.exprs() for c in e.meta.root_names())
        entry = (plans, queries, reads)
        if len(pack.memo) > 256:  # one entry per analysis date: a long-running server sees many
            pack.memo.clear()
        pack.memo[memo] = entry
    return entry


def _bits(flags: Sequence[pl.Expr]) -> pl.Expr:
    """Pack booleans (null counts as false) into one UInt64: flag i is bit i."""
    out = pl.lit(0, dtype=pl.UInt64)
    for i, flag in enumerate(flags):
        out = out | (flag.fill_null(False).cast(pl.UInt64) * pl.lit(1 << i, dtype=pl.UInt64))
    return out


@dataclass(frozen=True)
class _Query:
    """A query on a lazy frame as data, to be run on many: filter and column steps in order, then a selection."""

    steps: tuple[tuple[Literal["filter", "with_columns"], tuple[pl.Expr, ...]], ...]
    select: tuple[pl.Expr, ...]

    def apply(self, frame: pl.LazyFrame) -> pl.LazyFrame:
        for method, exprs in self.steps:
            frame = frame.filter(*exprs) if method == "filter" else frame.with_columns(*exprs)
        return frame.select(self.select)

    def exprs(self) -> list[pl.Expr]:
        return [e for _, exprs in self.steps for e in exprs] + list(self.select)


@dataclass(frozen=True)
class _Masks:
    remedy: Remedy
    rule: Rule
    facts: tuple[str, ...]  # facts with a record column, in bit order of the "_missing" mask
    columns: tuple[str, ...]  # those facts' record columns, same order

    @classmethod
    def of(cls, remedy: Remedy, rule: Rule, pack: LawPack) -> _Masks:
        asked = [f for c in rule.checks for f in c.asks] + [f for w in rule.waits for f in w.asks]
        facts = tuple(dict.fromkeys(f for f in asked if pack.facts[f].column is not None))
        if len(rule.checks) > 64 or len(rule.waits) > 64 or len(rule.notes) > 64 or len(facts) > 64:
            raise ValueError(f"{remedy.remedy}: more than 64 checks, waits, notes or facts")
        return cls(remedy, rule, facts, tuple(pack.facts[f].column or "" for f in facts))

    @property
    def widths(self) -> list[tuple[str, int]]:
        """The bits each of the ``DECODE_KEYS`` masks (and the status) can use for this rule."""
        r = self.rule
        return [("_granted", 1), ("_fail", len(r.checks)), ("_unknown", len(r.checks)),
                ("_wait_unknown", len(r.waits)), ("_wait_pending", len(r.waits)), ("_notes", len(r.notes)),
                ("_asks", len(r.asks)), ("_missing", len(self.facts)), ("_status", len(STATUSES).bit_length())]

    @property
    def key_bits(self) -> int:
        return sum(bits for _, bits in self.widths)

    def query(self, ctx: Ctx, index: int, key: int | None = None) -> _Query:
        """The masks of each row in scope (``engine_order`` identifies it), with the remedy as ``index``. With
        ``key``, ``_key`` is ``key`` plus the masks and status packed into the low ``key_bits`` bits."""
        rule, today = self.rule, ctx.today
        steps: list[tuple[Literal["filter", "with_columns"], tuple[pl.Expr, ...]]] = [
            ("filter", (rule.scope.fill_null(False),))]
        steps += [("with_columns", (expr.alias(name),)) for name, expr in rule.columns]
        chk = [f"_chk{i}" for i in range(len(rule.checks))]
        wait = [f"_wait{i}" for i in range(len(rule.waits))]
        steps.append(("with_columns", (
            *[c.expr.alias(n) for c, n in zip(rule.checks, chk, strict=True)],
            *[w.date.alias(n) for w, n in zip(rule.waits, wait, strict=True)],
        )))
        steps.append(("with_columns", (
            C("relief_granted").list.contains(self.remedy.remedy).fill_null(False).alias("_granted"),
            _bits([C(n).not_() for n in chk]).alias("_fail"),
            _bits([C(n).is_null() for n in chk]).alias("_unknown"),
            _bits([C(n).is_null() for n in wait]).alias("_wait_unknown"),
            _bits([C(n) > today for n in wait]).alias("_wait_pending"),
            _bits([n.expr for n in rule.notes]).alias("_notes"),
            _bits([a.expr for a in rule.asks]).alias("_asks"),
            _bits([C(col).is_null() for col in self.columns]).alias("_missing"),
            pl.max_horizontal([C(n) for n in wait] or [lit_date(NO_WAIT)]).alias("_on"),
            rule.relief.alias("_relief"),
            rule.discretionary.alias("_discretionary"),
        )))
        status = (
            pl.when(C("_granted")).then(GRANTED)
            .when(C("_fail") > 0).then(NOT_ELIGIBLE)
            .when((C("_unknown") > 0) | (C("_wait_unknown") > 0)).then(NEEDS_INFO)
            .when(C("_on") > today).then(ELIGIBLE_LATER)
            .otherwise(ELIGIBLE)
            .cast(pl.UInt8)
        )
        steps.append(("with_columns", (status.alias("_status"),)))
        if key is not None:
            fields, offset = [], 0
            for name, bits in self.widths:
                fields.append(C(name).cast(pl.UInt64) * pl.lit(1 << offset, dtype=pl.UInt64))
                offset += bits
            steps.append(("with_columns", ((pl.lit(key, dtype=pl.UInt64) + pl.sum_horizontal(fields)).alias("_key"),)))
        select = (
            C("engine_order"),
            *map(C, MASKS),
            C("_status"),
            *([C("_key")] if key is not None else []),
            pl.lit(index, dtype=pl.UInt16).alias("_remedy"),
            pl.when(C("_status") == NOT_ELIGIBLE).then(None).otherwise(C("_relief")).alias("relief"),
            pl.when(C("_status").is_in([ELIGIBLE, ELIGIBLE_LATER]) & (C("_on") != lit_date(NO_WAIT)))
            .then(C("_on")).otherwise(None).alias("eligible_on"),
            pl.lit(self.remedy.automatic).alias("automatic"),
            C("_discretionary").fill_null(True).alias("discretionary"),
        )
        return _Query(tuple(steps), select)

    def reasons(self, status: str, granted: bool, fail: int, wait_pending: int, notes: int) -> list[str]:
        out = ["relief_already_granted"] if granted else []
        if status == "not_eligible":
            out += [c.code for i, c in enumerate(self.rule.checks) if fail >> i & 1]
        if status in OPEN:
            out += [w.code for i, w in enumerate(self.rule.waits) if wait_pending >> i & 1]
            out += [n.code for i, n in enumerate(self.rule.notes) if notes >> i & 1]
        return out

    def questions(self, status: str, unknown: int, wait_unknown: int, asks: int, missing: int) -> list[str]:
        """The questions of unknown checks and waits: the facts they read that are missing on this row, or,
        when none is (the unknown comes from the law or another count), every fact they name."""
        out: list[str] = []
        if status == "needs_info":
            bit = {f: i for i, f in enumerate(self.facts)}
            unknown_parts = [c.asks for i, c in enumerate(self.rule.checks) if unknown >> i & 1]
            unknown_parts += [w.asks for i, w in enumerate(self.rule.waits) if wait_unknown >> i & 1]
            for facts in unknown_parts:
                targeted = [f for f in facts if f in bit and missing >> bit[f] & 1]
                out += targeted or list(facts)
        if status in OPEN:
            out += [a.fact for i, a in enumerate(self.rule.asks) if asks >> i & 1]
        return list(dict.fromkeys(out))


def _decode(keys: pl.DataFrame, plans: Sequence[_Masks], text: bool) -> pl.DataFrame:
    """``keys`` (distinct ``DECODE_KEYS``) with the reasons and questions they stand for."""
    reasons, questions = [], []
    for row in keys.iter_rows(named=True):
        m, status = plans[row["_remedy"]], STATUSES[row["_status"]]
        reasons.append(m.reasons(status, row["_granted"], row["_fail"], row["_wait_pending"], row["_notes"]))
        questions.append(m.questions(status, row["_unknown"], row["_wait_unknown"], row["_asks"], row["_missing"]))
    if not text:
        return keys.with_columns(
            reasons=pl.Series(reasons, dtype=pl.List(pl.String)),
            questions=pl.Series(questions, dtype=pl.List(pl.String)),
        )
    cited = []
    for index, codes in zip(keys.get_column("_remedy"), reasons, strict=True):
        r = plans[index].remedy
        cites = [r.reason(code).citation for code in codes]
        cited.append("; ".join(f"{c} ({cite})" if cite else c for c, cite in zip(codes, cites, strict=True)))
    return keys.with_columns(
        reasons=pl.Series(["; ".join(r) for r in reasons], dtype=pl.String),
        questions=pl.Series(["; ".join(q) for q in questions], dtype=pl.String),
        reasons_cited=pl.Series(cited, dtype=pl.String),
    )
