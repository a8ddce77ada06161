"""A short-lived cache for the expensive parts of public listings (facet counts, totals).

Entries are keyed by a data version that every project change bumps after commit, so a
cached count is never older than the last change. With several web processes the cache must
be shared (CACHE_URL pointing at Redis), as for the API throttles.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache

VERSION_KEY = "projects:listing-version"
TIMEOUT = 10 * 60

T = TypeVar("T")


def data_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def bump_data_version() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set yet (or evicted): any new value invalidates old entries
        cache.set(VERSION_KEY, data_version() + 1, timeout=None)


def on_project_changed(sender, project_id: int, event: str, **kwargs) -> None:
    bump_data_version()


def _key(namespace: str, key_data: Any, version: int) -> str:
    encoded = json.dumps(key_data, sort_keys=True, default=str).encode()
    return f"projects:{namespace}:{version}:{hashlib.sha256(encoded).hexdigest()[:32]}"


def cached(namespace: str, key_data: Any, compute: Callable[[], T]) -> T:
    """`compute()`'s result, shared until the next project change (or TIMEOUT)."""
    key = _key(namespace, key_data, data_version())
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=TIMEOUT)
    return value


def cached_many(specs: dict[str, tuple[Any, Callable[[], Any]]]) -> dict[str, Any]:
    """Several `cached()` values in one cache round trip: {namespace: (key data, compute)}.

    Missing values are computed in the order given and stored together.
    """
    version = data_version()
    keys = {name: _key(name, key_data, version) for name, (key_data, _compute) in specs.items()}
    found = cache.get_many(list(keys.values()))
    values: dict[str, Any] = {}
    missing: dict[str, Any] = {}
    for name, (_key_data, compute) in specs.items():
        key = keys[name]
        if key in found:
            values[name] = found[key]
        else:
            values[name] = missing[key] = compute()
    if missing:
        cache.set_many(missing, timeout=TIMEOUT)
    return values
