"""Pages of the platform core: home, sign-in, language, health probes and error pages."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.db import DatabaseError, connection, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render, resolve_url
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import key_figures
from .audit import record_event
from .celery import app as celery_app
from .forms import PortalAuthenticationForm, PortalPasswordChangeForm
from .language_switch import set_language_cookie, url_in_language
from .permissions import is_official
from .request_utils import client_ip
from .rest.errors import problem_response

logger = logging.getLogger(__name__)

# Where an official starts the day (named, so the core imports no domain app).
OFFICIAL_LANDING_PAGE = "projects:workspace"


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html", {"key_figures": key_figures.collect()})


class PortalLoginView(auth_views.LoginView):
    """Signs in, then takes the user to the page they wanted in their remembered language."""

    form_class = PortalAuthenticationForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        """Without a `next` page: officials land on their workspace, everyone else at home."""
        if is_official(self.request.user):
            return resolve_url(OFFICIAL_LANDING_PAGE)
        return super().get_default_redirect_url()

    def form_valid(self, form):
        response = super().form_valid(form)
        language = form.get_user().preferred_language
        if language:
            response["Location"] = url_in_language(response["Location"], language)
            set_language_cookie(response, language)
        return response


class PortalPasswordChangeView(auth_views.PasswordChangeView):
    form_class = PortalPasswordChangeForm

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            record_event(
                action="user.password_changed",
                actor=self.request.user,
                target=self.request.user,
                ip_address=client_ip(self.request),
            )
        return response


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: the process answers. Touches nothing else, so it stays cheap."""
    return JsonResponse({"status": "ok"})


# Each dependency gets at most this long (seconds): /readyz answers within about two seconds
# whatever state the broker or the cache is in, so probes never pile up on web workers.
PROBE_TIMEOUT = 0.5


def _broker_answers(url: str) -> bool:
    if url.startswith(("redis://", "rediss://")):
        import redis

        client = redis.Redis.from_url(
            url, socket_connect_timeout=PROBE_TIMEOUT, socket_timeout=PROBE_TIMEOUT
        )
        try:
            return bool(client.ping())
        finally:
            client.close()
    with celery_app.connection_for_write(url) as broker:
        broker.ensure_connection(max_retries=1, timeout=PROBE_TIMEOUT)
    return True


def _cache_state() -> str | None:
    """ "ok" or "unavailable" for a shared cache that can say (see emining/cache.py)."""
    from django.core.cache import cache

    ping = getattr(cache, "ping", None)
    if ping is None:
        return None
    return "ok" if ping() else "unavailable"


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: the database answers and, when one is configured, the Celery broker does.

    The cache is reported but not required: the portal answers without it (more slowly).
    """
    checks: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except DatabaseError as exc:
        logger.warning("readyz: database unreachable: %s", exc)
        return JsonResponse(
            {"status": "unavailable", "reason": "database unreachable", "checks": checks},
            status=503,
        )
    if settings.CELERY_BROKER_URL:
        try:
            answered = _broker_answers(settings.CELERY_BROKER_URL)
        except Exception as exc:  # redis and kombu raise many transport-specific errors
            logger.warning("readyz: broker unreachable: %s", exc)
            answered = False
        if not answered:
            return JsonResponse(
                {"status": "unavailable", "reason": "broker unreachable", "checks": checks},
                status=503,
            )
        checks["broker"] = "ok"
    cache_state = _cache_state()
    if cache_state is not None:
        checks["cache"] = cache_state
    return JsonResponse({"status": "ok", "checks": checks})


# --- Error pages: the site layout for pages, JSON for the API --------------------------------


def _wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def bad_request(request, exception=None):
    if _wants_json(request):
        return problem_response(400, _("Bad request."), code="bad_request")
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    if _wants_json(request):
        return problem_response(
            403, _("You do not have permission to perform this action."), code="permission_denied"
        )
    return render(request, "403.html", status=403)


def csrf_failure(request, reason=""):
    """A form sent without a valid CSRF token: explained in the layout, in the user's language."""
    if _wants_json(request):
        return problem_response(403, _("CSRF verification failed."), code="csrf_failed")
    message = _(
        "Your session expired or the form came from another site. Reload the page and try again."
    )
    return render(request, "403.html", {"message": message}, status=403)


def page_not_found(request, exception=None):
    if _wants_json(request):
        return problem_response(404, _("Not found."), code="not_found")
    return render(request, "404.html", status=404)


def server_error(request):
    if _wants_json(request):
        return problem_response(500, _("A server error occurred."), code="server_error")
    # Rendered without the request's context processors: the failure may be the database.
    return HttpResponse(loader.get_template("500.html").render({}), status=500)
