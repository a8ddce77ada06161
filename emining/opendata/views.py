"""The open-data page and the dataset downloads (`/opendata/<name>.<csv|json>`)."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import (
    FORMATS,
    LICENCE_NAME,
    LICENCE_NOTE,
    LICENCE_URL,
    datasets,
    downloads,
    export_response,
    get_dataset,
)


@require_GET
def index(request):
    return render(
        request,
        "opendata/index.html",
        {
            "datasets": datasets(),
            "downloads": downloads(),
            "formats": FORMATS,
            "licence_name": LICENCE_NAME,
            "licence_url": LICENCE_URL,
            "licence_note": LICENCE_NOTE,
        },
    )


@require_GET
def export(request, name: str, fmt: str):
    """A whole dataset, streamed; its FilterSet's parameters narrow it (400 if bad)."""
    return export_response(get_dataset(name), fmt, request.GET)
