from __future__ import annotations

from celery import shared_task
from django.utils import timezone


@shared_task(name="emining.ping")
def ping(payload: str = "pong") -> dict[str, str]:
    """Health task: proves a worker picks tasks up and returns results through the backend."""
    return {"reply": payload, "at": timezone.now().isoformat()}
