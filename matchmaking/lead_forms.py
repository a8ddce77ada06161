"""The officials' lead forms: record or edit a lead, move it, log an activity, convert it into
an MoU. The forms check the shape of the input; the rules are the services'."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from emining.forms import PortalForm
from emining.models import User
from firms.models import Firm
from minerals.models import Mineral, Region
from projects.models import Project
from projects.permissions import projects_visible_to

from .lead_filters import OwnerChoiceField
from .models import Lead, LeadActivity
from .mou_forms import DomainErrorsMixin, LocalizedMultipleChoiceField
from .services.leads import EDITABLE_FIELDS


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LeadForm(DomainErrorsMixin, PortalForm):
    firm = forms.ModelChoiceField(
        label=_("Registered firm"),
        queryset=Firm.objects.order_by("name"),
        required=False,
        help_text=_("Or, for a prospective investor, give their contact below."),
    )
    contact_name = forms.CharField(label=_("Contact name"), max_length=200, required=False)
    contact_organisation = forms.CharField(label=_("Organisation"), max_length=255, required=False)
    contact_country = forms.ChoiceField(
        label=_("Country"), choices=[("", "—"), *Firm.Country.choices], required=False
    )
    contact_email = forms.EmailField(label=_("Email"), required=False)
    contact_phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    summary = forms.CharField(
        label=_("Interest"),
        max_length=2000,
        required=False,
        widget=forms.Textarea({"rows": 3}),
        help_text=_("What the investor is interested in, in their words."),
    )
    minerals = LocalizedMultipleChoiceField(
        label=_("Minerals"), queryset=Mineral.objects.order_by("name"), required=False
    )
    regions = LocalizedMultipleChoiceField(
        label=_("Provinces and territories"),
        queryset=Region.objects.filter(parent__isnull=True).order_by("name"),
        required=False,
    )
    project = forms.ModelChoiceField(
        label=_("Project"), queryset=Project.objects.none(), required=False
    )
    owner = OwnerChoiceField(
        label=_("Owner"),
        queryset=User.objects.filter(role=User.Role.OFFICIAL, is_active=True).order_by(
            "first_name", "last_name", "username"
        ),
        required=False,
    )
    next_action = forms.CharField(label=_("Next action"), max_length=255, required=False)
    next_action_due = forms.DateField(
        label=_("Next action due"), required=False, widget=_date_input()
    )
    estimated_value_usd = forms.IntegerField(
        label=_("Estimated value (USD)"), required=False, min_value=1
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects_visible_to(
            user, Project.objects.order_by("reference")
        )
        self.fields["project"].label_from_instance = lambda p: f"{p.reference} — {p.title}"

    @classmethod
    def initial_for(cls, lead: Lead) -> dict:
        initial = {field: getattr(lead, field) for field in EDITABLE_FIELDS}
        initial["minerals"] = list(lead.minerals.all())
        initial["regions"] = list(lead.regions.all())
        return initial

    def values(self) -> dict:
        return {field: self.cleaned_data[field] for field in EDITABLE_FIELDS}


class MoveForm(DomainErrorsMixin, PortalForm):
    stage = forms.ChoiceField(label=_("Move to"))
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea({"rows": 2}),
        help_text=_("Required when the lead is lost."),
    )

    def __init__(self, *args, lead: Lead, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [(s.value, s.label) for s in lead.next_stages]
        # Any stage passes the form: the service says why a move is refused.
        self.fields["stage"].valid_value = lambda value: value in Lead.Stage.values


class ActivityForm(DomainErrorsMixin, PortalForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=LeadActivity.Kind.choices)
    text = forms.CharField(
        label=_("What happened"), max_length=4000, widget=forms.Textarea({"rows": 3})
    )
    happened_at = forms.DateTimeField(
        label=_("When"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Now when left empty."),
    )
    internal = forms.BooleanField(
        label=_("Internal"),
        required=False,
        initial=True,
        help_text=LeadActivity._meta.get_field("internal").help_text,
    )


class ConvertForm(DomainErrorsMixin, PortalForm):
    title = forms.CharField(label=_("MoU title"), max_length=200)
    title_zh = forms.CharField(label=_("Title in Chinese"), max_length=200, required=False)
    title_ur = forms.CharField(label=_("Title in Urdu"), max_length=200, required=False)
    signed_on = forms.DateField(
        label=_("Signing date"),
        required=False,
        widget=_date_input(),
        help_text=_(
            "If the MoU is already signed: it is recorded as signed and the lead moves to "
            "“MoU signed”. Otherwise the MoU is recorded as a draft."
        ),
    )
