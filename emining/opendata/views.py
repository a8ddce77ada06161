"""The open-data page and the dataset downloads (`/opendata/<name>.<csv|json>`)."""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from emining import audit_chain

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


# What the head file tells its reader, in English like the file's keys (a machine format).
AUDIT_HEAD_HOW_TO_CHECK = (
    "Save this file. Later, ask the portal's auditor to run "
    "`manage.py verify_audit_log --head SEQUENCE:HASH` with the sequence and hash saved here: "
    "it recomputes every event's content hash and link from the stored rows up to that "
    "sequence, so any event before it that was altered, removed or reordered changes the hash "
    "there, and the check fails. A later head must also have a higher sequence than any head "
    "saved before it."
)


@require_GET
def audit_head(request):
    """The audit chain's head: anyone who saves it can later check that no earlier event was
    altered or removed (see README, "Checking the audit trail"). One index read."""
    head = audit_chain.read_head()
    response = JsonResponse(
        {
            "sequence": head.sequence,
            "events": head.sequence,
            "hash": head.hash,
            "event_id": head.event_id,
            "event_time": head.created_at.isoformat() if head.created_at else None,
            "time": timezone.now().isoformat(),
            "algorithm": audit_chain.ALGORITHM,
            "canonical_version": audit_chain.CANONICAL_VERSION,
            "link": "hash = sha256(previous_hash || content_hash), lowercase hex; "
            "the first event's previous_hash is 64 zeros",
            "how_to_check": AUDIT_HEAD_HOW_TO_CHECK,
        },
        json_dumps_params={"ensure_ascii": False},
    )
    # A head that is seconds old is still a head of the chain; never older than that.
    patch_cache_control(response, public=True, max_age=5)
    return response
