"""Pages: sign up, confirm the email address (and ask for a new link), reset a password."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import NoReverseMatch, reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from emining.audit import record_event
from emining.forms import PortalForm
from emining.language_switch import set_language_cookie, url_in_language
from emining.request_utils import client_ip
from emining.services import DomainError

from . import services, throttle
from .forms import PortalPasswordResetForm, PortalSetPasswordForm, SignUpForm

# Where a new account goes next when it came with no `next`: registering its firm (the firms
# app names it; the core imports no domain app, so it is only named here).
FIRM_REGISTRATION_PAGE = "firms:firm-register"
SIGN_IN_BACKEND = "emining.auth_backends.UsernameOrEmailBackend"


def safe_next(request: HttpRequest) -> str:
    """The `next` page asked for, if it is one of ours; else ''."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate.startswith("/") and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


def _after_sign_up_url() -> str:
    try:
        return reverse(FIRM_REGISTRATION_PAGE)
    except NoReverseMatch:
        return resolve_url("home")


def add_domain_errors(form, error: DomainError) -> None:
    """A service's refusal onto the form: by field where it names one, else on the form."""
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error)


@sensitive_post_parameters("password1", "password2")
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    next_url = safe_next(request)
    if request.user.is_authenticated:
        return redirect(next_url or "home")
    if request.method != "POST":
        initial = {"email": request.GET.get("email", "")[:150]}
        form = SignUpForm(initial=initial)
        return render(request, "registration/signup.html", {"form": form, "next": next_url})
    wait = throttle.hit(scope="sign-up", ident=client_ip(request) or "", rate=settings.SIGN_UP_RATE)
    if wait is not None:
        return throttle.too_many_requests(request, wait)
    form = SignUpForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            user = services.sign_up(
                name=data["name"],
                email=data["email"],
                password=data["password1"],
                language=data["preferred_language"],
                ip_address=client_ip(request),
            )
        except DomainError as error:
            add_domain_errors(form, error)
        else:
            login(request, user, backend=SIGN_IN_BACKEND)
            messages.success(
                request,
                _(
                    "Welcome! Your account is ready. We sent a link to %(email)s: follow it to "
                    "confirm your address."
                )
                % {"email": user.email},
            )
            language = user.preferred_language
            response = redirect(url_in_language(next_url or _after_sign_up_url(), language))
            set_language_cookie(response, language)
            return response
    return render(request, "registration/signup.html", {"form": form, "next": next_url}, status=400)


@never_cache
@login_required
@require_safe
def signup_done(request: HttpRequest) -> HttpResponse:
    """The account's email address: confirmed or not, with a button for a new link."""
    return render(request, "registration/signup_done.html", {"resend_form": PortalForm()})


@never_cache
@require_safe
def email_confirm(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    # Following the link confirms (a GET): the link proves the mailbox received it, which is
    # all there is to prove, and a mail scanner that opens it first proves the same.
    try:
        user = services.confirm_email(uidb64=uidb64, token=token, ip_address=client_ip(request))
    except DomainError as error:
        return render(
            request,
            "registration/email_confirm_invalid.html",
            {"message": error.messages[0], "resend_form": PortalForm()},
            status=400,
        )
    if request.user.is_authenticated and request.user.pk == user.pk:
        request.user.email_confirmed_at = user.email_confirmed_at
    return render(request, "registration/email_confirmed.html", {"confirmed_user": user})


@never_cache
@login_required
@require_POST
def email_confirm_resend(request: HttpRequest) -> HttpResponse:
    wait = throttle.hit(
        scope="confirmation-resend", ident=str(request.user.pk), rate=settings.EMAIL_RESEND_RATE
    )
    if wait is not None:
        return throttle.too_many_requests(request, wait)
    try:
        services.request_email_confirmation(request.user)
    except DomainError as error:
        messages.info(request, error.messages[0])
    else:
        messages.success(
            request,
            _("We sent a new confirmation link to %(email)s.") % {"email": request.user.email},
        )
    return redirect("signup-done")


# --- Password reset: Django's views in the site layout, throttled and in the user's language ---


@method_decorator(never_cache, name="dispatch")
class PortalPasswordResetView(auth_views.PasswordResetView):
    form_class = PortalPasswordResetForm

    def post(self, request, *args, **kwargs):
        wait = throttle.hit(
            scope="password-reset",
            ident=client_ip(request) or "",
            rate=settings.PASSWORD_RESET_RATE,
        )
        if wait is not None:
            return throttle.too_many_requests(request, wait)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def form_valid(self, form):
        # At most EMAIL_RESEND_RATE emails to one address, however many clients ask; past it
        # the answer is the same page as always, so nothing tells whether the address exists.
        over = throttle.hit(
            scope="password-reset-address",
            ident=form.cleaned_data["email"],
            rate=settings.EMAIL_RESEND_RATE,
        )
        if over is None:
            form.save()
        return redirect(self.get_success_url())


class PortalPasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = PortalSetPasswordForm

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            user = form.user
            record_event(
                action="user.password_reset",
                actor=user,
                target=user,
                ip_address=client_ip(self.request),
            )
            # The link went to the address and came back: the address is the user's.
            services.mark_email_confirmed(
                user, via="password_reset", ip_address=client_ip(self.request)
            )
        return response
