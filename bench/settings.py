"""Settings for `make bench`: the production shape on loopback, against a separate database.

DEBUG is off (so templates are cached, static files come from the manifest, no debug
toolbar-like overhead), the site answers plain HTTP on 127.0.0.1 only, the cache is Redis
(shared by the gunicorn workers, as in production) and throttling is effectively off so that
the load generator measures the application, not the rate limiter. `ROOT_URLCONF` adds the
bare comparison view, which exists only here.

Everything else is `emining.settings` unchanged (connection reuse, middleware, CSP, ...).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

# Read by emining.settings while it is imported: DEBUG decides the static storage and
# whether a SECRET_KEY is required. The key is fixed and only ever used by this benchmark.
os.environ["DEBUG"] = "0"
BENCH_SECRET_KEY = "bench-only-key-never-used-to-serve-real-traffic-0123456789abcdef"  # noqa: S105
os.environ["SECRET_KEY"] = BENCH_SECRET_KEY
# Bids are sealed as in production, under a key that only the benchmark uses.
os.environ.setdefault("BID_SEALING_KEY", "Qm2k0Y3dR1xY0a9cV2b7q5M1nZ8hL4tW6eJ3sK0pF9c=")

from emining.settings import *  # noqa: E402, F403
from emining.settings import POSTGRES_OPTIONS, REST_FRAMEWORK, env  # noqa: E402

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]
# Plain HTTP on loopback: no redirect to HTTPS, no secure-only cookies, no HSTS.
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = False

# Never the development or production database: a dedicated one that the run creates and drops.
BENCH_DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/emining_bench_data"
)
DATABASES = {
    "default": {
        **env.db_url_config(BENCH_DATABASE_URL),
        "ATOMIC_REQUESTS": False,
        "CONN_MAX_AGE": env.int("CONN_MAX_AGE", default=60),
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": POSTGRES_OPTIONS,  # as production connects
    }
}
USING_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"

# Redis, as production runs with several workers (facet counts and throttles are shared).
# `BENCH_CACHE_URL=locmemcache://` works without Redis, with one cache per worker process.
CACHES = {
    "default": {
        **env.cache_url_config(os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/13")),
        "KEY_PREFIX": "emining-bench",
    }
}

REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {
        "anon": "100000000/minute",
        "user": "100000000/minute",
        "token": "100000000/minute",
    },
}

# Tasks go to a Redis broker, as in production, and no worker takes them during the run: the
# benchmark measures requests, and a bid's receipt email is the worker's work, not the
# request's. `make bench` empties that database (12) before and after. With
# BENCH_BROKER_URL="" they run in the request, their mail to memory.
CELERY_BROKER_URL = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/12")
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

_scratch = Path(os.environ.get("BENCH_SCRATCH", tempfile.gettempdir())) / "emining-bench"
STATIC_ROOT = _scratch / "static"
MEDIA_ROOT = _scratch / "media"

ROOT_URLCONF = "bench.urls"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
