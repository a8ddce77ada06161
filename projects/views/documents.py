from __future__ import annotations

from django.http import HttpResponse


def document_upload(request, reference):  # replaced by the documents work
    return HttpResponse(status=501)


def document_download(request, reference, pk):
    return HttpResponse(status=501)


def document_delete(request, reference, pk):
    return HttpResponse(status=501)
