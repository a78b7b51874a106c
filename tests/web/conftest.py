"""pytest-django for the web app: Django is configured only when this folder is collected."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

_DATA = tempfile.mkdtemp(prefix="clearpath-web-test-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clearpath.web.settings")
os.environ["CLEARPATH_DATA_DIR"] = _DATA
os.environ.setdefault("CLEARPATH_SECRET_KEY", "test-only-secret-key-not-for-production-0123456789")
os.environ.setdefault("CLEARPATH_TASK_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")

from tests.web.helpers import PASSWORD, sample_record  # noqa: E402


def pytest_configure(config: pytest.Config) -> None:
    # Runs when this conftest is registered (after pytest-django's own configure): set Django up the way
    # pytest-django would have with DJANGO_SETTINGS_MODULE given on the command line.
    import django
    import django.conf

    assert django.conf.settings.INSTALLED_APPS  # loads the settings
    try:
        from pytest_django.plugin import _setup_django  # also blocks database access outside django_db tests
    except ImportError:  # a pytest-django without it: plain setup
        django.setup()
    else:
        _setup_django(config)


@pytest.fixture(scope="session", autouse=True)
def _data_dir() -> Iterator[Path]:
    """One private data dir for the session (bulk job files), removed afterwards."""
    yield Path(_DATA)
    shutil.rmtree(_DATA, ignore_errors=True)


@pytest.fixture(autouse=True)
def _clear_cache(settings: Any) -> Iterator[None]:
    # Test databases reuse ids, so no job's files may outlive its test.
    shutil.rmtree(Path(_DATA) / "bulk", ignore_errors=True)
    from django.core.cache import cache

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast fixtures only
    # A fresh in-memory cache per test: the database cache the app uses (tests/web/test_cache.py) would outlive
    # a transactional test and need the database in tests that have none.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t"}}

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def orgs(db: Any) -> dict[str, Any]:
    """Two organisations, each with an advocate, a supervisor and an admin, and one client with a record."""
    from django.contrib.auth import get_user_model

    from clearpath.web.core.models import Client, Membership, Organisation, SourceRecord, Task

    User = get_user_model()
    out: dict[str, Any] = {}
    for slug in ("a", "b"):
        org = Organisation.objects.create(name=f"Org {slug.upper()}", slug=f"org-{slug}",
                                          accepts_public_shares=slug == "a")
        users = {}
        for role in ("advocate", "supervisor", "admin"):
            u = User.objects.create_user(f"{role}-{slug}", password=PASSWORD)
            Membership.objects.create(user=u, organisation=org, role=role)
            users[role] = u
        client = Client.objects.create(organisation=org, display_name=f"Client of {slug.upper()}",
                                       created_by=users["advocate"])
        src = SourceRecord.objects.create(client=client, kind="typed", record=sample_record(),
                                          created_by=users["advocate"])
        task = Task.objects.create(organisation=org, client=client, title="Call back", created_by=users["advocate"])
        out[slug] = {"org": org, "users": users, "client": client, "source": src, "task": task}
    return out


@pytest.fixture
def login(client: Any) -> Any:
    def _login(user: Any) -> Any:
        client.force_login(user)
        return client

    return _login
