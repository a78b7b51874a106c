"""DOJ research file reading: every source line is a row or a reported reject, and bad lines move nothing."""

from __future__ import annotations

import csv
import io
import itertools
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clearpath.readers.doj import COLUMNS, COUNT_COLUMNS, DojFormatError, read_batches
from clearpath.synth.doj import write_synthetic_doj

HEADER = ",".join(COLUMNS)


def line(**fields: str) -> str:
    """One 95-field row, quoted where needed."""
    values = ["" for _ in COLUMNS]
    values[COLUMNS.index("END_OF_REC")] = "#"
    for name, value in fields.items():
        values[COLUMNS.index(name)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(values)
    return out.getvalue()


def read_all(path: Path, batch_rows: int = 500_000, columns: tuple[str, ...] | None = None
             ) -> tuple[pl.DataFrame, list[tuple[int, str, str]], list[str]]:
    frames, rejects, issues = [], [], []
    for b in read_batches(path, batch_rows=batch_rows, columns=columns):
        frames.append(b.rows)
        rejects += [(r.line, r.reason, r.text) for r in b.rejects]
        issues += [f"{i.line}:{i.code}" for i in b.issues]
    return pl.concat(frames) if frames else pl.DataFrame(), rejects, issues


def source_lines(data: bytes, header: bool) -> int:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    n = data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)
    return n - (1 if header else 0)


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes]:
    path = tmp_path_factory.mktemp("doj") / "clean.dat"
    write_synthetic_doj(path, 120, seed=11, messy=0.0)
    return path, path.read_bytes()


@pytest.fixture(scope="module")
def good(clean: tuple[Path, bytes]) -> pl.DataFrame:
    return read_all(clean[0])[0]


def test_columns() -> None:
    assert len(COLUMNS) == 95 and COLUMNS[2] == "SUBJECT_ID" and COLUMNS[-1] == "END_OF_REC"


def test_clean_file_every_line_is_a_row(clean: tuple[Path, bytes]) -> None:
    path, data = clean
    rows, rejects, _ = read_all(path)
    assert rejects == []
    assert rows.height == source_lines(data, header=True)
    assert rows["line"].to_list() == list(range(2, rows.height + 2))
    assert rows.columns == [*COLUMNS, "line"]


@pytest.mark.parametrize(("batch_rows", "prefetch"), [(10, True), (100, False), (500_000, True)])
def test_batches_split_at_subject_boundaries(clean: tuple[Path, bytes], batch_rows: int, prefetch: bool) -> None:
    path, data = clean
    subjects_per_batch = []
    split: set[str] = set()
    lines = 0
    for b in read_batches(path, batch_rows=batch_rows, columns=COUNT_COLUMNS, prefetch=prefetch):
        lines += b.lines
        subjects_per_batch.append(set(b.rows["SUBJECT_ID"].to_list()))
        assert not [i for i in b.issues if i.code == "subject_reappears"]
        split |= {i.text for i in b.issues if i.code == "subject_split"}
    assert lines == source_lines(data, header=True)
    for a, b in itertools.pairwise(subjects_per_batch):
        assert a & b <= split  # a subject is split across batches only when it alone outgrows a batch
    if batch_rows == 10:
        assert len(subjects_per_batch) > 10 and split
    else:
        assert not split


def inject(data: bytes, at: int, bad: bytes) -> bytes:
    """Insert ``bad`` as line ``at`` (1-based) of ``data``."""
    lines = data.split(b"\n")
    lines.insert(at - 1, bad)
    return b"\n".join(lines)


BAD_LINES = {
    "one field short": line(SUBJECT_ID="999").rsplit(",", 1)[0].encode(),
    "one field too many": (line(SUBJECT_ID="999") + ",EXTRA").encode(),
    "trailing comma": (line(SUBJECT_ID="999") + ",").encode(),
    "unquoted comma in name": line(SUBJECT_ID="999", PRI_NAME="X").replace(",X,", ",DOE,JANE,").encode(),
    "unbalanced quote": line(SUBJECT_ID="999", PRI_NAME="X").replace(",X,", ',"DOE,JANE,').encode(),
    "blank": b"",
    "spaces": b"   ",
    "no subject": line(SUBJECT_ID="  ").encode(),
    "garbage": b"\x00\x01not a row at all",
}


@pytest.mark.parametrize("name", list(BAD_LINES))
@pytest.mark.parametrize("at", [2, 300])
def test_bad_line_is_reported_and_moves_nothing(clean: tuple[Path, bytes], good: pl.DataFrame, tmp_path: Path,
                                                name: str, at: int) -> None:
    _, data = clean
    bad_path = tmp_path / "bad.dat"
    bad_path.write_bytes(inject(data, at, BAD_LINES[name]))
    rows, rejects, _ = read_all(bad_path, batch_rows=200)
    assert [r[0] for r in rejects] == [at]
    reason = rejects[0][1]
    if name in ("blank", "spaces"):
        assert reason == "blank line"
    elif name == "no subject":
        assert "SUBJECT_ID" in reason
    elif name == "unbalanced quote":
        assert "quote" in reason or "fields" in reason
    else:
        assert "95 fields" in reason or "cannot be split" in reason
    assert rows.height + len(rejects) == source_lines(bad_path.read_bytes(), header=True)
    shifted = good.with_columns(line=pl.when(pl.col("line") >= at).then(pl.col("line") + 1).otherwise(pl.col("line")))
    assert rows.equals(shifted)


def test_quoted_fields_keep_commas_and_quotes(tmp_path: Path) -> None:
    p = tmp_path / "q.dat"
    rows = [line(SUBJECT_ID="1", PRI_NAME="SKYWALKER,LUKE S", COMMENT_TEXT='SAID "HI", LEFT'),
            line(SUBJECT_ID="1", PRI_NAME="O\"BRIEN", OFFENSE_DESCR="459 PC-BURGLARY")]
    p.write_text("\n".join(rows) + "\n")
    got, rejects, _ = read_all(p)
    assert rejects == []
    assert got["PRI_NAME"].to_list() == ["SKYWALKER,LUKE S", 'O"BRIEN']
    assert got["COMMENT_TEXT"].to_list() == ['SAID "HI", LEFT', ""]


@pytest.mark.parametrize("variant", ["crlf", "no_final_newline", "blank_lines", "bom", "latin1"])
def test_line_endings_and_encodings(clean: tuple[Path, bytes], good: pl.DataFrame, tmp_path: Path,
                                   variant: str) -> None:
    _, data = clean
    p = tmp_path / f"{variant}.dat"
    expected_rejects: list[int] = []
    if variant == "crlf":
        out = data.replace(b"\n", b"\r\n")
    elif variant == "no_final_newline":
        out = data.rstrip(b"\n")
    elif variant == "blank_lines":
        out = inject(inject(data, 10, b""), 11, b"\r")
        out += b"\n"  # a final empty line: one more blank line
        expected_rejects = [10, 11, source_lines(out, header=False)]
    elif variant == "bom":
        out = b"\xef\xbb\xbf" + data
    else:
        lines = data.split(b"\n")
        lines[5] = lines[5].replace(b"#", b"\xe9\xff", 1)  # not UTF-8, in a SEG_SEP field
        out = b"\n".join(lines)
    p.write_bytes(out)
    rows, rejects, issues = read_all(p, batch_rows=300)
    assert [r[0] for r in rejects] == expected_rejects
    assert all(r[1] == "blank line" for r in rejects)
    assert rows.height + len(rejects) == source_lines(out, header=True)
    if variant == "blank_lines":
        good = good.with_columns(line=pl.col("line") + (pl.col("line") >= 10).cast(pl.Int64) * 2)
    if variant == "latin1":
        assert "6:bad_encoding" in issues
        assert "\ufffd" in rows.filter(pl.col("line") == 6)["REQ_SEG_SEP"][0]
        rows = rows.filter(pl.col("line") != 6)
        good = good.filter(pl.col("line") != 6)
    assert rows.equals(good)


def test_header_optional_and_checked(clean: tuple[Path, bytes], good: pl.DataFrame, tmp_path: Path) -> None:
    _, data = clean
    p = tmp_path / "noheader.dat"
    p.write_bytes(data.split(b"\n", 1)[1])
    rows, rejects, _ = read_all(p)
    assert rejects == [] and rows.equals(good.with_columns(pl.col("line") - 1))
    p.write_bytes(b"RECORD_ID,SUBJECT_ID\n" + data.split(b"\n", 1)[1])
    with pytest.raises(DojFormatError, match="95 research-file columns"):
        read_all(p)


def test_abandoned_stream_stops_the_read_ahead(clean: tuple[Path, bytes]) -> None:
    import threading

    for _ in range(3):
        stream = read_batches(clean[0], batch_rows=20)
        next(stream)
        stream.close()
    assert not [t for t in threading.enumerate() if t.name == "doj-read-ahead"]


def test_empty_and_header_only(tmp_path: Path) -> None:
    p = tmp_path / "e.dat"
    p.write_bytes(b"")
    assert list(read_batches(p)) == []
    p.write_text(HEADER + "\n")
    assert sum(b.lines for b in read_batches(p)) == 0


def test_subject_reappearing_is_reported(tmp_path: Path) -> None:
    p = tmp_path / "r.dat"
    p.write_text("\n".join([line(SUBJECT_ID="A"), line(SUBJECT_ID="B"), line(SUBJECT_ID="A")]) + "\n")
    _, _, issues = read_all(p)
    assert issues == ["3:subject_reappears"]


# ---- property: the reader never raises and accounts for every line -------------------------------------
FIELD = st.one_of(
    st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\n"), max_size=6),
    st.sampled_from(['"A,B"', '"', '""', "x", "#", "19991301", "20200229", ","]),
)


@st.composite
def csvish(draw: st.DrawFn) -> bytes:
    rows = []
    for _ in range(draw(st.integers(0, 12))):
        n = draw(st.sampled_from([95, 95, 95, 94, 96, 1, 0]))
        fields = [draw(FIELD) for _ in range(n)]
        if n >= 3:
            fields[2] = draw(st.sampled_from(["S1", "S2", "", " "]))
        rows.append(",".join(fields))
    sep = draw(st.sampled_from(["\n", "\r\n"]))
    text = sep.join(rows) + draw(st.sampled_from(["", sep]))
    return text.encode("utf-8", "surrogatepass")


def check_accounting(tmp_path: Path, data: bytes, batch_rows: int) -> None:
    p = tmp_path / "fuzz.dat"
    p.write_bytes(data)
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    try:
        batches = list(read_batches(p, batch_rows=batch_rows))
    except DojFormatError:
        assert body.lstrip(b'" ').upper().startswith(b"RECORD_ID")
        return
    header = body.split(b"\n", 1)[0].split(b",", 1)[0].strip(b'" \r').upper() == b"RECORD_ID"
    seen = [n for b in batches for n in b.rows["line"].to_list()] + [r.line for b in batches for r in b.rejects]
    first = 2 if header else 1
    assert sorted(seen) == list(range(first, first + source_lines(data, header)))
    for b in batches:
        assert b.rows.columns == [*COLUMNS, "line"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=csvish(), batch_rows=st.sampled_from([1, 3, 1000]))
def test_fuzz_csvish(tmp_path: Path, data: bytes, batch_rows: int) -> None:
    check_accounting(tmp_path, data, batch_rows)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=600), batch_rows=st.sampled_from([1, 1000]))
def test_fuzz_bytes(tmp_path: Path, data: bytes, batch_rows: int) -> None:
    check_accounting(tmp_path, data, batch_rows)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.lists(st.sampled_from([line(SUBJECT_ID="S1").encode(), line(SUBJECT_ID="S2").encode(), b"",
                                      b'"', b"a,b", line(SUBJECT_ID="S3", PRI_NAME='"X').encode(), b"\r"]),
                     max_size=15).map(b"\n".join))
def test_fuzz_row_mixtures(tmp_path: Path, data: bytes) -> None:
    check_accounting(tmp_path, data, 2)
