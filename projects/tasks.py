"""Celery tasks of the projects app: they take ids (or nothing), load rows, call a service."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(name="projects.close_due_projects")
def close_due_projects() -> list[int]:
    """Run by beat every minute: closes projects whose closing time has come (idempotent)."""
    return services.close_due_projects()


@shared_task(name="projects.notify_question_asked", acks_late=True)
def notify_question_asked(clarification_id: int) -> int:
    """Emails the owning agency's officials about a new question (once, however often run)."""
    from . import notifications

    return notifications.notify_question_asked(clarification_id)


@shared_task(name="projects.notify_question_answered", acks_late=True)
def notify_question_answered(clarification_id: int) -> int:
    """Emails the asking firm's members the answer (once, however often run)."""
    from . import notifications

    return notifications.notify_question_answered(clarification_id)
