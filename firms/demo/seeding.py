"""Seeds the demo firms, their people and their verification state (idempotent).

Firms are written directly with the stamps the services would have left (a demo official
verified or rejected them); their verification documents go through
`firms.services.add_firm_document`, so they obey the same upload rules as real ones.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone

from emining.audit import record_event
from emining.models import User
from firms import services
from firms.models import Firm, FirmCapability, Membership
from minerals.models import Mineral, Region

from .data import DEMO_FIRMS, DemoFirm

VERIFIER = "official"
DEMO_DOCUMENT_NOTICE = (
    "Demonstration copy generated for the Pak-China E-Mining Platform demo data. "
    "Not an official certificate."
)


def _person(username: str, firm_name: str) -> tuple[User, bool]:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "role": User.Role.FIRM_MEMBER,
            "email": f"{username}@firms.example.com",
            "first_name": username.split("_")[0].upper(),
            "last_name": firm_name[:150],
            "email_confirmed_at": timezone.now(),
        },
    )
    if created:
        user.set_password(settings.DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user, created


def _create(spec: DemoFirm, *, created_by: User, verifier: User) -> Firm:
    now = timezone.now()
    stamps: dict = {"verification_status": spec.status}
    if spec.status != Firm.VerificationStatus.DRAFT:
        stamps["submitted_at"] = now
    if spec.status == Firm.VerificationStatus.VERIFIED:
        stamps |= {"verified_at": now, "decided_by": verifier}
    if spec.status == Firm.VerificationStatus.REJECTED:
        stamps |= {
            "rejected_at": now,
            "decided_by": verifier,
            "rejection_reason": spec.rejection_reason,
        }
    firm = Firm.objects.create(
        name=spec.name,
        name_zh=spec.name_zh,
        name_ur=spec.name_ur,
        country=spec.country,
        registration_number=spec.registration_number,
        kind=spec.kind,
        head_office_city=spec.city[0],
        head_office_city_zh=spec.city[1],
        head_office_city_ur=spec.city[2],
        present_in_pakistan=spec.country == "PK" or bool(spec.pakistan_office),
        pakistan_office_city=spec.pakistan_office,
        description=spec.description[0],
        description_zh=spec.description[1],
        description_ur=spec.description[2],
        capital_usd_min=spec.capital[0],
        capital_usd_max=spec.capital[1],
        years_of_experience=spec.years,
        website=spec.website,
        contact_name="Business Development Office",
        contact_email=f"contact@{spec.registration_number.lower().replace('-', '')}.example.com",
        created_by=created_by,
        **stamps,
    )
    FirmCapability.objects.bulk_create(
        FirmCapability(firm=firm, stage=stage) for stage in spec.capabilities
    )
    firm.minerals.set(Mineral.objects.filter(slug__in=spec.minerals))
    firm.regions.set(Region.objects.filter(slug__in=spec.regions, parent__isnull=True))
    record_event(
        action="firm.seeded", actor=None, target=firm, data={"status": firm.verification_status}
    )
    return firm


def _attach_document(firm: Firm, owner: User) -> None:
    if firm.documents.exists():
        return
    title = "Certificate of incorporation" if firm.country == "PK" else "Business licence"
    body = f"{title}\n{firm.name}\n{firm.registration_number}\n\n{DEMO_DOCUMENT_NOTICE}\n"
    services.add_firm_document(
        firm,
        by=owner,
        uploaded_file=ContentFile(body.encode(), name=f"{title.lower().replace(' ', '-')}.txt"),
        title=f"{title} (demo)",
    )


def seed_firms(report: list[str]) -> None:
    verifier = User.objects.get(username=VERIFIER)
    report.append("Demo firms (registration numbers are illustrative):")
    for spec in DEMO_FIRMS:
        people = [_person(username, spec.name) for username in spec.people]
        owner = people[0][0] if people else verifier
        firm = Firm.objects.filter(
            country=spec.country, registration_number=spec.registration_number
        ).first()
        state = "exists"
        if firm is None:
            firm = _create(spec, created_by=owner, verifier=verifier)
            state = "created"
        for index, (user, _created) in enumerate(people):
            if not Membership.objects.filter(user=user).exists():
                role = Membership.Role.OWNER if index == 0 else Membership.Role.MEMBER
                Membership.objects.create(user=user, firm=firm, role=role)
        if people:
            _attach_document(firm, owner)
        users = ", ".join(username for username in spec.people)
        report.append(
            f"  {firm.country} {firm.get_verification_status_display():<26} {firm.name}"
            + (f" — {users}" if users else "")
            + f" [{state}]"
        )
