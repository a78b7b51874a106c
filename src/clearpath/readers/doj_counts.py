"""DOJ rows → the counts frame (one row per count), vectorised; see ``clearpath.readers.doj`` for the rules.

Speed notes: rows are grouped into profiles (the distinct combinations of the columns that classify a row, and
of those that describe a count) by a hash of the values, checked value by value against each group's first
row; facts are derived once per profile, and a column's own facts once per distinct value of it, then put
on the rows by position. A count's rows are contiguous in DOJ files and most counts have one row: such counts
are read off their row, and only counts of several rows are aggregated (over sorted run ids), with a hashed
fallback when a batch's counts are not contiguous. Wide frames are never joined: only key columns go
through joins.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import polars as pl

from clearpath.law.offense import CODES, parse_offense
from clearpath.readers.doj_read import COUNT_COLUMNS, DojBatch, Reject
from clearpath.readers.issues import ParseIssue
from clearpath.records.frame import COUNTS_SCHEMA
from clearpath.records.model import MAX_JAIL_DAYS, MAX_PROBATION_MONTHS

C = pl.col
S = pl.String
I64 = pl.Int64

ISSUE_SCHEMA: dict[str, Any] = {
    "line": pl.Int64, "code": S, "severity": S, "field": S, "text": S, "message": S,
}
DATE_FIELDS = ("PRI_DOB", "STP_EVENT_DATE", "DISP_DATE", "CYC_DATE")
LEVELS = {"F": "felony", "M": "misdemeanor", "I": "infraction"}
CONV_STATUS = {"FELONY": "felony", "MISDEMEANOR": "misdemeanor", "INFRACTION": "infraction"}
TIME_UNITS = {"D": "d", "M": "mo", "Y": "y"}
RELIEF = (  # DISP_DESCR text → the remedy it records as granted (most specific first)
    (r"1203\.4\s*A", "PC 1203.4a"),
    (r"1203\.41", "PC 1203.41"),
    (r"1203\.42", "PC 1203.42"),
    (r"1203\.4", "PC 1203.4"),
    (r"\b17\s*\(?B\)?", "PC 17(b)"),
    (r"11361\.8", "HS 11361.8"),
    (r"1170\.18", "PC 1170.18"),
)
# Step kinds and disposition categories as small integers (cheap to aggregate).
OTHER, ARREST, COURT, REGISTRATION, DECEASED = 0, 1, 2, 3, 4
CONVICTED, ACQUITTED, DISMISSED, DECLINED, RELIEF_CAT, REVOKED, MODIFIED, NO_DISP, UNREAD = 1, 2, 3, 4, 5, 6, 7, 8, 9
DISPOSITION_NAMES = {CONVICTED: "convicted", ACQUITTED: "acquitted", DISMISSED: "dismissed",
                     DECLINED: "prosecution_declined"}
SENT_PROBATION, SENT_JAIL, SENT_PRISON, SENT_FINE, SENT_OTHER = 1, 2, 3, 4, 9

_CODES = "|".join(sorted(CODES, key=len, reverse=True))
_SECTION = r"(?:664\s*/\s*)?\d+(?:\.\d+)?[A-Z]?(?:\s*\([0-9A-Z]{1,4}\))*(?:\s*-\s*664)?"
_CHARGE = re.compile(rf"^\s*(?P<sec>{_SECTION})\s*(?P<code>[A-Z&]{{2,3}})\b\s*(?:-.*)?$", re.S)
_IN_COMMENT = re.compile(rf"(?<![\d.])(?P<sec>{_SECTION})\s*(?P<code>{_CODES})\b")
_CACHE: dict[str, tuple[str | None, bool]] = {}


def parse_charge(text: str | None) -> tuple[str | None, bool]:
    """``'11357(C)HS-POSSESS MARIJUANA'`` → ``('HS 11357(c)', False)``; ``'664/187 PC-...'`` → attempt."""
    if not text:
        return None, False
    hit = _CACHE.get(text)
    if hit is not None:
        return hit
    up = text.upper()
    m = _CHARGE.match(up)
    off = parse_offense(f"{m.group('sec')} {m.group('code')}") if m else parse_offense(up.split("-", 1)[0])
    out = (off.key, off.attempt) if off else (None, False)
    if len(_CACHE) > 200_000:
        _CACHE.clear()
    _CACHE[text] = out
    return out


def charge_in_comment(text: str | None) -> str | None:
    """The first charge written in a comment (``SEE COMMENT FOR CHARGE`` moves it there), as written."""
    if not text:
        return None
    m = _IN_COMMENT.search(text.upper())
    return f"{m.group('sec')} {m.group('code')}" if m else None


# ---- per-distinct-value classification -----------------------------------------------------------------
# Every spelling whose upper case is NULL (no other character upper-cases to N, U or L): a lookup is cheaper.
_NULLS = [a + b + c + d for a in "nN" for b in "uU" for c in "lL" for d in "lL"]


def _blank(v: pl.Expr) -> pl.Expr:
    s = v.str.strip_chars()
    return pl.when((s == "") | s.is_in(_NULLS)).then(None).otherwise(s)


# What may differ between the rows of one count (step type, disposition, sentence part) ...
_ROW_PROFILE = ("STP_TYPE_DESCR", "DISP_DESCR", "SENT_LOC_DESCR", "SENT_LENGTH", "SENT_TIME_CODE")
# ... and what describes the count itself, read from the count's first row.
_COUNT_PROFILE = ("OFFENSE_DESCR", "DISP_OFFENSE_DESCR", "CONV_OFFENSE_DESCR", "OFFENSE_QUAL_LST", "OFFENSE_TOC",
                  "DISP_OFFENSE_TOC", "CONV_OFFENSE_TOC", "CONV_STAT_DESCR", "STP_ORI_CNTY_NAME", "STP_ORI_DESCR",
                  "COMMENT_TEXT")


Derive = Callable[[Callable[[str], pl.Expr]], dict[str, pl.Expr]]


def _row_hash(parts: pl.DataFrame) -> pl.Series:
    return parts.hash_rows()


def _profiles(df: pl.DataFrame, cols: tuple[str, ...]) -> tuple[pl.Series, pl.DataFrame, list[str]]:
    """Each row's profile id (``UInt32``) and the profiles: one row per distinct combination of ``cols`` (the
    parts ``_p_<col>``, null read as ``""``; ``id`` = position), and the columns not empty throughout the batch
    (only these are parts).

    Rows are grouped by a hash of their parts, then every row is compared with its group's first row, so a
    hash collision only costs the slower exact grouping (no string keys are built or joined)."""
    if df.height == 0:
        return pl.Series("id", [], dtype=pl.UInt32), pl.DataFrame(schema={"id": pl.UInt32}), []
    parts = df.select((C(c).fill_null("") if df.get_column(c).null_count() else C(c)).alias(f"_p_{c}") for c in cols)
    h = _row_hash(parts)
    first = h.is_first_distinct()
    dim = parts.filter(first)
    ids = pl.DataFrame({"h": h}).join(
        pl.DataFrame({"h": h.filter(first), "id": pl.int_range(dim.height, dtype=pl.UInt32, eager=True)}),
        on="h", how="left", maintain_order="left").get_column("id")
    blank = dim.select((C(c) == "").all() for c in parts.columns).row(0)
    exact = all((parts.get_column(c) == "").all() if is_blank else
                (parts.get_column(c) == dim.get_column(c).gather(ids)).all()
                for c, is_blank in zip(parts.columns, blank, strict=True))
    if not exact:  # a hash collision: group by the values themselves
        ids = parts.select(pl.struct(pl.all()).rank("dense").cast(pl.UInt32) - 1).to_series()
        dim = parts.with_columns(_id=ids).unique("_id").sort("_id").drop("_id")
        blank = dim.select((C(c) == "").all() for c in parts.columns).row(0)
    present = [c for c, is_blank in zip(cols, blank, strict=True) if not is_blank]
    dim = dim.select(pl.int_range(dim.height, dtype=pl.UInt32).alias("id"), *(f"_p_{c}" for c in present))
    return ids.alias("id"), dim, present


def _derive_dim(dim: pl.DataFrame, present: list[str], derive: Derive) -> pl.DataFrame:
    """``derive`` evaluated on the profiles (``_profiles``): ``id`` and the derived columns."""

    def part(name: str) -> pl.Expr:
        return C(f"_p_{name}") if name in present else pl.lit("")

    return dim.with_columns(**derive(part)).drop(f"_p_{c}" for c in present)


def _per_combination(df: pl.DataFrame, cols: tuple[str, ...], derive: Derive) -> pl.DataFrame:
    """Derived columns computed once per distinct combination of ``cols`` (few per batch) and put on the rows."""
    ids, dim, present = _profiles(df, cols)
    derived = _derive_dim(dim, present, derive).drop("id")
    return df.with_columns(derived.get_column(c).gather(ids) for c in derived.columns)


def _step_kind(v: pl.Expr) -> dict[str, pl.Expr]:
    s = _blank(v).str.to_uppercase()
    return {"kind": pl.when(s.str.starts_with("ARREST") | s.str.starts_with("SUPPLEMENTAL ARR")).then(ARREST)
            .when(s.str.starts_with("COURT")).then(COURT)
            .when(s.str.starts_with("REGISTRATION")).then(REGISTRATION)
            .when(s.str.starts_with("DECEASED")).then(DECEASED).otherwise(OTHER).cast(pl.Int8)}


def _disposition(v: pl.Expr) -> dict[str, pl.Expr]:
    d = _blank(v).str.to_uppercase()
    relief = pl.lit(None, dtype=S)
    for pattern, remedy in reversed(RELIEF):
        relief = pl.when(d.str.contains(pattern)).then(pl.lit(remedy)).otherwise(relief)
    cat = (
        pl.when(d.is_null()).then(NO_DISP)
        .when(d.str.starts_with("CONVICTED")).then(CONVICTED)
        .when(relief.is_not_null() | d.str.contains("SET ASIDE", literal=True)).then(RELIEF_CAT)
        .when(d.str.contains("REVOKED", literal=True)).then(REVOKED)
        .when(d.str.contains("PROS REJ", literal=True)).then(DECLINED)
        .when(d.str.contains("ACQUIT", literal=True) | d.str.contains("NOT GUILTY", literal=True)).then(ACQUITTED)
        .when(d.str.starts_with("DISM") | d.str.contains("DISMISSED", literal=True)).then(DISMISSED)
        .when(d.str.contains("MODIFIED", literal=True)).then(MODIFIED)
        .otherwise(UNREAD)
    ).cast(pl.Int8)
    suffix = d.str.split("-").list.get(1, null_on_oob=True).str.strip_chars()
    return {
        "cat": cat, "relief": relief, "disp_text": d,
        "sfx_prob": (cat == CONVICTED) & suffix.str.starts_with("PROB").fill_null(False),
        "sfx_prison": (cat == CONVICTED) & suffix.str.starts_with("PRISON").fill_null(False),
        "sfx_sentence": (cat == CONVICTED) & suffix.str.contains("PROB|JAIL|PRISON|FINE").fill_null(False),
    }


def _sentence_part(v: pl.Expr) -> dict[str, pl.Expr]:
    s = _blank(v).str.to_uppercase()
    return {"sent_kind": pl.when(s.is_null()).then(None)
            .when(s.str.contains("PROB", literal=True)).then(SENT_PROBATION)
            .when(s.str.contains("PRISON", literal=True) | s.str.contains("CDC", literal=True)).then(SENT_PRISON)
            .when(s.str.contains("JAIL", literal=True)).then(SENT_JAIL)
            .when(s.str.contains("FINE", literal=True)).then(SENT_FINE).otherwise(SENT_OTHER).cast(pl.Int8),
            "sent_text": s}


def _term(v: pl.Expr) -> dict[str, pl.Expr]:
    """``SENT_LENGTH|SENT_TIME_CODE`` → months (days rounded up, 30 a month), days (30 a month, 365 a year)
    and an offset string for date arithmetic."""
    length = v.str.split("|").list.get(0).str.strip_chars()
    unit = v.str.split("|").list.get(1).str.strip_chars().str.to_uppercase()
    n = pl.when(length.str.contains(r"^\d{1,6}$")).then(length.cast(I64, strict=False))
    return {
        "len_text": pl.when(length != "").then(length), "unit_text": pl.when(unit != "").then(unit),
        "n_months": pl.when(unit == "Y").then(n * 12).when(unit == "M").then(n).when(unit == "D").then((n + 29) // 30),
        "n_days": pl.when(unit == "D").then(n).when(unit == "M").then(n * 30).when(unit == "Y").then(n * 365),
        "term": pl.when(n.is_not_null() & unit.is_in(list(TIME_UNITS))).then(
            pl.format("{}{}", n, unit.replace_strict(TIME_UNITS, default=None))),
    }


def _code(v: pl.Expr, mapping: dict[str, str], name: str) -> dict[str, pl.Expr]:
    s = _blank(v).str.to_uppercase()
    return {name: s.replace_strict(mapping, default=None, return_dtype=S), f"{name}_text": s}


def _charge(v: pl.Expr, keys: dict[str, str | None], attempts: dict[str, bool], name: str) -> dict[str, pl.Expr]:
    s = _blank(v)
    return {f"{name}_text": s, f"{name}_key": _map(s, keys, S), f"{name}_att": _map(s, attempts, pl.Boolean)}


def _map(expr: pl.Expr, mapping: dict[str, Any], dtype: Any) -> pl.Expr:
    if not mapping:
        return pl.lit(None, dtype=dtype)
    return expr.replace_strict(list(mapping), list(mapping.values()), default=None, return_dtype=dtype)


def _date(v: pl.Expr) -> pl.Expr:
    return v.str.strptime(pl.Date, "%Y%m%d", strict=False)


def _dates(r: pl.DataFrame, columns: dict[str, str]) -> pl.DataFrame:
    """Parse ``YYYYMMDD`` columns (source → target); values padded with spaces are parsed stripped."""
    r = r.with_columns(**{target: _date(C(src)) for src, target in columns.items()})
    for src, target in columns.items():
        if r.select((C(target).is_null() & (C(src) != "")).any()).item():
            r = r.with_columns(pl.when(C(target).is_null() & (C(src) != ""))
                               .then(_date(C(src).str.strip_chars())).otherwise(C(target)).alias(target))
    return r


def _add_term(start: pl.Expr, offset: pl.Expr) -> pl.Expr:
    """``start`` plus a term (``'6mo'``, ``'3y'``, ``'90d'``). Rounding: a day the target month lacks (Jan 31
    + 1 month, Feb 29 + 1 year) moves to the first day of the next month, never to an earlier day."""
    end = start.dt.offset_by(offset)
    clamped = offset.str.ends_with("d").not_() & (end.dt.day() < start.dt.day())
    return pl.when(clamped).then(end.dt.offset_by("1d")).otherwise(end)


def _issues(frame: pl.DataFrame, code: str, severity: str, field: str | None, text: pl.Expr,
            message: pl.Expr, line: str = "line") -> pl.DataFrame:
    return frame.select(
        line=C(line).cast(pl.Int64), code=pl.lit(code), severity=pl.lit(severity),
        field=pl.lit(field, dtype=S), text=text.cast(S).fill_null(""), message=message.cast(S),
    )


# ---- rows ----------------------------------------------------------------------------------------------
def _offense_maps(df: pl.DataFrame) -> tuple[dict[str, str | None], dict[str, bool], dict[str, str | None]]:
    """Parse each distinct charge text once (there are few), with the project's offense parser."""
    texts: set[str] = set()
    for col in ("OFFENSE_DESCR", "DISP_OFFENSE_DESCR", "CONV_OFFENSE_DESCR"):
        texts |= {t.strip() for t in df.get_column(col).unique().drop_nulls().to_list() if t.strip()}
    comments = df.get_column("COMMENT_TEXT").unique().drop_nulls()
    from_comment = {c: charge_in_comment(c.strip()) for c in comments.to_list() if c.strip()}
    texts |= {v for v in from_comment.values() if v}
    keys: dict[str, str | None] = {}
    attempts: dict[str, bool] = {}
    for t in texts:
        keys[t], attempts[t] = parse_charge(t)
    return keys, attempts, from_comment


def _row_profile(part: Callable[[str], pl.Expr]) -> dict[str, pl.Expr]:
    sent = pl.concat_str(part("SENT_LENGTH"), part("SENT_TIME_CODE"), separator="|")
    return {**_step_kind(part("STP_TYPE_DESCR")), **_disposition(part("DISP_DESCR")),
            **_sentence_part(part("SENT_LOC_DESCR")), **_term(sent)}


def _per_value(dim: pl.DataFrame, present: list[str], name: str,
               make: Callable[[pl.Expr], dict[str, pl.Expr]]) -> pl.DataFrame:
    """Columns that depend on one part only, computed once per distinct value of that part (fewer still than
    the profiles) and joined to the profiles."""
    if name not in present:
        return dim.with_columns(**make(pl.lit("")))
    part = f"_p_{name}"
    values = dim.select(C(part).unique())
    return dim.join(values.with_columns(**make(C(part))), on=part, how="left", maintain_order="left")


def _count_dim(dim: pl.DataFrame, present: list[str], keys: dict[str, str | None], attempts: dict[str, bool],
               from_comment: dict[str, str | None]) -> pl.DataFrame:
    """The count-level facts of each count profile (``_profiles`` of ``_COUNT_PROFILE``)."""
    in_comment = {k: v for k, v in from_comment.items() if v}

    def offense(v: pl.Expr) -> dict[str, pl.Expr]:
        off = _blank(v)
        see = off.str.to_uppercase().str.contains("SEE COMMENT", literal=True).fill_null(False)
        return {**_charge(v, keys, attempts, "off"), "see_comment": off.is_null() | see}

    def comment(v: pl.Expr) -> dict[str, pl.Expr]:
        charge = _map(v, in_comment, S)
        return {"_comment": _blank(v), "_in_comment": charge, "_in_key": _map(charge, keys, S),
                "_in_att": _map(charge, attempts, pl.Boolean)}

    for name, make in (
        ("OFFENSE_DESCR", offense), ("COMMENT_TEXT", comment),
        ("DISP_OFFENSE_DESCR", lambda v: _charge(v, keys, attempts, "doff")),
        ("CONV_OFFENSE_DESCR", lambda v: _charge(v, keys, attempts, "coff")),
        ("OFFENSE_TOC", lambda v: _code(v, LEVELS, "toc")),
        ("DISP_OFFENSE_TOC", lambda v: _code(v, LEVELS, "disp_toc")),
        ("CONV_OFFENSE_TOC", lambda v: _code(v, LEVELS, "conv_toc")),
        ("CONV_STAT_DESCR", lambda v: _code(v, CONV_STATUS, "conv_stat")),
        ("OFFENSE_QUAL_LST", lambda v: {
            "qual_attempt": v.str.to_uppercase().str.contains("664|ATTEMPT").fill_null(False)}),
        ("STP_ORI_CNTY_NAME", lambda v: {"county": _blank(v).str.to_titlecase()}),
        ("STP_ORI_DESCR", lambda v: {"court": _blank(v)}),
    ):
        dim = _per_value(dim, present, name, make)
    see_comment = C("see_comment")
    return dim.select(
        "id", "off_text", "off_key", "off_att", "doff_text", "doff_key", "doff_att", "coff_text", "coff_key",
        "coff_att", "toc", "toc_text", "disp_toc", "disp_toc_text", "conv_toc", "conv_toc_text", "conv_stat",
        "conv_stat_text", "see_comment",
        comment=pl.when(see_comment).then(C("_comment")),
        qual_attempt=C("qual_attempt"), county=C("county"), court=C("court"),
        charge_text=pl.when(see_comment).then(C("_in_comment")).otherwise(C("off_text")),
        charge_key=pl.when(see_comment).then(C("_in_key")).otherwise(C("off_key")),
        charge_att=pl.when(see_comment).then(C("_in_att")).otherwise(C("off_att")),
        any_toc=pl.coalesce(C("conv_toc"), C("disp_toc"), C("toc")),
        any_toc_text=pl.coalesce(C("conv_toc_text"), C("disp_toc_text"), C("toc_text")),
        bad_codes=pl.concat_list([
            pl.when(C(f"{c}_text").is_not_null() & C(c).is_null()).then(pl.lit(c))
            for c in ("toc", "disp_toc", "conv_toc", "conv_stat")]).list.drop_nulls(),
    )


def _rows(df: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Row-level facts, and the dimension of count-level facts (keyed by ``_ck``, a row's count profile)."""
    missing = [c for c in COUNT_COLUMNS if c not in df.columns]
    if missing:
        raise ValueError(f"batch lacks columns the counts frame needs: {missing} (read with COUNT_COLUMNS)")
    keys, attempts, from_comment = _offense_maps(df)
    r = df.select(*COUNT_COLUMNS, "line")
    r = _per_combination(r, _ROW_PROFILE, _row_profile)
    ids, profiles, present = _profiles(r, _COUNT_PROFILE)
    cnt = C("CNT_ORDER")
    cnt_int = cnt.str.to_integer(strict=False)
    r = r.with_columns(
        ids.alias("_cp"),
        subj=C("SUBJECT_ID").str.strip_chars(),
        cnt=cnt,
        cnt_ok=((cnt.str.len_bytes() == 12) & (cnt_int >= 0) & ~cnt.str.starts_with("+")).fill_null(False),
        cnt_int=cnt_int,
        reg_290=C("OFFENSE_DESCR").str.strip_chars_start().str.starts_with("290"),
    ).with_columns(cnt_int=pl.when(C("cnt_ok")).then(C("cnt_int")))
    r = _dates(r, {"PRI_DOB": "pri_dob", "CYC_DATE": "cyc_date", "STP_EVENT_DATE": "stp_date",
                   "DISP_DATE": "disp_date"})
    dim = _count_dim(profiles, present, keys, attempts, from_comment).rename({"id": "_cp"})
    return r, dim


def _row_issues(r: pl.DataFrame, dim: pl.DataFrame) -> list[pl.DataFrame]:
    out = []
    parsed = {"PRI_DOB": "pri_dob", "CYC_DATE": "cyc_date", "STP_EVENT_DATE": "stp_date", "DISP_DATE": "disp_date"}
    for f in DATE_FIELDS:
        bad = r.filter(C(parsed[f]).is_null() & (C(f) != "")).with_columns(_raw=_blank(C(f)))
        bad = bad.filter(C("_raw").is_not_null())
        if bad.height:
            out.append(_issues(bad, "bad_date", "warning", f, C("_raw"),
                               pl.format(f"{f} '{{}}' is not a real YYYYMMDD date; left unknown", C("_raw"))))
    bad_profiles = dim.filter(C("bad_codes").list.len() > 0)
    if bad_profiles.height:
        rows = r.select("line", "_cp").filter(C("_cp").is_in(bad_profiles.get_column("_cp").implode())).join(
            bad_profiles, on="_cp", how="left", maintain_order="left")
        checks = (("toc", "OFFENSE_TOC", tuple(LEVELS)), ("disp_toc", "DISP_OFFENSE_TOC", tuple(LEVELS)),
                  ("conv_toc", "CONV_OFFENSE_TOC", tuple(LEVELS)),
                  ("conv_stat", "CONV_STAT_DESCR", tuple(CONV_STATUS)))
        for col, field, allowed in checks:
            bad = rows.filter(C("bad_codes").list.contains(col))
            if bad.height:
                out.append(_issues(bad, "unknown_code", "warning", field, C(f"{col}_text"), pl.format(
                    f"{field} '{{}}' is not one of {'/'.join(allowed)}; left unknown", C(f"{col}_text"))))
    bad = r.filter(C("unit_text").is_not_null() & ~C("unit_text").is_in(list(TIME_UNITS)))
    if bad.height:
        out.append(_issues(bad, "unknown_code", "warning", "SENT_TIME_CODE", C("unit_text"), pl.format(
            "SENT_TIME_CODE '{}' is not one of D/M/Y; the term is left unknown", C("unit_text"))))
    bad = r.filter(C("len_text").is_not_null() & ~C("len_text").str.contains(r"^\d{1,6}$"))
    if bad.height:
        out.append(_issues(bad, "bad_number", "warning", "SENT_LENGTH", C("len_text"), pl.format(
            "SENT_LENGTH '{}' is not a whole number; the term is left unknown", C("len_text"))))
    bad = r.filter(C("len_text").is_not_null() & C("sent_kind").is_in([SENT_PROBATION, SENT_JAIL])
                   & C("unit_text").is_null())
    if bad.height:
        out.append(_issues(bad, "sentence_unit_missing", "warning", "SENT_TIME_CODE", C("len_text"), pl.format(
            "{} {} has no SENT_TIME_CODE (days, months or years); the term is left unknown",
            C("sent_text"), C("len_text"))))
    bad = r.filter(C("sent_kind") == SENT_OTHER)
    if bad.height:
        out.append(_issues(bad, "unknown_code", "info", "SENT_LOC_DESCR", C("sent_text"), pl.format(
            "sentence part '{}' is not probation, jail, prison or a fine; not used", C("sent_text"))))
    return out


# ---- counts --------------------------------------------------------------------------------------------
def build(batch: DojBatch | pl.DataFrame, level_from_toc: bool = False, person_stats: bool = False
          ) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """(counts with extra columns, people, issues frame) for one batch; the public functions select from it.
    With ``person_stats`` people also has ``PERSON_STATS`` (first non-blank values, the latest cycle's age)."""
    rows = batch.rows if isinstance(batch, DojBatch) else batch
    r, dim = _rows(rows)
    issues = _row_issues(r, dim)
    r = _keys(r)
    people = _people(r, issues, rows if person_stats else None)
    counts = _disposition_of_counts(_aggregate(r))
    keep, counts = _select_counts(counts)
    drop, counts = _apply_updates(counts, issues)
    counts = counts.filter(keep & ~drop)
    # the count profile's facts, by position (``_cp`` is the profile's row), once the counts are chosen
    at = counts.get_column("_cp")
    counts = counts.with_columns(c.gather(at) for c in dim.drop("_cp").get_columns())
    counts = _levels(counts, issues, level_from_toc)
    counts = _offenses(counts, issues)
    counts = _sentences(counts, issues)
    cases = _cases(counts, issues)
    counts = _attach(_attach(counts, cases, "case_key"), people.select("pk", "subj", "dob", "deceased", "reg290"),
                     "pk")
    issue_frame = pl.concat(issues, how="vertical") if issues else pl.DataFrame(schema=ISSUE_SCHEMA)
    return counts, people, issue_frame.sort("line", maintain_order=True)


def _keys(r: pl.DataFrame) -> pl.DataFrame:
    """Integer keys: person, count (contiguous run ids when the batch's rows are in DOJ order), case, cycle."""
    start = (C("subj") != C("subj").shift()).fill_null(True)
    r = r.with_columns(pk=start.cum_sum().cast(I64), _start=start)
    if r.get_column("subj").filter(r.get_column("_start")).is_duplicated().any():  # a subject is not contiguous
        r = r.with_columns(pk=C("subj").rank("dense").cast(I64))
    r = r.with_columns(
        ck=pl.when(C("cnt_ok")).then(C("pk") * 1_000_000_000_000 + C("cnt_int")).otherwise(-C("line")),
        case_key=pl.when(C("cnt_ok")).then(C("pk") * 1_000_000 + C("cnt_int") // 1_000_000).otherwise(-C("line")),
        cyc_key=pl.when(C("cnt_ok")).then(C("pk") * 1_000 + C("cnt_int") // 1_000_000_000),
        step=pl.when(C("cnt_ok")).then(C("cnt_int") // 1_000_000 % 1_000),
        cntno=pl.when(C("cnt_ok")).then(C("cnt_int") // 1_000 % 1_000),
    )
    return r.with_columns(
        run=(C("ck") != C("ck").shift()).fill_null(True).cum_sum().cast(I64).set_sorted(),
        rank=C("cat").replace_strict({CONVICTED: 1, RELIEF_CAT: 1, REVOKED: 1, ACQUITTED: 2, DISMISSED: 3,
                                      DECLINED: 4}, default=9, return_dtype=pl.Int8),
        primary=C("cat").is_in([CONVICTED, ACQUITTED, DISMISSED, DECLINED]),
        row_date=pl.coalesce(C("disp_date"), C("stp_date")),
    )


# People columns ``build(..., person_stats=True)`` adds: source column → the first non-blank value of the subject.
PERSON_STATS = {"cii": "CII_NUMBER", "name": "PRI_NAME", "sex": "GENDER", "race_code": "RACE_CODE",
                "race": "RACE_DESCR"}


def _nonblank(name: str) -> pl.Expr:
    v = C(name).str.strip_chars()
    return pl.when(v != "").then(v).drop_nulls().first()


def _people(r: pl.DataFrame, issues: list[pl.DataFrame], stats: pl.DataFrame | None = None) -> pl.DataFrame:
    reg = (C("kind") == REGISTRATION) & C("reg_290").fill_null(False)
    extra: list[pl.Expr] = []
    sources: dict[str, str] = {}
    if stats is not None:  # rows in the order of ``r``
        sources = {k: c for k, c in PERSON_STATS.items() if c in stats.columns}
        r = r.with_columns(stats.get_column(c).alias(f"_s_{c}") for c in sources.values()).with_columns(
            _s_age=stats.get_column("CYC_AGE").str.strip_chars().cast(pl.Int64, strict=False))
        # A subject's first row nearly always has the value: take it, and look further only where it is blank.
        extra = [*(C(f"_s_{c}").first().str.strip_chars().alias(k) for k, c in sources.items()),
                 C("_s_age").max().alias("age_at_last_cycle")]
    people = r.group_by("pk", maintain_order=True).agg(
        *extra,
        subj=C("subj").first(),
        first_line=C("line").min(),
        dob=C("pri_dob").first(ignore_nulls=True),
        dob_lo=C("pri_dob").min(), dob_hi=C("pri_dob").max(),
        deceased=pl.when((C("kind") == DECEASED).any()).then(True).otherwise(None),
        reg290=pl.when(reg.any()).then(True).otherwise(None),
    )
    bad = people.filter(C("dob_lo") != C("dob_hi"))
    if bad.height:
        issues.append(_issues(bad, "conflicting_dob", "warning", "PRI_DOB", C("subj"), pl.lit(
            "the subject's rows give different PRI_DOB values; the first one is used"), line="first_line"))
    people = people.drop("dob_lo", "dob_hi")
    if stats is not None:
        blank = [k for k in sources if people.select((C(k).fill_null("") == "").any()).item()]
        if blank:
            need = people.filter(pl.any_horizontal(C(k).fill_null("") == "" for k in blank)).get_column("pk")
            found = r.filter(C("pk").is_in(need.implode())).group_by("pk").agg(
                _nonblank(f"_s_{sources[k]}").alias(f"_f_{k}") for k in blank)
            people = people.join(found, on="pk", how="left", maintain_order="left").with_columns(
                pl.when(C(k).fill_null("") == "").then(C(f"_f_{k}")).otherwise(C(k)).alias(k) for k in blank
            ).drop(f"_f_{k}" for k in blank)
        people = people.with_columns(pl.lit(None, dtype=S).alias(k) for k in PERSON_STATS if k not in sources)
    return people


def _attach(df: pl.DataFrame, other: pl.DataFrame, on: str) -> pl.DataFrame:
    """``df`` left-joined with ``other``, whose ``on`` values are unique: only the key column goes through the
    join and the joined columns are put beside ``df`` (a wide frame is not gathered again)."""
    if set(other.columns) & set(df.columns) - {on}:
        return df.join(other, on=on, how="left", maintain_order="left")
    got = df.select(on).join(other, on=on, how="left", maintain_order="left")
    return df.with_columns(got.drop(on).get_columns())


def _aggregate(r: pl.DataFrame) -> pl.DataFrame:
    """One row per count (per step and count of every step). Uses the sorted run id (slice groups); hashes
    when a count's rows are apart. Values that describe the count come from its first row that has them.
    Most counts have one row: theirs are read off the row, and only counts of several rows are grouped."""
    prob = C("sent_kind") == SENT_PROBATION
    pick = pl.when(C("primary")).then(C("rank"))
    nonblank = {c: (C(c) != "") & C(c).is_not_null() for c in ("OFN", "FE_NUM_CRT_CASE")}
    prob_any = prob.fill_null(False) | C("sfx_prob")
    prison_any = (C("sent_kind") == SENT_PRISON).fill_null(False) | C("sfx_prison")
    recorded = C("sent_kind").is_in([SENT_PROBATION, SENT_JAIL, SENT_PRISON, SENT_FINE]).fill_null(False) \
        | C("sfx_sentence")
    other = C("cat").is_in([UNREAD, MODIFIED])
    revoked = C("cat") == REVOKED
    updates = C("cat").is_in([RELIEF_CAT, REVOKED, MODIFIED])
    # (aggregate over a count's rows, the same for a count of one row)
    pairs: list[tuple[pl.Expr, pl.Expr]] = [
        *((C(c).first(), C(c)) for c in ("pk", "case_key", "cyc_key", "step", "cntno", "cnt_ok")),
        (C("kind").max(), C("kind")), (C("cnt").first(), C("cnt")),
        (C("line").min().alias("first_line"), C("line").alias("first_line")),
        (C("rank").min(), C("rank")), (pick.min().alias("prank"), pick.alias("prank")),
        (C("cat").filter(C("primary")).n_unique().alias("n_primary"),
         pl.when(C("primary")).then(1).otherwise(0).alias("n_primary")),
        (C("primary").any().alias("has_primary"), C("primary").fill_null(False).alias("has_primary")),
        (C("row_date").sort_by(pick.fill_null(99), C("row_date").is_null()).first().alias("disp_date"),
         C("row_date").alias("disp_date")),
        (C("stp_date").min().alias("stp_date"), C("stp_date")),
        (C("disp_text").filter(other).first(ignore_nulls=True).alias("other_disp"),
         pl.when(other).then(C("disp_text")).alias("other_disp")),
        (revoked.any().alias("revoked"), revoked.fill_null(False).alias("revoked")),
        (updates.any().alias("updates"), updates.fill_null(False).alias("updates")),
        (C("_cp").first(), C("_cp")),
        (C("OFN").filter(nonblank["OFN"]).first().alias("ofn"), pl.when(nonblank["OFN"]).then(C("OFN")).alias("ofn")),
        (C("FE_NUM_CRT_CASE").filter(nonblank["FE_NUM_CRT_CASE"]).first().alias("crt_case"),
         pl.when(nonblank["FE_NUM_CRT_CASE"]).then(C("FE_NUM_CRT_CASE")).alias("crt_case")),
        (prob_any.any().alias("prob_any"), prob_any.fill_null(False).alias("prob_any")),
        (pl.when(prob).then(C("n_months")).max().alias("prob_months"),
         pl.when(prob).then(C("n_months")).alias("prob_months")),
        (C("term").sort_by(pl.when(prob).then(C("n_months")), descending=True, nulls_last=True).first()
         .alias("prob_term"), C("term").alias("prob_term")),
        (pl.when(C("sent_kind") == SENT_JAIL).then(C("n_days")).max().alias("jail_days"),
         pl.when(C("sent_kind") == SENT_JAIL).then(C("n_days")).alias("jail_days")),
        (prison_any.any().alias("prison_any"), prison_any.fill_null(False).alias("prison_any")),
        (recorded.any().alias("sentence_recorded"), recorded.fill_null(False).alias("sentence_recorded")),
    ]
    aggs = [a for a, _ in pairs]
    used = ["run", "ck", "pk", "case_key", "cyc_key", "step", "cntno", "cnt_ok", "kind", "cnt", "line", "rank",
            "primary", "cat", "row_date", "stp_date", "disp_text", "_cp", "OFN", "FE_NUM_CRT_CASE", "sent_kind",
            "sfx_prob", "sfx_prison", "sfx_sentence", "n_months", "n_days", "term"]
    narrow = r.select(used)
    run = C("run")
    start, single = narrow.select(
        start=(run != run.shift(1)).fill_null(True),
        single=(run != run.shift(1)).fill_null(True) & (run != run.shift(-1)).fill_null(True)).get_columns()
    multi = narrow.filter(~single).group_by("run", maintain_order=True).agg(C("ck").first(), *aggs).drop("run")
    # every count read off its first row, then the counts of several rows overwritten with their aggregates
    counts = narrow.filter(start).select("ck", *(e for _, e in pairs)).cast(multi.schema)
    at = (~single.filter(start)).arg_true()
    if at.len():
        counts = pl.DataFrame([s.scatter(at, multi.get_column(s.name)) for s in counts.get_columns()])
    ck = counts.get_column("ck")
    if not (ck.diff() > 0).all() and ck.is_duplicated().any():  # increasing keys are unique (the usual order)
        counts = r.group_by("ck", maintain_order=True).agg(aggs)
    # Lists only where there is something to list (most counts have no relief and one disposition).
    relief = r.filter(C("relief").is_not_null()).group_by("ck").agg(C("relief").unique().sort())
    conflicts = counts.filter(C("n_primary") > 1).get_column("ck")
    texts = r.filter(C("primary") & C("ck").is_in(conflicts.implode())).group_by("ck").agg(
        primary_texts=C("disp_text").unique(maintain_order=True))
    counts = counts.with_columns(
        number=pl.coalesce(_blank(C("crt_case")), _blank(C("ofn"))),
        ckey=pl.when(C("cnt_ok")).then(C("cnt")).otherwise(pl.format("L{}", C("first_line"))),
        case_label=pl.when(C("cnt_ok")).then(C("cnt").str.slice(0, 6)).otherwise(pl.format("L{}", C("first_line"))),
        prob_term=pl.when(C("prob_months").is_not_null()).then(C("prob_term")),
    )
    return (
        _attach(_attach(counts, relief, "ck"), texts, "ck")
        .with_columns(relief=C("relief").fill_null(pl.lit([], dtype=pl.List(S))))
    )


def _disposition_of_counts(counts: pl.DataFrame) -> pl.DataFrame:
    return counts.with_columns(
        disposition=pl.when(C("has_primary")).then(C("prank").replace_strict(
            {1: "convicted", 2: "acquitted", 3: "dismissed", 4: "prosecution_declined"}, default="unknown",
            return_dtype=S))
        .when((C("relief").list.len() > 0) | C("revoked")).then(pl.lit("convicted"))
        .otherwise(pl.lit("unknown")),
        disp_date=pl.when(C("has_primary")).then(C("disp_date")),
    )


def _select_counts(counts: pl.DataFrame) -> tuple[pl.Expr, pl.DataFrame]:
    """Court counts, and arrest counts of cycles without a court step; the cycle's arrest date on each."""
    steps = counts.select("cyc_key", "kind", "stp_date").filter(C("cyc_key").is_not_null())
    arrests = steps.filter(C("kind") == ARREST).group_by("cyc_key").agg(arrest_date=C("stp_date").min())
    court_cycles = steps.filter(C("kind") == COURT).get_column("cyc_key").unique()
    keep = (C("kind") == COURT) | ((C("kind") == ARREST) & (C("cyc_key").is_null()
                                                             | ~C("cyc_key").is_in(court_cycles.implode())))
    return keep, _attach(counts, arrests, "cyc_key")


def _apply_updates(counts: pl.DataFrame, issues: list[pl.DataFrame]) -> tuple[pl.Expr, pl.DataFrame]:
    """A later court step that only updates an earlier conviction (relief granted, probation revoked, sentence
    modified) is folded into the convicted count with the same cycle and count number in the latest earlier
    step; unmatched, it stays a count of its own (relief or revocation imply a conviction) and is reported.
    Returns the mask of folded counts (to drop) and the counts with the updates applied."""
    update_only = ~C("has_primary") & C("updates") & C("cnt_ok") & (C("kind") == COURT)
    cols = ["ck", "cyc_key", "cntno", "step", "first_line", "has_primary", "updates", "cnt_ok", "kind",
            "disposition", "relief", "revoked", "prison_any", "jail_days"]
    narrow = counts.select(cols)
    updates = narrow.filter(update_only)
    if updates.height == 0:
        return pl.lit(False), counts
    targets = narrow.filter((C("disposition") == "convicted") & C("has_primary") & C("cnt_ok")).select(
        "cyc_key", "cntno", "relief", t_step="step", t_ck="ck")
    match = (
        updates.select("ck", "cyc_key", "cntno", "step")
        .join(targets.select("cyc_key", "cntno", "t_step", "t_ck"), on=["cyc_key", "cntno"], how="inner")
        .filter(C("t_step") < C("step"))
        .sort("t_step").group_by("ck", maintain_order=True).agg(C("t_ck").last())
    )
    unmatched = updates.filter(~C("ck").is_in(match.get_column("ck").implode()))
    if unmatched.height:
        issues.append(_issues(unmatched, "update_unmatched", "info", "DISP_DESCR", pl.lit(""), pl.lit(
            "a later court action (relief, revocation or modified sentence) matches no earlier conviction of the "
            "same count; kept as a count of its own"), line="first_line"))
    if match.height == 0:
        return pl.lit(False), counts
    folded = (
        updates.join(match, on="ck", how="inner")
        .group_by("t_ck").agg(
            u_relief=C("relief").list.explode(keep_nulls=False, empty_as_null=False), u_revoked=C("revoked").any(),
            u_prison=C("prison_any").any(), u_jail=C("jail_days").max())
        .join(targets.select("t_ck", "relief"), on="t_ck", how="left")
    )
    # the union of the remedies, sorted (few rows: plain Python is cheaper than list expressions)
    union = [None if a is None or b is None else sorted({*a, *b})
             for a, b in zip(folded.get_column("relief").to_list(), folded.get_column("u_relief").to_list(),
                             strict=True)]
    folded = folded.with_columns(u_relief=pl.Series(union, dtype=pl.List(S))).drop("relief")
    counts = _attach(counts, folded.rename({"t_ck": "ck"}), "ck").with_columns(
        relief=pl.coalesce(C("u_relief"), C("relief")),
        revoked=C("revoked") | C("u_revoked").fill_null(False),
        prison_any=C("prison_any") | C("u_prison").fill_null(False),
        jail_days=pl.max_horizontal(C("jail_days"), C("u_jail")),
    ).drop("u_relief", "u_revoked", "u_prison", "u_jail")
    return C("ck").is_in(match.get_column("ck").implode()), counts


def _levels(counts: pl.DataFrame, issues: list[pl.DataFrame], level_from_toc: bool) -> pl.DataFrame:
    convicted = C("disposition") == "convicted"
    recorded = _map(C("conv_stat"), {v: v for v in CONV_STATUS.values()}, S)
    from_toc = C("any_toc")
    counts = counts.with_columns(
        charged_level=C("toc"),
        conviction_level=pl.when(convicted).then(pl.coalesce(recorded, from_toc) if level_from_toc else recorded),
        _level_missing=convicted & recorded.is_null(),
    )
    missing = counts.filter(C("_level_missing"))
    if missing.height:
        if level_from_toc:
            issues.append(_issues(missing.filter(C("any_toc").is_not_null()), "conviction_level_from_toc", "info",
                                  "CONV_STAT_DESCR", C("any_toc_text"), pl.format(
                                      "CONV_STAT_DESCR is blank; read as {} from the type of charge (TOC={}), "
                                      "as prior tools did", C("any_toc"), C("any_toc_text")), line="first_line"))
            missing = missing.filter(C("any_toc").is_null())
        if missing.height:
            issues.append(_issues(missing, "conviction_level_unknown", "warning", "CONV_STAT_DESCR",
                                  C("any_toc_text"), pl.format(
                                      "CONV_STAT_DESCR is blank, so the level of conviction is unknown (type of "
                                      "charge: {})", C("any_toc_text").fill_null("none")), line="first_line"))
    conflict = counts.filter(C("n_primary") > 1)
    if conflict.height:
        issues.append(_issues(conflict, "conflicting_disposition", "warning", "DISP_DESCR",
                              C("primary_texts").list.join(" / "), pl.format(
                                  "the count's rows record different dispositions ({}); read as {}",
                                  C("primary_texts").list.join(", "), C("disposition")), line="first_line"))
    unknown = counts.filter((C("disposition") == "unknown") & (C("kind") == COURT))
    if unknown.height:
        issues.append(_issues(unknown, "disposition_unknown", "info", "DISP_DESCR", C("other_disp"), pl.format(
            "no disposition this reader understands ({}); left unknown", C("other_disp").fill_null("blank")),
            line="first_line"))
    return counts.drop("_level_missing")


def _offenses(counts: pl.DataFrame, issues: list[pl.DataFrame]) -> pl.DataFrame:
    convicted = C("disposition") == "convicted"
    use_conv = convicted & C("coff_key").is_not_null()
    use_disp = ~use_conv & C("doff_key").is_not_null()
    counts = counts.with_columns(
        offense=pl.when(use_conv).then(C("coff_key")).when(use_disp).then(C("doff_key")).otherwise(C("charge_key")),
        attempt=(pl.when(use_conv).then(C("coff_att")).when(use_disp).then(C("doff_att"))
                 .otherwise(C("charge_att")).fill_null(False) | C("qual_attempt")),
        description=pl.when(use_conv).then(C("coff_text")).when(use_disp).then(C("doff_text"))
        .when(C("see_comment") & C("comment").is_not_null()).then(C("comment"))
        .otherwise(pl.coalesce(C("charge_text"), C("off_text"), C("doff_text"), C("coff_text"))),
    )
    bad = counts.filter(C("offense").is_null())
    if bad.height:
        issues.append(_issues(bad, "offense_unreadable", "warning", "OFFENSE_DESCR", C("description"), pl.when(
            C("see_comment")).then(pl.lit("the charge is not in OFFENSE_DESCR and no code section was found in "
                                          "COMMENT_TEXT; the offense is unknown"))
            .otherwise(pl.format("charge '{}' has no readable code section; the offense is unknown",
                                 C("description").fill_null(""))), line="first_line"))
    recovered = counts.filter(C("see_comment") & ~use_conv & ~use_disp & C("offense").is_not_null())
    if recovered.height:
        issues.append(_issues(recovered, "offense_from_comment", "info", "COMMENT_TEXT", C("comment"), pl.format(
            "OFFENSE_DESCR says to see the comment; the charge {} was read from COMMENT_TEXT", C("offense")),
            line="first_line"))
    return counts


def _sentences(counts: pl.DataFrame, issues: list[pl.DataFrame]) -> pl.DataFrame:
    convicted = C("disposition") == "convicted"
    revoked = C("revoked")
    # A term past any real sentence is a data error: reported, and left unknown (record-model bounds).
    absurd = (C("prob_months") > MAX_PROBATION_MONTHS) | (C("jail_days") > MAX_JAIL_DAYS)
    bad = counts.filter(convicted & absurd.fill_null(False))
    if bad.height:
        issues.append(_issues(bad, "bad_number", "warning", "SENT_LENGTH",
                              pl.format("{} months probation, {} days jail", C("prob_months"), C("jail_days")),
                              pl.lit("a sentence term longer than any real term; that term is left unknown"),
                              line="first_line"))
    counts = counts.with_columns(
        prob_months=pl.when(C("prob_months") <= MAX_PROBATION_MONTHS).then(C("prob_months")),
        prob_term=pl.when(C("prob_months") <= MAX_PROBATION_MONTHS).then(C("prob_term")),
        jail_days=pl.when(C("jail_days") <= MAX_JAIL_DAYS).then(C("jail_days")),
    )
    return counts.with_columns(
        probation_granted=pl.when(convicted).then(
            pl.when(C("prob_any")).then(True).when(C("sentence_recorded")).then(False)),
        probation_months=pl.when(convicted & C("prob_any")).then(C("prob_months")),
        probation_end_date=pl.when(convicted & C("prob_any") & ~revoked).then(
            _add_term(C("disp_date"), C("prob_term"))),
        probation_violation=pl.when(convicted & revoked).then(True),
        jail_days=pl.when(convicted).then(C("jail_days")),
        prison=pl.when(convicted).then(
            pl.when(C("prison_any")).then(True).when(C("sentence_recorded") & ~revoked).then(False)),
        county_jail_1170h=pl.when(convicted).then(
            pl.when(C("conviction_level").is_in(["misdemeanor", "infraction"])).then(False)
            .when(C("prob_any") & ~revoked).then(False)),
    )


def _cases(counts: pl.DataFrame, issues: list[pl.DataFrame]) -> pl.DataFrame:
    cases = counts.group_by("case_key", maintain_order=True).agg(
        case_line=C("first_line").min(),
        case_county=C("county").first(ignore_nulls=True), n_county=C("county").drop_nulls().n_unique(),
        case_court=C("court").first(ignore_nulls=True),
        court_case_number=C("number").first(ignore_nulls=True), n_number=C("number").drop_nulls().n_unique(),
        juvenile=pl.when(C("court").str.contains("JUV", literal=True).any()).then(True).otherwise(None),
    )
    for n_col, source, field in (("n_county", "county", "STP_ORI_CNTY_NAME"), ("n_number", "number", "OFN")):
        bad = cases.filter(C(n_col) > 1)
        if bad.height:  # the differing values are listed only for these cases
            values = counts.filter(C("case_key").is_in(bad.get_column("case_key").implode())).group_by(
                "case_key").agg(_values=C(source).drop_nulls().unique(maintain_order=True))
            bad = bad.join(values, on="case_key", how="left", maintain_order="left")
            issues.append(_issues(bad, "case_conflict", "info", field, C("_values").list.join(" / "), pl.format(
                f"the rows of one court case (the first 6 digits of CNT_ORDER) give different {field} values "
                "({}); the first is used", C("_values").list.join(", ")), line="case_line"))
    return cases.select("case_key", "case_line", "case_county", "case_court", "court_case_number", "juvenile")


def counts_frame_from(counts: pl.DataFrame) -> pl.DataFrame:
    """The COUNTS_SCHEMA columns, in order, from ``build``'s counts; columns this reader does not fill (see
    ``FILLED_COLUMNS``) are null."""
    exprs = _filled()
    return counts.select([exprs.get(name, pl.lit(None)).cast(dtype).alias(name)
                          for name, dtype in COUNTS_SCHEMA.items()])


def _filled() -> dict[str, pl.Expr]:
    return {
        "person_id": C("subj"), "person_dob": C("dob"), "person_deceased": C("deceased"),
        "person_registration_290_required": C("reg290"),
        "case_id": pl.format("{}:{}", C("subj"), C("case_label")), "county": C("case_county"),
        "court_case_number": C("court_case_number"), "arrest_date": C("arrest_date"), "juvenile": C("juvenile"),
        "count_id": C("ckey"), "offense": C("offense"), "attempt": C("attempt"),
        "charged_level": C("charged_level"), "disposition": C("disposition"), "disposition_date": C("disp_date"),
        "conviction_level": C("conviction_level"), "enhancements": pl.lit([], dtype=pl.List(S)),
        "relief_granted": C("relief"),
        **{c: C(c) for c in ("probation_granted", "probation_months", "probation_end_date", "probation_violation",
                             "jail_days", "prison", "county_jail_1170h")},
    }


FILLED_COLUMNS: tuple[str, ...] = tuple(_filled())


def issue_list(frame: pl.DataFrame) -> list[ParseIssue]:
    return [ParseIssue(line=line, code=code, severity=sev, field=field, text=text, message=msg)
            for line, code, sev, field, text, msg in frame.select(list(ISSUE_SCHEMA)).iter_rows()]


def reject_issues(rejects: list[Reject]) -> list[ParseIssue]:
    return [r.to_issue() for r in rejects]
