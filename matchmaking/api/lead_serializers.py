"""What the lead API shows and accepts. Officials see the whole lead; the members of the
lead's firm see it without what is internal (`LeadForFirmSerializer`)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from firms.models import Firm
from matchmaking.models import Lead, LeadActivity, LeadStageChange
from minerals.models import Mineral, Region
from projects.models import Project


class LeadActivitySerializer(serializers.ModelSerializer):
    class Meta:
        model = LeadActivity
        fields = ["kind", "text", "happened_at", "internal"]
        read_only_fields = fields


class LeadStageChangeSerializer(serializers.ModelSerializer):
    class Meta:
        model = LeadStageChange
        fields = ["from_stage", "to_stage", "at"]
        read_only_fields = fields


class LeadForFirmSerializer(serializers.ModelSerializer):
    """A lead as the members of its firm see it."""

    firm = serializers.PrimaryKeyRelatedField(read_only=True)
    firm_name = serializers.CharField(source="firm.name", default=None, read_only=True)
    minerals = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    regions = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    owner = serializers.SerializerMethodField()
    stage_changes = LeadStageChangeSerializer(many=True, read_only=True)
    activities = LeadActivitySerializer(many=True, read_only=True)

    class Meta:
        model = Lead
        fields = [
            "reference",
            "firm",
            "firm_name",
            "summary",
            "minerals",
            "regions",
            "stage",
            "stage_changed_at",
            "owner",
            "stage_changes",
            "activities",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_owner(self, lead: Lead) -> str | None:
        if lead.owner is None:
            return None
        return lead.owner.get_full_name() or lead.owner.username


class LeadSerializer(LeadForFirmSerializer):
    """A lead as officials see it."""

    project = serializers.SlugRelatedField(slug_field="reference", read_only=True)
    owner_username = serializers.CharField(source="owner.username", default=None, read_only=True)
    mou = serializers.SlugRelatedField(slug_field="reference", read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta(LeadForFirmSerializer.Meta):
        fields = [
            *LeadForFirmSerializer.Meta.fields[:3],
            "contact_name",
            "contact_organisation",
            "contact_country",
            "contact_email",
            "contact_phone",
            *LeadForFirmSerializer.Meta.fields[3:],
            "project",
            "owner_username",
            "next_action",
            "next_action_due",
            "overdue",
            "estimated_value_usd",
            "lost_reason",
            "mou",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.BooleanField())
    def get_overdue(self, lead: Lead) -> bool:
        return lead.is_overdue()


class LeadInputSerializer(serializers.Serializer):
    """A lead to record or change. Partner systems may give only the investor and the
    interest (`firm` or the contact, `summary`, `minerals`, `regions`, `project`)."""

    firm = serializers.PrimaryKeyRelatedField(
        queryset=Firm.objects.all(), required=False, allow_null=True
    )
    contact_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    contact_organisation = serializers.CharField(max_length=255, required=False, allow_blank=True)
    contact_country = serializers.ChoiceField(
        choices=Firm.Country.choices, required=False, allow_blank=True
    )
    contact_email = serializers.EmailField(required=False, allow_blank=True)
    contact_phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
    summary = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    minerals = serializers.SlugRelatedField(
        slug_field="slug", queryset=Mineral.objects.all(), many=True, required=False
    )
    regions = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Region.objects.filter(parent__isnull=True),
        many=True,
        required=False,
    )
    project = serializers.SlugRelatedField(
        slug_field="reference", queryset=Project.objects.none(), required=False, allow_null=True
    )
    owner = serializers.SlugRelatedField(
        slug_field="username",
        queryset=Lead._meta.get_field("owner").related_model.objects.all(),
        required=False,
        allow_null=True,
        help_text="An official's username.",
    )
    next_action = serializers.CharField(max_length=255, required=False, allow_blank=True)
    next_action_due = serializers.DateField(required=False, allow_null=True)
    estimated_value_usd = serializers.IntegerField(min_value=1, required=False, allow_null=True)

    def __init__(self, *args, projects=None, **kwargs):
        super().__init__(*args, **kwargs)
        if projects is not None:
            self.fields["project"].queryset = projects


class MoveInputSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=Lead.Stage.choices)
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class ActivityInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=LeadActivity.Kind.choices)
    text = serializers.CharField(max_length=4000)
    happened_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    internal = serializers.BooleanField(required=False, default=True)
