"""Demo MoUs and matches for `manage.py seed_demo` (see `emining.demo`)."""

from .match_seeding import seed_matches
from .mou_seeding import seed_mous

__all__ = ["seed_matches", "seed_mous"]
