"""Writes on mineral projects: `rules` (what a project's values must keep), `workflow` (drafts,
review, publication, closing, evaluation, award), `amendments` (changes after publication) and
`documents` (uploads). Import from here: `from projects import services`."""

from .amendments import (
    amend_project,
    approve_amendment,
    approve_pending_amendment,
    reject_amendment,
    reject_pending_amendment,
)
from .documents import add_document, remove_document
from .rules import EDITABLE_FIELDS, Criterion, closing_time_problem, project_rule_errors
from .workflow import (
    award_project,
    cancel_project,
    close_due_projects,
    close_project,
    create_project,
    publish_project,
    return_to_draft,
    start_evaluation,
    submit_for_review,
    update_draft,
)

__all__ = [
    "EDITABLE_FIELDS",
    "Criterion",
    "add_document",
    "amend_project",
    "approve_amendment",
    "approve_pending_amendment",
    "award_project",
    "cancel_project",
    "close_due_projects",
    "close_project",
    "closing_time_problem",
    "create_project",
    "project_rule_errors",
    "publish_project",
    "reject_amendment",
    "reject_pending_amendment",
    "remove_document",
    "return_to_draft",
    "start_evaluation",
    "submit_for_review",
    "update_draft",
]
