"""The demo meetings: a few requests, one accepted at the forum, seeded once."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from emining.models import User
from matchmaking.demo.meeting_seeding import DEMO_MEETINGS
from matchmaking.models import MeetingBooking, MeetingRequest
from matchmaking.permissions import meetings_visible_to

pytestmark = pytest.mark.django_db


def test_seeding_adds_the_demo_meetings_once(reference_data, settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert MeetingRequest.objects.count() == len(DEMO_MEETINGS)
    call_command("seed_demo", stdout=StringIO())
    assert MeetingRequest.objects.count() == len(DEMO_MEETINGS)
    statuses = sorted(MeetingRequest.objects.values_list("status", flat=True))
    assert statuses == ["accepted", "declined", "requested", "requested"]
    accepted = MeetingRequest.objects.get(status="accepted")
    assert accepted.event == "Pak-China Mineral Cooperation Forum"
    assert MeetingBooking.objects.filter(meeting=accepted).count() == 2
    # Both demo firm accounts see the accepted one; SIFC's officer has one to answer.
    for username in ("cn_firm", "pk_firm"):
        assert accepted in meetings_visible_to(User.objects.get(username=username))
    sifc = meetings_visible_to(User.objects.get(username="sifc_officer"))
    assert list(sifc.values_list("status", flat=True)) == ["requested"]
    assert "Demo B2B meetings" in out.getvalue()
    assert "skipped" not in out.getvalue()
