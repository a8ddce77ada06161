"""Full-text search over projects.

On PostgreSQL each project keeps a stored `search_vector` (GIN-indexed): reference, titles and
mineral names weigh most (A), then the summary (B), then the description (C). Queries use
`websearch_to_tsquery` (quotes, `or`, `-word` work as people expect) and rank by `ts_rank`.
PostgreSQL's parser does not split Chinese words, so text in Chinese or Urdu script also
matches as a substring of the translated titles, summaries and mineral names.
On SQLite (the zero-setup default) a plain case-insensitive substring search stands in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.conf import settings
from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery, TextField, Value
from django.db.models.functions import Coalesce

from minerals.models import Mineral

SEARCH_CONFIG = "english"
REFERENCE = re.compile(r"(?i)pmp-[0-9]{4}-[0-9]{4,6}")
# Letters outside Latin script: CJK, Arabic/Urdu.
NON_LATIN = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u3400-\u9fff\uf900-\ufaff]")


def _project_model():
    from .models import Project

    return Project


def _mineral_names_subquery(name_field: str) -> Subquery:
    """The names of a project's minerals in one language, as one text."""
    Project = _project_model()
    through = Project.minerals.through
    text = StringAgg(Coalesce(F(f"mineral__{name_field}"), Value("")), delimiter=" ")
    return Subquery(
        through.objects.filter(project_id=OuterRef("pk"))
        .values("project_id")
        .annotate(text=text)
        .values("text")[:1]
    )


def search_vector_expression() -> SearchVector:
    mineral_names = _mineral_names_subquery("name")
    translated_mineral_names = _mineral_names_subquery("name_zh")
    urdu_mineral_names = _mineral_names_subquery("name_ur")
    return (
        SearchVector("reference", "title", weight="A", config=SEARCH_CONFIG)
        + SearchVector(
            Coalesce(mineral_names, Value(""), output_field=TextField()),
            weight="A",
            config=SEARCH_CONFIG,
        )
        + SearchVector("summary", weight="B", config=SEARCH_CONFIG)
        + SearchVector(
            "title_zh",
            "title_ur",
            "summary_zh",
            "summary_ur",
            Coalesce(translated_mineral_names, Value(""), output_field=TextField()),
            Coalesce(urdu_mineral_names, Value(""), output_field=TextField()),
            weight="B",
            config="simple",
        )
        + SearchVector("description", weight="C", config=SEARCH_CONFIG)
    )


def refresh_search_vectors(project_ids: Iterable[int] | None = None) -> int:
    """Recompute the stored vectors (all of them when no ids are given). A no-op on SQLite."""
    if not settings.USING_POSTGRES:
        return 0
    Project = _project_model()
    queryset = Project.objects.all()
    if project_ids is not None:
        queryset = queryset.filter(pk__in=list(project_ids))
    return queryset.update(search_vector=search_vector_expression())


def _non_latin_condition(text: str) -> Q:
    Project = _project_model()
    mineral_match = Mineral.objects.filter(
        Q(name_zh__icontains=text) | Q(name_ur__icontains=text),
        pk__in=Project.minerals.through.objects.filter(project_id=OuterRef(OuterRef("pk"))).values(
            "mineral_id"
        ),
    )
    return (
        Q(title_zh__icontains=text)
        | Q(title_ur__icontains=text)
        | Q(summary_zh__icontains=text)
        | Q(summary_ur__icontains=text)
        | Exists(mineral_match)
    )


def _substring_condition(text: str) -> Q:
    Project = _project_model()
    mineral_match = Mineral.objects.filter(
        Q(name__icontains=text) | Q(name_zh__icontains=text) | Q(name_ur__icontains=text),
        pk__in=Project.minerals.through.objects.filter(project_id=OuterRef(OuterRef("pk"))).values(
            "mineral_id"
        ),
    )
    return (
        Q(reference__icontains=text)
        | Q(title__icontains=text)
        | Q(title_zh__icontains=text)
        | Q(title_ur__icontains=text)
        | Q(summary__icontains=text)
        | Q(summary_zh__icontains=text)
        | Q(summary_ur__icontains=text)
        | Q(description__icontains=text)
        | Exists(mineral_match)
    )


def search_projects(queryset: QuerySet, text: str) -> QuerySet:
    """Projects matching `text`, annotated with `search_rank` (higher is better)."""
    text = (text or "").strip()
    if not text:
        return queryset
    if not settings.USING_POSTGRES:
        return queryset.filter(_substring_condition(text)).annotate(search_rank=Value(1.0))
    query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
    condition = Q(search_vector=query)
    if REFERENCE.fullmatch(text):
        # Its own condition, so that other searches keep to the GIN index.
        condition |= Q(reference=text.upper())
    if NON_LATIN.search(text):
        condition |= _non_latin_condition(text)
    return queryset.filter(condition).annotate(
        search_rank=Coalesce(SearchRank(F("search_vector"), query), Value(0.0))
    )
