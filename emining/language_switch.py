"""The language switcher: the same page, query string kept, in the chosen language.

Django's own `set_language` translates `next` by resolving it in the language active for the
switch request, which comes from the cookie or `Accept-Language`, not from the page the visitor
is on. A fresh browser reading `/zh-hans/projects/PMP-2026-0001/` with an English
`Accept-Language` posts `next=/zh-hans/...`; resolving that in English fails, Django keeps the
URL unchanged, and the prefix in the URL wins over the new cookie: the visitor is trapped in
Chinese. Here the language of `next` is read from its own prefix instead.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import translate_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language_from_path, override
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .services import set_preferred_language


def url_in_language(url: str, language: str) -> str:
    """`url` (a local path with its query string) as the same page in `language`."""
    parts = urlsplit(url)
    current = get_language_from_path(parts.path)
    if current is None:
        # No language prefix (e.g. "/"): the prefixed home of the chosen language.
        return f"/{language}/"
    with override(current):
        translated = translate_url(url, language)
    if translated != url or current == language:
        return translated
    # A path that does not resolve (a 404 page): swap the prefix, keep the rest.
    rest = parts.path[len(current) + 1 :]
    return urlunsplit(("", "", f"/{language}{rest}", parts.query, parts.fragment))


def set_language_cookie(response: HttpResponse, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Remembers the language (cookie, and the account of a signed-in user) and redirects to
    the page the visitor came from, in that language."""
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        return render(
            request, "400.html", {"message": _("That language is not offered.")}, status=400
        )
    next_url = request.POST.get("next", "")
    if not next_url.startswith("/") or not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(url_in_language(next_url, language))
    set_language_cookie(response, language)
    if request.user.is_authenticated:
        set_preferred_language(request.user, language=language)
    return response
