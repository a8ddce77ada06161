"""GeoJSON for the project map: one function serves the map page and the API."""

from __future__ import annotations

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.db.models import QuerySet
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


def _url_parts() -> tuple[str, str]:
    placeholder = "PMP-0000-0000"
    url = reverse("projects:project-detail", kwargs={"reference": placeholder})
    before, _, after = url.partition(placeholder)
    return before, after


def feature_collection_json(queryset: QuerySet[Project]) -> str:
    """`feature_collection(map_points(queryset))` as JSON text, every project's feature.

    On PostgreSQL the database builds the whole document in the query (`json_agg`): no
    Python work per point, which is what a map of thousands of points costs otherwise.
    Elsewhere the rows are serialised in Python.
    """
    from .selectors import map_points

    if connection.vendor != "postgresql":
        return json.dumps(feature_collection(map_points(queryset)), cls=DjangoJSONEncoder)
    suffix = language_field_suffix()

    def localized(table: str, field: str) -> str:
        if not suffix:
            return f"{table}.{field}"
        return f"coalesce(nullif({table}.{field}_{suffix}, ''), {table}.{field})"

    statuses = json.dumps({value: str(label) for value, label in Project.Status.choices})
    stages = json.dumps({value: str(label) for value, label in Project.Stage.choices})
    url_before, url_after = _url_parts()
    ids_sql, ids_params = queryset.order_by().values("pk").query.sql_with_params()
    project_table = Project._meta.db_table
    mineral_table = Project._meta.get_field("primary_mineral").related_model._meta.db_table
    # Only our own identifiers are formatted in; every value is a parameter.
    sql = f"""
        SELECT json_build_object(
            'type', 'FeatureCollection',
            'features', coalesce(json_agg(json_build_object(
                'type', 'Feature',
                'geometry', json_build_object(
                    'type', 'Point', 'coordinates', json_build_array(p.longitude, p.latitude)
                ),
                'properties', json_build_object(
                    'reference', p.reference,
                    'title', {localized("p", "title")},
                    'status', p.status,
                    'status_display', coalesce(%s::jsonb ->> p.status, p.status),
                    'stage', p.stage,
                    'stage_display', coalesce(%s::jsonb ->> p.stage, p.stage),
                    'investment_usd', p.investment_usd,
                    'primary_mineral', m.slug,
                    'primary_mineral_name', {localized("m", "name")},
                    'url', %s || p.reference || %s
                )
            ) ORDER BY p.reference), '[]'::json)
        )::text
        FROM {project_table} p JOIN {mineral_table} m ON m.id = p.primary_mineral_id
        WHERE p.id IN ({ids_sql})
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [statuses, stages, url_before, url_after, *ids_params])
        return cursor.fetchone()[0]
