"""Who may do what, for the platform's core: roles, agencies and the audit trail.

HTML views and DRF permission classes both ask these functions; no view decides on its own.
Each domain app has its own `permissions.py` built on these helpers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rest_framework.permissions import BasePermission

from .models import User

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from .models import Agency

    AnyUser = User | AnonymousUser


def has_role(user: AnyUser, role: str) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role == role)


def is_official(user: AnyUser) -> bool:
    """A signed-in government official (always attached to an agency)."""
    return has_role(user, User.Role.OFFICIAL)


def is_official_of(user: AnyUser, agency: Agency | None) -> bool:
    """An official of this very agency: the test for managing the agency's records."""
    return agency is not None and is_official(user) and user.agency_id == agency.pk


def is_firm_member(user: AnyUser) -> bool:
    return has_role(user, User.Role.FIRM_MEMBER)


def is_partner_system(user: AnyUser) -> bool:
    return has_role(user, User.Role.PARTNER_SYSTEM)


def is_administrator(user: AnyUser) -> bool:
    """Administrators run the platform itself (accounts, reference data), not its business."""
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.role == User.Role.ADMINISTRATOR or user.is_superuser)
    )


def may_use_web_ui(user: AnyUser) -> bool:
    """Partner systems are API clients: their accounts cannot sign in to the browser pages."""
    return bool(user.is_active) and user.role != User.Role.PARTNER_SYSTEM


def may_view_audit_trail(user: AnyUser) -> bool:
    return is_administrator(user)


class IsOfficial(BasePermission):
    """DRF: the request comes from a government official."""

    def has_permission(self, request, view) -> bool:
        return is_official(request.user)


class IsAdministrator(BasePermission):
    def has_permission(self, request, view) -> bool:
        return is_administrator(request.user)
