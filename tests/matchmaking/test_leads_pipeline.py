"""The pipeline's figures for the officials' dashboard, against hand-computed values."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from matchmaking.lead_selectors import lead_pipeline_figures
from matchmaking.services import leads as services

from .leads import make_lead

pytestmark = pytest.mark.django_db


def test_funnel_conversions_and_overdue(official, django_assert_num_queries):
    today = timezone.localdate()
    # A new (10); B qualified (20, overdue); C skipped new → contacted (30); D new →
    # qualified → lost (no value); E new → … → negotiation (40, overdue); F committed (50)
    # through every stage; G lost from new.
    make_lead(official, estimated_value_usd=10)
    make_lead(
        official,
        stage="qualified",
        estimated_value_usd=20,
        next_action="Call",
        next_action_due=today - timedelta(days=1),
    )
    make_lead(official, stage="contacted", estimated_value_usd=30)
    d = make_lead(official, stage="qualified")
    services.move_lead(d, "lost", by=official, reason="Went elsewhere.")
    e = make_lead(
        official,
        estimated_value_usd=40,
        next_action="Visit",
        next_action_due=today - timedelta(days=3),
    )
    for stage in ("qualified", "contacted", "site_visit", "negotiation"):
        services.move_lead(e, stage, by=official)
    f = make_lead(official, estimated_value_usd=50, next_action="Done", next_action_due=today)
    for stage in ("qualified", "contacted", "site_visit", "negotiation", "mou_signed"):
        services.move_lead(f, stage, by=official)
    services.move_lead(f, "investment_committed", by=official)
    # A lost lead with a past due date is not overdue (it is closed).
    make_lead(official, next_action="Old", next_action_due=today - timedelta(days=9), stage="lost")

    with django_assert_num_queries(3):
        figures = lead_pipeline_figures(today)

    funnel = {row.stage: (row.count, row.value_usd) for row in figures.funnel}
    assert funnel == {
        "new": (1, 10),
        "qualified": (1, 20),
        "contacted": (1, 30),
        "site_visit": (0, 0),
        "negotiation": (1, 40),
        "mou_signed": (0, 0),
        "investment_committed": (1, 50),
        "lost": (2, 0),
    }
    # Reached (furthest stage ≥ N, lost leads count up to where they got):
    # new 7; qualified B C D E F = 5; contacted C E F = 3; site_visit E F = 2;
    # negotiation 2; mou_signed F = 1; committed 1.
    steps = [(c.from_stage, c.to_stage, c.reached_from, c.reached_to) for c in figures.conversions]
    assert steps == [
        ("new", "qualified", 7, 5),
        ("qualified", "contacted", 5, 3),
        ("contacted", "site_visit", 3, 2),
        ("site_visit", "negotiation", 2, 2),
        ("negotiation", "mou_signed", 2, 1),
        ("mou_signed", "investment_committed", 1, 1),
    ]
    assert figures.conversions[0].rate == pytest.approx(5 / 7)
    assert [lead.next_action for lead in figures.overdue] == ["Visit", "Call"]

    html = render_to_string("matchmaking/leads/_pipeline.html", {"pipeline": figures})
    assert html.count("<caption>") == 3
    assert '<th scope="row">Negotiation</th>' in html
    assert "71%" in html  # 5 of 7


def test_no_leads_no_division_by_zero(db):
    figures = lead_pipeline_figures()
    assert all(step.rate is None for step in figures.conversions)
    html = render_to_string("matchmaking/leads/_pipeline.html", {"pipeline": figures})
    assert "No follow-up is overdue." in html
