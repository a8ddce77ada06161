"""Loads the shipped catalogue (`minerals/data/*.json`) into the database, idempotently.

Called by the data migration with historical models, so it uses only plain ORM calls.
"""

from __future__ import annotations

import json
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
REGION_FIELDS = ("name", "name_zh", "name_ur", "kind", "latitude", "longitude", "description")
MINERAL_FIELDS = ("name", "name_zh", "name_ur", "symbol", "category", "is_critical", "description")
TRANSLATED_DESCRIPTIONS = ("description_zh", "description_ur")


def read_data(name: str) -> list[dict]:
    return json.loads((DATA_DIR / f"{name}.json").read_text(encoding="utf-8"))


def _upsert(model, slug: str, values: dict) -> object:
    obj, created = model.objects.get_or_create(slug=slug, defaults=values)
    if not created:
        stale = {k: v for k, v in values.items() if getattr(obj, k) != v}
        if stale:
            model.objects.filter(pk=obj.pk).update(**stale)
            for k, v in stale.items():
                setattr(obj, k, v)
    return obj


def load_catalogue(mineral_model, region_model) -> None:
    regions = read_data("regions")
    by_slug = {}
    # Provinces and territories first: districts point at them.
    for row in sorted(regions, key=lambda r: r["parent"] is not None):
        values = {f: row[f] for f in (*REGION_FIELDS, *TRANSLATED_DESCRIPTIONS) if f in row}
        values["parent"] = by_slug[row["parent"]] if row["parent"] else None
        by_slug[row["slug"]] = _upsert(region_model, row["slug"], values)

    for row in read_data("minerals"):
        values = {f: row[f] for f in (*MINERAL_FIELDS, *TRANSLATED_DESCRIPTIONS) if f in row}
        mineral = _upsert(mineral_model, row["slug"], values)
        mineral.regions.set([by_slug[slug] for slug in row.get("regions", [])])
