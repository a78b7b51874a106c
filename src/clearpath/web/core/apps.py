from __future__ import annotations

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "clearpath.web.core"
    label = "clearpath"
    verbose_name = "clearpath"
    default_auto_field = "django.db.models.BigAutoField"
