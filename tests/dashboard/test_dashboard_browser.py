"""In Chromium, under the site's real Content-Security-Policy: the charts are drawn from the
page's JSON by the vendored Chart.js, with no policy violation or script error; in Urdu the
page is right-to-left; on a phone the charts stack and nothing scrolls sideways."""

from __future__ import annotations

import pytest

from tests.factories import make_project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 740}
CHARTS = 6


@pytest.fixture
def projects(reference_data):
    make_project(title="Saindak copper-gold expansion")
    make_project(title="Gold refinery", minerals=("gold",), stage="refining")


def drawn_charts(page) -> int:
    page.wait_for_function(
        f"() => window.Chart && Object.keys(window.Chart.instances).length === {CHARTS}"
    )
    return page.evaluate("() => Object.keys(window.Chart.instances).length")


@pytest.mark.parametrize("language", ["en", "ur"])
def test_charts_are_drawn_under_the_policy(page, live_server, projects, language):
    problems = []
    page.on("console", lambda msg: msg.type == "error" and problems.append(msg.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(f"{live_server.url}/{language}/dashboard/")
    assert drawn_charts(page) == CHARTS
    # A chart's canvas has a size, and its table beside it holds the numbers.
    width = page.evaluate("() => document.querySelector('canvas[data-chart=stages]').width")
    assert width > 100
    assert page.locator("table[data-table=stages] caption").is_visible()
    direction = page.evaluate("getComputedStyle(document.body).direction")
    assert direction == ("rtl" if language == "ur" else "ltr")
    assert not problems, problems


def test_charts_stack_on_a_phone(browser, live_server, projects):
    context = browser.new_context(viewport=PHONE, device_scale_factor=1)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/en/dashboard/")
        drawn_charts(page)
        stages = page.locator("canvas[data-chart=stages]").bounding_box()
        regions = page.locator("canvas[data-chart=regions]").bounding_box()
        assert regions["y"] > stages["y"] + stages["height"]  # one under the other
        assert stages["width"] <= PHONE["width"]
        scroll = page.evaluate("() => document.documentElement.scrollWidth")
        assert scroll <= PHONE["width"]
    finally:
        context.close()
