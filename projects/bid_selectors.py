"""Reads of sealed bids for the pages: what a firm sees of its bids, what the owning agency's
officials see once the bids are opened, and the count they may know before.

Every function starts from `permissions.bids_visible_to` (or is called only after a
permission check), so a page never shows a bid its viewer may not see.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone

from emining.models import User
from firms.models import Firm
from firms.permissions import firm_of

from . import permissions
from .models import (
    Bid,
    BidDocument,
    BidParticipant,
    BidScore,
    BidVersion,
    EvaluationCriterion,
    Project,
)
from .models.bids import SEALED_STATUSES

if TYPE_CHECKING:
    from emining.permissions import AnyUser


def _participants() -> Prefetch:
    return Prefetch(
        "participants",
        queryset=BidParticipant.objects.select_related("firm").order_by("role", "id"),
    )


def _current_digest() -> Subquery:
    return Subquery(
        BidVersion.objects.filter(bid=OuterRef("pk"), number=OuterRef("version")).values(
            "receipt_digest"
        )[:1]
    )


# --- The firm's side ---------------------------------------------------------------------------


def bids_for_firm_list(user: AnyUser) -> QuerySet[Bid]:
    """ "My bids": the firm's bids as lead or partner, newest first, with the project, the
    firms and the current receipt digest (one query for the rows, one for the firms)."""
    return (
        permissions.bids_visible_to(user)
        .select_related("project", "lead_firm")
        .annotate(current_digest=_current_digest())
        .prefetch_related(_participants())
        .order_by("-submitted_at", "-id")
    )


def bid_for_page(user: AnyUser, pk: int) -> Bid | None:
    """The bid with what its page shows, if this user may see it (else None: a 404)."""
    return (
        permissions.bids_visible_to(user)
        .select_related("project__agency", "lead_firm")
        .prefetch_related(
            Prefetch(
                "participants",
                queryset=BidParticipant.objects.select_related("firm", "confirmed_by").order_by(
                    "role", "id"
                ),
            ),
            Prefetch("versions", queryset=BidVersion.objects.order_by("number")),
            Prefetch("documents", queryset=BidDocument.objects.order_by("id")),
        )
        .filter(pk=pk)
        .first()
    )


def active_bid_of_firm(firm: Firm | None, project: Project) -> Bid | None:
    """The bid the firm takes part in (as lead or active partner) for this project."""
    if firm is None:
        return None
    return (
        Bid.objects.filter(project=project, participants__firm=firm, participants__active=True)
        .exclude(status=Bid.Status.WITHDRAWN)
        .first()
    )


def current_version(bid: Bid) -> BidVersion:
    """The latest version, from the prefetched versions."""
    return max(bid.versions.all(), key=lambda version: version.number)


def current_documents(bid: Bid) -> list[BidDocument]:
    return [document for document in bid.documents.all() if document.in_version(bid.version)]


def sealed_offer(bid: Bid) -> dict[str, Any]:
    """What the bid's firms sent in its current version (offer, partners, documents), read
    from the sealed content. Only for the bid's firms: callers check
    `permissions.is_bid_firm` first."""
    from .services.bids import unsealed_content

    return json.loads(unsealed_content(current_version(bid)))


# --- The project page's bidding box ------------------------------------------------------------


@dataclass
class BidsBox:
    """What `projects/partials/_bids_box.html` shows this visitor, and nothing more."""

    may_submit: bool = False
    own_bid: Bid | None = None
    received: int | None = None  # for the owning agency's officials: a count only
    opened: bool = False


def accepting_bids(project: Project) -> bool:
    now = timezone.now()
    return project.is_open_for_bids and project.bid_opens_at <= now < project.bid_closes_at


def bids_box(user: AnyUser, project: Project) -> BidsBox:
    """The bid links for a firm member, the count of bids for the owning agency's officials;
    nothing (and no query) for anyone else."""
    if permissions.may_evaluate_bids(user, project):
        if not project.is_public:
            return BidsBox()
        received = Bid.objects.filter(project=project).exclude(status=Bid.Status.WITHDRAWN)
        # The opening is what starts the evaluation: the status says whether it happened.
        opened = project.evaluation_started_at is not None
        return BidsBox(received=received.count(), opened=opened)
    if permissions.may_bid(user) and project.is_public:
        own = active_bid_of_firm(firm_of(user), project)
        return BidsBox(may_submit=own is None and accepting_bids(project), own_bid=own)
    return BidsBox()


def sealed_bid_count(project: Project) -> int:
    """Bids received and not withdrawn: all an official may know before the opening."""
    return Bid.objects.filter(project=project, status=Bid.Status.SUBMITTED).count()


# --- The officials' evaluation -----------------------------------------------------------------


# The columns of an opened bid that the side-by-side table shows.
EVALUATION_COLUMNS = (
    "id",
    "status",
    "complete",
    "offered_investment_usd",
    "investment_model",
    "timeline_months",
    "local_jobs",
    "trainees",
    "value_addition_stage",
    "lead_firm__name",
    "lead_firm__name_zh",
    "lead_firm__name_ur",
)


@dataclass
class EvaluationRow:
    """One opened bid in the side-by-side table: `bid` is a row of `EVALUATION_COLUMNS`,
    `partners` rows of the partner firms' names."""

    bid: dict[str, Any]
    partners: list[dict[str, Any]]
    # (evaluator's name, criteria they scored independently)
    progress: list[tuple[str, int]] = field(default_factory=list)
    reconciled_total: Decimal | None = None

    @property
    def reconciled(self) -> bool:
        return self.reconciled_total is not None


def weighted_total(scores: dict[int, int], criteria: list[EvaluationCriterion]) -> Decimal | None:
    """Σ score × weight / 100 over the criteria, when every criterion has a score."""
    if not criteria or any(criterion.pk not in scores for criterion in criteria):
        return None
    total = sum(Decimal(scores[c.pk]) * c.weight for c in criteria) / 100
    return total.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def evaluation_rows(project: Project, criteria: list[EvaluationCriterion]) -> list[EvaluationRow]:
    """The opened bids side by side, best reconciled total first, then the largest offer:
    three narrow queries whatever the number of bids (bids with their lead firm's names,
    partners, scores with their evaluators' names), rows rather than model instances."""
    bids = {
        row["id"]: row
        for row in Bid.objects.filter(project=project)
        .exclude(status__in=SEALED_STATUSES)
        .values(*EVALUATION_COLUMNS)
    }
    partners: dict[int, list[dict]] = {pk: [] for pk in bids}
    for row in (
        BidParticipant.objects.filter(
            bid_id__in=bids, role=BidParticipant.Role.PARTNER, active=True
        )
        .order_by("id")
        .values("bid_id", "firm__name", "firm__name_zh", "firm__name_ur")
    ):
        partners[row["bid_id"]].append(row)
    progress: dict[int, dict[int, int]] = {pk: {} for pk in bids}
    reconciled: dict[int, dict[int, int]] = {pk: {} for pk in bids}
    names: dict[int, str] = {}
    for bid_id, round_, criterion_id, score, *evaluator in (
        BidScore.objects.filter(bid_id__in=bids)
        .order_by("evaluator_id")
        .values_list(
            "bid_id",
            "round",
            "criterion_id",
            "score",
            "evaluator_id",
            "evaluator__username",
            "evaluator__first_name",
            "evaluator__last_name",
        )
    ):
        if round_ == BidScore.Round.RECONCILED:
            reconciled[bid_id][criterion_id] = score
            continue
        evaluator_id, username, first_name, last_name = evaluator
        counts = progress[bid_id]
        counts[evaluator_id] = counts.get(evaluator_id, 0) + 1
        if evaluator_id not in names:  # as the user's own str() names them
            names[evaluator_id] = str(
                User(username=username, first_name=first_name, last_name=last_name)
            )
    rows = [
        EvaluationRow(
            bid=bid,
            partners=partners[pk],
            progress=[(names[evaluator], count) for evaluator, count in progress[pk].items()],
            reconciled_total=weighted_total(reconciled[pk], criteria),
        )
        for pk, bid in bids.items()
    ]
    rows.sort(
        key=lambda row: (
            row.reconciled_total is None,
            -(row.reconciled_total or 0),
            -(row.bid["offered_investment_usd"] or 0),
            row.bid["id"],
        )
    )
    return rows


def own_scores(bid: Bid, user: AnyUser) -> dict[int, BidScore]:
    """This evaluator's independent scores of the bid, by criterion: never anyone else's."""
    return {
        score.criterion_id: score
        for score in BidScore.objects.filter(
            bid=bid, evaluator=user, round=BidScore.Round.INDEPENDENT
        )
    }


def reconciliation_sheet(bid: Bid) -> tuple[list[Any], dict[int, dict[int, BidScore]]]:
    """Every evaluator's independent scores and the reconciled ones, for the reconcile page
    (shown once two officials have finished): (evaluators, {criterion: {evaluator: score}}),
    the reconciled score under the key 0."""
    evaluators: dict[int, Any] = {}
    sheet: dict[int, dict[int, BidScore]] = {}
    for score in BidScore.objects.filter(bid=bid).select_related("evaluator"):
        key = 0 if score.round == BidScore.Round.RECONCILED else score.evaluator_id
        if key:
            evaluators[key] = score.evaluator
        sheet.setdefault(score.criterion_id, {})[key] = score
    return list(evaluators.values()), sheet
