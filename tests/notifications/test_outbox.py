"""The notifications outbox: preferences, languages, idempotent delivery, fan-out, digests,
the sweep, failures and the database's rules."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from emining.models import User
from emining.notifications import services
from emining.notifications.models import Notification, NotificationPreference
from emining.notifications.registry import Frequency, all_kinds
from emining.notifications.services import Choice, notify
from emining.notifications.tasks import (
    deliver_notifications,
    send_daily_digests,
    sweep_notifications,
)
from emining.services import DomainError

pytestmark = pytest.mark.django_db

Status = Notification.EmailStatus
CONTEXT = {
    "reference": "PMP-2026-0042",
    "title": "Reko Diq copper",
    "title_zh": "雷科迪克铜矿",
    "title_ur": "",
    "closed_at": timezone.now(),
}
URL = "/en/projects/PMP-2026-0042/"


def users(count: int, prefix: str = "u", **values) -> list[User]:
    return User.objects.bulk_create(
        [
            User(username=f"{prefix}{n}", email=f"{prefix}{n}@example.com", **values)
            for n in range(count)
        ]
    )


def test_every_app_kind_is_registered_with_templates():
    from django.template.loader import get_template

    names = {kind.name for kind in all_kinds()}
    assert {"clarification_answered", "bid_receipt", "bids_opened", "bid_awarded"} <= names
    assert "firm_verification_decided" in names
    for kind in all_kinds():
        get_template(f"{kind.template_prefix}_subject.txt")
        get_template(f"{kind.template_prefix}_body.txt")


def test_an_unknown_kind_is_refused(firm_member):
    with pytest.raises(ValueError, match="Unknown notification kind"):
        notify("no_such_kind", [firm_member], context={})
    with pytest.raises(DomainError):
        services.set_preferences(firm_member, {"no_such_kind": Choice(True, True, "daily")})
    assert not Notification.objects.exists()


def test_preferences_decide_what_is_written(django_capture_on_commit_callbacks):
    default, quiet, digest, nothing, no_address = users(5)
    no_address.email = ""
    no_address.save()
    inactive = users(1, "gone", is_active=False)[0]
    NotificationPreference.objects.bulk_create(
        [
            NotificationPreference(user=quiet, kind="bidding_closed", in_app=True, email=False),
            NotificationPreference(
                user=digest, kind="bidding_closed", in_app=False, frequency=Frequency.DAILY
            ),
            NotificationPreference(user=nothing, kind="bidding_closed", in_app=False, email=False),
            # Another kind's choice does not apply.
            NotificationPreference(user=default, kind="bids_opened", in_app=False, email=False),
        ]
    )
    with django_capture_on_commit_callbacks(execute=True):
        written = notify(
            "bidding_closed",
            [default, quiet, digest, nothing, no_address, inactive],
            context=CONTEXT,
            url=URL,
        )
    assert written == 4
    rows = {n.recipient_id: n for n in Notification.objects.all()}
    assert set(rows) == {default.pk, quiet.pk, digest.pk, no_address.pk}
    assert (rows[default.pk].in_app, rows[default.pk].email_status) == (True, Status.SENT)
    assert (rows[quiet.pk].in_app, rows[quiet.pk].email_status) == (True, Status.SKIPPED)
    assert (rows[digest.pk].in_app, rows[digest.pk].email_status) == (False, Status.DIGEST)
    assert rows[no_address.pk].email_status == Status.SKIPPED
    assert [message.to for message in mail.outbox] == [[default.email]]
    # The badge's counter follows the rows shown in the notification centre.
    counts = dict(User.objects.values_list("pk", "unread_notifications"))
    assert (counts[default.pk], counts[quiet.pk], counts[digest.pk]) == (1, 1, 0)


def test_a_required_email_ignores_the_preferences(firm_member, django_capture_on_commit_callbacks):
    NotificationPreference.objects.create(
        user=firm_member, kind="bid_receipt", in_app=False, email=False
    )
    context = {**CONTEXT, "version": 1, "submitted_at": timezone.now(), "receipt_digest": "ab12"}
    with django_capture_on_commit_callbacks(execute=True):
        notify("bid_receipt", [firm_member], context=context, url=URL)
    assert Notification.objects.get().email_status == Status.SENT
    assert len(mail.outbox) == 1


def test_each_reader_gets_their_language(django_capture_on_commit_callbacks):
    english, chinese, urdu = users(3)
    User.objects.filter(pk=chinese.pk).update(preferred_language="zh-hans")
    User.objects.filter(pk=urdu.pk).update(preferred_language="ur")
    context = {**CONTEXT, "version": 2, "submitted_at": timezone.now(), "receipt_digest": "ab12"}
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            "bid_receipt",
            User.objects.filter(pk__in=[english.pk, chinese.pk, urdu.pk]),
            context=context,
            url=URL,
        )
    by_address = {message.to[0]: message for message in mail.outbox}
    assert by_address[chinese.email].subject == "已收到 PMP-2026-0042 的投标（第 2 版）"
    assert "雷科迪克铜矿" in by_address[chinese.email].body  # the record's own Chinese title
    assert "/zh-hans/projects/PMP-2026-0042/" not in by_address[english.email].body
    assert by_address[english.email].subject == "Bid received for PMP-2026-0042 (version 2)"
    assert "Reko Diq copper" in by_address[urdu.email].body  # no Urdu title: English


def test_delivery_twice_emails_once(firm_member):
    notify("bidding_closed", [firm_member], context=CONTEXT, url=URL)  # not committed: no task
    batch = str(Notification.objects.get().batch)
    assert deliver_notifications(batch) == 1
    assert deliver_notifications(batch) == 0
    assert sweep_notifications() == 0
    assert len(mail.outbox) == 1
    row = Notification.objects.get()
    assert row.email_status == Status.SENT
    assert row.emailed_at is not None
    assert row.attempts == 1


def test_a_row_another_sender_holds_is_skipped_until_its_lease_ends(firm_member):
    notify("bidding_closed", [firm_member], context=CONTEXT, url=URL)
    Notification.objects.update(claimed_until=timezone.now() + timedelta(minutes=1))
    assert sweep_notifications() == 0
    # The holder died (kill -9): once the lease is over, the sweep sends it.
    later = timezone.now() + timedelta(minutes=2)
    assert services.deliver(now=later).sent == 1
    assert len(mail.outbox) == 1


def test_a_task_for_rows_that_are_gone_ends_quietly(firm_member):
    assert deliver_notifications(str(uuid.uuid4())) == 0
    notify("bidding_closed", [firm_member], context=CONTEXT, url=URL)
    batch = str(Notification.objects.get().batch)
    firm_member.delete()
    assert deliver_notifications(batch) == 0


class RefusingConnection:
    def send_messages(self, messages):
        raise OSError("Connection refused")


def test_a_failed_send_waits_longer_each_time_then_gives_up(firm_member, monkeypatch):
    notify("bidding_closed", [firm_member], context=CONTEXT, url=URL)
    monkeypatch.setattr(services, "get_connection", RefusingConnection)
    now = timezone.now()
    result = services.deliver(now=now)
    assert (result.sent, result.failed) == (0, 1)
    row = Notification.objects.get()
    assert row.email_status == Status.PENDING
    assert row.claimed_until == now + timedelta(seconds=60)
    assert "Connection refused" in row.last_error
    assert services.deliver(now=now + timedelta(seconds=30)).failed == 0  # still waiting
    for _attempt in range(2, services.MAX_ATTEMPTS + 1):
        now += timedelta(hours=7)
        services.deliver(now=now)
    row.refresh_from_db()
    assert (row.email_status, row.attempts) == (Status.FAILED, services.MAX_ATTEMPTS)


def test_fan_out_writes_in_constant_queries(django_assert_num_queries):
    few, many = users(3, "few"), users(60, "many")
    with django_assert_num_queries(4):  # recipients, preferences, insert, badge counters
        assert (
            notify(
                "bidding_closed",
                User.objects.filter(pk__in=[u.pk for u in few]),
                context=CONTEXT,
                url=URL,
            )
            == 3
        )
    with django_assert_num_queries(4):
        assert (
            notify(
                "bidding_closed",
                User.objects.filter(pk__in=[u.pk for u in many]),
                context=CONTEXT,
                url=URL,
            )
            == 60
        )
    assert Notification.objects.count() == 63


def test_a_key_writes_once_per_recipient(firm_member):
    for _ in range(2):
        notify("bidding_closed", [firm_member], context=CONTEXT, url=URL, key="project:1:closed")
    assert Notification.objects.count() == 1
    firm_member.refresh_from_db()
    assert firm_member.unread_notifications == 1


def test_reading_marks_and_the_badge(firm_member, official):
    for _ in range(3):
        notify("bidding_closed", [firm_member], context=CONTEXT, url=URL)
    firm_member.refresh_from_db()
    assert firm_member.unread_notifications == 3
    first = Notification.objects.filter(recipient=firm_member).first()
    assert services.mark_read(official, first.pk) is False  # not theirs
    assert services.mark_read(firm_member, first.pk) is True
    assert services.mark_read(firm_member, first.pk) is False
    assert firm_member.unread_notifications == 2
    assert services.mark_all_read(firm_member) == 2
    firm_member.refresh_from_db()
    assert firm_member.unread_notifications == 0
    assert services.recount_unread(firm_member) == 0


def test_digests_gather_a_users_waiting_notices_in_one_email(firm_member):
    services.set_preferences(firm_member, {"bidding_closed": Choice(True, True, Frequency.DAILY)})
    for reference in ("PMP-2026-0001", "PMP-2026-0002"):
        notify(
            "bidding_closed", [firm_member], context={**CONTEXT, "reference": reference}, url=URL
        )
    assert sweep_notifications() == 0  # digests wait for their day
    assert send_daily_digests() == 1
    assert send_daily_digests() == 0
    [message] = mail.outbox
    assert "PMP-2026-0001" in message.body
    assert "PMP-2026-0002" in message.body
    assert "2" in message.subject
    assert set(Notification.objects.values_list("email_status", flat=True)) == {Status.SENT}


def test_preferences_are_saved_and_audited(firm_member):
    services.set_preferences(firm_member, {"bids_opened": Choice(False, True, Frequency.WEEKLY)})
    services.set_preferences(firm_member, {"bids_opened": Choice(True, False, Frequency.WEEKLY)})
    pref = NotificationPreference.objects.get(user=firm_member)
    assert (pref.in_app, pref.email, pref.frequency) == (True, False, "weekly")
    from emining.audit import events_for

    assert events_for(firm_member).filter(action="notifications.preferences_changed").count() == 2


def violates(**changes) -> bool:
    try:
        with transaction.atomic():
            Notification.objects.update(**changes)
    except IntegrityError:
        return True
    return False


def test_constraints_bite(firm_member):
    notify("bidding_closed", [firm_member], context=CONTEXT, url=URL, key="k")
    assert violates(email_status="sent")  # sent, but never emailed
    assert violates(emailed_at=timezone.now())  # emailed, but pending
    assert violates(email_status="lost")
    assert violates(email_frequency="hourly")
    assert violates(in_app=False, email_status="skipped")
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(recipient=firm_member, kind="bidding_closed", key="k")
    with pytest.raises(IntegrityError), transaction.atomic():
        NotificationPreference.objects.bulk_create(
            [NotificationPreference(user=firm_member, kind="x", frequency="hourly")]
        )
