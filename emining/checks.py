"""Deployment checks (`manage.py check --deploy`): what a production process must not start
without, beyond Django's own list."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, register

PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
    "django.core.cache.backends.filebased.FileBasedCache",
)


@register(deploy=True)
def shared_cache_and_broker(app_configs=None, **kwargs) -> list[Error]:
    if settings.DEBUG:
        return []
    errors = []
    backend = settings.CACHES["default"]["BACKEND"]
    if backend in PER_PROCESS_CACHES:
        errors.append(
            Error(
                f"The cache is per process ({backend}): with several web processes API "
                "throttles and cached listings are not shared.",
                hint="Set CACHE_URL to a shared cache, e.g. redis://redis:6379/1.",
                id="emining.E001",
            )
        )
    if not settings.CELERY_BROKER_URL:
        errors.append(
            Error(
                "No Celery broker: tasks would run inside web requests.",
                hint="Set CELERY_BROKER_URL, e.g. redis://redis:6379/0.",
                id="emining.E002",
            )
        )
    return errors


@register(deploy=True)
def bid_sealing_key(app_configs=None, **kwargs) -> list[Error]:
    """The development sealing key is public (it is in the code): bids sealed under it in
    production would be readable by anyone with a copy of the database."""
    if settings.DEBUG or settings.DEVELOPMENT_BID_SEALING_KEY not in settings.BID_SEALING_KEYS:
        return []
    return [
        Error(
            "BID_SEALING_KEY holds the development key: sealed bids would not be secret.",
            hint="Generate a key (see .env.example) and keep it outside the database.",
            id="emining.E003",
        )
    ]
