"""Bulk job pages: upload a DOJ file, watch progress, download outputs."""

from __future__ import annotations

from datetime import date

from django import forms
from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy

from clearpath.web.core import bulkjobs
from clearpath.web.core.models import BulkJob
from clearpath.web.core.services import audit, owned, today
from clearpath.web.core.views import UPLOAD_ERRORS, member_required, org_of


class BulkForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("DOJ research file (.dat, .txt, .csv)"))
    as_of = forms.DateField(label=gettext_lazy("Analysis date"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))
    county = forms.CharField(label=gettext_lazy("County (optional)"), required=False, max_length=60)


@member_required
def bulk_list(request: HttpRequest) -> HttpResponse:
    form = BulkForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            f = form.cleaned_data["file"]
            head = next(f.chunks(4096), b"")[:4096]
            f.seek(0)
            err = bulkjobs.check_bulk_upload(f.name, head)
            if f.size > settings.MAX_BULK_UPLOAD_BYTES:
                err = "too_large"
            if err:
                form.add_error("file", UPLOAD_ERRORS[err])
            else:
                as_of: date = form.cleaned_data["as_of"] or today()
                job = bulkjobs.create_job(organisation=org_of(request), user=request.user, name=f.name,
                                          chunks=f.chunks(), as_of=as_of, county=form.cleaned_data["county"])
                audit(request, "create", job)
                return redirect("bulk_detail", pk=job.pk)
        status = 400
    jobs = BulkJob.objects.filter(organisation=org_of(request))[:100]
    return render(request, "clearpath/bulk.html", {"form": form, "jobs": jobs,
                                                   "runner_ok": bulkjobs.runner_available()}, status=status)


def own_job(request: HttpRequest, pk: int) -> BulkJob:
    job = owned(request, BulkJob, pk, org_of(request))
    if job is None:
        raise Http404
    return job


@member_required
def bulk_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = own_job(request, pk)
    audit(request, "view", job)
    return render(request, "clearpath/bulk_detail.html", {
        "job": job, "files": [p.name for p in bulkjobs.outputs(job)],
        "refresh": job.status in (BulkJob.Status.queued, BulkJob.Status.running)})


@member_required
def bulk_file(request: HttpRequest, pk: int, name: str) -> HttpResponseBase:
    job = own_job(request, pk)
    files = {p.name: p for p in bulkjobs.outputs(job)}
    if name not in files:  # only names the job wrote: no paths from the request
        raise Http404
    audit(request, "download", job)
    return FileResponse(files[name].open("rb"), as_attachment=True, filename=name)
