"""REST API (OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs): token authentication.

Check results use the CLI's JSON contract (`clearpath check --format json`, check-result-v1).
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.http import FileResponse, HttpRequest
from django.utils import timezone
from ninja import File, Form, NinjaAPI, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.security import HttpBearer
from pydantic import Field

from clearpath.law.result import CheckResult
from clearpath.records.model import Record
from clearpath.web.core import bulkjobs
from clearpath.web.core.models import ApiToken, BulkJob, Client, Membership, SourceRecord
from clearpath.web.core.services import (
    audit,
    check_record,
    contains_nul,
    effective_record,
    known_remedies,
    owned,
    rate_limited,
    today,
)

log = logging.getLogger("clearpath.web.api")


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        tok = ApiToken.objects.filter(digest=ApiToken.hash(token)).select_related("user").first()
        if tok is None or not tok.user.is_active or not hasattr(tok.user, "membership"):
            return None
        if rate_limited(request, "api", key=f"token:{tok.pk}"):
            raise HttpError(429, "Too many requests")
        ApiToken.objects.filter(pk=tok.pk).update(last_used=timezone.now())
        request.user = tok.user
        return tok.user


api = NinjaAPI(title="clearpath API", version="1", auth=TokenAuth(), urls_namespace="api",
               description="California criminal-record relief. Legal information, not legal advice.")


def api_user(request: HttpRequest) -> Any:
    return request.user


def membership(request: HttpRequest) -> Membership:
    return request.user.membership  # type: ignore[union-attr]


class CheckIn(Schema):
    record: Record
    as_of: date | None = Field(None, description="Analysis date (default: today in California).")
    remedies: list[str] | None = Field(None, description="Only these remedies (statute ids).")


class Message(Schema):
    detail: str


class ClientIn(Schema):
    display_name: str = Field(min_length=1, max_length=200)
    reference: str = Field("", max_length=40)
    notes: str = Field("", max_length=5000)


class ClientPatch(Schema):
    display_name: str | None = Field(None, min_length=1, max_length=200)
    reference: str | None = Field(None, max_length=40)
    notes: str | None = Field(None, max_length=5000)


class ClientOut(Schema):
    id: int
    display_name: str
    reference: str
    notes: str
    created_at: datetime
    records: int


class SourceOut(Schema):
    id: int
    client_id: int
    kind: str
    created_at: datetime


class BulkJobOut(Schema):
    id: int
    status: str
    input_name: str
    as_of: date
    county: str
    rows_done: int
    rows_total: int
    summary: dict[str, Any] | None
    error: str
    files: list[str]
    created_at: datetime
    finished_at: datetime | None


def _client_out(c: Client) -> ClientOut:
    return ClientOut(id=c.pk, display_name=c.display_name, reference=c.reference, notes=c.notes,
                     created_at=c.created_at, records=c.sources.count())


def _job_out(j: BulkJob) -> BulkJobOut:
    return BulkJobOut(id=j.pk, status=j.status, input_name=j.input_name, as_of=j.as_of, county=j.county,
                      rows_done=j.rows_done, rows_total=j.rows_total, summary=j.summary, error=j.error,
                      files=[p.name for p in bulkjobs.outputs(j)], created_at=j.created_at,
                      finished_at=j.finished_at)


def _no_nul(value: Any) -> None:
    if contains_nul(value):
        raise HttpError(422, "Text fields must not contain NUL characters")


def _check(record: Record, as_of: date | None, remedies: list[str] | None = None) -> CheckResult:
    if remedies:
        unknown = sorted(set(remedies) - known_remedies())
        if unknown:
            raise HttpError(422, f"unknown remedy: {', '.join(unknown)}")
    try:
        return check_record(record, as_of or today(), remedies=remedies)
    except (ValueError, OverflowError) as exc:
        log.warning("check refused: %s", type(exc).__name__)
        raise HttpError(422, "The record could not be checked (a date or value is out of range).") from None


@api.post("/check", response={200: CheckResult, 422: Message}, tags=["check"],
          summary="Check a record (same JSON as `clearpath check --format json`)")
def check_endpoint(request: HttpRequest, body: CheckIn) -> Any:
    return _check(body.record, body.as_of, body.remedies)


def _own_client(request: HttpRequest, client_id: int) -> Client:
    c = owned(request, Client, client_id, membership(request).organisation, via="api")
    if c is None:
        raise HttpError(404, "Not found")
    return c


@api.get("/clients", response=list[ClientOut], tags=["clients"])
def list_clients(request: HttpRequest, q: str = "") -> Any:
    _no_nul(q)
    qs = Client.objects.filter(organisation=membership(request).organisation)
    if q:
        qs = qs.filter(display_name__icontains=q[:200])
    return [_client_out(c) for c in qs[:500]]


@api.post("/clients", response={201: ClientOut}, tags=["clients"])
def create_client(request: HttpRequest, body: ClientIn) -> Any:
    _no_nul(body.model_dump())
    c = Client.objects.create(organisation=membership(request).organisation, created_by=api_user(request),
                              display_name=body.display_name, reference=body.reference, notes=body.notes)
    audit(request, "create", c, client=c, via="api")
    return Status(201, _client_out(c))


@api.get("/clients/{client_id}", response={200: ClientOut, 404: Message}, tags=["clients"])
def get_client(request: HttpRequest, client_id: int) -> Any:
    c = _own_client(request, client_id)
    audit(request, "view", c, client=c, via="api")
    return _client_out(c)


@api.patch("/clients/{client_id}", response={200: ClientOut, 404: Message, 422: Message}, tags=["clients"])
def update_client(request: HttpRequest, client_id: int, body: ClientPatch) -> Any:
    c = _own_client(request, client_id)
    changes = body.model_dump(exclude_none=True)
    _no_nul(changes)
    for key, value in changes.items():
        setattr(c, key, value)
    c.save(update_fields=list(changes) or None)
    audit(request, "update", c, client=c, via="api")
    return _client_out(c)


@api.delete("/clients/{client_id}", response={204: None, 403: Message, 404: Message}, tags=["clients"],
            summary="Delete a client and everything attached (supervisors and admins)")
def delete_client(request: HttpRequest, client_id: int) -> Any:
    c = _own_client(request, client_id)
    if not membership(request).can_see_audit():
        raise HttpError(403, "Only supervisors and admins delete clients")
    audit(request, "delete", c, via="api")
    c.delete()
    return Status(204, None)


@api.post("/clients/{client_id}/records", response={201: SourceOut, 404: Message}, tags=["clients"],
          summary="Add a record (record v1 JSON) to a client")
def add_record(request: HttpRequest, client_id: int, body: Record) -> Any:
    c = _own_client(request, client_id)
    _no_nul(body.model_dump(mode="json"))
    src = SourceRecord.objects.create(client=c, kind=SourceRecord.Kind.api, record=body.model_dump(mode="json"),
                                      created_by=api_user(request))
    audit(request, "create", src, client=c, via="api")
    return Status(201, SourceOut(id=src.pk, client_id=c.pk, kind=src.kind, created_at=src.created_at))


@api.get("/clients/{client_id}/check", response={200: CheckResult, 404: Message, 422: Message}, tags=["clients"],
         summary="Check the client's latest record, corrections applied")
def check_client(request: HttpRequest, client_id: int, as_of: date | None = None) -> Any:
    c = _own_client(request, client_id)
    src = c.sources.first()
    if src is None:
        raise HttpError(404, "This client has no record yet")
    audit(request, "view", src, client=c, via="api")
    try:
        record = effective_record(src)
    except ValueError:
        raise HttpError(422, "The corrected record is not valid") from None
    return _check(record, as_of)


@api.post("/bulk-jobs", response={201: BulkJobOut, 413: Message, 415: Message}, tags=["bulk"],
          summary="Start a bulk job on a DOJ research file")
def start_bulk(request: HttpRequest, file: File[UploadedFile], as_of: Form[date | None] = None,
               county: Form[str] = "") -> Any:
    if (file.size or 0) > settings.MAX_BULK_UPLOAD_BYTES:
        raise HttpError(413, "File too large")
    head = next(file.chunks(4096), b"")[:4096]
    file.seek(0)
    if bulkjobs.check_bulk_upload(file.name or "", head):
        raise HttpError(415, "Give a DOJ research file (.dat, .txt, .csv) as delimited text")
    _no_nul([file.name or "", county])
    job = bulkjobs.create_job(organisation=membership(request).organisation, user=api_user(request),
                              name=file.name or "input.dat", chunks=file.chunks(), as_of=as_of or today(),
                              county=county[:60])
    audit(request, "create", job, via="api")
    return Status(201, _job_out(job))


def _own_job(request: HttpRequest, job_id: int) -> BulkJob:
    j = owned(request, BulkJob, job_id, membership(request).organisation, via="api")
    if j is None:
        raise HttpError(404, "Not found")
    return j


@api.get("/bulk-jobs", response=list[BulkJobOut], tags=["bulk"])
def list_bulk(request: HttpRequest) -> Any:
    return [_job_out(j) for j in BulkJob.objects.filter(organisation=membership(request).organisation)[:100]]


@api.get("/bulk-jobs/{job_id}", response={200: BulkJobOut, 404: Message}, tags=["bulk"])
def get_bulk(request: HttpRequest, job_id: int) -> Any:
    return _job_out(_own_job(request, job_id))


@api.get("/bulk-jobs/{job_id}/files/{name}", response={200: None, 404: Message}, tags=["bulk"])
def get_bulk_file(request: HttpRequest, job_id: int, name: str) -> Any:
    j = _own_job(request, job_id)
    files = {p.name: p for p in bulkjobs.outputs(j)}
    if name not in files:
        raise HttpError(404, "Not found")
    audit(request, "download", j, via="api")
    return FileResponse(files[name].open("rb"), as_attachment=True, filename=name)
