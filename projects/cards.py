"""The result cards of the public list, written in Python.

Twenty cards through the template engine were the largest part of a list page computed
afresh (each card resolves some forty variables and tags). The HTML is that of the card
markup in `projects/partials/_project_results.html` before this module; the text helpers are
the template tags' own functions (`localized`, `money`, `when`), so both say the same.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape  # the standard library's: these modules mark their output safe once
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from emining.i18n import language_field_suffix, localized_name
from emining.templatetags.portal import localized, money, when

from .models import Project

if TYPE_CHECKING:
    from .listing_index import ListingIndex

# Cards kept per language and index: about 1.6 KB each, so a few MB per worker at most.
KEPT_CARDS_PER_LANGUAGE = 2000
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


def detail_url_maker() -> Callable[[str], str]:
    """A project's page address from its reference, the URL reversed once (not per row)."""
    placeholder = "PMP-0000-0000"
    before, _, after = reverse(
        "projects:project-detail", kwargs={"reference": placeholder}
    ).partition(placeholder)
    return lambda reference: f"{before}{reference}{after}"


def project_cards_html(rows: list[dict], index: ListingIndex) -> SafeString:
    """One `<li>` card per project: rows from `selectors.listing_page_rows`, the names of
    minerals and places from the listing index's catalogue.

    A card depends only on its project's data and the language, so each is written once per
    language and kept beside the index (which a change to listed data replaces): the pages of
    filters nobody asked for before mostly show projects other pages have shown."""
    kept = index.derived.setdefault(("cards", get_language()), {})
    missing = [row for row in rows if row["id"] not in kept]
    if missing:
        written = _cards(missing, index)
        # A project published since the index was built is written but not kept; nor is
        # anything beyond the bound (a crawler walking every page would keep every card).
        if len(kept) < KEPT_CARDS_PER_LANGUAGE:
            kept.update((pk, card) for pk, card in written.items() if index.holds(pk))
    else:
        written = {}
    cards = [kept.get(row["id"]) or written[row["id"]] for row in rows]
    return mark_safe("\n  ".join(cards))  # noqa: S308 (every card escaped by _cards)


def _cards(rows: list[dict], index: ListingIndex) -> dict[int, str]:
    """The cards of these projects, by id. Plain text is escaped here (`escape`); what the
    portal's helpers return (`localized`, `when`) is already HTML."""
    labels = {
        "minerals_label": escape(gettext("Minerals")),
        "location_label": escape(gettext("Location")),
        "stage_label": escape(gettext("Value-chain stage")),
        "model_label": escape(gettext("Investment model")),
        "investment_label": escape(gettext("Investment sought")),
    }
    bids_close, bids_closed = escape(gettext("Bids close")), escape(gettext("Bids closed"))
    # Choice labels translated and escaped once, not once per card.
    statuses = {value: escape(str(label)) for value, label in Project.Status.choices}
    stages = {value: escape(str(label)) for value, label in Project.Stage.choices}
    models = {value: escape(str(label)) for value, label in Project.InvestmentModel.choices}
    url_of = detail_url_maker()
    suffix = language_field_suffix()

    def name(row: dict | None) -> str:  # a catalogue name, escaped
        return escape(localized_name(row, suffix)) if row else ""

    cards = {}
    with timezone.override(CARD_TIME_ZONE):
        for project in rows:
            district = index.regions.get(project["district_id"])
            region = name(index.regions.get(project["region_id"]))
            primary = project["primary_mineral_id"]
            others = sorted(
                name(index.minerals[pk])
                for pk in index.mineral_ids_of(project["id"])
                if pk != primary and pk in index.minerals
            )
            reference = escape(project["reference"])
            cards[project["id"]] = CARD.format(
                reference=reference,
                status=escape(project["status"]),
                status_display=statuses.get(project["status"], ""),
                url=escape(url_of(project["reference"])),
                title=localized(project, "title"),
                summary=localized(project, "summary", words=60),
                primary_mineral=name(index.minerals.get(primary)),
                other_minerals="".join(f", {other}" for other in others),
                location=f"{name(district)}, {region}" if district else region,
                stage=stages.get(project["stage"], ""),
                model=models.get(project["investment_model"], ""),
                investment=escape(money(project["investment_usd"])),
                deadline_label=bids_close
                if project["status"] == Project.Status.PUBLISHED
                else bids_closed,
                deadline=when(project["bid_closes_at"]),
                **labels,
            )
    return cards
