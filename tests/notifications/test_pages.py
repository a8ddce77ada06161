"""The notification centre and the settings page: own rows only, pinned queries, refusals."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from emining.notifications.models import Notification, NotificationPreference
from emining.notifications.registry import all_kinds
from emining.notifications.services import notify

pytestmark = pytest.mark.django_db

CONTEXT = {"reference": "PMP-2026-0042", "title": "Reko Diq", "title_zh": "雷科迪克"}
URL = "/en/projects/PMP-2026-0042/"


def write(user, count: int) -> None:
    for _ in range(count):
        notify("bidding_closed", [user], context=CONTEXT, url=URL)
    user.refresh_from_db()


@pytest.mark.parametrize("count", [1, 25])
def test_the_list_costs_the_same_queries_for_any_number(
    client, firm_member, count, django_assert_num_queries
):
    write(firm_member, count)
    client.force_login(firm_member)
    # session, user, the firm menu, count and page of rows (the badge: the user row)
    with django_assert_num_queries(5):
        response = client.get(reverse("notifications:list"))
    assert response.status_code == 200
    assert response.content.decode().count('<li class="list-group-item') == min(count, 20)
    assert f'<bdi>{count}</bdi><span class="visually-hidden">' in response.content.decode()


def test_the_list_in_chinese(client, firm_member):
    write(firm_member, 1)
    client.force_login(firm_member)
    response = client.get("/zh-hans/notifications/")
    assert response.status_code == 200
    assert "PMP-2026-0042" in response.content.decode()


def test_the_header_badge_costs_no_query(client, firm_member, django_assert_num_queries):
    client.force_login(firm_member)
    client.get("/en/")  # warm caches of the home page
    with CaptureQueriesContext(connection) as before:
        client.get("/en/")
    write(firm_member, 3)
    with django_assert_num_queries(len(before.captured_queries)):
        response = client.get("/en/")
    assert "<bdi>3</bdi>" in response.content.decode()


def test_empty_state_and_anonymous(client, firm_member):
    assert client.get(reverse("notifications:list")).status_code == 302
    client.force_login(firm_member)
    assert "No notifications yet" in client.get(reverse("notifications:list")).content.decode()
    assert client.get(reverse("notifications:list") + "?page=9").status_code == 404


def test_mark_one_then_all_read(client, firm_member, official):
    write(firm_member, 3)
    mine = Notification.objects.filter(recipient=firm_member).first()
    client.force_login(official)
    assert client.post(reverse("notifications:read", args=[mine.pk])).status_code == 404
    client.force_login(firm_member)
    response = client.post(reverse("notifications:read", args=[mine.pk]), {"open": "1"})
    assert response.status_code == 302
    assert response["Location"] == URL
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert client.get(reverse("notifications:read-all")).status_code == 405
    client.post(reverse("notifications:read-all"))
    firm_member.refresh_from_db()
    assert firm_member.unread_notifications == 0
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_preferences_form_saves_and_refuses_unknown_kinds(client, firm_member):
    client.force_login(firm_member)
    page = client.get(reverse("notifications:preferences"))
    assert page.status_code == 200
    assert "Bids opened on a project you bid for" in page.content.decode()
    data = {"bids_opened-in_app": "on", "bids_opened-frequency": "weekly"}
    # Every other registered kind keeps its defaults (the form has a row for each).
    for name in (kind.name for kind in all_kinds() if kind.name != "bids_opened"):
        data.update(
            {f"{name}-in_app": "on", f"{name}-email": "on", f"{name}-frequency": "immediate"}
        )
    response = client.post(reverse("notifications:preferences"), data)
    assert response.status_code == 302
    pref = NotificationPreference.objects.get(user=firm_member, kind="bids_opened")
    assert (pref.in_app, pref.email, pref.frequency) == (True, False, "weekly")
    # The receipt's email is fixed: a forged field changes nothing.
    assert NotificationPreference.objects.get(user=firm_member, kind="bid_receipt").email is True

    bad = client.post(reverse("notifications:preferences"), {**data, "made_up-email": "on"})
    assert bad.status_code == 400
    assert "Unknown kind of notification: made_up" in bad.content.decode()
    wrong = client.post(
        reverse("notifications:preferences"), {**data, "bids_opened-frequency": "hourly"}
    )
    assert wrong.status_code == 400
    assert 'class="form-select form-select-sm is-invalid"' in wrong.content.decode()
