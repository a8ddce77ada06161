"""The officials' pages: the agency workspace, the project form (create, edit, amend) and the
workflow actions (submit, return, publish, close, open the bids, cancel; the award is recorded
on the evaluation page, `projects.views.evaluation`, since it needs the winning bid).

Every page asks `projects.permissions` who may act and calls `projects.services` to act:
a project the user may not see is a 404, one they may see but not manage a 403 (in the layout,
saying why), and a refused action comes back as a message beside the field or at the top.
"""

from __future__ import annotations

from collections.abc import Callable
from copy import copy
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import InvalidPage, Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from emining.permissions import is_official
from minerals.models import Mineral
from projects import permissions, selectors, services
from projects.forms import ActionForm, ProjectAmendForm, ProjectForm, WorkspaceFilterForm
from projects.models import AmendmentProposal, Project

from .actions import ACTIONS, Action

Status = Project.Status
PROJECTS_PER_PAGE = 25


# --- Access ------------------------------------------------------------------------------------


def _forbidden(request: HttpRequest, message: str) -> HttpResponse:
    """403 in the site layout, saying why."""
    return render(request, "403.html", {"message": message}, status=403)


def official_required(view: Callable) -> Callable:
    """Officials only: anonymous visitors sign in first; other users are refused (403)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_official(request.user):
            return _forbidden(request, _("These pages are for government officials."))
        try:
            response = view(request, *args, **kwargs)
        except PermissionDenied as exc:
            message = str(exc) or _("You may not manage this project.")
            response = _forbidden(request, message)
        # The agency's working pages (drafts among them): never kept by a shared cache.
        patch_cache_control(response, private=True, no_store=True)
        return response

    return wrapped


def _get_project_for_manager(request: HttpRequest, reference: str) -> Project:
    """The project this official manages. Not visible to them: 404 (its existence stays
    hidden); visible (public) but another agency's: 403."""
    project = (
        permissions.projects_visible_to(request.user)
        .select_related("agency", "region", "district", "primary_mineral", "submitted_by")
        .defer("search_vector")
        .prefetch_related(
            Prefetch("minerals", queryset=Mineral.objects.order_by("name")),
            "evaluation_criteria",
        )
        .filter(reference=reference)
        .first()
    )
    if project is None:
        raise Http404(_("No project has this reference."))
    if not permissions.may_manage_project(request.user, project):
        raise PermissionDenied(_("Only officials of the owning agency may change this project."))
    return project


# --- Workspace ---------------------------------------------------------------------------------


@official_required
def workspace(request: HttpRequest) -> HttpResponse:
    """Every project of the official's agency, whatever its status, with counts per status."""
    user = request.user
    form = WorkspaceFilterForm(request.GET)
    counts = selectors.agency_status_counts(user)
    tabs = [
        {"value": "", "label": _("All"), "count": sum(counts.values())},
        *(
            {"value": value, "label": label, "count": counts.get(value, 0)}
            for value, label in Status.choices
        ),
    ]
    context: dict[str, Any] = {"form": form, "tabs": tabs, "agency": user.agency}
    if not form.is_valid():
        context |= {"invalid": True, "page": None, "current_status": None}
        return render(request, "projects/workspace.html", context, status=400)

    status = form.cleaned_data["status"]
    queryset = selectors.agency_projects(user)
    if status:
        queryset = queryset.filter(status=status)
    paginator = Paginator(queryset, PROJECTS_PER_PAGE)
    # The status counts already say how many rows there are: no second COUNT query.
    paginator.count = counts.get(status, 0) if status else sum(counts.values())
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except InvalidPage as exc:
        raise Http404(_("That page does not exist.")) from exc
    query = f"status={status}" if status else ""
    context |= {
        "page": page,
        "query": query,
        "current_status": status,
        "pending_amendments": list(selectors.agency_pending_amendments(user)),
        "pending_clarifications": selectors.agency_pending_clarifications(user),
    }
    return render(request, "projects/workspace.html", context)


# --- Create, edit, amend -----------------------------------------------------------------------


# The forms get a copy of the project: a ModelForm writes what was typed onto its instance, and
# the page around a refused form still shows the saved project.


def _saved(request: HttpRequest, project: Project, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect(project.get_absolute_url())


def _warn_about_closing_time(request: HttpRequest, project: Project) -> None:
    """A draft is saved whatever its closing time; a time that could not be published today
    is flagged now rather than refused at submission."""
    problem = services.closing_time_problem(project.bid_closes_at)
    if problem:
        messages.warning(
            request,
            _("%(problem)s The draft was saved, but it cannot be submitted like this.")
            % {"problem": problem},
        )


@official_required
def project_create(request: HttpRequest) -> HttpResponse:
    if not permissions.may_create_project(request.user):
        raise PermissionDenied(_("Only government officials may create projects."))
    form = ProjectForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.create_project(
                by=request.user,
                values=form.service_values(),
                minerals=form.service_minerals(),
                criteria=form.service_criteria(),
            )
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            _warn_about_closing_time(request, project)
            return _saved(
                request,
                project,
                _(
                    "Draft %(reference)s was created. Attach documents, then submit it for "
                    "review when it is ready."
                )
                % {"reference": project.reference},
            )
    status = 400 if request.method == "POST" else 200
    return render(
        request, "projects/project_form.html", {"form": form, "project": None}, status=status
    )


@official_required
def project_edit(request: HttpRequest, reference: str) -> HttpResponse:
    project = _get_project_for_manager(request, reference)
    if project.status != Status.DRAFT:
        # Only drafts are edited in place; the page explains the way that applies.
        return render(
            request, "projects/project_form.html", {"project": project, "locked": True}, status=409
        )
    form = ProjectForm(
        request.POST if request.method == "POST" else None,
        user=request.user,
        instance=copy(project),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_draft(
                project,
                by=request.user,
                values=form.service_values(),
                minerals=form.service_minerals(),
                criteria=form.service_criteria(),
            )
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            _warn_about_closing_time(request, project)
            return _saved(
                request,
                project,
                _("Draft %(reference)s was saved.") % {"reference": project.reference},
            )
    status = 400 if request.method == "POST" else 200
    return render(
        request, "projects/project_form.html", {"form": form, "project": project}, status=status
    )


@official_required
def project_amend(request: HttpRequest, reference: str) -> HttpResponse:
    project = _get_project_for_manager(request, reference)
    if project.status != Status.PUBLISHED:
        return render(
            request,
            "projects/project_amend.html",
            {"project": project, "locked": True},
            status=409,
        )
    form = ProjectAmendForm(
        request.POST if request.method == "POST" else None,
        user=request.user,
        instance=copy(project),
    )
    if request.method == "POST" and form.is_valid():
        try:
            result = services.amend_project(
                project,
                by=request.user,
                reason=form.cleaned_data["reason"],
                reason_zh=form.cleaned_data.get("reason_zh", ""),
                reason_ur=form.cleaned_data.get("reason_ur", ""),
                values=form.service_values(),
                minerals=form.service_minerals(),
                criteria=form.service_criteria(),
            )
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            if isinstance(result, AmendmentProposal):
                return _saved(
                    request,
                    project,
                    _(
                        "The amendment to %(reference)s changes what bidders price in, so it "
                        "waits for a second official of your agency. Nothing changes on the "
                        "public page until it is approved."
                    )
                    % {"reference": project.reference},
                )
            return _saved(
                request,
                project,
                _(
                    "The amendment to %(reference)s was recorded; it is listed on the project "
                    "page with its reason."
                )
                % {"reference": project.reference},
            )
    status = 400 if request.method == "POST" else 200
    return render(
        request, "projects/project_amend.html", {"form": form, "project": project}, status=status
    )


# --- Workflow actions (the table: projects/views/actions.py) ---------------------------------


def _action_form(action: Action, data=None) -> ActionForm:
    return ActionForm(
        data,
        reason_label=action.reason_label,
        reason_required_message=action.reason_required,
        note=action.note,
    )


@official_required
def project_transition(request: HttpRequest, reference: str, action: str) -> HttpResponse:
    """POST runs the action. GET shows a confirmation page (with the reason or note field for
    the actions that ask one); the detail page posts the simple actions directly."""
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404(_("Unknown action."))
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    project = _get_project_for_manager(request, reference)
    context: dict[str, Any] = {"project": project, "action": spec, "action_name": action}

    if spec.target is None:
        # A decision on the pending amendment: the page shows what would change.
        context["pending_amendments"] = selectors.pending_amendments(request.user, project)
    if request.method == "GET":
        if spec.target is None:
            if not context["pending_amendments"]:
                messages.error(request, _("This project has no amendment waiting for approval."))
                return redirect(project.get_absolute_url())
        elif not project.may_become(spec.target):
            messages.error(
                request,
                _("A project that is “%(current)s” cannot become “%(next)s”.")
                % {"current": project.get_status_display(), "next": Status(spec.target).label},
            )
            return redirect(project.get_absolute_url())
        context["form"] = _action_form(spec)
        return render(request, "projects/project_action_confirm.html", context)

    form = _action_form(spec, request.POST)
    if not form.is_valid():
        context["form"] = form
        return render(request, "projects/project_action_confirm.html", context, status=400)
    arguments: dict[str, Any] = {"by": request.user}
    if spec.reason_label:
        arguments["reason"] = form.cleaned_data["reason"]
    if spec.note:
        arguments["note"] = form.cleaned_data["note"]
    try:
        spec.service(project, **arguments)
    except ValidationError as error:
        if spec.reason_label and form.add_domain_error(error):
            context["form"] = form
            return render(request, "projects/project_action_confirm.html", context, status=400)
        for message in error.messages:
            messages.error(request, message)
        return redirect(project.get_absolute_url())
    messages.success(request, spec.done % {"reference": project.reference})
    return redirect(project.get_absolute_url())
