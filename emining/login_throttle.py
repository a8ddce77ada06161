"""Slows down password guessing on the sign-in page: after too many failures for one account
or from one address, sign-in is refused for a while. Counters live in the cache (Redis in
production, so that every web process shares them)."""

from __future__ import annotations

import hashlib

from django.core.cache import cache

MAX_FAILURES = 5
WINDOW_SECONDS = 15 * 60


def _keys(username: str, ip_address: str | None) -> list[str]:
    account = hashlib.sha256(username.strip().lower().encode()).hexdigest()[:32]
    keys = [f"login-failures:account:{account}"]
    if ip_address:
        keys.append(f"login-failures:ip:{ip_address}")
    return keys


def is_locked_out(username: str, ip_address: str | None) -> bool:
    counts = cache.get_many(_keys(username, ip_address))
    # An address gets more room than an account: offices share one public address.
    limits = {"account": MAX_FAILURES, "ip": MAX_FAILURES * 4}
    return any(count >= limits[key.split(":")[1]] for key, count in counts.items())


def record_failure(username: str, ip_address: str | None) -> None:
    for key in _keys(username, ip_address):
        cache.add(key, 0, WINDOW_SECONDS)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, WINDOW_SECONDS)


def clear_failures(username: str, ip_address: str | None) -> None:
    cache.delete_many(_keys(username, ip_address)[:1])
