"""A Redis cache that may fail: the portal's cache is an optimisation, never a dependency.

Django's own Redis backend raises when Redis is down and waits as long as the socket lets it
when Redis is frozen. This one answers from short socket timeouts, treats every error and
timeout as a miss (reads return the default, writes are dropped), logs it, and then leaves
Redis alone for `RETRY_AFTER` seconds in this process, so a frozen Redis costs one timeout
per process every few seconds rather than one per call. Pages, the API and sign-in then
answer from the database; API throttles, whose counters live here, let requests through
(fail open) until Redis answers again.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

# Seconds; a healthy Redis on the local network answers in well under a millisecond.
CONNECT_TIMEOUT = 0.2
READ_TIMEOUT = 0.2
RETRY_AFTER = 5.0

# One breaker per Redis location and process (Django builds a cache object per thread).
_down_until: dict[str, float] = {}
_lock = threading.Lock()


class FaultTolerantRedisCache(RedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        options.setdefault("socket_connect_timeout", CONNECT_TIMEOUT)
        options.setdefault("socket_timeout", READ_TIMEOUT)
        options.setdefault("retry_on_timeout", False)
        super().__init__(server, {**params, "OPTIONS": options})
        self._breaker_key = str(server)

    # --- the breaker ---------------------------------------------------------------------

    def is_available(self) -> bool:
        return _down_until.get(self._breaker_key, 0.0) <= time.monotonic()

    def _failed(self, operation: str, error: Exception) -> None:
        with _lock:
            first = self.is_available()
            _down_until[self._breaker_key] = time.monotonic() + RETRY_AFTER
        if first:
            logger.warning(
                "cache %s failed (%s: %s); answering without the cache for %g s",
                operation,
                type(error).__name__,
                error,
                RETRY_AFTER,
            )

    def _call(self, operation: str, fallback: Any, *args, **kwargs) -> Any:
        if not self.is_available():
            return fallback
        try:
            return getattr(super(), operation)(*args, **kwargs)
        except ValueError:  # incr/decr of a missing key: an answer, not a failure
            raise
        except Exception as error:  # redis raises connection, timeout and response errors
            self._failed(operation, error)
            return fallback

    def ping(self) -> bool:
        """Whether Redis answers now (for the readiness probe); ignores the breaker."""
        try:
            return bool(self._cache.get_client(write=False).ping())
        except Exception as error:
            self._failed("ping", error)
            return False

    # --- Django's cache API --------------------------------------------------------------

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        # Django returns the keys it could not store.
        return self._call("set_many", list(data), data, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version)

    def incr(self, key, delta=1, version=None):
        # A missing key stays a ValueError, as Django documents; a failure counts from zero.
        return self._call("incr", delta, key, delta, version)

    def decr(self, key, delta=1, version=None):
        return self._call("decr", -delta, key, delta, version)

    def clear(self):
        """Only this cache's keys when it has a KEY_PREFIX (a Redis database may be shared,
        e.g. by parallel test processes); the whole database otherwise."""
        if not self.key_prefix:
            return self._call("clear", False)
        return self._call_with_client("clear", False, self._clear_prefixed)

    def _clear_prefixed(self, client) -> bool:
        batch = []
        for key in client.scan_iter(match=f"{self.key_prefix}:*", count=500):
            batch.append(key)
            if len(batch) >= 500:
                client.delete(*batch)
                batch = []
        if batch:
            client.delete(*batch)
        return True

    def _call_with_client(self, operation: str, fallback: Any, function) -> Any:
        if not self.is_available():
            return fallback
        try:
            return function(self._cache.get_client(write=True))
        except Exception as error:
            self._failed(operation, error)
            return fallback
