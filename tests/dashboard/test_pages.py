"""The dashboards' pages: the public one in three languages with the figures' tables, the
officials' one for officials only, and their query counts."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from emining.dashboard.figures import public_figures
from matchmaking.services import mous as mou_services
from tests.factories import UserFactory
from tests.matchmaking.mous import make_mou

pytestmark = pytest.mark.django_db

LANGUAGES = ("en", "zh-hans", "ur")


def figure(html: str, name: str) -> str:
    match = re.search(rf'data-figure="{name}">([^<]*)<', html)
    assert match, name
    return match.group(1)


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_dashboard_renders_in_every_language(client, world, language):
    response = client.get(f"/{language}/dashboard/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="dashboard-charts"' in html
    assert "vendor/chartjs/chart.umd.js" in html
    assert "<script>" not in html.replace('<script id="dashboard-charts"', "")  # CSP: no inline
    assert figure(html, "projects_open") == "3"
    assert figure(html, "bids_received") == "2"
    assert figure(html, "mous_signed") == "1"
    assert figure(html, "firms_verified") == "2"
    # Each chart is followed by a table of the same numbers, with its caption and headers.
    for table in ("trend", "stages", "regions", "minerals", "mous", "firms"):
        assert f'data-table="{table}"' in html
    assert html.count("<caption>") == 6
    assert 'scope="row"' in html
    if language == "ur":
        assert 'dir="rtl"' in html
        assert "<bdi data-figure" in html
        assert "شفافیت ڈیش بورڈ" in html
    if language == "zh-hans":
        assert "<title>透明度仪表板" in html  # the title, translated


def test_public_dashboard_shows_nothing_confidential(client, world):
    html = client.get("/en/dashboard/").content.decode()
    # The draft's 999 million, the confidential MoU's 900 million and the sealed offer.
    for secret in ("999", "900", "45 million", "Draft smelter"):
        assert secret not in html, secret


def test_page_and_api_show_the_same_figures(client, world):
    html = client.get("/en/dashboard/").content.decode()
    stats = client.get("/api/v1/stats/").json()
    assert stats == public_figures()
    for name in ("projects_open", "projects_published", "bids_received", "mous_signed"):
        assert figure(html, name) == str(stats["totals"][name]), name
    assert stats["totals"]["investment_committed_usd"] == 320_000_000
    assert figure(html, "investment_committed_usd") == "USD 320 million"


def test_public_dashboard_query_count_is_pinned(client, world, django_assert_num_queries):
    """Cold: the data version, the nine aggregates; warm: the data version only (another
    language renders the page again from the same figures)."""
    with django_assert_num_queries(10):
        assert client.get("/en/dashboard/").status_code == 200
    with django_assert_num_queries(1):
        assert client.get("/zh-hans/dashboard/").status_code == 200  # language-independent
    with django_assert_num_queries(1):
        assert client.get("/zh-hans/dashboard/").status_code == 200  # the page as rendered


def test_a_change_shows_up_at_once(client, world, official, pk_firm):
    """The cache is keyed by the data version the database bumps with each write."""
    before = client.get("/api/v1/stats/").json()["totals"]
    mou = make_mou(official, world.open_copper.agency, pk_firm, status="draft", title="Later MoU")
    assert client.get("/api/v1/stats/").json()["totals"] == before  # a draft is not counted
    mou_services.transition_mou(mou, "signed", by=official, effective_on=timezone.localdate())
    after = client.get("/api/v1/stats/").json()["totals"]
    assert after["mous_signed"] == before["mous_signed"] + 1
    from tests.factories import make_project

    make_project(title="Another open project", investment_usd=10_000_000)
    assert client.get("/api/v1/stats/").json()["totals"]["projects_open"] == 4


def test_officials_dashboard_is_for_officials_only(client, world, verified_member, administrator):
    response = client.get("/en/dashboard/internal/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    for user in (verified_member, administrator, UserFactory(username="plain_visitor")):
        client.force_login(user)
        assert client.get("/en/dashboard/internal/").status_code == 403, user


@pytest.mark.parametrize("language", LANGUAGES)
def test_officials_dashboard_shows_the_agency_pipeline(client, world, official, pk_firm, language):
    today = timezone.localdate()
    signed = make_mou(official, world.open_copper.agency, pk_firm, status="in_implementation")
    for title, days in (("Overdue survey", -3), ("Due feasibility study", 10), ("Later", 90)):
        mou_services.add_milestone(
            signed, by=official, title=title, due_on=today + timedelta(days=days)
        )
    client.force_login(official)
    response = client.get(f"/{language}/dashboard/internal/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert figure(html, "drafts") == "1"
    assert figure(html, "bids_awaiting_opening") == "1"  # the sealed bid: a count only
    assert figure(html, "firms_pending") == "1"
    assert "Overdue survey" in html
    assert "Due feasibility study" in html
    assert "Later" not in html.split('data-table="milestones"')[1].split("</table>")[0]
    assert signed.get_absolute_url() in html
    assert 'data-step="awarded"' in html


def test_officials_dashboard_query_count_is_pinned(
    client, world, official, django_assert_num_queries
):
    client.force_login(official)
    client.get("/en/dashboard/internal/")
    # Session and user, five figure queries (funnel, sealed bids, firms waiting, milestones
    # counted and listed), the agency's name.
    with django_assert_num_queries(8):
        assert client.get("/en/dashboard/internal/").status_code == 200


def test_the_public_dashboard_leads_officials_to_theirs(client, db, reference_data, official):
    internal = "/en/dashboard/internal/"
    assert internal not in client.get("/en/dashboard/").content.decode()
    assert 'href="/en/dashboard/"' in client.get("/en/").content.decode()  # the footer
    client.force_login(official)
    assert internal in client.get("/en/dashboard/").content.decode()


def test_the_page_follows_a_change_at_once(client, world, official, pk_firm):
    """The rendered figures are kept per process and in the cache under the data version:
    a counted write shows on the next request."""
    page = client.get("/en/dashboard/").content.decode()
    before = page.count("data-figure=")
    mou = make_mou(official, world.open_copper.agency, pk_firm, status="draft", title="Later MoU")
    mou_services.transition_mou(mou, "signed", by=official, effective_on=timezone.localdate())
    after = client.get("/en/dashboard/").content.decode()
    assert after.count("data-figure=") == before
    signed = client.get("/api/v1/stats/").json()["totals"]["mous_signed"]
    assert f'data-figure="mous_signed">{signed}<' in after
    assert f'data-figure="mous_signed">{signed - 1}<' in page
