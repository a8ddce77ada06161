"""Celery tasks of matchmaking: they take ids (or nothing), call a service, and are safe to run
twice (each replaces its rows in one transaction). A project or firm deleted in the meantime
leaves nothing to score: the task ends quietly."""

from __future__ import annotations

from celery import shared_task

from .services import matches


@shared_task(name="matchmaking.rescore_project", acks_late=True)
def rescore_project(project_id: int, announce: bool = False) -> int:
    """Notices of a publication are written once whatever the runs (their outbox key)."""
    return matches.rescore_project(project_id, announce=announce)


@shared_task(name="matchmaking.rescore_firm", acks_late=True)
def rescore_firm(firm_id: int) -> int:
    return matches.rescore_firm(firm_id)


@shared_task(name="matchmaking.recompute_all_matches", acks_late=True)
def recompute_all_matches() -> dict[str, int]:
    """Nightly (beat): every firm against every open project, and the partner suggestions."""
    report = matches.recompute_all_matches()
    return vars(report)
