"""The officials' verification pages: the queue of firms waiting, and one decision page per
firm (its entry, its documents, its past decisions; verify, or reject with a reason)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from emining.audit import events_for
from emining.services import DomainError
from firms import permissions, selectors, services
from firms.forms import RejectionForm

from .common import add_errors, denied, page_of, private

QUEUE_PER_PAGE = 25
DECISION_EVENTS = ("firm.submitted", "firm.verified", "firm.rejected", "firm.updated")


def verifier_required(view: Callable) -> Callable:
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not permissions.may_verify_firms(request.user):
            return denied(request, _("Only government officials verify firms."))
        try:
            response = view(request, *args, **kwargs)
        except PermissionDenied as exc:
            response = denied(request, str(exc))
        return private(response)

    return wrapped


@require_safe
@verifier_required
def verification_queue(request: HttpRequest) -> HttpResponse:
    page = page_of(request, selectors.verification_queue(), QUEUE_PER_PAGE)
    return render(request, "firms/verification_queue.html", {"page": page, "query": ""})


@require_http_methods(["GET", "HEAD", "POST"])
@verifier_required
def verification_decision(request: HttpRequest, pk: int) -> HttpResponse:
    firm = selectors.firm_for_user(request.user, pk)
    form = RejectionForm()
    if request.method == "POST":
        decision = request.POST.get("decision")
        if decision == "verify":
            try:
                services.verify_firm(firm, by=request.user)
            except DomainError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("“%(name)s” is verified.") % {"name": firm.name})
                return redirect("firms:verification-queue")
        elif decision == "reject":
            form = RejectionForm(request.POST)
            if form.is_valid():
                try:
                    services.reject_firm(firm, by=request.user, reason=form.cleaned_data["reason"])
                except DomainError as exc:
                    add_errors(form, exc)
                else:
                    messages.success(
                        request,
                        _("“%(name)s” was rejected; the firm sees your reason.")
                        % {"name": firm.name},
                    )
                    return redirect("firms:verification-queue")
        else:
            messages.error(request, _("Choose to verify or to reject the firm."))
    context = {
        "firm": firm,
        "form": form,
        "documents": selectors.firm_documents(firm),
        "history": events_for(firm).filter(action__in=DECISION_EVENTS)[:20],
        "may_decide": firm.verification_status == firm.VerificationStatus.PENDING,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "firms/verification_decision.html", context, status=status)
