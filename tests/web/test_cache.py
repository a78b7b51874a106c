"""Rate-limit counters live in the database cache, so the web process, the worker and any second web process
share them (an in-process cache would let each process count on its own)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import RequestFactory

from clearpath.web.core.services import rate_limited

pytestmark = pytest.mark.django_db


def test_counts_are_kept_in_the_database_table(settings: Any) -> None:
    from clearpath.web import settings as app_settings

    settings.CACHES = app_settings.CACHES  # the app's own setting (the suite's conftest swaps in memory)
    assert settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache")
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.9")
    limit, _ = settings.RATE_LIMITS["login"]
    assert not any(rate_limited(request, "login") for _ in range(limit))
    assert rate_limited(request, "login")  # one over the limit
    table = settings.CACHES["default"]["LOCATION"]
    with connection.cursor() as cur:
        cur.execute(f"SELECT cache_key FROM {table}")
        keys = [row[0] for row in cur.fetchall()]
    assert any("rl:login:203.0.113.9" in k for k in keys)
