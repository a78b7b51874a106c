"""The demo organisation and user that `clearpath serve` creates (once)."""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model

from clearpath.web.core.models import Membership, Organisation, Role

DEMO_ORG = "demo"
DEMO_USER = "demo"


def ensure_demo(password: str | None = None) -> str | None:
    """Create the demo organisation and its admin user; the new password, or None if it already existed."""
    org, _ = Organisation.objects.get_or_create(
        slug=DEMO_ORG, defaults={"name": "Demo Legal Aid (fictional)", "accepts_public_shares": True})
    User = get_user_model()
    if User.objects.filter(username=DEMO_USER).exists():
        return None
    password = password or secrets.token_urlsafe(12)
    user = User.objects.create_user(DEMO_USER, password=password)
    Membership.objects.create(user=user, organisation=org, role=Role.admin)
    return password
