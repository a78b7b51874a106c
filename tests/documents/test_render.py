"""Every paper renders; the PDF text read back holds each filled fact on the page where it belongs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.documents.conftest import arrest_record, fields_for, many_counts_record, pages_text

from clearpath.documents.choose import ROWS_ON_FORM, Paper
from clearpath.documents.details import Attorney, PacketFields
from clearpath.documents.render import render_packet, render_paper


def _text(fields: PacketFields, kind: str, case_id: str | None = None) -> list[str]:
    return pages_text(render_paper(fields, Paper(kind, case_id)))  # type: ignore[arg-type]


def test_packet_holds_every_paper_in_filing_order(tmp_path: Path, example_fields: PacketFields) -> None:
    done = render_packet(example_fields, tmp_path)
    names = [r.path.name for r in done]
    assert names[0] == "01-prop64-petition-2010-cannabis.pdf"
    assert names[-2:] == [f"{len(names) - 1:02d}-fee-waiver-note.pdf", f"{len(names):02d}-letter.pdf"]
    assert {r.paper.kind for r in done} >= {"prop64_petition", "prop64_order", "prop47_petition", "prop47_order",
                                           "dismissal_petition", "dismissal_order", "declaration",
                                           "proof_of_service", "fee_waiver_note", "letter"}
    assert (tmp_path / "packet.json").exists()
    pages = 0
    for r in done:
        assert r.path.read_bytes().startswith(b"%PDF")
        pages += len(pages_text(r.path))
    combined = pages_text(tmp_path / "packet.pdf")
    assert len(combined) == pages
    assert "APPLICATION FOR REDESIGNATION" in combined[0] and "legal information, not legal advice" in combined[-1]


def test_dismissal_petition_facts(example_fields: PacketFields) -> None:
    (page,) = _text(example_fields, "dismissal_petition", "2012-theft")
    for fact in ["SUPERIOR COURT OF CALIFORNIA, COUNTY OF SACRAMENTO", "ALEX EXAMPLE (FICTIONAL)",
                 "Date of birth: May 17, 1984", "Case No. 12F05678", "PETITION FOR DISMISSAL AND REDUCTION",
                 "(Pen. Code, §§ 17(b), 1203.4)", "On January 10, 2013",
                 "PC 487(a) felony January 10, 2013 yes no", "interests of justice", "17(b)(3)",
                 "Pen. Code, § 1203.4(c)(3)", "12 Elm Street, Sacramento, CA 95814", "Tel. 916-555-0100",
                 "self-represented", "penalty of perjury", "Page 1 of 1"]:
        assert fact in page, fact


def test_mandatory_ground_and_1203_4a(example_fields: PacketFields) -> None:
    (p2010,) = _text(example_fields, "dismissal_petition", "2010-cannabis")
    assert "fulfilled the conditions of probation for the entire period" in p2010
    assert "PETITION FOR DISMISSAL" in p2010 and "REDUCTION" not in p2010
    (p2025,) = _text(example_fields, "dismissal_petition", "2025-trespass")
    assert "COUNTY OF YOLO" in p2025 and "Case No. 25M00042" in p2025
    assert "Penal Code section 1203.4a" in p2025 and "honest and upright life" in p2025
    assert "Pen. Code, § 1203.4a(e)" in p2025


def test_orders(example_fields: PacketFields) -> None:
    (order,) = _text(example_fields, "dismissal_order", "2012-theft")
    assert "[PROPOSED] ORDER FOR DISMISSAL" in order and "Case No. 12F05678" in order
    assert "GRANTED under Pen. Code, § 1203.4 for count 1:" in order
    assert "GRANTED under Pen. Code, § 17(b): count 1 is reduced to misdemeanor(s)." in order
    assert "Judicial officer" in order and "Hearing date" not in order
    (p64,) = _text(example_fields, "prop64_order", "2010-cannabis")
    assert "ORDER AFTER PETITION/APPLICATION" in p64 and "redesignate as misdemeanor" in p64
    (p47,) = _text(example_fields, "prop47_order", "2012-theft")
    assert "(Pen. Code, § 1170.18(j))" in p47 and "PC 487(a)" in p47


def test_prop64_and_prop47_petitions(example_fields: PacketFields) -> None:
    (p64,) = _text(example_fields, "prop64_petition", "2010-cannabis")
    for fact in ["APPLICATION FOR REDESIGNATION OR DISMISSAL AND SEALING", "(Health & Saf. Code, § 11361.8(e)-(f))",
                 "Case No. 10F01234", "has completed the sentence", "1 HS 11359 felony August 20, 2010",
                 "redesignate as misdemeanor", "clear and convincing evidence"]:
        assert fact in p64, fact
    (p47,) = _text(example_fields, "prop47_petition", "2012-theft")
    for fact in ["APPLICATION TO REDESIGNATE FELONY AS MISDEMEANOR", "(Pen. Code, § 1170.18(f))",
                 "Pen. Code, § 1170.18(i)", "667(e)(2)(C)(iv)", "No hearing is necessary", "PC 487(a)",
                 "did not exceed $950 (count 1: $600.00)"]:
        assert fact in p47, fact


def test_serving_a_sentence_asks_for_resentencing(example_fields: PacketFields) -> None:
    req = example_fields.case("2010-cannabis").request("HS 11361.8")
    assert req is not None
    req.ground, req.relief = "serving_sentence", "resentencing"
    (page,) = _text(example_fields, "prop64_petition", "2010-cannabis")
    assert "PETITION FOR RESENTENCING OR DISMISSAL" in page and "11361.8(b)" in page
    assert "currently serving a sentence" in page and "recall and resentence" in page


def test_overflow_goes_to_the_attachment() -> None:
    fields = fields_for(many_counts_record(8))
    (petition,) = _text(fields, "dismissal_petition", "2018-theft")
    assert "3 more offense(s) are listed in Attachment 1" in petition
    (attachment,) = _text(fields, "attachment", "2018-theft")
    assert "ATTACHMENT 1: OFFENSES CONTINUED" in attachment and "CASE NUMBER: 18M04444" in attachment
    # rows 1-5 on the petition (PC 484 odd, PC 488 even), rows 6-8 on the attachment only
    assert petition.count("misdemeanor April 2, 2018") == ROWS_ON_FORM
    assert attachment.count("misdemeanor April 2, 2018") == 3
    assert attachment.count("PC 488") == 2 and attachment.count("PC 484") == 1  # counts 6, 8 and 7


def test_long_table_continues_with_its_header() -> None:
    fields = fields_for(many_counts_record(60))
    pages = _text(fields, "dismissal_order", "2018-theft")
    assert len(pages) >= 2
    assert all("Relief asked (statute)" in p for p in pages[:2])
    assert sum(p.count("April 2, 2018") for p in pages) == 60
    assert pages[-1].endswith(f"Page {len(pages)} of {len(pages)}")


def test_arrest_sealing_petition_and_order() -> None:
    fields = fields_for(arrest_record())
    fields.cases[0].arresting_agency = "Sacramento Police Department"
    (petition,) = _text(fields, "arrest_sealing_petition", "2022-arrest")
    for fact in ["PETITION TO SEAL ARREST AND RELATED RECORDS", "(Pen. Code, § 851.91)", "On March 1, 2022",
                 "Sacramento Police Department", "PC 484", "as a matter of right", "at least 15 days"]:
        assert fact in petition, fact
    (order,) = _text(fields, "arrest_sealing_order", "2022-arrest")
    assert "deemed not to have occurred (Pen. Code, § 851.92)" in order
    (service,) = _text(fields, "proof_of_service", "2022-arrest")
    assert "Sacramento Police Department" in service  # the arresting agency is served too


def test_declaration_prints_the_statement_or_lines_to_write_on(example_fields: PacketFields) -> None:
    example_fields.declaration.statement = "Since 2016 I have worked as a cook and coached youth soccer."
    pages = _text(example_fields, "declaration", "2012-theft")
    text = " ".join(pages)
    assert "DECLARATION OF ALEX EXAMPLE (FICTIONAL) IN SUPPORT OF PETITION" in pages[0]
    assert "coached youth soccer" in pages[0]
    assert "hardship" in text and "penalty of perjury" in text


def test_proof_of_service_names_papers_and_prosecutor(example_fields: PacketFields) -> None:
    case = example_fields.case("2012-theft")
    case.prosecutor_address = "901 G Street, Sacramento, CA 95814"
    example_fields.service.server_name = "Jamie Server"
    example_fields.service.date = dt.date(2026, 12, 1)
    example_fields.service.method = "mail"
    (page,) = _text(example_fields, "proof_of_service", "2012-theft")
    for fact in ["PROOF OF SERVICE", "On December 1, 2026", "by mail", "Petition for dismissal",
                 "Proposition 47 application/petition", "Declaration in support",
                 "Office of the District Attorney, Sacramento County, 901 G Street", "Jamie Server"]:
        assert fact in page, fact


def test_attorney_caption(example_fields: PacketFields) -> None:
    example_fields.attorney = Attorney(name="Morgan Counsel", bar_number="301234", firm="Legal Aid Example")
    (page,) = _text(example_fields, "dismissal_petition", "2010-cannabis")
    assert "Morgan Counsel State Bar No. 301234" in page
    assert "Attorney for Petitioner Alex Example (fictional)" in page


def test_fee_waiver_note_names_the_form_and_no_amount(example_fields: PacketFields) -> None:
    (page,) = _text(example_fields, "fee_waiver_note", None)
    assert "FW-001" in page and "For Alex Example (fictional)" in page
    assert "$" not in page  # fee amounts are never hard-coded (reference §2.4: [U])
