"""The benchmark's MoUs (`generate_bench_mous`) and its dashboard rows: the generator keeps
every constraint (bulk inserts would fail otherwise), the references continue, and the
dashboard computed over the generated data matches its cached and API versions."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from emining.dashboard.figures import compute_public_figures
from matchmaking.lead_selectors import lead_pipeline_figures
from matchmaking.models import Lead, LeadStageChange, MoU, MoUMilestone
from tests.matchmaking.mous import make_mou

pytestmark = pytest.mark.django_db


@pytest.fixture
def bench_world(settings, reference_data):
    settings.DEBUG = True
    out = StringIO()
    call_command("generate_bench_data", "--projects", "300", "--seed", "3", stdout=out)
    call_command("generate_bench_bids", "--firms", "80", "--bids", "300", stdout=out)
    call_command(
        "generate_bench_mous", "--mous", "150", "--leads", "400", "--seed", "3", stdout=out
    )


def test_generated_mous_are_varied_and_valid(bench_world, official, pk_firm, cn_firm):
    assert MoU.objects.count() == 150
    statuses = Counter(MoU.objects.values_list("status", flat=True))
    assert {"draft", "signed", "in_implementation"} <= set(statuses)
    assert MoU.objects.filter(is_public=False).exists()
    assert MoUMilestone.objects.filter(completed_on__isnull=True).exists()
    oldest = timezone.localdate() - timedelta(days=4 * 365 + 2)
    assert not MoU.objects.filter(signed_on__lt=oldest).exists()
    # The services carry on numbering after the generated references.
    mou = make_mou(official, pk_firm, cn_firm, status="draft")
    assert MoU.objects.filter(reference=mou.reference).count() == 1


def test_refuses_a_second_run(bench_world):
    with pytest.raises(CommandError, match="exist already"):
        call_command("generate_bench_mous", "--mous", "5", stdout=StringIO())


@pytest.mark.urls("bench.urls")
def test_the_uncached_dashboard_row_shows_the_same_figures(bench_world, client):
    figures = compute_public_figures()
    assert figures["totals"]["mous_public"] > 0
    assert figures["totals"]["projects_published"] > 0
    uncached = client.get("/bench/dashboard-uncached/")
    cached = client.get("/en/dashboard/")
    assert uncached.status_code == cached.status_code == 200
    marker = 'data-figure="projects_published">'
    assert marker in uncached.content.decode()
    value = uncached.content.decode().split(marker)[1].split("<")[0]
    assert value == cached.content.decode().split(marker)[1].split("<")[0]
    assert client.get("/api/v1/stats/").json() == figures


def test_generated_leads_fill_every_stage_with_history(bench_world):
    assert Lead.objects.count() == 400
    stages = Counter(Lead.objects.values_list("stage", flat=True))
    assert set(stages) == set(Lead.Stage.values)
    assert not Lead.objects.filter(stage="lost", lost_reason="").exists()
    # Each lead's history starts at "new" and ends at its stage.
    first = LeadStageChange.objects.filter(from_stage="").count()
    assert first == 400
    figures = lead_pipeline_figures()
    assert {row.stage: row.count for row in figures.funnel if row.count} == dict(stages)
    # Every lead reached "new"; fewer reached each later step.
    reached = [step.reached_from for step in figures.conversions]
    assert reached[0] == 400
    assert reached == sorted(reached, reverse=True)
