from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner
from tests.web.helpers import ROOT, sample_record

from clearpath.cli import main as cli_main
from clearpath.web.core.models import ApiToken, Client, SourceRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def tokens(orgs: dict[str, Any]) -> dict[str, str]:
    return {slug: ApiToken.issue(orgs[slug]["users"]["advocate"], "test")[1] for slug in ("a", "b")}


def auth(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_token_required(client: Any, orgs: dict[str, Any]) -> None:
    assert client.get("/api/v1/clients").status_code == 401
    assert client.get("/api/v1/clients", **auth("cp_wrong")).status_code == 401
    # a logged-in browser session is not an API credential
    client.force_login(orgs["a"]["users"]["advocate"])
    assert client.get("/api/v1/clients").status_code == 401


def test_only_the_token_digest_is_stored(tokens: dict[str, str]) -> None:
    assert not ApiToken.objects.filter(digest=tokens["a"]).exists()
    assert ApiToken.objects.filter(digest=ApiToken.hash(tokens["a"])).exists()


def test_check_is_the_cli_json_contract(client: Any, tokens: dict[str, str], tmp_path: Path) -> None:
    record = sample_record()
    r = client.post("/api/v1/check", {"record": record, "as_of": "2026-11-22"}, content_type="application/json",
                    **auth(tokens["a"]))
    assert r.status_code == 200, r.content
    got = r.json()
    schema = json.loads((ROOT / "schemas" / "check-result-v1.schema.json").read_text())
    jsonschema.validate(got, schema)
    path = tmp_path / "record.json"
    path.write_text(json.dumps(record))
    cli = CliRunner().invoke(cli_main, ["check", str(path), "--as-of", "2026-11-22", "--format", "json"])
    assert cli.exit_code == 0
    assert got == json.loads(cli.output)


def test_check_rejects_unknown_remedy_and_bad_record(client: Any, tokens: dict[str, str]) -> None:
    r = client.post("/api/v1/check", {"record": sample_record(), "remedies": ["PC 0"]},
                    content_type="application/json", **auth(tokens["a"]))
    assert r.status_code == 422
    bad = sample_record()
    bad["person"]["favourite_colour"] = "blue"
    r = client.post("/api/v1/check", {"record": bad}, content_type="application/json", **auth(tokens["a"]))
    assert r.status_code == 422


def test_manage_clients(client: Any, orgs: dict[str, Any], tokens: dict[str, str]) -> None:
    r = client.post("/api/v1/clients", {"display_name": "API person"}, content_type="application/json",
                    **auth(tokens["a"]))
    assert r.status_code == 201
    cid = r.json()["id"]
    assert Client.objects.get(pk=cid).organisation == orgs["a"]["org"]
    r = client.post(f"/api/v1/clients/{cid}/records", sample_record(), content_type="application/json",
                    **auth(tokens["a"]))
    assert r.status_code == 201
    assert SourceRecord.objects.get(pk=r.json()["id"]).kind == "api"
    r = client.get(f"/api/v1/clients/{cid}/check?as_of=2026-11-22", **auth(tokens["a"]))
    assert r.status_code == 200
    assert any(d["remedy"] == "PC 1203.4" and d["status"] == "eligible" for d in r.json()["determinations"])
    names = [c["display_name"] for c in client.get("/api/v1/clients", **auth(tokens["a"])).json()]
    assert "API person" in names and "Client of B" not in names


def test_openapi_document(client: Any) -> None:
    r = client.get("/api/v1/openapi.json")
    assert r.status_code == 200
    doc = r.json()
    assert {"/api/v1/check", "/api/v1/clients", "/api/v1/bulk-jobs"} <= set(doc["paths"])
    assert "BearerAuth" in json.dumps(doc["components"]["securitySchemes"]) or doc["components"]["securitySchemes"]


def test_update_and_delete_client(client: Any, orgs: dict[str, Any], tokens: dict[str, str]) -> None:
    cid = orgs["a"]["client"].pk
    r = client.patch(f"/api/v1/clients/{cid}", {"notes": "called"}, content_type="application/json",
                     **auth(tokens["a"]))
    assert r.status_code == 200 and r.json()["notes"] == "called"
    assert client.delete(f"/api/v1/clients/{cid}", **auth(tokens["a"])).status_code == 403  # an advocate
    sup = ApiToken.issue(orgs["a"]["users"]["supervisor"], "s")[1]
    other = orgs["b"]["client"].pk
    assert client.delete(f"/api/v1/clients/{other}", **auth(sup)).status_code == 404
    assert client.patch(f"/api/v1/clients/{other}", {"notes": "x"}, content_type="application/json",
                        **auth(sup)).status_code == 404
    assert client.delete(f"/api/v1/clients/{cid}", **auth(sup)).status_code == 204
    assert not Client.objects.filter(pk=cid).exists() and Client.objects.filter(pk=other).exists()
    from clearpath.web.core.models import AuditEvent

    assert AuditEvent.objects.filter(action="delete", object_id=str(cid), via="api").exists()


def test_api_docs_use_no_cdn(client: Any) -> None:
    html = client.get("/api/v1/docs").content.decode()
    assert "cdn." not in html and "/static/ninja/swagger-ui-bundle.js" in html
    assert client.get("/static/ninja/swagger-ui-bundle.js").status_code == 200
    for url in ("/static/../settings.py", "/static/%2e%2e/settings.py", "/static/..%2fsettings.py"):
        assert client.get(url).status_code in (400, 404), url
