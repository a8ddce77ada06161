from __future__ import annotations

from celery import shared_task
from django.utils import timezone


@shared_task(name="emining.ping")
def ping(payload: str = "pong") -> dict[str, str]:
    """Health task: proves a worker picks tasks up and returns results through the backend."""
    return {"reply": payload, "at": timezone.now().isoformat()}


@shared_task(name="emining.send_email_confirmation", bind=True, max_retries=3)
def send_email_confirmation(self, user_id: int) -> bool:
    """Email the user a link that confirms their address. Safe to run twice: a redelivered
    task sends nothing, and nothing is sent once the address is confirmed."""
    from .accounts import services
    from .mail import already_sent, mark_sent

    if already_sent(self.request.id):
        return False
    try:
        sent = services.send_email_confirmation(user_id)
    except OSError as exc:  # SMTP unreachable: try again later
        raise self.retry(exc=exc, countdown=60) from exc
    mark_sent(self.request.id)
    return sent


@shared_task(name="emining.send_password_reset", bind=True, max_retries=3)
def send_password_reset(self, user_id: int, language: str | None = None) -> bool:
    """Email a password-reset link; the token is made here, never carried by the broker."""
    from .accounts import services
    from .mail import already_sent, mark_sent

    if already_sent(self.request.id):
        return False
    try:
        sent = services.send_password_reset(user_id, language=language)
    except OSError as exc:
        raise self.retry(exc=exc, countdown=60) from exc
    mark_sent(self.request.id)
    return sent


# Celery finds tasks in each app's `tasks` module: the notifications' live in their package.
from .notifications.tasks import (  # noqa: E402, F401
    deliver_notifications,
    send_daily_digests,
    send_weekly_digests,
    sweep_notifications,
)
