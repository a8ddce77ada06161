"""Demo matches: scores of every demo firm against every open demo project, computed as the
nightly job does (after the firms and projects are seeded)."""

from __future__ import annotations

from matchmaking.services.matches import recompute_all_matches


def seed_matches(report: list[str]) -> None:
    result = recompute_all_matches()
    report.append(
        f"Matches: {result.project_matches} firm-project matches "
        f"({result.firms} firms x {result.projects} open projects), "
        f"{result.partner_matches} partner suggestions"
    )
