"""Settings come from the environment, with safe fallbacks. Each case runs in a fresh process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'engine': s.DATABASES['default']['ENGINE'], "
    "'name': str(s.DATABASES['default']['NAME']), 'eager': s.CELERY_TASK_ALWAYS_EAGER, "
    "'broker': s.CELERY_BROKER_URL, 'secret': s.SECRET_KEY, 'tz': s.TIME_ZONE, "
    "'debug': s.DEBUG, 'hosts': s.ALLOWED_HOSTS, 'sealing': s.BID_SEALING_KEYS}))"
)
VARIABLES = (
    "DATABASE_URL",
    "CELERY_BROKER_URL",
    "CELERY_RESULT_BACKEND",
    "CACHE_URL",
    "MEDIA_ROOT",
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "BID_SEALING_KEY",
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # set by the browser tests; never in production
)


def run_settings(**env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in VARIABLES}
    clean.update(env, DJANGO_SETTINGS_MODULE="emining.settings")
    return subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def settings_with(**env: str) -> dict:
    result = run_settings(**env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_zero_setup_defaults_to_sqlite_and_eager_tasks():
    loaded = settings_with(DEBUG="1")
    assert loaded["engine"] == "django.db.backends.sqlite3"
    assert loaded["name"].endswith("db.sqlite3")
    assert loaded["eager"] is True
    assert loaded["broker"] == ""
    assert loaded["tz"] == "Asia/Karachi"


def test_database_url_and_broker_come_from_the_environment():
    loaded = settings_with(
        DEBUG="1",
        DATABASE_URL="postgres://portal@db.internal:5432/emining",
        CELERY_BROKER_URL="redis://cache.internal:6379/0",
    )
    assert loaded["engine"] == "django.db.backends.postgresql"
    assert loaded["name"] == "emining"
    assert loaded["eager"] is False
    assert loaded["broker"] == "redis://cache.internal:6379/0"


def test_development_secret_key_only_with_debug():
    assert settings_with(DEBUG="1")["secret"].startswith("django-insecure-")
    refused = run_settings(DEBUG="0")
    assert refused.returncode != 0
    assert "SECRET_KEY must be set" in refused.stderr


NEW_SEALING_KEY = "K4QzirqRHf9wW8SNN1GodL7X3h1KiehlXTuVVG8Z2w8="
OLD_SEALING_KEY = "yaRBojUZ1vA_V7wvsMagrJGmw8_A2y3dBX1fyZK2vfU="


def test_bid_sealing_key_is_required_without_debug():
    """A development key exists only with DEBUG on; production must bring its own."""
    assert settings_with(DEBUG="1")["sealing"]
    refused = run_settings(DEBUG="0", SECRET_KEY="x" * 60)
    assert refused.returncode != 0
    assert "BID_SEALING_KEY must be set" in refused.stderr


def test_production_values_are_taken_as_given():
    loaded = settings_with(
        DEBUG="0",
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="emining.gov.pk,www.emining.gov.pk",
        BID_SEALING_KEY=f"{NEW_SEALING_KEY},{OLD_SEALING_KEY}",
    )
    assert loaded["sealing"] == [NEW_SEALING_KEY, OLD_SEALING_KEY]
    assert loaded["debug"] is False
    assert loaded["secret"] == "x" * 60
    assert loaded["hosts"] == ["emining.gov.pk", "www.emining.gov.pk"]


PRODUCTION = {
    "SECRET_KEY": "k3y-" + "q8Zr!mT2vX#pL9wB@nC4yH7uJ1sD6fG0aE5" * 2,
    "ALLOWED_HOSTS": "emining.gov.pk",
    "CSRF_TRUSTED_ORIGINS": "https://emining.gov.pk",
    "CACHE_URL": "redis://redis.internal:6379/1",
    "CELERY_BROKER_URL": "redis://redis.internal:6379/0",
    "BID_SEALING_KEY": NEW_SEALING_KEY,
}


def check_deploy(**env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in VARIABLES}
    clean.update(env, DJANGO_SETTINGS_MODULE="emining.settings")
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize("debug", ["0"])
def test_check_deploy_is_clean_in_production(debug):
    result = check_deploy(DEBUG=debug, **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("CACHE_URL", "The cache is per process"),
        ("CELERY_BROKER_URL", "No Celery broker"),
    ],
)
def test_check_deploy_refuses_a_per_process_cache_and_a_missing_broker(missing, message):
    env = {name: value for name, value in PRODUCTION.items() if name != missing}
    result = check_deploy(DEBUG="0", **env)
    assert result.returncode != 0
    assert message in result.stdout + result.stderr
    assert "Set " + missing in result.stdout + result.stderr


def test_check_deploy_refuses_the_development_sealing_key():
    from emining.settings import DEVELOPMENT_BID_SEALING_KEY

    result = check_deploy(
        DEBUG="0", **{**PRODUCTION, "BID_SEALING_KEY": DEVELOPMENT_BID_SEALING_KEY}
    )
    assert result.returncode != 0
    assert "development key" in result.stdout + result.stderr


def _example_variables() -> dict[str, str]:
    variables = {}
    for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            variables[name.strip()] = value.strip()
    return variables


def test_env_example_holds_no_blank_value_that_overrides_a_default():
    blank = [name for name, value in _example_variables().items() if not value]
    assert blank == [], f"blank values override defaults; comment them out: {blank}"


def test_loading_env_example_keeps_the_defaults():
    probe = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'media': str(s.MEDIA_ROOT), 'results': s.CELERY_RESULT_BACKEND, "
        "'broker': s.CELERY_BROKER_URL}))"
    )
    clean = {k: v for k, v in os.environ.items() if k not in VARIABLES}
    clean.update(_example_variables(), DJANGO_SETTINGS_MODULE="emining.settings")
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=clean, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaded["media"] == str(ROOT / "media")
    assert loaded["results"] == loaded["broker"] != ""


def test_postgresql_connections_time_out_and_redis_caches_may_fail():
    probe = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'options': s.DATABASES['default'].get('OPTIONS', {}), "
        "'cache': s.CACHES['default']['BACKEND']}))"
    )
    clean = {k: v for k, v in os.environ.items() if k not in VARIABLES}
    clean.update(
        DEBUG="1",
        DATABASE_URL="postgres://portal@db.internal:5432/emining",
        CACHE_URL="redis://cache.internal:6379/1",
        DJANGO_SETTINGS_MODULE="emining.settings",
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=clean, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaded["options"]["connect_timeout"] == 3
    assert loaded["cache"] == "emining.cache.FaultTolerantRedisCache"
