"""Celery: eager in-process without a broker; a real worker over Redis when one is configured."""

from __future__ import annotations

import os
import subprocess
import sys
import time
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


@pytest.fixture(scope="module")
def worker():
    """A real Celery worker process on the configured broker (the lightest: solo pool)."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "emining.settings"}
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
    yield process
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()


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
