"""Registration numbers, checked for the firm's country.

China: the Unified Social Credit Code (统一社会信用代码, GB 32100-2015) of 18 characters: a
registration-authority code, an organisation-type code, a six-digit administrative-division
code, a nine-character organisation code and a check character computed over the other 17
with the standard's weights, modulo 31. The letters I, O, S, V and Z are never used.

Pakistan: the SECP's Corporate Unique Identification Number (CUIN) given at incorporation,
seven digits, or the FBR's National Tax Number (NTN), seven digits and a check digit written
`1234567-8`.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

USCC_CHARACTERS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# Registration authority (1-9, A-G, Y), organisation type, then 6 digits of the division code.
USCC_SHAPE = re.compile(r"[1-9A-GY][1-9]\d{6}[0-9A-HJ-NPQRTUWXY]{9}[0-9A-HJ-NPQRTUWXY]")

SECP_CUIN = re.compile(r"\d{7}")
NTN = re.compile(r"(\d{7})-?(\d)")


def uscc_check_character(first_17: str) -> str:
    """The 18th character of a Unified Social Credit Code whose first 17 are given."""
    total = sum(
        USCC_CHARACTERS.index(character) * weight
        for character, weight in zip(first_17, USCC_WEIGHTS, strict=True)
    )
    return USCC_CHARACTERS[(31 - total % 31) % 31]


def _compact(value: str) -> str:
    return re.sub(r"[\s\u00a0]+", "", value or "").upper()


def normalize_registration_number(country: str, value: str) -> str:
    """The number as stored: upper case, without spaces, an NTN with its hyphen."""
    compact = _compact(value)
    if country == "PK":
        ntn = NTN.fullmatch(compact)
        if ntn and len(compact) != 7:
            return f"{ntn.group(1)}-{ntn.group(2)}"
    return compact


def validate_uscc(value: str) -> None:
    code = _compact(value)
    if len(code) != 18:
        raise ValidationError(
            _(
                "A Unified Social Credit Code has 18 characters; this one has %(count)d. "
                "Copy it from the business licence (营业执照)."
            )
            % {"count": len(code)},
            code="uscc_length",
        )
    if not USCC_SHAPE.fullmatch(code):
        raise ValidationError(
            _(
                "This is not a Unified Social Credit Code: it holds digits and the capital "
                "letters A-Y except I, O, S, V and Z, and starts with the registration "
                "authority's code."
            ),
            code="uscc_characters",
        )
    if uscc_check_character(code[:17]) != code[17]:
        raise ValidationError(
            _(
                "The check character of this Unified Social Credit Code does not match: "
                "one of its characters is mistyped."
            ),
            code="uscc_check",
        )


def validate_pakistani_registration(value: str) -> None:
    code = _compact(value)
    if SECP_CUIN.fullmatch(code) or NTN.fullmatch(code):
        return
    raise ValidationError(
        _(
            "Give the SECP incorporation number (CUIN, 7 digits, e.g. 0012345) or the "
            "National Tax Number (NTN, 7 digits and a check digit, e.g. 1234567-8)."
        ),
        code="pk_registration_format",
    )


def validate_registration_number(country: str, value: str) -> None:
    """Raises ValidationError (keyed by no field: callers attach it to theirs)."""
    if country == "CN":
        validate_uscc(value)
    elif country == "PK":
        validate_pakistani_registration(value)
    else:
        raise ValidationError(_("Choose Pakistan or China."), code="country")
