from __future__ import annotations


def client_ip(request) -> str | None:
    """The peer address Django saw; behind a proxy, the proxy sets REMOTE_ADDR (gunicorn)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None
