"""The database guards the project invariants even when code forgets: each constraint bites."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from projects.models import Amendment, AmendmentProposal, EvaluationCriterion, Project
from tests.factories import OfficialFactory, make_project

pytestmark = pytest.mark.django_db

Status = Project.Status


def violates(project: Project, **changes) -> bool:
    try:
        with transaction.atomic():
            Project.objects.filter(pk=project.pk).update(**changes)
    except IntegrityError:
        return True
    return False


@pytest.mark.parametrize(
    "changes",
    [
        {"investment_usd": 0},
        {"area_km2": 0},
        {"latitude": 40.0},
        {"longitude": 59.0},
        {"status": Status.PUBLISHED},  # no publication stamp
        {"status": Status.CLOSED},  # no closing stamp
        {"status": Status.AWARDED},
        {"status": Status.CANCELLED},  # no reason, no time
    ],
)
def test_draft_constraints(reference_data, changes):
    project = make_project(status=Status.DRAFT)
    assert violates(project, **changes), changes


def test_timing_constraints(reference_data):
    project = make_project(status=Status.PUBLISHED)
    assert violates(project, bid_closes_at=project.bid_opens_at)
    # Bids close at least 7 days after publication.
    assert violates(project, bid_closes_at=project.published_at + timedelta(days=6))
    assert not violates(project, bid_closes_at=project.published_at + timedelta(days=7))


def test_four_eyes_in_the_database(reference_data):
    creator, editor, submitter, approver = (
        OfficialFactory(username=name) for name in ("creator", "editor", "submitter", "approver")
    )
    project = make_project(
        status=Status.PUBLISHED,
        created_by=creator,
        last_edited_by=editor,
        submitted_by=submitter,
        published_by=approver,
    )
    assert violates(project, published_by=submitter)
    assert violates(project, published_by=creator)
    assert violates(project, published_by=editor)
    assert not violates(project, published_by=OfficialFactory(username="other"))


def test_amendment_four_eyes_in_the_database(reference_data):
    project = make_project(status=Status.PUBLISHED)
    proposer = project.created_by
    with pytest.raises(IntegrityError), transaction.atomic():
        Amendment.objects.create(
            project=project, created_by=proposer, reason="R", approved_by=proposer
        )
    pending = AmendmentProposal.objects.create(project=project, created_by=proposer, reason="R")
    with pytest.raises(IntegrityError), transaction.atomic():  # one pending at a time
        AmendmentProposal.objects.create(project=project, created_by=proposer, reason="R2")
    now = timezone.now()
    rows = AmendmentProposal.objects.filter(pk=pending.pk)
    for changes in (
        {"status": "approved"},  # no decision stamps
        {"status": "approved", "decided_by": proposer, "decided_at": now},  # four eyes
        {"status": "rejected", "decided_by": project.published_by, "decided_at": now},  # no why
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            rows.update(**changes)
    rows.update(
        status="rejected",
        decided_by=project.published_by,
        decided_at=now,
        rejection_reason="Not agreed.",
    )


def test_cancellation_needs_a_reason(reference_data):
    project = make_project(status=Status.PUBLISHED)
    assert violates(
        project, status=Status.CANCELLED, cancelled_at=timezone.now(), cancellation_reason=""
    )
    assert not violates(
        project, status=Status.CANCELLED, cancelled_at=timezone.now(), cancellation_reason="Why"
    )


def test_reference_is_unique(reference_data):
    first = make_project(status=Status.DRAFT)
    second = make_project(status=Status.DRAFT)
    assert violates(second, reference=first.reference)


def test_criterion_constraints(reference_data):
    project = make_project(status=Status.DRAFT)
    criterion = project.evaluation_criteria.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        EvaluationCriterion.objects.filter(pk=criterion.pk).update(weight=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        EvaluationCriterion.objects.create(project=project, name=criterion.name, weight=10)
