"""The plain-language letter to the person, in English or Spanish (text as data: ``text/letter.yaml``)."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from clearpath.documents.details import CaseFields, PacketFields, Request
from clearpath.documents.layout import Doc

TEXT = Path(__file__).parent / "text" / "letter.yaml"


@cache
def letter_text() -> dict[str, dict[str, Any]]:
    data: dict[str, dict[str, Any]] = yaml.safe_load(TEXT.read_text(encoding="utf-8"))
    return data


def local_date(value: dt.date, lang: str) -> str:
    t = letter_text()[lang]
    return str(t["date_format"]).format(month=t["months"][value.month - 1], day=value.day, year=value.year)


def _offense(case: CaseFields | None, req: Request) -> str:
    if case is None:
        return req.remedy
    rows = {r.count_id: r for r in case.counts}
    names = [rows[c].offense for c in req.count_ids if c in rows and rows[c].offense]
    return ", ".join(dict.fromkeys(names)) or req.remedy


def _case_label(case: CaseFields | None, req: Request) -> str:
    if case is not None and case.court_case_number:
        return case.court_case_number
    return req.case_id or "?"


def _what(t: dict[str, Any], case: CaseFields | None, req: Request) -> str:
    relief = req.relief if req.relief in t["relief"] else "other"
    return str(t["relief"][relief]).format(offense=_offense(case, req))


def letter_paragraphs(fields: PacketFields) -> list[tuple[str, str]]:
    """The letter as (style, text) pairs: style is 'title', 'heading', 'item' or 'text'."""
    lang = fields.language
    t = letter_text()[lang]
    name = fields.petitioner.name
    out: list[tuple[str, str]] = [("title", t["title"]), ("text", local_date(fields.as_of, lang)),
                                  ("text", t["greeting"].format(name=name) if name else t["greeting_unknown"]),
                                  ("text", t["intro"].format(date=local_date(fields.as_of, lang))),
                                  ("heading", t["found_heading"])]
    found = False
    for case in fields.cases:
        for req in case.requests:
            found = True
            line = t["case_line"].format(case=case.court_case_number or case.case_id, county=case.county or "?",
                                         statute=req.remedy)
            how = t["judge_decides"] if req.discretionary else t["must_grant"]
            out.append(("item", f"{_what(t, case, req)} {how}\n{line}"))
    if not found:
        out.append(("text", t["found_none"]))
    cases = {c.case_id: c for c in fields.cases}
    if fields.later:
        out.append(("heading", t["later_heading"]))
        for req in fields.later:
            out.append(("item", t["later_item"].format(
                what=_what(t, cases.get(req.case_id or ""), req), case=_case_label(cases.get(req.case_id or ""), req),
                date=local_date(req.eligible_on, lang) if req.eligible_on else "?")))
    if fields.questions:
        out += [("heading", t["questions_heading"]), ("text", t["questions_text"])]
        out += [("item", "- " + q) for q in fields.questions]
    if found:
        courts = sorted({c.court_name or c.county or "" for c in fields.cases if c.requests} - {""})
        out.append(("heading", t["next_heading"]))
        for i, step in enumerate(t["next_steps"], 1):
            out.append(("item", f"{i}. " + step.format(court=" / ".join(courts) or "?")))
        out += [("heading", t["when_heading"]), ("text", t["when_text"]),
                ("heading", t["cost_heading"]), ("text", t["cost_text"]),
                ("heading", t["limits_heading"]), ("text", t["limits_text"])]
    out.append(("heading", t["help_heading"]))
    out += [("item", "- " + item) for item in t["help_items"]]
    out.append(("text", t["disclaimer"]))
    return out


def render_letter(fields: PacketFields) -> bytes:
    footer = "clearpath - " + ("Carta" if fields.language == "es" else "Letter")
    doc = Doc(footer)
    for style, text in letter_paragraphs(fields):
        if style == "title":
            doc.para(text, size=14, bold=True, gap=10)
        elif style == "heading":
            doc.para(text, size=12, bold=True, gap=3)
        elif style == "item":
            doc.para(text, size=11, indent=14, gap=4)
        else:
            doc.para(text, size=11, gap=6)
    return doc.output()
