"""Verification documents: upload and remove (the firm's members), download (the members and
officials; a 404 for everyone else, so that not even their existence shows).

Files are served here, through the permission check, as sandboxed attachments.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_safe

from emining import uploads
from emining.services import DomainError
from emining.uploads.downloads import stored_document_response
from firms import permissions, selectors, services
from firms.forms import FirmDocumentForm
from firms.models import Firm, FirmDocument

from .common import add_errors
from .registry import member_required

logger = logging.getLogger(__name__)

# Room for the form's other fields and the multipart boundaries around the file.
FORM_OVERHEAD_BYTES = 64 * 1024


def _document_of(firm: Firm, pk: int) -> FirmDocument:
    document = FirmDocument.objects.filter(firm=firm, pk=pk).select_related("uploaded_by").first()
    if document is None:
        raise Http404(_("This firm has no such document."))
    document.firm = firm
    return document


def _announced_size(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


@csrf_exempt  # checked by _upload, once the upload is known to be allowed
@require_http_methods(["GET", "HEAD", "POST"])
@member_required
def firm_document_upload(request: HttpRequest, firm: Firm | None) -> HttpResponse:
    """Decides before the body is read: an upload by someone who may not make it, or whose
    announced size passes the limit, is refused before a byte of it is stored."""
    if firm is None:
        return redirect("firms:firm-register")
    if request.method == "POST" and _announced_size(request) > (
        settings.PROJECT_DOCUMENT_MAX_BYTES + FORM_OVERHEAD_BYTES
    ):
        return render(request, "413.html", {"message": uploads.too_large_message()}, status=413)
    size_guard = uploads.DocumentSizeLimitHandler(request)
    request.upload_handlers.insert(0, size_guard)
    return _upload(request, firm, size_guard)


@csrf_protect
def _upload(
    request: HttpRequest, firm: Firm, size_guard: uploads.DocumentSizeLimitHandler
) -> HttpResponse:
    if request.method != "POST":
        context = {"firm": firm, "form": FirmDocumentForm()}
        return render(request, "firms/firm_document_form.html", context)
    form = FirmDocumentForm(request.POST, request.FILES)
    valid = form.is_valid()
    if size_guard.exceeded:
        form.errors.pop("file", None)
        form.add_error("file", uploads.too_large_message())
        valid = False
    if valid:
        uploaded = form.cleaned_data["file"]
        title = form.cleaned_data["title"] or _title_from_name(uploaded.name)
        try:
            document = services.add_firm_document(
                firm, by=request.user, uploaded_file=uploaded, title=title
            )
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request,
                _("“%(title)s” was added (%(type)s).")
                % {"title": document.title, "type": document.type_label},
            )
            return redirect("firms:firm-mine")
    context = {"firm": firm, "form": form}
    return render(request, "firms/firm_document_form.html", context, status=400)


def _title_from_name(name: str) -> str:
    stem = uploads.display_name(name or "").rsplit(".", 1)[0]
    return stem[: FirmDocumentForm.base_fields["title"].max_length]


@require_http_methods(["GET", "HEAD", "POST"])
@member_required
def firm_document_delete(request: HttpRequest, firm: Firm | None, pk: int) -> HttpResponse:
    if firm is None:
        raise Http404(_("This firm has no such document."))
    document = _document_of(firm, pk)
    context = {"firm": firm, "document": document}
    if request.method != "POST":
        return render(request, "firms/firm_document_confirm_delete.html", context)
    try:
        services.remove_firm_document(document, by=request.user)
    except DomainError as exc:
        context["errors"] = exc.messages
        return render(request, "firms/firm_document_confirm_delete.html", context, status=400)
    messages.success(request, _("“%(title)s” was deleted.") % {"title": document.title})
    return redirect("firms:firm-mine")


@require_safe
def firm_document_download(request: HttpRequest, firm_pk: int, pk: int) -> HttpResponse:
    """The firm's members and officials; anyone else gets a 404 (as for a hidden firm)."""
    firm = selectors.firm_for_user(request.user, firm_pk)
    document = _document_of(firm, pk)
    if not permissions.may_download_firm_document(request.user, document):
        raise Http404(_("This firm has no such document."))
    return stored_document_response(document)
