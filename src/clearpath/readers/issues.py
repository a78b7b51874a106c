"""What a reader could not understand, reported rather than guessed."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

Severity = Literal["error", "warning", "info"]


class ParseIssue(BaseModel):
    """One line (or row) a reader could not fully use.

    ``line`` is 1-based in the source; ``text`` is the source line as read; ``message`` says in plain words
    what was not understood and what was left unknown because of it.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    line: int
    text: str
    message: str
    code: str
    severity: Severity = "warning"
    field: str | None = None
