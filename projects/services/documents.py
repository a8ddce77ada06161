"""Project documents (filled in by the documents work)."""

from __future__ import annotations


def add_document(*args, **kwargs):
    raise NotImplementedError


def remove_document(*args, **kwargs):
    raise NotImplementedError
