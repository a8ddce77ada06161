"""Evaluation of opened bids against the project's published criteria, the shortlist and the
award.

Two officials of the owning agency score each bid independently (each sees only their own
scores until both have finished); then one of them records the agreed score per criterion,
with a comment where they differed. Only bids with agreed scores on every criterion and every
consortium partner confirmed are shortlisted, and the award goes to a shortlisted bid.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from emining.audit import record_event
from emining.models import User
from emining.services import DomainError
from projects import notifications, permissions
from projects.models import Bid, BidScore, Project

from .workflow import _lock, _move, _require_transition, _sync

Status = Project.Status
# At least this many officials score a bid before its scores are reconciled.
INDEPENDENT_EVALUATORS = 2
MAX_COMMENT_LENGTH = 2000

ScoreSheet = Mapping[int, tuple[int, str]]  # criterion id → (score 0-100, comment)


def _require_evaluator(user: User, project: Project) -> None:
    if not permissions.may_evaluate_bids(user, project):
        raise PermissionDenied(_("Only officials of the owning agency may evaluate its bids."))


def _lock_bid_in_evaluation(bid: Bid, *, by: User) -> tuple[Project, Bid]:
    _require_evaluator(by, bid.project)
    project = _lock(bid.project)
    if project.status != Status.UNDER_EVALUATION:
        raise DomainError(
            _("Bids are scored while the project is under evaluation."),
            code="invalid_transition",
        )
    locked = Bid.objects.select_for_update().get(pk=bid.pk, project=project)
    if locked.status not in (Bid.Status.OPENED, Bid.Status.SHORTLISTED):
        raise DomainError(_("Only opened bids are scored."), code="invalid_transition")
    return project, locked


def _checked_sheet(project: Project, scores: ScoreSheet) -> dict[int, tuple[int, str]]:
    criteria = set(project.evaluation_criteria.values_list("pk", flat=True))
    errors: dict[str, list[str]] = {}
    sheet: dict[int, tuple[int, str]] = {}
    for criterion_id in criteria:
        if criterion_id not in scores:
            errors.setdefault(f"score_{criterion_id}", []).append(_("Score every criterion."))
            continue
        score, comment = scores[criterion_id]
        comment = (comment or "").strip()
        if not isinstance(score, int) or not 0 <= score <= 100:
            errors.setdefault(f"score_{criterion_id}", []).append(
                _("A score is a whole number from 0 to 100.")
            )
        elif len(comment) > MAX_COMMENT_LENGTH:
            errors.setdefault(f"comment_{criterion_id}", []).append(
                _("At most %(limit)s characters.") % {"limit": MAX_COMMENT_LENGTH}
            )
        sheet[criterion_id] = (score, comment)
    if set(scores) - criteria:
        errors.setdefault("scores", []).append(_("Score only this project's criteria."))
    if errors:
        raise DomainError(errors)
    return sheet


def _write_sheet(bid: Bid, sheet: dict[int, tuple[int, str]], *, by: User, round: str) -> None:
    now = timezone.now()
    existing = BidScore.objects.filter(bid=bid, round=round)
    if round == BidScore.Round.INDEPENDENT:
        existing = existing.filter(evaluator=by)
    existing.delete()
    BidScore.objects.bulk_create(
        BidScore(
            bid=bid,
            criterion_id=criterion_id,
            evaluator=by,
            round=round,
            score=score,
            comment=comment,
            scored_at=now,
        )
        for criterion_id, (score, comment) in sheet.items()
    )


@transaction.atomic
def score_bid(bid: Bid, *, by: User, scores: ScoreSheet) -> None:
    """An evaluator's own scores of one bid (a later call replaces them)."""
    project, locked = _lock_bid_in_evaluation(bid, by=by)
    if BidScore.objects.filter(bid=locked, round=BidScore.Round.RECONCILED).exists():
        raise DomainError(_("This bid's scores are already reconciled."))
    _write_sheet(locked, _checked_sheet(project, scores), by=by, round=BidScore.Round.INDEPENDENT)
    record_event(action="bid.scored", actor=by, target=locked, data={"round": "independent"})


def evaluators_of(bid: Bid) -> set[int]:
    """The officials who scored every criterion of this bid independently."""
    criteria = bid.project.evaluation_criteria.count()
    counts: dict[int, int] = {}
    for evaluator_id in BidScore.objects.filter(
        bid=bid, round=BidScore.Round.INDEPENDENT
    ).values_list("evaluator_id", flat=True):
        counts[evaluator_id] = counts.get(evaluator_id, 0) + 1
    return {evaluator for evaluator, count in counts.items() if count >= criteria}


@transaction.atomic
def reconcile_scores(bid: Bid, *, by: User, scores: ScoreSheet) -> None:
    """The agreed scores, once at least two officials have scored the bid on their own."""
    project, locked = _lock_bid_in_evaluation(bid, by=by)
    if len(evaluators_of(locked)) < INDEPENDENT_EVALUATORS:
        raise DomainError(
            _("Two officials score the bid on their own before the scores are reconciled."),
            code="needs_two_evaluators",
        )
    _write_sheet(locked, _checked_sheet(project, scores), by=by, round=BidScore.Round.RECONCILED)
    record_event(action="bid.scores_reconciled", actor=by, target=locked)


@transaction.atomic
def shortlist_bid(bid: Bid, *, by: User) -> Bid:
    project, locked = _lock_bid_in_evaluation(bid, by=by)
    if locked.status != Bid.Status.OPENED:
        raise DomainError(_("This bid is already shortlisted."), code="invalid_transition")
    if not locked.complete:
        raise DomainError(
            _(
                "A consortium partner did not confirm before the closing time: the bid is "
                "incomplete."
            )
        )
    reconciled = BidScore.objects.filter(bid=locked, round=BidScore.Round.RECONCILED).count()
    if reconciled < project.evaluation_criteria.count():
        raise DomainError(_("Reconcile the bid's scores before shortlisting it."))
    locked.status = Bid.Status.SHORTLISTED
    locked.shortlisted_at = timezone.now()
    locked.save(update_fields=["status", "shortlisted_at"])
    record_event(action="bid.shortlisted", actor=by, target=locked)
    notifications.bid_shortlisted(locked, project)
    bid.status, bid.shortlisted_at = locked.status, locked.shortlisted_at
    return bid


@transaction.atomic
def award_project(project: Project, *, by: User, bid: Bid | None, note: str = "") -> Project:
    """Award the project to one shortlisted bid; every other opened bid is unsuccessful. An
    award needs its winning bid."""
    _require_evaluator(by, project)
    locked = _lock(project)
    _require_transition(locked, Status.AWARDED)
    if bid is None:
        raise DomainError({"bid": [_("Choose the winning bid.")]}, code="bid_required")
    winner = Bid.objects.select_for_update().filter(pk=bid.pk, project=locked).first()
    if winner is None:
        raise DomainError({"bid": [_("This bid is not one of this project's.")]})
    if winner.status != Bid.Status.SHORTLISTED:
        raise DomainError({"bid": [_("Only a shortlisted bid can win the award.")]})
    now = timezone.now()
    winner.status = Bid.Status.AWARDED
    winner.decided_at = now
    winner.save(update_fields=["status", "decided_at"])
    Bid.objects.filter(
        project=locked, status__in=[Bid.Status.OPENED, Bid.Status.SHORTLISTED]
    ).exclude(pk=winner.pk).update(status=Bid.Status.UNSUCCESSFUL, decided_at=now)
    _move(
        locked,
        Status.AWARDED,
        by=by,
        action="awarded",
        stamps={"awarded_at": now},
        data={"bid": winner.pk, "note": (note or "").strip()},
    )
    notifications.project_awarded(locked, winner)
    return _sync(project, locked)
