"""Celery tasks of the projects app: they take ids (or nothing), load rows, call a service."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(name="projects.close_due_projects")
def close_due_projects() -> list[int]:
    """Run by beat every minute: closes projects whose closing time has come (idempotent)."""
    return services.close_due_projects()
