"""A firm's verification documents: the certificate of incorporation, the business licence,
the tax registration. The same upload rules as project documents (`emining.uploads`): the
type judged from the content, the file stored outside the transaction under a random name and
removed again if the write fails; a removed document's file goes once the removal commits.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from emining.audit import record_event
from emining.models import User
from emining.services import DomainError
from emining.uploads import clean_title, delete_after_commit, discard_on_failure, store_upload
from firms import permissions
from firms.models import Firm, FirmDocument

from .announce import announce, lock_firm

TITLE_MAX_LENGTH = FirmDocument._meta.get_field("title").max_length


def _require_member(user: User, firm: Firm) -> None:
    if not permissions.may_edit_firm(user, firm):
        raise PermissionDenied(_("Only the firm’s members may manage its documents."))


def _clean_title(title: str) -> str:
    return clean_title(title, max_length=TITLE_MAX_LENGTH)


def add_firm_document(firm: Firm, *, by: User, uploaded_file: Any, title: str) -> FirmDocument:
    """Attach a verification document (the firm's members)."""
    _require_member(by, firm)
    title = _clean_title(title)
    # Stored before the transaction, so the firm's row is not locked while bytes are written.
    stored = store_upload(uploaded_file, field=FirmDocument._meta.get_field("file"))
    with discard_on_failure(stored), transaction.atomic():
        locked = lock_firm(firm)
        document = FirmDocument.objects.create(
            firm=locked, title=title, uploaded_by=by, **stored.row_values()
        )
        record_event(
            action="firm.document_added",
            actor=by,
            target=locked,
            data={
                "document": document.pk,
                "title": document.title,
                "original_name": document.original_name,
                "content_type": document.content_type,
                "size": document.size,
                "sha256": document.sha256,
            },
        )
        announce(locked, event="document_added")
    document.firm = firm
    return document


@transaction.atomic
def remove_firm_document(document: FirmDocument, *, by: User) -> None:
    """Delete a verification document (the firm's members). While the firm waits for a
    decision, its last document stays: the official needs something to check."""
    firm = document.firm
    _require_member(by, firm)
    locked_firm = lock_firm(firm)
    locked = FirmDocument.objects.select_for_update().filter(pk=document.pk, firm=firm).first()
    if locked is None:
        raise DomainError(_("This document has already been removed."))
    if (
        locked_firm.verification_status == Firm.VerificationStatus.PENDING
        and not locked_firm.documents.exclude(pk=locked.pk).exists()
    ):
        raise DomainError(
            _(
                "The firm is waiting for verification: upload another document before "
                "removing its last one."
            )
        )
    stored_name, storage = locked.file.name, locked.file.storage
    data = {
        "document": locked.pk,
        "title": locked.title,
        "original_name": locked.original_name,
        "sha256": locked.sha256,
    }
    locked.delete()
    record_event(action="firm.document_removed", actor=by, target=locked_firm, data=data)
    announce(locked_firm, event="document_removed")
    delete_after_commit(storage, stored_name)
