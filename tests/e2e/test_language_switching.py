"""The language switcher in a real browser: from any page in any language, a fresh visitor
reaches the same page in each other language, and stays there after a reload."""

from __future__ import annotations

from itertools import permutations

import pytest
from django.conf import settings

from tests.factories import make_project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ("en", "zh-hans", "ur")


@pytest.fixture
def project(reference_data):
    return make_project(title="Saindak copper-gold extension")


@pytest.mark.parametrize("page_kind", ["home", "project"])
@pytest.mark.parametrize(("source", "target"), list(permutations(LANGUAGES, 2)))
def test_switcher_leads_to_the_same_page_in_the_chosen_language(
    browser, live_server, project, page_kind, source, target
):
    path = "/" if page_kind == "home" else f"/projects/{project.reference}/"
    # A fresh browser, as when opening a link someone shared: no cookie, English Accept-Language.
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    page.goto(f"{live_server.url}/{source}{path}?from=shared-link")
    assert page.locator("html").get_attribute("lang") == source

    page.click(f"header button[name=language][value={target}]")
    expected = f"{live_server.url}/{target}{path}?from=shared-link"
    page.wait_for_url(expected)
    assert page.locator("html").get_attribute("lang") == target
    assert page.locator(f"header button[value={target}]").get_attribute("aria-pressed") == "true"

    page.reload()
    assert page.url == expected
    assert page.locator("html").get_attribute("lang") == target
    context.close()


def test_switching_after_htmx_filtering_keeps_the_filters(page, live_server, project):
    page.goto(f"{live_server.url}/en/projects/")
    page.select_option("#id_mineral", "copper")
    page.wait_for_url("**/en/projects/?*mineral=copper*")
    page.click("header button[value=ur]")
    page.wait_for_url("**/ur/projects/?*mineral=copper*")
    assert page.locator("#id_mineral").input_value() == "copper"


@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "official"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_language_names_in_the_header_do_not_wrap_at_1366px(
    browser, live_server, official, language, signed_in
):
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    if signed_in:  # the longest header: "My workspace" and the account menu as well
        page.goto(f"{live_server.url}/{language}/accounts/login/?next=/{language}/")
        page.fill("#id_username", official.username)
        page.fill("#id_password", settings.DEMO_PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_url(f"**/{language}/")
        assert page.locator("header a[href$='/projects/workspace/']").is_visible()
    else:
        page.goto(f"{live_server.url}/{language}/")
    buttons = page.locator("header button[name=language]")
    assert buttons.count() == len(LANGUAGES)
    lines = buttons.evaluate_all(
        """(buttons) => buttons.map((button) => {
            const range = document.createRange();
            range.selectNodeContents(button);
            return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
        })"""
    )
    assert lines == [1, 1, 1]
    # The whole navigation bar stays one row high, and nothing pushes the page sideways.
    assert page.locator("header nav").bounding_box()["height"] < 80
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    context.close()
