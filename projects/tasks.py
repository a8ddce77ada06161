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
@shared_task(name="projects.send_bid_receipt", acks_late=True, time_limit=60, soft_time_limit=50)
def send_bid_receipt(version_id: int) -> bool:
    """Email the receipt of a bid version to whoever submitted it: the server time and the
    digest, never the offer (mail leaves the platform unencrypted)."""
    from django.conf import settings
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.utils import translation

    from .models import BidVersion

    version = (
        BidVersion.objects.select_related("bid__project", "submitted_by")
        .filter(pk=version_id)
        .first()
    )
    if version is None or not version.submitted_by.email:
        return False
    user = version.submitted_by
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        context = {"version": version, "bid": version.bid, "project": version.bid.project}
        subject = " ".join(render_to_string("emails/bid_receipt_subject.txt", context).split())
        body = render_to_string("emails/bid_receipt_body.txt", context)
    send_mail(subject, body, None, [user.email])
    return True
