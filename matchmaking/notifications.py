"""Notices of matchmaking, written through the core's outbox (`emining.notifications`)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from emining.models import User
from emining.notifications.registry import register_kind
from emining.notifications.services import notify
from firms.models import Firm
from projects.models import Project
from projects.notifications import project_context, project_path


def register_kinds() -> None:
    register_kind("project_matched", label=_("A new project matches your firm"))
    register_kind("invited_to_bid", label=_("Your firm is invited to bid"))


def _members(firm_ids) -> object:
    return User.objects.filter(firm_membership__firm_id__in=firm_ids, is_active=True)


def invited_to_bid(*, project: Project, firm: Firm) -> int:
    return notify(
        "invited_to_bid",
        _members([firm.pk]),
        context={**project_context(project), "agency": project.agency.name},
        url=project_path(project),
        key=f"invited:{project.pk}:{firm.pk}",
    )


def project_matched(*, project: Project, scores: dict[int, int]) -> int:
    """A newly published project, to the members of each firm it scores well for (at least
    `MATCH_NOTIFY_THRESHOLD`). One bulk write for all of them."""
    threshold = int(settings.MATCH_NOTIFY_THRESHOLD)
    firm_ids = [firm_id for firm_id, score in scores.items() if score >= threshold]
    if not firm_ids:
        return 0
    return notify(
        "project_matched",
        _members(firm_ids),
        context=project_context(project),
        url=reverse("matchmaking:recommendations"),
        key=f"matched:{project.pk}",
    )
