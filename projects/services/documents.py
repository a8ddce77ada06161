"""Documents attached to a project: the geological report, maps, spreadsheets.

A document's type is judged from its content (`emining.uploads`), its file is stored through
Django's storage API under an unguessable name, and its row and audit event are written in one
transaction. Stored files never outlive a failed write, and a removed document's file goes
once the removal has committed.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from emining.audit import record_event
from emining.models import User
from emining.services import DomainError
from emining.uploads import clean_title
from emining.uploads.storage import (
    delete_after_commit,
    discard_on_failure,
    store_upload,
)
from projects import amendments, permissions, signals
from projects.models import AmendmentProposal, Project, ProjectDocument
from projects.services import amendments as amending
from projects.services.amendments import AMENDABLE_DOCUMENT_STATUSES

# Documents can no longer change once the project has ended.
CLOSED_TO_DOCUMENTS = frozenset({Project.Status.CANCELLED, Project.Status.AWARDED})
TITLE_MAX_LENGTH = ProjectDocument._meta.get_field("title").max_length


def _require_manager(user: User, project: Project) -> None:
    if not permissions.may_manage_project(user, project):
        raise PermissionDenied(
            _("Only officials of the owning agency may manage this project’s documents.")
        )


def _clean_title(title: str) -> str:
    return clean_title(title, max_length=TITLE_MAX_LENGTH)


def _document_item(document: ProjectDocument) -> dict[str, Any]:
    """A document as an amendment records it (what a reader of the log needs)."""
    return {"document": document.pk, "title": document.title, "visibility": document.visibility}


def documents_locked_message(project: Project) -> str:
    """Why this project's documents cannot change now, or "": never once it is awarded or
    cancelled (after publication they change through an amendment). Pages ask this before
    reading an upload's body."""
    if project.status in CLOSED_TO_DOCUMENTS or (
        project.is_public and project.status not in AMENDABLE_DOCUMENT_STATUSES
    ):
        return _("Documents cannot be changed on a project that is “%(status)s”.") % {
            "status": project.get_status_display()
        }
    return ""


def _require_amendable_documents(project: Project) -> None:
    message = documents_locked_message(project)
    if message:
        raise DomainError(message)


def _clean_amendment_reason(project: Project, reason: str) -> str:
    """A published project's documents change by amendment, which says why."""
    reason = (reason or "").strip()
    if project.is_public and not reason:
        raise DomainError(
            {
                "reason": [
                    _(
                        "The project is published: say why its documents change. The reason "
                        "is shown on its page with the change."
                    )
                ]
            }
        )
    return reason


def add_document(
    project: Project,
    *,
    by: User,
    uploaded_file: Any,
    title: str,
    visibility: str = ProjectDocument.Visibility.PUBLIC,
    title_zh: str = "",
    title_ur: str = "",
    reason: str = "",
    replaces: ProjectDocument | None = None,
) -> ProjectDocument | AmendmentProposal:
    """Attach a file to a project (replacing `replaces`, if given).

    Before publication the document is simply added. After it, the change is an amendment
    with a reason, shown on the page; a restricted document (added or replaced) waits for a
    second official, and the answer is then the proposal."""
    _require_manager(by, project)
    _require_amendable_documents(project)
    reason = _clean_amendment_reason(project, reason)
    title = _clean_title(title)
    if visibility not in ProjectDocument.Visibility.values:
        raise DomainError({"visibility": [_("Choose who may download the document.")]})
    if replaces is not None and replaces.project_id != project.pk:
        raise DomainError({"replaces": [_("Choose one of this project’s documents.")]})
    # Stored before the transaction, so the project row is not locked while the file is
    # written; the name comes from `upload_to` (a random token), never from the upload.
    stored = store_upload(uploaded_file, field=ProjectDocument._meta.get_field("file"))
    document = ProjectDocument(
        project=project,
        title=title,
        title_zh=" ".join((title_zh or "").split())[:TITLE_MAX_LENGTH],
        title_ur=" ".join((title_ur or "").split())[:TITLE_MAX_LENGTH],
        visibility=visibility,
        uploaded_by=by,
        **stored.row_values(),
    )
    with discard_on_failure(stored), transaction.atomic():
        locked = Project.objects.select_for_update().get(pk=project.pk)
        _require_amendable_documents(locked)
        if locked.is_public:
            result = _amend_with_document(locked, document, by=by, reason=reason, replaces=replaces)
        else:
            result = _save_document(locked, document, by=by)
            if replaces is not None:
                _delete_document(locked, replaces, by=by)
    if isinstance(result, ProjectDocument):
        result.project = project
    return result


def _save_document(locked: Project, document: ProjectDocument, *, by: User) -> ProjectDocument:
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
    return document


def _amend_with_document(
    locked: Project,
    document: ProjectDocument,
    *,
    by: User,
    reason: str,
    replaces: ProjectDocument | None,
) -> ProjectDocument | AmendmentProposal:
    removed = _locked_document(locked, replaces) if replaces is not None else None
    added_item = {"document": None, "title": document.title, "visibility": document.visibility}
    values: dict[str, dict[str, Any]] = {"documents_added": {"from": [], "to": [added_item]}}
    if removed is not None:
        values["documents_removed"] = {"from": [_document_item(removed)], "to": []}
    if amendments.needs_approval(values):
        stored = {
            field: getattr(document, field)
            for field in (
                "title",
                "title_zh",
                "title_ur",
                "original_name",
                "content_type",
                "size",
                "sha256",
                "visibility",
            )
        } | {"file": document.file.name}
        proposed: dict[str, Any] = {"documents_added": [stored]}
        if removed is not None:
            proposed["documents_removed"] = [removed.pk]
        return amending.propose_amendment(
            locked, by=by, reason=reason, proposed=proposed, values=values
        )
    _save_document(locked, document, by=by)
    added_item["document"] = document.pk
    if removed is not None:
        _delete_document(locked, removed, by=by)
    amending.record_amendment(locked, by=by, reason=reason, values=values)
    return document


def _locked_document(project: Project, document: ProjectDocument) -> ProjectDocument:
    locked = ProjectDocument.objects.select_for_update().filter(pk=document.pk).first()
    if locked is None or locked.project_id != project.pk:
        raise DomainError(_("This document has already been removed."))
    return locked


def _delete_document(locked_project: Project, document: ProjectDocument, *, by: User) -> None:
    """Delete the row now and its file once that has committed."""
    stored_name = document.file.name
    storage = document.file.storage
    data = {
        "document": document.pk,
        "title": document.title,
        "original_name": document.original_name,
        "sha256": document.sha256,
        "visibility": document.visibility,
        "project_status": locked_project.status,
    }
    document.delete()
    record_event(action="project.document_removed", actor=by, target=locked_project, data=data)
    _announce(locked_project, event="document_removed")
    delete_after_commit(storage, stored_name)


def remove_document(
    document: ProjectDocument, *, by: User, reason: str = ""
) -> AmendmentProposal | None:
    """Delete a document. After publication this is an amendment with a reason; removing a
    restricted document waits for a second official (the answer is then the proposal)."""
    project = document.project
    _require_manager(by, project)
    _require_amendable_documents(project)
    reason = _clean_amendment_reason(project, reason)
    with transaction.atomic():
        locked_project = Project.objects.select_for_update().get(pk=project.pk)
        _require_amendable_documents(locked_project)
        locked = _locked_document(locked_project, document)
        if not locked_project.is_public:
            _delete_document(locked_project, locked, by=by)
            return None
        values = {"documents_removed": {"from": [_document_item(locked)], "to": []}}
        if amendments.needs_approval(values):
            return amending.propose_amendment(
                locked_project,
                by=by,
                reason=reason,
                proposed={"documents_removed": [locked.pk]},
                values=values,
            )
        _delete_document(locked_project, locked, by=by)
        amending.record_amendment(locked_project, by=by, reason=reason, values=values)
        return None


def apply_document_changes(
    locked_project: Project, proposed: dict[str, Any], *, uploaded_by: User
) -> dict[str, dict[str, Any]]:
    """Carry out the document part of an approved amendment (inside its transaction); the
    changes made, as an amendment records them."""
    values: dict[str, dict[str, Any]] = {}
    removed = []
    for pk in proposed.get("documents_removed", []):
        document = ProjectDocument.objects.select_for_update().filter(pk=pk).first()
        if document is None or document.project_id != locked_project.pk:
            continue  # already gone: nothing left to remove
        removed.append(_document_item(document))
        _delete_document(locked_project, document, by=uploaded_by)
    added = []
    for item in proposed.get("documents_added", []):
        document = ProjectDocument(
            project=locked_project,
            uploaded_by=uploaded_by,
            **{k: v for k, v in item.items() if k != "file"},
        )
        document.file.name = item["file"]
        _save_document(locked_project, document, by=uploaded_by)
        added.append(_document_item(document))
    if added:
        values["documents_added"] = {"from": [], "to": added}
    if removed:
        values["documents_removed"] = {"from": removed, "to": []}
    return values


def discard_proposed_files(proposed: dict[str, Any]) -> None:
    """Files uploaded with a rejected amendment go once the rejection has committed."""
    storage = ProjectDocument._meta.get_field("file").storage
    for item in proposed.get("documents_added", []):
        name = item["file"]
        delete_after_commit(storage, name)


def _announce(project: Project, *, event: str) -> None:
    project_id = project.pk
    transaction.on_commit(
        lambda: signals.project_changed.send(sender=Project, project_id=project_id, event=event)
    )
