"""Forms of clarifications: the question a firm asks and the answer an official gives. They
check only the shape of the input; the rules (who, when, how many) are the services'."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from emining.forms import PortalForm
from projects.models import ANSWER_MAX_LENGTH, QUESTION_MAX_LENGTH


class DomainErrorsMixin:
    def add_domain_error(self, error: ValidationError) -> None:
        """The service's message beside its field, or above the form when it names none."""
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                self.add_error(name if name in self.fields else None, errors)
        else:
            self.add_error(None, error)


class QuestionForm(DomainErrorsMixin, PortalForm):
    question = forms.CharField(
        label=_("Your question"),
        max_length=QUESTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        help_text=_(
            "Once answered, the question and its answer are public; your firm’s name is never "
            "shown. Write in English, Chinese or Urdu."
        ),
        error_messages={"required": _("Write your question.")},
    )


def _text_field(label, *, limit: int, required: bool = False, lang: str = "", help_text=""):
    attrs = {"rows": 4, "dir": "auto"}
    if lang:
        attrs["lang"] = lang
    return forms.CharField(
        label=label,
        max_length=limit,
        required=required,
        widget=forms.Textarea(attrs=attrs),
        help_text=help_text,
    )


class AnswerForm(DomainErrorsMixin, PortalForm):
    """English is required; Chinese and Urdu are shown to visitors in those languages (English
    otherwise, marked as such). The question may be translated at the same time."""

    answer = _text_field(_("Answer in English"), limit=ANSWER_MAX_LENGTH, required=True, lang="en")
    answer_zh = _text_field(
        _("Answer in Chinese"),
        limit=ANSWER_MAX_LENGTH,
        lang="zh-Hans",
        help_text=_("Optional: shown to visitors who use the portal in Chinese."),
    )
    answer_ur = _text_field(
        _("Answer in Urdu"),
        limit=ANSWER_MAX_LENGTH,
        lang="ur",
        help_text=_("Optional: shown to visitors who use the portal in Urdu."),
    )
    question_zh = _text_field(_("Question in Chinese"), limit=QUESTION_MAX_LENGTH, lang="zh-Hans")
    question_ur = _text_field(_("Question in Urdu"), limit=QUESTION_MAX_LENGTH, lang="ur")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answer"].error_messages["required"] = _("Write the answer in English.")
        for name in ("answer_ur", "question_ur"):
            self.fields[name].widget.attrs["dir"] = "rtl"

    # The language groups the answer page shows (a heading each, English first).
    LANGUAGE_GROUPS = (
        ("en", _("English"), ("answer",)),
        ("zh-Hans", _("Simplified Chinese"), ("answer_zh", "question_zh")),
        ("ur", _("Urdu"), ("answer_ur", "question_ur")),
    )

    def language_groups(self) -> list[dict]:
        return [
            {"code": code, "label": label, "fields": [self[name] for name in names]}
            for code, label, names in self.LANGUAGE_GROUPS
        ]
