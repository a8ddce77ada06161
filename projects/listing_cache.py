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


def cached(namespace: str, key_data: Any, compute: Callable[[], T]) -> T:
    """`compute()`'s result, shared until the next project change (or TIMEOUT)."""
    digest = hashlib.sha256(json.dumps(key_data, sort_keys=True, default=str).encode()).hexdigest()[
        :32
    ]
    key = f"projects:{namespace}:{data_version()}:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=TIMEOUT)
    return value
