"""What the views and the API share: effective records, checks, uploads, audit, rate limits."""

from __future__ import annotations

import copy
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import polars as pl
from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from pydantic import ValidationError

from clearpath.check import check as run_check
from clearpath.law.ca import california
from clearpath.law.ca.plan import build_plan
from clearpath.law.result import CheckResult, Issue
from clearpath.readers.issues import ParseIssue
from clearpath.readers.load import InputError, load_input
from clearpath.records.model import Record
from clearpath.web.core.models import AuditEvent, Client, Correction, Organisation, SourceRecord

# --- dates ------------------------------------------------------------------------------------------------


def today() -> date:
    """The analysis date: the web layer is an edge, so it may read the clock (in California time)."""
    return timezone.localdate()


# --- checks -----------------------------------------------------------------------------------------------


def as_issue(p: ParseIssue) -> Issue:
    shown = f" ({p.text.strip()[:80]!r})" if p.text.strip() else ""
    return Issue(code=p.code, field=p.field, line=p.line or None, text=f"{p.message}{shown}")


class CheckError(ValueError):
    """The engine could not evaluate this record (for example a number too large for its columns)."""


def check_record(record: Record, as_of: date, parse_issues: list[Issue] | None = None,
                 remedies: list[str] | None = None) -> CheckResult:
    """The CLI's `check --format json` result, plan included."""
    pack = california()
    try:
        result = run_check(record, as_of, pack, remedies)
    except (pl.exceptions.PolarsError, OverflowError) as exc:
        raise CheckError(type(exc).__name__) from None
    if parse_issues:
        result = result.model_copy(update={"issues": [*parse_issues, *result.issues]})
    return result.model_copy(update={"plan": build_plan(record, result, pack, frozenset())})


def known_remedies() -> set[str]:
    return {r.remedy for r in california().remedies}


# --- corrections layered over a source --------------------------------------------------------------------


class PathError(ValueError):
    pass


def _walk(doc: Any, path: str) -> tuple[Any, str | int]:
    parts: list[str | int] = [int(p) if p.isdigit() else p for p in path.split(".")]
    node = doc
    for p in parts[:-1]:
        try:
            node = node[p]
        except (KeyError, IndexError, TypeError):
            raise PathError(f"no field {path!r}") from None
        if node is None:
            raise PathError(f"no field {path!r}")
    return node, parts[-1]


def get_path(doc: Any, path: str) -> Any:
    node, last = _walk(doc, path)
    try:
        return node[last]
    except (KeyError, IndexError, TypeError):
        return None


def set_path(doc: Any, path: str, value: Any) -> None:
    node, last = _walk(doc, path)
    if isinstance(node, list):
        if not isinstance(last, int) or last >= len(node):
            raise PathError(f"no field {path!r}")
    elif not isinstance(node, dict):
        raise PathError(f"no field {path!r}")
    node[last] = value


def effective_json(source: SourceRecord, corrections: list[Correction] | None = None) -> dict[str, Any]:
    doc = copy.deepcopy(source.record)
    for c in corrections if corrections is not None else list(source.corrections.all()):
        set_path(doc, c.path, c.new_value)
    return doc  # type: ignore[no-any-return]


def effective_record(source: SourceRecord) -> Record:
    return Record.model_validate(effective_json(source))


def validate_correction(source: SourceRecord, path: str, value: Any) -> Any:
    """The old value at path, after checking that the corrected record is still a valid record."""
    doc = effective_json(source)
    old = get_path(doc, path)
    set_path(doc, path, value)
    try:
        Record.model_validate(doc)
    except ValidationError as exc:
        raise PathError("; ".join(e["msg"] for e in exc.errors())) from None
    return old


def contains_nul(value: Any) -> bool:
    """NUL characters cannot be stored by PostgreSQL (text or jsonb), so inputs holding one are refused."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(contains_nul(k) or contains_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(contains_nul(v) for v in value)
    return False


# --- uploads ----------------------------------------------------------------------------------------------

ALLOWED = {".txt": "text", ".pdf": "pdf", ".png": "image", ".jpg": "image", ".jpeg": "image",
           ".tif": "image", ".tiff": "image", ".json": "json"}


class UploadError(ValueError):
    pass


def sniff(name: str, head: bytes) -> str:
    """The upload's kind, checked against both its name and its first bytes."""
    suffix = Path(name).suffix.lower()
    kind = ALLOWED.get(suffix)
    if kind is None:
        raise UploadError("unsupported")
    ok = {
        "pdf": head.startswith(b"%PDF-"),
        "image": head.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")),
        "text": b"\x00" not in head,
        "json": b"\x00" not in head and head.lstrip()[:1] in (b"{", b""),
    }[kind]
    if not ok:
        raise UploadError("mismatch")
    if kind == "text":
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:
            if exc.start < len(head) - 4:  # a cut multi-byte character at the end is fine
                try:
                    head.decode("latin-1")
                except UnicodeDecodeError:
                    raise UploadError("mismatch") from None
    return kind


@dataclass
class ReadUpload:
    record: Record
    issues: list[Issue]
    source_text: str
    method: str


def read_upload(name: str, data: bytes) -> ReadUpload:
    """Parse an uploaded RAP sheet or record in a private temporary folder that is removed at once."""
    if len(data) > settings.MAX_UPLOAD_BYTES:
        raise UploadError("too_large")
    if not data:
        raise UploadError("empty")
    kind = sniff(name, data[:512])
    suffix = Path(name).suffix.lower()
    with tempfile.TemporaryDirectory(prefix="clearpath-") as tmp:
        path = Path(tmp) / f"upload{suffix}"
        path.write_bytes(data)
        try:
            loaded = load_input(path)
        except InputError:
            raise UploadError("unreadable") from None
    text = data.decode("utf-8", "replace") if kind == "text" else ""
    if "\x00" in text or contains_nul(loaded.record.model_dump(mode="json")):
        raise UploadError("mismatch")
    return ReadUpload(loaded.record, [as_issue(i) for i in loaded.issues], text, loaded.source)


# --- audit and isolation ----------------------------------------------------------------------------------


def audit(request: HttpRequest | None, action: str, obj: Any, *, client: Client | None = None,
          via: str = "web", user: Any = None, organisation: Organisation | None = None) -> None:
    user = user if user is not None else (request.user if request is not None else None)
    if user is not None and not user.is_authenticated:
        user = None
    org = organisation
    if org is None and user is not None and hasattr(user, "membership"):
        org = user.membership.organisation
    AuditEvent.objects.create(
        organisation=org, user=user, action=action, object_type=type(obj).__name__ if obj is not None else "",
        object_id=str(getattr(obj, "pk", "") or ""), client=client, via=via)


_Owned = TypeVar("_Owned", bound=models.Model)


def owned(request: HttpRequest, model: type[_Owned], pk: int, organisation: Organisation, *, via: str = "web"
          ) -> _Owned | None:
    """The organisation's ``model`` row with this key, or None; reaching for another organisation's row (or a
    missing one) is logged as a denial. Callers answer None with their own 404."""
    obj = model._default_manager.filter(pk=pk, organisation=organisation).first()
    if obj is None:
        audit(request, "denied", None, via=via)
    return obj


def client_ip(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", "unknown"))


def rate_limited(request: HttpRequest, bucket: str, key: str | None = None) -> bool:
    """Count one hit in bucket for this address (or key); True when over the limit."""
    limit, window = settings.RATE_LIMITS[bucket]
    k = f"rl:{bucket}:{key or client_ip(request)}"
    cache.add(k, 0, window)
    try:
        n = cache.incr(k)
    except ValueError:
        cache.set(k, 1, window)
        n = 1
    return bool(n > limit)


# --- papers (clearpath.documents) -------------------------------------------------------------------------


def papers_available() -> bool:
    try:
        from clearpath.documents.details import fields_from_record  # noqa: F401
        from clearpath.documents.render import render_packet  # noqa: F401
    except ImportError:
        return False
    return True


def build_papers(record: Record, as_of: date, language: str = "en") -> bytes:
    """The person's packet (petitions, orders, letter ... as PDFs) zipped, built in a temporary folder."""
    import io
    import zipfile

    from clearpath.documents.details import fields_from_record
    from clearpath.documents.render import render_packet

    result = check_record(record, as_of)
    assert result.plan is not None
    fields = fields_from_record(record, result, result.plan)
    if language in ("en", "es"):
        fields = fields.model_copy(update={"language": language})
    buf = io.BytesIO()
    with tempfile.TemporaryDirectory(prefix="clearpath-papers-") as tmp:
        render_packet(fields, Path(tmp))
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for p in sorted(Path(tmp).iterdir()):
                zf.write(p, p.name)
    return buf.getvalue()
