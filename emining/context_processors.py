from __future__ import annotations

from django.conf import settings
from django.utils.translation import get_language_info

from . import permissions


def portal(request):
    """What the shared layout needs on every page: the languages and the user's role flags."""
    user = getattr(request, "user", None)
    languages = [
        {"code": code, "name_local": get_language_info(code)["name_local"]}
        for code, _name in settings.LANGUAGES
    ]
    return {
        "portal_languages": languages,
        "user_is_official": bool(user) and permissions.is_official(user),
        "user_is_administrator": bool(user) and permissions.is_administrator(user),
    }
