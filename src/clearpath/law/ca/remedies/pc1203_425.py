"""PC 1203.425: automatic conviction relief by the DOJ ("Clean Slate") (reference §2.8).

Three prongs, chosen by how the person was sentenced (each conviction takes exactly one):

* probation prong: probation granted and completed without revocation (any level, no offense list);
* misdemeanor prong: a misdemeanor or infraction without probation, sentence completed, one calendar
  year after judgment;
* felony prong (SB 731, operative Oct 1, 2024 after AB 134 and AB 168): a felony with a prison or 1170(h)
  term or revoked probation, four years after all custody and supervision ended with no new felony
  conviction in those four years; not a serious, violent or registrable felony.

Person-level bars (any case on the record): required to register, on supervision or serving a sentence,
or a pending charge. The DOJ acts only on complete records, so a missing "relief granted" notation does
not mean the person is ineligible: the petition route is always the fallback.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from clearpath.law.ca.gates import executed, gate_reasons, status_gates
from clearpath.law.context import Ctx, add_years, lit_date
from clearpath.law.rules import NO_WAIT, Check, Note, ReasonDef, Remedy, Rule, Wait

C = pl.col
AB1076 = date(2020, 1, 1)  # Stats. 2019, ch. 578: added PC 851.93 and 1203.425
DOJ_OPERATIVE = date(2022, 7, 1)  # automatic relief operative for the original prongs
FELONY_PRONG = date(2024, 10, 1)  # SB 731's felony prong, as delayed by AB 134 (2023) and AB 168 (2024)
LOOKBACK = date(1973, 1, 1)
PETITIONS = ("PC 1203.4", "PC 1203.4a", "PC 1203.41")


def revoked() -> pl.Expr:
    """Was probation revoked? Recorded, or read from the record: no violation means no revocation, and a
    custody term executed after a grant of probation follows a revocation."""
    custody = executed("prison") | executed("county_jail_1170h")
    return (
        pl.when(C("probation_revoked").is_not_null()).then(C("probation_revoked"))
        .when(C("probation_violation").not_()).then(False)
        .when(C("probation_granted") & custody).then(True)
        .otherwise(None)
    )


def prong() -> pl.Expr:
    """Which prong the conviction falls under: probation, misdemeanor, felony, none (misdemeanor or
    infraction whose probation was revoked), or null when the record does not say."""
    level, granted, rev = C("conviction_level"), C("probation_granted"), C("_425_revoked")
    minor = level.is_in(["misdemeanor", "infraction"])
    return (
        pl.when(granted & rev.not_()).then(pl.lit("probation"))
        .when(granted.not_() & minor).then(pl.lit("misdemeanor"))
        .when((level == "felony") & (granted.not_() | rev)).then(pl.lit("felony"))
        .when(minor & granted & rev).then(pl.lit("none"))
        .otherwise(None)
    )


def probation_end(ctx: Ctx) -> pl.Expr:
    """The recorded end of probation, or, as the DOJ reads it, judgment plus the probation term."""
    by_term = ctx.judgment_date().dt.offset_by(pl.format("{}mo", C("probation_months")))
    return pl.coalesce(C("probation_end_date"), by_term)


def only(kind: str, expr: pl.Expr, otherwise: pl.Expr) -> pl.Expr:
    return pl.when(C("_425_prong") == kind).then(expr).otherwise(otherwise)


def build(ctx: Ctx) -> Rule:
    gates, gate_waits = status_gates(ctx)
    excluded = ctx.in_table("serious_1192_7c") | ctx.in_table("violent_667_5c") | C("reg290")
    yes, no_wait = pl.lit(True), lit_date(NO_WAIT)
    return Rule(
        columns=[("_425_revoked", revoked()), ("_425_prong", prong())],
        scope=ctx.convicted() & ctx.adult_court(),
        checks=[
            Check("pc1203_425_before_1973", ctx.judgment_date() >= lit_date(LOOKBACK),
                  ("count.sentence.judgment_date",)),
            Check("pc1203_425_registrant", ~C("person_registration_290_required"),
                  ("person.registration_290_required",)),
            Check("pc1203_425_no_prong", C("_425_prong") != "none",
                  ("count.sentence.probation_granted", "count.sentence.probation_revoked", "count.conviction_level")),
            Check("pc1203_425_sentence_not_completed", only("misdemeanor", C("sentence_completed"), yes),
                  ("count.sentence.sentence_completed",)),
            Check("pc1203_425_excluded_felony", only("felony", ~excluded, yes),
                  ("count.offense", "law.offense_list_facts")),
            Check("pc1203_425_new_felony", only("felony", ~C("p425_new_felony"), yes),
                  ("record.later_convictions",)),
            *gates,
        ],
        waits=[
            Wait("pc1203_425_not_operative", only("felony", lit_date(FELONY_PRONG), lit_date(DOJ_OPERATIVE))),
            Wait("pc1203_425_probation_not_ended", only("probation", probation_end(ctx), no_wait),
                 ("count.sentence.probation_end_date",)),
            Wait("pc1203_425_one_year_from_judgment",
                 only("misdemeanor", add_years(ctx.judgment_date(), 1), no_wait), ("count.sentence.judgment_date",)),
            Wait("pc1203_425_four_years", only("felony", add_years(C("done425"), 4), no_wait),
                 ("count.sentence.supervision_end_date", "count.sentence.custody_release_date",
                  "count.sentence.probation_end_date")),
            *gate_waits,
        ],
        notes=[
            Note("pc1203_425_probation_prong", C("_425_prong") == "probation"),
            Note("pc1203_425_misdemeanor_prong", C("_425_prong") == "misdemeanor"),
            Note("pc1203_425_felony_prong", C("_425_prong") == "felony"),
            Note("pc1203_425_petition_fallback", yes),
        ],
        relief=pl.lit("dismissal"),
        discretionary=pl.lit(False),
    )


REMEDY = Remedy(
    remedy="PC 1203.425",
    slug="pc1203_425",
    title="Automatic conviction relief (Clean Slate)",
    summary="The California DOJ dismisses eligible convictions automatically, without a petition: after "
    "probation completed without revocation; one year after a misdemeanor or infraction sentence without "
    "probation; or, since October 1, 2024, four years after a felony sentence and supervision ended. "
    "Registration, supervision, a current sentence or an open case blocks it.",
    citation="PC 1203.425",
    verification="S",
    effective_from=DOJ_OPERATIVE,
    forms=(),
    automatic=True,
    build=build,
    facts=("person.registration_290_required", "person.pending_case", "person.serving_sentence",
           "count.conviction_level", "count.sentence.judgment_date", "count.sentence.probation_granted",
           "count.sentence.probation_revoked", "count.sentence.probation_end_date",
           "count.sentence.sentence_completed", "count.sentence.supervision_end_date",
           "count.sentence.custody_release_date", "record.later_convictions"),
    notes=("Added by AB 1076 (Stats. 2019, ch. 578); DOJ operations operative July 1, 2022 for the original "
           "prongs; SB 731's felony prong operative Oct 1, 2024 (AB 168, Stats. 2024, ch. 49) [S].",
           "Lookback: sentenced on or after Jan 1, 1973, every prong (AB 168) [S].",
           "Pinpoint subdivisions move between versions (reference §0.3); reasons cite the section.",
           "The prong follows the sentence: probation completed without revocation is the probation prong "
           "even for a felony, which then has no offense exclusions [S].",
           "A new felony conviction within the four years bars the felony prong; a misdemeanor does not [S]. "
           "A felony conviction dated after the four years does not matter.",
           "Which version of the serious/violent lists applies to old convictions is not stated [U]: the "
           "lists are read at the offense date, like the other remedies.",
           "The prosecutor or probation may petition to block relief (1203.425(b)); not predictable."),
    reasons=(
        *gate_reasons("PC 1203.425(a)(1)",
                      pending="You have an open criminal case. Automatic relief does not happen while a charge "
                      "is pending.",
                      serving="You are serving a sentence, or are on probation, parole or supervision, now. "
                      "Automatic relief does not happen until it ends.",
                      until="Automatic relief can happen only after your current sentence or supervision ends.",
                      codes=("relief_already_granted", "pending_case", "serving_sentence", "serving_sentence_until")),
        ReasonDef("pc1203_425_before_1973", "PC 1203.425(a)(1)",
                  "Automatic relief covers sentences from January 1, 1973. You can still petition under "
                  "PC 1203.4, 1203.4a or 1203.41."),
        ReasonDef("pc1203_425_registrant", "PC 1203.425(a)(1)",
                  "People required to register as sex offenders get no automatic relief for any conviction. "
                  "You may still petition under PC 1203.4, 1203.4a or 1203.41."),
        ReasonDef("pc1203_425_no_prong", "PC 1203.425(a)(1)",
                  "Probation in this misdemeanor case was revoked, so automatic relief does not apply. You can "
                  "petition under PC 1203.4."),
        ReasonDef("pc1203_425_sentence_not_completed", "PC 1203.425(a)(1)",
                  "The sentence must be completed before automatic relief."),
        ReasonDef("pc1203_425_excluded_felony", "PC 1203.425(a)(1); PC 1192.7(c); PC 667.5(c); PC 290",
                  "Serious, violent and registrable felonies get no automatic relief after a prison or county "
                  "jail sentence. You may still petition under PC 1203.41 or 1203.4."),
        ReasonDef("pc1203_425_new_felony", "PC 1203.425(a)(1)",
                  "A new felony conviction within four years after this sentence ended stops automatic relief "
                  "for it. You may still petition under PC 1203.41 or 1203.4."),
        ReasonDef("pc1203_425_not_operative", "PC 1203.425; AB 168 (Stats. 2024, ch. 49)",
                  "The DOJ began automatic relief on July 1, 2022, and for felony sentences on October 1, 2024."),
        ReasonDef("pc1203_425_probation_not_ended", "PC 1203.425(a)(1)",
                  "Automatic relief follows once probation ends without revocation."),
        ReasonDef("pc1203_425_one_year_from_judgment", "PC 1203.425(a)(1)",
                  "Automatic relief comes one calendar year after the judgment, once the sentence is done."),
        ReasonDef("pc1203_425_four_years", "PC 1203.425(a)(1)",
                  "For a felony sentence, automatic relief comes four years after all custody and supervision "
                  "ended, with no new felony conviction in that time."),
        ReasonDef("pc1203_425_probation_prong", "PC 1203.425(a)(1)",
                  "You completed probation without revocation, so the DOJ should dismiss this automatically."),
        ReasonDef("pc1203_425_misdemeanor_prong", "PC 1203.425(a)(1)",
                  "This misdemeanor or infraction without probation qualifies for automatic dismissal by the DOJ."),
        ReasonDef("pc1203_425_felony_prong", "PC 1203.425(a)(1); SB 731 (2022)",
                  "This felony qualifies for automatic relief four years after the sentence ended."),
        ReasonDef("pc1203_425_petition_fallback", "PC 1203.425(a)(1), (b)(7); reference §1.4",
                  "The DOJ acts only when its records are complete. Check your record (a DOJ record review); "
                  "if relief is not shown, petition the court under PC 1203.4, 1203.4a or 1203.41 instead."),
    ),
)
