"""Proposal documents: checked by the portal's upload rules, then stored encrypted.

Every file of a submission is read and checked before anything is stored, so one refused file
leaves the bid as it was. Files are stored (encrypted, under unguessable names) before the
database transaction and removed again if it fails; their title, name, type and digest are
sealed in the row and in the bid's canonical content.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from emining.services import DomainError
from emining.uploads import UploadRefused, download_name, inspect_upload, too_large_message
from projects import sealing
from projects.models import BidDocument
from projects.models.bids import bid_document_upload_path

from .receipts import DocumentDigest

logger = logging.getLogger(__name__)

MAX_DOCUMENTS_PER_BID = 20
TITLE_MAX_LENGTH = 200


@dataclass(frozen=True)
class PreparedDocument:
    digest: DocumentDigest
    content: bytes


@dataclass(frozen=True)
class StoredDocument:
    digest: DocumentDigest
    name: str  # the storage name of the encrypted file
    sealed_details: str


def prepare_documents(files: Sequence[tuple[Any, str]]) -> list[PreparedDocument]:
    """Check every (uploaded file, title) pair; raises DomainError keyed `documents`."""
    prepared = []
    for uploaded_file, title in files:
        title = " ".join((title or "").split()) or getattr(uploaded_file, "name", "") or ""
        title = title[:TITLE_MAX_LENGTH]
        try:
            detected = inspect_upload(uploaded_file)
            content = b"".join(uploaded_file.chunks())
        except UploadRefused as refusal:
            raise DomainError({"documents": refusal.messages}) from refusal
        if len(content) > settings.PROJECT_DOCUMENT_MAX_BYTES:
            raise DomainError({"documents": [too_large_message(len(content))]})
        name = download_name(getattr(uploaded_file, "name", "") or title, detected)
        prepared.append(
            PreparedDocument(
                digest=DocumentDigest(
                    title=title or name,
                    original_name=name,
                    content_type=detected.content_type,
                    size=len(content),
                    sha256=hashlib.sha256(content).hexdigest(),
                ),
                content=content,
            )
        )
    return prepared


def check_document_count(count: int) -> None:
    if count > MAX_DOCUMENTS_PER_BID:
        raise DomainError(
            {
                "documents": [
                    _("A bid holds at most %(limit)s documents.") % {"limit": MAX_DOCUMENTS_PER_BID}
                ]
            }
        )


@contextmanager
def stored_sealed(prepared: Sequence[PreparedDocument]):
    """Store the files encrypted around a write: wrap the write's `transaction.atomic()` in
    this block, so that if it raises (a late submission, a constraint), the files go too."""
    storage = BidDocument._meta.get_field("file").storage
    stored: list[StoredDocument] = []
    try:
        for document in prepared:
            name = storage.save(
                bid_document_upload_path(None, ""),  # type: ignore[arg-type]
                ContentFile(sealing.seal(document.content).encode("ascii")),
            )
            stored.append(
                StoredDocument(
                    digest=document.digest,
                    name=name,
                    sealed_details=sealing.seal_json(document.digest.as_json()),
                )
            )
        yield stored
    except BaseException:
        _delete_files(storage, [item.name for item in stored])
        raise


def _delete_files(storage, names: list[str]) -> None:
    for name in names:
        try:
            storage.delete(name)
        except OSError:  # the bid is unchanged either way; an operator can sweep the file
            logger.exception("Could not delete the stored proposal file %s", name)


def document_digest(document: BidDocument) -> DocumentDigest:
    return DocumentDigest(**_details(document))


def _details(document: BidDocument) -> dict[str, Any]:
    details = sealing.unseal_json(document.sealed_details)
    return {
        "title": details["title"],
        "original_name": details["name"],
        "content_type": details["content_type"],
        "size": details["size"],
        "sha256": details["sha256"],
    }


def read_document(document: BidDocument) -> tuple[DocumentDigest, bytes]:
    """The document's details and plain bytes (callers check who may read them)."""
    with document.file.open("rb") as handle:
        content = sealing.unseal(handle.read().decode("ascii"))
    return document_digest(document), content
