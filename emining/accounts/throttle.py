"""Limits on the forms anyone may post (sign-up, password reset, re-sending a confirmation).

A fixed window per client address (`request_utils.client_ip`, the address the sign-in lock-out
and the API throttles count) or per account, counted in the shared cache like the API's
throttles. A cache that fails counts nothing (emining/cache.py): the forms stay usable, and the
sign-in lock-out, which counts in the database, still guards the passwords.
"""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

PERIODS = {"s": 1, "m": 60, "h": 60 * 60, "d": 24 * 60 * 60}


def parse_rate(rate: str) -> tuple[int, int]:
    """`"20/hour"` → (20, 3600); the period is read from its first letter, as DRF does."""
    count, _slash, period = rate.partition("/")
    return int(count), PERIODS[period.strip()[0].lower()]


def hit(*, scope: str, ident: str, rate: str) -> int | None:
    """Count one attempt. None while within the limit, else the seconds until it resets."""
    limit, period = parse_rate(rate)
    now = int(time.time())
    window = now // period
    # Hashed: addresses and email addresses do not sit in the cache in clear.
    digest = hashlib.sha256(ident.lower().encode()).hexdigest()[:32]
    key = f"form-throttle:{scope}:{digest}:{window}"
    cache.add(key, 0, timeout=period)
    count = cache.incr(key)
    if count > limit:
        return (window + 1) * period - now
    return None


def too_many_requests(request: HttpRequest, retry_after: int) -> HttpResponse:
    """429 in the site layout, in the visitor's language, with `Retry-After`."""
    minutes = max(1, (retry_after + 59) // 60)
    message = _(
        "Too many attempts from your connection. Please wait %(minutes)s minutes and try again."
    ) % {"minutes": minutes}
    response = render(
        request, "registration/too_many_requests.html", {"message": message}, status=429
    )
    response["Retry-After"] = str(retry_after)
    return response
