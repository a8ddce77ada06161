"""The firm directory's result cards, written in Python.

Twenty cards through the template engine (two includes and some thirty variables and tags
each) were most of a directory page. The markup is that of the card template before this
module (`firms/partials/_firm_card.html`, gone); the text helpers are the templates' own
(`localized`, `firms.display`), so the directory and the firm page say the same.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from emining.i18n import language_field_suffix, localized_name
from emining.templatetags.portal import localized
from minerals.models import ValueChainStage

from .display import capital_range, status_badge
from .models import Firm

CARD = """<li class="card project-card firm-card mb-3">
  <div class="card-body">
    <div class="d-flex flex-wrap justify-content-between align-items-start gap-2">
      <h3 class="h5 mb-1"><a href="{url}">{name}</a></h3>
      {badge}
    </div>
    <p class="small text-body-secondary mb-2">
      <span class="badge text-bg-light border">{country}</span>
      {kind} · {city}{office}
    </p>
    <dl class="row small mb-0">
      <dt class="col-sm-3">{capabilities_label}</dt>
      <dd class="col-sm-9">{capabilities}</dd>
      <dt class="col-sm-3">{minerals_label}</dt>
      <dd class="col-sm-9">{minerals}</dd>
      <dt class="col-sm-3">{capital_label}</dt>
      <dd class="col-sm-9 mb-0">{capital}</dd>
    </dl>
  </div>
</li>"""


def firm_cards_html(rows: list[dict[str, Any]], minerals: Mapping[str, dict]) -> SafeString:
    """One `<li>` card per firm: `rows` from `firms.listing`, with their capabilities and
    minerals; `minerals` the names of every mineral by slug. Labels and choice names are
    translated once per page."""
    labels = {
        "capabilities_label": escape(gettext("Capabilities")),
        "minerals_label": escape(gettext("Minerals")),
        "capital_label": escape(gettext("Capital")),
    }
    office = escape(gettext("office in Pakistan"))
    countries = {value: escape(str(label)) for value, label in Firm.Country.choices}
    kinds = {value: escape(str(label)) for value, label in Firm.Kind.choices}
    stages = {
        value: f'<span class="badge text-bg-success me-1">{escape(str(label))}</span>'
        for value, label in ValueChainStage.choices
    }
    url_before, _, url_after = reverse("firms:firm-detail", kwargs={"pk": 0}).rpartition("0")
    suffix = language_field_suffix()
    cards = []
    for firm in rows:
        capabilities = "".join(stages.get(stage, "") for stage in firm["capability_stages"])
        names = ", ".join(
            escape(localized_name(minerals[slug], suffix))
            for slug in firm["mineral_slugs"]
            if slug in minerals
        )
        cards.append(
            CARD.format(
                url=escape(f"{url_before}{firm['id']}{url_after}"),
                name=localized(firm, "name"),
                badge=status_badge(firm["verification_status"]),
                country=countries.get(firm["country"], ""),
                kind=kinds.get(firm["kind"], ""),
                city=localized(firm, "head_office_city"),
                office=f" · {office}"
                if firm["present_in_pakistan"] and firm["country"] == Firm.Country.CHINA
                else "",
                capabilities=capabilities or "—",
                minerals=names or "—",
                capital=capital_range(firm["capital_usd_min"], firm["capital_usd_max"]),
                **labels,
            )
        )
    return mark_safe("\n".join(cards))  # noqa: S308 (every text escaped above or by its helper)
