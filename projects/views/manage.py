from __future__ import annotations

from django.http import HttpResponse


def workspace(request):  # replaced by the management-pages work
    return HttpResponse(status=501)


def project_create(request):
    return HttpResponse(status=501)


def project_edit(request, reference):
    return HttpResponse(status=501)


def project_amend(request, reference):
    return HttpResponse(status=501)


def project_transition(request, reference, action):
    return HttpResponse(status=501)
