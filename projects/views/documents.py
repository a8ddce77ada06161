"""Project documents: upload and delete (the owning agency's officials) and download (whoever
`permissions.may_download_document` allows).

Files are served here, through Django and its permission checks, never from MEDIA_URL.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_safe

from emining.forms import PortalForm
from emining.services import DomainError
from projects import permissions, services, uploads
from projects.models import Project, ProjectDocument
from projects.services.documents import CLOSED_TO_DOCUMENTS

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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visibility"].widget.attrs["class"] = "form-check-input"
        self.fields["file"].help_text = _(
            "PDF, images (PNG, JPEG, GIF, WebP, TIFF), spreadsheets and office documents "
            "(Excel, Word, PowerPoint, OpenDocument), CSV or plain text; at most %(limit)s. "
            "The type is checked from the file’s content, not its name."
        ) % {"limit": uploads.limit_text()}


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


@csrf_exempt  # checked by _document_upload, once the size guard below is in place
def document_upload(request: HttpRequest, reference: str) -> HttpResponse:
    # Installed before the body is read (the CSRF check reads it), so that an oversize file
    # stops being stored as soon as it passes the limit.
    size_guard = uploads.DocumentSizeLimitHandler(request)
    request.upload_handlers.insert(0, size_guard)
    return _document_upload(request, reference, size_guard)


@csrf_protect
@require_http_methods(["GET", "HEAD", "POST"])
def _document_upload(
    request: HttpRequest, reference: str, size_guard: uploads.DocumentSizeLimitHandler
) -> HttpResponse:
    project = _managed_project(request, reference)
    if isinstance(project, HttpResponse):
        return project
    if project.status in CLOSED_TO_DOCUMENTS:
        messages.error(
            request,
            _("Documents cannot be changed on a project that is “%(status)s”.")
            % {"status": project.get_status_display()},
        )
        return redirect(project)
    if request.method != "POST":
        form = DocumentForm()
        return render(request, "projects/document_form.html", {"project": project, "form": form})

    form = DocumentForm(request.POST, request.FILES)
    valid = form.is_valid()
    if size_guard.exceeded:
        form.errors.pop("file", None)
        form.add_error("file", uploads.too_large_message())
        valid = False
    if valid:
        uploaded = form.cleaned_data["file"]
        title = form.cleaned_data["title"] or _title_from_name(uploaded.name)
        try:
            document = services.add_document(
                project,
                by=request.user,
                uploaded_file=uploaded,
                title=title,
                title_zh=form.cleaned_data["title_zh"],
                title_ur=form.cleaned_data["title_ur"],
                visibility=form.cleaned_data["visibility"],
            )
        except PermissionDenied as exc:
            return _denied(request, str(exc))
        except DomainError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request,
                _("“%(title)s” was added (%(type)s).")
                % {"title": document.title, "type": uploads.type_label(document.content_type)},
            )
            return redirect(project)
    context = {"project": project, "form": form}
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
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        logger.error("Stored file of document %s is missing: %s", document.pk, exc)
        raise Http404(_("The file of this document is missing.")) from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    # Should a browser open it anyway, nothing in it may run or load anything.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# --- Delete ------------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def document_delete(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    project = _managed_project(request, reference)
    if isinstance(project, HttpResponse):
        return project
    document = _project_document(project, pk)
    context = {"project": project, "document": document}
    if request.method != "POST":
        return render(request, "projects/document_confirm_delete.html", context)
    try:
        services.remove_document(document, by=request.user)
    except PermissionDenied as exc:
        return _denied(request, str(exc))
    except DomainError as exc:
        context["errors"] = exc.messages
        return render(request, "projects/document_confirm_delete.html", context, status=400)
    messages.success(request, _("“%(title)s” was deleted.") % {"title": document.title})
    return redirect(project)
