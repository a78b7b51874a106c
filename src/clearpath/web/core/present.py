"""Turn a CheckResult into what a results page shows: grouped, in plain words, translated where we can.

The engine's reasons, questions and plan texts are English in the law pack (the contract); on a page in
another language they are shown from the pack's translations (clearpath.law.ca.text_i18n), and any text
still missing there is shown in English, marked ``lang="en"``. Structural words here go through Django's
translation machinery.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from clearpath.law.ca import california, text_i18n
from clearpath.law.result import CheckResult, Determination
from clearpath.records.model import Record

# The law pack's remedy titles, for translation (the pack itself stays English; unknown ids fall back to it).
REMEDY_TITLES = {
    "PC 851.93": gettext_lazy("Automatic arrest relief"),
    "PC 851.91": gettext_lazy("Petition to seal an arrest"),
    "PC 1000.4": gettext_lazy("Sealing after drug diversion"),
    "PC 1203.43": gettext_lazy("Withdraw a deferred-entry-of-judgment plea"),
    "PC 1001.9": gettext_lazy("Sealing after misdemeanor pretrial diversion"),
    "PC 1001.36": gettext_lazy("Record relief after mental-health diversion"),
    "PC 851.87": gettext_lazy("Sealing after prefiling diversion"),
    "PC 851.90": gettext_lazy("Sealing after court drug diversion or DEJ"),
    "HS 11361.8": gettext_lazy("Proposition 64: cannabis convictions"),
    "PC 1170.18": gettext_lazy("Proposition 47: felony to misdemeanor"),
    "PC 236.14": gettext_lazy("Vacating arrests and convictions of trafficking victims"),
    "PC 17(b)": gettext_lazy("Reduce a felony to a misdemeanor"),
    "PC 17(d)(2)": gettext_lazy("Reduce a misdemeanor to an infraction"),
    "PC 1203.425": gettext_lazy("Automatic conviction relief (Clean Slate)"),
    "PC 1203.4": gettext_lazy("Dismissal after probation"),
    "PC 1203.4a": gettext_lazy("Dismissal of a misdemeanor or infraction without probation"),
    "PC 1203.41": gettext_lazy("Dismissal of a felony with a county-jail or prison sentence"),
    "PC 1203.42": gettext_lazy("Dismissal of a pre-2011 prison sentence for a crime now punished in county jail"),
    "PC 1203.49": gettext_lazy("Dismissal of a prostitution conviction of a trafficking victim"),
    "PC 1203.45": gettext_lazy("Sealing a misdemeanor committed before age 18"),
    "WIC 786": gettext_lazy("Juvenile dismissal and sealing on completing probation"),
    "WIC 781": gettext_lazy("Petition to seal juvenile records"),
    "PC 4852.01": gettext_lazy("Certificate of Rehabilitation"),
}


def remedy_title(remedy: str) -> str:
    title = REMEDY_TITLES.get(remedy)
    return str(title) if title is not None else california().remedy(remedy).title


DISPOSITIONS = {
    "convicted": gettext_lazy("convicted"), "dismissed": gettext_lazy("dismissed"),
    "acquitted": gettext_lazy("acquitted"), "prosecution_declined": gettext_lazy("prosecution declined"),
    "diversion_completed": gettext_lazy("diversion completed"), "diversion_failed": gettext_lazy("diversion failed"),
    "pending": gettext_lazy("pending"), "unknown": gettext_lazy("unknown"),
}
LEVELS = {"felony": gettext_lazy("felony"), "misdemeanor": gettext_lazy("misdemeanor"),
          "infraction": gettext_lazy("infraction")}


def count_rows(record: Record) -> list[dict[str, Any]]:
    """One row per count for the workspace table, in plain (translated) words, with its correction target."""
    rows = []
    for ci, case in enumerate(record.cases):
        for ni, c in enumerate(case.counts):
            rows.append({
                "target": f"cases.{ci}.counts.{ni}", "case_id": case.id, "county": case.county, "count_id": c.id,
                "offense": c.offense, "description": c.description,
                "disposition": str(DISPOSITIONS.get(c.disposition.value, c.disposition.value)),
                "level": str(LEVELS[c.conviction_level.value]) if c.conviction_level else None,
                "date": c.disposition_date,
            })
    return rows


def relief_words(relief: str | None, remedy: str) -> str:
    words = {
        "dismissal": _("Your conviction can be dismissed"),
        "dismissal_and_sealing": _("Your conviction can be dismissed and sealed"),
        "reduction_to_misdemeanor": _("Your conviction can be reduced to a misdemeanor"),
        "reduction_to_infraction": _("Your conviction can be reduced to an infraction"),
        "resentencing": _("You can be resentenced to a misdemeanor"),
    }
    if relief in words:
        return words[relief]
    return remedy_title(remedy)


def court_name(county: str | None) -> str:
    if county:
        return _("the Superior Court of %(county)s County") % {"county": county}
    return _("the court where your case was")


@dataclass(frozen=True)
class Shown:
    """A law-pack text as shown: ``lang`` is "en" when it is the English fallback on a page in another language."""

    text: str
    lang: str = ""

    def __str__(self) -> str:
        return self.text


def _shown(found: str | None, english: str, page_lang: str) -> Shown:
    if page_lang == "en":
        return Shown(english)
    return Shown(found) if found is not None else Shown(english, "en")


@dataclass
class Item:
    title: str
    remedy: str
    what: str
    eligible_on: date | None
    automatic: bool
    discretionary: bool
    court: str
    forms: list[str]
    reasons: list[dict[str, str]]
    questions: list[Shown]
    case_id: str
    count_ids: list[str]


@dataclass
class Results:
    now: list[Item] = field(default_factory=list)
    later: list[Item] = field(default_factory=list)
    needs: list[Item] = field(default_factory=list)
    done: list[Item] = field(default_factory=list)
    no: list[Item] = field(default_factory=list)
    questions: list[Shown] = field(default_factory=list)
    issues: list[str] = field(default_factory=list)
    plan: list[dict[str, Any]] = field(default_factory=list)
    as_of: date | None = None
    law_version: str = ""
    lang: str = "en"

    @property
    def empty(self) -> bool:
        return not (self.now or self.later or self.needs or self.done or self.no)

    @property
    def english_shown(self) -> bool:
        """Whether a page in another language still shows some English from the law pack or the reader."""
        if self.lang == "en":
            return False
        if self.issues or any(q.lang for q in self.questions):
            return True
        items = self.now + self.later + self.needs + self.done + self.no
        if any(r["lang"] for i in items for r in i.reasons):
            return True
        return any(t.lang for s in self.plan for t in [s["action"], *s["gains"], *s["limits"], *s["warnings"]])


def describe_counts(record: Record) -> dict[tuple[str, str], str]:
    out = {}
    for case in record.cases:
        for c in case.counts:
            bits = [c.description or c.offense or _("offense unknown")]
            if c.offense and c.description:
                bits[0] = f"{c.description} ({c.offense})"
            if c.conviction_level:
                bits.append({"felony": _("felony"), "misdemeanor": _("misdemeanor"),
                             "infraction": _("infraction")}[c.conviction_level.value])
            if c.disposition_date:
                bits.append(c.disposition_date.isoformat())
            if case.county:
                bits.append(_("%(county)s County") % {"county": case.county})
            out[(case.id, c.id)] = ", ".join(bits)
    return out


def present(result: CheckResult, record: Record) -> Results:
    pack = california()
    counties = {c.id: c.county for c in record.cases}
    counts = describe_counts(record)
    lang = text_i18n.language(get_language())
    res = Results(as_of=result.as_of, law_version=result.law_version, lang=lang)
    seen_q: set[str] = set()

    def reason(remedy_id: str, code: str, text: str, citation: str) -> dict[str, str]:
        shown = _shown(text_i18n.find_reason(remedy_id, code, lang), text, lang)
        return {"text": shown.text, "citation": citation, "lang": shown.lang}

    def item(d: Determination) -> Item:
        remedy = pack.remedy(d.remedy)
        qs = [_shown(text_i18n.find_question(q.fact, lang), q.text, lang) for q in d.questions]
        for q in qs:
            if q.text not in seen_q:
                seen_q.add(q.text)
                res.questions.append(q)
        return Item(
            title=relief_words(d.relief, d.remedy), remedy=d.remedy,
            what=counts.get((d.case_id, d.count_ids[0]), ""), eligible_on=d.eligible_on,
            automatic=d.automatic, discretionary=d.discretionary, court=court_name(counties.get(d.case_id)),
            forms=list(remedy.forms), reasons=[reason(d.remedy, r.code, r.text, r.citation) for r in d.reasons],
            questions=qs, case_id=d.case_id, count_ids=d.count_ids)

    def effect(remedy_id: str, english: str) -> Shown:
        return _shown(text_i18n.find_effect(remedy_id, english, lang), english, lang)

    def phrase(english: str) -> Shown:
        return _shown(text_i18n.find_plan(english, lang), english, lang)

    for d in result.determinations:
        target = {"eligible": res.now, "eligible_later": res.later, "needs_info": res.needs,
                  "already_granted": res.done, "not_eligible": res.no}[d.status]
        target.append(item(d))
    res.later.sort(key=lambda i: i.eligible_on or date.max)
    res.issues = [i.text for i in result.issues]
    if result.plan:
        for s in result.plan.steps:
            res.plan.append({
                "step": s.step, "action": effect(s.remedy, s.action), "status": s.status,
                "earliest_date": s.earliest_date, "court": phrase(s.court).text, "forms": s.forms,
                "remedy": s.remedy, "automatic": s.automatic,
                "gains": [effect(s.remedy, g.text) for g in s.gains],
                "limits": [effect(s.remedy, x.text) for x in s.limits],
                "warnings": [phrase(w) for w in s.warnings], "after": s.after, "fallback_for": s.fallback_for,
                "what": counts.get((s.case_id, s.count_ids[0]), ""),
            })
    return res
