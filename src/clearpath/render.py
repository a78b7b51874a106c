"""Plain-language text for people, and the `clearpath rules` listing."""

from __future__ import annotations

from typing import Any

from clearpath.law.pack import LawPack
from clearpath.law.result import CheckResult, Determination, Plan
from clearpath.records.model import Record

RELIEF_WORDS = {
    "dismissal": "Dismiss the conviction",
    "dismissal_and_sealing": "Dismiss and seal the conviction",
    "reduction_to_misdemeanor": "Reduce it to a misdemeanor",
    "reduction_to_infraction": "Reduce it to an infraction",
    "resentencing": "Be resentenced to a misdemeanor",
}
DISCLAIMER = (
    "This is legal information, not legal advice. A free legal aid organisation or your county's public "
    "defender can help you file; ask the court clerk about fee waivers (form FW-001)."
)


def _title(d: Determination, pack: LawPack) -> str:
    words = RELIEF_WORDS.get(d.relief or "", pack.remedy(d.remedy).title)
    return f"{words} ({d.remedy}), case {d.case_id}, count {', '.join(d.count_ids)}"


def _count_line(record: Record) -> dict[tuple[str, str], str]:
    out = {}
    for case in record.cases:
        for c in case.counts:
            bits = [c.offense or "offense unknown"]
            if c.conviction_level:
                bits.append(c.conviction_level.value)
            if c.disposition_date:
                bits.append(f"{c.disposition.value} {c.disposition_date.isoformat()}")
            else:
                bits.append(c.disposition.value)
            out[(case.id, c.id)] = ", ".join(bits)
    return out


def text_report(result: CheckResult, record: Record, pack: LawPack) -> str:
    counties = {c.id: c.county for c in record.cases}
    lines = [
        "clearpath: what the law offers for your record",
        f"Analysis date {result.as_of.isoformat()} · law {result.law_version}",
        "",
    ]
    counts = _count_line(record)
    groups: dict[str, list[Determination]] = {}
    for d in result.determinations:
        groups.setdefault(d.status, []).append(d)

    def block(status: str, heading: str, detail: bool = True) -> None:
        items = groups.get(status, [])
        if not items:
            return
        lines.append(heading)
        for d in items:
            remedy = pack.remedy(d.remedy)
            lines.append(f"  * {_title(d, pack)}")
            lines.append(f"      {counts.get((d.case_id, d.count_ids[0]), '')}")
            if d.eligible_on and status == "eligible_later":
                lines.append(f"      You can ask on or after {d.eligible_on.isoformat()}.")
            if detail:
                for r in d.reasons:
                    lines.append(f"      - {r.text} [{r.citation}]" if r.citation else f"      - {r.text}")
                lines.extend(f"      ? {q.text}" for q in d.questions)
                if status in ("eligible", "eligible_later") and d.automatic:
                    lines.append("      No filing needed: the state does this on its own. "
                                 "To confirm, ask the DOJ for a record review.")
                elif status in ("eligible", "eligible_later"):
                    who = "The judge decides." if d.discretionary else "If you qualify, the court must grant it."
                    where = counties.get(d.case_id)
                    court = f"the Superior Court of {where} County" if where else "the court that convicted you"
                    forms = ", ".join(remedy.forms) or "the county's local form"
                    lines.append(f"      {who} File in {court}. Forms: {forms}.")
            else:
                lines.extend(f"      - {r.text}" for r in d.reasons[:1])
        lines.append("")

    block("eligible", "YOU CAN ASK NOW")
    block("eligible_later", "OPENS LATER")
    block("needs_info", "WE NEED TO KNOW MORE")
    block("already_granted", "ALREADY DONE")
    block("not_eligible", "NOT AVAILABLE", detail=False)
    if not result.determinations:
        lines += ["No conviction on this record is covered by the remedies checked.", ""]
    if result.issues:
        lines.append("PROBLEMS WITH THE RECORD")
        for i in result.issues:
            where = f"line {i.line}" if i.line else f"case {i.case_id}, count {i.count_id}"
            lines.append(f"  * {where}: {i.text}")
        lines.append("")
    if result.plan and result.plan.steps:
        lines += [plan_text(result.plan, heading="YOUR PLAN, IN ORDER"), ""]
    lines.append(DISCLAIMER)
    return "\n".join(lines)


def plan_text(plan: Plan, heading: str = "") -> str:
    lines = [heading or f"Relief plan as of {plan.as_of.isoformat()}"]
    for s in plan.steps:
        when = {"eligible": "now", "eligible_later": f"from {s.earliest_date}", "needs_info": "once we know more"}
        label = when[s.status]
        if s.status == "eligible" and s.after:
            label = "after step " + ", ".join(map(str, s.after))
        lines.append(f"  {s.step}. [{label}] {s.action}")
        lines.append(f"     {s.remedy} · case {s.case_id}, count {', '.join(s.count_ids)} · file in {s.court}"
                     + (f" · forms {', '.join(s.forms)}" if s.forms else ""))
        if s.fallback_for:
            lines.append(f"     Only if step {s.fallback_for} (automatic relief) has not happened.")
        lines.extend(f"     + {g.text}" for g in s.gains)
        lines.extend(f"     - {x.text}" for x in s.limits)
        lines.extend(f"     ! {w}" for w in s.warnings)
        lines.extend(f"     ? {q.text}" for q in s.questions)
    lines.extend(f"  ! {w}" for w in plan.warnings)
    return "\n".join(lines)


def rules_data(pack: LawPack) -> list[dict[str, Any]]:
    return [
        {
            "remedy": r.remedy,
            "title": r.title,
            "summary": r.summary,
            "citation": r.citation,
            "verification": r.verification,
            "effective_from": r.effective_from.isoformat(),
            "automatic": r.automatic,
            "forms": list(r.forms),
            "needs": [{"fact": f, "question": pack.facts[f].text} for f in r.facts],
            "reasons": [{"code": x.code, "citation": x.citation, "text": x.text, "verification": x.verification}
                        for x in r.reasons],
            "notes": list(r.notes),
        }
        for r in pack.remedies
    ]


def rules_text(pack: LawPack) -> str:
    lines = [f"California law pack {pack.name}-{pack.version} (#{pack.digest})", ""]
    for r in rules_data(pack):
        lines.append(f"{r['remedy']}: {r['title']}  [{r['verification']}] in force from {r['effective_from']}")
        lines.append(f"  {r['summary']}")
        lines.append(f"  Forms: {', '.join(r['forms']) or 'none statewide'}")
        lines.append("  Needs: " + ", ".join(n["fact"] for n in r["needs"]))
        for x in r["reasons"]:
            lines.append(f"    {x['code']:<44} {x['citation']}")
        lines.extend(f"  Note: {n}" for n in r["notes"])
        lines.append("")
    return "\n".join(lines)
