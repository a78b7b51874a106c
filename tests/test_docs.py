from clearpath.lawdoc import law_markdown
from conftest import ROOT


def test_law_md_is_current(pack) -> None:
    on_disk = (ROOT / "docs" / "law.md").read_text()
    assert on_disk == law_markdown(pack) + "\n", "docs/law.md is stale: clearpath rules --format markdown > docs/law.md"


def test_every_reason_has_a_citation_or_is_generic(pack) -> None:
    generic = {"relief_already_granted", "law_not_in_effect"}
    for r in pack.remedies:
        for x in r.reasons:
            assert x.citation or x.code in generic, f"{r.remedy}: {x.code} has no citation"


def test_every_asked_fact_is_defined(pack) -> None:
    for r in pack.remedies:
        for f in r.facts:
            assert f in pack.facts, f"{r.remedy} needs undefined fact {f}"
