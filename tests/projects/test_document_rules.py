"""Documents follow the rules of the project: amendments after publication (restricted ones
with a second official), never once awarded or cancelled, uploads refused before their body
is read, and drafts never stored by a cache."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from emining.models import AuditEvent
from emining.services import DomainError
from projects import services
from projects.models import Amendment, AmendmentProposal, Project, ProjectDocument
from tests.factories import make_project

pytestmark = pytest.mark.django_db

Status = Project.Status
PDF = (
    b"%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n"
    b"2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"
)


def pdf(name: str = "report.pdf", size: int = 0) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF + b"%" * size, content_type="application/pdf")


def upload_url(project) -> str:
    return reverse("projects:document-upload", kwargs={"reference": project.reference})


def stored(settings) -> list[Path]:
    return [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


# --- After publication: amendments -------------------------------------------------------------


def test_a_restricted_document_waits_for_a_second_official(official, approver, settings):
    project = make_project(status=Status.PUBLISHED, agency=official.agency)
    proposal = services.add_document(
        project,
        by=official,
        uploaded_file=pdf(),
        title="Feasibility study",
        visibility="restricted",
        reason="The study is final.",
    )
    assert isinstance(proposal, AmendmentProposal)
    assert not ProjectDocument.objects.exists()  # not on the page until approved
    assert len(stored(settings)) == 1  # the file waits with the proposal
    # The second official reads it before deciding; nobody outside the agency can.
    pending_url = reverse(
        "projects:pending-document-download", kwargs={"reference": project.reference, "index": 0}
    )
    reviewer = Client()
    reviewer.force_login(approver)
    page = reviewer.get(project.get_absolute_url()).content.decode()
    assert pending_url in page
    response = reviewer.get(pending_url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Cache-Control"] == "private, no-store"
    assert Client().get(pending_url).status_code == 403
    assert reviewer.get(pending_url.replace("/0/", "/1/")).status_code == 404
    amendment = services.approve_amendment(proposal, by=approver)
    document = ProjectDocument.objects.get()
    assert (document.title, document.visibility) == ("Feasibility study", "restricted")
    assert document.uploaded_by == official
    assert document.file.read().startswith(b"%PDF")
    assert amendment.values["documents_added"]["to"] == [
        {"document": document.pk, "title": "Feasibility study", "visibility": "restricted"}
    ]
    assert amendment.approved_by == approver
    response.close()  # last: closing a file response ends the test's request cycle


def test_a_rejected_document_is_deleted(
    official, approver, settings, django_capture_on_commit_callbacks
):
    project = make_project(status=Status.PUBLISHED, agency=official.agency)
    proposal = services.add_document(
        project,
        by=official,
        uploaded_file=pdf(),
        title="Feasibility study",
        visibility="restricted",
        reason="The study is final.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_amendment(proposal, by=approver, reason="Wrong version.")
    assert stored(settings) == []
    assert not ProjectDocument.objects.exists()


def test_removing_a_restricted_document_waits_and_a_public_one_does_not(official, approver):
    project = make_project(status=Status.DRAFT, agency=official.agency)
    public = services.add_document(project, by=official, uploaded_file=pdf(), title="Map")
    restricted = services.add_document(
        project, by=official, uploaded_file=pdf(), title="Study", visibility="restricted"
    )
    assert not Amendment.objects.exists()  # drafts change freely
    Project.objects.filter(pk=project.pk).update(
        status=Status.PUBLISHED,
        submitted_by=official,
        published_by=approver,
        published_at=project.bid_opens_at,
    )
    project.refresh_from_db()
    public.project = restricted.project = project
    with pytest.raises(DomainError) as refused:
        services.remove_document(public, by=official)
    assert "reason" in refused.value.message_dict
    assert services.remove_document(public, by=official, reason="Outdated map.") is None
    assert Amendment.objects.get().values == {
        "documents_removed": {
            "from": [{"document": public.pk, "title": "Map", "visibility": "public"}],
            "to": [],
        }
    }
    proposal = services.remove_document(restricted, by=official, reason="Superseded.")
    assert ProjectDocument.objects.filter(pk=restricted.pk).exists()
    services.approve_amendment(proposal, by=approver)
    assert not ProjectDocument.objects.exists()


def test_a_document_replaced_through_the_page_is_one_amendment(client, official):
    project = make_project(status=Status.PUBLISHED, agency=official.agency)
    old = services.add_document(
        project, by=official, uploaded_file=pdf(), title="Map 2023", reason="First map."
    )
    client.force_login(official)
    form = client.get(upload_url(project)).content.decode()
    assert "Reason for the amendment" in form
    assert "Map 2023" in form  # offered as the document replaced
    response = client.post(
        upload_url(project),
        {"title": "Map 2024", "visibility": "public", "file": pdf(), "replaces": old.pk},
    )
    assert response.status_code == 400
    assert "Say why the project is amended." in response.content.decode()
    response = client.post(
        upload_url(project),
        {
            "title": "Map 2024",
            "visibility": "public",
            "file": pdf(),
            "replaces": old.pk,
            "reason": "New survey.",
        },
    )
    assert response.status_code == 302
    assert list(ProjectDocument.objects.values_list("title", flat=True)) == ["Map 2024"]
    amendment = project.amendments.latest("id")
    assert set(amendment.values) == {"documents_added", "documents_removed"}
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Documents added" in page
    assert "Documents removed" in page
    assert "New survey." in page


@pytest.mark.parametrize("status", [Status.AWARDED, Status.CANCELLED])
def test_never_once_awarded_or_cancelled(client, official, status):
    project = make_project(status=status, agency=official.agency)
    document = ProjectDocument.objects.create(
        project=project,
        title="Map",
        file=ContentFile(PDF, name="map.pdf"),
        original_name="map.pdf",
        content_type="application/pdf",
        size=len(PDF),
        sha256="0" * 64,
        uploaded_by=official,
    )
    with pytest.raises(DomainError, match="cannot be changed"):
        services.add_document(project, by=official, uploaded_file=pdf(), title="X", reason="R")
    with pytest.raises(DomainError, match="cannot be changed"):
        services.remove_document(document, by=official, reason="R")
    client.force_login(official)
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Upload document" not in page
    assert "/delete/" not in page
    assert client.get(upload_url(project)).status_code == 302
    delete = reverse(
        "projects:document-delete", kwargs={"reference": project.reference, "pk": document.pk}
    )
    assert client.post(delete, {"reason": "R"}).status_code == 302
    assert ProjectDocument.objects.filter(pk=document.pk).exists()


# --- Refused before the body is read -----------------------------------------------------------


class CountedTemporaryFileUploadHandler(TemporaryFileUploadHandler):
    """Django's handler, leaving a mark in FILE_UPLOAD_TEMP_DIR for each temporary file it
    opens (its own file disappears when closed, so it could not be counted afterwards)."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        Path(django_settings.FILE_UPLOAD_TEMP_DIR, f"opened-{uuid.uuid4().hex}").touch()


@pytest.fixture
def temp_dir(settings, tmp_path) -> Path:
    directory = tmp_path / "uploads-in-progress"
    directory.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(directory)
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024  # every upload below goes to a temporary file
    settings.FILE_UPLOAD_HANDLERS = [
        f"{__name__}.CountedTemporaryFileUploadHandler",
    ]
    return directory


def post_upload(client, project, size: int = 50_000):
    return client.post(
        upload_url(project),
        {"title": "R", "visibility": "public", "file": pdf(size=size), "reason": "Why"},
    )


def test_the_counter_sees_an_allowed_upload(official, temp_dir):
    project = make_project(status=Status.DRAFT, agency=official.agency)
    client = Client()
    client.force_login(official)
    assert post_upload(client, project).status_code == 302
    assert len(list(temp_dir.iterdir())) == 1


@pytest.mark.parametrize(
    ("persona", "status", "expected"),
    [
        (None, Status.PUBLISHED, 403),
        (None, Status.DRAFT, 404),
        ("firm_member", Status.PUBLISHED, 403),
        ("other_agency_official", Status.PUBLISHED, 403),
        ("other_agency_official", Status.DRAFT, 404),
        ("official", Status.AWARDED, 302),
    ],
)
def test_a_refused_upload_writes_no_temporary_file(
    request, official, temp_dir, persona, status, expected
):
    project = make_project(status=status, agency=official.agency)
    client = Client(enforce_csrf_checks=True)  # the CSRF check alone would read the body
    if persona:
        client.force_login(request.getfixturevalue(persona))
    assert post_upload(client, project).status_code == expected
    assert list(temp_dir.iterdir()) == []
    assert not ProjectDocument.objects.exists()


def test_an_oversize_body_is_refused_from_its_content_length(official, settings, temp_dir):
    settings.PROJECT_DOCUMENT_MAX_BYTES = 100_000
    project = make_project(status=Status.DRAFT, agency=official.agency)
    client = Client()
    client.force_login(official)
    response = post_upload(client, project, size=400_000)
    assert response.status_code == 413
    page = response.content.decode()
    assert "<main" in page  # in the site layout
    assert "at most" in page or "larger" in page
    assert list(temp_dir.iterdir()) == []
    assert not AuditEvent.objects.filter(action="project.document_added").exists()
    assert stored(settings) == []


# --- Drafts are private --------------------------------------------------------------------------


def test_draft_pages_and_api_answers_are_never_stored(client, official, api_client):
    draft = make_project(status=Status.DRAFT, agency=official.agency)
    published = make_project(status=Status.PUBLISHED, agency=official.agency)
    client.force_login(official)
    api_client.force_authenticate(official)
    for url in (
        draft.get_absolute_url(),
        reverse("projects:project-edit", kwargs={"reference": draft.reference}),
        reverse("projects:workspace"),
        upload_url(draft),
    ):
        cache_control = client.get(url)["Cache-Control"]
        assert set(cache_control.replace(" ", "").split(",")) >= {"private", "no-store"}, url
    answer = api_client.get(f"/api/v1/projects/{draft.reference}/")
    assert answer.status_code == 200
    assert "no-store" in answer["Cache-Control"]
    assert "private" in answer["Cache-Control"]
    patched = api_client.patch(
        f"/api/v1/projects/{draft.reference}/", {"grade": "1% Cu"}, format="json"
    )
    assert patched.status_code == 200
    assert "no-store" in patched["Cache-Control"]
    assert "no-store" not in (client.get(published.get_absolute_url()).get("Cache-Control") or "")
    # An official's lists and map hold the agency's drafts.
    assert "no-store" in api_client.get("/api/v1/projects/")["Cache-Control"]
    assert "no-store" in api_client.get("/api/v1/projects/geojson/")["Cache-Control"]
    anonymous = APIClient()
    public_answer = anonymous.get(f"/api/v1/projects/{published.reference}/")
    assert "no-store" not in (public_answer.get("Cache-Control") or "")
    assert "no-store" not in (anonymous.get("/api/v1/projects/").get("Cache-Control") or "")
