"""Assemble the California pack: tables from YAML, remedies in evaluation order (reference §1.4)."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

from clearpath.law.ca.derive import derive
from clearpath.law.ca.facts import FACTS
from clearpath.law.ca.remedies import hs11361_8, pc17, pc1170_18, pc1203_4, pc1203_4a, pc1203_41, pc1203_42
from clearpath.law.pack import LawPack
from clearpath.law.tables import Tables

TABLES = Path(__file__).parent / "tables"
VERSION = "2026.11"

# Reclassification, then reduction, then dismissal (reference §1.4).
REMEDIES = (
    hs11361_8.REMEDY,
    pc1170_18.REMEDY,
    pc17.PC17B,
    pc17.PC17D2,
    pc1203_4.REMEDY,
    pc1203_4a.REMEDY,
    pc1203_41.REMEDY,
    pc1203_42.REMEDY,
)


@cache
def california() -> LawPack:
    tables = Tables.load(TABLES)
    dates: set[date] = {r.effective_from for r in REMEDIES}
    dates |= {hs11361_8.PROP64, pc1170_18.DEADLINE_PASSED, pc1170_18.SB749, pc1203_41.SB731,
              pc1203_42.REALIGNMENT, date(2023, 1, 1)}
    for table in tables.tables.values():
        for e in table.entries:
            dates |= {d for d in (e.effective_from, e.effective_to) if d is not None}
    return LawPack(
        name="ca",
        version=VERSION,
        tables=tables,
        remedies=REMEDIES,
        facts=FACTS,
        derive=derive,
        amendments=tuple(sorted(dates)),
    )
