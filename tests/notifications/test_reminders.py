"""Reminders written by beat: bidding deadlines (7 days and 1 day before closing, to the firms
that showed interest, were invited or bid), overdue lead follow-ups, MoU milestones due. Each
is written once however often the task runs, skips what was deleted or closed, and costs the
same number of queries for 2 recipients as for 20."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from emining.celery import app as celery_app
from emining.models import User
from emining.notifications.models import Notification
from emining.notifications.rendering import render
from firms.models import Firm
from matchmaking import tasks
from matchmaking.models import BidInvitation, Lead, MatchFeedback, MoU
from matchmaking.services import mous as mou_services
from matchmaking.services import reminders
from projects import services as project_services
from projects.models import Project
from tests.factories import FirmFactory, OfficialFactory, make_firm_member, make_project
from tests.matchmaking.leads import make_lead
from tests.matchmaking.mous import make_mou
from tests.projects.bidding import submit

pytestmark = pytest.mark.django_db


def firm_with_members(name: str, count: int = 1, **fields) -> tuple[Firm, list[User]]:
    firm = FirmFactory(name=name, **fields)
    slug = name.lower().replace(" ", "-")
    members = [make_firm_member(firm, username=f"{slug}-{n}") for n in range(count)]
    return firm, members


def closing_in(delta: timedelta, **fields) -> Project:
    return make_project(bid_closes_at=timezone.now() + delta, **fields)


def interested(firm: Firm, project: Project) -> None:
    MatchFeedback.objects.create(firm=firm, project=project, verdict="interested")


def reminded(kind: str = "bid_deadline") -> set[tuple[str, str]]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient__username", "key"))


# --- Bidding deadlines -------------------------------------------------------------------------


def test_the_windows_seven_days_and_one_day_before_closing(reference_data):
    firm, (member,) = firm_with_members("Window Firm")
    seven = closing_in(timedelta(days=6, hours=23))
    eight = closing_in(timedelta(days=8))
    between = closing_in(timedelta(days=1, hours=1))
    last_day = closing_in(timedelta(hours=12))
    for project in (seven, eight, between, last_day):
        interested(firm, project)

    tasks.remind_bid_deadlines.delay().get()

    assert reminded() == {
        (member.username, f"deadline:{seven.pk}:7d"),
        (member.username, f"deadline:{last_day.pk}:1d"),
    }
    # Six days on, the first project is in the one-day window: a second, different reminder.
    in_six_days = timezone.now() + timedelta(days=6)
    assert reminders.remind_bid_deadlines(now=in_six_days).by_item == {f"{seven.pk}:1d": 1}
    # The 8-day project is reminded once it enters its last week.
    tomorrow = timezone.now() + timedelta(days=1, hours=1)
    assert reminders.remind_bid_deadlines(now=tomorrow).by_item == {f"{eight.pk}:7d": 1}


def test_only_interested_invited_and_bidding_firms_hear_of_a_deadline(reference_data, official):
    project = closing_in(timedelta(days=6, hours=12))
    keen, keen_members = firm_with_members("Keen Firm", 2)
    invited, (invited_member,) = firm_with_members("Invited Firm")
    _bidder, (bidder_member,) = firm_with_members("Bidder Firm")
    _quitter, (quitter_member,) = firm_with_members("Quitter Firm")
    dismissive, _dismissive_members = firm_with_members("Dismissive Firm")
    firm_with_members("Unrelated Firm")
    interested(keen, project)
    User.objects.filter(pk=keen_members[1].pk).update(is_active=False)
    MatchFeedback.objects.create(firm=dismissive, project=project, verdict="dismissed")
    BidInvitation.objects.create(project=project, firm=invited, by=official)
    submit(project, bidder_member)
    withdrawn = submit(project, quitter_member)
    project_services.withdraw_bid(withdrawn, by=quitter_member)
    # Interest in another project does not count for this one.
    other = closing_in(timedelta(days=20))
    interested(dismissive, other)

    written = reminders.remind_bid_deadlines().written

    assert written == 3
    assert {username for username, _key in reminded()} == {
        keen_members[0].username,
        invited_member.username,
        bidder_member.username,
    }


def test_a_deadline_reminder_is_written_once_when_the_task_runs_twice(
    reference_data, django_capture_on_commit_callbacks, mailoutbox
):
    firm, (member,) = firm_with_members("Twice Firm")
    project = closing_in(timedelta(days=6, hours=20))
    interested(firm, project)

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.remind_bid_deadlines.delay().get() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.remind_bid_deadlines.delay().get() == 0

    notice = Notification.objects.get(kind="bid_deadline")
    assert notice.key == f"deadline:{project.pk}:7d"
    member.refresh_from_db()
    assert member.unread_notifications == 1
    assert len(mailoutbox) == 1
    assert project.reference in mailoutbox[0].subject
    assert "7 days" in mailoutbox[0].subject


def test_deleted_closed_and_cancelled_projects_are_skipped_quietly(reference_data):
    firm, _members = firm_with_members("Skipped Firm")
    closed = closing_in(timedelta(hours=10))
    interested(firm, closed)
    Project.objects.filter(pk=closed.pk).update(status="closed", closed_at=timezone.now())
    cancelled = closing_in(timedelta(days=6, hours=10))
    interested(firm, cancelled)
    Project.objects.filter(pk=cancelled.pk).update(
        status="cancelled", cancelled_at=timezone.now(), cancellation_reason="Test."
    )
    gone = closing_in(timedelta(days=6, hours=10))
    gone_id = gone.pk
    gone.minerals.clear()
    gone.evaluation_criteria.all().delete()
    gone.delete()

    assert reminders.remind_bid_deadlines().items == 0
    # Listed by one run and gone, or closed, by the time it is written: nothing, no error.
    assert reminders.remind_project_deadline(gone_id, "7d") == 0
    assert reminders.remind_project_deadline(closed.pk, "1d") == 0
    assert reminders.remind_project_deadline(cancelled.pk, "7d") == 0
    assert not Notification.objects.exists()


def test_a_deadline_run_costs_the_same_queries_for_2_or_20_recipients(reference_data):
    def run_with(count: int, name: str) -> int:
        Notification.objects.all().delete()
        project = closing_in(timedelta(days=6, hours=6), title=name)
        firm, _members = firm_with_members(name, count)
        interested(firm, project)
        with CaptureQueriesContext(connection) as queries:
            written = reminders.remind_project_deadline(project.pk, "7d")
        assert written == count
        Project.objects.filter(pk=project.pk).update(
            status="cancelled", cancelled_at=timezone.now(), cancellation_reason="Done."
        )
        return len(queries)

    small = run_with(2, "Small Firm")
    large = run_with(20, "Large Firm")
    # The savepoint and its release, the lock, the recipients, their preferences, one insert,
    # the rows written, the badges.
    assert small == large == 8


def test_a_reminder_reads_in_each_recipients_language(reference_data):
    firm, (english, chinese, urdu) = firm_with_members("Language Firm", 3)
    User.objects.filter(pk=chinese.pk).update(preferred_language="zh-hans")
    User.objects.filter(pk=urdu.pk).update(preferred_language="ur")
    project = closing_in(timedelta(hours=20), title_zh="雷科迪克铜矿")
    interested(firm, project)
    reminders.remind_bid_deadlines()

    subjects = {
        n.recipient.username: render(n).subject
        for n in Notification.objects.select_related("recipient")
    }
    assert subjects[english.username] == f"Bidding on project {project.reference} closes in 1 day"
    assert "1" in subjects[chinese.username]
    assert project.reference in subjects[chinese.username]
    assert subjects[chinese.username] != subjects[english.username]
    assert subjects[urdu.username] != subjects[english.username]
    body = render(Notification.objects.get(recipient=chinese)).text
    assert "雷科迪克铜矿" in body


# --- Lead follow-ups ----------------------------------------------------------------------------


def overdue(lead: Lead, days: int = 2, action: str = "Call about the smelter study") -> Lead:
    Lead.objects.filter(pk=lead.pk).update(
        next_action=action, next_action_due=timezone.localdate() - timedelta(days=days)
    )
    lead.refresh_from_db()
    return lead


def test_overdue_leads_are_told_to_their_owners_once(official, approver, cn_firm):
    mine = overdue(make_lead(official, firm=cn_firm))
    theirs = overdue(make_lead(official, owner=approver))
    due_today = make_lead(official)
    Lead.objects.filter(pk=due_today.pk).update(
        next_action="Send the brochure", next_action_due=timezone.localdate()
    )
    lost = overdue(make_lead(official, stage="lost"))
    unowned = overdue(make_lead(official))
    Lead.objects.filter(pk=unowned.pk).update(owner=None)

    assert tasks.remind_overdue_leads.delay().get() == 2
    assert tasks.remind_overdue_leads.delay().get() == 0

    assert reminded("lead_follow_up_overdue") == {
        (official.username, f"lead-overdue:{mine.pk}:{mine.next_action_due.isoformat()}"),
        (approver.username, f"lead-overdue:{theirs.pk}:{theirs.next_action_due.isoformat()}"),
    }
    assert not Notification.objects.filter(key__startswith=f"lead-overdue:{lost.pk}:").exists()
    notice = Notification.objects.get(recipient=official)
    rendered = render(notice)
    assert mine.reference in rendered.subject
    assert "Call about the smelter study" in rendered.text
    assert cn_firm.name in rendered.text

    # A new due date that passes in turn is a new reminder.
    overdue(mine, days=1, action="Call again")
    assert reminders.remind_overdue_leads().written == 1
    # A lead gone since it was listed is skipped quietly.
    assert reminders.remind_lead_follow_up(999_999) == 0


# --- MoU milestones ----------------------------------------------------------------------------


def test_milestones_due_and_overdue_reach_the_agency_officials_once(
    official, approver, other_agency_official, cn_firm, moe_pd
):
    mou = make_mou(official, cn_firm, moe_pd, status="in_implementation")
    today = timezone.localdate()

    def milestone(title: str, due_in: int):
        return mou_services.add_milestone(
            mou, by=official, title=title, due_on=today + timedelta(days=due_in)
        )

    soon = milestone("Feasibility study", 5)
    late = milestone("Joint survey", -3)
    milestone("Plant design", 20)
    done = milestone("Site visit", 2)
    mou_services.complete_milestone(done, by=official)

    officials = set(
        User.objects.filter(role="official", agency=moe_pd).values_list("username", flat=True)
    )
    assert {official.username, approver.username} <= officials
    # Two milestones, each to every official of the agency; once.
    assert tasks.remind_due_milestones.delay().get() == 2 * len(officials)
    assert tasks.remind_due_milestones.delay().get() == 0

    keys = {key for _username, key in reminded("mou_milestone_due")}
    assert keys == {
        f"milestone:{soon.pk}:{soon.due_on.isoformat()}:soon",
        f"milestone:{late.pk}:{late.due_on.isoformat()}:overdue",
    }
    assert {u for u, _key in reminded("mou_milestone_due")} == officials
    assert other_agency_official.username not in officials
    overdue_notice = Notification.objects.get(recipient=official, key__endswith=":overdue")
    assert "overdue" in render(overdue_notice).subject
    assert "Joint survey" in render(overdue_notice).text

    # The soon-due milestone passes its date: told once more, as overdue.
    later = today + timedelta(days=6)
    assert reminders.remind_due_milestones(today=later).written == len(officials)
    assert reminders.remind_due_milestones(today=later).written == 0


def test_milestones_of_a_finished_mou_and_deleted_ones_are_skipped(official, cn_firm, moe_pd):
    mou = make_mou(official, cn_firm, moe_pd, status="signed")
    milestone = mou_services.add_milestone(
        mou, by=official, title="Survey", due_on=timezone.localdate() + timedelta(days=1)
    )
    MoU.objects.filter(pk=mou.pk).update(
        status="terminated", terminated_at=timezone.now(), termination_reason="Withdrawn."
    )
    assert reminders.remind_due_milestones().items == 0
    assert reminders.remind_milestone(milestone.pk) == 0
    assert reminders.remind_milestone(999_999) == 0
    assert not Notification.objects.exists()


def test_a_milestone_reminder_costs_the_same_queries_for_2_or_12_officials(
    official, cn_firm, moe_pd
):
    mou = make_mou(official, cn_firm, moe_pd, status="signed")
    first = mou_services.add_milestone(
        mou, by=official, title="One", due_on=timezone.localdate() + timedelta(days=1)
    )
    second = mou_services.add_milestone(
        mou, by=official, title="Two", due_on=timezone.localdate() + timedelta(days=2)
    )
    before = User.objects.filter(role="official", agency=moe_pd).count()
    with CaptureQueriesContext(connection) as few:
        assert reminders.remind_milestone(first.pk) == before
    for n in range(10):
        OfficialFactory(username=f"more_official_{n}", agency=moe_pd)
    with CaptureQueriesContext(connection) as many:
        assert reminders.remind_milestone(second.pk) == before + 10
    assert len(few) == len(many) == 8


# --- Beat ---------------------------------------------------------------------------------------


def test_the_beat_schedule_names_registered_tasks(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE
    expected = {
        "close-due-projects": "projects.close_due_projects",
        "sweep-notifications": "notifications.sweep",
        "daily-digests": "notifications.daily_digest",
        "weekly-digests": "notifications.weekly_digest",
        "recompute-matches": "matchmaking.recompute_all_matches",
        "remind-bid-deadlines": "matchmaking.remind_bid_deadlines",
        "remind-overdue-leads": "matchmaking.remind_overdue_leads",
        "remind-due-milestones": "matchmaking.remind_due_milestones",
    }
    assert {name: entry["task"] for name, entry in schedule.items()}.items() >= expected.items()
    celery_app.loader.import_default_modules()
    for entry in schedule.values():
        assert entry["task"] in celery_app.tasks, entry["task"]
