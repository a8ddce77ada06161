"""The workflow actions officials take from a project's page: what each calls, the status it
leads to, and the words of its confirmation page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy

from projects import services
from projects.models import Project

Status = Project.Status


@dataclass(frozen=True)
class Action:
    service: Callable[..., Any]
    target: str | None  # the status it leads to; None for decisions on a pending amendment
    title: Any
    explanation: Any
    button: Any
    done: Any  # success message, with %(reference)s
    reason_label: Any = None
    reason_required: Any = None
    note: bool = False
    danger: bool = False


ACTIONS: dict[str, Action] = {
    "submit": Action(
        service=services.submit_for_review,
        target=Status.IN_REVIEW,
        title=gettext_lazy("Submit for review"),
        explanation=gettext_lazy(
            "Another official of your agency will check the project and publish it. Until "
            "then it stays invisible outside your agency."
        ),
        button=gettext_lazy("Submit for review"),
        done=gettext_lazy(
            "%(reference)s was submitted for review. Another official of your agency can now "
            "approve and publish it."
        ),
    ),
    "return": Action(
        service=services.return_to_draft,
        target=Status.DRAFT,
        title=gettext_lazy("Return to draft"),
        explanation=gettext_lazy(
            "The project goes back to its author for changes. Say what should change; the "
            "reason is kept in the audit trail."
        ),
        button=gettext_lazy("Return to draft"),
        done=gettext_lazy("%(reference)s was returned to draft."),
        reason_label=gettext_lazy("What should change?"),
        reason_required=gettext_lazy("Say what should change before it is approved."),
    ),
    "publish": Action(
        service=services.publish_project,
        target=Status.PUBLISHED,
        title=gettext_lazy("Approve and publish"),
        explanation=gettext_lazy(
            "The project becomes public and open for bids until its closing time. Four eyes: "
            "the officials who created, last edited or submitted it cannot approve it."
        ),
        button=gettext_lazy("Approve and publish"),
        done=gettext_lazy("%(reference)s is published and open for bids."),
    ),
    "close": Action(
        service=services.close_project,
        target=Status.CLOSED,
        title=gettext_lazy("Close bidding"),
        explanation=gettext_lazy(
            "Bidding closes for good. Projects close by themselves at their closing time; "
            "close by hand only if that has not happened yet."
        ),
        button=gettext_lazy("Close bidding"),
        done=gettext_lazy("Bidding on %(reference)s is closed."),
    ),
    "evaluate": Action(
        service=services.start_evaluation,
        target=Status.UNDER_EVALUATION,
        title=gettext_lazy("Open the bids"),
        explanation=gettext_lazy(
            "Opening unseals every bid received by the closing time, once and for all, and "
            "starts the evaluation on the published criteria. It is recorded with your name "
            "and the time."
        ),
        button=gettext_lazy("Open the bids"),
        done=gettext_lazy("The bids of %(reference)s are opened; evaluation has started."),
    ),
    # The award is not a generic action: it needs the winning bid, chosen on the evaluation
    # page (`projects:bid-award`).
    "cancel": Action(
        service=services.cancel_project,
        target=Status.CANCELLED,
        title=gettext_lazy("Cancel the project"),
        explanation=gettext_lazy(
            "Cancelling cannot be undone. If the project was published, the reason is shown "
            "on its page."
        ),
        button=gettext_lazy("Cancel the project"),
        done=gettext_lazy("%(reference)s was cancelled."),
        reason_label=gettext_lazy("Reason for cancelling"),
        reason_required=gettext_lazy("Give the reason for cancelling the project."),
        danger=True,
    ),
    "approve-amendment": Action(
        service=services.approve_pending_amendment,
        target=None,
        title=gettext_lazy("Approve the amendment"),
        explanation=gettext_lazy(
            "The proposed changes take effect and are listed on the project page with their "
            "reason. Four eyes: the official who proposed them cannot approve them."
        ),
        button=gettext_lazy("Approve the amendment"),
        done=gettext_lazy("The amendment to %(reference)s was approved and is now in effect."),
    ),
    "reject-amendment": Action(
        service=services.reject_pending_amendment,
        target=None,
        title=gettext_lazy("Reject the amendment"),
        explanation=gettext_lazy(
            "The project stays as it is. Say why; the official who proposed the amendment "
            "sees the reason."
        ),
        button=gettext_lazy("Reject the amendment"),
        done=gettext_lazy("The amendment to %(reference)s was rejected."),
        reason_label=gettext_lazy("Why is it rejected?"),
        reason_required=gettext_lazy("Say why the amendment is rejected."),
        danger=True,
    ),
}
