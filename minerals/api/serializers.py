from __future__ import annotations

from rest_framework import serializers

from minerals.models import Mineral, Region


class MineralSerializer(serializers.ModelSerializer):
    category_display = serializers.CharField(source="get_category_display", read_only=True)
    regions = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = Mineral
        fields = [
            "slug",
            "name",
            "name_zh",
            "name_ur",
            "symbol",
            "category",
            "category_display",
            "is_critical",
            "description",
            "regions",
        ]
        read_only_fields = fields


class RegionSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text="Slug of the province of a district; null for a province or territory.",
    )
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Region
        fields = [
            "slug",
            "name",
            "name_zh",
            "name_ur",
            "kind",
            "kind_display",
            "parent",
            "latitude",
            "longitude",
            "description",
        ]
        read_only_fields = fields
