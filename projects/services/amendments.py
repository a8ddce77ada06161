"""Amendments to published projects: recorded at once, or proposed and approved by a second
official of the agency (four eyes) when they change what bidders price in."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from emining.audit import record_event
from emining.models import User
from emining.services import DomainError
from minerals.models import Mineral
from projects import amendments, permissions
from projects.models import (
    Amendment,
    AmendmentProposal,
    Project,
)
from projects.search import refresh_search_vectors

from .rules import EDITABLE_FIELDS, Criterion, check_project_rules
from .workflow import _announce, _lock, _require_manager, _sync, _write_criteria

Status = Project.Status


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
    check_project_rules(
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
    check_project_rules(
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
