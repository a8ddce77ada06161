"""What the MoU API shows: the registry entry, its parties, scope, milestones and history."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from matchmaking.models import MoU, MoUMilestone, MoUParty, MoUTransition


class MoUPartySerializer(serializers.ModelSerializer):
    firm = serializers.PrimaryKeyRelatedField(read_only=True, help_text="The firm's id, or null.")
    firm_name = serializers.CharField(source="firm.name", default=None, read_only=True)
    firm_country = serializers.CharField(source="firm.country", default=None, read_only=True)
    agency = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    agency_name = serializers.CharField(source="agency.name", default=None, read_only=True)

    class Meta:
        model = MoUParty
        fields = [
            "firm",
            "firm_name",
            "firm_country",
            "agency",
            "agency_name",
            "role",
            "signatory_name",
            "signatory_title",
        ]
        read_only_fields = fields


class MoUMilestoneSerializer(serializers.ModelSerializer):
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = MoUMilestone
        fields = ["title", "title_zh", "title_ur", "due_on", "completed_on", "overdue"]
        read_only_fields = fields

    def get_overdue(self, milestone: MoUMilestone) -> bool:
        return milestone.is_overdue(self.context.setdefault("today", timezone.localdate()))


class MoUTransitionSerializer(serializers.ModelSerializer):
    class Meta:
        model = MoUTransition
        fields = ["from_status", "to_status", "effective_on", "reason"]
        read_only_fields = fields


class MoUSerializer(serializers.ModelSerializer):
    agency = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    parties = MoUPartySerializer(many=True, read_only=True)
    minerals = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    regions = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    stages = serializers.SlugRelatedField(slug_field="stage", many=True, read_only=True)
    projects = serializers.SlugRelatedField(
        slug_field="reference",
        many=True,
        read_only=True,
        help_text="References of the linked projects the caller may see.",
    )
    milestones = MoUMilestoneSerializer(many=True, read_only=True)
    transitions = MoUTransitionSerializer(many=True, read_only=True)
    overdue_milestones = serializers.SerializerMethodField()

    class Meta:
        model = MoU
        fields = [
            "reference",
            "title",
            "title_zh",
            "title_ur",
            "summary",
            "summary_zh",
            "summary_ur",
            "status",
            "signed_on",
            "place",
            "place_zh",
            "place_ur",
            "indicative_value_usd",
            "expires_on",
            "is_public",
            "agency",
            "parties",
            "minerals",
            "regions",
            "stages",
            "projects",
            "milestones",
            "overdue_milestones",
            "transitions",
            "termination_reason",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.IntegerField())
    def get_overdue_milestones(self, mou: MoU) -> int:
        return mou.overdue_milestones
