"""Celery: eager in-process without a broker; a real worker over Redis when one is configured."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings

from emining.celery import app as celery_app
from emining.tasks import ping

ROOT = Path(__file__).resolve().parents[2]


def test_configuration_is_safe():
    conf = celery_app.conf
    assert conf.task_serializer == "json"
    assert conf.accept_content == ["json"]
    assert conf.task_acks_late is True
    assert conf.task_time_limit > conf.task_soft_time_limit > 0


def test_eager_task_runs_in_process():
    result = ping.delay("eager")
    assert result.get(timeout=1)["reply"] == "eager"


@contextmanager
def start_worker(extra_env: dict[str, str] | None = None):
    """A real Celery worker process on the configured broker (the lightest: solo pool)."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "emining.settings", **(extra_env or {})}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "emining",
            "worker",
            "-P",
            "solo",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="module")
def worker():
    with start_worker() as process:
        yield process


@pytest.mark.broker
@pytest.mark.skipif(
    not settings.CELERY_BROKER_URL,
    reason="CELERY_BROKER_URL is unset: no broker for the round trip (CI sets it)",
)
def test_round_trip_through_redis_to_a_real_worker(worker):
    assert celery_app.conf.task_always_eager is False
    deadline = time.monotonic() + 60
    result = ping.delay("through-redis")
    while not result.ready() and time.monotonic() < deadline:
        if worker.poll() is not None:
            pytest.fail(f"worker exited: {worker.stdout.read()}")
        time.sleep(0.2)
    assert result.ready(), "the worker did not answer within 60 s"
    assert result.get(timeout=1)["reply"] == "through-redis"


@pytest.mark.broker
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    not settings.CELERY_BROKER_URL or not settings.USING_POSTGRES,
    reason="needs CELERY_BROKER_URL and PostgreSQL (a worker process shares the test database)",
)
def test_a_real_worker_closes_due_projects(reference_data):
    """The beat task through Redis to a worker process that uses the test database."""
    from datetime import timedelta

    from django.db import connection
    from django.utils import timezone

    from projects.models import Project
    from projects.tasks import close_due_projects
    from tests.factories import make_project

    now = timezone.now()
    due = make_project(
        status=Project.Status.PUBLISHED,
        published_at=now - timedelta(days=10),
        bid_opens_at=now - timedelta(days=10),
        bid_closes_at=now - timedelta(minutes=1),
    )
    db = connection.settings_dict
    database_url = (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )
    with start_worker({"DATABASE_URL": database_url}) as worker:
        result = close_due_projects.delay()
        deadline = time.monotonic() + 60
        while not result.ready() and time.monotonic() < deadline:
            if worker.poll() is not None:
                pytest.fail(f"worker exited: {worker.stdout.read()}")
            time.sleep(0.2)
        assert result.ready(), "the worker did not answer within 60 s"
        assert result.get(timeout=1) == [due.pk]
    due.refresh_from_db()
    assert due.status == Project.Status.CLOSED
