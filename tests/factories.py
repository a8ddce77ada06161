from __future__ import annotations

import factory
from django.conf import settings

from emining.models import Agency, User


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
