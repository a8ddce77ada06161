"""A firm's own pages: register it, see its state ("my firm"), change its entry, submit it
for verification. Each asks `firms.permissions` and acts through `firms.services`."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from emining.permissions import is_firm_member
from emining.services import DomainError
from firms import permissions, selectors, services
from firms.forms import FirmForm
from firms.models import Firm

from .common import add_errors, denied, private


def member_required(view: Callable) -> Callable:
    """Company accounts only: anonymous visitors sign in first; others are told why (403).
    The view receives the user's firm, or None if they have none yet."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_firm_member(request.user):
            return denied(
                request,
                _(
                    "These pages are for company accounts. Government officials verify "
                    "firms from the verification queue."
                ),
            )
        try:
            response = view(request, permissions.firm_of(request.user), *args, **kwargs)
        except PermissionDenied as exc:
            response = denied(request, str(exc) or _("You may not change this firm."))
        return private(response)

    return wrapped


@require_http_methods(["GET", "HEAD", "POST"])
@member_required
def firm_register(request: HttpRequest, firm: Firm | None) -> HttpResponse:
    if firm is not None:
        messages.info(request, _("You already belong to a firm: here it is."))
        return redirect("firms:firm-mine")
    form = FirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            firm = services.register_firm(by=request.user, **form.service_arguments())
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "“%(name)s” is registered as a draft. Upload its verification documents, "
                    "then submit it for verification."
                )
                % {"name": firm.name},
            )
            return redirect("firms:firm-mine")
    status = 400 if form.is_bound else 200
    return render(request, "firms/firm_form.html", {"form": form, "firm": None}, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@member_required
def firm_edit(request: HttpRequest, firm: Firm | None) -> HttpResponse:
    if firm is None:
        return redirect("firms:firm-register")
    firm = selectors.firm_for_user(request.user, firm.pk)
    form = FirmForm(request.POST if request.method == "POST" else None)
    if request.method != "POST":
        form = FirmForm(initial=FirmForm.initial_for(firm))
    elif form.is_valid():
        was_verified = firm.is_verified
        try:
            services.update_firm(firm, by=request.user, **form.service_arguments())
        except DomainError as exc:
            add_errors(form, exc)
        else:
            if was_verified and not firm.is_verified:
                messages.warning(
                    request,
                    _(
                        "The firm’s legal name, country or registration number changed, so "
                        "it waits for verification again. Until an official verifies it, it "
                        "is not listed in the directory and cannot bid."
                    ),
                )
            else:
                messages.success(request, _("The firm’s entry was saved."))
            return redirect("firms:firm-mine")
    status = 400 if form.is_bound else 200
    return render(request, "firms/firm_form.html", {"form": form, "firm": firm}, status=status)


@require_http_methods(["GET", "HEAD"])
@member_required
def firm_mine(request: HttpRequest, firm: Firm | None) -> HttpResponse:
    if firm is None:
        return redirect("firms:firm-register")
    firm = selectors.firm_for_user(request.user, firm.pk)
    context = {
        "firm": firm,
        "documents": selectors.firm_documents(firm),
        "submission_problem": services.submission_problem(request.user, firm),
        "may_submit": firm.verification_status
        in (Firm.VerificationStatus.DRAFT, Firm.VerificationStatus.REJECTED),
        "team_url": reverse("firms:firm-team", kwargs={"pk": firm.pk}),
        "membership": permissions.membership_of(request.user),
    }
    return render(request, "firms/firm_mine.html", context)


@require_POST
@member_required
def firm_submit(request: HttpRequest, firm: Firm | None) -> HttpResponse:
    if firm is None:
        return redirect("firms:firm-register")
    try:
        services.submit_for_verification(firm, by=request.user)
    except DomainError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _(
                "“%(name)s” was submitted for verification. An official will check its "
                "documents; you will see the decision here."
            )
            % {"name": firm.name},
        )
    return redirect("firms:firm-mine")
