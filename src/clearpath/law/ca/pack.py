"""Assemble the California pack: tables from YAML, remedies in evaluation order (reference §1.4)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from functools import cache, lru_cache
from pathlib import Path

from clearpath.law.ca.derive import derive, reads
from clearpath.law.ca.facts import FACTS
from clearpath.law.ca.remedies import (
    hs11361_8,
    pc17,
    pc236_14,
    pc851_87,
    pc851_90,
    pc851_91,
    pc851_93,
    pc1000_4,
    pc1001_9,
    pc1001_36,
    pc1170_18,
    pc1203_4,
    pc1203_4a,
    pc1203_41,
    pc1203_42,
    pc1203_43,
    pc1203_45,
    pc1203_49,
    pc1203_425,
    pc4852_01,
    wic781,
    wic786,
)
from clearpath.law.context import Ctx
from clearpath.law.pack import LawPack
from clearpath.law.rules import Remedy, Rule
from clearpath.law.tables import Tables

TABLES = Path(__file__).parent / "tables"
VERSION = "2026.11"


def _memoised(remedy: Remedy) -> Remedy:
    """The remedy with its rule built once per analysis date: a Rule is immutable expressions, and building
    the 23 rules is a noticeable part of checking one person (records of a file share the date)."""
    build: Callable[[Ctx], Rule] = lru_cache(maxsize=32)(remedy.build)
    return replace(remedy, build=build)


# Records with no conviction, then reclassification, reduction, dismissal (automatic first), sealing,
# and the Certificate of Rehabilitation (reference §1.4).
REMEDIES = tuple(_memoised(r) for r in (
    pc851_93.REMEDY,
    pc851_91.REMEDY,
    pc1000_4.REMEDY,
    pc1203_43.REMEDY,
    pc1001_9.REMEDY,
    pc1001_36.REMEDY,
    pc851_87.REMEDY,
    pc851_90.REMEDY,
    hs11361_8.REMEDY,
    pc1170_18.REMEDY,
    pc236_14.REMEDY,
    pc17.PC17B,
    pc17.PC17D2,
    pc1203_425.REMEDY,
    pc1203_4.REMEDY,
    pc1203_4a.REMEDY,
    pc1203_41.REMEDY,
    pc1203_42.REMEDY,
    pc1203_49.REMEDY,
    pc1203_45.REMEDY,
    wic786.REMEDY,
    wic781.REMEDY,
    pc4852_01.REMEDY,
))


@cache
def california() -> LawPack:
    tables = Tables.load(TABLES)
    dates: set[date] = {r.effective_from for r in REMEDIES}
    dates |= {hs11361_8.PROP64, pc1170_18.DEADLINE_PASSED, pc1170_18.SB749, pc1203_41.SB731,
              pc1203_42.REALIGNMENT, date(2023, 1, 1)}
    dates |= {pc1203_425.AB1076, pc1203_425.DOJ_OPERATIVE, pc1203_425.FELONY_PRONG, pc851_93.FELONY_ARRESTS}
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
        derive_reads=reads,
        amendments=tuple(sorted(dates)),
    )
