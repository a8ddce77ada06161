"""Sealing: bid content encrypted at rest until the opening, under keys kept outside the
database (`settings.BID_SEALING_KEYS`, from the `BID_SEALING_KEY` environment variable).

Fernet (AES-128-CBC with an HMAC-SHA256, from `cryptography`) both hides and authenticates:
a token altered in the database fails to unseal instead of yielding another offer. Several
keys may be configured: the first seals, all unseal (`MultiFernet`), and `reseal` moves a
token to the first key, which is how keys are rotated (`manage.py reseal_bids`).
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver


class SealBroken(Exception):
    """A sealed value could not be unsealed: altered, or sealed under a key no longer set."""


@cache
def _fernet() -> MultiFernet:
    try:
        return MultiFernet([Fernet(key.strip()) for key in settings.BID_SEALING_KEYS])
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured(
            "BID_SEALING_KEY must hold Fernet keys (32 url-safe base64-encoded bytes), "
            "comma-separated."
        ) from exc


@receiver(setting_changed)
def _forget_keys(*, setting: str, **kwargs: Any) -> None:
    if setting == "BID_SEALING_KEYS":
        _fernet.cache_clear()


def seal(data: bytes) -> str:
    return _fernet().encrypt(data).decode("ascii")


def unseal(token: str) -> bytes:
    try:
        return _fernet().decrypt(token.encode("ascii"))
    except (InvalidToken, UnicodeEncodeError) as exc:
        raise SealBroken("The sealed value cannot be unsealed with the configured keys.") from exc


def seal_json(value: Any) -> str:
    return seal(json.dumps(value, ensure_ascii=False, sort_keys=True).encode("utf-8"))


def unseal_json(token: str) -> Any:
    return json.loads(unseal(token))


def reseal(token: str) -> str:
    """The same content sealed under the first (newest) key."""
    try:
        return _fernet().rotate(token.encode("ascii")).decode("ascii")
    except InvalidToken as exc:
        raise SealBroken("The sealed value cannot be unsealed with the configured keys.") from exc
