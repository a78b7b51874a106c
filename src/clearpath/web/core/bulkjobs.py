"""Bulk jobs: a DOJ file uploaded by an organisation, run by the database-backed task worker.

The request only stores the file and enqueues the job (django-tasks with the django-tasks-db backend);
`clearpath serve` starts a worker process (`db_worker`), which calls the bulk engine with a progress
callback that writes rows done to the job row, at most about once a second.
"""

from __future__ import annotations

import logging
import shutil
import time
import traceback
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

from clearpath.web.core.models import BulkJob

log = logging.getLogger("clearpath.web.bulk")

Runner = Callable[..., dict[str, Any]]


def job_dir(job: BulkJob) -> Path:
    return Path(settings.DATA_DIR) / "bulk" / f"job-{job.pk}"


def input_path(job: BulkJob) -> Path:
    return job_dir(job) / "input" / "input.dat"


def out_dir(job: BulkJob) -> Path:
    return job_dir(job) / "out"


def outputs(job: BulkJob) -> list[Path]:
    d = out_dir(job)
    if not d.is_dir():
        return []
    return sorted(p for p in d.iterdir() if p.is_file())


def runner() -> Runner:
    return import_string(settings.CLEARPATH_BULK_RUNNER)  # type: ignore[no-any-return]


def runner_available() -> bool:
    try:
        runner()
    except ImportError:
        return False
    return True


@task()
def run_bulk_job(job_id: int) -> None:
    job = BulkJob.objects.get(pk=job_id)
    if job.status != BulkJob.Status.queued:
        return
    BulkJob.objects.filter(pk=job.pk).update(status=BulkJob.Status.running, started_at=timezone.now())
    last = [0.0]

    def progress(rows: int) -> None:
        now = time.monotonic()
        if now - last[0] >= 1.0:
            last[0] = now
            BulkJob.objects.filter(pk=job_id).update(rows_done=rows)

    out = out_dir(job)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    try:
        summary = runner()([input_path(job)], job.as_of, out, county=job.county or None, progress=progress)
    except Exception as exc:  # the job fails; the worker goes on with the next one
        # Only the exception type and where it happened: never a row of the file.
        log.error("bulk job %s failed: %s", job_id, type(exc).__name__)
        tb = traceback.extract_tb(exc.__traceback__)
        where = f"{tb[-1].filename}:{tb[-1].lineno}" if tb else ""
        BulkJob.objects.filter(pk=job_id).update(
            status=BulkJob.Status.failed, finished_at=timezone.now(), error=f"{type(exc).__name__} at {where}")
        return
    rows = _rows_in(summary)
    BulkJob.objects.filter(pk=job_id).update(
        status=BulkJob.Status.done, finished_at=timezone.now(), summary=_jsonable(summary),
        rows_done=rows if rows is not None else BulkJob.objects.get(pk=job_id).rows_done)


def _rows_in(summary: dict[str, Any]) -> int | None:
    for key in ("rows_in", "rows"):
        v = summary.get(key)
        if isinstance(v, int):
            return v
    return None


def _jsonable(v: Any) -> Any:
    if isinstance(v, dict):
        return {str(k): _jsonable(x) for k, x in v.items()}
    if isinstance(v, list | tuple):
        return [_jsonable(x) for x in v]
    if isinstance(v, str | int | float | bool) or v is None:
        return v
    if isinstance(v, date):
        return v.isoformat()
    return str(v)


def create_job(*, organisation: Any, user: Any, name: str, chunks: Any, as_of: date, county: str = "") -> BulkJob:
    """Store the upload under the data dir (owner-only) and enqueue the job."""
    job = BulkJob.objects.create(organisation=organisation, created_by=user, input_name=name[:200], as_of=as_of,
                                 county=county)
    path = input_path(job)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    size = lines = 0
    last = b"\n"
    with path.open("wb") as fh:
        for chunk in chunks:
            fh.write(chunk)
            size += len(chunk)
            lines += chunk.count(b"\n")
            last = chunk[-1:] or last
    path.chmod(0o600)
    job.input_bytes = size
    job.rows_total = lines + (last != b"\n")
    job.save(update_fields=["input_bytes", "rows_total"])
    result = run_bulk_job.enqueue(job.pk)
    job.task_id = str(result.id)
    job.save(update_fields=["task_id"])
    return job


def check_bulk_upload(name: str, head: bytes) -> str | None:
    """An error code, or None when the file looks like a DOJ research file (delimited text)."""
    if Path(name).suffix.lower() not in (".dat", ".txt", ".csv", ".tsv"):
        return "unsupported"
    if not head or b"\x00" in head:
        return "mismatch"
    return None
