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


# --- Reminders (beat) ---------------------------------------------------------------------------
# Safe to run twice or at once: each reminder has an outbox key, so it is written once per
# recipient; an item deleted or closed since it was listed is skipped quietly.


@shared_task(name="matchmaking.remind_bid_deadlines", acks_late=True)
def remind_bid_deadlines() -> int:
    """Hourly: bidding closes in 7 days, or in a day."""
    from .services import reminders

    return reminders.remind_bid_deadlines().written


@shared_task(name="matchmaking.remind_overdue_leads", acks_late=True)
def remind_overdue_leads() -> int:
    """Daily: lead follow-ups whose due date has passed, to each lead's owner."""
    from .services import reminders

    return reminders.remind_overdue_leads().written


@shared_task(name="matchmaking.remind_due_milestones", acks_late=True)
def remind_due_milestones() -> int:
    """Daily: MoU milestones due within a week or overdue, to the agency's officials."""
    from .services import reminders

    return reminders.remind_due_milestones().written
