"""The officials' MoU forms: record or edit an MoU, change its status, add a milestone or a
document. The forms check the shape of the input; the rules are the services'."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from emining.forms import PortalForm
from emining.models import Agency
from emining.services import DomainError
from firms.models import Firm
from minerals.models import Mineral, Region, ValueChainStage
from projects.models import Bid, Project
from projects.models.bids import SEALED_STATUSES

from .models import MoU, MoUParty
from .services.mous import EDITABLE_FIELDS, Party, Scope

PARTY_ROWS = 4


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LocalizedMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.localized_name


class DomainErrorsMixin:
    def add_domain_error(self, error: DomainError) -> None:
        """A service's refusal beside the fields it names (or at the top of the form)."""
        if hasattr(error, "error_dict"):
            for field, field_errors in error.error_dict.items():
                self.add_error(field if field in self.fields else None, field_errors)
        else:
            self.add_error(None, error)


def organisation_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    firms = [
        (f"firm:{pk}", name) for pk, name in Firm.objects.order_by("name").values_list("pk", "name")
    ]
    agencies = [
        (f"agency:{pk}", name)
        for pk, name in Agency.objects.order_by("name").values_list("pk", "name")
    ]
    return [("", "—"), (_("Firms"), firms), (_("Agencies"), agencies)]


class MoUForm(DomainErrorsMixin, PortalForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    title_zh = forms.CharField(label=_("Title in Chinese"), max_length=200, required=False)
    title_ur = forms.CharField(label=_("Title in Urdu"), max_length=200, required=False)
    summary = forms.CharField(
        label=_("Summary"), max_length=2000, required=False, widget=forms.Textarea({"rows": 3})
    )
    summary_zh = forms.CharField(
        label=_("Summary in Chinese"),
        max_length=2000,
        required=False,
        widget=forms.Textarea({"rows": 3}),
    )
    summary_ur = forms.CharField(
        label=_("Summary in Urdu"),
        max_length=2000,
        required=False,
        widget=forms.Textarea({"rows": 3, "dir": "rtl"}),
    )
    signed_on = forms.DateField(label=_("Signing date"), required=False, widget=_date_input())
    place = forms.CharField(
        label=_("Place of signing"),
        max_length=255,
        required=False,
        help_text=MoU._meta.get_field("place").help_text,
    )
    place_zh = forms.CharField(
        label=_("Place of signing in Chinese"), max_length=255, required=False
    )
    place_ur = forms.CharField(label=_("Place of signing in Urdu"), max_length=255, required=False)
    indicative_value_usd = forms.IntegerField(
        label=_("Indicative value (USD)"), required=False, min_value=1
    )
    expires_on = forms.DateField(label=_("Expiry date"), required=False, widget=_date_input())
    is_public = forms.BooleanField(
        label=_("Public"),
        required=False,
        initial=True,
        help_text=MoU._meta.get_field("is_public").help_text,
    )
    minerals = LocalizedMultipleChoiceField(
        label=_("Minerals"), queryset=Mineral.objects.order_by("name"), required=False
    )
    regions = LocalizedMultipleChoiceField(
        label=_("Provinces and territories"),
        queryset=Region.objects.filter(parent__isnull=True).order_by("name"),
        required=False,
    )
    stages = forms.MultipleChoiceField(
        label=_("Value-chain stages"), choices=ValueChainStage.choices, required=False
    )
    projects = forms.ModelMultipleChoiceField(
        label=_("Linked projects"), queryset=Project.objects.none(), required=False
    )
    bids = forms.ModelMultipleChoiceField(
        label=_("Linked bids"),
        queryset=Bid.objects.none(),
        required=False,
        help_text=_("Only opened bids of your agency’s projects can be linked."),
    )

    def __init__(self, *args, agency_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["projects"].queryset = Project.objects.filter(agency_id=agency_id).order_by(
            "reference"
        )
        self.fields["bids"].queryset = (
            Bid.objects.filter(project__agency_id=agency_id)
            .exclude(status__in=SEALED_STATUSES)
            .select_related("project", "lead_firm")
            .order_by("project__reference", "id")
        )
        self.fields["bids"].label_from_instance = lambda bid: (
            f"{bid.project.reference} — {bid.lead_firm.name}"
        )
        choices = organisation_choices()
        for row in range(1, PARTY_ROWS + 1):
            required = row <= 2
            self.fields[f"party{row}_organisation"] = forms.ChoiceField(
                label=_("Party %(number)s") % {"number": row},
                choices=choices,
                required=required,
            )
            self.fields[f"party{row}_role"] = forms.ChoiceField(
                label=_("Role"),
                choices=[("", "—"), *MoUParty.Role.choices],
                required=False,
            )
            self.fields[f"party{row}_signatory_name"] = forms.CharField(
                label=_("Signatory name"), max_length=200, required=False
            )
            self.fields[f"party{row}_signatory_title"] = forms.CharField(
                label=_("Signatory title"), max_length=200, required=False
            )
            for suffix in ("organisation", "role", "signatory_name", "signatory_title"):
                widget = self.fields[f"party{row}_{suffix}"].widget
                css = "form-select" if isinstance(widget, forms.Select) else "form-control"
                widget.attrs.setdefault("class", css)

    @classmethod
    def initial_for(cls, mou: MoU) -> dict:
        initial = {field: getattr(mou, field) for field in EDITABLE_FIELDS}
        initial["minerals"] = list(mou.minerals.all())
        initial["regions"] = list(mou.regions.all())
        initial["stages"] = [row.stage for row in mou.stages.all()]
        initial["projects"] = list(mou.projects.all())
        initial["bids"] = list(mou.bids.all())
        for row, party in enumerate(mou.parties.all(), start=1):
            kind = "firm" if party.firm_id else "agency"
            initial[f"party{row}_organisation"] = f"{kind}:{party.firm_id or party.agency_id}"
            initial[f"party{row}_role"] = party.role
            initial[f"party{row}_signatory_name"] = party.signatory_name
            initial[f"party{row}_signatory_title"] = party.signatory_title
        return initial

    def party_rows(self):
        """The party fields grouped per row, for the template."""
        return [
            [
                self[f"party{row}_{suffix}"]
                for suffix in ("organisation", "role", "signatory_name", "signatory_title")
            ]
            for row in range(1, PARTY_ROWS + 1)
        ]

    def clean(self):
        cleaned = super().clean()
        firms = {f"firm:{f.pk}": f for f in Firm.objects.all()}
        agencies = {f"agency:{a.pk}": a for a in Agency.objects.all()}
        parties = []
        for row in range(1, PARTY_ROWS + 1):
            key = cleaned.get(f"party{row}_organisation")
            if not key:
                continue
            role = cleaned.get(f"party{row}_role")
            if not role:
                self.add_error(f"party{row}_role", _("Choose the party’s role."))
                continue
            parties.append(
                Party(
                    role=role,
                    firm=firms.get(key),
                    agency=agencies.get(key),
                    signatory_name=cleaned.get(f"party{row}_signatory_name", ""),
                    signatory_title=cleaned.get(f"party{row}_signatory_title", ""),
                )
            )
        self.parties = parties
        return cleaned

    def values(self) -> dict:
        return {field: self.cleaned_data[field] for field in EDITABLE_FIELDS}

    def scope(self) -> Scope:
        data = self.cleaned_data
        return Scope(
            minerals=list(data["minerals"]),
            regions=list(data["regions"]),
            stages=list(data["stages"]),
            projects=list(data["projects"]),
            bids=list(data["bids"]),
        )


class TransitionForm(DomainErrorsMixin, PortalForm):
    status = forms.ChoiceField(label=_("New status"))
    effective_on = forms.DateField(
        label=_("Effective date"),
        required=False,
        widget=_date_input(),
        help_text=_("Today when left empty."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea({"rows": 3}),
        help_text=_("Required to terminate an MoU."),
    )

    def __init__(self, *args, mou: MoU, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(s.value, s.label) for s in mou.next_statuses]


class MilestoneForm(DomainErrorsMixin, PortalForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    title_zh = forms.CharField(label=_("Title in Chinese"), max_length=200, required=False)
    title_ur = forms.CharField(label=_("Title in Urdu"), max_length=200, required=False)
    due_on = forms.DateField(label=_("Due date"), widget=_date_input())


class MoUDocumentForm(DomainErrorsMixin, PortalForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(label=_("File"))
