"""Celery tasks of firms: they take ids, load rows and call a service; safe to run twice."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="firms.send_firm_invitation", bind=True, max_retries=3)
def send_firm_invitation(self, invitation_id: int, token: str, language: str | None) -> bool:
    """Email an invitation's link. The token travels with the task because only its digest is
    stored; the service sends nothing for an invitation withdrawn, replaced or used since."""
    from emining.mail import already_sent, mark_sent
    from firms.services.team import send_invitation_email

    if already_sent(self.request.id):
        return False
    try:
        sent = send_invitation_email(invitation_id, token=token, language=language)
    except OSError as exc:  # SMTP unreachable: try again later
        raise self.retry(exc=exc, countdown=60) from exc
    mark_sent(self.request.id)
    return sent
