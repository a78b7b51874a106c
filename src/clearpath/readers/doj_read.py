"""Streaming, line-accounted reading of a DOJ research file (see ``clearpath.readers.doj`` for the contract).

How a chunk is read: the file is read in byte blocks that end on a newline (about ``batch_rows`` lines).
A marker field is put before every newline (which also counts the lines), so the marker lands in the 96th
column exactly on rows of 95 fields. When the number of parsed rows equals the number of lines, every row
is exactly one line (a quoted field running over a line end would join two lines into one row), and line
numbers follow by position. Otherwise (an unbalanced quote) the block is read line by line
in a vectorised fallback that sets aside only the lines whose quoting Polars cannot keep within the line.
Rows are filtered only when a line is rejected. Subjects seen in earlier batches are kept in a dict, so the
check that a subject's rows are contiguous costs the same for every batch, however long the file.
"""

from __future__ import annotations

import contextlib
import csv
import queue
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Literal

import polars as pl

from clearpath.readers.issues import ParseIssue

COLUMNS: tuple[str, ...] = tuple(
    """
RECORD_ID SUBJECT_STATUS SUBJECT_ID REQ_SEG_SEP REQ_CII_NUMBER REQ_NAME REQ_GENDER REQ_DOB REQ_CDL
REQ_SSN PII_SEG_SEP CII_NUMBER PRI_NAME GENDER PRI_DOB PRI_SSN PRI_CDL PRI_IDN PRI_INN FBI_NUMBER
PDR_SEG_SEP RACE_CODE RACE_DESCR EYE_COLOR_CODE EYE_COLOR_DESCR HAIR_COLOR_CODE HAIR_COLOR_DESCR HEIGHT
WEIGHT SINGLE_SOURCE MULTI_SOURCE POB_CODE POB_NAME POB_TYPE CITIZENSHIP_LIST CYC_SEG_SEP CYC_ORDER
CYC_DATE STP_SEG_SEP STP_ORDER STP_EVENT_DATE STP_TYPE_CODE STP_TYPE_DESCR STP_ORI_TYPE
STP_ORI_TYPE_DESCR STP_ORI_CODE STP_ORI_DESCR STP_ORI_CNTY_CODE STP_ORI_CNTY_NAME CNT_SEG_SEP CNT_ORDER
DISP_DATE OFN OFFENSE_CODE OFFENSE_DESCR OFFENSE_TOC OFFENSE_QUAL_LST DISP_OFFENSE_CODE
DISP_OFFENSE_DESCR DISP_OFFENSE_TOC DISP_OFFENSE_QUAL_LST CONV_OFFENSE_ORDER CONV_OFFENSE_CODE
CONV_OFFENSE_DESCR CONV_OFFENSE_TOC CONV_OFFENSE_QUAL_LST FE_NUM_ORDER FE_NUM_ARR_AGY FE_NUM_BNCH_WARR
FE_NUM_CITE FE_NUM_DOCKET FE_NUM_INCIDENT FE_NUM_BOOKING FE_NUM_NUMBER FE_NUM_REMAND FE_NUM_OOS_INN
FE_NUM_CRT_CASE FE_NUM_WARRANT DISP_ORDER DISP_CODE DISP_DESCR CONV_STAT_CODE CONV_STAT_DESCR
SENT_SEG_SEP SENT_ORDER SENT_LOC_CODE SENT_LOC_DESCR SENT_LENGTH SENT_TIME_CODE SENT_TIME_DESCR CYC_AGE
CII_TYPE CII_TYPE_ALPHA COMMENT_TEXT END_OF_REC
""".split()  # noqa: SIM905 - the column list as the reference writes it
)
assert len(COLUMNS) == 95 and len(set(COLUMNS)) == 95
N_FIELDS = len(COLUMNS)
_INDEX = {name: i for i, name in enumerate(COLUMNS)}
# Every line gets one more field, a marker byte, before it is parsed: the marker lands in the 96th column
# exactly when the line has 95 fields (Polars fills a missing field with "", so a count is otherwise unseen).
_MARK = "_marker"
_SCHEMA = {**{c: pl.String for c in COLUMNS}, _MARK: pl.String}
_MARKERS = [bytes([b]) for b in range(1, 32) if b not in (9, 10, 13)]
_END = "END_OF_REC"
_SUBJECT = "SUBJECT_ID"

# Columns ``to_counts_frame`` reads; ``RECORD_COLUMNS`` adds what ``iter_records`` puts on Person and Case.
COUNT_COLUMNS: tuple[str, ...] = (
    "SUBJECT_ID", "PRI_DOB", "CYC_DATE", "STP_EVENT_DATE", "STP_TYPE_DESCR", "STP_ORI_DESCR",
    "STP_ORI_CNTY_NAME", "CNT_ORDER", "DISP_DATE", "OFN", "OFFENSE_DESCR", "OFFENSE_TOC", "OFFENSE_QUAL_LST",
    "DISP_OFFENSE_DESCR", "DISP_OFFENSE_TOC", "CONV_OFFENSE_DESCR", "CONV_OFFENSE_TOC", "FE_NUM_CRT_CASE",
    "DISP_DESCR", "CONV_STAT_DESCR", "SENT_LOC_DESCR", "SENT_LENGTH", "SENT_TIME_CODE", "COMMENT_TEXT",
)
STATS_COLUMNS: tuple[str, ...] = (*COUNT_COLUMNS, "CII_NUMBER", "GENDER", "RACE_CODE", "RACE_DESCR", "CYC_AGE")
RECORD_COLUMNS: tuple[str, ...] = (*STATS_COLUMNS, "PRI_NAME")

# A line every field of which Polars keeps within the line: plain fields, or fully quoted ones.
_FIELD = r'(?:"(?:[^"]|"")*"|[^",]*)'
_REGULAR_LINE = rf"^{_FIELD}(?:,{_FIELD})*\r?$"
_PROBE = b"\n" + b",".join([b"p"] * N_FIELDS) + b"\n"


class DojFormatError(ValueError):
    """The file as a whole is not a DOJ research file (a ``RECORD_ID`` header that does not list the 95
    columns, or no readable row at all where records were asked for)."""


@dataclass(frozen=True)
class Reject:
    """A source line that is not a row: it is counted, reported and never shifts the other rows."""

    line: int
    reason: str
    text: str

    def to_issue(self) -> ParseIssue:
        return ParseIssue(line=self.line, text=self.text, code="rejected_row", severity="error",
                          message=f"Row not read: {self.reason}. Nothing on this line was used.")


@dataclass
class DojBatch:
    """Valid rows (String columns as written, empty fields as ``""``, plus ``line``), rejected lines, and
    row-level issues found while reading (encoding, subjects that are not contiguous, a split subject)."""

    rows: pl.DataFrame
    rejects: list[Reject] = field(default_factory=list)
    issues: list[ParseIssue] = field(default_factory=list)

    @property
    def lines(self) -> int:
        """Source lines this batch accounts for: ``rows.height + len(rejects)``."""
        return self.rows.height + len(self.rejects)


@dataclass
class _Chunk:
    """One newline-bounded block of source lines, parsed: valid rows in line order, and the rest."""

    rows: pl.DataFrame
    rejects: list[Reject]
    issues: list[ParseIssue]


def read_batches(
    path: str | Path,
    batch_rows: int = 500_000,
    columns: Sequence[str] | None = None,
    prefetch: bool = True,
) -> Iterator[DojBatch]:
    """Stream the file in batches of about ``batch_rows`` lines; see the module ``clearpath.readers.doj``.

    ``columns`` selects the source columns to keep (all 95 by default; ``COUNT_COLUMNS`` is what
    ``to_counts_frame`` needs and parses about three times faster). A subject's rows are never split
    across batches unless one subject alone has more than ``batch_rows`` rows (reported). With ``prefetch``
    a background thread reads and parses the next block while the caller works on the current batch (at
    most one block ahead, so memory stays bounded).
    """
    if batch_rows < 1:
        raise ValueError("batch_rows must be at least 1")
    keep = list(COLUMNS) if columns is None else list(dict.fromkeys(columns))
    unknown = [c for c in keep if c not in _INDEX]
    if unknown:
        raise ValueError(f"not DOJ research-file columns: {unknown}")
    wanted = list(dict.fromkeys([*keep, _SUBJECT, _END]))
    with open(path, "rb") as f:
        parsed = _parsed(f, batch_rows, wanted)
        yield from _batches(_ahead(parsed) if prefetch else parsed, batch_rows, keep)


def _parsed(f: BinaryIO, batch_rows: int, wanted: list[str]) -> Iterator[tuple[_Chunk, bool]]:
    for i, block in enumerate(_chunks(f, batch_rows)):
        data, first_line, n_lines = block.data, block.first_line, block.lines
        if i == 0 and data.startswith(b"\xef\xbb\xbf"):  # a UTF-8 byte-order mark
            data = data[3:]
            block.marked = block.marked[3:]
            n_lines -= 0 if data else 1
        header = i == 0 and _header(data, first_line)
        chunk = _parse_chunk(data, first_line, n_lines, wanted, skip_header=header, marked=block)
        block.marked = b""  # not kept while the caller works on the batch
        yield chunk, block.last


class _Done:
    pass


def _ahead(items: Iterator[tuple[_Chunk, bool]]) -> Iterator[tuple[_Chunk, bool]]:
    """Produce ``items`` one step ahead in a background thread (Polars parses without the GIL)."""
    out: queue.Queue[tuple[_Chunk, bool] | BaseException | _Done] = queue.Queue(maxsize=1)
    stop = threading.Event()

    def work() -> None:
        try:
            for item in items:
                while not stop.is_set():
                    try:
                        out.put(item, timeout=0.05)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            out.put(_Done())
        except BaseException as exc:  # handed to the consumer, raised there
            out.put(exc)

    worker = threading.Thread(target=work, name="doj-read-ahead", daemon=True)
    worker.start()
    try:
        while True:
            got = out.get()
            if isinstance(got, _Done):
                return
            if isinstance(got, BaseException):
                raise got
            yield got
    finally:
        stop.set()
        while worker.is_alive():
            with contextlib.suppress(queue.Empty):
                out.get(timeout=0.05)
        worker.join()


def _batches(parsed: Iterator[tuple[_Chunk, bool]], batch_rows: int, keep: list[str]) -> Iterator[DojBatch]:
    carry: _Chunk | None = None
    seen: dict[str, int] = {}  # subject -> its first line, over earlier batches (a lookup costs O(1))
    split: str | None = None  # a subject whose rows continue from the previous batch (subject_split)
    for chunk, last in parsed:
        if carry is not None:
            chunk = _Chunk(pl.concat([carry.rows, chunk.rows]), carry.rejects + chunk.rejects,
                           carry.issues + chunk.issues)
        emit, carry = (chunk, None) if last else _split_last_subject(chunk, batch_rows)
        if emit is not None and (emit.rows.height or emit.rejects or emit.issues):
            batch = _finish(emit, keep, seen, split)
            split = _split_subject(emit)
            yield batch


@dataclass
class _Block:
    """A newline-bounded block of source lines and its marked copy (see ``_mark``), which also counts them."""

    data: bytes
    first_line: int
    lines: int
    last: bool
    marked: bytes
    marker: bytes


def _chunks(f: BinaryIO, batch_rows: int) -> Iterator[_Block]:
    """Newline-bounded blocks of about ``batch_rows`` lines (``f`` must be seekable)."""
    line = 1
    start = f.tell()
    block = f.read(max(1, min(512 * batch_rows, 1 << 20)))  # a first look to estimate the line length
    if block:
        avg = len(block) / max(block.count(b"\n"), 1)
        f.seek(start)
        block = _read_lines(f, max(len(block), int(avg * batch_rows)))
    while block:
        marked, marker, newlines = _mark(block)  # the marking counts the lines (no separate pass)
        n = newlines + (0 if block.endswith(b"\n") else 1)
        avg = len(block) / max(n, 1)
        nxt = _read_lines(f, max(1, int(avg * batch_rows)))
        yield _Block(block, line, n, not nxt, marked, marker)
        line += n
        block = nxt


def _read_lines(f: BinaryIO, size: int) -> bytes:
    """At least ``size`` bytes (unless the file ends), on to the end of the line they end in. A large block's
    line end is found first, so it is read in one piece (appending the rest of the line would copy it)."""
    if size < 1 << 20:  # small: the copy is cheaper than the seeks
        block = f.read(size)
        return block if block.endswith(b"\n") else block + f.readline()
    start = f.tell()
    f.seek(start + size - 1)
    rest = len(f.readline())  # from the block's last byte to the end of its line
    f.seek(start)
    return f.read(size - 1 + rest)


def _header(data: bytes, first_line: int) -> bool:
    """Is the first line a ``RECORD_ID`` header? Checks that it names the 95 columns in order."""
    end = data.find(b"\n")
    head = data if end < 0 else data[:end]
    text = head.decode("utf-8", "replace").rstrip("\r")
    first_field = text.split(",", 1)[0].strip().strip('"').strip()
    if first_field.upper() != "RECORD_ID":
        return False
    names = [n.strip().upper() for n in next(csv.reader([text]), [])]
    if names != list(COLUMNS):
        missing = [c for c in COLUMNS if c not in names]
        extra = [n for n in names if n not in _INDEX]
        raise DojFormatError(
            f"line {first_line}: a RECORD_ID header must list the 95 research-file columns in order "
            f"(found {len(names)} names; missing {missing[:5]}, unknown {extra[:5]}); fields are read by "
            "position, so a different layout would be misread"
        )
    return True


def _mark(data: bytes) -> tuple[bytes, bytes, int]:
    """``data`` with a marker field before every newline (and at the end), the marker, and the newlines."""
    marker = next((m for m in _MARKERS if m not in data), None)
    if marker is None:  # every control byte occurs (binary input): two bytes that do not
        marker = next(a + b for a in _MARKERS for b in _MARKERS if a + b not in data)
    marked = data.replace(b"\n", b"," + marker + b"\n")
    newlines = (len(marked) - len(data)) // (len(marker) + 1)
    if marked and not marked.endswith(b"\n"):
        marked += b"," + marker
    return marked, marker, newlines


def _read(data: bytes, wanted: list[str], encoding: Literal["utf8", "utf8-lossy"], skip: int = 0,
          marked: _Block | None = None) -> pl.DataFrame:
    """Parse newline-separated lines (after ``skip`` lines); ``_marker`` is true exactly on 95-field rows."""
    if marked is None:
        text, marker, _ = _mark(data)
    else:
        text, marker = marked.marked, marked.marker
    idx = [_INDEX[c] for c in wanted] + [N_FIELDS]
    df = pl.read_csv(
        text, has_header=False, schema=_SCHEMA, columns=idx, truncate_ragged_lines=True, skip_lines=skip,
        missing_columns="insert", extra_columns="ignore", empty_string_is_null=False,
        encoding=encoding,
    )
    ok = pl.col(_MARK) == marker.decode()
    if b"\r" in data and _END in wanted:  # CRLF: the \r now ends END_OF_REC
        return df.with_columns(ok.alias(_MARK), pl.col(_END).str.strip_suffix("\r"))
    return df.with_columns(ok.alias(_MARK))


def _lines(data: bytes) -> list[bytes]:
    lines = data.split(b"\n")
    if data.endswith(b"\n"):
        lines.pop()
    return lines


def _decode(line: bytes) -> str:
    return line.decode("utf-8", "replace").rstrip("\r")


def _fetch(data: bytes, first_line: int, wanted: list[int]) -> dict[int, bytes]:
    """The raw text of the given lines of a block, found by counting newlines (no split of the block)."""
    out: dict[int, bytes] = {}
    pos, line = 0, first_line  # pos: the offset where line ``line`` starts
    avg = 256.0
    for target in sorted(set(wanted)):
        k = target - line
        while k > 64:  # skip whole windows at C speed, never past the k-th newline
            window = int((k - 32) * avg * 0.75)
            c = data.count(b"\n", pos, pos + window)
            if c >= k:
                avg /= 2
                continue
            if c:
                avg = window / c
            pos, k = pos + window, k - c
        while k > 0:
            pos, k = data.index(b"\n", pos) + 1, k - 1
        end = data.find(b"\n", pos)
        out[target] = data[pos : len(data) if end < 0 else end]
        line = target
    return out


def _encoding_issues(data: bytes, first_line: int) -> tuple[Literal["utf8", "utf8-lossy"], list[ParseIssue]]:
    if data.isascii():
        return "utf8", []
    try:
        data.decode("utf-8")
        return "utf8", []
    except UnicodeDecodeError:
        pass
    issues = []
    for i, raw in enumerate(_lines(data)):
        if raw.isascii():
            continue
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            issues.append(ParseIssue(
                line=first_line + i, text=_decode(raw), code="bad_encoding", severity="warning",
                message="Bytes that are not UTF-8 were replaced with U+FFFD; the rest of the row was read."))
    return "utf8-lossy", issues


def _parse_chunk(data: bytes, first_line: int, n_lines: int, wanted: list[str], skip_header: bool = False,
                 marked: _Block | None = None) -> _Chunk:
    """Rows and rejects of a block that holds ``n_lines`` lines from ``first_line`` (the first one a header
    to skip when ``skip_header``); ``marked`` is the block already marked, when it is."""
    skip = 1 if skip_header else 0
    if n_lines - skip <= 0:
        return _Chunk(_empty(wanted), [], [])
    encoding, issues = _encoding_issues(data, first_line)
    try:
        df = _read(data, wanted, encoding, skip, marked)
        ok = df.height == n_lines - skip
    except pl.exceptions.PolarsError:
        ok = False
    if ok:
        start = first_line + skip
        df = df.with_columns(line=pl.int_range(start, first_line + n_lines, dtype=pl.Int64))
        return _classify(df, lambda ls: _fetch(data, first_line, ls), issues, [])
    if skip:
        cut = data.find(b"\n")
        data, first_line = data[cut + 1 :], first_line + 1
    return _fallback(data, first_line, wanted, encoding, issues)


def _fallback(data: bytes, first_line: int, wanted: list[str], encoding: Literal["utf8", "utf8-lossy"],
              issues: list[ParseIssue]) -> _Chunk:
    """Some line's quoting runs past its end: keep every line Polars reads within itself, reject the rest."""
    lines = _lines(data)
    text = pl.Series("raw", [_decode(x) for x in lines], dtype=pl.String)
    regular = text.str.contains(_REGULAR_LINE).to_list()
    rejects: list[Reject] = []
    good: list[bytes] = []
    numbers: list[int] = []
    for i, (raw, reg) in enumerate(zip(lines, regular, strict=True)):
        if reg or _confined(raw, wanted, encoding):
            good.append(raw)
            numbers.append(first_line + i)
        else:
            rejects.append(Reject(first_line + i, "unbalanced quote: a quoted field is not closed on its line",
                                  _decode(raw)))
    if not good:
        return _Chunk(_empty(wanted), rejects, issues)
    df = _read(b"\n".join(good) + b"\n", wanted, encoding)
    if df.height != len(good):  # pragma: no cover - each line was shown to parse within itself
        raise AssertionError("DOJ reader: confined lines did not parse one row each")
    df = df.with_columns(line=pl.Series(numbers, dtype=pl.Int64))
    return _classify(df, lambda ls: {n: lines[n - first_line] for n in ls}, issues, rejects)


def _confined(raw: bytes, wanted: list[str], encoding: Literal["utf8", "utf8-lossy"]) -> bool:
    """Does Polars read this line as one row that ends with the line (the next line still parses)?"""
    if b"\r" in raw.rstrip(b"\r"):
        return False
    try:
        return _read(raw + _PROBE, wanted, encoding).height == 2
    except pl.exceptions.PolarsError:
        return False


def _classify(
    df: pl.DataFrame, fetch: Callable[[list[int]], dict[int, bytes]], issues: list[ParseIssue],
    rejects: list[Reject],
) -> _Chunk:
    """Keep rows of exactly 95 fields with a SUBJECT_ID; reject the others, with the reason, from their line."""
    subject = df.get_column(_SUBJECT)
    bad = ~df.get_column(_MARK) | (subject.str.strip_chars() == "")
    df = df.drop(_MARK)
    if bad.any():  # rare: only then is the frame filtered (a copy of every column)
        check = df.select("line", _SUBJECT).filter(bad)
        raw_lines = fetch(check["line"].to_list())
        for line, subj in check.iter_rows():
            raw = _decode(raw_lines[line])
            rejects.append(Reject(line, _reason(raw, subj), raw))
        rejects.sort(key=lambda r: r.line)
        df = df.filter(~bad)
    return _Chunk(df, rejects, issues)


def _reason(raw: str, subject: str) -> str:
    """Why a line is not a row (it has no 95 fields as Polars splits them, or no SUBJECT_ID)."""
    if raw.strip() == "":
        return "blank line"
    try:
        n = len(next(csv.reader([raw]), []))
    except csv.Error as exc:
        return f"fields cannot be split ({exc})"
    if n != N_FIELDS:
        return f"expected {N_FIELDS} fields, found {n}"
    if subject.strip() == "":
        return "no SUBJECT_ID: the row cannot be attributed to a person"
    return f"expected {N_FIELDS} fields; the quoting splits the line differently (irregular quotes)"


def _empty(wanted: list[str]) -> pl.DataFrame:
    return pl.DataFrame(schema={**{c: pl.String for c in wanted}, "line": pl.Int64})


def _split_last_subject(chunk: _Chunk, batch_rows: int) -> tuple[_Chunk | None, _Chunk | None]:
    """Hold back the rows of the chunk's last subject (it may continue in the next chunk)."""
    rows = chunk.rows
    if rows.height == 0:
        return None, chunk
    subj = rows.get_column(_SUBJECT).str.strip_chars()
    last = subj[-1]
    other = (subj != last).arg_true()
    start = 0 if other.len() == 0 else int(other[-1]) + 1
    if start == 0:
        if rows.height <= batch_rows:
            return None, chunk  # one subject so far: keep reading
        issue = ParseIssue(
            line=int(rows["line"][0]), text=str(last), code="subject_split", severity="warning",
            message=f"Subject {last} has more than {batch_rows} rows, so its rows are read in more than one "
                    "batch; person-level facts are computed per batch for this subject.")
        return _Chunk(rows, chunk.rejects, [*chunk.issues, issue]), None
    first_kept = int(rows["line"][start])
    emit = _Chunk(rows.slice(0, start), [r for r in chunk.rejects if r.line < first_kept],
                  [i for i in chunk.issues if i.line < first_kept])
    held = _Chunk(rows.slice(start), [r for r in chunk.rejects if r.line >= first_kept],
                  [i for i in chunk.issues if i.line >= first_kept])
    return emit, held


def _split_subject(chunk: _Chunk) -> str | None:
    return next((i.text for i in chunk.issues if i.code == "subject_split"), None)


def _finish(chunk: _Chunk, keep: list[str], seen: dict[str, int], split: str | None) -> DojBatch:
    """Report subjects whose rows are not contiguous (within the batch, or seen in an earlier batch); ``seen``
    (subject -> first line, over earlier batches) gets this batch's new subjects. The cost is the batch's."""
    rows = chunk.rows
    issues = list(chunk.issues)
    if rows.height:
        subj = rows.get_column(_SUBJECT).str.strip_chars()
        start = subj.ne_missing(subj.shift(1))
        starts = pl.DataFrame({"s": subj.filter(start), "line": rows.get_column("line").filter(start)})
        firsts = starts.filter(starts.get_column("s").is_first_distinct())
        if firsts.height < starts.height:  # a subject has several runs in this batch
            later = starts.join(firsts, on="s", suffix="_first").filter(pl.col("line") > pl.col("line_first"))
            issues += [_reappears(s, line, first, same_batch=True) for s, line, first in later.iter_rows()]
        names: list[str] = firsts.get_column("s").to_list()
        again = seen.keys() & set(names)
        if again:
            runs = starts.filter(pl.col("s").is_in(list(again)))
            if split is not None:  # the continuation of a subject split by size is not a reappearance
                runs = runs.filter(~((pl.col("s") == split) & (pl.col("line") == int(rows["line"][0]))))
            for s, line in runs.unique("s", keep="first", maintain_order=True).iter_rows():
                issues.append(_reappears(s, line, seen[s], same_batch=False))
        before = {s: seen[s] for s in again}
        seen.update(zip(names, firsts.get_column("line").to_list(), strict=True))
        seen.update(before)
    issues.sort(key=lambda i: i.line)
    out = rows.select([*keep, "line"])
    return DojBatch(out, sorted(chunk.rejects, key=lambda r: r.line), issues)


def _reappears(subject: str, line: int, first: int, same_batch: bool) -> ParseIssue:
    how = ("its rows in this batch are read together as one person" if same_batch else
           "these rows are read as a separate record for the same person (earlier rows were in an earlier "
           "batch); person-level facts may be incomplete")
    return ParseIssue(line=line, text=subject, code="subject_reappears", severity="warning", field=_SUBJECT,
                      message=f"Subject {subject} reappears after other subjects (first seen at line {first}); "
                              f"a subject's rows should be contiguous, so {how}.")
