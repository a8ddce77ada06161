"""Dates, numbers and amounts per language. `FORMAT_MODULE_PATH` points Django at the
`<language>/formats.py` modules here; `amount_text` is the one way an amount is written."""

from __future__ import annotations

import functools
from decimal import Decimal

from django.utils import formats
from django.utils.translation import get_language

# Used when a language has no AMOUNT_UNITS of its own (the English patterns).
_DEFAULT_LANGUAGE = "en"


@functools.cache
def _amount_units(language: str) -> tuple:
    """The language's units, largest first (format modules do not change while running)."""
    for module in [
        *formats.get_format_modules(language),
        *formats.get_format_modules(_DEFAULT_LANGUAGE),
    ]:
        units = getattr(module, "AMOUNT_UNITS", None)
        if units:
            return units
    raise LookupError("No AMOUNT_UNITS in emining/formats")  # pragma: no cover


def rounded(value: Decimal) -> Decimal:
    """Three significant figures are plenty for a headline amount (at most two decimals)."""
    return value.quantize(Decimal(1) if value >= 100 else Decimal("0.01"))


def plain_number(value: Decimal | int | float) -> str:
    """145.50 → "145.5", 120.00 → "120", with the language's separators."""
    value = Decimal(str(value))
    whole = value == value.to_integral_value()
    return formats.number_format(
        value.quantize(Decimal(1)) if whole else value.normalize(), force_grouping=True
    )


def amount_text(amount: int | None, language: str | None = None) -> str:
    """An amount in US dollars as people say it in the language: "USD 380 million",
    "3.8 亿美元", "6,500 万美元"."""
    if amount is None:
        return "—"
    language = language or get_language() or _DEFAULT_LANGUAGE
    units = _amount_units(language)  # largest first, the last one 1
    for index, (unit, pattern) in enumerate(units):
        if amount < unit and unit != 1:
            continue
        if unit == 1:
            return str(pattern) % {"amount": formats.number_format(amount, force_grouping=True)}
        value = rounded(Decimal(amount) / unit)
        larger = units[index - 1] if index else None
        if larger and value * unit >= larger[0]:  # 999.99 million rounds to 1 billion
            unit, pattern = larger
            value = rounded(Decimal(amount) / unit)
        return str(pattern) % {"amount": plain_number(value)}
    return str(amount)  # pragma: no cover
