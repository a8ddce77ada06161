"""Delivery tasks: they take a batch id (or nothing), call a service and are safe to run twice
(rows are claimed before they are sent). `emining.tasks` imports them for Celery."""

from __future__ import annotations

from celery import shared_task

from .registry import Frequency


@shared_task(name="notifications.deliver", bind=True, acks_late=True, max_retries=5)
def deliver_notifications(self, batch: str) -> int:
    """Email the pending rows of one `notify()` call. Rows that failed wait in the outbox
    with their own backoff; the task retries too (1, 2, 4 ... minutes), and the sweep is the
    net under both. A batch whose rows are gone (a deleted user) ends quietly."""
    from . import services

    result = services.deliver(batch=batch)
    if result.failed and self.request.retries < self.max_retries and not self.request.is_eager:
        raise self.retry(countdown=60 * 2**self.request.retries)
    return result.sent


@shared_task(name="notifications.sweep", acks_late=True)
def sweep_notifications() -> int:
    """Beat, every minute: email whatever is still pending (the broker was down when the
    event committed, a worker died, a send failed and its wait is over)."""
    from . import services

    return services.deliver().sent


def _digests(task, frequency: str) -> int:
    from . import services

    result = services.send_digests(frequency)
    if result.unfinished:  # the time budget ran out: the rest in a fresh task
        task.apply_async(countdown=1)
    return result.sent


@shared_task(name="notifications.daily_digest", bind=True, acks_late=True)
def send_daily_digests(self) -> int:
    return _digests(self, Frequency.DAILY)


@shared_task(name="notifications.weekly_digest", bind=True, acks_late=True)
def send_weekly_digests(self) -> int:
    return _digests(self, Frequency.WEEKLY)
