"""Generators of benchmark data: many realistic rows written in bulk (load, not history)."""
