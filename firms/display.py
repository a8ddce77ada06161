"""How a firm's status and capital read, for the templates (`firm_display` tags) and the
directory's cards (`firms.cards`) alike."""

from __future__ import annotations

from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from emining.templatetags.portal import money

from .models import Firm

STATUS_BADGE_CLASSES = {
    Firm.VerificationStatus.VERIFIED: "text-bg-success",
    Firm.VerificationStatus.PENDING: "text-bg-warning",
    Firm.VerificationStatus.REJECTED: "text-bg-danger",
}


def status_badge(status: str) -> SafeString:
    """A verification status (`Firm.VerificationStatus`) as a coloured badge."""
    css = STATUS_BADGE_CLASSES.get(status, "text-bg-secondary")
    tick = "✓ " if status == Firm.VerificationStatus.VERIFIED else ""
    label = escape(str(Firm.VerificationStatus(status).label))
    return mark_safe(f'<span class="badge {css}">{tick}{label}</span>')  # noqa: S308 (escaped)


def capital_range(low: int | None, high: int | None) -> SafeString:
    """A firm's capital in USD: "$50 million – $2 billion", "from …", "up to …" or "not
    stated"; amounts isolated."""
    if low is not None and high is not None:
        text = f"<bdi>{escape(money(low))}</bdi> – <bdi>{escape(money(high))}</bdi>"
    elif low is not None:
        text = escape(_("from %(amount)s") % {"amount": money(low)})
    elif high is not None:
        text = escape(_("up to %(amount)s") % {"amount": money(high)})
    else:
        text = escape(_("not stated"))
    return mark_safe(text)  # noqa: S308 (escaped above)
