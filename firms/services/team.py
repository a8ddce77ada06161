"""A firm's team: invitations by email, members joining, leaving or removed, and the owner
handing the firm over.

Each service checks who acts, locks the firm's row first (then the rows it changes, so two
changes to one team run one after the other in the same lock order), writes the change and its
audit event in one transaction, and sends email once it has committed. A firm has exactly one
owner at every moment a transaction can see: ownership moves in one transaction, the old owner
stepping down before the new one steps up, so the one-owner constraint never sees two.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from emining.accounts.services import mark_email_confirmed, normalize_email
from emining.audit import record_event
from emining.enqueue import enqueue_after_commit
from emining.mail import language_or_default, send_templated_mail, site_url
from emining.models import User
from emining.permissions import is_firm_member
from emining.services import DomainError
from firms import permissions
from firms.models import Firm, Invitation, Membership

# Codes of the refusals a link can meet, which the accept page turns into its status:
# a link nobody issued is a 404, a link that no longer works a 410 (Gone).
UNKNOWN = "unknown_invitation"
GONE = frozenset({"invitation_expired", "invitation_used", "invitation_withdrawn"})


def token_digest(token: str) -> str:
    return hashlib.sha256((token or "").encode()).hexdigest()


def _forget_membership(user: User) -> None:
    """`permissions.membership_of` caches on the user object; a change makes it stale."""
    user.__dict__.pop("_firm_membership_cache", None)


def _lock_firm(firm: Firm) -> Firm:
    return Firm.objects.select_for_update().get(pk=firm.pk)


def _require_owner(user: User, firm: Firm) -> None:
    if not permissions.may_manage_team(user, firm):
        raise PermissionDenied(_("Only the firm’s owner may change its team."))


def _locked_membership(firm: Firm, user: User) -> Membership | None:
    return Membership.objects.select_for_update().filter(firm=firm, user=user).first()


# --- Invitations -------------------------------------------------------------------------------


@dataclass(frozen=True)
class IssuedInvitation:
    invitation: Invitation
    # The secret of the link, known only now: the database keeps its SHA-256.
    token: str


def invite_member(
    firm: Firm, *, by: User, email: str, language: str | None = None
) -> IssuedInvitation:
    """Invite an address to join the firm. One pending invitation per address and firm:
    inviting again withdraws the earlier link and sends a new one."""
    _require_owner(by, firm)
    email = normalize_email(email)
    try:
        validate_email(email)
    except DjangoValidationError as exc:
        raise DomainError({"email": [_("Enter a valid email address.")]}) from exc
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        firm = _lock_firm(firm)
        if firm.memberships.filter(user__email__iexact=email).exists():
            raise DomainError(
                {"email": [_("Someone with this address is already in your team.")]},
                code="already_member",
            )
        now = timezone.now()
        replaced = Invitation.objects.filter(
            firm=firm, email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True
        ).update(revoked_at=now)
        invitation = Invitation.objects.create(
            firm=firm,
            email=email,
            token_digest=token_digest(token),
            invited_by=by,
            expires_at=now + settings.FIRM_INVITATION_TTL,
        )
        record_event(
            action="firm.member_invited",
            actor=by,
            target=firm,
            data={"email": email, "invitation": invitation.pk, "replaced": replaced},
        )
    # The reader's language: the invitee's own if they have an account, else the inviter's.
    invitee_language = (
        User.objects.filter(email__iexact=email)
        .exclude(preferred_language="")
        .values_list("preferred_language", flat=True)
        .first()
    )
    language = language_or_default(invitee_language or language or by.preferred_language)
    _send_invitation_after_commit(invitation, token, language)
    return IssuedInvitation(invitation, token)


def _send_invitation_after_commit(invitation: Invitation, token: str, language: str) -> None:
    from firms import tasks

    invitation_id = invitation.pk
    enqueue_after_commit(tasks.send_firm_invitation, invitation_id, token, language)


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation a link names (with its firm), or None."""
    if not token or len(token) > 200:
        return None
    return (
        Invitation.objects.select_related("firm", "invited_by")
        .filter(token_digest=token_digest(token))
        .first()
    )


def invitation_problem(invitation: Invitation | None, *, now=None) -> DomainError | None:
    """Why the link no longer works, or None while it does."""
    if invitation is None:
        return DomainError(_("This invitation link is not valid."), code=UNKNOWN)
    if invitation.accepted_at is not None:
        return DomainError(
            _("This invitation was already accepted; each link works once."),
            code="invitation_used",
        )
    if invitation.revoked_at is not None:
        return DomainError(
            _("The firm withdrew this invitation. Ask its owner for a new one."),
            code="invitation_withdrawn",
        )
    if invitation.expires_at <= (now or timezone.now()):
        return DomainError(
            _("This invitation has expired. Ask the firm’s owner for a new one."),
            code="invitation_expired",
        )
    return None


def acceptance_problem(invitation: Invitation, user: User) -> DomainError | None:
    """Why this signed-in user may not accept this (working) invitation, or None."""
    if not is_firm_member(user):
        return DomainError(
            _("Only firm members’ accounts can join a firm; this account is of another kind."),
            code="not_firm_member_account",
        )
    if (user.email or "").lower() != invitation.email.lower():
        return DomainError(
            _(
                "This invitation was sent to another email address. Sign in with the account "
                "of that address, or ask the firm’s owner to invite yours."
            ),
            code="wrong_address",
        )
    if Membership.objects.filter(user=user).exists():
        return DomainError(
            _("You already belong to a firm. Leave it before joining another."),
            code="already_in_a_firm",
        )
    return None


def accept_invitation(token: str, *, user: User, ip_address: str | None = None) -> Membership:
    """Join the firm through the link: once, before it expires, not after it was withdrawn,
    by the account of the address it was sent to, if that account is in no firm yet. The link
    proved the address, so it is confirmed too."""
    found = invitation_for_token(token)
    problem = invitation_problem(found)
    if problem is not None:
        raise problem
    with transaction.atomic():
        firm = _lock_firm(found.firm)
        invitation = Invitation.objects.select_for_update().get(pk=found.pk)
        invitation.firm = firm
        # Checked again under the lock: the link may have been used or withdrawn meanwhile.
        locked_user = User.objects.select_for_update().get(pk=user.pk)
        problem = invitation_problem(invitation) or acceptance_problem(invitation, locked_user)
        if problem is not None:
            raise problem
        try:
            with transaction.atomic():
                membership = Membership.objects.create(
                    user=locked_user, firm=firm, role=Membership.Role.MEMBER
                )
        except IntegrityError as exc:  # one firm per user: a concurrent join won
            raise acceptance_problem(invitation, locked_user) or DomainError(
                _("You already belong to a firm. Leave it before joining another."),
                code="already_in_a_firm",
            ) from exc
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = locked_user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        mark_email_confirmed(locked_user, via="invitation", ip_address=ip_address)
        record_event(
            action="firm.invitation_accepted",
            actor=locked_user,
            target=firm,
            data={"invitation": invitation.pk, "email": invitation.email},
            ip_address=ip_address,
        )
    user.email_confirmed_at = locked_user.email_confirmed_at
    _forget_membership(user)
    return membership


def withdraw_invitation(invitation: Invitation, *, by: User) -> None:
    """The owner takes an invitation back: its link stops working. Withdrawing twice is
    harmless; an accepted invitation cannot be withdrawn (remove the member instead)."""
    _require_owner(by, invitation.firm)
    with transaction.atomic():
        _lock_firm(invitation.firm)
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.accepted_at is not None:
            raise DomainError(
                _("This invitation was already accepted; remove the member instead."),
                code="invitation_used",
            )
        if locked.revoked_at is None:
            locked.revoked_at = timezone.now()
            locked.save(update_fields=["revoked_at"])
            record_event(
                action="firm.invitation_withdrawn",
                actor=by,
                target=invitation.firm,
                data={"invitation": locked.pk, "email": locked.email},
            )
    invitation.revoked_at = locked.revoked_at


# How long a sender holds an invitation's email before another task may send it: beyond the
# task time limit, so a slow but living worker is not doubled.
INVITATION_EMAIL_LEASE = timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 30)


def _claim_invitation_email(invitation_id: int, *, now) -> bool:
    """Take the right to send this invitation's email: one UPDATE, so of two tasks (a
    redelivered one, or two at once) one wins; an email already sent is never claimed."""
    return bool(
        Invitation.objects.filter(pk=invitation_id, emailed_at__isnull=True)
        .filter(Q(email_claimed_until__isnull=True) | Q(email_claimed_until__lte=now))
        .update(email_claimed_until=now + INVITATION_EMAIL_LEASE)
    )


def send_invitation_email(invitation_id: int, *, token: str, language: str | None) -> bool:
    """Email the link (the Celery task calls this). Nothing for an invitation that no longer
    works or was replaced, so a late task sends no dead link, and nothing for one already
    emailed: the claim and the `emailed_at` stamp live in the invitation's row (not in the
    cache, which may forget or fail), so a repeated task emails once. A failed send releases
    the claim for the task's retry."""
    invitation = (
        Invitation.objects.select_related("firm", "invited_by").filter(pk=invitation_id).first()
    )
    if invitation_problem(invitation) is not None or invitation.token_digest != token_digest(token):
        return False
    if not _claim_invitation_email(invitation.pk, now=timezone.now()):
        return False
    language = language_or_default(language)
    try:
        with translation.override(language):
            path = reverse("firms:invitation-accept", kwargs={"token": token})
        send_templated_mail(
            template="firm_invitation",
            to=invitation.email,
            language=language,
            context={
                "invitation": invitation,
                "firm": invitation.firm,
                "inviter": invitation.invited_by,
                "link": site_url(path),
            },
        )
    except BaseException:
        Invitation.objects.filter(pk=invitation.pk).update(email_claimed_until=None)
        raise
    Invitation.objects.filter(pk=invitation.pk).update(
        emailed_at=timezone.now(), email_claimed_until=None
    )
    return True


# --- Members -----------------------------------------------------------------------------------


def remove_member(firm: Firm, *, by: User, user: User) -> None:
    """The owner removes a member. The owner cannot remove themselves: they hand the firm
    over first, so that it always has an owner."""
    _require_owner(by, firm)
    with transaction.atomic():
        firm = _lock_firm(firm)
        owner = _locked_membership(firm, by)
        if owner is None or owner.role != Membership.Role.OWNER:  # ownership moved meanwhile
            raise PermissionDenied(_("Only the firm’s owner may change its team."))
        membership = _locked_membership(firm, user)
        if membership is None:
            raise DomainError(_("This person is not in your team."), code="not_member")
        if membership.role == Membership.Role.OWNER:
            raise DomainError(
                _("The owner cannot be removed. Hand ownership to another member first."),
                code="owner",
            )
        membership.delete()
        record_event(
            action="firm.member_removed",
            actor=by,
            target=firm,
            data={"user": user.pk, "username": user.username},
        )
    _forget_membership(user)


def leave_firm(firm: Firm, *, by: User) -> None:
    """A member leaves the firm. Its owner cannot: they hand it over first."""
    with transaction.atomic():
        firm = _lock_firm(firm)
        membership = _locked_membership(firm, by)
        if membership is None:
            raise DomainError(_("You are not in this firm’s team."), code="not_member")
        if membership.role == Membership.Role.OWNER:
            raise DomainError(
                _("As the owner you cannot leave. Hand ownership to another member first."),
                code="owner",
            )
        membership.delete()
        record_event(action="firm.member_left", actor=by, target=firm, data={"user": by.pk})
    _forget_membership(by)


def transfer_ownership(firm: Firm, *, by: User, to: User) -> None:
    """The owner hands the firm to another of its members and becomes a member."""
    _require_owner(by, firm)
    if to.pk == by.pk:
        raise DomainError(_("You already own this firm."), code="same_owner")
    with transaction.atomic():
        firm = _lock_firm(firm)
        # Both rows locked, in one order (by id), before either changes.
        rows = {
            m.user_id: m
            for m in Membership.objects.select_for_update()
            .filter(firm=firm, user_id__in=[by.pk, to.pk])
            .order_by("pk")
        }
        current, successor = rows.get(by.pk), rows.get(to.pk)
        if current is None or current.role != Membership.Role.OWNER:
            raise PermissionDenied(_("Only the firm’s owner may change its team."))
        if successor is None:
            raise DomainError(
                _("Ownership goes only to a member of the firm’s team."), code="not_member"
            )
        if not to.is_active:
            raise DomainError(_("This account is disabled."), code="inactive")
        # Step down first: at no point do two rows claim ownership (the one-owner constraint
        # is checked row by row), and nobody outside this transaction sees the moment between.
        current.role = Membership.Role.MEMBER
        current.save(update_fields=["role"])
        successor.role = Membership.Role.OWNER
        successor.save(update_fields=["role"])
        record_event(
            action="firm.ownership_transferred",
            actor=by,
            target=firm,
            data={"from": by.pk, "to": to.pk, "to_username": to.username},
        )
    _forget_membership(by)
    _forget_membership(to)
