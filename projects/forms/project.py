"""Forms of the officials' pages: the project form (create, edit, amend), its evaluation
criteria, the reason asked by some workflow actions, and the workspace's status filter.

The forms check what one field can check (types, lengths, Pakistan's bounds). The rules across
fields (primary mineral among the minerals, district in the region, closing after opening,
weights adding up to 100) belong to `projects.services`, whose `DomainError` is mapped back
onto the fields with `add_domain_error`.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from emining.forms import BootstrapWidgetsMixin
from emining.models import User
from minerals.models import PAKISTAN_LATITUDE, PAKISTAN_LONGITUDE, Mineral, Region
from projects import services
from projects.models import Project
from projects.services import EDITABLE_FIELDS, Criterion

from .criteria import criteria_formset, criteria_initial, suggested_criteria
from .layout import (
    DATETIME_LOCAL_FORMAT,
    ENGLISH_TEXT,
    HALF_WIDTH,
    LANGUAGE_ENDONYMS,
    SECTIONS,
    TEXT_LANGUAGES,
    TRANSLATED_TEXT_FIELDS,
    FormSection,
    LanguageGroup,
)


class OfficialChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        name = obj.get_full_name()
        return f"{name} ({obj.username})" if name else obj.username


def _normalize_newlines(value: Any) -> Any:
    """Browsers send text areas with CRLF; stored text uses LF, so unchanged text compares
    equal (an amendment must not record a field nobody touched)."""
    return value.replace("\r\n", "\n") if isinstance(value, str) else value


# --- Evaluation criteria -----------------------------------------------------------------------


class ProjectForm(BootstrapWidgetsMixin, forms.ModelForm):
    """Create or edit a draft. Keeps its evaluation-criteria formset in `self.criteria`.

    Choices are read from the catalogue when the form is made and named in the visitor's
    language (the querysets still validate what is sent); districts are grouped by province.
    """

    minerals = forms.ModelMultipleChoiceField(
        label=_("Minerals"),
        queryset=Mineral.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick every mineral of the project, including the primary one."),
    )
    primary_mineral = forms.ModelChoiceField(
        label=_("Primary mineral"),
        queryset=Mineral.objects.none(),
        help_text=_("The main mineral; tick it among the minerals too."),
    )
    region = forms.ModelChoiceField(
        label=_("Province or territory"), queryset=Region.objects.none()
    )
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=Region.objects.none(),
        required=False,
        help_text=_("Optional. It must lie in the chosen province or territory."),
    )
    latitude = forms.FloatField(
        label=_("Latitude"),
        min_value=PAKISTAN_LATITUDE[0],
        max_value=PAKISTAN_LATITUDE[1],
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )
    longitude = forms.FloatField(
        label=_("Longitude"),
        min_value=PAKISTAN_LONGITUDE[0],
        max_value=PAKISTAN_LONGITUDE[1],
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )
    contact_official = OfficialChoiceField(
        label=_("Contact official"),
        queryset=User.objects.none(),
        help_text=_("An official of your agency whom investors may contact about the project."),
    )
    bid_opens_at = forms.DateTimeField(
        label=_("Bids open at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL_FORMAT),
    )
    bid_closes_at = forms.DateTimeField(
        label=_("Bids close at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL_FORMAT),
    )

    class Meta:
        model = Project
        fields = (*EDITABLE_FIELDS, "minerals")
        widgets = {
            **{
                f"{name}{suffix}": forms.Textarea(attrs={"rows": rows, **attrs})
                for name, rows in (
                    ("summary", 3),
                    ("description", 8),
                    ("training_commitment", 3),
                )
                for suffix, attrs in (
                    ("", ENGLISH_TEXT),
                    ("_zh", {"lang": "zh-Hans"}),
                    ("_ur", {"lang": "ur", "dir": "rtl"}),
                )
            },
            **{
                f"{name}{suffix}": forms.TextInput(attrs=attrs)
                for name in (
                    "title",
                    "estimated_reserves",
                    "grade",
                    "special_economic_zone",
                    "corridor",
                )
                for suffix, attrs in (
                    ("", ENGLISH_TEXT),
                    ("_zh", {"lang": "zh-Hans"}),
                    ("_ur", {"lang": "ur", "dir": "rtl"}),
                )
            },
            "investment_usd": forms.NumberInput(attrs={"inputmode": "numeric", "min": 1}),
            "area_km2": forms.NumberInput(attrs={"step": "0.01", "min": "0.01"}),
        }
        help_texts = {
            "title": _("A short, specific name, e.g. “Saindak copper-gold mine expansion”."),
            "summary": _("One or two sentences shown in lists and search results."),
            "description": _(
                "Geology, existing studies, infrastructure and what is expected of the investor."
            ),
            "estimated_reserves": _("For example “412 million tonnes”."),
            "grade": _("For example “0.5% Cu, 0.2 g/t Au”."),
            "area_km2": _("In square kilometres."),
            "investment_usd": _("In US dollars, digits only (e.g. 250000000)."),
            "distance_to_gwadar_km": _("By road, in kilometres."),
            "expected_jobs": _("Direct jobs for local people."),
        }

    def __init__(self, data=None, *, user: User, instance: Project | None = None, **kwargs):
        self.user = user
        super().__init__(data, instance=instance, **kwargs)
        self.criteria_errors: list[str] = []
        self._setup_choices()
        self._setup_help_texts()
        # Checkboxes, not a text box: Bootstrap's check style on each one.
        self.fields["minerals"].widget.attrs["class"] = "form-check-input"
        self.criteria = criteria_formset(data, initial=self._initial_criteria())

    # -- Choices, labels and help ---------------------------------------------------------------

    def _setup_choices(self) -> None:
        minerals = sorted(Mineral.objects.all(), key=lambda m: m.localized_name.casefold())
        self.mineral_categories = {m.pk: m.get_category_display() for m in minerals}
        self.fields["minerals"].queryset = Mineral.objects.all()
        self.fields["minerals"].choices = [(m.pk, m.localized_name) for m in minerals]
        self.fields["primary_mineral"].queryset = Mineral.objects.all()
        by_category: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for mineral in minerals:
            by_category[mineral.get_category_display()].append((mineral.pk, mineral.localized_name))
        self.fields["primary_mineral"].choices = [
            ("", "---------"),
            *sorted(by_category.items()),
        ]

        regions = list(Region.objects.filter(parent__isnull=True).order_by("kind", "name"))
        self.fields["region"].queryset = Region.objects.filter(parent__isnull=True)
        self.fields["region"].choices = [
            ("", "---------"),
            *((region.pk, region.localized_name) for region in regions),
        ]
        districts = Region.objects.filter(kind=Region.Kind.DISTRICT)
        grouped: dict[int, list[tuple[int, str]]] = defaultdict(list)
        for district in sorted(districts, key=lambda d: d.localized_name.casefold()):
            grouped[district.parent_id].append((district.pk, district.localized_name))
        self.fields["district"].queryset = Region.objects.filter(kind=Region.Kind.DISTRICT)
        self.fields["district"].choices = [
            ("", "---------"),
            *(
                (region.localized_name, grouped[region.pk])
                for region in regions
                if grouped[region.pk]
            ),
        ]

        agency_id = self.instance.agency_id if self.instance.pk else self.user.agency_id
        self.fields["contact_official"].queryset = User.objects.filter(
            role=User.Role.OFFICIAL, agency_id=agency_id, is_active=True
        ).order_by("first_name", "last_name", "username")
        if not self.instance.pk:
            self.fields["contact_official"].initial = self.user.pk

    def _setup_help_texts(self) -> None:
        zone = settings.TIME_ZONE
        offset = timezone.localtime().strftime("%z")
        offset = f"{offset[:3]}:{offset[3:]}" if len(offset) == 5 else offset
        in_zone = gettext("Date and time in %(zone)s (UTC%(offset)s).") % {
            "zone": zone,
            "offset": offset,
        }
        self.fields["bid_opens_at"].help_text = in_zone
        self.fields["bid_closes_at"].help_text = "{} {}".format(
            in_zone, gettext("At least 7 days after publication, and after the opening.")
        )
        self.fields["latitude"].help_text = gettext(
            "Decimal degrees north; Pakistan lies between %(min)s and %(max)s."
        ) % {"min": PAKISTAN_LATITUDE[0], "max": PAKISTAN_LATITUDE[1]}
        self.fields["longitude"].help_text = gettext(
            "Decimal degrees east; Pakistan lies between %(min)s and %(max)s."
        ) % {"min": PAKISTAN_LONGITUDE[0], "max": PAKISTAN_LONGITUDE[1]}
        outside = {
            "latitude": gettext("Pakistan lies between latitudes %(min)s and %(max)s.")
            % {"min": PAKISTAN_LATITUDE[0], "max": PAKISTAN_LATITUDE[1]},
            "longitude": gettext("Pakistan lies between longitudes %(min)s and %(max)s.")
            % {"min": PAKISTAN_LONGITUDE[0], "max": PAKISTAN_LONGITUDE[1]},
        }
        for name, message in outside.items():
            self.fields[name].error_messages["min_value"] = message
            self.fields[name].error_messages["max_value"] = message

    def _initial_criteria(self) -> list[dict]:
        if self.instance.pk:
            return criteria_initial(self.instance)
        return suggested_criteria()

    # -- Validation ---------------------------------------------------------------------------

    def is_valid(self) -> bool:
        """Every problem at once: the fields, the criteria rows and the service's rules across
        fields (judged on whatever could be read), so nobody fixes one error per submit."""
        project_valid = super().is_valid()
        criteria_valid = self.criteria.is_valid()
        rules_valid = self._check_rules_across_fields(criteria_valid)
        return project_valid and criteria_valid and rules_valid

    def _check_rules_across_fields(self, criteria_valid: bool) -> bool:
        if not hasattr(self, "_rule_errors"):
            cleaned = self.cleaned_data
            agency_id = self.instance.agency_id if self.instance.pk else self.user.agency_id
            self._rule_errors = services.project_rule_errors(
                agency_id=agency_id,
                values={name: cleaned[name] for name in EDITABLE_FIELDS if name in cleaned},
                minerals=list(cleaned["minerals"]) if "minerals" in cleaned else None,
                criteria=self.criteria.criteria() if criteria_valid else None,
            )
            if self._rule_errors:
                self.add_domain_error(ValidationError(self._rule_errors))
        return not self._rule_errors

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            cleaned[name] = _normalize_newlines(value)
        return cleaned

    def _keep_unchanged_time(self, name: str):
        """The input shows minutes only: an untouched time keeps its stored seconds, so it is
        not seen as moved (an amendment may not bring the closing time forward)."""
        value = self.cleaned_data.get(name)
        stored = getattr(self.instance, name, None) if self.instance.pk else None
        if value and stored:
            shown = timezone.localtime(stored).replace(second=0, microsecond=0)
            if timezone.localtime(value) == shown:
                return stored
        return value

    def clean_bid_opens_at(self):
        return self._keep_unchanged_time("bid_opens_at")

    def clean_bid_closes_at(self):
        return self._keep_unchanged_time("bid_closes_at")

    def _get_validation_exclusions(self):
        # Bids closing after they open is the service's rule, reported beside the closing
        # time; the model's constraint would report it again at the top without a field.
        return super()._get_validation_exclusions() | {"bid_closes_at"}

    def add_domain_error(self, error: ValidationError) -> None:
        """Show a service's DomainError beside the fields it names."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for name, errors in error.error_dict.items():
            if name in self.fields:
                self.add_error(name, errors)
            elif name == "evaluation_criteria":
                self.criteria_errors.extend(message for e in errors for message in e.messages)
            else:
                self.add_error(None, errors)

    # -- What the service receives ------------------------------------------------------------

    def service_values(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data[name]
            for name in EDITABLE_FIELDS
            if name in self.cleaned_data and not self.fields[name].disabled
        }

    def service_minerals(self) -> list[Mineral]:
        return list(self.cleaned_data["minerals"])

    def service_criteria(self) -> list[Criterion]:
        return self.criteria.criteria()

    # -- Rendering ----------------------------------------------------------------------------

    def sections(self) -> list[FormSection]:
        result = []
        for title, intro, names in SECTIONS:
            section = FormSection(title=str(title), intro=str(intro))
            for name in names:
                if name == "minerals":
                    section.has_minerals = True
                    continue
                if name == "translated_text":
                    section.languages = self.language_groups()
                    continue
                column = "col-md-6" if name in HALF_WIDTH else "col-12"
                section.fields.append((self[name], column))
            section.has_criteria = "bid_closes_at" in names
            result.append(section)
        return result

    def language_groups(self) -> list[LanguageGroup]:
        """The visitor-facing text, one group (a tab) per language, each counting its errors
        so that a tab hiding a problem says so."""
        groups = []
        for suffix, code, label in TEXT_LANGUAGES:
            group = LanguageGroup(code=code, label=str(label), endonym=LANGUAGE_ENDONYMS[code])
            for name in TRANSLATED_TEXT_FIELDS:
                bound = self[f"{name}_{suffix}" if suffix else name]
                column = "col-md-6" if bound.name in HALF_WIDTH else "col-12"
                group.fields.append((bound, column))
                group.error_count += len(bound.errors)
            groups.append(group)
        return groups

    def mineral_groups(self) -> list[tuple[str, list]]:
        """The mineral checkboxes grouped by category, for a compact fieldset."""
        groups: dict[str, list] = defaultdict(list)
        for checkbox in self["minerals"]:
            groups[self.mineral_categories.get(checkbox.data["value"], "")].append(checkbox)
        return sorted(groups.items())

    def error_summary(self) -> list[dict[str, str]]:
        """Every problem, listed at the top of the page with a link to its field."""
        items = [
            {"label": "", "message": message, "anchor": ""} for message in self.non_field_errors()
        ]
        for name in self.fields:
            for message in self.errors.get(name, []):
                bound = self[name]
                anchor = f"{bound.auto_id}_0" if name == "minerals" else bound.auto_id
                items.append({"label": str(bound.label), "message": message, "anchor": anchor})
        criteria_label = gettext("Evaluation criteria")
        for message in [*self.criteria.non_form_errors(), *self.criteria_errors]:
            items.append({"label": criteria_label, "message": message, "anchor": "criteria"})
        for index, row in enumerate(self.criteria.forms, start=1):
            for name, messages in row.errors.items():
                if name == NON_FIELD_ERRORS:
                    continue
                label = gettext("Criterion %(number)s") % {"number": index}
                for message in messages:
                    items.append({"label": label, "message": message, "anchor": row[name].auto_id})
        return items


class ProjectAmendForm(ProjectForm):
    """A published project changes openly: the same fields, a reason, and a fixed opening."""

    reason = forms.CharField(
        label=_("Reason for the amendment"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, **ENGLISH_TEXT}),
        help_text=_("Shown on the project page beside what changed, so bidders know why."),
        error_messages={"required": _("Say why the project is amended.")},
    )

    reason_zh = forms.CharField(
        label=_("Reason in Chinese"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "lang": "zh-Hans"}),
    )
    reason_ur = forms.CharField(
        label=_("Reason in Urdu"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "lang": "ur", "dir": "rtl"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("reason", "reason_zh", "reason_ur"):
            self.fields[name].widget.attrs["class"] = "form-control"
        opens = self.fields["bid_opens_at"]
        opens.disabled = True
        opens.help_text = "{} {}".format(
            opens.help_text, gettext("The opening time of a published project is fixed.")
        )
        self.fields["bid_closes_at"].help_text = "{} {}".format(
            self.fields["bid_closes_at"].help_text,
            gettext("An amendment may extend the closing time, never bring it forward."),
        )

    def _initial_criteria(self) -> list[dict]:
        return criteria_initial(self.instance)

    def translated_reason_fields(self) -> list:
        return [self["reason_zh"], self["reason_ur"]]


# --- Workflow actions and the workspace --------------------------------------------------------
