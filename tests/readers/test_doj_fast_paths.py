"""The DOJ reader's shortcuts give what the general paths give: hashed profiles when hashes collide, counts of
one row read off the row, and subjects that reappear over several batches."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from clearpath.readers import doj_counts, doj_read
from clearpath.readers.doj import COLUMNS, RECORD_COLUMNS, batch_frames, read_batches
from clearpath.synth.doj import write_synthetic_doj


@pytest.fixture(scope="module")
def messy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("doj") / "messy.dat"
    write_synthetic_doj(path, 150, seed=5, messy=0.2)
    return path


def _frames(path: Path) -> list[tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]]:
    return [batch_frames(b) for b in read_batches(path, batch_rows=300, columns=RECORD_COLUMNS, prefetch=False)]


def test_hash_collisions_fall_back_to_exact_profiles(messy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = _frames(messy)
    # every row hashes alike: the check against each group's first row must catch it
    monkeypatch.setattr(doj_counts, "_row_hash", lambda parts: pl.zeros(parts.height, pl.UInt64, eager=True))
    got = _frames(messy)
    assert len(got) == len(expected)
    for g, e in zip(got, expected, strict=True):
        for a, b in zip(g, e, strict=True):
            assert_frame_equal(a, b)


def test_profiles_group_equal_rows_only() -> None:
    df = pl.DataFrame({"a": ["x", "x", "y", None, ""], "b": ["1", "1", "1", "", ""], "c": ["", "", "", "", ""]})
    ids, dim, present = doj_counts._profiles(df, ("a", "b", "c"))
    assert present == ["a", "b"]
    assert ids.to_list() == [0, 0, 1, 2, 2]  # null is read as ""
    assert dim.rows() == [(0, "x", "1"), (1, "y", "1"), (2, "", "")]


def _line(**fields: str) -> str:
    values = {"CNT_ORDER": "001002001000", "STP_TYPE_DESCR": "COURT ACTION", "STP_EVENT_DATE": "20100301",
              "OFFENSE_DESCR": "11359 HS-POSSESS MARIJUANA FOR SALE", "OFFENSE_TOC": "F",
              "DISP_DESCR": "CONVICTED-PROBATION", "DISP_DATE": "20100301", "CONV_STAT_DESCR": "FELONY",
              "END_OF_REC": "#", **fields}
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow([values.get(c, "") for c in COLUMNS])
    return out.getvalue()


def test_counts_of_one_and_several_rows(tmp_path: Path) -> None:
    """A count of several rows is aggregated, one of one row read off it; both in file order."""
    path = tmp_path / "t.dat"
    path.write_text("\n".join([
        _line(SUBJECT_ID="1", CNT_ORDER="001002001000"),
        _line(SUBJECT_ID="1", CNT_ORDER="001002002000", DISP_DESCR="DISMISSED"),
        _line(SUBJECT_ID="1", CNT_ORDER="001002002000", DISP_DESCR="CONVICTED-JAIL", SENT_LOC_DESCR="JAIL",
              SENT_LENGTH="30", SENT_TIME_CODE="D"),
        _line(SUBJECT_ID="1", CNT_ORDER="001002003000", DISP_DESCR="ACQUITTED"),
    ]) + "\n")
    (batch,) = read_batches(path, columns=RECORD_COLUMNS)
    rows = batch_frames(batch)[0].to_dicts()
    assert [(r["count_id"], r["disposition"], r["jail_days"]) for r in rows] == [
        ("001002001000", "convicted", None), ("001002002000", "convicted", 30),
        ("001002003000", "acquitted", None)]


def test_subject_reappearing_over_several_batches(tmp_path: Path) -> None:
    lines = [_line(SUBJECT_ID=s) for s in ["A", "A", "B", "B", "C", "A", "D", "B", "A"]]
    path = tmp_path / "t.dat"
    path.write_text("\n".join(lines) + "\n")
    issues = [(i.line, i.code, i.text) for b in read_batches(path, batch_rows=2) for i in b.issues]
    assert issues == [(6, "subject_reappears", "A"), (8, "subject_reappears", "B"), (9, "subject_reappears", "A")]


@pytest.mark.parametrize("cut", [-2, -1, 0, 1, 5])
@pytest.mark.parametrize("final_newline", [True, False])
def test_large_blocks_are_read_to_a_line_end_in_one_piece(cut: int, final_newline: bool) -> None:
    """A large block (its line end found first) holds exactly what reading it and then the rest of its line
    holds, wherever the size falls: on a newline, just before or after one, inside a line, past the end."""
    lines = [f"{i},{'x' * (i % 97)}".encode() for i in range(40_000)]
    data = b"\n".join(lines) + (b"\n" if final_newline else b"")
    at = data.index(b"\n", 1 << 20) + 1  # the first line start past 1 MiB
    for size in (at + cut, len(data) + cut):
        want = io.BytesIO(data)
        block = want.read(size)
        expected = block if block.endswith(b"\n") else block + want.readline()
        f = io.BytesIO(data)
        assert doj_read._read_lines(f, size) == expected
        assert f.tell() == want.tell() and f.read() == want.read()
