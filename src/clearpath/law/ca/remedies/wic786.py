"""WIC 786: dismissal and sealing when a minor completes juvenile supervision or probation (reference §2.13).

The juvenile court acts at completion (automatic). Satisfactory completion is read from the record:
``sentence_completed`` (unpaid restitution or fees do not make it unsatisfactory), with the end of
probation as the date. Not for a WIC 707(b) offense committed at 14 or older unless reduced to a
misdemeanor; a DJJ commitment is not probation (see WIC 781).
"""

from __future__ import annotations

from datetime import date

import polars as pl

from clearpath.law.ca.gates import gate_reasons
from clearpath.law.context import Ctx, lit_date
from clearpath.law.rules import NO_WAIT, Check, Note, ReasonDef, Remedy, Rule, Wait

C = pl.col
SB1038 = date(2015, 1, 1)  # Stats. 2014, ch. 249


def bar_707b(ctx: Ctx) -> pl.Expr:
    """Kleene: a sustained WIC 707(b) offense committed at 14 or older and not reduced to a misdemeanor."""
    felony_level = pl.when(ctx.reduced_by(("PC 17(b)",))).then(False).otherwise(C("conviction_level") != "misdemeanor")
    return (C("disposition") == "convicted") & ctx.in_table("wic707b") & C("a14") & felony_level


def build(ctx: Ctx) -> Rule:
    done = C("sentence_completed")
    djj = pl.coalesce(C("djj_commitment"), pl.when(C("probation_granted")).then(False))
    end = C("probation_end_date")
    return Rule(
        scope=C("juvenile").fill_null(False) & C("disposition").is_in(["convicted", "diversion_completed"]),
        checks=[
            Check("law_not_in_effect", pl.lit(ctx.in_force(SB1038))),
            Check("wic786_djj_commitment", djj.not_(), ("case.djj_commitment",)),
            Check("wic786_not_completed", pl.when(done.is_not_null()).then(done).when(end.is_not_null()).then(True),
                  ("count.sentence.sentence_completed",)),
            Check("wic786_completed_before_2015", pl.when(end.is_not_null()).then(end >= lit_date(SB1038)),
                  ("count.sentence.probation_end_date",)),
            Check("wic786_707b_offense", ~bar_707b(ctx),
                  ("count.offense", "law.offense_list_facts", "person.dob", "count.offense_date",
                   "count.conviction_level")),
        ],
        waits=[Wait("wic786_supervision_not_ended",
                    pl.coalesce(end, pl.when(done).then(lit_date(NO_WAIT))),
                    ("count.sentence.probation_end_date",))],
        notes=[Note("wic786_automatic", pl.lit(True))],
        relief=pl.lit("dismissal_and_sealing"),
        discretionary=pl.lit(False),
    )


REMEDY = Remedy(
    remedy="WIC 786",
    slug="wic786",
    title="Juvenile dismissal and sealing on completing probation",
    summary="When a young person satisfactorily completes juvenile probation or informal supervision, the "
    "juvenile court must dismiss the petition and seal the records, without a request. Unpaid restitution "
    "does not count against completion.",
    citation="WIC 786",
    verification="S",
    effective_from=SB1038,
    forms=("JV-596",),
    automatic=True,
    build=build,
    facts=("case.djj_commitment", "count.sentence.sentence_completed", "count.sentence.probation_end_date",
           "count.offense", "person.dob"),
    notes=("Added by SB 1038 (Stats. 2014, ch. 249), in force Jan 1, 2015 [S]; Cal. Rules of Court, rule 5.840.",
           "Completion before Jan 1, 2015 is read as outside 786 (the court acted at completion) [K]; WIC 781 "
           "remains.",
           "The 707(b) list is recalled [K]; a finding reduced to a misdemeanor is not barred [S]."),
    reasons=(
        *gate_reasons("WIC 786"),
        ReasonDef("wic786_djj_commitment", "WIC 786(a)",
                  "This is for probation or informal supervision; a DJJ commitment is not (see WIC 781)."),
        ReasonDef("wic786_not_completed", "WIC 786(a)",
                  "The record shows the supervision or probation was not completed satisfactorily. Unpaid "
                  "restitution or fees alone do not count against you."),
        ReasonDef("wic786_completed_before_2015", "WIC 786; SB 1038 (2014)",
                  "Supervision ended before January 1, 2015, when this law began; ask to seal under WIC 781.", "K"),
        ReasonDef("wic786_707b_offense", "WIC 786(d); WIC 707(b)",
                  "A serious offense listed in WIC 707(b), committed at 14 or older, is not dismissed and sealed "
                  "this way unless it was reduced to a misdemeanor."),
        ReasonDef("wic786_supervision_not_ended", "WIC 786(a)",
                  "The court dismisses and seals when supervision or probation ends."),
        ReasonDef("wic786_automatic", "WIC 786(a); Cal. Rules of Court, rule 5.840",
                  "The juvenile court must dismiss the petition and seal the records when you complete probation; "
                  "if it has not, ask it to (form JV-596)."),
    ),
)
