"""Registration numbers: real Unified Social Credit Codes pass, mistyped ones are refused;
Pakistani SECP CUIN and NTN formats."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from firms.validators import (
    normalize_registration_number,
    uscc_check_character,
    validate_registration_number,
)

REAL_USCCS = [
    "914403001922038216",  # Huawei Technologies
    "91330100716105852F",  # Alibaba (China) Co.
    "9144030071526726XG",  # Tencent
]


@pytest.mark.parametrize("code", REAL_USCCS)
def test_real_codes_pass(code):
    validate_registration_number("CN", code)
    assert uscc_check_character(code[:17]) == code[17]


@pytest.mark.parametrize("code", REAL_USCCS)
def test_lower_case_and_spaces_are_accepted_after_normalisation(code):
    typed = f" {code[:6]} {code[6:].lower()} "
    normalised = normalize_registration_number("CN", typed)
    assert normalised == code
    validate_registration_number("CN", normalised)


@pytest.mark.parametrize(
    ("code", "error"),
    [
        ("914403001922038217", "uscc_check"),  # the check character mistyped
        ("91330100716105825F", "uscc_check"),  # two characters swapped
        ("91440300192203821", "uscc_length"),  # 17 characters
        ("9144030019220382166", "uscc_length"),  # 19
        ("91440300192203O216", "uscc_characters"),  # letter O for zero
        ("9144030019220I8216", "uscc_characters"),  # letter I for one
        ("014403001922038216", "uscc_characters"),  # no registration authority 0
    ],
)
def test_mistyped_codes_are_refused_with_a_reason(code, error):
    with pytest.raises(ValidationError) as caught:
        validate_registration_number("CN", code)
    assert caught.value.code == error


@pytest.mark.parametrize("number", ["0012345", "1234567-8", "12345678"])
def test_pakistani_cuin_and_ntn(number):
    validate_registration_number("PK", normalize_registration_number("PK", number))


def test_an_ntn_is_stored_with_its_hyphen():
    assert normalize_registration_number("PK", "1234567 8") == "1234567-8"
    assert normalize_registration_number("PK", "12345678") == "1234567-8"
    assert normalize_registration_number("PK", "0012345") == "0012345"


@pytest.mark.parametrize("number", ["123456", "1234567-89", "ABC1234", "914403001922038216"])
def test_other_pakistani_numbers_are_refused(number):
    with pytest.raises(ValidationError) as caught:
        validate_registration_number("PK", number)
    assert caught.value.code == "pk_registration_format"


def test_an_unknown_country_is_refused():
    with pytest.raises(ValidationError):
        validate_registration_number("IN", "0012345")
