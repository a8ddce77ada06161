"""Mineral projects in a real browser: an official drafts, another approves, a Chinese-speaking
visitor finds the project by search; and the project pages pass axe-core."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from projects.models import Project
from tests.factories import make_project

from .test_accessibility import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Chagai porphyry copper concentrator"
TITLE_ZH = "查盖斑岩铜选矿厂"


def sign_in(page, live_server, user, next_path: str) -> None:
    page.goto(f"{live_server.url}/en/accounts/login/?next={next_path}")
    page.fill("#id_username", user.username)
    page.fill("#id_password", settings.DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"**{next_path}")


def karachi(days: int) -> str:
    """A `datetime-local` value `days` from now, in the portal's zone (Asia/Karachi)."""
    moment = timezone.localtime(timezone.now() + timedelta(days=days))
    return moment.strftime("%Y-%m-%dT10:00")


def test_official_drafts_approver_publishes_visitor_finds_it_in_chinese(
    browser, live_server, reference_data, official, approver
):
    # 1. The official drafts the project in the form and submits it for review.
    author = browser.new_context()
    page = author.new_page()
    sign_in(page, live_server, official, "/en/projects/new/")
    page.fill("#id_title", TITLE)
    # The Chinese text has its own tab.
    page.click("#lang-tab-zh-hans")
    page.fill("#id_title_zh", TITLE_ZH)
    page.click("#lang-tab-en")
    page.fill("#id_summary", "A concentrator for porphyry copper ore near Saindak.")
    page.fill(
        "#id_description",
        "Flotation concentrator for porphyry copper-gold ore, 40 km from the Saindak mine.",
    )
    page.get_by_label("Copper", exact=True).check()
    page.select_option("#id_primary_mineral", label="Copper")
    page.select_option("#id_region", label="Balochistan")
    page.select_option("#id_district", label="Chagai")
    page.fill("#id_latitude", "29.2")
    page.fill("#id_longitude", "61.5")
    page.fill("#id_area_km2", "35")
    page.select_option("#id_stage", "processing")
    page.select_option("#id_investment_model", "joint_venture")
    page.fill("#id_investment_usd", "180000000")
    page.fill("#id_bid_opens_at", karachi(1))
    page.fill("#id_bid_closes_at", karachi(45))
    page.click("main form button[type=submit]")
    page.wait_for_url("**/en/projects/PMP-*/")
    project = Project.objects.get(title=TITLE)
    assert project.status == Project.Status.DRAFT
    assert project.reference in page.locator("main").inner_text()
    page.get_by_role("button", name="Submit for review").click()
    page.wait_for_load_state()
    project.refresh_from_db()
    assert project.status == Project.Status.IN_REVIEW
    # Four eyes: the author cannot publish what they submitted.
    assert page.get_by_role("button", name="Approve and publish").is_disabled()
    author.close()

    # 2. The approver, another official of the same agency, publishes it.
    reviewer = browser.new_context()
    page = reviewer.new_page()
    sign_in(page, live_server, approver, f"/en/projects/{project.reference}/")
    page.get_by_role("button", name="Approve and publish").click()
    page.wait_for_load_state()
    project.refresh_from_db()
    assert project.status == Project.Status.PUBLISHED
    assert project.published_by == approver
    reviewer.close()

    # 3. An anonymous visitor using the Chinese interface finds it by search and opens it.
    visitor = browser.new_context()
    page = visitor.new_page()
    page.goto(f"{live_server.url}/zh-hans/projects/")
    page.fill("#id_search", "斑岩铜")
    page.wait_for_url("**search=**")
    link = page.locator("#results").get_by_role("link", name=TITLE_ZH)
    link.wait_for()
    link.click()
    page.wait_for_url(f"**/zh-hans/projects/{project.reference}/")
    assert TITLE_ZH in page.locator("h1").inner_text()
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    visitor.close()


@pytest.fixture
def browser_context_args(browser_context_args):
    # axe-core is injected as an inline script, which the site's CSP rightly refuses.
    return {**browser_context_args, "bypass_csp": True}


@pytest.mark.parametrize("lang", ["en", "zh-hans", "ur"])
def test_project_pages_have_no_serious_violations(page, live_server, reference_data, lang):
    project = make_project(
        status=Project.Status.PUBLISHED,
        title="Duddar lead-zinc extension",
        title_zh="杜达尔铅锌矿扩建",
        title_ur="دودر سیسہ و جست توسیع",
        minerals=("lead", "zinc"),
        district="lasbela",
        latitude=26.1,
        longitude=66.9,
    )
    problems = {}
    for path in (
        f"/{lang}/projects/",
        f"/{lang}/projects/{project.reference}/",
        f"/{lang}/projects/map/",
        f"/{lang}/projects/?search=zinc&stage=mining",
    ):
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        found = serious_violations(page)
        if found:
            problems[path] = found
    assert not problems, problems


@pytest.mark.parametrize("lang", ["en", "ur"])
def test_project_form_has_no_serious_violations(page, live_server, reference_data, official, lang):
    sign_in(page, live_server, official, f"/{lang}/projects/new/")
    assert not serious_violations(page)
    # Refused input: the form comes back with its messages, still accessible.
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator(".invalid-feedback").count() > 0
    assert not serious_violations(page)


def test_map_shows_markers_when_tiles_cannot_load(page, live_server, reference_data, settings):
    settings.MAP_TILE_URL = "http://127.0.0.1:9/{z}/{x}/{y}.png"  # nothing listens there
    make_project(status=Project.Status.PUBLISHED, title="Saindak copper-gold")
    make_project(
        status=Project.Status.PUBLISHED,
        title="Thar coal block VII",
        minerals=("coal",),
        region="sindh",
        district="tharparkar",
        latitude=24.8,
        longitude=70.3,
    )
    page.goto(f"{live_server.url}/en/projects/map/")
    markers = page.locator(".leaflet-interactive")
    markers.first.wait_for()
    assert markers.count() == 2
    markers.first.click()
    # The popup opens after the click's events run: wait for it rather than count at once.
    expect(page.locator(".leaflet-popup-content a")).to_have_count(1)
