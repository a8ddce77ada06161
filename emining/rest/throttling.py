"""API throttles: anonymous clients by address, signed-in clients by account.

Every throttle identifies an anonymous client by `request_utils.client_ip`, the address the
sign-in lock-out and the audit trail use too (X-Forwarded-For only behind NUM_PROXIES).
"""

from __future__ import annotations

from rest_framework.throttling import AnonRateThrottle, ScopedRateThrottle, UserRateThrottle

from emining.request_utils import client_ip


class ClientAddressMixin:
    def get_ident(self, request) -> str:
        return client_ip(request) or ""


class AnonymousRateThrottle(ClientAddressMixin, AnonRateThrottle):
    pass


class PortalScopedRateThrottle(ClientAddressMixin, ScopedRateThrottle):
    pass


class SignedInRateThrottle(ClientAddressMixin, UserRateThrottle):
    """DRF's user throttle, for signed-in clients only.

    DRF's own also counts anonymous requests by address, which `AnonRateThrottle` already
    does: two counters (four cache round trips) per anonymous request for one limit.
    """

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None
        return super().get_cache_key(request, view)
