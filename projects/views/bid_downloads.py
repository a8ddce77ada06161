"""A bid's downloads: a version's receipt (its canonical content, byte for byte) for the
bid's firms, and its proposal documents for whoever may read them. Both are attachments that
nothing may open in the page's origin, never kept by a cache."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from emining.uploads.downloads import attachment
from projects import bid_selectors, permissions
from projects.services import bid_documents
from projects.services.bids import unsealed_content

from .bids import _bid_firm_bid, _visible_bid, bid_page


@require_safe
@bid_page
def bid_receipt(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """A version's canonical content, byte for byte: its SHA-256 is the receipt digest."""
    bid = _bid_firm_bid(request, pk)
    version = next((v for v in bid.versions.all() if v.number == number), None)
    if version is None:
        raise Http404(_("This bid has no such version."))
    return attachment(
        unsealed_content(version),
        name=f"bid-{bid.pk}-v{version.number}-receipt.json",
        content_type="application/json",
    )


@require_safe
@bid_page
def bid_document_download(request: HttpRequest, pk: int, document: int) -> HttpResponse:
    bid = _visible_bid(request, pk)
    if not permissions.may_read_bid_documents(request.user, bid):
        raise Http404(_("No bid has this number."))
    found = next((d for d in bid_selectors.current_documents(bid) if d.pk == document), None)
    if found is None:
        raise Http404(_("This bid has no such document."))
    try:
        details, content = bid_documents.read_document(found)
    except OSError as exc:
        raise Http404(_("The file of this document is missing.")) from exc
    return attachment(content, name=details.original_name, content_type=details.content_type)
