"""Email from templates, in the recipient's language.

`templates/emails/<name>_subject.txt` and `<name>_body.txt` (and `<name>_body.html` when there
is one), rendered with that language active, so `{% translate %}` and `{% url %}` (the language
prefix) follow the reader, not the request that caused the email. Tasks call this.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation


def language_or_default(language: str | None) -> str:
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def site_url(path: str) -> str:
    """An absolute link to a page of the portal (`SITE_URL` + a path from `reverse`)."""
    return f"{settings.SITE_URL}{path}"


def send_templated_mail(
    *, template: str, to: str, context: dict[str, Any], language: str | None
) -> None:
    with translation.override(language_or_default(language)):
        context = {**context, "site_url": settings.SITE_URL}
        subject = render_to_string(f"emails/{template}_subject.txt", context)
        body = render_to_string(f"emails/{template}_body.txt", context)
        try:
            html = render_to_string(f"emails/{template}_body.html", context)
        except TemplateDoesNotExist:
            html = None
    # A subject is one line, whatever the template's line breaks.
    message = EmailMultiAlternatives(" ".join(subject.split()), body, to=[to])
    if html:
        message.attach_alternative(html, "text/html")
    message.send()


def already_sent(task_id: str | None) -> bool:
    """True when a task with this id already sent its email (acks_late: a task whose worker
    died is delivered again, with the same id). A cache that fails answers False: at worst an
    email goes twice, never not at all."""
    return bool(task_id) and cache.get(f"mail-sent:{task_id}") is not None


def mark_sent(task_id: str | None, *, ttl: int = 24 * 60 * 60) -> None:
    if task_id:
        cache.set(f"mail-sent:{task_id}", 1, timeout=ttl)
