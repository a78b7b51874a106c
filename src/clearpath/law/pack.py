"""A law pack: one jurisdiction's tables, remedies, question texts and version."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import polars as pl

from clearpath.law.context import Ctx
from clearpath.law.rules import Remedy
from clearpath.law.tables import Tables

LOOKUP_KEYS = ["offense", "attempt", "enh_key"]


@dataclass(frozen=True)
class Fact:
    """A fact the engine may ask for: where it lives in the record, and the question in plain words."""

    fact: str
    text: str
    column: str | None = None


@dataclass
class LawPack:
    name: str
    version: str
    tables: Tables
    remedies: Sequence[Remedy]
    facts: dict[str, Fact]
    derive: Callable[[pl.DataFrame, Ctx], pl.DataFrame]
    amendments: Sequence[date] = field(default_factory=tuple)
    # The columns ``derive`` reads (None: it may read any), so that ``prepare`` can leave the others out.
    derive_reads: Callable[[Ctx], Collection[str]] | None = None
    # What the engine builds from the pack and reuses across calls (e.g. the remedies' queries for a date).
    memo: dict[Any, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def digest(self) -> str:
        """Hash of the law data and remedy metadata: changes whenever a rule someone reviews changes."""
        h = hashlib.sha256(self.tables.digest.encode())
        for r in self.remedies:
            h.update(repr((r.remedy, r.effective_from, r.reasons, r.facts)).encode())
        return h.hexdigest()[:12]

    def law_version(self, as_of: date) -> str:
        """The pack version plus the latest amendment in force on ``as_of``."""
        in_force = [d for d in self.amendments if d <= as_of]
        epoch = max(in_force).isoformat() if in_force else "base"
        return f"{self.name}-{self.version}+{epoch}#{self.digest}"

    def remedy(self, remedy_id: str) -> Remedy:
        for r in self.remedies:
            if r.remedy == remedy_id:
                return r
        raise KeyError(remedy_id)

    def prepare(self, frame: pl.DataFrame, ctx: Ctx, columns: Collection[str] | None = None) -> pl.DataFrame:
        """Put table membership and derived person-level facts on every count row. With ``columns``, the table
        columns put on are only those among ``columns`` or read by ``derive``: each costs a copy per row."""
        frame = frame.with_columns(enh_key=pl.col("enhancements").list.join("|"))
        keys = frame.select(LOOKUP_KEYS).unique()
        lookup = self.tables.lookup(keys)
        if columns is not None and self.derive_reads is not None:
            keep = {*LOOKUP_KEYS, *columns, *self.derive_reads(ctx)}
            lookup = lookup.select([c for c in lookup.columns if c in keep])
        joined = frame.join(lookup, on=LOOKUP_KEYS, how="left", nulls_equal=True, maintain_order="left")
        return self.derive(joined, ctx)
