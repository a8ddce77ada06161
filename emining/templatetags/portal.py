"""How the portal writes record text, amounts, dates and data fragments in every language.

{% load portal %}
{% localized project "description" paragraphs=True %}   the visitor's language, or the
                                                        English marked lang="en" and
                                                        labelled "English only"
{{ project.investment_usd|money }}                      USD 380 million / 3.8 亿美元
{{ project.bid_closes_at|when }}                        <time> in the language's format
{{ project.reference|ltr }}                             <bdi dir="ltr">: a code, grade,
                                                        coordinate or email keeps its
                                                        characters in order in Urdu
"""

from __future__ import annotations

import re
from datetime import date, datetime

from django import template
from django.template.defaultfilters import linebreaks_filter, linebreaksbr
from django.utils import formats, timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from emining.formats import amount_text, plain_number
from emining.i18n import localized_text

register = template.Library()

EMPTY = "—"

# A run of Latin letters, digits and the signs that go with them ("0.36–0.43% Cu",
# "5,500–6,500 Btu/lb", "N-25", "Cr2O3"), single spaces included when Latin goes on after them.
_LATIN_RUN = re.compile(
    r"[A-Za-z0-9][A-Za-z0-9.,%/:+°²³µ×'\-\u2010-\u2013]*"
    r"(?: [A-Za-z0-9][A-Za-z0-9.,%/:+°²³µ×'\-\u2010-\u2013]*)*"
)


def isolate_latin_runs(text: str) -> SafeString:
    """Right-to-left text with its Latin and numeric fragments isolated left-to-right, so that
    "0.36–0.43% Cu" inside Urdu keeps its characters in their order."""
    parts, position = [], 0
    for match in _LATIN_RUN.finditer(text):
        run = match.group(0).rstrip(".,:")  # sentence punctuation belongs to the Urdu text
        start, end = match.start(), match.start() + len(run)
        parts.append(conditional_escape(text[position:start]))
        parts.append(format_html('<bdi dir="ltr">{}</bdi>', run))
        position = end
    parts.append(conditional_escape(text[position:]))
    return mark_safe("".join(parts))  # noqa: S308 (every part escaped above)


@register.simple_tag
def localized(
    record,
    field: str,
    paragraphs: bool = False,
    lines: bool = False,
    words: int | None = None,
    default=EMPTY,
):
    """A record's text in the visitor's language. English shown in place of a missing
    translation is marked `lang="en"` (and isolated left-to-right) and labelled."""
    if record is None:
        return default
    text = localized_text(record, field)
    if not text.text:
        return default
    value = text.text
    if words:
        value = Truncator(value).words(words)
    if not text.is_fallback and get_language_bidi():
        value = isolate_latin_runs(value)
    if paragraphs:
        body, element = linebreaks_filter(value, autoescape=True), "div"
    elif lines:
        body, element = linebreaksbr(value, autoescape=True), "span"
    else:
        body, element = conditional_escape(value), "span"
    if not text.is_fallback:
        return body if isinstance(body, SafeString) else mark_safe(body)  # noqa: S308 (escaped)
    return format_html(
        '<{element} lang="en" dir="ltr" class="english-fallback">{body}</{element}> '
        '<span class="badge english-only-label">{label}</span>',
        element=mark_safe(element),  # noqa: S308 (one of two constants)
        body=body,
        label=_("English only"),
    )


@register.filter
def money(amount: int | None) -> str:
    """An amount in US dollars as the visitor's language says it."""
    return amount_text(amount)


@register.filter
def number(value) -> str:
    """A number with the language's separators, without needless decimals."""
    if value is None or value == "":
        return EMPTY
    return plain_number(value)


@register.filter(needs_autoescape=True)
def ltr(value, autoescape: bool = True) -> str:
    """A data fragment (reference, code, grade, coordinate, amount, email, URL) isolated
    left-to-right, so that Urdu pages keep its characters in their order."""
    if value is None or value == "":
        return EMPTY
    text = conditional_escape(value) if autoescape else value
    return format_html('<bdi dir="ltr">{}</bdi>', text)


@register.filter
def auto(value) -> str:
    """Text whose direction follows its own first letter (names typed by users)."""
    if value is None or value == "":
        return EMPTY
    return format_html('<bdi dir="auto">{}</bdi>', value)


@register.filter
def when(value, kind: str = "datetime") -> str:
    """A moment in the language's one format, in the portal's time zone, as a `<time>`
    element. `|when:"date"` leaves the time out."""
    if not value:
        return EMPTY
    if isinstance(value, datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        machine = local.replace(microsecond=0).isoformat()
        if kind == "date":
            shown = formats.date_format(local, "DATE_FORMAT")
            return format_html('<time datetime="{}">{}</time>', local.date().isoformat(), shown)
        shown = formats.date_format(local, "DATETIME_FORMAT")
        zone = local.tzname() or ""  # what the "T" format prints, without parsing a format
        return format_html(
            '<time datetime="{}">{} <bdi dir="ltr">{}</bdi></time>', machine, shown, zone
        )
    if isinstance(value, date):
        shown = formats.date_format(value, "DATE_FORMAT")
        return format_html('<time datetime="{}">{}</time>', value.isoformat(), shown)
    return conditional_escape(value)


@register.filter
def when_text(value, kind: str = "datetime") -> str:
    """The same format as `when`, as plain text (for sentences and attributes)."""
    if not value:
        return EMPTY
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, "DATE_FORMAT" if kind == "date" else "DATETIME_FORMAT")
