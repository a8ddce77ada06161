"""Project text in three languages: the API round trip, the pages in Chinese and Urdu, the
marked English fallback, the form grouped by language, dates and amounts per language."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from emining.formats import amount_text
from emining.templatetags.portal import isolate_latin_runs
from projects.models import Amendment, EvaluationCriterion, Project, ProjectDocument
from tests.factories import make_project

from .test_api import LIST_URL, bearer, payload

pytestmark = pytest.mark.django_db

TRANSLATED = {
    "description": ("山达克斑岩铜金矿床的东矿体。", "سیندک کے تانبے اور سونے کا مشرقی ذخیرہ۔"),
    "estimated_reserves": ("东矿体336 Mt", "مشرقی ذخیرہ 336 Mt"),
    "grade": ("0.36–0.43% Cu，伴生金", "0.36–0.43% Cu، ساتھ میں سونا"),
    "special_economic_zone": ("瓜达尔自由区", "گوادر فری زون"),
    "corridor": ("诺昆迪—马什克尔—图尔伯特—瓜达尔", "نوکنڈی–ماشکیل–تربت–گوادر"),
    "training_commitment": ("每年200个学徒名额。", "ہر سال 200 اپرنٹس شپس۔"),
}


def translated_fields() -> dict[str, str]:
    fields = {}
    for name, (chinese, urdu) in TRANSLATED.items():
        fields[f"{name}_zh"] = chinese
        fields[f"{name}_ur"] = urdu
    return fields


@pytest.fixture
def translated_project(reference_data):
    project = make_project(
        status="published",
        title="Saindak east ore body",
        title_zh="山达克东矿体",
        title_ur="سیندک مشرقی ذخیرہ",
        grade="0.36–0.43% Cu",
        estimated_reserves="336 Mt at 0.36% Cu",
        special_economic_zone="Gwadar Free Zone",
        corridor="Nokundi–Mashkel–Turbat–Gwadar",
        training_commitment="200 apprenticeships a year.",
        **translated_fields(),
    )
    EvaluationCriterion.objects.filter(project=project, position=0).update(
        name_zh="技术能力", name_ur="تکنیکی صلاحیت"
    )
    return project


def page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# --- The API ------------------------------------------------------------------------------------


def test_api_round_trip_of_the_chinese_and_urdu_text(api_client, official):
    bearer(api_client, official)
    criteria = [
        {
            "name": "Technical capability",
            "name_zh": "技术能力",
            "name_ur": "تکنیکی صلاحیت",
            "weight": 60,
        },
        {"name": "Financial offer", "weight": 40},
    ]
    sent = payload(
        grade="0.5% Cu",
        special_economic_zone="Gwadar Free Zone",
        training_commitment="Apprenticeships.",
        evaluation_criteria=criteria,
        **translated_fields(),
    )
    created = api_client.post(LIST_URL, sent, format="json")
    assert created.status_code == 201, created.content
    reference = created.json()["reference"]
    detail = api_client.get(f"{LIST_URL}{reference}/").json()
    for name, value in translated_fields().items():
        assert detail[name] == value, name
    assert detail["evaluation_criteria"][0] == {
        "name": "Technical capability",
        "name_zh": "技术能力",
        "name_ur": "تکنیکی صلاحیت",
        "weight": 60,
    }
    assert detail["evaluation_criteria"][1]["name_zh"] == ""

    changed = api_client.patch(
        f"{LIST_URL}{reference}/", {"grade_ur": "0.5% Cu تانبا"}, format="json"
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["grade_ur"] == "0.5% Cu تانبا"
    assert changed.json()["grade_zh"] == TRANSLATED["grade"][0]  # not sent, not changed
    project = Project.objects.get(reference=reference)
    assert project.description_ur == TRANSLATED["description"][1]
    # The list rows carry the description in the three languages too.
    listing = api_client.get(LIST_URL, {"status": "draft"}).json()["results"]
    row = next(r for r in listing if r["reference"] == reference)
    assert row["description_zh"] == TRANSLATED["description"][0]


# --- The pages ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "index"), [("zh-hans", 0), ("ur", 1)])
def test_project_page_shows_the_text_in_the_visitors_language(
    client, translated_project, lang, index
):
    html = page(client, f"/{lang}/projects/{translated_project.reference}/")
    for name, versions in TRANSLATED.items():
        assert versions[index].split("0.36")[-1][:6] in html, name
    assert ("技术能力", "تکنیکی صلاحیت")[index] in html
    assert "English only" not in html
    # The English versions are not shown in their place (the English title is, marked).
    assert "200 apprenticeships a year." not in html
    assert "Gwadar Free Zone" not in html


def test_english_page_shows_english(client, translated_project):
    html = page(client, f"/en/projects/{translated_project.reference}/")
    assert "200 apprenticeships a year." in html
    assert "瓜达尔自由区" not in html
    assert 'class="english-fallback"' not in html


@pytest.mark.parametrize(("lang", "label"), [("zh-hans", "仅有英文"), ("ur", "صرف انگریزی میں")])
def test_missing_translation_falls_back_to_marked_english(client, reference_data, lang, label):
    project = make_project(status="published", grade="0.45% Cu, 0.25 g/t Au")
    html = page(client, f"/{lang}/projects/{project.reference}/")
    assert (
        '<span lang="en" dir="ltr" class="english-fallback">0.45% Cu, 0.25 g/t Au</span> '
        f'<span class="badge english-only-label">{label}</span>'
    ) in html
    # Paragraphs of a description fall back as a block.
    assert '<div lang="en" dir="ltr" class="english-fallback"><p>Porphyry' in html


def test_urdu_text_isolates_its_latin_and_numeric_fragments(client, translated_project):
    html = page(client, f"/ur/projects/{translated_project.reference}/")
    assert '<bdi dir="ltr">0.36–0.43% Cu</bdi>، ساتھ میں سونا' in html
    assert '<bdi class="project-reference" dir="ltr" data-field="reference">' in html
    assert str(isolate_latin_runs("N-50 (ژوب) <b>")) == (
        '<bdi dir="ltr">N-50</bdi> (ژوب) &lt;<bdi dir="ltr">b</bdi>&gt;'
    )


def test_documents_and_amendments_in_the_visitors_language(client, translated_project, official):
    ProjectDocument.objects.create(
        project=translated_project,
        title="Geological report",
        title_zh="地质报告",
        title_ur="ارضیاتی رپورٹ",
        file="projects/documents/x",
        original_name="report.pdf",
        content_type="application/pdf",
        size=1000,
        sha256="0" * 64,
        uploaded_by=official,
    )
    Amendment.objects.create(
        project=translated_project,
        created_by=official,
        reason="More time for site visits.",
        reason_zh="延长现场考察时间。",
        changes={},
    )
    chinese = page(client, f"/zh-hans/projects/{translated_project.reference}/")
    assert "地质报告" in chinese
    assert "延长现场考察时间。" in chinese
    urdu = page(client, f"/ur/projects/{translated_project.reference}/")
    assert "ارضیاتی رپورٹ" in urdu
    # No Urdu reason: the English one, marked.
    assert (
        '<span lang="en" dir="ltr" class="english-fallback">More time for site visits.</span>'
    ) in urdu


def test_province_and_district_names_in_the_visitors_language(client, translated_project):
    for lang, province, district in (
        ("zh-hans", "俾路支省", "查盖"),
        ("ur", "بلوچستان", "چاغی"),
    ):
        html = page(client, f"/{lang}/projects/{translated_project.reference}/")
        listing = page(client, f"/{lang}/projects/")
        for html_page in (html, listing):
            assert province in html_page, lang
            assert district in html_page, lang
    # The catalogue's province filter too.
    regions = page(client, "/ur/regions/")
    assert '<option value="balochistan">بلوچستان</option>' in regions


# --- The form ------------------------------------------------------------------------------------


def test_form_groups_the_text_by_language(client, official, reference_data):
    client.force_login(official)
    html = page(client, "/en/projects/new/")
    for slug in ("en", "zh-hans", "ur"):
        assert f'id="lang-panel-{slug}"' in html
        assert f'id="lang-tab-{slug}"' in html
    # Without the script every panel is shown; the tab list waits for it.
    assert "data-language-tablist hidden" in html
    panel = html[html.index('id="lang-panel-ur"') : html.index('id="lang-panel-ur"') + 6000]
    for name in ("title", "summary", "description", "grade", "corridor", "training_commitment"):
        assert f'name="{name}_ur"' in panel, name
    assert 'name="criteria-0-name_zh"' in html


def test_an_error_in_a_language_tab_is_counted_on_it(client, official, reference_data):
    client.force_login(official)
    response = client.post("/en/projects/new/", {"title": "x", "title_ur": "ا" * 201})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-has-errors="true"' in html[html.index('id="lang-panel-ur"') - 300 :]
    start = html.index('id="lang-panel-ur"')
    assert "1 problem" in html[start : start + 1500]


# --- Amounts and dates ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "amount", "text"),
    [
        ("zh-hans", 380_000_000, "3.8 亿美元"),
        ("zh-hans", 65_000_000, "6,500 万美元"),
        ("zh-hans", 1_200_000_000, "12 亿美元"),
        ("zh-hans", 950, "950 美元"),
        ("en", 380_000_000, "USD 380 million"),
        ("en", 1_200_000_000, "USD 1.2 billion"),
    ],
)
def test_amounts_read_naturally(lang, amount, text):
    with translation.override(lang):
        assert amount_text(amount) == text


US_DATE = re.compile(r"\b\d{1,2}/\d{1,2}/\d{4}\b")


@pytest.mark.parametrize("lang", ["en", "zh-hans", "ur"])
def test_one_date_format_per_language_and_never_us_style(client, official, reference_data, lang):
    project = make_project(status="published", agency=official.agency, investment_usd=65_000_000)
    client.force_login(official)
    pages = [
        page(client, f"/{lang}/projects/{project.reference}/"),
        page(client, f"/{lang}/projects/"),
        page(client, f"/{lang}/projects/workspace/"),
    ]
    for html in pages:
        assert not US_DATE.search(html)
    closes = project.bid_closes_at.astimezone(translation_zone())
    expected = {
        "en": f"{closes.day} {closes:%B %Y}, {closes:%H:%M}",
        "zh-hans": f"{closes.year}年{closes.month}月{closes.day}日 {closes:%H:%M}",
        "ur": f"{closes.year}، {closes:%H:%M}",
    }[lang]
    for html in pages:
        assert expected in html
    amount = {"en": "USD 65 million", "zh-hans": "6,500 万美元", "ur": "65 ملین"}[lang]
    assert amount in pages[0]
    assert amount in pages[1]


def translation_zone():
    from zoneinfo import ZoneInfo

    return ZoneInfo("Asia/Karachi")


def test_investment_filters_of_the_pages_take_millions(client, reference_data, api_client):
    small = make_project(status="published", title="Small", investment_usd=12_500_000)
    large = make_project(status="published", title="Large", investment_usd=380_000_000)
    html = page(client, "/en/projects/?min_investment=12.5&max_investment=100")
    assert small.reference in html
    assert large.reference not in html
    assert "Minimum investment (million USD)" in html
    assert "Maximum investment (million USD)" in html
    # The API keeps whole dollars, as documented.
    rows = api_client.get(LIST_URL, {"min_investment": 100_000_000}).json()["results"]
    assert {row["reference"] for row in rows} == {large.reference}


def test_list_marks_an_english_title_shown_in_place_of_a_translation(client, reference_data):
    make_project(status="published", title="Untranslated chromite plant")
    html = page(client, "/zh-hans/projects/")
    assert (
        '<span lang="en" dir="ltr" class="english-fallback">Untranslated chromite plant</span> '
        '<span class="badge english-only-label">仅有英文</span>'
    ) in html
