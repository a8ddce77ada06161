"""Clarifications on a project's page: members of verified firms ask, the owning agency's
officials answer, the asking firm may withdraw a question still waiting.

The project page shows the section (`clarification_section`); the forms post here. A form
with a problem comes back on its own page with the message and what was typed. A question
the user may not see is a 404, whoever asks for it; one they see but may not answer is a 403.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from emining.i18n import language_field_suffix
from emining.services import DomainError
from projects import permissions, selectors, services
from projects.forms import AnswerForm, QuestionForm
from projects.models import Clarification, Project

from .documents import _visible_project

if TYPE_CHECKING:
    from emining.permissions import AnyUser


def _question_text(item: Clarification) -> dict:
    """The question in the visitor's language when an official translated it, else as the
    firm wrote it, marked with that language (and labelled when it is not the visitor's)."""
    suffix = language_field_suffix()
    translated = getattr(item, f"question_{suffix}", "") if suffix else ""
    if translated:
        return {"text": translated, "lang": get_language(), "foreign": False}
    written_in = item.question_language or "en"
    foreign = language_field_suffix(written_in) != suffix
    return {
        "text": item.question,
        "lang": "zh-Hans" if written_in.startswith("zh") else written_in,
        "foreign": foreign,
        "language_name": get_language_info(written_in)["name_translated"] if foreign else "",
    }


def clarification_section(
    user: AnyUser, project: Project, *, ask_form: QuestionForm | None = None
) -> dict:
    """What `projects/partials/_clarifications.html` shows to this user: one query for the
    questions (and, for firm members, the one that finds their firm); none before the project
    is published, when it can have no questions."""
    items = list(selectors.clarifications_for_project(user, project)) if project.is_public else []
    show_asker = permissions.may_see_asker(user, project)
    rows = []
    for item in items:
        item.project = project
        rows.append(
            {
                "item": item,
                "question": _question_text(item),
                "is_own": permissions.is_own_clarification(user, item),
                "may_withdraw": permissions.may_withdraw_question(user, item),
                "may_answer": show_asker and item.is_pending,
            }
        )
    closed = services.questions_closed_message(project)
    refusal = permissions.ask_refusal(user)
    answers_closed = services.answers_closed_message(project)
    return {
        "answered": [row for row in rows if row["item"].is_answered],
        # Officials: every question waiting; a firm: its own (pending or withdrawn).
        "waiting": [row for row in rows if not row["item"].is_answered],
        "show_asker": show_asker,
        "may_ask": not refusal and not closed,
        "ask_refusal": refusal if not closed else "",
        "closed_message": closed,
        "answers_closed_message": answers_closed if show_asker else "",
        "ask_form": ask_form or QuestionForm(),
        "answer_form": AnswerForm(),
    }


def _private(response: HttpResponse) -> HttpResponse:
    """Forms, pending questions and firm-specific pages: never kept by a shared cache."""
    patch_cache_control(response, private=True, no_store=True)
    return response


def _denied(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "403.html", {"message": message}, status=403)


def _clarification(request: HttpRequest, project: Project, pk: int) -> Clarification:
    clarification = selectors.clarification_for_user(request.user, project, pk)
    if clarification is None:
        raise Http404(_("This project has no such question."))
    return clarification


def _section_url(project: Project, clarification: Clarification | None = None) -> str:
    anchor = f"clarification-{clarification.pk}" if clarification else "clarifications"
    return f"{project.get_absolute_url()}#{anchor}"


@require_http_methods(["GET", "HEAD", "POST"])
def clarification_ask(request: HttpRequest, reference: str) -> HttpResponse:
    project = _visible_project(request.user, reference)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    refusal = permissions.ask_refusal(request.user)
    if refusal:
        return _denied(request, refusal)
    form = QuestionForm(request.POST if request.method == "POST" else None)
    context = {"project": project, "form": form}
    closed = services.questions_closed_message(project)
    if closed:
        context["closed_message"] = closed
        status = 400 if request.method == "POST" else 200
        return _private(render(request, "projects/clarification_ask.html", context, status=status))
    if request.method != "POST":
        return _private(render(request, "projects/clarification_ask.html", context))
    if form.is_valid():
        try:
            clarification = services.ask_question(
                project, by=request.user, question=form.cleaned_data["question"]
            )
        except PermissionDenied as exc:
            return _denied(request, str(exc))
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(
                request,
                _(
                    "Your question was sent to the owning agency. Only your firm and the "
                    "agency see it until it is answered; then everyone does, without your "
                    "firm’s name."
                ),
            )
            return redirect(_section_url(project, clarification))
    return _private(render(request, "projects/clarification_ask.html", context, status=400))


@require_http_methods(["GET", "HEAD", "POST"])
def clarification_answer(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    project = _visible_project(request.user, reference)
    clarification = _clarification(request, project, pk)
    if not permissions.may_answer_question(request.user, clarification):
        return _denied(request, _("Only officials of the owning agency may answer its questions."))
    form = AnswerForm(request.POST if request.method == "POST" else None)
    context = {
        "project": project,
        "item": clarification,
        "question": _question_text(clarification),
        "form": form,
        "closed_message": services.answers_closed_message(project),
    }
    if request.method != "POST":
        return _private(render(request, "projects/clarification_answer.html", context))
    if form.is_valid():
        try:
            services.answer_question(clarification, by=request.user, **form.cleaned_data)
        except PermissionDenied as exc:
            return _denied(request, str(exc))
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The answer is published on the project page."))
            return redirect(_section_url(project, clarification))
    return _private(render(request, "projects/clarification_answer.html", context, status=400))


@require_POST
def clarification_withdraw(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    project = _visible_project(request.user, reference)
    clarification = _clarification(request, project, pk)
    try:
        services.withdraw_question(clarification, by=request.user)
    except PermissionDenied as exc:
        return _denied(request, str(exc))
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Your question was withdrawn."))
    return redirect(_section_url(project))
