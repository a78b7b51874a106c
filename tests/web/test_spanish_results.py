"""Spanish results pages show the law pack's texts in Spanish (law/ca/text_es.yaml), not marked as English."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client as HttpClient
from tests.web.test_screener import CASE, SENTENCE, run_screener

from clearpath.law.ca import california, text_i18n
from clearpath.law.ca.plan import effects

pytestmark = pytest.mark.django_db

UNKNOWN_CASE = {**CASE, "level": "dk", "conviction_date": "", "offense": "dk"}
UNKNOWN_SENTENCE = {**SENTENCE, "probation": "dk", "finished": "dk", "probation_end": "", "violation": "dk",
                    "prison": "dk"}


def _html(r: Any) -> str:
    assert r.status_code == 200
    text: str = r.content.decode()
    return text.replace("&#x27;", "'").replace("&quot;", '"')


def spanish(client: HttpClient, case: dict[str, Any] | None = None,
            sentence: dict[str, Any] | None = None) -> str:
    client.cookies["django_language"] = "es"
    return _html(run_screener(client, case, sentence))


def test_spanish_results_show_spanish_reasons_and_plan(client: HttpClient) -> None:
    html = spanish(client)
    assert '<html lang="es">' in html
    # the PC 1203.4 reason for a probation completed without violation, in Spanish
    assert text_i18n.reason_text("PC 1203.4", "pc1203_4_mandatory_completed", "es") in html
    assert california().remedy("PC 1203.4").reason("pc1203_4_mandatory_completed").text not in html
    # the plan's action, gains and limits, and the court, in Spanish
    fx = text_i18n.effects_text("PC 1203.4", "es")
    assert fx.action in html
    assert fx.gains[0] in html and fx.limits[0] in html
    assert effects()["PC 1203.4"].action not in html
    assert "la Corte Superior del Condado de Alameda" in html
    # everything is Spanish: nothing marked English, and no note about English texts
    assert 'lang="en"' not in html.split("<main", 1)[-1]
    assert "en inglés" not in html.lower()


def test_spanish_results_ask_questions_in_spanish(client: HttpClient) -> None:
    html = spanish(client, UNKNOWN_CASE, UNKNOWN_SENTENCE)
    m = re.search(r'<section aria-labelledby="h-needs">(.*?)</section>', html, re.DOTALL)
    assert m, "no questions section"
    needs = m.group(1)
    questions = [text_i18n.question_text(f, "es") for f in california().facts]
    assert [q for q in questions if q in needs], "no Spanish question on the page"
    english = [f.text for f in california().facts.values() if f.text in html]
    assert not english, english
    assert 'lang="en"' not in needs
    # The record's reading problems are not the pack's texts: still English, marked so, with the note.
    m = re.search(r'<section aria-labelledby="h-issues">(.*?)</section>', html, re.DOTALL)
    assert m and '<ul lang="en">' in m.group(1)
    assert html.count('lang="en"', html.index("<main")) == 1
    assert "en inglés" in html


def test_english_fallback_is_marked(client: HttpClient, monkeypatch: Any) -> None:
    # A reason with no Spanish text yet is shown in English and marked so (and the note says so).
    real = text_i18n.find_reason
    monkeypatch.setattr(text_i18n, "find_reason",
                        lambda remedy, code, lang: None if code == "pc1203_4_mandatory_completed"
                        else real(remedy, code, lang))
    html = spanish(client)
    english = california().remedy("PC 1203.4").reason("pc1203_4_mandatory_completed").text
    assert re.search(r'<li lang="en">' + re.escape(english), html)
    assert html.count('lang="en"', html.index("<main")) == 1


def test_english_results_are_unchanged(client: HttpClient) -> None:
    html = _html(run_screener(client))
    assert california().remedy("PC 1203.4").reason("pc1203_4_mandatory_completed").text in html
    assert effects()["PC 1203.4"].action in html
    assert "the Superior Court of Alameda County" in html
    assert 'lang="en"' not in html.split("<main", 1)[-1]


def test_workspace_client_page_in_spanish(login: Any, orgs: dict[str, Any]) -> None:
    # The advocate's client page shows the same results (the fixture's record: PC 1203.4 now).
    c = login(orgs["a"]["users"]["advocate"])
    c.cookies["django_language"] = "es"
    html = _html(c.get(f"/workspace/clients/{orgs['a']['client'].pk}/"))
    assert text_i18n.reason_text("PC 1203.4", "pc1203_4_mandatory_completed", "es") in html
    assert text_i18n.effects_text("PC 1203.4", "es").action in html
    assert 'lang="en"' not in html.split("<main", 1)[-1]
