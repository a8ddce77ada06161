"""The notification centre and the preferences page (signed-in users, their own rows only)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from emining.services import DomainError

from . import selectors, services
from .forms import PreferencesForm
from .models import Notification
from .rendering import render as render_notification

PER_PAGE = 20


def _private(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_safe
@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    paginator = Paginator(selectors.notifications_for(request.user), PER_PAGE)
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except InvalidPage as exc:
        raise Http404(_("That page does not exist.")) from exc
    language = get_language()
    items = [
        (notification, render_notification(notification, language=language, body=False))
        for notification in page.object_list
    ]
    return _private(render(request, "notifications/list.html", {"page": page, "items": items}))


@require_POST
@login_required
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one notice read; "open" follows its link, else back to the list."""
    notification = Notification.objects.filter(pk=pk, recipient=request.user, in_app=True).first()
    if notification is None:
        raise Http404(_("No such notification."))
    services.mark_read(request.user, notification.pk)
    if request.POST.get("open") and notification.url:
        target = render_notification(notification, language=get_language(), body=False).url
        if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            return redirect(target)
    return redirect("notifications:list")


@require_POST
@login_required
def notification_read_all(request: HttpRequest) -> HttpResponse:
    count = services.mark_all_read(request.user)
    if count:
        messages.success(request, _("All notifications are marked read."))
    return redirect("notifications:list")


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def notification_preferences(request: HttpRequest) -> HttpResponse:
    preferences = selectors.preferences_for(request.user)
    form = PreferencesForm(request.POST or None, preferences=preferences)
    status = 200
    if request.method == "POST":
        unknown = form.unknown_kinds()
        if unknown:
            form.add_error(
                None,
                _("Unknown kind of notification: %(kinds)s") % {"kinds": ", ".join(unknown)},
            )
            status = 400
        elif form.is_valid():
            try:
                services.set_preferences(request.user, form.choices())
            except DomainError as error:
                form.add_error(None, error)
                status = 400
            else:
                messages.success(request, _("Your notification settings are saved."))
                return redirect("notifications:preferences")
        else:
            status = 400
    return _private(
        render(request, "notifications/preferences.html", {"form": form}, status=status)
    )
