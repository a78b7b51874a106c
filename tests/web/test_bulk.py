from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from clearpath.cli import main as cli_main
from clearpath.web.core.models import ApiToken, BulkJob

DOJ_LINES = b"1|2|3\n4|5|6\n7|8|9\n"


@pytest.fixture(scope="module")
def doj_file(tmp_path_factory: Any) -> Path:
    out = tmp_path_factory.mktemp("doj") / "sample.dat"
    r = CliRunner().invoke(cli_main, ["synth", "doj", "--people", "30", "--seed", "3", "--out", str(out)])
    assert r.exit_code == 0
    return out


@pytest.mark.django_db
def test_job_runs_and_outputs_download(login: Any, orgs: dict[str, Any], settings: Any) -> None:
    settings.CLEARPATH_BULK_RUNNER = "tests.web.fakes.fake_run_bulk"
    c = login(orgs["a"]["users"]["advocate"])
    r = c.post("/workspace/bulk/", {"file": SimpleUploadedFile("county.dat", DOJ_LINES), "as_of": "2026-11-22",
                                    "county": "Inyo"})
    assert r.status_code == 302
    job = BulkJob.objects.get()
    assert job.status == "done" and job.rows_done == 3 and job.summary["county"] == "Inyo"
    assert job.input_bytes == len(DOJ_LINES) and job.rows_total == 3 and job.percent() == 100
    html = c.get(f"/workspace/bulk/{job.pk}/").content.decode()
    assert "summary.json" in html and "3 rows done" in html
    r = c.get(f"/workspace/bulk/{job.pk}/files/summary.json")
    assert r.status_code == 200 and json.loads(b"".join(r.streaming_content))["rows_in"] == 3
    assert c.get(f"/workspace/bulk/{job.pk}/files/..%2Finput%2Finput.dat").status_code == 404


@pytest.mark.django_db
def test_failed_job_keeps_no_record_data(login: Any, orgs: dict[str, Any], settings: Any, caplog: Any) -> None:
    settings.CLEARPATH_BULK_RUNNER = "tests.web.fakes.failing_run_bulk"
    c = login(orgs["a"]["users"]["advocate"])
    c.post("/workspace/bulk/", {"file": SimpleUploadedFile("county.dat", DOJ_LINES)})
    job = BulkJob.objects.get()
    assert job.status == "failed"
    assert job.error.startswith("ValueError at ") and "EXAMPLE" not in job.error
    assert "EXAMPLE" not in caplog.text and "19800214" not in caplog.text


@pytest.mark.django_db(transaction=True)
def test_database_worker_runs_queued_jobs(orgs: dict[str, Any], settings: Any, client: Any) -> None:
    """With the database backend the request only enqueues; `db_worker` (what `clearpath serve` starts) runs it."""
    settings.CLEARPATH_BULK_RUNNER = "tests.web.fakes.fake_run_bulk"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    token = ApiToken.issue(orgs["a"]["users"]["advocate"], "t")[1]
    r = client.post("/api/v1/bulk-jobs", {"file": SimpleUploadedFile("county.dat", DOJ_LINES)},
                    HTTP_AUTHORIZATION=f"Bearer {token}")
    assert r.status_code == 201, r.content
    job_id = r.json()["id"]
    assert r.json()["status"] == "queued" and r.json()["rows_total"] == 3
    page = Client()
    page.force_login(orgs["a"]["users"]["advocate"])
    html = page.get(f"/workspace/bulk/{job_id}/").content.decode()
    assert 'value="0"' in html and 'http-equiv="refresh"' in html  # progress shown, page refreshes itself
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0", verbosity=0)
    r = client.get(f"/api/v1/bulk-jobs/{job_id}", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert r.json()["status"] == "done" and r.json()["rows_done"] == 3 and r.json()["files"] == ["summary.json"]
    r = client.get(f"/api/v1/bulk-jobs/{job_id}/files/summary.json", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert r.status_code == 200


@pytest.mark.django_db
def test_real_bulk_engine(login: Any, orgs: dict[str, Any], doj_file: Path) -> None:
    pytest.importorskip("clearpath.bulk")
    c = login(orgs["a"]["users"]["advocate"])
    with doj_file.open("rb") as fh:
        r = c.post("/workspace/bulk/", {"file": fh, "as_of": "2026-11-22"})
    assert r.status_code == 302
    job = BulkJob.objects.get()
    assert job.status == "done", job.error
    lines = len(doj_file.read_bytes().splitlines())
    assert job.summary is not None and job.summary["rows_in"] + 1 >= lines  # the header is not a row
    assert job.rows_done == job.summary["rows_in"]
    files = c.get(f"/workspace/bulk/{job.pk}/").content.decode()
    assert ".csv" in files
