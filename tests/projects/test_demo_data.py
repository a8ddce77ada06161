"""`seed_demo` adds the forum's demo projects through the services: valid, varied, idempotent."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from emining.models import AuditEvent, User
from minerals.models import PAKISTAN_LATITUDE, PAKISTAN_LONGITUDE
from projects.demo import DEMO_PROJECTS, SIFC_APPROVER
from projects.demo.documents import build_pdf, build_xlsx
from projects.models import Project, ProjectDocument

pytestmark = pytest.mark.django_db

Status = Project.Status
DEMO_AGENCIES = ("ministry-of-energy-petroleum-division", "sifc")


@pytest.fixture
def seeded(reference_data, settings) -> str:
    settings.DEBUG = True
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def demo_projects():
    return (
        Project.objects.filter(agency__slug__in=DEMO_AGENCIES)
        .select_related("primary_mineral", "district", "region", "agency")
        .prefetch_related("minerals", "evaluation_criteria", "documents")
    )


def find(projects, *words: str) -> Project:
    matches = [p for p in projects if all(w.lower() in p.title.lower() for w in words)]
    assert len(matches) == 1, f"expected one demo project titled with {words}"
    return matches[0]


def test_seed_demo_adds_the_forum_projects(seeded):
    projects = list(demo_projects())
    assert len(projects) >= 12
    assert len(projects) == len(DEMO_PROJECTS)

    saindak = find(projects, "Saindak")
    assert (saindak.district.slug, saindak.primary_mineral.slug) == ("chagai", "copper")
    assert {"copper", "gold"} <= {m.slug for m in saindak.minerals.all()}
    assert "5,200" in saindak.training_commitment
    duddar = find(projects, "Duddar")
    assert duddar.district.slug == "lasbela"
    assert {m.slug for m in duddar.minerals.all()} == {"lead", "zinc"}
    thar = find(projects, "Thar")
    assert (thar.district.slug, thar.primary_mineral.slug) == ("tharparkar", "coal")
    chromite = next(p for p in projects if p.primary_mineral.slug == "chromite")
    assert chromite.region.slug in {"balochistan", "khyber-pakhtunkhwa"}
    assert any(p.primary_mineral.slug in {"antimony", "tungsten"} for p in projects)
    assert any(p.primary_mineral.slug == "rare-earth-elements" for p in projects)
    assert any(p.primary_mineral.slug in {"granite", "dimension-stone"} for p in projects)
    smelter = find(projects, "Gwadar", "Smelter")
    assert smelter.stage in {Project.Stage.SMELTING, Project.Stage.REFINING}
    assert smelter.district.slug == "gwadar"
    assert smelter.corridor == "Nokundi–Mashkel–Turbat–Gwadar"
    assert smelter.distance_to_gwadar_km < 50

    # Owned by both agencies, with SIFC's four-eyes approver created and reported.
    assert {p.agency.slug for p in projects} == set(DEMO_AGENCIES)
    assert User.objects.get(username=SIFC_APPROVER["username"]).agency.slug == "sifc"
    assert SIFC_APPROVER["username"] in seeded
    public = sum(1 for spec in DEMO_PROJECTS if spec.timeline.published is not None)
    assert public >= 12
    assert f"Demo projects: {len(DEMO_PROJECTS)} ({public} public" in seeded


def test_demo_projects_cover_every_status(seeded):
    projects = list(demo_projects())
    now = timezone.now()
    by_status: dict[str, list[Project]] = {}
    for project in projects:
        by_status.setdefault(project.status, []).append(project)
    assert set(by_status) == set(Status.values)
    assert len(by_status[Status.PUBLISHED]) >= 3
    for project in by_status[Status.PUBLISHED]:
        assert project.bid_closes_at > now + timedelta(days=14), project.title
        assert project.published_at <= now
    for status in (Status.CLOSED, Status.UNDER_EVALUATION, Status.AWARDED):
        (project,) = by_status[status]
        assert project.bid_closes_at < project.closed_at <= now
        assert project.published_at + timedelta(days=7) <= project.bid_closes_at
    (awarded,) = by_status[Status.AWARDED]
    assert awarded.closed_at < awarded.evaluation_started_at < awarded.awarded_at < now
    (cancelled,) = by_status[Status.CANCELLED]
    assert cancelled.published_at is not None  # cancelled after publication: still public
    assert cancelled.published_at < cancelled.cancelled_at < now
    assert cancelled.cancellation_reason
    for project in projects:
        if project.published_at:
            # Four eyes: approved by another official of the same agency.
            assert project.published_by_id != project.submitted_by_id
            assert project.published_by_id != project.created_by_id
            assert project.published_by.agency_id == project.agency_id
            # Bidding never opens before the project is published.
            assert project.bid_opens_at >= project.published_at, project.title
    public = Project.objects.filter(agency__slug__in=DEMO_AGENCIES, published_at__isnull=False)
    assert public.count() == sum(1 for spec in DEMO_PROJECTS if spec.timeline.published is not None)


def test_demo_projects_follow_the_project_rules(seeded):
    projects = list(demo_projects())
    translated = 0
    for project in projects:
        criteria = list(project.evaluation_criteria.all())
        assert sum(c.weight for c in criteria) == 100, project.title
        assert PAKISTAN_LATITUDE[0] <= project.latitude <= PAKISTAN_LATITUDE[1]
        assert PAKISTAN_LONGITUDE[0] <= project.longitude <= PAKISTAN_LONGITUDE[1]
        assert project.primary_mineral in project.minerals.all()
        assert project.district.parent_id == project.region_id
        assert project.investment_usd > 0
        assert project.reference.startswith("PMP-")
        assert project.contact_official.agency_id == project.agency_id
        if all((project.title_zh, project.title_ur, project.summary_zh, project.summary_ur)):
            translated += 1
        assert len(project.summary) <= 600
    assert translated >= len(projects) - 3
    assert len({p.stage for p in projects}) >= 6  # across the value chain
    assert len({p.investment_model for p in projects}) >= 5
    events = set(
        AuditEvent.objects.filter(target_id__in=[str(p.pk) for p in projects]).values_list(
            "action", flat=True
        )
    )
    assert {"project.created", "project.submitted", "project.published"} <= events
    assert {"project.closed", "project.awarded", "project.cancelled"} <= events
    assert "project.demo_backdated" in events
    if connection.vendor == "postgresql":
        assert not Project.objects.filter(
            agency__slug__in=DEMO_AGENCIES, search_vector__isnull=True
        ).exists()


def test_demo_projects_have_real_documents(seeded):
    documents = list(
        ProjectDocument.objects.filter(project__agency__slug__in=DEMO_AGENCIES).select_related(
            "project"
        )
    )
    public_projects = demo_projects().filter(published_at__isnull=False)
    for project in public_projects:
        assert any(
            d.visibility == ProjectDocument.Visibility.PUBLIC for d in project.documents.all()
        ), project.title
    restricted = [d for d in documents if d.visibility == ProjectDocument.Visibility.RESTRICTED]
    assert restricted
    for document in documents:
        with document.file.open("rb") as stored:
            content = stored.read()
        assert len(content) == document.size
        if document.content_type == "application/pdf":
            assert_valid_pdf(content)
            assert document.original_name.endswith(".pdf")
        else:
            assert document.content_type.endswith("spreadsheetml.sheet")
            assert_valid_xlsx(content)


def test_seed_demo_twice_creates_nothing(seeded):
    counts = (
        Project.objects.count(),
        ProjectDocument.objects.count(),
        AuditEvent.objects.count(),
        User.objects.count(),
    )
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert (
        Project.objects.count(),
        ProjectDocument.objects.count(),
        AuditEvent.objects.count(),
        User.objects.count(),
    ) == counts
    assert "0 created now, 0 documents added" in out.getvalue()


# --- The sample files ------------------------------------------------------------------------


def assert_valid_pdf(content: bytes) -> None:
    """Header, trailer, and a cross-reference table whose offsets point at their objects."""
    assert content.startswith(b"%PDF-1.4\n")
    assert content.rstrip().endswith(b"%%EOF")
    startxref = int(re.search(rb"startxref\n(\d+)\n%%EOF", content).group(1))
    assert content[startxref:].startswith(b"xref\n")
    header = re.match(rb"xref\n0 (\d+)\n", content[startxref:])
    size = int(header.group(1))
    table = content[startxref + header.end() :]
    entries = [table[i * 20 : (i + 1) * 20] for i in range(size)]
    assert entries[0] == b"0000000000 65535 f\r\n"
    for number, entry in enumerate(entries[1:], start=1):
        assert entry.endswith(b" 00000 n\r\n")
        offset = int(entry[:10])
        assert content[offset:].startswith(f"{number} 0 obj\n".encode())
    assert f"/Size {size}".encode() in content[startxref:]
    for match in re.finditer(rb"<< /Length (\d+) >>\nstream\n", content):
        length = int(match.group(1))
        assert content[match.end() + length :].startswith(b"\nendstream")


def assert_valid_xlsx(content: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        names = package.namelist()
        assert names[0] == "[Content_Types].xml"
        assert {"_rels/.rels", "xl/workbook.xml", "xl/worksheets/sheet1.xml"} <= set(names)
        for name in names:
            ET.fromstring(package.read(name))  # noqa: S314 (well-formed; our own file)


def test_pdf_builder_paginates_and_escapes():
    sections = [("Geology (summary)", "Porphyry copper \\ gold (Chagai) – 38 km². " * 400)]
    content = build_pdf("Saindak (test)", sections)
    assert_valid_pdf(content)
    assert b"/Count " in content
    pages = int(re.search(rb"/Count (\d+)", content).group(1))
    assert pages > 1
    assert b"\\(Chagai\\)" in content
    assert b"(Demonstration copy generated for the" in content  # the notice, on its own line


def test_xlsx_builder_writes_strings_numbers_and_formulas():
    content = build_xlsx(
        'Model "A" & B', [["Item", "USD"], ["Capex", 100], ["Opex", 2.5], ["Total", "=SUM(B2:B3)"]]
    )
    assert_valid_xlsx(content)
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        sheet = package.read("xl/worksheets/sheet1.xml").decode()
        workbook = package.read("xl/workbook.xml").decode()
    assert "<f>SUM(B2:B3)</f>" in sheet
    assert '<c r="B2"><v>100</v></c>' in sheet
    sheet_element = ET.fromstring(workbook).find(".//{*}sheet")  # noqa: S314 (our own file)
    assert sheet_element.get("name") == 'Model "A" & B'


# Every text a visitor reads on a project, which the demo gives in Chinese and Urdu as well.
TRANSLATED_PROJECT_FIELDS = (
    "title",
    "summary",
    "description",
    "estimated_reserves",
    "grade",
    "special_economic_zone",
    "corridor",
    "training_commitment",
)
CJK = re.compile(r"[\u4e00-\u9fff]")
ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff]")


def test_demo_projects_carry_chinese_and_urdu_for_every_text(seeded):
    projects = list(demo_projects())
    assert len(projects) == len(DEMO_PROJECTS) == 16
    missing = []
    for project in projects:
        for name in TRANSLATED_PROJECT_FIELDS:
            if not getattr(project, name):
                continue  # nothing in English, nothing to translate
            chinese, urdu = getattr(project, f"{name}_zh"), getattr(project, f"{name}_ur")
            if not CJK.search(chinese):
                missing.append((project.title, f"{name}_zh"))
            if not ARABIC_SCRIPT.search(urdu):
                missing.append((project.title, f"{name}_ur"))
        for criterion in project.evaluation_criteria.all():
            if not CJK.search(criterion.name_zh) or not ARABIC_SCRIPT.search(criterion.name_ur):
                missing.append((project.title, criterion.name))
        for document in project.documents.all():
            if not CJK.search(document.title_zh) or not ARABIC_SCRIPT.search(document.title_ur):
                missing.append((project.title, document.title))
    assert not missing, missing
    # The figures and symbols of the grade survive translation.
    saindak = find(projects, "Saindak")
    assert "0.36–0.43% Cu" in saindak.grade_zh
    assert "0.36–0.43% Cu" in saindak.grade_ur


def test_seed_demo_completes_the_translations_of_an_earlier_seed(seeded, settings):
    saindak = find(list(demo_projects()), "Saindak")
    Project.objects.filter(pk=saindak.pk).update(grade_ur="", description_zh="")
    saindak.evaluation_criteria.update(name_zh="")
    saindak.documents.update(title_ur="", title_zh="")
    Project.objects.filter(pk=saindak.pk).update(corridor_zh="官员自己的译文")  # kept
    call_command("seed_demo", stdout=StringIO())
    saindak.refresh_from_db()
    assert "0.36–0.43% Cu" in saindak.grade_ur
    assert CJK.search(saindak.description_zh)
    assert saindak.corridor_zh == "官员自己的译文"
    assert all(c.name_zh for c in saindak.evaluation_criteria.all())
    assert all(d.title_zh and d.title_ur for d in saindak.documents.all())
    assert AuditEvent.objects.filter(action="project.demo_translated").count() == 1
