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

import polars as pl

from clearpath.law.context import Ctx, lit_date
from clearpath.law.pack import LawPack
from clearpath.law.rules import NO_WAIT, Remedy, Rule

ID_COLUMNS = ["person_id", "case_id", "count_id"]
MASKS = ["_granted", "_fail", "_unknown", "_wait_unknown", "_wait_pending", "_notes", "_asks", "_missing"]
OPEN = ("eligible", "eligible_later", "needs_info")

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
    # The output order as one integer per count: sorting the determinations (several per count) by it is
    # much cheaper than by three strings.
    order = frame.select(pl.arg_sort_by(ID_COLUMNS, maintain_order=True)).to_series().arg_sort()
    prepared = pack.prepare(frame.with_columns(engine_order=order), ctx).lazy()
    plans = [_Masks.of(r, r.build(ctx), pack) for r in chosen]
    # One query for every remedy: Polars plans and runs them together.
    masked = pl.concat([m.apply(prepared, ctx, [*carry, "engine_order"]) for m in plans], how="vertical").collect()
    decoded = _decode(masked, {m.remedy.remedy: m for m in plans}, pack if text else None)
    out = masked.join(decoded, on=["remedy", *MASKS, "status"], how="left", maintain_order="left")
    return (
        out.sort("engine_order", maintain_order=True)
        .select(*schema, *carry)
        .cast(schema)  # type: ignore[arg-type]
    )


def _bits(flags: Sequence[pl.Expr]) -> pl.Expr:
    """Pack booleans (null counts as false) into one UInt64: flag i is bit i."""
    out = pl.lit(0, dtype=pl.UInt64)
    for i, flag in enumerate(flags):
        out = out | (flag.fill_null(False).cast(pl.UInt64) * pl.lit(1 << i, dtype=pl.UInt64))
    return out


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

    def apply(self, frame: pl.LazyFrame, ctx: Ctx, carry: Sequence[str] = ()) -> pl.LazyFrame:
        rule, today = self.rule, ctx.today
        scoped = frame.filter(rule.scope.fill_null(False))
        for name, expr in rule.columns:
            scoped = scoped.with_columns(expr.alias(name))
        C = pl.col
        chk = [f"_chk{i}" for i in range(len(rule.checks))]
        wait = [f"_wait{i}" for i in range(len(rule.waits))]
        scoped = scoped.with_columns(
            *[c.expr.alias(n) for c, n in zip(rule.checks, chk, strict=True)],
            *[w.date.alias(n) for w, n in zip(rule.waits, wait, strict=True)],
        )
        masked = scoped.with_columns(
            _granted=C("relief_granted").list.contains(self.remedy.remedy).fill_null(False),
            _fail=_bits([C(n).not_() for n in chk]),
            _unknown=_bits([C(n).is_null() for n in chk]),
            _wait_unknown=_bits([C(n).is_null() for n in wait]),
            _wait_pending=_bits([C(n) > today for n in wait]),
            _notes=_bits([n.expr for n in rule.notes]),
            _asks=_bits([a.expr for a in rule.asks]),
            _missing=_bits([C(col).is_null() for col in self.columns]),
            _on=pl.max_horizontal([C(n) for n in wait] or [lit_date(NO_WAIT)]),
            _relief=rule.relief,
            _discretionary=rule.discretionary,
        )
        status = (
            pl.when(C("_granted")).then(pl.lit("already_granted"))
            .when(C("_fail") > 0).then(pl.lit("not_eligible"))
            .when((C("_unknown") > 0) | (C("_wait_unknown") > 0)).then(pl.lit("needs_info"))
            .when(C("_on") > today).then(pl.lit("eligible_later"))
            .otherwise(pl.lit("eligible"))
        )
        return masked.with_columns(status=status).select(
            *ID_COLUMNS,
            *carry,
            *MASKS,
            "status",
            remedy=pl.lit(self.remedy.remedy),
            relief=pl.when(C("status") == "not_eligible").then(None).otherwise(C("_relief")),
            eligible_on=pl.when(C("status").is_in(["eligible", "eligible_later"]) & (C("_on") != lit_date(NO_WAIT)))
            .then(C("_on")).otherwise(None),
            automatic=pl.lit(self.remedy.automatic),
            discretionary=C("_discretionary").fill_null(True),
        )

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


def _decode(masked: pl.DataFrame, by_remedy: dict[str, _Masks], text_pack: LawPack | None = None) -> pl.DataFrame:
    keys = masked.select(["remedy", *MASKS, "status"]).unique()
    reasons, questions = [], []
    for row in keys.iter_rows(named=True):
        m = by_remedy[row["remedy"]]
        reasons.append(m.reasons(row["status"], row["_granted"], row["_fail"], row["_wait_pending"], row["_notes"]))
        questions.append(m.questions(row["status"], row["_unknown"], row["_wait_unknown"], row["_asks"],
                                     row["_missing"]))
    if text_pack is None:
        return keys.with_columns(
            reasons=pl.Series(reasons, dtype=pl.List(pl.String)),
            questions=pl.Series(questions, dtype=pl.List(pl.String)),
        )
    cited = []
    for remedy, codes in zip(keys.get_column("remedy"), reasons, strict=True):
        r = text_pack.remedy(remedy)
        cites = [r.reason(code).citation for code in codes]
        cited.append("; ".join(f"{c} ({cite})" if cite else c for c, cite in zip(codes, cites, strict=True)))
    return keys.with_columns(
        reasons=pl.Series(["; ".join(r) for r in reasons], dtype=pl.String),
        questions=pl.Series(["; ".join(q) for q in questions], dtype=pl.String),
        reasons_cited=pl.Series(cited, dtype=pl.String),
    )
