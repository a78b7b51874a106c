import json

import jsonschema

from clearpath.check import check
from clearpath.records.io import load_record
from clearpath.schemas import schema_documents
from conftest import ROOT, d

SCHEMAS = ROOT / "schemas"
EXAMPLE = ROOT / "src" / "clearpath" / "examples" / "example-person.json"


def test_checked_in_schemas_are_current() -> None:
    for name, doc in schema_documents().items():
        on_disk = json.loads((SCHEMAS / name).read_text())
        assert on_disk == doc, f"schemas/{name} is stale: run `clearpath schema`"


def test_example_validates_against_record_schema() -> None:
    schema = json.loads((SCHEMAS / "record-v1.schema.json").read_text())
    jsonschema.validate(json.loads(EXAMPLE.read_text()), schema)


def test_check_output_validates(pack) -> None:
    schema = json.loads((SCHEMAS / "check-result-v1.schema.json").read_text())
    result = check(load_record(EXAMPLE), d("2026-11-22"), pack)
    jsonschema.validate(json.loads(result.model_dump_json()), schema)
    assert result.determinations


def test_sentence_terms_are_bounded() -> None:
    """A term past any real sentence is refused with its field (it once overflowed the counts frame)."""
    import pydantic
    import pytest
    from tests.conftest import make_record

    with pytest.raises(pydantic.ValidationError, match="probation_months"):
        make_record([{"id": "1", "offense": "PC 459", "disposition": "convicted",
                      "sentence": {"probation_months": 10**33}}])
    with pytest.raises(pydantic.ValidationError, match="jail_days"):
        make_record([{"id": "1", "offense": "PC 459", "disposition": "convicted", "sentence": {"jail_days": 10**6}}])
