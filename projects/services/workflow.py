"""Writes on mineral projects: every rule of the workflow lives here.

Each service checks the user may act and the transition is allowed, locks the project row,
writes the change and its audit event in one transaction, and announces it after commit.
Pages and the API call these same functions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from emining.audit import record_event
from emining.models import User
from emining.services import DomainError
from minerals.models import Mineral, Region
from projects import amendments, permissions, signals
from projects.models import (
    MINIMUM_BIDDING_PERIOD,
    Amendment,
    AmendmentProposal,
    EvaluationCriterion,
    Project,
)
from projects.search import refresh_search_vectors

Status = Project.Status

# Fields an official sets through the project form or the API (besides minerals and criteria).
EDITABLE_FIELDS = (
    "title",
    "title_zh",
    "title_ur",
    "summary",
    "summary_zh",
    "summary_ur",
    "description",
    "description_zh",
    "description_ur",
    "primary_mineral",
    "region",
    "district",
    "latitude",
    "longitude",
    "area_km2",
    "stage",
    "investment_model",
    "investment_usd",
    "estimated_reserves",
    "grade",
    "estimated_reserves_zh",
    "estimated_reserves_ur",
    "grade_zh",
    "grade_ur",
    "distance_to_gwadar_km",
    "special_economic_zone",
    "special_economic_zone_zh",
    "special_economic_zone_ur",
    "corridor",
    "corridor_zh",
    "corridor_ur",
    "expected_jobs",
    "training_commitment",
    "training_commitment_zh",
    "training_commitment_ur",
    "contact_official",
    "bid_opens_at",
    "bid_closes_at",
)


@dataclass(frozen=True)
class Criterion:
    name: str
    weight: int
    name_zh: str = ""
    name_ur: str = ""

    @classmethod
    def of(cls, criterion: EvaluationCriterion) -> Criterion:
        return cls(criterion.name, criterion.weight, criterion.name_zh, criterion.name_ur)


# --- Validation shared by create, update and amend --------------------------------------------


def project_rule_errors(
    *,
    agency_id: int,
    values: dict[str, Any],
    minerals: Sequence[Mineral] | None,
    criteria: Sequence[Criterion] | None,
) -> dict[str, list[str]]:
    """Rules across fields that the form and the serializer cannot see alone, as messages
    keyed by field. A value left out (or minerals/criteria given as None) is not judged, so a
    form can report these beside its own errors in one go."""
    errors: dict[str, list[str]] = {}

    def refuse(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    primary: Mineral | None = values.get("primary_mineral")
    if minerals is None:
        pass
    elif not minerals:
        refuse("minerals", _("Choose at least one mineral."))
    elif primary is not None and primary.pk not in {mineral.pk for mineral in minerals}:
        refuse("primary_mineral", _("The primary mineral must be one of the project’s minerals."))

    region: Region | None = values.get("region")
    district: Region | None = values.get("district")
    if region is not None and region.parent_id is not None:
        refuse("region", _("Choose a province or territory, not a district."))
    if district is not None:
        if not district.is_district:
            refuse("district", _("Choose a district."))
        elif region is not None and district.parent_id != region.pk:
            refuse(
                "district",
                _("%(district)s is not in %(region)s.")
                % {"district": district.localized_name, "region": region.localized_name},
            )

    opens, closes = values.get("bid_opens_at"), values.get("bid_closes_at")
    if opens and closes and closes <= opens:
        refuse("bid_closes_at", _("Bids must close after they open."))

    contact: User | None = values.get("contact_official")
    if contact is not None and not (
        contact.role == User.Role.OFFICIAL and contact.agency_id == agency_id
    ):
        refuse("contact_official", _("The contact must be an official of the owning agency."))

    if criteria is None:
        pass
    elif criteria:
        names = [criterion.name.strip().casefold() for criterion in criteria]
        if len(set(names)) != len(names):
            refuse("evaluation_criteria", _("Each criterion is named once."))
        total = sum(criterion.weight for criterion in criteria)
        if total != 100:
            refuse(
                "evaluation_criteria",
                _(
                    "The weights of the evaluation criteria add up to %(total)s; "
                    "they must add up to 100."
                )
                % {"total": total},
            )
    else:
        refuse("evaluation_criteria", _("Give at least one evaluation criterion."))
    return errors


def _check_project_rules(
    *,
    agency_id: int,
    values: dict[str, Any],
    minerals: Sequence[Mineral],
    criteria: Sequence[Criterion],
) -> None:
    """`project_rule_errors` as a DomainError keyed by field, so forms show each message
    beside its field."""
    errors = project_rule_errors(
        agency_id=agency_id, values=values, minerals=minerals, criteria=criteria
    )
    if errors:
        raise DomainError(errors)


def _when(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def closing_time_problem(closes_at: datetime | None, *, now: datetime | None = None) -> str:
    """Why this closing time could not be published today, or "" if it could: bids close at
    least MINIMUM_BIDDING_PERIOD after publication. A draft is saved anyway (with this as a
    warning); submission and publication refuse it."""
    if closes_at is None:
        return ""
    now = now or timezone.now()
    earliest = now + MINIMUM_BIDDING_PERIOD
    if closes_at >= earliest:
        return ""
    days = MINIMUM_BIDDING_PERIOD.days
    # The times are never last before a full stop: formats such as "2 p.m." end in one.
    values = {"closes": _when(closes_at), "days": days, "earliest": _when(earliest)}
    if closes_at <= now:
        return (
            ngettext(
                "The closing time (%(closes)s) has already passed. Bids must close at least "
                "%(days)s day after publication (after %(earliest)s).",
                "The closing time (%(closes)s) has already passed. Bids must close at least "
                "%(days)s days after publication (after %(earliest)s).",
                days,
            )
            % values
        )
    return (
        ngettext(
            "The closing time (%(closes)s) is less than %(days)s day away. Bids must close at "
            "least %(days)s day after publication (after %(earliest)s).",
            "The closing time (%(closes)s) is less than %(days)s days away. Bids must close at "
            "least %(days)s days after publication (after %(earliest)s).",
            days,
        )
        % values
    )


def _lock(project: Project) -> Project:
    """The project's row, locked until the transaction ends, with its current values."""
    return Project.objects.select_for_update().get(pk=project.pk)


def _sync(target: Project, source: Project) -> Project:
    """Copy the saved state back into the caller's instance, so it does not go stale."""
    for field in Project._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))
    return target


def _require_manager(user: User, project: Project) -> None:
    if not permissions.may_manage_project(user, project):
        raise PermissionDenied(_("Only officials of the owning agency may change this project."))


def _require_transition(project: Project, status: str) -> None:
    if not project.may_become(status):
        raise DomainError(
            _("A project that is “%(current)s” cannot become “%(next)s”.")
            % {"current": project.get_status_display(), "next": Status(status).label},
            code="invalid_transition",  # the API answers 409 Conflict
        )


def _announce(project: Project, *, event: str) -> None:
    """After commit: refresh search data and tell other apps (matchmaking subscribes)."""
    project_id = project.pk

    def send() -> None:
        signals.project_changed.send(sender=Project, project_id=project_id, event=event)

    transaction.on_commit(send)


def _move(
    locked: Project,
    status: str,
    *,
    by: User | None,
    action: str,
    stamps: dict[str, Any],
    data: dict[str, Any] | None = None,
) -> None:
    """Write a transition on the locked row: the status, its stamps, the audit event, and
    the announcement after commit."""
    locked.status = status
    for field, value in stamps.items():
        setattr(locked, field, value)
    locked.save(update_fields=["status", *stamps, "updated_at"])
    record_event(action=f"project.{action}", actor=by, target=locked, data=data)
    _announce(locked, event=action)


def _next_reference(now: datetime) -> str:
    """`PMP-<year>-<number>`: one atomic upsert, so concurrent creations never collide."""
    year = timezone.localtime(now).year
    table = "projects_referencesequence"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (year, last_number) VALUES (%s, 1) "  # noqa: S608 (constant)
            f"ON CONFLICT (year) DO UPDATE SET last_number = {table}.last_number + 1 "
            "RETURNING last_number",
            [year],
        )
        (number,) = cursor.fetchone()
    return f"PMP-{year}-{number:04d}"


def _write_criteria(project: Project, criteria: Sequence[Criterion]) -> None:
    project.evaluation_criteria.all().delete()
    EvaluationCriterion.objects.bulk_create(
        EvaluationCriterion(
            project=project,
            name=c.name.strip(),
            name_zh=c.name_zh.strip(),
            name_ur=c.name_ur.strip(),
            weight=c.weight,
            position=i,
        )
        for i, c in enumerate(criteria)
    )


# --- Creating and editing drafts ---------------------------------------------------------------


@transaction.atomic
def create_project(
    *,
    by: User,
    values: dict[str, Any],
    minerals: Sequence[Mineral],
    criteria: Sequence[Criterion],
) -> Project:
    """A new draft owned by the author's agency, with its reference assigned."""
    if not permissions.may_create_project(by):
        raise PermissionDenied(_("Only government officials may create projects."))
    values = {field: values[field] for field in EDITABLE_FIELDS if field in values}
    values.setdefault("contact_official", by)
    _check_project_rules(
        agency_id=by.agency_id, values=values, minerals=minerals, criteria=criteria
    )
    now = timezone.now()
    project = Project.objects.create(
        **values,
        reference=_next_reference(now),
        agency_id=by.agency_id,
        created_by=by,
        last_edited_by=by,
        status=Status.DRAFT,
    )
    project.minerals.set(minerals)
    _write_criteria(project, criteria)
    refresh_search_vectors([project.pk])
    record_event(
        action="project.created",
        actor=by,
        target=project,
        data={"reference": project.reference},
    )
    _announce(project, event="created")
    return project


@transaction.atomic
def update_draft(
    project: Project,
    *,
    by: User,
    values: dict[str, Any],
    minerals: Sequence[Mineral] | None = None,
    criteria: Sequence[Criterion] | None = None,
) -> Project:
    """Change a draft. Once submitted, a project changes only by returning to draft; once
    published, only by an amendment."""
    _require_manager(by, project)
    locked = _lock(project)
    if locked.status != Status.DRAFT:
        raise DomainError(
            _("Only drafts can be edited. Published projects change through an amendment.")
        )
    values = {field: values[field] for field in EDITABLE_FIELDS if field in values}
    current_minerals = list(locked.minerals.all()) if minerals is None else list(minerals)
    current_criteria = (
        [Criterion.of(c) for c in locked.evaluation_criteria.all()]
        if criteria is None
        else list(criteria)
    )
    merged = {field: getattr(locked, field) for field in EDITABLE_FIELDS} | values
    _check_project_rules(
        agency_id=locked.agency_id,
        values=merged,
        minerals=current_minerals,
        criteria=current_criteria,
    )
    changed = sorted(field for field, value in values.items() if getattr(locked, field) != value)
    for field, value in values.items():
        setattr(locked, field, value)
    locked.last_edited_by = by
    locked.save()
    if minerals is not None:
        locked.minerals.set(minerals)
        changed.append("minerals")
    if criteria is not None:
        _write_criteria(locked, criteria)
        changed.append("evaluation_criteria")
    refresh_search_vectors([locked.pk])
    record_event(action="project.updated", actor=by, target=locked, data={"fields": changed})
    _announce(locked, event="updated")
    return _sync(project, locked)


# --- The workflow ------------------------------------------------------------------------------


@transaction.atomic
def submit_for_review(project: Project, *, by: User) -> Project:
    """The author (or a colleague) asks a second official to approve publication."""
    _require_manager(by, project)
    locked = _lock(project)
    _require_transition(locked, Status.IN_REVIEW)
    problem = closing_time_problem(locked.bid_closes_at)
    if problem:
        raise DomainError(
            {
                "bid_closes_at": [
                    _("%(problem)s Edit the draft and move the closing time.")
                    % {"problem": problem}
                ]
            }
        )
    _move(
        locked,
        Status.IN_REVIEW,
        by=by,
        action="submitted",
        stamps={"submitted_at": timezone.now(), "submitted_by": by},
    )
    return _sync(project, locked)


@transaction.atomic
def return_to_draft(project: Project, *, by: User, reason: str) -> Project:
    """The reviewer sends a project back to its author for changes."""
    _require_manager(by, project)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError({"reason": [_("Say what should change before it is approved.")]})
    locked = _lock(project)
    _require_transition(locked, Status.DRAFT)
    _move(
        locked,
        Status.DRAFT,
        by=by,
        action="returned_to_draft",
        stamps={"submitted_at": None, "submitted_by": None},
        data={"reason": reason},
    )
    return _sync(project, locked)


@transaction.atomic
def publish_project(project: Project, *, by: User) -> Project:
    """A second official of the owning agency approves: the project goes public."""
    _require_manager(by, project)
    locked = _lock(project)
    _require_transition(locked, Status.PUBLISHED)
    conflict = permissions.approval_conflict(by, locked)
    if conflict:
        raise PermissionDenied(conflict)
    now = timezone.now()
    problem = closing_time_problem(locked.bid_closes_at, now=now)
    if problem:
        raise DomainError(
            {
                "bid_closes_at": [
                    _("%(problem)s Return the project to draft and move the closing time.")
                    % {"problem": problem}
                ]
            }
        )
    _move(
        locked,
        Status.PUBLISHED,
        by=by,
        action="published",
        stamps={"published_at": now, "published_by": by},
    )
    project_id = locked.pk
    transaction.on_commit(
        lambda: signals.project_published.send(sender=Project, project_id=project_id)
    )
    return _sync(project, locked)


def _close(locked: Project, *, by: User | None, now: datetime, automatic: bool) -> None:
    _move(
        locked,
        Status.CLOSED,
        by=by,
        action="closed",
        stamps={"closed_at": now},
        data={"automatic": automatic},
    )


@transaction.atomic
def close_project(project: Project, *, by: User) -> Project:
    """Close bidding by hand once the closing time has passed (the beat task usually has).

    Closing early would shut out bidders who rely on the published deadline: to stop a
    project before its deadline, cancel it with a reason.
    """
    _require_manager(by, project)
    locked = _lock(project)
    _require_transition(locked, Status.CLOSED)
    if not locked.bidding_deadline_passed:
        raise DomainError(
            _(
                "Bidding stays open until %(closes)s, as published. To stop the project "
                "earlier, cancel it with a reason."
            )
            % {
                "closes": formats.date_format(
                    timezone.localtime(locked.bid_closes_at), "DATETIME_FORMAT"
                )
            }
        )
    _close(locked, by=by, now=timezone.now(), automatic=False)
    return _sync(project, locked)


def close_due_projects(*, now: datetime | None = None) -> list[int]:
    """Close every published project whose closing time has come. Safe to run twice or in
    parallel: each row is re-checked under its lock, and rows another run holds are skipped."""
    now = now or timezone.now()
    due = Project.objects.filter(status=Status.PUBLISHED, bid_closes_at__lte=now)
    closed: list[int] = []
    for project_id in due.values_list("pk", flat=True).order_by("bid_closes_at"):
        with transaction.atomic():
            locked = (
                Project.objects.select_for_update(skip_locked=True)
                .filter(pk=project_id, status=Status.PUBLISHED, bid_closes_at__lte=now)
                .first()
            )
            if locked is None:
                continue
            _close(locked, by=None, now=now, automatic=True)
            closed.append(project_id)
    return closed


@transaction.atomic
def start_evaluation(project: Project, *, by: User) -> Project:
    _require_manager(by, project)
    locked = _lock(project)
    _require_transition(locked, Status.UNDER_EVALUATION)
    _move(
        locked,
        Status.UNDER_EVALUATION,
        by=by,
        action="evaluation_started",
        stamps={"evaluation_started_at": timezone.now()},
    )
    return _sync(project, locked)


@transaction.atomic
def award_project(project: Project, *, by: User, note: str = "") -> Project:
    """Record the award. (The winning bid is chosen among sealed bids in the bids issue.)"""
    _require_manager(by, project)
    locked = _lock(project)
    _require_transition(locked, Status.AWARDED)
    _move(
        locked,
        Status.AWARDED,
        by=by,
        action="awarded",
        stamps={"awarded_at": timezone.now()},
        data={"note": note.strip()},
    )
    return _sync(project, locked)


@transaction.atomic
def cancel_project(project: Project, *, by: User, reason: str) -> Project:
    """Cancel at any stage before the award; the reason is shown on the page."""
    _require_manager(by, project)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError({"reason": [_("Give the reason for cancelling the project.")]})
    locked = _lock(project)
    _require_transition(locked, Status.CANCELLED)
    _move(
        locked,
        Status.CANCELLED,
        by=by,
        action="cancelled",
        stamps={"cancelled_at": timezone.now(), "cancellation_reason": reason},
        data={"reason": reason, "from": locked.status},
    )
    return _sync(project, locked)


# --- Amendments to published projects -------------------------------------------------------

# Statuses in which a project's documents change through an amendment (its fields change
# only while it is open for bids).
AMENDABLE_DOCUMENT_STATUSES = frozenset({Status.PUBLISHED, Status.CLOSED, Status.UNDER_EVALUATION})


def _changes_text(values: dict[str, dict[str, Any]]) -> dict[str, dict[str, str]]:
    """The changes as display text in the amender's language (what the API shows)."""
    rows = amendments.change_rows(values)
    return {
        field: {"label": row["label"], "from": row["from"], "to": row["to"]}
        for field, row in zip(values, rows, strict=True)
    }


def _clean_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError({"reason": [_("Say why the project is amended.")]})
    return reason


def _refuse_second_proposal(locked: Project) -> None:
    if locked.amendment_proposals.filter(status=AmendmentProposal.Status.PENDING).exists():
        raise DomainError(
            _(
                "This project already has an amendment waiting for approval. Wait until a "
                "second official has approved or rejected it."
            )
        )


def record_amendment(
    locked: Project,
    *,
    by: User,
    reason: str,
    values: dict[str, dict[str, Any]],
    reason_translations: dict[str, str] | None = None,
    approved_by: User | None = None,
) -> Amendment:
    """Write the amendment row and its audit event for changes already made to `locked`."""
    now = timezone.now()
    amendment = Amendment.objects.create(
        project=locked,
        created_by=by,
        reason=reason,
        **(reason_translations or {}),
        changes=_changes_text(values),
        values=values,
        approved_by=approved_by,
        approved_at=now if approved_by else None,
    )
    refresh_search_vectors([locked.pk])
    record_event(
        action="project.amended",
        actor=approved_by or by,
        target=locked,
        data={
            "amendment": amendment.pk,
            "fields": sorted(values),
            "reason": reason,
            "proposed_by": by.pk,
        },
    )
    _announce(locked, event="amended")
    return amendment


def propose_amendment(
    locked: Project,
    *,
    by: User,
    reason: str,
    proposed: dict[str, Any],
    values: dict[str, dict[str, Any]],
    reason_translations: dict[str, str] | None = None,
) -> AmendmentProposal:
    """Keep a change that needs a second official; the project does not change yet."""
    _refuse_second_proposal(locked)
    proposal = AmendmentProposal.objects.create(
        project=locked,
        created_by=by,
        reason=reason,
        **(reason_translations or {}),
        proposed=proposed,
        values=values,
    )
    record_event(
        action="project.amendment_proposed",
        actor=by,
        target=locked,
        data={"proposal": proposal.pk, "fields": sorted(values), "reason": reason},
    )
    _announce(locked, event="amendment_proposed")
    return proposal


def _field_changes(
    locked: Project,
    values: dict[str, Any],
    minerals: Sequence[Mineral] | None,
    criteria: Sequence[Criterion] | None,
) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """(what to set, {field: {"from", "to"}}) for the fields that really change, as JSON."""
    proposed: dict[str, Any] = {}
    changed: dict[str, dict[str, Any]] = {}
    for field, value in values.items():
        current = getattr(locked, field)
        if current != value:
            proposed[field] = amendments.raw_value(field, value)
            changed[field] = {
                "from": amendments.raw_value(field, current),
                "to": proposed[field],
            }
    if minerals is not None:
        old_ids = sorted(m.pk for m in locked.minerals.all())
        new_ids = sorted(m.pk for m in minerals)
        if old_ids != new_ids:
            proposed["minerals"] = new_ids
            changed["minerals"] = {"from": old_ids, "to": new_ids}
    if criteria is not None:
        old = [[c.name, c.weight, c.name_zh, c.name_ur] for c in locked.evaluation_criteria.all()]
        new = [[c.name.strip(), c.weight, c.name_zh.strip(), c.name_ur.strip()] for c in criteria]
        if old != new:
            proposed["evaluation_criteria"] = new
            changed["evaluation_criteria"] = {"from": old, "to": new}
    return proposed, changed


def _apply_fields(locked: Project, proposed: dict[str, Any]) -> None:
    """Set JSON values (from `_field_changes`) on the locked row, and save it."""
    for field, value in proposed.items():
        if field in ("minerals", "evaluation_criteria", "documents_added", "documents_removed"):
            continue
        model_field = Project._meta.get_field(field)
        if model_field.is_relation:
            setattr(locked, model_field.attname, value)
        elif isinstance(value, str) and model_field.get_internal_type() == "DateTimeField":
            setattr(locked, field, parse_datetime(value))
        elif value is not None and model_field.get_internal_type() == "DecimalField":
            setattr(locked, field, Decimal(str(value)))
        else:
            setattr(locked, field, value)
    locked.save()
    if "minerals" in proposed:
        locked.minerals.set(proposed["minerals"])
    if "evaluation_criteria" in proposed:
        _write_criteria(locked, [Criterion(*row) for row in proposed["evaluation_criteria"]])


def _check_amendable(locked: Project, values: dict[str, Any]) -> None:
    if locked.status != Status.PUBLISHED:
        raise DomainError(_("Only a project open for bids can be amended."))
    new_closing = values.get("bid_closes_at", locked.bid_closes_at)
    if new_closing < locked.bid_closes_at:
        raise DomainError(
            {
                "bid_closes_at": [
                    _("An amendment may extend the closing time, never bring it forward.")
                ]
            }
        )
    if "bid_opens_at" in values and values["bid_opens_at"] != locked.bid_opens_at:
        raise DomainError(
            {"bid_opens_at": [_("The opening time of a published project is fixed.")]}
        )


@transaction.atomic
def amend_project(
    project: Project,
    *,
    by: User,
    reason: str,
    values: dict[str, Any],
    reason_zh: str = "",
    reason_ur: str = "",
    minerals: Sequence[Mineral] | None = None,
    criteria: Sequence[Criterion] | None = None,
) -> Amendment | AmendmentProposal:
    """Change a published project in the open: what changed and why is recorded and shown.

    The closing time may move later, never earlier: bidders planned around it. A change to
    the closing time, the investment sought or the evaluation criteria waits for a second
    official of the agency (`approve_amendment`); the answer is then the proposal.
    """
    _require_manager(by, project)
    reason = _clean_reason(reason)
    translations = {"reason_zh": (reason_zh or "").strip(), "reason_ur": (reason_ur or "").strip()}
    locked = _lock(project)
    values = {field: values[field] for field in EDITABLE_FIELDS if field in values}
    _check_amendable(locked, values)

    current_minerals = list(locked.minerals.all())
    current_criteria = [Criterion.of(c) for c in locked.evaluation_criteria.all()]
    merged = {field: getattr(locked, field) for field in EDITABLE_FIELDS} | values
    _check_project_rules(
        agency_id=locked.agency_id,
        values=merged,
        minerals=current_minerals if minerals is None else minerals,
        criteria=current_criteria if criteria is None else criteria,
    )
    proposed, changed = _field_changes(locked, values, minerals, criteria)
    if not changed:
        raise DomainError(_("Nothing was changed, so there is nothing to amend."))
    if amendments.needs_approval(changed):
        proposal = propose_amendment(
            locked,
            by=by,
            reason=reason,
            reason_translations=translations,
            proposed=proposed,
            values=changed,
        )
        _sync(project, locked)
        return proposal
    _apply_fields(locked, proposed)
    amendment = record_amendment(
        locked, by=by, reason=reason, reason_translations=translations, values=changed
    )
    _sync(project, locked)
    return amendment


def _lock_proposal(proposal: AmendmentProposal) -> tuple[Project, AmendmentProposal]:
    locked_project = _lock(proposal.project)
    locked = AmendmentProposal.objects.select_for_update().get(pk=proposal.pk)
    if locked.status != AmendmentProposal.Status.PENDING:
        raise DomainError(_("This amendment has already been decided."))
    return locked_project, locked


def _require_decider(user: User, proposal: AmendmentProposal) -> None:
    _require_manager(user, proposal.project)
    if not permissions.may_decide_amendment(user, proposal):
        raise PermissionDenied(
            _(
                "Four eyes: you proposed this amendment, so another official of your agency "
                "must approve or reject it."
            )
        )


@transaction.atomic
def approve_amendment(proposal: AmendmentProposal, *, by: User) -> Amendment:
    """A second official of the agency approves: the changes take effect and are shown."""
    _require_decider(by, proposal)
    locked_project, locked = _lock_proposal(proposal)
    proposed = locked.proposed
    field_values = {k: v for k, v in proposed.items() if not k.startswith("documents_")}
    if field_values:
        if locked_project.status != Status.PUBLISHED:
            raise DomainError(_("Only a project open for bids can be amended."))
        closing = field_values.get("bid_closes_at")
        if closing and parse_datetime(closing) < locked_project.bid_closes_at:
            raise DomainError(
                _("An amendment may extend the closing time, never bring it forward.")
            )
    elif locked_project.status not in AMENDABLE_DOCUMENT_STATUSES:
        raise DomainError(
            _("Documents cannot be changed on a project that is “%(status)s”.")
            % {"status": locked_project.get_status_display()}
        )
    # Recomputed against today's values: other amendments may have taken effect meanwhile.
    values = {
        field: {"from": amendments.current_value(locked_project, field), "to": value}
        for field, value in field_values.items()
        if amendments.current_value(locked_project, field) != value
    }
    _apply_fields(locked_project, field_values)
    merged = {field: getattr(locked_project, field) for field in EDITABLE_FIELDS}
    _check_project_rules(
        agency_id=locked_project.agency_id,
        values=merged,
        minerals=list(locked_project.minerals.all()),
        criteria=[Criterion.of(c) for c in locked_project.evaluation_criteria.all()],
    )
    # Imported here: the documents service builds on this module's amendment helpers.
    from projects.services.documents import apply_document_changes

    values |= apply_document_changes(locked_project, proposed, uploaded_by=locked.created_by)
    if not values:
        raise DomainError(_("Nothing was changed, so there is nothing to amend."))
    amendment = record_amendment(
        locked_project,
        by=locked.created_by,
        reason=locked.reason,
        reason_translations={"reason_zh": locked.reason_zh, "reason_ur": locked.reason_ur},
        values=values,
        approved_by=by,
    )
    locked.status = AmendmentProposal.Status.APPROVED
    locked.decided_by = by
    locked.decided_at = timezone.now()
    locked.amendment = amendment
    locked.save(update_fields=["status", "decided_by", "decided_at", "amendment"])
    _sync(proposal.project, locked_project)
    proposal.status, proposal.amendment = locked.status, amendment
    return amendment


@transaction.atomic
def reject_amendment(proposal: AmendmentProposal, *, by: User, reason: str) -> AmendmentProposal:
    """A second official turns the proposal down, saying why; nothing changes on the project
    and files uploaded with it are deleted."""
    _require_decider(by, proposal)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError({"reason": [_("Say why the amendment is rejected.")]})
    locked_project, locked = _lock_proposal(proposal)
    locked.status = AmendmentProposal.Status.REJECTED
    locked.decided_by = by
    locked.decided_at = timezone.now()
    locked.rejection_reason = reason
    locked.save(update_fields=["status", "decided_by", "decided_at", "rejection_reason"])
    record_event(
        action="project.amendment_rejected",
        actor=by,
        target=locked_project,
        data={"proposal": locked.pk, "reason": reason},
    )
    # Imported here: the documents service builds on this module's amendment helpers.
    from projects.services.documents import discard_proposed_files

    discard_proposed_files(locked.proposed)
    _announce(locked_project, event="amendment_rejected")
    proposal.status = locked.status
    return locked


def _pending_proposal(project: Project) -> AmendmentProposal:
    proposal = (
        project.amendment_proposals.filter(status=AmendmentProposal.Status.PENDING)
        .select_related("project")
        .first()
    )
    if proposal is None:
        raise DomainError(_("This project has no amendment waiting for approval."))
    return proposal


def approve_pending_amendment(project: Project, *, by: User) -> Amendment:
    """`approve_amendment` for the project's one pending amendment (pages act on projects)."""
    amendment = approve_amendment(_pending_proposal(project), by=by)
    project.refresh_from_db()
    return amendment


def reject_pending_amendment(project: Project, *, by: User, reason: str) -> AmendmentProposal:
    return reject_amendment(_pending_proposal(project), by=by, reason=reason)
