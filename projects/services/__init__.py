"""Writes on mineral projects. Import from here: `from projects import services`.

`rules` (what a project's values must keep), `workflow` (drafts, review, publication,
closing, cancelling), `amendments` (changes after publication), `documents` (uploads);
`bids` (sealed submissions, revisions, consortium confirmations) with `offers`, `receipts`
and `bid_documents`; `opening` (unsealing after the closing time); `evaluation` (scores,
reconciliation, shortlist, award); `clarifications` (questions and answers)."""

from .amendments import (
    amend_project,
    approve_amendment,
    approve_pending_amendment,
    reject_amendment,
    reject_pending_amendment,
)
from .bids import confirm_participation, revise_bid, submit_bid, withdraw_bid
from .clarifications import (
    PENDING_QUESTIONS_PER_FIRM,
    answer_question,
    answers_closed_message,
    ask_question,
    questions_closed_message,
    withdraw_question,
)
from .documents import add_document, remove_document
from .evaluation import award_project, reconcile_scores, score_bid, shortlist_bid
from .offers import Offer
from .opening import open_bids, start_evaluation
from .rules import EDITABLE_FIELDS, Criterion, closing_time_problem, project_rule_errors
from .workflow import (
    cancel_project,
    close_due_projects,
    close_project,
    create_project,
    publish_project,
    return_to_draft,
    submit_for_review,
    update_draft,
)

__all__ = [
    "EDITABLE_FIELDS",
    "PENDING_QUESTIONS_PER_FIRM",
    "Criterion",
    "Offer",
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
    "confirm_participation",
    "create_project",
    "open_bids",
    "project_rule_errors",
    "publish_project",
    "questions_closed_message",
    "reconcile_scores",
    "reject_amendment",
    "reject_pending_amendment",
    "remove_document",
    "return_to_draft",
    "revise_bid",
    "score_bid",
    "shortlist_bid",
    "start_evaluation",
    "submit_bid",
    "submit_for_review",
    "update_draft",
    "withdraw_bid",
    "withdraw_question",
]
