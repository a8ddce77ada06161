"""The project workflow as services: every rule, every refusal, four eyes, audit events."""

from __future__ import annotations

import functools
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from emining.models import AuditEvent
from emining.services import DomainError
from minerals.models import Mineral, Region
from projects import services
from projects.models import Amendment, Project
from projects.services import Criterion
from tests.factories import (
    CRITERIA,
    OfficialFactory,
    draft_values,
    make_offer,
    make_project,
    new_draft,
)

pytestmark = pytest.mark.django_db

Status = Project.Status


def actions(project) -> list[str]:
    return list(
        AuditEvent.objects.filter(target_id=str(project.pk), action__startswith="project.")
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_create_assigns_a_reference_and_records_the_event(official, reference_data):
    first = new_draft(official)
    second = new_draft(official, title="Second")
    year = timezone.localtime().year
    assert first.reference == f"PMP-{year}-0001"
    assert second.reference == f"PMP-{year}-0002"
    assert first.status == Status.DRAFT
    assert first.agency == official.agency
    assert first.contact_official == official
    assert [c.weight for c in first.evaluation_criteria.all()] == [50, 50]
    assert set(first.minerals.values_list("slug", flat=True)) == {"copper", "gold"}
    assert actions(first) == ["project.created"]


@pytest.mark.parametrize(
    ("overrides", "minerals", "criteria", "field"),
    [
        ({}, ["gold"], CRITERIA, "primary_mineral"),
        ({}, [], CRITERIA, "minerals"),
        ({}, ["copper"], [Criterion("Price", 60), Criterion("Plan", 30)], "evaluation_criteria"),
        ({}, ["copper"], [], "evaluation_criteria"),
        ({}, ["copper"], [Criterion("Price", 50), Criterion("price", 50)], "evaluation_criteria"),
        ({"district": "tharparkar"}, ["copper"], CRITERIA, "district"),
        ({"region": "chagai", "district": None}, ["copper"], CRITERIA, "region"),
        ({"bid_closes_at": "before-opening"}, ["copper"], CRITERIA, "bid_closes_at"),
    ],
)
def test_create_refuses_inconsistent_projects(
    official, reference_data, overrides, minerals, criteria, field
):
    values = draft_values()
    for name, value in overrides.items():
        if name in ("district", "region"):
            values[name] = Region.objects.get(slug=value) if value else None
        elif value == "before-opening":
            values[name] = values["bid_opens_at"] - timedelta(hours=1)
    with pytest.raises(DomainError) as refused:
        services.create_project(
            by=official,
            values=values,
            minerals=list(Mineral.objects.filter(slug__in=minerals)),
            criteria=criteria,
        )
    assert field in refused.value.message_dict
    assert not Project.objects.exists()


def test_contact_must_be_an_official_of_the_owning_agency(
    official, other_agency_official, firm_member, reference_data
):
    for outsider in (other_agency_official, firm_member):
        with pytest.raises(DomainError) as refused:
            new_draft(official, contact_official=outsider)
        assert "contact_official" in refused.value.message_dict


def test_only_officials_create(firm_member, partner_system, administrator, reference_data):
    for user in (firm_member, partner_system, administrator):
        with pytest.raises(PermissionDenied):
            new_draft(user)
    assert not Project.objects.exists()


def test_the_whole_path_with_four_eyes(official, approver, verified_member, reference_data):
    project = new_draft(official)
    services.submit_for_review(project, by=official)
    assert project.status == Status.IN_REVIEW
    assert project.submitted_by == official

    with pytest.raises(PermissionDenied, match="Four eyes"):
        services.publish_project(project, by=official)
    project.refresh_from_db()
    assert project.status == Status.IN_REVIEW

    services.publish_project(project, by=approver)
    assert project.status == Status.PUBLISHED
    assert project.published_by == approver
    assert project.published_at is not None
    # Bidding opens at the published time: a verified firm bids.
    Project.objects.filter(pk=project.pk).update(bid_opens_at=project.published_at)
    bid = services.submit_bid(project, by=verified_member, offer=make_offer()).bid

    # The deadline passes: the beat task closes it.
    later = project.bid_closes_at + timedelta(seconds=1)
    assert services.close_due_projects(now=later) == [project.pk]
    project.refresh_from_db()
    assert project.status == Status.CLOSED
    assert project.closed_at == later

    services.start_evaluation(project, by=official)  # opens the bids
    with pytest.raises(DomainError, match="winning bid"):
        services.award_project(project, by=approver, bid=None)
    sheet = {criterion.pk: (70, "") for criterion in project.evaluation_criteria.all()}
    services.score_bid(bid, by=official, scores=sheet)
    services.score_bid(bid, by=approver, scores=sheet)
    services.reconcile_scores(bid, by=approver, scores=sheet)
    services.shortlist_bid(bid, by=approver)
    services.award_project(project, by=approver, bid=bid, note="Best technical and financial offer")
    project.refresh_from_db()
    assert project.status == Status.AWARDED
    assert project.awarded_at is not None
    assert actions(project) == [
        "project.created",
        "project.submitted",
        "project.published",
        "project.closed",
        "project.evaluation_started",
        "project.awarded",
    ]


def test_officials_of_another_agency_cannot_act(
    official, approver, other_agency_official, reference_data
):
    project = new_draft(official)
    for service in (services.submit_for_review,):
        with pytest.raises(PermissionDenied):
            service(project, by=other_agency_official)
    services.submit_for_review(project, by=official)
    with pytest.raises(PermissionDenied):
        services.publish_project(project, by=other_agency_official)
    with pytest.raises(PermissionDenied):
        services.cancel_project(project, by=other_agency_official, reason="Not ours")
    with pytest.raises(PermissionDenied):
        services.update_draft(project, by=other_agency_official, values={"title": "Hijacked"})
    project.refresh_from_db()
    assert project.status == Status.IN_REVIEW


@pytest.mark.parametrize(
    ("status", "service"),
    [
        (Status.DRAFT, services.publish_project),
        (Status.DRAFT, services.start_evaluation),
        (Status.IN_REVIEW, services.submit_for_review),
        (Status.PUBLISHED, services.submit_for_review),
        (Status.PUBLISHED, functools.partial(services.award_project, bid=None)),
        (Status.CLOSED, services.publish_project),
        (Status.CLOSED, functools.partial(services.award_project, bid=None)),
        (Status.AWARDED, services.start_evaluation),
    ],
)
def test_illegal_transitions_are_refused_with_a_clear_message(
    approver, reference_data, status, service
):
    project = make_project(status=status)
    with pytest.raises(DomainError, match="cannot become"):
        service(project, by=approver)
    project.refresh_from_db()
    assert project.status == status


def test_bids_are_not_opened_before_the_closing_time(official, reference_data):
    project = make_project(status=Status.PUBLISHED)
    with pytest.raises(DomainError, match="before the closing time"):
        services.start_evaluation(project, by=official)
    project.refresh_from_db()
    assert project.status == Status.PUBLISHED


def test_cancel_needs_a_reason_and_works_at_any_stage_before_the_award(official, reference_data):
    for status in (Status.DRAFT, Status.IN_REVIEW, Status.PUBLISHED, Status.CLOSED):
        project = make_project(status=status)
        with pytest.raises(DomainError) as refused:
            services.cancel_project(project, by=official, reason="   ")
        assert "reason" in refused.value.message_dict
        services.cancel_project(project, by=official, reason="Licence area under dispute")
        project.refresh_from_db()
        assert project.status == Status.CANCELLED
        assert project.cancellation_reason == "Licence area under dispute"
    awarded = make_project(status=Status.AWARDED)
    with pytest.raises(DomainError, match="cannot become"):
        services.cancel_project(awarded, by=official, reason="Too late")


def test_return_to_draft_needs_a_reason(official, approver, reference_data):
    project = new_draft(official)
    services.submit_for_review(project, by=official)
    with pytest.raises(DomainError):
        services.return_to_draft(project, by=approver, reason="")
    services.return_to_draft(project, by=approver, reason="Add the water supply plan")
    assert project.status == Status.DRAFT
    assert project.submitted_by is None
    # Resubmitted by the approver, the author still may not approve (they created it): a
    # third official of the agency does.
    services.submit_for_review(project, by=approver)
    with pytest.raises(PermissionDenied, match="you created"):
        services.publish_project(project, by=official)
    services.publish_project(project, by=OfficialFactory(agency=official.agency))
    assert project.status == Status.PUBLISHED


def test_only_drafts_are_edited(official, approver, reference_data):
    project = new_draft(official)
    services.update_draft(project, by=official, values={"title": "Saindak phase II"})
    assert Project.objects.get(pk=project.pk).title == "Saindak phase II"
    services.submit_for_review(project, by=official)
    with pytest.raises(DomainError, match="Only drafts"):
        services.update_draft(project, by=official, values={"title": "Sneaky"})
    assert Project.objects.get(pk=project.pk).title == "Saindak phase II"


def test_publication_needs_a_week_of_bidding(official, approver, reference_data):
    project = new_draft(official, bid_closes_at=timezone.now() + timedelta(days=8))
    services.submit_for_review(project, by=official)
    # The review took longer than the margin: the week is counted from publication.
    Project.objects.filter(pk=project.pk).update(bid_closes_at=timezone.now() + timedelta(days=6))
    project.refresh_from_db()
    with pytest.raises(DomainError) as refused:
        services.publish_project(project, by=approver)
    assert "bid_closes_at" in refused.value.message_dict
    project.refresh_from_db()
    assert project.status == Status.IN_REVIEW


def test_closing_by_hand_waits_for_the_deadline(official, reference_data):
    project = make_project(status=Status.PUBLISHED)
    with pytest.raises(DomainError, match="cancel it"):
        services.close_project(project, by=official)
    Project.objects.filter(pk=project.pk).update(
        bid_closes_at=timezone.now() - timedelta(minutes=1),
        published_at=timezone.now() - timedelta(days=10),
    )
    project.refresh_from_db()
    services.close_project(project, by=official)
    assert project.status == Status.CLOSED
    event = AuditEvent.objects.get(action="project.closed", target_id=str(project.pk))
    assert event.actor == official
    assert event.data == {"automatic": False}


def test_automatic_closing_is_idempotent(reference_data):
    now = timezone.now()
    due = make_project(
        status=Status.PUBLISHED,
        published_at=now - timedelta(days=10),
        bid_opens_at=now - timedelta(days=10),
        bid_closes_at=now - timedelta(minutes=5),
    )
    not_yet = make_project(status=Status.PUBLISHED, bid_closes_at=now + timedelta(days=9))
    draft_past_deadline = make_project(
        status=Status.DRAFT,
        bid_opens_at=now - timedelta(days=10),
        bid_closes_at=now - timedelta(days=1),
    )
    assert services.close_due_projects(now=now) == [due.pk]
    assert services.close_due_projects(now=now) == []
    statuses = dict(Project.objects.values_list("pk", "status"))
    assert statuses == {
        due.pk: Status.CLOSED,
        not_yet.pk: Status.PUBLISHED,
        draft_past_deadline.pk: Status.DRAFT,
    }
    event = AuditEvent.objects.get(action="project.closed")
    assert event.actor is None
    assert event.data == {"automatic": True}


def test_the_beat_task_is_scheduled_and_closes_due_projects(settings, reference_data):
    from projects.tasks import close_due_projects

    schedule = settings.CELERY_BEAT_SCHEDULE["close-due-projects"]
    assert schedule["task"] == close_due_projects.name
    now = timezone.now()
    due = make_project(
        status=Status.PUBLISHED,
        published_at=now - timedelta(days=10),
        bid_opens_at=now - timedelta(days=10),
        bid_closes_at=now - timedelta(minutes=1),
    )
    assert close_due_projects.delay().get(timeout=5) == [due.pk]
    due.refresh_from_db()
    assert due.status == Status.CLOSED


# --- Amendments ----------------------------------------------------------------------------


def test_amendment_records_what_changed_and_why(official, approver, reference_data):
    project = make_project(status=Status.PUBLISHED)
    old_deadline = project.bid_closes_at
    proposal = services.amend_project(
        project,
        by=official,
        reason="More time for site visits",
        values={"bid_closes_at": old_deadline + timedelta(days=14), "grade": "0.4% Cu, 0.3 g/t Au"},
        criteria=[Criterion("Technical capability", 70), Criterion("Financial offer", 30)],
    )
    amendment = services.approve_amendment(proposal, by=approver)
    assert set(amendment.changes) == {"bid_closes_at", "grade", "evaluation_criteria"}
    assert amendment.changes["grade"]["to"] == "0.4% Cu, 0.3 g/t Au"
    assert "Technical capability 70%" in amendment.changes["evaluation_criteria"]["to"]
    project.refresh_from_db()
    assert project.bid_closes_at == old_deadline + timedelta(days=14)
    assert actions(project)[-1] == "project.amended"


def test_amendment_cannot_move_the_deadline_earlier(official, reference_data):
    project = make_project(status=Status.PUBLISHED)
    with pytest.raises(DomainError) as refused:
        services.amend_project(
            project,
            by=official,
            reason="Hurry",
            values={"bid_closes_at": project.bid_closes_at - timedelta(days=1)},
        )
    assert "bid_closes_at" in refused.value.message_dict
    assert not Amendment.objects.exists()


def test_amendment_needs_a_reason_a_change_and_a_published_project(official, reference_data):
    project = make_project(status=Status.PUBLISHED)
    with pytest.raises(DomainError):
        services.amend_project(project, by=official, reason="", values={"grade": "1%"})
    with pytest.raises(DomainError, match="Nothing was changed"):
        services.amend_project(project, by=official, reason="No-op", values={"grade": ""})
    draft = make_project(status=Status.DRAFT)
    with pytest.raises(DomainError, match="Only a project open for bids"):
        services.amend_project(draft, by=official, reason="Why", values={"grade": "1%"})
    assert not Amendment.objects.exists()


def test_amendment_by_another_agency_is_refused(other_agency_official, reference_data):
    project = make_project(status=Status.PUBLISHED)
    with pytest.raises(PermissionDenied):
        services.amend_project(
            project, by=other_agency_official, reason="Ours now", values={"grade": "9%"}
        )


def test_the_service_refreshes_the_callers_instance(official, approver, reference_data):
    """Callers keep using their object after a transition: it must not go stale."""
    project = new_draft(official)
    stale_copy = Project.objects.get(pk=project.pk)
    services.submit_for_review(project, by=official)
    assert project.status == Status.IN_REVIEW
    # A second official acting on an old copy still sees the locked, current row.
    services.publish_project(stale_copy, by=approver)
    assert stale_copy.status == Status.PUBLISHED


def test_another_official_of_the_agency_can_manage(official, moe_pd, reference_data):
    colleague = OfficialFactory(username="colleague", agency=moe_pd)
    project = new_draft(official)
    services.update_draft(project, by=colleague, values={"grade": "0.5% Cu"})
    services.submit_for_review(project, by=colleague)
    third = OfficialFactory(username="third", agency=moe_pd)
    services.publish_project(project, by=third)
    assert project.status == Status.PUBLISHED
