"""The lead API: `/api/v1/leads/`.

Officials list, read, record and change every lead, move it (`POST .../move/`) and log
activities (`POST .../activities/`). Members of a firm list and read the leads about their
firm, without what is internal. Partner systems holding `matchmaking.add_lead` (the
`leads:write` scope until partner keys carry scopes) may only record leads. A lead the caller
may not see is a 404. Filters are the pages' (`LeadFilter`); a bad value is a 400. All writes
go through `matchmaking.services.leads`, the same functions as the pages.
"""

from __future__ import annotations

from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.viewsets import GenericViewSet

from emining.rest.views import StrictRequestsMixin
from matchmaking import lead_selectors, permissions
from matchmaking.lead_filters import LeadFilter
from matchmaking.models import Lead
from matchmaking.services import leads as services
from projects.models import Project
from projects.permissions import projects_visible_to

from .lead_serializers import (
    ActivityInputSerializer,
    LeadActivitySerializer,
    LeadForFirmSerializer,
    LeadInputSerializer,
    LeadSerializer,
    MoveInputSerializer,
)

REFERENCE_PATTERN = r"LEAD-[0-9]{4}-[0-9]{4,}"


class LeadAccess(BasePermission):
    """Reading: officials and firm members (their firm's leads). Recording: whoever
    `may_create_lead`. Everything else: officials."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        if view.action == "create":
            return permissions.may_create_lead(user)
        if view.action in ("list", "retrieve"):
            return permissions.visible_leads_condition(user) is not None
        return permissions.may_manage_leads(user)


@extend_schema_view(
    list=extend_schema(summary="Investment leads"),
    retrieve=extend_schema(summary="One lead, by its reference"),
)
class LeadViewSet(
    StrictRequestsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    GenericViewSet,
):
    """Investment leads: filter by `stage`, `owner` (an official's id), `mineral` and `region`
    (slugs), `due_before` (a date) and `overdue`; search with `q`."""

    permission_classes = [IsAuthenticated, LeadAccess]
    filterset_class = LeadFilter
    lookup_field = "reference"
    lookup_value_regex = REFERENCE_PATTERN
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return lead_selectors.leads_for_api(self.request.user)

    def get_serializer_class(self):
        if permissions.may_see_internal_lead_details(self.request.user):
            return LeadSerializer
        return LeadForFirmSerializer

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_cache_control(response, private=True, no_store=True)
        return response

    def _lead(self) -> Lead:
        lead = (
            permissions.leads_visible_to(self.request.user)
            .filter(reference=self.kwargs["reference"])
            .first()
        )
        if lead is None:
            raise NotFound
        return lead

    def _read(self, reference: str, status_code: int = status.HTTP_200_OK) -> Response:
        lead = self.get_queryset().get(reference=reference)
        return Response(self.get_serializer(lead).data, status=status_code)

    def _input(self, request, *, partial: bool) -> LeadInputSerializer:
        projects = projects_visible_to(request.user, Project.objects.all())
        serializer = LeadInputSerializer(data=request.data, partial=partial, projects=projects)
        serializer.is_valid(raise_exception=True)
        return serializer

    @extend_schema(request=LeadInputSerializer, responses={201: LeadSerializer})
    def create(self, request, *args, **kwargs):
        """Record a lead (officials; partner systems with `matchmaking.add_lead`: the
        investor and the interest only, the lead waits for an official to take it)."""
        values = dict(self._input(request, partial=False).validated_data)
        minerals = values.pop("minerals", [])
        regions = values.pop("regions", [])
        if not permissions.may_manage_leads(request.user):
            internal = set(values) - set(services.PARTNER_FIELDS)
            if internal:
                raise PermissionDenied(
                    _("Partner systems may not set: %(fields)s.")
                    % {"fields": ", ".join(sorted(internal))}
                )
        lead = services.create_lead(
            by=request.user, values=values, minerals=minerals, regions=regions
        )
        if not permissions.may_manage_leads(request.user):
            data = {"reference": lead.reference, "stage": lead.stage}
            return Response(data, status=status.HTTP_201_CREATED)
        return self._read(lead.reference, status.HTTP_201_CREATED)

    @extend_schema(request=LeadInputSerializer, responses={200: LeadSerializer})
    def partial_update(self, request, *args, **kwargs):
        lead = self._lead()
        values = dict(self._input(request, partial=True).validated_data)
        minerals = values.pop("minerals", None)
        regions = values.pop("regions", None)
        services.update_lead(
            lead, by=request.user, values=values, minerals=minerals, regions=regions
        )
        return self._read(lead.reference)

    @extend_schema(request=MoveInputSerializer, responses={200: LeadSerializer})
    @action(detail=True, methods=["post"])
    def move(self, request, *args, **kwargs):
        """Move the lead forward or mark it lost (with a `reason`)."""
        lead = self._lead()
        serializer = MoveInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.move_lead(lead, by=request.user, **serializer.validated_data)
        return self._read(lead.reference)

    @extend_schema(request=ActivityInputSerializer, responses={201: LeadActivitySerializer})
    @action(detail=True, methods=["post"])
    def activities(self, request, *args, **kwargs):
        """Log a note, call, meeting or email."""
        lead = self._lead()
        serializer = ActivityInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        activity = services.add_activity(lead, by=request.user, **serializer.validated_data)
        return Response(LeadActivitySerializer(activity).data, status=status.HTTP_201_CREATED)
