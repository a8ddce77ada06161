"""One lock-out for every sign-in door: the web sign-in, the Django admin's and the API token.

django-axes watches `authenticate()` (its backend refuses a locked client before any password
is checked; its signal handler counts failures in the database, so the lock-out does not
depend on the cache). This module adapts it to the portal:

- **One counter per account, whatever was typed.** A sign-in by email address counts against
  the account's username (`account_identifier`), so switching between the two does not give
  an attacker a second counter.
- **Three limits, each for its own threat** (`PortalLockoutHandler`):
  the account from one address (`AXES_FAILURE_LIMIT`, 5): a guesser at one address;
  the account from any address (`SIGN_IN_ACCOUNT_FAILURE_LIMIT`, 10): a guesser rotating
  addresses; the address for any account (`SIGN_IN_ADDRESS_FAILURE_LIMIT`, 20): one address
  trying many accounts. Once the first limit is reached, further attempts from that address
  are refused without being counted (`AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT` off), so
  a stranger at one address adds at most 5 to the account's count and can never lock its
  owner out at another address; only guessing from several addresses at once can.
- **Every lock ends** after `AXES_COOLOFF_TIME` without a counted failure, so an office whose
  users share an address is never locked out for good by one of them.
"""

from __future__ import annotations

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from emining.rest.errors import problem_response


def account_identifier(request: HttpRequest | None, credentials: dict | None) -> str | None:
    """The username of the account an identifier names: an email address is looked up (once
    per request), a username is taken as typed. An unknown email counts under itself."""
    typed = (credentials or {}).get("username")
    if typed is None and request is not None:
        typed = getattr(request, "POST", {}).get("username")
    if not typed:
        return None
    typed = str(typed).replace("\x00", "").strip()[:254]
    if "@" not in typed:
        return typed
    known = getattr(request, "_sign_in_accounts", None)
    if known is None:
        known = {}
        if request is not None:
            request._sign_in_accounts = known
    key = typed.lower()
    if key not in known:
        username = (
            get_user_model()
            ._default_manager.filter(email__iexact=typed)
            .values_list("username", flat=True)
            .first()
        )
        known[key] = username or key
    return known[key]


class PortalLockoutHandler(AxesDatabaseHandler):
    """Axes' database handler with a limit of its own for each lock-out parameter."""

    def _limits(self, request, credentials) -> dict[tuple[str, ...], int]:
        return {
            ("username", "ip_address"): get_failure_limit(request, credentials),
            ("username",): settings.SIGN_IN_ACCOUNT_FAILURE_LIMIT,
            ("ip_address",): settings.SIGN_IN_ADDRESS_FAILURE_LIMIT,
        }

    def get_failures(self, request, credentials=None) -> int:
        """The failures of this account from this address, or the failure limit itself once
        the account's or the address's own count has reached its (higher) limit: axes
        compares this number with `AXES_FAILURE_LIMIT`."""
        limits = self._limits(request, credentials)
        base = limits[("username", "ip_address")]
        username = get_client_username(request, credentials)
        parameters = {"username": username, "ip_address": request.axes_ip_address}
        threshold = None
        if settings.AXES_COOLOFF_TIME is not None:
            from axes.attempts import get_cool_off_threshold

            threshold = get_cool_off_threshold(request)
        combination = 0
        for names, limit in limits.items():
            if any(parameters[name] is None for name in names):
                continue
            attempts = self._attempts().filter(**{name: parameters[name] for name in names})
            if threshold is not None:
                attempts = attempts.filter(attempt_time__gte=threshold)
            failures = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            if failures >= limit:
                return max(base, failures)
            if names == ("username", "ip_address"):
                combination = failures
        return combination

    @staticmethod
    def _attempts():
        from axes.models import AccessAttempt

        return AccessAttempt.objects.all()

    def reset_user_attempts(self, request, credentials=None) -> int:
        """After a successful sign-in, forget only that account's failures from that address:
        resetting the address's count would let anyone with an account of their own wipe the
        record of the other accounts they tried."""
        username = get_client_username(request, credentials)
        count, _ = (
            self._attempts().filter(username=username, ip_address=request.axes_ip_address).delete()
        )
        return count


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return _(
        "Too many failed sign-in attempts. Sign-in is paused for %(minutes)s minutes; "
        "then try again."
    ) % {"minutes": minutes}


def lockout_response(request, original_response=None, credentials=None) -> HttpResponse:
    """What a locked-out client sees (AXES_LOCKOUT_CALLABLE): problem JSON on the API, a
    page in the site layout, in the visitor's language, everywhere else."""
    retry_after = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    if request.path.startswith("/api/"):
        response: HttpResponse = problem_response(429, lockout_message(), code="locked_out")
    else:
        response = render(
            request,
            "registration/locked_out.html",
            {"message": lockout_message()},
            status=429,
        )
    response["Retry-After"] = retry_after
    return response
