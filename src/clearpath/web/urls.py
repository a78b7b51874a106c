from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.urls import path, re_path
from django.utils._os import safe_join
from django.views.i18n import set_language
from django.views.static import serve

from clearpath.web.core import bulkviews, views
from clearpath.web.core.api import api


def static(request: HttpRequest, path: str) -> HttpResponseBase:
    """The app's own assets and the API docs' Swagger UI files: no CDN, nothing to collect."""
    for root in settings.STATIC_DIRS:
        try:
            found = Path(safe_join(str(root), path)).is_file()
        except ValueError:  # a path that leaves the folder
            raise Http404 from None
        if found:
            return serve(request, path, document_root=str(root))
    raise Http404


urlpatterns = [
    path("", views.home, name="home"),
    path("check/", views.screener, name="screener"),
    path("check/upload/", views.upload, name="upload"),
    path("check/save/", views.save_answers, name="save_answers"),
    path("check/share/", views.share, name="share"),
    path("check/papers/", views.papers, name="papers"),
    path("check/withdraw/<str:secret>/", views.withdraw, name="withdraw"),
    path("help/", views.help_page, name="help"),
    path("privacy/", views.privacy, name="privacy"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("accounts/login/", views.ThrottledLoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("workspace/", views.workspace, name="workspace"),
    path("workspace/clients/new/", views.client_new, name="client_new"),
    path("workspace/clients/papers/", views.clients_papers, name="clients_papers"),
    path("workspace/clients/<int:pk>/", views.client_detail, name="client"),
    path("workspace/clients/<int:pk>/edit/", views.client_edit, name="client_edit"),
    path("workspace/clients/<int:pk>/upload/", views.source_upload, name="source_upload"),
    path("workspace/clients/<int:pk>/typed/", views.source_typed, name="source_typed"),
    path("workspace/clients/<int:pk>/tasks/", views.task_new, name="task_new"),
    path("workspace/clients/<int:pk>/papers/", views.client_papers, name="client_papers"),
    path("workspace/clients/<int:pk>/delete/", views.client_delete, name="client_delete"),
    path("workspace/clients/<int:pk>/tasks/from-plan/", views.tasks_from_plan, name="tasks_from_plan"),
    path("workspace/sources/<int:pk>/correct/", views.correct, name="correct"),
    path("workspace/tasks/<int:pk>/done/", views.task_done, name="task_done"),
    path("workspace/audit/", views.audit_log, name="audit"),
    path("workspace/tokens/", views.tokens, name="tokens"),
    path("workspace/members/", views.members, name="members"),
    path("workspace/members/<int:pk>/active/", views.member_active, name="member_active"),
    path("workspace/bulk/", bulkviews.bulk_list, name="bulk"),
    path("workspace/bulk/<int:pk>/", bulkviews.bulk_detail, name="bulk_detail"),
    path("workspace/bulk/<int:pk>/files/<str:name>", bulkviews.bulk_file, name="bulk_file"),
    path("api/v1/", api.urls),
    # The app serves its own small assets: no CDN, nothing to collect.
    re_path(r"^static/(?P<path>.*)$", static),
]
