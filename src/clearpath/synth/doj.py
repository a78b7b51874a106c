"""Fabricated DOJ research files (the 95-column ``.dat`` format) for tests and benchmarks.

``write_synthetic_doj(path, people, seed, header=True, messy=0.01) -> int`` writes ``people`` invented
subjects and returns the number of rows (lines after the header) written. Everything is fabricated: names
come from a small invented list, SSN fields are blank, identifiers are sequential. The file is a pure
function of its arguments (a SplitMix64 generator over entity ids, in Polars integer arithmetic), generated
column-wise in chunks of people, so millions of rows take seconds to tens of seconds.

What it contains: subjects with 1-8 arrest cycles dated 1975-2025 (after their 18th birthday); each cycle an
arrest step with 1-3 counts and, for most, a court step with a disposition per count (convicted,
dismissed, acquitted) and one row per sentence part (probation, jail, prison, fine; several per count);
some later court steps (``CONV SET ASIDE & DISM PER 1203.4 PC``, ``PROBATION REVOKED``); arrests that
never reached court (``PROS REJ``, ``DETENTION ONLY``); a ``REGISTRATION`` step with ``290 PC`` after a
conviction of a registrable offense; a few ``DECEASED`` steps. Offenses mix cannabis (HS 11357-11360),
theft (PC 484/487/488/496, 459), drugs (HS 11350/11377/11378), DUI (VC 23152), assault (PC 245/242, 273.5),
serious and violent ones (PC 211, 664/187) and registrable ones (PC 647.6, 288, 314). Counties are the 58,
races carry a code and a description.

``messy`` is the share of rows given one defect: a blank CONV_STAT_DESCR on a felony conviction, ``SEE
COMMENT FOR CHARGE`` with the charge moved to COMMENT_TEXT, an impossible date, or a malformed line (one
field too many, one too few, or a blank line). ``defect_kinds`` lists them; ``malformed_lines(path)`` in the
tests finds the malformed ones again.
"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from clearpath.readers.doj_read import COLUMNS
from clearpath.records.counties import CA_COUNTIES

U64 = pl.UInt64
C = pl.col
_MASK = (1 << 64) - 1

COUNTIES = [c.upper() for c in CA_COUNTIES]  # as DOJ files write them
assert len(COUNTIES) == 58
# Rough weights so that the big counties dominate, as they do in real files.
_BIG = {"LOS ANGELES": 25, "SAN DIEGO": 8, "ORANGE": 8, "RIVERSIDE": 6, "SAN BERNARDINO": 6, "SANTA CLARA": 5,
        "ALAMEDA": 4, "SACRAMENTO": 4, "CONTRA COSTA": 3, "FRESNO": 3, "KERN": 3, "SAN FRANCISCO": 2}
COUNTY_WEIGHTS = [float(_BIG.get(c, 0.6)) for c in COUNTIES]

RACES = [("W", "WHITE", 30), ("H", "HISPANIC", 38), ("B", "BLACK", 17), ("A", "OTHER ASIAN", 3),
         ("C", "CHINESE", 1), ("F", "FILIPINO", 2), ("V", "VIETNAMESE", 1), ("K", "KOREAN", 1),
         ("I", "AMERICAN INDIAN", 1), ("P", "PACIFIC ISLANDER", 1), ("O", "OTHER", 4), ("U", "UNKNOWN", 1)]

# Invented names (no real person is meant).
LAST_NAMES = [
    "ABERQUIN", "BALDOVAR", "CASTERWELL", "DORVANE", "ELMSWORTHY", "FARNDEL", "GORVISH", "HALLOWAYNE",
    "ISTRAVEL", "JONQUELL", "KESTRIDGE", "LUMBERTON", "MARDOVIC", "NETHERBY", "OSGRAVE", "PELLINGTAR",
    "QUARLOW", "RIVENDALE", "STOLVERIN", "TRESSIDY", "ULLMORAN", "VANTERPOOL", "WHISTLEDOWN", "YARBOROUGHE",
    "ZELLINGHAM", "ORTAVEZ", "MENDROSA", "VILLAPANDO", "QUESADRIL", "NAKAMORRI",
]
FIRST_NAMES = [
    "ALDEN", "BRISA", "CORWIN", "DALIA", "EZRIN", "FAELYN", "GARETH", "HOLLIS", "IVORA", "JASPAR", "KIRRA",
    "LORCAN", "MAELIS", "NOVIAN", "ORLA", "PERRIN", "QUILLA", "ROWAN", "SERAPHO", "TAMSIN", "URIEL",
    "VESNA", "WILLEM", "XANTHE", "YORICK", "ZINNIA", "ELODIN", "MARISOLA", "TEODRIC", "AMARYN",
]

# (charge as the DOJ writes it, type of charge, wobbler, registrable, weight)
OFFENSES: list[tuple[str, str, bool, bool, float]] = [
    ("11357(B) HS-POSSESS MARIJUANA", "M", False, False, 5.0),
    ("11357(C)HS-POSSESS MARIJUANA", "M", False, False, 2.0),
    ("11357 HS-POSSESS MARIJUANA", "F", False, False, 1.0),
    ("11358 HS-CULTIVATE MARIJUANA", "F", False, False, 2.0),
    ("11359 HS-POSSESS MARIJUANA FOR SALE", "F", False, False, 4.0),
    ("11360(A) HS-TRANSPORT/SELL MARIJUANA", "F", False, False, 2.0),
    ("484(A) PC-PETTY THEFT", "M", False, False, 6.0),
    ("487(A) PC-GRAND THEFT:MONEY/LABOR/PROPERTY", "F", True, False, 3.0),
    ("488 PC-PETTY THEFT", "M", False, False, 3.0),
    ("496(A) PC-RECEIVE/ETC KNOWN STOLEN PROPERTY", "F", True, False, 4.0),
    ("459 PC-BURGLARY", "F", True, False, 5.0),
    ("10851(A) VC-TAKE VEHICLE W/O OWNER CONSENT", "F", True, False, 3.0),
    ("11350(A) HS-POSSESS NARCOTIC CONTROLLED SUBSTANCE", "F", True, False, 6.0),
    ("11377(A) HS-POSSESS CONTROLLED SUBSTANCE", "F", True, False, 6.0),
    ("11378 HS-POSSESS CONTROLLED SUBSTANCE FOR SALE", "F", False, False, 2.0),
    ("11364 HS-POSSESS UNLAWFUL PARAPHERNALIA", "M", False, False, 3.0),
    ("11550(A) HS-UNDER INFLUENCE CONTROLLED SUBSTANCE", "M", False, False, 3.0),
    ("23152(A) VC-DUI ALCOHOL/DRUGS", "M", False, False, 8.0),
    ("23152(B) VC-DUI 0.08 ALCOHOL", "M", False, False, 6.0),
    ("245(A)(1) PC-ASSAULT W/DEADLY WEAPON", "F", True, False, 3.0),
    ("242 PC-BATTERY", "M", False, False, 4.0),
    ("243(E)(1) PC-BATTERY ON SPOUSE/EX SPOUSE/DATE/ETC", "M", False, False, 3.0),
    ("273.5(A) PC-INFLICT CORPORAL INJ ON SPOUSE/COHABITANT", "F", True, False, 3.0),
    ("211 PC-ROBBERY", "F", False, False, 1.5),
    ("664/187(A) PC-ATTEMPTED MURDER", "F", False, False, 0.3),
    ("647.6(A)(1) PC-ANNOY/MOLEST CHILD UNDER 18", "M", False, True, 0.4),
    ("288(A) PC-LEWD OR LASCIVIOUS ACTS W/CHILD UNDER 14", "F", False, True, 0.3),
    ("314(1) PC-INDECENT EXPOSURE", "M", False, True, 0.4),
    ("148(A)(1) PC-OBSTRUCT/RESIST PUBLIC OFFICER/ETC", "M", False, False, 4.0),
    ("647(F) PC-DISORDERLY CONDUCT:INTOXICATED", "M", False, False, 4.0),
    ("602 PC-TRESPASSING", "M", False, False, 2.0),
    ("14601.1(A) VC-DRIVE WHILE LICENSE SUSPENDED/ETC", "M", False, False, 3.0),
    ("530.5(A) PC-GET CREDIT/ETC OTHER'S ID", "F", True, False, 1.0),
    ("470(A) PC-FORGERY", "F", True, False, 1.0),
    ("594(A) PC-VANDALISM", "M", True, False, 2.0),
    ("422 PC-THREATEN CRIME WITH INTENT TO TERRORIZE", "F", True, False, 1.0),
    ("29800(A)(1) PC-FELON/ADDICT/ETC POSSESS/ETC FIREARM", "F", True, False, 0.8),
]
NO_COURT = [("PROS REJ-INTERESTS OF JUSTICE", 3.0), ("PROS REJ-LACK OF SUFFICIENT EVIDENCE", 3.0),
            ("DETENTION ONLY", 2.0), ("REL/TOT OTHER JURIS/AUTH", 1.0), ("", 1.0)]
defect_kinds = ("blank_conv_stat", "see_comment", "bad_date", "malformed_line")
_START, _END = date(1975, 1, 1), date(2025, 6, 30)
_CONSTANT = {**{c: "#" for c in COLUMNS if c.endswith("_SEG_SEP")}, "END_OF_REC": "#", "SUBJECT_STATUS": "A"}


def _seed_offset(seed: int, salt: int) -> int:
    return _mix_py((seed * 1_000_003 + salt * 7919 + 17) & _MASK)


def _mix_py(x: int) -> int:
    x = (x + 0x9E3779B97F4A7C15) & _MASK
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _MASK
    return x ^ (x >> 31)


def _shr(x: pl.Expr, k: int) -> pl.Expr:
    return x // pl.lit(1 << k, U64)


def _mix(x: pl.Expr) -> pl.Expr:
    x = x + pl.lit(0x9E3779B97F4A7C15, U64)
    x = (x ^ _shr(x, 30)) * pl.lit(0xBF58476D1CE4E5B9, U64)
    x = (x ^ _shr(x, 27)) * pl.lit(0x94D049BB133111EB, U64)
    return x ^ _shr(x, 31)


class _Rng:
    """Uniform [0, 1) numbers that depend only on (seed, salt, entity id): chunking never changes them."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.salt = 0

    def __call__(self, key: str) -> pl.Expr:
        self.salt += 1
        off = pl.lit(_seed_offset(self.seed, self.salt), U64)
        return (_shr(_mix(C(key).cast(U64) ^ off), 11)).cast(pl.Float64) / float(1 << 53)


def _bounds(weights: list[float]) -> pl.Series:
    total, acc, out = sum(weights), 0.0, []
    for w in weights[:-1]:
        acc += w / total
        out.append(acc)
    return pl.Series([*out, float("inf")], dtype=pl.Float64)


def _index(u: pl.Expr, weights: list[float]) -> pl.Expr:
    """An index drawn with probability proportional to ``weights``, from a uniform ``u``."""
    return pl.lit(_bounds(weights)).search_sorted(u, side="right").cast(pl.Int64)


def _choice(u: pl.Expr, weights: list[float], values: list[Any], dtype: Any = pl.String) -> pl.Expr:
    return pl.lit(pl.Series(values, dtype=dtype)).gather(_index(u, weights))


def _days(d: date) -> int:
    return (d - date(1970, 1, 1)).days


def _ymd(d: pl.Expr) -> pl.Expr:
    return d.dt.strftime("%Y%m%d")


def write_synthetic_doj(path: str | Path, people: int, seed: int, header: bool = True, messy: float = 0.01,
                        chunk_people: int = 25_000) -> int:
    """Write a fabricated research file of ``people`` subjects; return the number of rows written."""
    if people < 0 or not 0.0 <= messy <= 1.0:
        raise ValueError("people must be >= 0 and messy in [0, 1]")
    rows = 0
    with open(path, "wb") as f:
        if header:
            f.write((",".join(COLUMNS) + "\n").encode())
        for start in range(0, people, chunk_people):
            lines = _chunk(start, min(chunk_people, people - start), seed, messy)
            lines.write_csv(f, include_header=False, quote_style="never")
            rows += lines.height
    return rows


def _chunk(start: int, n: int, seed: int, messy: float) -> pl.DataFrame:
    rng = _Rng(seed)
    persons = _persons(start, n, rng)
    cycles = _cycles(persons, rng)
    counts = _counts(cycles, rng)
    rows = _rows(persons, cycles, counts, rng)
    return _lines(rows, rng, messy)


def _persons(start: int, n: int, rng: _Rng) -> pl.DataFrame:
    p = pl.DataFrame({"pid": pl.int_range(start, start + n, dtype=pl.Int64, eager=True)})
    dob_lo, dob_hi = _days(date(1940, 1, 1)), _days(date(2005, 12, 31))
    return p.with_columns(
        subject=pl.format("{}", C("pid") + 20_000_000),
        cii=pl.format("A{}", (C("pid") * 7919 + 10_000_000) % 1_000_000_000),
        last=_choice(rng("pid"), [1.0] * len(LAST_NAMES), LAST_NAMES),
        first=_choice(rng("pid"), [1.0] * len(FIRST_NAMES), FIRST_NAMES),
        initial=pl.when(rng("pid") < 0.4).then(pl.format(" {}", _choice(rng("pid"), [1.0] * 26,
                                                                         list("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))))
        .otherwise(pl.lit("")),
        sex=pl.when(rng("pid") < 0.76).then(pl.lit("M")).otherwise(pl.lit("F")),
        race_i=_index(rng("pid"), [float(r[2]) for r in RACES]),
        dob=(pl.lit(dob_lo) + (rng("pid") * (dob_hi - dob_lo)).cast(pl.Int64)).cast(pl.Date),
        n_cycles=(1 + (-(rng("pid").clip(1e-12, 1.0)).log() * 1.6).floor().cast(pl.Int64)).clip(1, 8),
        deceased=rng("pid") < 0.012,
        home=_index(rng("pid"), COUNTY_WEIGHTS),
    ).with_columns(
        name=pl.format("{},{}{}", C("last"), C("first"), C("initial")),
        race_code=C("race_i").replace_strict(list(range(len(RACES))), [r[0] for r in RACES]),
        race=C("race_i").replace_strict(list(range(len(RACES))), [r[1] for r in RACES]),
        adult=pl.max_horizontal(C("dob").dt.offset_by("18y"), pl.lit(_START)),
    )


def _cycles(persons: pl.DataFrame, rng: _Rng) -> pl.DataFrame:
    c = persons.select("pid", "n_cycles", "adult", "home").with_columns(
        cyc=pl.int_ranges(0, C("n_cycles"))).explode("cyc")
    span = (pl.lit(_END) - C("adult")).dt.total_days()
    c = c.with_columns(cid=C("pid") * 16 + C("cyc"))
    return c.with_columns(
        arrest=(C("adult") + pl.duration(days=(span * (C("cyc") + rng("cid") * 0.9) / C("n_cycles"))
                                         .cast(pl.Int64))),
        county_i=pl.when(rng("cid") < 0.8).then(C("home")).otherwise(_index(rng("cid"), COUNTY_WEIGHTS)),
        n_counts=1 + (rng("cid") < 0.4).cast(pl.Int64) + (rng("cid") < 0.15).cast(pl.Int64),
        court=rng("cid") < 0.82,
        no_court=_choice(rng("cid"), [w for _, w in NO_COURT], [d for d, _ in NO_COURT]),
        court_delay=(14 + rng("cid") * 220).cast(pl.Int64),
        case_no=(rng("cid") * 90_000 + 10_000).cast(pl.Int64),
        agency=_choice(rng("cid"), [3.0, 2.0, 1.0], ["CASO ", "CAPD ", "CACHP "]),
    ).with_columns(
        court_date=C("arrest") + pl.duration(days=C("court_delay")),
        county=C("county_i").replace_strict(list(range(58)), COUNTIES),
    )


def _counts(cycles: pl.DataFrame, rng: _Rng) -> pl.DataFrame:
    k = cycles.select("pid", "cid", "cyc", "n_counts", "court", "court_date").with_columns(
        cnt=pl.int_ranges(0, C("n_counts"))).explode("cnt").with_columns(kid=C("cid") * 8 + C("cnt"))
    idx = list(range(len(OFFENSES)))
    k = k.with_columns(off_i=_index(rng("kid"), [o[4] for o in OFFENSES]))

    def attr(i: int, dtype: Any) -> pl.Expr:
        return C("off_i").replace_strict(idx, [o[i] for o in OFFENSES], return_dtype=dtype)

    k = k.with_columns(
        descr=attr(0, pl.String), toc0=attr(1, pl.String), wobbler=attr(2, pl.Boolean),
        registrable=attr(3, pl.Boolean), u_disp=rng("kid"), u_lvl=rng("kid"), u_sent=rng("kid"),
        u_len=rng("kid"), u_jail=rng("kid"), u_fine=rng("kid"), u_upd=rng("kid"), u_upd_d=rng("kid"),
    )
    k = k.with_columns(
        toc=pl.when(C("wobbler") & (C("u_lvl") < 0.3)).then(pl.lit("M")).otherwise(C("toc0")),
        disp=pl.when(~C("court")).then(None).when(C("u_disp") < 0.66).then(pl.lit("convicted"))
        .when(C("u_disp") < 0.97).then(pl.lit("dismissed")).otherwise(pl.lit("acquitted")),
    ).with_columns(
        level=pl.when(C("disp") != "convicted").then(None)
        .when((C("toc") == "F") & C("wobbler") & (C("u_lvl") > 0.75)).then(pl.lit("M"))
        .otherwise(C("toc")),
    )
    felony = C("level") == "F"
    k = k.with_columns(
        main=pl.when(C("level").is_null()).then(None)
        .when(felony & (C("u_sent") < 0.55)).then(pl.lit("P"))
        .when(felony & (C("u_sent") < 0.80)).then(pl.lit("S"))
        .when(felony).then(pl.lit("J"))
        .when(C("u_sent") < 0.7).then(pl.lit("P")).otherwise(pl.lit("J")),
    ).with_columns(
        prob_len=pl.when(C("main") != "P").then(None)
        .when(felony).then(_choice(C("u_len"), [3.0, 2.0, 2.0, 1.0], ["36M", "3Y", "60M", "5Y"]))
        .otherwise(_choice(C("u_len"), [3.0, 3.0, 2.0, 1.0], ["12M", "24M", "36M", "3Y"])),
        prison_len=pl.when(C("main") == "S").then(_choice(C("u_len"), [2.0, 3.0, 2.0, 1.0, 1.0],
                                                          ["16M", "2Y", "3Y", "4Y", "6Y"])),
        jail_len=pl.when(C("main") == "J").then(pl.format("{}D", (10 + C("u_jail") * 355).cast(pl.Int64)))
        .when((C("main") == "P") & (C("u_jail") < 0.6)).then(pl.format("{}D", (5 + C("u_jail") * 300)
                                                                        .cast(pl.Int64))),
        fine=C("level").is_not_null() & (C("u_fine") < 0.3),
        update=pl.when((C("main") == "P") & (C("u_upd") < 0.07)).then(pl.lit("CONV SET ASIDE & DISM PER 1203.4 PC"))
        .when((C("main") == "P") & (C("u_upd") < 0.10)).then(pl.lit("PROBATION REVOKED")),
        update_date=C("court_date") + pl.duration(days=(365 + C("u_upd_d") * 1800).cast(pl.Int64)),
    )
    return k.with_columns(update=pl.when(C("update_date") <= pl.lit(_END)).then(C("update")))


_ROW_COLS = ["pid", "cyc", "step", "cnt", "sub", "kind", "date", "disp_date", "descr", "toc", "disp",
             "conv_stat", "sent_loc", "sent_len", "case_no", "ori"]


def _rows(persons: pl.DataFrame, cycles: pl.DataFrame, counts: pl.DataFrame, rng: _Rng) -> pl.DataFrame:
    cyc = cycles.select("cid", "county", "arrest", "court_date", "no_court", "case_no", "agency")
    k = counts.join(cyc, on="cid", how="left")
    level_descr = C("level").replace_strict({"F": "FELONY", "M": "MISDEMEANOR"}, default=None)
    arrest = k.select(
        "pid", "cyc", step=pl.lit(1), cnt=C("cnt"), sub=pl.lit(0), kind=pl.lit("ARREST/DETAINED/CITED"),
        date=C("arrest"), disp_date=pl.when(~C("court")).then(C("arrest")), descr="descr", toc="toc",
        disp=pl.when(~C("court")).then(C("no_court")), conv_stat=pl.lit(None, pl.String),
        sent_loc=pl.lit(None, pl.String), sent_len=pl.lit(None, pl.String), case_no=pl.lit(None, pl.Int64),
        ori=pl.format("{}{}", C("agency"), C("county")),
    )
    court = k.filter(C("court"))
    disp_descr = pl.when(C("disp") == "dismissed").then(pl.lit("DISMISSED/CHARGE DROPPED")) \
        .when(C("disp") == "acquitted").then(pl.lit("ACQUITTED")) \
        .when(C("main") == "P").then(pl.lit("CONVICTED-PROBATION")) \
        .when(C("main") == "S").then(pl.lit("CONVICTED-PRISON")).otherwise(pl.lit("CONVICTED-JAIL"))
    parts = court.with_columns(
        part=pl.concat_list(
            pl.when(C("main") == "P").then(pl.lit("P")), pl.when(C("main") == "S").then(pl.lit("S")),
            pl.when(C("jail_len").is_not_null()).then(pl.lit("J")), pl.when(C("fine")).then(pl.lit("F")),
        ).list.drop_nulls(),
    ).with_columns(part=pl.when(C("part").list.len() == 0).then(pl.lit([None], pl.List(pl.String)))
                   .otherwise(C("part"))).explode("part")
    court_rows = parts.select(
        "pid", "cyc", step=pl.lit(2), cnt=C("cnt"), sub=pl.int_range(pl.len()).over("kid"),
        kind=pl.lit("COURT ACTION"), date=C("court_date"), disp_date=C("court_date"), descr="descr", toc="toc",
        disp=disp_descr, conv_stat=level_descr,
        sent_loc=C("part").replace_strict({"P": "PROBATION", "S": "PRISON", "J": "JAIL", "F": "FINE"},
                                          default=None),
        sent_len=pl.when(C("part") == "P").then(C("prob_len")).when(C("part") == "S").then(C("prison_len"))
        .when(C("part") == "J").then(C("jail_len")),
        case_no=C("case_no"), ori=pl.format("CASC {}", C("county")),
    )
    upd = court.filter(C("update").is_not_null()).select(
        "pid", "cyc", step=pl.lit(3), cnt=C("cnt"), sub=pl.lit(0), kind=pl.lit("COURT ACTION"),
        date=C("update_date"), disp_date=C("update_date"), descr="descr", toc="toc", disp="update",
        conv_stat=level_descr, sent_loc=pl.lit(None, pl.String), sent_len=pl.lit(None, pl.String),
        case_no=C("case_no"), ori=pl.format("CASC {}", C("county")),
    )
    reg = court.filter(C("registrable") & (C("disp") == "convicted")).select(
        "pid", "cyc", step=pl.lit(4), cnt=C("cnt"), sub=pl.lit(0), kind=pl.lit("REGISTRATION"),
        date=C("court_date") + pl.duration(days=30), disp_date=pl.lit(None, pl.Date),
        descr=pl.lit("290 PC-REGISTRATION OF SEX OFFENDER"), toc=pl.lit(None, pl.String),
        disp=pl.lit(None, pl.String), conv_stat=pl.lit(None, pl.String), sent_loc=pl.lit(None, pl.String),
        sent_len=pl.lit(None, pl.String), case_no=pl.lit(None, pl.Int64), ori=pl.format("CASO {}", C("county")),
    )
    last = cycles.group_by("pid").agg(C("arrest").max().alias("last_arrest"), C("county").last())
    dead = persons.filter(C("deceased")).join(last, on="pid").select(
        "pid", cyc=C("n_cycles"), step=pl.lit(1), cnt=pl.lit(0), sub=pl.lit(0), kind=pl.lit("DECEASED"),
        date=pl.min_horizontal(C("last_arrest") + pl.duration(days=400), pl.lit(_END)),
        disp_date=pl.lit(None, pl.Date), descr=pl.lit(None, pl.String), toc=pl.lit(None, pl.String),
        disp=pl.lit(None, pl.String), conv_stat=pl.lit(None, pl.String), sent_loc=pl.lit(None, pl.String),
        sent_len=pl.lit(None, pl.String), case_no=pl.lit(None, pl.Int64), ori=pl.format("CACORONER {}",
                                                                                           C("county")),
    )
    frames = [f.select(_ROW_COLS).cast({"step": pl.Int64, "cnt": pl.Int64, "sub": pl.Int64, "cyc": pl.Int64})
              for f in (arrest, court_rows, upd, reg, dead)]
    rows = pl.concat(frames).sort("pid", "cyc", "step", "cnt", "sub")
    return rows.join(persons.select("pid", "subject", "cii", "name", "sex", "race_code", "race", "dob"),
                     on="pid", how="left")


def _lines(rows: pl.DataFrame, rng: _Rng, messy: float) -> pl.DataFrame:
    rows = rows.with_columns(rid=pl.int_range(pl.len(), dtype=pl.Int64).over("pid") + C("pid") * 10_000)
    rows = rows.with_columns(
        u_m=rng("rid"), u_k=rng("rid"), u_x=rng("rid"),
        age=((C("date") - C("dob")).dt.total_days() // 365).cast(pl.Int64),
        unit=C("sent_len").str.slice(-1), length=C("sent_len").str.slice(0, C("sent_len").str.len_chars() - 1),
    ).with_columns(
        defect=pl.when(C("u_m") < messy).then((C("u_k") * len(defect_kinds)).floor().cast(pl.Int64))
        .otherwise(None),
    )
    defect = C("defect")
    blank_status = (defect == 0).any().over("pid", "cyc", "step", "cnt")  # a defect of the whole count
    felony_conv = (C("conv_stat") == "FELONY") & C("disp").str.starts_with("CONVICTED").fill_null(False)
    see_comment = (defect == 1) & C("descr").is_not_null()
    bad_date = pl.when(C("u_x") < 0.5).then(pl.format("{}0231", C("date").dt.year())) \
        .otherwise(pl.format("{}1301", C("date").dt.year()))
    unit_descr = C("unit").replace_strict({"D": "DAYS", "M": "MONTHS", "Y": "YEARS"}, default=None)
    cnt_order = pl.format("{}{}{}000", C("cyc").add(1).cast(pl.String).str.zfill(3),
                          C("step").cast(pl.String).str.zfill(3), C("cnt").add(1).cast(pl.String).str.zfill(3))
    values: dict[str, pl.Expr] = {
        "RECORD_ID": pl.format("{}", C("rid")), "SUBJECT_ID": C("subject"),
        "CII_NUMBER": C("cii"),
        "PRI_NAME": pl.format('"{}"', C("name")), "GENDER": C("sex"), "PRI_DOB": _ymd(C("dob")),
        "RACE_CODE": C("race_code"), "RACE_DESCR": C("race"),
        "CYC_ORDER": C("cyc").add(1).cast(pl.String),
        "CYC_DATE": _ymd(C("date").min().over("pid", "cyc")),
        "STP_ORDER": C("step").cast(pl.String),
        "STP_EVENT_DATE": pl.when((defect == 2) & (C("u_x") < 0.5)).then(bad_date).otherwise(_ymd(C("date"))),
        "STP_TYPE_CODE": C("kind").str.slice(0, 1), "STP_TYPE_DESCR": C("kind"),
        "STP_ORI_DESCR": C("ori"),
        "CNT_ORDER": cnt_order,
        "DISP_DATE": pl.when((defect == 2) & (C("u_x") >= 0.5)).then(bad_date).otherwise(_ymd(C("disp_date"))),
        "OFN": pl.when(C("case_no").is_not_null()).then(pl.format(
            "{}F{}", (C("date").dt.year() % 100).cast(pl.String).str.zfill(2), C("case_no"))),
        "OFFENSE_DESCR": pl.when(see_comment).then(pl.lit("SEE COMMENT FOR CHARGE")).otherwise(C("descr")),
        "OFFENSE_TOC": C("toc"),
        "DISP_DESCR": C("disp"),
        "CONV_STAT_DESCR": pl.when(blank_status & felony_conv).then(None).otherwise(C("conv_stat")),
        "SENT_LOC_CODE": C("sent_loc").str.slice(0, 1),
        "SENT_LOC_DESCR": C("sent_loc"), "SENT_LENGTH": C("length"), "SENT_TIME_CODE": C("unit"),
        "SENT_TIME_DESCR": unit_descr, "CYC_AGE": C("age").cast(pl.String),
        "COMMENT_TEXT": pl.when(see_comment).then(pl.format("CHARGE: {}", C("descr"))),
    }
    # The court's county is the ORI name after CASC; agencies write "CASO <county>".
    values["STP_ORI_CNTY_NAME"] = C("ori").str.replace(r"^(CASC|CASO|CAPD|CACHP|CACORONER) ", "")
    template, exprs = [], []
    for c in COLUMNS:
        v = values.get(c)
        if v is None:
            template.append(_CONSTANT.get(c, ""))
        else:
            template.append("{}")
            exprs.append(v.fill_null(""))
    rows = rows.select("defect", "u_x", line=pl.format(",".join(template), *exprs))
    malformed = defect == 3
    line = C("line")
    line = pl.when(malformed & (C("u_x") < 0.45)).then(pl.concat_str([line, pl.lit(",EXTRA")])) \
        .when(malformed & (C("u_x") < 0.9)).then(line.str.head(-2)) \
        .when(malformed).then(pl.lit("")).otherwise(line)
    return rows.select(line=line)


def rows_per_person_estimate() -> float:
    """About how many rows one synthetic subject produces (for sizing benchmark files)."""
    return 7.5


def people_for_rows(rows: int) -> int:
    return max(1, math.ceil(rows / rows_per_person_estimate()))
