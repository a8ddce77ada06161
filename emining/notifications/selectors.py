"""Reads of the notifications outbox."""

from __future__ import annotations

from django.db.models import QuerySet

from emining.models import User

from .models import Notification, NotificationPreference
from .registry import Kind, all_kinds
from .services import Choice, default_choice


def notifications_for(user: User) -> QuerySet[Notification]:
    """The user's notification centre, newest first (one query per page: the rows carry all
    they show)."""
    return Notification.objects.filter(recipient=user, in_app=True).order_by("-created_at", "-pk")


def preferences_for(user: User) -> list[tuple[Kind, Choice]]:
    """Each registered kind with the user's choice (or the kind's defaults): one query."""
    saved = {
        kind: Choice(in_app, email, frequency)
        for kind, in_app, email, frequency in NotificationPreference.objects.filter(
            user=user
        ).values_list("kind", "in_app", "email", "frequency")
    }
    return [(kind, saved.get(kind.name, default_choice(kind))) for kind in all_kinds()]
