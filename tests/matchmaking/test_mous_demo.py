"""The demo MoUs: the three from the forum's news and a few more, seeded idempotently."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from emining.models import User
from matchmaking.demo.mou_seeding import DEMO_MOUS
from matchmaking.models import MoU
from matchmaking.permissions import mous_visible_to

pytestmark = pytest.mark.django_db


def test_seeding_adds_the_forum_mous_once(reference_data, settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert MoU.objects.count() == len(DEMO_MOUS)
    call_command("seed_demo", stdout=StringIO())
    assert MoU.objects.count() == len(DEMO_MOUS)
    parties = {
        mou.title: {str(party) for party in mou.parties.all()}
        for mou in MoU.objects.prefetch_related("parties__firm", "parties__agency")
    }
    assert parties["Digital cross-border industrial trade"] == {
        "Wah Nobel (Pvt) Limited",
        "MCCT International Limited",
    }
    assert parties["Digital cross-border industrial trade (JW Corporation)"] == {
        "JW Corporation (Private) Limited",
        "MCCT International Limited",
    }
    assert parties["Investment facilitation, technical cooperation and joint development"] == {
        "Pakistan Mineral Development Corporation (PMDC)",
        "POWERCHINA International Group Limited",
        "Pak China Investment Company Limited",
    }
    statuses = set(MoU.objects.values_list("status", flat=True))
    assert {"signed", "in_implementation", "expired"} <= statuses
    confidential = MoU.objects.get(is_public=False)
    # The demo's Chinese firm member (MCCT) reads it; the Pakistani one (Wah Nobel) does not.
    assert confidential in mous_visible_to(User.objects.get(username="cn_firm"))
    assert confidential not in mous_visible_to(User.objects.get(username="pk_firm"))
    assert MoU.objects.filter(milestones__title_zh="联合技术委员会召开会议").exists()
    assert "Demo MoUs" in out.getvalue()
    assert "skipped" not in out.getvalue()
