"""DOJ rows → the counts frame (one row per count), vectorised; see ``clearpath.readers.doj`` for the rules.

Speed notes: columns with few distinct values (step types, dispositions, sentence parts, charges, counties)
are cleaned and classified once per distinct value and mapped back; a count's rows are contiguous in DOJ
files, so counts are aggregated over sorted run ids (slice groups) rather than hashed keys, with a hashed
fallback when a batch's counts are not contiguous.
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
def _blank(v: pl.Expr) -> pl.Expr:
    s = v.str.strip_chars()
    return pl.when((s == "") | (s.str.to_uppercase() == "NULL")).then(None).otherwise(s)


_SEP = "\x1f"
# What may differ between the rows of one count (step type, disposition, sentence part) ...
_ROW_PROFILE = ("STP_TYPE_DESCR", "DISP_DESCR", "SENT_LOC_DESCR", "SENT_LENGTH", "SENT_TIME_CODE")
# ... and what describes the count itself, read from the count's first row.
_COUNT_PROFILE = ("OFFENSE_DESCR", "DISP_OFFENSE_DESCR", "CONV_OFFENSE_DESCR", "OFFENSE_QUAL_LST", "OFFENSE_TOC",
                  "DISP_OFFENSE_TOC", "CONV_OFFENSE_TOC", "CONV_STAT_DESCR", "STP_ORI_CNTY_NAME", "STP_ORI_DESCR",
                  "COMMENT_TEXT")


Derive = Callable[[Callable[[str], pl.Expr]], dict[str, pl.Expr]]


def _combination_key(df: pl.DataFrame, cols: tuple[str, ...]) -> tuple[pl.Expr, list[str]]:
    """One string per row for the combination of ``cols``; columns empty throughout the batch are left out."""
    present = [c for c, any_ in df.select((C(c).fill_null("") != "").any() for c in cols).row(0, named=True)
               .items() if any_]
    if not present:
        return pl.lit(""), present
    if len(present) == 1:
        return C(present[0]).fill_null(""), present
    return pl.concat_str([C(c).fill_null("") for c in present], separator=_SEP), present


def _derive_dim(keys: pl.DataFrame, key: str, present: list[str], derive: Derive) -> pl.DataFrame:
    """``derive`` evaluated on the distinct keys (``keys`` has one column, ``key``)."""
    dim = keys.select(C(key).unique())
    if len(present) > 1:
        split = C(key).str.split(_SEP)
        dim = dim.with_columns(**{f"_p_{c}": split.list.get(i) for i, c in enumerate(present)})
    else:
        dim = dim.with_columns(**{f"_p_{c}": C(key) for c in present})

    def part(name: str) -> pl.Expr:
        return C(f"_p_{name}") if name in present else pl.lit("")

    return dim.with_columns(**derive(part)).drop(f"_p_{c}" for c in present)


def _per_combination(df: pl.DataFrame, cols: tuple[str, ...], key: str, derive: Derive) -> pl.DataFrame:
    """Derived columns computed once per distinct combination of ``cols`` (few per batch) and joined back."""
    expr, present = _combination_key(df, cols)
    df = df.with_columns(expr.alias(key))
    dim = _derive_dim(df.select(key), key, present, derive)
    return df.join(dim, on=key, how="left", maintain_order="left").drop(key)


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
        .when(relief.is_not_null() | d.str.contains("SET ASIDE")).then(RELIEF_CAT)
        .when(d.str.contains("REVOKED")).then(REVOKED)
        .when(d.str.contains("PROS REJ")).then(DECLINED)
        .when(d.str.contains("ACQUIT") | d.str.contains("NOT GUILTY")).then(ACQUITTED)
        .when(d.str.starts_with("DISM") | d.str.contains("DISMISSED")).then(DISMISSED)
        .when(d.str.contains("MODIFIED")).then(MODIFIED)
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
            .when(s.str.contains("PROB")).then(SENT_PROBATION)
            .when(s.str.contains("PRISON") | s.str.contains("CDC")).then(SENT_PRISON)
            .when(s.str.contains("JAIL")).then(SENT_JAIL)
            .when(s.str.contains("FINE")).then(SENT_FINE).otherwise(SENT_OTHER).cast(pl.Int8),
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


def _count_profile(keys: dict[str, str | None], attempts: dict[str, bool],
                   from_comment: dict[str, str | None]) -> Derive:
    def derive(part: Callable[[str], pl.Expr]) -> dict[str, pl.Expr]:
        off = _blank(part("OFFENSE_DESCR"))
        see_comment = off.is_null() | off.str.to_uppercase().str.contains("SEE COMMENT").fill_null(False)
        comment = _blank(part("COMMENT_TEXT"))
        in_comment = _map(part("COMMENT_TEXT"), {k: v for k, v in from_comment.items() if v}, S)
        out = {
            **_charge(part("OFFENSE_DESCR"), keys, attempts, "off"),
            **_charge(part("DISP_OFFENSE_DESCR"), keys, attempts, "doff"),
            **_charge(part("CONV_OFFENSE_DESCR"), keys, attempts, "coff"),
            **_code(part("OFFENSE_TOC"), LEVELS, "toc"), **_code(part("DISP_OFFENSE_TOC"), LEVELS, "disp_toc"),
            **_code(part("CONV_OFFENSE_TOC"), LEVELS, "conv_toc"),
            **_code(part("CONV_STAT_DESCR"), CONV_STATUS, "conv_stat"),
            "see_comment": see_comment,
            "comment": pl.when(see_comment).then(comment),
            "qual_attempt": part("OFFENSE_QUAL_LST").str.to_uppercase().str.contains("664|ATTEMPT").fill_null(False),
            "county": _blank(part("STP_ORI_CNTY_NAME")).str.to_titlecase(),
            "court": _blank(part("STP_ORI_DESCR")),
        }
        return {
            **out,
            "charge_text": pl.when(see_comment).then(in_comment).otherwise(out["off_text"]),
            "charge_key": pl.when(see_comment).then(_map(in_comment, keys, S)).otherwise(out["off_key"]),
            "charge_att": pl.when(see_comment).then(_map(in_comment, attempts, pl.Boolean)).otherwise(out["off_att"]),
            "any_toc": pl.coalesce(out["conv_toc"], out["disp_toc"], out["toc"]),
            "any_toc_text": pl.coalesce(out["conv_toc_text"], out["disp_toc_text"], out["toc_text"]),
            "bad_codes": pl.concat_list([
                pl.when(out[f"{c}_text"].is_not_null() & out[c].is_null()).then(pl.lit(c))
                for c in ("toc", "disp_toc", "conv_toc", "conv_stat")]).list.drop_nulls(),
        }
    return derive


def _rows(df: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Row-level facts, and the dimension of count-level facts (keyed by ``_ck``, a row's count profile)."""
    missing = [c for c in COUNT_COLUMNS if c not in df.columns]
    if missing:
        raise ValueError(f"batch lacks columns the counts frame needs: {missing} (read with COUNT_COLUMNS)")
    keys, attempts, from_comment = _offense_maps(df)
    r = df.select(*COUNT_COLUMNS, "line")
    r = _per_combination(r, _ROW_PROFILE, "_row", _row_profile)
    key, present = _combination_key(r, _COUNT_PROFILE)
    cnt = C("CNT_ORDER")
    cnt_int = cnt.str.to_integer(strict=False)
    r = r.with_columns(
        key.alias("_cp"),
        subj=C("SUBJECT_ID").str.strip_chars(),
        cnt=cnt,
        cnt_ok=((cnt.str.len_bytes() == 12) & (cnt_int >= 0) & ~cnt.str.starts_with("+")).fill_null(False),
        cnt_int=cnt_int,
        reg_290=C("OFFENSE_DESCR").str.strip_chars_start().str.starts_with("290"),
    ).with_columns(cnt_int=pl.when(C("cnt_ok")).then(C("cnt_int")))
    r = _dates(r, {"PRI_DOB": "pri_dob", "CYC_DATE": "cyc_date", "STP_EVENT_DATE": "stp_date",
                   "DISP_DATE": "disp_date"})
    dim = _derive_dim(r.select("_cp"), "_cp", present, _count_profile(keys, attempts, from_comment))
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
def build(batch: DojBatch | pl.DataFrame, level_from_toc: bool = False) -> tuple[pl.DataFrame, pl.DataFrame,
                                                                                   pl.DataFrame]:
    """(counts with extra columns, people, issues frame) for one batch; the public functions select from it."""
    rows = batch.rows if isinstance(batch, DojBatch) else batch
    r, dim = _rows(rows)
    issues = _row_issues(r, dim)
    r = _keys(r)
    people = _people(r, issues)
    counts = _aggregate(r).join(dim, on="_cp", how="left", maintain_order="left")
    counts = _disposition_of_counts(counts)
    keep, counts = _select_counts(counts)
    drop, counts = _apply_updates(counts, issues)
    counts = counts.filter(keep & ~drop)
    counts = _levels(counts, issues, level_from_toc)
    counts = _offenses(counts, issues)
    counts = _sentences(counts, issues)
    cases = _cases(counts, issues)
    counts = (
        counts.join(cases, on="case_key", how="left", maintain_order="left")
        .join(people.select("pk", "subj", "dob", "deceased", "reg290"), on="pk", how="left",
              maintain_order="left")
    )
    issue_frame = pl.concat(issues, how="vertical") if issues else pl.DataFrame(schema=ISSUE_SCHEMA)
    return counts, people, issue_frame.sort("line", maintain_order=True)


def _keys(r: pl.DataFrame) -> pl.DataFrame:
    """Integer keys: person, count (contiguous run ids when the batch's rows are in DOJ order), case, cycle."""
    start = (C("subj") != C("subj").shift()).fill_null(True)
    r = r.with_columns(pk=start.cum_sum().cast(I64), _start=start)
    if r.filter(C("_start")).get_column("subj").is_duplicated().any():  # a subject is not contiguous
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


def _people(r: pl.DataFrame, issues: list[pl.DataFrame]) -> pl.DataFrame:
    reg = (C("kind") == REGISTRATION) & C("reg_290").fill_null(False)
    people = r.group_by("pk", maintain_order=True).agg(
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
    return people.drop("dob_lo", "dob_hi")


def _aggregate(r: pl.DataFrame) -> pl.DataFrame:
    """One row per count (per step and count of every step). Uses the sorted run id (slice groups); hashes
    when a count's rows are apart. Values that describe the count come from its first row that has them."""
    prob = C("sent_kind") == SENT_PROBATION
    pick = pl.when(C("primary")).then(C("rank"))
    nonblank = {c: C(c).filter((C(c) != "") & C(c).is_not_null()).first() for c in ("OFN", "FE_NUM_CRT_CASE")}
    aggs = [
        C("pk").first(), C("case_key").first(), C("cyc_key").first(), C("step").first(), C("cntno").first(),
        C("cnt_ok").first(), C("kind").max(), C("cnt").first(), C("line").min().alias("first_line"),
        C("rank").min(), pick.min().alias("prank"),
        C("cat").filter(C("primary")).n_unique().alias("n_primary"),
        C("primary").any().alias("has_primary"),
        C("row_date").sort_by(pick.fill_null(99), C("row_date").is_null()).first().alias("disp_date"),
        C("stp_date").min().alias("stp_date"),
        C("disp_text").filter(C("cat").is_in([UNREAD, MODIFIED])).first(ignore_nulls=True).alias("other_disp"),
        (C("cat") == REVOKED).any().alias("revoked"),
        C("cat").is_in([RELIEF_CAT, REVOKED, MODIFIED]).any().alias("updates"),
        C("_cp").first(),
        nonblank["OFN"].alias("ofn"), nonblank["FE_NUM_CRT_CASE"].alias("crt_case"),
        (prob.fill_null(False) | C("sfx_prob")).any().alias("prob_any"),
        pl.when(prob).then(C("n_months")).max().alias("prob_months"),
        C("term").sort_by(pl.when(prob).then(C("n_months")), descending=True, nulls_last=True).first()
        .alias("prob_term"),
        pl.when(C("sent_kind") == SENT_JAIL).then(C("n_days")).max().alias("jail_days"),
        ((C("sent_kind") == SENT_PRISON).fill_null(False) | C("sfx_prison")).any().alias("prison_any"),
        (C("sent_kind").is_in([SENT_PROBATION, SENT_JAIL, SENT_PRISON, SENT_FINE]).fill_null(False)
         | C("sfx_sentence")).any().alias("sentence_recorded"),
    ]
    counts = r.group_by("run", maintain_order=True).agg(C("ck").first(), *aggs).drop("run")
    if counts.get_column("ck").is_duplicated().any():
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
        counts.join(relief, on="ck", how="left", maintain_order="left")
        .join(texts, on="ck", how="left", maintain_order="left")
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
    return keep, counts.join(arrests, on="cyc_key", how="left", maintain_order="left")


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
        .with_columns(u_relief=pl.concat_list(C("relief"), C("u_relief")).list.unique().list.sort())
        .drop("relief")
    )
    counts = counts.join(folded, left_on="ck", right_on="t_ck", how="left", maintain_order="left").with_columns(
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
        counties=C("county").drop_nulls().unique(maintain_order=True),
        case_court=C("court").first(ignore_nulls=True),
        court_case_number=C("number").first(ignore_nulls=True), n_number=C("number").drop_nulls().n_unique(),
        numbers=C("number").drop_nulls().unique(maintain_order=True),
        juvenile=pl.when(C("court").str.contains("JUV").any()).then(True).otherwise(None),
    )
    for n_col, values, field in (("n_county", "counties", "STP_ORI_CNTY_NAME"), ("n_number", "numbers", "OFN")):
        bad = cases.filter(C(n_col) > 1)
        if bad.height:
            issues.append(_issues(bad, "case_conflict", "info", field, C(values).list.join(" / "), pl.format(
                f"the rows of one court case (the first 6 digits of CNT_ORDER) give different {field} values "
                "({}); the first is used", C(values).list.join(", ")), line="case_line"))
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
