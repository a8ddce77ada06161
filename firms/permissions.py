"""Who may see or do what with firms: the only place that decides.

Pages, API permission classes, services and other apps (projects asks whether a user speaks
for a verified firm) all ask these functions. A firm the user may not see answers 404.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from emining.permissions import is_firm_member, is_official

from .models import Firm, FirmDocument, Membership

if TYPE_CHECKING:
    from emining.permissions import AnyUser


def membership_of(user: AnyUser) -> Membership | None:
    """The user's place in a firm (with the firm loaded), or None. Cached on the user object
    for the request, since pages ask several times."""
    if not is_firm_member(user):
        return None
    try:
        return user._firm_membership_cache
    except AttributeError:
        pass
    membership = Membership.objects.select_related("firm").filter(user=user).first()
    user._firm_membership_cache = membership
    return membership


def firm_of(user: AnyUser) -> Firm | None:
    membership = membership_of(user)
    return membership.firm if membership else None


def is_verified_firm_member(user: AnyUser) -> bool:
    """A member of a verified firm: who may bid, ask clarifications and read restricted
    project documents."""
    firm = firm_of(user)
    return firm is not None and firm.is_verified


def may_request_meeting_with(user: AnyUser, firm: Firm) -> bool:
    """A member of another verified firm may ask this verified firm for a B2B meeting (the
    meeting itself is matchmaking's business; this only decides whether to offer the link)."""
    own = firm_of(user)
    return own is not None and own.is_verified and firm.is_verified and own.pk != firm.pk


# --- The firm's team: who sees its members and who changes them ------------------------------


def is_firm_owner(user: AnyUser, firm: Firm) -> bool:
    membership = membership_of(user)
    return (
        membership is not None
        and membership.firm_id == firm.pk
        and membership.role == Membership.Role.OWNER
    )


def may_view_team(user: AnyUser, firm: Firm) -> bool:
    """The firm's own people see its members and pending invitations; nobody else does."""
    membership = membership_of(user)
    return membership is not None and membership.firm_id == firm.pk


def may_manage_team(user: AnyUser, firm: Firm) -> bool:
    """Inviting, withdrawing invitations, removing members and handing over ownership."""
    return is_firm_owner(user, firm)


def may_leave_firm(user: AnyUser, firm: Firm) -> bool:
    """A member may leave; the owner first hands ownership over (a firm always has one)."""
    return may_view_team(user, firm) and not is_firm_owner(user, firm)


def visible_firms_condition(user: AnyUser) -> Q:
    """Everyone sees verified firms; members also see their own firm (whatever its status);
    officials see every firm, since they verify them."""
    if is_official(user):
        return Q()
    condition = Q(verification_status=Firm.VerificationStatus.VERIFIED)
    membership = membership_of(user)
    if membership is not None:
        condition |= Q(pk=membership.firm_id)
    return condition


def firms_visible_to(user: AnyUser, queryset: QuerySet[Firm] | None = None) -> QuerySet[Firm]:
    queryset = Firm.objects.all() if queryset is None else queryset
    return queryset.filter(visible_firms_condition(user))


def is_member_of(user: AnyUser, firm_id: int | None) -> bool:
    membership = membership_of(user)
    return membership is not None and firm_id is not None and membership.firm_id == firm_id


def may_view_firm(user: AnyUser, firm: Firm) -> bool:
    return firm.is_verified or is_official(user) or is_member_of(user, firm.pk)


def may_edit_firm(user: AnyUser, firm: Firm) -> bool:
    """Edit the registry entry, manage verification documents, submit for verification: the
    firm's members (owner or not)."""
    return is_member_of(user, firm.pk)


def may_verify_firms(user: AnyUser) -> bool:
    """Any government official verifies or rejects firms (the registry is national)."""
    return is_official(user)


def may_register_firm(user: AnyUser) -> bool:
    """A firm-member account that belongs to no firm yet (one firm per person)."""
    return is_firm_member(user) and membership_of(user) is None


def may_download_firm_document(user: AnyUser, document: FirmDocument) -> bool:
    """Verification documents are private: the firm's members and officials only."""
    return is_official(user) or is_member_of(user, document.firm_id)
