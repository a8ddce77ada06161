"""Reads of the MoU registry: querysets that already load what the pages and the API show."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from projects.models import Bid, Project
from projects.permissions import bids_visible_to, projects_visible_to

from .models import MoU, MoUParty, MoUTransition
from .permissions import mous_visible_to

if TYPE_CHECKING:
    from emining.permissions import AnyUser


def _parties() -> Prefetch:
    return Prefetch(
        "parties",
        queryset=MoUParty.objects.select_related("firm", "agency").order_by("position", "id"),
    )


def with_overdue_count(queryset: QuerySet[MoU]) -> QuerySet[MoU]:
    """`overdue_milestones`: milestones due before today and not completed."""
    return queryset.annotate(
        overdue_milestones=Count(
            "milestones",
            filter=Q(
                milestones__completed_on__isnull=True,
                milestones__due_on__lt=timezone.localdate(),
            ),
        )
    )


def mous_for_listing(user: AnyUser) -> QuerySet[MoU]:
    """The MoUs this user may see, newest signing first, with what a list row shows."""
    return with_overdue_count(
        mous_visible_to(user).select_related("agency").prefetch_related(_parties(), "minerals")
    ).order_by("-signed_on", "-created_at", "-id")


def mou_for_user(user: AnyUser, reference: str) -> MoU:
    """The MoU page's record with everything it shows; a 404 for one the user may not see.
    Pages, downloads and the API ask this one function."""
    queryset = with_overdue_count(mous_visible_to(user)).select_related("agency", "created_by")
    mou = (
        queryset.prefetch_related(
            _parties(),
            "minerals",
            "regions",
            "stages",
            "milestones",
            "documents",
            Prefetch(
                "transitions",
                queryset=MoUTransition.objects.select_related("by").order_by("at", "id"),
            ),
            Prefetch(
                "projects",
                queryset=projects_visible_to(user, Project.objects.order_by("reference")),
            ),
            Prefetch(
                "bids",
                queryset=bids_visible_to(
                    user, Bid.objects.select_related("project", "lead_firm")
                ).order_by("project__reference", "id"),
            ),
        )
        .filter(reference=reference)
        .first()
    )
    if mou is None:
        raise Http404(_("No such MoU."))
    return mou


def mous_for_api(user: AnyUser) -> QuerySet[MoU]:
    """The API's MoUs (list and detail): the list page's rows with the rest of their scope,
    milestones, dated status changes and the linked projects this user may see."""
    return mous_for_listing(user).prefetch_related(
        "regions",
        "stages",
        "milestones",
        Prefetch("transitions", queryset=MoUTransition.objects.order_by("at", "id")),
        Prefetch(
            "projects",
            queryset=projects_visible_to(user, Project.objects.order_by("reference")).only(
                "id", "reference"
            ),
        ),
    )
