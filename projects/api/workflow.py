"""The projects API's workflow steps: `POST /api/v1/projects/{reference}/<step>/`, each one
call of a `projects.services` function, the same as the officials' pages."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action

from emining.services import DomainError
from projects import services

from .schema import DETAIL_RESPONSES
from .serializers import AwardSerializer, ReasonSerializer


class ProjectWorkflowActions:
    """Mixed into `ProjectViewSet` (which provides `get_object` and `_detail_response`)."""

    def _transition(self, request, service, input_serializer=None):
        """Find the project (404/403 first), validate the input, call the service."""
        project = self.get_object()
        arguments = {}
        if input_serializer is not None:
            serializer = input_serializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            arguments = serializer.validated_data
        service(project, by=request.user, **arguments)
        return self._detail_response(project.reference)

    @extend_schema(request=None, responses=DETAIL_RESPONSES)
    @action(detail=True, methods=["post"])
    def submit(self, request, *args, **kwargs):
        """Draft → in review: ask another official of your agency to approve publication."""
        return self._transition(request, services.submit_for_review)

    @extend_schema(request=ReasonSerializer, responses=DETAIL_RESPONSES)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_to_draft(self, request, *args, **kwargs):
        """In review → draft, with the reason: what should change before approval."""
        return self._transition(request, services.return_to_draft, ReasonSerializer)

    @extend_schema(request=None, responses=DETAIL_RESPONSES)
    @action(detail=True, methods=["post"])
    def publish(self, request, *args, **kwargs):
        """In review → published. Four eyes: not by the official who submitted it (403)."""
        return self._transition(request, services.publish_project)

    @extend_schema(request=None, responses=DETAIL_RESPONSES)
    @action(detail=True, methods=["post"])
    def close(self, request, *args, **kwargs):
        """Published → closed, once the closing time has passed (usually done automatically).
        To stop a project before its deadline, cancel it."""
        return self._transition(request, services.close_project)

    @extend_schema(request=None, responses=DETAIL_RESPONSES)
    @action(detail=True, methods=["post"])
    def evaluate(self, request, *args, **kwargs):
        """Closed → under evaluation: the same as `open` (evaluation starts with the opening)."""
        return self._transition(request, services.start_evaluation)

    @extend_schema(request=None, responses=DETAIL_RESPONSES)
    @action(detail=True, methods=["post"], url_path="open", url_name="open")
    def open_bids(self, request, *args, **kwargs):
        """After the closing time: unseal the bids in a recorded opening event (who, when,
        how many); the project goes under evaluation. Refused (409) before the closing time."""
        return self._transition(request, services.open_bids)

    @extend_schema(request=AwardSerializer, responses=DETAIL_RESPONSES)
    @action(detail=True, methods=["post"])
    def award(self, request, *args, **kwargs):
        """Under evaluation → awarded to one shortlisted bid (`bid`: its id), with an optional
        note. An award without a winning bid is refused."""
        project = self.get_object()
        serializer = AwardSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        bid = project.bids.filter(pk=serializer.validated_data["bid"]).first()
        if bid is None:
            raise DomainError({"bid": [_("This bid is not one of this project's.")]})
        services.award_project(
            project, by=request.user, bid=bid, note=serializer.validated_data["note"]
        )
        return self._detail_response(project.reference)

    @extend_schema(request=ReasonSerializer, responses=DETAIL_RESPONSES)
    @action(detail=True, methods=["post"])
    def cancel(self, request, *args, **kwargs):
        """Cancel at any stage before the award; the reason is required and shown publicly."""
        return self._transition(request, services.cancel_project, ReasonSerializer)
