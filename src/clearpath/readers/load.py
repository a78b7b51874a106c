"""One entry for every input a person may give: a record JSON, a RAP sheet as text, PDF or photo."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from clearpath.readers.document import DocumentError, is_document, read_document
from clearpath.readers.issues import ParseIssue
from clearpath.records.io import RecordError, load_record
from clearpath.records.model import Record


class InputError(Exception):
    """An input that cannot be used at all (exit code 2 at the CLI)."""


@dataclass(frozen=True)
class LoadedRecord:
    record: Record
    source: str  # "record-json", or the document method ("text", "pdf_text_layer", "pdf_ocr", "image_ocr")
    issues: list[ParseIssue] = field(default_factory=list)


def load_input(path: Path) -> LoadedRecord:
    if path.suffix.lower() == ".json":
        try:
            return LoadedRecord(load_record(path), "record-json")
        except RecordError as exc:
            raise InputError(str(exc)) from None
    if not is_document(path):
        raise InputError(f"{path}: unsupported file type; give a record JSON (.json), a RAP sheet (.txt, .pdf) "
                         "or a photo of one (.png, .jpg, .tif)")
    try:
        doc = read_document(path)
    except DocumentError as exc:
        raise InputError(str(exc)) from None
    from clearpath.readers.rapsheet import parse_rap_sheet

    parsed = parse_rap_sheet(doc.text, str(path))
    return LoadedRecord(parsed.record, doc.method, [*doc.issues, *parsed.issues])
