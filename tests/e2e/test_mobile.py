"""A phone (390 x 844) in the three languages: the first project shows in the first screen,
the filters wait behind a button and still filter, the map comes first, and the workspace
keeps its buttons on the screen. Screenshots go to test-results/mobile/ for a look."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import make_project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
LANGUAGES = ("en", "zh-hans", "ur")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "mobile"


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=1)
    yield context.new_page()
    context.close()


@pytest.fixture
def projects(reference_data):
    return [
        make_project(title="Saindak copper-gold extension", minerals=("copper", "gold")),
        make_project(
            title="Thar coal gasification",
            minerals=("coal",),
            region="sindh",
            district="tharparkar",
            latitude=24.7,
            longitude=70.2,
        ),
    ]


def box(page, selector: str) -> dict:
    located = page.locator(selector).first
    located.wait_for(state="visible")
    return located.bounding_box()


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png")


def assert_no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_project_list_shows_the_first_result_in_the_first_screen(
    phone, live_server, projects, language
):
    phone.goto(f"{live_server.url}/{language}/projects/")
    screenshot(phone, f"projects-{language}")
    first_card = box(phone, ".project-card")
    assert first_card["y"] < PHONE["height"] - 150  # its title and reference, at least
    assert not phone.locator("#project-filters").is_visible()
    assert_no_sideways_scroll(phone)

    # The filters open from a button, as a labelled dialog, and still filter with htmx.
    toggle = phone.locator("button[aria-controls=project-filters-panel]")
    assert toggle.get_attribute("aria-expanded") in (None, "false")
    toggle.click()
    panel = phone.locator("#project-filters-panel")
    panel.locator("#id_mineral").wait_for(state="visible")
    phone.wait_for_function(  # the panel has slid in
        """() => {
            const rect = document.getElementById("project-filters-panel").getBoundingClientRect();
            return rect.left >= 0 && rect.right <= window.innerWidth;
        }"""
    )
    assert panel.get_attribute("role") == "dialog"
    assert panel.get_attribute("aria-labelledby") == "filters-heading"
    screenshot(phone, f"projects-filters-{language}")
    panel_box = panel.bounding_box()
    assert panel_box["x"] >= 0
    assert panel_box["x"] + panel_box["width"] <= PHONE["width"]
    panel.locator("#id_mineral").select_option("coal")
    phone.wait_for_url("**/projects/?*mineral=coal*")
    panel.locator("button[type=submit]").click()
    panel.wait_for(state="hidden")
    cards = phone.locator(".project-card")
    cards.first.wait_for(state="visible")
    assert cards.count() == 1
    assert "Thar coal gasification" in cards.first.inner_text()
    assert box(phone, ".project-card")["y"] < PHONE["height"] - 150


@pytest.mark.parametrize("language", LANGUAGES)
def test_map_page_shows_the_map_first(phone, live_server, projects, language):
    phone.goto(f"{live_server.url}/{language}/projects/map/")
    phone.locator("#project-map .leaflet-interactive").first.wait_for(state="attached")
    screenshot(phone, f"map-{language}")
    project_map = box(phone, "#project-map")
    assert project_map["y"] < PHONE["height"] / 2
    # Most of the first screen shows the map.
    shown = min(project_map["y"] + project_map["height"], PHONE["height"]) - project_map["y"]
    assert shown > PHONE["height"] * 0.45
    assert not phone.locator("#id_mineral").is_visible()
    assert_no_sideways_scroll(phone)
    phone.click("button[aria-controls=map-filters-panel]")
    phone.locator("#id_mineral").wait_for(state="visible")
    assert phone.locator("#map-filters-panel").get_attribute("role") == "dialog"


@pytest.mark.parametrize("language", LANGUAGES)
def test_workspace_keeps_its_buttons_on_the_screen(phone, live_server, official, language):
    make_project(title="Draft copper smelter", status="draft", agency=official.agency)
    make_project(title="Open chromite block", agency=official.agency, minerals=("chromite",))
    phone.goto(f"{live_server.url}/{language}/accounts/login/?next=/{language}/projects/workspace/")
    phone.fill("#id_username", official.username)
    phone.fill("#id_password", settings.DEMO_PASSWORD)
    phone.click("main button[type=submit]")
    phone.wait_for_url(f"**/{language}/projects/workspace/")
    screenshot(phone, f"workspace-{language}")
    assert_no_sideways_scroll(phone)
    buttons = phone.locator(".portal-stacked-table .portal-row-actions a")
    assert buttons.count() == 2  # edit the draft, amend the published project
    for index in range(buttons.count()):
        button = buttons.nth(index).bounding_box()
        assert button["x"] >= 0
        assert button["x"] + button["width"] <= PHONE["width"]
    # Each cell says what it is, since the column headings are out of sight.
    label = phone.evaluate(
        """() => getComputedStyle(
            document.querySelector('.portal-stacked-table td[data-label]'), '::before'
        ).content"""
    )
    assert label not in ("none", "normal", "")
