"""The bulk OCDS release package, `/opendata/ocds.json`."""

from __future__ import annotations

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from emining.opendata import attachment, dated_filename

from .ocds import bulk_package_chunks


@require_GET
def ocds_bulk(request):
    """Every published project's OCDS release. It takes no parameters: any is a 400."""
    if request.GET:
        return JsonResponse({name: [_("Unknown parameter.")] for name in request.GET}, status=400)
    return attachment(
        bulk_package_chunks(uri=request.build_absolute_uri()),
        filename=dated_filename("ocds", "json"),
        content_type="application/json; charset=utf-8",
    )
