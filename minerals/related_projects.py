"""The projects that concern a mineral or a region, for the catalogue pages.

Dependencies point one way: `minerals` is the ground floor and imports no higher app. The
projects app registers a provider here in its `AppConfig.ready()` (as apps register key figures
in `emining.key_figures`); without one, the catalogue pages simply list no projects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from .models import Mineral, Region


@dataclass(frozen=True)
class ProjectLink:
    reference: str
    title: str
    url: str
    status: str
    status_label: str


@dataclass(frozen=True)
class RelatedProjects:
    """The first few public projects, how many there are, and the filtered list of them all."""

    links: list[ProjectLink] = field(default_factory=list)
    total: int = 0
    list_url: str = ""


class RelatedProjectsProvider(Protocol):
    def for_mineral(self, mineral: Mineral) -> RelatedProjects: ...

    def for_region(self, region: Region) -> RelatedProjects: ...


# At most one provider: the projects app's, registered at start-up.
_providers: list[RelatedProjectsProvider] = []


def register(provider: RelatedProjectsProvider) -> None:
    _providers[:] = [provider]


def for_mineral(mineral: Mineral) -> RelatedProjects | None:
    return _providers[0].for_mineral(mineral) if _providers else None


def for_region(region: Region) -> RelatedProjects | None:
    return _providers[0].for_region(region) if _providers else None
