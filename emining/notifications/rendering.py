"""A notification's text, rendered from its kind's templates in one reader's language.

The row keeps JSON (references, the three language versions of a title, times as ISO text);
here `title`, `title_zh`, `title_ur` become the reader's `title`, `*_at` values become times,
and the stored link gets the reader's language prefix.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.urls import translate_url
from django.utils import translation
from django.utils.dateparse import parse_datetime

from emining.i18n import TRANSLATED_LANGUAGES, localized_text
from emining.mail import language_or_default

from .registry import get_kind


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str | None
    url: str  # absolute


def reader_language(user: Any) -> str:
    return language_or_default(getattr(user, "preferred_language", "") or None)


def localized_path(path: str, language: str) -> str:
    """The stored page link in `language` (its language prefix); other links unchanged."""
    if not path:
        return ""
    # `translate_url` resolves in the active language: resolve in the path's own.
    with translation.override(translation.get_language_from_path(path) or language):
        return translate_url(path, language)


def prepared_context(stored: dict[str, Any], language: str) -> dict[str, Any]:
    context = dict(stored)
    suffixes = [suffix for suffix, _tag in TRANSLATED_LANGUAGES]
    for key, value in stored.items():
        if any(f"{key}_{suffix}" in stored for suffix in suffixes):
            context[key] = localized_text(stored, key, language).text
        elif key.endswith("_at") and isinstance(value, str):
            context[key] = parse_datetime(value) or value
    return context


def render(notification: Any, *, language: str | None = None, body: bool = True) -> Rendered:
    """Subject, text and HTML of `notification` in `language` (default: its recipient's).
    `body=False` renders the subject only (the notification centre's list)."""
    kind = get_kind(notification.kind)
    language = language or reader_language(notification.recipient)
    with translation.override(language):
        path = localized_path(notification.url, language)
        url = f"{settings.SITE_URL}{path}" if path.startswith("/") else path
        context = {
            **prepared_context(notification.context or {}, language),
            "url": url,
            "site_url": settings.SITE_URL,
            "notification": notification,
        }
        prefix = kind.template_prefix
        subject = " ".join(render_to_string(f"{prefix}_subject.txt", context).split())
        if not body:
            return Rendered(subject, "", None, path)
        text = render_to_string(f"{prefix}_body.txt", context)
        try:
            html = render_to_string(f"{prefix}_body.html", context)
        except TemplateDoesNotExist:
            html = None
    return Rendered(subject, text, html, url)
