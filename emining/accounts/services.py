"""Writes about accounts: signing up and confirming an email address.

Each checks, writes and records its audit event in one transaction; emails leave through a
Celery task once the transaction has committed (`emining.tasks`).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from emining.audit import record_event
from emining.enqueue import enqueue_after_commit
from emining.mail import language_or_default, send_templated_mail, site_url
from emining.models import User
from emining.services import DomainError

from .tokens import email_confirmation_token, encode_uid, user_from_uid


def normalize_email(email: str) -> str:
    return get_user_model().objects.normalize_email((email or "").strip())


def email_taken_message() -> str:
    return _(
        "An account already uses this email address. Sign in, or reset your password if you "
        "forgot it."
    )


def email_in_use(email: str) -> bool:
    return User.objects.filter(email__iexact=normalize_email(email)).exists()


def sign_up(
    *,
    name: str,
    email: str,
    password: str,
    language: str,
    ip_address: str | None = None,
) -> User:
    """A firm member's account, made on the spot; the confirmation link goes by email.

    The email address is also the username (people remember their address; sign-in takes
    either). Saying that an address is taken is usual at sign-up; the unique constraint
    catches the race two sign-ups with one address would run.
    """
    email = normalize_email(email)
    if email_in_use(email):
        raise DomainError({"email": [email_taken_message()]}, code="email_taken")
    user = User(
        username=email.lower(),
        email=email,
        # One field for the whole name: Chinese and Pakistani names do not split into the
        # given-name/family-name pair the form would otherwise impose.
        first_name=" ".join(name.split()),
        role=User.Role.FIRM_MEMBER,
        preferred_language=language_or_default(language),
    )
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
            record_event(
                action="user.signed_up",
                actor=user,
                target=user,
                data={"language": user.preferred_language},
                ip_address=ip_address,
            )
    except IntegrityError as exc:
        # The unique email (or username) constraint: another sign-up with this address won.
        raise DomainError({"email": [email_taken_message()]}, code="email_taken") from exc
    send_confirmation_after_commit(user)
    return user


def send_confirmation_after_commit(user: User) -> None:
    from emining import tasks

    user_id = user.pk
    enqueue_after_commit(tasks.send_email_confirmation, user_id)


def request_email_confirmation(user: User) -> None:
    """Send a new confirmation link (the old ones keep working until they expire)."""
    if user.email_confirmed_at is not None:
        raise DomainError(_("Your email address is already confirmed."), code="confirmed")
    if not user.email:
        raise DomainError(_("Your account has no email address."), code="no_email")
    send_confirmation_after_commit(user)


def mark_email_confirmed(user: User, *, via: str, ip_address: str | None = None) -> bool:
    """Stamp the address as confirmed (call inside the caller's transaction, with the user's
    row locked or freshly read). False when it already was: nothing is written."""
    if user.email_confirmed_at is not None:
        return False
    user.email_confirmed_at = timezone.now()
    User.objects.filter(pk=user.pk).update(email_confirmed_at=user.email_confirmed_at)
    record_event(
        action="user.email_confirmed",
        actor=user,
        target=user,
        data={"email": user.email, "via": via},
        ip_address=ip_address,
    )
    return True


def invalid_link_message() -> str:
    return _(
        "This confirmation link does not work: it was already used, it has expired, or it was "
        "copied incompletely."
    )


def confirm_email(*, uidb64: str, token: str, ip_address: str | None = None) -> User:
    """Follow a confirmation link: the address it was sent to is confirmed, once."""
    user = user_from_uid(uidb64)
    if user is None:
        raise DomainError(invalid_link_message(), code="invalid_link")
    with transaction.atomic():
        # Locked: two clicks on one link confirm (and audit) once.
        user = User.objects.select_for_update().get(pk=user.pk)
        if not email_confirmation_token.check_token(user, token):
            raise DomainError(invalid_link_message(), code="invalid_link")
        mark_email_confirmed(user, via="link", ip_address=ip_address)
    return user


# --- Emails (called by the tasks in emining/tasks.py) ------------------------------------------


def send_email_confirmation(user_id: int) -> bool:
    """Email a fresh confirmation link. Nothing when the user is gone or already confirmed,
    so that a task delivered twice or late does no harm."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or user.email_confirmed_at is not None or not user.email:
        return False
    language = language_or_default(user.preferred_language)
    with translation.override(language):
        path = reverse(
            "email-confirm",
            kwargs={"uidb64": encode_uid(user), "token": email_confirmation_token.make_token(user)},
        )
    send_templated_mail(
        template="email_confirmation",
        to=user.email,
        language=language,
        context={
            "user": user,
            "link": site_url(path),
            "valid_days": max(1, settings.EMAIL_CONFIRMATION_TIMEOUT // (24 * 60 * 60)),
        },
    )
    return True


def send_password_reset(user_id: int, *, language: str | None = None) -> bool:
    """Email a password-reset link (made here, in the worker: the token never sits in the
    broker). Only active users with a usable password get one, as Django's form decides."""
    from django.contrib.auth.tokens import default_token_generator

    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.has_usable_password() or not user.email:
        return False
    language = language_or_default(user.preferred_language or language)
    with translation.override(language):
        path = reverse(
            "password_reset_confirm",
            kwargs={"uidb64": encode_uid(user), "token": default_token_generator.make_token(user)},
        )
    send_templated_mail(
        template="password_reset",
        to=user.email,
        language=language,
        context={
            "user": user,
            "link": site_url(path),
            "valid_hours": max(1, settings.PASSWORD_RESET_TIMEOUT // (60 * 60)),
        },
    )
    return True
