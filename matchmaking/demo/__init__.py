"""Demo MoUs for `manage.py seed_demo` (see `emining.demo`)."""

from .mou_seeding import seed_mous

__all__ = ["seed_mous"]
