"""Team pages: the members and invitations of one's own firm, and the invitation link.

Every page of a firm's team answers 404 to anyone outside that team (the firm's existence is
not confirmed to strangers); the owner's actions are refused to members by the services.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from emining.accounts import throttle
from emining.accounts.views import add_domain_errors
from emining.forms import PortalForm
from emining.request_utils import client_ip
from emining.services import DomainError
from firms import permissions, team_selectors
from firms.models import Firm, Invitation, Membership
from firms.services import team as services

# Invitations one owner may send in a row: each one is an email to an address they chose.
INVITATION_RATE = "30/hour"


class InvitationForm(PortalForm):
    email = forms.EmailField(
        label=gettext_lazy("Email address of the person to invite"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off", "dir": "ltr"}),
        help_text=gettext_lazy(
            "They get a link that works once. Inviting the same address again replaces it."
        ),
    )


def _team_firm(request: HttpRequest, pk: int) -> Firm:
    firm = team_selectors.team_firm_for(request.user, pk)
    if firm is None:
        raise Http404(_("No firm of yours has this number."))
    return firm


def _team_url(firm: Firm) -> str:
    return reverse("firms:firm-team", kwargs={"pk": firm.pk})


def _render_team(
    request: HttpRequest, firm: Firm, *, form: InvitationForm | None = None, status: int = 200
) -> HttpResponse:
    is_owner = permissions.may_manage_team(request.user, firm)
    context = {
        "firm": firm,
        "members": team_selectors.team_members(firm),
        "invitations": team_selectors.open_invitations(firm) if is_owner else (),
        "is_owner": is_owner,
        "may_leave": permissions.may_leave_firm(request.user, firm),
        "form": (form or InvitationForm()) if is_owner else None,
        "now": timezone.now(),
        "action_form": PortalForm(),
    }
    return render(request, "firms/team.html", context, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "HEAD"])
def firm_team(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_team(request, _team_firm(request, pk))


@never_cache
@login_required
@require_POST
def firm_team_invite(request: HttpRequest, pk: int) -> HttpResponse:
    firm = _team_firm(request, pk)
    if not permissions.may_manage_team(request.user, firm):
        raise PermissionDenied(_("Only the firm’s owner may change its team."))
    form = InvitationForm(request.POST)
    if form.is_valid():
        wait = throttle.hit(scope="firm-invite", ident=str(request.user.pk), rate=INVITATION_RATE)
        if wait is not None:
            return throttle.too_many_requests(request, wait)
        try:
            issued = services.invite_member(
                firm, by=request.user, email=form.cleaned_data["email"], language=get_language()
            )
        except DomainError as error:
            add_domain_errors(form, error)
        else:
            messages.success(
                request,
                _("Invitation sent to %(email)s. The link works for %(days)s days.")
                % {
                    "email": issued.invitation.email,
                    "days": settings.FIRM_INVITATION_TTL.days,
                },
            )
            return redirect(_team_url(firm))
    return _render_team(request, firm, form=form, status=400)


@never_cache
@login_required
@require_POST
def invitation_withdraw(request: HttpRequest, pk: int, invitation_pk: int) -> HttpResponse:
    firm = _team_firm(request, pk)
    if not permissions.may_manage_team(request.user, firm):
        raise Http404(_("No such invitation."))  # members do not see invitations at all
    invitation = Invitation.objects.filter(firm=firm, pk=invitation_pk).first()
    if invitation is None:
        raise Http404(_("No such invitation."))
    invitation.firm = firm
    try:
        services.withdraw_invitation(invitation, by=request.user)
    except DomainError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("The invitation to %(email)s is withdrawn; its link no longer works.")
            % {"email": invitation.email},
        )
    return redirect(_team_url(firm))


def _team_membership(firm: Firm, membership_pk: int) -> Membership:
    membership = (
        Membership.objects.select_related("user").filter(firm=firm, pk=membership_pk).first()
    )
    if membership is None:
        raise Http404(_("This person is not in your team."))
    return membership


def _confirm(
    request: HttpRequest,
    firm: Firm,
    *,
    title: str,
    explanation: str,
    button: str,
    danger: bool,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    context = {
        "firm": firm,
        "title": title,
        "explanation": explanation,
        "button": button,
        "danger": danger,
        "error": error,
        "form": PortalForm(),
    }
    return render(request, "firms/team_confirm.html", context, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def firm_member_remove(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    firm = _team_firm(request, pk)
    membership = _team_membership(firm, membership_pk)
    if not permissions.may_manage_team(request.user, firm):
        raise PermissionDenied(_("Only the firm’s owner may change its team."))
    page = {
        "title": _("Remove %(name)s from the team") % {"name": membership.user},
        "explanation": _(
            "%(name)s will no longer act for %(firm)s: no bids, no clarifications, no access "
            "to the firm’s documents. You can invite them again later."
        )
        % {"name": membership.user, "firm": firm.localized_name},
        "button": _("Remove from the team"),
        "danger": True,
    }
    if request.method == "POST":
        try:
            services.remove_member(firm, by=request.user, user=membership.user)
        except DomainError as error:
            return _confirm(request, firm, **page, error=error.messages[0], status=400)
        messages.success(
            request, _("%(name)s was removed from the team.") % {"name": membership.user}
        )
        return redirect(_team_url(firm))
    return _confirm(request, firm, **page)


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def firm_ownership_transfer(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    firm = _team_firm(request, pk)
    membership = _team_membership(firm, membership_pk)
    if not permissions.may_manage_team(request.user, firm):
        raise PermissionDenied(_("Only the firm’s owner may change its team."))
    page = {
        "title": _("Hand ownership to %(name)s") % {"name": membership.user},
        "explanation": _(
            "%(name)s becomes the owner of %(firm)s: they invite and remove members and may "
            "hand the firm on. You stay in the team as a member and cannot undo this yourself."
        )
        % {"name": membership.user, "firm": firm.localized_name},
        "button": _("Hand over ownership"),
        "danger": True,
    }
    if request.method == "POST":
        try:
            services.transfer_ownership(firm, by=request.user, to=membership.user)
        except DomainError as error:
            return _confirm(request, firm, **page, error=error.messages[0], status=400)
        messages.success(request, _("%(name)s now owns the firm.") % {"name": membership.user})
        return redirect(_team_url(firm))
    return _confirm(request, firm, **page)


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def firm_leave(request: HttpRequest, pk: int) -> HttpResponse:
    firm = _team_firm(request, pk)
    page = {
        "title": _("Leave %(firm)s") % {"firm": firm.localized_name},
        "explanation": _(
            "You will no longer act for this firm. To join it again you need a new invitation "
            "from its owner."
        ),
        "button": _("Leave the firm"),
        "danger": True,
    }
    if request.method == "POST":
        try:
            services.leave_firm(firm, by=request.user)
        except DomainError as error:
            return _confirm(request, firm, **page, error=error.messages[0], status=400)
        messages.success(request, _("You left %(firm)s.") % {"firm": firm.localized_name})
        return redirect("home")
    return _confirm(request, firm, **page)


# --- The invitation link -----------------------------------------------------------------------


def _invitation_gone(request: HttpRequest, error: DomainError) -> HttpResponse:
    status = 404 if error.code == services.UNKNOWN else 410
    return render(
        request, "firms/invitation_invalid.html", {"message": error.messages[0]}, status=status
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """Shows whose invitation it is and asks to confirm. Signed out: sign in or sign up, then
    come back here (`next`)."""
    invitation = services.invitation_for_token(token)
    problem = services.invitation_problem(invitation)
    if problem is not None:
        return _invitation_gone(request, problem)
    context = {"invitation": invitation, "firm": invitation.firm, "form": PortalForm()}
    if not request.user.is_authenticated:
        if request.method == "POST":
            return redirect(f"{reverse('login')}?next={request.path}")
        return render(request, "firms/invitation_accept.html", context)
    if request.method == "POST":
        try:
            membership = services.accept_invitation(
                token, user=request.user, ip_address=client_ip(request)
            )
        except DomainError as error:
            if error.code == services.UNKNOWN or error.code in services.GONE:
                return _invitation_gone(request, error)
            context["refusal"] = error.messages[0]
            return render(request, "firms/invitation_accept.html", context, status=400)
        messages.success(
            request,
            _("Welcome to %(firm)s’s team.") % {"firm": membership.firm.localized_name},
        )
        return redirect(_team_url(membership.firm))
    refusal = services.acceptance_problem(invitation, request.user)
    if refusal is not None:
        context["refusal"] = refusal.messages[0]
        return render(request, "firms/invitation_accept.html", context, status=400)
    return render(request, "firms/invitation_accept.html", context)
