"""End to end in Debian's Chromium (headless, driven by Playwright), with axe-core on every public page.

Screenshots go to test-artifacts/web/. Skips when /usr/bin/chromium or playwright is missing.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.web.helpers import ARTIFACTS, PASSWORD, RAPSHEET, sample_record

CHROMIUM = os.environ.get("CLEARPATH_CHROMIUM", "/usr/bin/chromium")
playwright_sync = pytest.importorskip("playwright.sync_api")
if not Path(CHROMIUM).exists():
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)

from axe_playwright_python.sync_playwright import Axe  # noqa: E402

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
        "resultTypes": ["violations"]}

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # the sync Playwright API runs an event loop in this thread
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with playwright_sync.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    # A phone-sized window: the screener is mobile first.
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, base_url=live_server.url, locale="en-US")
    pg = ctx.new_page()
    yield pg
    ctx.close()


AXE = Axe()
SERIOUS = {"serious", "critical"}
axe_report: dict[str, list[dict[str, Any]]] = {}


def shot(page: Any, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def axe_check(page: Any, name: str) -> None:
    """No serious or critical WCAG 2.1 A/AA violation on this page; every finding is saved as an artefact."""
    violations = AXE.run(page, options=WCAG).response["violations"]
    axe_report[name] = [{"id": v["id"], "impact": v["impact"], "nodes": len(v["nodes"])} for v in violations]
    (ARTIFACTS / "axe-report.json").write_text(json.dumps(axe_report, indent=2))
    bad = [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
           for v in violations if v["impact"] in SERIOUS]
    assert not bad, f"{name}: " + "; ".join(bad)


def answer_screener(page: Any, lang: str) -> None:
    t = {
        "en": {"start": "Answer questions", "next": "Next", "results": "See my results", "no": "No",
               "county": "In which county was the case?", "offense": "What was the conviction for?",
               "level": "Misdemeanor", "date": "When were you convicted?", "yes": "Yes",
               "end": "If you had probation: when did it end (or when will it end)?"},
        "es": {"start": "Contestar preguntas", "next": "Siguiente", "results": "Ver mis resultados", "no": "No",
               "county": "¿En qué condado fue el caso?", "offense": "¿Por qué fue la condena?",
               "level": "Delito menor", "date": "¿Cuándo lo condenaron?", "yes": "Sí",
               "end": "Si tuvo probation: ¿cuándo terminó (o cuándo terminará)?"},
    }[lang]
    page.get_by_role("link", name=t["start"]).click()
    axe_check(page, f"{lang}-step1-about")
    shot(page, f"{lang}-1-about")
    page.locator("#id_pending_case").get_by_label(t["no"], exact=True).check()
    page.locator("#id_serving_sentence").get_by_label(t["no"], exact=True).check()
    page.get_by_role("button", name=t["next"]).click()
    axe_check(page, f"{lang}-step2-case")
    page.get_by_label(t["county"]).select_option("Alameda")
    page.get_by_label(t["offense"]).select_option("PC 488")
    page.locator("#id_level").get_by_label(t["level"], exact=True).check()
    page.get_by_label(t["date"]).fill("2015-03-01")
    shot(page, f"{lang}-2-case")
    page.get_by_role("button", name=t["next"]).click()
    axe_check(page, f"{lang}-step3-sentence")
    page.locator("#id_probation").get_by_label(t["yes"], exact=True).check()
    page.locator("#id_finished").get_by_label(t["yes"], exact=True).check()
    page.get_by_label(t["end"]).fill("2017-03-01")
    page.locator("#id_violation").get_by_label(t["no"], exact=True).check()
    page.locator("#id_prison").get_by_label(t["no"], exact=True).check()
    shot(page, f"{lang}-3-sentence")
    page.get_by_role("button", name=t["next"]).click()
    axe_check(page, f"{lang}-step4-review")
    shot(page, f"{lang}-4-review")
    page.get_by_role("button", name=t["results"]).click()


def test_screener_english(page: Any) -> None:
    from clearpath.web.core.models import Organisation

    Organisation.objects.create(name="Fictional Legal Aid", slug="fla", accepts_public_shares=True)
    page.goto("/")
    axe_check(page, "en-home")
    shot(page, "en-0-home")
    answer_screener(page, "en")
    page.get_by_role("heading", name="Your results").wait_for()
    assert page.get_by_role("heading", name="Your conviction can be dismissed").first.is_visible()
    assert "Superior Court of Alameda County" in page.content()
    assert "legal information, not legal advice" in page.content()
    axe_check(page, "en-results")
    shot(page, "en-5-results")
    # Sharing is explicit (consent box) and reversible (a private link).
    page.get_by_label("Your name (or a nickname)").fill("Sam")
    page.get_by_label("I agree to share my answers with this organisation.").check()
    page.get_by_role("button", name="Share", exact=True).click()
    page.get_by_role("heading", name="Your answers were shared").wait_for()
    axe_check(page, "en-shared")
    shot(page, "en-6-shared")
    page.locator("#withdraw-link").click()
    axe_check(page, "en-withdraw")
    page.get_by_role("button", name="Delete what I shared").click()
    assert page.get_by_role("status").inner_text().startswith("Done.")
    axe_check(page, "en-withdrawn")


def test_screener_spanish(page: Any) -> None:
    page.goto("/")
    page.get_by_role("button", name="Español").click()
    page.wait_for_selector("html[lang=es]")
    axe_check(page, "es-home")
    shot(page, "es-0-home")
    answer_screener(page, "es")
    page.get_by_role("heading", name="Sus resultados").wait_for()
    assert page.get_by_role("heading", name="Su condena puede ser desestimada").first.is_visible()
    assert "información legal, no asesoría legal" in page.content()
    axe_check(page, "es-results")
    shot(page, "es-5-results")


def test_back_keeps_answers_in_the_browser(page: Any) -> None:
    page.goto("/check/")
    page.locator("#id_pending_case").get_by_label("Yes", exact=True).check()
    page.locator("#id_serving_sentence").get_by_label("I don't know", exact=True).check()
    page.get_by_role("button", name="Next").click()
    page.get_by_role("button", name="Back").click()
    assert page.locator("#id_pending_case").get_by_label("Yes", exact=True).is_checked()
    assert page.locator("#id_serving_sentence").get_by_label("I don't know", exact=True).is_checked()


def test_errors_are_announced(page: Any) -> None:
    page.goto("/check/")
    page.get_by_role("button", name="Next").click()
    assert page.get_by_role("alert").is_visible()
    axe_check(page, "en-step1-errors")
    shot(page, "en-1-errors")


def test_rapsheet_upload(page: Any, tmp_path: Path) -> None:
    page.goto("/check/upload/")
    axe_check(page, "en-upload")
    wrong = tmp_path / "sheet.pdf"
    wrong.write_text("not really a PDF")
    page.get_by_label("Your RAP sheet").set_input_files(str(wrong))
    page.get_by_role("button", name="Read my RAP sheet").click()
    assert "do not match its type" in page.get_by_role("alert").inner_text()
    axe_check(page, "en-upload-error")
    shot(page, "en-upload-0-error")
    page.get_by_label("Your RAP sheet").set_input_files(str(RAPSHEET))
    shot(page, "en-upload-1")
    page.get_by_role("button", name="Read my RAP sheet").click()
    page.get_by_role("heading", name="Your results").wait_for()
    assert "HS 11361.8" in page.content()
    axe_check(page, "en-upload-results")
    shot(page, "en-upload-2-results")


@pytest.mark.parametrize("path", ["/help/", "/privacy/", "/accounts/login/"])
@pytest.mark.parametrize("lang", ["en", "es"])
def test_other_public_pages_are_accessible(page: Any, live_server: Any, path: str, lang: str) -> None:
    if lang == "es":
        page.context.add_cookies([{"name": "django_language", "value": "es", "url": live_server.url}])
    page.goto(path)
    assert page.locator("html").get_attribute("lang") == lang
    axe_check(page, f"{lang}-{path.strip('/').replace('/', '-')}")


def test_advocate_corrects_a_count_and_the_determination_changes(page: Any, tmp_path: Path) -> None:
    from django.contrib.auth import get_user_model

    from clearpath.web.core.models import Membership, Organisation

    org = Organisation.objects.create(name="Browser Org", slug="browser")
    user = get_user_model().objects.create_user("advocate", password=PASSWORD)
    Membership.objects.create(user=user, organisation=org, role="advocate")
    record = sample_record()
    record["cases"][0]["counts"][0]["conviction_level"] = None  # as if the RAP sheet was unreadable there
    upload = tmp_path / "record.json"
    upload.write_text(json.dumps(record))

    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("advocate")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="Clients · Browser Org").wait_for()
    axe_check(page, "ws-clients")
    page.get_by_role("link", name="Add a client").click()
    page.get_by_label("Name").fill("Fictional Person")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", name="Fictional Person").wait_for()
    page.get_by_label("Upload a RAP sheet or record JSON").set_input_files(str(upload))
    page.get_by_role("button", name="Upload", exact=True).click()
    page.wait_for_selector("#count-now")
    now = page.locator("section[aria-labelledby=h-now]")
    before = int(page.locator("#count-now").inner_text())
    assert now.get_by_text("PC 1203.4", exact=True).count() == 0  # the petition needs the level first
    shot(page, "ws-1-before-correction")
    page.get_by_role("link", name="Correct c1 1").click()
    page.get_by_label("Field").select_option("conviction_level")
    page.get_by_label("Corrected value").fill("misdemeanor")
    page.get_by_label("Why (optional)").fill("Court docket says misdemeanor")
    shot(page, "ws-2-correction")
    axe_check(page, "ws-correct")
    page.get_by_role("button", name="Save correction").click()
    page.wait_for_selector("#count-now")
    assert int(page.locator("#count-now").inner_text()) == before + 1
    assert now.get_by_text("PC 1203.4", exact=True).count() == 1  # now it can be asked for
    assert "misdemeanor" in page.locator("details", has_text="Corrections").inner_text()
    axe_check(page, "ws-client")
    shot(page, "ws-3-after-correction")


def teardown_module() -> None:
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)



def test_api_docs_render_without_a_cdn(page: Any) -> None:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto("/api/v1/docs")
    page.get_by_text("/api/v1/check").first.wait_for(timeout=10000)
    shot(page, "api-docs")
    assert not [e for e in errors if "Content Security Policy" in e], errors
