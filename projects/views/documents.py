"""Project documents: upload and delete (the owning agency's officials) and download (whoever
`permissions.may_download_document` allows).

Files are served here, through Django and its permission checks, never from MEDIA_URL.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_safe

from emining import uploads
from emining.forms import PortalForm
from emining.services import DomainError
from emining.uploads.downloads import attachment, stored_document_response
from projects import permissions, services
from projects.models import AmendmentProposal, Project, ProjectDocument
from projects.services.documents import documents_locked_message

if TYPE_CHECKING:
    from emining.permissions import AnyUser

logger = logging.getLogger(__name__)


class DocumentForm(PortalForm):
    title = forms.CharField(
        label=gettext_lazy("Title"),
        max_length=ProjectDocument._meta.get_field("title").max_length,
        required=False,
        help_text=gettext_lazy(
            "For example “Geological report 2024”. Leave empty to use the file name."
        ),
    )
    title_zh = forms.CharField(
        label=gettext_lazy("Title in Chinese"),
        max_length=ProjectDocument._meta.get_field("title_zh").max_length,
        required=False,
        widget=forms.TextInput(attrs={"lang": "zh-Hans"}),
        help_text=gettext_lazy("Optional: shown to visitors who use the portal in Chinese."),
    )
    title_ur = forms.CharField(
        label=gettext_lazy("Title in Urdu"),
        max_length=ProjectDocument._meta.get_field("title_ur").max_length,
        required=False,
        widget=forms.TextInput(attrs={"lang": "ur", "dir": "rtl"}),
        help_text=gettext_lazy("Optional: shown to visitors who use the portal in Urdu."),
    )
    visibility = forms.ChoiceField(
        label=gettext_lazy("Who may download it"),
        choices=[
            (
                ProjectDocument.Visibility.PUBLIC,
                gettext_lazy("Everyone, once the project is published"),
            ),
            (
                ProjectDocument.Visibility.RESTRICTED,
                gettext_lazy("Restricted: government officials and verified firms"),
            ),
        ],
        initial=ProjectDocument.Visibility.PUBLIC,
        widget=forms.RadioSelect,
    )
    file = forms.FileField(
        label=gettext_lazy("File"),
        max_length=1000,
        allow_empty_file=True,  # the service refuses empty files with its own message
        widget=forms.FileInput(
            attrs={"accept": ",".join(f".{ext}" for ext in uploads.ACCEPTED_EXTENSIONS)}
        ),
    )

    def __init__(self, *args, project: Project | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visibility"].widget.attrs["class"] = "form-check-input"
        if project is not None and project.is_public:
            # After publication a document changes through an amendment: it says why, and
            # may replace one of the documents already there.
            self.fields["replaces"] = forms.TypedChoiceField(
                label=_("Replaces"),
                choices=[
                    ("", _("Nothing: add it beside the others")),
                    *((d.pk, d.title) for d in project.documents.order_by("uploaded_at", "id")),
                ],
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.Select(attrs={"class": "form-select"}),
            )
            self.fields["reason"] = amendment_reason_field()
        self.fields["file"].help_text = _(
            "PDF, images (PNG, JPEG, GIF, WebP, TIFF), spreadsheets and office documents "
            "(Excel, Word, PowerPoint, OpenDocument), CSV or plain text; at most %(limit)s. "
            "The type is checked from the file’s content, not its name."
        ) % {"limit": uploads.limit_text()}


def amendment_reason_field() -> forms.CharField:
    return forms.CharField(
        label=_("Reason for the amendment"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        help_text=_("Shown on the project page beside the change, so bidders know why."),
        error_messages={"required": _("Say why the project is amended.")},
    )


class DocumentDeleteForm(PortalForm):
    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        if project.is_public:
            self.fields["reason"] = amendment_reason_field()


def _visible_project(user: AnyUser, reference: str) -> Project:
    """The project if this user may see it; otherwise 404, so its existence is not revealed."""
    project = (
        permissions.projects_visible_to(user)
        .select_related("agency")
        .defer("search_vector")
        .filter(reference=reference)
        .first()
    )
    if project is None:
        raise Http404(_("No project has this reference."))
    return project


def _denied(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "403.html", {"message": message}, status=403)


def _managed_project(request: HttpRequest, reference: str) -> Project | HttpResponse:
    project = _visible_project(request.user, reference)
    if not permissions.may_manage_project(request.user, project):
        return _denied(
            request, _("Only officials of the owning agency may manage this project’s documents.")
        )
    return project


def _project_document(project: Project, pk: int) -> ProjectDocument:
    document = (
        ProjectDocument.objects.filter(project=project, pk=pk).select_related("uploaded_by").first()
    )
    if document is None:
        raise Http404(_("This project has no such document."))
    document.project = project
    return document


def document_rows(user: AnyUser, project: Project) -> list[dict]:
    """What `projects/partials/_documents.html` lists, from the project's (prefetched)
    documents: each with whether this user may download it."""
    rows = []
    for document in project.documents.all():
        document.project = project
        rows.append(
            {
                "document": document,
                "may_download": permissions.may_download_document(user, document),
            }
        )
    return rows


# --- Upload ------------------------------------------------------------------------------------


# Room for the form's other fields and the multipart boundaries around the file.
FORM_OVERHEAD_BYTES = 64 * 1024


@csrf_exempt  # checked by _document_upload, once the upload is known to be allowed
@require_http_methods(["GET", "HEAD", "POST"])
def document_upload(request: HttpRequest, reference: str) -> HttpResponse:
    """Decides before the body is read: an upload the user may not make, or one whose
    announced size passes the limit, is refused without a byte of it being stored (the CSRF
    check alone would read, and write to a temporary file, the whole body)."""
    project = _managed_project(request, reference)
    if isinstance(project, HttpResponse):
        return project
    locked = documents_locked_message(project)
    if locked:
        messages.error(request, locked)
        return redirect(project)
    if request.method == "POST" and _announced_size(request) > (
        settings.PROJECT_DOCUMENT_MAX_BYTES + FORM_OVERHEAD_BYTES
    ):
        return render(request, "413.html", {"message": uploads.too_large_message()}, status=413)
    # Installed before the body is read (the CSRF check reads it), so that an oversize file
    # stops being stored as soon as it passes the limit.
    size_guard = uploads.DocumentSizeLimitHandler(request)
    request.upload_handlers.insert(0, size_guard)
    response = _document_upload(request, project, size_guard)
    # An official's working page (on drafts among others): never kept by a shared cache.
    patch_cache_control(response, private=True, no_store=True)
    return response


def _announced_size(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


@csrf_protect
def _document_upload(
    request: HttpRequest, project: Project, size_guard: uploads.DocumentSizeLimitHandler
) -> HttpResponse:
    context: dict = {"project": project}
    if request.method != "POST":
        context["form"] = DocumentForm(project=project)
        return render(request, "projects/document_form.html", context)

    form = DocumentForm(request.POST, request.FILES, project=project)
    context["form"] = form
    valid = form.is_valid()
    if size_guard.exceeded:
        form.errors.pop("file", None)
        form.add_error("file", uploads.too_large_message())
        valid = False
    if valid:
        uploaded = form.cleaned_data["file"]
        title = form.cleaned_data["title"] or _title_from_name(uploaded.name)
        replaces_pk = form.cleaned_data.get("replaces")
        replaces = _project_document(project, replaces_pk) if replaces_pk is not None else None
        try:
            result = services.add_document(
                project,
                by=request.user,
                uploaded_file=uploaded,
                title=title,
                title_zh=form.cleaned_data["title_zh"],
                title_ur=form.cleaned_data["title_ur"],
                visibility=form.cleaned_data["visibility"],
                reason=form.cleaned_data.get("reason", ""),
                replaces=replaces,
            )
        except PermissionDenied as exc:
            return _denied(request, str(exc))
        except DomainError as exc:
            _add_errors(form, exc)
        else:
            if isinstance(result, AmendmentProposal):
                messages.success(
                    request,
                    _(
                        "“%(title)s” waits for a second official of your agency: restricted "
                        "documents change only once the amendment is approved."
                    )
                    % {"title": title},
                )
            else:
                messages.success(
                    request,
                    _("“%(title)s” was added (%(type)s).")
                    % {"title": result.title, "type": uploads.type_label(result.content_type)},
                )
            return redirect(project)
    return render(request, "projects/document_form.html", context, status=400)


def _title_from_name(name: str) -> str:
    stem = uploads.display_name(name or "").rsplit(".", 1)[0]
    return stem[: DocumentForm.base_fields["title"].max_length]


def _add_errors(form: forms.Form, error: DomainError) -> None:
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error)


# --- Download ----------------------------------------------------------------------------------


@require_safe
def document_download(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    project = _visible_project(request.user, reference)
    document = _project_document(project, pk)
    if not permissions.may_download_document(request.user, document):
        message = _(
            "This document is restricted: it is available to government officials and "
            "verified firms."
        )
        if not request.user.is_authenticated:
            message = _("%(message)s Sign in first if you are one.") % {"message": message}
        return _denied(request, message)
    return stored_document_response(document)


@require_safe
def pending_document_download(request: HttpRequest, reference: str, index: int) -> HttpResponse:
    """A document uploaded with an amendment that waits for approval: the agency's officials
    read it before deciding (four eyes means looking at what one approves)."""
    project = _managed_project(request, reference)
    if isinstance(project, HttpResponse):
        return project
    proposal = project.amendment_proposals.filter(status=AmendmentProposal.Status.PENDING).first()
    added = proposal.proposed.get("documents_added", []) if proposal else []
    if not 0 <= index < len(added):
        raise Http404(_("This project has no such document."))
    item = added[index]
    storage = ProjectDocument._meta.get_field("file").storage
    try:
        handle = storage.open(item["file"], "rb")
    except (FileNotFoundError, OSError) as exc:
        logger.error("Stored file of proposal %s is missing: %s", proposal.pk, exc)
        raise Http404(_("The file of this document is missing.")) from exc
    return attachment(handle, name=item["original_name"], content_type=item["content_type"])


# --- Delete ------------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def document_delete(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    project = _managed_project(request, reference)
    if isinstance(project, HttpResponse):
        return project
    document = _project_document(project, pk)
    locked = documents_locked_message(project)
    if locked:
        messages.error(request, locked)
        return redirect(project)
    form = DocumentDeleteForm(request.POST if request.method == "POST" else None, project=project)
    context = {"project": project, "document": document, "form": form}
    if request.method != "POST":
        return render(request, "projects/document_confirm_delete.html", context)
    if not form.is_valid():
        return render(request, "projects/document_confirm_delete.html", context, status=400)
    try:
        proposal = services.remove_document(
            document, by=request.user, reason=form.cleaned_data.get("reason", "")
        )
    except PermissionDenied as exc:
        return _denied(request, str(exc))
    except DomainError as exc:
        _add_errors(form, exc)
        return render(request, "projects/document_confirm_delete.html", context, status=400)
    if proposal is not None:
        messages.success(
            request,
            _(
                "Removing “%(title)s” waits for a second official of your agency: restricted "
                "documents change only once the amendment is approved."
            )
            % {"title": document.title},
        )
    else:
        messages.success(request, _("“%(title)s” was deleted.") % {"title": document.title})
    return redirect(project)
