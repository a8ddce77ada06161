"""What the firms API shows: the public registry entry, never contacts or documents."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from firms.models import Firm


class FirmSerializer(serializers.ModelSerializer):
    capabilities = serializers.SlugRelatedField(
        slug_field="stage",
        many=True,
        read_only=True,
        help_text=_("Value-chain stages the firm works in (exploration, mining, processing...)."),
    )
    minerals = serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True, help_text=_("Slugs of its minerals.")
    )
    regions = serializers.SlugRelatedField(
        slug_field="slug",
        many=True,
        read_only=True,
        help_text=_("Slugs of the provinces and territories it works in."),
    )

    class Meta:
        model = Firm
        fields = [
            "id",
            "name",
            "name_zh",
            "name_ur",
            "country",
            "registration_number",
            "kind",
            "head_office_city",
            "present_in_pakistan",
            "capabilities",
            "minerals",
            "regions",
            "capital_usd_min",
            "capital_usd_max",
            "years_of_experience",
            "website",
            "verification_status",
        ]
        read_only_fields = fields


# The serializer's list fields and the `firms.listing` lists that hold them.
_LIST_FIELDS = {
    "capabilities": "capability_stages",
    "minerals": "mineral_slugs",
    "regions": "region_slugs",
}


def rows_for_listing(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`firms.listing` rows (with their lists) as `FirmSerializer` writes each firm."""
    return [
        {name: row[_LIST_FIELDS.get(name, name)] for name in FirmSerializer.Meta.fields}
        for row in rows
    ]
