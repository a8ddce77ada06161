"""Demo MoUs, investment leads and matches for `manage.py seed_demo` (see `emining.demo`)."""

from .lead_seeding import seed_leads
from .match_seeding import seed_matches
from .mou_seeding import seed_mous

__all__ = ["seed_leads", "seed_matches", "seed_mous"]
