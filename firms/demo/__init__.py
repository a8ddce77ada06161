"""Demo firms for `manage.py seed_demo` (see `emining.demo`)."""

from .seeding import seed_firms

__all__ = ["seed_firms"]
