"""The public project pages: the list (filters, facets, search, sorting, htmx), a project's
page, and what every kind of visitor may see on them."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone

from emining.formats import amount_text as investment_text
from projects import services
from projects.models import Amendment, Project, ProjectDocument
from tests.factories import make_project

pytestmark = pytest.mark.django_db


PUBLIC_TITLES = {
    "published": "Saindak open copper-gold block",
    "closed": "Duddar closed lead-zinc mine",
    "under_evaluation": "Thar evaluated coal block",
    "awarded": "Gwadar awarded copper refinery",
    "cancelled_after": "Muslim Bagh withdrawn chromite project",
}
HIDDEN_TITLES = {
    "draft": "Secret draft antimony prospect",
    "in_review": "Pending review tungsten prospect",
    "cancelled_before": "Abandoned unpublished granite quarry",
}


@pytest.fixture
def every_status(moe_pd):
    """One project of the official's agency in each status that matters for visibility."""
    now = timezone.now()
    projects = {
        "published": make_project(status="published", title=PUBLIC_TITLES["published"]),
        "closed": make_project(status="closed", title=PUBLIC_TITLES["closed"]),
        "under_evaluation": make_project(
            status="under_evaluation", title=PUBLIC_TITLES["under_evaluation"]
        ),
        "awarded": make_project(status="awarded", title=PUBLIC_TITLES["awarded"]),
        "cancelled_after": make_project(
            status="cancelled",
            title=PUBLIC_TITLES["cancelled_after"],
            published_at=now - timedelta(days=3),
        ),
        # Hidden ones carry minerals of their own: no facet, search or map may show them.
        "draft": make_project(status="draft", title=HIDDEN_TITLES["draft"], minerals=("antimony",)),
        "in_review": make_project(
            status="in_review", title=HIDDEN_TITLES["in_review"], minerals=("tungsten",)
        ),
        "cancelled_before": make_project(
            status="cancelled", title=HIDDEN_TITLES["cancelled_before"], minerals=("granite",)
        ),
    }
    assert not projects["cancelled_before"].is_public
    assert projects["cancelled_after"].is_public
    return projects


PERSONAS = ["anonymous", "firm_member", "other_agency_official", "official"]


@pytest.fixture
def visitor(request, client):
    """The client signed in as the persona named by the test's parameter."""
    name = request.param
    if name != "anonymous":
        client.force_login(request.getfixturevalue(name))
    return client


def body(response) -> str:
    return response.content.decode()


# --- Visibility ------------------------------------------------------------------------------


@pytest.mark.parametrize("visitor", PERSONAS, indirect=True)
def test_list_shows_published_projects_only_whoever_asks(visitor, every_status):
    response = visitor.get("/en/projects/")
    assert response.status_code == 200
    page = body(response)
    for title in PUBLIC_TITLES.values():
        assert title in page
    for title in HIDDEN_TITLES.values():
        assert title not in page
    assert "5 projects" in page


@pytest.mark.parametrize("visitor", PERSONAS, indirect=True)
def test_search_and_facets_never_reveal_hidden_projects(visitor, every_status):
    for word in ("antimony", "tungsten", "granite", "Secret"):
        page = body(visitor.get(f"/en/projects/?search={word}"))
        assert "0 projects" in page, word
        for title in HIDDEN_TITLES.values():
            assert title not in page
    counts = visitor.get("/en/projects/").context["facet_groups"]
    status = {
        value.value: value.count
        for group in counts
        if group.name == "status"
        for value in group.values
    }
    assert status == {
        "published": 1,
        "closed": 1,
        "under_evaluation": 1,
        "awarded": 1,
        "cancelled": 1,
    }
    minerals = {
        value.value for group in counts if group.name == "mineral" for value in group.values
    }
    assert minerals == {"copper"}


@pytest.mark.parametrize(
    "visitor", ["anonymous", "firm_member", "other_agency_official"], indirect=True
)
def test_hidden_project_pages_are_404_for_outsiders(visitor, every_status):
    for key in PUBLIC_TITLES:
        project = every_status[key]
        response = visitor.get(f"/en/projects/{project.reference}/")
        assert response.status_code == 200, key
        assert PUBLIC_TITLES[key] in body(response)
    for key in HIDDEN_TITLES:
        response = visitor.get(f"/en/projects/{every_status[key].reference}/")
        assert response.status_code == 404, key
        assert HIDDEN_TITLES[key] not in body(response)


def test_owning_officials_open_their_unpublished_projects_but_not_in_the_list(
    client, official, every_status
):
    client.force_login(official)
    for key in HIDDEN_TITLES:
        response = client.get(f"/en/projects/{every_status[key].reference}/")
        assert response.status_code == 200, key
        assert "This project is not published." in body(response)
    listing = body(client.get("/en/projects/"))
    for title in HIDDEN_TITLES.values():
        assert title not in listing


def test_unknown_reference_is_404(client, reference_data):
    assert client.get("/en/projects/PMP-2020-9999/").status_code == 404


@pytest.mark.parametrize("visitor", PERSONAS, indirect=True)
def test_home_key_figures_count_public_projects_only(visitor, every_status):
    figures = {
        str(figure.label): figure.value for figure in visitor.get("/en/").context["key_figures"]
    }
    assert figures["Mineral projects published"] == 5
    assert figures["Projects open for bids"] == 1
    assert figures["Investment sought by open projects (USD million)"] == 250


def test_home_page_links_to_the_projects(client, reference_data):
    page = body(client.get("/en/"))
    assert 'href="/en/projects/"' in page
    assert 'href="/en/projects/map/"' in page


def test_navigation_links_and_the_workspace_for_officials(client, official, firm_member):
    page = body(client.get("/en/projects/"))
    assert 'href="/en/projects/map/"' in page
    assert 'href="/en/projects/workspace/"' not in page
    client.force_login(firm_member)
    assert 'href="/en/projects/workspace/"' not in body(client.get("/en/projects/"))
    client.force_login(official)
    assert 'href="/en/projects/workspace/"' in body(client.get("/en/projects/"))


# --- Filters, search and sorting -------------------------------------------------------------


@pytest.fixture
def catalogue_of_projects(moe_pd):
    now = timezone.now()
    return {
        "saindak": make_project(
            title="Saindak copper-gold expansion",
            title_zh="山达克铜金扩建项目",
            title_ur="سینڈک تانبا سونا توسیع",
            summary="Expansion of the Saindak open pit.",
            summary_zh="山达克露天矿扩建。",
            description="Porphyry deposit beside the Nokundi road with a working concentrator.",
            minerals=("copper", "gold"),
            region="balochistan",
            district="chagai",
            stage=Project.Stage.MINING,
            investment_model=Project.InvestmentModel.JOINT_VENTURE,
            investment_usd=250_000_000,
            published_at=now - timedelta(days=3),
            bid_closes_at=now + timedelta(days=40),
        ),
        "thar": make_project(
            title="Thar block coal gasification",
            summary="Coal to gas in Tharparkar.",
            description="Lignite seams suitable for underground gasification.",
            minerals=("coal",),
            region="sindh",
            district="tharparkar",
            latitude=24.8,
            longitude=70.3,
            stage=Project.Stage.PROCESSING,
            investment_model=Project.InvestmentModel.BOT,
            investment_usd=1_200_000_000,
            published_at=now - timedelta(days=1),
            bid_closes_at=now + timedelta(days=60),
        ),
        "chromite": make_project(
            title="Muslim Bagh chromite beneficiation",
            summary="A chromite concentration plant.",
            description="Podiform ophiolite ore with high chrome-to-iron ratio.",
            minerals=("chromite",),
            region="balochistan",
            district="zhob",
            latitude=31.3,
            longitude=69.5,
            stage=Project.Stage.PROCESSING,
            investment_model=Project.InvestmentModel.EQUITY,
            investment_usd=40_000_000,
            published_at=now - timedelta(days=2),
            bid_closes_at=now + timedelta(days=20),
        ),
        "awarded": make_project(
            status="awarded",
            title="Gwadar copper refinery",
            summary="A refinery beside the port.",
            description="Cathode copper for export through Gwadar.",
            minerals=("copper",),
            region="balochistan",
            district="gwadar",
            latitude=25.2,
            longitude=62.3,
            stage=Project.Stage.REFINING,
            investment_model=Project.InvestmentModel.EPC,
            investment_usd=600_000_000,
            published_at=now - timedelta(days=30),
            bid_closes_at=now - timedelta(days=5),
            bid_opens_at=now - timedelta(days=40),
        ),
    }


def titles_on(client, query: str) -> list[str]:
    response = client.get(f"/en/projects/?{query}")
    assert response.status_code == 200, body(response)
    return [row["title"] for row in response.context["page"].object_list]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("mineral=gold", {"Saindak copper-gold expansion"}),
        ("mineral=copper", {"Saindak copper-gold expansion", "Gwadar copper refinery"}),
        ("region=sindh", {"Thar block coal gasification"}),
        ("region=zhob", {"Muslim Bagh chromite beneficiation"}),
        (
            "stage=processing",
            {"Thar block coal gasification", "Muslim Bagh chromite beneficiation"},
        ),
        ("investment_model=bot", {"Thar block coal gasification"}),
        ("status=awarded", {"Gwadar copper refinery"}),
        (
            "status=published",
            {
                "Saindak copper-gold expansion",
                "Thar block coal gasification",
                "Muslim Bagh chromite beneficiation",
            },
        ),
        # The page takes millions of US dollars (the API takes dollars).
        ("min_investment=500", {"Thar block coal gasification", "Gwadar copper refinery"}),
        ("max_investment=100", {"Muslim Bagh chromite beneficiation"}),
        (
            "min_investment=100&max_investment=700",
            {"Saindak copper-gold expansion", "Gwadar copper refinery"},
        ),
        ("mineral=copper&region=balochistan&status=published", {"Saindak copper-gold expansion"}),
        ("mineral=lithium", set()),
    ],
)
def test_each_filter(client, catalogue_of_projects, query, expected):
    assert set(titles_on(client, query)) == expected


def test_sorting(client, catalogue_of_projects):
    assert titles_on(client, "") == [  # newest first by default
        "Thar block coal gasification",
        "Muslim Bagh chromite beneficiation",
        "Saindak copper-gold expansion",
        "Gwadar copper refinery",
    ]
    assert titles_on(client, "ordering=largest") == [
        "Thar block coal gasification",
        "Gwadar copper refinery",
        "Saindak copper-gold expansion",
        "Muslim Bagh chromite beneficiation",
    ]
    # Deadlines still ahead, soonest first; those already past come last.
    assert titles_on(client, "ordering=closing") == [
        "Muslim Bagh chromite beneficiation",
        "Saindak copper-gold expansion",
        "Thar block coal gasification",
        "Gwadar copper refinery",
    ]
    assert 'value="largest" selected' in body(client.get("/en/projects/?ordering=largest"))


def test_search_finds_a_chinese_title_substring(client, catalogue_of_projects):
    assert titles_on(client, "search=铜金") == ["Saindak copper-gold expansion"]


@pytest.mark.skipif(not settings.USING_POSTGRES, reason="full-text search runs on PostgreSQL")
def test_full_text_search_on_postgresql(client, catalogue_of_projects):
    # A word of the description (stemmed: "seams" matches "seam").
    assert titles_on(client, "search=seam") == ["Thar block coal gasification"]
    assert titles_on(client, "search=ophiolite") == ["Muslim Bagh chromite beneficiation"]
    # A mineral's name, though the title does not say it.
    assert titles_on(client, "search=gold") == ["Saindak copper-gold expansion"]
    assert titles_on(client, "search=chromite&status=published") == [
        "Muslim Bagh chromite beneficiation"
    ]
    # The reference itself.
    reference = catalogue_of_projects["thar"].reference
    assert titles_on(client, f"search={reference}") == ["Thar block coal gasification"]
    # Best match first: both mention copper, Saindak has it in the title and as a mineral.
    ranked = titles_on(client, "search=copper")
    assert set(ranked) == {"Saindak copper-gold expansion", "Gwadar copper refinery"}
    page = body(client.get("/en/projects/?search=copper"))
    assert "sorted by Best match" in page
    # The form sends an empty sort choice: relevance when searching, the newest otherwise.
    assert "sorted by Best match" in body(client.get("/en/projects/?search=copper&ordering="))
    assert "sorted by Newest" in body(client.get("/en/projects/?search=&ordering="))


def test_facets_count_the_filtered_projects(client, catalogue_of_projects):
    groups = {
        group.name: {value.value: value.count for value in group.values}
        for group in client.get("/en/projects/?region=balochistan").context["facet_groups"]
    }
    assert groups["region"] == {"balochistan": 3}
    assert groups["mineral"] == {"copper": 2, "gold": 1, "chromite": 1}
    assert groups["stage"] == {"mining": 1, "processing": 1, "refining": 1}
    assert groups["investment_model"] == {"joint_venture": 1, "equity": 1, "epc": 1}
    assert groups["status"] == {"published": 2, "awarded": 1}


def test_facet_links_apply_and_remove_a_filter(client, catalogue_of_projects):
    groups = client.get("/en/projects/?region=balochistan&page=1").context["facet_groups"]
    by_name = {group.name: group for group in groups}
    gold = next(v for v in by_name["mineral"].values if v.value == "gold")
    assert not gold.active
    assert gold.url == "?region=balochistan&mineral=gold"
    region = by_name["region"].values[0]
    assert region.active
    assert region.url == "?"
    assert titles_on(client, gold.url[1:]) == ["Saindak copper-gold expansion"]


def test_facets_are_cached_until_a_project_changes(
    client, catalogue_of_projects, django_assert_num_queries
):
    def open_count():
        page = body(client.get("/en/projects/"))
        link = re.search(
            r'href="\?status=published"[^>]*>.*?<span class="badge facet-count"[^>]*>(\d+)<',
            page,
            re.DOTALL,
        )
        return int(link.group(1))

    assert open_count() == 3
    with django_assert_num_queries(1):  # the data version; the page comes from the cache
        assert open_count() == 3
    # Even a bulk update that no service sees changes the version (a database trigger).
    Project.objects.filter(pk=catalogue_of_projects["thar"].pk).update(
        status="closed", closed_at=timezone.now()
    )
    assert open_count() == 2


def test_facet_labels_follow_the_language_from_one_cache_entry(client, catalogue_of_projects):
    client.get("/en/projects/")
    page = body(client.get("/zh-hans/projects/"))
    facets = page[page.index('id="facets"') :]
    assert "铜" in facets  # copper's Chinese name
    assert "俾路支" in facets  # Balochistan


# --- Bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "stage=moon-mining",
        "mineral=kryptonite",
        "region=atlantis",
        "status=lost",
        "investment_model=ponzi",
        "min_investment=lots",
        "max_investment=-5",
        "ordering=random",
        f"search={'x' * 201}",
    ],
)
def test_bad_filter_values_are_a_400_in_the_layout(client, reference_data, query):
    response = client.get(f"/en/projects/?{query}")
    assert response.status_code == 400
    page = body(response)
    assert "<html" in page
    assert "Some filters are not valid:" in page


def test_minimum_above_maximum_is_a_400_with_a_message(client, reference_data):
    response = client.get("/en/projects/?min_investment=500&max_investment=100")
    assert response.status_code == 400
    assert "The maximum must not be less than the minimum." in body(response)


@pytest.mark.parametrize("page_number", ["2", "0", "-1", "abc", "99999999999999999999"])
def test_a_page_that_does_not_exist_is_404(client, catalogue_of_projects, page_number):
    assert client.get(f"/en/projects/?page={page_number}").status_code == 404


def test_empty_result_has_a_clear_message(client, catalogue_of_projects):
    page = body(client.get("/en/projects/?search=unobtainium"))
    assert "No project matches these filters." in page
    assert "0 projects" in page


def test_pagination_twenty_per_page_keeps_the_filters(client, moe_pd):
    for number in range(23):
        make_project(title=f"Paged project {number:02d}", stage=Project.Stage.MINING)
    first = client.get("/en/projects/?stage=mining&search=")
    assert len(first.context["page"].object_list) == 20
    assert "?stage=mining&amp;page=2" in body(first)
    second = client.get("/en/projects/?stage=mining&page=2")
    assert len(second.context["page"].object_list) == 3
    assert client.get("/en/projects/?stage=mining&page=3").status_code == 404


# --- htmx --------------------------------------------------------------------------------------


def test_htmx_gets_the_results_and_the_facets_out_of_band(client, catalogue_of_projects):
    response = client.get(
        "/en/projects/?search=&mineral=copper&region=&ordering=newest",
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    page = body(response)
    assert "<html" not in page
    assert "Saindak copper-gold expansion" in page
    assert "Thar block coal gasification" not in page
    assert re.search(r'id="facets"[^>]*hx-swap-oob="true"', page)
    # The address bar keeps only the filters that are set, so the link reproduces the view.
    assert response["HX-Push-Url"] == "/en/projects/?mineral=copper&ordering=newest"


def test_htmx_bad_filter_is_a_400_partial_with_the_message(client, reference_data):
    response = client.get(
        "/en/projects/?min_investment=9&max_investment=1", headers={"HX-Request": "true"}
    )
    assert response.status_code == 400
    page = body(response)
    assert "<html" not in page
    assert "The maximum must not be less than the minimum." in page


def test_boosted_requests_get_the_whole_page(client, catalogue_of_projects):
    response = client.get(
        "/en/projects/?mineral=gold", headers={"HX-Request": "true", "HX-Boosted": "true"}
    )
    assert "<html" in body(response)


def test_the_form_updates_the_results_in_place(client, reference_data):
    page = body(client.get("/en/projects/"))
    assert 'hx-get="/en/projects/"' in page
    assert 'hx-target="#results"' in page
    assert 'hx-push-url="true"' in page
    assert re.search(r'id="results"[^>]*aria-live="polite"', page)
    # Options in the visitor's language; never a status that is not listed.
    assert '<optgroup label="Balochistan">' in page
    assert 'value="chagai"' in page
    assert 'value="draft"' not in page
    assert 'value="in_review"' not in page
    assert 'value="awarded"' in page


# --- Rows and languages --------------------------------------------------------------------


def test_row_shows_what_an_investor_scans_for(client, catalogue_of_projects):
    saindak = catalogue_of_projects["saindak"]
    Project.objects.filter(pk=saindak.pk).update(
        bid_closes_at=datetime(2031, 3, 14, 12, 0, tzinfo=UTC)
    )
    page = body(client.get("/en/projects/?search=Saindak"))
    for text in (
        saindak.reference,
        "Saindak copper-gold expansion",
        "Expansion of the Saindak open pit.",
        "<strong>Copper</strong>, Gold",
        "Chagai, Balochistan",
        "Mining",
        "Joint venture",
        "USD 250 million",
        "Open for bids",
        "14 March 2031, 17:00",  # 12:00 UTC in Asia/Karachi
        ">PKT<",
    ):
        assert text in page, text


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (250_000_000, "USD 250 million"),
        (1_200_000_000, "USD 1.2 billion"),
        (12_750_000, "USD 12.75 million"),
        (999_000, "USD 999,000"),
        (3_000_000_000, "USD 3 billion"),
        (123_456_789, "USD 123 million"),
        (999_999_999, "USD 1 billion"),
        (1_000_000, "USD 1 million"),
        (12_345_678_901, "USD 12.35 billion"),
        (2_500_000_000_000, "USD 2,500 billion"),
        (250, "USD 250"),
    ],
)
def test_investment_in_words(amount, text):
    assert investment_text(amount) == text


def test_pages_render_in_chinese_and_urdu(client, catalogue_of_projects):
    chinese = body(client.get("/zh-hans/projects/"))
    assert "山达克铜金扩建项目" in chinese
    assert "山达克露天矿扩建。" in chinese
    assert "Thar block coal gasification" in chinese  # no Chinese title: English
    urdu_response = client.get("/ur/projects/")
    assert urdu_response.status_code == 200
    urdu = body(urdu_response)
    assert 'dir="rtl"' in urdu
    assert "سینڈک تانبا سونا توسیع" in urdu
    reference = catalogue_of_projects["saindak"].reference
    detail = body(client.get(f"/zh-hans/projects/{reference}/"))
    assert "<h1" in detail
    assert "山达克铜金扩建项目" in detail
    assert "Saindak copper-gold expansion" in detail  # the English title below it
    assert client.get(f"/ur/projects/{reference}/").status_code == 200


# --- Query counts ------------------------------------------------------------------------------


def _list_queries(client, django_assert_num_queries, path, expected):
    with django_assert_num_queries(expected):
        response = client.get(path)
    assert response.status_code == 200


@pytest.mark.parametrize("language", ["en", "zh-hans", "ur"])
@pytest.mark.parametrize("number", [3, 25])
def test_list_query_count_is_independent_of_the_rows(
    client, moe_pd, django_assert_num_queries, number, language
):
    for index in range(number):
        make_project(
            title=f"Counted project {index}",
            title_zh=f"计数项目 {index}",
            summary_zh="中文摘要",
            summary_ur="اردو خلاصہ",
            minerals=("copper", "gold", "silver"),
        )
    # The first list after a change: the listings data version, the listing index built
    # afresh (public projects, their minerals, the regions, the minerals, the agencies), and
    # the page's rows.
    # The index gives the counts, the total and every name: no COUNT, no join.
    _list_queries(client, django_assert_num_queries, f"/{language}/projects/", 7)
    # Warm: the data version (from the database); the form, the facets and the page of
    # results come from the cache.
    _list_queries(client, django_assert_num_queries, f"/{language}/projects/", 1)
    # Filters nobody asked for before, the index built: the version and the rows.
    _list_queries(client, django_assert_num_queries, f"/{language}/projects/?stage=mining", 2)
    # A mineral filter adds its lookup (validating the slug), a search the ids it matches.
    _list_queries(
        client,
        django_assert_num_queries,
        f"/{language}/projects/?mineral=copper&search=Counted&ordering=largest",
        4,
    )
    _list_queries(
        client,
        django_assert_num_queries,
        f"/{language}/projects/?mineral=copper&search=Counted&ordering=largest",
        2,
    )
    # The htmx partial in another order (no form is rendered): the data version, the lookup,
    # the ids the search matches, and the page's rows (ranked on PostgreSQL).
    with django_assert_num_queries(4):
        client.get(
            f"/{language}/projects/?mineral=copper&search=Counted", headers={"HX-Request": "true"}
        )


# --- A project's page ----------------------------------------------------------------------------


@pytest.fixture
def full_project(moe_pd, official):
    project = make_project(
        title="Reko Diq satellite porphyry",
        title_zh="雷克迪克卫星斑岩",
        summary="A satellite porphyry near Reko Diq.",
        description="Drilled porphyry system.\n\nSecond paragraph of the description.",
        minerals=("copper", "gold", "molybdenum"),
        area_km2=145.5,
        estimated_reserves="320 Mt at 0.45% Cu",
        grade="0.45% Cu, 0.25 g/t Au",
        distance_to_gwadar_km=620,
        special_economic_zone="Bostan SEZ",
        corridor="Nokundi–Mashkel–Turbat–Gwadar",
        expected_jobs=1800,
        training_commitment="Technical college scholarships for Chagai residents.",
        contact_official=official,
        bid_opens_at=datetime(2026, 1, 1, 5, 0, tzinfo=UTC),
        bid_closes_at=timezone.now() + timedelta(days=12, hours=3),
        criteria=(("Technical capability", 50), ("Financial offer", 30), ("Local content", 20)),
        published_at=timezone.now() - timedelta(days=2),
    )
    return project


def test_detail_shows_every_field(client, full_project, official):
    response = client.get(f"/en/projects/{full_project.reference}/")
    assert response.status_code == 200
    page = body(response)
    for text in (
        full_project.reference,
        "Reko Diq satellite porphyry",
        "A satellite porphyry near Reko Diq.",
        "<p>Second paragraph of the description.</p>",
        'Copper</a> <span class="badge text-bg-success">primary</span>',
        "Molybdenum",
        "Balochistan",
        "Chagai",
        'Latitude <bdi dir="ltr">29.1300</bdi>, longitude <bdi dir="ltr">61.6500</bdi>',
        '<bdi dir="ltr">145.5</bdi> km²',
        "Mining",
        "Joint venture",
        "USD 250 million",
        'USD <bdi dir="ltr">250,000,000</bdi>',
        "320 Mt at 0.45% Cu",
        "0.45% Cu, 0.25 g/t Au",
        '<bdi dir="ltr">620</bdi> km',
        "Bostan SEZ",
        "Nokundi–Mashkel–Turbat–Gwadar",
        "1,800",
        "Technical college scholarships for Chagai residents.",
        "Local content",
        "20%",
        "100%",
        "Ministry of Energy",
        official.email,
        "Open for bids",
        "1 January 2026, 10:00",  # 05:00 UTC in Asia/Karachi
        "PKT",
        "Asia/Karachi",
        "Bids close in 1",  # "1 week, 5 days"
        "data-countdown",
        'src="/static/js/countdown.js"',
    ):
        assert text in page, text
    countdown = response.context["countdown"]
    assert countdown["days"] == 12
    assert countdown["hours"] in (2, 3)


def test_detail_in_chinese_uses_the_chinese_title(client, full_project):
    page = body(client.get(f"/zh-hans/projects/{full_project.reference}/"))
    assert '<h1 class="h2 mb-1">雷克迪克卫星斑岩</h1>' in page


def test_closed_and_cancelled_projects_have_no_countdown(client, every_status):
    closed = client.get(f"/en/projects/{every_status['closed'].reference}/")
    assert closed.context["countdown"] is None
    assert "data-countdown" not in body(closed)
    cancelled = body(client.get(f"/en/projects/{every_status['cancelled_after'].reference}/"))
    assert "This project was cancelled (" in cancelled
    assert "Test cancellation." in cancelled


def test_amendments_newest_first_with_their_changes(client, full_project, official, approver):
    proposal = services.amend_project(
        full_project,
        by=official,
        reason="More time for site visits.",
        values={"bid_closes_at": full_project.bid_closes_at + timedelta(days=7)},
    )
    first = services.approve_amendment(proposal, by=approver)
    full_project.refresh_from_db()
    second = services.amend_project(
        full_project,
        by=official,
        reason="Corrected the grade.",
        values={"grade": "0.52% Cu"},
    )
    response = client.get(f"/en/projects/{full_project.reference}/")
    page = body(response)
    rows = response.context["amendments"]
    assert [row["amendment"].pk for row in rows] == [second.pk, first.pk]
    assert page.index("Corrected the grade.") < page.index("More time for site visits.")
    assert rows[0]["changes"] == [
        {"label": "grade", "from": "0.45% Cu, 0.25 g/t Au", "to": "0.52% Cu"}
    ]
    assert '<ins><bdi dir="auto">0.52% Cu</bdi></ins>' in page
    assert str(official) in page


def test_amended_field_names_follow_the_readers_language(client, full_project, official):
    Amendment.objects.create(
        project=full_project,
        created_by=official,
        reason="Recorded by an official using the Chinese interface.",
        changes={"grade": {"label": "品位", "from": "0.4%", "to": "0.5%"}},
    )
    response = client.get(f"/en/projects/{full_project.reference}/")
    assert response.context["amendments"][0]["changes"][0]["label"] == "grade"


def _add_document(project, official, title, visibility):
    return ProjectDocument.objects.create(
        project=project,
        title=title,
        file=ContentFile(b"%PDF-1.4 test", name="x.pdf"),
        original_name="x.pdf",
        content_type="application/pdf",
        size=13,
        sha256="0" * 64,
        visibility=visibility,
        uploaded_by=official,
    )


def test_documents_are_listed_with_their_download_rights(client, full_project, official):
    _add_document(full_project, official, "Geological report", "public")
    _add_document(full_project, official, "Bid security form", "restricted")
    response = client.get(f"/en/projects/{full_project.reference}/")
    rows = {row["document"].title: row["may_download"] for row in response.context["document_rows"]}
    assert rows == {"Geological report": True, "Bid security form": False}
    page = body(response)
    assert "Geological report" in page
    assert "Bid security form" in page
    client.force_login(official)
    rows = client.get(f"/en/projects/{full_project.reference}/").context["document_rows"]
    assert all(row["may_download"] for row in rows)


def test_manage_flags_for_the_owning_officials_only(
    client, full_project, official, approver, other_agency_official
):
    response = client.get(f"/en/projects/{full_project.reference}/")
    assert response.context["may_manage"] is False
    client.force_login(other_agency_official)
    assert client.get(f"/en/projects/{full_project.reference}/").context["may_manage"] is False
    client.force_login(official)
    assert client.get(f"/en/projects/{full_project.reference}/").context["may_manage"] is True


def test_detail_query_count_is_pinned(client, full_project, official, django_assert_num_queries):
    services.amend_project(
        full_project, by=official, reason="Grade update.", values={"grade": "0.5% Cu"}
    )
    services.amend_project(
        full_project, by=official, reason="Local content.", values={"expected_jobs": 2000}
    )
    for number in range(3):
        _add_document(full_project, official, f"Report {number}", "restricted")
    # The project with its joined names, then its minerals, criteria, documents, amendments
    # and the questions the visitor may see.
    with django_assert_num_queries(6):
        response = client.get(f"/en/projects/{full_project.reference}/")
    assert response.status_code == 200
    # Signed in: the session and the user (with the agency the navigation names) come first.
    client.force_login(official)
    # ... and, for the agency's officials, the amendments waiting for a second official, the
    # questions, and the number of bids received (all they may know of them before the opening).
    with django_assert_num_queries(11):
        response = client.get(f"/en/projects/{full_project.reference}/")
    assert response.context["may_manage"] is True


def test_cached_pages_show_a_change_at_once(
    client, api_client, approver, reference_data, django_capture_on_commit_callbacks
):
    """Every service bumps the listing version after commit: no cached page goes stale."""
    project = make_project(status=Project.Status.IN_REVIEW, title="Kalabagh iron ore")
    assert "Kalabagh iron ore" not in body(client.get("/en/projects/"))
    assert api_client.get("/api/v1/projects/?search=Kalabagh").json()["count"] == 0
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_project(project, by=approver)
    assert "Kalabagh iron ore" in body(client.get("/en/projects/"))
    assert api_client.get("/api/v1/projects/?search=Kalabagh").json()["count"] == 1
