from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from clearpath.web.commands import serve

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "src" / "clearpath" / "web" / "locale"


@pytest.mark.django_db
def test_serve_check_migrates_and_creates_the_demo(monkeypatch: Any) -> None:
    from django.contrib.auth import authenticate

    monkeypatch.setenv("CLEARPATH_DEMO_PASSWORD", "demo-password-123")
    r = CliRunner().invoke(serve, ["--check"])
    assert r.exit_code == 0, r.output
    assert "demo login: user 'demo', password 'demo-password-123'" in r.output
    user = authenticate(username="demo", password="demo-password-123")
    assert user is not None and user.membership.role == "admin"
    again = CliRunner().invoke(serve, ["--check"])
    assert again.exit_code == 0 and "demo login" not in again.output  # created once


def test_serve_help_lists_host_and_port() -> None:
    r = CliRunner().invoke(serve, ["--help"])
    assert "--host" in r.output and "--port" in r.output


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt not installed")
def test_compiled_translations_are_up_to_date(tmp_path: Path) -> None:
    """The committed .mo matches its .po (recompile with `msgfmt -o django.mo django.po` after editing)."""
    for po in LOCALE.glob("*/LC_MESSAGES/django.po"):
        out = tmp_path / "django.mo"
        subprocess.run(["msgfmt", "--check", "-o", str(out), str(po)], check=True)
        assert out.read_bytes() == po.with_suffix(".mo").read_bytes(), po


def test_every_spanish_string_is_translated() -> None:
    text = (LOCALE / "es" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    assert '\nmsgstr ""\n\n' not in text.split("\n\n", 1)[1] + "\n\n"
    assert "#, fuzzy" not in text


@pytest.mark.django_db
def test_django_system_checks_pass() -> None:
    from django.core.management import call_command

    call_command("check", fail_level="WARNING")
    call_command("makemigrations", "clearpath", "--check", "--dry-run", verbosity=0)  # models match migrations
