"""The client's address, decided once for the audit trail, the sign-in lock-out (axes) and the
API throttles (DRF), so that all three count the same client."""

from __future__ import annotations

import ipaddress

from django.conf import settings


def client_ip(request) -> str | None:
    """The address of the client that sent `request`.

    `X-Forwarded-For` is believed only behind `NUM_PROXIES` trusted proxies (default 0: the
    header is ignored, since anyone can send it). Each proxy appends the address it received
    the request from, so the client is the NUM_PROXIES-th entry from the right; what a client
    wrote further left is never read. This is DRF's rule for `NUM_PROXIES`, which the
    throttles use too.
    """
    if request is None:
        return None
    meta = getattr(request, "META", {})
    remote_addr = meta.get("REMOTE_ADDR") or None
    forwarded = meta.get("HTTP_X_FORWARDED_FOR")
    proxies = settings.NUM_PROXIES
    if not proxies or not forwarded:
        return remote_addr
    hops = [hop.strip() for hop in forwarded.split(",")]
    candidate = hops[-min(proxies, len(hops))]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        # A proxy we trust wrote something that is not an address: count the proxy itself.
        return remote_addr
