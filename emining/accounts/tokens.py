"""One-time links that confirm an email address.

Django's password-reset generator, with a hash of what the link confirms: the address and
whether (and when) it was confirmed. Once the address is confirmed, or changed, every link
sent before fails; and each link expires after `EMAIL_CONFIRMATION_TIMEOUT` seconds.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes, force_str
from django.utils.http import base36_to_int, urlsafe_base64_decode, urlsafe_base64_encode

from emining.models import User


class EmailConfirmationTokenGenerator(PasswordResetTokenGenerator):
    # Its own salt: a password-reset token is never a confirmation token, nor the reverse.
    key_salt = "emining.accounts.tokens.EmailConfirmationTokenGenerator"

    def _make_hash_value(self, user: User, timestamp: int) -> str:
        confirmed = (
            ""
            if user.email_confirmed_at is None
            else user.email_confirmed_at.replace(microsecond=0, tzinfo=None).isoformat()
        )
        return f"{user.pk}{(user.email or '').lower()}{confirmed}{timestamp}"

    def check_token(self, user: User | None, token: str | None) -> bool:
        """Django's check, with this link's own lifetime instead of PASSWORD_RESET_TIMEOUT."""
        if not (user and token):
            return False
        try:
            ts_b36, _hash = token.split("-")
            timestamp = base36_to_int(ts_b36)
        except ValueError:
            return False
        for secret in [self.secret, *self.secret_fallbacks]:
            expected = self._make_token_with_timestamp(user, timestamp, secret)
            if constant_time_compare(expected, token):
                break
        else:
            return False
        age = self._num_seconds(self._now()) - timestamp
        return 0 <= age <= settings.EMAIL_CONFIRMATION_TIMEOUT


email_confirmation_token = EmailConfirmationTokenGenerator()


def encode_uid(user: User) -> str:
    return urlsafe_base64_encode(force_bytes(user.pk))


def user_from_uid(uidb64: str) -> User | None:
    """The user a link names, or None for anything that does not decode to one."""
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        return None
    return User.objects.filter(pk=pk).first()
