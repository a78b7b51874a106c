"""PC 851.93: automatic arrest relief by the DOJ (reference §2.9).

Prongs (851.93(a)(2)), for an arrest on or after Jan 1, 1973 that did not end in a conviction:
(A) a misdemeanor arrest whose charge was dismissed; (B) a misdemeanor arrest with no proceedings, one
calendar year after the arrest; (C) a felony arrest with no proceedings, three calendar years after it
((C)(i)), or six years for an offense punishable by eight years or more ((C)(ii)); acquittal of every
charge from the arrest under (B) or (C); (D) successful completion of a listed diversion program.
No registration, supervision or pending-charge bar. A felony charged in court and then dismissed is not
clearly covered [U]: it is asked about and the PC 851.91 petition is offered.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from clearpath.law.ca.gates import NOT_CONVICTED, gate_reasons, no_conviction_from_arrest
from clearpath.law.ca.remedies.pc1203_425 import AB1076, DOJ_OPERATIVE
from clearpath.law.context import Ctx, add_years, lit_date
from clearpath.law.rules import NO_WAIT, Ask, Check, Note, ReasonDef, Remedy, Rule, Wait

C = pl.col
FELONY_ARRESTS = date(2024, 10, 1)  # SB 731's extension to every felony, operative under AB 168
LOOKBACK = date(1973, 1, 1)
# 851.93(a)(2)(D): the diversion programs whose completion brings automatic arrest relief [S: reference
# §2.9]. PC 1001.95 judicial diversion is not among them (a misdemeanor dismissed after it is prong (A)).
PRONG_D = ["PC 851.87", "PC 1000", "DEJ", "PC 1000.5", "PC 1000.8", "PC 1001", "PC 1001.20", "PC 1001.36",
           "PC 1001.40", "PC 1001.50", "PC 1001.60", "PC 1001.70", "PC 1001.80", "PC 1001.81", "PC 1001.85"]


def build(ctx: Ctx) -> Rule:
    disp = C("disposition")
    felony, none, dismissed = C("arrest_fel"), C("_93_none"), C("_93_dismissed")
    program = C("diversion_statute")
    arrested = C("arrest_date")
    # The arrest is no earlier than the offense: an offense from 1973 on settles it without the arrest date.
    since_1973 = (
        pl.when(arrested.is_not_null()).then(arrested >= lit_date(LOOKBACK))
        .when(C("offense_date") >= lit_date(LOOKBACK)).then(True)
    )
    eight = C("eight")
    window = (
        pl.when(eight).then(add_years(arrested, 6))
        .when(eight.not_()).then(add_years(arrested, 3))
        .when(add_years(arrested, 6) <= ctx.today).then(add_years(arrested, 6))
    )
    waiting = (
        pl.when(~none.fill_null(False)).then(pl.coalesce(C("disposition_date"), lit_date(NO_WAIT)))
        .when(felony.not_()).then(add_years(arrested, 1))
        .when(felony).then(window)
        .when(add_years(arrested, 6) <= ctx.today).then(add_years(arrested, 6))
    )
    covered = (
        pl.when(disp == "acquitted").then(True)
        .when((disp == "diversion_completed") & program.is_in(PRONG_D)).then(True)
        .when(none).then(True)
        .when(dismissed & felony.not_()).then(True)
        .otherwise(None)
    )
    felony_level = pl.lit("felony")
    in_1170h = ctx.in_table_at("realignment_1170h", felony_level).fill_null(False)
    unknown = C("_93_covered").is_null()
    return Rule(
        columns=[
            # No proceedings: never filed (a completed program that (D) does not list counts as no proceedings).
            ("_93_none", C("nf") & (disp.is_in(["prosecution_declined", "unknown", "dismissed"])
                                    | ((disp == "diversion_completed") & ~program.is_in(PRONG_D)))),
            # Charged in court and dismissed (or dropped by the prosecutor), or diverted under a program (D)
            # does not list and dismissed.
            ("_93_dismissed", ~C("nf") & (disp.is_in(["dismissed", "prosecution_declined"])
                                         | ((disp == "diversion_completed") & ~program.is_in(PRONG_D)))),
            ("_93_covered", covered),
            ("_93_wait", waiting),
        ],
        scope=ctx.adult_court() & disp.is_in(NOT_CONVICTED),
        checks=[
            Check("pc851_93_conviction_from_arrest", no_conviction_from_arrest(ctx), ("count.disposition",)),
            Check("pc851_93_before_1973", since_1973, ("case.arrest_date",)),
            Check("pc851_93_not_covered", C("_93_covered")),
        ],
        waits=[
            Wait("pc851_93_waiting_period", C("_93_wait")),
            Wait("pc851_93_not_operative",
                 pl.when(felony.fill_null(True) & ~in_1170h).then(lit_date(FELONY_ARRESTS))
                 .otherwise(lit_date(DOJ_OPERATIVE))),
        ],
        notes=[
            Note("pc851_93_automatic", pl.lit(True)),
            Note("pc851_93_felony_dismissal_unclear", dismissed & felony),
            Note("pc851_93_no_limitation_offense", C("no_limit") & none),
        ],
        asks=[
            Ask("case.charges_filed", unknown & (disp == "unknown") & C("charges_filed").is_null()),
            Ask("case.diversion_statute", unknown & (disp == "diversion_completed") & program.is_null()),
            Ask("count.charged_level", (unknown | C("_93_wait").is_null()) & felony.is_null()),
            Ask("law.felony_dismissal_851_93", dismissed & felony),
            # Any other unknown outcome: ask what happened.
            Ask("count.disposition", unknown & (disp.is_in(["unknown", "diversion_failed"])
                                                | ~(felony.is_null() | (dismissed & felony)
                                                    | ((disp == "diversion_completed") & program.is_null()))
                                                .fill_null(False))),
            Ask("case.arrest_date", C("_93_wait").is_null() & arrested.is_null()),
            Ask("law.max_term_8_years", C("_93_wait").is_null() & felony & eight.is_null() & arrested.is_not_null()),
        ],
        relief=pl.lit("arrest_relief"),
        discretionary=pl.lit(False),
    )


REMEDY = Remedy(
    remedy="PC 851.93",
    slug="pc851_93",
    title="Automatic arrest relief",
    summary="The California DOJ marks an arrest that did not lead to a conviction as 'arrest relief granted', "
    "without a petition: a misdemeanor dismissed in court, an acquittal, a completed diversion, or an arrest "
    "never charged after one year (misdemeanor), three years (felony) or six years (felony punishable by "
    "eight years or more).",
    citation="PC 851.93",
    verification="S",
    effective_from=DOJ_OPERATIVE,
    forms=(),
    automatic=True,
    build=build,
    facts=("case.arrest_date", "case.charges_filed", "case.diversion_statute", "count.charged_level",
           "count.disposition", "law.felony_dismissal_851_93", "law.max_term_8_years"),
    notes=(f"Added by AB 1076 (Stats. 2019, ch. 578, in force {AB1076.isoformat()}); DOJ operations operative "
           "July 1, 2022 for misdemeanor arrests and 1170(h) felonies; SB 731's extension to every felony "
           "operative Oct 1, 2024 (851.93(g), AB 168, Stats. 2024, ch. 49) [S].",
           "No registration, supervision or pending-charge condition (the text has none) [S].",
           "A felony charged in court and then dismissed is not clearly covered: prong (A) is for misdemeanors "
           "and (C) needs 'no indication that criminal proceedings have been initiated' [U]. Asked "
           "(law.felony_dismissal_851_93) and routed to the PC 851.91 petition; SB 834 (pending) would cover it.",
           "Infraction arrests are read with misdemeanor arrests [U, assumption A16].",
           "Which felonies were punishable under 1170(h) (covered from 2022) is read from the partial 1170(h) "
           "table; any other felony arrest waits for Oct 1, 2024 (the later date, never too early).",
           "An offense with no limitation period (e.g. murder) is literally covered by (C)(ii) after six years "
           "[U]; the text is applied as written and the determination says so (assumption A16)."),
    reasons=(
        *gate_reasons("PC 851.93", codes=("relief_already_granted",)),
        ReasonDef("pc851_93_conviction_from_arrest", "PC 851.93(a)(2)",
                  "A charge from this arrest ended in a conviction (or is still open), so the arrest gets no "
                  "automatic relief."),
        ReasonDef("pc851_93_before_1973", "PC 851.93(a)(1)",
                  "Automatic arrest relief covers arrests from January 1, 1973."),
        ReasonDef("pc851_93_not_covered", "PC 851.93(a)(2)",
                  "This outcome is not one automatic arrest relief covers."),
        ReasonDef("pc851_93_waiting_period", "PC 851.93(a)(2)(B), (C)",
                  "An arrest that was never charged gets automatic relief one calendar year after the arrest "
                  "(misdemeanor), three (felony), or six years (felony punishable by eight years or more)."),
        ReasonDef("pc851_93_not_operative", "PC 851.93(g); AB 168 (Stats. 2024, ch. 49)",
                  "The DOJ began automatic arrest relief on July 1, 2022, and for felonies punishable in state "
                  "prison on October 1, 2024."),
        ReasonDef("pc851_93_automatic", "PC 851.93(a); reference §1.4",
                  "The DOJ grants this automatically each month when its records are complete; check your "
                  "record (a DOJ record review). If it has not happened, you can petition a court to seal the "
                  "arrest under PC 851.91."),
        ReasonDef("pc851_93_felony_dismissal_unclear", "PC 851.93(a)(2)(A), (C)",
                  "A felony charged in court and then dismissed is not clearly covered by automatic relief; "
                  "a petition under PC 851.91 is the safer route.", "U"),
        ReasonDef("pc851_93_no_limitation_offense", "PC 851.93(a)(2)(C)(ii); PC 799",
                  "This offense has no time limit for prosecution. The text covers it after six years, but the "
                  "DOJ may not apply it that way, and the arrest could still be charged.", "U"),
    ),
)
