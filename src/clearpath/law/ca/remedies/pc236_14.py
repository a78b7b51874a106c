"""PC 236.14: vacating arrests and convictions of human-trafficking victims (reference §2.12).

Evaluated for counts where the record says the person was trafficked (``person.trafficking_survivor`` or
the count's ``result_of_trafficking``), and for every PC 647(b) count, where it is asked (assumption A19).
"""

from __future__ import annotations

from datetime import date

import polars as pl

from clearpath.law.ca.gates import gate_reasons
from clearpath.law.ca.remedies.pc1203_49 import result_of_trafficking
from clearpath.law.context import Ctx
from clearpath.law.rules import Check, Note, ReasonDef, Remedy, Rule

C = pl.col
SB823 = date(2017, 1, 1)  # Stats. 2016, ch. 650


def build(ctx: Ctx) -> Rule:
    flagged = C("person_trafficking_survivor").fill_null(False) | C("circ_result_of_trafficking").fill_null(False)
    violent = ctx.in_table_at("violent_667_5c", ctx.arrest_level())
    return Rule(
        scope=(flagged | ctx.in_table_at("pc1203_49_offenses", ctx.arrest_level()).fill_null(False))
        & (C("disposition") != "pending"),
        checks=[
            Check("law_not_in_effect", pl.lit(ctx.in_force(SB823))),
            Check("pc236_14_violent_felony", ~violent, ("count.offense", "law.offense_list_facts")),
            Check("pc236_14_not_result_of_trafficking", result_of_trafficking(),
                  ("count.circumstances.result_of_trafficking", "person.trafficking_survivor")),
            Check("pc236_14_still_a_victim", C("person_ceased_being_victim_or_sought_services"),
                  ("person.ceased_being_victim_or_sought_services",)),
        ],
        notes=[Note("pc236_14_vacatur", pl.lit(True))],
        relief=pl.lit("vacatur"),
        discretionary=pl.lit(False),
    )


REMEDY = Remedy(
    remedy="PC 236.14",
    slug="pc236_14",
    title="Vacating arrests and convictions of trafficking victims",
    summary="If you were arrested for or convicted of a nonviolent offense as a direct result of being a victim "
    "of human trafficking, you can ask the court to vacate the conviction and seal and destroy the records, "
    "once you are no longer a victim or have sought services.",
    citation="PC 236.14",
    verification="S",
    effective_from=SB823,
    forms=(),
    automatic=False,
    build=build,
    facts=("count.circumstances.result_of_trafficking", "person.trafficking_survivor",
           "person.ceased_being_victim_or_sought_services", "count.offense"),
    notes=("Added by SB 823 (2016), in force Jan 1, 2017; timing 'at any time' after ceasing to be a victim or "
           "seeking services (AB 2869, 2020) [S].",
           "Nonviolent = not on the PC 667.5(c) list [S]; juvenile adjudications are covered [S].",
           "Intimate-partner and sexual-violence survivors (PC 236.15, AB 124, 2021) are not encoded [K].",
           "No statewide form [S]."),
    reasons=(
        *gate_reasons("PC 236.14(a)"),
        ReasonDef("pc236_14_violent_felony", "PC 236.14(a); PC 667.5(c)",
                  "Vacatur under this section is only for nonviolent offenses; this one is a violent felony."),
        ReasonDef("pc236_14_not_result_of_trafficking", "PC 236.14(a)",
                  "This section is for arrests and convictions that were a direct result of being a victim of "
                  "human trafficking."),
        ReasonDef("pc236_14_still_a_victim", "PC 236.14(a)",
                  "You can file once you are no longer a victim of trafficking, or after you have sought "
                  "services for it."),
        ReasonDef("pc236_14_vacatur", "PC 236.14(a), (g)",
                  "If you show by clear and convincing evidence that the arrest or conviction was a direct result "
                  "of being trafficked (so you lacked the required intent), the court must vacate it and order "
                  "the records sealed and destroyed. The prosecutor has 45 days to respond."),
    ),
)
