"""Who may see or do what with firms: the only place that decides.

Pages, API permission classes, services and other apps (projects asks whether a user speaks
for a verified firm) all ask these functions. A firm the user may not see answers 404.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from emining.permissions import is_firm_member

from .models import Firm, Membership

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
