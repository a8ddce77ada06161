"""The kinds of notification. Each app registers its own in `AppConfig.ready()`:

    register_kind("bids_opened", label=_("Bids opened"), frequency=Frequency.IMMEDIATE)

and ships `templates/notifications/<name>_subject.txt` and `<name>_body.txt` (and, optionally,
`<name>_body.html`). A kind unknown here is refused everywhere (ValueError in the service, a
400 on the preferences form).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", _("Immediately")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")


@dataclass(frozen=True)
class Kind:
    name: str
    label: str | Promise
    in_app: bool = True
    email: bool = True
    frequency: str = Frequency.IMMEDIATE
    # A kind whose email is a record the user must get (a bid receipt): always sent at once,
    # whatever the preferences say; the form shows it fixed.
    email_required: bool = False
    template: str = ""

    @property
    def template_prefix(self) -> str:
        return self.template or f"notifications/{self.name}"


_KINDS: dict[str, Kind] = {}


def register_kind(name: str, *, label: str | Promise, **options) -> Kind:
    """Add a kind (an app's `ready()` calls this; registering the same name again replaces
    it, so a reloaded app does not fail)."""
    if not name or len(name) > 64:
        raise ValueError(f"A notification kind needs a name of 1 to 64 characters: {name!r}")
    if options.get("frequency", Frequency.IMMEDIATE) not in Frequency.values:
        raise ValueError(f"Unknown frequency for {name!r}: {options['frequency']!r}")
    kind = Kind(name=name, label=label, **options)
    _KINDS[name] = kind
    return kind


def get_kind(name: str) -> Kind:
    try:
        return _KINDS[name]
    except KeyError:
        raise ValueError(f"Unknown notification kind: {name!r}") from None


def all_kinds() -> list[Kind]:
    """In registration order (apps in INSTALLED_APPS order), which the preferences form keeps."""
    return list(_KINDS.values())
