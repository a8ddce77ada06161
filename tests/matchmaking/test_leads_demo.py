"""The demo leads: at least 30, across every stage, with history and activities, seeded once."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from emining.models import User
from matchmaking.demo.lead_seeding import DEMO_LEADS
from matchmaking.models import Lead, LeadActivity, LeadStageChange, MoU
from matchmaking.permissions import leads_visible_to

pytestmark = pytest.mark.django_db


def test_seeding_adds_leads_in_every_stage_once(reference_data, settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert Lead.objects.count() == len(DEMO_LEADS) >= 30
    assert set(Lead.objects.values_list("stage", flat=True)) == set(Lead.Stage.values)
    mous = MoU.objects.count()
    call_command("seed_demo", stdout=StringIO())
    assert Lead.objects.count() == len(DEMO_LEADS)
    assert MoU.objects.count() == mous
    # Every lead has its history and at least one activity; owners are the demo officials.
    for lead in Lead.objects.prefetch_related("stage_changes", "activities"):
        assert lead.stage_changes.all()[0].to_stage == "new"
        assert list(lead.stage_changes.all())[-1].to_stage == lead.stage
        assert lead.activities.all()
    owners = set(Lead.objects.values_list("owner__username", flat=True))
    assert owners == {"sifc_officer", "official", "approver"}
    assert Lead.objects.filter(mou__isnull=False).count() == 2
    assert LeadActivity.objects.filter(internal=True).exists()
    assert LeadStageChange.objects.filter(to_stage="lost").exclude(reason="").exists()
    # The demo's Chinese firm member (MCCT) sees its firm's lead, and no other.
    cn_member = User.objects.get(username="cn_firm")
    assert [lead.firm.name for lead in leads_visible_to(cn_member)] == [
        "MCCT International Limited"
    ]
    assert "Demo investment leads" in out.getvalue()
