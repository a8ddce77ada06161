"""Who may see or do what in matchmaking: the only place that decides.

Pages, downloads, the API and the services all ask these functions. An MoU the user may not
see answers 404 (its existence is not revealed); an action they may not take is refused.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q, QuerySet

from emining.permissions import is_official, is_official_of
from firms.permissions import membership_of

from .models import MoU, MoUParty

if TYPE_CHECKING:
    from emining.permissions import AnyUser


# --- MoUs ------------------------------------------------------------------------------------


def visible_mous_condition(user: AnyUser) -> Q:
    """Officials see every MoU (drafts too: the registry is national). Everyone else sees the
    public MoUs once signed, and members of a party firm also the confidential ones of their
    firm (not drafts)."""
    if is_official(user):
        return Q()
    condition = Q(is_public=True)
    membership = membership_of(user)
    if membership is not None:
        condition |= Exists(
            MoUParty.objects.filter(mou_id=OuterRef("pk"), firm_id=membership.firm_id)
        )
    return condition & ~Q(status=MoU.Status.DRAFT)


def mous_visible_to(user: AnyUser, queryset: QuerySet[MoU] | None = None) -> QuerySet[MoU]:
    queryset = MoU.objects.all() if queryset is None else queryset
    return queryset.filter(visible_mous_condition(user))


def may_create_mou(user: AnyUser) -> bool:
    return is_official(user)


def may_manage_mou(user: AnyUser, mou: MoU) -> bool:
    """Edit, change the status, add milestones and documents: officials of the agency that
    recorded the MoU."""
    return is_official_of(user, mou.agency)
