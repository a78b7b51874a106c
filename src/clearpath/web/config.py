"""Where the web app keeps its files; read before Django is set up."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def data_dir() -> Path:
    env = os.environ.get("CLEARPATH_DATA_DIR")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "clearpath"


def secret_key() -> str | None:
    """The signing key from the environment or the data dir; None when neither has one yet."""
    env = os.environ.get("CLEARPATH_SECRET_KEY")
    if env:
        return env
    path = data_dir() / "secret_key"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    return None


def ensure_data_dir() -> Path:
    """Create the data dir (owner-only) and a persistent secret key; `clearpath serve` calls this."""
    d = data_dir()
    d.mkdir(parents=True, exist_ok=True, mode=0o700)
    (d / "tmp").mkdir(exist_ok=True, mode=0o700)  # large uploads are spooled here, not in the shared /tmp
    key = d / "secret_key"
    if not os.environ.get("CLEARPATH_SECRET_KEY") and not key.exists():
        fd = os.open(key, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(secrets.token_urlsafe(50))
    return d
