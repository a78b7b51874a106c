"""Workspace additions: the "has relief now" / "becomes eligible within N days" client filters, editing a
client, and deactivating or reactivating a member."""

from __future__ import annotations

import copy
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client as HttpClient
from tests.web.helpers import PASSWORD, sample_record

from clearpath.web.core import views
from clearpath.web.core.models import ApiToken, AuditEvent, Client, Correction, Membership, SourceRecord
from clearpath.web.core.services import check_record, effective_record, today

pytestmark = pytest.mark.django_db


def table(r: Any) -> str:
    return str(r.content.decode().split("<tbody>")[1].split("</tbody>")[0])


def csrf_token(page: Any) -> str:
    return str(page.content.decode().split('name="csrfmiddlewaretoken" value="')[1].split('"')[0])


def later_record(days: int) -> dict[str, Any]:
    """Probation that ends in `days` days: dismissal (PC 1203.4) opens then."""
    rec = copy.deepcopy(sample_record())
    count = rec["cases"][0]["counts"][0]
    count["disposition_date"] = (today() - timedelta(days=700)).isoformat()
    count["sentence"]["probation_end_date"] = (today() + timedelta(days=days)).isoformat()
    count["sentence"]["sentence_completed"] = False
    return rec


def blocked_record() -> dict[str, Any]:
    rec = copy.deepcopy(sample_record())
    rec["person"]["pending_case"] = True  # an open case: nothing is available now
    return rec


@pytest.fixture
def relief_clients(orgs: dict[str, Any]) -> dict[str, Client]:
    a = orgs["a"]
    out = {"now": a["client"]}
    for name, rec in (("later", later_record(20)), ("blocked", blocked_record()), ("norecord", None)):
        c = Client.objects.create(organisation=a["org"], display_name=f"Relief {name}")
        if rec is not None:
            SourceRecord.objects.create(client=c, kind="typed", record=rec)
        out[name] = c
    return out


def engine_view(client: Client) -> tuple[bool, Any]:
    """What the engine says for the client's current record, the way the client page computes it."""
    src = client.sources.first()
    if src is None:
        return False, None
    res = check_record(effective_record(src), today())
    later = [d.eligible_on for d in res.determinations if d.status == "eligible_later" and d.eligible_on]
    return any(d.status == "eligible" for d in res.determinations), min(later, default=None)


# --- "has relief now" and "becomes eligible within N days" ----------------------------------------------


def test_relief_summary_matches_the_engine_per_client(relief_clients: dict[str, Client]) -> None:
    got = views.relief_summary([c.pk for c in relief_clients.values()], today())
    for c in relief_clients.values():
        if c.sources.exists():
            assert got[c.pk] == engine_view(c), c.display_name
        else:
            assert c.pk not in got
    assert got[relief_clients["now"].pk][0] is True
    assert got[relief_clients["later"].pk] == (False, today() + timedelta(days=20))
    assert got[relief_clients["blocked"].pk] == (False, None)


def test_has_relief_now_filter_persists_and_combines(login: Any, orgs: dict[str, Any],
                                                     relief_clients: dict[str, Client]) -> None:
    c = login(orgs["a"]["users"]["advocate"])
    html = table(c.get("/workspace/?relief=now"))
    assert "Client of A" in html
    assert "Relief later" not in html and "Relief blocked" not in html and "Relief norecord" not in html
    html = table(c.get("/workspace/"))  # persisted in the session
    assert "Client of A" in html and "Relief later" not in html
    assert 'id="f-relief" name="relief" value="now" checked' in c.get("/workspace/").content.decode()
    html = table(c.get("/workspace/?relief=now&q=relief"))  # combined with search: both must hold
    assert "No clients match." in html
    html = table(c.get("/workspace/?clear=1", follow=True))
    assert all(f"Relief {n}" in html for n in ("later", "blocked", "norecord")) and "Client of A" in html


def test_becomes_eligible_within_n_days(login: Any, orgs: dict[str, Any], relief_clients: dict[str, Client]) -> None:
    c = login(orgs["a"]["users"]["advocate"])
    html = table(c.get("/workspace/?within=30"))
    assert "Relief later" in html and "Client of A" not in html and "Relief blocked" not in html
    assert "Relief later" not in table(c.get("/workspace/?within=10"))
    assert "Relief later" not in table(c.get("/workspace/?within=30&relief=now"))
    # a nonsense value is ignored rather than failing
    html = table(c.get("/workspace/?within=abc"))
    assert "Relief later" in html and "Client of A" in html
    assert c.get("/workspace/?within=99999999999999999999").status_code == 200


def test_relief_filter_follows_corrections_and_uses_the_cache(login: Any, orgs: dict[str, Any],
                                                              relief_clients: dict[str, Client],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = views._evaluate_relief

    def counting(records: dict[int, Any], *args: Any) -> Any:
        calls.append(len(records))
        return real(records, *args)

    monkeypatch.setattr(views, "_evaluate_relief", counting)
    c = login(orgs["a"]["users"]["advocate"])
    assert "Relief blocked" not in table(c.get("/workspace/?relief=now"))
    assert calls == [3]  # one batch for the three clients with a record
    c.get("/workspace/?relief=now")
    assert calls == [3]  # cached
    src = relief_clients["blocked"].sources.get()
    r = c.post(f"/workspace/sources/{src.pk}/correct/", {"target": "person", "field": "pending_case", "value": "no"})
    assert r.status_code == 302
    assert "Relief blocked" in table(c.get("/workspace/?relief=now"))  # a new record version
    assert calls == [3, 1]
    # a newer source replaces the old one as the current record
    SourceRecord.objects.create(client=relief_clients["now"], kind="typed", record=blocked_record())
    assert "Client of A" not in table(c.get("/workspace/?relief=now"))


def test_relief_filter_skips_a_record_the_corrections_broke(login: Any, orgs: dict[str, Any],
                                                            relief_clients: dict[str, Client]) -> None:
    a = orgs["a"]
    Correction.objects.create(source=a["source"], path="cases.0.counts.0.disposition_date", old_value=None,
                              new_value="not a date", author=a["users"]["advocate"])
    c = login(a["users"]["advocate"])
    r = c.get("/workspace/?relief=now")
    assert r.status_code == 200 and "Client of A" not in table(r)


def test_relief_filter_never_shows_another_organisation(login: Any, orgs: dict[str, Any],
                                                        relief_clients: dict[str, Client]) -> None:
    c = login(orgs["b"]["users"]["advocate"])
    html = table(c.get("/workspace/?relief=now"))
    assert "Client of B" in html and "Client of A" not in html
    assert "Relief" not in table(c.get("/workspace/?within=365"))


# --- editing a client -----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["advocate", "supervisor", "admin"])
def test_edit_client(login: Any, orgs: dict[str, Any], role: str) -> None:
    a = orgs["a"]
    cid = a["client"].pk
    c = login(a["users"][role])
    page = c.get(f"/workspace/clients/{cid}/")
    assert f"/workspace/clients/{cid}/edit/" in page.content.decode()
    form = c.get(f"/workspace/clients/{cid}/edit/")
    assert form.status_code == 200 and "Client of A" in form.content.decode()
    r = c.post(f"/workspace/clients/{cid}/edit/", {"display_name": "Renamed Person", "reference": "R-9",
                                                   "notes": "call after 5pm", "last_contact": "2026-11-01"})
    assert r.status_code == 302 and r["Location"] == f"/workspace/clients/{cid}/"
    a["client"].refresh_from_db()
    assert (a["client"].display_name, a["client"].reference, a["client"].notes, str(a["client"].last_contact)) == \
        ("Renamed Person", "R-9", "call after 5pm", "2026-11-01")
    assert a["client"].organisation == a["org"]
    ev = AuditEvent.objects.get(action="update", object_type="Client", object_id=str(cid))
    assert ev.user == a["users"][role] and ev.client_id == cid and ev.organisation == a["org"] and ev.via == "web"
    for value in AuditEvent.objects.values_list("action", "object_type", "object_id", "via"):
        assert not any(s in str(value) for s in ("Renamed", "R-9", "5pm"))


def test_edit_client_refuses_an_empty_name(login: Any, orgs: dict[str, Any]) -> None:
    a = orgs["a"]
    c = login(a["users"]["advocate"])
    r = c.post(f"/workspace/clients/{a['client'].pk}/edit/", {"display_name": "", "reference": "", "notes": ""})
    assert r.status_code == 400
    a["client"].refresh_from_db()
    assert a["client"].display_name == "Client of A"
    assert not AuditEvent.objects.filter(action="update", object_type="Client").exists()


def test_unchanged_edit_is_not_logged_as_a_change(login: Any, orgs: dict[str, Any]) -> None:
    a = orgs["a"]
    c = login(a["users"]["advocate"])
    r = c.post(f"/workspace/clients/{a['client'].pk}/edit/", {"display_name": "Client of A"})
    assert r.status_code == 302
    assert not AuditEvent.objects.filter(action="update", object_type="Client").exists()


@pytest.mark.parametrize("role", ["advocate", "supervisor", "admin"])
def test_edit_client_of_another_organisation_is_denied(login: Any, orgs: dict[str, Any], role: str) -> None:
    b = orgs["b"]
    c = login(orgs["a"]["users"][role])
    url = f"/workspace/clients/{b['client'].pk}/edit/"
    assert c.get(url).status_code == 404
    assert c.post(url, {"display_name": "Hijacked"}).status_code == 404
    b["client"].refresh_from_db()
    assert b["client"].display_name == "Client of B"
    assert AuditEvent.objects.filter(action="denied", user=orgs["a"]["users"][role]).count() == 2


def test_edit_client_needs_login_and_csrf(orgs: dict[str, Any]) -> None:
    cid = orgs["a"]["client"].pk
    url = f"/workspace/clients/{cid}/edit/"
    c = HttpClient(enforce_csrf_checks=True)
    r = c.get(url)
    assert r.status_code == 302 and r["Location"].startswith("/accounts/login/")
    c.force_login(orgs["a"]["users"]["advocate"])
    assert c.post(url, {"display_name": "No token"}).status_code == 403
    orgs["a"]["client"].refresh_from_db()
    assert orgs["a"]["client"].display_name == "Client of A"
    token = csrf_token(c.get(url))
    assert c.post(url, {"display_name": "With token", "csrfmiddlewaretoken": token}).status_code == 302
    orgs["a"]["client"].refresh_from_db()
    assert orgs["a"]["client"].display_name == "With token"


# --- deactivating and reactivating members --------------------------------------------------------------


def test_admin_deactivates_and_reactivates_a_member(client: HttpClient, login: Any, orgs: dict[str, Any]) -> None:
    a = orgs["a"]
    adv = a["users"]["advocate"]
    token = ApiToken.issue(adv, "t")[1]
    h = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    # the advocate has a live session in another browser
    other = HttpClient()
    other.force_login(adv)
    assert other.get("/workspace/").status_code == 200

    admin = login(a["users"]["admin"])
    page = admin.get("/workspace/members/").content.decode()
    assert f"/workspace/members/{adv.pk}/active/" in page
    r = admin.post(f"/workspace/members/{adv.pk}/active/", {"active": "0"})
    assert r.status_code == 302 and r["Location"] == "/workspace/members/"
    adv.refresh_from_db()
    assert adv.is_active is False
    assert "deactivated" in admin.get("/workspace/members/").content.decode()
    ev = AuditEvent.objects.get(action="deactivate")
    assert (ev.object_type, ev.object_id, ev.user, ev.organisation) == ("User", str(adv.pk), a["users"]["admin"],
                                                                         a["org"])

    # no login, no session, no API token
    fresh = HttpClient()
    r = fresh.post("/accounts/login/", {"username": "advocate-a", "password": PASSWORD})
    assert r.status_code != 302 and "_auth_user_id" not in fresh.session
    r = other.get("/workspace/")
    assert r.status_code == 302 and r["Location"].startswith("/accounts/login/")
    assert HttpClient().get("/api/v1/clients", **h).status_code == 401

    # reactivated: all of it works again (the token was kept)
    assert admin.post(f"/workspace/members/{adv.pk}/active/", {"active": "1"}).status_code == 302
    adv.refresh_from_db()
    assert adv.is_active is True
    assert AuditEvent.objects.filter(action="reactivate", object_id=str(adv.pk)).count() == 1
    assert HttpClient().post("/accounts/login/", {"username": "advocate-a", "password": PASSWORD}).status_code == 302
    assert HttpClient().get("/api/v1/clients", **h).status_code == 200


def test_admin_may_deactivate_another_admin(login: Any, orgs: dict[str, Any]) -> None:
    a = orgs["a"]
    User = get_user_model()
    second = User.objects.create_user("admin2-a", password=PASSWORD)
    Membership.objects.create(user=second, organisation=a["org"], role="admin")
    r = login(a["users"]["admin"]).post(f"/workspace/members/{second.pk}/active/", {"active": "0"})
    assert r.status_code == 302
    second.refresh_from_db()
    assert not second.is_active


def test_admin_cannot_deactivate_themselves(login: Any, orgs: dict[str, Any]) -> None:
    a = orgs["a"]
    me = a["users"]["admin"]
    c = login(me)
    r = c.post(f"/workspace/members/{me.pk}/active/", {"active": "0"}, follow=True)
    assert r.status_code == 200 and "You cannot deactivate yourself." in r.content.decode()
    me.refresh_from_db()
    assert me.is_active
    assert not AuditEvent.objects.filter(action="deactivate").exists()
    assert f"/workspace/members/{me.pk}/active/" not in c.get("/workspace/members/").content.decode()


def test_last_active_admin_is_kept(login: Any, orgs: dict[str, Any]) -> None:
    """The organisation always keeps an active admin (the last one can only be reached as oneself)."""
    a = orgs["a"]
    User = get_user_model()
    # a second admin who is the only *other* admin; the first admin is then deactivated by them
    second = User.objects.create_user("admin2-a", password=PASSWORD)
    Membership.objects.create(user=second, organisation=a["org"], role="admin")
    c2 = login(second)
    assert c2.post(f"/workspace/members/{a['users']['admin'].pk}/active/", {"active": "0"}).status_code == 302
    # now `second` is the last active admin: nobody (not even themselves) can deactivate them
    r = c2.post(f"/workspace/members/{second.pk}/active/", {"active": "0"})
    assert r.status_code == 302
    second.refresh_from_db()
    assert second.is_active
    assert Membership.objects.filter(organisation=a["org"], role="admin", user__is_active=True).count() == 1


@pytest.mark.parametrize("role", ["advocate", "supervisor"])
def test_only_admins_deactivate_members(login: Any, orgs: dict[str, Any], role: str) -> None:
    a = orgs["a"]
    target = a["users"]["advocate"] if role == "supervisor" else a["users"]["supervisor"]
    r = login(a["users"][role]).post(f"/workspace/members/{target.pk}/active/", {"active": "0"})
    assert r.status_code == 403
    target.refresh_from_db()
    assert target.is_active
    assert not AuditEvent.objects.filter(action="deactivate").exists()


def test_deactivating_a_member_of_another_organisation_is_denied(login: Any, orgs: dict[str, Any]) -> None:
    a, b = orgs["a"], orgs["b"]
    c = login(a["users"]["admin"])
    for user in b["users"].values():
        assert c.post(f"/workspace/members/{user.pk}/active/", {"active": "0"}).status_code == 404
        user.refresh_from_db()
        assert user.is_active
    assert AuditEvent.objects.filter(action="denied", user=a["users"]["admin"]).count() == 3
    assert "advocate-b" not in c.get("/workspace/members/").content.decode()


def test_deactivation_needs_post_and_csrf(orgs: dict[str, Any]) -> None:
    a = orgs["a"]
    adv = a["users"]["advocate"]
    url = f"/workspace/members/{adv.pk}/active/"
    c = HttpClient(enforce_csrf_checks=True)
    c.force_login(a["users"]["admin"])
    assert c.get(url).status_code == 405
    assert c.post(url, {"active": "0"}).status_code == 403
    adv.refresh_from_db()
    assert adv.is_active
    token = csrf_token(c.get("/workspace/members/"))
    assert c.post(url, {"active": "0", "csrfmiddlewaretoken": token}).status_code == 302
    adv.refresh_from_db()
    assert not adv.is_active
