from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

from .permissions import may_use_web_ui


class PortalFormRenderer(TemplatesSetting):
    """Renders every field with `templates/forms/field.html` (label, widget, help, errors)."""

    field_template_name = "forms/field.html"


class BootstrapWidgetsMixin:
    """Gives widgets Bootstrap's classes, so forms render consistently without per-form markup."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class PortalForm(BootstrapWidgetsMixin, forms.Form):
    """Base for the portal's forms, including the FilterSets' GET forms."""


class PortalAuthenticationForm(BootstrapWidgetsMixin, AuthenticationForm):
    """Sign in with a username or an email address; partner systems are refused (API only)."""

    username = forms.CharField(
        label=_("Username or email"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Please enter a correct username or email and password."),
        "api_only": _("Partner system accounts use the API only; they cannot sign in here."),
    }
    # Failed attempts are counted and locked out by django-axes around authenticate() (see
    # emining/sign_in_lockout.py); a locked-out client gets the lock-out page instead.

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not may_use_web_ui(user):
            raise forms.ValidationError(self.error_messages["api_only"], code="api_only")


class PortalPasswordChangeForm(BootstrapWidgetsMixin, PasswordChangeForm):
    pass
