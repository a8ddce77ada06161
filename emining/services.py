"""Writes of the platform core. Each checks, writes and records its audit event together."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .audit import record_event
from .models import TIME_ZONE_CHOICES, Agency, User
from .reference_data import upsert_agencies


class DomainError(ValidationError):
    """A business rule refused the action; the message is translated and shown to the user."""


def ensure_agencies() -> int:
    with transaction.atomic():
        return upsert_agencies(Agency)


def set_preferred_language(user: User, *, language: str) -> None:
    """Remember the language a signed-in user chose, so the portal greets them in it."""
    if language not in dict(settings.LANGUAGES):
        raise DomainError(_("Unknown language: %(language)s") % {"language": language})
    if user.preferred_language == language:
        return
    with transaction.atomic():
        previous = user.preferred_language
        User.objects.filter(pk=user.pk).update(preferred_language=language)
        user.preferred_language = language
        record_event(
            action="user.language_changed",
            actor=user,
            target=user,
            data={"from": previous, "to": language},
        )


def set_time_zone(user: User, *, time_zone: str) -> None:
    """Remember the time zone a user reads times in (meetings are shown in it)."""
    if time_zone not in dict(TIME_ZONE_CHOICES):
        raise DomainError({"time_zone": _("Choose one of the listed time zones.")})
    if user.time_zone == time_zone:
        return
    with transaction.atomic():
        previous = user.time_zone
        User.objects.filter(pk=user.pk).update(time_zone=time_zone)
        user.time_zone = time_zone
        record_event(
            action="user.time_zone_changed",
            actor=user,
            target=user,
            data={"from": previous, "to": time_zone},
        )
