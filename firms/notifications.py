"""What the firms app tells whom, through the platform's notifications outbox (the kinds are
registered in `FirmsConfig.ready()`; the services call these inside their transactions)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from emining.models import User
from emining.notifications.registry import register_kind
from emining.notifications.services import notify

from .models import Firm


def register_kinds() -> None:
    register_kind("firm_verification_decided", label=_("Your firm’s verification was decided"))


def verification_decided(firm: Firm) -> int:
    """Every member learns that the officials verified the firm, or why they refused."""
    members = User.objects.filter(firm_membership__firm=firm, is_active=True)
    return notify(
        "firm_verification_decided",
        members,
        context={
            "firm": firm.name,
            "firm_zh": firm.name_zh,
            "firm_ur": firm.name_ur,
            "verified": firm.verification_status == Firm.VerificationStatus.VERIFIED,
            "reason": firm.rejection_reason,
        },
        url=reverse("firms:firm-mine"),
    )
