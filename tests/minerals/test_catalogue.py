"""The shipped catalogue: what the migrations load, and the constraints that guard it."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from minerals.models import Mineral, Region

pytestmark = pytest.mark.django_db

NAMED_IN_THE_SEEDS = [
    "copper", "gold", "coal", "chromite", "iron-ore", "lead", "zinc", "antimony", "tungsten",
    "rare-earth-elements", "granite", "dimension-stone", "gemstones",
]  # fmt: skip
PROVINCES_AND_TERRITORIES = {
    "balochistan", "khyber-pakhtunkhwa", "punjab", "sindh", "gilgit-baltistan",
    "azad-jammu-and-kashmir", "islamabad-capital-territory",
}  # fmt: skip


def test_at_least_forty_minerals_with_every_one_named_in_the_seeds(reference_data):
    assert Mineral.objects.count() >= 40
    assert set(NAMED_IN_THE_SEEDS) <= set(Mineral.objects.values_list("slug", flat=True))


def test_every_mineral_has_three_names_and_a_category(reference_data):
    categories = set(Mineral.Category.values)
    for mineral in Mineral.objects.all():
        assert mineral.name_zh, mineral.slug
        assert mineral.name_ur, mineral.slug
        assert mineral.name_zh != mineral.name
        assert mineral.name_ur != mineral.name
        assert mineral.category in categories
    assert Mineral.objects.filter(is_critical=True).exists()
    assert set(Mineral.objects.values_list("category", flat=True)) == categories


def test_regions_are_the_provinces_and_at_least_25_districts(reference_data):
    top = set(Region.objects.filter(parent__isnull=True).values_list("slug", flat=True))
    assert top == PROVINCES_AND_TERRITORIES
    districts = Region.objects.filter(kind=Region.Kind.DISTRICT)
    assert districts.count() >= 25
    assert {"chagai", "tharparkar", "lasbela", "khuzdar", "gilgit"} <= set(
        districts.values_list("slug", flat=True)
    )


def test_a_district_needs_a_province(reference_data):
    with pytest.raises(IntegrityError), transaction.atomic():
        Region.objects.create(
            slug="nowhere", name="Nowhere", kind=Region.Kind.DISTRICT, latitude=30, longitude=70
        )


def test_regions_lie_within_pakistan(reference_data):
    balochistan = Region.objects.get(slug="balochistan")
    with pytest.raises(IntegrityError), transaction.atomic():
        Region.objects.create(
            slug="kabul", name="Kabul", kind=Region.Kind.DISTRICT, parent=balochistan,
            latitude=34.5, longitude=69.2 - 10,
        )  # fmt: skip


def test_descriptions_ship_in_three_languages(reference_data):
    for model in (Mineral, Region):
        for record in model.objects.all():
            assert record.description, record.slug
            assert record.description_zh, record.slug
            assert record.description_ur, record.slug


def test_localized_name_follows_the_active_language(reference_data):
    from django.utils import translation

    copper = Mineral.objects.get(slug="copper")
    with translation.override("zh-hans"):
        assert copper.localized_name == copper.name_zh
    with translation.override("ur"):
        assert copper.localized_name == copper.name_ur
    with translation.override("en"):
        assert copper.localized_name == "Copper"
