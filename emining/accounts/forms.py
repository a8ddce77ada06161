"""The forms of sign-up and password reset. They check input; the rules live in `services`."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from emining.enqueue import enqueue_after_commit
from emining.forms import BootstrapWidgetsMixin, PortalForm
from emining.models import User

from .services import normalize_email

# The email address is also the username, which is at most 150 characters long.
EMAIL_MAX_LENGTH = User._meta.get_field("username").max_length


class SignUpForm(PortalForm):
    name = forms.CharField(
        label=_("Your full name"),
        max_length=User._meta.get_field("first_name").max_length,
        widget=forms.TextInput(attrs={"autocomplete": "name", "autofocus": True}),
    )
    email = forms.EmailField(
        label=_("Email address"),
        max_length=EMAIL_MAX_LENGTH,
        help_text=_("We send a link to this address to confirm it. You sign in with it."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "dir": "ltr"}),
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=settings.LANGUAGES,
        help_text=_("Pages and emails use it once you are signed in."),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("The same password, to be sure it was typed as meant."),
    )

    error_messages = {"password_mismatch": _("The two passwords differ.")}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("preferred_language", _current_language())
        super().__init__(*args, **kwargs)

    def clean_email(self) -> str:
        return normalize_email(self.cleaned_data["email"])

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error(
                "password2",
                forms.ValidationError(self.error_messages["password_mismatch"], code="mismatch"),
            )
        elif second:
            # Compared with what the user typed: a password like their name is refused.
            candidate = User(
                username=cleaned.get("email", ""),
                email=cleaned.get("email", ""),
                first_name=cleaned.get("name", ""),
            )
            try:
                password_validation.validate_password(second, candidate)
            except forms.ValidationError as error:
                self.add_error("password2", error)
        return cleaned


def _current_language() -> str:
    language = get_language() or settings.LANGUAGE_CODE
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class PortalPasswordResetForm(BootstrapWidgetsMixin, PasswordResetForm):
    """Django's form, but the email leaves through a Celery task after commit, in the user's
    language, with a link to `SITE_URL` (never to the request's Host header)."""

    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True, "dir": "ltr"}),
    )

    def save(self, *args, **kwargs) -> None:
        from emining import tasks

        language = _current_language()
        # Same work whatever the answer: one query; the sending happens in a worker.
        for user in self.get_users(self.cleaned_data["email"]):
            enqueue_after_commit(tasks.send_password_reset, user.pk, language)


class PortalSetPasswordForm(BootstrapWidgetsMixin, SetPasswordForm):
    pass
