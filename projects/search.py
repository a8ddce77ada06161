"""Full-text search over projects.

On PostgreSQL each project keeps a stored `search_vector` (GIN-indexed): reference, titles and
mineral names weigh most (A), then the summary (B), then the description (C). Queries use
`websearch_to_tsquery` (quotes, `or`, `-word` work as people expect) and rank by `ts_rank`
(the newest RANKED_CANDIDATES matches; older ones follow by date).
PostgreSQL's parser does not split Chinese words, so text in Chinese or Urdu script also
matches as a substring of the translated titles, summaries and mineral names.
On SQLite (the zero-setup default) a case-insensitive substring search stands in; there, as
on PostgreSQL, several words find the projects that hold all of them.

A search that finds nothing suggests the nearest mineral and place names (`suggest_names`).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from django.conf import settings
from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db.models import (
    Case,
    Exists,
    F,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from emining.i18n import language_field_suffix
from minerals.models import Mineral, Region

SEARCH_CONFIG = "english"
RANKED_CANDIDATES = 500
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


# A quoted phrase, an excluded word (-word) or a word.
TERM = re.compile(r'(-?)"([^"]+)"|(-?)(\S+)')


def search_terms(text: str) -> list[tuple[bool, str]]:
    """(excluded, term) pairs, as `websearch_to_tsquery` reads them: quoted phrases stay
    whole, a leading minus excludes, "or" is not special here (every term must match)."""
    terms = []
    for minus, phrase, word_minus, word in TERM.findall(text):
        term = (phrase or word).strip()
        if term and term not in {"-", "or", "OR"}:
            terms.append((bool(minus or word_minus), term))
    return terms


def search_projects(queryset: QuerySet, text: str) -> QuerySet:
    """Projects matching `text`, annotated with `search_rank` (higher is better)."""
    text = (text or "").strip()
    if not text:
        return queryset
    if not settings.USING_POSTGRES:
        # Every word (or quoted phrase) somewhere in the project; "-word" nowhere.
        condition = Q()
        for excluded, term in search_terms(text):
            condition &= ~_substring_condition(term) if excluded else _substring_condition(term)
        return queryset.filter(condition).annotate(search_rank=Value(1.0))
    query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
    condition = Q(search_vector=query)
    if REFERENCE.fullmatch(text):
        # Its own condition, so that other searches keep to the GIN index.
        condition |= Q(reference=text.upper())
    if NON_LATIN.search(text):
        condition |= _non_latin_condition(text)
    matches = queryset.filter(condition)
    # Ranking reads each match's whole vector: for a common word (thousands of matches) that
    # is most of a request. Only the newest RANKED_CANDIDATES matches (by the indexed
    # publication date) are ranked; older matches follow them, newest first.
    rank = Coalesce(SearchRank(F("search_vector"), query), Value(0.0))
    return matches.annotate(
        search_rank=Case(
            When(pk__in=Subquery(_newest_matches(matches).values("pk")), then=rank),
            default=Value(-1.0),
            output_field=FloatField(),
        )
    )


def best_matches(text: str, candidate_ids: list[int]) -> QuerySet | None:
    """The ranked candidates of `search_projects(queryset, text)` alone, in the same order
    (rank, then newest): every page that ends within the first RANKED_CANDIDATES rows is a
    slice of it. Cheaper than sorting every match, since the others are never read (a common
    word matches thousands). None on SQLite, where nothing is ranked.

    `candidate_ids`: the newest RANKED_CANDIDATES matches, by publication date then id (the
    public list reads them off its listing index; `newest_candidate_ids` asks the database).
    """
    text = (text or "").strip()
    if not text or not settings.USING_POSTGRES:
        return None
    query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
    return (
        _project_model()
        .objects.filter(pk__in=candidate_ids)
        .annotate(best_match_rank=Coalesce(SearchRank(F("search_vector"), query), Value(0.0)))
        .order_by("-best_match_rank", "-published_at", "-id")
    )


def _newest_matches(matches: QuerySet) -> QuerySet:
    """The matches `search_projects` ranks: the newest RANKED_CANDIDATES (the listing index's
    `newest_ids` reads the same order off its columns)."""
    return matches.order_by("-published_at", "-id")[:RANKED_CANDIDATES]


def newest_candidate_ids(matches: QuerySet) -> list[int]:
    """`best_matches`' candidates, asked of the database."""
    return list(_newest_matches(matches).values_list("pk", flat=True))


def refresh_vectors_of_mineral(sender, instance: Mineral, **kwargs) -> None:
    """A renamed mineral is found under its new name (post_save, same transaction)."""
    Project = _project_model()
    project_ids = Project.minerals.through.objects.filter(mineral_id=instance.pk).values_list(
        "project_id", flat=True
    )
    refresh_search_vectors(list(project_ids))


# --- Suggestions when nothing is found ----------------------------------------------------------

SUGGESTIONS = 5
SIMILARITY = 0.6


def suggest_names(text: str, *, limit: int = SUGGESTIONS) -> list[str]:
    """Mineral and place names close to what was typed (a misspelling, another language's
    name), in the visitor's language: what to search for instead. The same on PostgreSQL and
    SQLite: a few hundred names compared in memory, only when a search found nothing."""
    suffix = language_field_suffix()
    localized_field = f"name_{suffix}" if suffix else "name"
    rows = [
        *Mineral.objects.values_list("name", "name_zh", "name_ur"),
        *Region.objects.values_list("name", "name_zh", "name_ur"),
    ]
    shown: dict[str, str] = {}  # any spelling, case-folded → the name in the visitor's language
    for name, name_zh, name_ur in rows:
        localized = {"name": name, "name_zh": name_zh, "name_ur": name_ur}[localized_field]
        for spelling in (name, name_zh, name_ur):
            if spelling:
                shown.setdefault(spelling.casefold(), localized or name)
    wanted = [term.casefold() for excluded, term in search_terms(text) if not excluded]
    if len(wanted) > 1:
        wanted.insert(0, " ".join(wanted))
    found: list[str] = []
    for term in wanted:
        for match in difflib.get_close_matches(term, list(shown), n=limit, cutoff=SIMILARITY):
            name = shown[match]
            if name not in found and match != term:
                found.append(name)
    return found[:limit]
