"""GeoJSON for the project map: one function serves the map page and the API."""

from __future__ import annotations

from django.urls import reverse

from emining.i18n import language_field_suffix

from .models import Project


def _localized(row: dict, field: str, suffix: str) -> str:
    return (row.get(f"{field}_{suffix}") if suffix else "") or row[field]


def feature_collection(points: list[dict]) -> dict:
    """A GeoJSON FeatureCollection from `selectors.map_points()` rows, titles in the active
    language (English when a translation is missing)."""
    suffix = language_field_suffix()
    # Labels translated and the URL reversed once, not once per point.
    statuses = {value: str(label) for value, label in Project.Status.choices}
    stages = {value: str(label) for value, label in Project.Stage.choices}
    placeholder = "PMP-0000-0000"
    url_template = reverse("projects:project-detail", kwargs={"reference": placeholder})
    features = []
    for row in points:
        features.append(
            {
                "type": "Feature",
                # GeoJSON orders coordinates longitude first.
                "geometry": {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]},
                "properties": {
                    "reference": row["reference"],
                    "title": _localized(row, "title", suffix),
                    "status": row["status"],
                    "status_display": statuses.get(row["status"], row["status"]),
                    "stage": row["stage"],
                    "stage_display": stages.get(row["stage"], row["stage"]),
                    "investment_usd": row["investment_usd"],
                    "primary_mineral": row["primary_mineral__slug"],
                    "primary_mineral_name": (
                        row.get(f"primary_mineral__name_{suffix}") if suffix else ""
                    )
                    or row["primary_mineral__name"],
                    "url": url_template.replace(placeholder, row["reference"]),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}
