"""Helpers for records that carry their own text in the three portal languages."""

from __future__ import annotations

from django.utils.translation import get_language


def language_field_suffix(language: str | None = None) -> str:
    """'zh' for Simplified Chinese, 'ur' for Urdu, '' for English (the base field)."""
    language = (language or get_language() or "en").lower()
    if language.startswith("zh"):
        return "zh"
    if language.startswith("ur"):
        return "ur"
    return ""


class LocalizedTextMixin:
    """Reads `<field>_zh` / `<field>_ur` in those languages, else the English `<field>`.

    An empty translation falls back to English rather than showing nothing.
    """

    def localized(self, field: str) -> str:
        suffix = language_field_suffix()
        english = getattr(self, field)
        if suffix:
            return getattr(self, f"{field}_{suffix}", "") or english
        return english

    @property
    def localized_name(self) -> str:
        return self.localized("name")

    @property
    def localized_description(self) -> str:
        return self.localized("description")
