"""Cross-cutting response headers."""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.template import loader

logger = logging.getLogger(__name__)


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


class DatabaseUnavailableMiddleware:
    """A database that cannot be reached answers 503 with `Retry-After`, not 500: the site
    layout for pages, problem+json for the API. Rendered without the request's context
    (the user and the session live in that database)."""

    RETRY_AFTER_SECONDS = 30

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.db import InterfaceError, OperationalError

        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.warning("database unavailable for %s: %s", request.path, exception)
        return database_unavailable_response(request, retry_after=self.RETRY_AFTER_SECONDS)


def database_unavailable_response(request, *, retry_after: int) -> HttpResponse:
    from django.utils.translation import gettext as _

    title = _("Service temporarily unavailable")
    detail = _("The database cannot be reached. Please try again in a minute.")
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"type": "about:blank", "title": str(title), "status": 503, "detail": str(detail)},
            status=503,
            content_type="application/problem+json",
        )
    else:
        html = loader.get_template("503.html").render({"title": title, "detail": detail})
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(retry_after)
    return response
