"""Django settings. Zero configuration: SQLite in the data dir; PostgreSQL through ``DATABASE_URL``.

Environment:
  CLEARPATH_DATA_DIR    where the SQLite file, uploads and bulk outputs live (default ~/.local/share/clearpath)
  DATABASE_URL          e.g. postgres://postgres@127.0.0.1:5432/clearpath (default: SQLite in the data dir)
  CLEARPATH_SECRET_KEY  the signing key (default: read from DATA_DIR/secret_key, which `clearpath serve` creates)
  CLEARPATH_ALLOWED_HOSTS  comma-separated host names (default: localhost, 127.0.0.1, [::1])
  CLEARPATH_HTTPS=1     behind TLS: secure cookies, HSTS
  CLEARPATH_DEBUG=1     development only
"""

from __future__ import annotations

import importlib.util
import os
import secrets
from pathlib import Path

import dj_database_url

from clearpath.web import config

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = config.data_dir()

DEBUG = os.environ.get("CLEARPATH_DEBUG") == "1"
SECRET_KEY = config.secret_key() or secrets.token_urlsafe(50)
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("CLEARPATH_ALLOWED_HOSTS", "").split(",") if h.strip()] or [
    "localhost", "127.0.0.1", "[::1]", "testserver"]
HTTPS = os.environ.get("CLEARPATH_HTTPS") == "1"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django_tasks",
    "django_tasks_db",
    "ninja",  # the API docs then use the Swagger UI files shipped with django-ninja, not a CDN
    "clearpath.web.core",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "clearpath.web.core.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "clearpath.web.urls"
WSGI_APPLICATION = "clearpath.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "clearpath.web.core.views.common_context",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(default=f"sqlite:///{DATA_DIR / 'clearpath.sqlite3'}", conn_max_age=60)
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TASKS = {"default": {"BACKEND": os.environ.get("CLEARPATH_TASK_BACKEND", "django_tasks_db.DatabaseBackend")}}
# The function a bulk job runs (see clearpath.web.core.bulkjobs); tests swap in a tiny fake.
CLEARPATH_BULK_RUNNER = "clearpath.bulk.run_bulk"

# In the database, so rate limits and the client-list relief cache hold across the web process and the worker
# (and several web processes), with no service to configure. Holds counters and ids, never record data.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "clearpath_cache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workspace"
LOGOUT_REDIRECT_URL = "home"

# Sessions: short, idle-expiring, never readable by scripts.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Uploads: RAP sheets and DOJ files. Requests larger than this are refused before they are read.
MAX_UPLOAD_BYTES = int(os.environ.get("CLEARPATH_MAX_UPLOAD_MB", "10")) * 1024 * 1024
MAX_BULK_UPLOAD_BYTES = int(os.environ.get("CLEARPATH_MAX_BULK_UPLOAD_MB", "512")) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_TEMP_DIR = str(DATA_DIR / "tmp") if (DATA_DIR / "tmp").is_dir() else None

# Rate limits (requests per window, per client address).
RATE_LIMITS = {"screener": (60, 600), "upload": (10, 600), "login": (5, 900), "api": (300, 60)}

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "America/Los_Angeles"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT_DIR = BASE_DIR / "core" / "static"
STATIC_ROOT = STATIC_ROOT_DIR  # served by the app itself (urls.py); nothing to collect
_NINJA = importlib.util.find_spec("ninja")
STATIC_DIRS = [STATIC_ROOT_DIR] + ([Path(_NINJA.origin).parent / "static"] if _NINJA and _NINJA.origin else [])

# Logs carry method, path and status only: never a form field, an upload or a record.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"redact": {"()": "clearpath.web.core.logfilters.RedactExceptions"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact"]}},
    "loggers": {
        "django": {"handlers": ["console"], "level": "WARNING"},
        # A logger's own filter changes the record before any handler sees it (pytest's caplog included).
        "django.request": {"level": "WARNING", "filters": ["redact"]},
        "django_tasks": {"level": "WARNING", "filters": ["redact"]},
        "django_tasks_db": {"level": "WARNING", "filters": ["redact"]},
        "waitress": {"handlers": ["console"], "level": "WARNING", "filters": ["redact"], "propagate": False},
        "django.db.backends": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "clearpath": {"handlers": ["console"], "level": "INFO"},
    },
}
