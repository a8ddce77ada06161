"""The result cards of the public list, written in Python.

Twenty cards through the template engine were the largest part of a list page computed
afresh (each card resolves some forty variables and tags). The HTML is that of the card
markup in `projects/partials/_project_results.html` before this module; the text helpers are
the template tags' own functions (`localized`, `money`, `when`), so both say the same.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from emining.templatetags.portal import localized, money, when

from .models import Project

# Deadlines are shown in Pakistan's time, as on the project's page.
CARD_TIME_ZONE = "Asia/Karachi"

CARD = """<li class="mb-3">
    <article class="card project-card" aria-labelledby="project-{reference}-title">
      <div class="card-body">
        <div class="d-flex flex-wrap justify-content-between align-items-center gap-2 mb-2">
          <bdi class="project-reference" dir="ltr">{reference}</bdi>
          <span class="badge status-badge status-{status}">{status_display}</span>
        </div>
        <h3 class="h5 mb-2" id="project-{reference}-title">
          <a href="{url}">{title}</a>
        </h3>
        <p class="mb-3">{summary}</p>
        <dl class="row small mb-0 project-facts">
          <div class="col-sm-6 col-xl-4">
            <dt>{minerals_label}</dt>
            <dd><strong>{primary_mineral}</strong>{other_minerals}</dd>
          </div>
          <div class="col-sm-6 col-xl-4">
            <dt>{location_label}</dt>
            <dd>{location}</dd>
          </div>
          <div class="col-sm-6 col-xl-4">
            <dt>{stage_label}</dt>
            <dd>{stage}</dd>
          </div>
          <div class="col-sm-6 col-xl-4">
            <dt>{model_label}</dt>
            <dd>{model}</dd>
          </div>
          <div class="col-sm-6 col-xl-4">
            <dt>{investment_label}</dt>
            <dd class="fw-semibold"><bdi>{investment}</bdi></dd>
          </div>
          <div class="col-sm-6 col-xl-4">
            <dt>{deadline_label}</dt>
            <dd>{deadline}</dd>
          </div>
        </dl>
      </div>
    </article>
  </li>"""


def project_cards_html(projects: Iterable[Project]) -> SafeString:
    """One `<li>` card per project (rows from `selectors.listing_page_rows`)."""
    labels = {
        "minerals_label": gettext("Minerals"),
        "location_label": gettext("Location"),
        "stage_label": gettext("Value-chain stage"),
        "model_label": gettext("Investment model"),
        "investment_label": gettext("Investment sought"),
    }
    bids_close, bids_closed = gettext("Bids close"), gettext("Bids closed")
    # Choice labels translated once, not once per card (`get_status_display()` hashes every
    # lazy label of the field on each call).
    statuses = {value: str(label) for value, label in Project.Status.choices}
    stages = {value: str(label) for value, label in Project.Stage.choices}
    models = {value: str(label) for value, label in Project.InvestmentModel.choices}
    cards = []
    with timezone.override(CARD_TIME_ZONE):
        for project in projects:
            district = project.district
            location = format_html(
                "{}{}",
                format_html("{}, ", district.localized_name) if district else "",
                project.region.localized_name,
            )
            others = format_html_join(
                "",
                ", {}",
                (
                    (mineral.localized_name,)
                    for mineral in project.minerals.all()
                    if mineral.pk != project.primary_mineral_id
                ),
            )
            cards.append(
                format_html(
                    CARD,
                    reference=project.reference,
                    status=project.status,
                    status_display=statuses.get(project.status, project.status),
                    url=project.get_absolute_url(),
                    title=localized(project, "title"),
                    summary=localized(project, "summary", words=60),
                    primary_mineral=project.primary_mineral.localized_name,
                    other_minerals=others,
                    location=location,
                    stage=stages.get(project.stage, project.stage),
                    model=models.get(project.investment_model, project.investment_model),
                    investment=money(project.investment_usd),
                    deadline_label=bids_close if project.is_open_for_bids else bids_closed,
                    deadline=when(project.bid_closes_at),
                    **labels,
                )
            )
    return mark_safe("\n  ".join(cards))  # noqa: S308 (every card built by format_html)
