"""`/api/v1/stats/`: the public dashboard's figures as JSON, for everyone (anonymous callers
included, throttled like every anonymous request). The same function feeds the page."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from emining.rest.views import StrictRequestsMixin

from .figures import public_figures


class TotalsSerializer(serializers.Serializer):
    projects_open = serializers.IntegerField(help_text="Projects open for bids.")
    investment_sought_usd = serializers.IntegerField(
        help_text="Investment sought by the projects open for bids (USD)."
    )
    projects_published = serializers.IntegerField(
        help_text="Projects published and not cancelled (open, closed, under evaluation, awarded)."
    )
    investment_published_usd = serializers.IntegerField()
    awards = serializers.IntegerField(help_text="Projects awarded.")
    investment_committed_usd = serializers.IntegerField(
        help_text="The winning bids' offered investment (USD)."
    )
    bids_received = serializers.IntegerField(
        help_text="Bids counted at their opening (sealed bids are not counted)."
    )
    mous_signed = serializers.IntegerField(
        help_text="Public MoUs signed, not yet in implementation."
    )
    mous_in_implementation = serializers.IntegerField()
    mous_public = serializers.IntegerField(help_text="Public MoUs signed, in any later status.")
    mous_indicative_value_usd = serializers.IntegerField()
    firms_verified = serializers.IntegerField()


class StatusCountSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=["signed", "in_implementation", "converted", "expired", "terminated"]
    )
    count = serializers.IntegerField()


class CountryCountSerializer(serializers.Serializer):
    country = serializers.ChoiceField(choices=["PK", "CN"])
    count = serializers.IntegerField()


class BreakdownSerializer(serializers.Serializer):
    projects = serializers.IntegerField()
    investment_usd = serializers.IntegerField()
    awards = serializers.IntegerField()
    awarded_usd = serializers.IntegerField()
    projects_share = serializers.FloatField(
        allow_null=True, help_text="Percent of published projects (one decimal)."
    )
    awarded_share = serializers.FloatField(
        allow_null=True, help_text="Percent of the awarded value (one decimal)."
    )


class NamedBreakdownSerializer(BreakdownSerializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    name_zh = serializers.CharField()
    name_ur = serializers.CharField()


class StageBreakdownSerializer(BreakdownSerializer):
    stage = serializers.CharField()
    beyond_extraction = serializers.BooleanField()


class BeyondExtractionSerializer(serializers.Serializer):
    stages = serializers.ListField(child=serializers.CharField())
    projects = serializers.IntegerField()
    projects_share = serializers.FloatField(allow_null=True)
    awarded_usd = serializers.IntegerField()
    awarded_share = serializers.FloatField(allow_null=True)


class TrendMonthSerializer(serializers.Serializer):
    month = serializers.CharField(help_text="YYYY-MM, in Pakistan's time zone.")
    projects_published = serializers.IntegerField()
    bids_opened = serializers.IntegerField()
    mous_signed = serializers.IntegerField()
    awards = serializers.IntegerField()
    awarded_usd = serializers.IntegerField()


class StatsSerializer(serializers.Serializer):
    totals = TotalsSerializer()
    mous_by_status = StatusCountSerializer(many=True)
    firms_by_country = CountryCountSerializer(many=True)
    by_mineral = NamedBreakdownSerializer(many=True)
    by_region = NamedBreakdownSerializer(many=True)
    by_stage = StageBreakdownSerializer(many=True)
    beyond_extraction = BeyondExtractionSerializer()
    trend = TrendMonthSerializer(many=True, help_text="The last 24 months, oldest first.")


class StatsView(StrictRequestsMixin, APIView):
    """The public dashboard's figures: only what the public may see is counted (published
    projects, opened bids, published awards, public MoUs, verified firms)."""

    permission_classes = [AllowAny]
    http_method_names = ["get", "head", "options"]

    @extend_schema(summary="The public dashboard's figures", responses={200: StatsSerializer})
    def get(self, request, *args, **kwargs):
        return Response(public_figures())
