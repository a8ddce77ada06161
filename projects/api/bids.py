"""The bids API: `/api/v1/bids/` and the public award notices at `/api/v1/awards/`.

A firm's members list and manage their firm's bids (as lead or partner) and read their offers
while sealed; the owning agency's officials see its projects' bids only once they are opened.
Everyone else sees none (`permissions.bids_visible_to`; a bid one may not see is a 404). All
writes go through `projects.services`, the same functions as the pages.
"""

from __future__ import annotations

import json
from typing import Any

from django.db.models import F, Prefetch, prefetch_related_objects
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.viewsets import GenericViewSet

from emining.rest.views import StrictRequestsMixin
from emining.services import DomainError
from firms.models import Firm
from minerals.models import ValueChainStage
from projects import permissions, sealing, services
from projects.models import OFFER_FIELDS, Bid, BidParticipant, BidVersion, Project

# --- Serializers -------------------------------------------------------------------------------


class PartnerSerializer(serializers.Serializer):
    firm = serializers.IntegerField(help_text="The partner firm's id.")
    name = serializers.CharField()
    country = serializers.CharField(help_text="ISO 3166-1 alpha-2: PK or CN.")
    confirmed = serializers.BooleanField()
    confirmed_at = serializers.DateTimeField(allow_null=True)


class BidSerializer(serializers.Serializer):
    """A bid as its firms see it (offer decrypted from the current version while sealed), or
    as the owning agency's officials see it after the opening."""

    id = serializers.IntegerField()
    project = serializers.CharField(help_text="The project's reference.")
    firm = serializers.IntegerField(help_text="The lead firm's id.")
    partners = PartnerSerializer(many=True)
    offered_investment_usd = serializers.IntegerField()
    investment_model = serializers.ChoiceField(choices=Project.InvestmentModel.choices)
    timeline_months = serializers.IntegerField()
    local_jobs = serializers.IntegerField()
    trainees = serializers.IntegerField()
    technology_transfer = serializers.CharField()
    value_addition_stage = serializers.ChoiceField(choices=ValueChainStage.choices)
    status = serializers.ChoiceField(choices=Bid.Status.choices)
    complete = serializers.BooleanField(
        help_text="Every consortium partner has confirmed (at the opening: by the closing time)."
    )
    version = serializers.IntegerField()
    submitted_at = serializers.DateTimeField()
    receipt_digest = serializers.CharField(
        help_text="SHA-256 of the current version's canonical content."
    )


class OfferInputSerializer(serializers.Serializer):
    """The offer; its rules are checked by `services.Offer.from_values` (400 by field)."""

    offered_investment_usd = serializers.IntegerField(min_value=1)
    investment_model = serializers.ChoiceField(choices=Project.InvestmentModel.choices)
    timeline_months = serializers.IntegerField(min_value=1)
    local_jobs = serializers.IntegerField(min_value=0)
    trainees = serializers.IntegerField(min_value=0)
    technology_transfer = serializers.CharField(max_length=10_000)
    value_addition_stage = serializers.ChoiceField(choices=ValueChainStage.choices)
    partners = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        required=False,
        max_length=10,
        help_text="Ids of verified consortium partner firms (Chinese and Pakistani together).",
    )


class BidCreateSerializer(OfferInputSerializer):
    project = serializers.CharField(max_length=20, help_text="The project's reference.")


class AwardNoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class AwardNoticeSerializer(serializers.Serializer):
    project = serializers.CharField(help_text="The project's reference.")
    title = serializers.CharField()
    awarded_at = serializers.DateTimeField()
    firms = PartnerSerializer(many=True, help_text="The winning lead firm, then its partners.")
    offered_investment_usd = serializers.IntegerField()
    local_jobs = serializers.IntegerField()
    timeline_months = serializers.IntegerField()
    value_addition_stage = serializers.CharField()


# --- Reading -----------------------------------------------------------------------------------


def _active_participants() -> Prefetch:
    return Prefetch(
        "participants",
        queryset=BidParticipant.objects.filter(active=True)
        .select_related("firm")
        .order_by("role", "pk"),
    )


def bids_for_api(user) -> Any:
    return (
        permissions.bids_visible_to(user)
        .select_related("project")
        .prefetch_related(
            _active_participants(),
            # The current version only (a bid revised often has many, each with its content).
            Prefetch(
                "versions",
                queryset=BidVersion.objects.filter(number=F("bid__version")),
                to_attr="current_versions",
            ),
        )
        .order_by("-submitted_at", "-pk")
    )


def _partner(participant: BidParticipant) -> dict[str, Any]:
    return {
        "firm": participant.firm_id,
        "name": participant.firm.name,
        "country": participant.firm.country,
        "confirmed": participant.confirmed_at is not None,
        "confirmed_at": participant.confirmed_at,
    }


def bid_data(bid: Bid) -> dict[str, Any]:
    current = bid.current_versions[0]
    participants = list(bid.participants.all())
    if bid.is_sealed:  # only the bid's firms get here: the offer from the sealed version
        offer = json.loads(sealing.unseal(current.sealed_content))["offer"]
        complete = all(p.confirmed_at for p in participants)
    else:
        offer = {field: getattr(bid, field) for field in OFFER_FIELDS}
        complete = bool(bid.complete)
    return {
        "id": bid.pk,
        "project": bid.project.reference,
        "firm": bid.lead_firm_id,
        "partners": [_partner(p) for p in participants if p.role == BidParticipant.Role.PARTNER],
        **offer,
        "status": bid.status,
        "complete": complete,
        "version": bid.version,
        "submitted_at": bid.submitted_at,
        "receipt_digest": current.receipt_digest,
    }


class BidViewSet(StrictRequestsMixin, mixins.ListModelMixin, GenericViewSet):
    """Your firm's bids, or (officials) the opened bids of your agency's projects."""

    permission_classes = [IsAuthenticated]
    serializer_class = BidSerializer
    lookup_value_regex = r"[0-9]{1,12}"

    def get_queryset(self):
        return bids_for_api(self.request.user)

    def get_object(self) -> Bid:
        bid = self.get_queryset().filter(pk=self.kwargs["pk"]).first()
        if bid is None:
            raise NotFound
        return bid

    def _bid_to_change(self) -> Bid:
        """The bid a write names, if the caller may see it: the row alone (the service reads
        the rest under its locks)."""
        bid = (
            permissions.bids_visible_to(self.request.user)
            .select_related("project")
            .filter(pk=self.kwargs["pk"])
            .first()
        )
        if bid is None:
            raise NotFound
        return bid

    def _respond(self, data, *, status_code: int = status.HTTP_200_OK) -> Response:
        response = Response(data, status=status_code)
        patch_cache_control(response, private=True, no_store=True)
        return response

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        response = self.get_paginated_response([bid_data(bid) for bid in page])
        patch_cache_control(response, private=True, no_store=True)
        return response

    @extend_schema(responses={200: BidSerializer, 404: OpenApiResponse(description="Not found.")})
    def retrieve(self, request, *args, **kwargs):
        return self._respond(bid_data(self.get_object()))

    def _offer_and_partners(self, serializer) -> tuple[services.Offer, list[Firm] | None]:
        values = dict(serializer.validated_data)
        partner_ids = values.pop("partners", None)
        values.pop("project", None)
        offer = services.Offer.from_values(values)
        if partner_ids is None:
            return offer, None
        partners = list(Firm.objects.filter(pk__in=partner_ids))
        if len(partners) != len(set(partner_ids)):
            raise ValidationError({"partners": [_("No firm has this id.")]})
        return offer, partners

    @extend_schema(request=BidCreateSerializer, responses={201: BidSerializer})
    def create(self, request, *args, **kwargs):
        """Submit your firm's sealed bid on an open project (members of verified firms).
        Proposal documents are uploaded on the bid's page."""
        serializer = BidCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        project = (
            permissions.projects_visible_to(request.user)
            .filter(reference=serializer.validated_data["project"])
            .first()
        )
        if project is None:
            raise DomainError({"project": [_("No such project.")]})
        offer, partners = self._offer_and_partners(serializer)
        version = services.submit_bid(
            project, by=request.user, offer=offer, partners=partners or []
        )
        return self._respond(
            bid_data(self.get_queryset().get(pk=version.bid_id)),
            status_code=status.HTTP_201_CREATED,
        )

    @extend_schema(request=OfferInputSerializer, responses={200: BidSerializer})
    @action(detail=True, methods=["post"])
    def revise(self, request, *args, **kwargs):
        """A new version before the closing time (earlier versions and receipts are kept)."""
        bid = self._bid_to_change()
        serializer = OfferInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        offer, partners = self._offer_and_partners(serializer)
        version = services.revise_bid(bid, by=request.user, offer=offer, partners=partners)
        # The bid as revised: its new version, and its participants as they are now
        # (partners may have changed, and confirm again); the service updated the rest.
        bid.current_versions = [version]
        prefetch_related_objects([bid], _active_participants())
        return self._respond(bid_data(bid))

    @extend_schema(request=None, responses={200: BidSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, *args, **kwargs):
        """Withdraw before the closing time; a withdrawn bid is never opened."""
        services.withdraw_bid(self.get_object(), by=request.user)
        return self._respond(bid_data(self.get_object()))

    @extend_schema(request=None, responses={200: BidSerializer})
    @action(detail=True, methods=["post"])
    def confirm(self, request, *args, **kwargs):
        """A partner firm confirms it takes part (before the closing time)."""
        services.confirm_participation(self.get_object(), by=request.user)
        return self._respond(bid_data(self.get_object()))

    @extend_schema(request=None, responses={200: BidSerializer})
    @action(detail=True, methods=["post"])
    def shortlist(self, request, *args, **kwargs):
        """Officials: shortlist an opened, complete bid whose scores are reconciled."""
        services.shortlist_bid(self.get_object(), by=request.user)
        return self._respond(bid_data(self.get_object()))

    @extend_schema(request=AwardNoteSerializer, responses={200: BidSerializer})
    @action(detail=True, methods=["post"])
    def award(self, request, *args, **kwargs):
        """Officials: award the project to this shortlisted bid."""
        bid = self.get_object()
        serializer = AwardNoteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.award_project(bid.project, by=request.user, bid=bid, **serializer.validated_data)
        return self._respond(bid_data(self.get_object()))


# --- Award notices -----------------------------------------------------------------------------


def award_notices() -> Any:
    return (
        Bid.objects.filter(status=Bid.Status.AWARDED, project__status=Project.Status.AWARDED)
        .select_related("project")
        .prefetch_related(_active_participants())
        .order_by("-project__awarded_at", "-pk")
    )


def award_notice_data(bid: Bid) -> dict[str, Any]:
    return {
        "project": bid.project.reference,
        "title": bid.project.title,
        "awarded_at": bid.project.awarded_at,
        "firms": [_partner(p) for p in bid.participants.all()],
        "offered_investment_usd": bid.offered_investment_usd,
        "local_jobs": bid.local_jobs,
        "timeline_months": bid.timeline_months,
        "value_addition_stage": bid.value_addition_stage,
    }


class AwardViewSet(StrictRequestsMixin, mixins.ListModelMixin, GenericViewSet):
    """Public award notices: the project, the winning firm(s), the offered investment, the
    Pakistani jobs and the date. Nothing of the other bids."""

    permission_classes = [AllowAny]
    serializer_class = AwardNoticeSerializer

    def get_queryset(self):
        return award_notices()

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response([award_notice_data(bid) for bid in page])
