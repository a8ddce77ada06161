"""Who may do what with the catalogue: everyone reads it; administrators curate it (admin site)."""

from __future__ import annotations

from emining.permissions import is_administrator


def may_view_catalogue(user) -> bool:
    return True


def may_edit_catalogue(user) -> bool:
    return is_administrator(user)
