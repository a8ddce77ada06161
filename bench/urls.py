"""The portal's URLs plus the bare comparison view. Used only by bench/settings.py."""

from __future__ import annotations

from django.urls import path

from emining import urls as portal
from emining.urls import handler400, handler403, handler404, handler500

from . import views

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]

urlpatterns = [
    path("bench/bare/", views.bare_projects, name="bench-bare"),
    path("bench/dashboard-uncached/", views.dashboard_uncached, name="bench-dashboard-uncached"),
    *portal.urlpatterns,
]
