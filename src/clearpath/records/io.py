"""Reading record documents, with errors that name the file and the field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from clearpath.records.model import Record


class RecordError(ValueError):
    """A record document that cannot be used: the message names the file and the field path."""


def _path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(document)"


def parse_record(data: Any, source: str = "<record>") -> Record:
    if not isinstance(data, dict):
        raise RecordError(f"{source}: a record must be a JSON object")
    if data.get("format") != "clearpath-record/1":
        raise RecordError(f"{source}: format: expected 'clearpath-record/1', got {data.get('format')!r}")
    try:
        return Record.model_validate(data)
    except ValidationError as exc:
        lines = [f"{source}: {exc.error_count()} problem(s) in the record"]
        for err in exc.errors():
            lines.append(f"  {_path(tuple(err['loc']))}: {err['msg']}")
        raise RecordError("\n".join(lines)) from None


def load_record(path: Path) -> Record:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RecordError(f"{path}: cannot read: {exc.strerror}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RecordError(f"{path}: not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None
    return parse_record(data, str(path))
