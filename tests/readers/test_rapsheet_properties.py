"""Properties of the RAP sheet reader and writer, over arbitrary and fabricated input (Hypothesis).

``CLEARPATH_FUZZ_EXAMPLES=5000`` runs each property on more examples than the default 100.
"""

from __future__ import annotations

import os
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clearpath.readers.rapsheet import RapSheetResult, parse_rap_sheet
from clearpath.readers.rapsheet.writer import carried_facts, write_rap_sheet
from clearpath.records.model import Record
from clearpath.synth.rapsheet import generate_records, synth_rapsheet
from conftest import SHARED
from strategies import records

SETTINGS = settings(deadline=None, max_examples=int(os.environ.get("CLEARPATH_FUZZ_EXAMPLES", "100")),
                    suppress_health_check=[HealthCheck.too_slow])
SAMPLES = sorted((SHARED / "fixtures" / "rap_sheets").glob("*.txt"))
BASES: list[str] = [p.read_text(encoding="utf-8") for p in SAMPLES] + synth_rapsheet(6, 20240101, mess=0.15)
CONFUSABLE = "0O1lI|*-:;.#/ \t\f\u00a0“”–CNTDISPOR"
seeds = st.integers(min_value=0, max_value=2**32 - 1)


def check_accounting(result: RapSheetResult, text: str) -> None:
    assert result.unconsumed_lines() == []
    assert not [i for i in result.issues if i.code == "internal_error"], [
        i.message for i in result.issues if i.code == "internal_error"]
    nonblank = {n for n, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1)
                if line.strip()}
    reported = {i.line for i in result.issues}
    assert nonblank <= set(result.consumed) | reported


@SETTINGS
@given(st.text())
def test_never_raises_on_any_text(text: str) -> None:
    check_accounting(parse_rap_sheet(text), text)


@st.composite
def mutated_sheets(draw: st.DrawFn) -> str:
    lines = draw(st.sampled_from(BASES)).split("\n")
    for op in draw(st.lists(st.sampled_from(["shuffle", "delete", "duplicate", "swap", "substitute"]),
                            min_size=1, max_size=8)):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        if op == "shuffle":
            random.Random(draw(st.integers(0, 2**16))).shuffle(lines)
        elif op == "delete":
            del lines[i: i + draw(st.integers(1, 5))]
        elif op == "duplicate":
            lines[i:i] = lines[i: i + draw(st.integers(1, 5))]
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        else:
            line = lines[i]
            for _ in range(draw(st.integers(1, 4))):
                k = draw(st.integers(0, len(line)))
                line = line[:k] + draw(st.sampled_from(CONFUSABLE)) + line[k + 1:]
            lines[i] = line
    return "\n".join(lines)


@SETTINGS
@given(mutated_sheets())
def test_never_raises_on_mutated_sheets(text: str) -> None:
    check_accounting(parse_rap_sheet(text), text)


@SETTINGS
@given(seeds)
def test_generated_records_round_trip(seed: int) -> None:
    for record in generate_records(2, seed):
        text = write_rap_sheet(record)
        result = parse_rap_sheet(text)
        check_accounting(result, text)
        assert carried_facts(result.record) == carried_facts(record)
        assert [i for i in result.issues if i.severity != "info"] == []


@SETTINGS
@given(seeds, st.floats(min_value=0.0, max_value=0.6))
def test_messy_sheets_read_back_the_same_facts(seed: int, rate: float) -> None:
    records, texts = generate_records(2, seed), synth_rapsheet(2, seed, mess=rate)
    for record, text in zip(records, texts, strict=True):
        result = parse_rap_sheet(text)
        check_accounting(result, text)
        assert carried_facts(result.record) == carried_facts(record)
        assert [i for i in result.issues if i.severity != "info"] == []
        # every line the mess changed is named in an OCR-repair issue (page-break lines are not repairs)
        clean = set(write_rap_sheet(record).split("\n"))
        repaired = {i.line for i in result.issues if i.code == "ocr_repair"}
        for n, line in enumerate(text.split("\n"), 1):
            if line not in clean and not line.startswith(("PAGE ", "RE: ", "\f")):
                assert n in repaired, line


@SETTINGS
@given(records())
def test_any_record_round_trips_what_the_format_carries(record: Record) -> None:
    """The writer's documented projection holds for arbitrary valid records, not only fabricated ones."""
    text = write_rap_sheet(record)
    result = parse_rap_sheet(text)
    check_accounting(result, text)
    assert carried_facts(result.record) == carried_facts(record)


def test_synth_is_deterministic_and_fabricated() -> None:
    assert generate_records(3, 7) == generate_records(3, 7)
    assert synth_rapsheet(3, 7) == synth_rapsheet(3, 7)
    assert generate_records(3, 7) != generate_records(3, 8)
    records = generate_records(40, 1)
    text = "\n".join(synth_rapsheet(40, 1))
    assert "SOC/" not in text
    assert all((r.person.cii or "").startswith("A99") for r in records)
    offenses = {n.offense for r in records for c in r.cases for n in c.counts}
    for family in ("HS 1135", "PC 48", "VC 2315", "HS 1137", "PC 459", "PC 24"):
        assert any((o or "").startswith(family) for o in offenses), family
    assert any(len(c.counts) > 1 for r in records for c in r.cases)
    assert any(n.relief_granted for r in records for c in r.cases for n in c.counts)
