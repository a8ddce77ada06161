"""Uploaded documents: what a file really is (judged by its bytes), whether it is accepted, and
the names it is shown and downloaded under. One set of rules for every upload on the portal."""

from .inspection import inspect_upload
from .names import DocumentSizeLimitHandler, clean_title, display_name, download_name
from .storage import (
    StoredUpload,
    delete_after_commit,
    delete_stored,
    digest_upload,
    discard_on_failure,
    store_upload,
)
from .types import (
    ACCEPTED_EXTENSIONS,
    ACCEPTED_TYPES,
    DetectedType,
    UploadRefused,
    detected,
    limit_text,
    too_large_message,
    type_label,
)

__all__ = [
    "ACCEPTED_EXTENSIONS",
    "ACCEPTED_TYPES",
    "DetectedType",
    "DocumentSizeLimitHandler",
    "StoredUpload",
    "UploadRefused",
    "clean_title",
    "delete_after_commit",
    "delete_stored",
    "detected",
    "digest_upload",
    "discard_on_failure",
    "display_name",
    "download_name",
    "inspect_upload",
    "limit_text",
    "store_upload",
    "too_large_message",
    "type_label",
]
