"""Celery tasks of the projects app: they take ids (or nothing), load rows, call a service."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(name="projects.close_due_projects")
def close_due_projects() -> list[int]:
    """Run by beat every minute: closes projects whose closing time has come (idempotent)."""
    return services.close_due_projects()


# The soft limit must not pass the hard one (the defaults give 240 s soft): Celery refuses
# to enqueue a task whose soft limit is longer, and the bid page would fail after commit.
@shared_task(
    name="projects.send_bid_receipt", bind=True, acks_late=True, soft_time_limit=50, time_limit=60
)
def send_bid_receipt(self, version_id: int) -> bool:
    """Email the receipt of a bid version to whoever submitted it: the server time and the
    digest, never the offer (mail leaves the platform unencrypted)."""
    from emining.mail import already_sent, mark_sent, send_templated_mail

    from .models import BidVersion

    version = (
        BidVersion.objects.select_related("bid__project", "submitted_by")
        .filter(pk=version_id)
        .first()
    )
    if version is None or not version.submitted_by.email or already_sent(self.request.id):
        return False
    user = version.submitted_by
    send_templated_mail(
        template="bid_receipt",
        to=user.email,
        context={"version": version, "bid": version.bid, "project": version.bid.project},
        language=user.preferred_language,
    )
    mark_sent(self.request.id)
    return True


@shared_task(name="projects.notify_question_asked", acks_late=True)
def notify_question_asked(clarification_id: int) -> int:
    """Emails the owning agency's officials about a new question (once, however often run)."""
    from . import notifications

    return notifications.notify_question_asked(clarification_id)


@shared_task(name="projects.notify_question_answered", acks_late=True)
def notify_question_answered(clarification_id: int) -> int:
    """Emails the asking firm's members the answer (once, however often run)."""
    from . import notifications

    return notifications.notify_question_answered(clarification_id)
