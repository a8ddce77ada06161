from __future__ import annotations

from django.http import HttpResponse


def project_list(request):  # replaced by the browse-pages work
    return HttpResponse(status=501)


def project_map(request):
    return HttpResponse(status=501)


def project_detail(request, reference):
    return HttpResponse(status=501)
