"""The steps every firm service shares: lock the row, keep the caller's copy fresh, and tell
other apps after commit."""

from __future__ import annotations

from django.db import transaction

from firms import signals
from firms.models import Firm


def lock_firm(firm: Firm) -> Firm:
    """The firm's row, locked until the transaction ends, with its current values."""
    return Firm.objects.select_for_update().get(pk=firm.pk)


def sync(target: Firm, source: Firm) -> Firm:
    """Copy the saved state back into the caller's instance, so it does not go stale."""
    for field in Firm._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))
    return target


def announce(firm: Firm, *, event: str) -> None:
    """After commit: `firm_changed` (and `firm_verified` for a verification), with ids."""
    firm_id = firm.pk

    def send() -> None:
        signals.firm_changed.send(sender=Firm, firm_id=firm_id, event=event)
        if event == "verified":
            signals.firm_verified.send(sender=Firm, firm_id=firm_id)

    transaction.on_commit(send)
