"""Delivery when the broker fails: the action commits in < 2 s, rows wait, the sweep sends
them once the broker is back; and a round trip through Redis to a real worker."""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.core import mail

from emining.celery import app as celery_app
from emining.notifications.models import Notification
from emining.notifications.services import notify
from emining.notifications.tasks import sweep_notifications
from tests.private_redis import freeze, private_redis, thaw  # noqa: F401 (fixture)

CONTEXT = {"reference": "PMP-2026-0042", "title": "Reko Diq"}
URL = "/en/projects/PMP-2026-0042/"


@pytest.fixture
def broker_at(private_redis):  # noqa: F811
    """Celery publishes to the private Redis (not eagerly) for the test."""
    url, process = private_redis
    conf = celery_app.conf
    previous = conf.broker_url, conf.task_always_eager
    pools = celery_app._pool, celery_app.amqp._producer_pool
    conf.broker_url, conf.task_always_eager = url, False
    # Fresh pools for the private broker; the shared ones are put back untouched after.
    celery_app._pool, celery_app.amqp._producer_pool = None, None
    try:
        yield process
    finally:
        conf.broker_url, conf.task_always_eager = previous
        celery_app._pool, celery_app.amqp._producer_pool = pools


@pytest.mark.broker
@pytest.mark.django_db
@pytest.mark.parametrize("outage", ["frozen", "stopped"])
def test_the_action_succeeds_fast_and_the_sweep_delivers_later(
    broker_at, outage, firm_member, django_capture_on_commit_callbacks
):
    if outage == "frozen":
        freeze(broker_at)
    else:
        broker_at.terminate()
        broker_at.wait(timeout=5)
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        assert notify("bidding_closed", [firm_member], context=CONTEXT, url=URL) == 1
    elapsed = time.monotonic() - started
    assert elapsed < 2, f"publishing blocked the action for {elapsed:.1f} s"
    row = Notification.objects.get()
    assert row.email_status == Notification.EmailStatus.PENDING
    assert mail.outbox == []
    if outage == "frozen":
        thaw(broker_at)
    # Beat's sweep (run here in process) sends what the broker never carried.
    assert sweep_notifications() == 1
    assert sweep_notifications() == 0
    assert len(mail.outbox) == 1


def test_the_visibility_timeout_outlasts_every_task_and_redelivers_within_two_minutes():
    timeout = celery_app.conf.broker_transport_options["visibility_timeout"]
    assert timeout <= 120
    for task in celery_app.tasks.values():
        if task.name.startswith("celery."):
            continue
        limit = task.time_limit or celery_app.conf.task_time_limit
        assert limit < timeout, task.name
    assert celery_app.conf.broker_transport_options["socket_timeout"] <= 1
    assert celery_app.conf.task_publish_retry_policy["max_retries"] <= 1


@pytest.mark.broker
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    not settings.CELERY_BROKER_URL or not settings.USING_POSTGRES,
    reason="needs CELERY_BROKER_URL and PostgreSQL (a worker process shares the test database)",
)
def test_a_real_worker_delivers_through_redis(firm_member):
    from django.db import connection

    from tests.emining.test_celery import start_worker

    db = connection.settings_dict
    database_url = (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )
    env = {
        "DATABASE_URL": database_url,
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
    }
    with start_worker(env) as worker:
        notify("bidding_closed", [firm_member], context=CONTEXT, url=URL)  # autocommit
        deadline = time.monotonic() + 60
        row = Notification.objects.get()
        while row.email_status != Notification.EmailStatus.SENT and time.monotonic() < deadline:
            if worker.poll() is not None:
                pytest.fail(f"worker exited: {worker.stdout.read()}")
            time.sleep(0.3)
            row.refresh_from_db()
    assert row.email_status == Notification.EmailStatus.SENT
    assert row.attempts == 1
