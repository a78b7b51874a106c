"""Secure by construction: organisation isolation, CSRF, login throttling, sessions, logs, uploads, headers."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.test import Client as HttpClient
from django.utils import timezone
from tests.web.helpers import PASSWORD, RAPSHEET

from clearpath.web.core import bulkjobs
from clearpath.web.core.models import ApiToken, AuditEvent, BulkJob, Correction, Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_job(orgs: dict[str, Any]) -> BulkJob:
    b = orgs["b"]
    job = BulkJob.objects.create(organisation=b["org"], created_by=b["users"]["advocate"], input_name="b.dat",
                                 as_of=timezone.localdate(), status="done")
    out = bulkjobs.out_dir(job)
    out.mkdir(parents=True, exist_ok=True)
    (out / "summary.json").write_text("{}")
    return job


def web_targets(b: dict[str, Any], job: BulkJob) -> list[tuple[str, str, dict[str, Any]]]:
    cid, sid, tid = b["client"].pk, b["source"].pk, b["task"].pk
    return [
        ("get", f"/workspace/clients/{cid}/", {}),
        ("post", f"/workspace/clients/{cid}/upload/", {"file": RAPSHEET.open("rb")}),
        ("post", f"/workspace/clients/{cid}/typed/", {"offense": "PC 488"}),
        ("post", f"/workspace/clients/{cid}/tasks/", {"title": "x", "kind": "task"}),
        ("post", f"/workspace/clients/{cid}/tasks/from-plan/", {}),
        ("get", f"/workspace/sources/{sid}/correct/?target=person", {}),
        ("post", f"/workspace/sources/{sid}/correct/", {"target": "person", "field": "dob", "value": "1990-01-01"}),
        ("post", f"/workspace/tasks/{tid}/done/", {}),
        ("post", f"/workspace/clients/{cid}/papers/", {}),
        ("post", f"/workspace/clients/{cid}/delete/", {}),
        ("get", f"/workspace/bulk/{job.pk}/", {}),
        ("get", f"/workspace/bulk/{job.pk}/files/summary.json", {}),
    ]


@pytest.mark.parametrize("role", ["advocate", "supervisor", "admin"])
def test_cross_organisation_web_access_is_denied(login: Any, orgs: dict[str, Any], other_job: BulkJob,
                                                 role: str) -> None:
    b = orgs["b"]
    c = login(orgs["a"]["users"][role])
    before = (b["client"].sources.count(), Task.objects.filter(client=b["client"]).count(), Correction.objects.count())
    for method, url, data in web_targets(b, other_job):
        r = getattr(c, method)(url, data)
        assert r.status_code == 404, (url, r.status_code)
    after = (b["client"].sources.count(), Task.objects.filter(client=b["client"]).count(), Correction.objects.count())
    assert before == after
    b["task"].refresh_from_db()
    assert b["task"].done is False
    assert AuditEvent.objects.filter(action="denied", user=orgs["a"]["users"][role]).count() == len(
        web_targets(b, other_job))


def test_lists_and_audit_log_show_only_own_organisation(login: Any, orgs: dict[str, Any], other_job: BulkJob) -> None:
    c = login(orgs["b"]["users"]["supervisor"])
    c.get(f"/workspace/clients/{orgs['b']['client'].pk}/")
    c = login(orgs["a"]["users"]["supervisor"])
    assert "Client of B" not in c.get("/workspace/").content.decode()
    assert "b.dat" not in c.get("/workspace/bulk/").content.decode()
    assert "Client of B" not in c.get("/workspace/audit/").content.decode()


def test_cannot_revoke_another_users_token(login: Any, orgs: dict[str, Any]) -> None:
    tok, _ = ApiToken.issue(orgs["b"]["users"]["advocate"], "b")
    c = login(orgs["a"]["users"]["admin"])
    c.post("/workspace/tokens/", {"revoke": tok.pk})
    assert ApiToken.objects.filter(pk=tok.pk).exists()


def test_cross_organisation_api_access_is_denied(client: HttpClient, orgs: dict[str, Any], other_job: BulkJob) -> None:
    token = ApiToken.issue(orgs["a"]["users"]["advocate"], "a")[1]
    h = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    cid = orgs["b"]["client"].pk
    assert client.get(f"/api/v1/clients/{cid}", **h).status_code == 404
    assert client.get(f"/api/v1/clients/{cid}/check", **h).status_code == 404
    r = client.post(f"/api/v1/clients/{cid}/records", {"format": "clearpath-record/1", "person": {"id": "x"}},
                    content_type="application/json", **h)
    assert r.status_code == 404
    assert client.get(f"/api/v1/bulk-jobs/{other_job.pk}", **h).status_code == 404
    assert client.get(f"/api/v1/bulk-jobs/{other_job.pk}/files/summary.json", **h).status_code == 404
    assert all(j["id"] != other_job.pk for j in client.get("/api/v1/bulk-jobs", **h).json())
    assert all(x["id"] != cid for x in client.get("/api/v1/clients", **h).json())
    assert orgs["b"]["client"].sources.count() == 1


def test_csrf_is_enforced(orgs: dict[str, Any]) -> None:
    c = HttpClient(enforce_csrf_checks=True)
    assert c.post("/accounts/login/", {"username": "advocate-a", "password": PASSWORD}).status_code == 403
    assert c.post("/check/", {"step": "about"}).status_code == 403
    c.force_login(orgs["a"]["users"]["advocate"])
    assert c.post("/workspace/clients/new/", {"display_name": "x"}).status_code == 403
    # with the token from the page, the same post works
    page = c.get("/workspace/clients/new/")
    token = page.content.decode().split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    assert c.post("/workspace/clients/new/", {"display_name": "x", "csrfmiddlewaretoken": token}).status_code == 302


def test_login_is_throttled(client: HttpClient, orgs: dict[str, Any]) -> None:
    for _ in range(5):
        r = client.post("/accounts/login/", {"username": "advocate-a", "password": "wrong"})
        assert r.status_code == 200
    r = client.post("/accounts/login/", {"username": "advocate-a", "password": PASSWORD})
    assert r.status_code == 429  # even the right password waits


def test_login_throttle_is_per_user_too(orgs: dict[str, Any]) -> None:
    for i in range(5):
        HttpClient(REMOTE_ADDR=f"10.0.0.{i}").post("/accounts/login/", {"username": "advocate-a", "password": "x"})
    r = HttpClient(REMOTE_ADDR="10.0.0.99").post("/accounts/login/", {"username": "advocate-a", "password": PASSWORD})
    assert r.status_code == 429


def test_sessions_expire(client: HttpClient, orgs: dict[str, Any], settings: Any) -> None:
    assert settings.SESSION_COOKIE_AGE <= 3600 and settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_HTTPONLY
    client.post("/accounts/login/", {"username": "advocate-a", "password": PASSWORD})
    assert client.get("/workspace/").status_code == 200
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    r = client.get("/workspace/")
    assert r.status_code == 302 and r["Location"].startswith("/accounts/login/")


def test_public_rate_limit(client: HttpClient, settings: Any) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "screener": (3, 600)}
    codes = [client.post("/check/", {"step": "about"}).status_code for _ in range(5)]
    assert codes[:3] == [200, 200, 200] and codes[3:] == [429, 429]


def test_no_record_data_in_logs(client: HttpClient, orgs: dict[str, Any], caplog: Any) -> None:
    """Drive every path that handles a person's data, with DEBUG logging on everywhere, and look for it."""
    marker_name = "Quixotic Marker-Name"
    caplog.set_level(logging.DEBUG)
    client.force_login(orgs["a"]["users"]["advocate"])
    client.post("/workspace/clients/new/", {"display_name": marker_name, "notes": "lives at 1 Secret Lane"})
    from clearpath.web.core.models import Client

    cid = Client.objects.get(display_name=marker_name).pk
    client.post(f"/workspace/clients/{cid}/typed/", {"offense": "PC 487(a)", "county": "Inyo"})
    with RAPSHEET.open("rb") as fh:
        client.post(f"/workspace/clients/{cid}/upload/", {"file": fh})
    client.get(f"/workspace/clients/{cid}/")
    client.post("/workspace/clients/new/", {"display_name": ""})  # a form error
    client.get("/workspace/clients/999999/")  # a 404
    anon = HttpClient()
    with RAPSHEET.open("rb") as fh:
        anon.post("/check/upload/", {"rapsheet": fh})
    token = ApiToken.issue(orgs["a"]["users"]["advocate"], "t")[1]
    anon.post("/api/v1/check", {"record": {"format": "clearpath-record/1", "person": {"id": "p", "name": marker_name}}},
              content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")
    anon.post("/api/v1/check", {"record": {"person": {"name": marker_name, "bad": 1}}},
              content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")  # a 422
    text = caplog.text
    assert "Not Found: /workspace/clients/999999/" in text  # logging was on and captured
    for secret in (marker_name, "Secret Lane", "EXAMPLE,SAM", "19800214", "11359", "487(a)", "Inyo"):
        assert secret not in text, secret


@pytest.mark.parametrize(("name", "data", "ok"), [
    ("sheet.txt", RAPSHEET.read_bytes(), True),
    ("sheet.exe", b"MZ\x90\x00", False),
    ("sheet.pdf", b"this is not a pdf", False),
    ("photo.png", b"GIF89a....", False),
    ("sheet.txt", b"\x00\x01\x02binary", False),
    ("empty.txt", b"", False),
])
def test_public_upload_type_checks(client: HttpClient, name: str, data: bytes, ok: bool) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    r = client.post("/check/upload/", {"rapsheet": SimpleUploadedFile(name, data)})
    assert (r.status_code == 200 and "Your results" in r.content.decode()) is ok
    if not ok:
        assert r.status_code == 400


def test_upload_size_limit(client: HttpClient, settings: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MAX_UPLOAD_BYTES = 1000
    r = client.post("/check/upload/", {"rapsheet": SimpleUploadedFile("big.txt", b"A" * 1001)})
    assert r.status_code == 400 and "too large" in r.content.decode()


def test_bulk_upload_checks(login: Any, orgs: dict[str, Any], settings: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    c = login(orgs["a"]["users"]["advocate"])
    r = c.post("/workspace/bulk/", {"file": SimpleUploadedFile("x.exe", b"abc")})
    assert r.status_code == 400
    r = c.post("/workspace/bulk/", {"file": SimpleUploadedFile("x.dat", b"a\x00b")})
    assert r.status_code == 400
    settings.MAX_BULK_UPLOAD_BYTES = 10
    r = c.post("/workspace/bulk/", {"file": SimpleUploadedFile("x.dat", b"a" * 11)})
    assert r.status_code == 400
    assert not BulkJob.objects.filter(organisation=orgs["a"]["org"]).exists()


def test_security_headers(client: HttpClient) -> None:
    r = client.get("/")
    assert "default-src 'self'" in r["Content-Security-Policy"]
    assert r["X-Frame-Options"] == "DENY"
    assert r["X-Content-Type-Options"] == "nosniff"
    assert r["Cache-Control"] == "no-store"
    assert "no-store" not in client.get("/static/clearpath/site.css").get("Cache-Control", "")


def test_debug_is_off_by_default(settings: Any) -> None:
    assert settings.DEBUG is False


def test_server_errors_are_logged_without_the_exception_message(client: HttpClient, orgs: dict[str, Any],
                                                                 caplog: Any, monkeypatch: Any) -> None:
    from clearpath.web.core import views

    def boom(request: Any) -> Any:
        raise RuntimeError("Quixotic Marker-Name lives at 1 Secret Lane")

    monkeypatch.setattr(views, "_client_analysis", boom)
    client.raise_request_exception = False
    client.force_login(orgs["a"]["users"]["advocate"])
    r = client.get(f"/workspace/clients/{orgs['a']['client'].pk}/")
    assert r.status_code == 500
    assert "Internal Server Error" in caplog.text and "RuntimeError" in caplog.text
    assert "Secret Lane" not in caplog.text
