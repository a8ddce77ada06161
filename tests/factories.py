from __future__ import annotations

from datetime import timedelta

import factory
from django.conf import settings
from django.utils import timezone

from emining.models import Agency, User
from firms.models import Firm, FirmCapability, Membership
from firms.validators import uscc_check_character
from minerals.models import Mineral, Region
from projects import services
from projects.models import Project
from projects.services import Criterion


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"agency-{n}")
    name = factory.Sequence(lambda n: f"Test Agency {n}")
    level = Agency.Level.FEDERAL
    jurisdiction = "Pakistan"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    role = User.Role.FIRM_MEMBER
    password = factory.PostGenerationMethodCall("set_password", settings.DEMO_PASSWORD)

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            instance.save()


class OfficialFactory(UserFactory):
    role = User.Role.OFFICIAL
    agency = factory.LazyFunction(
        lambda: Agency.objects.get(slug="ministry-of-energy-petroleum-division")
    )


# --- Firms -------------------------------------------------------------------------------------


def chinese_registration_number(n: int) -> str:
    """A valid Unified Social Credit Code (check character computed), distinct for each n."""
    first_17 = f"91110000{n:09d}"
    return first_17 + uscc_check_character(first_17)


def pakistani_registration_number(n: int) -> str:
    """A SECP incorporation number (CUIN): seven digits."""
    return f"{n % 10_000_000:07d}"


class FirmFactory(factory.django.DjangoModelFactory):
    """A firm written directly (not through the services): verified unless told otherwise."""

    class Meta:
        model = Firm
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Test Mining Company {n} Limited")
    country = Firm.Country.CHINA
    registration_number = factory.LazyAttributeSequence(
        lambda firm, n: (
            chinese_registration_number(n)
            if firm.country == Firm.Country.CHINA
            else pakistani_registration_number(n)
        )
    )
    kind = Firm.Kind.PRIVATE
    head_office_city = factory.LazyAttribute(
        lambda firm: "Beijing" if firm.country == Firm.Country.CHINA else "Karachi"
    )
    contact_name = "Contact Person"
    contact_email = factory.Sequence(lambda n: f"contact{n}@firm.example.com")
    created_by = factory.SubFactory(UserFactory)
    verification_status = Firm.VerificationStatus.VERIFIED
    submitted_at = factory.LazyFunction(timezone.now)
    verified_at = factory.LazyAttribute(
        lambda firm: (
            timezone.now() if firm.verification_status == Firm.VerificationStatus.VERIFIED else None
        )
    )
    rejected_at = factory.LazyAttribute(
        lambda firm: (
            timezone.now() if firm.verification_status == Firm.VerificationStatus.REJECTED else None
        )
    )
    rejection_reason = factory.LazyAttribute(
        lambda firm: (
            "The business licence is illegible."
            if firm.verification_status == Firm.VerificationStatus.REJECTED
            else ""
        )
    )
    decided_by = factory.LazyAttribute(
        lambda firm: (
            OfficialFactory(username="test_firm_verifier")
            if firm.verification_status
            in (Firm.VerificationStatus.VERIFIED, Firm.VerificationStatus.REJECTED)
            else None
        )
    )

    @factory.post_generation
    def capabilities(self, create, extracted, **kwargs):
        if create:
            FirmCapability.objects.bulk_create(
                FirmCapability(firm=self, stage=stage)
                for stage in (extracted or ("mining", "processing"))
            )


def make_firm_member(
    firm: Firm, *, username: str, role: str = Membership.Role.MEMBER, **user_fields
) -> User:
    """A user of this firm (owner or member), with a confirmed email address."""
    user = UserFactory(
        username=username,
        role=User.Role.FIRM_MEMBER,
        email_confirmed_at=timezone.now(),
        **user_fields,
    )
    Membership.objects.create(user=user, firm=firm, role=role)
    return user


# --- Projects ----------------------------------------------------------------------------------


def make_project(
    *,
    agency: Agency | None = None,
    status: str = "published",
    minerals: tuple[str, ...] = ("copper",),
    region: str = "balochistan",
    district: str | None = "chagai",
    criteria: tuple[tuple[str, int], ...] = (("Technical capability", 60), ("Financial offer", 40)),
    **fields,
):
    """A project row in any status, stamped as the services would have left it.

    For tests that need projects to exist (browsing, visibility, the API). Tests of the
    workflow itself go through `projects.services`.
    """
    from projects.models import EvaluationCriterion
    from projects.search import refresh_search_vectors
    from projects.services.workflow import _next_reference

    agency = agency or Agency.objects.get(slug="ministry-of-energy-petroleum-division")
    author = OfficialFactory(username=f"author-{agency.slug}"[:150], agency=agency)
    approver = OfficialFactory(username=f"approver-{agency.slug}"[:150], agency=agency)
    now = timezone.now()
    mineral_rows = list(Mineral.objects.filter(slug__in=minerals))
    assert len(mineral_rows) == len(minerals), f"unknown minerals in {minerals}"
    values = {
        "title": "Test copper-gold project",
        "summary": "A test project.",
        "description": "Porphyry copper-gold deposit with existing infrastructure.",
        "primary_mineral": next(m for m in mineral_rows if m.slug == minerals[0]),
        "region": Region.objects.get(slug=region),
        "district": Region.objects.get(slug=district) if district else None,
        "latitude": 29.13,
        "longitude": 61.65,
        "area_km2": 120,
        "stage": Project.Stage.MINING,
        "investment_model": Project.InvestmentModel.JOINT_VENTURE,
        "investment_usd": 250_000_000,
        "bid_opens_at": now - timedelta(days=1),
        "bid_closes_at": now + timedelta(days=30),
        "contact_official": author,
        "created_by": author,
        "agency": agency,
        "status": status,
    }
    values.update(fields)
    values["reference"] = _next_reference(now)
    reached = list(Project.Status).index(status) if status != "cancelled" else 0
    order = list(Project.Status)
    if status == "cancelled" and fields.get("published_at"):
        reached = order.index(Project.Status.PUBLISHED)
    if reached >= order.index(Project.Status.IN_REVIEW):
        values.setdefault("submitted_at", now - timedelta(days=3))
        values.setdefault("submitted_by", author)
    if reached >= order.index(Project.Status.PUBLISHED):
        values.setdefault("published_at", now - timedelta(days=2))
        values.setdefault("published_by", approver)
        if values["bid_closes_at"] < values["published_at"] + timedelta(days=7):
            values["published_at"] = values["bid_closes_at"] - timedelta(days=10)
            values["bid_opens_at"] = values["published_at"]
    if reached >= order.index(Project.Status.CLOSED) and status != "cancelled":
        values.setdefault("closed_at", now)
    if reached >= order.index(Project.Status.UNDER_EVALUATION) and status != "cancelled":
        values.setdefault("evaluation_started_at", now)
    if status == Project.Status.AWARDED:
        values.setdefault("awarded_at", now)
    if status == Project.Status.CANCELLED:
        values.setdefault("cancelled_at", now)
        values.setdefault("cancellation_reason", "Test cancellation.")
    project = Project.objects.create(**values)
    project.minerals.set(mineral_rows)
    EvaluationCriterion.objects.bulk_create(
        EvaluationCriterion(project=project, name=name, weight=weight, position=i)
        for i, (name, weight) in enumerate(criteria)
    )
    refresh_search_vectors([project.pk])
    return project


# --- Drafts through the services ----------------------------------------------------------------

CRITERIA = [Criterion("Technical capability", 50), Criterion("Financial offer", 50)]


def draft_values(**overrides):
    """Valid values for `services.create_project`, with any of them overridden."""
    now = timezone.now()
    values = {
        "title": "Saindak copper-gold expansion",
        "summary": "Expand the Saindak open pit and concentrator.",
        "description": "Porphyry copper-gold ore processed at the Saindak concentrator.",
        "primary_mineral": Mineral.objects.get(slug="copper"),
        "region": Region.objects.get(slug="balochistan"),
        "district": Region.objects.get(slug="chagai"),
        "latitude": 29.25,
        "longitude": 61.6,
        "area_km2": 50,
        "stage": Project.Stage.MINING,
        "investment_model": Project.InvestmentModel.JOINT_VENTURE,
        "investment_usd": 500_000_000,
        "bid_opens_at": now + timedelta(days=1),
        "bid_closes_at": now + timedelta(days=40),
    }
    values.update(overrides)
    return values


def new_draft(official, **overrides) -> Project:
    """A draft created by `official` through the services (for tests of the workflow)."""
    return services.create_project(
        by=official,
        values=draft_values(**overrides),
        minerals=list(Mineral.objects.filter(slug__in=["copper", "gold"])),
        criteria=CRITERIA,
    )


# --- Bids --------------------------------------------------------------------------------------


def offer_values(**overrides) -> dict:
    """Valid values for `services.Offer.from_values`, with any of them overridden."""
    values = {
        "offered_investment_usd": 275_000_000,
        "investment_model": "joint_venture",
        "timeline_months": 36,
        "local_jobs": 1200,
        "trainees": 300,
        "technology_transfer": "Flotation and smelting know-how; a training centre in Chagai.",
        "value_addition_stage": "refining",
    }
    values.update(overrides)
    return values


def make_offer(**overrides):
    return services.Offer.from_values(offer_values(**overrides))


def close_bidding_now(project: Project) -> Project:
    """Move the closing time just into the past (the status stays as it was: the beat task
    has not run yet), keeping the bidding-period constraint."""
    now = timezone.now()
    Project.objects.filter(pk=project.pk).update(
        published_at=now - timedelta(days=10),
        bid_opens_at=now - timedelta(days=10),
        bid_closes_at=now - timedelta(seconds=1),
    )
    project.refresh_from_db()
    return project
