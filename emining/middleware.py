"""Cross-cutting response headers."""

from __future__ import annotations

from django.conf import settings


class ContentSecurityPolicyMiddleware:
    """Sends the Content-Security-Policy header: scripts only from our own origin (everything is
    vendored), no plugins, no framing. Inline styles stay allowed for htmx's indicator styles and
    the Swagger UI page."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = "; ".join(
            f"{directive} {' '.join(sources)}"
            for directive, sources in settings.CONTENT_SECURITY_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.header)
        return response
