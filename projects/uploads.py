"""What an uploaded project document really is, judged by its content, and how large it may be.

The browser's content type and the file name are chosen by whoever sends the file, so neither
is trusted: `inspect_upload` reads the bytes (magic numbers, the directory of a ZIP or an OLE2
compound file, the text itself) and either names the type or refuses the file with a message
in the user's language. Only the standard library is used, and nothing is ever extracted: of
a ZIP only the central directory and two small, size-capped entries are read.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import struct
import unicodedata
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.template.defaultfilters import filesizeformat
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from emining.services import DomainError

CHUNK_SIZE = 64 * 1024
# A ZIP's small entries that are read to name the type: never more than this many bytes.
CONTENT_TYPES_XML_CAP = 256 * 1024
MIMETYPE_CAP = 200
# Office files hold a few hundred parts; a huge central directory is a zip bomb of entries.
MAX_ZIP_ENTRIES = 10_000
MAX_ZIP_DIRECTORY_BYTES = 2 * 1024 * 1024
# An OLE2 file's directory is small; a longer chain is damaged or hostile.
MAX_OLE_DIRECTORY_SECTORS = 2_000


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


# --- Inspection --------------------------------------------------------------------------------


def inspect_upload(uploaded_file: Any) -> DetectedType:
    """The type of an uploaded file (a Django `File`), judged from its content.

    Raises UploadRefused for empty or oversize files and for anything not accepted. Leaves
    the file positioned at its start.
    """
    name = display_name(getattr(uploaded_file, "name", "") or "")
    size = uploaded_file.size
    if size > settings.PROJECT_DOCUMENT_MAX_BYTES:
        raise UploadRefused(too_large_message(size), code="too_large")
    if size == 0:
        raise UploadRefused(
            gettext("“%(name)s” is empty.") % {"name": name or gettext("The file")},
            code="empty",
        )
    try:
        uploaded_file.seek(0)
        head = uploaded_file.read(CHUNK_SIZE)
        return _detect(uploaded_file, head, size, name)
    finally:
        uploaded_file.seek(0)


# Programs (their headers always hold NUL bytes, which tells them from text starting "MZ").
EXECUTABLE_SIGNATURES = (
    b"MZ",  # Windows PE (.exe, .dll)
    b"\x7fELF",  # Linux
    b"\xfe\xed\xfa\xce",  # Mach-O, both byte orders and widths
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",  # Mach-O universal binary, Java class
)
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _detect(file: IO[bytes], head: bytes, size: int, name: str) -> DetectedType:
    if head.startswith(b"%PDF-"):
        return detected("application/pdf")
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return detected("image/png")
    if head.startswith(b"\xff\xd8\xff"):
        return detected("image/jpeg")
    if head.startswith((b"GIF87a", b"GIF89a")):
        return detected("image/gif")
    if len(head) >= 12 and head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return detected("image/webp")
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return detected("image/tiff")
    if head.startswith(OLE2_SIGNATURE):
        return _detect_ole2(file, size, name)
    if head.startswith(b"PK\x03\x04"):
        return _detect_zip(file, size, name)
    if head.startswith((b"PK\x05\x06", b"PK\x07\x08")):
        raise _refuse_archive(name)
    if head.startswith(EXECUTABLE_SIGNATURES) and b"\x00" in head[:64]:
        raise _refuse_program(name)
    if head.lstrip(b"\xef\xbb\xbf").startswith(b"#!"):
        raise _refuse_program(name)  # a script
    return _detect_text(file, head, name)


# ZIP: Office Open XML names its main part in [Content_Types].xml; OpenDocument in `mimetype`.
OOXML_MAIN_TYPES = (
    (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "word/",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        "xl/",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
        "ppt/",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
)
OOXML_MACRO_MAIN_TYPES = (
    "application/vnd.ms-word.document.macroenabled.main+xml",
    "application/vnd.ms-excel.sheet.macroenabled.main+xml",
    "application/vnd.ms-powerpoint.presentation.macroenabled.main+xml",
)
OPENDOCUMENT_TYPES = frozenset(
    {
        "application/vnd.oasis.opendocument.text",
        "application/vnd.oasis.opendocument.spreadsheet",
        "application/vnd.oasis.opendocument.presentation",
    }
)
ZIP_READ_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    NotImplementedError,  # compression method not supported
    RuntimeError,  # encrypted entry
    ValueError,
    OSError,
    KeyError,
)


def _zip_directory_size(file: IO[bytes], size: int) -> tuple[int, int] | None:
    """The entry count and central-directory size that the end-of-central-directory record
    announces, read before `zipfile` builds its list of entries; None without that record."""
    tail_size = min(size, 22 + 65535)
    file.seek(size - tail_size)
    tail = file.read(tail_size)
    position = tail.rfind(b"PK\x05\x06")
    if position < 0 or position + 22 > len(tail):
        return None
    entries, directory_bytes = struct.unpack_from("<HI", tail, position + 10)
    return entries, directory_bytes


def _read_capped(archive: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> bytes | None:
    """An entry's bytes if it holds at most `cap` of them; decompression stops past the cap, so
    a header that lies about the size does not help a zip bomb."""
    if info.file_size > cap:
        return None
    with archive.open(info) as entry:
        data = entry.read(cap + 1)
    return data if len(data) <= cap else None


def _detect_zip(file: IO[bytes], size: int, name: str) -> DetectedType:
    directory = _zip_directory_size(file, size)
    if directory is None:
        raise _refuse_damaged(name)
    entries, directory_bytes = directory
    # 0xFFFF/0xFFFFFFFF announce ZIP64, which no document of at most 20 MB needs.
    if entries > MAX_ZIP_ENTRIES or directory_bytes > MAX_ZIP_DIRECTORY_BYTES:
        raise _refuse_archive(name)
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
            if "[Content_Types].xml" in names:
                return _detect_ooxml(archive, names, name)
            if "mimetype" in names:
                return _detect_opendocument(archive, names, name)
    except UploadRefused:
        raise
    except ZIP_READ_ERRORS as exc:
        raise _refuse_damaged(name) from exc
    raise _refuse_archive(name)


def _detect_ooxml(archive: zipfile.ZipFile, names: set[str], name: str) -> DetectedType:
    if any(entry.lower().endswith("vbaproject.bin") for entry in names):
        raise _refuse_macros(name)
    raw = _read_capped(archive, archive.getinfo("[Content_Types].xml"), CONTENT_TYPES_XML_CAP)
    if raw is None:
        raise _refuse_damaged(name)
    # A plain substring search: no XML parser sees untrusted input.
    declared = raw.decode("utf-8", errors="replace").lower()
    if any(f'"{main_type}"' in declared for main_type in OOXML_MACRO_MAIN_TYPES):
        raise _refuse_macros(name)
    for main_type, folder, content_type in OOXML_MAIN_TYPES:
        if f'"{main_type}"' in declared and any(entry.startswith(folder) for entry in names):
            return detected(content_type)
    raise _refuse_archive(name)


def _detect_opendocument(archive: zipfile.ZipFile, names: set[str], name: str) -> DetectedType:
    raw = _read_capped(archive, archive.getinfo("mimetype"), MIMETYPE_CAP)
    if raw is None:
        raise _refuse_damaged(name)
    content_type = raw.decode("ascii", errors="replace").strip()
    if content_type not in OPENDOCUMENT_TYPES or "content.xml" not in names:
        raise _refuse_archive(name)
    if any(entry.startswith(("Basic/", "Scripts/")) for entry in names):
        raise _refuse_macros(name)
    return detected(content_type)


# OLE2 compound files (legacy Office, but also .msi installers and Outlook messages): the
# streams in the file's directory say which program wrote it.
OLE_STREAMS = (
    ("WordDocument", "application/msword"),
    ("Workbook", "application/vnd.ms-excel"),
    ("Book", "application/vnd.ms-excel"),
    ("PowerPoint Document", "application/vnd.ms-powerpoint"),
)
OLE_END_OF_CHAIN = 0xFFFFFFFE


def _ole_stream_names(file: IO[bytes], size: int) -> set[str]:
    """The names in an OLE2 file's directory, found by following its FAT chain. FAT and DIFAT
    sectors are read only as the directory chain needs them, so a hostile header cannot make
    this read (or allocate) more than a few sectors per directory sector."""
    file.seek(0)
    header = file.read(512)
    if len(header) < 512:
        raise ValueError("short header")
    sector_shift = struct.unpack_from("<H", header, 0x1E)[0]
    if sector_shift not in (9, 12):
        raise ValueError("sector size")
    sector_size = 1 << sector_shift
    per_sector = sector_size // 4
    first_directory_sector = struct.unpack_from("<I", header, 0x30)[0]
    first_difat_sector, difat_count = struct.unpack_from("<II", header, 0x44)
    sector_count = size // sector_size - 1  # the header takes the first sector's place
    cache: dict[int, bytes] = {}

    def read_sector(number: int) -> bytes:
        if number >= sector_count:
            raise ValueError("sector out of range")
        if number not in cache:
            file.seek((number + 1) * sector_size)
            data = file.read(sector_size)
            if len(data) < sector_size:
                raise ValueError("short sector")
            if len(cache) > 4 * MAX_OLE_DIRECTORY_SECTORS:
                raise ValueError("too many sectors")
            cache[number] = data
        return cache[number]

    # Where the FAT's own sectors are: 109 in the header, the rest in a chain of DIFAT sectors.
    fat_sectors = list(struct.unpack_from("<109I", header, 0x4C))
    difat = {"next": first_difat_sector, "read": 0}

    def next_sector(sector: int) -> int:
        index = sector // per_sector
        while index >= len(fat_sectors):
            if difat["read"] >= min(difat_count, sector_count):
                raise ValueError("FAT sector missing")
            values = struct.unpack(f"<{per_sector}I", read_sector(difat["next"]))
            fat_sectors.extend(values[:-1])
            difat["next"] = values[-1]
            difat["read"] += 1
        data = read_sector(fat_sectors[index])
        return struct.unpack_from("<I", data, (sector % per_sector) * 4)[0]

    names: set[str] = set()
    sector = first_directory_sector
    for _visited in range(MAX_OLE_DIRECTORY_SECTORS):
        if sector == OLE_END_OF_CHAIN:
            return names
        data = read_sector(sector)
        for offset in range(0, sector_size, 128):
            length = struct.unpack_from("<H", data, offset + 0x40)[0]
            if 2 <= length <= 64:
                raw_name = data[offset : offset + length - 2]
                names.add(raw_name.decode("utf-16-le", errors="replace"))
        sector = next_sector(sector)
    raise ValueError("directory chain too long")


def _detect_ole2(file: IO[bytes], size: int, name: str) -> DetectedType:
    try:
        names = _ole_stream_names(file, size)
    except (ValueError, struct.error, OSError) as exc:
        raise _refuse_damaged(name) from exc
    if "_VBA_PROJECT" in names or "Macros" in names or "_VBA_PROJECT_CUR" in names:
        raise _refuse_macros(name)
    for stream, content_type in OLE_STREAMS:
        if stream in names:
            return detected(content_type)
    raise _refuse_unknown(name)


# Text: UTF-8 without NUL or other control characters, and not markup a browser would render.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
MARKUP_START = re.compile(
    r"\A\s*<(?:!doctype|html|head|body|script|iframe|svg|\?xml|!--|[a-z][\w:-]*[\s/>])",
    re.IGNORECASE,
)
MARKUP_ANYWHERE = re.compile(r"<(?:script|svg|html|iframe|object|embed)\b", re.IGNORECASE)
CSV_SAMPLE_CHARACTERS = 64 * 1024


def _detect_text(file: IO[bytes], head: bytes, name: str) -> DetectedType:
    decoder = codecs.getincrementaldecoder("utf-8")(errors="strict")
    sample_parts: list[str] = []
    sampled = 0
    chunk = head
    try:
        while chunk:
            text = decoder.decode(chunk)
            if CONTROL_CHARACTERS.search(text):
                raise _refuse_unknown(name)
            if sampled < CSV_SAMPLE_CHARACTERS:
                sample_parts.append(text)
                sampled += len(text)
            chunk = file.read(CHUNK_SIZE)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError as exc:
        raise _refuse_unknown(name) from exc
    sample = "".join(sample_parts).removeprefix("\ufeff")
    if not sample.strip():
        raise _refuse_unknown(name)
    if MARKUP_START.match(sample) or MARKUP_ANYWHERE.search(sample):
        raise _refuse_markup(name)
    complete = sampled < CSV_SAMPLE_CHARACTERS
    return detected("text/csv" if _looks_like_csv(sample, complete) else "text/plain")


def _looks_like_csv(sample: str, complete: bool) -> bool:
    """At least two rows, nearly all of which split into the same number (2 or more) of
    fields (a comment or title line may differ)."""
    lines = sample.splitlines()
    if not complete and len(lines) > 1:
        lines = lines[:-1]  # the last line of a sample may be cut short
    text = "\n".join(lines[:50])
    for delimiter in (",", ";", "\t"):
        try:
            rows = [row for row in csv.reader(io.StringIO(text), delimiter=delimiter) if row]
        except csv.Error:
            continue
        if len(rows) < 2:
            continue
        width, count = Counter(len(row) for row in rows).most_common(1)[0]
        if width >= 2 and count >= 2 and count >= 0.9 * len(rows):
            return True
    return False


# --- Names -------------------------------------------------------------------------------------


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
