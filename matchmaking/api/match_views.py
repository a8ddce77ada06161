"""The matches API: `GET /api/v1/matches/`, read-only.

A member of a verified firm reads the firm's recommended open projects (`?project=` is not
for them); an official reads the likely investors of one project of their agency
(`?project=<reference>`, required). Each match carries its `score` (0-100), the `breakdown`
by factor (0-100 each; `settings.MATCH_WEIGHTS` weighs them) and the `reasons` in the
caller's language (`Accept-Language`).
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticated

from emining.permissions import is_official
from emining.rest.views import StrictRequestsMixin
from firms.permissions import firm_of, is_verified_firm_member
from projects.models import Project
from projects.permissions import may_manage_project

from .. import match_selectors as selectors
from ..models import ProjectMatch


class MatchSerializer(serializers.Serializer):
    project = serializers.CharField(source="match.project.reference")
    project_title = serializers.SerializerMethodField()
    firm = serializers.IntegerField(source="match.firm_id")
    firm_name = serializers.SerializerMethodField()
    score = serializers.IntegerField(source="match.score")
    breakdown = serializers.SerializerMethodField()
    reasons = serializers.SerializerMethodField()
    computed_at = serializers.DateTimeField(source="match.computed_at")

    def get_project_title(self, item) -> str:
        return item.match.project.localized_title

    def get_firm_name(self, item) -> str:
        return item.match.firm.localized_name

    def get_breakdown(self, item) -> dict[str, int]:
        return {name: getattr(item.match, name) for name in ProjectMatch.FACTORS}

    def get_reasons(self, item) -> list[str]:
        return [reason.text for reason in item.reasons]


@extend_schema(
    summary="Matches: a firm's recommended projects, or a project's likely investors",
    parameters=[
        OpenApiParameter(
            "project",
            str,
            description="Officials: the reference of a project of their agency (required).",
        )
    ],
)
class MatchListView(StrictRequestsMixin, generics.ListAPIView):
    serializer_class = MatchSerializer
    permission_classes = [IsAuthenticated]
    http_method_names = ["get", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator's call
            return ProjectMatch.objects.none()
        user = self.request.user
        reference = self.request.query_params.get("project", "")
        kept = int(settings.MATCHES_KEPT)
        if is_verified_firm_member(user):
            if reference:
                raise ValidationError({"project": [_("Firms read their own recommendations.")]})
            firm = selectors.firm_for_matching(firm_of(user).pk)
            return selectors.recommended_projects(firm, limit=kept)
        if is_official(user):
            if not reference:
                raise ValidationError({"project": [_("Give the reference of a project.")]})
            project = Project.objects.filter(reference=reference[:40]).first()
            if project is None or not may_manage_project(user, project):
                raise NotFound(_("No such project."))
            return selectors.likely_investors(project, limit=kept)
        raise PermissionDenied(_("Matches are for verified firms and officials."))
