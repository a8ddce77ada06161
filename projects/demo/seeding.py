"""Demo projects drawn from news of the Pak-China Mineral Cooperation Forum and Pakistan's geology.

The ministers at the Pak-China Mineral Cooperation Forum named Saindak copper-gold, Duddar
lead-zinc and Thar coal as the models of cooperation, asked for investment in copper, gold,
antimony, tungsten and rare earths, complained that granite "from Turbat to Chitral" is still
quarried by blasting, and proposed a Nokundi–Mashkel–Turbat–Gwadar corridor with smelters
and refineries linked to special economic zones. The projects below turn that into tenders
owned by the Ministry of Energy (Petroleum Division) and SIFC. The deposits and places are
real; the tenders, amounts and deadlines are illustrative.

Everything goes through `projects.services`, so references, audit events and search vectors
are real. Projects that are already closed, under evaluation or awarded must have been
published weeks ago; the services only publish "now" (and rightly refuse a deadline less
than 7 days ahead), so those projects are published with a provisional deadline and then
moved back in time with one UPDATE (`_backdate`), which the database constraints still check
and which is recorded in the audit trail as `project.demo_backdated`.

Idempotent: a project is identified by its owning agency and title; existing ones are left
alone (missing documents are added, so a re-run completes an earlier partial seed).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from emining.audit import record_event
from emining.models import Agency, User
from emining.services import DomainError
from minerals.models import Mineral, Region

from .. import services, signals
from ..models import MINIMUM_BIDDING_PERIOD, Project
from ..search import refresh_search_vectors
from . import bids as demo_bids
from .documents import build_pdf, build_xlsx
from .more_projects import MORE_PROJECTS
from .showcase_projects import SHOWCASE_PROJECTS
from .specs import OWNERS, SIFC, SIFC_APPROVER, DemoDocument, DemoProject, Status
from .translations import CRITERIA, DOCUMENT_TITLES, PROJECTS

DEMO_PROJECTS: tuple[DemoProject, ...] = SHOWCASE_PROJECTS + MORE_PROJECTS


def _sifc_approver() -> tuple[User, bool]:
    agency = Agency.objects.get(slug=SIFC)
    user, created = User.objects.get_or_create(
        username=SIFC_APPROVER["username"],
        defaults={
            "role": User.Role.OFFICIAL,
            "agency": agency,
            "first_name": SIFC_APPROVER["first_name"],
            "last_name": SIFC_APPROVER["last_name"],
            "email": SIFC_APPROVER["email"],
        },
    )
    if created:
        user.set_password(settings.DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user, created


def _at(now: datetime, days: int, hour: int) -> datetime:
    """`days` from today at `hour` o'clock, Pakistan time (the portal's zone)."""
    local = timezone.localtime(now).replace(hour=hour, minute=0, second=0, microsecond=0)
    return local + timedelta(days=days)


def _document_file(project: Project, document: DemoDocument) -> SimpleUploadedFile:
    slug = document.title.split(" (")[0].lower().replace(" ", "-")
    if document.kind == "financial":
        share = (("Mining and plant", 0.55), ("Infrastructure", 0.25), ("Working capital", 0.2))
        rows: list[list] = [
            [project.title],
            ["Reference", project.reference],
            [],
            ["Item", "USD"],
            *[[name, round(project.investment_usd * part)] for name, part in share],
            ["Total investment", f"=SUM(B5:B{4 + len(share)})"],
            [],
            ["Discount rate (assumption)", 0.1],
            ["Expected local jobs", project.expected_jobs or 0],
            [],
            ["Demonstration data: not an official financial model."],
        ]
        content = build_xlsx("Financial model", rows)
        return SimpleUploadedFile(
            f"{project.reference}-{slug}.xlsx",
            content,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    minerals = ", ".join(mineral.name for mineral in project.minerals.order_by("name"))
    location = f"{project.district.name}, {project.region.name}" if project.district else ""
    sections = [
        ("Project", f"{project.reference}. {project.summary}"),
        (
            "Location and access",
            f"{location} ({project.latitude:.2f} N, {project.longitude:.2f} E). "
            + (f"Corridor: {project.corridor}. " if project.corridor else "")
            + (
                f"About {project.distance_to_gwadar_km} km from Gwadar port."
                if project.distance_to_gwadar_km
                else ""
            ),
        ),
        ("Minerals", minerals),
        ("Geology and scope", project.description),
        (
            "Estimated reserves and grade",
            f"{project.estimated_reserves or 'Not estimated.'}\n{project.grade or ''}",
        ),
        ("Local benefits", project.training_commitment or "See the project page."),
    ]
    content = build_pdf(f"{project.title}: {document.title}", sections)
    return SimpleUploadedFile(
        f"{project.reference}-{slug}.pdf", content, content_type="application/pdf"
    )


def _attach_documents(project: Project, spec: DemoProject, *, by: User) -> tuple[int, str]:
    """Add the spec's documents the project does not have yet. Returns (added, problem)."""
    existing = set(project.documents.values_list("title", flat=True))
    added = 0
    for document in spec.documents:
        if document.title in existing:
            continue
        try:
            with transaction.atomic():
                services.add_document(
                    project,
                    by=by,
                    uploaded_file=_document_file(project, document),
                    title=document.title,
                    title_zh=DOCUMENT_TITLES[document.title][0],
                    title_ur=DOCUMENT_TITLES[document.title][1],
                    visibility=document.visibility,
                )
        except NotImplementedError:
            return added, "the document service is not available yet"
        except (DomainError, PermissionDenied) as error:
            return added, f"{document.title}: {'; '.join(getattr(error, 'messages', [error]))}"
        added += 1
    return added, ""


def _backdate(project: Project, **moments: datetime) -> None:
    """Demo backdating: move a project's timestamps into the past in one UPDATE.

    The services stamp transitions with the current time, and publication needs a deadline
    at least 7 days ahead, so a project that "closed last month" cannot be produced by them
    alone. The database constraints (closing after opening, 7-day bidding period, stamps of
    each status) still check the result. The audit trail records that it happened.
    """
    Project.objects.filter(pk=project.pk).update(**moments)
    for name, value in moments.items():
        setattr(project, name, value)
    record_event(
        action="project.demo_backdated",
        target=project,
        data={name: value.isoformat() for name, value in moments.items()},
    )


def translated_values(spec: DemoProject) -> dict[str, str]:
    """The Chinese and Urdu versions of the spec's text (`description_zh`, `grade_ur`, ...)."""
    values = {}
    for name, (chinese, urdu) in PROJECTS.get(spec.title, {}).items():
        # The spec's own title and summary translations come first (most projects have them).
        values[f"{name}_zh"] = getattr(spec, f"{name}_zh", "") or chinese
        values[f"{name}_ur"] = getattr(spec, f"{name}_ur", "") or urdu
    return values


def _complete_translations(project: Project, spec: DemoProject) -> None:
    """Demo data loaded before the Chinese and Urdu texts existed gets them: only empty
    fields are filled (an official's own edits are kept), in one UPDATE per row, recorded
    in the audit trail as `project.demo_translated`."""
    missing = {
        name: value for name, value in translated_values(spec).items() if not getattr(project, name)
    }
    filled = sorted(missing)
    with transaction.atomic():
        if missing:
            Project.objects.filter(pk=project.pk).update(**missing)
        for criterion in project.evaluation_criteria.filter(name__in=CRITERIA, name_zh=""):
            chinese, urdu = CRITERIA[criterion.name]
            criterion.name_zh, criterion.name_ur = chinese, criterion.name_ur or urdu
            criterion.save(update_fields=["name_zh", "name_ur"])
            filled.append(f"criterion {criterion.position}")
        for document in project.documents.filter(title__in=DOCUMENT_TITLES, title_zh=""):
            chinese, urdu = DOCUMENT_TITLES[document.title]
            document.title_zh, document.title_ur = chinese, document.title_ur or urdu
            document.save(update_fields=["title_zh", "title_ur"])
            filled.append(f"document {document.pk}")
        if not filled:
            return
        refresh_search_vectors([project.pk])
        record_event(action="project.demo_translated", target=project, data={"filled": filled})
        project_id = project.pk
        transaction.on_commit(
            lambda: signals.project_changed.send(
                sender=Project, project_id=project_id, event="updated"
            )
        )


def _create(
    spec: DemoProject, *, author: User, approver: User, now: datetime
) -> tuple[Project, int, str]:
    """The project, in its demo status, with (documents added, problem)."""
    timeline = spec.timeline
    opens, closes = _at(now, timeline.opens, 9), _at(now, timeline.closes, 15)
    published = None if timeline.published is None else _at(now, timeline.published, 11)
    # Publication happens today through the service, which requires 7 days of bidding from
    # now; a deadline already past (or too close) is provisional and backdated afterwards.
    earliest_deadline = now + MINIMUM_BIDDING_PERIOD + timedelta(hours=1)
    provisional = published is not None and closes < earliest_deadline
    minerals = list(Mineral.objects.filter(slug__in=spec.minerals))
    by_slug = {mineral.slug: mineral for mineral in minerals}
    values = {
        "title": spec.title,
        "title_zh": spec.title_zh,
        "title_ur": spec.title_ur,
        "summary": spec.summary,
        "summary_zh": spec.summary_zh,
        "summary_ur": spec.summary_ur,
        "description": spec.description,
        "primary_mineral": by_slug[spec.minerals[0]],
        "region": Region.objects.get(slug=spec.region),
        "district": Region.objects.get(slug=spec.district),
        "latitude": spec.latitude,
        "longitude": spec.longitude,
        "area_km2": Decimal(spec.area_km2),
        "stage": spec.stage,
        "investment_model": spec.investment_model,
        "investment_usd": spec.investment_usd,
        "estimated_reserves": spec.estimated_reserves,
        "grade": spec.grade,
        "distance_to_gwadar_km": spec.distance_to_gwadar_km,
        "special_economic_zone": spec.special_economic_zone,
        "corridor": spec.corridor,
        "expected_jobs": spec.expected_jobs,
        "training_commitment": spec.training_commitment,
        **translated_values(spec),
        "contact_official": author,
        "bid_opens_at": now if provisional else opens,
        "bid_closes_at": now + timedelta(days=30) if provisional else closes,
    }
    criteria = [
        services.Criterion(name, weight, CRITERIA[name][0], CRITERIA[name][1])
        for name, weight in spec.criteria
    ]
    project = services.create_project(
        by=author,
        values=values,
        minerals=[by_slug[slug] for slug in spec.minerals],
        criteria=criteria,
    )
    # Documents go on while the project is a draft, as an author would attach them.
    added, problem = _attach_documents(project, spec, by=author)
    if spec.status == Status.DRAFT:
        return project, added, problem
    services.submit_for_review(project, by=author)
    if spec.status == Status.IN_REVIEW:
        return project, added, problem
    services.publish_project(project, by=approver)
    bids = []
    if spec.status != Status.CANCELLED and project.bid_opens_at <= timezone.now():
        # Bids arrive while the project is open, before any backdating.
        bids = demo_bids.submit_demo_bids(project, position=DEMO_PROJECTS.index(spec))
    if published is not None and published < now - timedelta(hours=1):
        _backdate(
            project,
            created_at=published - timedelta(days=9),
            submitted_at=published - timedelta(days=2),
            published_at=published,
            # Bidding never opens before the project is public.
            bid_opens_at=max(opens, published),
            bid_closes_at=closes,
        )
        if bids:
            demo_bids.backdate_bids(project, submitted=min(closes, now) - timedelta(days=6))
    elif project.bid_opens_at < project.published_at:
        # Published just now, with an opening time in the past: it opens on publication.
        _backdate(project, bid_opens_at=project.published_at)
    if spec.status in (Status.CLOSED, Status.UNDER_EVALUATION, Status.AWARDED):
        services.close_project(project, by=author)
        later = {"closed_at": closes + timedelta(minutes=1)}
        if spec.status != Status.CLOSED:
            awarded = spec.status == Status.AWARDED and bool(bids)
            demo_bids.evaluate_demo_bids(
                project,
                evaluators=[author, approver],
                award_note=spec.award_note if awarded else "",
            )
            later["evaluation_started_at"] = _at(now, timeline.evaluation, 10)
            if awarded:
                later["awarded_at"] = _at(now, timeline.awarded, 12)
            elif spec.status == Status.AWARDED:
                problem = problem or "No verified demo firms: the awarded project has no bids."
        _backdate(project, **later)
    elif spec.status == Status.CANCELLED:
        services.cancel_project(project, by=approver, reason=spec.cancellation_reason)
        if timeline.cancelled is not None:
            _backdate(project, cancelled_at=_at(now, timeline.cancelled, 16))
    return project, added, problem


def seed_projects(report: list[str]) -> None:
    sifc_approver, created = _sifc_approver()
    state = "created" if created else "exists"
    report.append(
        f"  {sifc_approver.username:<14} {sifc_approver.get_role_display()} — "
        f"{sifc_approver.agency.name} [{state}]"
    )
    users = {user.username: user for user in User.objects.filter(agency__isnull=False)}
    agencies = {agency.slug: agency for agency in Agency.objects.filter(slug__in=OWNERS)}
    now = timezone.now()
    lines, problems = [], []
    created_count = documents_added = 0
    for spec in DEMO_PROJECTS:
        author_name, approver_name = OWNERS[spec.owner]
        author, approver = users[author_name], users[approver_name]
        project = Project.objects.filter(agency=agencies[spec.owner], title=spec.title).first()
        if project is None:
            project, added, problem = _create(spec, author=author, approver=approver, now=now)
            created_count += 1
        else:  # completes the documents and translations of an earlier run, if missing
            added, problem = _attach_documents(project, spec, by=author)
            _complete_translations(project, spec)
        documents_added += added
        if problem and problem not in problems:
            problems.append(problem)
        lines.append(
            f"    {project.reference}  {project.get_status_display():<17} "
            f"{author_name:<13} {project.title}"
        )
    public = Project.objects.filter(
        agency__slug__in=OWNERS, title__in=[spec.title for spec in DEMO_PROJECTS]
    ).filter(published_at__isnull=False)
    report.append(
        f"Demo projects: {len(DEMO_PROJECTS)} ({public.count()} public; "
        f"{created_count} created now, {documents_added} documents added):"
    )
    report.extend(lines)
    report.extend(f"  Documents not attached: {problem}" for problem in problems)
