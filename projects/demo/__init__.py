"""Demo data for projects (`manage.py seed_demo`): tenders drawn from the forum's news."""

from .seeding import DEMO_PROJECTS, seed_projects
from .specs import SIFC_APPROVER

__all__ = ["DEMO_PROJECTS", "SIFC_APPROVER", "seed_projects"]
