"""Loading the lawyer-readable test vectors and comparing an answer with what they expect."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from clearpath.law.result import CheckResult
from clearpath.records.model import Record

VECTORS = Path(__file__).parent / "ca" / "vectors"


@dataclass(frozen=True)
class Vector:
    file: str
    id: str
    remedy: str
    facts: str
    as_of: dt.date
    record: Record
    expect: list[dict[str, Any]]


def load_vectors(folder: Path = VECTORS) -> list[Vector]:
    out = []
    for path in sorted(folder.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        for v in doc["vectors"]:
            record = Record.model_validate({"format": "clearpath-record/1", **v["record"]})
            out.append(Vector(path.name, str(v["id"]), doc["remedy"], v.get("facts", ""),
                              _date(v["as_of"]), record, list(v["expect"])))
    return out


def _date(v: Any) -> dt.date:
    return v if isinstance(v, dt.date) else dt.date.fromisoformat(str(v))


def mismatches(vector: Vector, result: CheckResult) -> list[str]:
    """Every way the result differs from the vector's expectations (empty when it passes)."""
    problems = []
    for exp in vector.expect:
        remedy = exp.get("remedy", vector.remedy)
        count = str(exp["count"])
        found = [d for d in result.determinations if d.remedy == remedy and count in d.count_ids]
        if exp["status"] == "out_of_scope":
            if found:
                problems.append(f"{remedy} count {count}: expected no determination, got {found[0].status}")
            continue
        if not found:
            problems.append(f"{remedy} count {count}: no determination")
            continue
        det = found[0]
        if det.status != exp["status"]:
            problems.append(f"{remedy} count {count}: status {det.status}, expected {exp['status']} "
                            f"(reasons {[r.code for r in det.reasons]}, questions {[q.fact for q in det.questions]})")
        for key in ("relief", "discretionary"):
            if key in exp and getattr(det, key) != exp[key]:
                problems.append(f"{remedy} count {count}: {key} {getattr(det, key)!r}, expected {exp[key]!r}")
        if "eligible_on" in exp:
            want = None if exp["eligible_on"] is None else _date(exp["eligible_on"])
            if det.eligible_on != want:
                problems.append(f"{remedy} count {count}: eligible_on {det.eligible_on}, expected {want}")
        codes = {r.code for r in det.reasons}
        missing = [c for c in exp.get("reasons", []) if c not in codes]
        if missing:
            problems.append(f"{remedy} count {count}: missing reasons {missing}; got {sorted(codes)}")
        facts = {q.fact for q in det.questions}
        missing_q = [f for f in exp.get("questions", []) if f not in facts]
        if missing_q:
            problems.append(f"{remedy} count {count}: missing questions {missing_q}; got {sorted(facts)}")
    return problems
