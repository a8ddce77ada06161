"""The clarifications API: questions and answers on a project.

- `GET /api/v1/projects/{reference}/clarifications/`: the answered questions (everyone), plus
  the caller's firm's own questions, or every question for the owning agency's officials.
- `POST` on the same address: a member of a verified firm asks.
- `GET /api/v1/clarifications/{id}/`, `POST .../answer/` (officials of the owning agency),
  `POST .../withdraw/` (the asking firm, while the question waits).

Visibility is `projects.permissions`' (a question the caller may not see is a 404); the writes
are `projects.services`'. Nobody but the owning agency's officials learns who asked.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.viewsets import GenericViewSet

from emining.rest.pagination import PortalPagination
from emining.rest.views import StrictRequestsMixin
from projects import permissions, selectors, services
from projects.models import ANSWER_MAX_LENGTH, QUESTION_MAX_LENGTH, Clarification, Project

from .views import REFERENCE_PATTERN

# --- Serializers ---------------------------------------------------------------------------------


class AskingFirmSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    country = serializers.CharField()


class ClarificationSerializer(serializers.ModelSerializer):
    """A question as the caller may see it. `asking_firm` is filled in for the owning
    agency's officials only; for everyone else it is null."""

    project = serializers.SerializerMethodField()
    asked_by_your_firm = serializers.SerializerMethodField()
    asking_firm = serializers.SerializerMethodField()

    class Meta:
        model = Clarification
        fields = [
            "id",
            "project",
            "status",
            "question",
            "question_language",
            "question_zh",
            "question_ur",
            "asked_at",
            "answer",
            "answer_zh",
            "answer_ur",
            "answered_at",
            "asked_by_your_firm",
            "asking_firm",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_project(self, item: Clarification) -> str:
        return item.project.reference

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_asked_by_your_firm(self, item: Clarification) -> bool:
        return permissions.is_own_clarification(self.context["request"].user, item)

    @extend_schema_field(AskingFirmSerializer(allow_null=True))
    def get_asking_firm(self, item: Clarification) -> dict | None:
        if not permissions.may_see_asker(self.context["request"].user, item.project):
            return None
        firm = item.asking_firm
        return {"id": firm.pk, "name": firm.name, "country": firm.country}


class QuestionInputSerializer(serializers.Serializer):
    question = serializers.CharField(max_length=QUESTION_MAX_LENGTH)


class AnswerInputSerializer(serializers.Serializer):
    answer = serializers.CharField(max_length=ANSWER_MAX_LENGTH)
    answer_zh = serializers.CharField(
        max_length=ANSWER_MAX_LENGTH, required=False, allow_blank=True, default=""
    )
    answer_ur = serializers.CharField(
        max_length=ANSWER_MAX_LENGTH, required=False, allow_blank=True, default=""
    )
    question_zh = serializers.CharField(
        max_length=QUESTION_MAX_LENGTH, required=False, allow_blank=True, default=""
    )
    question_ur = serializers.CharField(
        max_length=QUESTION_MAX_LENGTH, required=False, allow_blank=True, default=""
    )


# --- Views ---------------------------------------------------------------------------------------

REFERENCE_PARAMETER = OpenApiParameter(
    "reference",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description="The project's reference, such as PMP-2026-0001.",
    pattern=f"^{REFERENCE_PATTERN}$",
)
NOT_VISIBLE = OpenApiResponse(description=_("No such project or question, or not visible to you."))


def _project(user, reference: str) -> Project:
    project = (
        permissions.projects_visible_to(user)
        .select_related("agency")
        .defer("search_vector")
        .filter(reference=reference)
        .first()
    )
    if project is None:
        raise NotFound
    return project


class ProjectClarificationViewSet(StrictRequestsMixin, GenericViewSet):
    """The questions of one project: read what you may see; members of verified firms ask."""

    serializer_class = ClarificationSerializer
    pagination_class = PortalPagination
    queryset = Clarification.objects.none()  # the real one depends on the project and caller

    @extend_schema(
        parameters=[REFERENCE_PARAMETER],
        responses={200: ClarificationSerializer(many=True), 404: NOT_VISIBLE},
    )
    def list(self, request, reference: str):
        """Answered questions (without who asked), oldest first; your firm's own questions
        too; every question, with the asking firm, for the owning agency's officials."""
        project = _project(request.user, reference)
        rows = self.paginate_queryset(selectors.clarifications_for_project(request.user, project))
        for item in rows:
            item.project = project
        data = self.get_serializer(rows, many=True).data
        response = self.get_paginated_response(data)
        if not request.user.is_authenticated:
            return response
        # Pending questions are between a firm and the agency: never in a shared cache.
        response["Cache-Control"] = "private, no-store"
        return response

    @extend_schema(
        parameters=[REFERENCE_PARAMETER],
        request=QuestionInputSerializer,
        responses={201: ClarificationSerializer, 404: NOT_VISIBLE},
    )
    def create(self, request, reference: str):
        """Ask a question (members of verified firms, while the project is open for bids).
        Only your firm and the owning agency see it until it is answered."""
        project = _project(request.user, reference)
        serializer = QuestionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        item = services.ask_question(
            project, by=request.user, question=serializer.validated_data["question"]
        )
        data = self.get_serializer(item).data
        location = reverse("clarification-detail", kwargs={"pk": item.pk}, request=request)
        return Response(data, status=status.HTTP_201_CREATED, headers={"Location": location})


class ClarificationViewSet(StrictRequestsMixin, GenericViewSet):
    """One question: read it if you may see it; answer it (officials of the owning agency)
    or withdraw it (the asking firm)."""

    serializer_class = ClarificationSerializer
    queryset = Clarification.objects.none()
    # Only numbers are ids: anything else is a 404 before the database is asked.
    lookup_value_regex = r"[0-9]{1,12}"

    def get_object(self) -> Clarification:
        item = (
            Clarification.objects.select_related("project__agency", "asking_firm")
            .defer("project__search_vector")
            .filter(pk=self.kwargs["pk"])
            .first()
        )
        if item is None or not permissions.may_view_clarification(self.request.user, item):
            raise NotFound
        return item

    def _answer(self, item: Clarification) -> Response:
        response = Response(self.get_serializer(item).data)
        if not item.is_answered:
            response["Cache-Control"] = "private, no-store"
        return response

    @extend_schema(responses={200: ClarificationSerializer, 404: NOT_VISIBLE})
    def retrieve(self, request, pk=None):
        """One question you may see."""
        return self._answer(self.get_object())

    @extend_schema(request=AnswerInputSerializer, responses={200: ClarificationSerializer})
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        """Answer a waiting question (officials of the owning agency; until the award). The
        English answer is required; Chinese and Urdu versions, and translations of the
        question, are optional. The question and answer are then public."""
        item = self.get_object()
        if not permissions.may_answer_question(request.user, item):
            raise PermissionDenied(
                _("Only officials of the owning agency may answer its questions.")
            )
        serializer = AnswerInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.answer_question(item, by=request.user, **serializer.validated_data)
        return self._answer(item)

    @extend_schema(request=None, responses={200: ClarificationSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """Withdraw your firm's question while it waits for an answer."""
        item = self.get_object()
        services.withdraw_question(item, by=request.user)
        return self._answer(item)
