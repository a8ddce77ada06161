"""Concurrent bidding on PostgreSQL: real transactions in parallel threads, each with its own
connection. Two simultaneous submissions by one firm end with one bid; a submission racing
the closing of the project either lands before it or is refused."""

from __future__ import annotations

import threading

import celery._state as celery_state
import pytest
from django.db import connection, connections

from emining.services import DomainError
from projects import services
from projects.models import Bid, BidParticipant, Project
from tests.factories import make_offer, make_project

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL (CI runs it)"
    ),
]


def _run_together(*calls):
    """Start the calls at the same moment in threads; return (results, errors)."""
    barrier = threading.Barrier(len(calls))
    results, errors = [], []

    def run(call):
        try:
            barrier.wait()
            results.append(call())
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    # Tasks run eagerly in tests (after each commit, here in parallel threads), and Celery's
    # eager mode keeps a process-wide "joining would block" flag that parallel threads can
    # leave set (save/restore races): put it back, or later tests could not wait on a result.
    # Production sends tasks to the broker and never runs them in web threads.
    celery_state._set_task_join_will_block(False)
    return results, errors


def test_two_simultaneous_submissions_by_one_firm_end_with_one_bid(
    reference_data, official, verified_member, cn_firm_owner
):
    project = make_project(status="published")
    results, errors = _run_together(
        lambda: services.submit_bid(project, by=verified_member, offer=make_offer()),
        lambda: services.submit_bid(project, by=cn_firm_owner, offer=make_offer(local_jobs=9)),
    )
    assert len(results) == 1
    assert len(errors) == 1
    assert isinstance(errors[0], DomainError)
    assert Bid.objects.count() == 1
    assert BidParticipant.objects.filter(active=True).count() == 1


def test_many_firms_bid_at_once_on_one_project(reference_data, official):
    from tests.factories import FirmFactory, make_firm_member

    project = make_project(status="published")
    members = [
        make_firm_member(FirmFactory(name=f"Concurrent Firm {i}"), username=f"concurrent{i}")
        for i in range(8)
    ]
    _results, errors = _run_together(
        *(
            (lambda member=member: services.submit_bid(project, by=member, offer=make_offer()))
            for member in members
        )
    )
    assert errors == []
    assert Bid.objects.filter(project=project).count() == 8


def test_a_submission_racing_the_closing_lands_before_it_or_is_refused(
    reference_data, official, verified_member
):
    """The beat task's close and a submission take the same row lock: the bid exists only if
    it committed before the project closed."""
    from datetime import timedelta

    from django.utils import timezone

    project = make_project(status="published")
    # Closing time a moment away: whichever runs first decides.
    Project.objects.filter(pk=project.pk).update(
        published_at=timezone.now() - timedelta(days=10),
        bid_opens_at=timezone.now() - timedelta(days=10),
        bid_closes_at=timezone.now() + timedelta(milliseconds=150),
    )
    project.refresh_from_db()

    def close_when_due():
        while not services.close_due_projects():
            pass
        return "closed"

    _results, errors = _run_together(
        close_when_due,
        lambda: services.submit_bid(project, by=verified_member, offer=make_offer()),
    )
    project.refresh_from_db()
    assert project.status == "closed"
    bid = Bid.objects.first()
    if bid is not None:  # the submission won the lock: it was made before the closing time
        assert bid.submitted_at < project.bid_closes_at
        assert errors == []
    else:
        assert len(errors) == 1
        assert isinstance(errors[0], DomainError)


def test_firms_revise_their_bids_on_one_project_at_once(reference_data, official):
    """Each revision share-locks the project and locks only its own bid: no firm waits for
    another, and none deadlocks."""
    from tests.factories import FirmFactory, make_firm_member

    project = make_project(status="published")
    members = [
        make_firm_member(FirmFactory(name=f"Revising Firm {i}"), username=f"reviser{i}")
        for i in range(6)
    ]
    bids = [services.submit_bid(project, by=m, offer=make_offer()).bid for m in members]
    results, errors = _run_together(
        *(
            (
                lambda member=member, bid=bid: services.revise_bid(
                    bid, by=member, offer=make_offer(local_jobs=7)
                )
            )
            for member, bid in zip(members, bids, strict=True)
        )
    )
    assert errors == []
    assert len(results) == 6
    assert set(Bid.objects.filter(project=project).values_list("version", flat=True)) == {2}
