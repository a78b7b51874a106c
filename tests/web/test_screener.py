from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.test import Client as HttpClient
from tests.web.helpers import RAPSHEET

pytestmark = pytest.mark.django_db


def _state(html: str) -> str:
    m = re.search(r'name="state" value="([^"]+)"', html)
    assert m, "no state field"
    return m.group(1)


def post(c: HttpClient, data: dict[str, Any]) -> Any:
    return c.post("/check/", data)


ABOUT = {"step": "about", "action": "next", "pending_case": "no", "serving_sentence": "no", "dob": "1980-01-01"}
CASE = {"step": "case", "action": "next", "county": "Alameda", "offense": "PC 488", "offense_other": "",
        "level": "misdemeanor", "conviction_date": "2015-03-01"}
SENTENCE = {"step": "sentence", "action": "next", "probation": "yes", "finished": "yes",
            "probation_end": "2017-03-01", "violation": "no", "prison": "no"}


def run_screener(c: HttpClient, case: dict[str, Any] | None = None, sentence: dict[str, Any] | None = None) -> Any:
    r = c.get("/check/")
    assert r.status_code == 200
    r = post(c, {**ABOUT, "state": _state(r.content.decode())})
    assert r.status_code == 200
    r = post(c, {**(case or CASE), "state": _state(r.content.decode())})
    assert r.status_code == 200
    assert "Step 3 of 4" in r.content.decode() or "Paso 3 de 4" in r.content.decode()
    r = post(c, {**(sentence or SENTENCE), "state": _state(r.content.decode())})
    assert r.status_code == 200
    html = r.content.decode()
    assert "Your convictions" in html or "Sus condenas" in html
    return post(c, {"step": "review", "action": "results", "state": _state(html)})


def test_guided_screener_english(client: HttpClient) -> None:
    r = run_screener(client)
    html = r.content.decode()
    assert r.status_code == 200
    assert "Your conviction can be dismissed" in html
    assert "PC 1203.4" in html
    assert "Superior Court of Alameda County" in html
    assert "CR-180" in html  # the form for a PC 1203.4 petition
    assert "legal information, not legal advice" in html


def test_guided_screener_spanish(client: HttpClient) -> None:
    client.cookies["django_language"] = "es"
    r = run_screener(client)
    html = r.content.decode()
    assert '<html lang="es">' in html
    assert "Su condena puede ser desestimada" in html
    assert "información legal, no asesoría legal" in html


def test_nothing_is_stored_by_the_screener(client: HttpClient) -> None:
    from django.contrib.sessions.models import Session

    from clearpath.web.core.models import AuditEvent, Client, SourceRecord

    run_screener(client)
    assert Session.objects.count() == 0
    assert Client.objects.count() == SourceRecord.objects.count() == AuditEvent.objects.count() == 0


def test_back_from_the_sentence_keeps_the_case(client: HttpClient) -> None:
    r = client.get("/check/")
    r = post(client, {**ABOUT, "state": _state(r.content.decode())})
    r = post(client, {**CASE, "state": _state(r.content.decode())})
    r = post(client, {"step": "sentence", "action": "back", "state": _state(r.content.decode())})
    html = r.content.decode()
    assert "Step 2 of 4" in html and 'value="2015-03-01"' in html
    assert re.search(r'<option value="PC 488" selected>', html)


def test_back_keeps_answers(client: HttpClient) -> None:
    r = client.get("/check/")
    r = post(client, {**ABOUT, "state": _state(r.content.decode())})
    r = post(client, {"step": "case", "action": "back", "state": _state(r.content.decode())})
    html = r.content.decode()
    assert 'value="no" required id="id_pending_case_1" checked' in html or re.search(
        r'value="no"[^>]*id="id_pending_case_1"[^>]*checked', html)
    assert 'value="1980-01-01"' in html


def test_required_answers_are_reported_next_to_fields(client: HttpClient) -> None:
    r = client.get("/check/")
    r = post(client, {"step": "about", "action": "next", "state": _state(r.content.decode())})
    html = r.content.decode()
    assert 'role="alert"' in html
    assert 'aria-invalid="true"' in html


def test_unknown_answers_lead_to_questions(client: HttpClient) -> None:
    case = {**CASE, "level": "dk", "conviction_date": "", "offense": "dk"}
    sentence = {**SENTENCE, "probation": "dk", "finished": "dk", "probation_end": "", "violation": "dk",
                "prison": "dk"}
    html = run_screener(client, case, sentence).content.decode()
    assert "What we need to know" in html


def test_other_offense_needs_a_code(client: HttpClient) -> None:
    r = client.get("/check/")
    r = post(client, {**ABOUT, "state": _state(r.content.decode())})
    r = post(client, {**CASE, "offense": "other", "state": _state(r.content.decode())})
    assert "Type the code section" in r.content.decode()


def test_tampered_state_starts_over(client: HttpClient) -> None:
    r = post(client, {"step": "review", "action": "results", "state": "forged:abc"})
    assert r.status_code == 200
    assert "Step 1 of 4" in r.content.decode()


def test_rapsheet_upload(client: HttpClient) -> None:
    with RAPSHEET.open("rb") as fh:
        r = client.post("/check/upload/", {"rapsheet": fh})
    html = r.content.decode()
    assert r.status_code == 200
    assert "Your results" in html
    assert "HS 11361.8" in html  # the cannabis count on the synthetic sheet


def test_download_answers_is_the_record_json(client: HttpClient) -> None:
    r = run_screener(client)
    r = client.post("/check/save/", {"state": _state(r.content.decode())})
    assert r["Content-Disposition"].startswith("attachment")
    assert b'"clearpath-record/1"' in r.content


def test_share_needs_consent_and_creates_a_client(client: HttpClient, orgs: dict[str, Any]) -> None:
    from clearpath.web.core.models import Client

    r = run_screener(client)
    state = _state(r.content.decode())
    org_a, org_b = orgs["a"]["org"], orgs["b"]["org"]
    before = Client.objects.count()
    r = client.post("/check/share/", {"state": state, "organisation": org_a.pk, "name": "Sam"})
    assert r.status_code == 400 and Client.objects.count() == before
    r = client.post("/check/share/", {"state": state, "organisation": org_b.pk, "name": "Sam", "consent": "yes"})
    assert r.status_code == 400 and Client.objects.count() == before  # org B does not accept shares
    r = client.post("/check/share/", {"state": state, "organisation": org_a.pk, "name": "Sam", "consent": "yes"})
    assert r.status_code == 200
    shared = Client.objects.get(shared_by_person=True)
    assert shared.organisation == org_a and shared.sources.get().kind == "shared"


def test_public_pages_say_information_not_advice(client: HttpClient) -> None:
    for url in ("/", "/check/", "/check/upload/", "/help/", "/privacy/"):
        html = client.get(url).content.decode()
        assert "legal information, not legal advice" in html, url


def test_papers_download_from_results(client: HttpClient) -> None:
    import io
    import zipfile

    pytest.importorskip("clearpath.documents.render")
    r = run_screener(client)
    html = r.content.decode()
    assert "Download my papers" in html
    r = client.post("/check/papers/", {"state": _state(html)})
    assert r["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(r.content)).namelist()
    assert any(n.endswith(".pdf") and "dismissal-petition" in n for n in names)


def test_share_can_be_withdrawn(client: HttpClient, orgs: dict[str, Any]) -> None:
    from clearpath.web.core.models import Client, SourceRecord

    state = _state(run_screener(client).content.decode())
    r = client.post("/check/share/", {"state": state, "organisation": orgs["a"]["org"].pk, "name": "Sam",
                                      "consent": "yes"})
    link = re.search(r'id="withdraw-link" href="http://testserver([^"]+)"', r.content.decode())
    assert link
    assert Client.objects.filter(shared_by_person=True).count() == 1
    assert client.get(link.group(1)).status_code == 200
    assert client.get("/check/withdraw/not-the-secret/").status_code == 404
    client.post(link.group(1))
    assert not Client.objects.filter(shared_by_person=True).exists()
    assert not SourceRecord.objects.filter(kind="shared").exists()
    assert client.post(link.group(1)).status_code == 404


def test_engine_failure_is_a_plain_message(client: HttpClient, monkeypatch: Any) -> None:
    from clearpath.web.core import views
    from clearpath.web.core.services import CheckError

    def fail(*args: Any, **kwargs: Any) -> Any:
        raise CheckError("ComputeError")

    monkeypatch.setattr(views, "check_record", fail)
    r = run_screener(client)
    assert r.status_code == 422 and "could not work out results" in r.content.decode()


def test_rapsheet_upload_as_pdf(client: HttpClient, tmp_path: Any) -> None:
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("Courier", size=7)
    for line in RAPSHEET.read_text().splitlines():
        pdf.cell(0, 3, line, new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "sheet.pdf"
    pdf.output(str(path))
    with path.open("rb") as fh:
        r = client.post("/check/upload/", {"rapsheet": fh})
    assert r.status_code == 200, r.content.decode()[-500:]
    assert "HS 11361.8" in r.content.decode()


FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"


@pytest.mark.skipif(not (shutil.which("tesseract") and Path(FONT).exists()), reason="needs tesseract and DejaVu")
def test_rapsheet_upload_as_photo(client: HttpClient, tmp_path: Any) -> None:
    from PIL import Image, ImageDraw, ImageFont

    lines = RAPSHEET.read_text().splitlines()
    font = ImageFont.truetype(FONT, 28)
    img = Image.new("L", (1900, 40 * len(lines) + 80), 255)
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(lines):
        draw.text((40, 40 + 40 * i), line, font=font, fill=0)
    path = tmp_path / "photo.png"
    img.save(path)
    with path.open("rb") as fh:
        r = client.post("/check/upload/", {"rapsheet": fh})
    assert r.status_code == 200
    assert "HS 11361.8" in r.content.decode()


def test_every_remedy_title_can_be_translated() -> None:
    from clearpath.law.ca import california
    from clearpath.web.core.present import REMEDY_TITLES

    pack = california()
    assert {r.remedy for r in pack.remedies} == set(REMEDY_TITLES)
    assert all(str(REMEDY_TITLES[r.remedy]) == r.title for r in pack.remedies)  # English is the pack's own text


def test_typed_offense_keeps_its_subdivision(client: HttpClient) -> None:
    r = run_screener(client, {**CASE, "offense": "other", "offense_other": " pc  602(o) "})
    r = client.post("/check/save/", {"state": _state(r.content.decode())})
    assert b'"offense": "PC 602(o)"' in r.content
