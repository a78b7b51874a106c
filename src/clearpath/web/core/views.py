"""Pages: the public screener and the advocate workspace."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from datetime import date, timedelta
from functools import wraps
from typing import Any, ClassVar, TypeVar, cast

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from clearpath.law.ca import california
from clearpath.records.model import Record
from clearpath.web.core import screener as sc
from clearpath.web.core.models import (
    ApiToken,
    AuditEvent,
    Client,
    Correction,
    Membership,
    Organisation,
    Role,
    SourceRecord,
    Task,
)
from clearpath.web.core.present import count_rows, present
from clearpath.web.core.services import (
    PathError,
    UploadError,
    audit,
    build_papers,
    check_record,
    effective_json,
    effective_record,
    owned,
    papers_available,
    rate_limited,
    read_upload,
    today,
    validate_correction,
)

V = TypeVar("V", bound=Callable[..., HttpResponseBase])

UPLOAD_ERRORS = {
    "too_large": gettext_lazy("The file is too large. The limit is 10 MB."),
    "empty": gettext_lazy("The file is empty."),
    "unsupported": gettext_lazy("This kind of file is not accepted. Use a text file, a PDF, or a PNG or JPEG photo."),
    "mismatch": gettext_lazy("The file's contents do not match its type. Use a text file, a PDF, or a photo."),
    "unreadable": gettext_lazy("We could not read this file. Try a clearer photo, a PDF, or answer the questions "
                               "instead."),
}


def common_context(request: HttpRequest) -> dict[str, Any]:
    membership = getattr(request.user, "membership", None) if request.user.is_authenticated else None
    return {"membership": membership}


def too_many(request: HttpRequest) -> HttpResponse:
    return render(request, "clearpath/too_many.html", status=429)


# --- public -----------------------------------------------------------------------------------------------


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "clearpath/home.html")


def help_page(request: HttpRequest) -> HttpResponse:
    return render(request, "clearpath/help.html")


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "clearpath/privacy.html")


def _results(request: HttpRequest, record: Record, state_token: str, issues: list[Any] | None = None,
             source: str = "questions") -> HttpResponse:
    try:
        result = check_record(record, today(), issues)
    except ValueError:  # the engine could not evaluate these answers (logged without them)
        return render(request, "clearpath/too_many.html", {"unreadable": True}, status=422)
    orgs = Organisation.objects.filter(accepts_public_shares=True).order_by("name")
    return render(request, "clearpath/results.html", {
        "res": present(result, record), "state": state_token, "source": source,
        "orgs": orgs, "cases": record.cases, "papers": papers_available(),
    })


@require_http_methods(["GET", "POST"])
def screener(request: HttpRequest) -> HttpResponse:
    """Guided questions. Steps: about you -> a case (repeatable) -> review -> results."""
    if request.method == "POST" and rate_limited(request, "screener"):
        return too_many(request)
    state = sc.load_state(request.POST.get("state") if request.method == "POST" else None)
    step = request.POST.get("step", "about") if request.method == "POST" else "about"
    action = request.POST.get("action", "next")
    form: forms.Form
    ctx: dict[str, Any] = {}

    if request.method == "GET":
        form, step = sc.AboutForm(initial=state.get("about") or {}), "about"
    elif action == "back":
        if step == "sentence":
            form, step = sc.CaseForm(initial=state.get("draft") or {}), "case"
        elif step == "case" and state["cases"]:
            state["draft"] = None
            form, step = sc.AboutForm(), "review"
        else:
            form, step = sc.AboutForm(initial=state.get("about") or {}), "about"
    elif step == "about":
        form = sc.AboutForm(request.POST)
        if form.is_valid():
            state["about"] = sc.form_to_state(form.cleaned_data)
            step = "review" if state["cases"] else "case"
            form = sc.CaseForm()
    elif step == "case":
        form = sc.CaseForm(request.POST)
        if form.is_valid():
            state["draft"] = sc.form_to_state(form.cleaned_data)
            form, step = sc.SentenceForm(), "sentence"
    elif step == "sentence":
        form = sc.SentenceForm(request.POST)
        if form.is_valid() and state.get("draft"):
            if len(state["cases"]) < sc.MAX_CASES:
                state["cases"].append({**state["draft"], **sc.form_to_state(form.cleaned_data)})
            state["draft"] = None
            step = "review"
        elif not state.get("draft"):
            form, step = sc.CaseForm(), "case"
    elif step == "review":
        if action == "add" and len(state["cases"]) < sc.MAX_CASES:
            step, form = "case", sc.CaseForm()
        elif action.startswith("remove-"):
            idx = action.removeprefix("remove-")
            if idx.isdigit() and int(idx) < len(state["cases"]):
                del state["cases"][int(idx)]
            step = "review" if state["cases"] else "case"
            form = sc.CaseForm()
        elif action == "results" and state.get("about") and state["cases"]:
            return _results(request, sc.state_to_record(state), sc.dump_state(state))
        elif not state.get("about"):
            step, form = "about", sc.AboutForm()
        elif not state["cases"]:
            step, form = "case", sc.CaseForm()
        else:
            step, form = "review", sc.AboutForm()
    else:
        step, form = "about", sc.AboutForm()

    if step == "review":
        record = sc.state_to_record(state)
        ctx["cases"] = record.cases
    total = 4
    number = {"about": 1, "case": 2, "sentence": 3, "review": 4}[step]
    return render(request, "clearpath/screener.html", {
        "form": form, "step": step, "number": number, "total": total,
        "state": sc.dump_state(state), "case_number": len(state["cases"]) + 1, **ctx,
    })


@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        if rate_limited(request, "upload"):
            return too_many(request)
        form = sc.UploadForm(request.POST, request.FILES)
        if form.is_valid():
            f = form.cleaned_data["rapsheet"]
            if f.size > settings.MAX_UPLOAD_BYTES:
                form.add_error("rapsheet", UPLOAD_ERRORS["too_large"])
            else:
                try:
                    got = read_upload(f.name, f.read())
                except UploadError as exc:
                    form.add_error("rapsheet", UPLOAD_ERRORS.get(str(exc), UPLOAD_ERRORS["unreadable"]))
                else:
                    state = {"record": got.record.model_dump(mode="json"),
                             "issues": [i.model_dump(mode="json") for i in got.issues]}
                    return _results(request, got.record, sc.dump_state(state), got.issues, source="rapsheet")
        status = 400
    else:
        form = sc.UploadForm()
        status = 200
    return render(request, "clearpath/upload.html", {"form": form}, status=status)


def _record_from_state(token: str | None) -> Record | None:
    state = sc.load_state(token)
    if "record" in state:
        try:
            return Record.model_validate(state["record"])
        except ValueError:
            return None
    if state.get("about") and state.get("cases"):
        return sc.state_to_record(state)
    return None


@require_POST
def save_answers(request: HttpRequest) -> HttpResponse:
    """The person's own copy of their answers, as record JSON. Nothing is kept on the server."""
    record = _record_from_state(request.POST.get("state"))
    if record is None:
        return redirect("screener")
    resp = HttpResponse(record.model_dump_json(indent=2), content_type="application/json")
    resp["Content-Disposition"] = 'attachment; filename="my-record.json"'
    return resp


def _zip_response(data: bytes, name: str) -> HttpResponse:
    resp = HttpResponse(data, content_type="application/zip")
    resp["Content-Disposition"] = f'attachment; filename="{name}"'
    return resp


@require_POST
def papers(request: HttpRequest) -> HttpResponse:
    """The person's papers as PDFs in a zip, made on the fly from their answers; nothing is kept."""
    if rate_limited(request, "upload"):
        return too_many(request)
    record = _record_from_state(request.POST.get("state"))
    if record is None or not papers_available():
        return redirect("screener")
    try:
        data = build_papers(record, today(), get_language() or "en")
    except ValueError:
        return redirect("screener")
    return _zip_response(data, "my-papers.zip")


@require_POST
def share(request: HttpRequest) -> HttpResponse:
    """Share the answers with an organisation: only with the box ticked, and only to one that accepts shares."""
    if rate_limited(request, "upload"):
        return too_many(request)
    record = _record_from_state(request.POST.get("state"))
    org = Organisation.objects.filter(pk=request.POST.get("organisation") or 0, accepts_public_shares=True).first()
    name = (request.POST.get("name") or "").replace("\x00", "").strip()[:200]
    contact = (request.POST.get("contact") or "").replace("\x00", "").strip()[:200]
    if record is None or org is None or request.POST.get("consent") != "yes" or not name:
        return render(request, "clearpath/share_done.html", {"ok": False}, status=400)
    secret = secrets.token_urlsafe(24)
    with transaction.atomic():
        client = Client.objects.create(organisation=org, display_name=name, notes=contact, shared_by_person=True,
                                       withdraw_digest=ApiToken.hash(secret))
        client.reference = f"S-{client.pk:06d}"
        client.save(update_fields=["reference"])
        src = SourceRecord.objects.create(client=client, kind=SourceRecord.Kind.shared,
                                          record=record.model_dump(mode="json"))
        audit(None, "share", src, client=client, organisation=org)
    withdraw = request.build_absolute_uri(reverse("withdraw", args=[secret]))
    return render(request, "clearpath/share_done.html", {"ok": True, "org": org, "reference": client.reference,
                                                         "withdraw": withdraw})


@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, secret: str) -> HttpResponse:
    """Take a share back: the link given when sharing deletes the client and everything attached to it."""
    if rate_limited(request, "upload"):
        return too_many(request)
    client = Client.objects.filter(shared_by_person=True, withdraw_digest=ApiToken.hash(secret)).first() \
        if secret else None
    if client is None:
        return render(request, "clearpath/withdraw.html", {"gone": True}, status=404)
    if request.method == "POST":
        org = client.organisation
        audit(None, "withdraw", client, organisation=org)
        client.delete()
        return render(request, "clearpath/withdraw.html", {"done": True})
    return render(request, "clearpath/withdraw.html", {"org": client.organisation})


# --- accounts ---------------------------------------------------------------------------------------------


class ThrottledLoginView(auth_views.LoginView):
    """Login with a limit on attempts per address and per user name."""

    template_name = "clearpath/login.html"
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        username = (request.POST.get("username") or "").lower()[:150]
        if rate_limited(request, "login") or rate_limited(request, "login", key=f"user:{username}"):
            return render(request, "clearpath/too_many.html", {"login": True}, status=429)
        return super().post(request, *args, **kwargs)


def member_required(view: V) -> V:
    @wraps(view)
    @login_required
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not hasattr(request.user, "membership"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return cast(V, wrapper)


def user_of(request: HttpRequest) -> Any:
    """The logged-in user (views using this are behind member_required)."""
    if not request.user.is_authenticated:
        raise PermissionDenied
    return request.user


def org_of(request: HttpRequest) -> Organisation:
    return cast(Membership, request.user.membership).organisation  # type: ignore[union-attr]


def own_client(request: HttpRequest, pk: int) -> Client:
    """The client, only if it belongs to the user's organisation (else 404, and the attempt is logged)."""
    client = owned(request, Client, pk, org_of(request))
    if client is None:
        raise Http404
    return client


def own_source(request: HttpRequest, pk: int) -> SourceRecord:
    src = SourceRecord.objects.filter(pk=pk, client__organisation=org_of(request)).select_related("client").first()
    if src is None:
        audit(request, "denied", None)
        raise Http404
    return src


# --- workspace --------------------------------------------------------------------------------------------


class ClientForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Client
        fields: ClassVar = ["display_name", "reference", "notes", "last_contact"]
        labels: ClassVar = {"display_name": gettext_lazy("Name"), "reference": gettext_lazy("Reference (optional)"),
                            "notes": gettext_lazy("Notes"), "last_contact": gettext_lazy("Last contact")}
        widgets: ClassVar = {"last_contact": forms.DateInput(attrs={"type": "date"})}


def client_queryset(request: HttpRequest, params: dict[str, str]) -> QuerySet[Client]:
    qs = Client.objects.filter(organisation=org_of(request))
    q = params.get("q", "").strip()
    if q:
        qs = qs.filter(Q(display_name__icontains=q) | Q(reference__icontains=q))
    if params.get("shared") == "1":
        qs = qs.filter(shared_by_person=True)
    if params.get("open_tasks") == "1":
        qs = qs.filter(tasks__done=False).distinct()
    if params.get("due") == "30":
        qs = qs.filter(tasks__done=False, tasks__due_date__lte=today() + timedelta(days=30)).distinct()
    within = within_days(params)
    if params.get("relief") == "now" or within is not None:
        as_of = today()
        summary = relief_summary(qs.values("pk"), as_of)
        keep = [pk for pk, (now, nxt) in summary.items()
                if (params.get("relief") != "now" or now)
                and (within is None or (nxt is not None and nxt <= as_of + timedelta(days=within)))]
        qs = qs.filter(pk__in=keep)
    return qs


MAX_WITHIN_DAYS = 3650


def within_days(params: dict[str, str]) -> int | None:
    """The "becomes eligible within N days" filter, when given as a whole number of days (1 to 3650)."""
    raw = str(params.get("within", "")).strip()
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_WITHIN_DAYS:
        return None
    return int(raw)


def relief_summary(client_ids: list[int] | QuerySet[Any], as_of: date) -> dict[int, tuple[bool, date | None]]:
    """For each client with a record: (some relief is `eligible` now, earliest `eligible_later` date).

    Computed by the engine from each client's current record (its newest source with the corrections
    applied), as the client page does. Cached per client, keyed by the record's version (source id,
    number and last id of its corrections), the analysis date and the law version. Uncached clients are
    evaluated together in one counts frame (the engine's bulk path, the same rules as `check`).
    """
    pack = california()
    law = pack.law_version(as_of)
    newest = SourceRecord.objects.filter(client_id=OuterRef("client_id")).order_by("-created_at", "-id")
    sources = (SourceRecord.objects.filter(client_id__in=client_ids, pk=Subquery(newest.values("pk")[:1]))
               .annotate(n_corr=Count("corrections"), last_corr=Max("corrections__id"))
               .only("id", "client_id"))
    latest: dict[int, SourceRecord] = {s.client_id: s for s in sources}
    keys = {cid: (f"clearpath:relief:{s.pk}:{s.n_corr}:{s.last_corr or 0}:"  # type: ignore[attr-defined]
                  f"{as_of.isoformat()}:{law}") for cid, s in latest.items()}
    cached = cache.get_many(list(keys.values()))
    out: dict[int, tuple[bool, date | None]] = {}
    todo: dict[int, Record] = {}
    missing = [cid for cid in latest if keys[cid] not in cached]
    wanted = [latest[cid].pk for cid in missing]
    docs = dict(SourceRecord.objects.filter(pk__in=wanted).values_list("pk", "record"))
    corrections: dict[int, list[Correction]] = {}
    for c in Correction.objects.filter(source_id__in=wanted).order_by("created_at", "id"):
        corrections.setdefault(c.source_id, []).append(c)
    for cid, key in keys.items():
        if key in cached:
            now, nxt = cached[key]
            out[cid] = (bool(now), date.fromisoformat(nxt) if nxt else None)
            continue
        src = latest[cid]
        src.record = docs[src.pk]
        try:
            record = Record.model_validate(effective_json(src, corrections.get(src.pk, [])))
        except (ValueError, PathError):
            out[cid] = (False, None)  # an invalid corrected record has no determinations
            continue
        todo[cid] = record.model_copy(update={"person": record.person.model_copy(update={"id": f"client-{cid}"})})
    if todo:
        out.update(_evaluate_relief(todo, as_of, pack))
    fresh: dict[str, tuple[bool, str | None]] = {}
    for cid in missing:
        now, nxt = out[cid]
        fresh[keys[cid]] = (now, nxt.isoformat() if nxt else None)
    cache.set_many(fresh, 24 * 3600)
    return out


def _evaluate_relief(records: dict[int, Record], as_of: date, pack: Any) -> dict[int, tuple[bool, date | None]]:
    import polars as pl

    from clearpath.law.engine import evaluate
    from clearpath.records.frame import counts_frame

    try:
        frame = evaluate(counts_frame(list(records.values())), as_of, pack, None)
    except (pl.exceptions.PolarsError, OverflowError, ValueError):
        if len(records) == 1:
            return {cid: (False, None) for cid in records}  # the engine cannot evaluate this record
        out: dict[int, tuple[bool, date | None]] = {}
        for cid, record in records.items():  # one record the engine refuses must not hide the others
            out.update(_evaluate_relief({cid: record}, as_of, pack))
        return out
    now = set(frame.filter(pl.col("status") == "eligible")["person_id"].to_list())
    later = (frame.filter((pl.col("status") == "eligible_later") & pl.col("eligible_on").is_not_null())
             .group_by("person_id").agg(pl.col("eligible_on").min()))
    nxt = dict(zip(later["person_id"].to_list(), later["eligible_on"].to_list(), strict=True))
    return {cid: (f"client-{cid}" in now, nxt.get(f"client-{cid}")) for cid in records}


@member_required
def workspace(request: HttpRequest) -> HttpResponse:
    # Filters persist in the session until changed or cleared.
    keys = ("q", "shared", "open_tasks", "due", "relief", "within")
    if "clear" in request.GET:
        request.session.pop("client_filters", None)
        return redirect("workspace")
    if any(k in request.GET for k in keys):
        params = {k: request.GET.get(k, "") for k in keys}
        request.session["client_filters"] = params
    else:
        params = request.session.get("client_filters", {})
    clients = client_queryset(request, params)[:200]
    tasks = Task.objects.filter(organisation=org_of(request), done=False).select_related("client")[:20]
    return render(request, "clearpath/workspace.html", {"clients": clients, "tasks": tasks, "params": params})


@member_required
@require_http_methods(["GET", "POST"])
def client_new(request: HttpRequest) -> HttpResponse:
    form = ClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        client = form.save(commit=False)
        client.organisation = org_of(request)
        client.created_by = user_of(request)
        client.save()
        audit(request, "create", client, client=client)
        return redirect("client", pk=client.pk)
    return render(request, "clearpath/client_form.html", {"form": form}, status=400 if form.errors else 200)


@member_required
@require_http_methods(["GET", "POST"])
def client_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a client's name, reference, notes and last contact (every role, as the API's PATCH allows)."""
    client = own_client(request, pk)
    form = ClientForm(request.POST or None, instance=client)
    if request.method == "POST" and form.is_valid():
        if form.has_changed():
            form.save()
            audit(request, "update", client, client=client)  # ids only: the values stay out of the log
            messages.success(request, _("The client's details were saved."))
        return redirect("client", pk=client.pk)
    return render(request, "clearpath/client_form.html", {"form": form, "client": client},
                  status=400 if form.errors else 200)


def _client_analysis(client: Client) -> dict[str, Any]:
    src = client.sources.first()
    if src is None:
        return {"source": None}
    corrections = list(src.corrections.select_related("author"))
    try:
        record = effective_record(src)
    except ValueError:
        return {"source": src, "corrections": corrections, "broken": True}
    issues = [_issue(i) for i in src.parse_issues]
    try:
        result = check_record(record, today(), issues)
    except ValueError:
        return {"source": src, "corrections": corrections, "broken": True}
    return {"source": src, "corrections": corrections, "record": record, "res": present(result, record),
            "result": result, "rows": count_rows(record)}


def _issue(raw: dict[str, Any]) -> Any:
    from clearpath.law.result import Issue

    return Issue.model_validate(raw)


@member_required
def client_detail(request: HttpRequest, pk: int) -> HttpResponse:
    client = own_client(request, pk)
    audit(request, "view", client, client=client)
    ctx = _client_analysis(client)
    corrected = {c.path for c in ctx.get("corrections", [])}
    return render(request, "clearpath/client.html", {
        "client": client, "sources": client.sources.all(), "tasks": client.tasks.all(),
        "corrected": corrected, "task_form": TaskForm(), "papers": papers_available(), **ctx,
    })


class SourceUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("RAP sheet (.txt, .pdf, photo) or record JSON"))


@member_required
@require_POST
def source_upload(request: HttpRequest, pk: int) -> HttpResponse:
    client = own_client(request, pk)
    form = SourceUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to upload."))
        return redirect("client", pk=client.pk)
    f = form.cleaned_data["file"]
    if f.size > settings.MAX_UPLOAD_BYTES:
        messages.error(request, str(UPLOAD_ERRORS["too_large"]))
        return redirect("client", pk=client.pk)
    try:
        got = read_upload(f.name, f.read())
    except UploadError as exc:
        messages.error(request, str(UPLOAD_ERRORS.get(str(exc), UPLOAD_ERRORS["unreadable"])))
        return redirect("client", pk=client.pk)
    kind = SourceRecord.Kind.typed if got.method == "record-json" else SourceRecord.Kind.rapsheet
    src = SourceRecord.objects.create(
        client=client, kind=kind, record=got.record.model_dump(mode="json"), source_text=got.source_text,
        parse_issues=[i.model_dump(mode="json") for i in got.issues], filename=f.name[:200],
        created_by=user_of(request))
    audit(request, "create", src, client=client)
    return redirect("client", pk=client.pk)


class TypedCountForm(forms.Form):
    county = forms.CharField(label=gettext_lazy("County"), max_length=60, required=False)
    offense = forms.CharField(label=gettext_lazy("Offense (code section)"), max_length=40,
                              help_text=gettext_lazy("For example PC 459 or HS 11359(b)."))
    level = forms.ChoiceField(label=gettext_lazy("Conviction level"), choices=[
        ("", "—"), ("felony", gettext_lazy("Felony")), ("misdemeanor", gettext_lazy("Misdemeanor")),
        ("infraction", gettext_lazy("Infraction"))], required=False)
    disposition_date = forms.DateField(label=gettext_lazy("Conviction date"), required=False,
                                       widget=forms.DateInput(attrs={"type": "date"}))


@member_required
@require_POST
def source_typed(request: HttpRequest, pk: int) -> HttpResponse:
    """Type a conviction in: a new source record with one case and count (earlier sources stay as they are)."""
    client = own_client(request, pk)
    form = TypedCountForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the conviction you typed: the offense is required."))
        return redirect("client", pk=client.pk)
    d = form.cleaned_data
    prev = client.sources.first()
    doc: dict[str, Any]
    if prev is not None:
        try:
            doc = effective_record(prev).model_dump(mode="json")
        except ValueError:
            doc = {"format": "clearpath-record/1", "person": {"id": f"client-{client.pk}"}, "cases": []}
    else:
        doc = {"format": "clearpath-record/1", "person": {"id": f"client-{client.pk}"}, "cases": []}
    doc["cases"].append({
        "id": f"typed{len(doc['cases']) + 1}", "county": d["county"] or None,
        "counts": [{"id": "1", "offense": sc.normalise_offense(d["offense"]), "disposition": "convicted",
                    "conviction_level": d["level"] or None,
                    "disposition_date": d["disposition_date"].isoformat() if d["disposition_date"] else None}],
    })
    try:
        Record.model_validate(doc)
    except ValueError:
        messages.error(request, _("That conviction could not be added."))
        return redirect("client", pk=client.pk)
    src = SourceRecord.objects.create(client=client, kind=SourceRecord.Kind.typed, record=doc,
                                      created_by=user_of(request))
    audit(request, "create", src, client=client)
    return redirect("client", pk=client.pk)


# Fields an advocate may correct, by path suffix, and how the typed value is read.
COUNT_FIELDS: dict[str, tuple[Any, str]] = {
    "offense": (gettext_lazy("Offense"), "str"),
    "disposition": (gettext_lazy("Disposition"), "str"),
    "disposition_date": (gettext_lazy("Disposition date"), "date"),
    "conviction_level": (gettext_lazy("Conviction level"), "str"),
    "offense_date": (gettext_lazy("Offense date"), "date"),
    "sentence.probation_granted": (gettext_lazy("Probation granted"), "bool"),
    "sentence.probation_end_date": (gettext_lazy("Probation end date"), "date"),
    "sentence.probation_violation": (gettext_lazy("Probation violation"), "bool"),
    "sentence.prison": (gettext_lazy("State prison"), "bool"),
    "sentence.sentence_completed": (gettext_lazy("Sentence completed"), "bool"),
}
PERSON_FIELDS: dict[str, tuple[Any, str]] = {
    "dob": (gettext_lazy("Date of birth"), "date"),
    "pending_case": (gettext_lazy("Open case now"), "bool"),
    "serving_sentence": (gettext_lazy("Serving a sentence now"), "bool"),
    "registration_290_required": (gettext_lazy("Must register (PC 290)"), "bool"),
}


def parse_value(kind: str, raw: str) -> Any:
    raw = raw.strip()
    if raw == "" or raw.lower() in ("unknown", "?"):
        return None
    if kind == "bool":
        if raw.lower() in ("yes", "true", "y", "sí", "si"):
            return True
        if raw.lower() in ("no", "false", "n"):
            return False
        raise PathError(_("Answer yes, no or unknown."))
    return raw


class CorrectionForm(forms.Form):
    field = forms.ChoiceField(label=gettext_lazy("Field"))
    value = forms.CharField(label=gettext_lazy("Corrected value"), required=False, max_length=200,
                            help_text=gettext_lazy("Dates as YYYY-MM-DD; yes/no; empty means unknown."))
    note = forms.CharField(label=gettext_lazy("Why (optional)"), required=False, max_length=500)

    def __init__(self, *args: Any, fields: dict[str, tuple[Any, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["field"]).choices = [(k, v[0]) for k, v in fields.items()]


@member_required
@require_http_methods(["GET", "POST"])
def correct(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct one fact of a count (or of the person), layered over the source; the source stays as it was."""
    src = own_source(request, pk)
    client = src.client
    target = request.GET.get("target") or request.POST.get("target") or "person"
    fields = PERSON_FIELDS if target == "person" else COUNT_FIELDS
    if target != "person":
        parts = target.split(".")
        if len(parts) != 4 or parts[0] != "cases" or parts[2] != "counts" or not (parts[1] + parts[3]).isdigit():
            raise Http404
    form = CorrectionForm(request.POST or None, fields=fields)
    try:
        current = effective_record(src).model_dump(mode="json")
    except ValueError as exc:
        raise Http404 from exc
    from clearpath.web.core.services import get_path

    try:
        here = get_path(current, target)
    except PathError:
        raise Http404 from None
    if not isinstance(here, dict):
        raise Http404
    if request.method == "POST" and form.is_valid():
        key = form.cleaned_data["field"]
        path = f"{target}.{key}"
        try:
            value = parse_value(fields[key][1], form.cleaned_data["value"])
            old = validate_correction(src, path, value)
        except PathError as exc:
            form.add_error("value", str(exc))
        else:
            c = Correction.objects.create(source=src, path=path, old_value=old, new_value=value,
                                          note=form.cleaned_data["note"], author=user_of(request))
            audit(request, "update", c, client=client)
            messages.success(request, _("Correction saved."))
            return redirect("client", pk=client.pk)
    original = src.record
    rows = []
    for key, (label, _kind) in fields.items():
        path = f"{target}.{key}"
        try:
            orig = get_path(original, path)
        except PathError:
            orig = None
        try:
            now = get_path(current, path)
        except PathError:
            now = None
        rows.append({"key": key, "label": label, "source": orig, "current": now})
    audit(request, "view", src, client=client)
    return render(request, "clearpath/correct.html", {
        "src": src, "client": client, "form": form, "target": target, "rows": rows,
        "source_lines": source_lines(src, target),
        "corrections": src.corrections.filter(path__startswith=target + ".").select_related("author"),
    }, status=400 if form.errors else 200)


def source_lines(src: SourceRecord, target: str, limit: int = 12) -> list[tuple[int, str]]:
    """The RAP sheet lines that mention this count's offense section, to read beside the parsed values."""
    if not src.source_text or target == "person":
        return []
    from clearpath.web.core.services import get_path

    try:
        offense = get_path(src.record, f"{target}.offense")
    except PathError:
        return []
    section = re.match(r"^[A-Z]+\s*([0-9.]+)", offense or "")
    if not section:
        return []
    needle = section.group(1)
    lines = src.source_text.splitlines()
    hits = [i for i, line in enumerate(lines) if re.search(rf"(?<![0-9.]){re.escape(needle)}(?![0-9])", line)]
    out: list[tuple[int, str]] = []
    for i in hits:
        for j in range(i, min(i + 4, len(lines))):  # the charge line and the disposition lines under it
            if (j + 1, lines[j]) not in out:
                out.append((j + 1, lines[j]))
    return out[:limit]


class TaskForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Task"), max_length=300)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=Task.Kind.choices)
    due_date = forms.DateField(label=gettext_lazy("Due"), required=False,
                               widget=forms.DateInput(attrs={"type": "date"}))


@member_required
@require_POST
def task_new(request: HttpRequest, pk: int) -> HttpResponse:
    client = own_client(request, pk)
    form = TaskForm(request.POST)
    if form.is_valid():
        t = Task.objects.create(organisation=client.organisation, client=client, created_by=user_of(request),
                                **form.cleaned_data)
        audit(request, "create", t, client=client)
    else:
        messages.error(request, _("A task needs a title."))
    return redirect("client", pk=client.pk)


@member_required
@require_POST
def tasks_from_plan(request: HttpRequest, pk: int) -> HttpResponse:
    """A 'becomes eligible on' date for every relief that opens later (once each)."""
    client = own_client(request, pk)
    ctx = _client_analysis(client)
    made = 0
    for item in ctx["res"].later if "res" in ctx else []:
        title = f"{item.title} ({item.remedy}) — {item.what}"[:300]
        _obj, created = Task.objects.get_or_create(
            organisation=client.organisation, client=client, kind=Task.Kind.eligible_on, remedy=item.remedy,
            due_date=item.eligible_on, title=title, defaults={"created_by": user_of(request)})
        made += created
    audit(request, "create", Task(pk=None), client=client)
    messages.success(request, _("%(n)d dates added.") % {"n": made})
    return redirect("client", pk=client.pk)


@member_required
@require_POST
def client_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a client and everything attached (supervisors and admins); the audit log keeps the event."""
    client = own_client(request, pk)
    m = cast(Membership, request.user.membership)  # type: ignore[union-attr]
    if not m.can_see_audit():
        raise PermissionDenied
    audit(request, "delete", client)
    client.delete()
    messages.success(request, _("The client and their records were deleted."))
    return redirect("workspace")


@member_required
@require_POST
def client_papers(request: HttpRequest, pk: int) -> HttpResponse:
    client = own_client(request, pk)
    src = client.sources.first()
    if src is None or not papers_available():
        raise Http404
    try:
        data = build_papers(effective_record(src), today(), request.POST.get("language", "en"))
    except ValueError:
        messages.error(request, _("The papers could not be made from this record."))
        return redirect("client", pk=client.pk)
    audit(request, "download", src, client=client)
    return _zip_response(data, f"papers-client-{client.pk}.zip")


@member_required
@require_POST
def clients_papers(request: HttpRequest) -> HttpResponse:
    """Papers for several clients at once: one folder per client in one zip (a batch of petitions)."""
    import io
    import zipfile

    ids = [int(x) for x in request.POST.getlist("client") if x.isdigit()][:50]
    clients = list(Client.objects.filter(pk__in=ids, organisation=org_of(request)))
    if len(clients) != len(set(ids)):
        audit(request, "denied", None)
        raise Http404
    if not clients or not papers_available():
        messages.error(request, _("Choose at least one client."))
        return redirect("workspace")
    buf = io.BytesIO()
    skipped = []
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for client in clients:
            src = client.sources.first()
            try:
                data = build_papers(effective_record(src), today()) if src is not None else None
            except ValueError:
                data = None
            if data is None:
                skipped.append(client.display_name)
                continue
            with zipfile.ZipFile(io.BytesIO(data)) as one:
                for name in one.namelist():
                    out.writestr(f"client-{client.pk}/{name}", one.read(name))
            audit(request, "download", src, client=client)
        if skipped:
            out.writestr("NOT-INCLUDED.txt", "No papers (no record, or the record could not be checked):\n"
                         + "\n".join(skipped) + "\n")
    return _zip_response(buf.getvalue(), "papers.zip")


@member_required
@require_POST
def task_done(request: HttpRequest, pk: int) -> HttpResponse:
    task = Task.objects.filter(pk=pk, organisation=org_of(request)).first()
    if task is None:
        audit(request, "denied", None)
        raise Http404
    task.done = not task.done
    task.save(update_fields=["done"])
    audit(request, "update", task, client=task.client)
    return redirect("client", pk=task.client_id)


@member_required
def audit_log(request: HttpRequest) -> HttpResponse:
    m = cast(Membership, request.user.membership)  # type: ignore[union-attr]
    if not m.can_see_audit():
        raise PermissionDenied
    events = AuditEvent.objects.filter(organisation=m.organisation).select_related("user", "client")
    client_id = request.GET.get("client", "")
    if client_id.isdigit():
        events = events.filter(client_id=int(client_id))
    return render(request, "clearpath/audit.html", {"events": events[:500]})


@member_required
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    new_token = None
    if request.method == "POST":
        if request.POST.get("revoke", "").isdigit():
            ApiToken.objects.filter(pk=int(request.POST["revoke"]), user=user_of(request)).delete()
        else:
            name = (request.POST.get("name") or "token").strip()[:100]
            _t, new_token = ApiToken.issue(request.user, name)
    return render(request, "clearpath/tokens.html", {
        "tokens": ApiToken.objects.filter(user=user_of(request)), "new_token": new_token})


class MemberForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("User name"), max_length=150)
    password = forms.CharField(label=gettext_lazy("Password"), widget=forms.PasswordInput, min_length=10)
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=Role.choices)


@member_required
@require_http_methods(["GET", "POST"])
def members(request: HttpRequest) -> HttpResponse:
    m = cast(Membership, request.user.membership)  # type: ignore[union-attr]
    if not m.can_manage_users():
        raise PermissionDenied
    if request.method == "POST" and "accepts_public_shares" in request.POST:
        org = m.organisation
        org.accepts_public_shares = request.POST["accepts_public_shares"] == "1"
        org.save(update_fields=["accepts_public_shares"])
        audit(request, "update", org)
        return HttpResponseRedirect(reverse("members"))
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        User = get_user_model()
        if User.objects.filter(username=form.cleaned_data["username"]).exists():
            form.add_error("username", _("That user name is taken."))
        else:
            user = User.objects.create_user(form.cleaned_data["username"], password=form.cleaned_data["password"])
            Membership.objects.create(user=user, organisation=m.organisation, role=form.cleaned_data["role"])
            return HttpResponseRedirect(reverse("members"))
    return render(request, "clearpath/members.html", {
        "form": form, "members": m.organisation.memberships.select_related("user").order_by("user__username"),
        "org": m.organisation, "me": user_of(request)})


@member_required
@require_POST
def member_active(request: HttpRequest, pk: int) -> HttpResponse:
    """Deactivate or reactivate a member (admins only). A deactivated user can neither log in nor use a token.

    An admin cannot deactivate themselves, nor the organisation's last active admin.
    """
    m = cast(Membership, request.user.membership)  # type: ignore[union-attr]
    if not m.can_manage_users():
        raise PermissionDenied
    target = Membership.objects.filter(user_id=pk, organisation=m.organisation).select_related("user").first()
    if target is None:
        audit(request, "denied", None)
        raise Http404
    user = target.user
    active = request.POST.get("active") == "1"
    if user.is_active == active:
        return HttpResponseRedirect(reverse("members"))
    if not active:
        if user.pk == user_of(request).pk:
            messages.error(request, _("You cannot deactivate yourself."))
            return HttpResponseRedirect(reverse("members"))
        other_admins = Membership.objects.filter(organisation=m.organisation, role=Role.admin,
                                                 user__is_active=True).exclude(user=user)
        if target.role == Role.admin and not other_admins.exists():
            messages.error(request, _("The organisation needs at least one active administrator."))
            return HttpResponseRedirect(reverse("members"))
    user.is_active = active
    user.save(update_fields=["is_active"])
    audit(request, "reactivate" if active else "deactivate", user)
    if active:
        messages.success(request, _("%(name)s can log in again.") % {"name": user.get_username()})
    else:
        messages.success(request, _("%(name)s can no longer log in or use API tokens.")
                         % {"name": user.get_username()})
    return HttpResponseRedirect(reverse("members"))
