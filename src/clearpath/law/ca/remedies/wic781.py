"""WIC 781: petition to seal juvenile records (reference §2.13).

Five years after juvenile-court jurisdiction ended, or at 18, whichever is first. The court must seal if
there has been no conviction since of a felony or of a misdemeanor involving moral turpitude and it finds
rehabilitation. Not for a WIC 707(b) offense committed at 14 or older (unless dismissed or reduced), except
after a DJJ commitment at 21; not for DJJ registrants under PC 290.008.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from clearpath.law.ca.gates import gate_reasons
from clearpath.law.ca.remedies.wic786 import bar_707b
from clearpath.law.context import Ctx, add_years, lit_date
from clearpath.law.rules import NO_WAIT, Ask, Check, Note, ReasonDef, Remedy, Rule, Wait

C = pl.col
IN_FORCE = date(1961, 1, 1)  # the 1961 Juvenile Court Law [K]


def build(ctx: Ctx) -> Rule:
    djj = C("djj_commitment")
    bar = C("_781_707b")
    five, eighteen = add_years(C("juvenile_jurisdiction_end_date"), 5), add_years(C("person_dob"), 18)
    earliest = (
        pl.when(five.is_not_null() & eighteen.is_not_null()).then(pl.min_horizontal(five, eighteen))
        .when(eighteen <= ctx.today).then(eighteen)
        .when(five <= ctx.today).then(five)
    )
    later_other = C("j_later_other")
    sustained = C("disposition") == "convicted"
    return Rule(
        columns=[("_781_707b", bar_707b(ctx)), ("_781_wait", earliest)],
        scope=C("juvenile").fill_null(False) & (C("disposition") != "pending"),
        checks=[
            Check("wic781_707b_offense",
                  pl.when(bar.not_()).then(True).when(bar & djj).then(True).when(bar & djj.not_()).then(False),
                  ("count.offense", "law.offense_list_facts", "person.dob", "count.offense_date",
                   "count.conviction_level", "case.djj_commitment")),
            Check("wic781_djj_registrant", ~(sustained & djj & C("reg290")),
                  ("case.djj_commitment", "law.offense_list_facts")),
            Check("wic781_later_felony", ~C("j_later_felony"), ("record.later_convictions",)),
            Check("wic781_later_misdemeanor", pl.when(later_other.not_()).then(True)),
        ],
        waits=[
            Wait("wic781_waiting_period", C("_781_wait")),
            Wait("wic781_djj_age_21",
                 pl.when(bar & djj).then(add_years(C("person_dob"), 21)).otherwise(lit_date(NO_WAIT)),
                 ("person.dob",)),
        ],
        notes=[Note("wic781_rehabilitation", pl.lit(True))],
        asks=[
            Ask("law.moral_turpitude", later_other),
            Ask("record.later_convictions", later_other.is_null()),
            Ask("person.dob", C("_781_wait").is_null() & C("person_dob").is_null()),
            Ask("case.juvenile_jurisdiction_end_date",
                C("_781_wait").is_null() & C("juvenile_jurisdiction_end_date").is_null()),
        ],
        relief=pl.lit("sealing"),
        discretionary=pl.lit(True),
    )


REMEDY = Remedy(
    remedy="WIC 781",
    slug="wic781",
    title="Petition to seal juvenile records",
    summary="Five years after the juvenile court's jurisdiction ended, or once you are 18, you can ask the "
    "juvenile court to seal your records. It must seal them if you have no later felony (or moral-turpitude "
    "misdemeanor) conviction and it finds you rehabilitated.",
    citation="WIC 781",
    verification="K",
    effective_from=IN_FORCE,
    forms=("JV-595", "JV-590"),
    automatic=False,
    build=build,
    facts=("person.dob", "case.juvenile_jurisdiction_end_date", "case.djj_commitment", "count.offense",
           "record.later_convictions", "law.moral_turpitude"),
    notes=("Timing and the 'must seal' standard [S: multiple summaries; K for subdivision numbers].",
           "707(b) exclusion and the DJJ age-21 route (781(a)(1)(D)) [S/K]; 'completed supervision after "
           "release' is not checked separately.",
           "Pending civil litigation about the incident also bars sealing [K]; not asked (rare).",
           "Convictions since jurisdiction ended are read from the adult record; without a jurisdiction end date, "
           "from the juvenile disposition (which counts more convictions, never fewer).",
           "Fees repealed for juveniles by AB 1394 (2019) [S]."),
    reasons=(
        *gate_reasons("WIC 781", codes=("relief_already_granted",)),
        ReasonDef("wic781_707b_offense", "WIC 781(a)(1)(D); WIC 707(b)",
                  "A serious offense listed in WIC 707(b), committed at 14 or older, cannot be sealed unless it "
                  "was dismissed or reduced to a misdemeanor (after a DJJ commitment, at 21)."),
        ReasonDef("wic781_djj_registrant", "WIC 781; PC 290.008",
                  "Records of a DJJ commitment that requires sex-offender registration (PC 290.008) cannot be "
                  "sealed this way.", "K"),
        ReasonDef("wic781_later_felony", "WIC 781(a)(1)(A)",
                  "A felony conviction since the juvenile case bars sealing."),
        ReasonDef("wic781_later_misdemeanor", "WIC 781(a)(1)(A)",
                  "A later misdemeanor bars sealing only if it involves moral turpitude."),
        ReasonDef("wic781_waiting_period", "WIC 781(a)(1)(A)",
                  "You can ask five years after the juvenile court's jurisdiction ended, or at 18, whichever is "
                  "first."),
        ReasonDef("wic781_djj_age_21", "WIC 781(a)(1)(D)",
                  "After a DJJ commitment for a 707(b) offense, sealing is possible at 21, once supervision after "
                  "release is completed.", "K"),
        ReasonDef("wic781_rehabilitation", "WIC 781(a)(1)(A)",
                  "The court must seal if it finds you have been rehabilitated (forms JV-595 and JV-590)."),
    ),
)
