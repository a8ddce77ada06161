"""Office documents are ZIP (Office Open XML, OpenDocument) or OLE2 (Office 97-2003) files:
their type, and whether they carry macros, is read from the container's directory alone."""

from __future__ import annotations

import struct
import zipfile
import zlib
from typing import IO

from .types import (
    DetectedType,
    UploadRefused,
    _refuse_archive,
    _refuse_damaged,
    _refuse_macros,
    _refuse_unknown,
    detected,
)

# A ZIP's small entries that are read to name the type: never more than this many bytes.
CONTENT_TYPES_XML_CAP = 256 * 1024
MIMETYPE_CAP = 200
# Office files hold a few hundred parts; a huge central directory is a zip bomb of entries.
MAX_ZIP_ENTRIES = 10_000
MAX_ZIP_DIRECTORY_BYTES = 2 * 1024 * 1024
# An OLE2 file's directory is small; a longer chain is damaged or hostile.
MAX_OLE_DIRECTORY_SECTORS = 2_000


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
