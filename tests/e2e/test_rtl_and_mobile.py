"""Urdu pages keep data intact (right-to-left isolation), Nastaliq is not clipped, the form's
language tabs work with the keyboard, and a phone sees the bidding box in the first screen.

Screenshots are written to the test's temporary folder (kept by pytest for the last runs)."""

from __future__ import annotations

import pytest
from django.conf import settings

from projects.models import EvaluationCriterion, Project
from tests.factories import make_project

from .test_accessibility import serious_violations
from .test_projects import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
GRADE = "0.36–0.43% Cu"

# The characters of an element's text, in their on-screen positions: a left-to-right fragment
# whose characters keep their order has its x positions increasing along each line.
KEEPS_ORDER = """
(element) => {
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  const positions = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.data.length; i += 1) {
      if (!node.data[i].trim()) continue;
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const rect = range.getBoundingClientRect();
      positions.push({x: rect.left + rect.width / 2, line: Math.round(rect.top / 4)});
    }
  }
  for (let i = 1; i < positions.length; i += 1) {
    if (positions[i].line === positions[i - 1].line && positions[i].x <= positions[i - 1].x) {
      return false;
    }
  }
  return positions.length > 0;
}
"""

# Pairs of visible elements whose boxes overlap (Nastaliq's tall lines must not collide).
OVERLAPPING = """(selector) => {
          const boxes = [...document.querySelectorAll(selector)]
            .filter((el) => el.offsetParent !== null)
            .map((el) => [el.textContent.trim().slice(0, 30), el.getBoundingClientRect()]);
          const found = [];
          for (let i = 0; i < boxes.length; i += 1) {
            for (let j = i + 1; j < boxes.length; j += 1) {
              const [a, r] = [boxes[i][1], boxes[j][1]];
              const overlap = Math.min(a.bottom, r.bottom) - Math.max(a.top, r.top);
              const side = Math.min(a.right, r.right) - Math.max(a.left, r.left);
              if (overlap > 2 && side > 2) found.push([boxes[i][0], boxes[j][0]]);
            }
          }
          return found;
        }"""


@pytest.fixture
def urdu_project(reference_data, official):
    project = make_project(
        status="published",
        agency=official.agency,
        contact_official=official,
        title="Saindak east ore body",
        title_ur="سیندک مشرقی ذخیرہ",
        summary_ur="سیندک کے مشرقی ذخیرے کی توسیع۔",
        grade=GRADE,  # no Urdu version: the English, marked and isolated
        estimated_reserves="336 Mt at 0.36% Cu",
        estimated_reserves_ur="مشرقی ذخیرہ: 336 Mt ارضیاتی وسائل 0.36% Cu پر",
        latitude=29.25,
        longitude=61.61,
        investment_usd=380_000_000,
    )
    EvaluationCriterion.objects.filter(project=project).update(name_ur="تکنیکی صلاحیت")
    official.email = "contact.official@emining.gov.pk"
    official.save(update_fields=["email"])
    return project


def text_and_order(page, selector: str) -> tuple[str, bool]:
    locator = page.locator(selector).first
    return locator.inner_text(), locator.evaluate(KEEPS_ORDER)


def test_urdu_pages_keep_codes_grades_coordinates_and_emails_in_order(
    browser, live_server, urdu_project, official, tmp_path
):
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/ur/projects/{urdu_project.reference}/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    expected = {
        "[data-field=reference]": urdu_project.reference,
        "[data-field=grade] .english-fallback": GRADE,
        "[data-field=estimated_reserves] bdi >> nth=1": "0.36% Cu",
        "[data-field=estimated_reserves] bdi >> nth=0": "336 Mt",
        "[data-field=email]": "contact.official@emining.gov.pk",
        "[data-field=coordinates] bdi >> nth=0": "29.2500",
        "[data-field=coordinates] bdi >> nth=1": "61.6100",
    }
    for selector, value in expected.items():
        text, in_order = text_and_order(page, selector)
        assert text == value, selector
        assert in_order, selector
    assert page.locator("[data-field=grade] .english-only-label").inner_text() == "صرف انگریزی میں"
    headings = "main h1, main h2, main h3, main dt, main dd, .countdown-unit"
    assert page.evaluate(OVERLAPPING, headings) == []
    page.screenshot(path=tmp_path / "ur-project.png", full_page=True)

    # The check does see reordering: the same grade, not isolated, after Urdu words.
    control = page.evaluate(
        """() => {
          const p = document.createElement('p');
          p.id = 'control';
          p.textContent = 'گریڈ ' + arguments_grade;
          document.querySelector('main').prepend(p);
        }""".replace("arguments_grade", repr(GRADE))
    )
    assert control is None
    assert not page.locator("#control").evaluate(KEEPS_ORDER)

    # The map's table and the workspace.
    page.goto(f"{live_server.url}/ur/projects/map/")
    text, in_order = text_and_order(page, "td [data-field=coordinates]")
    assert (text, in_order) == ("29.250, 61.610", True)
    text, in_order = text_and_order(page, "td.project-reference bdi")
    assert (text, in_order) == (urdu_project.reference, True)
    context = browser.new_context()
    workspace = context.new_page()
    sign_in(workspace, live_server, official, "/ur/projects/workspace/")
    text, in_order = text_and_order(workspace, f"a bdi:text('{urdu_project.reference}')")
    assert (text, in_order) == (urdu_project.reference, True)
    context.close()


def test_phone_sees_the_bidding_box_and_countdown_in_the_first_screen(
    browser, live_server, urdu_project, tmp_path
):
    for lang in ("en", "ur", "zh-hans"):
        page = browser.new_page(viewport=PHONE)
        page.goto(f"{live_server.url}/{lang}/projects/{urdu_project.reference}/")
        page.screenshot(path=tmp_path / f"phone-{lang}.png")
        bidding = page.locator(".bidding-card").bounding_box()
        countdown = page.locator("[data-countdown]").bounding_box()
        assert bidding["y"] < PHONE["height"] * 0.6, lang
        assert countdown["y"] + countdown["height"] <= PHONE["height"], lang
        # The description comes after it.
        assert page.locator("#description-heading").bounding_box()["y"] > bidding["y"]
        page.close()


def test_urdu_form_fields_are_not_clipped_and_headings_do_not_overlap(
    browser, live_server, reference_data, official, tmp_path
):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    sign_in(page, live_server, official, "/ur/projects/new/")
    page.click("#lang-tab-ur")
    page.fill("#id_title_ur", "سیندک تانبا و سونا: کنسنٹریٹر کی اپ گریڈیشن")
    page.select_option("#id_region", index=1)  # a province, named in Urdu
    page.screenshot(path=tmp_path / "ur-form.png", full_page=True)
    for selector in ("#id_title_ur", "#id_region", "#id_stage", "#id_contact_official"):
        fits = page.locator(selector).evaluate(
            """(el) => {
              const style = getComputedStyle(el);
              const size = parseFloat(style.fontSize);
              const line = parseFloat(style.lineHeight);
              return {ratio: line / size, clipped: el.scrollHeight > el.clientHeight + 1,
                      room: el.clientHeight / size};
            }"""
        )
        assert fits["ratio"] >= 1.9, (selector, fits)
        assert not fits["clipped"], (selector, fits)
        assert fits["room"] >= 2, (selector, fits)
    assert page.evaluate(OVERLAPPING, "main h1, main h2, main h3, main label") == []
    context.close()


def test_language_tabs_work_with_the_keyboard_and_reveal_errors(
    browser, live_server, reference_data, official
):
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, live_server, official, "/en/projects/new/")
    english, chinese = page.locator("#lang-tab-en"), page.locator("#lang-tab-zh-hans")
    assert english.get_attribute("aria-selected") == "true"
    assert page.locator("#lang-panel-zh-hans").is_hidden()
    english.focus()
    page.keyboard.press("ArrowRight")
    assert chinese.get_attribute("aria-selected") == "true"
    assert page.evaluate("document.activeElement.id") == "lang-tab-zh-hans"
    assert page.locator("#id_title_zh").is_visible()
    page.keyboard.press("End")
    assert page.locator("#lang-tab-ur").get_attribute("aria-selected") == "true"
    page.keyboard.press("Home")
    assert english.get_attribute("aria-selected") == "true"

    # An error in the Urdu text only: after the submission its tab is the one open.
    page.fill("#id_title", "Saindak east ore body")
    page.fill("#id_summary", "Expansion.")
    page.fill("#id_description", "The east ore body.")
    english.focus()
    page.keyboard.press("End")
    page.locator("#id_title_ur").evaluate("(el) => el.removeAttribute('maxlength')")
    page.fill("#id_title_ur", "ا" * 201)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#lang-tab-ur").get_attribute("aria-selected") == "true"
    assert page.locator("#lang-tab-ur .badge").inner_text() == "1 problem"
    assert page.locator("#id_title_ur").is_visible()
    # From another tab, the summary's link to the field opens its tab again.
    english.click()
    assert page.locator("#id_title_ur").is_hidden()
    page.locator("#error-summary a[href='#id_title_ur']").click()
    assert page.locator("#lang-tab-ur").get_attribute("aria-selected") == "true"
    assert page.locator("#id_title_ur").is_visible()
    context.close()


def test_countdown_words_come_from_the_page_language(browser, live_server, urdu_project):
    page = browser.new_page()
    Project.objects.filter(pk=urdu_project.pk).update(
        bid_closes_at=urdu_project.bid_closes_at.replace(microsecond=0)
    )
    page.goto(f"{live_server.url}/zh-hans/projects/{urdu_project.reference}/")
    page.wait_for_timeout(1200)  # the script has ticked
    labels = page.locator(".countdown-label").all_inner_texts()
    assert labels == ["天", "小时", "分钟", "秒"]
    page.goto(f"{live_server.url}/ur/projects/{urdu_project.reference}/")
    page.wait_for_timeout(1200)
    assert page.locator(".countdown-label").all_inner_texts()[0] == "دن"
    assert settings.LANGUAGE_CODE == "en"


@pytest.mark.parametrize("lang", ["ur", "zh-hans"])
def test_translated_pages_and_form_tabs_pass_axe(
    browser, live_server, urdu_project, official, lang
):
    context = browser.new_context(bypass_csp=True)  # axe is injected as an inline script
    page = context.new_page()
    page.goto(f"{live_server.url}/{lang}/projects/{urdu_project.reference}/")
    assert serious_violations(page) == []
    sign_in(page, live_server, official, f"/{lang}/projects/{urdu_project.reference}/amend/")
    page.click("#lang-tab-ur")
    assert serious_violations(page) == []
    context.close()
