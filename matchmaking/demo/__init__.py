"""Demo MoUs and investment leads for `manage.py seed_demo` (see `emining.demo`)."""

from .lead_seeding import seed_leads
from .mou_seeding import seed_mous

__all__ = ["seed_leads", "seed_mous"]
