"""The projects API: `/api/v1/projects/`.

Reads follow `permissions.projects_visible_to` (a project the caller may not see is a 404);
writes and transitions are made by officials of the owning agency through
`projects.services`, the same functions the pages call.

The list is the busiest endpoint, so it skips per-field serializers: one `values()` query
for the page (with the page's minerals in an array subquery on PostgreSQL, in one more query
elsewhere) and a COUNT cached until the next project change.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np
from django.core.paginator import Paginator
from django.db.models import Model, QuerySet
from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.viewsets import GenericViewSet

from emining.permissions import is_official
from emining.rest.pagination import PortalPagination
from emining.rest.views import StrictRequestsMixin
from projects import listing_cache, listing_index, permissions, selectors, services
from projects.filters import Ordering, ProjectFilter, order_projects
from projects.geo import feature_collection_json, public_feature_collection_json
from projects.models import Project
from projects.opendata import ocds as ocds_releases

from .schema import BAD_FILTERS, DETAIL_RESPONSES, FILTER_PARAMETERS, GEOJSON_SCHEMA
from .serializers import (
    INDEXED_LISTING_VALUES,
    ProjectDetailSerializer,
    ProjectListItemSerializer,
    ProjectWriteSerializer,
    listing_values,
    public_rows_for_listing,
    rows_for_listing,
)
from .workflow import ProjectWorkflowActions

# `PMP-2026-0001`; anything else under /projects/ (such as `geojson/`) is not a project.
REFERENCE_PATTERN = r"PMP-[0-9]{4}-[0-9]{4,6}"


def _private_if_draft(response: Response, project: Project) -> Response:
    """A project not yet public is the agency's working copy: no shared or stored copies."""
    if not project.is_public:
        patch_cache_control(response, private=True, no_store=True)
    return response


def _private_for_officials(response: Response, user) -> Response:
    """An official's lists hold their agency's drafts: no shared or stored copies either."""
    if is_official(user):
        patch_cache_control(response, private=True, no_store=True)
    return response


# Actions on a project's bids: for anyone but the owning agency's officials they do not exist.
BID_ACTIONS = frozenset({"open_bids", "evaluate", "award"})


class ProjectAccess(BasePermission):
    """Anyone reads what they may see (the lookup answers 404 otherwise); officials create;
    officials of the owning agency change; a different one of them publishes (four eyes)."""

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return True
        if view.action == "create":
            self.message = _("Only government officials may create projects.")
        else:
            self.message = _("Only officials of the owning agency may change this project.")
        return permissions.may_create_project(request.user)

    def has_object_permission(self, request, view, project: Project) -> bool:
        if request.method in SAFE_METHODS:
            return True
        if view.action in BID_ACTIONS and not permissions.may_evaluate_bids(request.user, project):
            raise NotFound  # another agency's bids: not even whether it may act on them
        if not permissions.may_manage_project(request.user, project):
            self.message = _("Only officials of the owning agency may change this project.")
            return False
        if view.action == "publish":
            conflict = permissions.approval_conflict(request.user, project)
            if conflict:
                self.message = conflict  # which of the four-eyes rules applies
                return False
        return True


class CountedPaginator(Paginator):
    """Takes the number of rows from `count_rows()` (a cached COUNT) rather than counting the
    page's own query, which joins tables a count does not need."""

    def __init__(self, object_list, per_page, *, count_rows, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._count_rows = count_rows

    @cached_property
    def count(self) -> int:
        return self._count_rows()


class ProjectPagination(PortalPagination):
    def paginate_rows(self, rows: QuerySet, request, *, count_rows) -> list[dict]:
        self.django_paginator_class = partial(CountedPaginator, count_rows=count_rows)
        return self.paginate_queryset(rows, request)


class GeoJSONRenderer(JSONRenderer):
    media_type = "application/geo+json"
    format = "geojson"


class ProjectViewSet(StrictRequestsMixin, ProjectWorkflowActions, GenericViewSet):
    """Mineral projects offered to investors. Anyone reads published projects; officials of
    the owning agency also see, create and change their drafts and run the workflow."""

    queryset = Project.objects.all()
    lookup_field = "reference"
    lookup_value_regex = REFERENCE_PATTERN
    permission_classes = [ProjectAccess]
    filter_backends = [DjangoFilterBackend]
    filterset_class = ProjectFilter
    pagination_class = ProjectPagination
    serializer_class = ProjectDetailSerializer

    def get_serializer_class(self):
        # What OPTIONS describes for writes; the actions below name their serializers.
        writing = self.request is not None and self.request.method in ("POST", "PUT", "PATCH")
        if writing and self.action in ("create", "update", "partial_update", "metadata"):
            return ProjectWriteSerializer
        return ProjectDetailSerializer

    def get_queryset(self) -> QuerySet[Project]:
        return permissions.projects_visible_to(self.request.user)

    def filter_queryset(self, queryset: QuerySet[Project]) -> QuerySet[Project]:
        """The shared FilterSet; invalid values answer 400 with the errors by field."""
        params = self.request.query_params
        self.filterset = None
        if not any(params.get(name) for name in ProjectFilter.base_filters):
            # Nothing to filter by: building the FilterSet and its form would cost more than
            # the query. The order is the FilterSet's own default.
            self.filter_values = {}
            return order_projects(queryset, Ordering.NEWEST)
        filterset = DjangoFilterBackend().get_filterset(self.request, queryset, self)
        if not filterset.is_valid():
            raise translate_validation(filterset.errors)
        self.filterset = filterset
        self.filter_values = {
            name: value.pk if isinstance(value, Model) else value
            for name, value in filterset.form.cleaned_data.items()
            if value not in (None, "")
        }
        return filterset.qs

    def get_object(self) -> Project:
        project = selectors.project_for_detail(self.request.user, self.kwargs[self.lookup_field])
        if project is None:
            raise NotFound
        self.check_object_permissions(self.request, project)
        return project

    def _count_key(self) -> dict[str, Any]:
        """What the number of matching rows depends on: the filters and what the caller may
        see (`permissions.visibility_scope`)."""
        filters = {name: value for name, value in self.filter_values.items() if name != "ordering"}
        return {"scope": permissions.visibility_scope(self.request.user), "filters": filters}

    def _detail_response(self, reference: str, *, status_code: int = status.HTTP_200_OK):
        project = selectors.project_for_detail(self.request.user, reference)
        data = ProjectDetailSerializer(project, context=self.get_serializer_context()).data
        headers = {}
        if status_code == status.HTTP_201_CREATED:
            headers["Location"] = self.reverse_action("detail", kwargs={"reference": reference})
        return _private_if_draft(Response(data, status=status_code, headers=headers), project)

    # --- Reading ---------------------------------------------------------------------------

    @extend_schema(
        parameters=FILTER_PARAMETERS,
        responses={200: ProjectListItemSerializer(many=True), 400: BAD_FILTERS},
    )
    def list(self, request, *args, **kwargs):
        """Projects you may see, filtered and sorted like the projects page (newest first;
        best match first when searching)."""
        queryset = self.filter_queryset(self.get_queryset())
        if self.filter_values.get("search"):
            # Ranking every match of a common word is what a search costs: its pages are
            # kept until the next project change (the key holds the whole URL and whose
            # drafts the caller may see).
            key = self._count_key() | {"url": request.build_absolute_uri()}
            return _private_for_officials(
                Response(
                    listing_cache.cached("api-search-page", key, lambda: self._page_data(queryset))
                ),
                request.user,
            )
        return _private_for_officials(Response(self._page_data(queryset)), request.user)

    def _page_data(self, queryset: QuerySet[Project]) -> dict[str, Any]:
        if permissions.visibility_scope(self.request.user) == permissions.PUBLIC_SCOPE:
            # What everyone sees: counted by the listing index, named from its catalogue.
            index = listing_index.current_index()
            mask = listing_index.matching_mask(index, self.filterset)
            rows = self.paginator.paginate_rows(
                queryset.values(*INDEXED_LISTING_VALUES),
                self.request,
                count_rows=lambda: int(np.count_nonzero(mask)),
            )
            items = public_rows_for_listing(rows, index)
        else:  # an official's agency drafts too
            key = self._count_key()
            rows = self.paginator.paginate_rows(
                listing_values(queryset),
                self.request,
                count_rows=lambda: listing_cache.cached("api-project-count", key, queryset.count),
            )
            items = rows_for_listing(rows)
        return self.paginator.get_paginated_response(items).data

    @extend_schema(responses={200: ProjectDetailSerializer, 404: DETAIL_RESPONSES[404]})
    def retrieve(self, request, *args, **kwargs):
        """One project with its criteria, amendments and documents."""
        project = self.get_object()
        return _private_if_draft(
            Response(ProjectDetailSerializer(project, context=self.get_serializer_context()).data),
            project,
        )

    @extend_schema(
        filters=True,
        parameters=FILTER_PARAMETERS,
        responses={
            (200, "application/geo+json"): GEOJSON_SCHEMA,
            (200, "application/json"): GEOJSON_SCHEMA,  # with ?format=json
            400: BAD_FILTERS,
        },
    )
    @action(
        detail=False,
        methods=["get"],
        url_path="geojson",
        renderer_classes=[GeoJSONRenderer, JSONRenderer],
        pagination_class=None,
    )
    def geojson(self, request, *args, **kwargs):
        """The projects you may see, with the same filters as the list, as a GeoJSON
        FeatureCollection of points (coordinates are [longitude, latitude])."""
        queryset = self.filter_queryset(self.get_queryset())
        if permissions.visibility_scope(request.user) == permissions.PUBLIC_SCOPE:
            # What everyone sees: from the listing index, with no per-point work.
            collection = public_feature_collection_json(self.filterset)
        else:  # an official's agency drafts too: built as JSON text by the database
            collection = feature_collection_json(queryset)
        # In the negotiated media type (GeoJSON, or plain JSON when asked for).
        response = HttpResponse(
            collection, content_type=f"{request.accepted_renderer.media_type}; charset=utf-8"
        )
        return _private_for_officials(response, request.user)

    @extend_schema(
        responses={
            200: OpenApiResponse(
                response=OpenApiTypes.OBJECT,
                description=_("An OCDS 1.1 release package with the project's release."),
            ),
            404: DETAIL_RESPONSES[404],
        }
    )
    @action(detail=True, methods=["get"], url_path="ocds", pagination_class=None)
    def ocds(self, request, *args, **kwargs):
        """The project as an Open Contracting Data Standard 1.1 release package (published
        projects only: a draft has no release, for anyone)."""
        project = ocds_releases.project_for_ocds(self.kwargs[self.lookup_field])
        if project is None:
            raise NotFound
        return Response(ocds_releases.release_package(project, uri=request.build_absolute_uri()))

    # --- Creating and editing drafts ---------------------------------------------------------

    @extend_schema(
        request=ProjectWriteSerializer,
        responses={
            201: ProjectDetailSerializer,
            400: DETAIL_RESPONSES[400],
            403: OpenApiResponse(description=_("Only government officials create projects.")),
        },
    )
    def create(self, request, *args, **kwargs):
        """A new draft of your agency (officials only). Related records by slug; the contact
        official by email address (yourself by default)."""
        serializer = ProjectWriteSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        project = services.create_project(by=request.user, **serializer.service_arguments())
        return self._detail_response(project.reference, status_code=status.HTTP_201_CREATED)

    def _update(self, request, *, partial: bool):
        project = self.get_object()
        serializer = ProjectWriteSerializer(
            data=request.data, partial=partial, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        services.update_draft(project, by=request.user, **serializer.service_arguments())
        return self._detail_response(project.reference)

    @extend_schema(request=ProjectWriteSerializer, responses=DETAIL_RESPONSES)
    def update(self, request, *args, **kwargs):
        """Replace a draft's editable fields. Published projects change by amendment."""
        return self._update(request, partial=False)

    @extend_schema(request=ProjectWriteSerializer, responses=DETAIL_RESPONSES)
    def partial_update(self, request, *args, **kwargs):
        """Change some of a draft's fields; what is not sent stays as it is."""
        return self._update(request, partial=True)
