"""The names an uploaded file is shown and downloaded under, and the size limit applied while
the request is read."""

from __future__ import annotations

import unicodedata
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.utils.translation import gettext as _

from emining.services import DomainError

from .types import ACCEPTED_TYPES, DetectedType

# Right-to-left overrides and isolates can disguise "report\u202efdp.exe" as "reportexe.pdf".
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def display_name(name: str) -> str:
    """The base name a browser sent, without folders, control characters or direction
    overrides, at most 255 characters."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(
        ch
        for ch in name
        if unicodedata.category(ch) not in ("Cc", "Cs", "Co", "Cn") and ch not in BIDI_CONTROLS
    )
    name = " ".join(name.split()).strip(" .")
    return name[-255:]


def download_name(name: str, detected_type: DetectedType) -> str:
    """The name a document is downloaded under: what the uploader called it, with an extension
    that matches its content (a PDF sent as `report.exe` downloads as `report.pdf`)."""
    name = display_name(name) or "document"
    _usual, others, _label = ACCEPTED_TYPES[detected_type.content_type]
    path = PurePosixPath(name)
    suffix = path.suffix.lower().lstrip(".")
    if suffix == detected_type.extension or suffix in others:
        return name
    stem = path.stem if suffix and " " not in suffix else name
    extension = f".{detected_type.extension}"
    return f"{stem[: 255 - len(extension)]}{extension}"


# --- The size limit while the request is read -------------------------------------------------


class DocumentSizeLimitHandler(FileUploadHandler):
    """Stops storing an uploaded file as soon as it passes PROJECT_DOCUMENT_MAX_BYTES, so an
    oversize upload never fills the disk; the view then explains the limit.

    Install it first, before the request body is read (see Django's "Modifying upload
    handlers on the fly")."""

    def __init__(self, request=None):
        super().__init__(request)
        self.limit = settings.PROJECT_DOCUMENT_MAX_BYTES
        self.exceeded = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        if start + len(raw_data) > self.limit:
            self.exceeded = True
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def clean_title(title: str, *, max_length: int) -> str:
    """A document's title as stored: one line, single spaces, required, at most `max_length`
    characters (a DomainError keyed `title` otherwise)."""
    title = " ".join((title or "").split())
    if not title:
        raise DomainError({"title": [_("Give the document a title.")]})
    if len(title) > max_length:
        raise DomainError(
            {
                "title": [
                    _("The title is at most %(limit)s characters long.") % {"limit": max_length}
                ]
            }
        )
    return title
