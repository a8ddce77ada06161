"""Forms of the bidding pages: the offer (submit and revise) and the evaluators' score sheet.

They read and type what was sent; the rules of an offer (`services.Offer.from_values`), of
partners and documents (`services.submit_bid`) and of scores (`services.score_bid`) stay in
the services, whose `DomainError`s come back here beside the fields they name.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from emining import uploads
from emining.forms import PortalForm
from firms.models import Firm
from minerals.models import ValueChainStage
from projects.models import OFFER_FIELDS, EvaluationCriterion, Project
from projects.services.bid_documents import TITLE_MAX_LENGTH

# File inputs on one page: enough for a proposal, few enough for a phone. A revision adds to
# the documents already there.
DOCUMENT_SLOTS = 3


def _number_input(minimum: int) -> forms.NumberInput:
    return forms.NumberInput(attrs={"min": minimum, "step": 1, "inputmode": "numeric"})


class PartnerChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, firm: Firm) -> str:
        return f"{firm.localized_name} ({firm.get_country_display()})"


class DomainErrorsMixin:
    """Puts a service's `DomainError` beside the fields it names; the rest goes on top."""

    document_errors: list[str]

    def add_domain_error(self, error: ValidationError) -> None:
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)  # type: ignore[attr-defined]
            return
        for name, errors in error.error_dict.items():
            if name == "documents" and hasattr(self, "document_errors"):
                self.document_errors.extend(message for e in errors for message in e.messages)
            elif name in self.fields:  # type: ignore[attr-defined]
                # A field the form itself refused already says what is wrong with it.
                if name not in self.errors:  # type: ignore[attr-defined]
                    self.add_error(name, errors)  # type: ignore[attr-defined]
            else:
                self.add_error(None, errors)  # type: ignore[attr-defined]


class BidForm(DomainErrorsMixin, PortalForm):
    """The offer, the consortium partners and the proposal documents."""

    # Typed as text: the offer's own checks (`services.Offer`) name every problem at once.
    offered_investment_usd = forms.CharField(
        label=_("Offered investment (USD)"),
        required=False,
        widget=_number_input(1),
        help_text=_("In US dollars, a whole number without separators."),
    )
    investment_model = forms.ChoiceField(
        label=_("Investment model"),
        choices=[("", "—"), *Project.InvestmentModel.choices],
        required=False,
    )
    timeline_months = forms.CharField(
        label=_("Timeline (months)"), required=False, widget=_number_input(1)
    )
    local_jobs = forms.CharField(
        label=_("Pakistani jobs created"), required=False, widget=_number_input(0)
    )
    trainees = forms.CharField(label=_("People trained"), required=False, widget=_number_input(0))
    technology_transfer = forms.CharField(
        label=_("Technology-transfer plan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    value_addition_stage = forms.ChoiceField(
        label=_("Value addition in Pakistan"),
        choices=[("", "—"), *ValueChainStage.choices],
        required=False,
        help_text=_("The highest value-chain stage your bid commits to do in Pakistan."),
    )

    def __init__(
        self,
        *args,
        lead: Firm,
        current_documents: Sequence[tuple[int, str]] = (),
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.document_errors = []
        self.fields["partners"] = PartnerChoiceField(
            label=_("Consortium partners (optional)"),
            queryset=Firm.objects.filter(verification_status=Firm.VerificationStatus.VERIFIED)
            .exclude(country=lead.country)
            .order_by("name", "id"),
            required=False,
            widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 5}),
            help_text=_(
                "Verified firms of the other country. Each partner's member confirms before the "
                "closing time, or the bid is incomplete. Hold Ctrl (or ⌘) to choose several."
            ),
        )
        if current_documents:
            self.fields["remove_documents"] = forms.TypedMultipleChoiceField(
                label=_("Remove documents"),
                choices=list(current_documents),
                coerce=int,
                required=False,
                widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
            )
        for slot in range(DOCUMENT_SLOTS):
            self.fields[f"document_title_{slot}"] = forms.CharField(
                label=_("Document title"),
                max_length=TITLE_MAX_LENGTH,
                required=False,
                widget=forms.TextInput(attrs={"class": "form-control"}),
            )
            self.fields[f"document_file_{slot}"] = forms.FileField(
                label=_("File"),
                required=False,
                allow_empty_file=True,  # refused by the upload rules with their own message
                max_length=1000,
                widget=forms.ClearableFileInput(
                    attrs={
                        "accept": ",".join(f".{ext}" for ext in uploads.ACCEPTED_EXTENSIONS),
                        "class": "form-control",
                    }
                ),
            )

    def document_slots(self) -> list[dict[str, Any]]:
        return [
            {
                "number": slot + 1,
                "title": self[f"document_title_{slot}"],
                "file": self[f"document_file_{slot}"],
            }
            for slot in range(DOCUMENT_SLOTS)
        ]

    def offer_values(self) -> dict[str, Any]:
        """What was typed for the offer, for `services.Offer.from_values` (which checks it)."""
        data = getattr(self, "cleaned_data", {})
        return {name: data.get(name) for name in OFFER_FIELDS}

    def service_partners(self) -> list[Firm]:
        return list(self.cleaned_data.get("partners") or [])

    def service_documents(self) -> list[tuple[Any, str]]:
        documents = []
        for slot in range(DOCUMENT_SLOTS):
            uploaded = self.cleaned_data.get(f"document_file_{slot}")
            if uploaded:
                documents.append((uploaded, self.cleaned_data.get(f"document_title_{slot}", "")))
        return documents

    def service_removed_documents(self) -> list[int]:
        return list(self.cleaned_data.get("remove_documents") or [])

    @property
    def has_errors(self) -> bool:
        return bool(self.errors or self.document_errors)


def upload_help_text() -> str:
    return _(
        "PDF, images, spreadsheets and office documents, CSV or plain text; at most %(limit)s "
        "each. The files are encrypted until the opening."
    ) % {"limit": uploads.limit_text()}


class ScoreForm(DomainErrorsMixin, PortalForm):
    """One score (0-100) and comment per published criterion; the keys are those the
    service's errors name (`score_<criterion id>`, `comment_<criterion id>`). Fields added
    after `PortalForm.__init__` carry their Bootstrap classes themselves."""

    def __init__(self, *args, criteria: Sequence[EvaluationCriterion], **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"score_{criterion.pk}"] = forms.IntegerField(
                label=_("Score (0-100)"),
                required=False,
                widget=forms.NumberInput(
                    attrs={"min": 0, "max": 100, "step": 1, "class": "form-control"}
                ),
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment"),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
            )

    def rows(self) -> list[dict[str, Any]]:
        return [
            {
                "criterion": criterion,
                "score": self[f"score_{criterion.pk}"],
                "comment": self[f"comment_{criterion.pk}"],
            }
            for criterion in self.criteria
        ]

    def score_sheet(self) -> dict[int, tuple[int, str]]:
        """Scored criteria only: the service says which are missing."""
        sheet = {}
        for criterion in self.criteria:
            score = self.cleaned_data.get(f"score_{criterion.pk}")
            if score is not None:
                sheet[criterion.pk] = (score, self.cleaned_data.get(f"comment_{criterion.pk}", ""))
        return sheet
