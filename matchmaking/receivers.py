"""What matchmaking does when the lower apps announce a change (their signals are sent after
commit and carry ids): rescore, in a Celery task, what the change can move."""

from __future__ import annotations

from emining.enqueue import enqueue_after_commit

from . import tasks

# A project enters or leaves the open ones, or its terms change.
PROJECT_EVENTS = frozenset({"published", "amended", "closed", "cancelled"})
# A verified firm's profile changes, or the firm enters or leaves the verified ones.
FIRM_EVENTS = frozenset({"updated", "verified", "rejected"})


def project_changed(sender, *, project_id: int, event: str, **kwargs) -> None:
    if event in PROJECT_EVENTS:
        enqueue_after_commit(tasks.rescore_project, project_id, event == "published")


def firm_changed(sender, *, firm_id: int, event: str, **kwargs) -> None:
    if event in FIRM_EVENTS:
        enqueue_after_commit(tasks.rescore_firm, firm_id)
