"""Uploaded documents: what a file really is (judged by its bytes), whether it is accepted, and
the names it is shown and downloaded under. One set of rules for every upload on the portal."""

from .inspection import inspect_upload
from .names import DocumentSizeLimitHandler, display_name, download_name
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
    "UploadRefused",
    "detected",
    "display_name",
    "download_name",
    "inspect_upload",
    "limit_text",
    "too_large_message",
    "type_label",
]
