"""What the shared layout needs to offer firm entry points: "My firm", "Register a firm".

Lazy: the membership is looked up only when a page shows a firm member's menu (once per
request, cached on the user); officials and visitors cost no query.
"""

from __future__ import annotations

from django.utils.functional import SimpleLazyObject

from emining.permissions import is_firm_member

from . import permissions


def firm_navigation(request):
    user = getattr(request, "user", None)
    if user is None or not is_firm_member(user):
        return {
            "nav_firm_member": False,
            "nav_may_register_firm": bool(user is None or not user.is_authenticated),
        }
    return {
        "nav_firm_member": True,
        # Evaluated by the template's {% if %}: True for a member of no firm yet.
        "nav_may_register_firm": SimpleLazyObject(lambda: permissions.membership_of(user) is None),
    }
