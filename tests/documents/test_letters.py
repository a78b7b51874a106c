"""The plain-language letter, in English and Spanish."""

from __future__ import annotations

import datetime as dt

from tests.documents.conftest import fields_for, pages_text

from clearpath.documents.choose import Paper
from clearpath.documents.details import PacketFields
from clearpath.documents.letters import letter_text, local_date
from clearpath.documents.render import render_paper


def test_english_letter(example_fields: PacketFields) -> None:
    text = " ".join(pages_text(render_paper(example_fields, Paper("letter"))))
    for fact in ["Dear Alex Example (fictional),", "November 22, 2026",
                 "A judge can dismiss your conviction for PC 487(a). The judge decides whether to grant this.",
                 "Your felony for HS 11359 can be changed to a misdemeanor.",
                 "Case 10F01234, Sacramento County (HS 11361.8)", "Case 25M00042, Yolo County (PC 1203.4a)",
                 "at least 15 days", "no filing deadline", "FW-001", "peace officer", "immigration",
                 "LawHelpCA.org", "legal information, not legal advice"]:
        assert fact in text, fact


def test_spanish_letter(example_fields: PacketFields) -> None:
    example_fields.language = "es"
    text = " ".join(pages_text(render_paper(example_fields, Paper("letter"))))
    for fact in ["Estimado/a Alex Example (fictional):", "22 de noviembre de 2026", "Lo que encontramos",
                 "Un juez puede anular (dismiss) su condena por PC 487(a). El juez decide si lo concede.",
                 "Caso 25M00042, condado de Yolo (PC 1203.4a)", "por lo menos 15 días", "no tienen fecha límite",
                 "FW-001", "Dónde recibir ayuda gratuita", "información legal, no asesoría legal"]:
        assert fact in text, fact
    assert "Dear" not in text


def test_letter_says_when_relief_opens_later(example_record: object) -> None:
    fields = fields_for(example_record, dt.date(2026, 3, 1))  # type: ignore[arg-type]
    text = " ".join(pages_text(render_paper(fields, Paper("letter"))))
    assert "What opens later" in text and "on or after September 30, 2026" in text


def test_both_languages_have_the_same_keys() -> None:
    en, es = letter_text()["en"], letter_text()["es"]
    assert en.keys() == es.keys()
    assert en["relief"].keys() == es["relief"].keys()
    assert len(en["next_steps"]) == len(es["next_steps"]) and len(en["help_items"]) == len(es["help_items"])
    assert local_date(dt.date(2027, 1, 5), "es") == "5 de enero de 2027"


def test_letter_asks_what_the_record_does_not_show(tmp_path: object) -> None:
    from tests.documents.conftest import record_of

    record = record_of({"person": {"id": "q-1", "name": "Quinn Question (fictional)", "dob": "1980-01-01"},
                        "cases": [{"id": "c1", "county": "Fresno", "counts": [
                            {"id": "1", "offense": "PC 487(a)", "disposition": "convicted",
                             "disposition_date": "2012-05-01", "conviction_level": "felony"}]}]})
    fields = fields_for(record)
    assert fields.questions
    text = " ".join(pages_text(render_paper(fields, Paper("letter"))))
    assert "What we still need to know" in text
    assert fields.questions[0][:40] in text
    fields.language = "es"
    text = " ".join(pages_text(render_paper(fields, Paper("letter"))))
    assert "Lo que todavía necesitamos saber" in text
