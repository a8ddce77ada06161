"""`inspect_upload`: the type of an uploaded file judged by its bytes, or a refusal."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections import Counter
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext

from .containers import _detect_ole2, _detect_zip
from .names import display_name
from .types import (
    DetectedType,
    UploadRefused,
    _refuse_archive,
    _refuse_markup,
    _refuse_program,
    _refuse_unknown,
    detected,
    too_large_message,
)

CHUNK_SIZE = 64 * 1024


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
