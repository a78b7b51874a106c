"""Fill an official Judicial Council PDF form, downloaded by the user, from reviewed packet fields.

The forms themselves are not part of clearpath: users download the current version from the courts'
website. What clearpath keeps is a field map per form (``forms/*.yaml``): each PDF field's name, what it
means, the form revision it was made from, and the fill value it takes (``fill_values``). A PDF that does
not have the map's fields is refused with a message naming the form and revision, so a new revision is
never filled blindly.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from fpdf import FPDF
from pydantic import BaseModel, ConfigDict
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject

from clearpath.documents.details import CaseFields, PacketFields
from clearpath.documents.layout import plain

MAPS = Path(__file__).parent / "forms"
Value = str | bool


class _Map(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FieldSpec(_Map):
    meaning: str
    source: str | None = None
    type: Literal["text", "checkbox"] = "text"
    checked: str = "/Yes"  # the checkbox's on-state name in this PDF


class Rows(_Map):
    meaning: str
    first: int = 0
    fields: list[dict[str, str]]


class Overlay(_Map):
    page: int
    source: str
    rect: tuple[float, float, float, float]  # x0, y0, x1, y1 in PDF points from the bottom left
    size: float = 10.0
    meaning: str


class FieldMap(_Map):
    form: str
    title: str
    revision: dt.date
    printed_revision: str
    pages: int
    remedies: list[str] = []
    fields: dict[str, FieldSpec]
    rows: Rows | None = None
    overlays: list[Overlay] = []


class FormError(ValueError):
    """A form that cannot be filled (unknown form id, or a PDF that is not that form)."""


@cache
def field_map(form: str) -> FieldMap:
    path = MAPS / f"{form.lower()}.yaml"
    if not path.exists():
        raise FormError(f"no field map for form {form!r}; known forms: {', '.join(known_forms())}")
    return FieldMap.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


def known_forms() -> list[str]:
    return sorted(p.stem.upper() for p in MAPS.glob("*.yaml"))


def _date(value: dt.date | None) -> str:
    return value.strftime("%m/%d/%Y") if value else ""


def fill_values(fields: PacketFields, case: CaseFields) -> dict[str, Value]:
    """Every fill value a field map may name as ``source``, for one case of a packet."""
    p, a = fields.petitioner, fields.attorney
    addr = a.address if a else p.address
    city_state_zip = ", ".join(x for x in (p.address.city, " ".join(y for y in (p.address.state, p.address.zip)
                                                                      if y)) if x) if p.address.city else ""
    values: dict[str, Value] = {
        "filer.name": (a.name if a else p.name) or "",
        "filer.bar_number": (a.bar_number if a else None) or "",
        "filer.firm": (a.firm if a else None) or "",
        "filer.street": addr.street or "", "filer.city": addr.city or "",
        "filer.state": addr.state or "", "filer.zip": addr.zip or "",
        "filer.phone": (a.phone if a else p.phone) or "", "filer.fax": (a.fax if a else None) or "",
        "filer.email": (a.email if a else p.email) or "",
        "filer.attorney_for": (p.name or "") if a else "In pro per",
        "filer.lawyer": ", ".join(x for x in (a.name, a.firm, a.address.one_line(), a.phone,
                                              f"State Bar no. {a.bar_number}" if a.bar_number else None) if x)
        if a else "",
        "defendant.name": p.name or "", "defendant.dob": _date(p.dob),
        "petitioner.name": p.name or "", "petitioner.street": p.address.street or "",
        "petitioner.city": p.address.city or "", "petitioner.state": p.address.state or "",
        "petitioner.zip": p.address.zip or "", "petitioner.phone": p.phone or "",
        "petitioner.city_state_zip": city_state_zip,
        "case.number": case.court_case_number or "",
        "case.court": case.county or "",
        "case.short_title": f"People v. {p.name or ''}",
        "case.parties": f"People of the State of California v. {p.name or ''}",
        "hearing.date": _date(case.hearing.date), "hearing.time": case.hearing.time or "",
        "hearing.department": case.hearing.department or "",
        "conviction.date": ", ".join(sorted({_date(c.conviction_date) for c in case.counts if c.conviction_date})),
        "signature.date": _date(fields.as_of),
        "attachment.number": "1", "attachment.page": "1", "attachment.pages": "1",
        "label.code": "Code", "label.section": "Section", "label.level": "Type of offense",
        "label.reduce_17b": "PC 17(b) (yes/no)", "label.reduce_17d2": "PC 17(d)(2) (yes/no)",
        "const.yes": True,
    }
    d = fields.declaration
    parts = [d.statement, d.employment, d.education, d.family_and_community, d.treatment_and_recovery, d.hardship]
    values["declaration.text"] = "\n\n".join(x for x in parts if x)
    for r in case.requests:
        values[f"remedy.{r.remedy}"] = True
        if r.ground:
            values[f"ground.{r.remedy}.{r.ground}"] = True
        if r.ground == "interests_of_justice" or r.discretionary:
            values[f"explain.{r.remedy}"] = "See the attached declaration (form MC-031)."
    p64 = case.request("HS 11361.8")
    if p64 is not None:
        values["prop64.petition"] = p64.ground == "serving_sentence"
        values["prop64.application"] = p64.ground != "serving_sentence"
        rows = {c.count_id: c for c in case.counts}
        for cid in p64.count_ids:
            if cid in rows:
                values[f"prop64.offense.{rows[cid].code} {rows[cid].section.split('(')[0]}"] = True
    return values


def row_values(case: CaseFields) -> list[dict[str, str]]:
    return [{"code": c.code, "section": c.section, "level": c.level or "",
             "reduce_17b": "yes" if c.request_17b else "no", "reduce_17d2": "yes" if c.request_17d2 else "no"}
            for c in case.counts]


@dataclass
class FillReport:
    form: str
    filled: dict[str, Value] = field(default_factory=dict)
    blank: list[str] = field(default_factory=list)  # mapped fields left for the person (meaning)
    overflow: int = 0  # table rows that did not fit (they go on MC-025)


def _pdf_fields(reader: PdfReader) -> set[str]:
    """Field names from the AcroForm and from the pages' widgets (some forms list only part of them)."""
    names = set(reader.get_fields() or {})
    for page in reader.pages:
        names |= {_full_name(a) for a in page.get("/Annots") or [] if a.get_object().get("/Subtype") == "/Widget"}
    return names


def _overlay_page(fmap: FieldMap, page: int, values: dict[str, Value], width: float, height: float) -> bytes | None:
    items = [o for o in fmap.overlays if o.page == page and values.get(o.source)]
    if not items:
        return None
    pdf = FPDF(unit="pt", format=(width, height))
    pdf.set_auto_page_break(False)
    pdf.add_page()
    for o in items:
        x0, _y0, x1, y1 = o.rect
        pdf.set_font("Helvetica", size=o.size)
        pdf.set_xy(x0, height - y1)
        pdf.multi_cell(x1 - x0, o.size * 1.25, plain(str(values[o.source])), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def fill_form(form_pdf: Path, form: str, fields: PacketFields, out: Path, case_id: str | None = None) -> FillReport:
    """Fill ``form_pdf`` (an official form the user downloaded) for one case and write ``out``."""
    fmap = field_map(form)
    try:
        reader = PdfReader(form_pdf)
    except Exception as exc:  # pypdf raises several types for a damaged file
        raise FormError(f"{form_pdf}: not a readable PDF ({exc})") from None
    present = _pdf_fields(reader)
    missing = [name for name in fmap.fields if name not in present]
    if missing:
        raise FormError(f"{form_pdf}: this is not {fmap.form} as mapped ({fmap.printed_revision}): "
                        f"{len(missing)} mapped field(s) are missing, e.g. {missing[0]!r}. Check the form and its "
                        "revision date.")
    if not fields.cases:
        raise FormError("the fields have no case to fill the form for")
    if case_id:
        case = fields.case(case_id)
    else:
        wanted = set(fmap.remedies)
        case = next((c for c in fields.cases if not wanted or wanted & {r.remedy for r in c.requests}),
                    fields.cases[0])
    values = fill_values(fields, case)
    report = FillReport(form=fmap.form)
    text: dict[str, str] = {}
    boxes: dict[str, str] = {}
    for name, spec in fmap.fields.items():
        value = values.get(spec.source) if spec.source else None
        if spec.type == "checkbox":
            if value is True:
                boxes[name] = spec.checked
                report.filled[name] = True
        elif isinstance(value, str) and value:
            text[name] = plain(value)
            report.filled[name] = value
        else:
            report.blank.append(spec.meaning)
    if fmap.rows is not None:
        rows = row_values(case)[fmap.rows.first:]
        for slot, row in zip(fmap.rows.fields, rows, strict=False):
            for key, name in slot.items():
                text[name] = plain(row[key])
                report.filled[name] = row[key]
        report.overflow = max(0, len(rows) - len(fmap.rows.fields))
    writer = PdfWriter(clone_from=reader)
    log = logging.getLogger("pypdf")
    level = log.level
    log.setLevel(logging.ERROR)  # the forms name fonts they do not embed (ArialMT): pypdf says so per field
    try:
        for page in writer.pages:
            if page.get("/Annots"):
                writer.update_page_form_field_values(page, text, auto_regenerate=False)
    finally:
        log.setLevel(level)
    _check_boxes(writer, boxes)
    writer.set_need_appearances_writer(True)
    for number, page in enumerate(writer.pages, 1):
        box = page.mediabox
        stamp = _overlay_page(fmap, number, values, float(box.width), float(box.height))
        if stamp is not None:
            page.merge_page(PdfReader(io.BytesIO(stamp)).pages[0])
            report.filled[f"overlay:{number}"] = True
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as fh:
        writer.write(fh)
    return report


def _full_name(annot: object) -> str:
    parts: list[str] = []
    obj = annot
    while obj is not None:
        o = obj.get_object()  # type: ignore[attr-defined]
        t = o.get("/T")
        if t is not None:
            parts.append(str(t))
        obj = o.get("/Parent")
    return ".".join(reversed(parts))


def _check_boxes(writer: PdfWriter, boxes: dict[str, str]) -> None:
    """Set checkboxes by their full field name (/V on the field, /AS on the widget)."""
    if not boxes:
        return
    for page in writer.pages:
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            name = _full_name(annot)
            if name not in boxes:
                continue
            state = NameObject(boxes[name])
            annot[NameObject("/AS")] = state
            target = annot if annot.get("/T") is not None else annot["/Parent"].get_object()
            target[NameObject("/V")] = state
