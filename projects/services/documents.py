"""Documents attached to a project: the geological report, maps, spreadsheets.

A document's type is judged from its content (`projects.uploads`), its file is stored through
Django's storage API under an unguessable name, and its row and audit event are written in one
transaction. Stored files never outlive a failed write, and a removed document's file goes
once the removal has committed.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.storage import Storage
from django.db import transaction
from django.utils.translation import gettext as _

from emining.audit import record_event
from emining.models import User
from emining.services import DomainError
from projects import permissions, signals
from projects.models import Project, ProjectDocument
from projects.uploads import UploadRefused, download_name, inspect_upload, too_large_message

logger = logging.getLogger(__name__)

# Documents can no longer change once the project has ended.
CLOSED_TO_DOCUMENTS = frozenset({Project.Status.CANCELLED, Project.Status.AWARDED})
TITLE_MAX_LENGTH = ProjectDocument._meta.get_field("title").max_length


def _require_manager(user: User, project: Project) -> None:
    if not permissions.may_manage_project(user, project):
        raise PermissionDenied(
            _("Only officials of the owning agency may manage this project’s documents.")
        )


def _require_open_to_documents(project: Project) -> None:
    if project.status in CLOSED_TO_DOCUMENTS:
        raise DomainError(
            _("Documents cannot be changed on a project that is “%(status)s”.")
            % {"status": project.get_status_display()}
        )


def _digest(uploaded_file: Any) -> tuple[str, int]:
    """SHA-256 and size, read in chunks; refuses a file that turns out larger than announced."""
    sha256 = hashlib.sha256()
    size = 0
    for chunk in uploaded_file.chunks():
        sha256.update(chunk)
        size += len(chunk)
        if size > settings.PROJECT_DOCUMENT_MAX_BYTES:
            raise UploadRefused(too_large_message(), code="too_large")
    uploaded_file.seek(0)
    return sha256.hexdigest(), size


def _clean_title(title: str) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise DomainError({"title": [_("Give the document a title.")]})
    if len(title) > TITLE_MAX_LENGTH:
        raise DomainError(
            {
                "title": [
                    _("The title is at most %(limit)s characters long.")
                    % {"limit": TITLE_MAX_LENGTH}
                ]
            }
        )
    return title


def _delete_stored(storage: Storage, name: str) -> None:
    try:
        storage.delete(name)
    except OSError:  # the row is gone either way; an operator can sweep the file
        logger.exception("Could not delete the stored document file %s", name)


def add_document(
    project: Project,
    *,
    by: User,
    uploaded_file: Any,
    title: str,
    visibility: str = ProjectDocument.Visibility.PUBLIC,
    title_zh: str = "",
    title_ur: str = "",
) -> ProjectDocument:
    """Attach a file to a project. On a published project it shows on the page at once (no
    amendment is needed); the audit trail records who added what and when."""
    _require_manager(by, project)
    _require_open_to_documents(project)
    title = _clean_title(title)
    if visibility not in ProjectDocument.Visibility.values:
        raise DomainError({"visibility": [_("Choose who may download the document.")]})
    detected = inspect_upload(uploaded_file)
    sha256, size = _digest(uploaded_file)

    document = ProjectDocument(
        project=project,
        title=title,
        title_zh=" ".join((title_zh or "").split())[:TITLE_MAX_LENGTH],
        title_ur=" ".join((title_ur or "").split())[:TITLE_MAX_LENGTH],
        original_name=download_name(uploaded_file.name or "", detected),
        content_type=detected.content_type,
        size=size,
        sha256=sha256,
        visibility=visibility,
        uploaded_by=by,
    )
    # Stored before the transaction, so the project row is not locked while the file is
    # written; the name comes from `upload_to` (a random token), never from the upload.
    document.file.save(document.original_name, uploaded_file, save=False)
    stored_name = document.file.name
    storage = document.file.storage
    try:
        with transaction.atomic():
            locked = Project.objects.select_for_update().get(pk=project.pk)
            _require_open_to_documents(locked)
            document.project = locked
            document.save()
            record_event(
                action="project.document_added",
                actor=by,
                target=locked,
                data={
                    "document": document.pk,
                    "title": document.title,
                    "original_name": document.original_name,
                    "content_type": document.content_type,
                    "size": document.size,
                    "sha256": document.sha256,
                    "visibility": document.visibility,
                    "project_status": locked.status,
                },
            )
            _announce(locked, event="document_added")
    except BaseException:
        _delete_stored(storage, stored_name)
        raise
    document.project = project
    return document


def remove_document(document: ProjectDocument, *, by: User) -> None:
    """Delete a document's row now and its file once that has committed."""
    project = document.project
    _require_manager(by, project)
    with transaction.atomic():
        locked_project = Project.objects.select_for_update().get(pk=project.pk)
        locked = ProjectDocument.objects.select_for_update().filter(pk=document.pk).first()
        if locked is None or locked.project_id != locked_project.pk:
            raise DomainError(_("This document has already been removed."))
        stored_name = locked.file.name
        storage = locked.file.storage
        data = {
            "document": locked.pk,
            "title": locked.title,
            "original_name": locked.original_name,
            "sha256": locked.sha256,
            "visibility": locked.visibility,
            "project_status": locked_project.status,
        }
        locked.delete()
        record_event(action="project.document_removed", actor=by, target=locked_project, data=data)
        _announce(locked_project, event="document_removed")
        transaction.on_commit(lambda: _delete_stored(storage, stored_name))


def _announce(project: Project, *, event: str) -> None:
    project_id = project.pk
    transaction.on_commit(
        lambda: signals.project_changed.send(sender=Project, project_id=project_id, event=event)
    )
