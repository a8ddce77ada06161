"""Writes of the platform core. Each checks, writes and records its audit event together."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .audit import record_event
from .models import Agency, User
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
