from __future__ import annotations

import copy
from typing import Any

import pytest
from tests.web.helpers import RAPSHEET, sample_record

from clearpath.web.core.models import AuditEvent, Client, Correction, ImmutableError, SourceRecord, Task

pytestmark = pytest.mark.django_db


def statuses(client: Client) -> dict[str, str]:
    from clearpath.web.core.services import check_record, effective_record, today

    src = client.sources.first()
    assert src is not None
    res = check_record(effective_record(src), today())
    return {d.remedy: d.status for d in res.determinations}


def test_login_and_dashboard(client: Any, orgs: dict[str, Any]) -> None:
    r = client.post("/accounts/login/", {"username": "advocate-a", "password": "correct-horse-battery-9"})
    assert r.status_code == 302 and r["Location"] == "/workspace/"
    html = client.get("/workspace/").content.decode()
    assert "Client of A" in html and "Client of B" not in html


def test_workspace_needs_login(client: Any) -> None:
    r = client.get("/workspace/")
    assert r.status_code == 302 and r["Location"].startswith("/accounts/login/")


def test_add_client_and_audit(login: Any, orgs: dict[str, Any]) -> None:
    c = login(orgs["a"]["users"]["advocate"])
    r = c.post("/workspace/clients/new/", {"display_name": "Rivera, J.", "reference": "R-1", "notes": ""})
    assert r.status_code == 302
    new = Client.objects.get(display_name="Rivera, J.")
    assert new.organisation == orgs["a"]["org"]
    c.get(f"/workspace/clients/{new.pk}/")
    actions = list(AuditEvent.objects.filter(client=new).values_list("action", flat=True))
    assert "create" in actions and "view" in actions


def test_correction_changes_the_determination_and_keeps_the_source(login: Any, orgs: dict[str, Any]) -> None:
    a = orgs["a"]
    rec = copy.deepcopy(sample_record())
    rec["cases"][0]["counts"][0]["conviction_level"] = None
    src = SourceRecord.objects.create(client=a["client"], kind="rapsheet", record=rec)
    assert statuses(a["client"])["PC 1203.4"] == "needs_info"
    c = login(a["users"]["advocate"])
    r = c.post(f"/workspace/sources/{src.pk}/correct/",
               {"target": "cases.0.counts.0", "field": "conviction_level", "value": "misdemeanor", "note": "docket"})
    assert r.status_code == 302
    assert statuses(a["client"])["PC 1203.4"] == "eligible"
    src.refresh_from_db()
    assert src.record["cases"][0]["counts"][0]["conviction_level"] is None  # the source is never overwritten
    corr = Correction.objects.get(source=src)
    assert corr.author == a["users"]["advocate"] and corr.old_value is None and corr.new_value == "misdemeanor"
    assert corr.created_at is not None
    html = c.get(f"/workspace/clients/{a['client'].pk}/").content.decode()
    assert "Your conviction can be dismissed" in html
    assert AuditEvent.objects.filter(action="update", object_type="Correction").exists()


def test_invalid_correction_is_refused(login: Any, orgs: dict[str, Any]) -> None:
    a = orgs["a"]
    c = login(a["users"]["advocate"])
    r = c.post(f"/workspace/sources/{a['source'].pk}/correct/",
               {"target": "cases.0.counts.0", "field": "disposition_date", "value": "not a date"})
    assert r.status_code == 400
    assert not Correction.objects.exists()


def test_sources_and_corrections_are_immutable(orgs: dict[str, Any]) -> None:
    src = orgs["a"]["source"]
    src.record = {}
    with pytest.raises(ImmutableError):
        src.save()


def test_rapsheet_upload_in_workspace(login: Any, orgs: dict[str, Any]) -> None:
    a = orgs["a"]
    c = login(a["users"]["advocate"])
    with RAPSHEET.open("rb") as fh:
        r = c.post(f"/workspace/clients/{a['client'].pk}/upload/", {"file": fh})
    assert r.status_code == 302
    src = a["client"].sources.first()
    assert src.kind == "rapsheet" and "11359" in src.source_text
    assert "HS 11361.8" in statuses(a["client"])


def test_typed_conviction(login: Any, orgs: dict[str, Any]) -> None:
    a = orgs["a"]
    c = login(a["users"]["advocate"])
    r = c.post(f"/workspace/clients/{a['client'].pk}/typed/",
               {"county": "Fresno", "offense": "hs 11357(b)", "level": "misdemeanor", "disposition_date": "2012-01-05"})
    assert r.status_code == 302
    src = a["client"].sources.first()
    assert src.kind == "typed" and len(src.record["cases"]) == 2
    assert src.record["cases"][1]["counts"][0]["offense"] == "HS 11357(b)"


def test_tasks_and_eligible_on_dates(login: Any, orgs: dict[str, Any]) -> None:
    a = orgs["a"]
    rec = copy.deepcopy(sample_record())
    # Probation ends in the future: PC 1203.4 opens later.
    rec["cases"][0]["counts"][0]["sentence"].update(probation_end_date="2099-01-01", sentence_completed=False)
    SourceRecord.objects.create(client=a["client"], kind="typed", record=rec)
    c = login(a["users"]["advocate"])
    r = c.post(f"/workspace/clients/{a['client'].pk}/tasks/from-plan/")
    assert r.status_code == 302
    dated = Task.objects.filter(client=a["client"], kind="eligible_on")
    assert dated.exists() and all(t.due_date is not None for t in dated)
    c.post(f"/workspace/clients/{a['client'].pk}/tasks/from-plan/")
    assert Task.objects.filter(client=a["client"], kind="eligible_on").count() == dated.count()  # once each
    r = c.post(f"/workspace/clients/{a['client'].pk}/tasks/", {"title": "File CR-180", "kind": "deadline",
                                                               "due_date": "2027-01-15"})
    assert Task.objects.filter(title="File CR-180", organisation=a["org"]).exists()


def test_search_and_persistent_filters(login: Any, orgs: dict[str, Any]) -> None:
    a = orgs["a"]
    Client.objects.create(organisation=a["org"], display_name="Zed Person")
    c = login(a["users"]["advocate"])

    def table(r: Any) -> str:
        return str(r.content.decode().split("<tbody>")[1].split("</tbody>")[0])

    html = table(c.get("/workspace/?q=zed"))
    assert "Zed Person" in html and "Client of A" not in html
    html = table(c.get("/workspace/"))  # the filter persists
    assert "Zed Person" in html and "Client of A" not in html
    html = table(c.get("/workspace/?clear=1", follow=True))
    assert "Client of A" in html


def test_roles(login: Any, orgs: dict[str, Any]) -> None:
    a = orgs["a"]
    adv = login(a["users"]["advocate"])
    assert adv.get("/workspace/audit/").status_code == 403
    assert adv.get("/workspace/members/").status_code == 403
    sup = login(a["users"]["supervisor"])
    assert sup.get("/workspace/audit/").status_code == 200
    assert sup.get("/workspace/members/").status_code == 403
    adm = login(a["users"]["admin"])
    r = adm.post("/workspace/members/", {"username": "new-adv", "password": "long-enough-pass-1", "role": "advocate"})
    assert r.status_code == 302
    from django.contrib.auth import get_user_model

    assert get_user_model().objects.get(username="new-adv").membership.organisation == a["org"]


def test_client_papers_download_is_audited(login: Any, orgs: dict[str, Any]) -> None:
    pytest.importorskip("clearpath.documents.render")
    a = orgs["a"]
    c = login(a["users"]["advocate"])
    r = c.post(f"/workspace/clients/{a['client'].pk}/papers/", {"language": "es"})
    assert r.status_code == 200 and r["Content-Type"] == "application/zip"
    assert AuditEvent.objects.filter(action="download", client=a["client"]).exists()
    assert login(orgs["b"]["users"]["advocate"]).post(f"/workspace/clients/{a['client'].pk}/papers/").status_code == 404


def test_correction_page_shows_the_source_lines(login: Any, orgs: dict[str, Any]) -> None:
    a = orgs["a"]
    c = login(a["users"]["advocate"])
    with RAPSHEET.open("rb") as fh:
        c.post(f"/workspace/clients/{a['client'].pk}/upload/", {"file": fh})
    src = a["client"].sources.first()
    target = next(f"cases.{i}.counts.0" for i, case in enumerate(src.record["cases"])
                  if (case["counts"][0]["offense"] or "").startswith("HS 11359"))
    html = c.get(f"/workspace/sources/{src.pk}/correct/?target={target}").content.decode()
    assert "What the RAP sheet says" in html
    assert "11359 HS-POSSESS MARIJUANA FOR SALE" in html and "*DISPO:CONVICTED" in html


def test_only_supervisors_and_admins_delete_clients(login: Any, orgs: dict[str, Any]) -> None:
    a = orgs["a"]
    cid = a["client"].pk
    assert login(a["users"]["advocate"]).post(f"/workspace/clients/{cid}/delete/").status_code == 403
    assert Client.objects.filter(pk=cid).exists()
    r = login(a["users"]["supervisor"]).post(f"/workspace/clients/{cid}/delete/")
    assert r.status_code == 302 and not Client.objects.filter(pk=cid).exists()
    assert not SourceRecord.objects.filter(client_id=cid).exists()
    assert AuditEvent.objects.filter(action="delete", object_id=str(cid)).exists()


def test_admin_chooses_whether_the_organisation_accepts_shares(login: Any, orgs: dict[str, Any]) -> None:
    b = orgs["b"]
    assert not b["org"].accepts_public_shares
    assert login(b["users"]["supervisor"]).post("/workspace/members/", {"accepts_public_shares": "1"}).status_code \
        == 403
    login(b["users"]["admin"]).post("/workspace/members/", {"accepts_public_shares": "1"})
    b["org"].refresh_from_db()
    assert b["org"].accepts_public_shares
    orgs["a"]["org"].refresh_from_db()
    assert orgs["a"]["org"].accepts_public_shares  # the other organisation is untouched


def test_batch_papers_for_selected_clients(login: Any, orgs: dict[str, Any]) -> None:
    import io
    import zipfile

    pytest.importorskip("clearpath.documents.render")
    a = orgs["a"]
    empty = Client.objects.create(organisation=a["org"], display_name="No record yet")
    c = login(a["users"]["advocate"])
    r = c.post("/workspace/clients/papers/", {"client": [a["client"].pk, empty.pk]})
    assert r["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(r.content)).namelist()
    assert any(n.startswith(f"client-{a['client'].pk}/") and n.endswith(".pdf") for n in names)
    assert "NOT-INCLUDED.txt" in names
    # another organisation's client in the batch: refused as a whole
    r = c.post("/workspace/clients/papers/", {"client": [a["client"].pk, orgs["b"]["client"].pk]})
    assert r.status_code == 404


def test_workspace_in_spanish(login: Any, orgs: dict[str, Any]) -> None:
    c = login(orgs["a"]["users"]["advocate"])
    c.cookies["django_language"] = "es"
    html = c.get(f"/workspace/clients/{orgs['a']['client'].pk}/").content.decode()
    assert '<html lang="es">' in html
    assert "<td>condenado</td><td>delito menor</td>" in html
    assert "Su condena puede ser desestimada" in html
