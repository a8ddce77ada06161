"""GeoJSON for the project map: one function serves the map page and the API."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils.translation import get_language

from emining.i18n import language_field_suffix

from . import listing_index
from .models import Project
from .selectors import MAP_POINT_FIELDS, public_projects

if TYPE_CHECKING:
    from .filters import ProjectFilter


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


def public_feature_collection_json(filterset: ProjectFilter | None) -> str:
    """The public projects a valid filterset selects (every one for None), as the text of
    `feature_collection`, from the listing index: the matching projects' features joined in
    the order of their references. No query without a search.

    Each project's feature is encoded when a map first shows it (per language, until the data
    changes) and its text kept beside the index: a map of thousands of points then costs the
    joining of their texts, not their building."""
    index = listing_index.current_index()
    points = _map_points(index)
    mask = listing_index.matching_mask(index, filterset) & points.present
    chosen = points.by_reference[mask[points.by_reference]]
    texts = points.texts(get_language())
    missing = chosen[texts[chosen] == None]  # noqa: E711 (elementwise, on an object array)
    if len(missing):
        rows = [points.rows[position] for position in missing.tolist()]
        encode = DjangoJSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
        texts[missing] = [encode(feature) for feature in feature_collection(rows)["features"]]
    return '{"type":"FeatureCollection","features":[' + ",".join(texts[chosen]) + "]}"


@dataclass
class MapPoints:
    """What the public map shows of each project in a listing index, by position."""

    rows: list[dict | None]  # `map_points()` rows; None for a project unpublished since
    present: np.ndarray
    by_reference: np.ndarray  # positions in the order of the references
    encoded: dict[str, np.ndarray] = field(default_factory=dict)  # language → texts

    def texts(self, language: str) -> np.ndarray:
        """Each project's feature text in that language, None until first encoded."""
        if language not in self.encoded:
            self.encoded[language] = np.full(len(self.rows), None, dtype=object)
        return self.encoded[language]


def _map_points(index: listing_index.ListingIndex) -> MapPoints:
    """The index's map rows, read once per index (one query, when a map is first drawn)."""
    points = index.derived.get("map-points")
    if points is None:
        found = {row["id"]: row for row in public_projects().values("id", *MAP_POINT_FIELDS)}
        rows = [found.get(pk) for pk in index.ids.tolist()]
        references = [row["reference"] if row else "" for row in rows]
        points = index.derived["map-points"] = MapPoints(
            rows=rows,
            present=np.array([row is not None for row in rows], dtype=bool),
            by_reference=np.array(
                sorted(range(len(rows)), key=references.__getitem__), dtype=np.int64
            ),
        )
    return points


def _url_parts() -> tuple[str, str]:
    placeholder = "PMP-0000-0000"
    url = reverse("projects:project-detail", kwargs={"reference": placeholder})
    before, _, after = url.partition(placeholder)
    return before, after


def feature_collection_json(queryset: QuerySet[Project]) -> str:
    """`feature_collection(map_points(queryset))` as JSON text, every project's feature.

    On PostgreSQL the database writes the whole document in the query: each feature is one
    text concatenation (`to_json` quotes the strings), cheaper than building and then
    printing nested JSON objects, and the points are read from a narrow covering index
    (`project_public_map_points`, migration 0007) rather than the wide project rows. No
    Python work per point. Elsewhere the rows are serialised in Python.
    """
    from .selectors import map_points

    if connection.vendor != "postgresql":
        return json.dumps(feature_collection(map_points(queryset)), cls=DjangoJSONEncoder)
    suffix = language_field_suffix()

    statuses = json.dumps({value: str(label) for value, label in Project.Status.choices})
    stages = json.dumps({value: str(label) for value, label in Project.Stage.choices})
    url_before, url_after = _url_parts()
    # The matching rows with what a feature shows, filtered directly (not `id IN (...)`), so
    # that PostgreSQL reads them from the covering index in one pass.
    fields = ["reference", "title", "latitude", "longitude", "status", "stage", "investment_usd"]
    names = {"mineral_slug": F("primary_mineral__slug"), "mineral_name": F("primary_mineral__name")}
    if suffix:
        fields.append(f"title_{suffix}")
        names["mineral_local_name"] = F(f"primary_mineral__name_{suffix}")
    rows = queryset.order_by().values(*fields, **names)
    rows_sql, rows_params = rows.query.sql_with_params()
    title = f"coalesce(nullif(p.title_{suffix}, ''), p.title)" if suffix else "p.title"
    mineral_name = (
        "coalesce(nullif(p.mineral_local_name, ''), p.mineral_name)" if suffix else "p.mineral_name"
    )
    # Only our own identifiers are formatted in; every value is a parameter.
    sql = f"""
        SELECT '{{"type":"FeatureCollection","features":['
            || coalesce(string_agg(concat(
                '{{"type":"Feature","geometry":{{"type":"Point","coordinates":[',
                coalesce(to_json(p.longitude)::text, 'null'), ',',
                coalesce(to_json(p.latitude)::text, 'null'),
                ']}},"properties":{{"reference":', to_json(p.reference),
                ',"title":', to_json({title}),
                ',"status":', to_json(p.status),
                ',"status_display":', to_json(coalesce(%s::jsonb ->> p.status, p.status)),
                ',"stage":', to_json(p.stage),
                ',"stage_display":', to_json(coalesce(%s::jsonb ->> p.stage, p.stage)),
                ',"investment_usd":', coalesce(to_json(p.investment_usd)::text, 'null'),
                ',"primary_mineral":', to_json(p.mineral_slug),
                ',"primary_mineral_name":', to_json({mineral_name}),
                ',"url":', to_json(%s || p.reference || %s),
                '}}}}'
            ), ',' ORDER BY p.reference), '')
            || ']}}'
        FROM ({rows_sql}) p
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [statuses, stages, url_before, url_after, *rows_params])
        return cursor.fetchone()[0]
