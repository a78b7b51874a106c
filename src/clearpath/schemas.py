"""JSON Schemas generated from the pydantic models (checked in under schemas/, kept in sync by a test)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from clearpath.law.result import CheckResult
from clearpath.records.model import Record

SCHEMAS: dict[str, tuple[type[BaseModel], str, str]] = {
    "record-v1.schema.json": (Record, "https://clearpath.invalid/schemas/record-v1.schema.json",
                              "clearpath record format v1"),
    "check-result-v1.schema.json": (CheckResult, "https://clearpath.invalid/schemas/check-result-v1.schema.json",
                                    "clearpath check --format json output v1"),
}


def schema_documents() -> dict[str, dict[str, Any]]:
    out = {}
    for name, (model, uri, title) in SCHEMAS.items():
        doc = model.model_json_schema(mode="serialization")
        out[name] = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": uri, "title": title, **doc}
    return out


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, doc in schema_documents().items():
        path = folder / name
        path.write_text(json.dumps(doc, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        paths.append(path)
    return paths
