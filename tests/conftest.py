from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from clearpath.law.ca import california
from clearpath.law.pack import LawPack
from clearpath.records.model import Record

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def pack() -> LawPack:
    return california()


def make_record(counts: list[dict[str, Any]], **person: Any) -> Record:
    """A one-case record; person facts default to the settled 'no' answers."""
    p = {"id": "p1", "dob": "1980-01-01", "pending_case": False, "serving_sentence": False,
         "registration_290_required": False, **person}
    return Record.model_validate({
        "format": "clearpath-record/1",
        "person": p,
        "cases": [{"id": "c1", "county": "Sacramento", "counts": counts}],
    })


def d(s: str) -> dt.date:
    return dt.date.fromisoformat(s)
