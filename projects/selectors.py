"""Reads of mineral projects: querysets that already hold what each page and endpoint shows."""

from __future__ import annotations

from django.db.models import Count, F, Prefetch, Q, QuerySet, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from emining.key_figures import KeyFigure
from emining.models import User
from minerals.models import Mineral

from . import amendments, listing_cache, permissions
from .models import (
    Amendment,
    AmendmentProposal,
    Bid,
    BidParticipant,
    Clarification,
    Project,
    ProjectDocument,
)

# What a listing row shows; the long texts and the search vector stay in the database.
LISTING_DEFERRED = ("description", "search_vector", "training_commitment", "cancellation_reason")
MINERAL_NAME_FIELDS = ("id", "slug", "name", "name_zh", "name_ur")
# What a result card reads from the project row (`projects/cards.py`); the names of its
# minerals, province and district come from the listing index's catalogue.
CARD_FIELDS = (
    "id",
    "reference",
    "title",
    "title_zh",
    "title_ur",
    "summary",
    "summary_zh",
    "summary_ur",
    "status",
    "stage",
    "investment_model",
    "investment_usd",
    "bid_closes_at",
    "primary_mineral_id",
    "region_id",
    "district_id",
)


def public_projects() -> QuerySet[Project]:
    return Project.objects.filter(permissions.public_projects_condition())


def projects_for_listing(queryset: QuerySet[Project]) -> QuerySet[Project]:
    """Rows of a project list: related names joined, minerals in one prefetch."""
    return (
        queryset.select_related("primary_mineral", "region", "district", "agency")
        .defer(*LISTING_DEFERRED)
        .prefetch_related(
            Prefetch(
                "minerals",
                queryset=Mineral.objects.only(*MINERAL_NAME_FIELDS).order_by("name"),
            )
        )
    )


def listing_page_rows(page_of_projects: QuerySet[Project]) -> list[dict]:
    """The rows of one page of a sorted list, as what its cards read: one narrow query."""
    return list(page_of_projects.values(*CARD_FIELDS))


def project_for_detail(user, reference: str) -> Project | None:
    """The project with everything its page shows, if this user may see it."""
    queryset = (
        permissions.projects_visible_to(user)
        .select_related(
            "primary_mineral",
            "region",
            "district",
            "agency",
            "contact_official",
            "submitted_by",
            "published_by",
        )
        .defer("search_vector")
        .prefetch_related(
            Prefetch("minerals", queryset=Mineral.objects.order_by("name")),
            "evaluation_criteria",
            Prefetch(
                "documents",
                queryset=ProjectDocument.objects.select_related("uploaded_by").order_by(
                    "uploaded_at", "id"
                ),
            ),
            Prefetch(
                "amendments",
                queryset=Amendment.objects.select_related("created_by", "approved_by").order_by(
                    "-created_at", "-id"
                ),
            ),
        )
    )
    return queryset.filter(reference=reference).first()


def agency_projects(user: User) -> QuerySet[Project]:
    """The official's workspace: every project of their agency, whatever its status."""
    return projects_for_listing(Project.objects.filter(agency_id=user.agency_id)).order_by(
        "-updated_at"
    )


def agency_status_counts(user: User) -> dict[str, int]:
    rows = (
        Project.objects.filter(agency_id=user.agency_id)
        .values("status")
        .annotate(count=Count("id"))
        .order_by()
    )
    return {row["status"]: row["count"] for row in rows}


# What a map marker shows (`geo.feature_collection`).
MAP_POINT_FIELDS = (
    "reference",
    "title",
    "title_zh",
    "title_ur",
    "latitude",
    "longitude",
    "status",
    "stage",
    "investment_usd",
    "primary_mineral__slug",
    "primary_mineral__name",
    "primary_mineral__name_zh",
    "primary_mineral__name_ur",
)


def map_points(queryset: QuerySet[Project], *, limit: int | None = None) -> list[dict]:
    """What a map marker needs, in one query: every project, or the `limit` newest."""
    if limit is not None:
        queryset = queryset.order_by("-published_at", "-id")[:limit]
    else:
        queryset = queryset.order_by("reference")
    return list(queryset.values(*MAP_POINT_FIELDS))


def projects_key_figures() -> list[KeyFigure]:
    def totals() -> dict[str, int]:
        return public_projects().aggregate(
            published=Count("id"),
            open=Count("id", filter=Q(status=Project.Status.PUBLISHED)),
            sought=Sum("investment_usd", filter=Q(status=Project.Status.PUBLISHED)),
        )

    counted = listing_cache.cached("key-figures", {}, totals)
    url = reverse("projects:project-list")
    return [
        KeyFigure(_("Mineral projects published"), counted["published"], url, order=5),
        KeyFigure(_("Projects open for bids"), counted["open"], f"{url}?status=published", order=6),
        KeyFigure(
            _("Investment sought by open projects (USD million)"),
            round((counted["sought"] or 0) / 1_000_000),
            f"{url}?status=published&ordering=largest",
            order=7,
        ),
    ]


def pending_amendments(user: User, project: Project) -> list[dict]:
    """Amendments of this project waiting for a second official, with their changes written
    out: for the owning agency's officials only (the public sees a change once approved)."""
    if not permissions.may_manage_project(user, project):
        return []
    proposals = project.amendment_proposals.filter(
        status=AmendmentProposal.Status.PENDING
    ).select_related("created_by")
    rows = []
    for proposal in proposals:
        proposal.project = project
        added = proposal.proposed.get("documents_added", [])
        rows.append(
            {
                "proposal": proposal,
                "changes": amendments.change_rows(
                    amendments.against_current(project, proposal.values)
                ),
                "may_decide": permissions.may_decide_amendment(user, proposal),
                # Files uploaded with it, to read before deciding.
                "documents": [
                    {
                        "title": item["title"],
                        "url": reverse(
                            "projects:pending-document-download",
                            kwargs={"reference": project.reference, "index": index},
                        ),
                    }
                    for index, item in enumerate(added)
                ],
            }
        )
    return rows


def agency_pending_amendments(user: User) -> QuerySet[AmendmentProposal]:
    """Every amendment of the official's agency waiting for a second official."""
    return (
        AmendmentProposal.objects.filter(
            project__agency_id=user.agency_id, status=AmendmentProposal.Status.PENDING
        )
        .select_related("project", "created_by")
        .order_by("created_at", "id")
    )


# --- Clarifications ------------------------------------------------------------------------------

# What a question shows to those who may not know who asked: no firm, no person.
PUBLIC_CLARIFICATION_FIELDS = (
    "id",
    "project_id",
    "question",
    "question_language",
    "question_zh",
    "question_ur",
    "status",
    "asked_at",
    "answer",
    "answer_zh",
    "answer_ur",
    "answered_at",
    # Compared with the viewer's firm (never shown): its own questions are marked as such.
    "asking_firm_id",
)


def clarifications_for_project(user: User, project: Project) -> QuerySet[Clarification]:
    """The questions of a project this user may see, oldest first, in one query: with the
    asking firm and person for the owning agency's officials, and without them (not even
    loaded) for everyone else."""
    queryset = permissions.clarifications_visible_to(user, project).order_by("asked_at", "id")
    if permissions.may_see_asker(user, project):
        return queryset.select_related("asking_firm", "asked_by", "answered_by")
    return queryset.only(*PUBLIC_CLARIFICATION_FIELDS)


def clarification_for_user(user: User, project: Project, pk: int) -> Clarification | None:
    """One question of the project, if this user may see it (else None: a 404)."""
    clarification = clarifications_for_project(user, project).filter(pk=pk).first()
    if clarification is not None:
        clarification.project = project
    return clarification


def agency_pending_clarifications(user: User) -> list[dict]:
    """The agency's projects with questions waiting for an answer, and how many: one row per
    project, in one query (the officials' workspace)."""
    return list(
        Clarification.objects.filter(
            project__agency_id=user.agency_id, status=Clarification.Status.PENDING
        )
        .values(
            reference=F("project__reference"),
            title=F("project__title"),
            title_zh=F("project__title_zh"),
            title_ur=F("project__title_ur"),
        )
        .annotate(count=Count("id"))
        .order_by("reference")
    )


def award_notice(project: Project) -> dict | None:
    """The public award notice of an awarded project: the winning bid's firms (lead and
    partners), offer and jobs, and the award date. Nothing about the other bids. Two queries
    (the winning bid with its lead firm, then its partners); none for other projects."""
    if project.status != Project.Status.AWARDED:
        return None
    winner = (
        Bid.objects.filter(project=project, status=Bid.Status.AWARDED)
        .select_related("lead_firm")
        .prefetch_related(
            Prefetch(
                "participants",
                queryset=BidParticipant.objects.filter(
                    role=BidParticipant.Role.PARTNER, active=True
                )
                .select_related("firm")
                .order_by("id"),
            )
        )
        .first()
    )
    if winner is None:  # awarded before bids were recorded on the portal
        return None
    return {
        "bid": winner,
        "lead_firm": winner.lead_firm,
        "partners": [participant.firm for participant in winner.participants.all()],
        "offered_investment_usd": winner.offered_investment_usd,
        "local_jobs": winner.local_jobs,
        "awarded_at": project.awarded_at or winner.decided_at,
    }
