"""Writes on the investment-lead pipeline: every rule about leads lives here.

Each service checks the user may act and the change is allowed, locks the lead's row, writes
the change and its audit event in one transaction. Pages and the API call these same functions.

Conversion (`convert_to_mou`) records a draft, confidential MoU through
`matchmaking.services.mous.create_mou` between the lead's firm and the converting official's
agency, with the lead's minerals, provinces, project and estimated value. When a signing date
is given the MoU is marked signed on it and the lead moves to "MoU signed"; without one the
lead keeps its stage until the officer moves it. The lead keeps its history and links to the
MoU; the MoU's page links back to the lead for officials. A lead about a prospective investor
(no registered firm) is linked to the investor's firm once registered, before conversion.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from emining.audit import record_event
from emining.models import User
from emining.services import DomainError
from matchmaking import permissions
from matchmaking.models import Lead, LeadActivity, LeadStageChange, MoU, MoUParty
from minerals.models import Mineral, Region

from . import mous as mou_services

Stage = Lead.Stage

CONTACT_FIELDS = (
    "contact_name",
    "contact_organisation",
    "contact_country",
    "contact_email",
    "contact_phone",
)
EDITABLE_FIELDS = (
    "firm",
    *CONTACT_FIELDS,
    "project",
    "summary",
    "owner",
    "next_action",
    "next_action_due",
    "estimated_value_usd",
)
# What a partner system may pass on: the investor and their interest, nothing internal.
PARTNER_FIELDS = ("firm", *CONTACT_FIELDS, "project", "summary")


# --- Checks ----------------------------------------------------------------------------------


def _require_manager(user: User) -> None:
    if not permissions.may_manage_leads(user):
        raise PermissionDenied(_("Only government officials may work on investment leads."))


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    cleaned = dict(values)
    for field in (*CONTACT_FIELDS, "summary", "next_action"):
        if field in cleaned:
            cleaned[field] = (cleaned[field] or "").strip()
    return cleaned


def _check_values(values: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    if not values.get("firm") and not values.get("contact_name"):
        errors["contact_name"] = _(
            "Choose a registered firm or give the prospective investor's contact name."
        )
    value = values.get("estimated_value_usd")
    if value is not None and value <= 0:
        errors["estimated_value_usd"] = _("The estimated value must be more than zero.")
    if values.get("next_action_due") and not values.get("next_action"):
        errors["next_action"] = _("Say what the next action is.")
    owner = values.get("owner")
    if owner is not None and not permissions.may_own_leads(owner):
        errors["owner"] = _("A lead's owner is a government official.")
    if errors:
        raise DomainError(errors)


def _next_reference(now: datetime) -> str:
    """`LEAD-<year>-<number>`: one atomic upsert, so concurrent creations never collide."""
    year = timezone.localtime(now).year
    table = "matchmaking_leadreferencesequence"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (year, last_number) VALUES (%s, 1) "  # noqa: S608 (constant)
            f"ON CONFLICT (year) DO UPDATE SET last_number = {table}.last_number + 1 "
            "RETURNING last_number",
            [year],
        )
        (number,) = cursor.fetchone()
    return f"LEAD-{year}-{number:04d}"


def _lock(lead: Lead) -> Lead:
    return Lead.objects.select_for_update().get(pk=lead.pk)


def _sync(target: Lead, source: Lead) -> Lead:
    for field in Lead._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))
    return target


# --- Writing ---------------------------------------------------------------------------------


@transaction.atomic
def create_lead(
    *,
    by: User,
    values: dict[str, Any],
    minerals: Sequence[Mineral] = (),
    regions: Sequence[Region] = (),
) -> Lead:
    """A new lead, at the stage "new". Officials give every field; a partner system only the
    investor and their interest (the lead waits for an official to take it)."""
    if not permissions.may_create_lead(by):
        raise PermissionDenied(_("You may not record investment leads."))
    allowed = EDITABLE_FIELDS if permissions.may_manage_leads(by) else PARTNER_FIELDS
    values = _clean({field: values[field] for field in allowed if field in values})
    _check_values(values)
    now = timezone.now()
    lead = Lead.objects.create(
        **values,
        reference=_next_reference(now),
        stage=Stage.NEW,
        stage_changed_at=now,
        created_by=by,
    )
    lead.minerals.set(minerals)
    lead.regions.set(regions)
    LeadStageChange.objects.create(lead=lead, from_stage="", to_stage=Stage.NEW, by=by, at=now)
    record_event(
        action="lead.created",
        actor=by,
        target=lead,
        data={
            "reference": lead.reference,
            "firm": lead.firm_id,
            "owner": lead.owner_id,
            "source": "official" if permissions.may_manage_leads(by) else "partner_system",
        },
    )
    return lead


@transaction.atomic
def update_lead(
    lead: Lead,
    *,
    by: User,
    values: dict[str, Any],
    minerals: Sequence[Mineral] | None = None,
    regions: Sequence[Region] | None = None,
) -> Lead:
    """Change a lead's record (investor, interest, owner, next action, value); its stage
    moves only through `move_lead`."""
    _require_manager(by)
    locked = _lock(lead)
    values = _clean({field: values[field] for field in EDITABLE_FIELDS if field in values})
    merged = {field: getattr(locked, field) for field in EDITABLE_FIELDS} | values
    _check_values(merged)
    if locked.mou_id and "firm" in values and values["firm"] != locked.firm:
        raise DomainError({"firm": _("A converted lead keeps the firm of its MoU.")})
    changed = sorted(field for field, value in values.items() if getattr(locked, field) != value)
    for field, value in values.items():
        setattr(locked, field, value)
    locked.save()
    if minerals is not None:
        locked.minerals.set(minerals)
        changed.append("minerals")
    if regions is not None:
        locked.regions.set(regions)
        changed.append("regions")
    record_event(
        action="lead.updated",
        actor=by,
        target=locked,
        data={"changed": changed, "owner": locked.owner_id},
    )
    return _sync(lead, locked)


@transaction.atomic
def move_lead(lead: Lead, stage: str, *, by: User, reason: str = "") -> Lead:
    """Move a lead forward (stages may be skipped) or mark it lost with a reason."""
    _require_manager(by)
    locked = _lock(lead)
    if stage not in Stage.values or not locked.may_become(stage):
        label = Stage(stage).label if stage in Stage.values else stage
        raise DomainError(
            {
                "stage": _("A lead at “%(current)s” cannot move to “%(next)s”.")
                % {"current": locked.get_stage_display(), "next": label}
            },
            code="invalid_transition",
        )
    reason = (reason or "").strip()
    if stage == Stage.LOST and not reason:
        raise DomainError({"reason": _("Say why the lead was lost.")})
    previous = locked.stage
    now = timezone.now()
    locked.stage = stage
    locked.stage_changed_at = now
    if stage == Stage.LOST:
        locked.lost_reason = reason
    locked.save(update_fields=["stage", "stage_changed_at", "lost_reason", "updated_at"])
    LeadStageChange.objects.create(
        lead=locked, from_stage=previous, to_stage=stage, reason=reason, by=by, at=now
    )
    record_event(
        action="lead.moved",
        actor=by,
        target=locked,
        data={"from": previous, "to": stage, "reason": reason},
    )
    return _sync(lead, locked)


@transaction.atomic
def add_activity(
    lead: Lead,
    *,
    by: User,
    kind: str,
    text: str,
    happened_at: datetime | None = None,
    internal: bool = True,
) -> LeadActivity:
    _require_manager(by)
    locked = _lock(lead)
    text = (text or "").strip()
    errors = {}
    if kind not in LeadActivity.Kind.values:
        errors["kind"] = _("Choose a kind of activity.")
    if not text:
        errors["text"] = _("Say what happened.")
    happened_at = happened_at or timezone.now()
    if happened_at > timezone.now():
        errors["happened_at"] = _("An activity cannot lie in the future.")
    if errors:
        raise DomainError(errors)
    activity = LeadActivity.objects.create(
        lead=locked, kind=kind, text=text, happened_at=happened_at, internal=internal, by=by
    )
    record_event(
        action="lead.activity_added",
        actor=by,
        target=locked,
        data={"activity": activity.pk, "kind": kind, "internal": internal},
    )
    return activity


def _party_roles(lead: Lead) -> tuple[str, str]:
    """The firm's role and the agency's: a Chinese investor with the Pakistani government
    agency; a Pakistani firm as the Pakistani party with the agency facilitating."""
    if lead.firm.country == "CN":
        return MoUParty.Role.CHINESE_PARTY, MoUParty.Role.PAKISTANI_PARTY
    return MoUParty.Role.PAKISTANI_PARTY, MoUParty.Role.FACILITATOR


@transaction.atomic
def convert_to_mou(
    lead: Lead,
    *,
    by: User,
    title: str,
    title_zh: str = "",
    title_ur: str = "",
    signed_on: date | None = None,
) -> MoU:
    """Record the MoU this lead led to (see the module's docstring)."""
    _require_manager(by)
    locked = _lock(lead)
    if locked.mou_id:
        raise DomainError(_("This lead was already converted into an MoU."))
    if not locked.is_open:
        raise DomainError(
            _("A lead that is “%(stage)s” cannot be converted.")
            % {"stage": locked.get_stage_display()}
        )
    if locked.firm_id is None:
        raise DomainError(
            _("Link the lead to the investor's registered firm before converting it.")
        )
    if by.agency_id is None:
        raise DomainError(_("Only an official of an agency may record an MoU."))
    firm_role, agency_role = _party_roles(locked)
    mou = mou_services.create_mou(
        by=by,
        values={
            "title": title,
            "title_zh": title_zh,
            "title_ur": title_ur,
            "summary": locked.summary,
            "indicative_value_usd": locked.estimated_value_usd,
            "is_public": False,
        },
        parties=[
            mou_services.Party(role=firm_role, firm=locked.firm),
            mou_services.Party(role=agency_role, agency=by.agency),
        ],
        scope=mou_services.Scope(
            minerals=list(locked.minerals.all()),
            regions=list(locked.regions.all()),
            projects=[locked.project] if locked.project_id else [],
        ),
    )
    if signed_on is not None:
        mou_services.transition_mou(mou, MoU.Status.SIGNED, by=by, effective_on=signed_on)
    locked.mou = mou
    locked.save(update_fields=["mou", "updated_at"])
    record_event(
        action="lead.converted",
        actor=by,
        target=locked,
        data={"mou": mou.reference, "signed_on": signed_on.isoformat() if signed_on else None},
    )
    _sync(lead, locked)
    if signed_on is not None and locked.may_become(Stage.MOU_SIGNED):
        move_lead(lead, Stage.MOU_SIGNED, by=by)
    return mou


@transaction.atomic
def link_to_mou(lead: Lead, *, by: User, mou: MoU) -> Lead:
    """Link a lead to an MoU recorded on its own (signed before the lead was followed here):
    the MoU must have the lead's firm among its parties."""
    _require_manager(by)
    locked = _lock(lead)
    if locked.mou_id:
        raise DomainError(_("This lead was already converted into an MoU."))
    if locked.firm_id is None or not mou.parties.filter(firm_id=locked.firm_id).exists():
        raise DomainError({"mou": _("The lead's firm is not a party to this MoU.")})
    locked.mou = mou
    locked.save(update_fields=["mou", "updated_at"])
    record_event(action="lead.linked", actor=by, target=locked, data={"mou": mou.reference})
    return _sync(lead, locked)
