"""Project documents: type judged from content, size limit, unguessable storage, who may
upload, download and delete, and what the audit trail records."""

from __future__ import annotations

import hashlib
import io
import struct
import zipfile
import zlib
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse

from emining.models import AuditEvent
from emining.services import DomainError
from emining.uploads import UploadRefused, download_name, inspect_upload
from projects import services
from projects.models import AmendmentProposal, ProjectDocument
from projects.selectors import project_for_detail
from projects.views.documents import document_rows
from tests.factories import OfficialFactory, make_project

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def attach(project, *, by, reason="Added for the test.", **kwargs):
    """Add a document through the service, as an amendment once the project is published
    (approved by a second official where the rules ask for one); the document added."""
    result = services.add_document(project, by=by, reason=reason, **kwargs)
    if isinstance(result, AmendmentProposal):
        services.approve_amendment(result, by=OfficialFactory(agency=project.agency))
        return ProjectDocument.objects.filter(project=project).latest("id")
    return result


# --- Sample files, built from scratch ----------------------------------------------------------


def pdf_bytes(title: str = "Geological report") -> bytes:
    return (
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n"
        b"2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n"
        b"3 0 obj <</Title (" + title.encode() + b")>> endobj\n"
        b"trailer <</Root 1 0 R /Info 3 0 R>>\n%%EOF\n"
    )


def png_bytes() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


OOXML_PARTS = {
    "xlsx": (
        "xl/workbook.xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        {
            "xl/worksheets/sheet1.xml": (
                '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Cu %</t></is></c></row>'
                "</sheetData></worksheet>"
            ),
        },
    ),
    "docx": (
        "word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        {},
    ),
    "pptx": (
        "ppt/presentation.xml",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
        {},
    ),
    "docm": (
        "word/document.xml",
        "application/vnd.ms-word.document.macroEnabled.main+xml",
        {"word/vbaProject.bin": "macro"},
    ),
}


def ooxml_bytes(kind: str) -> bytes:
    """A minimal but well-formed Office Open XML package."""
    main_part, main_type, extra_parts = OOXML_PARTS[kind]
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{main_part}" ContentType="{main_type}"/>'
        "</Types>"
    )
    relationships = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'relationships/officeDocument" Target="{main_part}"/></Relationships>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", relationships)
        archive.writestr(main_part, "<root/>")
        for name, text in extra_parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def opendocument_bytes(mimetype: str = "application/vnd.oasis.opendocument.text") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", "<office:document-content/>")
        archive.writestr("META-INF/manifest.xml", "<manifest/>")
    return buffer.getvalue()


def plain_zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("setup.exe", b"MZ\x90\x00" + b"\x00" * 60)
        archive.writestr("readme.txt", "Run setup.exe")
    return buffer.getvalue()


def ole2_bytes(*streams: str) -> bytes:
    """A minimal OLE2 compound file (legacy Office layout): header, one FAT sector, one
    directory sector holding the root entry and the named streams."""
    free, end, fat_sector = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 0x28, 0, 1, 1, 0, 4096, end, 0, end, 0)
    struct.pack_into("<109I", header, 0x4C, 0, *([free] * 108))
    fat = struct.pack("<128I", fat_sector, end, *([free] * 126))

    def entry(name: str, kind: int) -> bytes:
        raw = bytearray(128)
        encoded = name.encode("utf-16-le") + b"\x00\x00"
        raw[0 : len(encoded)] = encoded
        struct.pack_into("<HBB", raw, 0x40, len(encoded), kind, 1)
        struct.pack_into("<III", raw, 0x44, free, free, free)
        struct.pack_into("<I", raw, 0x74, end)
        return bytes(raw)

    entries = [entry("Root Entry", 5), *(entry(name, 2) for name in streams)]
    directory = b"".join(entries).ljust(512, b"\x00")
    return bytes(header) + fat + directory


ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56 + b"\x02\x00\x3e\x00" * 16
PE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(1)</script></svg>"
)
CSV = b"mineral,district,grade\ncopper,Chagai,0.45\ngold,Chagai,0.2\n"


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


# --- Judging the type from the content ---------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("report.pdf", pdf_bytes(), PDF),
        ("map.png", png_bytes(), "image/png"),
        ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20, "image/jpeg"),
        ("chart.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "image/gif"),
        ("core.webp", b"RIFF\x1a\x00\x00\x00WEBPVP8 " + b"\x00" * 14, "image/webp"),
        ("scan.tif", b"II*\x00\x08\x00\x00\x00" + b"\x00" * 8, "image/tiff"),
        ("assays.xlsx", ooxml_bytes("xlsx"), XLSX),
        ("report.docx", ooxml_bytes("docx"), DOCX),
        ("briefing.pptx", ooxml_bytes("pptx"), PPTX),
        ("report.odt", opendocument_bytes(), "application/vnd.oasis.opendocument.text"),
        (
            "table.ods",
            opendocument_bytes("application/vnd.oasis.opendocument.spreadsheet"),
            "application/vnd.oasis.opendocument.spreadsheet",
        ),
        ("old.doc", ole2_bytes("WordDocument", "\x05SummaryInformation"), "application/msword"),
        ("old.xls", ole2_bytes("Workbook"), "application/vnd.ms-excel"),
        ("old.ppt", ole2_bytes("PowerPoint Document"), "application/vnd.ms-powerpoint"),
        ("assays.csv", CSV, "text/csv"),
        ("notes.txt", "Chagai copper — ہلکی دھات — 铜矿\nSecond line.".encode(), "text/plain"),
        # The name does not matter: a PDF called .xlsx is a PDF.
        ("assays.xlsx", pdf_bytes(), PDF),
    ],
)
def test_accepted_types_are_judged_from_content(name, content, expected):
    assert inspect_upload(upload(name, content)).content_type == expected


@pytest.mark.parametrize(
    ("name", "content", "content_type", "reason"),
    [
        ("report.pdf", ELF, PDF, "executable"),
        ("report.pdf", PE, PDF, "executable"),
        ("install.sh.txt", b"#!/bin/sh\nrm -rf /\n", "text/plain", "executable"),
        ("map.png", HTML, "image/png", "markup"),
        ("logo.svg", SVG, "image/svg+xml", "markup"),
        ("logo.png", SVG, "image/png", "markup"),
        ("assays.xlsx", plain_zip_bytes(), XLSX, "archive"),
        ("macro.docx", ooxml_bytes("docm"), DOCX, "macros"),
        (
            "setup.doc",
            ole2_bytes("\x05DigitalSignature", "!_MsiTables"),
            "application/msword",
            "unsupported_type",
        ),
        ("empty.pdf", b"", PDF, "empty"),
        ("data.bin", bytes(range(256)) * 4, "application/octet-stream", "unsupported_type"),
        ("latin1.csv", "café,prix\n1,2\n".encode("latin-1"), "text/csv", "unsupported_type"),
        ("broken.xlsx", b"PK\x03\x04" + b"\x00" * 100, XLSX, "damaged"),
    ],
)
def test_refused_types(name, content, content_type, reason):
    with pytest.raises(UploadRefused) as refused:
        inspect_upload(upload(name, content, content_type))
    assert refused.value.reason == reason
    assert refused.value.message_dict["file"]


def test_oversize_file_is_refused_before_it_is_read(settings):
    settings.PROJECT_DOCUMENT_MAX_BYTES = 1000

    class Unreadable(SimpleUploadedFile):
        def read(self, *args):
            raise AssertionError("an oversize file must not be read")

    with pytest.raises(UploadRefused) as refused:
        inspect_upload(Unreadable("big.pdf", pdf_bytes() + b"\x00" * 2000))
    assert refused.value.reason == "too_large"
    assert "1000" in refused.value.message_dict["file"][0]


def test_zip_bomb_of_entries_is_refused_without_listing_them(settings):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "x")
        for number in range(10_001):
            archive.writestr(f"{number}", b"")
    with pytest.raises(UploadRefused) as refused:
        inspect_upload(upload("bomb.xlsx", buffer.getvalue()))
    assert refused.value.reason == "archive"


def test_download_name_matches_the_content():
    pdf = inspect_upload(upload("x.pdf", pdf_bytes()))
    assert download_name("Saindak report.pdf", pdf) == "Saindak report.pdf"
    assert download_name("Saindak report.exe", pdf) == "Saindak report.pdf"
    assert download_name("C:\\Users\\me\\report", pdf) == "report.pdf"
    assert download_name("report\u202efdp.exe", pdf) == "reportfdp.pdf"


# --- Adding documents (the service) ------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("Saindak report.pdf", pdf_bytes(), PDF),
        ("map.png", png_bytes(), "image/png"),
        ("assays.xlsx", ooxml_bytes("xlsx"), XLSX),
        ("report.docx", ooxml_bytes("docx"), DOCX),
        ("assays.csv", CSV, "text/csv"),
    ],
)
def test_add_document_stores_under_an_unguessable_name(official, settings, name, content, expected):
    project = make_project(status="draft")
    document = attach(
        project,
        by=official,
        uploaded_file=upload(name, content, "application/x-whatever"),
        title="Report",
        visibility="public",
    )
    document.refresh_from_db()
    assert document.content_type == expected
    assert document.original_name == name
    assert document.size == len(content)
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    stored = Path(document.file.name)
    assert stored.parent == Path("projects/documents")
    assert Path(name).stem not in stored.name
    assert "." not in stored.name
    assert len(stored.name) >= 32  # secrets.token_urlsafe(24)
    with default_storage.open(document.file.name, "rb") as handle:
        assert handle.read() == content
    event = AuditEvent.objects.get(action="project.document_added")
    assert event.actor == official
    assert event.target_id == str(project.pk)
    assert event.data["document"] == document.pk
    assert event.data["sha256"] == document.sha256


@pytest.mark.django_db
def test_add_document_takes_any_django_file(official):
    """The demo data and other callers pass plain Django files rather than uploads."""
    project = make_project(status="draft")
    document = attach(
        project, by=official, uploaded_file=ContentFile(pdf_bytes(), name=None), title="Demo"
    )
    assert document.original_name == "document.pdf"
    assert document.content_type == PDF


@pytest.mark.django_db
def test_two_uploads_of_the_same_name_get_different_stored_names(official):
    project = make_project(status="draft")
    first, second = (
        attach(project, by=official, uploaded_file=upload("r.pdf", pdf_bytes()), title="R")
        for _ in range(2)
    )
    assert first.file.name != second.file.name


@pytest.mark.django_db
def test_a_public_document_added_to_a_published_project_is_an_amendment_in_effect_at_once(
    official,
):
    project = make_project(status="published")
    with pytest.raises(DomainError) as refused:
        services.add_document(
            project, by=official, uploaded_file=upload("r.pdf", pdf_bytes()), title="Late report"
        )
    assert "reason" in refused.value.message_dict
    document = services.add_document(
        project,
        by=official,
        uploaded_file=upload("r.pdf", pdf_bytes()),
        title="Late report",
        reason="The 2024 drilling report is now final.",
    )
    assert list(project.documents.all()) == [document]
    amendment = project.amendments.get()
    assert amendment.reason == "The 2024 drilling report is now final."
    assert amendment.values == {
        "documents_added": {
            "from": [],
            "to": [{"document": document.pk, "title": "Late report", "visibility": "public"}],
        }
    }
    assert amendment.approved_by is None
    event = AuditEvent.objects.get(action="project.document_added")
    assert event.data["project_status"] == "published"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("report.pdf", ELF, PDF),
        ("map.png", HTML, "image/png"),
        ("logo.svg", SVG, "image/svg+xml"),
        ("assays.xlsx", plain_zip_bytes(), XLSX),
        ("empty.pdf", b"", PDF),
    ],
)
def test_refused_upload_saves_nothing(official, settings, name, content, content_type):
    project = make_project(status="draft")
    with pytest.raises(UploadRefused):
        attach(
            project,
            by=official,
            uploaded_file=upload(name, content, content_type),
            title="Report",
        )
    assert not ProjectDocument.objects.exists()
    assert not AuditEvent.objects.filter(action="project.document_added").exists()
    assert stored_files(settings) == []


@pytest.mark.django_db
def test_oversize_upload_saves_nothing(official, settings):
    settings.PROJECT_DOCUMENT_MAX_BYTES = 100
    project = make_project(status="draft")
    with pytest.raises(UploadRefused) as refused:
        attach(project, by=official, uploaded_file=upload("r.pdf", pdf_bytes() * 5), title="R")
    assert "100" in refused.value.messages[0]
    assert not ProjectDocument.objects.exists()
    assert stored_files(settings) == []


@pytest.mark.django_db
def test_an_official_of_another_agency_may_not_add_documents(other_agency_official, settings):
    project = make_project(status="published")
    with pytest.raises(PermissionDenied):
        attach(
            project,
            by=other_agency_official,
            uploaded_file=upload("r.pdf", pdf_bytes()),
            title="R",
        )
    assert not ProjectDocument.objects.exists()
    assert stored_files(settings) == []


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["cancelled", "awarded"])
def test_no_documents_on_ended_projects(official, settings, status):
    project = make_project(status=status)
    with pytest.raises(DomainError):
        attach(project, by=official, uploaded_file=upload("r.pdf", pdf_bytes()), title="R")
    assert stored_files(settings) == []


@pytest.mark.django_db
def test_title_and_visibility_are_checked(official):
    project = make_project(status="draft")
    with pytest.raises(DomainError) as refused:
        attach(project, by=official, uploaded_file=upload("r.pdf", pdf_bytes()), title="  ")
    assert "title" in refused.value.message_dict
    with pytest.raises(DomainError) as refused:
        attach(
            project,
            by=official,
            uploaded_file=upload("r.pdf", pdf_bytes()),
            title="R",
            visibility="secret",
        )
    assert "visibility" in refused.value.message_dict


@pytest.mark.django_db
def test_a_failed_database_write_leaves_no_stored_file(official, settings, monkeypatch):
    project = make_project(status="draft")

    def broken(**kwargs):
        raise RuntimeError("database down")

    monkeypatch.setattr("projects.services.documents.record_event", broken)
    with pytest.raises(RuntimeError):
        attach(project, by=official, uploaded_file=upload("r.pdf", pdf_bytes()), title="R")
    assert not ProjectDocument.objects.exists()
    assert stored_files(settings) == []


# --- Removing documents ------------------------------------------------------------------------


@pytest.mark.django_db
def test_remove_document_deletes_row_and_file_after_commit(
    official, settings, django_capture_on_commit_callbacks
):
    project = make_project(status="published")
    document = attach(project, by=official, uploaded_file=upload("r.pdf", pdf_bytes()), title="R")
    stored = document.file.name
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.remove_document(document, by=official, reason="Superseded.")
        assert default_storage.exists(stored)  # still there until the removal commits
    assert not ProjectDocument.objects.exists()
    for callback in callbacks:
        callback()
    assert not default_storage.exists(stored)
    assert stored_files(settings) == []
    event = AuditEvent.objects.get(action="project.document_removed")
    assert event.actor == official
    assert event.data["title"] == "R"


@pytest.mark.django_db
def test_only_the_owning_agency_removes_documents(official, other_agency_official):
    project = make_project(status="published")
    document = attach(project, by=official, uploaded_file=upload("r.pdf", pdf_bytes()), title="R")
    with pytest.raises(PermissionDenied):
        services.remove_document(document, by=other_agency_official)
    assert ProjectDocument.objects.filter(pk=document.pk).exists()


# --- The upload page ---------------------------------------------------------------------------


def upload_url(project) -> str:
    return reverse("projects:document-upload", kwargs={"reference": project.reference})


@pytest.mark.django_db
def test_official_uploads_through_the_page(client, official):
    project = make_project(status="draft")
    client.force_login(official)
    assert client.get(upload_url(project)).status_code == 200
    response = client.post(
        upload_url(project),
        {
            "title": "",
            "visibility": "restricted",
            "file": upload("Saindak assays.xlsx", ooxml_bytes("xlsx"), "application/pdf"),
        },
    )
    document = ProjectDocument.objects.get()
    assert document.title == "Saindak assays"
    assert document.visibility == "restricted"
    assert document.content_type == XLSX
    assert response.status_code == 302
    assert response["Location"] == project.get_absolute_url()
    (message,) = get_messages(response.wsgi_request)
    assert str(message) == "“Saindak assays” was added (Excel spreadsheet)."


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "content_type", "message"),
    [
        ("report.pdf", ELF, PDF, "program"),
        ("map.png", HTML, "image/png", "web page"),
        ("empty.pdf", b"", PDF, "empty"),
    ],
)
def test_refused_upload_shows_the_reason_beside_the_field(
    client, official, settings, name, content, content_type, message
):
    project = make_project(status="draft")
    client.force_login(official)
    response = client.post(
        upload_url(project),
        {"title": "My title", "visibility": "public", "file": upload(name, content, content_type)},
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert message in form.errors["file"][0]
    assert 'value="My title"' in response.content.decode()
    assert 'id="id_file_error"' in response.content.decode()
    assert not ProjectDocument.objects.exists()
    assert stored_files(settings) == []


@pytest.mark.django_db
def test_oversize_upload_through_the_page_names_the_limit(client, official, settings):
    settings.PROJECT_DOCUMENT_MAX_BYTES = 1024
    project = make_project(status="draft")
    client.force_login(official)
    response = client.post(
        upload_url(project),
        {"title": "Big", "visibility": "public", "file": upload("big.pdf", pdf_bytes() * 20)},
    )
    assert response.status_code == 400
    assert "1.0\xa0KB" in response.context["form"].errors["file"][0]
    assert not ProjectDocument.objects.exists()
    assert stored_files(settings) == []


@pytest.mark.django_db
def test_upload_needs_the_csrf_token(official):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(official)
    project = make_project(status="draft")
    response = client.post(
        upload_url(project),
        {"title": "R", "visibility": "public", "file": upload("r.pdf", pdf_bytes())},
    )
    assert response.status_code == 403
    assert not ProjectDocument.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "status", "expected"),
    [
        (None, "draft", 404),
        (None, "published", 403),
        ("firm_member", "draft", 404),
        ("firm_member", "published", 403),
        ("other_agency_official", "draft", 404),
        ("other_agency_official", "published", 403),
        ("official", "draft", 200),
        ("official", "published", 200),
    ],
)
def test_who_may_open_the_upload_page(client, request, persona, status, expected):
    project = make_project(status=status)
    if persona:
        client.force_login(request.getfixturevalue(persona))
    assert client.get(upload_url(project)).status_code == expected
    response = client.post(
        upload_url(project),
        {
            "title": "R",
            "visibility": "public",
            "file": upload("r.pdf", pdf_bytes()),
            "reason": "New survey.",
        },
    )
    assert response.status_code == (302 if expected == 200 else expected)


@pytest.mark.django_db
def test_upload_to_a_project_of_another_agency_is_refused(client, official, sifc, settings):
    project = make_project(status="published", agency=sifc)
    client.force_login(official)
    response = client.post(
        upload_url(project),
        {"title": "R", "visibility": "public", "file": upload("r.pdf", pdf_bytes())},
    )
    assert response.status_code == 403
    assert not ProjectDocument.objects.exists()
    assert stored_files(settings) == []


@pytest.mark.django_db
def test_upload_page_of_an_awarded_project_sends_back(client, official):
    project = make_project(status="awarded")
    client.force_login(official)
    response = client.get(upload_url(project))
    assert response.status_code == 302
    assert response["Location"] == project.get_absolute_url()


# --- Downloading -------------------------------------------------------------------------------


def download_url(document) -> str:
    return reverse(
        "projects:document-download",
        kwargs={"reference": document.project.reference, "pk": document.pk},
    )


@pytest.fixture
def documents(official):
    """A public and a restricted document on a draft and on a published project."""
    result = {}
    for status in ("draft", "published"):
        project = make_project(status=status)
        for visibility in ("public", "restricted"):
            result[status, visibility] = attach(
                project,
                by=official,
                uploaded_file=upload(f"{status}-{visibility}.pdf", pdf_bytes()),
                title=f"{status} {visibility}",
                visibility=visibility,
            )
    return result


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "status", "visibility", "expected"),
    [
        (None, "draft", "public", 404),
        (None, "draft", "restricted", 404),
        (None, "published", "public", 200),
        (None, "published", "restricted", 403),
        ("firm_member", "draft", "public", 404),
        ("firm_member", "draft", "restricted", 404),
        ("firm_member", "published", "public", 200),
        ("firm_member", "published", "restricted", 403),
        # Members of verified firms read restricted documents of published projects; members
        # of firms waiting for verification or refused it do not.
        ("verified_member", "draft", "public", 404),
        ("verified_member", "draft", "restricted", 404),
        ("verified_member", "published", "public", 200),
        ("verified_member", "published", "restricted", 200),
        ("pk_firm_member", "published", "restricted", 200),
        ("pending_member", "draft", "restricted", 404),
        ("pending_member", "published", "public", 200),
        ("pending_member", "published", "restricted", 403),
        ("rejected_member", "draft", "restricted", 404),
        ("rejected_member", "published", "public", 200),
        ("rejected_member", "published", "restricted", 403),
        ("other_agency_official", "draft", "public", 404),
        ("other_agency_official", "draft", "restricted", 404),
        ("other_agency_official", "published", "public", 200),
        ("other_agency_official", "published", "restricted", 200),
        ("official", "draft", "public", 200),
        ("official", "draft", "restricted", 200),
        ("official", "published", "public", 200),
        ("official", "published", "restricted", 200),
    ],
)
def test_download_permissions(client, request, documents, persona, status, visibility, expected):
    if persona:
        client.force_login(request.getfixturevalue(persona))
    response = client.get(download_url(documents[status, visibility]))
    assert response.status_code == expected
    if expected == 200:
        assert b"".join(response.streaming_content) == pdf_bytes()
        response.close()
    elif expected == 403:
        assert "available to government officials and verified firms" in response.content.decode()


@pytest.mark.django_db
def test_download_headers(client, official):
    project = make_project(status="published")
    document = attach(
        project,
        by=official,
        uploaded_file=upload("Chagai map.jpg", png_bytes(), "image/jpeg"),
        title="Map",
    )
    response = client.get(download_url(document))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"  # detected, not what the browser said
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'attachment; filename="Chagai map.png"'
    assert "private" in response["Cache-Control"]
    assert response["Content-Length"] == str(len(png_bytes()))
    assert "sandbox" in response["Content-Security-Policy"]
    response.close()


@pytest.mark.django_db
def test_download_of_unknown_or_foreign_document_is_404(client, documents):
    published = documents["published", "public"]
    other_project = make_project(status="published")
    wrong = reverse(
        "projects:document-download",
        kwargs={"reference": other_project.reference, "pk": published.pk},
    )
    assert client.get(wrong).status_code == 404
    missing = reverse(
        "projects:document-download",
        kwargs={"reference": published.project.reference, "pk": published.pk + 1000},
    )
    assert client.get(missing).status_code == 404


def test_media_is_not_served_publicly(client):
    from django.urls import Resolver404, resolve

    with pytest.raises(Resolver404):
        resolve("/media/projects/documents/anything")


# --- Deleting ----------------------------------------------------------------------------------


def delete_url(document) -> str:
    return reverse(
        "projects:document-delete",
        kwargs={"reference": document.project.reference, "pk": document.pk},
    )


@pytest.mark.django_db
def test_official_deletes_a_document_and_its_file(
    client, official, settings, django_capture_on_commit_callbacks
):
    project = make_project(status="published")
    document = attach(
        project, by=official, uploaded_file=upload("r.pdf", pdf_bytes()), title="Old map"
    )
    assert stored_files(settings)
    client.force_login(official)
    response = client.get(delete_url(document))
    assert response.status_code == 200
    assert "Old map" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(delete_url(document), {"reason": "The map was wrong."})
    assert response.status_code == 302
    assert response["Location"] == project.get_absolute_url()
    assert not ProjectDocument.objects.exists()
    assert stored_files(settings) == []
    assert AuditEvent.objects.filter(action="project.document_removed").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "expected"),
    [(None, 403), ("firm_member", 403), ("other_agency_official", 403)],
)
def test_only_owners_delete(client, request, documents, persona, expected):
    document = documents["published", "public"]
    if persona:
        client.force_login(request.getfixturevalue(persona))
    assert client.get(delete_url(document)).status_code == expected
    assert client.post(delete_url(document)).status_code == expected
    assert ProjectDocument.objects.filter(pk=document.pk).exists()
    draft_document = documents["draft", "public"]
    assert client.post(delete_url(draft_document)).status_code == 404


# --- The list on the project page --------------------------------------------------------------


@pytest.mark.django_db
def test_documents_partial(official, firm_member, django_assert_num_queries):
    project = make_project(status="published")
    public = attach(
        project, by=official, uploaded_file=upload("a.xlsx", ooxml_bytes("xlsx")), title="Assays"
    )
    attach(
        project,
        by=official,
        uploaded_file=upload("b.pdf", pdf_bytes()),
        title="Feasibility study",
        visibility="restricted",
    )
    project = project_for_detail(firm_member, project.reference)  # what the detail page reads
    rows = document_rows(firm_member, project)  # one query: the visitor's firm, if any

    with django_assert_num_queries(0):
        html = render_to_string(
            "projects/partials/_documents.html",
            {"project": project, "document_rows": rows, "may_manage": False},
        )
    assert "Excel spreadsheet" in html
    assert "PDF document" in html
    assert download_url(public) in html
    assert html.count("/documents/") == 1  # no link to the restricted one
    assert "restricted" in html
    assert "Available to officials and verified firms" in html
    assert "Upload document" not in html
    karachi = public.uploaded_at.astimezone(ZoneInfo("Asia/Karachi"))
    assert f'datetime="{karachi.date().isoformat()}"' in html

    manager_html = render_to_string(
        "projects/partials/_documents.html",
        {
            "project": project,
            "document_rows": document_rows(official, project),
            "may_manage": True,
        },
    )
    assert "Upload document" in manager_html
    assert manager_html.count("/delete/") == 2
    assert "Available to officials and verified firms" not in manager_html


@pytest.mark.django_db
def test_documents_partial_empty_state():
    project = make_project(status="published")
    html = render_to_string(
        "projects/partials/_documents.html",
        {"project": project, "document_rows": [], "may_manage": False},
    )
    assert "This project has no documents yet." in html


# --- In a real browser -------------------------------------------------------------------------

AXE = Path(__file__).resolve().parents[1] / "e2e" / "vendor" / "axe.min.js"


@pytest.fixture(scope="module")
def browser_context_args(browser_context_args):
    # axe-core is injected as an inline script, which the site's CSP rightly refuses.
    return {**browser_context_args, "bypass_csp": True, "accept_downloads": True}


def serious_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}})"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_official_uploads_downloads_and_deletes_in_the_browser(
    page, live_server, official, settings, tmp_path
):
    # A draft: documents change freely before publication (afterwards through an amendment).
    project = make_project(status="draft")
    page.goto(f"{live_server.url}/en/accounts/login/?next={upload_url(project)}")
    page.fill("#id_username", official.email)
    page.fill("#id_password", settings.DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"**{upload_url(project)}")
    assert not serious_violations(page)

    # A refusal keeps the title and explains beside the field, accessibly.
    page.fill("#id_title", "Disguised")
    page.set_input_files(
        "#id_file", {"name": "report.pdf", "mimeType": "application/pdf", "buffer": ELF}
    )
    page.click("main button[type=submit]")
    page.locator("#id_file_error").wait_for()
    assert "program" in page.locator("#id_file_error").inner_text()
    assert page.input_value("#id_title") == "Disguised"
    assert not serious_violations(page)

    page.fill("#id_title", "Geological report")
    page.check("#id_visibility_1")
    page.set_input_files(
        "#id_file",
        {"name": "Saindak report.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()},
    )
    page.click("main button[type=submit]")
    page.wait_for_url(f"**{project.get_absolute_url()}")
    documents_section = page.locator("#documents")
    assert "Geological report" in documents_section.inner_text()
    assert not serious_violations(page)

    with page.expect_download() as download_info:
        documents_section.get_by_role("link", name="Geological report", exact=True).click()
    download = download_info.value
    assert download.suggested_filename == "Saindak report.pdf"
    saved = tmp_path / "downloaded.pdf"
    download.save_as(saved)
    assert saved.read_bytes() == pdf_bytes()

    documents_section.get_by_role("link", name="Delete Geological report").click()
    page.wait_for_url("**/delete/")
    assert not serious_violations(page)
    page.click("main form button.btn-danger")
    page.wait_for_url(f"**{project.get_absolute_url()}")
    assert "This project has no documents yet." in page.locator("#documents").inner_text()
    assert not ProjectDocument.objects.exists()
    assert stored_files(settings) == []


def test_document_titles_in_chinese_and_urdu(client, official):
    project = make_project(status="draft")
    client.force_login(official)
    response = client.post(
        upload_url(project),
        {
            "title": "Assays",
            "title_zh": "化验结果",
            "title_ur": "تجزیے کے نتائج",
            "visibility": "public",
            "file": upload("assays.xlsx", ooxml_bytes("xlsx"), "application/pdf"),
        },
    )
    assert response.status_code == 302
    document = ProjectDocument.objects.get()
    assert (document.title_zh, document.title_ur) == ("化验结果", "تجزیے کے نتائج")
    assert "化验结果" in client.get(f"/zh-hans{project.get_absolute_url()[3:]}").content.decode()
