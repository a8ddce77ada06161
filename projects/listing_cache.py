"""A cache for the expensive parts of public listings (rendered fragments, counts).

Correct first, then fast:
- Entries are keyed by the `listings` data version, which lives in the database
  (`emining.DataVersion`) and is bumped by triggers in the same transaction as every write to
  projects, their minerals, and the minerals, regions and agencies they show (migration
  `projects.0006_listing_version_triggers`). A lost, evicted or flushed entry can only be a
  miss: no list is ever served from before the last committed change.
- Callers key entries by the cleaned filter state and the viewer's visibility scope
  (`permissions.visibility_scope`), and build every link in a cached fragment from that
  cleaned state, so what one visitor typed never reaches another.
- The cache may fail (emining/cache.py): a miss costs the computation, never an error.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache

from emining.models import DataVersion

VERSION_NAME = "listings"
TIMEOUT = 10 * 60

T = TypeVar("T")

# While `cached_many` computes missing values, nested `cached()` calls use its version:
# one read per request, and one consistent version for everything the request stores.
_pinned = threading.local()


def data_version() -> int:
    """The current version, read from the database (one primary-key lookup)."""
    version = (
        DataVersion.objects.filter(name=VERSION_NAME).values_list("version", flat=True).first()
    )
    return version or 0


def request_version() -> int:
    """The version this request already read (inside `cached_many`), else a fresh read."""
    version = getattr(_pinned, "version", None)
    return data_version() if version is None else version


def _key(namespace: str, key_data: Any, version: int) -> str:
    encoded = json.dumps(key_data, sort_keys=True, default=str).encode()
    return f"projects:{namespace}:{version}:{hashlib.sha256(encoded).hexdigest()[:32]}"


def cached(namespace: str, key_data: Any, compute: Callable[[], T]) -> T:
    """`compute()`'s result, shared until the next change to listed data (or TIMEOUT)."""
    key = _key(namespace, key_data, request_version())
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
    _pinned.version = version
    try:
        for name, (_key_data, compute) in specs.items():
            key = keys[name]
            if key in found:
                values[name] = found[key]
            else:
                values[name] = missing[key] = compute()
    finally:
        del _pinned.version
    if missing:
        cache.set_many(missing, timeout=TIMEOUT)
    return values
