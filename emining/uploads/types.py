"""What an uploaded document really is, judged by its content, and how large it may be.

The browser's content type and the file name are chosen by whoever sends the file, so neither
is trusted: `inspect_upload` reads the bytes (magic numbers, the directory of a ZIP or an OLE2
compound file, the text itself) and either names the type or refuses the file with a message
in the user's language. Only the standard library is used, and nothing is ever extracted: of
a ZIP only the central directory and two small, size-capped entries are read.

This module holds the accepted types and the refusals; `inspection` reads the bytes,
`containers` the ZIP and OLE2 directories, `names` the names a file is shown and saved under.
Projects' documents, firms' verification documents and bids' proposals share these rules.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from emining.services import DomainError


@dataclass(frozen=True)
class DetectedType:
    content_type: str
    extension: str
    label: str | Promise


# Every accepted type: content type → (usual extension, other extensions that fit, label).
ACCEPTED_TYPES: dict[str, tuple[str, frozenset[str], Promise]] = {
    "application/pdf": ("pdf", frozenset(), _("PDF document")),
    "image/png": ("png", frozenset(), _("PNG image")),
    "image/jpeg": ("jpg", frozenset({"jpeg", "jpe"}), _("JPEG image")),
    "image/gif": ("gif", frozenset(), _("GIF image")),
    "image/webp": ("webp", frozenset(), _("WebP image")),
    "image/tiff": ("tif", frozenset({"tiff"}), _("TIFF image")),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (
        "docx",
        frozenset(),
        _("Word document"),
    ),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (
        "xlsx",
        frozenset(),
        _("Excel spreadsheet"),
    ),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": (
        "pptx",
        frozenset(),
        _("PowerPoint presentation"),
    ),
    "application/vnd.oasis.opendocument.text": ("odt", frozenset(), _("OpenDocument text")),
    "application/vnd.oasis.opendocument.spreadsheet": (
        "ods",
        frozenset(),
        _("OpenDocument spreadsheet"),
    ),
    "application/vnd.oasis.opendocument.presentation": (
        "odp",
        frozenset(),
        _("OpenDocument presentation"),
    ),
    "application/msword": ("doc", frozenset({"dot"}), _("Word 97–2003 document")),
    "application/vnd.ms-excel": ("xls", frozenset({"xlt"}), _("Excel 97–2003 spreadsheet")),
    "application/vnd.ms-powerpoint": (
        "ppt",
        frozenset({"pps", "pot"}),
        _("PowerPoint 97–2003 presentation"),
    ),
    "text/csv": ("csv", frozenset({"tsv", "txt"}), _("CSV table")),
    "text/plain": ("txt", frozenset({"text", "csv", "tsv", "md", "log"}), _("Plain text")),
}

# What the upload form's help text and its `accept` attribute list.
ACCEPTED_EXTENSIONS = tuple(
    sorted(
        {extension for extension, _others, _label in ACCEPTED_TYPES.values()}
        | {other for _extension, others, _label in ACCEPTED_TYPES.values() for other in others}
    )
)


def detected(content_type: str) -> DetectedType:
    extension, _others, label = ACCEPTED_TYPES[content_type]
    return DetectedType(content_type=content_type, extension=extension, label=label)


def type_label(content_type: str) -> str:
    """The readable name of a stored document's type ("PDF document", "Excel spreadsheet")."""
    entry = ACCEPTED_TYPES.get(content_type)
    return str(entry[2]) if entry else content_type


# --- Refusals ----------------------------------------------------------------------------------


class UploadRefused(DomainError):
    """The file is refused; the message (keyed by the form's `file` field) says why."""

    def __init__(self, message: str, code: str):
        super().__init__({"file": [ValidationError(message, code=code)]})
        self.reason = code


def limit_text() -> str:
    return filesizeformat(settings.PROJECT_DOCUMENT_MAX_BYTES)


def too_large_message(size: int | None = None) -> str:
    if size is None:
        return gettext("The file is larger than the limit of %(limit)s per document.") % {
            "limit": limit_text()
        }
    return gettext("The file is %(size)s; documents may be at most %(limit)s each.") % {
        "size": filesizeformat(size),
        "limit": limit_text(),
    }


def _refuse_unknown(name: str) -> UploadRefused:
    return UploadRefused(
        gettext(
            "“%(name)s” is not an accepted document. Upload a PDF, an image (PNG, JPEG, GIF, "
            "WebP, TIFF), a spreadsheet or office document (Excel, Word, PowerPoint, "
            "OpenDocument) or a CSV or plain-text file. The type is judged from the file’s "
            "content, not from its name."
        )
        % {"name": name},
        code="unsupported_type",
    )


def _refuse_program(name: str) -> UploadRefused:
    return UploadRefused(
        gettext("“%(name)s” is a program or a script, whatever its name says; it is refused.")
        % {"name": name},
        code="executable",
    )


def _refuse_markup(name: str) -> UploadRefused:
    return UploadRefused(
        gettext(
            "“%(name)s” is a web page, an SVG image or other markup, which can carry scripts; "
            "it is refused. Save it as PDF instead."
        )
        % {"name": name},
        code="markup",
    )


def _refuse_archive(name: str) -> UploadRefused:
    return UploadRefused(
        gettext(
            "“%(name)s” is a ZIP archive. Archives are accepted only when they are Office "
            "(DOCX, XLSX, PPTX) or OpenDocument files; upload the documents one by one."
        )
        % {"name": name},
        code="archive",
    )


def _refuse_macros(name: str) -> UploadRefused:
    return UploadRefused(
        gettext(
            "“%(name)s” contains macros, which can run code; it is refused. Save it without "
            "macros (for example as .docx or .xlsx) and upload it again."
        )
        % {"name": name},
        code="macros",
    )


def _refuse_damaged(name: str) -> UploadRefused:
    return UploadRefused(
        gettext("“%(name)s” looks like an office document but is damaged or encrypted.")
        % {"name": name},
        code="damaged",
    )
