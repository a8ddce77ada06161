"""`generate_bench_data` and the benchmark's bare view (mounted only by bench/urls.py)."""

from __future__ import annotations

import re
from collections import Counter
from datetime import timedelta
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import Resolver404, resolve
from django.utils import timezone, translation

from bench import endpoints
from bench.generators import project_words as words
from minerals.models import PAKISTAN_LATITUDE, PAKISTAN_LONGITUDE
from projects import services
from projects.models import Project, ReferenceSequence
from projects.search import search_projects
from projects.selectors import public_projects

pytestmark = pytest.mark.django_db

REFERENCE = re.compile(r"PMP-(\d{4})-(\d{4,6})")


def generate(*args: str) -> str:
    out = StringIO()
    call_command("generate_bench_data", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def debug(settings, reference_data):
    settings.DEBUG = True


def test_generates_valid_varied_projects(debug):
    output = generate("--projects", "200", "--seed", "3", "--batch", "64")
    assert "Generated 200 projects" in output
    projects = list(
        Project.objects.select_related("region", "district", "primary_mineral").prefetch_related(
            "minerals", "evaluation_criteria"
        )
    )
    assert len(projects) == 200
    references = [p.reference for p in projects]
    assert len(set(references)) == 200
    assert all(REFERENCE.fullmatch(reference) for reference in references)
    for project in projects:
        assert sum(c.weight for c in project.evaluation_criteria.all()) == 100
        minerals = list(project.minerals.all())
        assert 1 <= len(minerals) <= 4
        assert project.primary_mineral in minerals
        assert project.district.parent_id == project.region_id
        assert PAKISTAN_LATITUDE[0] <= project.latitude <= PAKISTAN_LATITUDE[1]
        assert PAKISTAN_LONGITUDE[0] <= project.longitude <= PAKISTAN_LONGITUDE[1]
        if project.published_at:
            assert project.published_by_id != project.submitted_by_id
            assert project.bid_closes_at >= project.published_at + timedelta(days=7)
    statuses = Counter(p.status for p in projects)
    public = sum(1 for p in projects if p.published_at)
    assert public >= 150  # mostly public
    assert statuses[Project.Status.DRAFT] > 0
    assert {Project.Status.PUBLISHED, Project.Status.CLOSED, Project.Status.AWARDED} <= set(
        statuses
    )
    # History over years, not all stamped with the time of the run.
    assert min(p.created_at for p in projects) < timezone.now() - timedelta(days=365)
    assert Project._meta.get_field("created_at").auto_now_add  # restored after the run
    # Common and rare words for the search benchmark.
    common = sum(words.COMMON_WORD in p.description for p in projects)
    assert 0.2 < common / len(projects) < 0.47
    assert {p.region.slug for p in projects} >= {"balochistan", "punjab", "sindh"}
    assert len({p.primary_mineral_id for p in projects}) >= 15


def test_reference_sequences_continue_after_the_generated_projects(debug, official):
    generate("--projects", "60", "--seed", "5")
    numbers: dict[int, int] = {}
    for reference in Project.objects.values_list("reference", flat=True):
        year, number = map(int, REFERENCE.fullmatch(reference).groups())
        numbers[year] = max(numbers.get(year, 0), number)
    for year, highest in numbers.items():
        assert ReferenceSequence.objects.get(year=year).last_number == highest
    # A project created by the services afterwards takes the next free number.
    from minerals.models import Mineral, Region

    copper = Mineral.objects.get(slug="copper")
    now = timezone.now()
    project = services.create_project(
        by=official,
        values={
            "title": "After the benchmark data",
            "summary": "s",
            "description": "d",
            "primary_mineral": copper,
            "region": Region.objects.get(slug="balochistan"),
            "latitude": 29.0,
            "longitude": 64.0,
            "area_km2": 1,
            "stage": Project.Stage.MINING,
            "investment_model": Project.InvestmentModel.EQUITY,
            "investment_usd": 1_000_000,
            "bid_opens_at": now + timedelta(days=1),
            "bid_closes_at": now + timedelta(days=30),
        },
        minerals=[copper],
        criteria=[services.Criterion("Price", 100)],
    )
    year = timezone.localtime(now).year
    assert project.reference == f"PMP-{year}-{numbers.get(year, 0) + 1:04d}"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search on PostgreSQL")
def test_search_vectors_are_filled_and_searchable(debug):
    generate("--projects", "200", "--seed", "7", "--batch", "50")
    assert not Project.objects.filter(search_vector__isnull=True).exists()
    with_word = {
        p.pk for p in Project.objects.only("description") if words.COMMON_WORD in p.description
    }
    found = set(
        search_projects(Project.objects.all(), words.COMMON_WORD).values_list("pk", flat=True)
    )
    assert found == with_word


def test_refuses_when_debug_is_off_unless_asked(settings, reference_data):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        generate("--projects", "5")
    assert not Project.objects.exists()
    generate("--projects", "5", "--allow-production")
    assert Project.objects.count() == 5


def test_refuses_to_double_a_populated_database_unless_appending(debug):
    generate("--projects", "20", "--seed", "1")
    with pytest.raises(CommandError, match="already holds 20 projects"):
        generate("--projects", "20", "--seed", "2")
    generate("--projects", "20", "--seed", "2", "--append")
    assert Project.objects.count() == 40
    assert Project.objects.values("reference").distinct().count() == 40


# --- The benchmark's endpoints and bare view -----------------------------------------------------


def test_benchmark_searches_for_the_generated_words():
    assert endpoints.COMMON_WORD == words.COMMON_WORD
    assert endpoints.RARE_WORD == words.RARE_WORD


def test_every_benchmarked_path_exists_in_the_benchmark_urls():
    for endpoint in endpoints.ENDPOINTS:
        if endpoint.actor:  # paths of the generated scenarios: tested below
            continue
        for path in endpoint.paths:
            path = urlsplit(path).path
            prefix = path.split("/")[1]
            with translation.override(prefix if prefix in {"en", "zh-hans", "ur"} else "en"):
                resolve(path, urlconf="bench.urls")


def test_the_bare_view_is_not_in_the_portal():
    with pytest.raises(Resolver404):
        resolve("/bench/bare/")


@pytest.mark.urls("bench.urls")
def test_bare_view_returns_the_first_page_in_one_query(debug, client, django_assert_num_queries):
    generate("--projects", "60", "--seed", "11")
    with django_assert_num_queries(1):
        response = client.get("/bench/bare/")
    assert response.status_code == 200
    rows = response.json()["results"]
    assert len(rows) == 20
    newest = public_projects().order_by("-published_at", "-created_at", "-id")[:20]
    assert [row["reference"] for row in rows] == [p.reference for p in newest]
    assert {"id", "title", "summary", "primary_mineral__slug", "investment_usd"} <= set(rows[0])


@pytest.mark.urls("bench.urls")
def test_uncached_rows_filter_nothing_out(debug, client):
    """`{n}` becomes an investment bound above every project: the plain page, uncached."""
    generate("--projects", "30", "--seed", "13")
    largest_unique = 10**14 + 2 * 10**9 + 10**6  # as report.lua makes them
    for endpoint in endpoints.ENDPOINTS:
        for path in endpoint.paths:
            if "{n}" not in path:
                continue
            response = client.get(path.replace("{n}", str(largest_unique)))
            plain = client.get(
                path.replace("&max_investment={n}", "").replace("?max_investment={n}", "")
            )
            assert response.status_code == plain.status_code == 200, path
            shown = set(REFERENCE.findall(response.content.decode()))
            assert shown
            assert shown == set(REFERENCE.findall(plain.content.decode()))


def test_firms_and_bids_for_the_scenarios(debug, tmp_path, client, api_client):
    """The bid generator keeps every constraint (bulk inserts would fail otherwise) and
    prepares the two scenarios: 50 opened bids to compare, 16 firms revising at once."""
    import json

    from projects.models import Bid, BidOpening

    generate("--projects", "400", "--seed", "5")
    scenario_file = tmp_path / "scenario.json"
    call_command(
        "generate_bench_bids",
        "--firms",
        "120",
        "--bids",
        "600",
        "--scenario",
        str(scenario_file),
        stdout=StringIO(),
    )
    scenario = json.loads(scenario_file.read_text())
    evaluation = Project.objects.get(reference=scenario["evaluation_path"].split("/")[3])
    assert evaluation.bids.filter(status="opened").count() == 50
    assert BidOpening.objects.filter(project=evaluation).exists()
    assert Bid.objects.count() >= 550
    assert (
        Bid.objects.filter(status="awarded").count()
        == Project.objects.filter(status="awarded", bids__isnull=False).distinct().count()
    )
    # A reviser's token revises its sealed bid through the API, as the benchmark will.
    reviser = scenario["revisers"][0]
    assert len(scenario["revisers"]) == 16
    response = client.post(
        reviser["path"],
        endpoints.REVISION_BODY,
        content_type="application/json",
        headers={"Authorization": f"Bearer {reviser['token']}"},
    )
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 2
