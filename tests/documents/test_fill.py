"""Filling the official Judicial Council PDFs (read in place from ../shared/forms; skipped when absent)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader
from tests.documents.conftest import fields_for, many_counts_record, pages_text

from clearpath.documents.details import PacketFields
from clearpath.documents.fill import FormError, field_map, fill_form, known_forms

FORMS = ["CR-180", "CR-181", "CR-400", "FW-001", "MC-025", "MC-031"]


def _values(path: Path) -> dict[str, str]:
    """Filled values by field name, from the widgets (CR-400's AcroForm does not list them all); an XFA-style
    name is also reachable by its last part (``CaseNumber_ft[0]``)."""
    from clearpath.documents.fill import _full_name

    out: dict[str, str] = {}
    for page in PdfReader(path).pages:
        for ref in page.get("/Annots") or []:
            a = ref.get_object()
            holder = a if a.get("/T") is not None else a.get("/Parent", a).get_object()
            value = holder.get("/V")
            if value in (None, "", "/Off"):
                continue
            name = _full_name(a)
            out[name] = out[name.split(".")[-1]] = str(value)
    return out


def test_every_form_has_a_map_with_its_revision() -> None:
    assert known_forms() == sorted(FORMS)
    for form in FORMS:
        fmap = field_map(form)
        assert fmap.form == form and fmap.revision <= dt.date(2026, 1, 1)
        assert form in fmap.printed_revision
        assert all(spec.meaning for spec in fmap.fields.values())


def test_maps_name_only_fields_the_official_pdf_has(forms_dir: Path) -> None:
    from clearpath.documents.fill import _pdf_fields

    for form in FORMS:
        present = _pdf_fields(PdfReader(forms_dir / f"{form}.pdf"))
        fmap = field_map(form)
        names = set(fmap.fields) | {n for row in (fmap.rows.fields if fmap.rows else []) for n in row.values()}
        assert names <= present, (form, sorted(names - present)[:5])


def test_cr180_petition(forms_dir: Path, tmp_path: Path, example_fields: PacketFields) -> None:
    out = tmp_path / "cr180.pdf"
    report = fill_form(forms_dir / "CR-180.pdf", "CR-180", example_fields, out, "2012-theft")
    v = _values(out)
    assert v["Field1"] == "Alex Example (fictional)" and v["Field10"] == "In pro per"
    assert (v["Field3"], v["Field4"], v["Field5"], v["Field6"]) == ("12 Elm Street", "Sacramento", "CA", "95814")
    assert v["Field11"] == v["Field49"] == v["Field62"] == "Alex Example (fictional)"
    assert v["Field12"] == "05/17/1984" and v["Field13"] == v["Field50"] == v["Field63"] == "12F05678"
    assert v["Field17"] == "01/10/2013"
    assert [v[f"Field{i}"] for i in range(18, 23)] == ["PC", "487(a)", "felony", "yes", "no"]
    assert v["Field43"] == "/Yes" and v["Field46"] == "/Yes"  # PC 1203.4, interests of justice
    assert "Field44" not in v and "Field51" not in v  # not the mandatory ground, not PC 1203.4a
    assert "MC-031" in v["Field47"]
    assert v["Field72"] == "11/22/2026" and v["Field75"] == "Sacramento, CA 95814"
    assert report.overflow == 0 and "Hearing date" in report.blank


def test_cr180_1203_4a_and_mandatory_grounds(forms_dir: Path, tmp_path: Path, example_fields: PacketFields) -> None:
    fill_form(forms_dir / "CR-180.pdf", "CR-180", example_fields, tmp_path / "a.pdf", "2025-trespass")
    v = _values(tmp_path / "a.pdf")
    assert v["Field51"] == "/Yes" and v["Field52"] == "/Yes" and "Field43" not in v
    fill_form(forms_dir / "CR-180.pdf", "CR-180", example_fields, tmp_path / "b.pdf", "2010-cannabis")
    v = _values(tmp_path / "b.pdf")
    assert v["Field43"] == "/Yes" and v["Field44"] == "/Yes" and "Field46" not in v


def test_overflow_rows_go_to_mc025(forms_dir: Path, tmp_path: Path) -> None:
    fields = fields_for(many_counts_record(8))
    report = fill_form(forms_dir / "CR-180.pdf", "CR-180", fields, tmp_path / "cr180.pdf")
    assert report.overflow == 3
    v = _values(tmp_path / "cr180.pdf")
    assert [v[f"Field{19 + 5 * i}"] for i in range(5)] == ["484", "488", "484", "488", "484"]
    fill_form(forms_dir / "MC-025.pdf", "MC-025", fields, tmp_path / "mc025.pdf")
    m = _values(tmp_path / "mc025.pdf")
    assert m["SHORT TITLE"] == "People v. Robin Overflow (fictional)" and m["CASE NUMBER"] == "18M04444"
    assert [m[f"SECTION_{i}"] for i in range(3)] == ["488", "484", "488"]  # counts 6, 7, 8
    assert "SECTION_3" not in m


def test_cr181_cr400_fw001(forms_dir: Path, tmp_path: Path, example_fields: PacketFields) -> None:
    fill_form(forms_dir / "CR-181.pdf", "CR-181", example_fields, tmp_path / "cr181.pdf", "2012-theft")
    v = _values(tmp_path / "cr181.pdf")
    assert v["NAMEOFDEFENDANT"] == "Alex Example (fictional)" and v["CASENO"] == "12F05678"
    assert v["DOB"] == "05/17/1984"
    fill_form(forms_dir / "CR-400.pdf", "CR-400", example_fields, tmp_path / "cr400.pdf", "2010-cannabis")
    v = _values(tmp_path / "cr400.pdf")
    assert v["CaseNumber_ft[0]"] == "10F01234" and v["Defendant_ft[0]"] == "Alex Example (fictional)"
    assert v["Checkbox[4]"] == "/Yes"  # HS 11359
    assert v["Checkbox[0]"] == "/Yes" and v["Checkbox[1]"] == "/Yes"  # item 2 APPLICATION; caption 11361.8(f)
    assert "Checkbox[2]" not in v
    fill_form(forms_dir / "FW-001.pdf", "FW-001", example_fields, tmp_path / "fw001.pdf", "2012-theft")
    v = _values(tmp_path / "fw001.pdf")
    assert v["name"] == "Alex Example (fictional)" and v["court"] == "Sacramento" and v["case_number"] == "12F05678"
    assert v["phone_number"] == "916-555-0100" and v["superior_court"] == "/On"


def test_mc031_declaration_is_printed_on_the_page(forms_dir: Path, tmp_path: Path,
                                                  example_fields: PacketFields) -> None:
    example_fields.declaration.statement = "I have worked at the same bakery for eight years."
    fill_form(forms_dir / "MC-031.pdf", "MC-031", example_fields, tmp_path / "mc031.pdf", "2012-theft")
    v = _values(tmp_path / "mc031.pdf")
    assert v["CASE NUMBER"] == "12F05678"
    (page,) = pages_text(tmp_path / "mc031.pdf")
    assert "same bakery for eight years" in page and "11/22/2026" in page


def test_a_different_pdf_is_refused(forms_dir: Path, tmp_path: Path, example_fields: PacketFields) -> None:
    with pytest.raises(FormError, match=r"not CR-180 as mapped \(CR-180 \[Rev. January 1, 2019\]\)"):
        fill_form(forms_dir / "CR-181.pdf", "CR-180", example_fields, tmp_path / "x.pdf")
    with pytest.raises(FormError, match="no field map"):
        fill_form(forms_dir / "CR-181.pdf", "CR-999", example_fields, tmp_path / "x.pdf")


def test_default_case_is_the_first_the_form_is_for(forms_dir: Path, tmp_path: Path,
                                                     example_fields: PacketFields) -> None:
    example_fields.cases.reverse()  # 2025-trespass, 2012-theft, 2010-cannabis
    fill_form(forms_dir / "CR-400.pdf", "CR-400", example_fields, tmp_path / "cr400.pdf")
    assert _values(tmp_path / "cr400.pdf")["CaseNumber_ft[0]"] == "10F01234"
    fill_form(forms_dir / "CR-180.pdf", "CR-180", example_fields, tmp_path / "cr180.pdf")
    assert _values(tmp_path / "cr180.pdf")["Field13"] == "25M00042"
