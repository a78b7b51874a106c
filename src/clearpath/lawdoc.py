"""docs/law.md: every encoded rule with its citation and verification status, generated from the pack."""

from __future__ import annotations

from clearpath.law.pack import LawPack

TAGS = {"S": "verified", "K": "recalled, to verify", "U": "uncertain"}

ASSUMPTIONS = [
    ("A1", "Judgment date", "Without a separate sentencing date, the disposition date is taken as the date "
     "judgment was pronounced (RAP sheets and DOJ files record the sentence with the disposition). "
     "Affects PC 1203.4a and 1203.42. Give `sentence.judgment_date` to override."),
    ("A2", "Serving a sentence", "`person.serving_sentence` covers custody, probation, parole, PRCS and "
     "mandatory supervision; PRCS is treated as serving a sentence for PC 1203.41 [U]. A 'yes' bars relief "
     "when a recorded "
     "sentence has no known end (not completed, no end date); otherwise a future end date of any recorded "
     "sentence makes relief wait until that date, and a 'yes' contradicted by the record's own dates (every "
     "recorded sentence ended) is asked again. An answer never turns from a wait into a bar as dates pass."),
    ("A3", "Prop 47 priors", "A super-strike or 290(c) conviction dated before the Prop 47 offense "
     "disqualifies; one dated only after it is asked about (courts may read 'prior' as before the petition) [U]."),
    ("A4", "Dates", "Waiting periods run to the anniversary; Feb 29 plus N years is Mar 1 in a non-leap year "
     "(the later day, so nobody is told they qualify a day early). A sentence or probation that ends on day X "
     "is over on X; relief that needs it over is available from X."),
    ("A5", "Executed custody", "A prison or 1170(h) term that the record does not mention is presumed not "
     "executed only when probation was granted and never violated (execution after a grant follows a "
     "revocation). Otherwise it is asked."),
    ("A6", "Attempts", "`count.attempt` defaults to false: RAP sheets and DOJ files always mark attempts (664)."),
    ("A7", "1203.41 waiting period", "When it is not known whether a 1170(h) term was split, the answer is "
     "'eligible' once the longer (two-year) period has run, with that date as eligible_on; before that it "
     "is asked."),
    ("A8", "Partial tables", "The wobbler, straight-felony and 1170(h) tables are partial. An offense on "
     "none of them is asked about (law.wobbler, law.realignment_1170h), never presumed."),
    ("A9", "Prop 64 presumption", "Facts the DA would have to prove to keep a cannabis felony (sale to a "
     "minor, import/export, employing a minor, environmental harm) are presumed absent unless the record "
     "shows them (HS 11361.8(b), (f)); age, amount and priors are asked when they change the answer."),
    ("A10", "Honest and upright life", "For PC 1203.4a, a conviction dated after the judgment means relief "
     "is discretionary (1203.4a(b)); arrests without a conviction are not counted."),
    ("A11", "Juvenile court", "PC 1203.4, 1203.4a, 1203.41, 1203.42 and PC 17 apply to adult-court "
     "convictions: a case marked `juvenile: true` is outside their scope (juvenile sealing is WIC 781/786). "
     "Prop 47 and Prop 64 cover juvenile adjudications [K]. A case not marked is read as adult court."),
    ("A12", "Enhancement-defined list items", "Serious/violent items defined by an enhancement (great "
     "bodily injury, firearm or weapon use: PC 667.5(c)(8), (22); 1192.7(c)(8), (23)) are read from the "
     "enhancements recorded on the count; a count without them is read as without them."),
    ("A13", "Less specific offenses", "A count written less specifically than a list entry ('PC 261' "
     "against 'PC 261(a)(2)') is unknown for that list, and the engine asks for the subdivision."),
    ("A14", "Already reduced", "A count whose record shows a PC 17(b), Prop 47 or Prop 64 reduction is "
     "treated as a misdemeanor now: no second reduction to a misdemeanor is offered, while Prop 64 may still "
     "dismiss it or make it an infraction."),
    ("A15", "Arrests without a conviction", "No accusatory pleading was filed when `case.charges_filed` is false, "
     "when the prosecutor declined, or after a prosecutor's prefiling diversion; a court disposition (dismissal, "
     "acquittal, court diversion, conviction) means one was. An unknown outcome with filing unknown is asked. "
     "An arrest is a case: every count of it must end without a conviction (PC 851.91, 851.93)."),
    ("A16", "PC 851.93 readings", "Infraction arrests are read with misdemeanor arrests [U]. A felony charged in "
     "court and then dismissed is not clearly covered [U]: asked (`law.felony_dismissal_851_93`) and PC 851.91 "
     "offered. An offense with no limitation period is covered as written after six years, with a [U] reason. "
     "A felony not known to be a PC 1170(h) felony waits for Oct 1, 2024 (the later date). Whether an offense "
     "is punishable by eight years or more is read from a table; a wobbler or 1170(h) felony is under eight "
     "[K]; any other offense is asked."),
    ("A17", "Limitation periods (PC 851.91)", "Misdemeanor 1 year, felony 3, felony punishable by 8+ years 6, "
     "none for PC 799 offenses [K]. They run from the offense date (without it, from the arrest date, which is "
     "later). After a charge was filed and dismissed they run from the dismissal: the time the case was "
     "pending does not count (PC 803(b)), and counting from the dismissal is the longest that can make it. "
     "Other tolling (absence from the state, discovery, DNA) is not computed [U]; registrable sex offenses "
     "are asked (`law.limitation_period`). A misdemeanor not charged with a felony cannot be refiled after "
     "one dismissal; a felony dismissal is read as refilable until the period runs out, and asked (PC 1387, "
     "K)."),
    ("A18", "Diversion", "Completion is read from the disposition (`diversion_completed`, or `dismissed` in a "
     "case with a diversion statute). Pre-2018 DEJ completions are read as covered by PC 1000.4 as well as "
     "PC 851.90 and 1203.43 [U]. PC 1001.9 covers programs under PC 1001-1001.11; other county programs "
     "(PC 1001.50 and following) get PC 851.93(D) relief only [K/U]."),
    ("A19", "Survivor remedies", "PC 236.14 and 1203.49 are evaluated for counts where the record says the "
     "person was trafficked (`person.trafficking_survivor`, `circumstances.result_of_trafficking`) and for "
     "every PC 647(b) count, where it is asked; `trafficking_survivor: false` settles every count. The "
     "clear-and-convincing showing is for the court."),
    ("A20", "Certificate of Rehabilitation start", "The period runs from the custody release date (release on "
     "parole, PRCS, mandatory supervision, or discharge). In a probation case with no custody recorded "
     "(`jail_days` 0 or absent and no release date) it runs from judgment, the release on probation [K]. "
     "Mandatory life parole is 'no' when the person is not serving a sentence; the death-sentence and "
     "military exclusions are not asked [K]."),
    ("A21", "Juvenile records", "A sustained petition is `disposition: convicted` in a case marked juvenile; "
     "informal supervision is `diversion_completed`. Age at the offense comes from `person.dob` and the offense "
     "date (the arrest or disposition date as an upper bound). WIC 786 completion is read from "
     "`sentence_completed` and `probation_end_date`; completions before Jan 1, 2015 are outside WIC 786 [K]. "
     "WIC 781 counts adult convictions after the jurisdiction end date (or, unknown, the juvenile "
     "disposition, which counts more); pending civil litigation is not asked [K]."),
    ("A22", "PC 1203.425 readings", "The prong follows the sentence. Revocation is `probation_revoked`; "
     "without it, no violation means no revocation and a custody term executed after a grant of probation "
     "means one; otherwise asked. The probation end is `probation_end_date`, or judgment plus "
     "`probation_months` as the DOJ reads it. A new felony conviction counts when dated after completion and "
     "no later than four years after it, in another case. The serious/violent lists are read at the offense "
     "date [U]."),
    ("A23", "Remedies that depend on another remedy", "PC 1203.45 needs a PC 1203.4/1203.4a dismissal or "
     "eligibility for one; the engine does not feed one remedy's answer into another, so a dismissal on the "
     "record settles it and otherwise it is asked. The Certificate of Rehabilitation likewise reads a PC 1203.4 "
     "dismissal from the record. Another conviction in the same case is asked about as a possible included "
     "offense (PC 1203.45(d))."),
]


def law_markdown(pack: LawPack) -> str:
    out = [
        "# The law clearpath encodes",
        "",
        "Generated by `clearpath rules --format markdown` from the law pack; do not edit by hand "
        "(a test fails when this file is stale).",
        "",
        f"Pack `{pack.name}-{pack.version}`, content hash `{pack.digest}`. Verification tags: "
        "**S** verified against a retrieved source, **K** recalled (verify against leginfo before release), "
        "**U** uncertain (asked as a question or stated as an assumption below). "
        "This is legal information, not legal advice.",
        "",
        "## Remedies",
        "",
    ]
    for r in pack.remedies:
        out += [
            f"### {r.remedy}: {r.title}",
            "",
            f"{r.summary}",
            "",
            f"- Citation: {r.citation} · verification **{r.verification}** ({TAGS[r.verification]})",
            f"- In force from: {r.effective_from.isoformat()} · automatic: {'yes' if r.automatic else 'no'}",
            f"- Forms: {', '.join(r.forms) or 'no statewide form'}",
            f"- Facts it needs: {', '.join(f'`{f}`' for f in r.facts)}",
        ]
        out += [f"- Note: {n}" for n in r.notes]
        out += ["", "| reason code | citation | tag | what it tells the person |", "|---|---|---|---|"]
        out += [f"| `{x.code}` | {x.citation} | {x.verification} | {x.text} |" for x in r.reasons]
        out.append("")
    out += ["## Assumptions", ""]
    out += [f"- **{code} {title}.** {text}" for code, title, text in ASSUMPTIONS]
    out += ["", "## Questions the engine asks", "", "| fact | question |", "|---|---|"]
    out += [f"| `{f.fact}` | {f.text} |" for f in pack.facts.values()]
    out += ["", "## Offense tables", ""]
    for t in pack.tables.tables.values():
        out += [
            f"### `{t.table}`: {t.title}",
            "",
            f"Defined by {t.citation} · verification **{t.verification}** · read at the "
            f"{t.applies_by.replace('_', ' ')}"
            + (f" · source: {t.source}" if t.source else ""),
            "",
        ]
        if t.note:
            out += [t.note.strip(), ""]
        out += ["| offense | item | tag | in force | level | note |", "|---|---|---|---|---|---|"]
        for e in t.entries:
            key = e.offense if e.offense != "*" else "any, with " + ", ".join(e.enhancements)
            span = _span(e.effective_from, e.effective_to)
            note = (e.note or "").replace("|", "/").replace("\n", " ")
            if e.fact_dependent:
                note += f" (depends on facts: {e.fact_dependent})"
            tag = e.verification or t.verification
            out.append(f"| {key} | {e.citation} | {tag} | {span} | {e.level or ''} | {note.strip()} |")
        out.append("")
    return "\n".join(out)


def _span(start: object, end: object) -> str:
    if start is None and end is None:
        return "always"
    return f"{start or '…'} to {end or '…'}"
