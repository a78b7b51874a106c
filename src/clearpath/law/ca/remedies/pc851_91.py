"""PC 851.91: petition to seal an arrest that did not result in a conviction (reference §2.10).

"Did not result in a conviction" (851.91(a)(1)): no charge was filed and the limitation period has run;
or a charge was dismissed and cannot be refiled; or the person was acquitted. Not available while the
person can still be charged for any offense of the arrest (the limitation period, or a felony dismissed
only once that PC 1387 lets be refiled: "not yet", with the date the period runs out), for an offense with
no limitation period unless acquitted or found factually innocent, or if the person evaded prosecution.
A matter of right, unless an offense of the arrest is domestic violence, child abuse or elder abuse and
the record shows a pattern of that kind: then the interests of justice decide.

Limitation periods (K): misdemeanor 1 year (PC 802(a)); felony 3 years (PC 801); felony punishable by 8
years or more 6 years (PC 800); none (PC 799). Registrable sex offenses have longer, fact-dependent
periods (PC 801.1, 803): asked. The limitation facts are derived once per record (``gates.limitation_end``,
assumption A17).
"""

from __future__ import annotations

from datetime import date

import polars as pl

from clearpath.law.ca.gates import NOT_CONVICTED, gate_reasons, no_conviction_from_arrest
from clearpath.law.context import Ctx, lit_date
from clearpath.law.rules import NO_WAIT, Ask, Check, Note, ReasonDef, Remedy, Rule, Wait

C = pl.col
SB393 = date(2018, 1, 1)  # Stats. 2017, ch. 680


def build(ctx: Ctx) -> Rule:
    disp = C("disposition")
    felony = C("arrest_fel")
    not_filed = C("nf")
    # 1387: a misdemeanor (not charged with a felony) dismissed once cannot be refiled [K]; a felony dismissed
    # once can. Without the fact, a felony dismissal is read as refilable until the period runs out.
    misdemeanor_case = ~C("c_any_fel")
    refile = pl.coalesce(C("dismissal_can_be_refiled"), pl.when(misdemeanor_case).then(False))
    settled = (
        disp.is_in(["acquitted", "diversion_completed"])
        | ((disp == "dismissed") & ~not_filed.fill_null(True) & refile.not_().fill_null(False))
    )
    outcome = (
        pl.when(disp.is_in(["acquitted", "dismissed", "diversion_completed", "prosecution_declined"])).then(True)
        .when(not_filed).then(True)
        .otherwise(None)
    )
    wait = C("_91_wait")
    return Rule(
        columns=[("_91_wait", pl.when(settled).then(lit_date(NO_WAIT)).otherwise(C("c_sol_end")))],
        scope=ctx.adult_court() & disp.is_in(NOT_CONVICTED),
        checks=[
            Check("law_not_in_effect", pl.lit(ctx.in_force(SB393))),
            Check("pc851_91_conviction_from_arrest", no_conviction_from_arrest(ctx), ("count.disposition",)),
            Check("pc851_91_no_limitation_period", ~C("c_no_limit"), ("count.offense", "law.offense_list_facts")),
            Check("pc851_91_evaded_prosecution", ~C("evaded_prosecution"), ("case.evaded_prosecution",)),
            Check("pc851_91_outcome_unknown", outcome),
        ],
        waits=[Wait("pc851_91_can_still_be_charged", wait)],
        notes=[
            Note("pc851_91_matter_of_right", C("c_abuse_pattern").not_()),
            Note("pc851_91_interests_of_justice", C("c_abuse_pattern")),
            Note("pc851_91_refile_assumed", (refile.is_null() | refile) & (disp == "dismissed") & (wait > ctx.today)),
        ],
        asks=[
            Ask("count.disposition", outcome.is_null()),
            Ask("case.charges_filed", outcome.is_null() & C("charges_filed").is_null()),
            Ask("count.dismissal_can_be_refiled", refile.is_null() & (disp == "dismissed") & (wait > ctx.today)),
            Ask("law.limitation_period", wait.is_null() & C("reg290") & ~C("no_limit")),
            Ask("count.charged_level", wait.is_null() & felony.is_null()),
            Ask("law.max_term_8_years", wait.is_null() & felony & C("eight").is_null()),
            Ask("count.offense_date", wait.is_null() & C("offense_date").is_null() & C("arrest_date").is_null()),
            Ask("count.disposition_date", wait.is_null() & (disp == "dismissed") & ~not_filed.fill_null(True)
                & C("disposition_date").is_null()),
            Ask("case.other_charges", wait.is_null() & C("sol_end").is_not_null()),
            Ask("law.offense_list_facts", wait.is_null() & C("reg290").is_null()),
            Ask("count.offense", C("offense_key").is_null()),
            Ask("record.other_convictions", C("c_abuse_pattern").is_null()),
        ],
        relief=pl.lit("arrest_sealing"),
        discretionary=C("c_abuse_pattern"),
    )


REMEDY = Remedy(
    remedy="PC 851.91",
    slug="pc851_91",
    title="Petition to seal an arrest",
    summary="If an arrest did not lead to a conviction and you can no longer be charged for it (the time limit "
    "has passed, the charge was dismissed for good, or you were acquitted), a court seals the arrest as a "
    "matter of right. With a pattern of domestic-violence, child-abuse or elder-abuse cases the judge decides.",
    citation="PC 851.91; PC 851.92",
    verification="S",
    effective_from=SB393,
    forms=("CR-409", "CR-410"),
    automatic=False,
    build=build,
    facts=("case.charges_filed", "case.evaded_prosecution", "count.charged_level", "count.disposition",
           "count.dismissal_can_be_refiled", "count.offense_date", "law.limitation_period",
           "law.max_term_8_years"),
    notes=("Added by SB 393 (Stats. 2017, ch. 680), in force Jan 1, 2018 [S].",
           "Limitation periods (PC 799-803) are recalled [K]; tolling other than the time a filed case was "
           "pending (e.g. absence from the state, PC 803(d)) is not computed [U, assumption A17].",
           "PC 1387: a misdemeanor not charged with a felony cannot be refiled after one dismissal; a felony "
           "can, once [K]. An unknown felony dismissal is read as refilable until the period runs out, and asked.",
           "Pattern (851.91(c)): two or more convictions or five or more arrests of the same kind (domestic "
           "violence, child abuse, elder abuse), each within three years of another [S]; the kinds are read from "
           "a partial offense table [K].",
           "Factual innocence (PC 851.8) is read from relief_granted."),
    reasons=(
        *gate_reasons("PC 851.91"),
        ReasonDef("pc851_91_conviction_from_arrest", "PC 851.91(a)(1)",
                  "A charge from this arrest ended in a conviction (or is still open), so the arrest cannot be "
                  "sealed under this section."),
        ReasonDef("pc851_91_no_limitation_period", "PC 851.91(a)(2)(B); PC 799",
                  "An arrest for an offense with no time limit for prosecution (such as murder) can be sealed "
                  "only after an acquittal or a finding of factual innocence."),
        ReasonDef("pc851_91_evaded_prosecution", "PC 851.91(a)(2)(C)-(D)",
                  "A person who evaded prosecution for the arrest cannot have it sealed."),
        ReasonDef("pc851_91_outcome_unknown", "PC 851.91(a)(1)",
                  "We need to know how the arrest ended."),
        ReasonDef("pc851_91_can_still_be_charged", "PC 851.91(a)(2)(A); PC 799-803; PC 1387",
                  "You can ask once you can no longer be charged for this arrest: when the time limit for "
                  "prosecution runs out (for a felony dismissed only once, it could be filed again until then).",
                  "K"),
        ReasonDef("pc851_91_matter_of_right", "PC 851.91(c)",
                  "The court must seal the arrest (a matter of right)."),
        ReasonDef("pc851_91_interests_of_justice", "PC 851.91(c)",
                  "Because of a pattern of domestic-violence, child-abuse or elder-abuse cases on your record, "
                  "the judge decides whether sealing is in the interests of justice (hardship, character, the "
                  "arrest's circumstances, your record)."),
        ReasonDef("pc851_91_refile_assumed", "PC 1387",
                  "A felony dismissed once can usually be filed again within the time limit; if it was already "
                  "dismissed twice (or cannot be refiled for another reason), tell us: you may qualify now.", "K"),
    ),
)
