"""How every stored document leaves the portal: as an attachment that nothing may open in
the portal's origin, never kept by a shared cache."""

from __future__ import annotations

import logging

from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def attachment(content, *, name: str, content_type: str) -> HttpResponse:
    """`content`: an open file (streamed) or bytes (a receipt written on the fly)."""
    if isinstance(content, bytes):
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=name
        )
    else:
        response = FileResponse(
            content, as_attachment=True, filename=name, content_type=content_type
        )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    # Should a browser open it anyway, nothing in it may run or load anything.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def stored_document_response(document) -> HttpResponse:
    """A document row (`file`, `original_name`, `content_type`) as its attachment; a file
    missing from storage is a 404 (and an error in the log), never a 500."""
    try:
        handle = document.file.open("rb")
    except OSError as exc:
        logger.error("Stored file of %s %s is missing: %s", document._meta.label, document.pk, exc)
        raise Http404(_("The file of this document is missing.")) from exc
    return attachment(handle, name=document.original_name, content_type=document.content_type)
