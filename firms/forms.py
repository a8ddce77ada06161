"""The firm pages' forms: what people type, checked for shape only. The rules (registration
numbers, the capital range, one firm per person) are the services'; their messages come back
onto these fields."""

from __future__ import annotations

from django import forms
from django.forms.models import fields_for_model
from django.utils.translation import gettext_lazy as _

from emining import uploads
from emining.forms import PortalForm
from minerals.models import Mineral, Region, ValueChainStage

from .models import Firm, FirmDocument
from .services import EDITABLE_FIELDS


class LocalizedChoices(forms.ModelMultipleChoiceField):
    """Minerals or provinces as checkboxes labelled in the visitor's language."""

    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj) -> str:
        return obj.localized_name


# Fields whose text is in Chinese or Urdu: the browser's spelling and direction follow.
_LANGUAGE_ATTRS = {"_zh": {"lang": "zh-Hans"}, "_ur": {"lang": "ur", "dir": "rtl"}}
_SHORT_TEXTAREAS = ("description", "past_projects", "certifications")


class FirmForm(PortalForm):
    """Register a firm or change its entry."""

    # The sections of the page, in order: (heading, field names).
    SECTIONS = (
        (
            _("Identity"),
            ("name", "name_zh", "name_ur", "country", "registration_number", "kind"),
        ),
        (
            _("Offices"),
            (
                "head_office_city",
                "head_office_city_zh",
                "head_office_city_ur",
                "present_in_pakistan",
                "pakistan_office_city",
            ),
        ),
        (
            _("What the firm does"),
            (
                "capabilities",
                "minerals",
                "regions",
                "description",
                "description_zh",
                "description_ur",
                "capital_usd_min",
                "capital_usd_max",
                "years_of_experience",
                "past_projects",
                "past_projects_zh",
                "past_projects_ur",
                "certifications",
            ),
        ),
        (_("Contact"), ("website", "contact_name", "contact_email", "contact_phone")),
    )

    capabilities = forms.MultipleChoiceField(
        label=_("Value-chain stages the firm works in"),
        choices=ValueChainStage.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    minerals = LocalizedChoices(
        label=_("Minerals of interest"),
        queryset=Mineral.objects.order_by("name"),
        to_field_name="slug",
        required=False,
    )
    regions = LocalizedChoices(
        label=_("Provinces of interest"),
        queryset=Region.objects.filter(parent__isnull=True).order_by("name"),
        to_field_name="slug",
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple):
                widget.attrs["class"] = "form-check-input"
            for suffix, attrs in _LANGUAGE_ATTRS.items():
                if name.endswith(suffix):
                    widget.attrs.update(attrs)
            if name.startswith(_SHORT_TEXTAREAS):
                widget.attrs["rows"] = 3
        self.fields["registration_number"].widget.attrs.update(
            {"dir": "ltr", "autocomplete": "off", "spellcheck": "false"}
        )
        self.fields["registration_number"].help_text = _(
            "China: the 18-character Unified Social Credit Code (统一社会信用代码) of the "
            "business licence. Pakistan: the SECP incorporation number (CUIN, 7 digits) or "
            "the National Tax Number (NTN, 1234567-8)."
        )
        for name in ("contact_email", "website", "contact_phone"):
            self.fields[name].widget.attrs["dir"] = "ltr"
        for name in ("capital_usd_min", "capital_usd_max"):
            self.fields[name].widget.attrs.update({"min": 0, "step": 1, "inputmode": "numeric"})

    @classmethod
    def initial_for(cls, firm: Firm) -> dict:
        initial = {name: getattr(firm, name) for name in EDITABLE_FIELDS}
        initial["capabilities"] = [c.stage for c in firm.capabilities.all()]
        initial["minerals"] = list(firm.minerals.all())
        initial["regions"] = list(firm.regions.all())
        return initial

    def service_arguments(self) -> dict:
        """The cleaned values as `register_firm` / `update_firm` take them."""
        data = self.cleaned_data
        return {
            "values": {name: data[name] for name in EDITABLE_FIELDS if name in data},
            "capabilities": data.get("capabilities") or [],
            "minerals": list(data.get("minerals") or []),
            "regions": list(data.get("regions") or []),
        }

    @property
    def sections(self):
        for heading, names in self.SECTIONS:
            yield heading, [self[name] for name in names]


# The model's own fields (labels, lengths, choices), without its rules.
FirmForm.base_fields = {
    **fields_for_model(Firm, fields=[name for name in EDITABLE_FIELDS if name != "website"]),
    "website": forms.URLField(
        label=Firm._meta.get_field("website").verbose_name,
        max_length=Firm._meta.get_field("website").max_length,
        required=False,
        assume_scheme="https",
    ),
    **FirmForm.base_fields,
}
FirmForm.base_fields["country"].choices = [("", "---------"), *Firm.Country.choices]
FirmForm.base_fields["kind"].choices = [("", "---------"), *Firm.Kind.choices]


class FirmDocumentForm(PortalForm):
    title = forms.CharField(
        label=_("Title"),
        max_length=FirmDocument._meta.get_field("title").max_length,
        required=False,
        help_text=_(
            "For example “Certificate of incorporation” or “Business licence”. Leave empty "
            "to use the file name."
        ),
    )
    file = forms.FileField(
        label=_("File"),
        max_length=1000,
        allow_empty_file=True,  # the upload rules refuse empty files with their own message
        widget=forms.FileInput(
            attrs={"accept": ",".join(f".{ext}" for ext in uploads.ACCEPTED_EXTENSIONS)}
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "PDF, images, office documents or plain text; at most %(limit)s. The type is "
            "checked from the file’s content, not its name."
        ) % {"limit": uploads.limit_text()}


class RejectionForm(PortalForm):
    reason = forms.CharField(
        label=_("Reason for the rejection"),
        max_length=Firm._meta.get_field("rejection_reason").max_length,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown to the firm, so it can correct its entry or documents and resubmit."),
        error_messages={"required": _("Say why the verification is refused.")},
    )
