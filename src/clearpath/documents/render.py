"""Court papers as PDF: pleadings (petitions, applications, orders, declarations, attachments, proofs of
service) built from reviewed ``PacketFields``. Each statement of law cites its statute; wording follows
the Judicial Council forms where one exists (CR-180/181, CR-400/403, CR-409/410) and the reference
(shared design §2). Blank facts print as a line to fill in by hand, never as a guess.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfWriter

from clearpath.documents.choose import ROWS_ON_FORM, Paper, choose, needs_declaration, petitions
from clearpath.documents.details import DISMISSAL, CaseFields, CountRow, PacketFields, Request
from clearpath.documents.layout import LEFT, WIDTH, Doc
from clearpath.documents.letters import render_letter

BLANK = "________________"

STATUTE = {
    "PC 1203.4": "Pen. Code, § 1203.4", "PC 1203.4a": "Pen. Code, § 1203.4a", "PC 1203.41": "Pen. Code, § 1203.41",
    "PC 1203.42": "Pen. Code, § 1203.42", "PC 17(b)": "Pen. Code, § 17(b)", "PC 17(d)(2)": "Pen. Code, § 17(d)(2)",
    "HS 11361.8": "Health & Saf. Code, § 11361.8", "PC 1170.18": "Pen. Code, § 1170.18",
    "PC 851.91": "Pen. Code, § 851.91",
}

RELIEF_WORDS = {
    "dismissal": "dismissal",
    "dismissal_and_sealing": "dismiss and seal (legally invalid)",
    "reduction_to_misdemeanor": "redesignate as misdemeanor",
    "reduction_to_infraction": "redesignate as infraction",
    "resentencing": "recall and resentence",
    "arrest_sealing": "seal arrest",
}

# The ground each dismissal statute is asked on: the statement the petitioner swears to (CR-180 items 2-6).
GROUNDS = {
    ("PC 1203.4", "probation_fulfilled"):
        "Penal Code section 1203.4. Probation was granted in this case. The petitioner is not serving a sentence "
        "for any offense, is not on probation for any offense, and is not charged with the commission of any "
        "offense. The petitioner has fulfilled the conditions of probation for the entire period of probation.",
    ("PC 1203.4", "probation_discharged_early"):
        "Penal Code section 1203.4. Probation was granted in this case. The petitioner is not serving a sentence "
        "for any offense, is not on probation for any offense, and is not charged with the commission of any "
        "offense. The petitioner was discharged from probation before the end of the period of probation "
        "(Pen. Code, § 1203.3).",
    ("PC 1203.4", "interests_of_justice"):
        "Penal Code section 1203.4. Probation was granted in this case. The petitioner is not serving a sentence "
        "for any offense, is not on probation for any offense, and is not charged with the commission of any "
        "offense. The petitioner asks the court to grant relief in its discretion and in the interests of "
        "justice; the attached declaration says why.",
    ("PC 1203.4a", "honest_and_upright_life"):
        "Penal Code section 1203.4a. Probation was not granted. More than one year has passed since judgment "
        "was pronounced. The petitioner has fully complied with and performed the sentence, is not serving a "
        "sentence for any offense, is not charged with the commission of any crime, and has lived an honest "
        "and upright life and obeyed the law since judgment was pronounced.",
    ("PC 1203.4a", "interests_of_justice"):
        "Penal Code section 1203.4a. Probation was not granted. More than one year has passed since judgment "
        "was pronounced. The petitioner has complied with the sentence, is not serving a sentence for any "
        "offense, and is not charged with the commission of any crime. The petitioner asks the court to grant "
        "relief in the interests of justice (Pen. Code, § 1203.4a(b)); the attached declaration says why.",
    ("PC 1203.41", "one_year_after_mandatory_supervision"):
        "Penal Code section 1203.41. The petitioner is not on parole or mandatory supervision, and is not "
        "serving a sentence for, on probation for, or charged with the commission of any offense. More than one "
        "year has passed since the petitioner completed the felony sentence, which included a period of "
        "mandatory supervision (Pen. Code, § 1170(h)(5)(B)). The petitioner asks the court to grant relief in "
        "its discretion and in the interests of justice; the attached declaration says why.",
    ("PC 1203.41", "two_years_after_sentence"):
        "Penal Code section 1203.41. The petitioner is not on parole or mandatory supervision, and is not "
        "serving a sentence for, on probation for, or charged with the commission of any offense. More than two "
        "years have passed since the petitioner completed the felony county jail or state prison sentence. If "
        "the sentence was served in state prison, the conviction did not result in a requirement to register "
        "under Penal Code section 290 (Pen. Code, § 1203.41(a)(6)). The petitioner asks the court to grant "
        "relief in its discretion and in the interests of justice; the attached declaration says why.",
    ("PC 1203.42", "two_years_after_sentence"):
        "Penal Code section 1203.42. The petitioner was sentenced to state prison before the 2011 realignment "
        "for an offense that would now be punished under Penal Code section 1170(h). The petitioner is not under "
        "supervised release and is not serving a sentence for, on probation for, or charged with the commission "
        "of any offense. More than two years have passed since the petitioner completed the sentence. The "
        "petitioner asks the court to grant relief in its discretion and in the interests of justice.",
}

RESTITUTION = {
    "PC 1203.4": "Pen. Code, § 1203.4(c)(3)", "PC 1203.4a": "Pen. Code, § 1203.4a(e)",
    "PC 1203.41": "Pen. Code, § 1203.41(d)", "PC 1203.42": "Pen. Code, § 1203.42",
}


def _counts(ids: Sequence[str]) -> str:
    return ("count " if len(ids) == 1 else "counts ") + ", ".join(ids)


def _d(value: dt.date | None) -> str:
    return value.strftime("%B %-d, %Y") if value else BLANK


def _v(value: str | None) -> str:
    return value if value else BLANK


def _court(case: CaseFields) -> str:
    return (case.court_name or "Superior Court of California, County of " + (case.county or BLANK)).upper()


@dataclass
class Ctx:
    fields: PacketFields
    case: CaseFields | None


def _filer_block(doc: Doc, f: PacketFields) -> None:
    doc.font(9)
    p, a = f.petitioner, f.attorney
    if a is not None:
        lines = [f"{_v(a.name)}   State Bar No. {_v(a.bar_number)}", a.firm or "", a.address.one_line(),
                 " ".join(x for x in (f"Tel. {a.phone}" if a.phone else "", a.email or "") if x),
                 f"Attorney for Petitioner {_v(p.name)}"]
    else:
        lines = [_v(p.name), p.address.one_line() or "Address: " + BLANK,
                 " ".join(x for x in (f"Tel. {p.phone}" if p.phone else "", p.email or "") if x),
                 "Petitioner, self-represented (in pro per)"]
    for line in (x for x in lines if x):
        doc.y += 11
        doc.at(LEFT, doc.y, line)
    doc.y += 18


def caption(doc: Doc, f: PacketFields, case: CaseFields, title: str, subtitle: str,
            hearing: bool = True) -> None:
    """Filer, court, parties on the left, case number, title and hearing on the right."""
    _filer_block(doc, f)
    doc.para(_court(case), size=11, bold=True, align="center", gap=8)
    top = doc.y
    doc.rule()
    half = WIDTH * 0.5
    doc.font(10)
    left = ["THE PEOPLE OF THE STATE OF CALIFORNIA,", "                    Plaintiff,", "        v.",
            *doc.wrap((f.petitioner.name or BLANK).upper() + ",", half - 8),
            "                    Defendant and Petitioner.",
            f"Date of birth: {_d(f.petitioner.dob)}"]
    for i, line in enumerate(left):
        doc.at(LEFT + 2, top + 16 + i * 13, line)
    x = LEFT + half + 8
    doc.font(10, True)
    doc.at(x, top + 16, f"Case No. {_v(case.court_case_number)}")
    y = top + 32
    for line in doc.wrap(title, half - 12):
        doc.at(x, y, line)
        y += 12
    doc.font(9)
    for line in doc.wrap(subtitle, half - 12):
        doc.at(x, y, line)
        y += 11
    if hearing:
        h = case.hearing
        for line in (f"Hearing date: {_d(h.date)}", f"Time: {_v(h.time)}   Dept.: {_v(h.department)}"):
            y += 2
            doc.at(x, y, line)
            y += 10
    bottom = max(top + 16 + len(left) * 13, y) + 4
    doc.pdf.line(LEFT + half, top, LEFT + half, bottom)
    doc.y = bottom
    doc.rule()
    doc.y += 10
    doc.font(11)


def _offense_rows(case: CaseFields, rows: Sequence[CountRow]) -> list[list[str]]:
    asked: dict[str, list[str]] = {}
    for r in case.requests:
        for c in r.count_ids:
            asked.setdefault(c, []).append(r.remedy)
    return [[r.code, r.section, r.level or BLANK, _d(r.conviction_date) if r.conviction_date else BLANK,
             "yes" if r.request_17b else "no", "yes" if r.request_17d2 else "no",
             ", ".join(asked.get(r.count_id, []))] for r in rows]


OFFENSE_COLUMNS = [("Code", 0.07), ("Section", 0.13), ("Type (felony, misdemeanor, infraction)", 0.18),
                   ("Date of conviction", 0.16), ("Reduce to misdemeanor, PC 17(b)", 0.14),
                   ("Reduce to infraction, PC 17(d)(2)", 0.14), ("Relief asked (statute)", 0.18)]


def _offense_table(doc: Doc, case: CaseFields) -> None:
    shown = case.counts[:ROWS_ON_FORM]
    doc.table(OFFENSE_COLUMNS, _offense_rows(case, shown))
    if len(case.counts) > ROWS_ON_FORM:
        doc.para(f"{len(case.counts) - ROWS_ON_FORM} more offense(s) are listed in Attachment 1, which is part "
                 "of this petition.", size=10, bold=True)


def _penalty(doc: Doc, f: PacketFields, who: str = "petitioner") -> None:
    doc.para("I declare under penalty of perjury under the laws of the State of California that the foregoing is "
             "true and correct.", size=10)
    doc.signature(f"Signature of {who} or attorney", name=(f.attorney.name if f.attorney and f.attorney.name
                                                           else f.petitioner.name) or "")


def _statutes(reqs: Sequence[Request]) -> str:
    cites = [STATUTE.get(r.remedy, r.remedy).split("§ ")[-1] for r in reqs]
    code = "Health & Saf. Code" if reqs and reqs[0].remedy.startswith("HS") else "Pen. Code"
    return f"({code}, {'§§' if len(cites) > 1 else '§'} {', '.join(cites)})"


# -- dismissal (CR-180 / CR-181) --------------------------------------------------------------------------

def dismissal_petition(doc: Doc, c: Ctx) -> None:
    f, case = c.fields, c.case
    assert case is not None
    dismiss = [r for r in case.requests if r.remedy in DISMISSAL]
    reduce = [r for r in case.requests if r.remedy in ("PC 17(b)", "PC 17(d)(2)")]
    title = "PETITION FOR DISMISSAL" if dismiss else "PETITION FOR REDUCTION"
    if dismiss and reduce:
        title = "PETITION FOR DISMISSAL AND REDUCTION"
    caption(doc, f, case, title, _statutes([*reduce, *dismiss]))
    n = 1
    dates = sorted({r.conviction_date for r in case.counts if r.conviction_date})
    doc.para(f"On {', '.join(_d(x) for x in dates) or BLANK}, the petitioner (the defendant in this criminal "
             "action) was convicted of the following offenses:", hang=f"{n}.", indent=20)
    _offense_table(doc, case)
    for r in dismiss:
        n += 1
        text = GROUNDS.get((r.remedy, r.ground or ""), f"{STATUTE.get(r.remedy, r.remedy)}.")
        doc.para(f"{text} ({_counts(r.count_ids).capitalize()}.)", hang=f"{n}.", indent=20, size=10)
    if reduce:
        n += 1
        doc.para("The petitioner asks that each felony marked 'yes' in the PC 17(b) column be reduced to a "
                 "misdemeanor under Penal Code section 17(b)(3), and each misdemeanor marked 'yes' in the "
                 "PC 17(d)(2) column be reduced to an infraction under Penal Code section 17(d)(2). An unfulfilled "
                 "order of restitution or restitution fine is not a ground to deny a reduction (Pen. Code, "
                 "§ 17(f)).", hang=f"{n}.", indent=20, size=10)
    if dismiss:
        n += 1
        cites = "; ".join(sorted({RESTITUTION[r.remedy] for r in dismiss}))
        doc.para("An unfulfilled order of restitution or restitution fine is not a ground for denying this "
                 f"petition ({cites}).", hang=f"{n}.", indent=20, size=10)
        n += 1
        doc.para("The petitioner asks to be permitted to withdraw the plea of guilty or no contest, or that the "
                 "verdict or finding of guilt be set aside; that a plea of not guilty be entered; and that the court "
                 f"dismiss this action under {_statutes(dismiss).strip('()')}.", hang=f"{n}.", indent=20, size=10)
    n += 1
    doc.para("A copy of this petition has been served on the prosecuting attorney; the proof of service is "
             "attached.", hang=f"{n}.", indent=20, size=10)
    _penalty(doc, f)


def dismissal_order(doc: Doc, c: Ctx) -> None:
    f, case = c.fields, c.case
    assert case is not None
    dismiss = [r for r in case.requests if r.remedy in DISMISSAL]
    reduce = [r for r in case.requests if r.remedy in ("PC 17(b)", "PC 17(d)(2)")]
    caption(doc, f, case, "[PROPOSED] ORDER FOR DISMISSAL" if dismiss else "[PROPOSED] ORDER FOR REDUCTION",
            _statutes([*reduce, *dismiss]), hearing=False)
    doc.para("The court, having read and considered the petition, ORDERS:", size=10)
    doc.table(OFFENSE_COLUMNS, _offense_rows(case, case.counts))
    n = 0
    for r in dismiss:
        n += 1
        doc.para(f"[  ] GRANTED under {STATUTE[r.remedy]} for {_counts(r.count_ids)}: the plea, verdict or "
                 "finding of guilt is set aside, a plea of not guilty is entered, and the accusatory pleading is "
                 "dismissed.", hang=f"{n}.", indent=20, size=10)
    for r in reduce:
        n += 1
        level = "misdemeanor(s)" if r.remedy == "PC 17(b)" else "infraction(s)"
        are = "is" if len(r.count_ids) == 1 else "are"
        doc.para(f"[  ] GRANTED under {STATUTE[r.remedy]}: {_counts(r.count_ids)} {are} reduced to {level}.",
                 hang=f"{n}.", indent=20, size=10)
    n += 1
    doc.para("[  ] DENIED.   [  ] DENIED without prejudice.   [  ] Other: " + BLANK * 2, hang=f"{n}.", indent=20,
             size=10)
    if dismiss:
        doc.para("A dismissal does not permit a person prohibited from owning or possessing a firearm to do so, "
                 "and the conviction must still be disclosed in answer to a direct question on an application for "
                 "public office, for licensure by a state or local agency, or for contracting with the California "
                 "State Lottery Commission; it may be pleaded and proved as a prior conviction in a later "
                 "prosecution (" + "; ".join(STATUTE[r.remedy] for r in dismiss) + ").", size=9)
    doc.signature("Judicial officer")


# -- Proposition 64 (CR-400 / CR-403) -------------------------------------------------------------------

def _relief_rows(case: CaseFields, req: Request) -> list[list[str]]:
    rows = {r.count_id: r for r in case.counts}
    out = []
    for cid in req.count_ids:
        r = rows.get(cid)
        if r is None:
            continue
        out.append([cid, r.offense, r.level or BLANK, _d(r.conviction_date) if r.conviction_date else BLANK,
                    RELIEF_WORDS.get(req.relief or "", req.relief or BLANK)])
    return out


RELIEF_COLUMNS = [("Count", 0.08), ("Offense", 0.2), ("Level at conviction", 0.18), ("Date of conviction", 0.2),
                  ("Relief asked", 0.34)]


def prop64_petition(doc: Doc, c: Ctx) -> None:
    f, case = c.fields, c.case
    assert case is not None
    req = case.request("HS 11361.8")
    assert req is not None
    serving = req.ground == "serving_sentence"
    sub = "(Health & Saf. Code, § 11361.8(a)-(b))" if serving else "(Health & Saf. Code, § 11361.8(e)-(f))"
    caption(doc, f, case, "PETITION FOR RESENTENCING OR DISMISSAL" if serving
            else "APPLICATION FOR REDESIGNATION OR DISMISSAL AND SEALING", sub)
    who = "petitioner" if serving else "applicant"
    doc.para(("The petitioner is currently serving a sentence in this case" if serving else
              "The applicant has completed the sentence in this case") +
             " for the conviction(s) below under Health and Safety Code section 11357, 11358, 11359 or 11360, "
             "for conduct that would not be an offense, or would be a lesser offense, under the Control, "
             "Regulate and Tax Adult Use of Marijuana Act (Proposition 64).", hang="1.", indent=20, size=10)
    doc.table(RELIEF_COLUMNS, _relief_rows(case, req))
    if serving:
        doc.para("The petitioner asks the court to recall the sentence and resentence the petitioner, or dismiss "
                 "the conviction, under Health and Safety Code section 11361.8(b).", hang="2.", indent=20, size=10)
    else:
        doc.para("The applicant asks the court to redesignate the conviction(s) as shown, or to dismiss and seal "
                 "them as legally invalid, under Health and Safety Code section 11361.8(f).", hang="2.", indent=20,
                 size=10)
    doc.para(f"The court presumes that the {who} satisfies the criteria of section 11361.8 unless the party "
             "opposing the request proves by clear and convincing evidence that the " + who +
             " does not (Health & Saf. Code, § 11361.8(b), (f)).", hang="3.", indent=20, size=10)
    doc.para("A copy has been served on the prosecuting attorney; the proof of service is attached.", hang="4.",
             indent=20, size=10)
    _penalty(doc, f, who)


def prop64_order(doc: Doc, c: Ctx) -> None:
    f, case = c.fields, c.case
    assert case is not None
    req = case.request("HS 11361.8")
    assert req is not None
    caption(doc, f, case, "[PROPOSED] ORDER AFTER PETITION/APPLICATION", "(Health & Saf. Code, § 11361.8)",
            hearing=False)
    doc.para("The court, having considered the petition/application, ORDERS as to each conviction below:", size=10)
    doc.table(RELIEF_COLUMNS, _relief_rows(case, req))
    _order_boxes(doc, [
            "[  ] GRANTED as shown. A conviction dismissed and sealed is deemed never to have occurred "
            "(Health & Saf. Code, §§ 11361.8, 11361.9).",
            "[  ] GRANTED: the conviction(s) are redesignated as shown, for all purposes.",
            "[  ] Relief from any registration under Health and Safety Code section 11590 for these convictions.",
            "[  ] DENIED.   [  ] Other: " + BLANK * 2])


def _order_boxes(doc: Doc, lines: list[str]) -> None:
    """A proposed order's numbered boxes for the court to tick, then the judicial officer's signature."""
    for i, line in enumerate(lines, 1):
        doc.para(line, hang=f"{i}.", indent=20, size=10)
    doc.signature("Judicial officer")


# -- Proposition 47 (no statewide form) -------------------------------------------------------------------

def prop47_petition(doc: Doc, c: Ctx) -> None:
    f, case = c.fields, c.case
    assert case is not None
    req = case.request("PC 1170.18")
    assert req is not None
    serving = req.ground == "serving_sentence"
    caption(doc, f, case, "PETITION FOR RECALL OF SENTENCE AND RESENTENCING" if serving
            else "APPLICATION TO REDESIGNATE FELONY AS MISDEMEANOR",
            "(Pen. Code, § 1170.18(a)) - Proposition 47" if serving else "(Pen. Code, § 1170.18(f)) - Proposition 47")
    who = "petitioner" if serving else "applicant"
    doc.para(("The petitioner is currently serving a sentence for" if serving else
              "The applicant has completed the sentence for") +
             " the felony conviction(s) below, which would have been misdemeanors under the Safe Neighborhoods "
             "and Schools Act (Proposition 47) had the Act been in effect at the time of the offense "
             "(Pen. Code, § 1170.18).", hang="1.", indent=20, size=10)
    doc.table(RELIEF_COLUMNS, _relief_rows(case, req))
    n = 2
    doc.para(f"The {who} has no prior conviction for an offense listed in Penal Code section 667(e)(2)(C)(iv) or for "
             "an offense requiring registration under Penal Code section 290(c) (Pen. Code, § 1170.18(i)).",
             hang=f"{n}.", indent=20, size=10)
    rows = {r.count_id: r for r in case.counts}
    values = [(c, rows[c].value_usd) for c in req.count_ids if c in rows and rows[c].value_usd is not None]
    if values:
        n += 1
        listed = "; ".join(f"count {c}: ${v:,.2f}" for c, v in values)
        doc.para(f"The value of the property involved did not exceed $950 ({listed}).", hang=f"{n}.", indent=20,
                 size=10)
    n += 1
    if serving:
        doc.para("The petitioner asks the court to recall the felony sentence and resentence the petitioner to a "
                 "misdemeanor (Pen. Code, § 1170.18(a)-(b)).", hang=f"{n}.", indent=20, size=10)
    else:
        doc.para("The applicant asks the court to designate the felony conviction(s) as misdemeanors (Pen. Code, "
                 "§ 1170.18(f)-(g)). No hearing is necessary unless the applicant requests one (Pen. Code, "
                 "§ 1170.18(h)).", hang=f"{n}.", indent=20, size=10)
    doc.para("A copy has been served on the prosecuting attorney; the proof of service is attached.",
             hang=f"{n + 1}.", indent=20, size=10)
    _penalty(doc, f, who)


def prop47_order(doc: Doc, c: Ctx) -> None:
    f, case = c.fields, c.case
    assert case is not None
    req = case.request("PC 1170.18")
    assert req is not None
    caption(doc, f, case, "[PROPOSED] ORDER (PROPOSITION 47)", "(Pen. Code, § 1170.18)", hearing=False)
    doc.para("The court, having considered the petition/application, ORDERS as to each conviction below:", size=10)
    doc.table(RELIEF_COLUMNS, _relief_rows(case, req))
    _order_boxes(doc, [
            "[  ] GRANTED: each felony conviction above is designated a misdemeanor for all purposes, except that "
            "it does not permit the person to own, possess or have in custody or control any firearm "
            "(Pen. Code, § 1170.18(j)).",
            "[  ] GRANTED: the sentence is recalled and the petitioner resentenced to a misdemeanor.",
            "[  ] DENIED.   [  ] Other: " + BLANK * 2])


# -- PC 851.91 arrest sealing (CR-409 / CR-410) -------------------------------------------------------------

def _arrest_rows(case: CaseFields) -> list[list[str]]:
    return [[r.count_id, r.offense, r.description or "", _d(r.conviction_date) if r.conviction_date else ""]
            for r in case.counts]


ARREST_COLUMNS = [("Count", 0.1), ("Offense", 0.25), ("Description", 0.4), ("Disposition date", 0.25)]


def arrest_sealing_petition(doc: Doc, c: Ctx) -> None:
    f, case = c.fields, c.case
    assert case is not None
    req = case.request("PC 851.91")
    assert req is not None
    caption(doc, f, case, "PETITION TO SEAL ARREST AND RELATED RECORDS", "(Pen. Code, § 851.91)")
    doc.para(f"On {_d(case.arrest_date)}, the petitioner was arrested by {_v(case.arresting_agency)} for the "
             "offenses below.", hang="1.", indent=20, size=10)
    doc.table(ARREST_COLUMNS, _arrest_rows(case))
    doc.para("The arrest did not result in a conviction, and the petitioner can no longer be charged with an "
             "offense from it (Pen. Code, § 851.91).", hang="2.", indent=20, size=10)
    if req.ground == "interests_of_justice":
        doc.para("The petitioner asks the court to seal the arrest in the interests of justice. The attached "
                 "declaration addresses the hardship to the petitioner, evidence of good character, the "
                 "circumstances of the arrest, and the petitioner's record (Pen. Code, § 851.91).", hang="3.",
                 indent=20, size=10)
    else:
        doc.para("The petitioner is entitled to have the arrest sealed as a matter of right (Pen. Code, "
                 "§ 851.91).", hang="3.", indent=20, size=10)
    doc.para("This petition has been served on the prosecuting attorney and the arresting agency at least 15 days "
             "before the hearing; the proof of service is attached.", hang="4.", indent=20, size=10)
    _penalty(doc, f)


def arrest_sealing_order(doc: Doc, c: Ctx) -> None:
    f, case = c.fields, c.case
    assert case is not None
    caption(doc, f, case, "[PROPOSED] ORDER TO SEAL ARREST AND RELATED RECORDS", "(Pen. Code, §§ 851.91, 851.92)",
            hearing=False)
    doc.table(ARREST_COLUMNS, _arrest_rows(case))
    _order_boxes(doc, [
            f"[  ] GRANTED. The arrest of {_d(case.arrest_date)} and related records are sealed, and the arrest is "
            "deemed not to have occurred (Pen. Code, § 851.92).",
            "[  ] DENIED.   [  ] Other: " + BLANK * 2])


# -- supporting papers ------------------------------------------------------------------------------------

def attachment(doc: Doc, c: Ctx) -> None:
    f, case = c.fields, c.case
    assert case is not None
    doc.font(10, True)
    doc.at(LEFT, doc.y + 10, f"SHORT TITLE: People v. {_v(f.petitioner.name)}")
    doc.at(LEFT + WIDTH * 0.6, doc.y + 10, f"CASE NUMBER: {_v(case.court_case_number)}")
    doc.y += 24
    doc.para("ATTACHMENT 1: OFFENSES CONTINUED", bold=True, align="center")
    doc.para("(This attachment is part of the petition in this case.)", size=9, align="center")
    doc.table(OFFENSE_COLUMNS, _offense_rows(case, case.counts[ROWS_ON_FORM:]))


FACTORS = [
    ("statement", "In my own words: my life since the conviction"),
    ("employment", "Work"),
    ("education", "Education and training"),
    ("family_and_community", "Family, community and volunteer work"),
    ("treatment_and_recovery", "Treatment and recovery"),
    ("hardship", "What this conviction keeps me from (work, housing, a license)"),
]


def declaration(doc: Doc, c: Ctx) -> None:
    f, case = c.fields, c.case
    assert case is not None
    caption(doc, f, case, f"DECLARATION OF {(f.petitioner.name or BLANK).upper()} IN SUPPORT OF PETITION",
            "Relief in the interests of justice", hearing=False)
    doc.para("When relief is in the court's discretion, the court weighs the petitioner's circumstances as a whole: "
             "conduct and life since the offense, work, education, family and community ties, rehabilitation, and "
             "the hardship the record causes. I, the petitioner, declare:", size=10)
    d = f.declaration
    for i, (attr, label) in enumerate(FACTORS, 1):
        text = getattr(d, attr)
        doc.para(label, hang=f"{i}.", indent=20, size=10, bold=True, gap=2)
        if text:
            doc.para(text, indent=20, size=10)
        else:
            for _ in range(3):
                doc.room(20)
                doc.y += 18
                doc.pdf.line(LEFT + 20, doc.y, LEFT + WIDTH, doc.y)
            doc.y += 6
    _penalty(doc, f)


def proof_of_service(doc: Doc, c: Ctx) -> None:
    f, case = c.fields, c.case
    assert case is not None
    caption(doc, f, case, "PROOF OF SERVICE", "Service on the prosecuting attorney", hearing=False)
    s = f.service
    papers = [p.title for p in choose(f) if p.case_id == case.case_id and p.kind != "proof_of_service"]
    how = {"mail": "by mail, placing a copy in a sealed envelope with postage fully prepaid, addressed as below",
           "personal": "by personal delivery", "electronic": "electronically"}.get(s.method or "", "by " + BLANK)
    doc.para("I am 18 years of age or older and not a party to this case.", hang="1.", indent=20, size=10)
    doc.para(f"My address: {_v(s.server_address)}.", hang="2.", indent=20, size=10)
    doc.para(f"On {_d(s.date)}, I served the following papers {how}: {'; '.join(papers)}.", hang="3.",
             indent=20, size=10)
    served = [f"{_v(case.prosecutor)}, {_v(case.prosecutor_address)}"]
    if case.request("PC 851.91"):
        served.append(f"{_v(case.arresting_agency)}, {_v(case.arresting_agency_address)}")
    doc.para("Served on: " + " and ".join(served), hang="4.", indent=20, size=10)
    doc.para("I declare under penalty of perjury under the laws of the State of California that the foregoing is "
             "true and correct.", size=10)
    doc.signature("Signature of person who served the papers", name=s.server_name or "")


def fee_waiver_note(doc: Doc, c: Ctx) -> None:
    f = c.fields
    doc.para("COURT FEES AND THE FEE WAIVER (FORM FW-001)", bold=True, align="center", size=12)
    doc.para(f"For {_v(f.petitioner.name)}", align="center", size=10, gap=12)
    for text in [
        "Courts may charge a fee to file some of these papers. The amount depends on the court and the "
        "petition, and the law on these fees has changed in recent years: ask the court clerk or the court's "
        "self-help center what, if anything, you will be charged.",
        "If you cannot afford a fee, file a Request to Waive Court Fees (Judicial Council form FW-001) with your "
        "petition. You may qualify if you receive public benefits (for example CalFresh, SSI or SSP, Medi-Cal, "
        "county general relief, IHSS, CalWORKs or Tribal TANF, or CAPI), if your household income is below the "
        "level printed on the form, or if you do not have enough income to pay for your household's basic needs "
        "and the fee.",
        "Download the current form from the courts' website (www.courts.ca.gov), or fill it with "
        "'clearpath forms fill FW-001.pdf --form FW-001'. The court tells you in writing whether it grants "
        "the waiver.",
        "Unpaid restitution is not a reason to deny a dismissal (for example Pen. Code, § 1203.4(c)(3)).",
    ]:
        doc.para(text, size=10, gap=8)


RENDERERS: dict[str, Callable[[Doc, Ctx], None]] = {
    "dismissal_petition": dismissal_petition, "dismissal_order": dismissal_order,
    "prop64_petition": prop64_petition, "prop64_order": prop64_order,
    "prop47_petition": prop47_petition, "prop47_order": prop47_order,
    "arrest_sealing_petition": arrest_sealing_petition, "arrest_sealing_order": arrest_sealing_order,
    "declaration": declaration, "attachment": attachment, "proof_of_service": proof_of_service,
    "fee_waiver_note": fee_waiver_note,
}


def render_paper(fields: PacketFields, paper: Paper) -> bytes:
    if paper.kind == "letter":
        return render_letter(fields)
    case = fields.case(paper.case_id) if paper.case_id else None
    footer = f"clearpath - {paper.title}" + (f" - Case {case.court_case_number or case.case_id}" if case else "")
    doc = Doc(footer)
    RENDERERS[paper.kind](doc, Ctx(fields, case))
    return doc.output()


@dataclass(frozen=True)
class Rendered:
    paper: Paper
    path: Path


def render_packet(fields: PacketFields, out_dir: Path) -> list[Rendered]:
    """Write every paper of the packet to ``out_dir`` and an index (``packet.json``)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    out: list[Rendered] = []
    for n, paper in enumerate(choose(fields), 1):
        data = render_paper(fields, paper)
        path = out_dir / paper.filename(n)
        path.write_bytes(data)
        out.append(Rendered(paper, path))
    index = [{"file": r.path.name, "kind": r.paper.kind, "title": r.paper.title, "case_id": r.paper.case_id}
             for r in out]
    combined = PdfWriter()
    for r in out:
        combined.append(str(r.path))
    with (out_dir / "packet.pdf").open("wb") as fh:
        combined.write(fh)  # every paper in filing order, to print at once
    (out_dir / "packet.json").write_text(json.dumps({"person_id": fields.person_id, "as_of": str(fields.as_of),
                                                     "combined": "packet.pdf", "documents": index}, indent=2) + "\n",
                                         encoding="utf-8")
    return out


__all__ = ["Rendered", "needs_declaration", "petitions", "render_packet", "render_paper"]
