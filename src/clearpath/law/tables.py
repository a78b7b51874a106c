"""Offense tables: the lists the statutes refer to, loaded from reviewable YAML.

A table answers, for one offense on one date, "is this on the list?" with True, False or unknown (an
entry whose membership turns on facts records rarely show). Matching is done once per distinct offense
in Python (there are few, and each is matched once per ``Tables``: the answer does not depend on the date),
and the answers are joined onto the counts frame as columns, so that the date-dependent part
(``effective_from``/``effective_to``) is a vectorised comparison.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

import polars as pl
import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from clearpath.law.offense import normalise_key, parse_offense

# libyaml's loader reads the tables several times faster than the pure-Python one, with the same result.
_YAML_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Verification = Literal["S", "K", "U"]
AppliesBy = Literal["offense_date", "disposition_date", "as_of"]
LevelName = Literal["felony", "misdemeanor", "infraction"]


class TableEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    offense: str
    citation: str
    note: str | None = None
    verification: Verification | None = None
    effective_from: date | None = None
    effective_to: date | None = None
    level: LevelName | None = None
    attempts: bool | None = None
    fact_dependent: str | None = None
    enhancements: list[str] = Field(default_factory=list)
    attrs: dict[str, Any] = Field(default_factory=dict)

    @field_validator("offense")
    @classmethod
    def _key(cls, v: str) -> str:
        return normalise_key(str(v))

    @field_validator("enhancements")
    @classmethod
    def _enh(cls, v: list[str]) -> list[str]:
        return [normalise_key(str(e)) for e in v]


class Table(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    table: str
    title: str
    citation: str
    verification: Verification
    source: str | None = None
    note: str | None = None
    applies_by: AppliesBy
    attempts: bool = False
    entries: list[TableEntry]

    @model_validator(mode="after")
    def _unique(self) -> Table:
        seen: set[str] = set()
        for e in self.entries:
            if e.offense != "*" and e.offense in seen:
                raise ValueError(f"{self.table}: duplicate entry {e.offense}")
            seen.add(e.offense)
        return self

    @cached_property
    def by_key(self) -> dict[str, TableEntry]:
        return {e.offense: e for e in self.entries if e.offense != "*"}

    @cached_property
    def by_enhancement(self) -> dict[str, TableEntry]:
        return {k: e for e in self.entries if e.offense == "*" for k in e.enhancements}

    def attr_names(self) -> list[str]:
        return sorted({a for e in self.entries for a in e.attrs})

    def match(self, offense_text: str | None, attempt: bool, enhancements: Iterable[str]) -> Match:
        off = parse_offense(offense_text)
        if off is None:
            return Match(None, None)
        attempt = attempt or off.attempt
        for key in off.ancestors():
            entry = self.by_key.get(key)
            if entry is None:
                continue
            covers_attempts = self.attempts if entry.attempts is None else entry.attempts
            if attempt and not covers_attempts:
                break
            if entry.fact_dependent:
                # An enhancement named on the entry (e.g. PC 186.22 on PC 136.1) settles its question.
                if entry.enhancements and _any_under(enhancements, set(entry.enhancements)):
                    return Match(True, entry)
                enh = self._enhancement_entry(enhancements)
                return Match(True, enh) if enh else Match(None, entry)
            return Match(True, entry)
        enh = self._enhancement_entry(enhancements)
        if enh:
            return Match(True, enh)
        # A count written less specifically than an entry ("PC 261" against "PC 261(a)(2)") may or may not
        # be on the list: the subdivision decides, so the answer is unknown, not "no".
        finer = self._finer_entry(off.key, attempt)
        return Match(None, finer) if finer else Match(False, None)

    def _finer_entry(self, key: str, attempt: bool) -> TableEntry | None:
        prefix = key + "("
        for k, entry in self.by_key.items():
            covers_attempts = self.attempts if entry.attempts is None else entry.attempts
            if k.startswith(prefix) and (covers_attempts or not attempt):
                return entry
        return None

    def _enhancement_entry(self, enhancements: Iterable[str]) -> TableEntry | None:
        for text in enhancements:
            off = parse_offense(text)
            if off is None:
                continue
            for key in off.ancestors():
                if key in self.by_enhancement:
                    return self.by_enhancement[key]
        return None


def _any_under(enhancements: Iterable[str], keys: set[str]) -> bool:
    for text in enhancements:
        off = parse_offense(text)
        if off is not None and any(k in keys for k in off.ancestors()):
            return True
    return False


@dataclass(frozen=True)
class Match:
    member: bool | None  # True on the list, False not, None depends on facts / offense unreadable
    entry: TableEntry | None


class Tables:
    """All tables of a law pack, and the lookup frame that puts them on counts."""

    def __init__(self, tables: dict[str, Table], digest: str) -> None:
        self.tables = tables
        self.digest = digest
        # The lookup row of each (offense, attempt, enh_key) seen: tables are immutable and the answer does
        # not depend on the date, and a file repeats the same few hundred offenses batch after batch.
        self._rows: dict[tuple[Any, ...], tuple[Any, ...]] = {}

    @classmethod
    def load(cls, folder: Path) -> Tables:
        tables: dict[str, Table] = {}
        h = hashlib.sha256()
        for path in sorted(folder.glob("*.yaml")):
            raw = path.read_bytes()
            h.update(path.name.encode() + b"\0" + raw)
            table = Table.model_validate(yaml.load(raw, Loader=_YAML_LOADER))
            if table.table != path.stem:
                raise ValueError(f"{path.name}: table name {table.table!r} must match the file name")
            tables[table.table] = table
        return cls(tables, h.hexdigest())

    def __getitem__(self, name: str) -> Table:
        return self.tables[name]

    def lookup(self, keys: pl.DataFrame) -> pl.DataFrame:
        """``keys`` has distinct (offense, attempt, enh_key); add one column group per table.

        ``enh_key`` is the count's enhancements joined with ``|`` (lists cannot be join keys).
        """
        key_rows = keys.select("offense", "attempt", "enh_key").rows()
        rows = []
        for key in key_rows:
            row = self._rows.get(key)
            if row is None:
                row = self._rows[key] = self._lookup_row(*key)
            rows.append(row)
        schema = self._schema
        values = list(zip(*rows, strict=True)) if rows else [() for _ in schema]
        out = pl.DataFrame(dict(zip(schema, values, strict=True)), schema=schema)
        return pl.concat([keys, out], how="horizontal")

    def _lookup_row(self, offense: str | None, attempt: bool | None, enh_key: str | None) -> tuple[Any, ...]:
        """The values of the columns of ``_schema`` for one key."""
        parsed = parse_offense(offense)
        out: list[Any] = [parsed.key if parsed else None, f"{parsed.code} {parsed.section}" if parsed else None]
        enhancements = _split(enh_key)
        for table in self.tables.values():
            m = table.match(offense, bool(attempt), enhancements)
            e = m.entry
            out += [m.member, e.effective_from if e else None, e.effective_to if e else None,
                    e.level if e else None, e.citation if e else None]
            out += [e.attrs.get(attr) if e else None for attr in table.attr_names()]
        return tuple(out)

    @cached_property
    def _schema(self) -> dict[str, pl.DataType | type[pl.DataType]]:
        """The columns ``lookup`` adds, in the order of ``columns``."""
        schema: dict[str, pl.DataType | type[pl.DataType]] = {"offense_key": pl.String, "offense_section": pl.String}
        for name, table in self.tables.items():
            schema.update({name: pl.Boolean, f"{name}__from": pl.Date, f"{name}__to": pl.Date,
                           f"{name}__level": pl.String, f"{name}__cite": pl.String})
            for attr in table.attr_names():
                schema[f"{name}__{attr}"] = _attr_dtype([e.attrs.get(attr) for e in table.entries])
        return schema

    def columns(self) -> list[str]:
        cols: list[str] = ["offense_key", "offense_section"]
        for name, table in self.tables.items():
            cols += [name, f"{name}__from", f"{name}__to", f"{name}__level", f"{name}__cite"]
            cols += [f"{name}__{a}" for a in table.attr_names()]
        return cols


def _split(enh_key: str | None) -> list[str]:
    return [e for e in (enh_key or "").split("|") if e]


def _attr_dtype(values: list[Any]) -> type[pl.DataType]:
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, bool) for v in present):
        return pl.Boolean
    if present and all(isinstance(v, int | float) and not isinstance(v, bool) for v in present):
        return pl.Float64
    return pl.String
