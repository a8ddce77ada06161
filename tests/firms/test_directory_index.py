"""The directory index selects what the FilterSet's SQL selects, for every filter alone and
in pairs, in the same order; and it follows every change to the data."""

from __future__ import annotations

import itertools
import random

import pytest
from django.http import QueryDict
from django.utils import timezone

from firms import directory_index, selectors
from firms.filters import FirmFilter
from firms.models import Firm, FirmCapability
from minerals.models import Mineral, Region, ValueChainStage
from tests.factories import FirmFactory

pytestmark = pytest.mark.django_db

FILTERS = {
    "country": ["CN", "PK"],
    "capability": ["smelting", "mining", "exploration"],
    "mineral": ["copper", "coal", "gold"],
    "region": ["balochistan", "sindh", "punjab"],
    "q": ["karakoram", "矿业", "gwadar smelting", "nothing-matches-this"],
    "ordering": ["name", "-name"],
}


@pytest.fixture
def firms(reference_data):
    chosen = random.Random(7)  # noqa: S311 (a reproducible fixture, not a secret)
    minerals = list(Mineral.objects.filter(slug__in=FILTERS["mineral"] + ["zinc"]))
    provinces = list(Region.objects.filter(slug__in=FILTERS["region"] + ["gilgit-baltistan"]))
    words = ["Karakoram", "Gwadar", "Thar", "Chagai", "Indus"]
    for number in range(40):
        firm = FirmFactory(
            name=f"{chosen.choice(words)} {'smelting' if number % 3 else 'mining'} {number:02d}",
            name_zh="矿业有限公司" if number % 4 == 0 else "工程公司",
            country=chosen.choice(["CN", "PK"]),
            verification_status="verified" if number % 7 else "pending",
            capabilities=chosen.sample(list(ValueChainStage.values), k=chosen.randint(0, 3)),
        )
        firm.minerals.set(chosen.sample(minerals, k=chosen.randint(0, 3)))
        firm.regions.set(chosen.sample(provinces, k=chosen.randint(0, 2)))
    # Two names equal but for case: the order falls back to the id, in both.
    FirmFactory(name="indus metals", country="PK")
    FirmFactory(name="Indus Metals", country="CN")


def selected_by_sql(query: dict) -> list[int]:
    filterset = FirmFilter(QueryDict(mutable=True) | query, queryset=selectors.directory_firms())
    assert filterset.is_valid(), filterset.errors
    return list(filterset.qs.values_list("pk", flat=True))


def selected_by_index(query: dict) -> list[int]:
    filterset = FirmFilter(QueryDict(mutable=True) | query, queryset=selectors.directory_firms())
    assert filterset.is_valid(), filterset.errors
    index = directory_index.current_index()
    ordering = filterset.form.cleaned_data.get("ordering") or "name"
    return index.ordered_ids(index.mask(filterset), ordering).tolist()


def queries():
    yield {}
    for name, values in FILTERS.items():
        for value in values:
            yield {name: value}
    for (first, first_values), (second, second_values) in itertools.combinations(
        FILTERS.items(), 2
    ):
        for first_value, second_value in itertools.product(first_values[:2], second_values[:2]):
            yield {first: first_value, second: second_value}


def test_the_index_selects_what_the_sql_selects_in_the_same_order(firms):
    checked = 0
    for query in queries():
        assert selected_by_index(query) == selected_by_sql(query), query
        checked += 1
    assert checked == 78
    # The fixture is varied enough for the comparison to mean something.
    assert 0 < len(selected_by_sql({"capability": "smelting", "country": "CN"})) < 40


def test_the_index_follows_every_change(firms, official):
    first = directory_index.current_index()
    firm = Firm.objects.filter(verification_status="pending").first()
    # Any write path: here a bulk update, which no signal would see.
    Firm.objects.filter(pk=firm.pk).update(
        verification_status="verified", verified_at=timezone.now(), decided_by=official
    )
    assert directory_index.current_index() is not first
    assert firm.pk in directory_index.current_index().ids.tolist()
    # A capability, a mineral link and a mineral's name change it too.
    for change in (
        lambda: FirmCapability.objects.create(firm=firm, stage="refining"),
        lambda: firm.minerals.add(Mineral.objects.get(slug="zinc")),
        lambda: Mineral.objects.filter(slug="zinc").update(name_zh="锌矿"),
    ):
        before = directory_index.current_index()
        change()
        assert directory_index.current_index() is not before
    assert directory_index.current_index().minerals["zinc"]["name_zh"] == "锌矿"
    # Unchanged data: the same index, one version read.
    assert directory_index.current_index() is directory_index.current_index()


def test_the_index_lists_what_the_database_lists(firms):
    from firms import listing

    verified = list(listing.firm_rows(selectors.directory_firms()).order_by("pk").values("id"))
    ids = [row["id"] for row in verified]
    from_database = {row["id"]: row for row in listing.with_lists(verified)}
    from_index = directory_index.current_index().lists_of(ids)
    assert len(from_index) == len(ids) > 30
    for pk in ids:
        assert from_index[pk] == {name: from_database[pk][name] for name in listing.LISTS}
