"""Shared constants and fictional records for the web tests (kept out of conftest so it is imported once)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
RAPSHEET = ROOT / "tests" / "fixtures" / "rapsheet_synthetic.txt"
ARTIFACTS = ROOT / "test-artifacts" / "web"
PASSWORD = "correct-horse-battery-9"


def sample_record() -> dict[str, Any]:
    """A fictional misdemeanor petty theft, probation finished long ago (eligible for PC 1203.4)."""
    return {
        "format": "clearpath-record/1",
        "person": {"id": "p1", "dob": "1980-01-01", "pending_case": False, "serving_sentence": False,
                   "registration_290_required": False},
        "cases": [{"id": "c1", "county": "Alameda", "counts": [{
            "id": "1", "offense": "PC 488", "disposition": "convicted", "disposition_date": "2015-03-01",
            "conviction_level": "misdemeanor",
            "sentence": {"probation_granted": True, "probation_months": 24, "probation_end_date": "2017-03-01",
                         "probation_violation": False, "prison": False, "sentence_completed": True},
        }]}],
    }
