"""The vocabulary remedies are written in.

A remedy is a set of three-valued checks over the counts frame (True passes, False bars with a reason,
null is unknown and asks a question), waiting periods (a date from which a part is satisfied), and notes
(reasons that explain an eligible answer). The engine combines them the same way for every remedy, so
the status logic lives in one place:

    already granted  >  any check False (not_eligible)  >  any check or date unknown (needs_info)
                     >  a date after as_of (eligible_later)  >  eligible
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Literal

import polars as pl

if TYPE_CHECKING:
    from clearpath.law.context import Ctx

Verification = Literal["S", "K", "U"]

NO_WAIT = date(1900, 1, 1)  # a waiting period that is already over, distinct from an unknown date (null)


@dataclass(frozen=True)
class ReasonDef:
    code: str
    citation: str
    text: str
    verification: Verification = "S"


@dataclass(frozen=True)
class Check:
    code: str
    expr: pl.Expr
    asks: tuple[str, ...] = ()


@dataclass(frozen=True)
class Wait:
    code: str
    date: pl.Expr
    asks: tuple[str, ...] = ()


@dataclass(frozen=True)
class Note:
    code: str
    expr: pl.Expr


@dataclass(frozen=True)
class Ask:
    fact: str
    expr: pl.Expr


@dataclass(frozen=True)
class Rule:
    """What a remedy says about the rows in its scope, on one analysis date."""

    scope: pl.Expr
    checks: list[Check]
    relief: pl.Expr
    discretionary: pl.Expr
    waits: list[Wait] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    asks: list[Ask] = field(default_factory=list)
    # Intermediate columns computed once, in order, before the checks (which refer to them by name).
    columns: list[tuple[str, pl.Expr]] = field(default_factory=list)


@dataclass(frozen=True)
class Remedy:
    """A remedy's static description (for `clearpath rules` and docs/law.md) and its rule builder."""

    remedy: str
    slug: str
    title: str
    summary: str
    citation: str
    verification: Verification
    effective_from: date
    forms: tuple[str, ...]
    automatic: bool
    reasons: tuple[ReasonDef, ...]
    facts: tuple[str, ...]
    build: Callable[[Ctx], Rule]
    notes: tuple[str, ...] = ()

    def reason(self, code: str) -> ReasonDef:
        for r in self.reasons:
            if r.code == code:
                return r
        raise KeyError(f"{self.remedy}: no reason {code!r}")
