"""Writes on the MoU registry: every rule about MoUs lives here.

Each service checks the user may act and the change is allowed, locks the MoU row, writes
the change and its audit event in one transaction. Pages call these same functions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from emining.audit import record_event
from emining.models import Agency, User
from emining.services import DomainError
from emining.uploads import clean_title, discard_on_failure, store_upload
from firms.models import Firm
from matchmaking import permissions
from matchmaking.models import (
    MoU,
    MoUDocument,
    MoUMilestone,
    MoUParty,
    MoUStage,
    MoUTransition,
)
from minerals.models import Mineral, Region, ValueChainStage
from projects.models import Bid, Project
from projects.models.bids import SEALED_STATUSES

Status = MoU.Status

EDITABLE_FIELDS = (
    "title",
    "title_zh",
    "title_ur",
    "summary",
    "summary_zh",
    "summary_ur",
    "signed_on",
    "place",
    "place_zh",
    "place_ur",
    "indicative_value_usd",
    "expires_on",
    "is_public",
)
MINIMUM_PARTIES = 2


@dataclass(frozen=True)
class Party:
    """A party as a form or a seeder gives it: a firm or an agency, never both."""

    role: str
    firm: Firm | None = None
    agency: Agency | None = None
    signatory_name: str = ""
    signatory_title: str = ""

    @classmethod
    def of(cls, row: MoUParty) -> Party:
        return cls(
            role=row.role,
            firm=row.firm,
            agency=row.agency,
            signatory_name=row.signatory_name,
            signatory_title=row.signatory_title,
        )

    @property
    def key(self) -> tuple[str, int]:
        return ("firm", self.firm.pk) if self.firm else ("agency", self.agency.pk)


@dataclass(frozen=True)
class Scope:
    """What an MoU covers and what it is linked to; None leaves a part unchanged on edits."""

    minerals: Sequence[Mineral] | None = None
    regions: Sequence[Region] | None = None
    stages: Sequence[str] | None = None
    projects: Sequence[Project] | None = None
    bids: Sequence[Bid] | None = None


# --- Checks ----------------------------------------------------------------------------------


def _require_manager(user: User, mou: MoU) -> None:
    if not permissions.may_manage_mou(user, mou):
        raise PermissionDenied(_("Only officials of the recording agency may change this MoU."))


def _check_parties(parties: Sequence[Party]) -> None:
    if len(parties) < MINIMUM_PARTIES:
        raise DomainError(
            {"parties": _("An MoU has at least two parties.")}, code="too_few_parties"
        )
    seen: set[tuple[str, int]] = set()
    for party in parties:
        if (party.firm is None) == (party.agency is None):
            raise DomainError({"parties": _("Each party is either a firm or an agency.")})
        if party.role not in MoUParty.Role.values:
            raise DomainError({"parties": _("Choose a role for each party.")})
        if party.key in seen:
            raise DomainError({"parties": _("Each party is listed once.")})
        seen.add(party.key)


def _check_values(values: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    if not (values.get("title") or "").strip():
        errors["title"] = _("Give the MoU a title.")
    value = values.get("indicative_value_usd")
    if value is not None and value <= 0:
        errors["indicative_value_usd"] = _("The indicative value must be more than zero.")
    signed_on, expires_on = values.get("signed_on"), values.get("expires_on")
    if signed_on and signed_on > timezone.localdate():
        errors["signed_on"] = _("The signing date cannot lie in the future.")
    if signed_on and expires_on and expires_on <= signed_on:
        errors["expires_on"] = _("The expiry date must come after the signing date.")
    if errors:
        raise DomainError(errors)


def _check_bids(bids: Sequence[Bid]) -> None:
    if any(bid.status in SEALED_STATUSES for bid in bids):
        raise DomainError(
            {"bids": _("Only opened bids can be linked to an MoU: sealed bids never are.")}
        )


def _check_stages(stages: Sequence[str]) -> None:
    if any(stage not in ValueChainStage.values for stage in stages):
        raise DomainError({"stages": _("Unknown value-chain stage.")})


# --- Writing ---------------------------------------------------------------------------------


def _lock(mou: MoU) -> MoU:
    return MoU.objects.select_for_update().get(pk=mou.pk)


def _sync(target: MoU, source: MoU) -> MoU:
    for field in MoU._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))
    return target


def _next_reference(now: datetime) -> str:
    """`MOU-<year>-<number>`: one atomic upsert, so concurrent creations never collide."""
    year = timezone.localtime(now).year
    table = "matchmaking_moureferencesequence"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (year, last_number) VALUES (%s, 1) "  # noqa: S608 (constant)
            f"ON CONFLICT (year) DO UPDATE SET last_number = {table}.last_number + 1 "
            "RETURNING last_number",
            [year],
        )
        (number,) = cursor.fetchone()
    return f"MOU-{year}-{number:04d}"


def _write_parties(mou: MoU, parties: Sequence[Party]) -> None:
    mou.parties.all().delete()
    MoUParty.objects.bulk_create(
        MoUParty(
            mou=mou,
            firm=party.firm,
            agency=party.agency,
            role=party.role,
            signatory_name=party.signatory_name.strip(),
            signatory_title=party.signatory_title.strip(),
            position=i,
        )
        for i, party in enumerate(parties)
    )


def _write_scope(mou: MoU, scope: Scope) -> list[str]:
    changed = []
    if scope.minerals is not None:
        mou.minerals.set(scope.minerals)
        changed.append("minerals")
    if scope.regions is not None:
        mou.regions.set(scope.regions)
        changed.append("regions")
    if scope.stages is not None:
        mou.stages.all().delete()
        MoUStage.objects.bulk_create(MoUStage(mou=mou, stage=s) for s in sorted(set(scope.stages)))
        changed.append("stages")
    if scope.projects is not None:
        mou.projects.set(scope.projects)
        changed.append("projects")
    if scope.bids is not None:
        mou.bids.set(scope.bids)
        changed.append("bids")
    return changed


def _check_scope(scope: Scope) -> None:
    if scope.bids is not None:
        _check_bids(scope.bids)
    if scope.stages is not None:
        _check_stages(scope.stages)


@transaction.atomic
def create_mou(
    *,
    by: User,
    values: dict[str, Any],
    parties: Sequence[Party],
    scope: Scope | None = None,
) -> MoU:
    """A new draft recorded by an official, owned by their agency, its reference assigned."""
    if not permissions.may_create_mou(by):
        raise PermissionDenied(_("Only government officials may record MoUs."))
    scope = scope or Scope()
    values = {field: values[field] for field in EDITABLE_FIELDS if field in values}
    _check_values(values)
    _check_parties(parties)
    _check_scope(scope)
    mou = MoU.objects.create(
        **values,
        reference=_next_reference(timezone.now()),
        agency_id=by.agency_id,
        created_by=by,
        status=Status.DRAFT,
    )
    _write_parties(mou, parties)
    _write_scope(mou, scope)
    record_event(
        action="mou.created",
        actor=by,
        target=mou,
        data={"reference": mou.reference, "parties": len(parties), "public": mou.is_public},
    )
    return mou


@transaction.atomic
def update_mou(
    mou: MoU,
    *,
    by: User,
    values: dict[str, Any],
    parties: Sequence[Party] | None = None,
    scope: Scope | None = None,
) -> MoU:
    """Change an MoU's record while it is a draft, signed or in implementation."""
    _require_manager(by, mou)
    locked = _lock(mou)
    if not locked.TRANSITIONS[locked.status]:
        raise DomainError(
            _("An MoU that is “%(status)s” can no longer be edited.")
            % {"status": locked.get_status_display()},
            code="invalid_transition",
        )
    scope = scope or Scope()
    values = {field: values[field] for field in EDITABLE_FIELDS if field in values}
    merged = {field: getattr(locked, field) for field in EDITABLE_FIELDS} | values
    _check_values(merged)
    if locked.status != Status.DRAFT and not merged["signed_on"]:
        raise DomainError({"signed_on": _("A signed MoU keeps its signing date.")})
    if parties is not None:
        _check_parties(parties)
    _check_scope(scope)
    changed = sorted(field for field, value in values.items() if getattr(locked, field) != value)
    for field, value in values.items():
        setattr(locked, field, value)
    locked.save()
    if parties is not None:
        _write_parties(locked, parties)
        changed.append("parties")
    changed += _write_scope(locked, scope)
    record_event(action="mou.updated", actor=by, target=locked, data={"changed": changed})
    return _sync(mou, locked)


@transaction.atomic
def transition_mou(
    mou: MoU,
    status: str,
    *,
    by: User,
    effective_on: date | None = None,
    reason: str = "",
) -> MoU:
    """Move an MoU along its life, dated by `effective_on` (today when not given): signing
    sets the signing date if none was recorded; terminating needs a reason."""
    _require_manager(by, mou)
    locked = _lock(mou)
    if status not in Status.values or not locked.may_become(status):
        label = Status(status).label if status in Status.values else status
        raise DomainError(
            _("An MoU that is “%(current)s” cannot become “%(next)s”.")
            % {"current": locked.get_status_display(), "next": label},
            code="invalid_transition",
        )
    today = timezone.localdate()
    effective_on = effective_on or today
    if effective_on > today:
        raise DomainError({"effective_on": _("The date cannot lie in the future.")})
    reason = reason.strip()
    if status == Status.TERMINATED and not reason:
        raise DomainError({"reason": _("Say why the MoU is terminated.")})
    if status == Status.SIGNED:
        locked.signed_on = locked.signed_on or effective_on
        if locked.expires_on and locked.expires_on <= locked.signed_on:
            raise DomainError(
                {"effective_on": _("The expiry date must come after the signing date.")}
            )
    elif locked.signed_on and effective_on < locked.signed_on:
        raise DomainError({"effective_on": _("The date cannot come before the signing date.")})
    previous = locked.status
    locked.status = status
    setattr(locked, MoU.STAMPS[status], timezone.now())
    if status == Status.TERMINATED:
        locked.termination_reason = reason
    locked.save()
    MoUTransition.objects.create(
        mou=locked,
        from_status=previous,
        to_status=status,
        effective_on=effective_on,
        reason=reason,
        by=by,
    )
    record_event(
        action=f"mou.{status}",
        actor=by,
        target=locked,
        data={"from": previous, "effective_on": effective_on.isoformat(), "reason": reason},
    )
    return _sync(mou, locked)


# --- Milestones ------------------------------------------------------------------------------


def _require_open(locked: MoU) -> None:
    if not locked.TRANSITIONS[locked.status]:
        raise DomainError(
            _("An MoU that is “%(status)s” can no longer be edited.")
            % {"status": locked.get_status_display()}
        )


@transaction.atomic
def add_milestone(
    mou: MoU,
    *,
    by: User,
    title: str,
    due_on: date,
    title_zh: str = "",
    title_ur: str = "",
) -> MoUMilestone:
    _require_manager(by, mou)
    locked = _lock(mou)
    _require_open(locked)
    if not title.strip():
        raise DomainError({"title": _("Give the milestone a title.")})
    position = locked.milestones.count()
    milestone = MoUMilestone.objects.create(
        mou=locked,
        title=title.strip(),
        title_zh=title_zh.strip(),
        title_ur=title_ur.strip(),
        due_on=due_on,
        position=position,
    )
    record_event(
        action="mou.milestone_added",
        actor=by,
        target=locked,
        data={"milestone": milestone.pk, "title": milestone.title, "due_on": due_on.isoformat()},
    )
    return milestone


@transaction.atomic
def complete_milestone(
    milestone: MoUMilestone, *, by: User, completed_on: date | None = None
) -> MoUMilestone:
    mou = milestone.mou
    _require_manager(by, mou)
    _lock(mou)
    locked = MoUMilestone.objects.select_for_update().get(pk=milestone.pk)
    if locked.completed_on is not None:
        raise DomainError(_("This milestone is already completed."))
    completed_on = completed_on or timezone.localdate()
    if completed_on > timezone.localdate():
        raise DomainError({"completed_on": _("The date cannot lie in the future.")})
    locked.completed_on = completed_on
    locked.save(update_fields=["completed_on"])
    record_event(
        action="mou.milestone_completed",
        actor=by,
        target=mou,
        data={"milestone": locked.pk, "completed_on": completed_on.isoformat()},
    )
    milestone.completed_on = completed_on
    return milestone


# --- Documents -------------------------------------------------------------------------------

TITLE_MAX_LENGTH = MoUDocument._meta.get_field("title").max_length


def add_mou_document(mou: MoU, *, by: User, uploaded_file: Any, title: str) -> MoUDocument:
    """Attach a document (the signed text, an annex): the upload rules of `emining.uploads`,
    the file stored before the transaction and removed again if the write fails."""
    _require_manager(by, mou)
    title = clean_title(title, max_length=TITLE_MAX_LENGTH)
    stored = store_upload(uploaded_file, field=MoUDocument._meta.get_field("file"))
    with discard_on_failure(stored), transaction.atomic():
        locked = _lock(mou)
        document = MoUDocument.objects.create(
            mou=locked, title=title, uploaded_by=by, **stored.row_values()
        )
        record_event(
            action="mou.document_added",
            actor=by,
            target=locked,
            data={
                "document": document.pk,
                "title": document.title,
                "original_name": document.original_name,
                "content_type": document.content_type,
                "size": document.size,
                "sha256": document.sha256,
            },
        )
    document.mou = mou
    return document
