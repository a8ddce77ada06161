"""Writes on mineral projects: every rule of the workflow lives here.

Each service checks the user may act and the transition is allowed, locks the project row,
writes the change and its audit event in one transaction, and announces it after commit.
Pages and the API call these same functions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from emining.audit import record_event
from emining.models import User
from emining.services import DomainError
from minerals.models import Mineral, Region
from projects import permissions, signals
from projects.models import MINIMUM_BIDDING_PERIOD, Amendment, EvaluationCriterion, Project
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
    "distance_to_gwadar_km",
    "special_economic_zone",
    "corridor",
    "expected_jobs",
    "training_commitment",
    "contact_official",
    "bid_opens_at",
    "bid_closes_at",
)


@dataclass(frozen=True)
class Criterion:
    name: str
    weight: int


# --- Validation shared by create, update and amend --------------------------------------------


def _check_project_rules(
    *,
    agency_id: int,
    values: dict[str, Any],
    minerals: Sequence[Mineral],
    criteria: Sequence[Criterion],
) -> None:
    """Rules across fields that the form and the serializer cannot see alone. Raises a
    DomainError keyed by field, so forms show each message beside its field."""
    errors: dict[str, list[str]] = {}

    def refuse(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    primary: Mineral | None = values.get("primary_mineral")
    if not minerals:
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

    if criteria:
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

    if errors:
        raise DomainError(errors)


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
        EvaluationCriterion(project=project, name=c.name.strip(), weight=c.weight, position=i)
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
        [Criterion(c.name, c.weight) for c in locked.evaluation_criteria.all()]
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
    if not permissions.may_approve_project(by, locked):
        raise PermissionDenied(
            _("Four eyes: another official of your agency must approve what you submitted.")
        )
    now = timezone.now()
    if locked.bid_closes_at < now + MINIMUM_BIDDING_PERIOD:
        raise DomainError(
            {
                "bid_closes_at": [
                    _(
                        "Bids must close at least 7 days after publication, that is after "
                        "%(earliest)s. Return the project to draft and move the closing time."
                    )
                    % {
                        "earliest": formats.date_format(
                            timezone.localtime(now + MINIMUM_BIDDING_PERIOD), "DATETIME_FORMAT"
                        )
                    }
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


def _display(project: Project, field: str, value: Any) -> str:
    """A value as people read it, for the amendment record."""
    if value is None or value == "":
        return "—"
    model_field = Project._meta.get_field(field)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    return str(value)


def _criteria_text(criteria: Iterable[Criterion]) -> str:
    return "; ".join(f"{c.name} {c.weight}%" for c in criteria)


@transaction.atomic
def amend_project(
    project: Project,
    *,
    by: User,
    reason: str,
    values: dict[str, Any],
    minerals: Sequence[Mineral] | None = None,
    criteria: Sequence[Criterion] | None = None,
) -> Amendment:
    """Change a published project in the open: what changed and why is recorded and shown.

    The closing time may move later, never earlier: bidders planned around it.
    """
    _require_manager(by, project)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError({"reason": [_("Say why the project is amended.")]})
    locked = _lock(project)
    if locked.status != Status.PUBLISHED:
        raise DomainError(_("Only a project open for bids can be amended."))
    values = {field: values[field] for field in EDITABLE_FIELDS if field in values}
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

    old_minerals = list(locked.minerals.order_by("name"))
    old_criteria = [Criterion(c.name, c.weight) for c in locked.evaluation_criteria.all()]
    new_minerals = old_minerals if minerals is None else sorted(minerals, key=lambda m: m.name)
    new_criteria = old_criteria if criteria is None else list(criteria)
    merged = {field: getattr(locked, field) for field in EDITABLE_FIELDS} | values
    _check_project_rules(
        agency_id=locked.agency_id, values=merged, minerals=new_minerals, criteria=new_criteria
    )

    changes: dict[str, dict[str, str]] = {}
    for field, value in values.items():
        if getattr(locked, field) != value:
            changes[field] = {
                "label": str(Project._meta.get_field(field).verbose_name),
                "from": _display(locked, field, getattr(locked, field)),
                "to": _display(locked, field, value),
            }
            setattr(locked, field, value)
    if [m.pk for m in new_minerals] != [m.pk for m in old_minerals]:
        changes["minerals"] = {
            "label": str(Project._meta.get_field("minerals").verbose_name),
            "from": ", ".join(m.name for m in old_minerals),
            "to": ", ".join(m.name for m in new_minerals),
        }
        locked.minerals.set(new_minerals)
    if new_criteria != old_criteria:
        changes["evaluation_criteria"] = {
            "label": str(EvaluationCriterion._meta.verbose_name_plural),
            "from": _criteria_text(old_criteria),
            "to": _criteria_text(new_criteria),
        }
        _write_criteria(locked, new_criteria)
    if not changes:
        raise DomainError(_("Nothing was changed, so there is nothing to amend."))

    locked.save()
    amendment = Amendment.objects.create(
        project=locked, created_by=by, reason=reason, changes=changes
    )
    refresh_search_vectors([locked.pk])
    record_event(
        action="project.amended",
        actor=by,
        target=locked,
        data={"amendment": amendment.pk, "fields": sorted(changes), "reason": reason},
    )
    _announce(locked, event="amended")
    _sync(project, locked)
    return amendment
