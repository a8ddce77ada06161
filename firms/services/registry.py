"""Writes on the firm registry: registering a firm and changing its entry.

Each service checks who acts and what they give, writes the rows and their audit event in
one transaction, and announces the change after commit (`firms.signals`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from emining.audit import record_event
from emining.models import User
from emining.permissions import is_firm_member
from emining.services import DomainError
from firms import permissions
from firms.models import Firm, FirmCapability, Membership
from firms.validators import normalize_registration_number, validate_registration_number
from minerals.models import Mineral, Region, ValueChainStage

from .announce import announce, lock_firm, sync

# What the firm's members may write; the verification fields belong to the services.
EDITABLE_FIELDS = (
    "name",
    "name_zh",
    "name_ur",
    "country",
    "registration_number",
    "kind",
    "head_office_city",
    "head_office_city_zh",
    "head_office_city_ur",
    "present_in_pakistan",
    "pakistan_office_city",
    "description",
    "description_zh",
    "description_ur",
    "capital_usd_min",
    "capital_usd_max",
    "years_of_experience",
    "past_projects",
    "past_projects_zh",
    "past_projects_ur",
    "certifications",
    "website",
    "contact_name",
    "contact_email",
    "contact_phone",
)
# A verified firm that changes who it is (these) is verified again.
REVERIFY_FIELDS = ("name", "country", "registration_number")
# Filled by the services, never by the form: left out of the field checks.
_SERVICE_FIELDS = (
    "verification_status",
    "submitted_at",
    "verified_at",
    "rejected_at",
    "decided_by",
    "rejection_reason",
    "created_by",
)


def _duplicate_message() -> str:
    constraint = next(c for c in Firm._meta.constraints if c.name.endswith("unique_registration"))
    return str(constraint.violation_error_message)


def _check_values(values: dict[str, Any], *, firm_id: int | None) -> dict[str, Any]:
    """The values as stored (registration number normalised), or a DomainError naming each
    field that is wrong. Also what the database's constraints would refuse, in words."""
    values = dict(values)
    errors: dict[str, list[str]] = {}
    country = values.get("country") or ""
    values["registration_number"] = normalize_registration_number(
        country, str(values.get("registration_number") or "")
    )
    candidate = Firm(**values)
    try:
        candidate.full_clean(
            exclude=_SERVICE_FIELDS, validate_unique=False, validate_constraints=False
        )
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if country in Firm.Country.values and values["registration_number"]:
        try:
            validate_registration_number(country, values["registration_number"])
        except ValidationError as exc:
            errors.setdefault("registration_number", []).extend(exc.messages)
    low, high = values.get("capital_usd_min"), values.get("capital_usd_max")
    if low is not None and high is not None and low > high:
        errors.setdefault("capital_usd_max", []).append(
            _("The upper end of the capital range cannot be less than its lower end.")
        )
    if "registration_number" not in errors and "country" not in errors:
        duplicates = Firm.objects.filter(
            country=country, registration_number=values["registration_number"]
        )
        if firm_id is not None:
            duplicates = duplicates.exclude(pk=firm_id)
        if duplicates.exists():
            errors.setdefault("registration_number", []).append(_duplicate_message())
    if errors:
        raise DomainError(errors)
    return values


def _check_choices(
    *,
    capabilities: Iterable[str] | None,
    regions: Sequence[Region] | None,
) -> list[str] | None:
    errors: dict[str, list[str]] = {}
    stages = None
    if capabilities is not None:
        stages = sorted(set(capabilities))
        unknown = [stage for stage in stages if stage not in ValueChainStage.values]
        if unknown:
            errors["capabilities"] = [
                _("Unknown value-chain stage: %(stages)s.") % {"stages": ", ".join(unknown)}
            ]
    if regions is not None and any(region.parent_id is not None for region in regions):
        errors["regions"] = [_("Choose provinces or territories, not districts.")]
    if errors:
        raise DomainError(errors)
    return stages


def _write_relations(
    firm: Firm,
    *,
    stages: list[str] | None,
    minerals: Sequence[Mineral] | None,
    regions: Sequence[Region] | None,
) -> list[str]:
    """Replace the given relations (None: leave as they are); the names of those written."""
    written = []
    if stages is not None:
        firm.capabilities.exclude(stage__in=stages).delete()
        existing = set(firm.capabilities.values_list("stage", flat=True))
        FirmCapability.objects.bulk_create(
            FirmCapability(firm=firm, stage=stage) for stage in stages if stage not in existing
        )
        written.append("capabilities")
    if minerals is not None:
        firm.minerals.set(minerals)
        written.append("minerals")
    if regions is not None:
        firm.regions.set(regions)
        written.append("regions")
    return written


def registration_refusal(user: User) -> str:
    """Why this user may not register a firm, or "" if they may."""
    if not is_firm_member(user):
        return _(
            "Only company accounts register firms. Government officials verify firms; they "
            "do not register them."
        )
    if permissions.membership_of(user) is not None:
        return _("You already belong to a firm: a person belongs to one firm only.")
    return ""


@transaction.atomic
def register_firm(
    *,
    by: User,
    values: dict[str, Any],
    capabilities: Iterable[str] = (),
    minerals: Sequence[Mineral] = (),
    regions: Sequence[Region] = (),
) -> Firm:
    """A new firm, a draft until its owner (`by`) submits it for verification."""
    refusal = registration_refusal(by)
    if refusal:
        raise PermissionDenied(refusal)
    values = {field: values[field] for field in EDITABLE_FIELDS if field in values}
    values = _check_values(values, firm_id=None)
    stages = _check_choices(capabilities=capabilities, regions=regions)
    # Serialises two registrations by the same person (two tabs): the second finds the first.
    User.objects.select_for_update().filter(pk=by.pk).first()
    if Membership.objects.filter(user=by).exists():
        raise PermissionDenied(
            _("You already belong to a firm: a person belongs to one firm only.")
        )
    try:
        with transaction.atomic():  # a savepoint: a lost race on the number is a field error
            firm = Firm.objects.create(
                **values, created_by=by, verification_status=Firm.VerificationStatus.DRAFT
            )
    except IntegrityError as exc:
        raise DomainError({"registration_number": [_duplicate_message()]}) from exc
    membership = Membership.objects.create(user=by, firm=firm, role=Membership.Role.OWNER)
    by._firm_membership_cache = membership
    _write_relations(firm, stages=stages, minerals=minerals, regions=regions)
    record_event(
        action="firm.registered",
        actor=by,
        target=firm,
        data={"country": firm.country, "registration_number": firm.registration_number},
    )
    announce(firm, event="registered")
    return firm


def needs_reverification(firm: Firm, values: dict[str, Any]) -> bool:
    """Whether saving these values sends a verified firm back to verification: its legal
    name, country or registration number changes. Pages warn before saving."""
    if not firm.is_verified:
        return False
    country = values.get("country", firm.country)
    changed = {
        "name": (values.get("name", firm.name) or "").strip(),
        "country": country,
        "registration_number": normalize_registration_number(
            country, str(values.get("registration_number", firm.registration_number) or "")
        ),
    }
    return any(getattr(firm, field) != changed[field] for field in REVERIFY_FIELDS)


@transaction.atomic
def update_firm(
    firm: Firm,
    *,
    by: User,
    values: dict[str, Any],
    capabilities: Iterable[str] | None = None,
    minerals: Sequence[Mineral] | None = None,
    regions: Sequence[Region] | None = None,
) -> Firm:
    """Change the firm's entry (its members). A verified firm whose legal name, country or
    registration number changes goes back to pending verification: the verification was of
    the old identity."""
    if not permissions.may_edit_firm(by, firm):
        raise PermissionDenied(_("Only the firm’s members may change its entry."))
    locked = lock_firm(firm)
    values = {field: values[field] for field in EDITABLE_FIELDS if field in values}
    if "name" in values:
        values["name"] = (values["name"] or "").strip()
    merged = {field: getattr(locked, field) for field in EDITABLE_FIELDS} | values
    merged = _check_values(merged, firm_id=locked.pk)
    stages = _check_choices(capabilities=capabilities, regions=regions)
    reverify = needs_reverification(locked, merged)
    changed = sorted(f for f in EDITABLE_FIELDS if getattr(locked, f) != merged[f])
    for field in EDITABLE_FIELDS:
        setattr(locked, field, merged[field])
    data: dict[str, Any] = {}
    if reverify:
        locked.verification_status = Firm.VerificationStatus.PENDING
        locked.submitted_at = timezone.now()
        locked.verified_at = None
        locked.decided_by = None
        data["back_to_verification"] = True
    try:
        with transaction.atomic():
            locked.save()
    except IntegrityError as exc:
        raise DomainError({"registration_number": [_duplicate_message()]}) from exc
    changed += _write_relations(locked, stages=stages, minerals=minerals, regions=regions)
    record_event(action="firm.updated", actor=by, target=locked, data={"fields": changed, **data})
    announce(locked, event="updated")
    return sync(firm, locked)
