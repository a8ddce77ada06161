"""The public directory (page and API): verified firms only, each filter, search in three
languages, bad filters, and query counts that do not grow with the page."""

from __future__ import annotations

import pytest

from firms.models import Firm
from minerals.models import Mineral, Region
from tests.factories import FirmFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(reference_data):
    powerchina = FirmFactory(
        name="POWERCHINA International Group Limited",
        name_zh="中国电建集团国际工程有限公司",
        name_ur="پاور چائنا انٹرنیشنل",
        country="CN",
        head_office_city="Beijing",
        capabilities=["mining", "logistics"],
        capital_usd_min=500_000_000,
        capital_usd_max=3_000_000_000,
    )
    powerchina.minerals.set(Mineral.objects.filter(slug="coal"))
    powerchina.regions.set(Region.objects.filter(slug="sindh"))
    pmdc = FirmFactory(
        name="Pakistan Mineral Development Corporation",
        name_zh="巴基斯坦矿产开发公司",
        name_ur="پاکستان منرل ڈویلپمنٹ کارپوریشن",
        country="PK",
        head_office_city="Islamabad",
        description="Salt mines at Khewra.",
        capabilities=["exploration", "processing"],
    )
    pmdc.minerals.set(Mineral.objects.filter(slug__in=["rock-salt", "gypsum"]))
    pmdc.regions.set(Region.objects.filter(slug="punjab"))
    hidden = [
        FirmFactory(name="Pending Hidden Mining", verification_status="pending"),
        FirmFactory(name="Rejected Hidden Mining", verification_status="rejected"),
        FirmFactory(name="Draft Hidden Mining", verification_status="draft"),
    ]
    return {"powerchina": powerchina, "pmdc": pmdc, "hidden": hidden}


def names_on_page(client, query="", language="en"):
    response = client.get(f"/{language}/firms/{query}")
    assert response.status_code == 200
    return [firm["name"] for firm in response.context["page"].object_list]


def names_in_api(api_client, query=""):
    response = api_client.get(f"/api/v1/firms/{query}")
    assert response.status_code == 200, response.content
    return [row["name"] for row in response.json()["results"]]


def test_only_verified_firms_are_listed(client, api_client, directory):
    expected = [
        "Pakistan Mineral Development Corporation",
        "POWERCHINA International Group Limited",
    ]
    assert names_on_page(client) == expected
    assert names_in_api(api_client) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?country=CN", ["POWERCHINA International Group Limited"]),
        ("?country=PK", ["Pakistan Mineral Development Corporation"]),
        ("?capability=logistics", ["POWERCHINA International Group Limited"]),
        ("?capability=processing", ["Pakistan Mineral Development Corporation"]),
        ("?capability=refining", []),
        ("?mineral=coal", ["POWERCHINA International Group Limited"]),
        ("?mineral=gypsum", ["Pakistan Mineral Development Corporation"]),
        ("?region=sindh", ["POWERCHINA International Group Limited"]),
        ("?region=punjab", ["Pakistan Mineral Development Corporation"]),
        ("?q=powerchina", ["POWERCHINA International Group Limited"]),
        ("?q=中国电建", ["POWERCHINA International Group Limited"]),
        ("?q=کارپوریشن", ["Pakistan Mineral Development Corporation"]),
        ("?q=islamabad", ["Pakistan Mineral Development Corporation"]),
        ("?q=khewra", ["Pakistan Mineral Development Corporation"]),
        ("?q=hidden", []),
        (
            "?ordering=-name",
            ["POWERCHINA International Group Limited", "Pakistan Mineral Development Corporation"],
        ),
    ],
)
def test_filters_and_search_on_the_page_and_in_the_api(
    client, api_client, directory, query, expected
):
    assert names_on_page(client, query) == expected
    assert names_in_api(api_client, query) == expected


@pytest.mark.parametrize(
    "query",
    ["?country=IN", "?capability=dancing", "?mineral=unobtainium", "?region=chagai", "?ordering=x"],
)
def test_bad_filters_are_explained(client, api_client, directory, query):
    response = client.get(f"/en/firms/{query}")
    assert response.status_code == 400
    assert "Some filters are not valid" in response.content.decode()
    api = api_client.get(f"/api/v1/firms/{query}")
    assert api.status_code == 400
    field = query[1:].split("=")[0]
    assert field in api.json()["errors"]


def test_empty_state(client, reference_data):
    response = client.get("/en/firms/")
    assert "No firm has been verified yet" in response.content.decode()
    response = client.get("/en/firms/?q=nothing-like-this")
    assert "No verified firm matches these filters" in response.content.decode()


def test_cards_show_names_capabilities_and_capital_in_the_visitors_language(client, directory):
    page = client.get("/zh-hans/firms/?country=CN").content.decode()
    assert "中国电建集团国际工程有限公司" in page
    assert "5 亿美元" in page
    english = client.get("/en/firms/?country=CN").content.decode()
    assert "USD 500 million" in english
    assert "Logistics and infrastructure" in english
    urdu = client.get("/ur/firms/").content.decode()
    assert 'dir="rtl"' in urdu
    assert "پاور چائنا انٹرنیشنل" in urdu


def test_htmx_gets_only_the_results(client, directory):
    response = client.get("/en/firms/?country=PK", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.content.decode()


def _many_firms(count):
    coal = Mineral.objects.get(slug="coal")
    sindh = Region.objects.get(slug="sindh")
    for _ in range(count):
        firm = FirmFactory()
        firm.minerals.add(coal)
        firm.regions.add(sindh)


@pytest.mark.parametrize("count", [3, 25])
def test_page_query_count_is_pinned(client, reference_data, django_assert_num_queries, count):
    _many_firms(count)
    client.get("/en/firms/")  # builds this process's directory index
    # The data version (the index is current) and the page's rows; counts, lists, options
    # and names come from the index.
    with django_assert_num_queries(2):
        response = client.get("/en/firms/?ordering=-name")
    assert response.status_code == 200


@pytest.mark.parametrize("count", [3, 25])
def test_api_query_count_is_pinned(api_client, reference_data, django_assert_num_queries, count):
    _many_firms(count)
    api_client.get("/api/v1/firms/")  # builds this process's directory index
    # Anonymous: the data version and the page's rows (the rest from the index).
    with django_assert_num_queries(2):
        response = api_client.get("/api/v1/firms/?page_size=20")
    assert response.status_code == 200
    assert len(response.json()["results"]) == min(count, 20)


@pytest.mark.parametrize("count", [3, 25])
def test_api_query_count_for_members_is_pinned(
    api_client, reference_data, pending_member, django_assert_num_queries, count
):
    """A member of a firm not yet verified also sees their own: read from the database."""
    _many_firms(count)
    api_client.force_authenticate(pending_member)
    with django_assert_num_queries(6):  # the membership, the count, the page, three lists
        response = api_client.get("/api/v1/firms/?page_size=20")
    assert response.status_code == 200
    assert len(response.json()["results"]) == min(count + 1, 20)


def test_api_list_rows_are_the_serializers_firms(api_client, directory):
    """The list writes rows itself (`rows_for_listing`); the detail uses the serializer.
    Both say the same of every firm, field for field and in the same order."""
    from firms.api.serializers import FirmSerializer

    listed = api_client.get("/api/v1/firms/").json()["results"]
    assert len(listed) == 2
    for row in listed:
        firm = Firm.objects.get(pk=row["id"])
        assert list(row.items()) == list(FirmSerializer(firm).data.items())
        assert api_client.get(f"/api/v1/firms/{firm.pk}/").json() == row


def test_api_fields(api_client, directory):
    row = next(
        r for r in api_client.get("/api/v1/firms/").json()["results"] if r["country"] == "CN"
    )
    assert row["name_zh"] == "中国电建集团国际工程有限公司"
    assert row["capabilities"] == ["logistics", "mining"]
    assert row["minerals"] == ["coal"]
    assert row["regions"] == ["sindh"]
    assert row["capital_usd_min"] == 500_000_000
    assert row["verification_status"] == "verified"
    assert "contact_email" not in row
    assert set(row) == {
        "id",
        "name",
        "name_zh",
        "name_ur",
        "country",
        "registration_number",
        "kind",
        "head_office_city",
        "present_in_pakistan",
        "capabilities",
        "minerals",
        "regions",
        "capital_usd_min",
        "capital_usd_max",
        "years_of_experience",
        "website",
        "verification_status",
    }


def test_the_api_lists_the_callers_own_firm_and_officials_see_all(
    api_client, directory, pending_member, official
):
    api_client.force_authenticate(pending_member)
    assert "Pending Minerals Limited" in names_in_api(api_client)
    assert "Pending Hidden Mining" not in names_in_api(api_client)
    api_client.force_authenticate(official)
    assert len(names_in_api(api_client)) == Firm.objects.count()
