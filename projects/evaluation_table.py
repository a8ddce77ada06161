"""The rows of the officials' side-by-side table of opened bids, written in Python.

Fifty bids through the template engine (twelve cells, a dozen translated labels and up to
four links or forms per row) took most of a hundred milliseconds; the same markup written
here takes a few. The markup is that of `projects/bids/evaluation.html` before this module;
the text helpers are the templates' own (`money`, `auto`, `intcomma`), so the pages agree.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from django.contrib.humanize.templatetags.humanize import intcomma
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from emining.i18n import language_field_suffix, localized_name
from emining.templatetags.portal import auto, money
from minerals.models import ValueChainStage

from .bid_selectors import EvaluationRow
from .models import Bid, Project

ROW = """<tr data-bid="{pk}">
  <td data-label="{firms_label}"><a href="{detail_url}">{lead}</a>{partners}</td>
  <td data-label="{investment_label}" class="text-end text-nowrap"><bdi>{investment}</bdi></td>
  <td data-label="{model_label}">{model}</td>
  <td data-label="{timeline_label}" class="text-end"><bdi dir="ltr">{timeline}</bdi></td>
  <td data-label="{jobs_label}" class="text-end"><bdi dir="ltr">{jobs}</bdi></td>
  <td data-label="{trainees_label}" class="text-end"><bdi dir="ltr">{trainees}</bdi></td>
  <td data-label="{stage_label}">{stage}</td>
  <td data-label="{complete_label}">{complete}</td>
  <td data-label="{evaluators_label}">{evaluators}</td>
  <td data-label="{total_label}" class="text-end fw-semibold">{total}</td>
  <td data-label="{status_label}"><span class="badge text-bg-light border">{status}</span></td>
  <td class="portal-row-actions">{actions}</td>
</tr>"""


def _url_maker(name: str) -> Callable[[int], str]:
    """A bid's page address by its number, the URL reversed once (not once per row)."""
    before, _, after = reverse(name, kwargs={"pk": 0}).rpartition("0")
    return lambda pk: escape(f"{before}{pk}{after}")


def evaluation_rows_html(
    request: HttpRequest, rows: list[EvaluationRow], *, criteria_count: int, in_evaluation: bool
) -> SafeString:
    """The `<tr>` of each row (`bid_selectors.evaluation_rows`); the actions only while the
    project is in evaluation. Labels and choice names are translated once per page."""
    labels = {
        "firms_label": gettext("Firms"),
        "investment_label": gettext("Offered investment"),
        "model_label": gettext("Investment model"),
        "timeline_label": gettext("Timeline (months)"),
        "jobs_label": gettext("Pakistani jobs"),
        "trainees_label": gettext("Trainees"),
        "stage_label": gettext("Value addition"),
        "complete_label": gettext("Complete?"),
        "evaluators_label": gettext("Evaluators"),
        "total_label": gettext("Weighted total"),
        "status_label": gettext("Status"),
    }
    labels = {key: escape(text) for key, text in labels.items()}
    models = {value: escape(str(label)) for value, label in Project.InvestmentModel.choices}
    stages = {value: escape(str(label)) for value, label in ValueChainStage.choices}
    statuses = {value: escape(str(label)) for value, label in Bid.Status.choices}
    yes = escape(gettext("Yes"))
    incomplete = f'<span class="badge text-bg-warning">{escape(gettext("Incomplete"))}</span>'
    not_scored = (
        f'<span class="small text-body-secondary">{escape(gettext("Not scored yet"))}</span>'
    )
    actions = _Actions(request) if in_evaluation else None
    detail_url = _url_maker("projects:bid-detail")
    suffix = language_field_suffix()

    def firm_name(row: dict, prefix: str) -> str:
        names = {"name": row[f"{prefix}name"], "name_zh": row[f"{prefix}name_zh"]}
        names["name_ur"] = row[f"{prefix}name_ur"]
        return auto(localized_name(names, suffix))

    html = []
    for row in rows:
        bid = row.bid
        partners = "".join(
            f'<br><span class="small">+ {firm_name(partner, "firm__")}</span>'
            for partner in row.partners
        )
        evaluators = "".join(
            f'<span class="d-block small">{auto(name)}: '
            f'<bdi dir="ltr">{count}/{criteria_count}</bdi></span>'
            for name, count in row.progress
        )
        total = row.reconciled_total
        html.append(
            ROW.format(
                pk=bid["id"],
                detail_url=detail_url(bid["id"]),
                lead=firm_name(bid, "lead_firm__"),
                partners=partners,
                investment=escape(money(bid["offered_investment_usd"])),
                model=models.get(bid["investment_model"], ""),
                timeline=escape(str(bid["timeline_months"] or "")),
                jobs=escape(str(intcomma(bid["local_jobs"]))),
                trainees=escape(str(intcomma(bid["trainees"]))),
                stage=stages.get(bid["value_addition_stage"], ""),
                complete=yes if bid["complete"] else incomplete,
                # One box, so that the stacked (phone) layout keeps the names together.
                evaluators=f"<div>{evaluators}</div>" if evaluators else not_scored,
                total=f'<bdi dir="ltr">{escape(localize(total))}</bdi>'
                if total is not None
                else "—",
                status=statuses.get(bid["status"], ""),
                actions=actions.of(row) if actions else "",
                **labels,
            )
        )
    return mark_safe("\n".join(html))  # noqa: S308 (every text escaped above or by `auto`)


class _Actions:
    """The buttons of a row while the project is in evaluation."""

    def __init__(self, request: HttpRequest):
        self.score_url = _url_maker("projects:bid-score")
        self.reconcile_url = _url_maker("projects:bid-reconcile")
        self.shortlist_url = _url_maker("projects:bid-shortlist")
        self.award_url = _url_maker("projects:bid-award")
        self.csrf = escape(get_token(request))
        self.score = escape(gettext("Score"))
        self.reconcile = escape(gettext("Reconcile"))
        self.shortlist = escape(gettext("Shortlist"))
        self.award = escape(gettext("Award"))

    def of(self, row: EvaluationRow) -> str:
        bid = row.bid
        pk, status = bid["id"], bid["status"]
        parts = []
        if status in (Bid.Status.OPENED, Bid.Status.SHORTLISTED):
            if not row.reconciled:
                parts.append(
                    f'<a class="btn btn-sm btn-outline-success" href="{self.score_url(pk)}">'
                    f"{self.score}</a>"
                )
            parts.append(
                f'<a class="btn btn-sm btn-outline-secondary" href="{self.reconcile_url(pk)}">'
                f"{self.reconcile}</a>"
            )
        if status == Bid.Status.OPENED and row.reconciled and bid["complete"]:
            parts.append(
                f'<form method="post" action="{self.shortlist_url(pk)}">'
                f'<input type="hidden" name="csrfmiddlewaretoken" value="{self.csrf}">'
                f'<button type="submit" class="btn btn-sm btn-success">{self.shortlist}</button>'
                "</form>"
            )
        if status == Bid.Status.SHORTLISTED:
            parts.append(
                f'<a class="btn btn-sm btn-success" href="{self.award_url(pk)}">{self.award}</a>'
            )
        return f'<div class="d-flex flex-wrap gap-1">{"".join(parts)}</div>'
