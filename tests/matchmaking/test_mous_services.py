"""The MoU registry's rules, enforced by `matchmaking.services.mous` and the database."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from emining.models import Agency, AuditEvent
from emining.services import DomainError
from matchmaking.models import MoU, MoUParty, MoUTransition
from matchmaking.services import mous as services
from matchmaking.services.mous import Party, Scope
from projects import services as project_services
from tests.factories import close_bidding_now, make_offer, make_project

from .mous import make_mou, mou_values, parties_of

pytestmark = pytest.mark.django_db

Status = MoU.Status


@pytest.fixture
def pmdc(reference_data) -> Agency:
    return Agency.objects.get(slug="pmdc")


def test_an_official_records_a_draft_with_a_reference_and_an_audit_event(
    official, cn_firm, pk_firm
):
    mou = services.create_mou(
        by=official, values=mou_values(), parties=parties_of(pk_firm, cn_firm)
    )
    assert mou.reference == f"MOU-{timezone.localdate().year}-0001"
    assert mou.status == Status.DRAFT
    assert mou.agency_id == official.agency_id
    assert [p.firm_id for p in mou.parties.all()] == [pk_firm.pk, cn_firm.pk]
    assert AuditEvent.objects.filter(action="mou.created", target_id=str(mou.pk)).exists()
    second = services.create_mou(
        by=official, values=mou_values(), parties=parties_of(pk_firm, cn_firm)
    )
    assert second.reference.endswith("-0002")


@pytest.mark.parametrize("persona", ["verified_member", "administrator", "partner_system"])
def test_only_officials_record_mous(request, persona, cn_firm, pk_firm):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        services.create_mou(by=user, values=mou_values(), parties=parties_of(pk_firm, cn_firm))
    assert not MoU.objects.exists()


def test_an_mou_has_at_least_two_distinct_parties(official, cn_firm, pmdc):
    for parties in ([], parties_of(cn_firm), parties_of(cn_firm, cn_firm)):
        with pytest.raises(DomainError) as caught:
            services.create_mou(by=official, values=mou_values(), parties=parties)
        assert "parties" in caught.value.error_dict
    both = Party(role="investor", firm=cn_firm, agency=pmdc)
    with pytest.raises(DomainError):
        services.create_mou(by=official, values=mou_values(), parties=[both, *parties_of(pmdc)])
    mou = services.create_mou(by=official, values=mou_values(), parties=parties_of(cn_firm, pmdc))
    assert {(p.firm_id, p.agency_id) for p in mou.parties.all()} == {
        (cn_firm.pk, None),
        (None, pmdc.pk),
    }


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": "  "}, "title"),
        ({"indicative_value_usd": 0}, "indicative_value_usd"),
        ({"signed_on": timezone.localdate() + timedelta(days=3)}, "signed_on"),
        (
            {
                "signed_on": timezone.localdate() - timedelta(days=3),
                "expires_on": timezone.localdate() - timedelta(days=4),
            },
            "expires_on",
        ),
    ],
)
def test_bad_values_are_refused_on_their_field(official, cn_firm, pk_firm, overrides, field):
    with pytest.raises(DomainError) as caught:
        services.create_mou(
            by=official, values=mou_values(**overrides), parties=parties_of(pk_firm, cn_firm)
        )
    assert field in caught.value.error_dict


def test_the_whole_life_is_dated_and_audited(official, cn_firm, pk_firm):
    signed_on = timezone.localdate() - timedelta(days=60)
    mou = make_mou(official, pk_firm, cn_firm, status="draft")
    services.transition_mou(mou, Status.SIGNED, by=official, effective_on=signed_on)
    assert mou.signed_on == signed_on
    assert mou.signed_at is not None
    services.transition_mou(mou, Status.IN_IMPLEMENTATION, by=official)
    services.transition_mou(mou, Status.CONVERTED, by=official)
    mou.refresh_from_db()
    assert mou.status == Status.CONVERTED
    assert mou.implementation_started_at
    assert mou.converted_at
    steps = list(MoUTransition.objects.filter(mou=mou).values_list("to_status", "effective_on"))
    assert steps == [
        ("signed", signed_on),
        ("in_implementation", timezone.localdate()),
        ("converted", timezone.localdate()),
    ]
    actions = set(
        AuditEvent.objects.filter(target_id=str(mou.pk), action__startswith="mou.").values_list(
            "action", flat=True
        )
    )
    assert {"mou.signed", "mou.in_implementation", "mou.converted"} <= actions


@pytest.mark.parametrize(
    ("start", "target"),
    [
        ("draft", "in_implementation"),
        ("draft", "terminated"),
        ("signed", "converted"),
        ("converted", "terminated"),
        ("expired", "in_implementation"),
        ("terminated", "signed"),
        ("signed", "no_such_status"),
    ],
)
def test_illegal_transitions_are_refused(official, cn_firm, pk_firm, start, target):
    mou = make_mou(official, pk_firm, cn_firm, status=start)
    with pytest.raises(DomainError) as caught:
        services.transition_mou(mou, target, by=official, reason="Because.")
    assert caught.value.code == "invalid_transition"
    mou.refresh_from_db()
    assert mou.status == start


def test_terminating_needs_a_reason(official, cn_firm, pk_firm):
    mou = make_mou(official, pk_firm, cn_firm, status="in_implementation")
    with pytest.raises(DomainError) as caught:
        services.transition_mou(mou, Status.TERMINATED, by=official, reason="  ")
    assert "reason" in caught.value.error_dict
    services.transition_mou(mou, Status.TERMINATED, by=official, reason="Funding withdrawn.")
    mou.refresh_from_db()
    assert (mou.status, mou.termination_reason) == ("terminated", "Funding withdrawn.")


def test_dates_in_the_future_or_before_signing_are_refused(official, cn_firm, pk_firm):
    mou = make_mou(official, pk_firm, cn_firm, status="draft")
    with pytest.raises(DomainError):
        services.transition_mou(
            mou, Status.SIGNED, by=official, effective_on=timezone.localdate() + timedelta(1)
        )
    services.transition_mou(mou, Status.SIGNED, by=official)
    with pytest.raises(DomainError):
        services.transition_mou(
            mou,
            Status.EXPIRED,
            by=official,
            effective_on=timezone.localdate() - timedelta(days=1),
        )


@pytest.mark.parametrize("persona", ["other_agency_official", "verified_member", "administrator"])
def test_only_the_recording_agency_changes_an_mou(request, official, cn_firm, pk_firm, persona):
    mou = make_mou(official, pk_firm, cn_firm, status="signed")
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        services.transition_mou(mou, Status.IN_IMPLEMENTATION, by=user)
    with pytest.raises(PermissionDenied):
        services.update_mou(mou, by=user, values={"title": "Taken over"})
    with pytest.raises(PermissionDenied):
        services.add_milestone(mou, by=user, title="x", due_on=timezone.localdate())
    mou.refresh_from_db()
    assert (mou.status, mou.title) == ("signed", mou_values()["title"])


def test_edits_stop_once_the_mou_has_ended(official, cn_firm, pk_firm):
    mou = make_mou(official, pk_firm, cn_firm, status="signed")
    services.update_mou(mou, by=official, values={"title": "Renamed", "is_public": False})
    mou.refresh_from_db()
    assert (mou.title, mou.is_public) == ("Renamed", False)
    with pytest.raises(DomainError):
        services.update_mou(mou, by=official, values={"signed_on": None})
    services.transition_mou(mou, Status.EXPIRED, by=official)
    with pytest.raises(DomainError):
        services.update_mou(mou, by=official, values={"title": "Too late"})


def test_sealed_bids_are_never_linked_but_opened_ones_are(
    official, cn_firm, pk_firm, verified_member
):
    project = make_project(status="published")
    bid = project_services.submit_bid(project, by=verified_member, offer=make_offer()).bid
    mou = make_mou(official, pk_firm, cn_firm, status="signed")
    with pytest.raises(DomainError) as caught:
        services.update_mou(mou, by=official, values={}, scope=Scope(bids=[bid]))
    assert "bids" in caught.value.error_dict
    assert not mou.bids.exists()
    close_bidding_now(project)
    project_services.open_bids(project, by=official)
    bid.refresh_from_db()
    services.update_mou(mou, by=official, values={}, scope=Scope(bids=[bid], projects=[project]))
    assert list(mou.bids.all()) == [bid]
    assert list(mou.projects.all()) == [project]


def test_milestones_are_added_completed_and_flagged_overdue(official, cn_firm, pk_firm):
    mou = make_mou(official, pk_firm, cn_firm, status="in_implementation")
    today = timezone.localdate()
    late = services.add_milestone(
        mou, by=official, title="Feasibility study", due_on=today - timedelta(days=5)
    )
    due = services.add_milestone(mou, by=official, title="Pilot plant", due_on=today)
    assert late.is_overdue()
    assert not due.is_overdue()
    services.complete_milestone(late, by=official)
    late.refresh_from_db()
    assert late.completed_on == today
    assert not late.is_overdue()
    with pytest.raises(DomainError):
        services.complete_milestone(late, by=official)
    with pytest.raises(DomainError):
        services.complete_milestone(due, by=official, completed_on=today + timedelta(days=1))
    with pytest.raises(DomainError):
        services.add_milestone(mou, by=official, title=" ", due_on=today)


# --- The database keeps its invariants even when code forgets -----------------------------------


def violates(model, pk, **changes) -> bool:
    try:
        with transaction.atomic():
            model.objects.filter(pk=pk).update(**changes)
    except IntegrityError:
        return True
    return False


@pytest.mark.parametrize(
    "changes",
    [
        {"status": "signed", "signed_at": None},
        {"status": "signed", "signed_on": None},
        {"status": "draft"},
        {"status": "in_implementation"},
        {"status": "converted"},
        {"status": "expired"},
        {"status": "terminated", "terminated_at": timezone.now(), "termination_reason": ""},
        {"terminated_at": timezone.now()},
        {"indicative_value_usd": 0},
        {"expires_on": timezone.localdate() - timedelta(days=365)},
    ],
)
def test_each_mou_constraint_bites(official, cn_firm, pk_firm, changes):
    mou = make_mou(official, pk_firm, cn_firm, status="signed")
    assert violates(MoU, mou.pk, **changes)


def test_the_party_constraints_bite(official, cn_firm, pk_firm, pmdc):
    mou = make_mou(official, pk_firm, cn_firm, status="draft")
    party = mou.parties.get(firm=cn_firm)
    assert violates(MoUParty, party.pk, agency=pmdc)  # both a firm and an agency
    assert violates(MoUParty, party.pk, firm=None)  # neither
    assert violates(MoUParty, party.pk, firm=pk_firm)  # the same firm twice
