"""Small forms of the officials' pages: the reason some workflow actions ask for, and the
workspace's status filter."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from emining.forms import PortalForm
from projects.models import Project


class ActionForm(PortalForm):
    """What a workflow action asks for: a reason (return to draft, cancel) or a note (award)."""

    def __init__(self, data=None, *, reason_label=None, reason_required_message=None, note=False):
        super().__init__(data)
        if reason_label:
            self.fields["reason"] = forms.CharField(
                label=reason_label,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
                error_messages={"required": reason_required_message},
            )
        if note:
            self.fields["note"] = forms.CharField(
                label=_("Note (optional)"),
                max_length=2000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
                help_text=_("For example the winning bidder and the terms agreed."),
            )

    def add_domain_error(self, error: ValidationError) -> bool:
        """Put the service's message beside the field; False when it names no field here."""
        if not hasattr(error, "error_dict") or not set(error.error_dict) <= set(self.fields):
            return False
        for name, errors in error.error_dict.items():
            self.add_error(name, errors)
        return True


class WorkspaceFilterForm(PortalForm):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All statuses")), *Project.Status.choices],
        required=False,
    )
