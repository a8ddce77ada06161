"""Demo MoUs, investment leads, meetings and matches for `manage.py seed_demo` (see
`emining.demo`)."""

from .lead_seeding import seed_leads
from .match_seeding import seed_matches
from .meeting_seeding import seed_meetings
from .mou_seeding import seed_mous

__all__ = ["seed_leads", "seed_matches", "seed_meetings", "seed_mous"]
