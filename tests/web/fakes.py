"""A tiny bulk runner with run_bulk's signature, for tests of the job machinery."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any


def fake_run_bulk(inputs: Sequence[Path], as_of: date, out_dir: Path, *, county: str | None = None,
                  progress: Callable[[int], None] | None = None, **_: Any) -> dict[str, Any]:
    rows = sum(len(Path(p).read_bytes().splitlines()) for p in inputs)
    if progress is not None:
        progress(rows)
    (out_dir / "summary.json").write_text(json.dumps({"rows_in": rows, "as_of": as_of.isoformat()}))
    return {"rows_in": rows, "as_of": as_of, "county": county}


def failing_run_bulk(inputs: Sequence[Path], as_of: date, out_dir: Path, **_: Any) -> dict[str, Any]:
    raise ValueError("row 3: EXAMPLE,SAM 19800214 could not be read")
