"""{% load bidding %}{% if user|may_bid %}: the layout asks the rule's owner whether to show
"My bids" (members of verified firms), instead of restating it."""

from __future__ import annotations

from django import template

from projects import permissions

register = template.Library()


@register.filter
def may_bid(user) -> bool:
    # Error pages render without a user (the database may be down): nothing to offer then.
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return permissions.may_bid(user)
