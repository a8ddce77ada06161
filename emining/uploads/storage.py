"""Storing an accepted upload: once, outside the database transaction, and never left behind.

Every document service of the portal (projects' documents, firms' verification documents,
bids' proposals) stores files the same way:

    stored = store_upload(uploaded_file, field=ProjectDocument._meta.get_field("file"))
    with discard_on_failure(stored):
        with transaction.atomic():
            ...  # lock, check again, write the row (file=stored.name) and its audit event

The file is written before the transaction so that no row stays locked while bytes go to
disk; if the transaction then fails (or anything else does), the stored file is removed.
A removed document's file goes once the removal has committed (`delete_after_commit`).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.storage import Storage
from django.db import models, transaction

from .inspection import inspect_upload
from .names import download_name
from .types import UploadRefused, too_large_message

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class StoredUpload:
    """What a document row records about its file, once the file is stored."""

    name: str  # the stored name (random, from the field's `upload_to`)
    original_name: str  # the name it downloads under, its extension matching its content
    content_type: str  # judged from the bytes, never from the browser
    size: int
    sha256: str
    storage: Storage

    def row_values(self) -> dict[str, Any]:
        """The fields every document model shares (`file`, `original_name`, ...)."""
        return {
            "file": self.name,
            "original_name": self.original_name,
            "content_type": self.content_type,
            "size": self.size,
            "sha256": self.sha256,
        }


def digest_upload(uploaded_file: Any, *, max_bytes: int | None = None) -> tuple[str, int]:
    """SHA-256 and size, read in chunks; refuses a file that turns out larger than allowed."""
    limit = settings.PROJECT_DOCUMENT_MAX_BYTES if max_bytes is None else max_bytes
    sha256 = hashlib.sha256()
    size = 0
    for chunk in uploaded_file.chunks():
        sha256.update(chunk)
        size += len(chunk)
        if size > limit:
            raise UploadRefused(too_large_message(), code="too_large")
    uploaded_file.seek(0)
    return sha256.hexdigest(), size


def store_upload(uploaded_file: Any, *, field: models.FileField) -> StoredUpload:
    """Judge the file by its content (refusing it with `UploadRefused`, a translated domain
    error), digest it, and store it through `field`'s storage under a name from its
    `upload_to` (a random token: never a name the uploader chose)."""
    detected = inspect_upload(uploaded_file)
    sha256, size = digest_upload(uploaded_file)
    original_name = download_name(uploaded_file.name or "", detected)
    # `upload_to` callables of the portal ignore the instance (the name is a random token).
    name = field.generate_filename(None, original_name)
    stored_name = field.storage.save(name, uploaded_file, max_length=field.max_length)
    return StoredUpload(
        name=stored_name,
        original_name=original_name,
        content_type=detected.content_type,
        size=size,
        sha256=sha256,
        storage=field.storage,
    )


def delete_stored(storage: Storage, name: str) -> None:
    """Remove a stored file; a failure is logged (the row is gone either way, and an operator
    can sweep the file), never raised into the request."""
    try:
        storage.delete(name)
    except OSError:
        logger.exception("Could not delete the stored document file %s", name)


def delete_after_commit(storage: Storage, name: str) -> None:
    """Remove a stored file once the current transaction has committed (a rolled-back
    removal keeps its file)."""
    transaction.on_commit(lambda: delete_stored(storage, name))


@contextmanager
def discard_on_failure(stored: StoredUpload) -> Iterator[StoredUpload]:
    """Remove the stored file if the block fails: a refused or rolled-back write leaves no
    orphan file behind."""
    try:
        yield stored
    except BaseException:
        delete_stored(stored.storage, stored.name)
        raise
