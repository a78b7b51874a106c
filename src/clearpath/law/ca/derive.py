"""Facts derived once per evaluation and shared by remedies: person-level gates and priors.

Person-level facts are aggregates over ``person_id`` (case-level ones over the case) put back on each row,
so the same code serves a one-person frame and a county's frame.

Speed: a person's record is a handful of rows, so what costs is Polars' per-expression overhead. The facts
are built in stages, on the columns they read only: plain per-row flags first, then one group-by per level
(person, case) over those plain columns, by integer codes of the groups (several times cheaper than the same
aggregates as window expressions, or than string keys), then the combinations. Facts that need a join are
computed only when some row needs them. The expressions are built once per analysis date.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import polars as pl

from clearpath.law.ca.gates import arrest_felony, eight_years, executed, limitation_end
from clearpath.law.context import CASE, PERSON, Ctx, add_years

C = pl.col
PROP64 = "prop64_offenses"
ABUSE = "abuse_851_91"
VC_MINOR = "vehicle_minor_1203_45d"


def convicted_k() -> pl.Expr:
    """Convicted, with an unknown disposition as unknown (Kleene), for facts about *other* counts."""
    return pl.when(C("disposition") == "unknown").then(None).otherwise(C("disposition") == "convicted")


def felony_completion(ctx: Ctx) -> pl.Expr:
    """When the sentence of a felony was completed, for the PC 1203.425 felony prong: the end of all custody
    and supervision after an executed term (with any probation that followed), or the end of probation
    when no custody term was executed (revoked and reinstated probation)."""
    custody = executed("prison") | executed("county_jail_1170h")
    after_custody = pl.when(ctx.completion_date().is_not_null()).then(
        pl.max_horizontal(ctx.completion_date(), C("probation_end_date")))
    return pl.when(custody).then(after_custody).when(custody.not_()).then(C("probation_end_date"))


def _kleene_any(flag: str) -> pl.Expr:
    """Kleene OR of a plain Boolean column, as an aggregate."""
    return pl.when(C(flag).fill_null(False).any()).then(True).when(C(flag).is_null().any()).then(None).otherwise(False)


def _join_aggregates(rows: pl.DataFrame, group: str, aggs: dict[str, pl.Expr]) -> pl.DataFrame:
    """Each row gets its group's aggregates (what ``expr.over(keys)`` gives, in one pass). ``group`` numbers
    the groups densely from 0 (see ``_group_codes``), so a row finds its group's values by position."""
    per = rows.group_by(group).agg(**aggs).sort(group)
    return rows.hstack(per.drop(group).select(pl.all().gather(rows.get_column(group))).get_columns())


def _group_codes(frame: pl.DataFrame) -> pl.DataFrame:
    """Dense integer codes of the person (``_pk``) and the case (``_ck``), from 0: cheaper to group by than
    the string ids. A null id is a group of its own, as in a window."""
    return frame.select(
        _pk=pl.struct(PERSON).rank("dense") - 1,
        _ck=pl.struct(CASE).rank("dense") - 1,
    )


@dataclass(frozen=True)
class _Stages:
    """The expressions of ``derive``, stage by stage (built once per analysis date), and the frame columns
    they and the helpers read."""

    stage1: dict[str, pl.Expr]
    stage2: dict[str, pl.Expr]
    per_person: dict[str, pl.Expr]
    per_case: dict[str, pl.Expr]
    stage4: dict[str, pl.Expr]
    reads: frozenset[str]


def reads(ctx: Ctx) -> frozenset[str]:
    """The columns of the prepared frame that ``derive`` reads."""
    return _stages(ctx).reads


def derive(frame: pl.DataFrame, ctx: Ctx) -> pl.DataFrame:
    st = _stages(ctx)
    # The facts are computed on the columns they read only, and put beside ``frame`` at the end: the frame is
    # wide (every table's columns), and the group-bys, joins and copies of a wide frame cost.
    rows = frame.select([c for c in frame.columns if c in st.reads])
    # Stages 1 and 2 in one lazy query, whose common subexpressions (dates, table tests) Polars computes once;
    # one chunk per column again, which the group-bys read faster.
    rows = rows.lazy().with_columns(**st.stage1).with_columns(**st.stage2).collect().rechunk()
    rows = rows.hstack(_group_codes(rows).get_columns())
    rows = _join_aggregates(rows, "_pk", st.per_person)
    rows = _join_aggregates(rows, "_ck", st.per_case)
    rows = rows.with_columns(**st.stage4).with_row_index("_row")
    added = [c for c in rows.columns if not c.startswith("_") and c not in frame.columns]
    facts = rows.select(added).with_columns(
        _prop64_two_priors(rows), *_after_case(rows, ctx), _abuse_pattern(rows, ctx))
    return frame.hstack(facts.get_columns())


@lru_cache(maxsize=32)
def _stages(ctx: Ctx) -> _Stages:
    today = ctx.today
    conv = C("_conv")
    adult = ctx.adult_court()
    # Stage 1: per-row facts.
    stage1: dict[str, pl.Expr] = dict(
        _end=ctx.sentence_end(),
        _conv=convicted_k(),
        # A conviction whose sentence is not known to be completed and has no recorded end.
        _open_sentence=ctx.convicted() & ~C("sentence_completed").fill_null(False)
        & pl.max_horizontal(C("probation_end_date"), ctx.completion_date()).is_null(),
        _ss=ctx.in_table("super_strikes_667e2civ"),
        _reg=ctx.in_table("registrable_290c"),
        _jd=ctx.judgment_date(),
        _od=pl.coalesce(C("offense_date"), ctx.offense_upper_bound()),
        _vcminor=ctx.in_table(VC_MINOR) & C(f"{VC_MINOR}__minor")
        & C("conviction_level").is_in(["misdemeanor", "infraction"]),
        # Shared by the arrest, automatic-relief, juvenile, diversion and Certificate remedies (Kleene):
        nf=ctx.not_filed(),  # no accusatory pleading was filed
        arrest_fel=arrest_felony(),  # the arrest or charge was for a felony
        eight=eight_years(ctx),  # punishable by eight years or more
        u18=~ctx.age_reached(18),  # committed under 18
        a14=ctx.age_reached(14),  # committed at 14 or older
        reg290=ctx.in_table_at("registrable_290c", ctx.arrest_level()),  # registrable, at the arrest level
        no_limit=ctx.in_table_at("no_limitation_799", ctx.arrest_level()),  # no limitation period (PC 799)
        done425=pl.when(ctx.convicted() & (C("conviction_level") == "felony")).then(felony_completion(ctx)),
        _jref=pl.when(~adult).then(pl.coalesce(C("juvenile_jurisdiction_end_date"), C("disposition_date"))),
    )
    # Stage 2: plain flags the group-bys read.
    hits = {"_h_ss290": conv & (C("_ss") | C("_reg")), "_h_ss": conv & C("_ss"), "_h_290": conv & C("_reg")}
    counting = conv & ~C("_vcminor")
    stage2: dict[str, pl.Expr] = dict(
        sol_end=limitation_end(ctx),
        # An offense with no limitation period bars PC 851.91 unless acquitted or found factually innocent.
        _no_limit_bar=C("no_limit") & (C("disposition") != "acquitted") & ~ctx.reduced_by(("PC 851.8",)),
        _fut=pl.when(C("_end") > today).then(C("_end")),
        _conv_date=pl.when(C("disposition") == "convicted").then(C("disposition_date")),
        _conv_date_unknown=(conv.fill_null(True) & C("disposition_date").is_null()),
        _pending=C("disposition") == "pending",
        _open=C("disposition").is_in(["pending", "diversion_failed"]),
        _c_sure=counting.fill_null(False).cast(pl.Int32),
        _c_maybe=counting.is_null().cast(pl.Int32),
        **{f"{h}_first": pl.when(e.fill_null(False)).then(C("disposition_date")) for h, e in hits.items()},
        **{f"{h}_unk": e.is_null() | (e.fill_null(False) & C("disposition_date").is_null()) for h, e in hits.items()},
        **{h: e for h, e in hits.items()},
        **_after_case_flags(ctx),
    )
    candidates = {name: C(f"_cand_{name}").cast(pl.Int32).sum() for name, _, _, _ in _after_case_specs(ctx)}
    # Stage 3: person- and case-level aggregates of those plain columns, one group-by per level (several times
    # cheaper than the same aggregates as window expressions).
    per_person = {
        "_p_pending": C("_pending").any(),
        "p_superstrike": _kleene_any("_h_ss"),
        "p_290c": _kleene_any("_h_290"),
        "p_future_end": C("_fut").max(),
        "p_any_end": C("_end").max(),
        "p_open_sentence": C("_open_sentence").any(),
        "_p_last_conv": C("_conv_date").max(),
        "_p_conv_unknown": C("_conv_date_unknown").any(),
        **{f"{h}_min": C(f"{h}_first").min() for h in hits},
        **{f"{h}_anyunk": C(f"{h}_unk").any() for h in hits},
        "_p_sure": C("_c_sure").sum(),
        "_p_maybe": C("_c_maybe").sum(),
        **{f"_n_p_{name}": n for name, n in candidates.items()},
    }
    per_case = {
        "c_conv": _kleene_any("_conv"),  # a count of this arrest ended in a conviction
        "c_open": C("_open").any(),  # a count of this arrest is still open
        "c_any_fel": _kleene_any("arrest_fel"),  # a charge of this arrest is a felony
        "c_no_limit": _kleene_any("_no_limit_bar"),  # a charge of this arrest has no limitation period
        # Every offense of the arrest must be out of time: the latest end over the case, unknown if any is.
        "c_sol_end": pl.when(C("sol_end").is_null().any()).then(None).otherwise(C("sol_end").max()),
        "_k_sure": C("_c_sure").sum(),
        "_k_maybe": C("_c_maybe").sum(),
        **{f"_n_c_{name}": n for name, n in candidates.items()},
    }

    def before_offense(h: str) -> pl.Expr:
        """Kleene: has the person a conviction with the flag dated before this count's offense?"""
        first, unknown = C(f"{h}_min"), C(f"{h}_anyunk")
        return (pl.when(first < C("_od")).then(True)
                .when(unknown | (first.is_not_null() & C("_od").is_null())).then(None)
                .otherwise(False))

    def other(total: str, mine: str, total_maybe: str, mine_maybe: str) -> pl.Expr:
        return (pl.when(C(total) - C(mine) > 0).then(True).when(C(total_maybe) - C(mine_maybe) > 0).then(None)
                .otherwise(False))

    # Stage 4: combinations.
    stage4: dict[str, pl.Expr] = dict(
        # An open case on the record is a pending charge whatever the person said.
        p_pending=pl.when(C("_p_pending")).then(True).otherwise(C("person_pending_case")),
        # PC 1203.4a(a): "lived an honest and upright life" since judgment; a later conviction defeats it.
        later_conviction=pl.when(C("_p_last_conv") > C("_jd")).then(True)
        .when(C("_p_conv_unknown") | C("_jd").is_null()).then(None)
        .otherwise(False),
        # Priors that keep a cannabis offense a felony today: a super-strike or 290(c) conviction before the
        # offense (HS 11358(d), 11359(c)(1), 11360(a)(3)(A)).
        p64_prior_ss290=before_offense("_h_ss290"),
        p_superstrike_before=before_offense("_h_ss"),
        p_290c_before=before_offense("_h_290"),
        # PC 1203.45(d): another conviction that counts (anything but a minor Vehicle Code misdemeanor or
        # infraction), in another case or in the same case.
        p45_other_case=other("_p_sure", "_k_sure", "_p_maybe", "_k_maybe"),
        p45_same_case=other("_k_sure", "_c_sure", "_k_maybe", "_c_maybe"),
    )
    exprs = [*stage1.values(), *stage2.values(), *per_person.values(), *per_case.values(), *stage4.values()]
    read = frozenset(c for e in [*exprs, *_helpers_read(ctx)] for c in e.meta.root_names())
    return _Stages(stage1, stage2, per_person, per_case, stage4, read)


def _helpers_read(ctx: Ctx) -> list[pl.Expr]:
    """The columns of the frame that ``_prop64_two_priors``, ``_after_case`` and ``_abuse_pattern`` read."""
    return [*map(C, [*CASE, PROP64, "offense_section", "disposition", "disposition_date", "arrest_date",
                     "offense_date", "conviction_level", f"{ABUSE}__kind"]),
            ctx.adult_court(), ctx.in_table_at(ABUSE, ctx.arrest_level())]


def _prop64_two_priors(rows: pl.DataFrame) -> pl.Series:
    """Two or more earlier convictions under the same cannabis section."""
    name = "p64_two_priors"
    p64 = rows.select("_row", PERSON, "offense_section", "_od", "disposition_date").filter(
        rows[PROP64].fill_null(False) & (rows["disposition"] == "convicted"))
    if p64.height < 2:
        return pl.Series(name, [False] * rows.height, dtype=pl.Boolean)
    left = p64.select("_row", PERSON, "offense_section", "_od")
    right = p64.select(PERSON, "offense_section", _row2="_row", _dd2="disposition_date")
    pairs = left.join(right, on=[PERSON, "offense_section"]).filter(C("_row") != C("_row2"))
    counts = pairs.group_by("_row").agg(
        _before=(C("_dd2") < C("_od")).sum(),
        _maybe=(C("_dd2").is_null() | C("_od").is_null()).sum(),
    )
    return rows.select("_row").join(counts, on="_row", how="left", maintain_order="left").select(
        # How earlier convictions are counted is unsettled ([U], reference §2.1): two or more → ask.
        pl.when((C("_before").fill_null(0) + C("_maybe").fill_null(0)) >= 2)
        .then(None).otherwise(False).cast(pl.Boolean).alias(name)
    ).to_series()


def _after_case_specs(ctx: Ctx) -> list[tuple[str, str, pl.Expr, int | None]]:
    """The facts of ``_after_case``: name, reference date column, the kind of conviction, the years after."""
    adult = ctx.adult_court()
    level = C("conviction_level")
    return [("p425_new_felony", "done425", adult & (level == "felony").fill_null(True), 4),
            ("j_later_felony", "_jref", adult & (level == "felony").fill_null(True), None),
            ("j_later_other", "_jref", adult & (level != "felony").fill_null(True), None)]


def _after_case_flags(ctx: Ctx) -> dict[str, pl.Expr]:
    """Per row and fact of ``_after_case``: a conviction of the kind that is dated (``_cert_``), or one that
    could be (``_cand_``, which includes those)."""
    conv = convicted_k()
    cols: dict[str, pl.Expr] = {}
    for name, _, kind, _ in _after_case_specs(ctx):
        certain = (conv & kind & C("disposition_date").is_not_null()).fill_null(False)
        maybe = (conv & kind).fill_null(True) & ~certain & (C("disposition") != "acquitted")
        cols[f"_cert_{name}"] = certain
        cols[f"_cand_{name}"] = certain | maybe
    return cols


def _after_case(rows: pl.DataFrame, ctx: Ctx) -> list[pl.Series]:
    """Convictions in another case dated after a reference date, Kleene per row (unknown when a candidate
    with an unknown disposition, level or date could fall in the window):

    * ``p425_new_felony``: a felony conviction within four years (inclusive) after the PC 1203.425
      felony-prong completion (``done425``);
    * ``j_later_felony`` / ``j_later_other``: an adult felony / other conviction after a juvenile case
      (``_jref``, WIC 781).

    Without a reference date the answer is "no" only when the person has no such conviction elsewhere.
    One join serves the three facts, and it runs only when some row has a reference date and a candidate
    in another case. ``rows`` has the flags of ``_after_case_flags`` and their counts per person
    (``_n_p_``) and per case (``_n_c_``)."""
    specs = _after_case_specs(ctx)
    flags = rows.select(*CASE, "_row", "done425", "_jref", "disposition_date",
                        *[f"_{x}_{name}" for name, _, _, _ in specs for x in ("cert", "cand", "n_p", "n_c")])
    # A candidate in another case: the person's candidates minus this case's.
    flags = flags.with_columns(**{f"_else_{name}": C(f"_n_p_{name}") - C(f"_n_c_{name}") > 0
                                  for name, _, _, _ in specs})
    needed = pl.any_horizontal([C(f"_else_{name}") & C(ref).is_not_null() for name, ref, _, _ in specs])
    left = flags.filter(needed)
    results = {}
    if left.height:
        right = flags.filter(pl.any_horizontal([C(f"_cand_{name}") for name, _, _, _ in specs])).select(
            PERSON, "disposition_date", *[C(f"_cand_{n}") for n, _, _, _ in specs],
            *[C(f"_cert_{n}") for n, _, _, _ in specs], _case="case_id")
        # The window ends, computed before the join (on fewer rows) and outside the group-by.
        ends = {f"_end_{name}": add_years(C(ref), years) if years is not None else pl.lit(None, dtype=pl.Date)
                for name, ref, _, years in specs}
        pairs = left.select("_row", PERSON, "case_id", "done425", "_jref", **ends).join(right, on=PERSON).filter(
            C("_case") != C("case_id"))
        aggs = []
        for name, ref, _, _ in specs:
            end = C(f"_end_{name}")
            inside = (C("disposition_date") > C(ref)) & (end.is_null() | (C("disposition_date") <= end))
            cand, cert = C(f"_cand_{name}"), C(f"_cert_{name}")
            aggs += [(cand & cert & inside.fill_null(False)).any().alias(f"_hit_{name}"),
                     (cand & ~cert & inside.fill_null(True)).any().alias(f"_maybe_{name}")]
        results = {"agg": pairs.group_by("_row").agg(aggs)}
    base = flags.select("_row", "done425", "_jref", *[f"_else_{name}" for name, _, _, _ in specs])
    base = base.join(results["agg"], on="_row", how="left", maintain_order="left") if results else base
    out = []
    for name, ref, _, _ in specs:
        hit = C(f"_hit_{name}") if results else pl.lit(None, dtype=pl.Boolean)
        maybe = C(f"_maybe_{name}") if results else pl.lit(None, dtype=pl.Boolean)
        out.append(pl.when(~C(f"_else_{name}")).then(False)
                   .when(C(ref).is_null()).then(None)
                   .when(hit).then(True)
                   .when(maybe).then(None)
                   .otherwise(False).cast(pl.Boolean).alias(name))
    return base.select(out).get_columns()


def _abuse_pattern(rows: pl.DataFrame, ctx: Ctx) -> pl.Series:
    """PC 851.91(c): when an offense of this arrest is domestic violence, child abuse or elder abuse, does the
    record show a pattern of that kind (two or more convictions, or five or more arrests, on separate
    occasions, each within three years of at least one of the others)? Kleene; null when undated events of
    that kind could complete a pattern. Rows of other arrests get False."""
    name = "c_abuse_pattern"
    listed = rows[ABUSE].fill_null(False)
    if not listed.any():
        return pl.Series(name, [False] * rows.height, dtype=pl.Boolean)
    kind = rows.select(
        pl.when(ctx.in_table_at(ABUSE, ctx.arrest_level()).fill_null(False)).then(C(f"{ABUSE}__kind")).alias("_kind")
    ).to_series()
    # The events are few (the listed offenses of a file), so each step is eager: a lazy plan costs more here.
    hits = rows.select(*CASE, "disposition", "disposition_date", "arrest_date", "offense_date", kind).filter(
        C("_kind").is_not_null())
    conv = hits.filter(C("disposition") == "convicted").select(PERSON, "_kind", _d=C("disposition_date"))
    arrests = hits.select(PERSON, "_kind", _d=pl.coalesce(C("arrest_date"), C("offense_date")))
    pattern = _pattern(conv, 2, "c").join(_pattern(arrests, 5, "a"), on=[PERSON, "_kind"], how="full", coalesce=True)
    pattern = pattern.select(
        PERSON, "_kind",
        _p=pl.when(C("_hit_c").fill_null(False) | C("_hit_a").fill_null(False)).then(True)
        .when(C("_unk_c").fill_null(False) | C("_unk_a").fill_null(False)).then(None)
        .otherwise(False).cast(pl.Boolean),
    )
    per_case = (
        hits.select(*CASE, "_kind").unique().join(pattern, on=[PERSON, "_kind"], how="left")
        .group_by(CASE).agg(_any=C("_p").fill_null(False).any(), _unk=C("_p").is_null().any())
    )
    return rows.select(*CASE).join(per_case, on=CASE, how="left", maintain_order="left").select(
        pl.when(C("_any")).then(True).when(C("_unk")).then(None).otherwise(False).cast(pl.Boolean).alias(name)
    ).to_series()


def _pattern(events: pl.DataFrame, need: int, suffix: str) -> pl.DataFrame:
    """Per person and kind: do ``need`` or more separate occasions each have another within three years?"""
    group = [PERSON, "_kind"]
    dated = events.filter(C("_d").is_not_null()).unique([*group, "_d"]).sort([*group, "_d"])
    # Sorted, a row's neighbours in its group are the rows next to it (a null id is a group, as in a window).
    same_prev = C(PERSON).eq_missing(C(PERSON).shift(1)) & C("_kind").eq_missing(C("_kind").shift(1))
    same_next = C(PERSON).eq_missing(C(PERSON).shift(-1)) & C("_kind").eq_missing(C("_kind").shift(-1))
    dated = dated.with_columns(
        _near=((same_prev & (add_years(C("_d").shift(1), 3) >= C("_d")))
               | (same_next & (add_years(C("_d"), 3) >= C("_d").shift(-1)))).fill_null(False)
    )
    known = dated.group_by(group).agg(_n=C("_near").sum(), _all=pl.len())
    undated = events.filter(C("_d").is_null()).group_by(group).agg(_u=pl.len())
    out = known.join(undated, on=group, how="full", coalesce=True).with_columns(
        C("_n").fill_null(0), C("_all").fill_null(0), C("_u").fill_null(0))
    return out.select(
        *group,
        (C("_n") >= need).alias(f"_hit_{suffix}"),
        ((C("_n") < need) & (C("_u") > 0) & (C("_all") + C("_u") >= need)).alias(f"_unk_{suffix}"),
    )
