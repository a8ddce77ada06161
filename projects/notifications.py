"""What the projects app tells whom, through the platform's notifications outbox.

The kinds are registered in `ProjectsConfig.ready()`; the services call these functions inside
their transactions, so a notice commits with its event (and is delivered after commit, or by
the sweep if the broker is down). Each recipient reads it in their own language: the context
keeps the three language versions of a title or an answer, never a rendered text.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from emining.models import User
from emining.notifications.registry import register_kind
from emining.notifications.services import notify

from .models import Bid, BidParticipant, BidVersion, Clarification, Project


def register_kinds() -> None:
    register_kind("clarification_asked", label=_("A firm asked a question on your project"))
    register_kind("clarification_answered", label=_("Your firm’s question was answered"))
    # The receipt is the firm's proof of what it sent and when: always emailed, at once.
    register_kind("bid_receipt", label=_("Receipt of your firm’s bid"), email_required=True)
    register_kind("bidding_closed", label=_("Bidding closed on a project you bid for"))
    register_kind("bids_opened", label=_("Bids opened on a project you bid for"))
    register_kind("bid_shortlisted", label=_("Your firm’s bid was shortlisted"))
    register_kind("bid_awarded", label=_("Your firm’s bid won the award"))
    register_kind("bid_unsuccessful", label=_("Your firm’s bid was not successful"))


def _three(record: Any, field: str, name: str | None = None) -> dict[str, str]:
    name = name or field
    return {
        name: getattr(record, field) or "",
        f"{name}_zh": getattr(record, f"{field}_zh", "") or "",
        f"{name}_ur": getattr(record, f"{field}_ur", "") or "",
    }


def project_context(project: Project) -> dict[str, Any]:
    return {"reference": project.reference, **_three(project, "title")}


def project_path(project: Project, anchor: str = "") -> str:
    path = reverse("projects:project-detail", kwargs={"reference": project.reference})
    return f"{path}#{anchor}" if anchor else path


def _active_users(users: QuerySet[User]) -> QuerySet[User]:
    return users.filter(is_active=True)


def bidders(project: Project, *, statuses: list[str] | None = None) -> QuerySet[User]:
    """Members of every firm (lead or confirmed partner) in the project's live bids."""
    participations = BidParticipant.objects.filter(project=project, active=True)
    if statuses is not None:
        participations = participations.filter(bid__status__in=statuses)
    return _active_users(
        User.objects.filter(firm_membership__firm__in=participations.values("firm_id"))
    )


def firm_members_of_bid(bid: Bid) -> QuerySet[User]:
    firms = BidParticipant.objects.filter(bid=bid, active=True).values("firm_id")
    return _active_users(User.objects.filter(firm_membership__firm__in=firms))


# --- Clarifications ----------------------------------------------------------------------------


def question_asked(item: Clarification) -> int:
    """The owning agency's officials learn of a new question (with the firm that asked: they
    may see it)."""
    project = item.project
    officials = _active_users(
        User.objects.filter(role=User.Role.OFFICIAL, agency_id=project.agency_id)
    )
    return notify(
        "clarification_asked",
        officials,
        context={
            **project_context(project),
            "question": item.question,
            "question_language": item.question_language,
            **_three(item.asking_firm, "name", "firm"),
        },
        url=project_path(project, "clarifications"),
        key=f"clarification:{item.pk}:asked",
    )


def question_answered(item: Clarification) -> int:
    """The asking firm's members read the answer, in their language where the official gave
    it."""
    members = _active_users(User.objects.filter(firm_membership__firm_id=item.asking_firm_id))
    return notify(
        "clarification_answered",
        members,
        context={
            **project_context(item.project),
            **_three(item, "question"),
            **_three(item, "answer"),
        },
        url=project_path(item.project, "clarifications"),
        key=f"clarification:{item.pk}:answered",
    )


# --- Bids ----------------------------------------------------------------------------------------


def bid_received(version: BidVersion, project: Project) -> int:
    """The receipt to whoever submitted the version: the server time and the digest, never
    the offer (mail leaves the platform unencrypted)."""
    return notify(
        "bid_receipt",
        [version.submitted_by],
        context={
            **project_context(project),
            "version": version.number,
            "submitted_at": version.submitted_at,
            "receipt_digest": version.receipt_digest,
        },
        url=reverse("projects:bid-detail", kwargs={"pk": version.bid_id}),
        key=f"bid-version:{version.pk}",
    )


def bidding_closed(project: Project) -> int:
    return notify(
        "bidding_closed",
        bidders(project, statuses=[Bid.Status.SUBMITTED]),
        context={**project_context(project), "closed_at": project.closed_at or timezone.now()},
        url=project_path(project),
        key=f"project:{project.pk}:closed",
    )


def bids_opened(project: Project, *, count: int) -> int:
    return notify(
        "bids_opened",
        bidders(project, statuses=[Bid.Status.OPENED]),
        context={**project_context(project), "count": count},
        url=project_path(project),
        key=f"project:{project.pk}:opened",
    )


def bid_shortlisted(bid: Bid, project: Project) -> int:
    return notify(
        "bid_shortlisted",
        firm_members_of_bid(bid),
        context=project_context(project),
        url=project_path(project),
        key=f"bid:{bid.pk}:shortlisted",
    )


def project_awarded(project: Project, winner: Bid) -> int:
    """The winner's firms hear of the award; every other opened bid's firms of the result."""
    written = notify(
        "bid_awarded",
        firm_members_of_bid(winner),
        context=project_context(project),
        url=project_path(project),
        key=f"bid:{winner.pk}:awarded",
    )
    losers = _active_users(
        User.objects.filter(
            firm_membership__firm__in=BidParticipant.objects.filter(
                Q(bid__project=project, active=True, bid__status=Bid.Status.UNSUCCESSFUL)
            ).values("firm_id")
        )
    )
    return written + notify(
        "bid_unsuccessful",
        losers,
        context=project_context(project),
        url=project_path(project),
        key=f"project:{project.pk}:unsuccessful",
    )
