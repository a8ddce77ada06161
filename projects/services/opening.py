"""The opening: after the closing time, an official of the owning agency unseals the bids in
one recorded event, and the project's evaluation starts.

Opening is the only way into evaluation (`start_evaluation` opens the bids), so no project is
evaluated with its bids still sealed, and none is opened before its closing time.
"""

from __future__ import annotations

import json

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from emining.audit import record_event
from emining.models import User
from emining.services import DomainError
from projects import notifications, sealing
from projects.models import (
    OFFER_FIELDS,
    Bid,
    BidOpening,
    BidParticipant,
    BidVersion,
    Project,
)

from .workflow import _close, _lock, _move, _require_manager, _require_transition, _sync

Status = Project.Status


@transaction.atomic
def open_bids(project: Project, *, by: User) -> BidOpening:
    _require_manager(by, project)
    locked = _lock(project)
    now = timezone.now()
    if locked.status != Status.PUBLISHED:
        _require_transition(locked, Status.UNDER_EVALUATION)  # closed, and not yet opened
    elif now < locked.bid_closes_at:
        raise DomainError(
            _("Bids cannot be opened before the closing time."), code="invalid_transition"
        )
    if locked.status == Status.PUBLISHED:  # the beat task has not closed it yet
        _close(locked, by=None, now=now, automatic=True)
    bids = list(
        Bid.objects.select_for_update()
        .filter(project=locked, status=Bid.Status.SUBMITTED)
        .order_by("pk")
    )
    unconfirmed = set(
        BidParticipant.objects.filter(
            bid__in=bids, active=True, confirmed_at__isnull=True
        ).values_list("bid_id", flat=True)
    )
    # The current version of each bid: the last one wins in this dict.
    versions = {
        version.bid_id: version
        for version in BidVersion.objects.filter(bid__in=bids).order_by("bid_id", "number")
    }
    for bid in bids:
        content = json.loads(sealing.unseal(versions[bid.pk].sealed_content))
        for field in OFFER_FIELDS:
            setattr(bid, field, content["offer"][field])
        bid.status = Bid.Status.OPENED
        bid.opened_at = now
        bid.complete = bid.pk not in unconfirmed
    Bid.objects.bulk_update(bids, [*OFFER_FIELDS, "status", "opened_at", "complete"])
    notifications.bids_opened(locked, count=len(bids))
    opening = BidOpening.objects.create(
        project=locked,
        opened_by=by,
        opened_at=now,
        bids_opened=len(bids),
        bids_withdrawn=Bid.objects.filter(project=locked, status=Bid.Status.WITHDRAWN).count(),
    )
    # Now that nothing is sealed, the trail names every bid, its lead firm and who sent it.
    record_event(
        action="bids.opened",
        actor=by,
        target=locked,
        data={
            "bids_opened": opening.bids_opened,
            "bids_withdrawn": opening.bids_withdrawn,
            "bids": [
                {
                    "bid": bid.pk,
                    "lead_firm": bid.lead_firm_id,
                    "submitted_by": versions[bid.pk].submitted_by_id,
                    "version": bid.version,
                    "receipt_digest": versions[bid.pk].receipt_digest,
                }
                for bid in bids
            ],
        },
    )
    _move(
        locked,
        Status.UNDER_EVALUATION,
        by=by,
        action="evaluation_started",
        stamps={"evaluation_started_at": now},
    )
    _sync(project, locked)
    return opening


def start_evaluation(project: Project, *, by: User) -> Project:
    """The workflow's "start evaluation" step is the opening of the bids."""
    open_bids(project, by=by)
    return project
