"""Reads for the team pages: the firm a user may manage, its members and its invitations."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Case, IntegerField, QuerySet, Value, When

from firms import permissions
from firms.models import Firm, Invitation, Membership

if TYPE_CHECKING:
    from emining.permissions import AnyUser


def team_firm_for(user: AnyUser, pk: int) -> Firm | None:
    """The firm `pk` if `user` is in its team (pages answer 404 otherwise), else None."""
    membership = permissions.membership_of(user)
    if membership is None or membership.firm_id != pk:
        return None
    return membership.firm


def team_members(firm: Firm) -> QuerySet[Membership]:
    """The owner first, then members in the order they joined, with their accounts."""
    return (
        firm.memberships.select_related("user")
        .annotate(
            owner_first=Case(
                When(role=Membership.Role.OWNER, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("owner_first", "joined_at", "pk")
    )


def open_invitations(firm: Firm) -> QuerySet[Invitation]:
    """Invitations neither accepted nor withdrawn (expired ones too: the owner sees they ran
    out and may send a new link), newest first, with who sent them."""
    return (
        firm.invitations.filter(accepted_at__isnull=True, revoked_at__isnull=True)
        .select_related("invited_by")
        .order_by("-created_at", "-pk")
    )
