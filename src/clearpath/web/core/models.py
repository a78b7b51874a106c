"""Organisations, people's records (source + corrections), tasks, bulk jobs, API tokens and the audit log.

Isolation: every object that holds a person's data belongs to exactly one Organisation, and every query
the workspace and API make goes through ``for_org`` helpers; a user belongs to one organisation.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    accepts_public_shares = models.BooleanField(
        default=False, help_text="People using the public screener may choose to share their answers with it.")
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    advocate = "advocate", _("Advocate")
    supervisor = "supervisor", _("Supervisor")
    admin = "admin", _("Administrator")


class Membership(models.Model):
    """A user's organisation and role (one organisation per user)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.advocate)

    def can_manage_users(self) -> bool:
        return self.role == Role.admin

    def can_see_audit(self) -> bool:
        return self.role in (Role.admin, Role.supervisor)


class Client(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="clients")
    display_name = models.CharField(max_length=200)
    reference = models.CharField(max_length=40, blank=True)
    notes = models.TextField(blank=True)
    shared_by_person = models.BooleanField(default=False)
    withdraw_digest = models.CharField(
        max_length=64, blank=True, help_text="SHA-256 of the secret that lets the person withdraw a share.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    last_contact = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return self.display_name


class ImmutableError(Exception):
    pass


class SourceRecord(models.Model):
    """A record as it came in (parsed RAP sheet, typed, or shared by the person). Never changed afterwards."""

    class Kind(models.TextChoices):
        rapsheet = "rapsheet", _("RAP sheet")
        typed = "typed", _("Typed in")
        shared = "shared", _("Shared by the person")
        api = "api", _("API")

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="sources")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    record = models.JSONField(help_text="Record v1 JSON as parsed.")
    source_text = models.TextField(blank=True, help_text="The RAP sheet text, for showing source lines.")
    parse_issues = models.JSONField(default=list)
    filename = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-created_at",)

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and SourceRecord.objects.filter(pk=self.pk).exists():
            raise ImmutableError("a source record is never changed; add a Correction instead")
        super().save(*args, **kwargs)


class Correction(models.Model):
    """One edit layered over a source record: the field path, the value before and after, who and when."""

    source = models.ForeignKey(SourceRecord, on_delete=models.CASCADE, related_name="corrections")
    path = models.CharField(max_length=200, help_text="e.g. cases.0.counts.1.conviction_level")
    old_value = models.JSONField(null=True)
    new_value = models.JSONField(null=True)
    note = models.CharField(max_length=500, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("created_at", "id")

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and Correction.objects.filter(pk=self.pk).exists():
            raise ImmutableError("a correction is never changed; add another one")
        super().save(*args, **kwargs)


class Task(models.Model):
    class Kind(models.TextChoices):
        task = "task", _("Task")
        deadline = "deadline", _("Deadline")
        eligible_on = "eligible_on", _("Becomes eligible on")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="tasks")
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="tasks")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.task)
    title = models.CharField(max_length=300)
    due_date = models.DateField(null=True, blank=True)
    remedy = models.CharField(max_length=40, blank=True)
    done = models.BooleanField(default=False)
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("done", "due_date", "id")


class AuditEvent(models.Model):
    """Who viewed or changed which person's record, and when. Holds ids and actions, never record data."""

    organisation = models.ForeignKey(Organisation, null=True, on_delete=models.SET_NULL, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=20)  # view, create, update, delete, download, share, denied
    object_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=40, blank=True)
    client = models.ForeignKey(Client, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    via = models.CharField(max_length=10, default="web")  # web, api
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-at", "-id")


class ApiToken(models.Model):
    """A bearer token for the REST API. Only its SHA-256 is stored; the token is shown once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=8)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used = models.DateTimeField(null=True, blank=True)

    @staticmethod
    def hash(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def issue(cls, user: Any, name: str) -> tuple[ApiToken, str]:
        token = "cp_" + secrets.token_urlsafe(32)
        return cls.objects.create(user=user, name=name, prefix=token[:8], digest=cls.hash(token)), token


class BulkJob(models.Model):
    class Status(models.TextChoices):
        queued = "queued", _("Queued")
        running = "running", _("Running")
        done = "done", _("Done")
        failed = "failed", _("Failed")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="bulk_jobs")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    input_name = models.CharField(max_length=200)
    input_bytes = models.BigIntegerField(default=0)
    as_of = models.DateField()
    county = models.CharField(max_length=60, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.queued)
    rows_done = models.BigIntegerField(default=0)
    rows_total = models.BigIntegerField(default=0, help_text="Estimate: lines in the input.")
    summary = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at",)

    def percent(self) -> int | None:
        if self.status == self.Status.done:
            return 100
        if not self.rows_total:
            return None
        return min(99, int(100 * self.rows_done / self.rows_total))
