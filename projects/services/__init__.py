"""Writes on mineral projects: `rules` (what a project's values must keep), `workflow` (drafts,
review, publication, closing, evaluation, award), `amendments` (changes after publication),
`documents` (uploads) and `clarifications` (questions and answers). Import from here:
`from projects import services`."""

from .amendments import (
    amend_project,
    approve_amendment,
    approve_pending_amendment,
    reject_amendment,
    reject_pending_amendment,
)
from .clarifications import (
    PENDING_QUESTIONS_PER_FIRM,
    answer_question,
    answers_closed_message,
    ask_question,
    questions_closed_message,
    withdraw_question,
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
    "PENDING_QUESTIONS_PER_FIRM",
    "Criterion",
    "add_document",
    "amend_project",
    "answer_question",
    "answers_closed_message",
    "approve_amendment",
    "approve_pending_amendment",
    "ask_question",
    "award_project",
    "cancel_project",
    "close_due_projects",
    "close_project",
    "closing_time_problem",
    "create_project",
    "project_rule_errors",
    "publish_project",
    "questions_closed_message",
    "reject_amendment",
    "reject_pending_amendment",
    "remove_document",
    "return_to_draft",
    "start_evaluation",
    "submit_for_review",
    "update_draft",
    "withdraw_question",
]
