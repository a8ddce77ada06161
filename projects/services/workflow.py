"""Writes on mineral projects: every rule of the workflow lives here.

Each service checks the user may act and the transition is allowed, locks the project row,
writes the change and its audit event in one transaction, and announces it after commit.
Pages and the API call these same functions.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from emining.audit import record_event
from emining.models import User
from emining.services import DomainError
from minerals.models import Mineral
from projects import notifications, permissions, signals
from projects.models import (
    EvaluationCriterion,
    Project,
)
from projects.search import refresh_search_vectors

from .rules import EDITABLE_FIELDS, Criterion, check_project_rules, closing_time_problem

Status = Project.Status


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
    check_project_rules(agency_id=by.agency_id, values=values, minerals=minerals, criteria=criteria)
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
    check_project_rules(
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
    notifications.bidding_closed(locked)


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
