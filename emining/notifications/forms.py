"""The preferences form: one row per registered kind (in the notification centre, by email,
how often)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .registry import Frequency, Kind
from .services import Choice


class PreferencesForm(forms.Form):
    def __init__(self, *args, preferences: list[tuple[Kind, Choice]], **kwargs):
        super().__init__(*args, **kwargs)
        self.preferences = preferences
        for kind, choice in preferences:
            self.fields[f"{kind.name}-in_app"] = forms.BooleanField(
                label=_("In the notification centre"), required=False, initial=choice.in_app
            )
            self.fields[f"{kind.name}-email"] = forms.BooleanField(
                label=_("By email"),
                required=False,
                initial=True if kind.email_required else choice.email,
                disabled=kind.email_required,
            )
            self.fields[f"{kind.name}-frequency"] = forms.ChoiceField(
                label=_("How often"),
                choices=Frequency.choices,
                initial=Frequency.IMMEDIATE if kind.email_required else choice.frequency,
                disabled=kind.email_required,
            )

    def rows(self):
        """(kind, in-app field, email field, frequency field) for the template's table."""
        for kind, _choice in self.preferences:
            yield (
                kind,
                self[f"{kind.name}-in_app"],
                self[f"{kind.name}-email"],
                self[f"{kind.name}-frequency"],
            )

    def unknown_kinds(self) -> list[str]:
        """Kinds named by the submitted data that no app registered (a 400, not a guess)."""
        known = {kind.name for kind, _choice in self.preferences}
        names = {key.rsplit("-", 1)[0] for key in self.data if "-" in key}
        return sorted(names - known)

    def choices(self) -> dict[str, Choice]:
        return {
            kind.name: Choice(
                in_app=self.cleaned_data[f"{kind.name}-in_app"],
                email=self.cleaned_data[f"{kind.name}-email"],
                frequency=self.cleaned_data[f"{kind.name}-frequency"],
            )
            for kind, _choice in self.preferences
        }
