"""Verification of firms: the firm submits, a government official verifies or rejects.

draft / rejected → pending (a member whose email address is confirmed, with at least one
verification document) → verified, or rejected with a reason (an official). The transitions
are those of `Firm.TRANSITIONS`; every one is an audit event.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from emining.audit import record_event
from emining.models import User
from emining.services import DomainError
from firms import notifications, permissions
from firms.models import Firm

from .announce import announce, lock_firm, sync

Status = Firm.VerificationStatus
REASON_MAX_LENGTH = Firm._meta.get_field("rejection_reason").max_length


def _require_transition(firm: Firm, status: str) -> None:
    if not firm.may_become(status):
        raise DomainError(
            _("A firm that is “%(current)s” cannot become “%(next)s”.")
            % {"current": firm.get_verification_status_display(), "next": Status(status).label},
            code="invalid_transition",  # the API answers 409 Conflict
        )


def _move(
    locked: Firm,
    status: str,
    *,
    by: User,
    action: str,
    stamps: dict[str, Any],
    data: dict[str, Any] | None = None,
) -> None:
    """Write a transition on the locked row: the status, its stamps, the audit event, and
    the announcement after commit."""
    previous = locked.verification_status
    locked.verification_status = status
    for field, value in stamps.items():
        setattr(locked, field, value)
    locked.save(update_fields=["verification_status", *stamps, "updated_at"])
    record_event(
        action=f"firm.{action}",
        actor=by,
        target=locked,
        data={"from": previous, "to": status, **(data or {})},
    )
    announce(locked, event=action)
    if status in (Status.VERIFIED, Status.REJECTED):
        notifications.verification_decided(locked)


def submission_problem(user: User, firm: Firm) -> str:
    """Why this user cannot submit the firm for verification now, or "". The page asks it
    to explain the button; the service asks it again under the row lock."""
    if not permissions.may_edit_firm(user, firm):
        return _("Only the firm’s members may submit it for verification.")
    if not firm.may_become(Status.PENDING) or firm.is_verified:
        return _("A firm that is “%(status)s” cannot be submitted for verification.") % {
            "status": firm.get_verification_status_display()
        }
    if user.email_confirmed_at is None:
        return _(
            "Confirm your email address first (follow the link we sent you): officials "
            "write to it about the verification."
        )
    if not firm.documents.exists():
        return _(
            "Upload at least one verification document first: the certificate of "
            "incorporation or business licence (营业执照), or the tax registration."
        )
    return ""


@transaction.atomic
def submit_for_verification(firm: Firm, *, by: User) -> Firm:
    """A member asks the officials to verify the firm (again, after a rejection)."""
    if not permissions.may_edit_firm(by, firm):
        raise PermissionDenied(_("Only the firm’s members may submit it for verification."))
    locked = lock_firm(firm)
    _require_transition(locked, Status.PENDING)
    if locked.is_verified:  # a verified firm returns to pending only by changing its identity
        raise DomainError(_("This firm is already verified."), code="invalid_transition")
    problem = submission_problem(by, locked)
    if problem:
        raise DomainError(problem)
    resubmitted = locked.verification_status == Status.REJECTED
    _move(
        locked,
        Status.PENDING,
        by=by,
        action="submitted",
        # The previous rejection stays in the audit trail; the row now waits for a decision.
        stamps={
            "submitted_at": timezone.now(),
            "rejected_at": None,
            "rejection_reason": "",
            "decided_by": None,
        },
        data={"resubmitted": resubmitted},
    )
    return sync(firm, locked)


def _require_verifier(user: User) -> None:
    if not permissions.may_verify_firms(user):
        raise PermissionDenied(_("Only government officials verify firms."))


@transaction.atomic
def verify_firm(firm: Firm, *, by: User) -> Firm:
    """An official confirms the firm is who it says it is: it may now bid."""
    _require_verifier(by)
    locked = lock_firm(firm)
    _require_transition(locked, Status.VERIFIED)
    _move(
        locked,
        Status.VERIFIED,
        by=by,
        action="verified",
        stamps={"verified_at": timezone.now(), "decided_by": by},
    )
    return sync(firm, locked)


@transaction.atomic
def reject_firm(firm: Firm, *, by: User, reason: str) -> Firm:
    """An official refuses the verification, saying why; the firm corrects and resubmits."""
    _require_verifier(by)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(
            {"reason": [_("Say why the verification is refused, so the firm can correct it.")]}
        )
    if len(reason) > REASON_MAX_LENGTH:
        raise DomainError(
            {
                "reason": [
                    _("The reason is at most %(limit)s characters long.")
                    % {"limit": REASON_MAX_LENGTH}
                ]
            }
        )
    locked = lock_firm(firm)
    _require_transition(locked, Status.REJECTED)
    _move(
        locked,
        Status.REJECTED,
        by=by,
        action="rejected",
        stamps={"rejected_at": timezone.now(), "decided_by": by, "rejection_reason": reason},
        data={"reason": reason},
    )
    return sync(firm, locked)
