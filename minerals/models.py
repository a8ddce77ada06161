"""The ground floor: Pakistan's minerals and the regions (provinces, territories, districts)."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from emining.i18n import LocalizedTextMixin

# Pakistan's bounding box, used to validate coordinates here and on projects.
PAKISTAN_LATITUDE = (23.5, 37.1)
PAKISTAN_LONGITUDE = (60.8, 77.9)


def latitude_field() -> models.FloatField:
    return models.FloatField(
        _("latitude"),
        validators=[
            MinValueValidator(PAKISTAN_LATITUDE[0]),
            MaxValueValidator(PAKISTAN_LATITUDE[1]),
        ],
    )


def longitude_field() -> models.FloatField:
    return models.FloatField(
        _("longitude"),
        validators=[
            MinValueValidator(PAKISTAN_LONGITUDE[0]),
            MaxValueValidator(PAKISTAN_LONGITUDE[1]),
        ],
    )


def within_pakistan() -> models.CheckConstraint:
    """For models with `latitude_field()` and `longitude_field()`."""
    return models.CheckConstraint(
        condition=Q(latitude__gte=PAKISTAN_LATITUDE[0])
        & Q(latitude__lte=PAKISTAN_LATITUDE[1])
        & Q(longitude__gte=PAKISTAN_LONGITUDE[0])
        & Q(longitude__lte=PAKISTAN_LONGITUDE[1]),
        name="%(app_label)s_%(class)s_within_pakistan",
        violation_error_message=_("The location must lie within Pakistan."),
    )


class ValueChainStage(models.TextChoices):
    """The mineral value chain, from the ground to finished goods: what a project offers and
    what a firm can do (and, in a bid, the highest stage it commits to do in Pakistan)."""

    EXPLORATION = "exploration", _("Exploration")
    MINING = "mining", _("Mining")
    PROCESSING = "processing", _("Beneficiation and processing")
    SMELTING = "smelting", _("Smelting")
    REFINING = "refining", _("Refining")
    MANUFACTURING = "manufacturing", _("Mineral-based manufacturing")
    LOGISTICS = "logistics", _("Logistics and infrastructure")


class Region(LocalizedTextMixin, models.Model):
    class Kind(models.TextChoices):
        PROVINCE = "province", _("Province")
        TERRITORY = "territory", _("Territory")
        DISTRICT = "district", _("District")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=120)
    name_zh = models.CharField(_("name in Chinese"), max_length=120, blank=True)
    name_ur = models.CharField(_("name in Urdu"), max_length=120, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("province or territory"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="districts",
    )
    latitude = latitude_field()
    longitude = longitude_field()
    description = models.TextField(_("description"), blank=True)
    description_zh = models.TextField(_("description in Chinese"), blank=True)
    description_ur = models.TextField(_("description in Urdu"), blank=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="district") & Q(parent__isnull=False))
                | (~Q(kind="district") & Q(parent__isnull=True)),
                name="%(app_label)s_%(class)s_district_has_province",
                violation_error_message=_(
                    "A district belongs to a province or territory; provinces and territories "
                    "belong to none."
                ),
            ),
            within_pakistan(),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("minerals:region-detail", kwargs={"slug": self.slug})

    @property
    def is_district(self) -> bool:
        return self.kind == self.Kind.DISTRICT


class Mineral(LocalizedTextMixin, models.Model):
    class Category(models.TextChoices):
        METALLIC = "metallic", _("Metallic")
        INDUSTRIAL = "industrial", _("Industrial and non-metallic")
        ENERGY = "energy", _("Energy")
        PRECIOUS = "precious", _("Precious stones and gemstones")
        RARE_EARTH = "rare_earth", _("Rare earth and critical")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=120)
    name_zh = models.CharField(_("name in Chinese"), max_length=120, blank=True)
    name_ur = models.CharField(_("name in Urdu"), max_length=120, blank=True)
    symbol = models.CharField(_("symbol"), max_length=20, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    is_critical = models.BooleanField(
        _("critical mineral"),
        default=False,
        help_text=_("On the critical-minerals lists that drive the energy transition."),
    )
    description = models.TextField(_("description"), blank=True)
    description_zh = models.TextField(_("description in Chinese"), blank=True)
    description_ur = models.TextField(_("description in Urdu"), blank=True)
    regions = models.ManyToManyField(
        Region, verbose_name=_("known occurrences"), related_name="minerals", blank=True
    )

    class Meta:
        verbose_name = _("mineral")
        verbose_name_plural = _("minerals")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["category", "name"], name="mineral_category_idx"),
            models.Index(fields=["is_critical", "name"], name="mineral_critical_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("minerals:mineral-detail", kwargs={"slug": self.slug})
