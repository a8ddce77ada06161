from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.db import connection

from tests.private_redis import free_port, freeze, private_redis, thaw  # noqa: F401 (fixture)

ROOT = Path(__file__).resolve().parents[2]


def test_healthz_answers_without_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_checks_the_database(client, settings):
    settings.CELERY_BROKER_URL = ""
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["checks"]["database"] == "ok"
    assert "broker" not in response.json()["checks"]


@pytest.mark.django_db(transaction=True)
def test_readyz_is_503_when_the_database_is_unreachable(client, settings):
    settings.CELERY_BROKER_URL = ""
    saved = dict(connection.settings_dict)
    connection.close()
    if connection.vendor == "postgresql":
        connection.settings_dict.update(HOST="127.0.0.1", PORT="1")  # nothing listens there
    else:
        connection.settings_dict.update(NAME="/nonexistent-dir/emining.sqlite3")
    try:
        response = client.get("/readyz")
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)
    assert response.status_code == 503
    assert response.json()["reason"] == "database unreachable"


@pytest.mark.django_db
def test_readyz_is_503_when_the_broker_is_unreachable(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["reason"] == "broker unreachable"
    assert response.json()["checks"] == {"database": "ok"}


@pytest.mark.django_db
@pytest.mark.broker
@pytest.mark.skipif(not os.environ.get("CELERY_BROKER_URL"), reason="no broker configured")
def test_readyz_checks_a_reachable_broker(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"]["database"] == "ok"
    assert response.json()["checks"]["broker"] == "ok"


# --- Probes under the shipped gunicorn configuration, with a frozen Redis ----------------------


def _database_url() -> str:
    settings_dict = connection.settings_dict
    if connection.vendor == "postgresql":
        user = settings_dict["USER"] or "postgres"
        password = f":{settings_dict['PASSWORD']}" if settings_dict["PASSWORD"] else ""
        host = settings_dict["HOST"] or "127.0.0.1"
        port = settings_dict["PORT"] or 5432
        return f"postgres://{user}{password}@{host}:{port}/{settings_dict['NAME']}"
    return f"sqlite:///{settings_dict['NAME']}"


def _get(url: str, timeout: float = 10) -> tuple[int, float]:
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (loopback)
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    return status, time.monotonic() - started


@pytest.mark.django_db(transaction=True)
def test_probes_never_tie_up_the_workers_when_redis_is_frozen(private_redis, tmp_path):  # noqa: F811
    """gunicorn as shipped (gunicorn.conf.py), broker and cache on a Redis that stops
    answering (SIGSTOP): /readyz says so within 2 s each, and /healthz stays instant while
    several readiness probes are in flight."""
    redis_url, redis_process = private_redis
    port = free_port()
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": redis_url,
        "CACHE_URL": redis_url[:-1] + "1",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "2",
        "GUNICORN_ACCESS_LOG": "/dev/null",
    }
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "emining.wsgi:application",
            "--config",
            "gunicorn.conf.py",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(tmp_path / "gunicorn.log").open("w"),
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if _get(f"{base}/healthz", timeout=1)[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("gunicorn did not start: " + (tmp_path / "gunicorn.log").read_text())
        assert _get(f"{base}/readyz")[0] == 200

        freeze(redis_process)
        with ThreadPoolExecutor(max_workers=7) as pool:
            probes = [pool.submit(_get, f"{base}/readyz") for _ in range(6)]
            time.sleep(0.1)  # the readiness probes are now waiting on Redis
            health_status, health_elapsed = _get(f"{base}/healthz")
            ready = [probe.result() for probe in probes]
        assert health_status == 200
        assert health_elapsed < 1
        for status, elapsed in ready:
            assert status == 503
            assert elapsed < 2
    finally:
        thaw(redis_process)
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
