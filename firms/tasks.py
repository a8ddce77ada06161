"""Celery tasks of firms: they take ids, load rows and call a service; safe to run twice."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="firms.send_firm_invitation", bind=True, acks_late=True, max_retries=3)
def send_firm_invitation(self, invitation_id: int, token: str, language: str | None) -> bool:
    """Email an invitation's link. The token travels with the task because only its digest is
    stored; the service sends nothing for an invitation withdrawn, replaced, used or already
    emailed since (a claim in the invitation's row), so a task run twice emails once.

    Not a notification of the outbox: the invitee may have no account (the outbox writes rows
    for users), and an outbox row keeps its context in clear, where the link's token must
    never be stored."""
    from firms.services.team import send_invitation_email

    try:
        return send_invitation_email(invitation_id, token=token, language=language)
    except OSError as exc:  # SMTP unreachable: try again later
        raise self.retry(exc=exc, countdown=60) from exc
