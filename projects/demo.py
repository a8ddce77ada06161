"""Demo projects drawn from the forum's news articles (filled in by the demo-data work)."""

from __future__ import annotations


def seed_projects(report: list[str]) -> None:
    return None
