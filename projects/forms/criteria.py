"""The evaluation-criteria table of the project form: a row per criterion and its weight."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from emining.forms import BootstrapWidgetsMixin
from projects.models import Project
from projects.services import Criterion

from .layout import ENGLISH_TEXT

# Rows of the evaluation-criteria table: at least this many are offered, blanks are ignored.
CRITERIA_ROWS = 6
MAX_CRITERIA = 20


class CriterionForm(BootstrapWidgetsMixin, forms.Form):
    name = forms.CharField(
        label=_("Criterion"),
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs=ENGLISH_TEXT),
    )
    name_zh = forms.CharField(
        label=_("Criterion in Chinese"),
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"lang": "zh-Hans"}),
    )
    name_ur = forms.CharField(
        label=_("Criterion in Urdu"),
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"lang": "ur", "dir": "rtl"}),
    )
    weight = forms.IntegerField(
        label=_("Weight (%)"),
        min_value=1,
        max_value=100,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def clean(self):
        cleaned = super().clean()
        name = (cleaned.get("name") or "").strip()
        weight = cleaned.get("weight")
        if name and weight is None and "weight" not in self.errors:
            self.add_error("weight", _("Give this criterion a weight between 1 and 100."))
        if weight is not None and not name:
            self.add_error("name", _("Name the criterion this weight belongs to."))
        cleaned["name"] = name
        for translated in ("name_zh", "name_ur"):
            cleaned[translated] = (cleaned.get(translated) or "").strip()
        if not name and (cleaned["name_zh"] or cleaned["name_ur"]) and "name" not in self.errors:
            self.add_error("name", _("Name the criterion in English too."))
        return cleaned

    @property
    def is_blank(self) -> bool:
        data = self.cleaned_data
        return not any(data.get(name) for name in ("name", "name_zh", "name_ur")) and (
            data.get("weight") is None
        )


class BaseCriterionFormSet(forms.BaseFormSet):
    def criteria(self) -> list[Criterion]:
        """The filled-in rows, in order (call after `is_valid()`)."""
        return [
            Criterion(
                name=form.cleaned_data["name"],
                weight=form.cleaned_data["weight"],
                name_zh=form.cleaned_data.get("name_zh", ""),
                name_ur=form.cleaned_data.get("name_ur", ""),
            )
            for form in self.forms
            if form.cleaned_data and not form.is_blank
        ]


def criteria_formset(data=None, *, initial: list[dict] | None = None) -> BaseCriterionFormSet:
    initial = initial or []
    formset_class = forms.formset_factory(
        CriterionForm,
        formset=BaseCriterionFormSet,
        extra=max(CRITERIA_ROWS - len(initial), 2),
        max_num=MAX_CRITERIA,
        validate_max=True,
        absolute_max=MAX_CRITERIA,
    )
    # Bound, the rows are what was sent: without `initial`, a suggested row sent back unchanged
    # still counts (Django skips unchanged extra rows as empty).
    return formset_class(data, initial=initial if data is None else None, prefix="criteria")


def criteria_initial(project: Project) -> list[dict]:
    return [
        {"name": c.name, "name_zh": c.name_zh, "name_ur": c.name_ur, "weight": c.weight}
        for c in project.evaluation_criteria.all()
    ]


def suggested_criteria() -> list[dict]:
    """A starting point for a new project; officials change or clear the rows."""
    return [
        {"name": gettext("Technical capability and experience"), "weight": 40},
        {"name": gettext("Financial offer"), "weight": 40},
        {"name": gettext("Local employment, training and processing in Pakistan"), "weight": 20},
    ]


# --- The project form --------------------------------------------------------------------------
