"""How the project form is laid out: its sections, the fields two to a row, and one tab per
language for the text visitors read."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

# The text visitors read, written once per language: the form groups it in one tab per
# language (English first and required; Chinese and Urdu optional, English shown instead).
TRANSLATED_TEXT_FIELDS = (
    "title",
    "summary",
    "description",
    "estimated_reserves",
    "grade",
    "special_economic_zone",
    "corridor",
    "training_commitment",
)
# (field suffix, language tag, tab label): the label names the language in itself and in the
# visitor's language, so an official finds it whatever language the portal is in.
TEXT_LANGUAGES: tuple[tuple[str, str, Any], ...] = (
    ("", "en", _("English")),
    ("zh", "zh-Hans", _("Simplified Chinese")),
    ("ur", "ur", _("Urdu")),
)
# English text keeps its direction in Urdu pages.
ENGLISH_TEXT = {"lang": "en", "dir": "ltr"}
LANGUAGE_ENDONYMS = {"en": "English", "zh-Hans": "中文", "ur": "اردو"}

# The form's sections, in order: (heading, introduction, fields).
SECTIONS: tuple[tuple[Any, Any, tuple[str, ...]], ...] = (
    (
        _("Text for visitors"),
        _(
            "Write every text in English. Chinese and Urdu versions are optional: visitors "
            "see them when they use the portal in that language, and the English text, "
            "marked as such, where a version is missing."
        ),
        ("translated_text", "contact_official"),
    ),
    (
        _("Minerals and location"),
        "",
        (
            "minerals",
            "primary_mineral",
            "region",
            "district",
            "latitude",
            "longitude",
            "area_km2",
        ),
    ),
    (
        _("Investment"),
        "",
        ("stage", "investment_model", "investment_usd"),
    ),
    (
        _("Infrastructure and local benefits"),
        "",
        ("distance_to_gwadar_km", "expected_jobs"),
    ),
    (
        _("Bidding and evaluation"),
        _(
            "Bids must close after they open and at least 7 days after the project is "
            "published. Bidders are scored on the evaluation criteria below."
        ),
        ("bid_opens_at", "bid_closes_at"),
    ),
)

# Fields laid out two to a row on wide screens; the others take the full width.
HALF_WIDTH = frozenset(
    {
        "primary_mineral",
        "estimated_reserves",
        "grade",
        "region",
        "district",
        "latitude",
        "longitude",
        "stage",
        "investment_model",
        "distance_to_gwadar_km",
        "expected_jobs",
        "special_economic_zone",
        "corridor",
        *(
            f"{name}{suffix}"
            for name in ("estimated_reserves", "grade", "special_economic_zone", "corridor")
            for suffix in ("", "_zh", "_ur")
        ),
        "bid_opens_at",
        "bid_closes_at",
    }
)

DATETIME_LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


@dataclass
class LanguageGroup:
    """One tab of the form: the visitor-facing text in one language."""

    code: str  # the language tag of the text ("en", "zh-Hans", "ur")
    label: str  # the language named in the visitor's language
    endonym: str  # ... and in itself
    fields: list = field(default_factory=list)  # (bound field, column class)
    error_count: int = 0

    @property
    def slug(self) -> str:
        return self.code.lower()


@dataclass
class FormSection:
    title: str
    intro: str
    fields: list = field(default_factory=list)  # (bound field, column class)
    has_minerals: bool = False
    has_criteria: bool = False
    languages: list[LanguageGroup] = field(default_factory=list)
