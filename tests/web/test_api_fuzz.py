"""Schemathesis against the OpenAPI document: generated requests to every operation, no 5xx."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from clearpath.web.core.models import ApiToken

pytestmark = pytest.mark.django_db


@pytest.fixture
def keep_test_connection() -> Iterator[None]:
    """Like Django's test client: requests must not close the test's (transaction-wrapped) connection."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_no_server_error_anywhere(orgs: dict[str, Any], keep_test_connection: None, settings: Any) -> None:
    from clearpath.web.wsgi import application

    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api": (100000, 60)}
    token = ApiToken.issue(orgs["a"]["users"]["advocate"], "fuzz")[1]
    headers = {"Authorization": f"Bearer {token}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    failures: list[str] = []
    operations = [r.ok() for r in schema.get_all_operations()]
    assert len(operations) >= 9
    # Real ids too, so the "found" paths are exercised and not only 404s.
    own_client = orgs["a"]["client"].pk

    def check_operation(op: Any) -> None:
        strategy = op.as_strategy()

        @hsettings(max_examples=25, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(case=strategy, use_real=st.booleans())
        def run(case: Any, use_real: bool) -> None:
            if use_real and case.path_parameters and "client_id" in case.path_parameters:
                case.path_parameters["client_id"] = own_client
            response = case.call(headers=headers)
            if response.status_code >= 500:
                failures.append(f"{op.method.upper()} {op.path}: {response.status_code} {case.as_curl_command()}")

        run()

    for op in operations:
        check_operation(op)
    assert not failures, "\n".join(failures[:10])
