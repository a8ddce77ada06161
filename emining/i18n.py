"""Helpers for records that carry their own text in the three portal languages."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language

# The languages that record text is written in, besides English (the base field): the
# suffix of the field and the language tag of the text.
TRANSLATED_LANGUAGES = (("zh", "zh-Hans"), ("ur", "ur"))


def language_field_suffix(language: str | None = None) -> str:
    """'zh' for Simplified Chinese, 'ur' for Urdu, '' for English (the base field)."""
    language = (language or get_language() or "en").lower()
    if language.startswith("zh"):
        return "zh"
    if language.startswith("ur"):
        return "ur"
    return ""


def translated_field_names(field: str) -> tuple[str, ...]:
    """`description` → (`description_zh`, `description_ur`)."""
    return tuple(f"{field}_{suffix}" for suffix, _tag in TRANSLATED_LANGUAGES)


def localized_name(row: dict, suffix: str) -> str:
    """A catalogue row's name (`name`, `name_zh`, `name_ur`) for a language's field suffix
    (`language_field_suffix()`, worked out once by callers that name hundreds of rows): the
    translation, or English where none was given."""
    return (row.get(f"name_{suffix}") if suffix else "") or row["name"]


@dataclass(frozen=True)
class LocalizedText:
    """A record's text as a visitor reads it: in their language, or the English fallback."""

    text: str
    # True when the visitor's language has no version and English is shown in its place.
    is_fallback: bool

    def __str__(self) -> str:
        return self.text


def localized_text(record: object, field: str, language: str | None = None) -> LocalizedText:
    """The one rule: the visitor's language when the official gave it, else English
    (marked as a fallback, so pages can label it). Works on model instances and on
    `values()` rows alike."""
    suffix = language_field_suffix(language)

    def read(name: str) -> str:
        value = record.get(name) if isinstance(record, dict) else getattr(record, name, "")
        return value or ""

    english = read(field)
    if not suffix:
        return LocalizedText(english, is_fallback=False)
    translation = read(f"{field}_{suffix}")
    if translation:
        return LocalizedText(translation, is_fallback=False)
    return LocalizedText(english, is_fallback=bool(english))


class LocalizedTextMixin:
    """Reads `<field>_zh` / `<field>_ur` in those languages, else the English `<field>`.

    An empty translation falls back to English rather than showing nothing.
    """

    def localized(self, field: str) -> str:
        return localized_text(self, field).text

    def localized_text(self, field: str) -> LocalizedText:
        return localized_text(self, field)

    @property
    def localized_name(self) -> str:
        return self.localized("name")

    @property
    def localized_description(self) -> str:
        return self.localized("description")
