"""API throttles: anonymous clients by address, signed-in clients by account."""

from __future__ import annotations

from rest_framework.throttling import UserRateThrottle


class SignedInRateThrottle(UserRateThrottle):
    """DRF's user throttle, for signed-in clients only.

    DRF's own also counts anonymous requests by address, which `AnonRateThrottle` already
    does: two counters (four cache round trips) per anonymous request for one limit.
    """

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None
        return super().get_cache_key(request, view)
