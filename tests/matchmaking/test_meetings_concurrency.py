"""Two acceptances at once on PostgreSQL, each in its own transaction and connection: the
Chinese firm is asked by a Pakistani firm and by SIFC for the same hour; both sides accept at
the same moment, and only one meeting is booked."""

from __future__ import annotations

import pytest
from django.db import connection

from emining.services import DomainError
from matchmaking.models import MeetingBooking, MeetingRequest
from matchmaking.services import meetings as services
from tests.factories import OfficialFactory
from tests.projects.test_bid_concurrency import _run_together

from .meetings import make_meeting, slot

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL (CI runs it)"
    ),
]


def test_two_simultaneous_acceptances_book_one_meeting(
    reference_data, verified_member, pk_firm, pk_firm_member, sifc
):
    officer = OfficialFactory(username="sifc_concurrent", agency=sifc)
    with_firm = make_meeting(verified_member, firm=pk_firm, slots=[slot(3, 10)])
    with_agency = make_meeting(verified_member, agency=sifc, slots=[slot(3, 10, minutes=30)])
    results, errors = _run_together(
        lambda: services.accept_meeting(with_firm, by=pk_firm_member, slot=with_firm.slots.get()),
        lambda: services.accept_meeting(with_agency, by=officer, slot=with_agency.slots.get()),
    )
    assert len(results) == 1
    assert len(errors) == 1
    assert isinstance(errors[0], DomainError)
    assert MeetingRequest.objects.filter(status="accepted").count() == 1
    assert MeetingBooking.objects.filter(firm=verified_member.firm_membership.firm).count() == 1
