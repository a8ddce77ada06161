"""The lead pipeline's rules: who may record and move leads, which moves are allowed, the
constraints the database keeps, activities and the conversion into an MoU."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from emining.models import AuditEvent
from emining.services import DomainError
from matchmaking.models import Lead, LeadActivity, MoU
from matchmaking.services import leads as services

from .leads import make_lead

pytestmark = pytest.mark.django_db


def test_a_new_lead_gets_a_reference_its_first_history_row_and_an_audit_event(official, cn_firm):
    first = make_lead(official, firm=cn_firm)
    second = make_lead(official)
    year = timezone.localdate().year
    assert first.reference == f"LEAD-{year}-0001"
    assert second.reference == f"LEAD-{year}-0002"
    assert [(c.from_stage, c.to_stage) for c in first.stage_changes.all()] == [("", "new")]
    assert AuditEvent.objects.filter(action="lead.created", target_id=str(first.pk)).exists()


def test_forward_moves_may_skip_stages_and_are_timestamped(official):
    lead = make_lead(official)
    before = lead.stage_changed_at
    services.move_lead(lead, "contacted", by=official)
    assert lead.stage == "contacted"
    assert lead.stage_changed_at > before
    services.move_lead(lead, "site_visit", by=official)
    history = [(c.from_stage, c.to_stage) for c in lead.stage_changes.order_by("at", "id")]
    assert history == [("", "new"), ("new", "contacted"), ("contacted", "site_visit")]
    assert AuditEvent.objects.filter(action="lead.moved").count() == 2


@pytest.mark.parametrize(
    ("start", "target"),
    [
        ("contacted", "qualified"),  # backwards
        ("contacted", "contacted"),  # nowhere
        ("investment_committed", "lost"),  # final
        ("lost", "new"),  # no reopening
        ("new", "won"),  # unknown
    ],
)
def test_refused_moves(official, start, target):
    lead = make_lead(official, stage=start)
    with pytest.raises(DomainError) as refusal:
        services.move_lead(lead, target, by=official, reason="Because.")
    assert "stage" in refusal.value.message_dict
    lead.refresh_from_db()
    assert lead.stage == start


def test_a_lost_lead_needs_a_reason(official):
    lead = make_lead(official, stage="negotiation")
    with pytest.raises(DomainError) as refusal:
        services.move_lead(lead, "lost", by=official, reason="  ")
    assert "reason" in refusal.value.message_dict
    services.move_lead(lead, "lost", by=official, reason="Chose another country.")
    lead.refresh_from_db()
    assert (lead.stage, lead.lost_reason) == ("lost", "Chose another country.")


def test_only_officials_move_leads_and_log_activities(official, verified_member, cn_firm):
    lead = make_lead(official, firm=cn_firm)
    with pytest.raises(PermissionDenied):
        services.move_lead(lead, "qualified", by=verified_member)
    with pytest.raises(PermissionDenied):
        services.add_activity(lead, by=verified_member, kind="note", text="Hello")
    with pytest.raises(PermissionDenied):
        services.update_lead(lead, by=verified_member, values={"summary": "Mine now"})


def test_recording_leads_officials_and_partner_systems_with_the_permission(
    partner_system, verified_member, official, cn_firm
):
    values = {"contact_name": "Li Wei", "contact_organisation": "Yunnan Tin Group"}
    with pytest.raises(PermissionDenied):
        services.create_lead(by=verified_member, values=values)
    with pytest.raises(PermissionDenied):
        services.create_lead(by=partner_system, values=values)
    partner_system.user_permissions.add(Permission.objects.get(codename="add_lead"))
    partner = type(partner_system).objects.get(pk=partner_system.pk)  # fresh permission cache
    lead = services.create_lead(
        by=partner, values={**values, "owner": official, "estimated_value_usd": 5}
    )
    # A partner passes on the investor and the interest; the internal fields are not theirs.
    assert lead.owner is None
    assert lead.estimated_value_usd is None
    assert lead.created_by == partner


def test_field_rules(official, verified_member):
    with pytest.raises(DomainError) as refusal:
        services.create_lead(
            by=official,
            values={"next_action_due": timezone.localdate(), "owner": verified_member},
        )
    assert set(refusal.value.message_dict) == {"contact_name", "next_action", "owner"}


def test_the_database_keeps_the_invariants(official):
    lead = make_lead(official)
    cases = [
        {"firm": None, "contact_name": ""},
        {"stage": "lost", "lost_reason": ""},
        {"stage": "new", "lost_reason": "A reason without a loss"},
        {"estimated_value_usd": 0},
        {"next_action": "", "next_action_due": timezone.localdate()},
    ]
    for values in cases:
        with pytest.raises(IntegrityError), transaction.atomic():
            Lead.objects.filter(pk=lead.pk).update(**values)
    with pytest.raises(IntegrityError), transaction.atomic():
        LeadActivity.objects.create(lead=lead, kind="note", text="", by=official)


def test_activities(official):
    lead = make_lead(official)
    activity = services.add_activity(
        lead, by=official, kind="call", text=" Called the country manager. ", internal=False
    )
    assert (activity.text, activity.internal) == ("Called the country manager.", False)
    with pytest.raises(DomainError) as refusal:
        services.add_activity(
            lead,
            by=official,
            kind="fax",
            text="",
            happened_at=timezone.now() + timedelta(days=1),
        )
    assert set(refusal.value.message_dict) == {"kind", "text", "happened_at"}


def test_conversion_records_a_draft_mou_between_the_firm_and_the_agency(official, cn_firm):
    lead = make_lead(official, firm=cn_firm, stage="negotiation", estimated_value_usd=9_000_000)
    services.add_activity(lead, by=official, kind="meeting", text="Terms agreed.")
    mou = services.convert_to_mou(lead, by=official, title="Copper smelter study")
    lead.refresh_from_db()
    assert lead.mou == mou
    assert lead.stage == "negotiation"
    assert mou.status == MoU.Status.DRAFT
    assert not mou.is_public
    assert mou.indicative_value_usd == 9_000_000
    roles = {(p.firm_id, p.agency_id, p.role) for p in mou.parties.all()}
    assert roles == {
        (cn_firm.pk, None, "chinese_party"),
        (None, official.agency_id, "pakistani_party"),
    }
    assert [m.slug for m in mou.minerals.all()] == ["copper"]
    # The lead keeps its history and activities.
    assert lead.stage_changes.count() == 2
    assert lead.activities.count() == 1
    assert AuditEvent.objects.filter(action="lead.converted").exists()
    with pytest.raises(DomainError):
        services.convert_to_mou(lead, by=official, title="Again")


def test_conversion_with_a_signing_date_moves_the_lead_to_mou_signed(official, pk_firm):
    lead = make_lead(official, firm=pk_firm, stage="negotiation")
    signed_on = timezone.localdate() - timedelta(days=2)
    mou = services.convert_to_mou(lead, by=official, title="Joint development", signed_on=signed_on)
    lead.refresh_from_db()
    assert (mou.status, mou.signed_on) == (MoU.Status.SIGNED, signed_on)
    assert lead.stage == "mou_signed"
    assert lead.mou == mou
    assert {p.role for p in mou.parties.all()} == {"pakistani_party", "facilitator"}


def test_conversion_refusals(official, cn_firm, verified_member):
    prospective = make_lead(official)
    with pytest.raises(DomainError):
        services.convert_to_mou(prospective, by=official, title="No firm")
    lost = make_lead(official, firm=cn_firm, stage="lost")
    with pytest.raises(DomainError):
        services.convert_to_mou(lost, by=official, title="Lost")
    open_lead = make_lead(official, firm=cn_firm)
    with pytest.raises(PermissionDenied):
        services.convert_to_mou(open_lead, by=verified_member, title="Mine")
    assert not MoU.objects.exists()
