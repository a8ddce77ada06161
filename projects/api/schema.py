"""What the projects API's schema says beyond the serializers: the GeoJSON body, the amount
filters in US dollars, and the answers of the detail and workflow endpoints."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from .serializers import ProjectDetailSerializer

GEOJSON_SCHEMA = {
    "type": "object",
    "required": ["type", "features"],
    "properties": {
        "type": {"type": "string", "enum": ["FeatureCollection"]},
        "features": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["type", "geometry", "properties"],
                "properties": {
                    "type": {"type": "string", "enum": ["Feature"]},
                    "geometry": {
                        "type": "object",
                        "properties": {
                            "type": {"type": "string", "enum": ["Point"]},
                            "coordinates": {
                                "type": "array",
                                "description": "[longitude, latitude]",
                                "items": {"type": "number"},
                                "minItems": 2,
                                "maxItems": 2,
                            },
                        },
                    },
                    "properties": {
                        "type": "object",
                        "properties": {
                            "reference": {"type": "string"},
                            "title": {"type": "string"},
                            "status": {"type": "string"},
                            "status_display": {"type": "string"},
                            "stage": {"type": "string"},
                            "stage_display": {"type": "string"},
                            "investment_usd": {"type": "integer"},
                            "primary_mineral": {"type": "string"},
                            "primary_mineral_name": {"type": "string"},
                            "url": {"type": "string"},
                        },
                    },
                },
            },
        },
    },
}

# The investment bounds take any amount in USD (decimals too), as the FilterSet does.
FILTER_PARAMETERS = [
    OpenApiParameter(
        name,
        {"type": "number", "minimum": 0, "maximum": 10**15},
        description=description,
    )
    for name, description in (
        ("min_investment", "Investment sought from this amount (USD)."),
        ("max_investment", "Investment sought up to this amount (USD)."),
    )
]

BAD_FILTERS = OpenApiResponse(description=_("Invalid filter values, with the errors by field."))
DETAIL_RESPONSES = {
    200: ProjectDetailSerializer,
    400: OpenApiResponse(description=_("The input or a workflow rule refused the change.")),
    403: OpenApiResponse(description=_("Not allowed to change this project.")),
    404: OpenApiResponse(description=_("No such project, or not visible to you.")),
}
